# The Helium adapter's reads end to end: DAS, the Entity API and three
# oracles served by tests/fixtures/server.js from a fleet made at test time
# (helium-read-fleet.js), Helium's accounts (LazyDistributorV0, RecipientV0,
# epoch infos, laid out by Anchor's coder with Helium's IDLs) in the LiteSVM
# validator; `depinctl devices / rewards / metrics --json` checked against
# the fleet's expected figures (pending = median - total_rewards, exact);
# error shapes (oracle 500, malformed JSON, empty DAS page, hostile figures);
# 5,000 hotspots listed.
. "$srcdir/tests/cli/lib.sh"
need_peers litesvm @solana/web3.js @coral-xyz/anchor @helium/idls

sv_pid=
srv_pid=
cleanup() {
	for p in $srv_pid $sv_pid; do
		kill "$p" 2>/dev/null
	done
	wait 2>/dev/null
	rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

FLEET="$srcdir/tests/integration/helium-read-fleet.js"
OWNER=9xQeWvG816bUx9EPjHmaT23yvVM2ZWbrrpZb9PusVFin
EMPTY=11111111111111111111111111111111


# check DOC EXPECTED: compares depinctl's devices / rewards document with
# the fleet's expected.json; prints "ok" or what differs.
check() {
	python3 - "$1" "$2" <<'EOF'
import json, sys
doc = json.loads(open(sys.argv[1]).read())
exp = json.load(open(sys.argv[2]))["hotspots"]
devs = [d for d in doc.get("devices", []) if d["network"] == "helium"]
bad = []
if len(devs) != len(exp):
    bad.append("%d devices, %d expected" % (len(devs), len(exp)))
for d in devs:
    e = exp.get(d["id"])
    if not e:
        bad.append("unknown device " + d["id"]); continue
    for k in ("name", "kind", "location", "status", "onboarded"):
        if d.get(k) != e[k]:
            bad.append("%s %s: %r != %r" % (d["id"], k, d.get(k), e[k]))
    def units(lst):
        for m in lst:
            if m["token"] == "HNT":
                whole, _, frac = m["amount"].partition(".")
                return str(int(whole + (frac + "00000000")[:8]))
        return None
    if units(d["pending"]) != e["pending"]:
        bad.append("%s pending %s != %s" % (d["id"], units(d["pending"]), e["pending"]))
    if units(d["lifetime"]) != e["lifetime"]:
        bad.append("%s lifetime %s != %s" % (d["id"], units(d["lifetime"]), e["lifetime"]))
print("ok" if not bad else "; ".join(bad[:5]))
EOF
}
routes() { # routes JSON: put routes in front of the server's
	python3 -c 'import sys,urllib.request
urllib.request.urlopen(urllib.request.Request(sys.argv[1] + "/__routes", sys.argv[2].encode()), timeout=10).read()' "$SRV" "$1"
}
reset() {
	python3 -c 'import sys,urllib.request
urllib.request.urlopen(urllib.request.Request(sys.argv[1] + "/__reset", b"{}"), timeout=10).read()' "$SRV"
}

# --- the fleet, the server, the validator --------------------------------------------
timeout 60 node "$FLEET" files "$T/fleet" 12 "$OWNER"
ok $? "a fleet of 12 hotspots made"
node "$srcdir/tests/fixtures/server.js" --exit-on-stdin-close "$T/fleet" >"$T/srv.out" 2>"$T/srv.err" < <(sleep 600) &
srv_pid=$!
port=$(first_line_port "$T/srv.out" "")
[ -n "$port" ]
ok $? "the fixture server listens ($port)" || { sed 's/^/# /' "$T/srv.err"; exit 1; }
SRV="http://127.0.0.1:$port"
node "$TEST_PEERS/solana-validator.js" --port 0 --slot-ms 0 >"$T/sv.out" 2>"$T/sv.err" </dev/null &
sv_pid=$!
vport=$(first_line_port "$T/sv.out" "listening ")
[ -n "$vport" ]
ok $? "the validator listens ($vport)" || { sed 's/^/# /' "$T/sv.err"; exit 1; }
URL="http://127.0.0.1:$vport"
timeout 120 node "$FLEET" chain "$URL" "$SRV" 12
ok $? "Helium accounts loaded into the validator (Anchor's coder, Helium's IDLs)"

conf() { # conf OWNER
	printf '[network.solana]\nrpc = %s\n\n[helium]\nwallets = %s\ndas = %s/das.test/\nentity-api = %s/entities.test\n' \
		"$URL" "$1" "$SRV" "$SRV" >"$DEPINCTL_CONFIG"
}
conf "$OWNER"

# --- devices and rewards ----------------------------------------------------------------
run --json devices --network helium
expect_rc 0 "devices --network helium"
printf '%s' "$out" >"$T/devices.json"
is "$(check "$T/devices.json" "$T/fleet/expected.json")" ok \
	"12 hotspots: names, subnetworks, locations, status, onboarding, pending = median - total, lifetime"
run --json rewards --network helium
expect_rc 0 "rewards --network helium"
printf '%s' "$out" >"$T/rewards.json"
contains "$out" '"pending"' "rewards lists pending figures"
is "$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(sum(1 for x in d["devices"] if x["claimable"]))' "$T/devices.json")" 12 \
	"every hotspot with pending rewards is claimable"
log=$(python3 -c 'import json,urllib.request,sys; l=json.load(urllib.request.urlopen(sys.argv[1]+"/__log")); print(sum(1 for x in l if x["path"].endswith("/bulk-rewards")))' "$SRV")
is "$log" 6 "each of the 3 oracles asked once per refresh (devices, rewards)"

# --- metrics ------------------------------------------------------------------------------
run --json metrics helium
expect_rc 0 "metrics helium"
printf '%s' "$out" >"$T/metrics.json"
m=$(python3 - "$T/metrics.json" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
n = [x for x in d["networks"] if x["network"] == "helium"][0]
m = n["metrics"]
def v(k): return m[k]["value"]
bad = []
for k, want in (("emissions_24h", 20547.94520548), ("emissions_30d", 30 * 20547.94520548),
                ("data_credits_burned_24h", 4e9), ("data_credits_burned_30d", 1.2e11),
                ("revenue_usd_24h", 40000.0), ("revenue_usd_30d", 1.2e6),
                ("devices_total_iot", 372001), ("devices_total_mobile", 28750), ("devices_active", 8123)):
    if k not in m or abs(v(k) - want) > 1e-6 * max(1, want):
        bad.append("%s=%s" % (k, m.get(k, {}).get("value")))
if "burn_emission_ratio" not in m or abs(v("burn_emission_ratio") - 10000 / 20547.94520548) > 1e-9:
    bad.append("ratio %s" % m.get("burn_emission_ratio"))
print("ok" if not bad else " ".join(bad))
EOF
)
is "$m" ok "metrics: HNT emitted, DC burned, revenue, burn/emission ratio, hotspot counts, active devices (oracle)"

# two oracles of three answering: the upper of the two (distribute's median);
# one of three: below the half the program wants, no figure
routes '{"routes": [{"path": "/oracle3.test/bulk-rewards", "times": 1, "reply": {"currentRewards": {}}}]}'
run --json rewards --network helium
expect_rc 0 "rewards with oracle3 knowing nothing"
two=$(printf '%s' "$out" | python3 -c '
import json, sys
doc = json.load(sys.stdin); exp = json.load(open(sys.argv[1]))["hotspots"]
bad = 0
for d in doc["devices"]:
    e = exp[d["id"]]
    life = int(e["lifetime"]) + 5
    pend = int(e["pending"]) + 5
    m = [x for x in d["lifetime"] if x["token"] == "HNT"]
    p = [x for x in d["pending"] if x["token"] == "HNT"]
    amt = lambda s: int(s.split(".")[0] + (s.partition(".")[2] + "0" * 8)[:8])
    if not m or amt(m[0]["amount"]) != life or not p or amt(p[0]["amount"]) != pend:
        bad += 1
print("ok" if not bad else "%d wrong" % bad)' "$T/fleet/expected.json")
is "$two" ok "two answers of three: the upper one, exactly"
routes '{"routes": [{"path": "/oracle2.test/bulk-rewards", "times": 1, "reply": {"currentRewards": {}}}, {"path": "/oracle3.test/bulk-rewards", "times": 1, "reply": {"currentRewards": {}}}]}'
run --json rewards --network helium
expect_rc 0 "rewards with one oracle of three answering"
is "$(printf '%s' "$out" | python3 -c 'import json,sys; print(sum(len(d["pending"]) for d in json.load(sys.stdin)["devices"]))')" 0 \
	"one answer of three: no pending figure (the program would refuse to distribute)"

# IOT as well: no IOT distributor yet (HNT alone), then one with oracle3
printf 'tokens = HNT,IOT\n' >>"$DEPINCTL_CONFIG"
run --json rewards --network helium
expect_rc 0 "tokens HNT,IOT without an IOT lazy distributor"
printf '%s' "$out" >"$T/iot0.json"
is "$(check "$T/iot0.json" "$T/fleet/expected.json")" ok "HNT figures alone"
timeout 60 node "$FLEET" iot "$URL" "$SRV"
ok $? "an IOT lazy distributor loaded"
run --json rewards --network helium
expect_rc 0 "tokens HNT,IOT"
printf '%s' "$out" >"$T/iot1.json"
is "$(check "$T/iot1.json" "$T/fleet/expected.json")" ok "HNT figures unchanged"
iotok=$(python3 - "$T/iot1.json" "$T/fleet/expected.json" <<'EOF2'
import json, sys
doc = json.load(open(sys.argv[1])); exp = json.load(open(sys.argv[2]))["hotspots"]
bad = 0
for d in doc["devices"]:
    want = int(exp[d["id"]]["lifetime"]) - 3          # oracle3's figure, no recipient
    got = [m for m in d["pending"] if m["token"] == "IOT"]
    life = [m for m in d["lifetime"] if m["token"] == "IOT"]
    w, f = str(want)[:-6] or "0", str(want)[-6:].rstrip("0")
    text = w + ("." + f if f else "")
    if not got or got[0]["amount"] != text or not life or life[0]["amount"] != text:
        bad += 1
print("ok" if bad == 0 else "%d wrong" % bad)
EOF2
)
is "$iotok" ok "IOT pending and lifetime (6 decimals) for every hotspot"
conf "$OWNER"

# with the Pyth HNT price (PriceUpdateV2 loaded by the dc tests' loader: spot $5.20)
timeout 60 node "$srcdir/tests/fixtures/helium/dc/load-accounts.js" "$URL" "$OWNER" price >/dev/null
ok $? "a PriceUpdateV2 of HNT/USD loaded"
run --json metrics helium
expect_rc 0 "metrics helium with the price"
printf '%s' "$out" >"$T/metrics2.json"
m=$(python3 - "$T/metrics2.json" <<'EOF2'
import json, sys
d = json.load(open(sys.argv[1]))
n = [x for x in d["networks"] if x["network"] == "helium"][0]
m = n["metrics"]
bad = []
want = {"price_usd": 5.2, "burn_30d": 1.2e6 / 5.2, "burn_emission_ratio": 1.2e6 / 5.2 / (30 * 20547.94520548)}
for k, w in want.items():
    if k not in m or abs(m[k]["value"] - w) > 1e-9 * w:
        bad.append("%s=%s (want %s)" % (k, m.get(k, {}).get("value"), w))
print("ok" if not bad else " ".join(bad))
EOF2
)
is "$m" ok "price, HNT burned for DC at that price, burn/emission ratio"

# --- error shapes ---------------------------------------------------------------------------
routes '{"routes": [{"path": "/oracle2.test/bulk-rewards", "status": 500, "times": 1, "reply": "upstream failed"}]}'
run --json rewards --network helium
expect_rc 0 "an oracle answering 500 once: retried"
printf '%s' "$out" >"$T/retry.json"
is "$(check "$T/retry.json" "$T/fleet/expected.json")" ok "and the figures are right"
routes '{"routes": [{"path": "/oracle2.test/bulk-rewards", "status": 500, "times": 10, "reply": "upstream failed"}]}'
run --json rewards --network helium
expect_rc 4 "an oracle answering 500 every time: a network error"
contains "$err" "oracle2.test" "the error names the oracle"
contains "$err" "500" "and the status"
reset

routes '{"routes": [{"path": "/oracle3.test/bulk-rewards", "times": 1, "reply": "{\"currentRewards\": {"}]}'
run --json rewards --network helium
expect_rc 4 "an oracle answering malformed JSON: a network error"
contains "$err" "oracle3.test" "the error names the oracle"

routes '{"routes": [{"path": "/oracle1.test/bulk-rewards", "times": 1, "reply": {"currentRewards": {"x": 1, "'"$(python3 -c 'import json,sys; print(next(iter(json.load(open(sys.argv[1]))["currentRewards"])))' "$T/fleet/oracle1.json")"'": "-12"}}}]}'
run --json rewards --network helium
expect_rc 4 "an oracle answering a negative figure: refused"
contains "$err" "not an amount" "the error says the figure is not an amount"

K1=$(python3 -c 'import json,sys; print(next(iter(json.load(open(sys.argv[1]))["currentRewards"])))' "$T/fleet/oracle1.json")
routes '{"routes": [{"path": "/oracle1.test/bulk-rewards", "times": 1, "reply": "{\"currentRewards\": {\"'"$K1"'\": \"1\", \"'"$K1"'\": \"9\"}}"}]}'
run --json rewards --network helium
expect_rc 4 "an oracle answering twice about one hotspot: refused"
contains "$err" "answered twice" "the error says so"

routes '{"routes": [{"path": "/oracle1.test/bulk-rewards", "times": 1, "reply": {"rewards": []}}]}'
run --json rewards --network helium
expect_rc 4 "an oracle reply without currentRewards: refused"
contains "$err" "currentRewards" "the error says what is missing"

routes '{"routes": [{"path": "/das.test/", "rpc": "searchAssets", "times": 1, "reply": {"total": 0, "limit": 1000, "page": 1}}]}'
run --json devices --network helium
expect_rc 4 "a DAS page without items: a network error"
contains "$err" "items" "the error says what is missing"

routes '{"routes": [{"path": "/entities.test/v2/wallet/'"$OWNER"'", "times": 10, "status": 429, "reply": {"error": "rate limited"}}]}'
run --json devices --network helium
expect_rc 4 "the Entity API answering 429 every time: a network error"
contains "$err" "429" "the error gives the status"

reset
dup=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); d["items"].append(d["items"][0]); print(json.dumps({"routes": [{"path": "/das.test/", "rpc": "searchAssets", "times": 1, "reply": d}]}))' "$T/fleet/das-page-1.json")
routes "$dup"
run --json devices --network helium
expect_rc 0 "a DAS page naming a hotspot twice"
printf '%s' "$out" >"$T/dup.json"
is "$(check "$T/dup.json" "$T/fleet/expected.json")" ok "listed once, figures right"

run --json devices --network helium
expect_rc 0 "after the faults, the same figures again"
printf '%s' "$out" >"$T/devices2.json"
is "$(check "$T/devices2.json" "$T/fleet/expected.json")" ok "figures unchanged"

conf "$EMPTY"
run --json devices --network helium
expect_rc 0 "an owner with an empty DAS page"
is "$(echo "$out" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["devices"]))')" 0 "no hotspots"
conf "../v2/hotspots"
run --json devices --network helium
expect_rc 2 "a wallet that is not a Solana address: a usage error"
contains "$err" "not a Solana address" "saying so"

# --- 5,000 hotspots ----------------------------------------------------------------------------
kill "$srv_pid" 2>/dev/null
wait "$srv_pid" 2>/dev/null
rm -rf "$T/fleet"
timeout 120 node "$FLEET" files "$T/fleet" 5000 "$OWNER"
ok $? "a fleet of 5,000 hotspots made"
rm -f "$T/srv.out"
node "$srcdir/tests/fixtures/server.js" --exit-on-stdin-close "$T/fleet" >"$T/srv.out" 2>"$T/srv.err" < <(sleep 600) &
srv_pid=$!
port=$(first_line_port "$T/srv.out" "")
[ -n "$port" ]
ok $? "the fixture server serves the 5,000 ($port)" || { sed 's/^/# /' "$T/srv.err"; exit 1; }
SRV="http://127.0.0.1:$port"
timeout 300 node "$FLEET" chain "$URL" "$SRV" 5000
ok $? "3,750 recipients loaded"
conf "$OWNER"
run --json devices --network helium
expect_rc 0 "devices of 5,000 hotspots"
printf '%s' "$out" >"$T/devices5k.json"
is "$(check "$T/devices5k.json" "$T/fleet/expected.json")" ok "5,000 hotspots listed with exact pending and lifetime"
req=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print([n for n in d["networks"] if n["network"]=="helium"][0]["requests"])' "$T/devices5k.json")
# 6 DAS pages + 1 Entity API + 1 lazy distributor + 50 recipient chunks + 3 oracles x 5 batches
is "$req" 73 "73 requests for 5,000 hotspots"

done_testing
