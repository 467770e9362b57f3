# WeatherXM: the adapter against the fixture server (recorded shapes of
# api.weatherxm.com, tests/fixtures/weatherxm) and claims from
# tests/contracts/RewardPool.sol (WeatherXM's interface) on anvil, with
# StandardMerkleTree roots and proofs made by @openzeppelin/merkle-tree
# (tests/fixtures/weatherxm/make-trees.js). Checked through cast: balances
# and claims(); refused before sending (the nonce does not move): a bad
# proof, the wrong cycle, a cycle without a root; a second claim has
# nothing to claim. API error shapes: 401, 429, 500, malformed JSON, a
# non-list, an empty list, an unknown station.
. "$srcdir/tests/cli/lib.sh"
own_binary
need_cast
export DEPINCTL_PASSWORD="$PW"
anvil_pid=
srv_pid=
proxy_pid=
bg_pid=
cleanup() {
	exec 9>&- 2>/dev/null
	for p in $bg_pid $proxy_pid $srv_pid $anvil_pid; do kill "$p" 2>/dev/null; done
	wait 2>/dev/null
	rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP
cast() { timeout 30 "$CAST" "$@"; }
FX="$srcdir/tests/fixtures"
sh "$TEST_PEERS/start-anvil.sh" >"$T/anvil.out" 2>"$T/anvil.err" </dev/null &
anvil_pid=$!
node "$FX/server.js" "$FX/weatherxm" >"$T/srv.out" 2>"$T/srv.err" </dev/null &
srv_pid=$!
i=0
while { [ ! -s "$T/anvil.out" ] || [ ! -s "$T/srv.out" ]; } && [ $i -lt 300 ]; do sleep 0.1; i=$((i + 1)); done
URL=$(head -n 1 "$T/anvil.out")
PORT=$(head -n 1 "$T/srv.out")
case $URL in http://127.0.0.1:[0-9]*) ok 0 "anvil runs at $URL" ;; *) echo "Bail out! anvil did not start"; exit 1 ;; esac
case $PORT in [0-9]*) ok 0 "the fixture server listens on $PORT" ;; *) echo "Bail out! no fixture server"; exit 1 ;; esac
API="http://127.0.0.1:$PORT/api.weatherxm.com"

K0=0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80
A0=0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266
A1=0x70997970C51812dc3A010C7d01b50e0d17dc79C8
A2=0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC
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
case $POOL in 0x*) ok 0 "RewardPool deployed at $POOL" ;; *) ok 1 "deploy"; cat "$T/cast.err" ;; esac
cast send --rpc-url "$URL" --private-key "$K0" "$POOL" "submitMerkleRoot(bytes32)" "$(root c0)" >/dev/null
cast send --rpc-url "$URL" --private-key "$K0" "$POOL" "submitMerkleRoot(bytes32)" "$(root c1)" >/dev/null
cast send --rpc-url "$URL" --private-key "$K0" "$WXM" "transfer(address,uint256)" "$POOL" 500000000000000000000 >/dev/null
is "$(cast call --rpc-url "$URL" "$POOL" 'cycle()(uint256)')" 2 "two roots submitted (cycles 0 and 1)"
tbal() { cast call --rpc-url "$URL" "$WXM" 'balanceOf(address)(uint256)' "$1" | cut -d' ' -f1; }
paid() { cast call --rpc-url "$URL" "$POOL" 'claims(address)(uint256)' "$1" | cut -d' ' -f1; }
nonce() { cast nonce --rpc-url "$URL" "$1"; }

feed "$TESTJUNK\n" key import junk --mnemonic
expect_rc 0 "import the anvil mnemonic"
conf() { # conf EXTRA-LINES
	cat >"$DEPINCTL_CONFIG" <<CONF
[depinctl]
key = junk
[network.anvil]
rpc = $URL
[weatherxm]
api = $API
network = anvil
contract = $POOL
$1
CONF
}

# --- reads ------------------------------------------------------------------------
conf "token = good-token
devices = d9e0c3f4-7d1e-11ee-9c41-0242ac120002"
run --json devices --network weatherxm
expect_rc 0 "devices with the owner's token and one station by id"
is "$(json_get "$out" devices.0.name)" "Brave Amber Wind" "the first station's name"
is "$(json_get "$out" devices.0.status)" online "online"
is "$(json_get "$out" devices.1.status)" offline "the inactive station is offline"
is "$(json_get "$out" devices.2.status)" degraded "a low QoD makes a station degraded"
is "$(json_get "$out" devices.0.detail)" "QoD 97 %" "the QoD score"
is "$(json_get "$out" devices.0.earned.7d.0.amount)" 1.875 "7 days of rewards: 0.5 + 0.25 + 1.125 exactly"
is "$(json_get "$out" devices.0.earned.30d.0.amount)" 2.25 "30 days take the timeline's second page (0.375 more)"
is "$(json_get "$out" devices.1.earned.7d.0.amount)" 0.000001 "a tiny reward is not rounded away"
is "$(json_get "$out" devices.0.lifetime.0.amount)" 412.5 "lifetime rewards"
run --json metrics weatherxm
expect_rc 0 "metrics"
contains "$out" '"devices_active"' "active stations"
contains "$out" "6210" "their number"
contains "$out" "/api/v1/network/stats" "the source named"

