# Helium: reward claims (oracle, lazy distributor, compression).
libdepinctl_a_SOURCES += src/networks/helium/claim.c src/networks/helium/claim.h
