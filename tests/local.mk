# Tests: unit/ (C, TAP), cli/ (shell, TAP), integration/ (real peers).
EXTRA_DIST += tests/unit/tap.h tests/fixtures tests/cli tests/integration

check_PROGRAMS += tests/unit/test-encoding
tests_unit_test_encoding_LDADD = $(TEST_LDADD)
TESTS += tests/unit/test-encoding
