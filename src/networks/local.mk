# The network adapter interface: the model, the event-loop engine, the
# replay of recorded responses (the demo), the registry; their commands.
libdepinctl_a_SOURCES += \
	src/networks/network.h src/networks/model.c src/networks/net.c \
	src/networks/replay.c src/networks/replay.h \
	src/networks/demo.c src/networks/demo.h \
	src/networks/registry.c \
	src/cmd-net.c
libdepinctl_a_SOURCES += src/networks/balances.c src/networks/balances.h

# The engine over the replay and over HTTP against the fixture server.
check_PROGRAMS += tests/unit/test-net
tests_unit_test_net_LDADD = $(TEST_LDADD)
TESTS += tests/unit/test-net
EXTRA_DIST += tests/fixtures/server.js
TESTS += tests/cli/networks.sh
EXTRA_DIST += tests/cli/networks.sh
# The balances task over the replay (issue 6: the Wallet screen).
check_PROGRAMS += tests/unit/test-balances
tests_unit_test_balances_LDADD = $(TEST_LDADD)
TESTS += tests/unit/test-balances
