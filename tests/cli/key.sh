# depinctl key: every verb and every documented error path.
. "$srcdir/tests/cli/lib.sh"
keys="$DEPINCTL_HOME/keys"

# --- new ------------------------------------------------------------------
feed "$PW\n" --json key new alpha
expect_rc 0 "key new with the password on stdin"
mn=$(json_get "$out" mnemonic)
[ "$(printf '%s' "$mn" | wc -w)" -eq 24 ]; ok $? "key new makes 24 words by default"
sol=$(json_get "$out" solana); evm=$(json_get "$out" evm)
case $sol in [1-9A-HJ-NP-Za-km-z]*) ok 0 "new key has a Solana address" ;; *) ok 1 "new key has a Solana address" ;; esac
case $evm in 0x????????????????????????????????????????) ok 0 "new key has an EVM address" ;; *) ok 1 "new key has an EVM address" ;; esac
[ "$(stat -c %a "$keys")" = 700 ]; ok $? "the keys folder is 0700"
[ "$(stat -c %a "$keys/alpha.key")" = 600 ]; ok $? "the key file is 0600"
grep -q "$(printf '%s' "$mn" | cut -d' ' -f1-3)" "$keys/alpha.key"; [ $? -ne 0 ]; ok $? "the words are not in the key file"
grep -q '"memlimit":[[:space:]]*67108864' "$keys/alpha.key"; ok $? "DEPINCTL_KDF=interactive is recorded in the file"

feed "$PW\n" key new twelve --words 12
expect_rc 0 "key new --words 12"
[ "$(printf '%s\n' "$out" | grep -cE '^ +[0-9]+ ')" -ge 2 ]; ok $? "the words are printed for a backup"
feed "$PW\n" key new bad --words 13
expect_rc 2 "--words 13 is refused"
feed "$PW\n" key new alpha
expect_rc 2 "a duplicate name is refused"
contains "$err" "already exists" "duplicate: the error says so"
feed "$PW\n" key new "../evil"
expect_rc 2 "a name with a slash is refused"
feed "$PW\n" key new .hidden
expect_rc 2 "a name starting with a dot is refused"
feed "" key new empty
expect_rc 2 "no password on stdin is refused"
feed "\n" key new empty
expect_rc 2 "an empty password is refused"
[ ! -e "$keys/empty.key" ]; ok $? "nothing is written without a password"

# the default limits are moderate
DEPINCTL_KDF= feed "$PW\n" key new moderate --words 12
expect_rc 0 "key new with the default kdf"
grep -q '"memlimit":[[:space:]]*268435456' "$keys/moderate.key" && grep -q '"opslimit":[[:space:]]*3' "$keys/moderate.key"
ok $? "new key files default to Argon2id moderate limits (3 passes, 256 MiB)"

# --- import: mnemonic -----------------------------------------------------
feed "$ABANDON\n$PW\n" --json key import abandon --mnemonic
expect_rc 0 "import the abandon mnemonic"
[ "$(json_get "$out" solana)" = HAgk14JpMQLgt6rVgv7cBQFJWFto5Dqxi472uT3DKpqk ]
ok $? "abandon x11 about: Solana m/44'/501'/0'/0' is HAgk14JpMQLgt6rVgv7cBQFJWFto5Dqxi472uT3DKpqk"
feed "  TEST test\ttest test test test test test test test test   junk \n$PW\n" --json key import junk --mnemonic
expect_rc 0 "import test x11 junk (odd case and spacing normalized)"
[ "$(json_get "$out" evm)" = 0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266 ]
ok $? "test x11 junk: EVM m/44'/60'/0'/0/0 is 0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266"
run --json key show junk --account 1 --password-file /dev/null
expect_rc 5 "a password file others can read is refused"
printf '%s\n' "$PW" >"$T/pw"; chmod 600 "$T/pw"
run --json key show junk --account 1 --password-file "$T/pw"
expect_rc 0 "key show --account 1 unlocks with --password-file"
[ "$(json_get "$out" evm)" = 0x70997970C51812dc3A010C7d01b50e0d17dc79C8 ]; ok $? "account 1 is anvil's second account"
DEPINCTL_PASSWORD="$PW" run --json key show junk --account 2
[ "$(json_get "$out" evm)" = 0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC ]; ok $? "DEPINCTL_PASSWORD unlocks; account 2 is anvil's third"
DEPINCTL_PASSWORD_FILE="$T/pw" run key show junk --account 1
expect_rc 0 "DEPINCTL_PASSWORD_FILE unlocks"
DEPINCTL_PASSWORD="wrong" run key show junk --account 1
expect_rc 5 "a wrong password exits 5"
contains "$err" "wrong password for key 'junk'" "the wrong password error names the key"

