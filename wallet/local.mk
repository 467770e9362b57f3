# Keys: BIP39, SLIP-10 / BIP32, addresses, key files of every format, signers.
libdepinctl_a_SOURCES +=

# BIP39, SLIP-10 / BIP32, addresses, the shared secp256k1 context.
libdepinctl_a_SOURCES += \
	wallet/secp.c wallet/secp.h \
	wallet/bip39.c wallet/bip39.h wallet/bip39-english.c \
	wallet/hd.c wallet/hd.h \
	wallet/address.c wallet/address.h
