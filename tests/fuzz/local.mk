# Fuzzing (tests/fuzz/README.md). Every parser of outside data has a
# libFuzzer target tests/fuzz/fuzz-NAME.c, built two ways:
#  - fuzz-NAME, with libFuzzer, ASan and UBSan, by ./configure --enable-fuzz
#    (clang), linking libdepinctl-fuzz.a: the library's sources compiled a
#    second time with FUZZ_CFLAGS, so the ordinary build is left as it is;
#  - replay-NAME, an ordinary test program (replay.c's main) that make check
#    runs over tests/fuzz/regressions/NAME/ and tests/fuzz/corpus/NAME/.
# make fuzz-check runs every fuzz-NAME for FUZZ_SECONDS (tests/fuzz/run.sh).
FUZZ_NAMES = hex base58 amount rlp abi abi-text evm-tx eip712 sol-message sol-tx sol-program borsh keystore web3-keystore solana-keypair helium-wallet conf jsonrpc bip39 hd-path adapters

EXTRA_DIST += tests/fuzz/fuzz.h tests/fuzz/run.sh tests/fuzz/README.md tests/fuzz/dict \
	tests/fuzz/corpus tests/fuzz/regressions

# The replays: part of make check.
FUZZ_REPLAYS = \
	tests/fuzz/replay-hex \
	tests/fuzz/replay-base58 \
	tests/fuzz/replay-amount \
	tests/fuzz/replay-rlp \
	tests/fuzz/replay-abi \
	tests/fuzz/replay-abi-text \
	tests/fuzz/replay-evm-tx \
	tests/fuzz/replay-eip712 \
	tests/fuzz/replay-sol-message \
	tests/fuzz/replay-sol-tx \
	tests/fuzz/replay-sol-program \
	tests/fuzz/replay-borsh \
	tests/fuzz/replay-keystore \
	tests/fuzz/replay-web3-keystore \
	tests/fuzz/replay-solana-keypair \
	tests/fuzz/replay-helium-wallet \
	tests/fuzz/replay-conf \
	tests/fuzz/replay-jsonrpc \
	tests/fuzz/replay-bip39 \
	tests/fuzz/replay-hd-path \
	tests/fuzz/replay-adapters
