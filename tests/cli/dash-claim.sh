# The dashboard's claim on a real terminal (tmux) against real peers: the
# WeatherXM adapter on the fixture server (tests/fixtures/weatherxm) and
# tests/contracts/RewardPool.sol on anvil. The password dialog (no echo),
# a wrong password, the confirmation showing the adapter's summary, a
# cancelled claim that sends nothing, then a claim paid on chain (cast).
. "$srcdir/tests/cli/lib.sh"
own_binary
arch=$(uname -m); [ "$arch" = x86_64 ] && arch=amd64; [ "$arch" = aarch64 ] && arch=arm64
CAST="$TEST_PEERS/node_modules/@foundry-rs/cast-linux-$arch/bin/cast"
if ! command -v tmux >/dev/null || ! "$CAST" --version >/dev/null 2>&1; then
	echo "Bail out! tmux or cast is missing (./bootstrap; cd tests/peers && npm install)"
	exit 1
fi
export TMUX_TMPDIR="$T"
S=dclaim
anvil_pid=
srv_pid=
cleanup() {
	tmux kill-server 2>/dev/null
	for p in $srv_pid $anvil_pid; do kill "$p" 2>/dev/null; done
	wait 2>/dev/null
	rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP
cast() { timeout 30 "$CAST" "$@"; }
screen() { tmux capture-pane -p -t $S 2>/dev/null; }
wait_for() {
	for _ in $(seq $((${2:-15} * 10))); do
		screen | grep -qF -- "$1" && return 0
		sleep 0.1
	done
	echo "# pane (wanted '$1'):"; screen | sed 's/^/#   /'
	return 1
}

FX="$srcdir/tests/fixtures"
sh "$TEST_PEERS/start-anvil.sh" >"$T/anvil.out" 2>"$T/anvil.err" </dev/null &
anvil_pid=$!
node "$FX/server.js" "$FX/weatherxm" >"$T/srv.out" 2>"$T/srv.err" </dev/null &
srv_pid=$!
for _ in $(seq 300); do [ -s "$T/anvil.out" ] && [ -s "$T/srv.out" ] && break; sleep 0.1; done
URL=$(head -n 1 "$T/anvil.out")
PORT=$(head -n 1 "$T/srv.out")
case $URL in http://127.0.0.1:[0-9]*) ok 0 "anvil runs" ;; *) echo "Bail out! anvil did not start"; exit 1 ;; esac
case $PORT in [0-9]*) ok 0 "the fixture server runs" ;; *) echo "Bail out! no fixture server"; exit 1 ;; esac
K0=0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80
A4=0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65
bytecode() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["bytecode"])' "$FX/contracts/$1.json"; }
deploy() {
	local name=$1
	shift
	cast send --rpc-url "$URL" --private-key "$K0" --json --create "$(bytecode "$name")" "$@" 2>"$T/cast.err" |
		python3 -c 'import json,sys; print(json.load(sys.stdin)["contractAddress"])'
}
root() { sed -n "s/^$1 //p" "$FX/weatherxm/roots.txt"; }
WXM=$(deploy TestToken "constructor(string,string,uint8,uint256)" "WeatherXM" WXM 18 1000000000000000000000000)
POOL=$(deploy RewardPool "constructor(address)" "$WXM")
cast send --rpc-url "$URL" --private-key "$K0" "$POOL" "submitMerkleRoot(bytes32)" "$(root c0)" >/dev/null
cast send --rpc-url "$URL" --private-key "$K0" "$POOL" "submitMerkleRoot(bytes32)" "$(root c1)" >/dev/null
cast send --rpc-url "$URL" --private-key "$K0" "$WXM" "transfer(address,uint256)" "$POOL" 500000000000000000000 >/dev/null
paid() { cast call --rpc-url "$URL" "$POOL" 'claims(address)(uint256)' "$1" | cut -d' ' -f1; }
[ "$(paid $A4)" = 0 ]; ok $? "the RewardPool is deployed, nothing claimed yet"

DEPINCTL_PASSWORD="$PW" feed "$TESTJUNK\n" key import junk --mnemonic
expect_rc 0 "import the anvil mnemonic"
cat >"$DEPINCTL_CONFIG" <<CONF
[depinctl]
key = junk
[network.anvil]
rpc = $URL
[weatherxm]
api = http://127.0.0.1:$PORT/api.weatherxm.com
network = anvil
contract = $POOL
token = good-token
wallets = $A4
CONF

tmux new-session -d -s $S -x 140 -y 40 "env -u DEPINCTL_PASSWORD NO_COLOR=1 DEPINCTL_HOME='$DEPINCTL_HOME' DEPINCTL_CONFIG='$DEPINCTL_CONFIG' HOME='$HOME' '$DEPINCTL' dash --network weatherxm --account 4; echo EXIT=\$?; sleep 30"
wait_for "weatherxm:" && wait_for "rewards wallet"; ok $? "the dashboard lists the stations and the rewards wallet"
tmux send-keys -t $S / r e w a r d s Enter Home Enter
wait_for "[2 Device]" && wait_for "rewards wallet (weatherxm)"; ok $? "the wallet's screen"
screen | grep -qi "$A4"; ok $? "it is account 4's wallet"

tmux send-keys -t $S c
wait_for "password of key 'junk'"; ok $? "c asks the key's password in the dashboard (account 4: before preparing)"
tmux send-keys -t $S Escape
wait_for "claim cancelled"; ok $? "Esc cancels"

tmux send-keys -t $S c
wait_for "password of key 'junk'"
tmux send-keys -t $S -l "not the password"
tmux send-keys -t $S Enter
wait_for "Claim failed" 30; ok $? "a wrong password fails the claim"
screen | grep -q "not the password"; [ $? -ne 0 ]; ok $? "the password is never echoed"
tmux send-keys -t $S Escape

tmux send-keys -t $S c
wait_for "password of key 'junk'"
tmux send-keys -t $S -l "$PW"
screen | grep -qF "$PW"; [ $? -ne 0 ]; ok $? "the typed password is not shown"
tmux send-keys -t $S Enter
wait_for "what will be signed" 30; ok $? "the confirmation dialog opens"
wait_for "sign and send 1 transaction"; ok $? "it says what will be sent"
screen | grep -qi "${POOL#0x}"; ok $? "the summary names the RewardPool"
tmux send-keys -t $S n
wait_for "claim cancelled"; ok $? "n cancels the claim"
[ "$(paid $A4)" = 0 ]; ok $? "nothing was claimed (cast)"

tmux send-keys -t $S c
wait_for "password of key 'junk'"
tmux send-keys -t $S -l "$PW"
tmux send-keys -t $S Enter
wait_for "what will be signed" 30
tmux send-keys -t $S y
wait_for "claimed:" 60; ok $? "y signs and sends; the result is shown"
[ "$(paid $A4)" = 12000000000000000000 ]; ok $? "claims(account 4) is 12 WXM on chain (cast)"
tmux send-keys -t $S Enter q
wait_for "EXIT=0"; ok $? "q quits with status 0"
done_testing
