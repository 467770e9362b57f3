# balance / send / tx on EVM against anvil (tests/peers/start-anvil.sh),
# every payment checked through cast (never through depinctl): ETH and an
# ERC-20 (tests/contracts/TestToken.sol, deployed with cast), batches,
# kill -9 in the middle of a batch and between broadcast and confirmation
# (every line paid exactly once), a transaction that reverts when mined,
# the refused cases, --dry-run and --sign-only, and RPC faults through
# tests/integration/fault-proxy.js (429, garbage, a timeout, a node that
# dies after the broadcast; replies lost, cut, corrupted, requests duplicated
# or delayed at chosen methods). Bounded: every depinctl run has --timeout,
# every wait has a limit; the whole test takes some 40 seconds.
. "$srcdir/tests/cli/lib.sh"
need_cast
export DEPINCTL_PASSWORD="$PW"

anvil_pid=
legacy_pid=
proxy_pid=
bg_pid=
cleanup() {
	exec 9>&- 2>/dev/null
	for p in $bg_pid $proxy_pid $legacy_pid $anvil_pid; do
		kill "$p" 2>/dev/null
	done
	wait 2>/dev/null
	rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

cast() { timeout 30 "$CAST" "$@"; }
bal() { cast balance --rpc-url "$URL" "$1"; }
tbal() { cast call --rpc-url "$URL" "$TOKEN" 'balanceOf(address)(uint256)' "$1" | cut -d' ' -f1; }
nonce() { cast nonce --rpc-url "$URL" "$A0"; }
rpc() { cast rpc --rpc-url "$URL" "$@" >/dev/null; }
send() { run -y send --timeout 60 "$@"; }
# jcount [NETWORK [STATUS]]: journal entries (of a network, with a status).
jcount() {
	"$DEPINCTL" --json tx list 2>/dev/null | python3 -c 'import json,sys
a=sys.argv[1:]
print(sum(1 for t in json.load(sys.stdin) if (len(a)<1 or t["network"]==a[0]) and (len(a)<2 or t["status"]==a[1])))' "$@"
}
# jlast FIELD: a field of the newest journal entry.
jlast() { "$DEPINCTL" --json tx list | python3 -c 'import json,sys; print(json.load(sys.stdin)[0][sys.argv[1]])' "$1"; }
# wait_count N NETWORK STATUS: until the journal holds N such entries (20 s).
wait_count() {
	local i=0
	while [ "$(jcount "$2" "$3")" -lt "$1" ] && [ $i -lt 200 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	[ "$(jcount "$2" "$3")" -ge "$1" ]
}
# bgsend OUT ARGS...: depinctl -y ARGS in the background.
bgsend() {
	local out=$1
	shift
	"$DEPINCTL" -y "$@" >"$T/$out.out" 2>"$T/$out.err" </dev/null &
	bg_pid=$!
}
# kill9: kill -9 the background depinctl (quietly: no "Killed" from the shell).
kill9() {
	{
		kill -9 "$bg_pid"
		wait "$bg_pid"
	} 2>/dev/null
	bg_pid=
}
# genbatch FILE EXPECT TAG N: N batch lines, odd ones ETH (some with an
# explicit ",ETH"), even ones TestToken, two lines per recipient (fresh
# addresses 0xTAG...); EXPECT gets "address wei token-units" per recipient.
genbatch() {
	python3 - "$@" "$TOKEN" <<'EOF'
import sys
from decimal import Decimal
path, expect, tag, n, token = sys.argv[1], sys.argv[2], int(sys.argv[3], 16), int(sys.argv[4]), sys.argv[5]
want = {}
with open(path, "w") as f:
    f.write("# depinctl evm-send.sh batch\n")
    for i in range(1, n + 1):
        to = "0x%04x%036x" % (tag, (i + 1) // 2)
        w = want.setdefault(to, [0, 0])
        if i % 2:
            wei = i * 10**13 + 7
            w[0] += wei
            f.write("%s,%s%s\n" % (to, format(Decimal(wei).scaleb(-18), "f"), ",ETH" if i % 4 == 1 else ""))
        else:
            units = i * 1000 + 1
            w[1] += units
            f.write("%s, %s, %s\n" % (to, format(Decimal(units).scaleb(-6), "f"), token))
with open(expect, "w") as f:
    for to, (wei, units) in want.items():
        f.write("%s %d %d\n" % (to, wei, units))
EOF
}
# check_expected EXPECT NAME: every recipient holds exactly what EXPECT says.
check_expected() {
	local bad=0 to wei units
	while read -r to wei units; do
		got=$(bal "$to")
		[ "$got" = "$wei" ] || { echo "#   $to holds $got wei, wanted $wei"; bad=$((bad + 1)); }
		got=$(tbal "$to")
		[ "$got" = "$units" ] || { echo "#   $to holds $got token units, wanted $units"; bad=$((bad + 1)); }
	done <"$1"
	ok $bad "$2"
}

# --- anvil, the proxy, a key, a config -------------------------------------
sh "$PEERS/start-anvil.sh" >"$T/anvil.out" 2>"$T/anvil.err" </dev/null &
anvil_pid=$!
i=0
while [ ! -s "$T/anvil.out" ] && [ $i -lt 300 ]; do
	sleep 0.1
	i=$((i + 1))
done
URL=$(head -n 1 "$T/anvil.out")
case $URL in
http://127.0.0.1:[0-9]*) ok 0 "anvil runs at $URL" ;;
*)
	echo "Bail out! anvil did not start: $(cat "$T/anvil.err")"
	exit 1
	;;
esac
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
ctl() { curl -s --max-time 5 "$PROXY/mode/$1" >/dev/null; }
faults() { curl -s --max-time 5 "$PROXY/stats" | python3 -c 'import json,sys; print(json.load(sys.stdin)["faults"])'; }
ctl pass
ok $? "the fault proxy runs at $PROXY"

A0=0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266
A1=0x70997970C51812dc3A010C7d01b50e0d17dc79C8
feed "$TESTJUNK\n" key import junk --mnemonic
expect_rc 0 "import the anvil mnemonic"
cat >"$DEPINCTL_CONFIG" <<EOF
[depinctl]
key = junk
[network.anvil]
rpc = $URL
[network.px]
family = evm
chain-id = 31337
rpc = $PROXY
[network.pxfail]
family = evm
chain-id = 31337
rpc = $PROXY, $URL
[network.wrong]
family = evm
chain-id = 1
rpc = $URL
EOF

# --- balance and a plain ETH transfer -----------------------------------------
run --network anvil balance junk
expect_rc 0 "balance of the key"
contains "$out" "$A0" "it shows the key's EVM address"
contains "$out" "10000" "and the 10000 ETH anvil gives it"
run --network anvil --json balance "$A1"
expect_rc 0 "balance of an address, --json"
is "$(json_get "$out" balances.0.token):$(json_get "$out" balances.0.amount)" "ETH:10000" "10000 ETH, exact decimal"

R1=0x00000000000000000000000000000000000a0001
send --network anvil "$R1" 1.5
expect_rc 0 "send 1.5 ETH"
contains "$out" "confirmed" "it is confirmed"
is "$(bal "$R1")" 1500000000000000000 "the recipient holds exactly 1.5 ETH (cast balance)"
TX1=$(jlast txid)
field() { python3 -c 'import json,sys; print(json.load(sys.stdin)[sys.argv[1]])' "$1"; }
is "$(cast receipt --rpc-url "$URL" "$TX1" --json 2>/dev/null | field status)" 0x1 "the journaled txid is a successful transaction on the node"
is "$(cast tx --rpc-url "$URL" "$TX1" --json 2>/dev/null | field type)" 0x2 "an EIP-1559 (type 2) transaction"
run tx status 1
expect_rc 0 "tx status 1"
contains "$out" "confirmed" "tx status says confirmed"

# --- the ERC-20 -----------------------------------------------------------------
BYTECODE=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["bytecode"])' "$srcdir/tests/fixtures/contracts/TestToken.json")
K0=0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80
TOKEN=$(cast send --rpc-url "$URL" --private-key "$K0" --json --create "$BYTECODE" \
	"constructor(string,string,uint8,uint256)" "depinctl Test Token" DTT 6 1000000000000000 2>"$T/cast.err" |
	python3 -c 'import json,sys; print(json.load(sys.stdin)["contractAddress"])')
case $TOKEN in 0x*) ok 0 "cast deploys TestToken at $TOKEN" ;; *) ok 1 "cast deploys TestToken"; cat "$T/cast.err" ;; esac
R2=0x00000000000000000000000000000000000a0002
send --network anvil "$R2" 12.345678 --token "$TOKEN"
expect_rc 0 "send 12.345678 DTT by contract address"
contains "$err" "symbol and decimals read from the contract" "the summary says the token is not a known one"
contains "$err" "12.345678 DTT" "and shows the contract's symbol"
is "$(tbal "$R2")" 12345678 "balanceOf(recipient) is exactly 12345678 units (cast call)"

