# Chains: Solana and EVM encoders and clients.
libdepinctl_a_SOURCES +=

# EVM message hashing: EIP-191 personal_sign and EIP-712 typed data.
libdepinctl_a_SOURCES += \
	chains/evm/eip191.c chains/evm/eip191.h \
	chains/evm/eip712.c chains/evm/eip712.h
