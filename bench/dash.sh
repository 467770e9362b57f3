#!/usr/bin/env bash
# The dashboard's figures (run by hand: bench/dash.sh [DEVICES] [IDLE_SECONDS]):
#  1. a full refresh against a generated replay fleet (bench/dash-gen.py:
#     WeatherXM stations, as many as the adapter lists, 500, with 90 days
#     each, and the demo's prices): wall time and requests;
#  2. with DEVICES (10,000) devices of 90 days each: the time to draw one
#     frame of the fleet screen (200 x 50, mean of 500 frames), the time to
#     rebuild the table (filter / sort), peak resident memory;
#  3. the same fleet in a real terminal (tmux): CPU used while idle for
#     IDLE_SECONDS (60) after the refresh, and peak resident memory (VmHWM).
# Figures from DEPINCTL_DASH_BENCH (one JSON line), /usr/bin/time and /proc.
set -eu
cd "$(dirname "$0")/.."
N=${1:-10000}
IDLE=${2:-60}
W=$(mktemp -d)
export TMUX_TMPDIR=$W
trap 'tmux kill-server 2>/dev/null || true; rm -rf "$W"' EXIT
python3 bench/dash-gen.py . "$W/fleet" 500 >/dev/null
export DEPINCTL_DEMO=$W/fleet DEPINCTL_HOME=$W/home DEPINCTL_CONFIG=$W/none
B=$PWD/depinctl

echo "== full refresh: WeatherXM (500 stations, the adapter's most) and prices, replayed"
for i in 1 2 3; do
	DEPINCTL_DASH_BENCH=1 "$B" dash --demo --network weatherxm,prices 2>&1 >/dev/null | tail -n 1
done

echo "== $N devices with 90 days each: frame, rebuild, peak RSS"
DEPINCTL_DASH_SYNTH=$N DEPINCTL_DASH_BENCH=500 /usr/bin/time -f '{"max_rss_kib": %M}' \
	"$B" dash --demo --network weatherxm,prices 2>&1 >/dev/null | tail -n 2

echo "== idle CPU over ${IDLE}s in a terminal ($N + 500 devices)"
tmux new-session -d -s bench -x 200 -y 50 \
	"exec env DEPINCTL_DASH_SYNTH=$N DEPINCTL_DEMO='$DEPINCTL_DEMO' DEPINCTL_HOME='$DEPINCTL_HOME' '$B' dash --demo --network weatherxm,prices"
PID=$(tmux list-panes -t bench -F '#{pane_pid}')
for _ in $(seq 300); do
	s=$(tmux capture-pane -p -t bench)
	echo "$s" | grep -q "weatherxm:" && ! echo "$s" | grep -q refreshing && break
	sleep 0.1
done
ticks() { awk '{print $14 + $15}' "/proc/$PID/stat"; }
t0=$(ticks)
sleep "$IDLE"
t1=$(ticks)
hz=$(getconf CLK_TCK)
awk -v a="$t0" -v b="$t1" -v hz="$hz" -v s="$IDLE" 'BEGIN { printf "{\"idle_cpu_percent\": %.3f, \"seconds\": %d}\n", (b - a) / hz / s * 100, s }'
grep -E 'VmHWM|VmRSS' "/proc/$PID/status" | tr -s ' \t' ' '
tmux send-keys -t bench q