# --- refused before anything is signed ----------------------------------------
N0=$(nonce)
J0=$(jcount)
send --network anvil 0x70997970c51812dc3A010C7d01b50e0d17dc79C8 1
expect_rc 2 "a mixed-case address with a bad EIP-55 checksum is refused"
contains "$err" "checksum" "the error says checksum"
send --network anvil "$R2" 1.2345678 --token "$TOKEN"
expect_rc 2 "7 decimals for a 6-decimal token are refused"
contains "$err" "more than 6 decimals" "the error says so"
send --network anvil "$R2" 0.0000000000000000001
expect_rc 2 "19 decimals of ETH are refused"
send --network anvil "$R2" 1000000
expect_rc 1 "more ETH than the account holds is refused"
contains "$err" "insufficient funds" "the error says insufficient funds"
send --network anvil "$R2" 2000000000 --token "$TOKEN"
expect_rc 1 "a token transfer the contract would revert is refused"
contains "$err" "TestToken: insufficient balance" "with the contract's decoded revert reason"
send --network anvil "$R2" 1 --token DTT
expect_rc 2 "a symbol that is not known on the network is refused"
contains "$err" "give its contract address" "the error says what to give instead"
send --network anvil 0x0000000000000000000000000000000000000000 1
expect_rc 2 "the zero address is refused"
run --network wrong balance junk
expect_rc 5 "a node whose chain id is not the network's is refused"
contains "$err" "chain id 31337" "the error names the node's chain id"
contains "$err" "chain id 1:" "and the network's"
is "$(nonce):$(jcount)" "$N0:$J0" "none of them signed or journaled anything"

