# Network adapters (solana): native staking, Nosana, and the networks paid in
# SPL tokens (Render, io.net, Hivemapper, Grass, Srcful) with their shared
# token-transfer history.
libdepinctl_a_SOURCES += \
	chains/solana/stake.c chains/solana/stake.h

# The Stake program's instructions and accounts against web3.js's encodings.
check_PROGRAMS += tests/unit/test-sol-stake
tests_unit_test_sol_stake_LDADD = $(TEST_LDADD)
TESTS += tests/unit/test-sol-stake

# Native staking and the shared parts of the Solana adapters.
libdepinctl_a_SOURCES += \
	src/networks/soltransfers.c src/networks/soltransfers.h \
	src/networks/solstake.c

# Native staking for real on the LiteSVM validator.
TESTS += tests/integration/sol-stake.sh
EXTRA_DIST += tests/integration/sol-stake.sh

# Networks paid in SPL tokens: earnings from token transfers; io.net's
# device API, Hivemapper's dashcam API.
libdepinctl_a_SOURCES += \
	src/networks/render.c src/networks/ionet.c src/networks/hivemapper.c \
	src/networks/grass.c src/networks/srcful.c

# Token-transfer history for real on the validator.
TESTS += tests/integration/sol-networks.sh
EXTRA_DIST += tests/integration/sol-networks.sh
libdepinctl_a_SOURCES += src/networks/nosana.c

# Nosana: each verb's transaction decoded by Anchor's coder with Nosana's IDL.
TESTS += tests/integration/nosana.sh
EXTRA_DIST += tests/integration/nosana.sh

# The demo fleet's Solana networks (recorded RPC and API replies).
EXTRA_DIST += ui/demo/nosana ui/demo/hivemapper ui/demo/ionet
