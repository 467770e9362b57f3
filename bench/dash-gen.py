#!/usr/bin/env python3
"""Writes a demo folder of N WeatherXM stations (default 10,000) for
bench/dash.sh: the real weatherxm adapter replays it (DEPINCTL_DEMO=DIR).
One devices list, one timeline of 90 days per station (every station's
route answers from the same file), the RewardPool's claims(), the network
stats, and the demo's prices.

    bench/dash-gen.py SRCDIR OUTDIR [N]
"""
import json, os, shutil, sys

src, out = sys.argv[1], sys.argv[2]
n = int(sys.argv[3]) if len(sys.argv) > 3 else 10000
demo = os.path.join(src, "ui", "demo")
wx = os.path.join(out, "weatherxm")
os.makedirs(wx, exist_ok=True)
shutil.rmtree(os.path.join(out, "prices"), ignore_errors=True)
shutil.copytree(os.path.join(demo, "prices"), os.path.join(out, "prices"))

base = json.load(open(os.path.join(demo, "weatherxm", "devices.json")))
words = ["Brave", "Amber", "Wind", "Quiet", "Teal", "Storm", "Soft", "Ivory", "Frost", "Bold", "Red", "Rain"]
devices = []
for i in range(n):
    d = json.loads(json.dumps(base[i % len(base)]))
    d["id"] = "b3f2a1c0-7d1e-11ee-9c41-%012x" % i
    d["name"] = "%s %s %s %d" % (words[i % 12], words[(i // 12) % 12], words[(i // 144) % 12], i)
    d["label"] = "WXM-B-%05d" % i
    if i % 17 == 0:  # a few offline
        d["attributes"]["isActive"] = False
        d["attributes"]["lastWeatherStationActivity"] = "${iso_ago:%d}" % (7200 + i)
    devices.append(d)
json.dump(devices, open(os.path.join(wx, "devices.json"), "w"))
for f in ("timeline-1.json", "claims.json"):
    shutil.copy(os.path.join(demo, "weatherxm", f), os.path.join(wx, f))

routes = json.load(open(os.path.join(demo, "weatherxm", "routes.json")))["routes"]
keep = [r for r in routes if "/rewards/t" not in r["path"]]
timeline = {"path": "/api.weatherxm.com/api/v1/devices/*", "file": "timeline-1.json"}
# the per-station route before the stats and the RPC
routes = [keep[0], timeline] + keep[1:]
json.dump({"routes": routes}, open(os.path.join(wx, "routes.json"), "w"), indent=1)
shutil.copy(os.path.join(demo, "weatherxm", "settings"), os.path.join(wx, "settings"))
print(out)
