# depinctl shell on a real terminal (tmux): tab completion of commands, verbs,
# key names and networks; history kept in the data folder, 0600, without
# secrets; Ctrl-D leaves.
. "$srcdir/tests/cli/lib.sh"
if ! command -v tmux >/dev/null; then
	echo "Bail out! tmux is not installed (./bootstrap installs it)"
	exit 1
fi
export TMUX_TMPDIR="$T" # a private tmux server
S=dshell
feed "$PW\n" key new opskey --words 12
expect_rc 0 "a key to complete"

screen() { tmux capture-pane -p -t $S; }
# wait_for TEXT: polls the pane for up to 5 s
wait_for() {
	for _ in $(seq 50); do
		screen | grep -qF -- "$1" && return 0
		sleep 0.1
	done
	echo "# pane:"; screen | sed 's/^/#   /'
	return 1
}
# wait_line TEXT: a whole line of the pane
wait_line() {
	for _ in $(seq 50); do
		screen | grep -qxF -- "$1" && return 0
		sleep 0.1
	done
	echo "# pane:"; screen | sed 's/^/#   /'
	return 1
}
tmux new-session -d -s $S -x 120 -y 30 "env DEPINCTL_HOME='$DEPINCTL_HOME' DEPINCTL_CONFIG='$DEPINCTL_CONFIG' HOME='$HOME' '$DEPINCTL' shell"
wait_for "depinctl>"; ok $? "the shell shows its prompt"

tmux send-keys -t $S "vers" Tab
wait_for "depinctl> version"; ok $? "Tab completes a command"
tmux send-keys -t $S Enter
wait_line "depinctl 0.1.0"; ok $? "the completed command runs"

tmux send-keys -t $S "key sh" Tab
wait_for "depinctl> key show"; ok $? "Tab completes a key verb"
tmux send-keys -t $S "ops" Tab
wait_for "key show opskey"; ok $? "Tab completes a key name"
tmux send-keys -t $S -l -- "--netw"; tmux send-keys -t $S Tab; tmux send-keys -t $S -l "arbi"; tmux send-keys -t $S Tab
wait_for "key show opskey --network arbitrum"; ok $? "Tab completes an option and a network"
tmux send-keys -t $S Enter
wait_for "created"; ok $? "key show runs in the shell"

# A pasted secret runs (and fails: no such command) but never reaches the history.
tmux send-keys -t $S "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about" Enter
wait_for "unknown command 'abandon'"; ok $? "a stray mnemonic is just an unknown command"
tmux send-keys -t $S "ver" Tab Tab
wait_for "verify"; ok $? "Tab Tab lists the commands an ambiguous prefix could be"
tmux send-keys -t $S C-u "frob" Enter
wait_for "depinctl! "; ok $? "the prompt shows that the last command failed"
tmux send-keys -t $S C-d
for _ in $(seq 50); do tmux has-session -t $S 2>/dev/null || break; sleep 0.1; done
tmux has-session -t $S 2>/dev/null; [ $? -ne 0 ]; ok $? "Ctrl-D leaves the shell"
tmux kill-server 2>/dev/null

h="$DEPINCTL_HOME/shell_history"
[ -f "$h" ]; ok $? "history is kept in the data folder"
[ "$(stat -c %a "$h" 2>/dev/null)" = 600 ]; ok $? "the history file is 0600"
grep -q "key show opskey" "$h"; ok $? "commands are in the history"
grep -q abandon "$h"; [ $? -ne 0 ]; ok $? "the mnemonic is not in the history"

done_testing
