# Native Solana staking for real on the LiteSVM validator
# (tests/peers/solana-validator.js runs the real Stake program): create a
# stake account (random keypair and with a seed), delegate it to a vote
# account, warp an epoch and see it active, split it, deactivate it, see a
# withdrawal of delegated stake refused by the program, warp and withdraw.
# Every step is checked through the validator's own RPC (getAccountInfo
# jsonParsed, getBalance, depinctl_stats), not through depinctl.
. "$srcdir/tests/cli/lib.sh"
own_binary
need_peers litesvm @solana/web3.js
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
lamports() { rpc getBalance "[\"$1\"]" | jq value; }
parsed() { rpc getAccountInfo "[\"$1\", {\"encoding\": \"jsonParsed\"}]" | jq "value.data.parsed.$2"; }
sends() { rpc depinctl_stats '[]' | jq sends; }
epoch() { rpc getEpochInfo '[]' | jq epoch; }
# stake VERB ARGS...: depinctl -y --json stake --network solana, bounded in time.
stake() {
	timeout 150 "$DEPINCTL" -y --json stake --network solana "$@" <"$IN" >"$T/out" 2>"$T/err"
	rc=$?
	out=$(cat "$T/out")
	err=$(cat "$T/err")
}
state_of() { # state_of ADDRESS: its state in `stake list --json`
	stake list
	python3 -c 'import json,sys
d=json.loads(sys.argv[1])
print(next((a["state"] for a in d["stake_accounts"] if a["address"] == sys.argv[2]), "none"))' "$out" "$1" 2>/dev/null
}

start_validator --slot-ms 100
printf '[depinctl]\nkey = k\n\n[solana]\nrpc = %s\n' "$URL" >"$DEPINCTL_CONFIG"
feed "$TESTJUNK\n" key import k --mnemonic
expect_rc 0 "import a key"
run --json key show k
ME=$(json_get "$out" solana)
rpc requestAirdrop "[\"$ME\", 10000000000]" >/dev/null
is "$(lamports "$ME")" 10000000000 "airdrop 10 SOL"
VOTE=$(rpc depinctl_createVoteAccount '{}' | jq votePubkey)
[ -n "$VOTE" ] && [ "$VOTE" != null ]
ok $? "a vote account ($VOTE)"

stake list
expect_rc 0 "stake list with no stake accounts"
is "$(echo "$out" | jq stake_accounts.0)" null "lists none"

# --- create ------------------------------------------------------------------
RENT=$(rpc getMinimumBalanceForRentExemption '[200]')
stake create 3
expect_rc 0 "stake create 3"
S1=$(echo "$out" | jq stake_account)
is "$(rpc getAccountInfo "[\"$S1\", {\"encoding\": \"base64\"}]" | jq value.owner)" Stake11111111111111111111111111111111111111 \
	"the new account belongs to the Stake program"
is "$(lamports "$S1")" 3000000000 "it holds 3 SOL"
is "$(parsed "$S1" type)" initialized "the Stake program has it initialized"
is "$(parsed "$S1" info.meta.authorized.staker)" "$ME" "staker: the wallet"
is "$(parsed "$S1" info.meta.authorized.withdrawer)" "$ME" "withdrawer: the wallet"
is "$(parsed "$S1" info.meta.rentExemptReserve)" "$RENT" "its rent reserve is the validator's for 200 bytes"
is "$(lamports "$ME")" $((10000000000 - 3000000000 - 10000)) "the wallet paid 3 SOL and two signatures' fees"

# --- delegate ------------------------------------------------------------------
E0=$(epoch)
stake delegate "$S1" "$VOTE"
expect_rc 0 "stake delegate"
is "$(parsed "$S1" type)" delegated "the Stake program has it delegated"
is "$(parsed "$S1" info.stake.delegation.voter)" "$VOTE" "to the vote account"
is "$(parsed "$S1" info.stake.delegation.activationEpoch)" "$E0" "activating in epoch $E0"
is "$(parsed "$S1" info.stake.delegation.stake)" $((3000000000 - RENT)) "delegating all but the rent reserve"
is "$(state_of "$S1")" activating "stake list: activating"
rpc depinctl_warp '{"epochs": 1}' >/dev/null
is "$(state_of "$S1")" active "after one epoch: active"
stake list
is "$(echo "$out" | jq stake_accounts.0.active)" "$(python3 -c "print(f'{(3000000000 - $RENT) / 1e9:.9f}'.rstrip('0').rstrip('.'))")" \
	"its active stake is the delegation"

