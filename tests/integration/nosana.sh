# Nosana staking: every verb's transaction (built by depinctl, printed
# unsigned with --unsigned) is decoded by Anchor's own coder (the 0.28
# @coral-xyz/anchor that @nosana/sdk ships) against Nosana's published IDL
# (@nosana/sdk types/nosana_stake.d.ts): the instruction's name, its
# arguments, and every account by name, compared with the PDAs the SDK
# derives (services/stake.js seeds). The wallet's StakeAccount is written on
# the LiteSVM validator with Anchor's account coder and read back by
# depinctl (list, the refusals that depend on its state, devices). The
# node status comes from the fixture server in Nosana's API's shape,
# including its error shapes.
. "$srcdir/tests/cli/lib.sh"
own_binary
need_peers litesvm @solana/web3.js @nosana/sdk
export DEPINCTL_PASSWORD="$PW"

sv_pid=
fx_pid=
cleanup() {
	for p in $fx_pid $sv_pid; do
		kill "$p" 2>/dev/null
	done
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
nos() { timeout 60 "$DEPINCTL" --json stake --network nosana "$@" >"$T/out" 2>"$T/err" </dev/null; rc=$?; out=$(cat "$T/out"); err=$(cat "$T/err"); }

# The decoder: reads depinctl's --unsigned JSON on stdin, prints one line
# "name|args as JSON|Account=pubkey,..." from Anchor's coder with the IDL
# (0.28's format() names accounts in title case; ! signs, * writable: the
# authority is the fee payer, so it is always writable).
cat >"$T/decode.js" <<'EOF'
const fs = require('fs');
const path = require('path');
const web3 = require('@solana/web3.js');
const sdk = path.dirname(require.resolve('@nosana/sdk/package.json'));
const anchor = require(path.join(sdk, 'node_modules/@coral-xyz/anchor'));
function idl() {
	// the published IDL is a TypeScript literal type: make it JSON
	const s = fs.readFileSync(path.join(sdk, 'dist/types/nosana_stake.d.ts'), 'utf8');
	const body = s.slice(s.indexOf('{'), s.lastIndexOf('}') + 1).replace(/;(\s*[}\]])/g, '$1').replace(/;/g, ',');
	return JSON.parse(body);
}
const doc = JSON.parse(fs.readFileSync(0, 'utf8'));
const tx = web3.Transaction.from(Buffer.from(doc.transaction, 'base64'));
const ix = tx.instructions[tx.instructions.length - 1];
const STAKING = 'nosScmHY2uR24Zh751PmGj9ww9QRNHewh9H59AfrTJE';
if (ix.programId.toBase58() !== STAKING) {
	console.log('program ' + ix.programId.toBase58());
	process.exit(0);
}
const coder = new anchor.BorshInstructionCoder(idl());
const d = coder.decode(ix.data);
if (!d) {
	console.log('undecodable');
	process.exit(0);
}
const f = coder.format(d, ix.keys);
const args = {};
for (const [k, v] of Object.entries(d.data))
	args[k] = v.toString();
console.log([d.name, JSON.stringify(args),
	f.accounts.map((a) => `${a.name}=${a.pubkey.toBase58()}${a.isSigner ? '!' : ''}${a.isWritable ? '*' : ''}`).join(',')].join('|'));
