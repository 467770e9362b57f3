#!/usr/bin/env bash
# 1,000 ETH transfers against one anvil: `depinctl send --batch` (signed at
# once with consecutive nonces, journaled, broadcast in JSON-RPC batches,
# receipts polled in batches) beside a loop of `cast send` (one process and
# one receipt wait per transfer). Run by hand: bench/evm-send.sh [COUNT];
# figures go in the issue note, never in tests.
# Needs: a built ./depinctl, tests/peers installed (anvil, cast), python3.
set -eu
cd "$(dirname "$0")/.."
COUNT=${1:-1000}
D=$PWD/depinctl
CAST=$PWD/tests/peers/node_modules/@foundry-rs/cast-linux-amd64/bin/cast
W=$(mktemp -d)
anvil_pid=
cleanup() {
	[ -n "$anvil_pid" ] && kill "$anvil_pid" 2>/dev/null
	wait 2>/dev/null
	rm -rf "$W"
}
trap cleanup EXIT
export DEPINCTL_HOME=$W/home DEPINCTL_CONFIG=$W/config HOME=$W DEPINCTL_PASSWORD=bench-password DEPINCTL_KDF=interactive
unset ETH_RPC_URL

sh tests/peers/start-anvil.sh >"$W/anvil.out" 2>"$W/anvil.err" </dev/null &
anvil_pid=$!
for _ in $(seq 100); do
	[ -s "$W/anvil.out" ] && break
	sleep 0.1
done
URL=$(head -n 1 "$W/anvil.out")
printf '[network.anvil]\nrpc = %s\n' "$URL" >"$W/config"
echo "test test test test test test test test test test test junk" | "$D" key import junk --mnemonic >/dev/null

ms() { date +%s%N | cut -c1-13; }
# depinctl: account 0 pays COUNT fresh recipients
for i in $(seq "$COUNT"); do
	printf '0x%040x,0.000001\n' $((0x100000 + i))
done >"$W/batch.csv"
start=$(ms)
"$D" --network anvil --key junk -y -q send --batch "$W/batch.csv" >"$W/depinctl.out"
end=$(ms)
d_ms=$((end - start))
confirmed=$(grep -c ' confirmed ' "$W/depinctl.out" || true)
last=$("$CAST" balance --rpc-url "$URL" "$(printf '0x%040x' $((0x100000 + COUNT)))")

# cast: account 1 pays COUNT other fresh recipients, one `cast send` each
K1=0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d
start=$(ms)
for i in $(seq "$COUNT"); do
	"$CAST" send --rpc-url "$URL" --private-key "$K1" --value 1000000000000 \
		"$(printf '0x%040x' $((0x200000 + i)))" >/dev/null
done
end=$(ms)
c_ms=$((end - start))

echo "$COUNT ETH transfers on anvil ($("$D" --version 2>/dev/null | head -n 1); cast $("$CAST" --version | head -n 1 | awk '{print $3}'))"
printf '  depinctl send --batch   %6d ms  (%d confirmed; last recipient holds %s wei)\n' "$d_ms" "$confirmed" "$last"
printf '  cast send loop          %6d ms\n' "$c_ms"
awk -v a="$c_ms" -v b="$d_ms" 'BEGIN { if (b > 0) printf "  depinctl is %.1fx faster\n", a / b }'
