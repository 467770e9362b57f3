# Helium: reward claims (oracle, lazy distributor, compression).
