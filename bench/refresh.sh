#!/bin/sh
# A full refresh of a fleet over several networks against the fixture server
# (tests/fixtures/server.js serving the demo fleet's recorded responses,
# ui/demo): requests made, bytes, devices and wall time per network and in
# all, cold (an empty data folder: every cache filled) and warm (the caches
# filled: only what is new is read). Run by hand from the build folder:
#
#   sh bench/refresh.sh [NETWORK...]      (default: helium weatherxm filecoin
#                                          akash storj geodnet)
#
# Each network's demo `settings` become its config section with every
# https://HOST[:PORT] pointed at the server; the device and wallet lists of
# filecoin, akash, storj and geodnet are repeated SCALE times (default 4:
# some 50 devices over the six networks) to make a bigger fleet.
# Environment: DEPINCTL (default ./depinctl), srcdir (default .), SCALE,
# RUNS (warm runs averaged, default 3).
set -u
: "${DEPINCTL:=./depinctl}"
: "${srcdir:=.}"
: "${SCALE:=4}"
: "${RUNS:=3}"
NETS=${*:-helium weatherxm filecoin akash storj geodnet}
T=$(mktemp -d "${TMPDIR:-/tmp}/depinctl-bench.XXXXXX")
export DEPINCTL_HOME="$T/home" DEPINCTL_CONFIG="$T/config" HOME="$T"
srv=
cleanup() {
	[ -n "$srv" ] && kill "$srv" 2>/dev/null
	wait 2>/dev/null
	rm -rf "$T"
}
trap cleanup EXIT; [ -n "${BENCH_KEEP:-}" ] && trap "kill \$srv 2>/dev/null" EXIT
trap 'exit 1' INT TERM HUP

node "$srcdir/tests/fixtures/server.js" "$srcdir/ui/demo" >"$T/srv.out" 2>"$T/srv.err" </dev/null &
srv=$!
i=0
while [ ! -s "$T/srv.out" ] && [ $i -lt 100 ]; do
	sleep 0.1
	i=$((i + 1))
done
PORT=$(head -n 1 "$T/srv.out" | tr -dc 0-9)
[ -n "$PORT" ] || { echo "the fixture server did not start: $(cat "$T/srv.err")" >&2; exit 1; }
S=http://127.0.0.1:$PORT

: >"$DEPINCTL_CONFIG"
for n in $NETS; do
	f="$srcdir/ui/demo/$n/settings"
	[ -f "$f" ] || { echo "no demo settings for $n ($f)" >&2; exit 2; }
	echo "[$n]" >>"$DEPINCTL_CONFIG"
	"$DEPINCTL" --json networks "$n" >"$T/net.json" 2>/dev/null
	python3 - "$f" "$S" "$n" "$SCALE" "$T/net.json" >>"$DEPINCTL_CONFIG" <<'EOF'
import json, re, sys
path, s, net, scale, meta = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5]
def local(v, root):
    # https://HOST[:PORT][/PATH] -> SERVER/HOST[/PATH] (the server keeps a
    # loopback path; an RPC endpoint without a path is the host's root)
    return re.sub(r"https?://([^/:,\s]+)(:[0-9]+)?(/[^,\s]*)?",
                  lambda m: s + "/" + m.group(1) + (m.group(3) or ("/" if root else "")), v)
seen = {}
for line in open(path):
    line = line.rstrip("\n")
    if not line.strip() or line.lstrip().startswith("#"):
        continue
    k, _, v = line.partition("=")
    seen[k.strip()] = v.strip()
try:  # URL defaults of the adapter (API bases) the settings file leaves out
    for x in json.load(open(meta))["networks"][0]["settings"]:
        d = x.get("default")
        if x["key"] not in seen and isinstance(d, str) and re.match(r"https?://", d):
            seen[x["key"]] = d
except (OSError, ValueError, KeyError, IndexError):
    pass
if net == "helium" and "oracle-url" not in seen:
    # the oracles' URLs come from the lazy distributor account: point them here
    seen["oracle-url"] = "https://hnt-rewards.oracle.helium.io"
for k, v in seen.items():
    v = local(v, k == "rpc")
    if net in ("filecoin", "akash", "storj", "geodnet") and k in ("devices", "wallets") and v:
        items = [x.strip() for x in v.split(",") if x.strip()] * scale
        while len(", ".join(items)) > 180:  # config lines are short
            items.pop()
        v = ", ".join(items)
    if v:
        print("%s = %s" % (k, v))
EOF
done

now_ms() { python3 -c 'import time; print(int(time.time() * 1000))'; }
refresh() { # refresh OUT: one full refresh of every network, --json to OUT
	a=$(now_ms)
	"$DEPINCTL" --json devices >"$1" 2>"$1.err"
	[ -n "${BENCH_VERBOSE:-}" ] && python3 -c "import json,sys; [print(\"#\", e) for e in json.load(open(sys.argv[1])).get(\"errors\", [])]" "$1" >&2
	rc=$?
	b=$(now_ms)
	echo $((b - a))
	return $rc
}
report() { # report JSON MS LABEL
	python3 - "$1" "$2" "$3" $NETS <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
ms, label, chosen = int(sys.argv[2]), sys.argv[3], sys.argv[4:]
nets = [n for n in d["networks"] if n["network"] in chosen]
print("%s: %d devices over %d networks, %d requests, %d bytes, %d ms" % (
    label, sum(n["devices"] for n in nets), len(nets), sum(n["requests"] for n in nets),
    sum(n["bytes"] for n in nets), ms))
for n in nets:
    print("  %-12s %4d devices %5d requests %9d bytes %s" % (n["network"], n["devices"], n["requests"], n["bytes"],
                                                          "ok" if n["ok"] else "FAILED"))
for e in d.get("errors", []):
    if e["network"] in chosen:
        print("  error: %s" % e["error"])
EOF
}

ms=$(refresh "$T/cold.json") || { echo "(some networks failed)"; [ -s "$T/cold.json" ] || { cat "$T/cold.json.err"; exit 1; }; }
report "$T/cold.json" "$ms" "cold (empty caches)"
total=0
k=1
while [ $k -le "$RUNS" ]; do
	ms=$(refresh "$T/warm.json")
	total=$((total + ms))
	k=$((k + 1))
done
report "$T/warm.json" $((total / RUNS)) "warm (caches filled), mean of $RUNS"
