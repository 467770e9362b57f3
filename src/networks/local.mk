# The network adapter interface: the model, the event-loop engine, the
# replay of recorded responses (the demo), the registry; their commands.
libdepinctl_a_SOURCES += \
	src/networks/network.h src/networks/model.c src/networks/net.c \
	src/networks/replay.c src/networks/replay.h \
	src/networks/registry.c \
	src/cmd-net.c
