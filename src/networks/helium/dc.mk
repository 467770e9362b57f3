# Helium: data credits and veHNT.
libdepinctl_a_SOURCES += src/networks/helium/cmd-dc.c