# --- --dry-run and --sign-only -------------------------------------------------
R3=0x00000000000000000000000000000000000a0003
send --network anvil --dry-run "$R3" 2
expect_rc 0 "--dry-run of an ETH transfer"
contains "$out" "simulated ok" "it simulates"
send --network anvil --dry-run "$R3" 3 --token "$TOKEN"
expect_rc 0 "--dry-run of a token transfer"
is "$(nonce):$(jcount):$(bal "$R3"):$(tbal "$R3")" "$N0:$J0:0:0" "--dry-run signs, sends and journals nothing"
send --network anvil --sign-only "$R3" 0.25
expect_rc 0 "--sign-only"
case $out in 0x02*) ok 0 "prints a type-2 raw transaction in hex" ;; *) ok 1 "prints a raw transaction in hex" ;; esac
RAW=$out
cast decode-transaction "$RAW" >"$T/decoded" 2>&1
grep -qi "signer.*$A0" "$T/decoded"
ok $? "cast decode-transaction recovers the key's address as the signer"
is "$(nonce):$(jcount):$(bal "$R3")" "$N0:$J0:0" "--sign-only sends and journals nothing"
cast publish --rpc-url "$URL" "$RAW" >/dev/null 2>"$T/cast.err"
ok $? "cast publish accepts the signed transaction"
sleep 0.3
is "$(bal "$R3")" 250000000000000000 "and it pays 0.25 ETH"

# --- a batch of 50, ETH and the token ------------------------------------------
genbatch "$T/b50.csv" "$T/b50.want" b050 50
send --network anvil --batch "$T/b50.csv"
expect_rc 0 "send --batch of 50 lines, ETH and DTT"
is "$(printf '%s\n' "$out" | grep -c ' confirmed ')" 50 "50 transfers confirmed"
check_expected "$T/b50.want" "every recipient holds exactly what the batch sent (cast)"
N1=$(nonce)
send --network anvil --batch "$T/b50.csv"
expect_rc 0 "the same batch again"
is "$(printf '%s\n' "$out" | grep -c '(already sent)')" 50 "every line is skipped as already sent"
is "$(nonce)" "$N1" "nothing new was signed"
check_expected "$T/b50.want" "and no one was paid twice"

