# The generic Merkle-distributor claim (depinctl claim --network merkle FILE)
# against tests/contracts/MerkleDistributor.sol (Uniswap's interface) on
# anvil, with a claim file whose proofs @openzeppelin/merkle-tree made
# (tests/fixtures/weatherxm/uniswap.json): the claim is paid (balance and
# isClaimed through cast), a second claim is refused before sending, a bad
# proof and a file for another root are refused locally (no transaction:
# the nonce does not move), an account not in the file has nothing to claim.
. "$srcdir/tests/cli/lib.sh"
own_binary
need_cast
export DEPINCTL_PASSWORD="$PW"
anvil_pid=
proxy_pid=
cleanup() {
	exec 9>&- 2>/dev/null
	for p in $proxy_pid $anvil_pid; do kill "$p" 2>/dev/null; done
	wait 2>/dev/null
	rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP
cast() { timeout 30 "$CAST" "$@"; }
FX="$srcdir/tests/fixtures"
sh "$TEST_PEERS/start-anvil.sh" >"$T/anvil.out" 2>"$T/anvil.err" </dev/null &
anvil_pid=$!
i=0
while [ ! -s "$T/anvil.out" ] && [ $i -lt 300 ]; do sleep 0.1; i=$((i + 1)); done
URL=$(head -n 1 "$T/anvil.out")
case $URL in http://127.0.0.1:[0-9]*) ok 0 "anvil runs at $URL" ;; *) echo "Bail out! anvil did not start"; exit 1 ;; esac
K0=0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80
A1=0x70997970C51812dc3A010C7d01b50e0d17dc79C8
A2=0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC
bytecode() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["bytecode"])' "$FX/contracts/$1.json"; }
deploy() { # deploy NAME SIG ARGS...
	local name=$1
	shift
	cast send --rpc-url "$URL" --private-key "$K0" --json --create "$(bytecode "$name")" "$@" 2>"$T/cast.err" |
		python3 -c 'import json,sys; print(json.load(sys.stdin)["contractAddress"])'
}
ROOT=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["merkleRoot"])' "$FX/weatherxm/uniswap.json")
TOKEN=$(deploy TestToken "constructor(string,string,uint8,uint256)" "Drop Token" DROP 18 2000000000000000000000)
DIST=$(deploy MerkleDistributor "constructor(address,bytes32)" "$TOKEN" "$ROOT")
case $DIST in 0x*) ok 0 "MerkleDistributor deployed at $DIST (root $ROOT)" ;; *) ok 1 "deploy"; cat "$T/cast.err" ;; esac
cast send --rpc-url "$URL" --private-key "$K0" "$TOKEN" "transfer(address,uint256)" "$DIST" 1500000000000000000000 >/dev/null
tbal() { cast call --rpc-url "$URL" "$TOKEN" 'balanceOf(address)(uint256)' "$1" | cut -d' ' -f1; }
claimed() { cast call --rpc-url "$URL" "$DIST" 'isClaimed(uint256)(bool)' "$1"; }
nonce() { cast nonce --rpc-url "$URL" "$1"; }

feed "$TESTJUNK\n" key import junk --mnemonic
expect_rc 0 "import the anvil mnemonic"
cat >"$DEPINCTL_CONFIG" <<CONF
[depinctl]
key = junk
[network.anvil]
rpc = $URL
[merkle]
network = anvil
contract = $DIST
CONF
F="$FX/weatherxm/uniswap.json"

run --json --dry-run claim --network merkle --account 1 "$F"
expect_rc 0 "dry run"
contains "$out" '"amount"' "the dry run shows the amount"
contains "$out" "250" "250 DROP for account 1"
is "$(tbal $A1)" 0 "the dry run paid nothing"

run -y claim --network merkle --account 1 --timeout 60 "$F"
expect_rc 0 "account 1 claims"
is "$(tbal $A1)" 250000000000000000000 "account 1 holds 250 DROP (cast)"
is "$(claimed 1)" true "isClaimed(1) is true (cast)"
TX=$("$DEPINCTL" --json tx list | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["txid"])')
GAS=$(cast receipt --rpc-url "$URL" "$TX" gasUsed)
echo "# gas used by a MerkleDistributor claim (proof of 2): $GAS"

n=$(nonce $A1)
run -y claim --network merkle --account 1 --timeout 60 "$F"
expect_rc 0 "a second claim: nothing to do"
contains "$out" "already" "it says the claim is already made"
is "$(nonce $A1)" "$n" "nothing was sent (nonce unchanged)"
is "$(tbal $A1)" 250000000000000000000 "and nothing more paid"