check_PROGRAMS += $(FUZZ_REPLAYS)
TESTS += $(FUZZ_REPLAYS)
tests_fuzz_replay_hex_SOURCES = tests/fuzz/fuzz-hex.c tests/fuzz/replay.c
tests_fuzz_replay_hex_LDADD = $(TEST_LDADD)
tests_fuzz_replay_base58_SOURCES = tests/fuzz/fuzz-base58.c tests/fuzz/replay.c
tests_fuzz_replay_base58_LDADD = $(TEST_LDADD)
tests_fuzz_replay_amount_SOURCES = tests/fuzz/fuzz-amount.c tests/fuzz/replay.c
tests_fuzz_replay_amount_LDADD = $(TEST_LDADD)
tests_fuzz_replay_rlp_SOURCES = tests/fuzz/fuzz-rlp.c tests/fuzz/replay.c
tests_fuzz_replay_rlp_LDADD = $(TEST_LDADD)
tests_fuzz_replay_abi_SOURCES = tests/fuzz/fuzz-abi.c tests/fuzz/replay.c
tests_fuzz_replay_abi_LDADD = $(TEST_LDADD)
tests_fuzz_replay_abi_text_SOURCES = tests/fuzz/fuzz-abi-text.c tests/fuzz/replay.c
tests_fuzz_replay_abi_text_LDADD = $(TEST_LDADD)
tests_fuzz_replay_evm_tx_SOURCES = tests/fuzz/fuzz-evm-tx.c tests/fuzz/replay.c
tests_fuzz_replay_evm_tx_LDADD = $(TEST_LDADD)
tests_fuzz_replay_eip712_SOURCES = tests/fuzz/fuzz-eip712.c tests/fuzz/replay.c
tests_fuzz_replay_eip712_LDADD = $(TEST_LDADD)
tests_fuzz_replay_sol_message_SOURCES = tests/fuzz/fuzz-sol-message.c tests/fuzz/replay.c
tests_fuzz_replay_sol_message_LDADD = $(TEST_LDADD)
tests_fuzz_replay_sol_tx_SOURCES = tests/fuzz/fuzz-sol-tx.c tests/fuzz/replay.c
tests_fuzz_replay_sol_tx_LDADD = $(TEST_LDADD)
tests_fuzz_replay_sol_program_SOURCES = tests/fuzz/fuzz-sol-program.c tests/fuzz/replay.c
tests_fuzz_replay_sol_program_LDADD = $(TEST_LDADD)
tests_fuzz_replay_borsh_SOURCES = tests/fuzz/fuzz-borsh.c tests/fuzz/replay.c
tests_fuzz_replay_borsh_LDADD = $(TEST_LDADD)
tests_fuzz_replay_keystore_SOURCES = tests/fuzz/fuzz-keystore.c tests/fuzz/replay.c
tests_fuzz_replay_keystore_LDADD = $(TEST_LDADD)
tests_fuzz_replay_web3_keystore_SOURCES = tests/fuzz/fuzz-web3-keystore.c tests/fuzz/replay.c
tests_fuzz_replay_web3_keystore_LDADD = $(TEST_LDADD)
tests_fuzz_replay_solana_keypair_SOURCES = tests/fuzz/fuzz-solana-keypair.c tests/fuzz/replay.c
tests_fuzz_replay_solana_keypair_LDADD = $(TEST_LDADD)
tests_fuzz_replay_helium_wallet_SOURCES = tests/fuzz/fuzz-helium-wallet.c tests/fuzz/replay.c
tests_fuzz_replay_helium_wallet_LDADD = $(TEST_LDADD)
tests_fuzz_replay_conf_SOURCES = tests/fuzz/fuzz-conf.c tests/fuzz/replay.c
tests_fuzz_replay_conf_LDADD = $(TEST_LDADD)
tests_fuzz_replay_jsonrpc_SOURCES = tests/fuzz/fuzz-jsonrpc.c tests/fuzz/replay.c
tests_fuzz_replay_jsonrpc_LDADD = $(TEST_LDADD)
tests_fuzz_replay_bip39_SOURCES = tests/fuzz/fuzz-bip39.c tests/fuzz/replay.c
tests_fuzz_replay_bip39_LDADD = $(TEST_LDADD)
tests_fuzz_replay_hd_path_SOURCES = tests/fuzz/fuzz-hd-path.c tests/fuzz/replay.c
tests_fuzz_replay_hd_path_LDADD = $(TEST_LDADD)
tests_fuzz_replay_adapters_SOURCES = tests/fuzz/fuzz-adapters.c tests/fuzz/replay.c
tests_fuzz_replay_adapters_LDADD = $(TEST_LDADD)

# The libFuzzer targets and their sanitized copy of the library.
if ENABLE_FUZZ
noinst_LIBRARIES += libdepinctl-fuzz.a
libdepinctl_fuzz_a_SOURCES = $(libdepinctl_a_SOURCES)
libdepinctl_fuzz_a_CFLAGS = $(AM_CFLAGS) $(FUZZ_CFLAGS)
FUZZERS = \
	tests/fuzz/fuzz-hex \
	tests/fuzz/fuzz-base58 \
	tests/fuzz/fuzz-amount \
	tests/fuzz/fuzz-rlp \
	tests/fuzz/fuzz-abi \
	tests/fuzz/fuzz-abi-text \
	tests/fuzz/fuzz-evm-tx \
	tests/fuzz/fuzz-eip712 \
	tests/fuzz/fuzz-sol-message \
	tests/fuzz/fuzz-sol-tx \
	tests/fuzz/fuzz-sol-program \
	tests/fuzz/fuzz-borsh \
	tests/fuzz/fuzz-keystore \
	tests/fuzz/fuzz-web3-keystore \
	tests/fuzz/fuzz-solana-keypair \
	tests/fuzz/fuzz-helium-wallet \
	tests/fuzz/fuzz-conf \
	tests/fuzz/fuzz-jsonrpc \
	tests/fuzz/fuzz-bip39 \
	tests/fuzz/fuzz-hd-path \
	tests/fuzz/fuzz-adapters \
	tests/fuzz/fuzz-helium-oracle
