/* A minimal TAP producer for the unit tests (automake's tap-driver.sh reads it). */
#ifndef DEPINCTL_TAP_H
#define DEPINCTL_TAP_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TAP_FN __attribute__((unused)) static

static int tap_n, tap_failed;

#define ok(cond, ...) tap_ok(!!(cond), __FILE__, __LINE__, __VA_ARGS__)
#define is_str(got, want, ...) tap_is_str((got), (want), __FILE__, __LINE__, __VA_ARGS__)
#define is_int(got, want, ...) tap_is_int((long long)(got), (long long)(want), __FILE__, __LINE__, __VA_ARGS__)

__attribute__((format(printf, 4, 5))) TAP_FN int tap_ok(int pass, const char *file, int line, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	printf("%s %d - ", pass ? "ok" : "not ok", ++tap_n);
	vprintf(fmt, ap);
	printf("\n");
	va_end(ap);
	if (!pass) {
		tap_failed++;
		printf("#   failed at %s:%d\n", file, line);
	}
	return pass;
}

TAP_FN int tap_is_str(const char *got, const char *want, const char *file, int line, const char *fmt, ...)
{
	int pass = got && want && strcmp(got, want) == 0;
	char name[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(name, sizeof name, fmt, ap);
	va_end(ap);
	tap_ok(pass, file, line, "%s", name);
	if (!pass)
		printf("#   got:  '%s'\n#   want: '%s'\n", got ? got : "(null)", want ? want : "(null)");
	return pass;
}

TAP_FN int tap_is_int(long long got, long long want, const char *file, int line, const char *fmt, ...)
{
	char name[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(name, sizeof name, fmt, ap);
	va_end(ap);
	tap_ok(got == want, file, line, "%s", name);
	if (got != want)
		printf("#   got:  %lld\n#   want: %lld\n", got, want);
	return got == want;
}

/* Prints the plan at the end; returns the exit status. */
TAP_FN int tap_done(void)
{
	printf("1..%d\n", tap_n);
	return tap_failed ? 1 : 0;
}

/* Reads a whole file from the test source folder (srcdir) into a malloc'd string. */
TAP_FN char *tap_slurp(const char *rel)
{
	const char *srcdir = getenv("srcdir");
	char path[1024];
	snprintf(path, sizeof path, "%s/%s", srcdir ? srcdir : ".", rel);
	FILE *f = fopen(path, "rb");
	if (!f) {
		printf("Bail out! cannot open %s\n", path);
		exit(1);
	}
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fseek(f, 0, SEEK_SET);
	char *buf = malloc((size_t)n + 1);
	if (!buf || fread(buf, 1, (size_t)n, f) != (size_t)n) {
		printf("Bail out! cannot read %s\n", path);
		exit(1);
	}
	buf[n] = '\0';
	fclose(f);
	return buf;
}

#endif
