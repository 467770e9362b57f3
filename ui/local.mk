# The dashboard (ncurses): event loop, fleet model, screens, widgets, keys,
# alerts, claims.
libdepinctl_a_SOURCES += ui/dash.h ui/dash.c ui/fleet.c ui/widgets.c ui/keymap.c ui/alert.c ui/claim.c \
	ui/screen-fleet.c ui/screen-device.c ui/screen-info.c