noinst_PROGRAMS = $(FUZZERS)
endif
FUZZ_LDADD = libdepinctl-fuzz.a $(DEPS_LIBS)
tests_fuzz_fuzz_hex_SOURCES = tests/fuzz/fuzz-hex.c
tests_fuzz_fuzz_hex_CFLAGS = $(AM_CFLAGS) $(FUZZ_CFLAGS)
tests_fuzz_fuzz_hex_LDFLAGS = $(FUZZ_LDFLAGS)
tests_fuzz_fuzz_hex_LDADD = $(FUZZ_LDADD)
tests_fuzz_fuzz_base58_SOURCES = tests/fuzz/fuzz-base58.c
tests_fuzz_fuzz_base58_CFLAGS = $(AM_CFLAGS) $(FUZZ_CFLAGS)
tests_fuzz_fuzz_base58_LDFLAGS = $(FUZZ_LDFLAGS)
tests_fuzz_fuzz_base58_LDADD = $(FUZZ_LDADD)
tests_fuzz_fuzz_amount_SOURCES = tests/fuzz/fuzz-amount.c
tests_fuzz_fuzz_amount_CFLAGS = $(AM_CFLAGS) $(FUZZ_CFLAGS)
tests_fuzz_fuzz_amount_LDFLAGS = $(FUZZ_LDFLAGS)
tests_fuzz_fuzz_amount_LDADD = $(FUZZ_LDADD)
tests_fuzz_fuzz_rlp_SOURCES = tests/fuzz/fuzz-rlp.c
tests_fuzz_fuzz_rlp_CFLAGS = $(AM_CFLAGS) $(FUZZ_CFLAGS)
tests_fuzz_fuzz_rlp_LDFLAGS = $(FUZZ_LDFLAGS)
tests_fuzz_fuzz_rlp_LDADD = $(FUZZ_LDADD)
tests_fuzz_fuzz_abi_SOURCES = tests/fuzz/fuzz-abi.c
tests_fuzz_fuzz_abi_CFLAGS = $(AM_CFLAGS) $(FUZZ_CFLAGS)
tests_fuzz_fuzz_abi_LDFLAGS = $(FUZZ_LDFLAGS)
tests_fuzz_fuzz_abi_LDADD = $(FUZZ_LDADD)
tests_fuzz_fuzz_abi_text_SOURCES = tests/fuzz/fuzz-abi-text.c
tests_fuzz_fuzz_abi_text_CFLAGS = $(AM_CFLAGS) $(FUZZ_CFLAGS)
tests_fuzz_fuzz_abi_text_LDFLAGS = $(FUZZ_LDFLAGS)
tests_fuzz_fuzz_abi_text_LDADD = $(FUZZ_LDADD)
tests_fuzz_fuzz_evm_tx_SOURCES = tests/fuzz/fuzz-evm-tx.c
tests_fuzz_fuzz_evm_tx_CFLAGS = $(AM_CFLAGS) $(FUZZ_CFLAGS)
tests_fuzz_fuzz_evm_tx_LDFLAGS = $(FUZZ_LDFLAGS)
tests_fuzz_fuzz_evm_tx_LDADD = $(FUZZ_LDADD)
tests_fuzz_fuzz_eip712_SOURCES = tests/fuzz/fuzz-eip712.c
tests_fuzz_fuzz_eip712_CFLAGS = $(AM_CFLAGS) $(FUZZ_CFLAGS)
tests_fuzz_fuzz_eip712_LDFLAGS = $(FUZZ_LDFLAGS)
tests_fuzz_fuzz_eip712_LDADD = $(FUZZ_LDADD)
tests_fuzz_fuzz_sol_message_SOURCES = tests/fuzz/fuzz-sol-message.c
tests_fuzz_fuzz_sol_message_CFLAGS = $(AM_CFLAGS) $(FUZZ_CFLAGS)
tests_fuzz_fuzz_sol_message_LDFLAGS = $(FUZZ_LDFLAGS)
tests_fuzz_fuzz_sol_message_LDADD = $(FUZZ_LDADD)
tests_fuzz_fuzz_sol_tx_SOURCES = tests/fuzz/fuzz-sol-tx.c
tests_fuzz_fuzz_sol_tx_CFLAGS = $(AM_CFLAGS) $(FUZZ_CFLAGS)
tests_fuzz_fuzz_sol_tx_LDFLAGS = $(FUZZ_LDFLAGS)
tests_fuzz_fuzz_sol_tx_LDADD = $(FUZZ_LDADD)
tests_fuzz_fuzz_sol_program_SOURCES = tests/fuzz/fuzz-sol-program.c
tests_fuzz_fuzz_sol_program_CFLAGS = $(AM_CFLAGS) $(FUZZ_CFLAGS)
tests_fuzz_fuzz_sol_program_LDFLAGS = $(FUZZ_LDFLAGS)
tests_fuzz_fuzz_sol_program_LDADD = $(FUZZ_LDADD)
tests_fuzz_fuzz_borsh_SOURCES = tests/fuzz/fuzz-borsh.c
tests_fuzz_fuzz_borsh_CFLAGS = $(AM_CFLAGS) $(FUZZ_CFLAGS)
tests_fuzz_fuzz_borsh_LDFLAGS = $(FUZZ_LDFLAGS)
tests_fuzz_fuzz_borsh_LDADD = $(FUZZ_LDADD)
tests_fuzz_fuzz_keystore_SOURCES = tests/fuzz/fuzz-keystore.c
tests_fuzz_fuzz_keystore_CFLAGS = $(AM_CFLAGS) $(FUZZ_CFLAGS)
tests_fuzz_fuzz_keystore_LDFLAGS = $(FUZZ_LDFLAGS)
tests_fuzz_fuzz_keystore_LDADD = $(FUZZ_LDADD)
tests_fuzz_fuzz_web3_keystore_SOURCES = tests/fuzz/fuzz-web3-keystore.c
tests_fuzz_fuzz_web3_keystore_CFLAGS = $(AM_CFLAGS) $(FUZZ_CFLAGS)
tests_fuzz_fuzz_web3_keystore_LDFLAGS = $(FUZZ_LDFLAGS)
tests_fuzz_fuzz_web3_keystore_LDADD = $(FUZZ_LDADD)
tests_fuzz_fuzz_solana_keypair_SOURCES = tests/fuzz/fuzz-solana-keypair.c
tests_fuzz_fuzz_solana_keypair_CFLAGS = $(AM_CFLAGS) $(FUZZ_CFLAGS)
tests_fuzz_fuzz_solana_keypair_LDFLAGS = $(FUZZ_LDFLAGS)
tests_fuzz_fuzz_solana_keypair_LDADD = $(FUZZ_LDADD)
tests_fuzz_fuzz_helium_wallet_SOURCES = tests/fuzz/fuzz-helium-wallet.c
tests_fuzz_fuzz_helium_wallet_CFLAGS = $(AM_CFLAGS) $(FUZZ_CFLAGS)
tests_fuzz_fuzz_helium_wallet_LDFLAGS = $(FUZZ_LDFLAGS)
tests_fuzz_fuzz_helium_wallet_LDADD = $(FUZZ_LDADD)
tests_fuzz_fuzz_conf_SOURCES = tests/fuzz/fuzz-conf.c
tests_fuzz_fuzz_conf_CFLAGS = $(AM_CFLAGS) $(FUZZ_CFLAGS)
tests_fuzz_fuzz_conf_LDFLAGS = $(FUZZ_LDFLAGS)
tests_fuzz_fuzz_conf_LDADD = $(FUZZ_LDADD)
tests_fuzz_fuzz_jsonrpc_SOURCES = tests/fuzz/fuzz-jsonrpc.c
tests_fuzz_fuzz_jsonrpc_CFLAGS = $(AM_CFLAGS) $(FUZZ_CFLAGS)
tests_fuzz_fuzz_jsonrpc_LDFLAGS = $(FUZZ_LDFLAGS)
tests_fuzz_fuzz_jsonrpc_LDADD = $(FUZZ_LDADD)
tests_fuzz_fuzz_bip39_SOURCES = tests/fuzz/fuzz-bip39.c
tests_fuzz_fuzz_bip39_CFLAGS = $(AM_CFLAGS) $(FUZZ_CFLAGS)
tests_fuzz_fuzz_bip39_LDFLAGS = $(FUZZ_LDFLAGS)
tests_fuzz_fuzz_bip39_LDADD = $(FUZZ_LDADD)
tests_fuzz_fuzz_hd_path_SOURCES = tests/fuzz/fuzz-hd-path.c
tests_fuzz_fuzz_hd_path_CFLAGS = $(AM_CFLAGS) $(FUZZ_CFLAGS)
tests_fuzz_fuzz_hd_path_LDFLAGS = $(FUZZ_LDFLAGS)
tests_fuzz_fuzz_hd_path_LDADD = $(FUZZ_LDADD)
tests_fuzz_fuzz_adapters_SOURCES = tests/fuzz/fuzz-adapters.c
tests_fuzz_fuzz_adapters_CFLAGS = $(AM_CFLAGS) $(FUZZ_CFLAGS)
tests_fuzz_fuzz_adapters_LDFLAGS = $(FUZZ_LDFLAGS)
tests_fuzz_fuzz_adapters_LDADD = $(FUZZ_LDADD)

