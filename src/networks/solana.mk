# Network adapters (solana).
