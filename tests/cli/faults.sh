# Disk faults and kills while depinctl writes what the user has: key files
# and the transaction journal. A full disk (a small tmpfs) and a read-only
# data folder give a clear error and leave the previous state intact; kill -9
# at random points of journal writes loses no row reported written and
# leaves no row half-written.
#
# The mounts need a private mount namespace: the test runs itself again
# under `unshare -Urm` (a user namespace: no root needed, nothing outside
# the test sees the mounts).
if [ -z "${DEPINCTL_IN_NS-}" ]; then
	if ! unshare -Urm true 2>/dev/null; then
		echo "Bail out! unshare -Urm is not permitted here: cannot make a small tmpfs or a read-only mount"
		exit 1
	fi
	DEPINCTL_IN_NS=1 exec unshare -Urm "${SHELL:-/bin/sh}" "$0" "$@"
fi
. "$srcdir/tests/cli/lib.sh"
export DEPINCTL_PASSWORD="$PW"
W="$top_builddir/tests/fault/journal-writer"
[ -x "$W" ] || { echo "Bail out! $W is not built"; exit 1; }

# ---- kill -9 during journal writes -------------------------------------
J="$T/journal-home"
mkdir -p "$J"
iterations=${FAULT_ITERATIONS:-60}
killed=0
bad=0
for i in $(seq 1 "$iterations"); do
	"$W" "$J" add $((i * 1000)) 400 >"$T/log.$i" 2>/dev/null &
	pid=$!
	sleep "0.$(printf %03d $((RANDOM % 80)))"
	kill -9 $pid 2>/dev/null && killed=$((killed + 1))
	wait $pid 2>/dev/null
	cat "$T/log.$i" >>"$T/log.all"
	"$W" "$J" verify "$T/log.$i" >"$T/verify" 2>&1 || { bad=$((bad + 1)); sed 's/^/#   /' "$T/verify" | head -5; }
done
rows=$(tail -1 "$T/verify")
echo "# $iterations rounds, $killed kills landed, $(grep -c added "$T/log.all") rows reported written, $rows"
[ "$bad" -eq 0 ]; ok $? "after every kill the journal passes integrity_check, every row is whole and none reported written is lost"
"$W" "$J" verify "$T/log.all" >"$T/verify" 2>&1
ok $? "at the end every row ever reported written is there ($(tail -1 "$T/verify"))"

# ---- a full disk ---------------------------------------------------------
F="$T/full"
mkdir -p "$F"
mount -t tmpfs -o size=600k none "$F" || { echo "Bail out! cannot mount a tmpfs"; exit 1; }
export DEPINCTL_HOME="$F/home"
feed "$TESTJUNK\n" key import base --mnemonic
expect_rc 0 "a key on the small disk"
before=$(cat "$F/home/keys/base.key")
"$W" "$F/home" add 0 5 >"$T/full.log" 2>&1
ok $? "a journal on the small disk"
dd if=/dev/zero of="$F/filler" bs=4k >/dev/null 2>&1
run key new k2 --words 12
expect_rc 1 "key new on a full disk fails"
contains "$err" "No space left on device" "and says the disk is full"
[ ! -e "$F/home/keys/k2.key" ]; ok $? "no key file is left half-written"
DEPINCTL_NEW_PASSWORD=other run key passwd base
[ "$rc" -ne 0 ]; ok $? "key passwd on a full disk fails"
contains "$err" "No space left on device" "and says why"
[ "$(cat "$F/home/keys/base.key")" = "$before" ]; ok $? "the key file is what it was"
run --json key show base --account 1
expect_rc 0 "the key still opens with its password"
contains "$out" "0x70997970C51812dc3A010C7d01b50e0d17dc79C8" "with its accounts"
"$W" "$F/home" add 100 400 >>"$T/full.log" 2>"$T/full.err"
rc=$?
[ "$rc" -ne 0 ]; ok $? "journal writes on a full disk fail"
contains "$(cat "$T/full.err")" "No space left on device" "and say the disk is full ($(head -c 120 "$T/full.err"))"
rm -f "$F/filler"
"$W" "$F/home" verify "$T/full.log" >"$T/verify" 2>&1
ok $? "once there is room, the journal is whole with every row reported written ($(tail -1 "$T/verify"))"
run key new k3 --words 12
expect_rc 0 "and keys can be written again"
umount "$F"

# ---- a read-only data folder ------------------------------------------------
R="$T/ro"
mkdir -p "$R"
export DEPINCTL_HOME="$R/home"
feed "$TESTJUNK\n" key import base --mnemonic
expect_rc 0 "a key in the folder to be made read-only"
"$W" "$R/home" add 0 5 >"$T/ro.log" 2>&1
ok $? "a journal in it"
before=$(cat "$R/home/keys/base.key")
mount --bind "$R" "$R" && mount -o remount,bind,ro "$R" || { echo "Bail out! cannot make a read-only mount"; exit 1; }
run key new k2 --words 12
expect_rc 1 "key new in a read-only folder fails"
contains "$err" "Read-only file system" "and says the folder is read-only"
DEPINCTL_NEW_PASSWORD=other run key passwd base
[ "$rc" -ne 0 ]; ok $? "key passwd in a read-only folder fails"
contains "$err" "Read-only file system" "and says why"
run --json key list
expect_rc 0 "key list still reads the keys"
run --json key show base --account 1
expect_rc 0 "and the key opens"
"$W" "$R/home" add 100 5 >>"$T/ro.log" 2>"$T/ro.err"
[ $? -ne 0 ]; ok $? "journal writes in a read-only folder fail"
contains "$(cat "$T/ro.err")" "Read-only file system" "and say why ($(head -c 120 "$T/ro.err"))"
umount "$R"
[ "$(cat "$R/home/keys/base.key")" = "$before" ]; ok $? "the key file is what it was"
"$W" "$R/home" verify "$T/ro.log" >"$T/verify" 2>&1
ok $? "the journal is whole ($(tail -1 "$T/verify"))"

done_testing
