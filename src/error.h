/* Error codes and the message buffer library code fills (libcurl's error
 * buffer). Library functions return 0 or one of these negative codes; only
 * main.c and cmd-*.c print, and they map a code to an exit status. */
#ifndef DEPINCTL_ERROR_H
#define DEPINCTL_ERROR_H

#include <stddef.h>

#define WUR __attribute__((warn_unused_result))

enum {
	ERR_OK = 0,
	ERR_FAIL = -1,     /* operation failed            -> exit 1 */
	ERR_USAGE = -2,    /* bad argument or input       -> exit 2 */
	ERR_NOTFOUND = -3, /* no such key, file, account  -> exit 3 */
	ERR_NET = -4,      /* network / RPC error         -> exit 4 */
	ERR_REFUSED = -5,  /* bad password, declined, verification failed -> exit 5 */
};

struct error {
	int code;
	char msg[512];
};

/* Records a message (printf format) and returns code, so callers can write
 * `return error_set(e, ERR_USAGE, "...")`. e may be NULL. */
int error_set(struct error *e, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
#ifdef __clang_analyzer__
/* error_set returns its code: tell the static analyzer (clang-tidy), which
 * does not look into other files, so `return error_set(e, ERR_USAGE, ...)`
 * is seen to fail. */
#define error_set(e, code, ...) (error_set((e), (code), __VA_ARGS__), (code))
#endif
/* Prefixes the recorded message with more context: "ctx: old message". */
int error_wrap(struct error *e, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void error_clear(struct error *e);
/* The exit status for a code (0..5). */
int error_exit_status(int code);

#endif
