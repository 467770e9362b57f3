# Network adapters (evm-b): ERC-20 earnings history (shared), Glow, Aethir,
# GEODNET, Energy Web, Powerledger, Storj, Filecoin, Akash, and the networks
# without a public read path (listed.c).
libdepinctl_a_SOURCES += \
	src/networks/erc20history.c src/networks/erc20history.h \
	src/networks/geodnet.c src/networks/powerledger.c

# The token adapters' history and cache against anvil.
TESTS += tests/integration/evm-networks.sh
EXTRA_DIST += tests/integration/evm-networks.sh
