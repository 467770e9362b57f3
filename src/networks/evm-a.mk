# Network adapters (evm-a).
