# Helium: data credits and veHNT.
libdepinctl_a_SOURCES += src/networks/helium/cmd-dc.c \
	src/networks/helium/dc.c src/networks/helium/dc.h \
	src/networks/helium/vehnt.c src/networks/helium/vehnt.h

check_PROGRAMS += tests/unit/test-helium-dc tests/unit/test-helium-vehnt tests/unit/helium-stake-driver
tests_unit_helium_stake_driver_LDADD = $(TEST_LDADD)
tests_unit_test_helium_dc_LDADD = $(TEST_LDADD)
tests_unit_test_helium_vehnt_LDADD = $(TEST_LDADD)
TESTS += tests/unit/test-helium-dc tests/unit/test-helium-vehnt

TESTS += tests/integration/helium-dc.sh tests/integration/helium-stake.sh
# (tests/fixtures/ is distributed whole: the loader and the fixtures' values)
EXTRA_DIST += tests/integration/helium-dc.sh tests/integration/helium-stake.sh
dist_man_MANS += man/depinctl-dc.1 man/depinctl-stake.1
