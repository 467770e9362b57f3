#!/bin/sh
# The history store under kill -9: a writer records refreshes (one
# transaction each, 40 devices with their snapshot, two daily points, a
# metric and a price all carrying the refresh's number) and is killed at a
# random moment, over and over. After each kill the store opens, passes
# PRAGMA integrity_check, holds the last refresh it said it committed (or a
# later one), and that refresh is whole: every device, point, metric and
# price carries the same number.
. "$srcdir/tests/cli/lib.sh"
# a copy: others rebuilding the tree while this runs do not pull it away
cp "$top_builddir/tests/unit/test-store" "$T/test-store" || exit 1
HELPER=$T/test-store
ITER=${STORE_KILL_ITERATIONS:-60}
DB=$T/history.db

# A random delay of 0 to 80 ms (from /dev/urandom: no $RANDOM in sh).
pause() {
	n=$(od -An -N1 -tu1 /dev/urandom | tr -d ' ')
	sleep "$(printf '0.%03d' $((n * 80 / 255)))"
}

bad=0 torn=0 integrity=0 lost=0 last=0
i=0
while [ $i -lt "$ITER" ]; do
	i=$((i + 1))
	"$HELPER" write "$DB" >"$T/w.out" 2>"$T/w.err" &
	pid=$!
	pause
	kill -9 $pid 2>/dev/null
	wait $pid 2>/dev/null
	committed=$(tail -n 1 "$T/w.out")
	[ -n "$committed" ] || committed=0
	if timeout 60 "$HELPER" check "$DB" "$committed" >"$T/c.out" 2>"$T/c.err"; then
		last=$(cat "$T/c.out")
	else
		bad=$((bad + 1))
		grep -q "integrity" "$T/c.err" && integrity=$((integrity + 1))
		grep -q "was committed" "$T/c.err" && lost=$((lost + 1))
		grep -q -e "pending" -e "earned" -e "devices, not" -e "is not" "$T/c.err" && torn=$((torn + 1))
		echo "# iteration $i: $(tr '\n' '|' <"$T/c.err")"
	fi
done
echo "# $ITER kills, the store at refresh $last"
[ "$last" -gt 0 ]
ok $? "refreshes were recorded between kills ($last)"
[ $integrity -eq 0 ]
ok $? "integrity_check passes after every kill"
[ $torn -eq 0 ]
ok $? "no refresh half written"
[ $lost -eq 0 ]
ok $? "no committed refresh lost"
[ $bad -eq 0 ]
ok $? "the store opened and checked after each of $ITER kills"
done_testing
