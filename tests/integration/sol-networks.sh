# Earnings history from SPL token transfers (src/networks/soltransfers.c)
# on the LiteSVM validator: a mint at RENDER's real address, real
# transferChecked transactions into the wallet's token account (sent by a
# second key with `depinctl send`), then `devices --network render`: the
# lifetime and the daily history are the transfers' sum; a second refresh
# asks for no transaction again (the validator's own log of the methods it
# served, and the request count), a new transfer costs exactly one more.
. "$srcdir/tests/cli/lib.sh"
own_binary
need_peers litesvm
export DEPINCTL_PASSWORD="$PW"

sv_pid=
fx_pid=
cleanup() {
	for p in $fx_pid $sv_pid; do
		kill "$p" 2>/dev/null
	done
	wait 2>/dev/null
	rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

rpc() { python3 -c 'import json,sys,urllib.request
body = json.dumps({"jsonrpc": "2.0", "id": 1, "method": sys.argv[2], "params": json.loads(sys.argv[3])}).encode()
req = urllib.request.Request(sys.argv[1], body, {"Content-Type": "application/json"})
r = json.load(urllib.request.urlopen(req, timeout=30))
if "error" in r:
    sys.exit("rpc: %s: %s" % (sys.argv[2], r["error"]))
print(json.dumps(r["result"]))' "$URL" "$@"; }
served() { grep -c "solana-validator: $1\$" "$T/sv.err"; }
# field EXPR: a Python expression over the devices --json document d
field() { python3 -c 'import json,sys
d=json.loads(sys.argv[1])
dev=[x for x in d["devices"] if x.get("network") == "render"]
net=[x for x in d["networks"] if x.get("network") == "render"]
print(eval(sys.argv[2]))' "$out" "$1" 2>&1; }
devices() { timeout 60 "$DEPINCTL" --json devices --network render >"$T/out" 2>"$T/err" </dev/null; rc=$?; out=$(cat "$T/out"); err=$(cat "$T/err"); }
send() { timeout 120 "$DEPINCTL" -y --key payer send --timeout 60 "$@" >"$T/out" 2>"$T/err" </dev/null; rc=$?; out=$(cat "$T/out"); err=$(cat "$T/err"); }

start_validator --slot-ms 100 --verbose
MINT=rndrizKT3MK1iimdxRdWabcF7Zg7AR5T4nud4EkHBof
feed "$TESTJUNK\n" key import k --mnemonic
expect_rc 0 "import the wallet's key"
run --json key show k
ME=$(json_get "$out" solana)
feed "$ABANDON\n" key import payer --mnemonic
expect_rc 0 "import a payer's key"
run --json key show payer
PAYER=$(json_get "$out" solana)
printf '[depinctl]\nnetwork = localnet\n\n[network.localnet]\nrpc = %s\n\n[render]\nrpc = %s\nwallets = %s\n' \
	"$URL" "$URL" "$ME" >"$DEPINCTL_CONFIG"
rpc requestAirdrop "[\"$PAYER\", 5000000000]" >/dev/null
rpc depinctl_createMint "{\"mint\": \"$MINT\", \"decimals\": 8, \"mintAuthority\": \"$PAYER\"}" >/dev/null
rpc depinctl_mintTo "{\"mint\": \"$MINT\", \"owner\": \"$PAYER\", \"amount\": \"100000000000\"}" >/dev/null

devices
expect_rc 0 "devices before any RENDER arrived"
is "$(field 'dev[0]["detail"]')" "no RENDER token account yet" "the wallet has no RENDER account yet"

send "$ME" 1.5 --token "$MINT"
expect_rc 0 "a transfer of 1.5 RENDER into the wallet"
send "$ME" 2.25 --token "$MINT"
expect_rc 0 "a transfer of 2.25 RENDER"
ATA=$(rpc getTokenAccountsByOwner "[\"$ME\", {\"mint\": \"$MINT\"}, {\"encoding\": \"base64\"}]" | python3 -c 'import json,sys; print(json.load(sys.stdin)["value"][0]["pubkey"])')
is "$(rpc getTokenAccountBalance "[\"$ATA\"]" | python3 -c 'import json,sys; print(json.load(sys.stdin)["value"]["amount"])')" 375000000 \
	"the validator holds 3.75 RENDER in the wallet's account"

g0=$(served getTransaction)
devices
expect_rc 0 "devices --network render"
is "$(field 'dev[0]["id"]')" "$ATA" "the device is the wallet's RENDER account"
is "$(field 'dev[0]["lifetime"][0]["amount"]')" 3.75 "lifetime: 3.75 RENDER, the two transfers"
is "$(field 'dev[0]["earned"]["24h"][0]["amount"]')" 3.75 "the daily history: 3.75 RENDER earned today"
is "$(field 'dev[0]["history_days"]')" 1 "on one day"
is "$(field 'dev[0]["detail"]')" "balance 3.75 RENDER" "and the balance"
g1=$(served getTransaction)
is "$((g1 - g0))" 2 "the first refresh read both transactions"

devices
expect_rc 0 "a second refresh"
g2=$(served getTransaction)
is "$((g2 - g1))" 0 "it reads no transaction again (the cache has them)"
is "$(field 'net[0]["requests"]')" 2 "two requests: the account and the new signatures (none)"
is "$(field 'dev[0]["lifetime"][0]["amount"]')" 3.75 "the same lifetime from the cache"

send "$ME" 0.00000001 --token "$MINT"
expect_rc 0 "one more transfer of 1 base unit"
devices
g3=$(served getTransaction)
is "$((g3 - g2))" 1 "the third refresh reads exactly the new transaction"
is "$(field 'dev[0]["lifetime"][0]["amount"]')" 3.75000001 "lifetime 3.75000001: exact to the base unit"

# an outgoing transfer is not earnings
rpc requestAirdrop "[\"$ME\", 1000000000]" >/dev/null
timeout 120 "$DEPINCTL" -y --key k send --timeout 60 "$PAYER" 1 --token "$MINT" >"$T/out" 2>"$T/err" </dev/null
rc=$?
expect_rc 0 "the wallet sends 1 RENDER away"
devices
is "$(field 'dev[0]["lifetime"][0]["amount"]')" 3.75000001 "money sent away is not counted as earned"
is "$(field 'dev[0]["detail"]')" "balance 2.75000001 RENDER" "the balance falls"

# a dead RPC: a clear error, not a crash
printf '[render]\nrpc = http://127.0.0.1:9\nwallets = %s\n' "$ME" >"$DEPINCTL_CONFIG"
devices
contains "$(field 'net[0]')" "render" "a dead RPC endpoint: the network reports a failure"
contains "$out$err" "127.0.0.1:9" "naming the endpoint"

# --- recorded replies (tests/fixtures/server.js): hostile RPC replies to the
# history, io.net's device API and Hivemapper's dashcam API ------------------
FX="$srcdir/tests/fixtures"
node "$FX/server.js" "$FX/render" "$FX/ionet" "$FX/hivemapper" >"$T/fx.out" 2>"$T/fx.err" </dev/null &
fx_pid=$!
FPORT=$(first_line_port "$T/fx.out")
case $FPORT in
[0-9]*) ok 0 "the fixture server listens" ;;
*) echo "Bail out! the fixture server did not start"; exit 1 ;;
esac
F="http://127.0.0.1:$FPORT"
wallet() { grep "^$1 " "$FX/render/wallets" | cut -d' ' -f2; }
# net NETWORK CONFIG-LINES: devices --json of one network; $nerr its error
net() {
	printf '[%s]\n%b' "$1" "$2" >"$DEPINCTL_CONFIG"
	rm -f "$DEPINCTL_HOME/cache.db"
	timeout 60 "$DEPINCTL" --json devices --network "$1" >"$T/out" 2>"$T/err" </dev/null
	rc=$?
	out=$(cat "$T/out")
	err=$(cat "$T/err")
	nerr=$(python3 -c 'import json,sys
d=json.loads(sys.argv[1]); print(" ".join(e.get("error","") for e in d.get("errors",[])))' "$out" 2>/dev/null)
}
net render "rpc = $F/rpc.test\nwallets = $(wallet ok)\n"
expect_rc 0 "render over recorded replies"
is "$(field 'dev[0]["lifetime"][0]["amount"]')" 1.5 "a failed transaction's balance change is not earnings (1.5, not 9.99)"
net render "rpc = $F/rpc.test\nwallets = $(wallet nometa)\n"
expect_rc 4 "a transaction without meta: a network error"
contains "$nerr" "no meta" "saying so ($nerr)"
net render "rpc = $F/rpc.test\nwallets = $(wallet badamount)\n"
expect_rc 4 "a token amount that is not an integer ('15e7')"
contains "$nerr" "not a number" "is refused, not rounded ($nerr)"
net render "rpc = $F/rpc.test\nwallets = $(wallet notlist)\n"
contains "$nerr" "not a list" "getSignaturesForAddress answering an object: refused ($nerr)"
net render "rpc = $F/rpc.test\nwallets = $(wallet null)\n"
contains "$nerr" "not found" "a transaction the node no longer has: said so ($nerr)"
net render "rpc = $F/rpc.test\nwallets = $(wallet rpcerror)\n"
contains "$nerr" "behind" "a JSON-RPC error reaches the user ($nerr)"
is "$(field 'len(dev)')" 0 "and no wrong figure is shown"

IO_UP=6c1f5a0e-7d2b-4a5e-9b61-2f3c8d9e0a11
IO_DOWN=f2a7c6d1-9e3b-4c58-b7d4-1a0e5f8c9d44
net ionet "api = $F/api.io.solutions\ntoken = test-token\nwallets =\ndevices = $IO_UP, $IO_DOWN\n"
expect_rc 0 "io.net devices"
dev() { python3 -c 'import json,sys
m=[x for x in json.loads(sys.argv[1])["devices"] if x["id"] == sys.argv[2]]
print(m[0][sys.argv[3]] if m else "none")' "$out" "$1" "$2"; }
is "$(dev $IO_UP status)" online "a worker that is up: online"
is "$(dev $IO_UP detail)" "up, 2 x NVIDIA GeForce RTX 4090, uptime 99.2 %" "its hardware and uptime"
is "$(dev $IO_DOWN status)" offline "a worker that is down: offline"
net ionet "api = $F/api.io.solutions\ntoken = expired-token\nwallets =\ndevices = $IO_UP\n"
expect_rc 5 "an expired token (401): refused"
contains "$nerr" "token was refused" "naming the token ($nerr)"
net ionet "api = $F/api.io.solutions\nwallets =\ndevices = $IO_UP\n"
expect_rc 2 "devices without a token: a usage error"
net ionet "api = $F/api.io.solutions\ntoken = test-token\nwallets =\ndevices = rate-limited\n"
contains "$nerr" "rate-limits" "429: said so ($nerr)"
net ionet "api = $F/api.io.solutions\ntoken = test-token\nwallets =\ndevices = server-error\n"
contains "$nerr" "500" "500: said so ($nerr)"
net ionet "api = $F/api.io.solutions\ntoken = test-token\nwallets =\ndevices = malformed\n"
expect_rc 4 "malformed JSON: a network error"
net ionet "api = $F/api.io.solutions\ntoken = test-token\nwallets =\ndevices = no-data\n"
contains "$nerr" "no 'data' object" "a reply without its data object ($nerr)"
net ionet "api = $F/api.io.solutions\ntoken = test-token\nwallets =\ndevices = unknown-one\n"
expect_rc 3 "an unknown device (404): not found"
net ionet "api = $F/api.io.solutions\ntoken = test-token\nwallets =\ndevices = ../admin\n"
expect_rc 2 "a device id with a slash is refused before any request"

net hivemapper "wallets =\ndashcam = $F/cam-ok, $F/cam-nofix/, $F/cam-500, $F/cam-bad, http://127.0.0.1:9\n"
expect_rc 0 "hivemapper dashcams (two answer, three do not): the refresh still succeeds"
is "$(dev "$F/cam-ok" status)" online "a dashcam that answers: online"
is "$(dev "$F/cam-ok" location)" "37.77493,-122.41942" "at its last GPS fix"
is "$(dev "$F/cam-nofix" detail)" "firmware v5.1.23, no GPS fix" "one without a fix: no position"
is "$(dev "$F/cam-500" detail)" "local API: /api/1/info answered HTTP 500" "HTTP 500: offline, saying so"
is "$(dev "$F/cam-bad" detail)" "local API: /api/1/info: not a JSON object" "a captive portal's HTML: offline, saying so"
is "$(dev "$F/cam-bad" location)" "" "a latitude of 999 is not shown"
is "$(dev "http://127.0.0.1:9" detail)" "local API: not reachable" "an unreachable dashcam: offline"

done_testing
