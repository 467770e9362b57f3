# depinctl stake --network helium (veHNT) against the LiteSVM validator
# holding a DAO, its registrar and proxy seasons, three position NFTs and
# their PositionV0 / DelegatedPositionV0 accounts and two DAO epoch infos,
# laid out by Anchor's coder (tests/fixtures/helium/dc/load-accounts.js
# with tests/fixtures/helium/vehnt/accounts.json). Expected veHNT, pending
# rewards and addresses come from the loader (BigInt, @solana/web3.js);
# every instruction built is decoded with Anchor's coder and Helium's IDLs.
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

decode() { timeout 60 node "$srcdir/tests/integration/anchor-decode.js" \
	--idl voter_stake_registry,helium_sub_daos "$@"; }
X() { echo "$EXP" | jq "$1"; }
# units N: a base-unit figure (8 decimals) as depinctl prints it
units() { python3 -c 'import sys
from decimal import Decimal
s = format(Decimal(sys.argv[1]) / Decimal(10**8), "f")
print(s.rstrip("0").rstrip(".") if "." in s else s)' "$1"; }
# pda SEED... PROGRAM: an address derived with @solana/web3.js (seeds:
# text, b58:KEY or u64:N)
pda() { timeout 30 node -e '
const web3 = require("@solana/web3.js");
const a = process.argv.slice(1), prog = new web3.PublicKey(a.pop());
const seeds = a.map((s) => s.startsWith("b58:") ? new web3.PublicKey(s.slice(4)).toBuffer()
	: s.startsWith("u64:") ? (() => { const b = Buffer.alloc(8); b.writeBigUInt64LE(BigInt(s.slice(4))); return b; })()
	: Buffer.from(s));
console.log(web3.PublicKey.findProgramAddressSync(seeds, prog)[0].toBase58());' "$@"; }
HSD=hdaoVTCqhfHHo75XdAMxBKdUqvq1i5bF23sisBqVgGR
VSR=hvsrNC3NKbcryqDs2DocYHZ9yPKEVzdSjQG6RVtK1s8

# the verbs: through `depinctl stake --network helium` once the Helium
# adapter lists them, else through the same functions (helium-stake-driver)
if "$DEPINCTL" stake --network helium no-such-verb 2>&1 | grep -q "unknown stake verb"; then
	stake() { run stake --network helium "$@" --rpc "$URL"; }
	echo "# through depinctl stake --network helium"
else
	cp "${DRIVER:-./tests/unit/helium-stake-driver}" "$T/driver" || exit 1
	DRIVER=$T/driver
	stake() { "$DRIVER" "$@" --rpc "$URL" <"$IN" >"$T/out" 2>"$T/err"; rc=$?; out=$(cat "$T/out"); err=$(cat "$T/err"); }
	echo "# through tests/unit/helium-stake-driver (the adapter does not list helium_stake_verbs yet)"
fi

start_validator --slot-ms 100
printf '[depinctl]\nnetwork = localnet\nkey = k\n\n[network.localnet]\nrpc = %s\n' "$URL" >"$DEPINCTL_CONFIG"
feed "$TESTJUNK\n" key import k --mnemonic
expect_rc 0 "import a key"
run --json key show k
ME=$(json_get "$out" solana)
EXP=$(timeout 60 node "$srcdir/tests/fixtures/helium/dc/load-accounts.js" "$URL" "$ME" dc vehnt)
ok $? "accounts loaded with Anchor's coder"
EP=$(X epoch)

# --- list -------------------------------------------------------------------------
stake list --json
expect_rc 0 "stake list"
is "$(echo "$out" | jq positions | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')" 3 "three positions"
# the position of a name: its index in the list
P() { echo "$out" | python3 -c 'import json,sys
ps = json.load(sys.stdin)["positions"]
m = sys.argv[1]
print(next(i for i, p in enumerate(ps) if p["mint"] == m))' "$(X positions.$1.mint)"; }
b=$(P b)
is "$(echo "$out" | jq positions.$b.lockup)" constant "b: constant lockup"
is "$(echo "$out" | jq positions.$b.hnt)" 250 "b: 250 HNT"
is "$(echo "$out" | jq positions.$b.vehnt)" "$(units "$(X positions.b.vehnt_at_load)")" "b: veHNT as the loader computes it"
is "$(echo "$out" | jq positions.$b.vehnt)" 12500 "b: 12,500 veHNT (250 x 100 x 730/1460)"
is "$(echo "$out" | jq positions.$b.delegated)" iot "b: delegated to IOT"
is "$(echo "$out" | jq positions.$b.pending_hnt)" "$(units "$(X positions.b.pending)")" "b: pending rewards as the loader computes them"
is "$(echo "$out" | jq positions.$b.pending_hnt)" 875 "b: 875 HNT (500 + 375 over two epochs)"
is "$(echo "$out" | jq positions.$b.unclaimed_epochs)" "[$((EP - 3)), $((EP - 1))]" "b: epochs -3 and -1 unclaimed (-2 in the bitmap)"
a=$(P a)
is "$(echo "$out" | jq positions.$a.lockup)" cliff "a: cliff lockup"
is "$(echo "$out" | jq positions.$a.delegated)" - "a: not delegated"
is "$(echo "$out" | jq positions.$a.end_ts)" "$(X positions.a.end)" "a: its lockup end"
c=$(P c)
is "$(echo "$out" | jq positions.$c.delegated)" mobile "c: delegated to MOBILE"
is "$(echo "$out" | jq positions.$c.pending_hnt)" 0 "c: nothing pending"
stake list
expect_rc 0 "stake list (table)"
contains "$out" "DELEGATED" "a table"
contains "$out" "12500" "with b's veHNT"

# --- create -------------------------------------------------------------------------
stake create --json --dry-run --amount 2.5 --days 365 --kind constant
expect_rc 0 "create --amount 2.5 --days 365 --kind constant --dry-run"
is "$(echo "$out" | jq transactions.0.signers)" 2 "two signers: the wallet and the new position mint"
NEWMINT=$(echo "$out" | jq mint)
D=$(decode "$(echo "$out" | jq transactions.0.base64)")
ok $? "anchor-decode reads it"
I=transactions.0.instructions
is "$(echo "$D" | jq $I.0.name)" initializePositionV0 "instruction 1: initializePositionV0"
is "$(echo "$D" | jq $I.0.args.args.kind)" '{"constant": {}}' "kind constant"
is "$(echo "$D" | jq $I.0.args.args.periods)" 365 "365 periods (days)"
is "$(echo "$D" | jq $I.0.accounts.registrar)" "$(X registrar)" "registrar"
is "$(echo "$D" | jq $I.0.accounts.collection)" "$(X collection)" "collection (the registrar's)"
is "$(echo "$D" | jq $I.0.accounts.mint)" "$NEWMINT" "mint: the new position NFT"
is "$(echo "$D" | jq $I.0.accounts.position)" "$(pda position b58:$NEWMINT $VSR)" "position PDA"
is "$(echo "$D" | jq $I.0.accounts.recipient)" "$ME" "recipient: the wallet"
is "$(echo "$D" | jq $I.0.accounts.payer)" "$ME" "payer: the wallet"
is "$(echo "$D" | jq $I.0.accounts.depositMint)" hntyVP6YFm1Hg25TN9WGLqM12b8TQmcknKrdu1oxWux "depositMint: HNT"
is "$(echo "$D" | jq $I.0.missing)" "[]" "no account missing"
is "$(echo "$D" | jq $I.1.name)" depositV0 "instruction 2: depositV0"
is "$(echo "$D" | jq $I.1.args.args.amount)" 250000000 "amount 250000000 (2.5 HNT)"
is "$(echo "$D" | jq $I.1.accounts.depositToken)" "$(X owner_hnt_account)" "from the wallet's HNT account"
is "$(echo "$D" | jq $I.1.accounts.depositAuthority)" "$ME" "depositAuthority: the wallet"
is "$(echo "$D" | jq $I.1.accounts.vault)" "$(echo "$D" | jq $I.0.accounts.vault)" "the vault initialised"
stake create --dry-run --amount 2.5 --days 0
expect_rc 2 "0 days refused"
stake create --dry-run --amount 2.5 --days 30 --kind none
expect_rc 2 "kind none refused"
stake create --dry-run --amount 11 --days 30
expect_rc 1 "more HNT than held refused"

# --- delegate / undelegate -------------------------------------------------------------
AM=$(X positions.a.mint)
AP=$(X positions.a.position)
stake delegate --json --dry-run "$AM" --subnetwork mobile
expect_rc 0 "delegate a --subnetwork mobile --dry-run"
D=$(decode "$(echo "$out" | jq transactions.0.base64)")
is "$(echo "$D" | jq $I.0.name)" delegateV0 "instruction: delegateV0"
is "$(echo "$D" | jq $I.0.accounts.position)" "$AP" "position"
is "$(echo "$D" | jq $I.0.accounts.mint)" "$AM" "mint"
is "$(echo "$D" | jq $I.0.accounts.positionAuthority)" "$ME" "positionAuthority: the wallet"
is "$(echo "$D" | jq $I.0.accounts.subDao)" "$(X sub_daos.mobile)" "subDao: MOBILE"
is "$(echo "$D" | jq $I.0.accounts.dao)" "$(X dao)" "dao"
is "$(echo "$D" | jq $I.0.accounts.subDaoEpochInfo)" "$(pda sub_dao_epoch_info b58:$(X sub_daos.mobile) u64:$EP $HSD)" \
	"subDaoEpochInfo of the current epoch"
AE=$(X positions.a.end)
SE=$(X season_end)
[ "$SE" -lt "$AE" ]; ok $? "the fixture's season ends before a's lockup"
CL=$((SE / 86400))
is "$(echo "$D" | jq $I.0.accounts.closingTimeSubDaoEpochInfo)" \
	"$(pda sub_dao_epoch_info b58:$(X sub_daos.mobile) u64:$CL $HSD)" "closing epoch: the proxy season's end (before the lockup's)"
is "$(echo "$D" | jq $I.0.accounts.delegatedPosition)" "$(pda delegated_position b58:$AP $HSD)" "delegatedPosition PDA"
is "$(echo "$D" | jq $I.0.accounts.proxyConfig)" "$(X proxy_config)" "proxyConfig (the registrar's)"
is "$(echo "$D" | jq $I.0.missing)" "[]" "no account missing"
stake delegate --dry-run "$(X positions.b.mint)" --subnetwork mobile
expect_rc 5 "a delegated position cannot be delegated again"
stake delegate --dry-run "$AM" --subnetwork lora
expect_rc 2 "an unknown subnetwork refused"
stake delegate --dry-run "$ME" --subnetwork iot
expect_rc 3 "a position the wallet does not hold: not found"

stake undelegate --dry-run "$(X positions.b.mint)"
expect_rc 5 "undelegate refused while rewards are unclaimed"
contains "$err" "not all claimed" "saying so"
CM=$(X positions.c.mint)
stake undelegate --json --dry-run "$CM"
expect_rc 0 "undelegate c --dry-run"
D=$(decode "$(echo "$out" | jq transactions.0.base64)")
is "$(echo "$D" | jq $I.0.name)" closeDelegationV0 "instruction: closeDelegationV0"
is "$(echo "$D" | jq $I.0.accounts.delegatedPosition)" "$(X positions.c.delegated_position)" "delegatedPosition"
is "$(echo "$D" | jq $I.0.accounts.subDao)" "$(X sub_daos.mobile)" "subDao: MOBILE"
CL=$(( $(X positions.c.expiration) / 86400 ))
is "$(echo "$D" | jq $I.0.accounts.closingTimeSubDaoEpochInfo)" \
	"$(pda sub_dao_epoch_info b58:$(X sub_daos.mobile) u64:$CL $HSD)" "closing epoch of the delegation"
is "$(echo "$D" | jq $I.0.missing)" "[]" "no account missing"

# --- claim ----------------------------------------------------------------------------------
stake claim --json --dry-run
expect_rc 0 "claim --dry-run"
is "$(echo "$out" | jq pending_hnt)" 875 "875 HNT to claim"
D=$(decode "$(echo "$out" | jq transactions.0.base64)")
is "$(echo "$D" | jq $I.0.name)" claimRewardsV1 "instruction: claimRewardsV1"
is "$(echo "$D" | jq $I.0.args.args.epoch)" $((EP - 3)) "epoch -3"
is "$(echo "$D" | jq $I.1.args.args.epoch)" $((EP - 1)) "epoch -1"
is "$(echo "$D" | jq $I.2)" null "nothing else (epoch -2 was claimed)"
is "$(echo "$D" | jq $I.0.accounts.daoEpochInfo)" "$(pda dao_epoch_info b58:$(X dao) u64:$((EP - 3)) $HSD)" "daoEpochInfo of epoch -3"
is "$(echo "$D" | jq $I.0.accounts.delegatorPool)" "$(X delegator_pool)" "delegatorPool (the DAO's)"
is "$(echo "$D" | jq $I.0.accounts.delegatedPosition)" "$(X positions.b.delegated_position)" "delegatedPosition"
is "$(echo "$D" | jq $I.0.accounts.positionAuthority)" "$ME" "positionAuthority"
is "$(echo "$D" | jq $I.0.accounts.payer)" "$ME" "payer"
is "$(echo "$D" | jq $I.0.accounts.delegatorAta)" "$(X owner_hnt_account)" "delegatorAta: the wallet's HNT account"
is "$(echo "$D" | jq $I.0.missing)" "[]" "no account missing"
size=$(echo "$D" | jq transactions.0.size)
[ "$size" -le 1232 ]; ok $? "fits a packet ($size bytes)"
is "$(echo "$D" | jq transactions.0.signatures_valid)" false "--dry-run signs nothing"
stake claim --dry-run "$CM"
expect_rc 0 "claim of a position with nothing left"
contains "$out" "nothing to claim" "says nothing to claim"
run --json tx list
is "$(echo "$out" | jq 0)" null "nothing journaled"

# --- sending (the validator checks Helium transactions for real and records them) -------
python3 -c 'import json,sys,urllib.request
body = json.dumps({"jsonrpc": "2.0", "id": 1, "method": "requestAirdrop", "params": [sys.argv[2], 2000000000]}).encode()
urllib.request.urlopen(urllib.request.Request(sys.argv[1], body, {"Content-Type": "application/json"}), timeout=30).read()' \
	"$URL" "$ME"
journaled() { python3 -c 'import base64,sqlite3,sys
db = sqlite3.connect(sys.argv[1])
r = db.execute("SELECT raw, purpose, batch_key FROM tx WHERE purpose = ? ORDER BY id DESC LIMIT 1", (sys.argv[2],)).fetchone()
print(base64.b64encode(r[0]).decode() + " " + (r[2] or "-") if r else "")' \
	"$DEPINCTL_HOME/journal.db" "$1"; }
stake create -y --json --amount 2.5 --days 30
expect_rc 0 "create -y sent"
is "$(echo "$out" | jq transactions.0.status)" confirmed "confirmed"
J=$(journaled stake)
[ -n "$J" ]; ok $? "journaled"
D=$(decode "${J%% *}")
is "$(echo "$D" | jq transactions.0.signatures_valid)" true "both signatures verify: the wallet's and the new mint's"
is "$(echo "$D" | jq transactions.0.signers | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')" 2 \
	"two signers"
stake claim -y --json
expect_rc 0 "claim sent"
is "$(echo "$out" | jq transactions.0.status)" confirmed "confirmed"
J=$(journaled stake-claim)
[ -n "$J" ]; ok $? "journaled as a stake claim"
D=$(decode "${J%% *}")
is "$(echo "$D" | jq transactions.0.signatures_valid)" true "the claim's signature verifies"
is "$(echo "$D" | jq $I.1.args.args.epoch)" $((EP - 1)) "it claims what was shown"
is "${J#* }" "vehnt:$(X positions.b.mint):$((EP - 3))-$((EP - 1))" "under a batch key naming the position and epochs"
stake claim -y --json
is "$(echo "$out" | jq transactions.0.skipped)" true "claiming again sends nothing (the journal has it)"
done_testing
