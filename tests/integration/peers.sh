# The real test peers, proven with their own clients before depinctl's
# Solana and EVM clients are tested against them:
#  - tests/peers/solana-validator.js, a JSON-RPC validator on LiteSVM, driven
#    by @solana/web3.js and @solana/spl-token (tests/peers/check-solana.js);
#  - anvil, started by tests/peers/start-anvil.sh, driven by cast, which
#    deploys and uses the project's TestToken.sol from tests/fixtures/contracts;
#  - tests/peers/compile.js: recompiling tests/contracts gives the committed
#    bytecode.
# Every step is bounded in time; the whole test takes some seconds.
. "$srcdir/tests/cli/lib.sh"
need_peers litesvm @solana/web3.js @solana/spl-token solc @foundry-rs/anvil @foundry-rs/cast
export TEST_PEERS
case $(uname -m) in
x86_64 | amd64) arch=amd64 ;;
aarch64 | arm64) arch=arm64 ;;
*) arch=unknown ;;
esac
# The platform binary: the npm wrapper (.bin/cast) loses cast's exit status.
CAST="$NODE_PATH/@foundry-rs/cast-linux-$arch/bin/cast"
[ -x "$CAST" ] || CAST="$NODE_PATH/.bin/cast"
cast() { timeout 30 "$CAST" "$@"; }

sv_pid=
anvil_pid=
cleanup() {
	[ -n "$sv_pid" ] && kill "$sv_pid" 2>/dev/null
	[ -n "$anvil_pid" ] && kill "$anvil_pid" 2>/dev/null
	wait 2>/dev/null
	rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

# first_line FILE: FILE's first line, once there is one (20 s at most).
first_line() {
	local i=0
	while [ ! -s "$1" ] && [ $i -lt 200 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	head -n 1 "$1"
}
# relay FILE: turns check-solana.js's "ok - NAME" / "not ok - NAME" lines into TAP.
relay() {
	while IFS= read -r line; do
		case $line in
		"ok - "*) ok 0 "${line#ok - }" ;;
		"not ok - "*) ok 1 "${line#not ok - }" ;;
		*) echo "# ${line#\# }" ;;
		esac
	done <"$1"
}
# jget FILE KEY: a top-level field of a JSON file.
jget() { node -e 'const v = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"))[process.argv[2]]; console.log(typeof v === "string" ? v : JSON.stringify(v))' "$1" "$2"; }

# --- Solana: the LiteSVM validator -------------------------------------------
node "$PEERS/solana-validator.js" --port 0 --slot-ms 50 >"$T/sv.out" 2>"$T/sv.err" &
sv_pid=$!
line=$(first_line "$T/sv.out")
port=${line#listening }
case $line in
"listening "[0-9]*) ok 0 "the validator prints 'listening PORT' ($port)" ;;
*) ok 1 "the validator prints 'listening PORT'"; sed 's/^/# /' "$T/sv.err" ;;
esac
timeout 60 node "$PEERS/check-solana.js" all "http://127.0.0.1:$port" >"$T/sol.tap" 2>"$T/sol.err"
rc=$?
relay "$T/sol.tap"
[ $rc -eq 0 ]; ok $? "the web3.js checks ran to the end (exit $rc)"
[ $rc -eq 0 ] || sed 's/^/# /' "$T/sol.err" | head -20
kill "$sv_pid"
wait "$sv_pid"
rc=$?
sv_pid=
[ $rc -eq 0 ]; ok $? "the validator exits cleanly on SIGTERM (exit $rc)"

timeout 60 node "$PEERS/check-solana.js" restart >"$T/restart.tap" 2>"$T/restart.err"
rc=$?
relay "$T/restart.tap"
[ $rc -eq 0 ]; ok $? "the restart checks ran to the end (exit $rc)"

