# Chains: Solana and EVM encoders and clients.
libdepinctl_a_SOURCES +=
