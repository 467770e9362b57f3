#!/usr/bin/env bash
# Time and requests to list N hotspots (default 5,000) of one wallet with
# their pending rewards (run by hand: bench/helium-list.sh [N] [RUNS]).
# DAS, the Entity API and three oracles are served by
# tests/fixtures/server.js from a fleet made by
# tests/integration/helium-read-fleet.js; the lazy distributor and the
# recipients are in the LiteSVM validator. Prints the wall time of each
# `depinctl devices --network helium --json` and the requests / bytes the
# adapter counted (net_result.requests).
# Needs: a built tree and tests/peers installed.
set -eu
cd "$(dirname "$0")/.."
N=${1:-5000}
RUNS=${2:-5}
export NODE_PATH=$PWD/tests/peers/node_modules
W=$(mktemp -d)
pids=
trap 'for p in $pids; do kill $p 2>/dev/null || true; done; rm -rf "$W"' EXIT
OWNER=9xQeWvG816bUx9EPjHmaT23yvVM2ZWbrrpZb9PusVFin
port() { for _ in $(seq 300); do [ -s "$1" ] && break; sleep 0.1; done; head -n 1 "$1" | sed 's/^listening //'; }

node tests/integration/helium-read-fleet.js files "$W/fleet" "$N" "$OWNER"
node tests/fixtures/server.js "$W/fleet" >"$W/srv.out" 2>/dev/null </dev/null &
pids="$pids $!"
node tests/peers/solana-validator.js --port 0 --slot-ms 0 >"$W/sv.out" 2>/dev/null </dev/null &
pids="$pids $!"
SRV=http://127.0.0.1:$(port "$W/srv.out")
RPC=http://127.0.0.1:$(port "$W/sv.out")
node tests/integration/helium-read-fleet.js chain "$RPC" "$SRV" "$N"
printf '[network.solana]\nrpc = %s\n\n[helium]\nwallets = %s\ndas = %s/das.test/\nentity-api = %s/entities.test\n' \
	"$RPC" "$OWNER" "$SRV" "$SRV" >"$W/config"
export DEPINCTL_HOME="$W/home" DEPINCTL_CONFIG="$W/config"
echo "== $N hotspots, $RUNS runs of depinctl devices --network helium --json"
for i in $(seq "$RUNS"); do
	TIMEFORMAT='%R %U %S'
	{ time ./depinctl --json devices --network helium >"$W/out.json" 2>"$W/err"; } 2>"$W/time"
	python3 - "$W/out.json" $(tail -n 1 "$W/time") <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
n = [x for x in d["networks"] if x["network"] == "helium"][0]
pend = sum(1 for x in d["devices"] if x["pending"])
print("%s s wall, %.2f s CPU  devices %d (with pending %d)  requests %d  bytes %d" %
      (sys.argv[2], float(sys.argv[3]) + float(sys.argv[4]), n["devices"], pend, n["requests"], n["bytes"]))
PY
done
