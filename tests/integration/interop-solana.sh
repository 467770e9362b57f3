# Solana interop with @solana/web3.js (pinned in tests/peers): keypairs
# exported by depinctl read there, keypairs made there import here, and
# depinctl's message signatures verify in another ed25519 implementation.
. "$srcdir/tests/cli/lib.sh"
need_peers @solana/web3.js
peer() { node "$srcdir/tests/integration/solana-peer.js" "$@"; }
export DEPINCTL_PASSWORD="$PW"

feed "$ABANDON\n" key import ab --mnemonic
expect_rc 0 "import abandon x11 about"
for acct in 0 1 7; do
	rm -f "$T/id.json"
	run --account $acct --json key export ab --format solana-keypair --output "$T/id.json"
	expect_rc 0 "export account $acct as a solana-keygen file"
	run --account $acct --json key show ab
	mine=$(json_get "$out" solana)
	theirs=$(peer pubkey "$T/id.json")
	[ -n "$mine" ] && [ "$mine" = "$theirs" ]; ok $? "web3.js reads account $acct's keypair with the same public key ($theirs)"
done
[ "$(peer pubkey "$T/id.json" 2>/dev/null)" != HAgk14JpMQLgt6rVgv7cBQFJWFto5Dqxi472uT3DKpqk ]; ok $? "other accounts differ from account 0"

for i in 1 2 3; do
	theirs=$(peer new "$T/w$i.json")
	run --json key import "w$i" --solana-keypair "$T/w$i.json"
	expect_rc 0 "import a keypair made by web3.js ($i)"
	[ "$(json_get "$out" solana)" = "$theirs" ]; ok $? "same public key in depinctl ($theirs)"
done

# A fixture made by web3.js (tests/fixtures/keyfiles/README.md).
cp "$srcdir/tests/fixtures/keyfiles/web3js-keypair.json" "$T/fx.json"
run --json key import fx --solana-keypair "$T/fx.json"
expect_rc 0 "import the committed web3.js keypair fixture"
[ "$(json_get "$out" solana)" = "$(peer pubkey "$T/fx.json")" ]; ok $? "its public key matches web3.js"

run --json sign ab --chain solana "gm from depinctl"
sig=$(json_get "$out" signature); addr=$(json_get "$out" address)
peer verify "$addr" "gm from depinctl" "$sig"
ok $? "node's ed25519 verifies a depinctl Solana message signature"
peer verify "$addr" "gm from depinctL" "$sig"
[ $? -eq 1 ]; ok $? "node's ed25519 refuses it for another message"

done_testing
