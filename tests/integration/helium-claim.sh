# Helium reward claims against the LiteSVM validator and a test oracle/DAS
# (tests/integration/helium-oracle.js), driven through helium_claim_prepare /
# helium_claim_execute by tests/unit/test-helium-claim (until `depinctl claim
# --network helium` is wired to the adapter).
#
# Helium's programs cannot run here (their binaries are not available): the
# validator (tests/peers/solana-validator.js, "Helium's claim programs")
# checks a transaction invoking lazy_distributor / rewards_oracle for real -
# signatures verify, recent blockhash valid, fee payer funded and charged,
# size <= 1232, the Ed25519 precompile's signatures verified, every
# instruction's discriminator and accounts decoded with Anchor's coder and
# @helium/idls, the oracle's message against the instruction - then records
# it as landed with its effect applied to the RecipientV0 fixture accounts
# (total_rewards raised). Everything else stays executed by LiteSVM.
#
# Checked here: every instruction built, decoded by Anchor's coder
# (anchor-decode.js): name, every argument, every account; sizes and
# signatures; a hostile oracle refused with nothing signed (journal empty);
# 1,000 hotspots claimed, the run killed mid-way and resumed: each hotspot
# claimed exactly once (the validator's record).
. "$srcdir/tests/cli/lib.sh"
need_peers litesvm @solana/web3.js @coral-xyz/anchor @helium/idls tweetnacl
DRV="${top_builddir:-.}/tests/unit/test-helium-claim"
[ -x "$DRV" ] || DRV="./tests/unit/test-helium-claim"
# a copy: a rebuild of the shared tree mid-test must not pull it away
cp "$DRV" "$T/driver" && DRV="$T/driver"
HOTSPOTS=${HELIUM_CLAIM_HOTSPOTS:-1000}

