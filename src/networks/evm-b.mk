# Network adapters (evm-b): ERC-20 earnings history (shared), Glow, Aethir,
# GEODNET, Energy Web, Powerledger, Storj, Filecoin, Akash, and the networks
# without a public read path (listed.c).
libdepinctl_a_SOURCES += \
	src/networks/erc20history.c src/networks/erc20history.h \
	src/networks/geodnet.c src/networks/powerledger.c

# The token adapters' history and cache against anvil.
TESTS += tests/integration/evm-networks.sh
EXTRA_DIST += tests/integration/evm-networks.sh

# Filecoin through Lotus JSON-RPC.
libdepinctl_a_SOURCES += src/networks/filecoin.c
TESTS += tests/integration/filecoin.sh
EXTRA_DIST += tests/integration/filecoin.sh tests/fixtures/filecoin/routes.json

# Akash through the Console API and Cosmos REST.
libdepinctl_a_SOURCES += src/networks/akash.c
TESTS += tests/integration/akash.sh
EXTRA_DIST += tests/integration/akash.sh tests/fixtures/akash/routes.json

# Storj: storage nodes' dashboard API and STORJ payouts.
libdepinctl_a_SOURCES += src/networks/storj.c
TESTS += tests/integration/storj.sh
EXTRA_DIST += tests/integration/storj.sh tests/fixtures/storj/routes.json

# Glow (GLW) and Energy Web (EWT, native).
libdepinctl_a_SOURCES += src/networks/glow.c src/networks/energyweb.c

# Aethir: checker licenses (ERC-721) and ATH.
libdepinctl_a_SOURCES += src/networks/aethir.c
EXTRA_DIST += tests/contracts/AethirCheckerLicense.sol tests/fixtures/contracts/AethirCheckerLicense.json

# Networks without a public read path (Arweave and World Mobile with what
# exists; Gensyn, Pollinate, Daylight as rows that say what is missing).
libdepinctl_a_SOURCES += src/networks/listed.c

# erc20history over recorded replies: block times, the cache, hostile logs.
check_PROGRAMS += tests/unit/test-erc20history
tests_unit_test_erc20history_LDADD = $(TEST_LDADD)
TESTS += tests/unit/test-erc20history
EXTRA_DIST += tests/contracts/GlowMinerPool.sol tests/fixtures/contracts/GlowMinerPool.json \
	tests/fixtures/contracts/GlowPayToken.json
