# Helium: reward claims (oracle, lazy distributor, compression).
libdepinctl_a_SOURCES += src/networks/helium/claim.c src/networks/helium/claim.h \
	src/networks/helium/lazy.c src/networks/helium/lazy.h \
	src/networks/helium/oracle.c src/networks/helium/oracle.h
# The shared decoder of Helium instructions (Anchor's coder, @helium/idls).
EXTRA_DIST += tests/integration/anchor-decode.js

# Layouts, PDAs, instruction bytes and the oracle checks; the claim driver.
check_PROGRAMS += tests/unit/test-helium-claim
tests_unit_test_helium_claim_LDADD = $(TEST_LDADD)
TESTS += tests/unit/test-helium-claim

# Claims end to end: the validator, a test oracle and DAS, 1,000 hotspots.
TESTS += tests/integration/helium-claim.sh
EXTRA_DIST += tests/integration/helium-claim.sh tests/integration/helium-oracle.js