EOF
# The accounts the SDK derives for a wallet (services/stake.js's seeds).
cat >"$T/expect.js" <<'EOF'
const web3 = require('@solana/web3.js');
const spl = require('@solana/spl-token');
const me = new web3.PublicKey(process.argv[2]);
const mint = new web3.PublicKey('nosXBVoaCTtYdLvKY6Csb4AC8JCdQKKAaWYtx2ZMoo7');
const staking = new web3.PublicKey('nosScmHY2uR24Zh751PmGj9ww9QRNHewh9H59AfrTJE');
const rewards = new web3.PublicKey('nosRB8DUV67oLNrL45bo2pFLrmsWPiewe2Lk2DRNYCp');
const pda = (seeds, p) => web3.PublicKey.findProgramAddressSync(seeds, p)[0].toBase58();
console.log(JSON.stringify({
	vault: pda([Buffer.from('vault'), mint.toBuffer(), me.toBuffer()], staking),
	stake: pda([Buffer.from('stake'), mint.toBuffer(), me.toBuffer()], staking),
	reward: pda([Buffer.from('reward'), me.toBuffer()], rewards),
	reflection: pda([Buffer.from('reflection')], rewards),
	rvault: pda([mint.toBuffer()], rewards),
	user: spl.getAssociatedTokenAddressSync(mint, me).toBase58(),
}));
EOF
# nosana_rewards' accounts as the program lays them out (nosana-programs,
# programs/nosana-rewards/src/state.rs: Anchor's discriminator, then the
# fields in Borsh): base64. reflection RATE VAULT | reward AUTHORITY REFLECTION XNOS
cat >"$T/rewards.js" <<'EOF'
const crypto = require('crypto');
const web3 = require('@solana/web3.js');
const disc = (n) => crypto.createHash('sha256').update('account:' + n).digest().subarray(0, 8);
const u128 = (v) => { const b = Buffer.alloc(16); b.writeBigUInt64LE(v & ((1n << 64n) - 1n), 0); b.writeBigUInt64LE(v >> 64n, 8); return b; };
const [kind, ...a] = process.argv.slice(2);
const out = kind === 'reflection'
	? Buffer.concat([disc('ReflectionAccount'), u128(BigInt(a[0])), u128(0n), u128(0n), new web3.PublicKey(a[1]).toBuffer(), Buffer.from([255])])
	: Buffer.concat([disc('RewardAccount'), new web3.PublicKey(a[0]).toBuffer(), Buffer.from([254]), u128(BigInt(a[1])), u128(BigInt(a[2]))]);
console.log(out.toString('base64'));
EOF
# A StakeAccount encoded by Anchor's account coder: base64.
cat >"$T/account.js" <<'EOF'
const fs = require('fs');
const path = require('path');
const web3 = require('@solana/web3.js');
const sdk = path.dirname(require.resolve('@nosana/sdk/package.json'));
const anchor = require(path.join(sdk, 'node_modules/@coral-xyz/anchor'));
const s = fs.readFileSync(path.join(sdk, 'dist/types/nosana_stake.d.ts'), 'utf8');
const idl = JSON.parse(s.slice(s.indexOf('{'), s.lastIndexOf('}') + 1).replace(/;(\s*[}\]])/g, '$1').replace(/;/g, ','));
const [me, vault, amount, days, unstake] = process.argv.slice(2);
const coder = new anchor.BorshAccountsCoder(idl);
coder.encode('StakeAccount', { amount: new anchor.BN(amount), authority: new web3.PublicKey(me),
	duration: new anchor.BN(days).muln(86400), timeUnstake: new anchor.BN(unstake), vault: new web3.PublicKey(vault),
	vaultBump: 254, xnos: new anchor.BN(amount).muln(2) }).then((b) => console.log(b.toString('base64')));
EOF
decode() { printf '%s' "$out" | timeout 30 node "$T/decode.js"; }
part() { printf '%s' "$1" | cut -d'|' -f"$2"; }

start_validator --slot-ms 100
printf '[depinctl]\nkey = k\n\n[nosana]\nrpc = %s\n' "$URL" >"$DEPINCTL_CONFIG"
feed "$TESTJUNK\n" key import k --mnemonic
expect_rc 0 "import a key"
run --json key show k
ME=$(json_get "$out" solana)
EXP=$(timeout 30 node "$T/expect.js" "$ME")
ex() { json_get "$EXP" "$1"; }
SYS=11111111111111111111111111111111
TOK=TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA
RENT=SysvarRent111111111111111111111111111111111

nos list
expect_rc 0 "list without a stake"
is "$(json_get "$out" state)" none "no stake yet"
is "$(json_get "$out" stake_account)" "$(ex stake)" "its stake account would be the SDK's PDA"