# --- kill -9 after journaling, before the broadcast ------------------------------
genbatch "$T/k10.csv" "$T/k10.want" c010 10
genbatch "$T/k30.csv" "$T/k30.want" c010 30
genbatch "$T/k36.csv" "$T/k36.want" c010 36
send --network px --batch "$T/k10.csv"
expect_rc 0 "the first 10 lines of a batch, through the proxy"
ctl hold-send
bgsend k30 --network px send --timeout 60 --batch "$T/k30.csv"
wait_count 20 px signed
ok $? "with broadcasts held, the 20 further lines are journaled as signed"
kill9
ctl pass
SIGNED=$("$DEPINCTL" --json tx list | python3 -c 'import json,sys; print(" ".join(sorted(t["txid"] for t in json.load(sys.stdin) if t["status"] == "signed")))')
send --network px --batch "$T/k36.csv"
expect_rc 0 "after kill -9, the batch with 6 more lines runs to the end"
is "$(printf '%s\n' "$out" | grep -c '(already sent)')" 10 "the 10 confirmed lines are skipped"
RESUMED=0
for h in $SIGNED; do
	case $out in *"$h  confirmed"*) RESUMED=$((RESUMED + 1)) ;; esac
done
is "$RESUMED" 20 "the 20 signed lines are confirmed under the very txids journaled before the kill"
is "$(jcount px)" 36 "36 journal entries for 36 lines: nothing was signed twice"
check_expected "$T/k36.want" "every recipient was paid exactly once (cast)"

