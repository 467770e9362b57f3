# The committed completion scripts are exactly what the command table
# generates: a command, verb or option added without them fails here.
. "$srcdir/tests/cli/lib.sh"

for sh in bash zsh fish; do
	f="$srcdir/completions/depinctl.$sh"; [ $sh = zsh ] && f="$srcdir/completions/_depinctl"
	run completion $sh
	expect_rc 0 "completion $sh"
	printf '%s\n' "$out" | diff -u "$f" - >"$T/diff"
	ok $? "completions/depinctl.$sh matches the command table (regenerate: depinctl completion $sh > $f)"
	[ -s "$T/diff" ] && sed 's/^/#   /' "$T/diff" | head -20
done

# Every visible command and every key verb appears in each script.
cmds=$("$DEPINCTL" __complete commands)
for sh in bash zsh fish; do
	missing=
	for c in $cmds new import list show rename remove passwd export; do
		grep -qw -- "$c" "$srcdir/completions/$([ $sh = zsh ] && echo _depinctl || echo depinctl.$sh)" || missing="$missing $c"
	done
	[ -z "$missing" ]; ok $? "depinctl.$sh names every command and verb${missing:+ (missing:$missing)}"
done

# The bash script completes for real.
if command -v bash >/dev/null; then
	feed "$PW\n" key new mykey --words 12
	res=$(PATH="$(dirname "$DEPINCTL"):$PATH" bash -c '
		. "$1"
		COMP_WORDS=(depinctl ke); COMP_CWORD=1; _depinctl; echo "${COMPREPLY[*]}"
		COMP_WORDS=(depinctl key ex); COMP_CWORD=2; _depinctl; echo "${COMPREPLY[*]}"
		COMP_WORDS=(depinctl sign my); COMP_CWORD=2; _depinctl; echo "${COMPREPLY[*]}"
		COMP_WORDS=(depinctl --network arb); COMP_CWORD=2; _depinctl; echo "${COMPREPLY[*]}"
		COMP_WORDS=(depinctl key new x --wo); COMP_CWORD=4; _depinctl; echo "${COMPREPLY[*]}"
	' _ "$srcdir/completions/depinctl.bash")
	[ "$(printf '%s\n' "$res" | sed -n 1p)" = key ]; ok $? "bash completes a command"
	[ "$(printf '%s\n' "$res" | sed -n 2p)" = export ]; ok $? "bash completes a key verb"
	[ "$(printf '%s\n' "$res" | sed -n 3p)" = mykey ]; ok $? "bash completes a key name"
	[ "$(printf '%s\n' "$res" | sed -n 4p)" = arbitrum ]; ok $? "bash completes a network"
	[ "$(printf '%s\n' "$res" | sed -n 5p)" = --words ]; ok $? "bash completes a command option"
fi

# The man pages name every command and key verb.
for c in $cmds; do
	grep -q "^\.B.*$c" "$srcdir/man/depinctl.1" || grep -q "$c" "$srcdir/man/depinctl.1"
	ok $? "depinctl(1) documents '$c'"
done
for v in new import list show rename remove passwd export; do
	grep -q "^\.B $v" "$srcdir/man/depinctl-key.1"
	ok $? "depinctl-key(1) documents 'key $v'"
done

done_testing
