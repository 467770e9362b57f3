# The history store, prices, exports (CSV, Prometheus).
libdepinctl_a_SOURCES += src/cmd-export.c
libdepinctl_a_SOURCES += src/store.c src/store.h
check_PROGRAMS += tests/unit/test-store
tests_unit_test_store_LDADD = $(TEST_LDADD)
TESTS += tests/unit/test-store
