# Core: errors, encoders, config, output, files, prompts; the commands.
libdepinctl_a_SOURCES += \
	src/error.c src/error.h src/clock.h \
	src/hex.c src/hex.h \
	src/base58.c src/base58.h \
	src/keccak.c src/keccak.h
libdepinctl_a_SOURCES += \
	src/ctx.h \
	src/conf.c src/conf.h \
	src/file.c src/file.h \
	src/opts.c src/opts.h \
	src/output.c src/output.h \
	src/prompt.c src/prompt.h \
	src/commands.c src/commands.h \
	src/cmd-key.c src/cmd-sign.c src/cmd-shell.c src/cmd-completion.c
# The transaction journal (SQLite).
libdepinctl_a_SOURCES += src/journal.c src/journal.h
# Exact integers and amounts: u256, decimal amounts.
libdepinctl_a_SOURCES += \
	src/u256.c src/u256.h \
	src/amount.c src/amount.h
# Network transport: HTTP over libcurl multi, JSON-RPC on top.
libdepinctl_a_SOURCES += \
	src/http.c src/http.h \
	src/jsonrpc.c src/jsonrpc.h
# The wallet commands: balance, send, tx.
libdepinctl_a_SOURCES += src/cmd-send.c
