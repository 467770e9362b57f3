# depinctl sign / verify: EIP-191, EIP-712 (the EIP's Mail example), Solana ed25519.
. "$srcdir/tests/cli/lib.sh"
export DEPINCTL_PASSWORD="$PW"

feed "$TESTJUNK\n" key import junk --mnemonic
expect_rc 0 "import test x11 junk"
# The EIP-712 example's signer: private key keccak256("cow").
feed "0xc85ef7d79691fe79573b1a7064c19c1a9819ebdbd1faaab1a8ec92344438aaf4\n" --json key import cow --private-key
[ "$(json_get "$out" evm)" = 0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826 ]; ok $? "keccak256(cow) is the EIP-712 example's address"

mail="$srcdir/tests/fixtures/eip712/mail.json"
run --json sign cow --typed-data "$mail"
expect_rc 0 "sign the EIP-712 Mail example"
[ "$(json_get "$out" signature)" = 0x4355c47d63924e8a72e509b65029052eb6c299d53a04e167c5775fd466751c9d07299936d304c153f6443dfa05f40ff007d72911b6f72307f996231605b915621c ]
ok $? "the Mail signature equals the one published in EIP-712"
[ "$(json_get "$out" digest)" = 0xbe609aee343fb3c4b28e1df9e632fca64fcfaede20f02e86244efddf30957bd2 ]
ok $? "the Mail digest equals the published one"
run verify --chain evm 0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826 --typed-data "$mail" 0x4355c47d63924e8a72e509b65029052eb6c299d53a04e167c5775fd466751c9d07299936d304c153f6443dfa05f40ff007d72911b6f72307f996231605b915621c
expect_rc 0 "verify the published Mail signature"
run verify --chain evm 0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266 --typed-data "$mail" 0x4355c47d63924e8a72e509b65029052eb6c299d53a04e167c5775fd466751c9d07299936d304c153f6443dfa05f40ff007d72911b6f72307f996231605b915621c
expect_rc 5 "the Mail signature is not another address's"
contains "$out" "invalid" "verify prints invalid"

run sign junk hello
expect_rc 2 "a key with both chains needs --chain"
contains "$err" "--chain" "the error says to pick --chain"
run --json sign junk --chain evm hello
expect_rc 0 "EIP-191 sign"
sig=$(json_get "$out" signature)
[ "$(json_get "$out" address)" = 0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266 ]; ok $? "signed by account 0"
case $sig in 0x*) [ ${#sig} -eq 132 ]; ok $? "a 65-byte hex signature" ;; *) ok 1 "a 65-byte hex signature" ;; esac
run verify --chain evm 0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266 hello "$sig"
expect_rc 0 "EIP-191 verify"
run verify --chain evm 0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266 hello "$sig"
expect_rc 0 "verify accepts an all-lower-case address"
run verify --chain evm 0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92267 hello "$sig"
expect_rc 2 "verify refuses a bad EIP-55 checksum"
run verify --chain evm 0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266 hellO "$sig"
expect_rc 5 "verify refuses another message"
run verify --chain evm 0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266 hello 0x1234
expect_rc 2 "verify refuses a short signature"
printf 'hello' >"$T/msg"
run sign junk --chain evm --file "$T/msg"
[ "$out" = "$sig" ]; ok $? "--file signs the same bytes as the argument"
run --account 1 --json sign junk --chain evm hello
[ "$(json_get "$out" address)" = 0x70997970C51812dc3A010C7d01b50e0d17dc79C8 ]; ok $? "--account 1 signs with the second account"

run --json sign junk --chain solana "hello solana"
expect_rc 0 "Solana sign"
ssig=$(json_get "$out" signature)
saddr=$(json_get "$out" address)
run verify --chain solana "$saddr" "hello solana" "$ssig"
expect_rc 0 "Solana verify"
run verify --chain solana "$saddr" "hello solanA" "$ssig"
expect_rc 5 "Solana verify refuses another message"
run verify --chain solana notanaddress "hello" "$ssig"
expect_rc 2 "Solana verify refuses a malformed address"

printf '{"types":{"EIP712Domain":[]},"primaryType":"Nope","domain":{},"message":{}}' >"$T/bad.json"
run sign cow --typed-data "$T/bad.json"
expect_rc 2 "typed data with an unknown primary type is refused"
printf '{not json' >"$T/bad2.json"
run sign cow --typed-data "$T/bad2.json"
expect_rc 2 "typed data that is not JSON is refused"
run sign cow --chain solana hello
expect_rc 2 "a secp256k1 key cannot sign for Solana"
run sign nosuch --chain evm hello
expect_rc 3 "sign with an unknown key exits 3"
DEPINCTL_PASSWORD=wrong run sign cow hello
expect_rc 5 "sign with a wrong password exits 5"
run sign cow --typed-data "$mail" --chain solana
expect_rc 2 "--typed-data with --chain solana is refused"
run sign cow
expect_rc 2 "sign without a message is refused"

done_testing