sv_pid=
or_pid=
drv_pid=
cleanup() {
	for p in $drv_pid $or_pid $sv_pid; do
		kill "$p" 2>/dev/null
	done
	wait 2>/dev/null
	rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

py() { python3 -c "$@"; }
rpc() { py 'import json,sys,urllib.request
body = json.dumps({"jsonrpc": "2.0", "id": 1, "method": sys.argv[2], "params": json.loads(sys.argv[3])}).encode()
req = urllib.request.Request(sys.argv[1], body, {"Content-Type": "application/json"})
r = json.load(urllib.request.urlopen(req, timeout=60))
if "error" in r:
    sys.exit("rpc: %s: %s" % (sys.argv[2], r["error"]))
print(json.dumps(r["result"]))' "$URL" "$@"; }
post() { py 'import sys,urllib.request
req = urllib.request.Request(sys.argv[1], sys.argv[2].encode(), {"Content-Type": "application/json"})
print(urllib.request.urlopen(req, timeout=30).read().decode())' "$@"; }
field() { py 'import json,sys
v=json.load(sys.stdin)
for k in [k for k in sys.argv[1].split(".") if k]:
    v = v[int(k)] if isinstance(v, list) else v[k]
print(json.dumps(v) if isinstance(v,(dict,list)) else v)' "$1"; }
journal_rows() { py 'import sqlite3,sys,os
p=os.path.join(sys.argv[1],"journal.db")
print(sqlite3.connect(p).execute("select count(*) from tx").fetchone()[0] if os.path.exists(p) else 0)' "$HOME_DIR"; }
claim() { timeout 300 "$DRV" claim "$T/conf" "$HOME_DIR" "$SEED" "$@" 2>"$T/progress"; }
wait_line() { # FILE: waits for its first line
	i=0
	while [ ! -s "$1" ] && [ $i -lt 600 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	head -n 1 "$1"
}

# --- the validator, the oracle, the accounts ----------------------------------
start_validator --slot-ms 100
SEED=$(py 'print("5a" * 32)')
OWNER=$(node -e 'const w=require("@solana/web3.js");console.log(w.Keypair.fromSeed(Buffer.from(process.argv[1],"hex")).publicKey.toBase58())' "$SEED")
rpc requestAirdrop "[\"$OWNER\", 100000000000]" >/dev/null
node "$srcdir/tests/integration/helium-oracle.js" --rpc "$URL" --owner "$OWNER" --hotspots "$HOTSPOTS" \
	>"$T/or.out" 2>"$T/or.err" </dev/null &
or_pid=$!
line=$(wait_line "$T/or.out")
case $line in
"PORT "[0-9]*) ok 0 "the oracle listens and loaded $HOTSPOTS hotspots' accounts" ;;
*) echo "Bail out! the oracle did not start"; sed 's/^/# /' "$T/or.err"; exit 1 ;;
esac
OR="http://127.0.0.1:${line#PORT }"
printf '[helium]\nrpc = %s\ndas = %s/das\n' "$URL" "$OR" >"$T/conf"
HOME_DIR="$T/home"
mkdir -p "$HOME_DIR"
post "$OR/state" '{}' >"$T/state.json"
A() { field "hotspots.$1.asset" <"$T/state.json"; }
SOME="$(A 0) $(A 1) $(A 2) $(A 3) $(A 4) $(A 5)"

# --- a dry run: what would be claimed, the instructions decoded by Anchor ----------
out=$(claim --dry-run --tx "$T/tx.b64" $SOME)
is "$(printf '%s\n' "$out" | field code)" 0 "dry run of 6 hotspots"
is "$(journal_rows)" 0 "a dry run signs nothing (journal empty)"
is "$(printf '%s\n' "$out" | field lines.0.amount)" "2.5" "hotspot 0: 2.5 HNT (oracle 2.51 less 0.01 distributed)"
contains "$(printf '%s\n' "$out" | field lines.2.note)" "creates the recipient account" "hotspot 2 has no recipient yet"
contains "$(printf '%s\n' "$out" | field lines.1.note)" "recipient's destination" "hotspot 1 pays its custom destination"
contains "$(printf '%s\n' "$out" | field summary)" "claims 6 hotspots" "the summary counts the claims from the bytes"
contains "$(printf '%s\n' "$out" | field summary)" "15.00015 HNT" "and their total"
node "$srcdir/tests/integration/anchor-decode.js" --idl lazy_distributor,rewards_oracle --rpc "$URL" <"$T/tx.b64" >"$T/dec.json"
ok $? "Anchor's coder decodes every transaction built"
py 'import json,sys
d=json.load(open(sys.argv[1])); st=json.load(open(sys.argv[2])); owner=sys.argv[3]
hs={h["recipient"]:h for h in st["hotspots"]}
ld=st["lazyDistributor"]; fails=[]; n=0; names=set()
def chk(c, what):
    global n; n+=1
    if not c: fails.append(what)
for t in d["transactions"]:
    chk(t["size"] <= 1232, "size %d" % t["size"])
    chk(t["version"] == 0 and t["lookup_tables"] == ["43eY9L2spbM2b1MPDFFBStUiFGt29ziZ1nc1xbpzsfVt"], "v0 with the common LUT")
    chk(t["fee_payer"] == owner, "fee payer")
    ixs=t["instructions"]
    for k,ix in enumerate(ixs):
        nm=ix.get("name") or ("ed25519" if "ed25519" in ix else ix["program"]); names.add(nm)
        if nm=="ed25519":
            e=ix["ed25519"]; chk(len(e)==1 and e[0]["valid"] and e[0]["pubkey"]==st["oracles"][0], "ed25519 entry")
            chk(ixs[k+1].get("name")=="setCurrentRewardsWrapperV2", "ed25519 precedes the wrapper")
            msg=bytes.fromhex(e[0]["message"]); chk(len(msg)==82, "82-byte message")
        elif nm=="setCurrentRewardsWrapperV2":
            a=ix["accounts"]; h=hs[a["recipient"]]
            chk(a["payer"]==owner and a["lazyDistributor"]==ld and a["keyToAsset"]==h["kta"], "wrapper accounts")
            chk(a["oracleSigner"]=="7WuVr8SGcZ4KxpHBEdRGVTeSwkhk1WGUXT7DEzvWpYu4" and a["sysvarInstructions"].startswith("Sysvar1nstructions"), "wrapper fixed accounts")
            chk(ix["args"]["args"]=={"oracleIndex":0,"currentRewards":h["current"]}, "wrapper args")
            chk(set(ix["writable"])=={"payer","recipient"} and ix["signer"]==["payer"], "wrapper roles")
            m=bytes.fromhex(ixs[k-1]["ed25519"][0]["message"])
            chk(int.from_bytes(m[42:50],"little")==int(h["current"]), "the signed amount is the argument")
        elif nm in ("distributeCompressionRewardsV0","distributeCustomDestinationV0"):
            a=ix["accounts"]; h=hs[a["common.recipient"]]
            chk(a["common.lazyDistributor"]==ld and a["common.rewardsEscrow"]==st["escrow"] and a["common.payer"]==owner, "distribute common accounts")
            chk(a["common.owner"]==(st["destination"] if h["custom"] else owner), "paid to the owner or the destination")
            chk((nm=="distributeCustomDestinationV0")==h["custom"], "custom destination instruction only for it")
            if nm=="distributeCompressionRewardsV0":
                g=ix["args"]["args"]
                chk(g["index"]==h["index"] and a["merkleTree"]==st["tree"], "leaf index and tree")
                chk(ix["remaining"]==h["proof"], "the proof, trimmed by the canopy (3 of 10 nodes)")
        elif nm=="initializeCompressionRecipientV0":
            a=ix["accounts"]; h=hs[a["recipient"]]
            chk(not h["exists"] and a["payer"]==owner and a["owner"]==owner and a["merkleTree"]==st["tree"], "init recipient accounts")
            chk(ix["args"]["args"]["index"]==h["index"] and ix["remaining"]==h["proof"], "init recipient args and proof")
        else:
            chk(False, "unexpected instruction "+nm)
for want in ["ed25519","setCurrentRewardsWrapperV2","distributeCompressionRewardsV0","distributeCustomDestinationV0","initializeCompressionRecipientV0"]:
    chk(want in names, "built "+want)
print("%d %s" % (n, "; ".join(sorted(set(fails)))))' "$T/dec.json" "$T/state.json" "$OWNER" >"$T/checks"
read -r nchecks fails <"$T/checks"
[ -z "$fails" ] && [ "$nchecks" -gt 50 ]
ok $? "every instruction's name, arguments and accounts as expected ($nchecks checks)${fails:+: $fails}"

# --- a hostile oracle: refused, nothing signed ----------------------------------------
for mode in "wrong-asset:is for asset" "low-amount:below the" "unknown-key:does not list" "bad-signature:does not verify" \
	"wrong-ld:lazy distributor"; do
	post "$OR/control" "{\"mode\": \"${mode%%:*}\"}" >/dev/null
	out=$(claim $SOME)
	rc=$?
	[ $rc -eq 5 ]
	ok $? "oracle ${mode%%:*}: refused (exit $rc)"
	contains "$(printf '%s\n' "$out" | field error)" "${mode#*:}" "oracle ${mode%%:*}: the error says so"
	contains "$(printf '%s\n' "$out" | field error)" "nothing was signed" "oracle ${mode%%:*}: and that nothing was signed"
	is "$(journal_rows)" 0 "oracle ${mode%%:*}: the journal stays empty"
done
post "$OR/control" '{"mode": "normal"}' >/dev/null
is "$(rpc depinctl_heliumClaims '[]' | field 0 2>/dev/null)" "" "no claim landed so far"

# --- the 6 claimed, landed transactions checked -----------------------------------------
out=$(claim $SOME)
is "$(printf '%s\n' "$out" | field code)" 0 "6 hotspots claimed"
is "$(printf '%s\n' "$out" | field lines.5.status)" confirmed "confirmed"
for i in 0 1 2 3 4 5; do
	printf '%s\n' "$out" | field "lines.$i.txid"
done | sort -u >"$T/sigs"
for s in $(cat "$T/sigs"); do
	rpc getTransaction "[\"$s\", {\"encoding\": \"base64\", \"commitment\": \"confirmed\", \"maxSupportedTransactionVersion\": 0}]" |
		field transaction.0
done >"$T/landed.b64"
node "$srcdir/tests/integration/anchor-decode.js" --idl lazy_distributor,rewards_oracle --rpc "$URL" <"$T/landed.b64" |
	py 'import json,sys; d=json.load(sys.stdin); print(all(t["signatures_valid"] and t["size"]<=1232 for t in d["transactions"]) and len(d["transactions"]))' >"$T/valid"
is "$(cat "$T/valid")" "$(wc -l <"$T/sigs" | tr -d ' ')" "the landed transactions: signatures valid, at most 1232 bytes"

# --- 1,000 hotspots: killed mid-way, resumed, each claimed exactly once ------------------
timeout 300 "$DRV" claim "$T/conf" "$HOME_DIR" "$SEED" --all >"$T/bulk1.json" 2>"$T/progress" &
drv_pid=$!
i=0
while [ $i -lt 600 ] && ! grep -q '^progress [1-9][0-9][0-9]*/' "$T/progress" 2>/dev/null; do
	sleep 0.1
	i=$((i + 1))
done
kill -9 $drv_pid 2>/dev/null
wait $drv_pid 2>/dev/null
drv_pid=
done1=$(tail -n 1 "$T/progress")
ok 0 "the bulk claim killed mid-way (at ${done1#progress })"
before=$(rpc depinctl_heliumClaims '[]' | py 'import json,sys; print(len(json.load(sys.stdin)))')
[ "$before" -gt 6 ] && [ "$before" -lt "$HOTSPOTS" ]
ok $? "part of the hotspots claimed before the kill ($before)"
out=$(claim --all)
is "$(printf '%s\n' "$out" | field code)" 0 "the bulk claim run again finishes"
printf '%s\n' "$out" | field error | sed 's/^/# /' 
printf '%s\n' "$out" | py 'import json,sys; d=json.load(sys.stdin); print(d["ntx"], d["tx_bytes"], sum(1 for l in d["lines"] if not l["skip"]))' >"$T/fig"
rpc depinctl_heliumClaims '[]' >"$T/claims.json"
py 'import json,sys,collections
c=json.load(open(sys.argv[1])); st=json.load(open(sys.argv[2]))
n=collections.Counter(x["asset"] for x in c)
assets=[h["asset"] for h in st["hotspots"]]
print(sum(1 for a in assets if n[a]==1), sum(1 for a in assets if n[a]>1), len(c))' "$T/claims.json" "$T/state.json" >"$T/once"
read -r once twice total <"$T/once"
is "$once" "$HOTSPOTS" "every hotspot claimed exactly once ($total claims recorded)"
is "$twice" 0 "none claimed twice"
out=$(claim --all)
is "$(printf '%s\n' "$out" | py 'import json,sys; d=json.load(sys.stdin); print(d["ntx"], all(l["skip"] for l in d["lines"]))')" "0 True" \
	"a third run finds nothing to claim"
# figures: a fresh round of rewards for every hotspot, as a dry run
post "$OR/control" '{"rewardsBump": 1000}' >/dev/null
out=$(claim --all --dry-run)
printf '%s\n' "$out" | py 'import json,sys; d=json.load(sys.stdin); n=sum(1 for l in d["lines"] if not l["skip"]); print("# figures: %d hotspots -> %d transactions, %d bytes; per 100 hotspots: %.1f transactions, %d bytes" % (n, d["ntx"], d["tx_bytes"], 100.0*d["ntx"]/n, 100*d["tx_bytes"]//n))'

# --- the circuit breaker: no more than its threshold leaves in the window ------------------
post "$OR/control" '{"breaker": 5500}' >/dev/null
out=$(claim --all --dry-run)
is "$(printf '%s\n' "$out" | py 'import json,sys; d=json.load(sys.stdin); print(sum(1 for l in d["lines"] if not l["skip"]), sum(1 for l in d["lines"] if "circuit breaker" in l["note"]))')" \
	"5 $((HOTSPOTS - 5))" "a breaker of 0.000055 HNT: 5 claims of 0.00001 fit, the rest held back"
contains "$(printf '%s\n' "$out" | field summary)" "held back by the circuit breaker" "the summary says so"
contains "$(printf '%s\n' "$out" | field summary)" "0.000055 HNT may leave the escrow" "with what the window allows"
post "$OR/control" '{"breaker": "1000000000000000"}' >/dev/null

# --- depinctl claim --network helium: the command over the same claim ---------------------
export DEPINCTL_PASSWORD="$PW"
printf '[depinctl]\nkey = k\n\n[helium]\nrpc = %s\ndas = %s/das\n' "$URL" "$OR" >"$DEPINCTL_CONFIG"
feed "$TESTJUNK\n" key import k --mnemonic
expect_rc 0 "import a key for the command"
run --json claim --network helium --dry-run "$(A 7)" "$(A 8)"
expect_rc 0 "depinctl claim --network helium --dry-run"
contains "$(json_get "$out" summary)" "claims 2 hotspots" "the command's summary, from the bytes built"
is "$(printf '%s\n' "$out" | field transactions)" 2 "two transactions (one claim each)"
run claim --network helium --dry-run not-an-asset
expect_rc 2 "a device that is no asset id: a usage error"
done_testing
