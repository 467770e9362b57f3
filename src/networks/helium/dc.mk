# Helium: data credits and veHNT.
libdepinctl_a_SOURCES += src/networks/helium/cmd-dc.c \
	src/networks/helium/dc.c src/networks/helium/dc.h \
	src/networks/helium/vehnt.c src/networks/helium/vehnt.h

check_PROGRAMS += tests/unit/test-helium-dc tests/unit/test-helium-vehnt
tests_unit_test_helium_dc_LDADD = $(TEST_LDADD)
tests_unit_test_helium_vehnt_LDADD = $(TEST_LDADD)
TESTS += tests/unit/test-helium-dc tests/unit/test-helium-vehnt
