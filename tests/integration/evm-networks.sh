# The EVM token adapters against anvil (tests/peers/start-anvil.sh): an
# ERC-20 (tests/contracts/TestToken.sol, deployed with cast) sent to a
# wallet across blocks and days; `depinctl devices --network geodnet
# --json` (the GEOD adapter pointed at the test token) gives the balance,
# the lifetime received and a daily history that match what cast reads from
# the chain, and the SQLite cache makes the next refresh read only the new
# blocks (asserted on the requests made). Bounded: every wait has a limit.
. "$srcdir/tests/cli/lib.sh"
need_cast
anvil_pid=
cleanup() {
	[ -n "$anvil_pid" ] && kill "$anvil_pid" 2>/dev/null
	wait 2>/dev/null
	rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP
cast() { timeout 30 "$CAST" "$@"; }
j() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)" <"$T/out" 2>/dev/null; }

START=$(($(date +%s) - 4 * 86400))
sh "$PEERS/start-anvil.sh" --timestamp $START >"$T/anvil.out" 2>"$T/anvil.err" </dev/null &
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

K0=0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80
W=0x00000000000000000000000000000000000b0001
OTHER=0x00000000000000000000000000000000000b0002
BYTECODE=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["bytecode"])' "$srcdir/tests/fixtures/contracts/TestToken.json")
TOKEN=$(cast send --rpc-url "$URL" --private-key "$K0" --json --create "$BYTECODE" \
	"constructor(string,string,uint8,uint256)" "depinctl Test Token" DTT 18 1000000000000000000000000 2>"$T/cast.err" |
	python3 -c 'import json,sys; print(json.load(sys.stdin)["contractAddress"])')
case $TOKEN in 0x*) ok 0 "cast deploys TestToken at $TOKEN" ;; *) ok 1 "cast deploys TestToken"; cat "$T/cast.err" ;; esac
pay() { cast send --rpc-url "$URL" --private-key "$K0" "$TOKEN" 'transfer(address,uint256)' "$1" "$2" >/dev/null 2>&1; }
later() { cast rpc --rpc-url "$URL" evm_increaseTime "$1" >/dev/null && cast rpc --rpc-url "$URL" evm_mine >/dev/null; }
tbal() { cast call --rpc-url "$URL" "$TOKEN" 'balanceOf(address)(uint256)' "$1" | cut -d' ' -f1; }

# four days ago (anvil's genesis): 1.5; three days ago: 2 + 0.25 (two blocks); another wallet
# paid in between (not counted); empty blocks to cross several log ranges
pay $W 1500000000000000000
for k in 1 2 3 4 5 6; do cast rpc --rpc-url "$URL" evm_mine >/dev/null; done
later 86400
pay $W 2000000000000000000
pay $OTHER 7000000000000000000
pay $W 250000000000000000
cast rpc --rpc-url "$URL" evm_setNextBlockTimestamp $(($(date +%s) - 60)) >/dev/null && cast rpc --rpc-url "$URL" evm_mine >/dev/null
ok $? "three transfers to the wallet over two days, one to another"

cat >"$DEPINCTL_CONFIG" <<EOF
[geodnet]
rpc = $URL
wallets = $W
token = $TOKEN
from-block = 0
log-range = 4
confirmations = 0
EOF
HEAD=$(cast block-number --rpc-url "$URL")
run --json devices --network geodnet
expect_rc 0 "devices --network geodnet"
is "$(j 'len(d["devices"])')" 1 "one row for the one wallet"
is "$(j 'd["devices"][0]["id"]')" "$W" "named by the wallet"
is "$(j 'd["devices"][0]["lifetime"][0]["amount"]')" "3.75" "lifetime received 3.75 (1.5 + 2 + 0.25, not the other wallet's 7)"
is "$(j 'd["devices"][0]["detail"]')" "balance 3.75 GEOD" "the balance, as balanceOf gives it"
is "$(tbal $W)" 3750000000000000000 "cast reads the same balance"
is "$(j 'd["devices"][0]["history_days"]')" 2 "two days with earnings"
n1=$(j 'd["networks"][0]["requests"]')
ranges=$(((HEAD + 1 + 3) / 4))
echo "# head $HEAD: $ranges log ranges of 4 blocks; $n1 requests"
[ "$n1" -ge $((2 + ranges)) ] && [ "$n1" -le $((2 + ranges + 3)) ]
ok $? "the first refresh scans every block: blockNumber, balanceOf, $ranges eth_getLogs and at most 3 blocks' times ($n1)"

