# The Storj adapter against the fixture server (tests/fixtures/storj: two
# storage nodes' dashboard APIs, /api/sno/, /api/sno/satellites and
# /api/sno/estimated-payout, of the real shapes): status from lastPinged,
# suspensions and online scores, disk and the node's payout estimates.
# Then the error shapes (401, 429, 500, malformed JSON, an empty reply,
# a reply of the wrong shape): each a clear error, never a crash or a figure.
# (The payout wallet's STORJ history is erc20history.c, tested in
# evm-networks.sh.)
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

node "$srcdir/tests/fixtures/server.js" "$srcdir/tests/fixtures/storj" >"$T/srv.out" 2>"$T/srv.err" </dev/null &
srv_pid=$!
PORT=$(first_line_port "$T/srv.out")
[ -n "$PORT" ]
ok $? "the fixture server runs on port $PORT"
S=http://127.0.0.1:$PORT
routes() { curl -s --max-time 5 -X POST -d "$1" "$S/__routes" >/dev/null; }
reset() { curl -s --max-time 5 -X POST "$S/__reset" >/dev/null; }

cat >"$DEPINCTL_CONFIG" <<EOF
[storj]
devices = $S/node-a.lan:14002, $S/node-b.lan:14002/
wallets =
EOF
run --json devices --network storj
expect_rc 0 "devices --network storj"
is "$(j 'len(d["devices"])')" 2 "two nodes"
is "$(j 'd["devices"][0]["id"]')" 12rJNFZkWDGUHWnmKSc2Ppi4LiMYWoK2WSJnEuPDsA8cuvH3QwW "named by the node id"
is "$(j 'd["devices"][0]["status"]')" online "pinged 45 s ago, scores fine: online"
is "$(j 'd["devices"][0]["owner"]')" 0x0000000000000000000000000000000000c0ffee "the node's payout wallet"
contains "$(j 'd["devices"][0]["detail"]')" "disk 5.12 / 8.00 TB" "disk used of allocated"
contains "$(j 'd["devices"][0]["detail"]')" 'est. $8.49 this month (expect $16.43)' "the node's payout estimates in dollars"
contains "$(j 'd["devices"][0]["detail"]')" "online 99.8 %" "the lowest online score"
is "$(j 'd["devices"][1]["status"]')" offline "pinged a day ago: offline"
contains "$(j 'd["devices"][1]["detail"]')" "1 satellites DQ/susp." "the suspension counted"
is "$(j 'd["devices"][0]["pending"]')" "[]" "no estimate passed off as money"

shape() { # shape ROUTE-JSON EXIT TEXT NAME
	reset
	routes "{\"routes\":[$1]}"
	run --json devices --network storj
	expect_rc "$2" "$4: exit $2"
	contains "$out$err" "$3" "$4: says '$3'"
	is "$(j 'len(d["devices"])')" 0 "$4: no figure"
}
A='/node-a.lan:14002'
shape "{\"path\": \"$A/api/sno/\", \"status\": 401, \"reply\": {\"error\": \"unauthorized\"}}" 4 "401" "HTTP 401"
shape "{\"path\": \"$A/api/sno/satellites\", \"status\": 429, \"headers\": {\"Retry-After\": \"0\"}, \"reply\": \"slow down\"}" 4 "429" "HTTP 429"
shape "{\"path\": \"$A/api/sno/estimated-payout\", \"status\": 500, \"reply\": \"boom\"}" 4 "500" "HTTP 500"
shape "{\"path\": \"$A/api/sno/\", \"reply\": \"{\\\"nodeID\\\": \"}" 4 "/api/sno/" "malformed JSON"
shape "{\"path\": \"$A/api/sno/\", \"reply\": \"\"}" 4 "/api/sno/" "an empty reply"
shape "{\"path\": \"$A/api/sno/estimated-payout\", \"reply\": {\"currentMonth\": {\"payout\": \"849\"}}}" 4 "currentMonth payout" "a payout that is a string"
shape "{\"path\": \"$A/api/sno/satellites\", \"reply\": {\"audits\": [{\"onlineScore\": 7}]}}" 4 "onlineScore" "an online score out of range"
reset
sed -i 's|^devices = .*|devices = node-a.lan:14002|' "$DEPINCTL_CONFIG"
run --json devices --network storj
expect_rc 2 "a node that is not a URL"
contains "$out$err" "node-a.lan:14002" "naming it"

done_testing
