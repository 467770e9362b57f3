# The history store, prices, exports (CSV, Prometheus).
libdepinctl_a_SOURCES += src/cmd-export.c