run --json devices --network geodnet
expect_rc 0 "a second refresh"
is "$(j 'd["networks"][0]["requests"]')" 2 "no new block: only eth_blockNumber and balanceOf"
is "$(j 'd["devices"][0]["lifetime"][0]["amount"]')" "3.75" "the history comes from the cache"
is "$(j 'd["devices"][0]["history_days"]')" 2 "both days"

pay $W 10000000000000000
pay $W 20000000000000000
run --json devices --network geodnet
expect_rc 0 "a refresh after two new blocks"
n3=$(j 'd["networks"][0]["requests"]')
[ "$n3" -ge 3 ] && [ "$n3" -le 5 ]
ok $? "reads only the new blocks: one eth_getLogs (and their times) ($n3 requests)"
is "$(j 'd["devices"][0]["lifetime"][0]["amount"]')" "3.78" "lifetime now 3.78"
is "$(j 'd["devices"][0]["earned"]["24h"][0]["amount"]')" "0.03" "0.03 today"
is "$(tbal $W)" 3780000000000000000 "as cast reads it"

cp "$DEPINCTL_CONFIG" "$T/config.ok"
sed -i "s|^rpc = .*|rpc = http://127.0.0.1:9|" "$DEPINCTL_CONFIG"
run --json devices --network geodnet
expect_rc 4 "a dead node is a network error"
contains "$out$err" "127.0.0.1:9" "naming the endpoint"
cp "$T/config.ok" "$DEPINCTL_CONFIG"
sed -i "s|^token = .*|token = 0x1234|" "$DEPINCTL_CONFIG"
run --json devices --network geodnet
expect_rc 2 "a token that is not an address is a usage error"
contains "$out$err" "token" "naming the setting"
cp "$T/config.ok" "$DEPINCTL_CONFIG"
sed -i "s|^token = .*|token = $OTHER|" "$DEPINCTL_CONFIG"
run --json devices --network geodnet
expect_rc 4 "a token address with no contract"
contains "$out$err" "balanceOf" "says balanceOf failed"
cp "$T/config.ok" "$DEPINCTL_CONFIG"
sed -i "s|^log-range = .*|log-range = many|" "$DEPINCTL_CONFIG"
run --json devices --network geodnet
expect_rc 2 "a log-range that is not a number"
contains "$out$err" "log-range" "naming it"

# --- Aethir: checker licenses (an enumerable ERC-721) and ATH -----------------
cp "$T/config.ok" "$DEPINCTL_CONFIG"
LBYTES=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["bytecode"])' "$srcdir/tests/fixtures/contracts/AethirCheckerLicense.json")
LIC=$(cast send --rpc-url "$URL" --private-key "$K0" --json --create "$LBYTES" 2>"$T/cast.err" |
	python3 -c 'import json,sys; print(json.load(sys.stdin)["contractAddress"])')
