# Chains: Solana and EVM encoders and clients.
libdepinctl_a_SOURCES +=

# EVM message hashing: EIP-191 personal_sign and EIP-712 typed data.
libdepinctl_a_SOURCES += \
	chains/evm/eip191.c chains/evm/eip191.h \
	chains/evm/eip712.c chains/evm/eip712.h

# EVM encoders: RLP, contract ABI, transactions (legacy EIP-155, EIP-2930, EIP-1559).
libdepinctl_a_SOURCES += \
	chains/evm/rlp.c chains/evm/rlp.h \
	chains/evm/abi.c chains/evm/abi.h \
	chains/evm/tx.c chains/evm/tx.h

# Solana encoders: compact-u16, Borsh, Anchor discriminators, legacy and v0
# messages, transactions, PDAs, instructions of the native and SPL programs.
libdepinctl_a_SOURCES += \
	chains/solana/compact.c chains/solana/compact.h \
	chains/solana/borsh.c chains/solana/borsh.h \
	chains/solana/anchor.c chains/solana/anchor.h \
	chains/solana/message.c chains/solana/message.h \
	chains/solana/tx.c chains/solana/tx.h \
	chains/solana/pda.c chains/solana/pda.h \
	chains/solana/programs.c chains/solana/programs.h

# Wallet operations per chain family (chains/chain.h): balance, send, tx.
libdepinctl_a_SOURCES += chains/chain.h chains/solana/wallet.c chains/evm/wallet.c
# Solana's wallet client: JSON-RPC calls, known mints and token layouts, compute budget.
libdepinctl_a_SOURCES += \
	chains/solana/rpc.c chains/solana/rpc.h \
	chains/solana/tokens.c chains/solana/tokens.h \
	chains/solana/budget.c chains/solana/budget.h \
	chains/solana/sender.c chains/solana/sender.h
# EVM's wallet client: JSON-RPC calls and batches, known ERC-20 tokens and their calls.
libdepinctl_a_SOURCES += \
	chains/evm/rpc.c chains/evm/rpc.h \
	chains/evm/tokens.c chains/evm/tokens.h
# The journaled sender for any contract call (claims, stakes).
libdepinctl_a_SOURCES += chains/evm/sender.c chains/evm/sender.h