feed "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon\n$PW\n" key import cs --mnemonic
expect_rc 2 "a bad mnemonic checksum is refused"
contains "$err" "checksum" "the checksum error says checksum"
case $err in *abandon*) ok 1 "the error does not echo the words" ;; *) ok 0 "the error does not echo the words" ;; esac
feed "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandonx\n$PW\n" key import cs --mnemonic
expect_rc 2 "an unknown word is refused"
contains "$err" "word 12" "the unknown word is named by position"
feed "abandon abandon abandon\n$PW\n" key import cs --mnemonic
expect_rc 2 "a short mnemonic is refused"
[ ! -e "$keys/cs.key" ]; ok $? "no file for a refused mnemonic"
run key import argv --mnemonic "$ABANDON"
expect_rc 2 "a mnemonic on the command line is refused (secrets never in argv)"

feed "$ABANDON\nTREZOR\n$PW\n" --json key import pass --mnemonic --passphrase
expect_rc 0 "import with a BIP39 passphrase"
[ "$(json_get "$out" solana)" != HAgk14JpMQLgt6rVgv7cBQFJWFto5Dqxi472uT3DKpqk ]; ok $? "the passphrase changes the accounts"

feed "$ABANDON\n$PW\n" --json key import hel --mnemonic --derivation helium-wallet
expect_rc 0 "import a helium-wallet mnemonic"
[ "$(json_get "$out" evm)" = null ]; ok $? "a helium-wallet mnemonic holds no EVM account"
feed "$ABANDON\n$PW\n" key import hel2 --mnemonic --derivation electrum
expect_rc 2 "an unknown derivation is refused"

# --- import: private keys ---------------------------------------------------
feed "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80\n$PW\n" --json key import hexkey --private-key
expect_rc 0 "import an EVM private key"
[ "$(json_get "$out" evm)" = 0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266 ]; ok $? "the private key's address"
[ "$(json_get "$out" kind)" = secp256k1 ]; ok $? "a hex private key is a secp256k1 key"
feed "0x0000000000000000000000000000000000000000000000000000000000000000\n$PW\n" key import zero --private-key
expect_rc 2 "a zero private key is refused"
feed "0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141\n$PW\n" key import order --private-key
expect_rc 2 "a private key equal to the curve order is refused"
feed "nothex\n$PW\n" key import junkkey --private-key
expect_rc 2 "a malformed private key is refused"

