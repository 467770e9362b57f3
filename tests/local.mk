# Tests: unit/ (C, TAP), cli/ (shell, TAP), integration/ (real peers).
EXTRA_DIST += tests/unit/tap.h tests/fixtures tests/cli/lib.sh tests/integration/solana-peer.js

check_PROGRAMS += tests/unit/test-encoding
tests_unit_test_encoding_LDADD = $(TEST_LDADD)
TESTS += tests/unit/test-encoding

# BIP39, HD derivation, addresses.
check_PROGRAMS += tests/unit/test-bip39 tests/unit/test-hd tests/unit/test-address
tests_unit_test_bip39_LDADD = $(TEST_LDADD)
tests_unit_test_hd_LDADD = $(TEST_LDADD)
tests_unit_test_address_LDADD = $(TEST_LDADD)
TESTS += tests/unit/test-bip39 tests/unit/test-hd tests/unit/test-address

# Command-line tests (shell, TAP): every command and its documented errors.
CLI_TESTS = tests/cli/frame.sh tests/cli/key.sh tests/cli/import.sh tests/cli/sign.sh tests/cli/shell.sh \
	tests/cli/wallet.sh tests/cli/shell-tty.sh tests/cli/completions.sh tests/cli/crash.sh
TESTS += $(CLI_TESTS)
EXTRA_DIST += $(CLI_TESTS)

# Signers, EIP-191 and EIP-712.
check_PROGRAMS += tests/unit/test-signer tests/unit/test-eip712
tests_unit_test_signer_LDADD = $(TEST_LDADD)
tests_unit_test_eip712_LDADD = $(TEST_LDADD)
TESTS += tests/unit/test-signer tests/unit/test-eip712

# Other implementations' key files: Web3 keystores, solana-keygen keypairs, helium-wallet.
check_PROGRAMS += tests/unit/test-web3-keystore tests/unit/test-solana-keypair tests/unit/test-helium-wallet
tests_unit_test_web3_keystore_LDADD = $(TEST_LDADD)
tests_unit_test_solana_keypair_LDADD = $(TEST_LDADD)
tests_unit_test_helium_wallet_LDADD = $(TEST_LDADD)
TESTS += tests/unit/test-web3-keystore tests/unit/test-solana-keypair tests/unit/test-helium-wallet

# depinctl's own key files and the key model.
check_PROGRAMS += tests/unit/test-keystore
tests_unit_test_keystore_LDADD = $(TEST_LDADD)
TESTS += tests/unit/test-keystore

# Interoperability with other implementations, run from the pinned peers in
# tests/peers (TEST_PEERS; configure --with-test-peers=DIR).
INTEROP_TESTS = tests/integration/interop-cast.sh tests/integration/interop-solana.sh
TESTS += $(INTEROP_TESTS)
EXTRA_DIST += $(INTEROP_TESTS)

# The shell tests' folders hold no objects: make them in a VPATH build
# (distcheck) so their logs have somewhere to go.
check_DATA = tests/cli/.dirstamp tests/integration/.dirstamp
tests/cli/.dirstamp tests/integration/.dirstamp:
	$(MKDIR_P) $(@D) && touch $@
CLEANFILES += tests/cli/.dirstamp tests/integration/.dirstamp

# The transaction journal.
check_PROGRAMS += tests/unit/test-journal
tests_unit_test_journal_LDADD = $(TEST_LDADD)
TESTS += tests/unit/test-journal

# The real test peers (tests/peers, pinned npm packages): a LiteSVM JSON-RPC
# validator and anvil, proven with their own clients (web3.js, spl-token,
# cast); the project's Solidity in tests/contracts, built into
# tests/fixtures/contracts by tests/peers/compile.js.
EXTRA_DIST += tests/contracts tests/peers/package.json tests/peers/package-lock.json \
	tests/peers/solana-validator.js tests/peers/check-solana.js tests/peers/compile.js \
	tests/peers/start-anvil.sh tests/integration/peers.sh
TESTS += tests/integration/peers.sh

# Network transport: HTTP (libcurl multi) and JSON-RPC against a fake server
# (tests/integration/fake-rpc.js, node's built-in http module only).
check_PROGRAMS += tests/unit/test-http
EXTRA_DIST += tests/integration/fake-rpc.js
tests_unit_test_http_LDADD = $(TEST_LDADD)
TESTS += tests/unit/test-http

# u256 and amounts; EVM RLP, ABI and transactions.
check_PROGRAMS += tests/unit/test-u256 tests/unit/test-rlp tests/unit/test-abi tests/unit/test-evm-tx
tests_unit_test_u256_LDADD = $(TEST_LDADD)
tests_unit_test_rlp_LDADD = $(TEST_LDADD)
tests_unit_test_abi_LDADD = $(TEST_LDADD)
tests_unit_test_evm_tx_LDADD = $(TEST_LDADD)
TESTS += tests/unit/test-u256 tests/unit/test-rlp tests/unit/test-abi tests/unit/test-evm-tx

# Solana encoding: compact-u16, Borsh, Anchor, PDAs, messages and transactions.
check_PROGRAMS += tests/unit/test-solana-encoding tests/unit/test-solana-pda \
	tests/unit/test-solana-message tests/unit/test-solana-hostile
tests_unit_test_solana_encoding_LDADD = $(TEST_LDADD)
tests_unit_test_solana_pda_LDADD = $(TEST_LDADD)
tests_unit_test_solana_message_LDADD = $(TEST_LDADD)
tests_unit_test_solana_hostile_LDADD = $(TEST_LDADD)
TESTS += tests/unit/test-solana-encoding tests/unit/test-solana-pda \
	tests/unit/test-solana-message tests/unit/test-solana-hostile

# Solana wallet client: compute budget, known mints, token layouts (unit);
# balance / send / tx against the LiteSVM validator (integration).
check_PROGRAMS += tests/unit/test-solana-wallet
tests_unit_test_solana_wallet_LDADD = $(TEST_LDADD)
TESTS += tests/unit/test-solana-wallet tests/integration/solana-send.sh
EXTRA_DIST += tests/integration/solana-send.sh tests/integration/solana-helper.js \
	bench/solana-sign.sh bench/solana-sign.js

# EVM wallet client: token list, ERC-20 and JSON-RPC pieces (unit); balance /
# send / tx against anvil, with a fault-injecting proxy in front (integration).
check_PROGRAMS += tests/unit/test-evm-wallet
tests_unit_test_evm_wallet_LDADD = $(TEST_LDADD)
TESTS += tests/unit/test-evm-wallet tests/integration/evm-send.sh
EXTRA_DIST += tests/integration/evm-send.sh tests/integration/fault-proxy.js bench/evm-send.sh

# Disk faults (a full tmpfs, a read-only folder) and kill -9 during journal
# writes; tests/fault/journal-writer is the journal's writer under fire.
check_PROGRAMS += tests/fault/journal-writer
tests_fault_journal_writer_LDADD = $(TEST_LDADD)
TESTS += tests/cli/faults.sh
EXTRA_DIST += tests/cli/faults.sh
