# depinctl shell: runs subcommands from standard input; quoting; exit status.
. "$srcdir/tests/cli/lib.sh"

feed "version\n--json version\nkey list\nfrobnicate\nexit\nversion\n" shell
contains "$out" "depinctl 0.1.0" "the shell runs version"
contains "$out" '"version":"0.1.0"' "global options work inside the shell"
contains "$err" "unknown command 'frobnicate'" "an unknown command reports an error and the shell goes on"
[ "$(printf '%s\n' "$out" | grep -c 'depinctl 0.1.0')" -eq 1 ]; ok $? "exit stops the shell"

feed "help 'key'\nhelp \"sign\"\n" shell
contains "$out" "depinctl key new" "single quotes are words"
contains "$out" "depinctl sign NAME" "double quotes are words"

feed "help 'key\n" shell
contains "$err" "unterminated quote" "an unterminated quote is reported"

feed "shell\n" shell
contains "$err" "already in the shell" "no shell inside the shell"

feed "frobnicate\n" shell
expect_rc 2 "the shell exits with the last command's status"

# Key names complete and the shell reaches the keys; secrets stay on stdin.
feed "key import k1 --mnemonic\n$TESTJUNK\n$PW\nkey list\n" shell
expect_rc 0 "import inside the shell reads the secrets from stdin"
contains "$out" "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266" "the imported key is listed"
[ ! -e "$DEPINCTL_HOME/shell_history" ] || ! grep -q junk "$DEPINCTL_HOME/shell_history"
ok $? "no secret in the history"

done_testing
