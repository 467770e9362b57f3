# kill -9 during key writes: the keystore always opens, every key file is
# whole (the old one or the new one), and no temporary file is mistaken for a key.
. "$srcdir/tests/cli/lib.sh"
export DEPINCTL_PASSWORD="$PW"
keys="$DEPINCTL_HOME/keys"

feed "$TESTJUNK\n" key import base --mnemonic
expect_rc 0 "a key to re-password under fire"
iterations=${CRASH_ITERATIONS:-40}
killed=0
for i in $(seq 1 "$iterations"); do
	# key new and key passwd, killed after a random delay (0-149 ms): Argon2id
	# (interactive, 64 MiB) and the write are both in that window.
	"$DEPINCTL" key new "k$i" --words 12 </dev/null >/dev/null 2>&1 &
	pid1=$!
	pw=$([ $((i % 2)) -eq 0 ] && echo "$PW" || echo "other")
	new=$([ $((i % 2)) -eq 0 ] && echo "other" || echo "$PW")
	DEPINCTL_PASSWORD="$pw" DEPINCTL_NEW_PASSWORD="$new" "$DEPINCTL" key passwd base </dev/null >/dev/null 2>&1 &
	pid2=$!
	sleep "0.$(printf %03d $((RANDOM % 150)))"
	kill -9 $pid1 $pid2 2>/dev/null && killed=$((killed + 1))
	wait $pid1 $pid2 2>/dev/null
done
echo "# $iterations rounds, $killed kills landed"

run --json key list
expect_rc 0 "key list works after $iterations kills"
case $err in *skipped*) ok 1 "no half-written key file" ;; *) ok 0 "no half-written key file" ;; esac
bad=0
for f in "$keys"/*.key; do
	python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["depinctl-key"]==1 and len(d["ciphertext"])>0' "$f" 2>/dev/null || bad=$((bad + 1))
done
[ "$bad" -eq 0 ]; ok $? "every key file parses whole ($bad broken)"
ok_base=1
for p in "$PW" other; do
	DEPINCTL_PASSWORD="$p" run --json key show base --account 1
	[ "$rc" -eq 0 ] && [ "$(json_get "$out" evm)" = 0x70997970C51812dc3A010C7d01b50e0d17dc79C8 ] && ok_base=0
done
ok $ok_base "the re-passworded key opens with the old or the new password, with its accounts"
n=$(ls "$keys" | grep -c '\.key$')
echo "# $n key files"
echo "# temporary files left by kills: $(ls "$keys" | grep -vc '\.key$')"
run key new after --words 12
expect_rc 0 "a new key can be written after the kills"

done_testing
