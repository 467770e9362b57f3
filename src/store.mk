# The history store, prices, exports (CSV, Prometheus).
libdepinctl_a_SOURCES += src/cmd-export.c
libdepinctl_a_SOURCES += src/store.c src/store.h src/networks/prices.c src/networks/prices.h
check_PROGRAMS += tests/unit/test-store
tests_unit_test_store_LDADD = $(TEST_LDADD)
TESTS += tests/unit/test-store
TESTS += tests/cli/store-kill.sh
EXTRA_DIST += tests/cli/store-kill.sh
TESTS += tests/cli/export.sh
EXTRA_DIST += tests/cli/export.sh tests/fixtures/prices ui/demo/prices
dist_man_MANS += man/depinctl-export.1
