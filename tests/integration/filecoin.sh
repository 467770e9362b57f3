# The Filecoin adapter against the fixture server (tests/fixtures/server.js
# serving tests/fixtures/filecoin: Lotus JSON-RPC replies of the real
# shapes): storage providers' power, sectors, faults, available balance,
# owner / worker / beneficiary; a wallet's FIL; the network's circulating
# supply and burnt FIL. Then the error shapes (401, 429, 500, malformed
# JSON, a JSON-RPC error, a reply of the wrong shape), each a clear error
# naming what failed, never a crash or a figure.
. "$srcdir/tests/cli/lib.sh"
srv_pid=
cleanup() {
	[ -n "$srv_pid" ] && kill "$srv_pid" 2>/dev/null
	wait 2>/dev/null
	rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP
j() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)" <"$T/out" 2>/dev/null; }

node "$srcdir/tests/fixtures/server.js" "$srcdir/tests/fixtures/filecoin" >"$T/srv.out" 2>"$T/srv.err" </dev/null &
srv_pid=$!
PORT=$(first_line_port "$T/srv.out")
[ -n "$PORT" ]
ok $? "the fixture server runs on port $PORT"
S=http://127.0.0.1:$PORT
routes() { curl -s --max-time 5 -X POST -d "$1" "$S/__routes" >/dev/null; }
reset() { curl -s --max-time 5 -X POST "$S/__reset" >/dev/null; }

WALLET=f1abjxfbp274xpdqcpuaykwkfb43omjotacm2p3za
cat >"$DEPINCTL_CONFIG" <<EOF
[filecoin]
rpc = $S/api.node.glif.io/rpc/v1
devices = f01234, f05678
wallets = $WALLET
EOF
run --json devices --network filecoin
expect_rc 0 "devices --network filecoin"
is "$(j 'len(d["devices"])')" 3 "two storage providers and a wallet"
is "$(j 'd["devices"][0]["id"]')" f01234 "f01234 first"
is "$(j 'd["devices"][0]["status"]')" degraded "3 faulty sectors: degraded"
is "$(j 'd["devices"][0]["pending"][0]["amount"]')" 1234.567890123456789012 "available balance exact to the attoFIL"
is "$(j 'd["devices"][0]["owner"]')" f0100 "owner from StateMinerInfo"
contains "$(j 'd["devices"][0]["detail"]')" "sectors 36864 live, 36861 active, 3 faulty" "sectors live, active, faulty"
contains "$(j 'd["devices"][0]["detail"]')" "QAP 11.25 PiB" "quality-adjusted power"
contains "$(j 'd["devices"][0]["detail"]')" "worker f0101; beneficiary f0103" "worker and beneficiary"
is "$(j 'd["devices"][1]["status"]')" offline "no power: offline"
is "$(j 'd["devices"][2]["detail"]')" "balance 42.5 FIL" "the wallet's FIL"
is "$(j 'd["networks"][0]["requests"]')" 11 "5 calls per provider and one per wallet"

run --json metrics --network filecoin
expect_rc 0 "metrics --network filecoin"
is "$(j 'd["networks"][0]["metrics"]["supply_circulating"]["value"]')" 663100000 "circulating supply"
is "$(j 'int(d["networks"][0]["metrics"]["burnt_total"]["value"])')" 41234567 "burnt FIL from f099"
is "$(j 'd["networks"][0]["metrics"]["chain_height"]["value"]')" 5480640 "the head's height"
contains "$out" "StateGetActor f099" "with its source"

# error shapes: each one in front of the recorded replies, then reset
shape() { # shape ROUTE-JSON EXIT TEXT NAME
	reset
	routes "{\"routes\":[$1]}"
	run --json devices --network filecoin
	expect_rc "$2" "$4: exit $2"
	contains "$out$err" "$3" "$4: says '$3'"
	is "$(j 'len(d["devices"])')" 0 "$4: no figure"
}
P='"path": "/api.node.glif.io/rpc/v1"'
shape "{$P, \"rpc\": \"Filecoin.StateMinerPower\", \"raw\": true, \"status\": 401, \"reply\": \"unauthorized\"}" 4 "401" "HTTP 401"
shape "{$P, \"rpc\": \"Filecoin.StateMinerInfo\", \"raw\": true, \"status\": 429, \"headers\": {\"Retry-After\": \"0\"}, \"reply\": \"slow down\"}" 4 "429" "HTTP 429"
shape "{$P, \"rpc\": \"Filecoin.WalletBalance\", \"raw\": true, \"status\": 500, \"reply\": \"boom\"}" 4 "500" "HTTP 500"
shape "{$P, \"rpc\": \"Filecoin.StateMinerPower\", \"raw\": true, \"reply\": \"{not json\"}" 4 "JSON" "malformed JSON"
shape "{$P, \"rpc\": \"Filecoin.StateMinerInfo\", \"error\": {\"code\": 1, \"message\": \"actor not found\"}}" 4 "actor not found" "a JSON-RPC error"
shape "{$P, \"rpc\": \"Filecoin.StateMinerAvailableBalance\", \"reply\": 12.5}" 4 "not an attoFIL amount" "a float where attoFIL should be"
shape "{$P, \"rpc\": \"Filecoin.StateMinerFaults\", \"reply\": {\"x\": 1}}" 4 "not a bitfield" "a faults reply that is no bitfield"
shape "{$P, \"rpc\": \"Filecoin.StateMinerSectorCount\", \"reply\": {}}" 4 "Live" "an empty sector count"
reset
sed -i 's/^devices = .*/devices = x01234/' "$DEPINCTL_CONFIG"
run --json devices --network filecoin
expect_rc 2 "a miner id that is no Filecoin address"
contains "$out$err" "x01234" "naming it"

done_testing
