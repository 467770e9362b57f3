# Network adapters (evm-a): WeatherXM (Arbitrum), DIMO (Polygon) and the
# generic Merkle-distributor claim, with their Merkle proofs.
libdepinctl_a_SOURCES += src/networks/merkle.c src/networks/merkle.h src/networks/weatherxm.c \
	src/networks/dimo.c

# Leaves, proofs and claim files against @openzeppelin/merkle-tree's output.
check_PROGRAMS += tests/unit/test-merkle
tests_unit_test_merkle_LDADD = $(TEST_LDADD)
TESTS += tests/unit/test-merkle
EXTRA_DIST += tests/fixtures/weatherxm/make-trees.js tests/fixtures/weatherxm/tree-c0.json \
	tests/fixtures/weatherxm/tree-c1.json tests/fixtures/weatherxm/uniswap.json tests/fixtures/weatherxm/roots.txt \
	tests/fixtures/weatherxm/withdraw-0x15d34aaf54267db7d7c367839aaf71a00a2c6a65.json

# The generic Merkle-distributor claim for real on anvil.
TESTS += tests/integration/merkle-claim.sh
EXTRA_DIST += tests/integration/merkle-claim.sh tests/contracts/MerkleDistributor.sol

# WeatherXM against the fixture server and the RewardPool on anvil.
TESTS += tests/integration/weatherxm.sh
EXTRA_DIST += tests/integration/weatherxm.sh tests/contracts/RewardPool.sol tests/fixtures/weatherxm/routes.json \
	tests/fixtures/weatherxm/devices.json tests/fixtures/weatherxm/station-public.json tests/fixtures/weatherxm/stats.json \
	tests/fixtures/weatherxm/timeline-1.json tests/fixtures/weatherxm/timeline-1b.json tests/fixtures/weatherxm/timeline-2.json tests/fixtures/weatherxm/timeline-3.json

# DIMO against the fixture server and the Staking contract on anvil.
TESTS += tests/integration/dimo.sh
EXTRA_DIST += tests/integration/dimo.sh tests/contracts/DimoStaking.sol tests/fixtures/dimo/routes.json \
	tests/fixtures/dimo/vehicles-1.json tests/fixtures/dimo/vehicles-2.json

# The demo fleet's WeatherXM stations and DIMO vehicles (depinctl dash --demo).
EXTRA_DIST += ui/demo/weatherxm ui/demo/dimo
