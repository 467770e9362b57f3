# The dashboard on a real terminal (tmux): the demo fleet's screens, filter,
# sort, a device, resizing down to 40x12 and back, the claim dialog, alerts
# through --on-alert; then against a dead API: stale figures and the error,
# no crash. Bounded waits on capture-pane, no timed assertions.
. "$srcdir/tests/cli/lib.sh"
if ! command -v tmux >/dev/null; then
	echo "Bail out! tmux is not installed (./bootstrap installs it)"
	exit 1
fi
own_binary
export TMUX_TMPDIR="$T" # a private tmux server
S=dash0
srv_pid=
cleanup() {
	tmux kill-server 2>/dev/null
	[ -n "$srv_pid" ] && kill "$srv_pid" 2>/dev/null
	wait 2>/dev/null
	rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

screen() { tmux capture-pane -p -t $S 2>/dev/null; }
# wait_for TEXT [SECONDS]: polls the pane until it shows TEXT (10 s)
wait_for() {
	for _ in $(seq $((${2:-10} * 10))); do
		screen | grep -qF -- "$1" && return 0
		sleep 0.1
	done
	echo "# pane (wanted '$1'):"; screen | sed 's/^/#   /'
	return 1
}
# wait_gone TEXT: polls until the pane no longer shows TEXT
wait_gone() {
	for _ in $(seq 100); do
		screen | grep -qF -- "$1" || return 0
		sleep 0.1
	done
	echo "# pane (still '$1'):"; screen | sed 's/^/#   /'
	return 1
}
# table rows of a network: lines starting with its name
rows_of() { screen | grep -c "^$1 "; }
nsess=0
RUNENV="NO_COLOR=1"
start() { # start ARGS...: the dashboard in a new session (the old one then ends), its exit status shown after
	local old=$S
	nsess=$((nsess + 1))
	S=dash$nsess
	tmux new-session -d -s $S -x 120 -y 40 "env $RUNENV DEPINCTL_HOME='$DEPINCTL_HOME' DEPINCTL_CONFIG='$DEPINCTL_CONFIG' HOME='$HOME' '$DEPINCTL' $*; echo EXIT=\$?; sleep 30"
	tmux kill-session -t $old 2>/dev/null
}

: >"$T/alerts"
# a key password in the dashboard's environment must not reach the alert command
RUNENV="${RUNENV-} DEPINCTL_PASSWORD=not-for-alerts" start dash --demo --offline-after 60 --on-alert "'cat >>$T/alerts; echo >>$T/alerts; echo \"\$DEPINCTL_ALERT_NETWORK \$DEPINCTL_ALERT_DEVICE \$DEPINCTL_ALERT_STATUS\" >>$T/alerts.env; echo \"pw=\${DEPINCTL_PASSWORD-unset}\" >>$T/alerts.pw'"
wait_for "[1 Fleet]"; ok $? "the dashboard opens on the fleet screen"
wait_for "weatherxm:" && wait_gone "refreshing" 20; ok $? "every demo network refreshes without a network"
n=$(screen | sed -n 's/^\([0-9][0-9]*\) devices .*/\1/p')
[ "${n:-0}" -ge 30 ]; ok $? "the demo fleet has its devices ($n)"
screen | grep -qE '^[0-9]+ devices +[1-9][0-9]* offline +[1-9][0-9]* alerts'; ok $? "offline devices and alerts are counted"
nets=$(screen | grep -E '^[a-z]+ {2,}' | cut -d' ' -f1 | sort -u | wc -l)
[ "$nets" -ge 3 ]; ok $? "devices of several networks in one table ($nets shown)"
screen | grep -E '^[a-z]+ +!' | grep -q offline; ok $? "a device offline past the threshold is flagged"

tmux send-keys -t $S Tab
wait_for "[2 Device]"; ok $? "Tab goes to the next screen"
tmux send-keys -t $S 3
wait_for "[3 Wallet]" && wait_for "Pending rewards by owner"; ok $? "3: the wallet screen"
screen | grep -q "the demo uses no keys"; ok $? "the demo's wallet screen says it has no keys"
# balances from the replay (ui/demo/balances): exact amounts, USD at the demo's prices
wait_for "balances total: \$"; ok $? "the wallet screen shows the balances and their total"
bal() { screen | grep -E "^ *$1 +$2 +$3 +$4 +\\\$[0-9]+\.[0-9][0-9]\$"; }
bal CiuwuU2PfLDpPtaXgRKeJDpZrm2MQpxBBraRaM9vfHnj solana SOL 4.21337 >/dev/null; ok $? "SOL balance: exact lamports, in USD"
bal CiuwuU2PfLDpPtaXgRKeJDpZrm2MQpxBBraRaM9vfHnj solana HNT 123.45678901 >/dev/null; ok $? "HNT balance (Token program, by mint), in USD"
bal CiuwuU2PfLDpPtaXgRKeJDpZrm2MQpxBBraRaM9vfHnj solana USDC 250.75 >/dev/null; ok $? "USDC balance, in USD"
bal 0x7D1AfA7B718fb893dB30A3aBc0Cfc608AaCfeBB0 arbitrum ETH 0.2 >/dev/null; ok $? "ETH balance on Arbitrum (wei), in USD"
bal 0x7D1AfA7B718fb893dB30A3aBc0Cfc608AaCfeBB0 arbitrum WXM 1523.25 >/dev/null; ok $? "WXM on Arbitrum (ERC-20 balanceOf), in USD"
! screen | grep -qE "^ *Ciuwu[^ ]* +solana +IOT "; ok $? "an empty token account is left out"
screen | grep -qE "^ *Ciuwu[^ ]* +solana +USDC +250\.75 +\\\$250\.7[0-9]\$"; ok $? "USDC at one dollar: the USD column is the price times the amount"
tmux send-keys -t $S 4
wait_for "[4 Networks]" && wait_for "BURN/EMIT"; ok $? "4: the networks screen"
tmux send-keys -t $S '?'
wait_for "[5 Help]" && wait_for "filter devices"; ok $? "?: the help lists the keys"
tmux send-keys -t $S 1
wait_for "[1 Fleet]"; ok $? "1: back to the fleet"

tmux send-keys -t $S / w e a t h e r
wait_for "/weather_"; ok $? "/ edits a filter on the status line"
tmux send-keys -t $S Enter
wait_gone "/weather_"
[ "$(rows_of weatherxm)" -ge 2 ] && [ "$(rows_of helium)" -eq 0 ] && [ "$(rows_of akash)" -eq 0 ]
ok $? "the filter keeps only the matching devices"
tmux send-keys -t $S s
wait_for "NAME^"; ok $? "s sorts by the next column"
tmux send-keys -t $S s
wait_for "STATUS^"
first=$(screen | grep -m1 '^weatherxm ')
echo "$first" | grep -q offline; ok $? "sorted by status, offline devices come first"
tmux send-keys -t $S S
wait_for "STATUSv"; ok $? "S reverses the order"
first=$(screen | grep -m1 '^weatherxm ')
echo "$first" | grep -qv offline; ok $? "reversed, an offline device is no longer first"
# by 30-day earnings, most first: a device with a history
tmux send-keys -t $S s s s s s
wait_for "30Dv"; ok $? "s cycles through every column (30D, most first)"
first=$(screen | grep -m1 '^weatherxm ')
name=$(echo "$first" | cut -c11-31 | sed 's/^!//; s/ *$//')

tmux send-keys -t $S Home Enter
wait_for "[2 Device]" && wait_for "$name (weatherxm)"; ok $? "Enter opens the selected device ($name)"
wait_for "earnings by days"; ok $? "the device screen charts earnings by day"
screen | grep -qE '[▁▂▃▄▅▆▇█]'; ok $? "the chart is drawn with block characters"
tmux send-keys -t $S w
wait_for "earnings by weeks"; ok $? "w: by weeks"
tmux send-keys -t $S c
wait_for "Claims are disabled in the demo"; ok $? "c opens the claim dialog (disabled in the demo)"
tmux send-keys -t $S Escape
wait_gone "Claims are disabled"; ok $? "Esc cancels the claim dialog"
wait_for "[2 Device]"; ok $? "the device screen stays after the dialog"

tmux resize-window -t $S -x 40 -y 12
for _ in $(seq 50); do [ "$(screen | wc -L)" -le 40 ] && break; sleep 0.1; done
wait_for "depinctl" && [ "$(screen | wc -L)" -le 40 ]; ok $? "resized down to 40x12 it still draws"
tmux send-keys -t $S 1
wait_for "NETWORK"; ok $? "the fleet at 40x12 shows the table"
tmux resize-window -t $S -x 120 -y 40
wait_for "USD 24H"; ok $? "resized back, every column is back"
tmux send-keys -t $S / Escape
others() { screen | grep -E '^[a-z]+ +.* (online|offline|degraded|unknown)' | grep -vc '^weatherxm '; }
for _ in $(seq 100); do [ "$(others)" -ge 3 ] && break; sleep 0.1; done
[ "$(others)" -ge 3 ]; ok $? "/ then Esc clears the filter: other networks' devices are back"

# the mouse (X10 reports, as tmux-256color's kmous): a click selects the row under it
L=$(screen | grep -nE '^[a-z]+ +[^ ]' | sed -n 3p | cut -d: -f1)
[ -n "$L" ] || L=1
want=$(screen | sed -n "${L}p" | cut -c11-31 | sed 's/^!//; s/ *$//')
yc=$(printf "\\$(printf %o $((L - 1 + 33)))")
tmux send-keys -t $S -l $'\e[M 0'"$yc"
tmux send-keys -t $S -l $'\e[M#0'"$yc"
sleep 0.3
tmux send-keys -t $S Enter
wait_for "[2 Device]" && wait_for " $want ("; ok $? "a mouse click selects a row ($want)"
tmux send-keys -t $S 1

# alerts: once per event, with the event in the environment and as JSON on stdin
tmux send-keys -t $S r
wait_for "refreshing" 5
wait_gone "refreshing" 20
sleep 0.5
nalerts=$(screen | sed -n 's/^[0-9]* devices *[0-9]* offline *\([0-9]*\) alerts.*/\1/p')
for _ in $(seq 50); do [ "$(wc -l <"$T/alerts.env")" -ge "${nalerts:-1}" ] && break; sleep 0.1; done
[ "$(wc -l <"$T/alerts.env")" -eq "${nalerts:--1}" ]; ok $? "--on-alert ran once per offline device ($nalerts), a refresh repeats none"
[ -z "$(sort "$T/alerts.env" | uniq -d)" ]; ok $? "no event reported twice"
grep -q ' offline$' "$T/alerts.env"; ok $? "DEPINCTL_ALERT_NETWORK/DEVICE/STATUS are set"
grep -q 'pw=unset' "$T/alerts.pw" && ! grep -q 'not-for-alerts' "$T/alerts.pw"
ok $? "the alert command does not get DEPINCTL_PASSWORD"
python3 -c '
import json, sys
evs = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
assert evs and all(e["event"] == "offline" and e["status"] == "offline" and e["device"] and e["since"].endswith("Z") for e in evs)
' "$T/alerts"; ok $? "the event is JSON on the command's stdin"

tmux send-keys -t $S q
wait_for "EXIT=0"; ok $? "q quits with status 0"

# Colours, and the monochrome fallback under NO_COLOR (reverse video, bold)
colors() { tmux capture-pane -e -p -t $S 2>/dev/null; }
start dash --demo
wait_for "weatherxm:" && wait_gone "refreshing" 20
colors | grep -q $'\e\\[[0-9;]*31m'; [ $? -ne 0 ]; ok $? "NO_COLOR: no colour"
colors | grep -q $'\e\\[[0-9;]*7m'; ok $? "NO_COLOR: reverse video marks the header and selection"
tmux send-keys -t $S q
wait_for "EXIT=0"
RUNENV="-u NO_COLOR TERM=tmux-256color"
start dash --demo
RUNENV="NO_COLOR=1"
wait_for "weatherxm:" && wait_gone "refreshing" 20
colors | grep 'offline' | grep -v ' devices ' | grep -q $'\e\\[[0-9;]*31m'; ok $? "with colours, offline devices are red"
tmux send-keys -t $S q
wait_for "EXIT=0"; ok $? "q quits"

# Against a dead API: figures of the last good refresh (the history store), marked stale, and the error.
node "$srcdir/tests/fixtures/server.js" "$srcdir/tests/fixtures/storj" >"$T/srv.out" 2>"$T/srv.err" </dev/null &
srv_pid=$!
PORT=$(first_line_port "$T/srv.out")
[ -n "$PORT" ]; ok $? "the fixture server runs"
cat >"$DEPINCTL_CONFIG" <<CONF
[storj]
devices = http://127.0.0.1:$PORT/node-a.lan:14002
wallets =
CONF
start dash --network storj
wait_for "[1 Fleet]" && wait_for "storj:" && wait_gone "refreshing" 20; ok $? "the dashboard refreshes storj from the server"
[ "$(rows_of storj)" -ge 1 ]; ok $? "the node is listed"
node_row=$(screen | grep -m1 '^storj ' | cut -c1-31)
tmux send-keys -t $S q
wait_for "EXIT=0"; ok $? "quit"
kill "$srv_pid"; wait "$srv_pid" 2>/dev/null; srv_pid=
start dash --network storj
wait_for "ERROR storj:" 30; ok $? "a dead API shows the error"
wait_for "stale figures"; ok $? "the figures are marked stale"
screen | grep -qF "$node_row"; ok $? "the last known node stays on screen"
wait_for "storj:ERR stale"; ok $? "the status line marks the network stale with its age"
tmux send-keys -t $S r
sleep 0.3
wait_for "ERROR storj:" && tmux has-session -t $S && ! screen | grep -q "EXIT="; ok $? "refreshing again does not crash"
tmux send-keys -t $S q
wait_for "EXIT=0"; ok $? "q quits with status 0"

# A dashboard needs a terminal; bare depinctl without one prints help.
run dash --demo
[ "$rc" -eq 2 ] && grep -q "needs a terminal" "$T/err"; ok $? "dash without a terminal is a usage error"
run
[ "$rc" -eq 0 ] && grep -qi "usage" "$T/out"; ok $? "bare depinctl without a terminal prints help"
run dash --demo --offline-after 0
[ "$rc" -eq 2 ]; ok $? "--offline-after 0 is refused"
done_testing
