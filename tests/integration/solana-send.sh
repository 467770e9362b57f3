# balance / send / tx on Solana against the LiteSVM validator
# (tests/peers/solana-validator.js): every transfer is checked through the
# validator's own RPC (getBalance, getTokenAccountBalance, depinctl_stats),
# never through depinctl. Bounded: each depinctl run has --timeout, the
# whole test takes a minute or two.
. "$srcdir/tests/cli/lib.sh"
need_peers litesvm @solana/web3.js @solana/spl-token
export DEPINCTL_PASSWORD="$PW"

sv_pid=
bg_pid=
proxy_pid=
junk_pid=
cleanup() {
	exec 9>&- 2>/dev/null
	for p in $bg_pid $junk_pid $proxy_pid $sv_pid; do
		kill "$p" 2>/dev/null
	done
	wait 2>/dev/null
	rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

helper() { timeout 60 node "$srcdir/tests/integration/solana-helper.js" "$@"; }
# rpc METHOD JSON: one call to the validator; the result as JSON (exit 1
# on an error). Python's urllib: quicker to start than node.
rpc() { python3 -c 'import json,sys,urllib.request
body = json.dumps({"jsonrpc": "2.0", "id": 1, "method": sys.argv[2], "params": json.loads(sys.argv[3])}).encode()
req = urllib.request.Request(sys.argv[1], body, {"Content-Type": "application/json"})
r = json.load(urllib.request.urlopen(req, timeout=30))
if "error" in r:
    sys.exit("rpc: %s: %s" % (sys.argv[2], r["error"]))
print(json.dumps(r["result"]))' "$URL" "$@"; }
# jq PATH: a field of the JSON on stdin (a.b.0.c), printed plainly; null
# when absent.
# held JSON MINT: the amount a balance --json document shows for MINT.
held() { python3 -c 'import json,sys
print(next((b["amount"] for b in json.loads(sys.argv[1])["balances"] if b["id"] == sys.argv[2]), "none"))' "$1" "$2"; }
lamports() { rpc getBalance "[\"$1\"]" | jq value; }
tokens() { rpc getTokenAccountBalance "[\"$1\"]" | jq value.amount; }
sends() { rpc depinctl_stats '[]' | jq sends; }
landed() { rpc depinctl_stats '[]' | jq landed; }
# send ARGS...: depinctl -y send, bounded in time.
send() { run -y send --timeout 60 "$@"; }

# --- the validator, a key, a config --------------------------------------
start_validator --slot-ms 100
printf '[depinctl]\nnetwork = localnet\nkey = k\n\n[network.localnet]\nrpc = %s\n' "$URL" >"$DEPINCTL_CONFIG"
feed "$TESTJUNK\n" key import k --mnemonic
expect_rc 0 "import a key"
run --json key show k
ME=$(json_get "$out" solana)
[ -n "$ME" ]; ok $? "its Solana address ($ME)"

rpc requestAirdrop "[\"$ME\", 10000000000]" >/dev/null
is "$(lamports "$ME")" 10000000000 "airdrop 10 SOL"
run --json balance
expect_rc 0 "balance"
is "$(echo "$out" | jq balances.0.amount)" 10 "balance shows 10 SOL"
is "$(echo "$out" | jq balances.0.token)" SOL "as SOL"
run --json balance "$ME"
is "$(echo "$out" | jq address)" "$ME" "balance of an address"

# --- SOL ---------------------------------------------------------------------
BOB=$(helper newkey)
before=$(lamports "$ME")
send "$BOB" 1.5
expect_rc 0 "send 1.5 SOL"
contains "$out" confirmed "the transfer is confirmed"
is "$(lamports "$BOB")" 1500000000 "the recipient holds exactly 1.5 SOL (getBalance)"
is "$(lamports "$ME")" $((before - 1500000000 - 5000)) "the sender paid 1.5 SOL and the 5000-lamport fee, no more"
run --json tx list
is "$(echo "$out" | jq 0.status)" confirmed "the journal has it confirmed"
is "$(echo "$out" | jq 0.amount)" 1.5 "with its amount"
TXID=$(echo "$out" | jq 0.txid)
run tx status 1
expect_rc 0 "tx status of a confirmed transfer"
contains "$out" confirmed "tx status says confirmed"
run tx resend "$TXID"
expect_rc 2 "tx resend of a confirmed transfer is refused"
run -y --json send --timeout 60 --commitment finalized "$BOB" 0.01
expect_rc 0 "send --commitment finalized"
is "$(rpc getSignatureStatuses "[[\"$(echo "$out" | jq transfers.0.txid)\"]]" | jq value.0.confirmationStatus)" finalized \
	"it returns once the transaction is finalized"

# max: the whole balance of account 1 less the fee
run --account 1 --json key show k
ONE=$(json_get "$out" solana)
rpc requestAirdrop "[\"$ONE\", 1000000000]" >/dev/null
CAROL=$(helper newkey)
run --account 1 -y --json send --timeout 60 "$CAROL" max
expect_rc 0 "send max from account 1"
is "$(echo "$out" | jq transfers.0.amount)" 0.999995 "max is the balance less the fee"
is "$(lamports "$ONE")" 0 "account 1 is empty"
is "$(lamports "$CAROL")" 999995000 "the recipient got it all, exactly"

# --- refused before anything is signed --------------------------------------
s0=$(sends)
send notanaddress 1
expect_rc 2 "a malformed address is refused"
contains "$err" "not a Solana address" "the error names the address"
send 4uQeVj5tqViQh7yWWGStvkEG1Zmhx6uasJtWCJziofL 1
expect_rc 2 "an address of 31 bytes is refused"
send "$BOB" 1.0000000001
expect_rc 2 "more than 9 decimals of SOL is refused"
contains "$err" "more than 9 decimals" "the error says so"
send "$BOB" 0
expect_rc 2 "a zero amount is refused"
send "$BOB" 5000
expect_rc 1 "more SOL than the key holds is refused"
contains "$err" "insufficient funds" "the error says insufficient funds"
contains "$err" "logs: " "with the simulation's logs"
contains "$err" "insufficient lamports" "which name the shortfall"
send "$BOB" 1 --token NOPE
expect_rc 2 "an unknown token symbol is refused"
send "$BOB" 1 --token HNT
expect_rc 3 "a known mint that this network lacks is not found"
is "$(sends)" "$s0" "nothing was sent (depinctl_stats)"

# --- SPL Token ------------------------------------------------------------------
MINT=$(rpc depinctl_createMint "[{\"decimals\":6,\"mintAuthority\":\"$ME\"}]" | jq mint)
rpc depinctl_mintTo "[{\"mint\":\"$MINT\",\"owner\":\"$ME\",\"amount\":1000000000}]" >/dev/null
run --json balance
is "$(echo "$out" | jq balances.1.id)" "$MINT" "balance lists the token's mint"
is "$(echo "$out" | jq balances.1.amount)" 1000 "and its amount with the mint's 6 decimals"
is "$(echo "$out" | jq balances.1.decimals)" 6 "and the decimals"

DAVE=$(helper newkey)
DAVE_ATA=$(helper ata "$DAVE" "$MINT")
before=$(lamports "$ME")
run -y --json send --timeout 60 "$DAVE" 12.5 --token "$MINT"
expect_rc 0 "send 12.5 tokens to a wallet without a token account"
contains "$(echo "$out" | jq transfers.0.notes)" "creates the recipient's" "the summary says the account is created"
contains "$(echo "$out" | jq transfers.0.notes)" "rent 0.00203928 SOL" "and the rent it costs"
is "$(tokens "$DAVE_ATA")" 12500000 "the recipient's associated account holds exactly 12.5 (getTokenAccountBalance)"
is "$(lamports "$ME")" $((before - 2039280 - 5000)) "the sender paid the rent and the fee"
before=$(lamports "$ME")
run -y --json send --timeout 60 "$DAVE" 0.000001 --token "$MINT"
expect_rc 0 "send to a wallet that has the account"
is "$(echo "$out" | jq transfers.0.notes)" null "no account is created this time"
is "$(tokens "$DAVE_ATA")" 12500001 "it holds 12.500001"
is "$(lamports "$ME")" $((before - 5000)) "the sender paid the fee alone"
send "$DAVE_ATA" 1 --token "$MINT"
expect_rc 0 "send to a token account itself"
is "$(tokens "$DAVE_ATA")" 13500001 "it is paid into directly"
send "$DAVE" 1.0000001 --token "$MINT"
expect_rc 2 "more decimals than the mint has is refused"
contains "$err" "more than 6 decimals" "the error gives the mint's decimals"
send "$DAVE" 2000 --token "$MINT"
expect_rc 1 "more tokens than the key holds is refused"
contains "$err" "insufficient funds" "the error says insufficient funds"
PDA=$(helper pda)
send "$PDA" 1 --token "$MINT"
expect_rc 2 "tokens to an owner off the curve (a program address) are refused"
contains "$err" "program address" "the error says why"
send "$DAVE_ATA" 1
expect_rc 2 "SOL to a token account is refused"
send "$MINT" 1
expect_rc 2 "SOL to a mint is refused"
send "$MINT" 1 --token "$MINT"
expect_rc 2 "tokens to the mint itself are refused"
contains "$err" "not a wallet" "the error says it is not a wallet"

# a known symbol: the real HNT mint address, made on the local chain
HNT=hntyVP6YFm1Hg25TN9WGLqM12b8TQmcknKrdu1oxWux
rpc depinctl_createMint "[{\"decimals\":8,\"mintAuthority\":\"$ME\",\"mint\":\"$HNT\"}]" >/dev/null
rpc depinctl_mintTo "[{\"mint\":\"$HNT\",\"owner\":\"$ME\",\"amount\":\"18446744073709551615\"}]" >/dev/null
run --json balance
is "$(held "$out" "$HNT")" 184467440737.09551615 "a balance of 2^64-1 units is shown exactly"
is "$(python3 -c 'import json,sys; print([b["token"] for b in json.loads(sys.argv[1])["balances"] if b["id"] == sys.argv[2]][0])' "$out" "$HNT")" HNT "with the known symbol"
send "$DAVE" 0.00000001 --token hnt
expect_rc 0 "send --token hnt (a symbol, any case)"
is "$(tokens "$(helper ata "$DAVE" "$HNT")")" 1 "one base unit arrives"

# --- Token-2022 -------------------------------------------------------------------
T22=TokenzQdBNbLqP5VEhdkAS6EPFLC1PHnBqCXEpPxuEb
MINT22=$(rpc depinctl_createMint "[{\"decimals\":2,\"mintAuthority\":\"$ME\",\"programId\":\"$T22\"}]" | jq mint)
rpc depinctl_mintTo "[{\"mint\":\"$MINT22\",\"owner\":\"$ME\",\"amount\":50000}]" >/dev/null
ERIN=$(helper newkey)
run -y --json send --timeout 60 "$ERIN" 123.45 --token "$MINT22"
expect_rc 0 "send a Token-2022 token"
contains "$(echo "$out" | jq transfers.0.notes)" "rent 0.00207408 SOL" "its new account is 170 bytes (ImmutableOwner)"
is "$(tokens "$(helper ata "$ERIN" "$MINT22" 2022)")" 12345 "the recipient's Token-2022 account holds exactly 123.45"
run --json balance
is "$(held "$out" "$MINT22")" 376.55 "balance reads Token-2022 accounts too"
run --json balance "$ERIN"
is "$(echo "$out" | jq balances.1.id)" "$MINT22" "and the recipient's balance shows the token"

# --- priority fees, --sign-only, --dry-run ----------------------------------------
rpc depinctl_setPrioritizationFees "[{\"fees\":[$(python3 -c 'print(",".join(["5000"] * 150))')]}]" >/dev/null
s0=$(sends)
send "$BOB" 0.1 --sign-only
expect_rc 0 "--sign-only"
d=$(helper decode "$out")
ok $? "web3.js reads the signed transaction and its signature verifies"
is "$(echo "$d" | jq signers.0)" "$ME" "signed by the key"
is "$(echo "$d" | jq price)" 5000 "the unit price is the median of recent fees"
[ "$(echo "$d" | jq limit)" -gt 0 ] && [ "$(echo "$d" | jq limit)" -lt 10000 ]
ok $? "the unit limit comes from simulation plus a margin ($(echo "$d" | jq limit))"
send "$BOB" 0.1 --sign-only --priority-fee 100:2000
is "$(helper decode "$out" | jq price)" 2000 "--priority-fee MIN:MAX caps the price"
send "$BOB" 0.1 --sign-only --priority-fee 9000
is "$(helper decode "$out" | jq price)" 9000 "--priority-fee MIN lifts it"
run -y --json send --timeout 60 "$BOB" 0.1 --sign-only --priority-fee 9000
is "$(echo "$out" | jq transfers.0.fee)" 0.000005014 "the fee: 5000 + ceil(9000 x 1495 / 10^6) lamports"
is "$(sends)" "$s0" "--sign-only sends nothing"
run -y --dry-run send "$BOB" 0.1
expect_rc 0 "--dry-run"
contains "$out" "simulated ok" "it simulates"
run -y --dry-run send "$DAVE" 1 --token "$MINT"
expect_rc 0 "--dry-run of a token transfer"
is "$(sends)" "$s0" "--dry-run sends nothing"
rpc depinctl_setPrioritizationFees '[{"fees":[]}]' >/dev/null

# --- a batch --------------------------------------------------------------------------
helper batch 50 "$MINT" >"$T/batch.csv"
s0=$(sends)
run -y --json send --timeout 90 --batch "$T/batch.csv"
expect_rc 0 "a batch of 50 transfers, SOL and the token"
n=$(echo "$out" | python3 -c 'import json,sys; print(sum(t["status"] == "confirmed" for t in json.load(sys.stdin)["transfers"]))')
is "$n" 50 "all 50 confirmed"
is "$(($(sends) - s0))" 50 "50 transactions sent, one each"
helper check-batch "$URL" "$T/batch.csv" 6 >"$T/check.out"
ok $? "$(tail -n 1 "$T/check.out")"
s0=$(sends)
run -y --json send --timeout 90 --batch "$T/batch.csv"
expect_rc 0 "the same batch again"
n=$(echo "$out" | python3 -c 'import json,sys; print(sum(t["skipped"] for t in json.load(sys.stdin)["transfers"]))')
is "$n" 50 "every line is skipped: the journal has them confirmed"
is "$(sends)" "$s0" "nothing is sent again"

# killed between broadcast and confirmation: the rerun finishes the same
# transactions, never signs a line twice. Every send is held 5 s (50
# slots) on its way to the leader, rebroadcasts too.
helper batch 20 "$MINT" >"$T/kill.csv"
rpc depinctl_fault '[{"holdSends":100000,"holdSlots":50}]' >/dev/null
nsigs() { rpc depinctl_stats '[]' | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["sendsBySignature"]))'; }
s0=$(sends)
l0=$(landed)
g0=$(nsigs)
"$DEPINCTL" -y -q send --timeout 90 --batch "$T/kill.csv" >"$T/kill.out" 2>&1 &
bg_pid=$!
i=0
while [ "$(sends)" -lt $((s0 + 20)) ] && [ $i -lt 100 ]; do
	sleep 0.05
	i=$((i + 1))
done
{
	kill -9 "$bg_pid"
	wait "$bg_pid"
} 2>/dev/null
bg_pid=
[ "$(($(sends) - s0))" -ge 20 ]; ok $? "20 sent before the kill -9"

run --json tx list
n=$(echo "$out" | python3 -c 'import json,sys; print(sum(t["status"] in ("signed", "sent") for t in json.load(sys.stdin)))')
is "$n" 20 "the journal holds the 20 as signed or sent"
run -y --json send --timeout 90 --batch "$T/kill.csv"
expect_rc 0 "the rerun finishes the batch"
helper check-batch "$URL" "$T/kill.csv" 6 >"$T/check.out"
ok $? "every line paid exactly once: $(tail -n 1 "$T/check.out")"
is "$(($(nsigs) - g0))" 20 "20 signatures in all: no line was signed twice, the same bytes were rebroadcast"
sleep 5.5 # the held rebroadcasts come due: they must not land again
is "$(($(landed) - l0))" 20 "20 transactions landed, no more"
rpc depinctl_fault '[{"reset":true}]' >/dev/null

# an expired blockhash: the sends are dropped, the chain moves past the last
# valid block; then a rerun signs again and lands once
FRANK=$(helper newkey)
echo "$FRANK,0.25" >"$T/one.csv"
rpc depinctl_fault '[{"reset":true,"dropSends":1000}]' >/dev/null
s0=$(sends)
"$DEPINCTL" -y --json send --timeout 60 --batch "$T/one.csv" >"$T/exp.out" 2>"$T/exp.err" &
bg_pid=$!
i=0
while [ "$(sends)" -le "$s0" ] && [ $i -lt 100 ]; do
	sleep 0.1
	i=$((i + 1))
done
rpc depinctl_warp '[{"slots":200}]' >/dev/null
wait "$bg_pid"
rc=$?
bg_pid=
rpc depinctl_fault '[{"reset":true}]' >/dev/null
is "$rc" 1 "a transfer whose blockhash expired exits 1"
is "$(jq transfers.0.status <"$T/exp.out")" expired "its status is expired"
contains "$(cat "$T/exp.out")" "safe to send it again" "the message says it never landed"
is "$(lamports "$FRANK")" 0 "nothing reached the recipient"
EXP=$(jq transfers.0.txid <"$T/exp.out")
run tx status "$EXP"
contains "$out" expired "tx status says expired"
run tx resend "$EXP"
expect_rc 1 "tx resend of an expired transfer fails"
contains "$err" "safe to send it again" "and says sending again is safe"
run -y --json send --timeout 60 --batch "$T/one.csv"
expect_rc 0 "the rerun signs the expired line again"
[ "$(echo "$out" | jq transfers.0.txid)" != "$EXP" ]; ok $? "as a new transaction"
is "$(lamports "$FRANK")" 250000000 "which lands once"
run -y --json send --timeout 60 --batch "$T/one.csv"
is "$(echo "$out" | jq transfers.0.skipped)" true "and a third run skips it"

# a transfer that lands and fails: the sender's token account is emptied
# while the transaction is on its way (every send held 2 s)
GUS=$(helper newkey)
MY_ATA=$(helper ata "$ME" "$MINT")
rpc depinctl_fault '[{"holdSends":100000,"holdSlots":20}]' >/dev/null
s0=$(sends)
"$DEPINCTL" -y --json send --timeout 60 "$GUS" 1 --token "$MINT" >"$T/fail.out" 2>"$T/fail.err" &
bg_pid=$!
i=0
while [ "$(sends)" -le "$s0" ] && [ $i -lt 100 ]; do
	sleep 0.05
	i=$((i + 1))
done
rpc getAccountInfo "[\"$MY_ATA\", {\"encoding\": \"base64\"}]" | python3 -c 'import base64,json,sys
v = json.load(sys.stdin)["value"]
d = bytearray(base64.b64decode(v["data"][0]))
d[64:72] = bytes(8)
print(json.dumps([{"pubkey": sys.argv[1], "lamports": v["lamports"], "owner": v["owner"],
                   "data": base64.b64encode(bytes(d)).decode()}]))' "$MY_ATA" >"$T/empty.json"
rpc depinctl_setAccount "$(cat "$T/empty.json")" >/dev/null
is "$(tokens "$MY_ATA")" 0 "the sender's token account is emptied behind depinctl's back"
wait "$bg_pid"
rc=$?
bg_pid=
rpc depinctl_fault '[{"reset":true}]' >/dev/null
is "$rc" 1 "a transfer that lands and fails exits 1"
is "$(jq transfers.0.status <"$T/fail.out")" failed "its status is failed"
contains "$(jq transfers.0.error <"$T/fail.out")" "landed and failed: instruction" "the error names the failing instruction"
run tx status "$(jq transfers.0.txid <"$T/fail.out")"
contains "$out" failed "tx status says failed"
run tx resend "$(jq transfers.0.txid <"$T/fail.out")"
expect_rc 1 "tx resend of a failed transaction fails"
contains "$err" "cannot land again" "the same bytes cannot land again"

# --- replies lost, cut, corrupted, requests duplicated or delayed ------------------
# Transfers through tests/integration/fault-proxy.js in one fault mode each:
# the recipient is paid exactly once, the journal gets one entry, a failure
# names its cause, and a follow-up (tx status / resend) settles it.
mkfifo "$T/proxy.in"
node "$srcdir/tests/integration/fault-proxy.js" "$URL" <"$T/proxy.in" >"$T/proxy.out" 2>"$T/proxy.err" &
proxy_pid=$!
exec 9>"$T/proxy.in"
i=0
while [ ! -s "$T/proxy.out" ] && [ $i -lt 100 ]; do
	sleep 0.1
	i=$((i + 1))
done
PROXY=http://127.0.0.1:$(sed -n 's/^PORT //p' "$T/proxy.out")
jn() { "$DEPINCTL" --json tx list 2>/dev/null | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))'; }
jl() { "$DEPINCTL" --json tx list | python3 -c 'import json,sys; print(json.load(sys.stdin)[0][sys.argv[1]])' "$1"; }
n=0
for f in "drop-reply method=sendTransaction&count=1" "duplicate method=sendTransaction" \
	"truncate method=getSignatureStatuses&count=2" "truncate-conn method=sendTransaction&count=1" \
	"corrupt method=getLatestBlockhash&count=1" "drop method=getSignatureStatuses&count=2" "delay ms=1500"; do
	mode=${f%% *}
	q=${f#* }
	n=$((n + 1))
	to=$(node -e 'const {Keypair} = require("@solana/web3.js"); console.log(Keypair.generate().publicKey.toBase58())')
	J=$(jn)
	curl -s --max-time 5 "$PROXY/mode/$mode?$q" >/dev/null
	send "$to" 0.25 --rpc "$PROXY" --timeout 30
	first=$rc
	curl -s --max-time 5 "$PROXY/mode/pass" >/dev/null
	if [ "$first" -ne 0 ]; then
		[ -n "$err" ]; ok $? "$mode ($q): the failure is reported ($(printf '%s' "$err" | head -c 100))"
		run tx status "$(jl id)" --timeout 30
		[ "$(jl status)" = confirmed ] || run tx resend "$(jl id)" --timeout 60
	else
		ok 0 "$mode ($q): the transfer went through"
	fi
	is "$(jl status)" confirmed "$mode ($q): confirmed in the end"
	is "$(lamports "$to")" 250000000 "$mode ($q): paid exactly once (getBalance)"
	is "$(jn)" $((J + 1)) "$mode ($q): one journal entry"
done

# --- a broken RPC -------------------------------------------------------------------
run --rpc http://127.0.0.1:1 balance
expect_rc 4 "a dead RPC exits 4"
contains "$err" "127.0.0.1:1" "naming the endpoint"
send "$BOB" 1 --rpc http://127.0.0.1:1
expect_rc 4 "send through a dead RPC exits 4"
node -e 'const s = require("http").createServer((q, r) => { r.writeHead(200, {"Content-Type": "application/json"}); r.end("{\"jsonrpc\": \"2.0\", \"result\": [garbage"); });
s.listen(0, "127.0.0.1", () => console.log(s.address().port)); setTimeout(() => process.exit(0), 60000);' >"$T/junk.port" &
junk_pid=$!
i=0
while [ ! -s "$T/junk.port" ] && [ $i -lt 100 ]; do
	sleep 0.1
	i=$((i + 1))
done
run --rpc "http://127.0.0.1:$(cat "$T/junk.port")" balance
expect_rc 4 "garbage JSON from the RPC exits 4"
send "$BOB" 1 --rpc "http://127.0.0.1:$(cat "$T/junk.port")"
expect_rc 4 "and so does send"

done_testing
