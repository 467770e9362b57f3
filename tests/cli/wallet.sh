# balance / send / tx: usage and input errors that need no network, a dead
# RPC, and the journal commands on an empty journal.
. "$srcdir/tests/cli/lib.sh"
export DEPINCTL_PASSWORD="$PW"
feed "$TESTJUNK\n" key import junk --mnemonic
expect_rc 0 "a key"

run send 0x70997970C51812dc3A010C7d01b50e0d17dc79C8 1 --network anvil
expect_rc 2 "send without a key"
contains "$err" "which key pays" "the error says a key is needed"
run --key junk send 0x70997970C51812dc3A010C7d01b50e0d17dc79C8 1
expect_rc 2 "send without a network"
contains "$err" "no network" "the error says a network is needed"
run --key junk --network anvil send 0x70997970C51812dc3A010C7d01b50e0d17dc79C8
expect_rc 2 "send without an amount"
run --key junk --network anvil send --batch "$T/none.csv" 0x70997970C51812dc3A010C7d01b50e0d17dc79C8 1
expect_rc 2 "send --batch with a TO as well"
run --key junk --network anvil send 0x70997970C51812dc3A010C7d01b50e0d17dc79C8 1 --priority-fee 5
expect_rc 2 "--priority-fee on an EVM network"
run --key junk --network localnet send 11111111111111111111111111111111 1 --priority-fee 9:5
expect_rc 2 "--priority-fee MIN above MAX"
run --key junk --network localnet send 11111111111111111111111111111111 1 --priority-fee -1
expect_rc 2 "a negative --priority-fee"
run --key junk --network localnet send 11111111111111111111111111111111 1 --commitment processed
expect_rc 2 "--commitment processed is refused"
run --key junk --network localnet send 11111111111111111111111111111111 1 --sign-only --dry-run
expect_rc 2 "--sign-only with --dry-run"

printf '0x70997970C51812dc3A010C7d01b50e0d17dc79C8,1\nnot a line\n' >"$T/bad.csv"
run --key junk --network anvil -y send --batch "$T/bad.csv"
expect_rc 2 "a malformed batch line is refused"
contains "$err" "line 2" "the batch error names the line"
printf '# only a comment\n\n' >"$T/empty.csv"
run --key junk --network anvil -y send --batch "$T/empty.csv"
expect_rc 2 "a batch with no transfer is refused"
run --key junk --network anvil -y send --batch "$T/absent.csv"
expect_rc 3 "a missing batch file is not found"

# A dead RPC: nothing listens on loopback port 1.
run --key junk --network anvil --rpc http://127.0.0.1:1 balance junk
expect_rc 4 "balance against a dead RPC exits 4"
contains "$err" "127.0.0.1:1" "the error names the endpoint"
run --key junk --network anvil --rpc http://192.0.2.1:8545 balance junk
expect_rc 2 "plain http to a non-loopback host is refused without --insecure"
ETH_RPC_URL=http://127.0.0.1:1 run --key junk balance
expect_rc 4 "ETH_RPC_URL is the default network when nothing else names one"
contains "$err" "127.0.0.1:1" "and its URL is used"
mkdir -p "$HOME/.config/solana/cli"
printf 'json_rpc_url: "http://127.0.0.1:1"\nkeypair_path: %s/id.json\n' "$HOME" >"$HOME/.config/solana/cli/config.yml"
run __complete networks
contains "$out" "solana-cli" "the Solana CLI's json_rpc_url is a network"
run --key junk balance
expect_rc 4 "and the default network when it is the only such setting"
ETH_RPC_URL=http://127.0.0.1:1 run --key junk balance
expect_rc 2 "with both ETH_RPC_URL and the Solana CLI's config, no default: ask"
rm -r "$HOME/.config/solana"
run --network anvil balance nosuchkey
expect_rc 2 "balance of something that is neither a key nor an address"

run tx list
expect_rc 0 "tx list on an empty journal"
[ -f "$DEPINCTL_HOME/journal.db" ] && [ "$(stat -c %a "$DEPINCTL_HOME/journal.db")" = 600 ]; ok $? "the journal is 0600"
run --json tx list
[ "$out" = "[]" ]; ok $? "tx list --json on an empty journal is []"
run tx status 42
expect_rc 3 "tx status of an unknown id exits 3"
run tx resend 0xdeadbeef
expect_rc 3 "tx resend of an unknown hash exits 3"
run tx frob
expect_rc 2 "an unknown tx verb"
run tx
expect_rc 2 "tx without a verb"

done_testing