case $LIC in 0x*) ok 0 "cast deploys the license NFT at $LIC" ;; *) ok 1 "cast deploys the license NFT"; cat "$T/cast.err" ;; esac
for id in 101 102 7; do cast send --rpc-url "$URL" --private-key "$K0" "$LIC" 'mint(address,uint256)' $W $id >/dev/null 2>&1; done
cast send --rpc-url "$URL" --private-key "$K0" "$LIC" 'mint(address,uint256)' $OTHER 55 >/dev/null 2>&1
is "$(cast call --rpc-url "$URL" "$LIC" 'balanceOf(address)(uint256)' $W)" 3 "cast: the wallet holds 3 licenses"
cat >>"$DEPINCTL_CONFIG" <<EOF
[aethir]
rpc = $URL
wallets = $W
token = $TOKEN
licenses = $LIC
from-block = 0
confirmations = 0
[glow]
rpc = $URL
wallets = $W
token = $TOKEN
from-block = 0
confirmations = 0
[energyweb]
rpc = $URL
wallets = $W, $OTHER
EOF
run --json devices --network aethir
expect_rc 0 "devices --network aethir"
is "$(j 'len(d["devices"])')" 4 "the ATH wallet and one row per license"
contains "$(j 'd["devices"][0]["detail"]')" "3 checker licenses" "the wallet's row counts them"
is "$(j 'sorted(x["id"] for x in d["devices"][1:])')" "['license-101', 'license-102', 'license-7']" "the license ids, read with tokenOfOwnerByIndex"
is "$(j 'd["devices"][0]["lifetime"][0]["amount"]')" "3.78" "ATH received (the test token)"
sed -i "s|^licenses = .*|licenses = $TOKEN|" "$DEPINCTL_CONFIG"
run --json devices --network aethir
expect_rc 0 "a license contract without tokenOfOwnerByIndex"
is "$(j 'len(d["devices"])')" 1 "the count alone, no invented ids"
contains "$(j 'd["devices"][0]["detail"]')" "3780000000000000000 checker licenses" "(balanceOf of the ERC-20 read as a count)"

run --json devices --network glow
expect_rc 0 "devices --network glow (the same token as GLW)"
is "$(j 'd["devices"][0]["lifetime"][0]["token"]'):$(j 'd["devices"][0]["lifetime"][0]["amount"]')" "GLW:3.78" "its own cache, the same figures"

cast send --rpc-url "$URL" --private-key "$K0" --value 1250000000000000000 $W >/dev/null 2>&1
run --json devices --network energyweb
expect_rc 0 "devices --network energyweb"
is "$(j 'd["devices"][0]["detail"]')" "balance 1.25 EWT" "the native balance (1.25 sent with cast)"
is "$(j 'd["devices"][1]["detail"]')" "balance 0 EWT" "an empty wallet"

# --- Glow bucket claims (tests/contracts/GlowMinerPool.sol), proofs made by
# @openzeppelin/merkle-tree's SimpleMerkleTree over the contract's leaves ----
export DEPINCTL_PASSWORD="$PW"
feed "$TESTJUNK\n" key import junk --mnemonic
expect_rc 0 "import the anvil mnemonic"
PBYTES=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["bytecode"])' "$srcdir/tests/fixtures/contracts/GlowMinerPool.json")
POOL=$(cast send --rpc-url "$URL" --private-key "$K0" --json --create "$PBYTES" "constructor(address)" "$TOKEN" 2>"$T/cast.err" |
	python3 -c 'import json,sys; print(json.load(sys.stdin)["contractAddress"])')
case $POOL in 0x*) ok 0 "cast deploys the Glow pool at $POOL" ;; *) ok 1 "cast deploys the Glow pool"; cat "$T/cast.err" ;; esac
A1=0x70997970C51812dc3A010C7d01b50e0d17dc79C8
A2=0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC
NODE_PATH="$TEST_PEERS/node_modules" node - "$T" "$A1" "$A2" <<'JS'
const { SimpleMerkleTree } = require('@openzeppelin/merkle-tree');
const { keccak256 } = require('ethereum-cryptography/keccak');
const fs = require('fs');
const [dir, a1, a2] = process.argv.slice(2);
const hex = (b) => '0x' + Buffer.from(b).toString('hex');
const word = (n) => BigInt(n).toString(16).padStart(64, '0');
const leaf = (a, g, u) => hex(keccak256(Buffer.from(a.slice(2).toLowerCase() + word(g) + word(u), 'hex')));
const rows = [[a1, 300, 7], [a2, 100, 0], ['0x90F79bf6EB2c4f870365E785982E1f101E93b906', 600, 1]];
const leaves = rows.map((r) => leaf(...r));
const tree = SimpleMerkleTree.of(leaves);
rows.forEach((r, i) => fs.writeFileSync(`${dir}/glow-${i + 1}.json`, JSON.stringify({
  bucket: 52, index: 0, glwWeight: String(r[1]), usdcWeight: String(r[2]), proof: tree.getProof(leaves[i]), root: tree.root })));
