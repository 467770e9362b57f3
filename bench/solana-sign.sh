#!/usr/bin/env bash
# Signing 10,000 Solana transfers: depinctl -y send --sign-only --batch
# beside a @solana/web3.js script doing the same work (bench/solana-sign.js:
# compute budget, System transfer, one blockhash, base64 out), both against
# the LiteSVM validator of tests/peers. Run by hand:
#   bench/solana-sign.sh [N]          (N transfers, default 10000)
# Prints wall times; figures go in the issue note, never in tests.
# Needs: a built ./depinctl, tests/peers installed (npm install there).
set -eu
cd "$(dirname "$0")/.."
N=${1:-10000}
D=$PWD/depinctl
export NODE_PATH=$PWD/tests/peers/node_modules
W=$(mktemp -d)
sv=
trap '[ -n "$sv" ] && kill "$sv" 2>/dev/null; rm -rf "$W"' EXIT
export DEPINCTL_HOME=$W/home DEPINCTL_CONFIG=$W/config HOME=$W DEPINCTL_PASSWORD=bench DEPINCTL_KDF=interactive

node tests/peers/solana-validator.js --port 0 >"$W/sv.out" 2>"$W/sv.err" </dev/null &
sv=$!
for _ in $(seq 100); do [ -s "$W/sv.out" ] && break; sleep 0.1; done
URL="http://127.0.0.1:$(sed 's/listening //' "$W/sv.out")"
printf '[depinctl]\nnetwork = localnet\nkey = bench\n[network.localnet]\nrpc = %s\n' "$URL" >"$DEPINCTL_CONFIG"

# one key for both: made by web3.js, imported by depinctl
node -e 'const w = require("@solana/web3.js"); const k = w.Keypair.generate();
require("fs").writeFileSync(process.argv[1], JSON.stringify(Array.from(k.secretKey)));' "$W/id.json"
"$D" key import bench --solana-keypair "$W/id.json" >/dev/null
ME=$("$D" --json key show bench | sed 's/.*"solana":"\([^"]*\)".*/\1/')
node tests/peers/check-solana.js rpc "$URL" requestAirdrop "[\"$ME\", 1000000000000]" >/dev/null
node -e 'const w = require("@solana/web3.js"); const n = Number(process.argv[1]); const out = [];
for (let i = 0; i < n; i++) out.push(w.Keypair.generate().publicKey.toBase58() + ",0.00" + (1000 + i % 9000));
require("fs").writeFileSync(process.argv[2], out.join("\n") + "\n");' "$N" "$W/batch.csv"

echo "# $N SOL transfers, one signer; $(nproc) cores; $(node --version) node; $("$D" --version | head -1)"
start=$(date +%s%N)
"$D" -y -q send --sign-only --batch "$W/batch.csv" >"$W/depinctl.out"
end=$(date +%s%N)
printf 'depinctl: %d signed; whole run %d ms (reads the recipients, fees, one simulation, signs)\n' \
	"$(wc -l <"$W/depinctl.out")" $(((end - start) / 1000000))
# the same budget depinctl chose, read from its first transaction
read -r LIMIT PRICE < <(node -e 'const w = require("@solana/web3.js");
const tx = w.Transaction.from(Buffer.from(process.argv[1], "base64")); let l = 0, p = 0;
for (const ix of tx.instructions) if (ix.programId.toBase58() === "ComputeBudget111111111111111111111111111111") {
	if (ix.data[0] === 2) l = ix.data.readUInt32LE(1); else if (ix.data[0] === 3) p = Number(ix.data.readBigUInt64LE(1)); }
console.log(l, p);' "$(head -n 1 "$W/depinctl.out")")
start=$(date +%s%N)
node bench/solana-sign.js "$URL" "$W/id.json" "$W/batch.csv" "$LIMIT" "$PRICE" >"$W/web3.out" 2>"$W/web3.err"
end=$(date +%s%N)
printf 'web3.js : whole process %d ms (node start included); %s\n' $(((end - start) / 1000000)) "$(sed 's/^web3.js: //' "$W/web3.err")"
# both sign the same messages: compare the first transaction's message bytes
node -e 'const w = require("@solana/web3.js"); const fs = require("fs");
const a = w.Transaction.from(Buffer.from(fs.readFileSync(process.argv[1], "utf8").split("\n")[0], "base64"));
const b = w.Transaction.from(Buffer.from(fs.readFileSync(process.argv[2], "utf8").split("\n")[0], "base64"));
const same = a.compileMessage().serialize().subarray(0, 3).equals(b.compileMessage().serialize().subarray(0, 3)) &&
	a.instructions.length === b.instructions.length && a.verifySignatures() && b.verifySignatures();
console.log(same ? "# both outputs verify; same message header and instruction count" : "# the outputs differ");' "$W/depinctl.out" "$W/web3.out"