# A parent that goes away takes the validator with it.
sh -c 'node "$1/solana-validator.js" --port 0 >"$2/orphan.out" 2>&1 & echo $! >"$2/orphan.pid"
	i=0; while [ ! -s "$2/orphan.out" ] && [ $i -lt 200 ]; do sleep 0.1; i=$((i + 1)); done' sh "$PEERS" "$T"
orphan=$(cat "$T/orphan.pid")
i=0
while kill -0 "$orphan" 2>/dev/null && [ $i -lt 50 ]; do
	sleep 0.1
	i=$((i + 1))
done
if kill -0 "$orphan" 2>/dev/null; then
	kill "$orphan"
	ok 1 "the validator exits when its parent dies"
else
	ok 0 "the validator exits when its parent dies"
fi

# --- Solidity: the committed build of tests/contracts ------------------------
timeout 60 node "$PEERS/compile.js" --check --src "$srcdir/tests/contracts" --out "$srcdir/tests/fixtures/contracts" \
	>"$T/solc.out" 2>&1
ok $? "recompiling tests/contracts with solc gives the committed bytecode"
sed 's/^/# /' "$T/solc.out"

# --- EVM: anvil and cast -----------------------------------------------------
sh "$PEERS/start-anvil.sh" >"$T/anvil.out" 2>"$T/anvil.err" &
anvil_pid=$!
URL=$(first_line "$T/anvil.out")
case $URL in
http://127.0.0.1:[0-9]*) ok 0 "start-anvil.sh prints anvil's URL ($URL)" ;;
*) ok 1 "start-anvil.sh prints anvil's URL"; sed 's/^/# /' "$T/anvil.err" ;;
esac
[ "$(cast chain-id --rpc-url "$URL")" = 31337 ]; ok $? "anvil answers chain id 31337"

K0=0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80
A0=0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266
K1=$(cast wallet private-key --mnemonic "$TESTJUNK" --mnemonic-index 1 2>/dev/null)
A1=$(cast wallet address "$K1" 2>/dev/null)
A2=0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC
[ "$A1" = 0x70997970C51812dc3A010C7d01b50e0d17dc79C8 ]; ok $? "anvil's accounts come from the test mnemonic ($A1)"
[ "$(cast balance --rpc-url "$URL" "$A1")" = 10000000000000000000000 ]; ok $? "account 1 holds 10000 ETH"

BYTECODE=$(jget "$srcdir/tests/fixtures/contracts/TestToken.json" bytecode)
cast send --rpc-url "$URL" --private-key "$K0" --json --create "$BYTECODE" \
	"constructor(string,string,uint8,uint256)" "depinctl Test Token" DTT 6 1000000000000 >"$T/deploy.json" 2>"$T/cast.err"
ok $? "cast send --create deploys TestToken"
TOKEN=$(jget "$T/deploy.json" contractAddress)
[ "$(jget "$T/deploy.json" status)" = 0x1 ]; ok $? "the deployment succeeded (receipt status 0x1)"
[ "$TOKEN" = 0x5fbdb2315678afecb367f032d93f642f64180aa3 ]; ok $? "at the address of account 0's first creation ($TOKEN)"
call() { cast call --rpc-url "$URL" "$TOKEN" "$@" 2>"$T/cast.err"; }
[ "$(call 'name()(string)')" = '"depinctl Test Token"' ]; ok $? "name()"
[ "$(call 'symbol()(string)')" = '"DTT"' ]; ok $? "symbol()"
[ "$(call 'decimals()(uint8)')" = 6 ]; ok $? "decimals() as given to the constructor"
[ "$(call 'totalSupply()(uint256)' | cut -d' ' -f1)" = 1000000000000 ]; ok $? "totalSupply()"
[ "$(call 'balanceOf(address)(uint256)' "$A0" | cut -d' ' -f1)" = 1000000000000 ]; ok $? "the supply was minted to the deployer"

