#!/usr/bin/env bash
# Runs every fuzz target built by ./configure --enable-fuzz for SECONDS each
# (default 20) on its seed corpus, two at a time, and reports the executions
# per target. make fuzz-check runs it.
#
#   tests/fuzz/run.sh [SECONDS] [NAME...]
#
# Environment:
#   FUZZ_BUILDDIR  the build folder holding tests/fuzz/fuzz-* (default: .)
#   FUZZ_WORKDIR   where the inputs found, crashes and logs go (default:
#                  $FUZZ_BUILDDIR/tests/fuzz/work); the seed corpus in the
#                  source tree is read, never written
#   FUZZ_JOBS      targets run at once (default 2)
#   FUZZ_FLAGS     more libFuzzer flags (e.g. -max_len=..., -jobs=...)
#
# tests/fuzz/dict/NAME.dict, where there is one, is the target's dictionary.
#
# A crash leaves its input as $FUZZ_WORKDIR/NAME/crash-* (or leak-*, timeout-*,
# oom-*); reproduce it with tests/fuzz/fuzz-NAME FILE or, without libFuzzer,
# tests/fuzz/replay-NAME FILE; copy it into tests/fuzz/regressions/NAME/ once
# fixed, so make check replays it from then on.
set -u
cd "$(dirname "$0")/../.." || exit 2
srcdir=$(pwd)
seconds=${1:-20}
[ $# -gt 0 ] && shift
build=${FUZZ_BUILDDIR:-.}
work=${FUZZ_WORKDIR:-$build/tests/fuzz/work}
jobs=${FUZZ_JOBS:-2}

if [ $# -gt 0 ]; then
	names="$*"
else
	names=$(sed -n 's/^FUZZ_NAMES = //p' "$srcdir/tests/fuzz/local.mk")
fi
[ -n "$names" ] || { echo "run.sh: no fuzz targets listed" >&2; exit 2; }
for n in $names; do
	if [ ! -x "$build/tests/fuzz/fuzz-$n" ]; then
		echo "run.sh: $build/tests/fuzz/fuzz-$n is not built (./configure --enable-fuzz && make)" >&2
		exit 2
	fi
done
mkdir -p "$work" || exit 2

run_one() {
	local n=$1 dir="$work/$1"
	local dict=
	mkdir -p "$dir/new"
	[ -f "$srcdir/tests/fuzz/dict/$n.dict" ] && dict="-dict=$srcdir/tests/fuzz/dict/$n.dict"
	# -timeout: one input taking more than 10 s is a finding (a hang);
	# -rss_limit_mb: so is using more than 2 GiB.
	"$build/tests/fuzz/fuzz-$n" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
		-print_final_stats=1 -artifact_prefix="$dir/" $dict ${FUZZ_FLAGS:-} \
		"$dir/new" "$srcdir/tests/fuzz/corpus/$n" >"$dir/log" 2>&1
	echo $? >"$dir/status"
}

start=$(date +%s)
running=0
for n in $names; do
	run_one "$n" &
	running=$((running + 1))
	if [ "$running" -ge "$jobs" ]; then
		wait -n
		running=$((running - 1))
	fi
done
wait

failed=0 total=0
printf '%-16s %12s %8s %10s  %s\n' target executions exec/s corpus result
for n in $names; do
	dir="$work/$n"
	status=$(cat "$dir/status" 2>/dev/null || echo 1)
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$dir/log" | tail -1)
	rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$dir/log" | tail -1)
	seeds=$(find "$srcdir/tests/fuzz/corpus/$n" -type f | wc -l)
	found=$(find "$dir/new" -type f | wc -l)
	if [ "$status" = 0 ]; then
		result=ok
	else
		result="FAILED (exit $status): $(ls "$dir" | grep -E '^(crash|leak|timeout|oom|slow-unit)-' | head -3 | tr '\n' ' ')see $dir/log"
		failed=$((failed + 1))
	fi
	printf '%-16s %12s %8s %10s  %s\n' "$n" "${execs:-?}" "${rate:-?}" "$seeds+$found" "$result"
	total=$((total + ${execs:-0}))
done
echo "run.sh: $total executions in $(( $(date +%s) - start )) s; $failed target(s) failed"
[ "$failed" -eq 0 ]