# --- stake ---------------------------------------------------------------------
nos stake 100.5 --days 14 --unsigned
expect_rc 0 "stake 100.5 NOS for 14 days, unsigned"
is "$(json_get "$out" signed)" false "nothing signed"
d=$(decode)
is "$(part "$d" 1)" stake "Anchor's coder: instruction 'stake'"
is "$(part "$d" 2)" '{"amount":"100500000","duration":"1209600"}' "args: amount 100.5 NOS (6 decimals), duration 14 days in seconds (u128)"
is "$(part "$d" 3)" "Mint=nosXBVoaCTtYdLvKY6Csb4AC8JCdQKKAaWYtx2ZMoo7,User=$(ex user)*,Vault=$(ex vault)*,Stake=$(ex stake)*,Authority=$ME!*,System Program=$SYS,Token Program=$TOK,Rent=$RENT" \
	"accounts: mint, the wallet's NOS account, the SDK's vault and stake PDAs, the signing authority"
contains "$(json_get "$out" summary)" "nosana_staking stake 100.5 NOS, 14 days" "the summary says it, from the bytes"
nos stake 0 --days 14 --unsigned
expect_rc 2 "staking 0 NOS: refused"
nos stake 1 --unsigned
expect_rc 2 "staking without --days: refused"
nos stake 1 --days -3 --unsigned
expect_rc 2 "negative days: refused"
nos topup 5 --unsigned
expect_rc 3 "topup without a stake: not found"

# --- a StakeAccount on the validator, written with Anchor's coder -----------------
rpc depinctl_setAccount "{\"pubkey\": \"$(ex stake)\", \"lamports\": 2000000, \"owner\": \"nosScmHY2uR24Zh751PmGj9ww9QRNHewh9H59AfrTJE\", \"data\": \"$(timeout 30 node "$T/account.js" "$ME" "$(ex vault)" 100500000 14 0)\"}" >/dev/null
nos list
expect_rc 0 "list with a stake"
is "$(json_get "$out" state)" staked "depinctl reads Anchor's StakeAccount: staked"
is "$(json_get "$out" amount)" 100.5 "100.5 NOS"
is "$(json_get "$out" duration_days)" 14 "for 14 days"
nos stake 1 --days 14 --unsigned
expect_rc 2 "staking again: refused (use topup or extend)"

nos topup 2.25 --unsigned
expect_rc 0 "topup"
d=$(decode)
is "$(part "$d" 1)|$(part "$d" 2)" 'topup|{"amount":"2250000"}' "topup 2.25 NOS"
is "$(part "$d" 3)" "User=$(ex user)*,Vault=$(ex vault)*,Stake=$(ex stake)*,Authority=$ME!*,Token Program=$TOK" "topup's accounts"
nos extend --days 7 --unsigned
expect_rc 0 "extend"
d=$(decode)
is "$(part "$d" 1)|$(part "$d" 2)" 'extend|{"duration":"604800"}' "extend by 7 days (u64 seconds)"
is "$(part "$d" 3)" "Stake=$(ex stake)*,Authority=$ME!*" "extend's accounts"
nos unstake --unsigned
expect_rc 0 "unstake"
d=$(decode)
is "$(part "$d" 1)|$(part "$d" 2)" 'unstake|{}' "unstake"
is "$(part "$d" 3)" "Stake=$(ex stake)*,Reward=$(ex reward),Authority=$ME!*" "unstake's accounts: the reward PDA of nosana_rewards"
nos restake --unsigned
expect_rc 2 "restake while staked: refused"
nos claim --unsigned
expect_rc 0 "claim"
d=$(decode)
is "$d" "program nosRB8DUV67oLNrL45bo2pFLrmsWPiewe2Lk2DRNYCp" "claim goes to nosana_rewards"
DISC=$(node -e 'console.log(require("crypto").createHash("sha256").update("global:claim").digest().subarray(0,8).toString("hex"))')
CL=$(printf '%s' "$out" | node -e 'const w=require("@solana/web3.js");const d=JSON.parse(require("fs").readFileSync(0,"utf8"));const t=w.Transaction.from(Buffer.from(d.transaction,"base64"));const i=t.instructions[0];console.log(i.data.toString("hex")+"|"+i.keys.map(k=>k.pubkey.toBase58()+(k.isSigner?"!":"")+(k.isWritable?"*":"")).join(","))')
is "$(part "$CL" 1)" "$DISC" "claim: Anchor's discriminator of 'claim', no arguments"
is "$(part "$CL" 2)" "$(ex user)*,$(ex rvault)*,$(ex reflection)*,$(ex reward)*,$(ex stake),$ME!*,$TOK" \
	"claim's accounts in nosana_rewards' order: user, vault, reflection (PDA 'reflection'), reward, stake, authority, token program"

