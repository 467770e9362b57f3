#!/usr/bin/env bash
# Whole-process time and peak memory of depinctl's key commands beside cast's
# (run by hand: bench/keys.sh [RUNS]; figures go in the issue note, never in tests).
#   depinctl --version          vs  cast --version
#   depinctl key list (10 keys) vs  cast wallet list (10 keystores)
#   depinctl sign (unlock+sign) vs  cast wallet sign --keystore (unlock+sign)
#   depinctl key show --account 0 (no unlock) vs cast wallet address --private-key
# Needs: a built ./depinctl, tests/peers installed (cast), GNU time.
set -eu
cd "$(dirname "$0")/.."
RUNS=${1:-20}
D=$PWD/depinctl
CAST=$PWD/tests/peers/node_modules/@foundry-rs/cast-linux-amd64/bin/cast
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
export DEPINCTL_HOME=$W/home DEPINCTL_CONFIG=$W/none HOME=$W DEPINCTL_PASSWORD=bench-password

# measure NAME CMD...: mean wall time over RUNS runs (nanosecond clock) and
# the largest peak RSS (GNU time)
measure() {
	local name=$1
	shift
	local maxrss=0 start end
	"$@" >/dev/null 2>&1 </dev/null || { echo "$name: failed"; return; }
	start=$(date +%s%N)
	for _ in $(seq "$RUNS"); do
		"$@" >/dev/null 2>&1 </dev/null
	done
	end=$(date +%s%N)
	for _ in 1 2 3; do
		/usr/bin/time -f "%M" -o "$W/t" "$@" >/dev/null 2>&1 </dev/null
		rss=$(cat "$W/t")
		[ "$rss" -gt "$maxrss" ] && maxrss=$rss
	done
	printf '%-48s %9.2f ms %9d KiB\n' "$name" "$(echo "scale=3; ($end - $start) / 1000000 / $RUNS" | bc)" "$maxrss"
}

for kdf in interactive moderate; do
	export DEPINCTL_KDF=$kdf
	rm -rf "$DEPINCTL_HOME"
	for i in $(seq 0 9); do
		printf '0x%064x\n' $((i + 1)) | "$D" key import "k$i" --private-key >/dev/null
	done
	echo "# kdf $kdf ($RUNS runs each)"
	measure "depinctl --version" "$D" --version
	measure "depinctl key list (10 keys)" "$D" key list
	measure "depinctl key show k0 (no unlock)" "$D" key show k0
	measure "depinctl sign k0 hello (Argon2id $kdf)" "$D" sign k0 --chain evm hello
done

mkdir -p "$W/ks"
for i in $(seq 0 9); do
	"$CAST" wallet import "k$i" --private-key "$(printf '0x%064x' $((i + 1)))" --keystore-dir "$W/ks" --unsafe-password bench-password >/dev/null 2>&1
done
mkdir -p "$W/.foundry" && ln -s "$W/ks" "$W/.foundry/keystores"
grep -o '"n":[0-9]*' "$W/ks/k0" | sed 's/^/# cast keystore scrypt /'
echo "# cast $("$CAST" --version | head -1)"
measure "cast --version" "$CAST" --version
measure "cast wallet list (10 keystores)" "$CAST" wallet list
measure "cast wallet address --private-key" "$CAST" wallet address --private-key 0x01
measure "cast wallet sign --keystore (its scrypt cost)" "$CAST" wallet sign --keystore "$W/ks/k0" --password bench-password hello
