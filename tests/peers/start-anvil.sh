#!/bin/sh
# Starts anvil (pinned in tests/peers) on a free loopback port with the
# standard test mnemonic and chain id 31337, waits until it answers
# eth_chainId, and prints its URL as the first line on stdout. Then stays in
# the foreground until anvil ends: SIGTERM, SIGINT or SIGHUP stop anvil
# cleanly, and so does the death of this script's parent.
#
#   start-anvil.sh [ANVIL-OPTIONS...]   (e.g. --block-time 1)
#
# TEST_PEERS names the folder whose node_modules hold anvil and cast (default:
# this script's folder).
set -u
peers=${TEST_PEERS:-$(cd "$(dirname "$0")" && pwd)}
nm=$peers/node_modules

# The platform binary itself (no node wrapper in between), else the wrapper.
case $(uname -m) in
x86_64 | amd64) arch=amd64 ;;
aarch64 | arm64) arch=arm64 ;;
*) arch=unknown ;;
esac
anvil=$nm/@foundry-rs/anvil-linux-$arch/bin/anvil
[ -x "$anvil" ] || anvil=$nm/.bin/anvil
cast=$nm/@foundry-rs/cast-linux-$arch/bin/cast
[ -x "$cast" ] || cast=$nm/.bin/cast
if ! "$anvil" --version >/dev/null 2>&1; then
	echo "start-anvil.sh: anvil is not installed: cd tests/peers && npm install" >&2
	exit 1
fi

log=$(mktemp "${TMPDIR:-/tmp}/anvil.XXXXXX")
parent=$PPID
"$anvil" --host 127.0.0.1 --port 0 --chain-id 31337 \
	--mnemonic "test test test test test test test test test test test junk" "$@" >"$log" 2>&1 &
pid=$!

stop() {
	kill -TERM "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	rm -f "$log"
	exit "${1:-0}"
}
trap 'stop 0' TERM INT HUP

# anvil prints "Listening on 127.0.0.1:PORT" once its socket is bound.
url=
tries=0
while [ -z "$url" ]; do
	if ! kill -0 "$pid" 2>/dev/null || [ $tries -ge 300 ]; then
		echo "start-anvil.sh: anvil did not start:" >&2
		cat "$log" >&2
		stop 1
	fi
	port=$(sed -n 's/^Listening on 127\.0\.0\.1:\([0-9][0-9]*\).*/\1/p' "$log" | head -n 1)
	[ -n "$port" ] && url=http://127.0.0.1:$port
	tries=$((tries + 1))
	sleep 0.05
done
tries=0
until [ "$("$cast" chain-id --rpc-url "$url" 2>/dev/null)" = 31337 ]; do
	if [ $tries -ge 200 ]; then
		echo "start-anvil.sh: anvil at $url does not answer eth_chainId" >&2
		stop 1
	fi
	tries=$((tries + 1))
	sleep 0.05
done
echo "$url"

# Wait for anvil, waking up every half second to see whether our parent is
# still there (a background sleep keeps the traps responsive).
while kill -0 "$pid" 2>/dev/null; do
	# (On Linux, re-parenting shows in /proc even when the old pid is reused.)
	now=$parent
	[ -r /proc/$$/stat ] && now=$(sed 's/.*) [A-Za-z] \([0-9]*\) .*/\1/' /proc/$$/stat)
	if ! kill -0 "$parent" 2>/dev/null || [ "$now" != "$parent" ]; then
		stop 0
	fi
	sleep 0.5 &
	wait $! 2>/dev/null
done
wait "$pid"
rc=$?
rm -f "$log"
exit $rc
