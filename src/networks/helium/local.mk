# Helium: account layouts, the adapter (hotspots, rewards, metrics).
libdepinctl_a_SOURCES += src/networks/helium/accounts.c src/networks/helium/accounts.h

check_PROGRAMS += tests/unit/test-helium-accounts
tests_unit_test_helium_accounts_LDADD = $(TEST_LDADD)
TESTS += tests/unit/test-helium-accounts
libdepinctl_a_SOURCES += src/networks/helium/helium.c src/networks/helium/helium.h

TESTS += tests/integration/helium-read.sh
EXTRA_DIST += tests/integration/helium-read.sh tests/integration/helium-read-fleet.js \
	tests/fixtures/helium/idl.js tests/fixtures/helium/gen-accounts.js tests/fixtures/helium/accounts.json \
	tests/fixtures/helium/gen-demo.js ui/demo/helium bench/helium-list.sh
