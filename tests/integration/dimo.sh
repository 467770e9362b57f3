# DIMO: vehicles and weekly earnings from the identity GraphQL API (the
# fixture server, tests/fixtures/dimo: paging, 401, 429, 500, malformed
# JSON, GraphQL errors, a page without a cursor, empty pages, a negative
# amount), and the stake verbs run for real against
# tests/contracts/DimoStaking.sol (DIMO's Staking interface) on anvil,
# checked through cast: stake at a level for a vehicle (approve first),
# upgrade, extend, attach, detach, withdraw after the lock (anvil's clock
# moved), and the refused cases: a locked stake, another wallet's stake,
# a level out of range, an unknown stake.
. "$srcdir/tests/cli/lib.sh"
own_binary
need_cast
export DEPINCTL_PASSWORD="$PW"
anvil_pid=
srv_pid=
cleanup() {
	for p in $srv_pid $anvil_pid; do kill "$p" 2>/dev/null; done
	wait 2>/dev/null
	rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP
cast() { timeout 30 "$CAST" "$@"; }
FX="$srcdir/tests/fixtures"
sh "$TEST_PEERS/start-anvil.sh" >"$T/anvil.out" 2>"$T/anvil.err" </dev/null &
anvil_pid=$!
node "$FX/server.js" "$FX/dimo" >"$T/srv.out" 2>"$T/srv.err" </dev/null &
srv_pid=$!
i=0
while { [ ! -s "$T/anvil.out" ] || [ ! -s "$T/srv.out" ]; } && [ $i -lt 300 ]; do sleep 0.1; i=$((i + 1)); done
URL=$(head -n 1 "$T/anvil.out")
PORT=$(head -n 1 "$T/srv.out")
case $URL in http://127.0.0.1:[0-9]*) ok 0 "anvil runs at $URL" ;; *) echo "Bail out! anvil did not start"; exit 1 ;; esac
case $PORT in [0-9]*) ok 0 "the fixture server listens on $PORT" ;; *) echo "Bail out! no fixture server"; exit 1 ;; esac

K0=0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80
A1=0x70997970C51812dc3A010C7d01b50e0d17dc79C8
A2=0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC
bytecode() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["bytecode"])' "$FX/contracts/$1.json"; }
deploy() {
	local name=$1
	shift
	cast send --rpc-url "$URL" --private-key "$K0" --json --create "$(bytecode "$name")" "$@" 2>"$T/cast.err" |
		python3 -c 'import json,sys; print(json.load(sys.stdin)["contractAddress"])'
}
TOKEN=$(deploy TestToken "constructor(string,string,uint8,uint256)" "Dimo" DIMO 18 100000000000000000000000)
VID=$(deploy MockVehicleId "constructor()")
STK=$(deploy DimoStaking "constructor(address,address)" "$TOKEN" "$VID")
case $STK in 0x*) ok 0 "DimoStaking deployed at $STK" ;; *) ok 1 "deploy"; cat "$T/cast.err" ;; esac
csend() { cast send --rpc-url "$URL" --private-key "$K0" "$@" >/dev/null; }
csend "$TOKEN" "transfer(address,uint256)" "$A1" 6000000000000000000000
csend "$TOKEN" "transfer(address,uint256)" "$A2" 600000000000000000000
csend "$VID" "mint(address,uint256)" "$A1" 21
csend "$VID" "mint(address,uint256)" "$A1" 77
tbal() { cast call --rpc-url "$URL" "$TOKEN" 'balanceOf(address)(uint256)' "$1" | cut -d' ' -f1; }
sdata() { cast call --rpc-url "$URL" "$STK" 'stakeIdToStakingData(uint256)((uint8,uint256,uint256,uint256))' "$1"; }
attached() { cast call --rpc-url "$URL" "$STK" 'vehicleIdToStakeId(uint256)(uint256)' "$1"; }
nonce() { cast nonce --rpc-url "$URL" "$1"; }
lastgas() { cast receipt --rpc-url "$URL" "$("$DEPINCTL" --json tx list | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["txid"])')" gasUsed; }

feed "$TESTJUNK\n" key import junk --mnemonic
expect_rc 0 "import the anvil mnemonic"
conf() {
	cat >"$DEPINCTL_CONFIG" <<CONF
[depinctl]
key = junk
[network.anvil]
rpc = $URL
[dimo]
api = http://127.0.0.1:$PORT/identity-api.dimo.zone/query
network = anvil
staking = $STK
$1
CONF
}

