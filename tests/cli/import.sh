# key import from files other tools wrote (tests/fixtures/keyfiles/README.md
# records how each was made): cast keystores, a web3.js keypair, helium-wallet
# files of every version, and helium-wallet mnemonics.
. "$srcdir/tests/cli/lib.sh"
fx="$srcdir/tests/fixtures/keyfiles"
export DEPINCTL_PASSWORD="$PW"

printf 'depinctl-test\n' >"$T/in"
IN="$T/in" run --json key import castimp --keystore "$fx/cast-import.json"
expect_rc 0 "import cast wallet import's keystore"
[ "$(json_get "$out" evm)" = 0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266 ]; ok $? "its address"
printf 'correct horse battery staple\n' >"$T/in"
IN="$T/in" run --json key import castnew --keystore "$fx/cast-new.json"
expect_rc 0 "import cast wallet new's keystore"
[ "$(json_get "$out" evm)" = 0xCaBEE8FF5a43F71a5303865aaD9DF28d22E6Aec3 ]; ok $? "its address"
printf 'depinctl-test\n' >"$T/in"
IN="$T/in" run key import castnew2 --keystore - <"$fx/cast-import.json"
expect_rc 2 "--keystore - with the password also on stdin cannot work and says so"

run --json key import wjs --solana-keypair "$fx/web3js-keypair.json"
expect_rc 0 "import a web3.js keypair"
[ "$(json_get "$out" solana)" = 6HdAenPmGJnR8KwGXQ5Yor7r7LHbVayYU8ysqhyYWZ4c ]; ok $? "its public key"
printf '[1,2,3]' >"$T/short.json"
run key import short --solana-keypair "$T/short.json"
expect_rc 2 "a keypair file of 3 numbers is refused"

for f in helium-v3-argon2id:79eNbWjsiHKMq8QzAFUt7tP9xVhvUcs2fFZFfjjb1Vww \
	helium-v3-pbkdf2:G7MNGqYa8uJxZkxvgZjnkd9fLkaznXEXC5zf12F6JfMC \
	helium-v2-pbkdf2:79eNbWjsiHKMq8QzAFUt7tP9xVhvUcs2fFZFfjjb1Vww \
	helium-v1-pbkdf2:3WTypo2uYrwMHJ5yFFwUPX6T25n39PwNwke7pz22P4Ut; do
	name=${f%%:*}
	printf 'helium-test\n' >"$T/in"
	IN="$T/in" run --json key import "$name" --helium-wallet "$fx/$name.key"
	expect_rc 0 "import $name.key"
	[ "$(json_get "$out" solana)" = "${f#*:}" ]; ok $? "$name.key gives ${f#*:}"
done
printf 'wrong\n' >"$T/in"
IN="$T/in" run key import hw --helium-wallet "$fx/helium-v3-argon2id.key"
expect_rc 5 "a helium wallet with a wrong password is refused"
[ ! -e "$DEPINCTL_HOME/keys/hw.key" ]; ok $? "nothing written"
printf 'helium-test\n' >"$T/in"
IN="$T/in" run key import hs --helium-wallet "$fx/helium-v3-sharded.key.1"
expect_rc 2 "a sharded helium wallet is refused"
contains "$err" "export" "the refusal says how to export a sharded wallet"
IN="$T/in" run key import he --helium-wallet "$fx/helium-v2-ecc-compact.key"
expect_rc 2 "an ecc_compact helium wallet is refused"

# The words of a helium wallet give the same key as its file.
feed "ritual ice harbor gas modify seed control solve burden people stay million\n" --json key import hm12 --mnemonic --derivation helium-wallet
expect_rc 0 "import a 12-word helium-wallet mnemonic"
[ "$(json_get "$out" solana)" = 79eNbWjsiHKMq8QzAFUt7tP9xVhvUcs2fFZFfjjb1Vww ]; ok $? "12 words give the wallet file's key"
feed "pelican sphere tackle click broken hurt fork nephew choice seven announce moment tobacco tribe topple pause october drama sock erase news glove okay bubble\n" --json key import hm24 --mnemonic --derivation helium-wallet
expect_rc 0 "import a 24-word helium-wallet mnemonic"
[ "$(json_get "$out" solana)" = G7MNGqYa8uJxZkxvgZjnkd9fLkaznXEXC5zf12F6JfMC ]; ok $? "24 words give the wallet file's key"
feed "ritu ice harb gas modi seed cont solv burd peop stay mill\n" --json key import hm4 --mnemonic --derivation helium-wallet
expect_rc 0 "helium-wallet words cut to 4 letters"
[ "$(json_get "$out" solana)" = 79eNbWjsiHKMq8QzAFUt7tP9xVhvUcs2fFZFfjjb1Vww ]; ok $? "4-letter words give the same key"
run key export hm4 --format mnemonic
[ "$out" = "ritual ice harbor gas modify seed control solve burden people stay million" ]; ok $? "and are stored spelled in full"
# 12 x abandon: entropy zero, checksum bits zero (invalid BIP39, valid for the
# old hotspot app); seed = 32 zero bytes, whose public key web3.js's
# Keypair.fromSeed(new Uint8Array(32)) gives as below.
feed "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon\n" --json key import hz --mnemonic --derivation helium-wallet
expect_rc 0 "a 12-word helium phrase with a zero checksum"
[ "$(json_get "$out" solana)" = 4zvwRjXUKGfvwnParsHAS3HuSVzV5cA4McphgmoCtajS ]; ok $? "gives the all-zero seed's key"
feed "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon\n" key import hz2 --mnemonic
expect_rc 2 "the same phrase is refused as a standard BIP39 mnemonic"
feed "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon ability\n" key import hz3 --mnemonic --derivation helium-wallet
expect_rc 2 "a wrong non-zero checksum is refused for helium too"
feed "aban aban aban aban aban aban aban aban aban aban aban abou\n" --json key import hz4 --mnemonic --derivation helium-wallet
[ "$(json_get "$out" solana)" = 4zvwRjXUKGfvwnParsHAS3HuSVzV5cA4McphgmoCtajS ] && [ "$rc" -eq 0 ]; ok $? "abandon x11 abou(t), the same zero entropy with a valid checksum, gives the same key"
feed "abc abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about\n" key import hz5 --mnemonic --derivation helium-wallet
expect_rc 2 "a 3-letter word is refused"
contains "$err" "word 1" "by position"
run --account 1 key show hm12
expect_rc 2 "a helium-wallet key has no account 1"
run key export hm12 --format solana-keypair --output "$T/hm12.json"
expect_rc 0 "a helium-wallet key exports as a solana-keygen file"
run --json key import hm12b --solana-keypair "$T/hm12.json"
[ "$(json_get "$out" solana)" = 79eNbWjsiHKMq8QzAFUt7tP9xVhvUcs2fFZFfjjb1Vww ]; ok $? "and imports back with the same key"
run key export hm12 --format mnemonic
[ "$out" = "ritual ice harbor gas modify seed control solve burden people stay million" ]; ok $? "the helium words export as they came"

done_testing
