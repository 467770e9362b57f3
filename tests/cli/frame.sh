# The command frame: help, version, unknown commands and options, --json,
# exit statuses, configuration errors.
. "$srcdir/tests/cli/lib.sh"

run --help
expect_rc 0 "--help exits 0"
contains "$out" "usage: depinctl" "--help prints the usage"
contains "$out" "key" "--help lists the key command"

run --version
expect_rc 0 "--version exits 0"
contains "$out" "depinctl 0.1.0" "--version prints the version"

run --json version
expect_rc 0 "--json version"
[ "$(json_get "$out" version)" = "0.1.0" ]; ok $? "--json version is a JSON document"

run
expect_rc 0 "no command prints help when stdout is not a terminal"
contains "$out" "Commands:" "no command: help"

run frobnicate
expect_rc 2 "unknown command exits 2"
contains "$err" "unknown command 'frobnicate'" "unknown command is named"

run --frob
expect_rc 2 "unknown global option exits 2"
contains "$err" "--frob" "unknown option is named"

run key list --frob
expect_rc 2 "unknown command option exits 2"
contains "$err" "unknown option '--frob' for 'key list'" "the error says which command"

run --json key list --frob
expect_rc 2 "--json errors exit 2"
[ "$(printf '%s' "$err" | python3 -c 'import json,sys; print(json.load(sys.stdin)["error"]["exit"])')" = 2 ]
ok $? "--json errors are JSON on stderr"

run help key
expect_rc 0 "help key"
contains "$out" "depinctl key new NAME" "help key shows the key usage"
run key --help
contains "$out" "depinctl key export NAME" "key --help shows the key usage"
run --json help key
[ "$(json_get "$out" commands.0.name)" = key ]; ok $? "help --json describes the command"
run --json completion bash
contains "$(json_get "$out" script)" "complete -o default -F _depinctl depinctl" "completion --json wraps the script"
run --json __complete commands
[ "$(json_get "$out" 0)" = dash ]; ok $? "__complete --json is an array (the table's order)"
run __complete networks
contains "$out" "helium" "network completion names the DePIN networks too"
run help nosuch
expect_rc 2 "help for an unknown command exits 2"

run key
expect_rc 2 "key without a verb exits 2"
run key frob
expect_rc 2 "unknown key verb exits 2"
contains "$err" "unknown key verb 'frob'" "unknown verb is named"

run --account -1 key list
expect_rc 2 "a negative --account is refused"
run --account 99999999999 key list
expect_rc 2 "an overflowing --account is refused"

# configuration
printf '[depinctl]\nnetwork = nowhere\n' >"$DEPINCTL_CONFIG"
run key new x
expect_rc 2 "a config naming an unknown default network is refused"
contains "$err" "default network 'nowhere'" "the config error names the network"
printf '[depinctl]\ncolour = red\n' >"$DEPINCTL_CONFIG"
run key new x
expect_rc 2 "an unknown config setting is refused"
contains "$err" "line 2" "the config error names the line"
printf '[network.mine]\nfamily = evm\nchain-id = 100\nrpc = https://a.example, https://b.example\n[depinctl]\nnetwork = mine\n' >"$DEPINCTL_CONFIG"
feed "$PW\n" key new good --words 12
expect_rc 0 "a valid config with a new network loads"
run --config "$T/absent" key new y
expect_rc 3 "an explicit --config that does not exist is not found"
rm -f "$DEPINCTL_CONFIG"

run --network nowhere key new z
expect_rc 2 "an unknown --network is refused"
contains "$err" "unknown network 'nowhere'" "the network is named"

done_testing
