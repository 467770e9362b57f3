# EVM interop with Foundry's cast (pinned in tests/peers): keystores both
# ways, EIP-191 and EIP-712 signatures compared byte for byte and verified.
. "$srcdir/tests/cli/lib.sh"
need_cast
export DEPINCTL_PASSWORD="$PW"
ANVIL0_KEY=0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80

# depinctl -> cast: an exported keystore opens in cast with the same address.
feed "$TESTJUNK\n" key import junk --mnemonic
expect_rc 0 "import test x11 junk"
for acct in 0 3; do
	run --account $acct --json key show junk
	mine=$(json_get "$out" evm)
	run --account $acct key export junk --format keystore --output "$T/ks$acct.json"
	expect_rc 0 "export account $acct as a Web3 keystore"
	theirs=$("$CAST" wallet address --keystore "$T/ks$acct.json" --password "$PW" 2>"$T/cast.err")
	[ -n "$mine" ] && [ "$theirs" = "$mine" ]; ok $? "cast opens depinctl's keystore of account $acct: $theirs"
	pk=$("$CAST" wallet decrypt-keystore --keystore-dir "$T" "ks$acct.json" --unsafe-password "$PW" 2>/dev/null | grep -o '0x[0-9a-f]\{64\}')
	[ -n "$pk" ] && [ "$("$CAST" wallet address --private-key "$pk")" = "$mine" ]; ok $? "cast decrypts the same private key"
done
# The default (geth standard) scrypt cost opens in cast too.
DEPINCTL_KDF= run key export junk --format keystore --output "$T/std.json"
grep -q '"n":[[:space:]]*262144' "$T/std.json"; ok $? "the default export uses scrypt n=262144"
[ "$("$CAST" wallet address --keystore "$T/std.json" --password "$PW" 2>/dev/null)" = 0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266 ]
ok $? "cast opens the standard-cost keystore"

# cast -> depinctl: keystores cast writes import with the same address.
mkdir -p "$T/castks"
for i in 1 2; do
	line=$("$CAST" wallet new "$T/castks" --unsafe-password "cast pw $i" 2>&1 | grep Address)
	addr=${line##* }
	file=$(ls -t "$T/castks" | head -1)
	printf 'cast pw %s\n' "$i" >"$T/in"
	IN="$T/in" run --json key import "c$i" --keystore "$T/castks/$file"
	expect_rc 0 "import a keystore written by cast wallet new ($i)"
	[ "$(json_get "$out" evm)" = "$addr" ]; ok $? "same address as cast: $addr"
done
"$CAST" wallet import imported --private-key "$ANVIL0_KEY" --keystore-dir "$T/castks" --unsafe-password "pw3" >/dev/null 2>&1
printf 'pw3\n' >"$T/in"
IN="$T/in" run --json key import c3 --keystore "$T/castks/imported"
expect_rc 0 "import a keystore written by cast wallet import"
[ "$(json_get "$out" evm)" = 0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266 ]; ok $? "cast wallet import's key has anvil account 0's address"
printf 'wrong\n' >"$T/in"
IN="$T/in" run key import c4 --keystore "$T/castks/imported"
expect_rc 5 "a cast keystore with the wrong password is refused"

"$CAST" wallet verify --address 0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266 hello 0x00 >/dev/null 2>&1
[ $? -ne 0 ]; ok $? "cast reports its failures in its exit status (so the checks below can fail)"

# EIP-191: the same bytes as cast, and cast verifies ours.
for msg in "hello" "" "a longer message, with punctuation: 100% ✓"; do
	want=$("$CAST" wallet sign --private-key "$ANVIL0_KEY" "$msg" 2>/dev/null)
	run sign junk --chain evm "$msg"
	[ -n "$want" ] && [ "$out" = "$want" ]; ok $? "EIP-191 signature of '$msg' equals cast's"
	"$CAST" wallet verify --address 0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266 "$msg" "$out" >/dev/null 2>&1
	ok $? "cast verifies depinctl's signature of '$msg'"
	run verify --chain evm 0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266 "$msg" "$want"
	expect_rc 0 "depinctl verifies cast's signature of '$msg'"
done

# EIP-712: the Mail example and a richer document, against cast.
feed "0xc85ef7d79691fe79573b1a7064c19c1a9819ebdbd1faaab1a8ec92344438aaf4\n" key import cow --private-key
for f in "$srcdir"/tests/fixtures/eip712/*.json; do
	case $f in *bad*|*hostile*) continue ;; esac
	want=$("$CAST" wallet sign --private-key 0xc85ef7d79691fe79573b1a7064c19c1a9819ebdbd1faaab1a8ec92344438aaf4 --data --from-file "$f" 2>/dev/null)
	[ -n "$want" ] || continue
	run sign cow --typed-data "$f"
	[ "$out" = "$want" ]; ok $? "EIP-712 signature of $(basename "$f") equals cast's"
done

done_testing