# --- split --------------------------------------------------------------------
stake split "$S1" 1
expect_rc 0 "stake split 1 SOL"
S2=$(echo "$out" | jq stake_account)
is "$(lamports "$S1")" 2000000000 "the first account keeps 2 SOL"
is "$(lamports "$S2")" $((1000000000 + RENT)) "the new one: 1 SOL and the rent reserve the wallet funded"
is "$(parsed "$S2" info.stake.delegation.voter)" "$VOTE" "the new one is delegated to the same vote account"
is "$(parsed "$S2" info.stake.delegation.stake)" 1000000000 "with 1 SOL of stake"
is "$(state_of "$S2")" active "and is active"

# --- deactivate, a refused withdrawal, warp, withdraw --------------------------
E1=$(epoch)
stake deactivate "$S1"
expect_rc 0 "stake deactivate"
is "$(parsed "$S1" info.stake.delegation.deactivationEpoch)" "$E1" "deactivating from epoch $E1"
is "$(state_of "$S1")" deactivating "stake list: deactivating"
stake deactivate "$S1"
expect_rc 2 "deactivating it again is refused before anything is signed"
n=$(sends)
stake withdraw "$S1" max
expect_rc 1 "withdrawing deactivating stake fails"
contains "$err" "insufficient funds" "the Stake program refuses it in preflight ($(echo "$err" | head -c 120))"
is "$(lamports "$S1")" 2000000000 "nothing left the stake account"
rpc depinctl_warp '{"epochs": 1}' >/dev/null
is "$(state_of "$S1")" inactive "after another epoch: inactive"
before=$(lamports "$ME")
stake withdraw "$S1" max
expect_rc 0 "stake withdraw max"
is "$(rpc getAccountInfo "[\"$S1\"]" | jq value)" null "the emptied stake account is gone"
is "$(lamports "$ME")" $((before + 2000000000 - 5000)) "the wallet got its 2 SOL back (less the fee)"

# --- create with a seed ------------------------------------------------------
stake create 1.5 --seed depinctl-1
expect_rc 0 "stake create --seed"
S3=$(echo "$out" | jq stake_account)
WANT=$(node -e 'const w=require("@solana/web3.js");w.PublicKey.createWithSeed(new w.PublicKey(process.argv[1]),"depinctl-1",w.StakeProgram.programId).then(k=>console.log(k.toBase58()))' "$ME")
is "$S3" "$WANT" "its address is web3.js's createWithSeed(wallet, seed, Stake)"
is "$(lamports "$S3")" 1500000000 "it holds 1.5 SOL"
is "$(parsed "$S3" type)" initialized "initialized by the Stake program"

# --- refusals and the dry run ------------------------------------------------
n=$(sends)
"$DEPINCTL" --dry-run --json stake --network solana deactivate "$S2" >"$T/out" 2>"$T/err" </dev/null
rc=$?
out=$(cat "$T/out")
expect_rc 0 "--dry-run deactivate simulates"
is "$(echo "$out" | jq dry_run)" true "and says so"
is "$(sends)" "$n" "nothing was sent"
is "$(parsed "$S2" info.stake.delegation.deactivationEpoch)" 18446744073709551615 "S2 is still not deactivated"
stake delegate "$S1" "$VOTE"
expect_rc 3 "delegating an account that no longer exists: not found"
stake delegate "$VOTE" "$VOTE"
expect_rc 2 "a vote account is not a stake account"
stake withdraw "$S2" 100
expect_rc 2 "withdrawing more than the account holds"
stake split "$S2" 0
expect_rc 2 "splitting 0"
"$DEPINCTL" --json stake --network solana deactivate "$S2" >"$T/out" 2>"$T/err" </dev/null
rc=$?
expect_rc 5 "without -y and no terminal: refused"
is "$(sends)" "$n" "still nothing sent"

# --- the journal: every transaction was written before it was broadcast ---------
run --json tx list
n_conf=$(python3 -c 'import json,sys
d=json.loads(sys.argv[1]); d=d if isinstance(d,list) else d.get("transactions",[])
print(len([t for t in d if t.get("purpose")=="stake" and t.get("status")=="confirmed"]))' "$out" 2>&1)
is "$n_conf" 6 "the journal holds the 6 confirmed stake transactions (create, delegate, split, deactivate, withdraw, create)"
n_bad=$(python3 -c 'import json,sys
d=json.loads(sys.argv[1]); d=d if isinstance(d,list) else d.get("transactions",[])
print(len([t for t in d if t.get("purpose")=="stake" and t.get("status")!="confirmed"]))' "$out" 2>&1)
is "$n_bad" 1 "and the refused withdrawal, not confirmed"

# --- devices: the adapter's refresh ------------------------------------------
run --json devices --network solana
expect_rc 0 "devices --network solana"
cnt=$(python3 -c 'import json,sys; print(len([d for d in json.loads(sys.argv[1])["devices"] if d.get("network") == "solana"]))' "$out" 2>/dev/null)
is "$cnt" 2 "two stake accounts (the split one and the seeded one)"
contains "$out" "$S2" "the split account is listed"

done_testing
