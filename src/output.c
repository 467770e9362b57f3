#include "config.h"
#include "output.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int output_color(int fd)
{
	const char *term = getenv("TERM");
	const char *no = getenv("NO_COLOR");
	return isatty(fd) && !(no && *no) && !(term && strcmp(term, "dumb") == 0);
}

void output_json(const struct ctx *ctx, cJSON *doc)
{
	char *s = isatty(STDOUT_FILENO) ? cJSON_Print(doc) : cJSON_PrintUnformatted(doc);
	if (s) {
		fputs(s, stdout);
		fputc('\n', stdout);
		free(s);
	}
	fflush(stdout);
	cJSON_Delete(doc);
	(void)ctx;
}

int output_error(const struct ctx *ctx, int code)
{
	int status = error_exit_status(code);
	const char *msg = ctx->err.msg[0] ? ctx->err.msg : "operation failed";
	if (ctx->json) {
		cJSON *doc = cJSON_CreateObject();
		cJSON *err = cJSON_AddObjectToObject(doc, "error");
		cJSON_AddStringToObject(err, "message", msg);
		cJSON_AddNumberToObject(err, "exit", status);
		char *s = cJSON_PrintUnformatted(doc);
		if (s) {
			fprintf(stderr, "%s\n", s);
			free(s);
		}
		cJSON_Delete(doc);
	} else {
		fprintf(stderr, "depinctl: %s\n", msg);
	}
	return status;
}

void output_warn(const struct ctx *ctx, const char *fmt, ...)
{
	if (ctx->quiet)
		return;
	va_list ap;
	va_start(ap, fmt);
	fputs("depinctl: warning: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
}

void table_init(struct table *t, int ncols, const char *const *head)
{
	memset(t, 0, sizeof *t);
	t->ncols = ncols;
	for (int i = 0; i < ncols; i++)
		t->head[i] = head[i];
}

void table_add(struct table *t, const char *const *values)
{
	if (t->nrows == t->cap) {
		int cap = t->cap ? 2 * t->cap : 16;
		char **nc = realloc(t->cells, sizeof(char *) * (size_t)cap * (size_t)t->ncols);
		if (!nc)
			return;
		t->cells = nc;
		t->cap = cap;
	}
	for (int i = 0; i < t->ncols; i++)
		t->cells[t->nrows * t->ncols + i] = strdup(values[i] ? values[i] : "");
	t->nrows++;
}

/* Display width of a UTF-8 string, counting code points. */
static int width(const char *s)
{
	int w = 0;
	for (; *s; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			w++;
	return w;
}

void table_print(const struct table *t, FILE *out)
{
	int w[TABLE_MAX_COLS];
	int bold = output_color(fileno(out));
	for (int c = 0; c < t->ncols; c++) {
		w[c] = width(t->head[c]);
		for (int r = 0; r < t->nrows; r++) {
			int x = width(t->cells[r * t->ncols + c]);
			if (x > w[c])
				w[c] = x;
		}
	}
	for (int r = -1; r < t->nrows; r++) {
		if (r < 0 && bold)
			fputs("\033[1m", out);
		for (int c = 0; c < t->ncols; c++) {
			const char *s = r < 0 ? t->head[c] : t->cells[r * t->ncols + c];
			int last = c == t->ncols - 1;
			fputs(s, out);
			if (!last)
				fprintf(out, "%*s", w[c] - width(s) + 2, "");
		}
		if (r < 0 && bold)
			fputs("\033[0m", out);
		fputc('\n', out);
	}
}

void table_release(struct table *t)
{
	for (int i = 0; i < t->nrows * t->ncols; i++)
		free(t->cells[i]);
	free(t->cells);
	memset(t, 0, sizeof *t);
}
