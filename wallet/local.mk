# Keys: BIP39, SLIP-10 / BIP32, addresses, key files of every format, signers.
libdepinctl_a_SOURCES +=
