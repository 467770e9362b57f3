# Network adapters (solana): native staking, Nosana, and the networks paid in
# SPL tokens (Render, io.net, Hivemapper, Grass, Srcful) with their shared
# token-transfer history.
libdepinctl_a_SOURCES += \
	chains/solana/stake.c chains/solana/stake.h

# The Stake program's instructions and accounts against web3.js's encodings.
check_PROGRAMS += tests/unit/test-sol-stake
tests_unit_test_sol_stake_LDADD = $(TEST_LDADD)
TESTS += tests/unit/test-sol-stake
