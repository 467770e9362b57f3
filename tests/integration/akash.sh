# The Akash adapter against the fixture server (tests/fixtures/akash: the
# Console API's provider and network-capacity replies, Cosmos REST bank
# balances, distribution rewards and paged leases, of the real shapes):
# status from isOnline and uptime, leases over two pages, claimable rewards
# rounded down to the uakt, AKT held, the network's providers and GPUs.
# Then the error shapes (401, 429, 500, malformed JSON, an empty page that
# names a next one): each a clear error, never a crash or a figure.
# Also Arweave (listed.c): AR balances and /info from a gateway.
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

node "$srcdir/tests/fixtures/server.js" "$srcdir/tests/fixtures/akash" >"$T/srv.out" 2>"$T/srv.err" </dev/null &
srv_pid=$!
PORT=$(first_line_port "$T/srv.out")
[ -n "$PORT" ]
ok $? "the fixture server runs on port $PORT"
S=http://127.0.0.1:$PORT
routes() { curl -s --max-time 5 -X POST -d "$1" "$S/__routes" >/dev/null; }
reset() { curl -s --max-time 5 -X POST "$S/__reset" >/dev/null; }

P1=akash1prov0000000000000000000000000000000001
P2=akash1prov0000000000000000000000000000000002
cat >"$DEPINCTL_CONFIG" <<EOF
[akash]
console-api = $S/console-api.akash.network
rest = $S/rest.cosmos.directory/akash
devices = $P1, $P2
EOF
run --json devices --network akash
expect_rc 0 "devices --network akash"
is "$(j 'len(d["devices"])')" 2 "two providers"
is "$(j 'd["devices"][0]["status"]')" online "online, 99.86 % over 7 days"
is "$(j 'd["devices"][0]["name"]')" europlots "named"
is "$(j 'd["devices"][0]["location"]')" "Hesse, Germany" "located by the console's IP region"
is "$(j 'd["devices"][0]["pending"][0]["amount"]')" 4.321987 "rewards rounded down to the uakt"
contains "$(j 'd["devices"][0]["detail"]')" "3 active leases" "three leases over two pages"
contains "$(j 'd["devices"][0]["detail"]')" "~0.18 AKT/day" "12.5 uakt per block over 14400 blocks (the USDC lease left out)"
contains "$(j 'd["devices"][0]["detail"]')" "balance 1523.456789 AKT" "AKT held, other denoms left out"
is "$(j 'd["devices"][1]["status"]')" offline "the second is offline"
is "$(j 'd["devices"][1]["pending"]')" "[]" "with nothing claimable"
is "$(j 'd["networks"][0]["requests"]')" 9 "4 requests per provider and one more page"

run --json metrics --network akash
expect_rc 0 "metrics --network akash"
is "$(j 'd["networks"][0]["metrics"]["devices_active"]["value"]')" 71 "active providers"
is "$(j 'd["networks"][0]["metrics"]["gpus_total"]["value"]')" 508 "GPUs"

shape() { # shape ROUTE-JSON EXIT TEXT NAME
	reset
	routes "{\"routes\":[$1]}"
	run --json devices --network akash
	expect_rc "$2" "$4: exit $2"
	contains "$out$err" "$3" "$4: says '$3'"
	is "$(j 'len(d["devices"])')" 0 "$4: no figure"
}
C='/console-api.akash.network'
R='/rest.cosmos.directory/akash'
shape "{\"path\": \"$C/v1/providers/$P1\", \"status\": 401, \"reply\": {\"message\": \"unauthorized\"}}" 4 "401" "HTTP 401 from the console"
shape "{\"path\": \"$R/cosmos/bank/*\", \"status\": 429, \"headers\": {\"Retry-After\": \"0\"}, \"reply\": \"rate limited\"}" 4 "429" "HTTP 429 from the REST node"
shape "{\"path\": \"$R/akash/market/*\", \"status\": 500, \"reply\": \"boom\"}" 4 "500" "HTTP 500 on leases"
shape "{\"path\": \"$R/cosmos/distribution/*\", \"reply\": \"{\\\"total\\\": [\"}" 4 "rewards" "malformed JSON rewards"
shape "{\"path\": \"$R/akash/market/v1beta4/leases/list?filters.provider=$P1&filters.state=active&pagination.limit=100\", \"reply\": {\"leases\": [], \"pagination\": {\"next_key\": \"AAAA\"}}}" 4 "empty page" "an empty page naming a next one"
shape "{\"path\": \"$C/v1/providers/$P2\", \"reply\": {\"isOnline\": \"yes\"}}" 4 "isOnline" "a provider reply of the wrong shape"
reset
sed -i 's/^devices = .*/devices = cosmos1xyz/' "$DEPINCTL_CONFIG"
run --json devices --network akash
expect_rc 2 "an address that is not akash1..."
contains "$out$err" "cosmos1xyz" "naming it"

# --- Arweave (listed.c): a gateway's balance and /info, routes added here -----
AR1=Kj3kYyWmZ1Q2d3pX4o5n6m7l8k9j0i1h2g3f4e5d6c7
AR2=zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz
reset
routes "{\"routes\":[{\"path\": \"/arweave.net/wallet/$AR1/balance\", \"reply\": \"1234567890123456\"},
 {\"path\": \"/arweave.net/wallet/$AR2/balance\", \"reply\": \"0\"},
 {\"path\": \"/arweave.net/info\", \"reply\": {\"network\": \"arweave.N.1\", \"version\": 5, \"release\": 69, \"height\": 1523400, \"current\": \"abc\", \"blocks\": 1523401, \"peers\": 1234, \"queue_length\": 0, \"node_state_latency\": 1}}]}"
cat >>"$DEPINCTL_CONFIG" <<EOF
[arweave]
gateway = $S/arweave.net
wallets = $AR1, $AR2
EOF
sed -i 's/^devices = .*/devices = '"$P1"'/' "$DEPINCTL_CONFIG"
run --json devices --network arweave
expect_rc 0 "devices --network arweave"
is "$(j 'd["devices"][0]["detail"]')" "balance 1234.567890123456 AR" "AR from winston, exact"
is "$(j 'd["devices"][1]["detail"]')" "balance 0 AR" "an empty wallet"
run --json metrics --network arweave
expect_rc 0 "metrics --network arweave"
is "$(j 'd["networks"][0]["metrics"]["chain_height"]["value"]')" 1523400 "the height from /info"
reset
routes "{\"routes\":[{\"path\": \"/arweave.net/wallet/*\", \"reply\": \"1.5e3\"}]}"
run --json devices --network arweave
expect_rc 4 "a balance that is not winston"
contains "$out$err" "not a winston amount" "says so"
is "$(j 'len(d["devices"])')" 0 "no figure"

done_testing
