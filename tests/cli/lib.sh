# Shared helpers for the shell tests: TAP output, a private data folder, and
# runners that capture stdout, stderr and the exit status.
set -u
: "${DEPINCTL:?DEPINCTL must name the binary under test}"
: "${srcdir:=.}"

T=$(mktemp -d "${TMPDIR:-/tmp}/depinctl-test.XXXXXX")
trap 'rm -rf "$T"' EXIT
export DEPINCTL_HOME="$T/home" DEPINCTL_CONFIG="$T/config" HOME="$T" XDG_CONFIG_HOME="$T/xdg-config" XDG_DATA_HOME="$T/xdg-data"
export DEPINCTL_KDF=interactive NO_COLOR=1
unset DEPINCTL_PASSWORD DEPINCTL_PASSWORD_FILE DEPINCTL_NEW_PASSWORD ETH_RPC_URL

tap_n=0
tap_failed=0
ok() { # ok CONDITION-STATUS NAME
	tap_n=$((tap_n + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $tap_n - $2"
	else
		echo "not ok $tap_n - $2"
		tap_failed=$((tap_failed + 1))
		[ -n "${out-}" ] && printf '#   stdout: %s\n' "$(head -c 600 "$T/out" | tr '\n' '|')"
		[ -n "${out-}" ] && printf '#   stderr: %s\n' "$(head -c 600 "$T/err" | tr '\n' '|')"
	fi
}
done_testing() {
	echo "1..$tap_n"
	[ "$tap_failed" -eq 0 ]
}

# run [ARGS...]: runs depinctl with stdin from $IN (default /dev/null);
# sets $rc, $out, $err.
IN=/dev/null
run() {
	"$DEPINCTL" "$@" <"$IN" >"$T/out" 2>"$T/err"
	rc=$?
	out=$(cat "$T/out")
	err=$(cat "$T/err")
}
# feed TEXT ARGS...: like run with TEXT (printf %b) on stdin.
feed() {
	local text=$1
	shift
	printf '%b' "$text" >"$T/in"
	IN="$T/in" run "$@"
}
expect_rc() { # expect_rc WANT NAME
	[ "$rc" -eq "$1" ]
	local s=$?
	[ $s -ne 0 ] && echo "#   exit status $rc, wanted $1"
	ok $s "$2"
}
contains() { # contains HAYSTACK NEEDLE NAME
	case $1 in *"$2"*) ok 0 "$3" ;; *) echo "#   '$2' not found"; ok 1 "$3" ;; esac
}
is() { # is GOT WANT NAME
	[ "$1" = "$2" ]
	local s=$?
	[ $s -ne 0 ] && echo "#   got '$1', wanted '$2'"
	ok $s "$3"
}
# jq PATH (a.b.0.c): that field of the JSON on stdin; null when it is missing,
# objects, lists and booleans as JSON (python3: no jq needed).
jq() { python3 -c 'import json,sys
v=json.load(sys.stdin)
for k in [k for k in sys.argv[1].split(".") if k]:
    try:
        v = v[int(k)] if isinstance(v, list) else v[k]
    except (KeyError, IndexError, TypeError, ValueError):
        v = None
        break
print("null" if v is None else (json.dumps(v) if isinstance(v,(dict,list,bool)) else v))' "$1"; }
# need_peers MODULE...: the npm test peers (tests/peers, or TEST_PEERS for a
# distcheck build) with NODE_PATH set, or bail out naming what is missing.
need_peers() {
	: "${TEST_PEERS:=$srcdir/tests/peers}"
	export NODE_PATH="$TEST_PEERS/node_modules"
	PEERS="$srcdir/tests/peers"
	local m
	for m in "$@"; do
		if [ ! -d "$NODE_PATH/$m" ]; then
			echo "Bail out! $m is not installed: cd tests/peers && npm install"
			exit 1
		fi
	done
}
# need_cast: CAST names cast's platform binary (npm's wrapper, .bin/cast,
# exits 0 when cast fails), or bail out.
need_cast() {
	: "${TEST_PEERS:=$srcdir/tests/peers}"
	export TEST_PEERS
	PEERS="$srcdir/tests/peers"
	local arch
	case $(uname -m) in x86_64 | amd64) arch=amd64 ;; aarch64 | arm64) arch=arm64 ;; *) arch=unknown ;; esac
	CAST="$TEST_PEERS/node_modules/@foundry-rs/cast-linux-$arch/bin/cast"
	if ! "$CAST" --version >/dev/null 2>&1; then
		echo "Bail out! cast is not installed: cd tests/peers && npm install"
		exit 1
	fi
}
# first_line_port FILE [PREFIX]: the port a peer prints on the first line
# of FILE ("PREFIX12345"), waiting 30 s at most; empty when none came.
first_line_port() {
	local i=0 line
	while [ ! -s "$1" ] && [ $i -lt 300 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	line=$(head -n 1 "$1")
	line=${line#"${2-}"}
	case $line in
	[0-9]*) echo "${line%%[!0-9]*}" ;;
	*) echo "" ;;
	esac
}
# start_validator ARGS...: the LiteSVM validator (tests/peers) on a free
# port; sets sv_pid (the script's cleanup stops it) and URL, or bails out
# with what it printed.
start_validator() {
	node "$srcdir/tests/peers/solana-validator.js" --port 0 "$@" >"$T/sv.out" 2>"$T/sv.err" </dev/null &
	sv_pid=$!
	local port
	port=$(first_line_port "$T/sv.out" "listening ")
	if [ -z "$port" ]; then
		echo "Bail out! the validator did not start"
		sed 's/^/# /' "$T/sv.err"
		exit 1
	fi
	ok 0 "the validator listens"
	URL="http://127.0.0.1:$port"
}
# own_binary: the tests run a copy of depinctl (a rebuild of the shared tree
# mid-test must not pull it away).
own_binary() {
	cp "$DEPINCTL" "$T/depinctl" || exit 1
	DEPINCTL=$T/depinctl
}
# jq-less JSON field read through node (installed with the test peers) or python3.
json_get() { # json_get JSON PATH (a.b.0.c)
	python3 -c 'import json,sys
v=json.loads(sys.argv[1])
for k in sys.argv[2].split("."):
    v = v[int(k)] if isinstance(v, list) else v[k]
print("null" if v is None else (json.dumps(v) if isinstance(v,(dict,list,bool)) else v))' "$1" "$2" 2>/dev/null
}

PW="correct horse battery staple"
ABANDON="abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about"
TESTJUNK="test test test test test test test test test test test junk"
