# Keys: BIP39, SLIP-10 / BIP32, addresses, key files of every format, signers.
# The key model and depinctl's own encrypted key files.
libdepinctl_a_SOURCES += \
	wallet/key.c wallet/key.h \
	wallet/keystore.c wallet/keystore.h

# BIP39, SLIP-10 / BIP32, addresses, the shared secp256k1 context.
libdepinctl_a_SOURCES += \
	wallet/secp.c wallet/secp.h \
	wallet/bip39.c wallet/bip39.h wallet/bip39-english.c \
	wallet/hd.c wallet/hd.h \
	wallet/address.c wallet/address.h

# Other implementations' key files: Web3 keystores, solana-keygen keypairs, helium-wallet.
libdepinctl_a_SOURCES += \
	wallet/web3-keystore.c wallet/web3-keystore.h \
	wallet/solana-keypair.c wallet/solana-keypair.h \
	wallet/helium-wallet.c wallet/helium-wallet.h

# Signers: secp256k1 (recoverable, Ethereum's r || s || v) and Ed25519.
libdepinctl_a_SOURCES += \
	wallet/signer.c wallet/signer.h
