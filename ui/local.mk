# The dashboard (ncurses).
libdepinctl_a_SOURCES += ui/cmd-dash.c