# --- the identity API --------------------------------------------------------------------
conf "wallets = 0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266"
run --json devices --network dimo
expect_rc 0 "vehicles of a wallet, over two pages"
is "$(json_get "$out" networks.0.devices)" 3 "three vehicles"
is "$(json_get "$out" devices.0.name)" "seal amazing dune" "the vehicle's name"
is "$(json_get "$out" devices.1.name)" "Ford F-150 2021" "a vehicle without a name shows its definition"
is "$(json_get "$out" devices.0.earned.30d.0.amount)" 23.500000000000000001 "weekly earnings add up exactly"
is "$(json_get "$out" devices.0.lifetime.0.amount)" 812.345678901234567891 "lifetime tokens to 18 decimals"
is "$(json_get "$out" devices.2.id)" 99 "the second page's vehicle"
for shape in "e2 5 refused the request (HTTP 401)" "e3 4 rate limited" "e4 4 HTTP 500" "e5 4 reply is not JSON" \
	"e6 4 GraphQL error: Variable" "e7 4 next page but gives no cursor" "e8 4 is not an amount of DIMO"; do
	set -- $shape
	w=0x00000000000000000000000000000000000000$1 want=$2
	shift 2
	conf "wallets = $w"
	run devices --network dimo
	expect_rc "$want" "wallet ..$w: exit status $want"
	contains "$err" "$*" "wallet ..$w: '$*'"
done
conf "wallets = 0x00000000000000000000000000000000000000E1"
run --json devices --network dimo
expect_rc 0 "an empty page is no error"
is "$(json_get "$out" networks.0.devices)" 0 "no vehicles"

# --- staking on anvil ----------------------------------------------------------------------
conf ""
run -y --json stake --network dimo create 0 21 --account 1
expect_rc 0 "stake at level 0 for vehicle 21 (approve, then stake)"
echo "# gas used by stake(level 0, vehicle): $(lastgas); by its approve: $(cast receipt --rpc-url "$URL" "$("$DEPINCTL" --json tx list | python3 -c 'import json,sys; print(json.load(sys.stdin)[1]["txid"])')" gasUsed)"
is "$(tbal $A1)" 5500000000000000000000 "500 DIMO left the wallet (cast)"
is "$(tbal $STK)" 500000000000000000000 "and are held by the staking contract"
is "$(attached 21)" 1 "vehicle 21 is attached to stake 1"
run --json stake --network dimo list --account 1
expect_rc 0 "list"
is "$(json_get "$out" stakes.0.stake_id)" 1 "stake 1 listed"
is "$(json_get "$out" stakes.0.state)" locked "locked"
is "$(json_get "$out" stakes.0.vehicle_id)" 21 "with vehicle 21"

run --json stake --network dimo list $A1
expect_rc 0 "list by address, without a key"
is "$(json_get "$out" stakes.0.stake_id)" 1 "the same stake"
run --json stake --network dimo list $A2
is "$(json_get "$out" stakes)" "[]" "another wallet has none"
run -y stake --network dimo upgrade 1 1 --account 1
expect_rc 0 "upgrade stake 1 to level 1"
echo "# gas used by upgradeStake: $(lastgas)"
is "$(tbal $STK)" 1500000000000000000000 "1500 DIMO staked now (cast)"
contains "$(sdata 1)" "(1, 1500000000000000000000" "stake 1 is level 1 (cast)"
is "$(attached 21)" 1 "vehicle 21 stays attached"

run -y stake --network dimo attach 1 77 --account 1
expect_rc 0 "attach vehicle 77 to stake 1"
echo "# gas used by attachVehicle: $(lastgas)"
is "$(attached 77)" 1 "vehicle 77 is attached (cast)"
is "$(attached 21)" 0 "vehicle 21 no longer is"
run -y stake --network dimo detach 77 --account 1
expect_rc 0 "detach vehicle 77"
echo "# gas used by detachVehicle: $(lastgas)"
is "$(attached 77)" 0 "vehicle 77 is detached (cast)"
run -y stake --network dimo detach 77 --account 1
expect_rc 2 "detaching it again is refused before sending"

before=$(sdata 1)
run -y stake --network dimo extend 1 --account 1
expect_rc 0 "extend stake 1"
echo "# gas used by extendStaking: $(lastgas)"

n=$(nonce $A1)
run -y stake --network dimo withdraw 1 --account 1
expect_rc 5 "withdrawing a locked stake is refused"
contains "$err" "is locked until" "it says until when"
is "$(nonce $A1)" "$n" "nothing was sent"
run -y stake --network dimo withdraw 1 --account 2
expect_rc 5 "another wallet's stake is refused"
contains "$err" "belongs to" "it says whose it is"
run -y stake --network dimo create 3 --account 1
expect_rc 2 "level 3 does not exist"
run -y stake --network dimo extend 42 --account 1
expect_rc 3 "an unknown stake"
run -y stake --network dimo create 2 --account 2
expect_rc 1 "a stake the wallet cannot pay"
contains "$err" "holds 600 DIMO; the stake needs 4000 DIMO" "names both amounts"

cast rpc --rpc-url "$URL" evm_increaseTime 31536001 >/dev/null
cast rpc --rpc-url "$URL" evm_mine >/dev/null
run -y stake --network dimo withdraw 1 --account 1
expect_rc 0 "withdraw stake 1 after its year"
echo "# gas used by withdraw: $(lastgas)"
is "$(tbal $A1)" 6000000000000000000000 "the 1500 DIMO are back (cast)"
is "$(tbal $STK)" 0 "the contract holds nothing"
run --json stake --network dimo list --account 1
is "$(json_get "$out" stakes.0.state)" withdrawn "stake 1 is listed as withdrawn"
done_testing
