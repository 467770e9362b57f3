# Helium: account layouts, the adapter (hotspots, rewards, metrics).