# --- unstaking -------------------------------------------------------------------
rpc depinctl_setAccount "{\"pubkey\": \"$(ex stake)\", \"lamports\": 2000000, \"owner\": \"nosScmHY2uR24Zh751PmGj9ww9QRNHewh9H59AfrTJE\", \"data\": \"$(timeout 30 node "$T/account.js" "$ME" "$(ex vault)" 100500000 14 1763000000)\"}" >/dev/null
nos list
is "$(json_get "$out" state)" unstaking "unstaking (timeUnstake set)"
nos topup 1 --unsigned
expect_rc 2 "topup while unstaking: refused"
nos claim --unsigned
expect_rc 2 "claim while unstaking: refused (the program's StakeAlreadyUnstaked)"
nos restake --unsigned
expect_rc 0 "restake"
d=$(decode)
is "$(part "$d" 1)" restake "restake"
is "$(part "$d" 3)" "Vault=$(ex vault)*,Stake=$(ex stake)*,Authority=$ME!*" "restake's accounts"
nos withdraw --unsigned
expect_rc 0 "withdraw"
d=$(decode)
is "$(part "$d" 1)" withdraw "withdraw"
is "$(part "$d" 3)" "User=$(ex user)*,Vault=$(ex vault)*,Stake=$(ex stake)*,Authority=$ME!*,Token Program=$TOK" "withdraw's accounts"
rpc depinctl_setAccount "{\"pubkey\": \"$(ex stake)\", \"lamports\": 2000000, \"owner\": \"nosScmHY2uR24Zh751PmGj9ww9QRNHewh9H59AfrTJE\", \"data\": \"AAECAwQFBgc=\"}" >/dev/null
nos list
expect_rc 2 "a stake account that is not a StakeAccount: refused"
contains "$err" "StakeAccount" "saying so"
rpc depinctl_setAccount "{\"pubkey\": \"$(ex stake)\", \"lamports\": 2000000, \"owner\": \"nosScmHY2uR24Zh751PmGj9ww9QRNHewh9H59AfrTJE\", \"data\": \"$(timeout 30 node "$T/account.js" "$ME" "$(ex vault)" 100500000 14 0)\"}" >/dev/null

# --- devices: the stake and the nodes from Nosana's API (fixture server) -----------
FX="$srcdir/tests/fixtures"
node "$FX/server.js" "$FX/nosana" >"$T/fx.out" 2>"$T/fx.err" </dev/null &
fx_pid=$!
FPORT=$(first_line_port "$T/fx.out")
case $FPORT in
[0-9]*) ok 0 "the fixture server listens" ;;
*)
	echo "Bail out! the fixture server did not start"
	sed 's/^/# /' "$T/fx.err"
	exit 1
	;;