TRANSFER_TOPIC=$(cast keccak 'Transfer(address,address,uint256)')
APPROVAL_TOPIC=$(cast keccak 'Approval(address,address,uint256)')
cast send --rpc-url "$URL" --private-key "$K0" --json "$TOKEN" 'transfer(address,uint256)' "$A1" 250000000 >"$T/tx.json" 2>"$T/cast.err"
ok $? "cast send transfer(A1, 250000000)"
[ "$(jget "$T/tx.json" status)" = 0x1 ]; ok $? "the transfer succeeded"
logs=$(jget "$T/tx.json" logs)
contains "$logs" "$TRANSFER_TOPIC" "it emitted Transfer"
contains "$logs" "000000000000000000000000$(echo "$A1" | cut -c3- | tr 'A-F' 'a-f')" "Transfer's indexed 'to' is A1"
[ "$(call 'balanceOf(address)(uint256)' "$A1" | cut -d' ' -f1)" = 250000000 ]; ok $? "balanceOf(A1) = 250000000"
[ "$(call 'balanceOf(address)(uint256)' "$A0" | cut -d' ' -f1)" = 999750000000 ]; ok $? "balanceOf(A0) = 999750000000"

cast call --rpc-url "$URL" --from "$A1" "$TOKEN" 'transfer(address,uint256)(bool)' "$A0" 250000001 >/dev/null 2>"$T/cast.err"
[ $? -ne 0 ]; ok $? "a transfer above the balance reverts"
grep -q 'TestToken: insufficient balance' "$T/cast.err"; ok $? "with the reason 'TestToken: insufficient balance'"

cast send --rpc-url "$URL" --private-key "$K0" --json "$TOKEN" 'approve(address,uint256)' "$A1" 100 >"$T/tx.json" 2>"$T/cast.err"
contains "$(jget "$T/tx.json" logs)" "$APPROVAL_TOPIC" "approve(A1, 100) emits Approval"
[ "$(call 'allowance(address,address)(uint256)' "$A0" "$A1")" = 100 ]; ok $? "allowance(A0, A1) = 100"
cast send --rpc-url "$URL" --private-key "$K1" --json "$TOKEN" 'transferFrom(address,address,uint256)' "$A0" "$A2" 60 \
	>"$T/tx.json" 2>"$T/cast.err"
[ "$(jget "$T/tx.json" status)" = 0x1 ]; ok $? "A1 transferFrom(A0, A2, 60)"
[ "$(call 'balanceOf(address)(uint256)' "$A2")" = 60 ]; ok $? "balanceOf(A2) = 60"
[ "$(call 'allowance(address,address)(uint256)' "$A0" "$A1")" = 40 ]; ok $? "the allowance went down to 40"
cast call --rpc-url "$URL" --from "$A1" "$TOKEN" 'transferFrom(address,address,uint256)(bool)' "$A0" "$A2" 41 >/dev/null 2>"$T/cast.err"
[ $? -ne 0 ] && grep -q 'TestToken: insufficient allowance' "$T/cast.err"; ok $? "transferFrom above the allowance reverts with its reason"
cast call --rpc-url "$URL" --from "$A1" "$TOKEN" 'mint(address,uint256)' "$A1" 1 >/dev/null 2>"$T/cast.err"
[ $? -ne 0 ] && grep -q 'TestToken: only the owner mints' "$T/cast.err"; ok $? "only the deployer mints"
cast send --rpc-url "$URL" --private-key "$K0" --json "$TOKEN" 'mint(address,uint256)' "$A2" 5 >"$T/tx.json" 2>"$T/cast.err"
[ "$(call 'totalSupply()(uint256)' | cut -d' ' -f1)" = 1000000000005 ]; ok $? "the deployer's mint raises totalSupply"

kill "$anvil_pid"
wait "$anvil_pid"
rc=$?
anvil_pid=
[ $rc -eq 0 ]; ok $? "start-anvil.sh stops anvil cleanly on SIGTERM (exit $rc)"
! cast chain-id --rpc-url "$URL" >/dev/null 2>&1; ok $? "anvil is gone"

done_testing