# --- list / show ------------------------------------------------------------
run --json key list
expect_rc 0 "key list --json"
[ "$(json_get "$out" 0.name)" = abandon ]; ok $? "keys are listed by name"
n=$(printf '%s' "$out" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')
[ "$n" -eq 8 ]; ok $? "key list shows every key ($n)"
run key list
expect_rc 0 "key list as a table"
contains "$out" "NAME" "the table has a header"
contains "$out" "HAgk14JpMQLgt6rVgv7cBQFJWFto5Dqxi472uT3DKpqk" "the table shows the address"
run key show nosuch
expect_rc 3 "show of an unknown key exits 3"
contains "$err" "no key named 'nosuch'" "unknown key is named"
run key show abandon
expect_rc 0 "key show needs no password for account 0"
contains "$out" "HAgk14JpMQLgt6rVgv7cBQFJWFto5Dqxi472uT3DKpqk" "key show prints the Solana address"

# --- world-readable / tampered / truncated files ----------------------------
chmod 644 "$keys/alpha.key"
run key show alpha
expect_rc 5 "a world-readable key file is refused"
contains "$err" "chmod 600" "the refusal explains how to fix it"
chmod 600 "$keys/alpha.key"
cp "$keys/hexkey.key" "$T/hexkey.bak"
sed -i 's/0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266/0x70997970C51812dc3A010C7d01b50e0d17dc79C8/' "$keys/hexkey.key"
DEPINCTL_PASSWORD="$PW" run sign hexkey --chain evm hello
expect_rc 5 "a key file with a swapped address is refused"
cp "$T/hexkey.bak" "$keys/hexkey.key"
python3 - "$keys/hexkey.key" <<'PY'
import json,sys
p=sys.argv[1]; d=json.load(open(p))
c=d["ciphertext"]; d["ciphertext"]=c[:10]+("0" if c[10]!="0" else "1")+c[11:]
open(p,"w").write(json.dumps(d))
PY
DEPINCTL_PASSWORD="$PW" run sign hexkey --chain evm hello
expect_rc 5 "a key file with a flipped ciphertext bit is refused"
head -c 100 "$T/hexkey.bak" >"$keys/hexkey.key"
run key show hexkey
expect_rc 2 "a truncated key file is refused"
contains "$err" "hexkey.key" "the malformed file is named"
run key list
expect_rc 0 "key list still works beside a broken file"
contains "$err" "skipped" "key list warns about the broken file"
cp "$T/hexkey.bak" "$keys/hexkey.key"
python3 - "$keys/hexkey.key" <<'PY'
import json,sys
p=sys.argv[1]; d=json.load(open(p)); d["kdf"]["memlimit"]=1<<40
open(p,"w").write(json.dumps(d))
PY
DEPINCTL_PASSWORD="$PW" run key show hexkey --account 0
expect_rc 2 "a key file asking for 1 TiB of memory is refused"
cp "$T/hexkey.bak" "$keys/hexkey.key"; chmod 600 "$keys/hexkey.key"

# --- rename / remove ----------------------------------------------------------
run key rename alpha beta
expect_rc 0 "rename"
[ -e "$keys/beta.key" ] && [ ! -e "$keys/alpha.key" ]; ok $? "rename moves the file"
run key rename beta abandon
expect_rc 2 "rename onto an existing key is refused"
[ -e "$keys/beta.key" ] && [ -e "$keys/abandon.key" ]; ok $? "both keys survive a refused rename"
run key rename nosuch x
expect_rc 3 "rename of an unknown key exits 3"
run key remove beta
expect_rc 5 "remove without a terminal or --yes is refused"
[ -e "$keys/beta.key" ]; ok $? "the key is still there"
run key remove beta --yes
expect_rc 0 "remove --yes"
[ ! -e "$keys/beta.key" ]; ok $? "the key file is gone"
run key remove beta --yes
expect_rc 3 "removing it again exits 3"

# --- passwd -----------------------------------------------------------------
printf 'new secret\n' >"$T/newpw"; chmod 600 "$T/newpw"
DEPINCTL_PASSWORD=wrong run key passwd junk --new-password-file "$T/newpw"
expect_rc 5 "passwd with a wrong old password exits 5"
cp "$keys/junk.key" "$T/junk.before"
cmp -s "$keys/junk.key" "$T/junk.before"; ok $? "nothing changed"
DEPINCTL_PASSWORD="$PW" run key passwd junk --new-password-file "$T/newpw"
expect_rc 0 "passwd"
DEPINCTL_PASSWORD="$PW" run key show junk --account 1
expect_rc 5 "the old password no longer opens the key"
DEPINCTL_PASSWORD="new secret" run --json key show junk --account 1
expect_rc 0 "the new password opens the key"
[ "$(json_get "$out" evm)" = 0x70997970C51812dc3A010C7d01b50e0d17dc79C8 ]; ok $? "same accounts after passwd"
feed "new secret\nthird\n" key passwd junk
expect_rc 0 "passwd with both passwords on stdin"
DEPINCTL_PASSWORD=third run key show junk --account 1
expect_rc 0 "the stdin password took"

# --- export -----------------------------------------------------------------
DEPINCTL_PASSWORD="$PW" run key export abandon --format mnemonic
expect_rc 0 "export the mnemonic"
[ "$out" = "$ABANDON" ]; ok $? "the exported words are the imported ones"
DEPINCTL_PASSWORD="$PW" run key export hexkey --format mnemonic
expect_rc 2 "a raw key has no mnemonic"
DEPINCTL_PASSWORD="$PW" run key export abandon --format solana-keypair --output "$T/id.json"
expect_rc 0 "export a solana keypair to a file"
[ "$(stat -c %a "$T/id.json")" = 600 ]; ok $? "the exported file is 0600"
DEPINCTL_PASSWORD="$PW" run key export abandon --format solana-keypair --output "$T/id.json"
expect_rc 2 "export never replaces an existing file"
feed "$PW\n" --json key import fromfile --solana-keypair "$T/id.json"
expect_rc 0 "the exported keypair imports back"
[ "$(json_get "$out" solana)" = HAgk14JpMQLgt6rVgv7cBQFJWFto5Dqxi472uT3DKpqk ]; ok $? "same Solana address after the round trip"
DEPINCTL_PASSWORD="$PW" run key export hexkey --format solana-keypair
expect_rc 2 "a secp256k1 key has no Solana keypair"
DEPINCTL_PASSWORD="$PW" run key export hexkey --format keystore --output "$T/ks.json"
expect_rc 0 "export a Web3 keystore"
grep -q '"version":[[:space:]]*3' "$T/ks.json"; ok $? "the keystore is version 3"
printf '%s\n%s\n' "$PW" "$PW" >"$T/in2"
IN="$T/in2" run --json key import back --keystore "$T/ks.json"
expect_rc 0 "the exported keystore imports back"
[ "$(json_get "$out" evm)" = 0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266 ]; ok $? "same EVM address after the keystore round trip"
printf 'wrong\n%s\n' "$PW" >"$T/in3"
IN="$T/in3" run key import back2 --keystore "$T/ks.json"
expect_rc 5 "a keystore with a wrong password is refused"
[ ! -e "$keys/back2.key" ]; ok $? "nothing written after a wrong keystore password"
run key import nofile --keystore "$T/absent.json"
expect_rc 3 "a missing keystore file exits 3"
run key export abandon --format pem
expect_rc 2 "an unknown export format is refused"

done_testing
