# Core: errors, encoders, config, output, files, prompts; the commands.
libdepinctl_a_SOURCES += \
	src/error.c src/error.h \
	src/hex.c src/hex.h \
	src/base58.c src/base58.h \
	src/keccak.c src/keccak.h
