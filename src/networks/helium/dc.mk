# Helium: data credits and veHNT.
libdepinctl_a_SOURCES += src/networks/helium/cmd-dc.c \
	src/networks/helium/dc.c src/networks/helium/dc.h

check_PROGRAMS += tests/unit/test-helium-dc
tests_unit_test_helium_dc_LDADD = $(TEST_LDADD)
TESTS += tests/unit/test-helium-dc
