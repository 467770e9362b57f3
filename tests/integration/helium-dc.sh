# depinctl dc (Helium data credits) against the LiteSVM validator
# (tests/peers/solana-validator.js) holding DataCreditsV0, a Pyth
# PriceUpdateV2, the HNT and DC mints and the wallet's token accounts, laid
# out by Anchor's coder (tests/fixtures/helium/dc/load-accounts.js). Every
# instruction built is decoded with Anchor's coder and Helium's published
# IDLs (tests/integration/anchor-decode.js); the expected figures and
# addresses come from the loader (BigInt, @solana/web3.js), not from
# depinctl.
. "$srcdir/tests/cli/lib.sh"
need_peers litesvm @solana/web3.js @coral-xyz/anchor @helium/idls
export DEPINCTL_PASSWORD="$PW"
own_binary
sv_pid=
cleanup() {
	[ -n "$sv_pid" ] && kill "$sv_pid" 2>/dev/null
	wait 2>/dev/null
	rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

load() { timeout 60 node "$srcdir/tests/fixtures/helium/dc/load-accounts.js" "$URL" "$ME" "$@"; }
decode() { timeout 60 node "$srcdir/tests/integration/anchor-decode.js" --idl data_credits "$@"; }
X() { echo "$EXP" | jq "$1"; }

start_validator --slot-ms 100
printf '[depinctl]\nnetwork = localnet\nkey = k\n\n[network.localnet]\nrpc = %s\n' "$URL" >"$DEPINCTL_CONFIG"
feed "$TESTJUNK\n" key import k --mnemonic
expect_rc 0 "import a key"
run --json key show k
ME=$(json_get "$out" solana)
EXP=$(load dc)
ok $? "accounts loaded with Anchor's coder"

# --- balance ----------------------------------------------------------------
run --json dc balance
expect_rc 0 "dc balance"
is "$(echo "$out" | jq dc)" 1000000 "1,000,000 DC"
is "$(echo "$out" | jq usd)" 10 "worth \$10 (\$1 = 100,000 DC)"
is "$(echo "$out" | jq account)" "$(X owner_dc_account)" "read from the wallet's DC token account"
run dc balance "$(X dao)"
expect_rc 0 "dc balance of an address without DC"
contains "$out" ": 0 DC" "0 DC"
run dc balance not-a-thing
expect_rc 2 "dc balance of neither a key nor an address"

# --- mint: the price maths ----------------------------------------------------
run --json dc mint --hnt 1.5 --dry-run
expect_rc 0 "dc mint --hnt 1.5 --dry-run"
is "$(echo "$out" | jq dc)" "$(X dc_for_1_5_hnt)" "1.5 HNT mints 150000000 x (ema - 2 conf) / 10^11 DC (loader's BigInt)"
is "$(echo "$out" | jq dc)" 764814 "= 764,814 DC (worked example: 5.12345678 - 2 x 0.01234567 = 5.09876544 USD/HNT)"
is "$(echo "$out" | jq price.usd_per_hnt)" 5.09876544 "the price the program uses is shown"
is "$(echo "$out" | jq price.account)" "$(X price_account)" "from the DataCreditsV0's price account"
is "$(echo "$out" | jq dry_run)" true "dry run"
B64=$(echo "$out" | jq transactions.0.base64)
D=$(decode "$B64")
ok $? "anchor-decode reads the transaction"
is "$(echo "$D" | jq transactions.0.instructions.0.name)" mintDataCreditsV0 "instruction: mintDataCreditsV0"
is "$(echo "$D" | jq transactions.0.instructions.0.args.args.hntAmount)" 150000000 "hntAmount 150000000"
is "$(echo "$D" | jq transactions.0.instructions.0.args.args.dcAmount)" null "dcAmount None"
A=transactions.0.instructions.0.accounts
is "$(echo "$D" | jq $A.dataCredits)" "$(X data_credits)" "account dataCredits"
is "$(echo "$D" | jq $A.hntPriceOracle)" "$(X price_account)" "account hntPriceOracle"
is "$(echo "$D" | jq $A.burner)" "$(X owner_hnt_account)" "account burner: the wallet's HNT account"
is "$(echo "$D" | jq $A.recipientTokenAccount)" "$(X owner_dc_account)" "account recipientTokenAccount"
is "$(echo "$D" | jq $A.recipient)" "$ME" "account recipient"
is "$(echo "$D" | jq $A.owner)" "$ME" "account owner"
is "$(echo "$D" | jq $A.hntMint)" hntyVP6YFm1Hg25TN9WGLqM12b8TQmcknKrdu1oxWux "account hntMint"
is "$(echo "$D" | jq $A.dcMint)" dcuc8Amr83Wz27ZkQ2K9NS6r8zRpf1J6cvArEBDZDmm "account dcMint"
is "$(echo "$D" | jq $A.circuitBreaker)" "$(X dc_breaker)" "account circuitBreaker"
is "$(echo "$D" | jq $A.circuitBreakerProgram)" circAbx64bbsscPbQzZAUvuXpHqrCe6fLMzc2uKXz9g "account circuitBreakerProgram"
is "$(echo "$D" | jq $A.tokenProgram)" TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA "account tokenProgram"
is "$(echo "$D" | jq $A.systemProgram)" 11111111111111111111111111111111 "account systemProgram"
is "$(echo "$D" | jq $A.associatedTokenProgram)" ATokenGPvbdGVxr1b2hvZbsiqW5xWH25efTNsLJA8knL "account associatedTokenProgram"
is "$(echo "$D" | jq transactions.0.instructions.0.missing)" "[]" "no account missing"
is "$(echo "$D" | jq transactions.0.signatures_valid)" false "--dry-run signs nothing (the signature slot is empty)"
size=$(echo "$D" | jq transactions.0.size)
[ "$size" -le 1232 ]; ok $? "the transaction fits a packet ($size bytes)"
run --json tx list
is "$(echo "$out" | jq 0)" null "--dry-run journals nothing"

run --json dc mint --dc 1000000 --dry-run
expect_rc 0 "dc mint --dc 1000000 --dry-run"
is "$(echo "$out" | jq hnt_base_units)" "$(X hnt_for_1m_dc)" "1,000,000 DC burns 10^17 / (ema - 2 conf) base units (loader's BigInt)"
is "$(echo "$out" | jq hnt)" 1.96125907 "= 1.96125907 HNT"
D=$(decode "$(echo "$out" | jq transactions.0.base64)")
is "$(echo "$D" | jq transactions.0.instructions.0.args.args.dcAmount)" 1000000 "dcAmount 1000000"
is "$(echo "$D" | jq transactions.0.instructions.0.args.args.hntAmount)" null "hntAmount None"
run dc mint --hnt 1.5 --dry-run
contains "$out" "5.09876544" "the human output shows the price"
contains "$out" "764814 DC" "and the DC expected before anything is confirmed"

# --- mint: refused --------------------------------------------------------------
for bad in 0 -1 abc 1.000000001 ""; do
	run dc mint --hnt "$bad" --dry-run
	expect_rc 2 "--hnt '$bad' refused"
done
run dc mint --dc 1.5 --dry-run
expect_rc 2 "--dc 1.5 refused (whole DC)"
run dc mint --hnt 1 --dc 5 --dry-run
expect_rc 2 "--hnt and --dc together refused"
run dc mint --dry-run
expect_rc 2 "neither --hnt nor --dc refused"
run dc mint --hnt 11 --dry-run
expect_rc 1 "more HNT than the wallet holds refused"
contains "$err" "not enough HNT" "saying so"
run dc mint --hnt 1.5
expect_rc 5 "without a terminal and without --yes nothing is signed"
load stale >/dev/null
run dc mint --hnt 1.5 --dry-run
expect_rc 5 "a price published an hour ago is refused (the program allows 10 minutes)"
contains "$err" "older than 600 s" "saying why"
load legacy >/dev/null
run dc mint --hnt 1.5 --dry-run
expect_rc 5 "a price account of the legacy Pyth receiver is refused (the program accepts only the pro receiver)"
contains "$err" "not the Pyth receiver" "saying so"
load price >/dev/null
run dc mint --hnt 1.5 --dry-run
expect_rc 0 "a fresh price again: accepted"
run --json tx list
is "$(echo "$out" | jq 0)" null "nothing journaled by refusals"

# --- delegate -------------------------------------------------------------------
R=$(X router)
run --json dc delegate --subnetwork iot "$R" 1000 --dry-run
expect_rc 0 "dc delegate --subnetwork iot ROUTER 1000 --dry-run"
D=$(decode "$(echo "$out" | jq transactions.0.base64)")
is "$(echo "$D" | jq transactions.0.instructions.0.name)" delegateDataCreditsV0 "instruction: delegateDataCreditsV0"
is "$(echo "$D" | jq transactions.0.instructions.0.args.args.amount)" 1000 "amount 1000"
is "$(echo "$D" | jq transactions.0.instructions.0.args.args.routerKey)" "$R" "routerKey"
A=transactions.0.instructions.0.accounts
is "$(echo "$D" | jq $A.delegatedDataCredits)" "$(X delegated_data_credits)" "account delegatedDataCredits (sha256 of the router key)"
is "$(echo "$D" | jq $A.dataCredits)" "$(X data_credits)" "account dataCredits"
is "$(echo "$D" | jq $A.dcMint)" dcuc8Amr83Wz27ZkQ2K9NS6r8zRpf1J6cvArEBDZDmm "account dcMint"
is "$(echo "$D" | jq $A.dao)" "$(X dao)" "account dao"
is "$(echo "$D" | jq $A.subDao)" "$(X iot_sub_dao)" "account subDao: IOT"
is "$(echo "$D" | jq $A.owner)" "$ME" "account owner"
is "$(echo "$D" | jq $A.fromAccount)" "$(X owner_dc_account)" "account fromAccount"
is "$(echo "$D" | jq $A.escrowAccount)" "$(X escrow)" "account escrowAccount"
is "$(echo "$D" | jq $A.payer)" "$ME" "account payer"
run dc delegate --subnetwork lora "$R" 1000 --dry-run
expect_rc 2 "an unknown subnetwork refused"
run dc delegate --subnetwork mobile "$R" 0 --dry-run
expect_rc 2 "0 DC refused"
run dc delegate --subnetwork mobile "$R" 2000000 --dry-run
expect_rc 1 "more DC than held refused"
run dc delegate "$R" 1000 --dry-run
expect_rc 2 "--subnetwork is required"

# --- sending (the validator checks Helium transactions for real and records them) ----
python3 -c 'import json,sys,urllib.request
body = json.dumps({"jsonrpc": "2.0", "id": 1, "method": "requestAirdrop", "params": [sys.argv[2], 2000000000]}).encode()
urllib.request.urlopen(urllib.request.Request(sys.argv[1], body, {"Content-Type": "application/json"}), timeout=30).read()' \
	"$URL" "$ME"
run -y --json dc mint --hnt 1.5
expect_rc 0 "dc mint --hnt 1.5 sent"
is "$(echo "$out" | jq transactions.0.status)" confirmed "confirmed"
TXID=$(echo "$out" | jq transactions.0.txid)
run --json tx list
is "$(echo "$out" | jq 0.txid)" "$TXID" "journaled"
is "$(echo "$out" | jq 0.purpose)" dc-mint "as a DC mint"
J=$(python3 -c 'import base64,sqlite3,sys
db = sqlite3.connect(sys.argv[1])
r = db.execute("SELECT raw FROM tx WHERE purpose = ? ORDER BY id DESC LIMIT 1", ("dc-mint",)).fetchone()
print(base64.b64encode(r[0]).decode() if r else "")' "$DEPINCTL_HOME/journal.db")
D=$(decode "$J")
is "$(echo "$D" | jq transactions.0.signatures_valid)" true "its signature verifies (tweetnacl)"
is "$(echo "$D" | jq transactions.0.fee_payer)" "$ME" "fee payer: the wallet"
is "$(echo "$D" | jq transactions.0.instructions.0.args.args.hntAmount)" 150000000 "it burns what was shown: 150000000"
done_testing