esac
API="http://127.0.0.1:$FPORT/dashboard.k8s.prd.nos.ci"
NODE_ON=9dF2nSk8vRB8zQs5FQKw1bNgDPBXn1RRrP4MtBXvCEG5
NODE_OFF=5Hx6fKZ7rUm5xNVnAGrsMKEvNcKwqZwsGrjqPw3p2uDd
devs() {
	printf '[nosana]\nrpc = %s\napi = %s\nwallets = %s\ndevices = %s\n' "$URL" "$API" "$ME" "$1" >"$DEPINCTL_CONFIG"
	timeout 60 "$DEPINCTL" --json devices --network nosana >"$T/out" 2>"$T/err" </dev/null
	rc=$?
	out=$(cat "$T/out")
	err=$(cat "$T/err")
}
dev() { python3 -c 'import json,sys
d=json.loads(sys.argv[1])
m=[x for x in d["devices"] if x["id"] == sys.argv[2]]
print(m[0][sys.argv[3]] if m else "none")' "$out" "$1" "$2" 2>&1; }
devs "$NODE_ON,$NODE_OFF"
expect_rc 0 "devices --network nosana"
is "$(dev "$(ex vault)" detail)" "100.5 NOS staked for 14 days" "the stake, from the StakeAccount"
is "$(dev "$NODE_ON" status)" online "a node Nosana's API has online"
contains "$(dev "$NODE_ON" detail)" "RTX 4090" "with its GPU"
is "$(dev "$NODE_OFF" status)" offline "a node it has offline"
NODE_X=7oKq4Py9N5Q1r4kTtkkCzJR3gz1FfkxX1Bk41wqX4X9S
devs "$NODE_X"
contains "$(dev "$NODE_X" detail)" "does not know this node" "an unknown node (404): said so, not a failure"
for c in 401:HTTP 500:HTTP 429:rate-limits malformed:JSON; do
	code=${c%%:*}
	case $code in
	401) N=Fa8yYQEyMhuoEGo1Z8T8mBWv4GxeP1D9WkoEH1vBquMd ;;
	500) N=3cVCTaZkqk9bF3B4N2g4a3XrKUV6W5k6n8SHVv1j2aJd ;;
	429) N=EXz2rEz3d4vc6c3XWy5kP4EKEFBPm9aBgqaeg4t9eQqw ;;
	malformed) N=CkqCmx8HJSXQ6YVMTCF6zmk5yp4yEtwexwZQzDGtJd5L ;;
	esac
	devs "$N"
	net=$(python3 -c 'import json,sys; n=[x for x in json.loads(sys.argv[1])["networks"] if x["network"]=="nosana"][0]; print(n.get("error",""))' "$out" 2>&1)
	contains "$net$err" "${c#*:}" "node API $code: a clear error ($(printf '%s' "$net$err" | head -c 100))"
done
devs "$NODE_ON"
is "$(dev "$(ex vault)" detail)" "100.5 NOS staked for 14 days" "after the errors, the figures are right again"
is "$(dev "$(ex vault)" pending)" "[]" "no reward account: no pending rewards"

# --- pending staking rewards: nosana_rewards' reward and reflection accounts -------
# reflection = (xnos + earned) x rate + (rate - 1): what claim pays is
# reflection / rate - xnos = earned, 12.345678 NOS
RW=nosRB8DUV67oLNrL45bo2pFLrmsWPiewe2Lk2DRNYCp
RATE=3402823669209384634633746
REFL=$(python3 -c 'import sys; r=int(sys.argv[1]); print((201000000 + 12345678) * r + r - 1)' "$RATE")
setacc() { rpc depinctl_setAccount "{\"pubkey\": \"$1\", \"lamports\": 2000000, \"owner\": \"$RW\", \"data\": \"$2\"}" >/dev/null; }
setacc "$(ex reflection)" "$(timeout 30 node "$T/rewards.js" reflection "$RATE" "$(ex rvault)")"
setacc "$(ex reward)" "$(timeout 30 node "$T/rewards.js" reward "$ME" "$REFL" 201000000)"
devs "$NODE_ON"
expect_rc 0 "devices with a reward account"
is "$(dev "$(ex vault)" pending)" "[{'token': 'NOS', 'amount': '12.345678'}]" "pending: reflection / rate - xnos = 12.345678 NOS, exact"
setacc "$(ex reward)" "$(timeout 30 node "$T/rewards.js" reward "$NODE_ON" "$REFL" 201000000)"
devs "$NODE_ON"
expect_rc 4 "a reward account of another wallet at the wallet's address"
contains "$err" "another wallet's" "is refused, said so"
setacc "$(ex reflection)" "$(timeout 30 node "$T/rewards.js" reflection 0 "$(ex rvault)")"
setacc "$(ex reward)" "$(timeout 30 node "$T/rewards.js" reward "$ME" "$REFL" 201000000)"
devs "$NODE_ON"
contains "$err" "a rate of 0" "a reflection rate of 0: refused, no division"

done_testing
