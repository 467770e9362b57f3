#!/usr/bin/env bash
# The history store's size and write time (run by hand: bench/store.sh
# [DEVICES] [HOURS]; figures go in the issue note, never in tests).
#   a year of hourly refreshes of 1,000 devices, each refresh carrying 30
#   days of daily points (today's growing), pending changing once a day;
#   the same with pending changing every hour (the worst case for
#   snapshots); a month of it under synchronous FULL against NORMAL.
# Needs: a built tree (make check builds tests/unit/test-store).
set -eu
cd "$(dirname "$0")/.."
DEVICES=${1:-1000}
HOURS=${2:-8760}
H=$PWD/tests/unit/test-store
[ -x "$H" ] || make -s tests/unit/test-store
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT

echo "== $DEVICES devices, $HOURS hourly refreshes, pending changing daily, synchronous NORMAL"
"$H" bench "$W/a.db" "$DEVICES" "$HOURS" normal daily
echo "== the same, pending changing every hour"
"$H" bench "$W/b.db" "$DEVICES" "$HOURS" normal hourly
MONTH=$((HOURS < 720 ? HOURS : 720))
echo "== $MONTH refreshes, synchronous FULL"
"$H" bench "$W/c.db" "$DEVICES" "$MONTH" full daily
echo "== $MONTH refreshes, synchronous NORMAL"
"$H" bench "$W/d.db" "$DEVICES" "$MONTH" normal daily