# make fuzz-check [FUZZ_SECONDS=20]: each target for that long on its corpus.
FUZZ_SECONDS = 20
.PHONY: fuzz-check
if ENABLE_FUZZ
fuzz-check: $(FUZZERS)
	FUZZ_BUILDDIR='$(abs_top_builddir)' $(SHELL) '$(abs_top_srcdir)/tests/fuzz/run.sh' $(FUZZ_SECONDS)
else
fuzz-check:
	@echo "make fuzz-check: configure with --enable-fuzz (needs clang) first" >&2; exit 1
endif

# The seeds that need the library (tests/fuzz/gen-seeds.c); built on demand.
EXTRA_PROGRAMS = tests/fuzz/gen-seeds
tests_fuzz_gen_seeds_LDADD = $(TEST_LDADD)
EXTRA_DIST += tests/fuzz/make-corpus.py
CLEANFILES += tests/fuzz/gen-seeds

# Helium claims: the oracle's /v1/sign replies and the accounts a claim reads.
FUZZ_NAMES += helium-oracle
FUZZ_REPLAYS += tests/fuzz/replay-helium-oracle
tests_fuzz_replay_helium_oracle_SOURCES = tests/fuzz/fuzz-helium-oracle.c tests/fuzz/replay.c
tests_fuzz_replay_helium_oracle_LDADD = $(TEST_LDADD)
tests_fuzz_fuzz_helium_oracle_SOURCES = tests/fuzz/fuzz-helium-oracle.c
tests_fuzz_fuzz_helium_oracle_CFLAGS = $(AM_CFLAGS) $(FUZZ_CFLAGS)
tests_fuzz_fuzz_helium_oracle_LDFLAGS = $(FUZZ_LDFLAGS)
tests_fuzz_fuzz_helium_oracle_LDADD = $(FUZZ_LDADD)