for shape in "bad-token 5 refused the token (HTTP 401)" "busy-token 4 rate limited by the API (HTTP 429)" \
	"broken-token 4 HTTP 500" "garbage-token 4 the reply is not JSON" "notalist-token 4 not a list of stations"; do
	set -- $shape
	tok=$1 want=$2
	shift 2
	conf "token = $tok"
	run devices --network weatherxm
	expect_rc "$want" "$tok: exit status $want"
	contains "$err" "$*" "$tok: '$*'"
done
conf "token = empty-token
wallets = 0x000000000000000000000000000000000000dEaD"
run --json devices --network weatherxm
expect_rc 0 "an empty station list is not an error"
is "$(json_get "$out" networks.0.devices)" 0 "and lists no station"
printf 'good-token\n' >"$T/token"
conf "token-file = $T/token
wallets = 0x000000000000000000000000000000000000dEaD"
run --json devices --network weatherxm
expect_rc 0 "the token read from token-file"
is "$(json_get "$out" networks.0.devices)" 2 "the owner's two stations"
conf "token-file = $T/no-token"
run devices --network weatherxm
expect_rc 3 "a missing token-file"
contains "$err" "cannot read token-file" "says so"
conf "devices = no-such-station"
run devices --network weatherxm
expect_rc 3 "an unknown station id"
contains "$err" "no-such-station: no such station" "names it"

# --- pending: the API's total minus claims() ---------------------------------------------
conf "wallets = 0x15d34aaf54267db7d7c367839aaf71a00a2c6a65"
run --json rewards --network weatherxm
expect_rc 0 "rewards of a wallet"
is "$(json_get "$out" devices.0.pending.0.amount)" 12 "pending: 12 WXM (cycle 1's total, nothing paid yet)"

# --- claims ----------------------------------------------------------------------------------
conf ""
run -y claim --network weatherxm b3f2a1c0-7d1e-11ee-9c41-0242ac120002 --account 4
expect_rc 2 "a claim names the wallet, not a station"
contains "$err" "claimed per wallet" "says why"
run --json --dry-run claim --network weatherxm --all --account 4
expect_rc 0 "dry run of account 4's claim"
contains "$out" "verified against roots(1)" "the proof is checked against roots(1)"
is "$(tbal $A4)" 0 "the dry run paid nothing"
run -y claim --network weatherxm --all --account 4 --timeout 60
expect_rc 0 "account 4 claims"
is "$(tbal $A4)" 12000000000000000000 "account 4 holds 12 WXM (cast)"
is "$(paid $A4)" 12000000000000000000 "claims(account 4) is 12 WXM (cast)"
TX=$("$DEPINCTL" --json tx list | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["txid"])')
echo "# gas used by a RewardPool claim (proof of $(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["proof"]))' "$FX/weatherxm/withdraw-0x15d34aaf54267db7d7c367839aaf71a00a2c6a65.json")): $(cast receipt --rpc-url "$URL" "$TX" gasUsed)"
n=$(nonce $A4)
run -y claim --network weatherxm --all --account 4 --timeout 60
expect_rc 0 "a second claim"
contains "$out" "nothing to claim" "has nothing to claim"
is "$(nonce $A4)" "$n" "and sends nothing"

# account 1 from a proof file of cycle 0 (50 WXM), then the API's cycle 1 (80): 30 more
conf "proof-file = $FX/weatherxm/tree-c0.json"
run -y claim --network weatherxm --all --account 1 --timeout 60
expect_rc 0 "account 1 claims from cycle 0's tree (proof-file)"
is "$(tbal $A1)" 50000000000000000000 "account 1 holds 50 WXM"
conf ""
run -y claim --network weatherxm --all --account 1 --timeout 60
expect_rc 0 "then from the API's proof of cycle 1"
is "$(tbal $A1)" 80000000000000000000 "account 1 holds 80 WXM (the cumulative total)"
is "$(paid $A1)" 80000000000000000000 "claims(account 1) is 80 WXM"

