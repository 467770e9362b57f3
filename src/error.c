#include "config.h"
#include "error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#undef error_set /* the static analyzer's stand-in (error.h) */

int error_set(struct error *e, int code, const char *fmt, ...)
{
	if (e) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(e->msg, sizeof e->msg, fmt, ap);
		va_end(ap);
		e->code = code;
	}
	return code;
}

int error_wrap(struct error *e, const char *fmt, ...)
{
	if (!e)
		return ERR_FAIL;
	char prefix[256], old[sizeof e->msg];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(prefix, sizeof prefix, fmt, ap);
	va_end(ap);
	memcpy(old, e->msg, sizeof old);
	char joined[sizeof prefix + sizeof old + 2];
	snprintf(joined, sizeof joined, "%s: %s", prefix, old);
	size_t n = strlen(joined);
	if (n >= sizeof e->msg)
		n = sizeof e->msg - 1;
	memcpy(e->msg, joined, n);
	e->msg[n] = '\0';
	return e->code;
}

void error_clear(struct error *e)
{
	if (e) {
		e->code = 0;
		e->msg[0] = '\0';
	}
}

int error_exit_status(int code)
{
	if (code >= 0)
		return 0;
	if (code < ERR_REFUSED)
		return 1;
	return -code;
}