# a bad proof: the last hex digit of account 2's first proof item changed
python3 - "$F" "$T/bad.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
p = d["claims"]["0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC"]["proof"]
p[0] = p[0][:-1] + ("0" if p[0][-1] != "0" else "1")
json.dump(d, open(sys.argv[2], "w"))
PY
n=$(nonce $A2)
run -y claim --network merkle --account 2 --timeout 60 "$T/bad.json"
expect_rc 5 "a bad proof is refused"
contains "$err" "does not verify against the distributor's merkleRoot" "it says why"
is "$(nonce $A2)" "$n" "refused before sending (nonce unchanged)"
is "$(tbal $A2)" 0 "and nothing paid"

# an amount raised in the file: its leaf no longer matches the proof
python3 - "$F" "$T/more.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
d["claims"]["0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC"]["amount"] = "0x1000"
json.dump(d, open(sys.argv[2], "w"))
PY
run -y claim --network merkle --account 2 --timeout 60 "$T/more.json"
expect_rc 5 "a raised amount is refused"
is "$(nonce $A2)" "$n" "refused before sending"

# a file for another root
python3 - "$F" "$T/other.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
d["merkleRoot"] = "0x" + "ab" * 32
json.dump(d, open(sys.argv[2], "w"))
PY
run -y claim --network merkle --account 2 --timeout 60 "$T/other.json"
expect_rc 5 "a file for another root is refused"
contains "$err" "refusing it" "it names both roots"

# not in the file
run -y claim --network merkle --account 6 --timeout 60 "$F"
expect_rc 0 "an account not in the file"
contains "$out" "not in the claim file" "has nothing to claim"

# hostile and missing files
printf '{"claims": {"0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC": {"index": 2, "amount": "3", "proof": ["0x12"]}}}' >"$T/h.json"
run -y claim --network merkle --account 2 "$T/h.json"
expect_rc 2 "a malformed proof item is a usage error"
contains "$err" "proof item 1 is not a 32-byte hash" "naming the item"
run -y claim --network merkle --account 2 "$T/none.json"
expect_rc 3 "a missing file"

# through the fault proxy: the claim's broadcast lost before the node
# saw it (drop), and its reply lost after (drop-reply): each paid once, one
# journal entry each (the same bytes broadcast again, never a second claim)
mkfifo "$T/proxy.in"
node "$srcdir/tests/integration/fault-proxy.js" "$URL" <"$T/proxy.in" >"$T/proxy.out" 2>"$T/proxy.err" &
proxy_pid=$!
exec 9>"$T/proxy.in"
i=0
while [ ! -s "$T/proxy.out" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
PROXY="http://127.0.0.1:$(sed -n 's/^PORT //p' "$T/proxy.out")"
mode() { curl -s "$PROXY/mode/$1" >/dev/null; }
A0=0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266
A3=0x90F79bf6EB2c4f870365E785982E1f101E93b906
jfrom() { "$DEPINCTL" --json tx list | python3 -c 'import json,sys; print(sum(1 for t in json.load(sys.stdin) if t["from"].lower()==sys.argv[1].lower()))' "$1"; }
cat >>"$DEPINCTL_CONFIG" <<CONF
rpc = $PROXY
CONF
mode "drop?method=eth_sendRawTransaction&count=1"
run -y claim --network merkle --account 3 --timeout 60 "$F"
expect_rc 0 "account 3 claims though its first broadcast was lost"
is "$(tbal $A3)" 42000000000000000000 "account 3 holds 42 DROP (cast)"
is "$(jfrom $A3)" 1 "one journal entry"
mode "drop-reply?method=eth_sendRawTransaction&count=1"
run -y claim --network merkle --account 0 --timeout 60 "$F"
expect_rc 0 "account 0 claims though the reply to its broadcast was lost"
is "$(tbal $A0)" 1500000000000000000000 "account 0 (the deployer, 500 DROP left) holds 1000 DROP more (cast)"
is "$(jfrom $A0)" 1 "one journal entry"
is "$(claimed 0)" true "isClaimed(0)"
# account 2 with the good file, its receipt answered as null six times while
# its nonce is used (a node that shows the nonce first): confirmed, not taken
# as replaced
mode "null-result?method=eth_getTransactionReceipt&count=6"
run -y claim --network merkle --account 2 --timeout 60 "$F"
expect_rc 0 "account 2 claims with the good file"
is "$(curl -s "$PROXY/stats" | python3 -c 'import json,sys; print(json.load(sys.stdin)["faults"])')" 6 "six receipt requests were answered with null"
is "$(tbal $A2)" 3 "account 2 holds 3 units (cast)"
is "$(jfrom $A2)" 1 "one journal entry"
mode pass

# the claim file as a setting, claimed with --all
cat >>"$DEPINCTL_CONFIG" <<CONF
claim-file = $F
CONF
run -y claim --network merkle --all --account 1 --timeout 60
expect_rc 0 "--all with the claim-file setting"
contains "$out" "already claimed" "account 1's claim is already made"
done_testing