# refused before sending: the wrong cycle, a cycle with no root, a bad proof
H=/api.weatherxm.com/api/v1/network/rewards/withdraw?address=0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc
W2="$FX/weatherxm/withdraw-0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc.json"
route() { # route JSON-REPLY: the next withdraw reply of account 2
	python3 -c 'import json,sys; print(json.dumps({"routes": [{"path": sys.argv[1], "times": 1, "reply": json.loads(sys.argv[2])}]}))' "$H" "$1" >"$T/route.json"
	curl -s -X POST --data-binary @"$T/route.json" "http://127.0.0.1:$PORT/__routes" >/dev/null
}
n=$(nonce $A2)
route "$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); d["cycle"]=0; print(json.dumps(d))' "$W2")"
run -y claim --network weatherxm --all --account 2 --timeout 60
expect_rc 5 "a proof of cycle 1 presented as cycle 0 is refused"
contains "$err" "does not verify against roots(0)" "it says which root"
route "$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); d["cycle"]=7; print(json.dumps(d))' "$W2")"
run -y claim --network weatherxm --all --account 2 --timeout 60
expect_rc 5 "a cycle without a root is refused"
contains "$err" "cycle 7 has no root" "it says so"
route "$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); p=d["proof"][0]; d["proof"][0]=p[:-1]+("1" if p[-1]!="1" else "2"); print(json.dumps(d))' "$W2")"
run -y claim --network weatherxm --all --account 2 --timeout 60
expect_rc 5 "a bad proof is refused"
route "$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); d["cumulative_amount"]="8000000000000000000"; print(json.dumps(d))' "$W2")"
run -y claim --network weatherxm --all --account 2 --timeout 60
expect_rc 5 "a raised total is refused"
route '{"proof": "nope", "cycle": 1, "cumulative_amount": "1"}'
run -y claim --network weatherxm --all --account 2 --timeout 60
expect_rc 4 "a malformed proof reply is the server's error"
contains "$err" "the proof is not a list" "naming what is wrong"
is "$(nonce $A2)" "$n" "nothing was sent for any of them (nonce unchanged)"
is "$(tbal $A2)" 0 "and nothing paid"
run -y claim --network weatherxm --all --account 2 --timeout 60
expect_rc 0 "the good proof pays"
is "$(tbal $A2)" 7000000000000000000 "account 2 holds 7 WXM"
# killed after signing, before the node had it: the rerun sends the very
# bytes the journal holds (one journal entry, paid once)
mkfifo "$T/proxy.in"
node "$srcdir/tests/integration/fault-proxy.js" "$URL" <"$T/proxy.in" >"$T/proxy.out" 2>"$T/proxy.err" &
proxy_pid=$!
exec 9>"$T/proxy.in"
i=0
while [ ! -s "$T/proxy.out" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
PROXY="http://127.0.0.1:$(sed -n 's/^PORT //p' "$T/proxy.out")"
curl -s "$PROXY/mode/hold-send" >/dev/null
conf "rpc = $PROXY"
A0=0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266
jfrom() { "$DEPINCTL" --json tx list | python3 -c 'import json,sys; l=[t for t in json.load(sys.stdin) if t["from"].lower()==sys.argv[1].lower()]; print(len(l), l[0]["status"] if l else "-")' "$1"; }
before=$(tbal $A0)
"$DEPINCTL" -y claim --network weatherxm --all --account 0 >"$T/bg.out" 2>"$T/bg.err" </dev/null &
bg_pid=$!
i=0
while [ "$(jfrom $A0)" != "1 signed" ] && [ $i -lt 200 ]; do sleep 0.1; i=$((i + 1)); done
is "$(jfrom $A0)" "1 signed" "the claim is journaled (signed) before its broadcast"
{ kill -9 "$bg_pid"; wait "$bg_pid"; } 2>/dev/null
bg_pid=
is "$(tbal $A0)" "$before" "killed: nothing paid yet"
curl -s "$PROXY/mode/pass" >/dev/null
run -y claim --network weatherxm --all --account 0 --timeout 60
expect_rc 0 "the rerun resumes the journaled claim"
contains "$out" "sent earlier" "it says it sends the transaction signed earlier"
is "$(jfrom $A0)" "1 confirmed" "still one journal entry, confirmed"
is "$(paid $A0)" 150000000000000000005 "claims(account 0) is its whole total (cast)"
run -y claim --network weatherxm --all --account 0 --timeout 60
expect_rc 0 "and a third run"
contains "$out" "nothing to claim" "has nothing to claim"
conf ""

run -y claim --network weatherxm --all --account 7 --timeout 60
expect_rc 3 "a wallet the API has no rewards for"
contains "$err" "has no rewards" "says so"
done_testing