# --- kill -9 between broadcast and confirmation ----------------------------------
genbatch "$T/l20.csv" "$T/l20.want" d020 20
rpc evm_setAutomine false
S0=$(jcount anvil sent)
bgsend l20 --network anvil send --timeout 60 --batch "$T/l20.csv"
wait_count $((S0 + 20)) anvil sent
ok $? "with mining off, the batch's 20 transactions are broadcast (sent)"
kill9
# the node loses three of them, then mines what it has
for h in $("$DEPINCTL" --json tx list | python3 -c 'import json,sys
s=[t["txid"] for t in json.load(sys.stdin) if t["status"] == "sent"]
print(" ".join([s[0], s[7], s[13]]))'); do
	rpc anvil_dropTransaction "$h"
done
rpc evm_mine
rpc evm_setAutomine true
J1=$(jcount anvil)
send --network anvil --batch "$T/l20.csv"
expect_rc 0 "the batch again: mined lines confirmed, lost ones rebroadcast"
is "$(printf '%s\n' "$out" | grep -c ' confirmed ')" 20 "all 20 confirmed"
is "$(jcount anvil)" "$J1" "no line was signed again"
check_expected "$T/l20.want" "every recipient was paid exactly once (cast)"

# --- the journal: kill after broadcast, finish with tx resend ----------------------
R9=0x00000000000000000000000000000000000a0009
rpc evm_setAutomine false
S0=$(jcount anvil sent)
bgsend one --network anvil send --timeout 60 "$R9" 0.777
wait_count $((S0 + 1)) anvil sent
ok $? "a single transfer is broadcast"
kill9
ID=$(jlast id)
HASH=$(jlast txid)
rpc anvil_dropTransaction "$HASH"
rpc evm_setAutomine true
run tx status "$ID"
expect_rc 0 "tx status of the lost transaction"
contains "$out" "does not know it" "says the node does not know it"
run tx resend "$ID" --timeout 60
expect_rc 0 "tx resend rebroadcasts its bytes and waits"
contains "$out" "confirmed" "it is confirmed"
is "$(jlast txid)" "$HASH" "under the same txid"
is "$(bal "$R9")" 777000000000000000 "the recipient got 0.777 ETH exactly once"
run tx resend "$ID"
expect_rc 2 "resending a confirmed transaction is refused"

# --- replaced: another transaction took a journaled one's nonce -----------------
# (the account's nonce is used and the journaled txid has no receipt: expired,
# and only after that held for a while, since a node can show the nonce first)
R8=0x00000000000000000000000000000000000a0008
ctl hold-send
G0=$(jcount px signed)
bgsend rep --network px send --timeout 60 "$R8" 0.25
wait_count $((G0 + 1)) px signed
ok $? "a transfer is journaled as signed, its broadcast held by the proxy"
kill9
ID=$(jlast id)
N=$(nonce)
cast send --rpc-url "$URL" --private-key "$K0" --nonce "$N" "$A1" --value 1 >/dev/null 2>&1
ok $? "another transaction takes its nonce $N (cast, straight to anvil)"
ctl pass
run tx status "$ID"
expect_rc 0 "tx status of the replaced transaction"
contains "$out" "was used by another transaction" "says its nonce was used by another transaction"
is "$(jlast status)" expired "the journal records it as expired"
is "$(bal "$R8")" 0 "its recipient got nothing"

# --- a node that shows the nonce before the receipt --------------------------------
# (the proxy answers the receipt as null six times: three rounds of polls
# that see the account's nonce used; the transfer is not taken as replaced)
R7=0x00000000000000000000000000000000000a0007
ctl "null-result?method=eth_getTransactionReceipt&count=6"
send --network px "$R7" 0.125
expect_rc 0 "a transfer whose receipt the node withholds at first"
contains "$out" "confirmed" "is confirmed, not taken as replaced"
is "$(faults)" 6 "the proxy did answer six receipt requests with null"
is "$(bal "$R7")" 125000000000000000 "the recipient got 0.125 ETH"
ctl pass

# --- judged replaced, landed after all: a rerun pays nothing twice ---------------
# (receipts withheld past the 5 s the wallet waits: the lines are journaled as
# expired though they landed; the rerun finds their receipts before signing)
genbatch "$T/r2.csv" "$T/r2.want" e002 2
E0=$(jcount px expired)
ctl "null-result?method=eth_getTransactionReceipt&count=100000"
send --network px --batch "$T/r2.csv"
contains "$out" "was used by another transaction" "with the receipts withheld, the lines are judged replaced"
is "$(jcount px expired)" $((E0 + 2)) "and both journaled as expired"
ctl pass
J2=$(jcount px)
send --network px --batch "$T/r2.csv"
expect_rc 0 "the rerun of the batch"
is "$(jcount px)" "$J2" "signs nothing new: the expired attempts are found landed"
check_expected "$T/r2.want" "every recipient was paid exactly once (cast)"

# --- a transfer that reverts when mined ----------------------------------------
SLOT=$(cast index address "$A0" 3)
HELD=$(cast storage --rpc-url "$URL" "$TOKEN" "$SLOT")
rpc evm_setAutomine false
S0=$(jcount anvil sent)
bgsend rev --network anvil send --timeout 60 0x00000000000000000000000000000000000a000a 5 --token "$TOKEN"
wait_count $((S0 + 1)) anvil sent
ok $? "a token transfer is broadcast"
# the sender's balance goes to zero before it is mined
rpc anvil_setStorageAt "$TOKEN" "$SLOT" 0x0000000000000000000000000000000000000000000000000000000000000000
rpc evm_mine
rpc evm_setAutomine true
wait "$bg_pid"
rc=$?
bg_pid=
is "$rc" 1 "depinctl exits 1 for a transaction that reverted"
contains "$(cat "$T/rev.out" "$T/rev.err")" "TestToken: insufficient balance" "with the revert reason, replayed at its block"
is "$(jlast status)" failed "the journal records it as failed"
contains "$(jlast error)" "TestToken: insufficient balance" "with the reason"
rpc anvil_setStorageAt "$TOKEN" "$SLOT" "$HELD"

# --- RPC faults ------------------------------------------------------------------
ctl 429-once
run --network px balance junk --timeout 30
expect_rc 0 "an RPC that answers 429 once: balance after the wait it asks for"
is "$(faults)" 1 "the proxy did answer 429"
ctl garbage
J2=$(jcount)
N2=$(nonce)
run --network px balance junk
expect_rc 4 "an RPC answering garbage: exit 4"
contains "$err" "not JSON" "the error says the reply is not JSON"
contains "$err" "$PROXY" "and names the endpoint"
send --network px "$R1" 1
expect_rc 4 "send through a garbage RPC: exit 4"
is "$(jcount):$(nonce)" "$J2:$N2" "nothing was signed"
ctl hang-once
run --network pxfail balance junk
expect_rc 0 "an RPC that times out: the next URL of the network answers"
is "$(faults)" 1 "the proxy did hold the request"
ctl die-after-send
R8=0x00000000000000000000000000000000000a0008
send --network px "$R8" 0.5
expect_rc 4 "the RPC dies between broadcast and receipt: exit 4"
contains "$err" "tx status" "the error says how to follow up"
is "$(jlast status)" sent "the journal holds it as sent"
ctl pass
run tx resend "$(jlast id)" --timeout 60
expect_rc 0 "tx resend once the RPC is back"
contains "$out" "confirmed" "confirmed"
is "$(bal "$R8")" 500000000000000000 "paid exactly once"

# --- replies lost, cut, corrupted, requests duplicated or delayed ------------------
# Each transfer through the proxy in one fault mode, touching one method:
# whatever the outcome, the recipient is paid exactly once, the journal gets
# exactly one entry, a failure names its cause, and a follow-up settles it.
fault_round() { # fault_round MODE QUERY RECIPIENT
	local J N
	J=$(jcount)
	N=$(nonce)
	curl -s --max-time 5 "$PROXY/mode/$1?$2" >/dev/null
	send --network px "$3" 0.25 --timeout 20
	local first=$rc
	ctl pass
	if [ "$first" -ne 0 ]; then
		[ -n "$err" ]; ok $? "$1 ($2): the failure is reported ($(printf '%s' "$err" | head -c 100))"
		run tx status "$(jlast id)" --timeout 30
		[ "$(jlast status)" = confirmed ] || run tx resend "$(jlast id)" --timeout 60
	else
		ok 0 "$1 ($2): the transfer went through"
	fi
	is "$(jlast status)" confirmed "$1 ($2): confirmed in the end"
	is "$(bal "$3")" 250000000000000000 "$1 ($2): paid exactly once"
	is "$(jcount)" $((J + 1)) "$1 ($2): one journal entry"
	is "$(nonce)" $((N + 1)) "$1 ($2): one nonce used"
}
fault_round drop-reply "method=eth_sendRawTransaction&count=1" 0x00000000000000000000000000000000000a0101
fault_round duplicate "method=eth_sendRawTransaction" 0x00000000000000000000000000000000000a0102
fault_round truncate "method=eth_getTransactionReceipt&count=2" 0x00000000000000000000000000000000000a0103
fault_round truncate-conn "method=eth_sendRawTransaction&count=1" 0x00000000000000000000000000000000000a0104
fault_round corrupt "method=eth_getTransactionReceipt&count=1" 0x00000000000000000000000000000000000a0105
fault_round drop "method=eth_getTransactionReceipt&count=2" 0x00000000000000000000000000000000000a0106
fault_round delay "ms=1500" 0x00000000000000000000000000000000000a0107

# --- "max" and tx list -------------------------------------------------------------
RM=0x00000000000000000000000000000000000a000b
run --account 1 --network anvil --json balance junk
HAD=$(json_get "$out" balances.0.amount)
send --account 1 --network anvil "$RM" max
expect_rc 0 "send max ETH from account 1"
LEFT=$(bal "$A1")
GOT=$(bal "$RM")
python3 -c 'import sys; from decimal import Decimal as D
had, got, left = D(sys.argv[1]) * 10**18, int(sys.argv[2]), int(sys.argv[3])
sys.exit(0 if got > had - 10**16 and got + left < had and left < 10**16 else 1)' "$HAD" "$GOT" "$LEFT"
ok $? "the recipient got all but the fees ($GOT wei; $LEFT left)"
run --json tx list
expect_rc 0 "tx list --json"
is "$(printf '%s' "$out" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')" "$(jcount)" "lists every journaled transaction"

# --- a chain without EIP-1559: legacy EIP-155 transactions at eth_gasPrice -----------
sh "$PEERS/start-anvil.sh" --hardfork berlin >"$T/legacy.out" 2>"$T/legacy.err" </dev/null &
legacy_pid=$!
i=0
while [ ! -s "$T/legacy.out" ] && [ $i -lt 300 ]; do
	sleep 0.1
	i=$((i + 1))
done
LURL=$(head -n 1 "$T/legacy.out")
printf '[network.legacy]\nfamily = evm\nchain-id = 31337\nrpc = %s\n' "$LURL" >>"$DEPINCTL_CONFIG"
RL=0x00000000000000000000000000000000000a000c
send --network legacy "$RL" 0.5
expect_rc 0 "send on a berlin anvil (no base fee)"
is "$(cast balance --rpc-url "$LURL" "$RL")" 500000000000000000 "the recipient holds exactly 0.5 ETH"
cast tx --rpc-url "$LURL" "$(jlast txid)" --json >"$T/legacy.json" 2>"$T/cast.err"
is "$(field type <"$T/legacy.json")" 0x0 "a legacy (type 0) transaction"
is "$(field v <"$T/legacy.json" | python3 -c 'import sys; print(int(sys.stdin.read(), 16) in (31337 * 2 + 35, 31337 * 2 + 36))')" True \
	"with EIP-155 replay protection (v = chain id * 2 + 35 + parity)"

done_testing
