# Network adapters (evm-b).
