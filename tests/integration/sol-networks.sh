# Earnings history from SPL token transfers (src/networks/soltransfers.c)
# on the LiteSVM validator: a mint at RENDER's real address, real
# transferChecked transactions into the wallet's token account (sent by a
# second key with `depinctl send`), then `devices --network render`: the
# lifetime and the daily history are the transfers' sum; a second refresh
# asks for no transaction again (the validator's own log of the methods it
# served, and the request count), a new transfer costs exactly one more.
. "$srcdir/tests/cli/lib.sh"
# a copy of the binary: a rebuild of the shared tree mid-test must not pull it away
cp "$DEPINCTL" "$T/depinctl-under-test" && DEPINCTL="$T/depinctl-under-test"
: "${TEST_PEERS:=$srcdir/tests/peers}"
export NODE_PATH="$TEST_PEERS/node_modules"
PEERS="$srcdir/tests/peers"
if [ ! -d "$NODE_PATH/litesvm" ]; then
	echo "Bail out! litesvm is not installed: cd tests/peers && npm install"
	exit 1
fi
export DEPINCTL_PASSWORD="$PW"

sv_pid=
cleanup() {
	[ -n "$sv_pid" ] && kill "$sv_pid" 2>/dev/null
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
is() {
	[ "$1" = "$2" ]
	local s=$?
	[ $s -ne 0 ] && echo "#   got '$1', wanted '$2'"
	ok $s "$3"
}
served() { grep -c "solana-validator: $1\$" "$T/sv.err"; }
# field EXPR: a Python expression over the devices --json document d
field() { python3 -c 'import json,sys
d=json.loads(sys.argv[1])
dev=[x for x in d["devices"] if x.get("network") == "render"]
net=[x for x in d["networks"] if x.get("network") == "render"]
print(eval(sys.argv[2]))' "$out" "$1" 2>&1; }
devices() { timeout 60 "$DEPINCTL" --json devices --network render >"$T/out" 2>"$T/err" </dev/null; rc=$?; out=$(cat "$T/out"); err=$(cat "$T/err"); }
send() { timeout 120 "$DEPINCTL" -y --key payer send --timeout 60 "$@" >"$T/out" 2>"$T/err" </dev/null; rc=$?; out=$(cat "$T/out"); err=$(cat "$T/err"); }

node "$PEERS/solana-validator.js" --port 0 --slot-ms 100 --verbose >"$T/sv.out" 2>"$T/sv.err" </dev/null &
sv_pid=$!
i=0
while [ ! -s "$T/sv.out" ] && [ $i -lt 200 ]; do
	sleep 0.1
	i=$((i + 1))
done
line=$(head -n 1 "$T/sv.out")
case $line in
"listening "[0-9]*) ok 0 "the validator listens" ;;
*)
	echo "Bail out! the validator did not start"
	exit 1
	;;
esac
URL="http://127.0.0.1:${line#listening }"
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

done_testing