fs.writeFileSync(`${dir}/glow-root`, tree.root);
JS
ROOTG=$(cat "$T/glow-root")
cast send --rpc-url "$URL" --private-key "$K0" "$POOL" 'postReport(uint256,uint256,bytes32,uint256,uint256)' 52 0 "$ROOTG" 1000000000000000000000 1000 >/dev/null 2>&1
cast send --rpc-url "$URL" --private-key "$K0" "$TOKEN" 'transfer(address,uint256)' "$POOL" 1000000000000000000000 >/dev/null 2>&1
is "$(cast call --rpc-url "$URL" "$POOL" 'bucketRoot(uint256,uint256)(bytes32)' 52 0)" "$ROOTG" "the GCA posted bucket 52's root (cast)"
cat >>"$DEPINCTL_CONFIG" <<EOF
[depinctl]
key = junk
[network.anvil]
rpc = $URL
EOF
python3 - "$DEPINCTL_CONFIG" "$POOL" <<'PY'
import sys
p, pool = sys.argv[1], sys.argv[2]
s = open(p).read().replace("[glow]\n", "[glow]\nnetwork = anvil\ncontract = %s\n" % pool, 1)
open(p, "w").write(s)
PY
gbal() { cast call --rpc-url "$URL" "$TOKEN" 'balanceOf(address)(uint256)' "$1" | cut -d' ' -f1; }
nonce() { cast nonce --rpc-url "$URL" "$1"; }
run --json --dry-run claim --network glow --account 1 "$T/glow-1.json"
expect_rc 0 "a dry run of the bucket claim"
contains "$out" "bucket 52" "it names the bucket"
contains "$out" "GLW weight 300" "and the weights"
is "$(gbal $A1)" 0 "the dry run paid nothing"
run -y claim --network glow --account 1 --timeout 60 "$T/glow-1.json"
expect_rc 0 "account 1 claims bucket 52"
is "$(gbal $A1)" 300000000000000000000 "300 GLW paid: 1000 x 300 / 1000 (cast)"
is "$(cast call --rpc-url "$URL" "$POOL" 'hasUserClaimedFromBucket(uint256,address)(bool)' 52 $A1)" true "the pool marks the claim (cast)"
TXG=$("$DEPINCTL" --json tx list | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["txid"])')
echo "# gas used by a Glow bucket claim (proof of 2): $(cast receipt --rpc-url "$URL" "$TXG" gasUsed)"
n=$(nonce $A1)
run -y claim --network glow --account 1 --timeout 60 "$T/glow-1.json"
is "$(nonce $A1):$(gbal $A1)" "$n:300000000000000000000" "a second claim sends nothing and pays nothing (rc $rc)"
# another wallet with account 1's entry: the proof folds to another root
run -y claim --network glow --account 2 --timeout 60 "$T/glow-1.json"
expect_rc 5 "a proof that is not the wallet's is refused"
contains "$err" "not the file's root" "before anything is built"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); d.pop("root"); d["glwWeight"]="999"; json.dump(d,open(sys.argv[2],"w"))' "$T/glow-2.json" "$T/glow-bad.json"
n=$(nonce $A2)
run -y claim --network glow --account 2 --timeout 60 "$T/glow-bad.json"
expect_rc 5 "weights changed (no root in the file): the simulation refuses"
is "$(nonce $A2):$(gbal $A2)" "$n:0" "nothing signed, nothing paid"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); d["bucket"]=53; json.dump(d,open(sys.argv[2],"w"))' "$T/glow-2.json" "$T/glow-53.json"
run -y claim --network glow --account 2 --timeout 60 "$T/glow-53.json"
expect_rc 5 "a bucket without a report is refused"
run -y claim --network glow --account 2 --timeout 60 "$T/glow-2.json"
expect_rc 0 "account 2 claims its own entry"
is "$(gbal $A2)" 100000000000000000000 "100 GLW (cast)"
run -y claim --network glow --account 2 "$T/nonexistent.json"
expect_rc 3 "a missing claim file is not found"

done_testing
