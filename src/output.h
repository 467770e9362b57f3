/* What commands print: one JSON document with --json, else tty-aware tables
 * and lines. Errors go to stderr in both modes (JSON on stderr with --json). */
#ifndef DEPINCTL_OUTPUT_H
#define DEPINCTL_OUTPUT_H

#include <cjson/cJSON.h>
#include "ctx.h"

/* Prints doc on stdout (pretty on a terminal, one line otherwise) and frees it. */
void output_json(const struct ctx *ctx, cJSON *doc);
/* Reports ctx->err (or msg) on stderr and returns the exit status for code. */
int output_error(const struct ctx *ctx, int code);
/* A warning on stderr, unless -q. */
void output_warn(const struct ctx *ctx, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* 1 when colours may be used on stream fd: a terminal, TERM not dumb, NO_COLOR unset. */
int output_color(int fd);

#define TABLE_MAX_COLS 12
struct table {
	int ncols;
	const char *head[TABLE_MAX_COLS];
	char **cells; /* row-major, nrows * ncols, malloc'd */
	int nrows, cap;
};
void table_init(struct table *t, int ncols, const char *const *head);
/* Adds a row; values are copied. */
void table_add(struct table *t, const char *const *values);
/* Aligned columns with a header (bold on a colour terminal). */
void table_print(const struct table *t, FILE *out);
void table_release(struct table *t);

#endif
