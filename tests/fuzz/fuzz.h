/* Helpers shared by the libFuzzer targets (tests/fuzz/fuzz-*.c).
 *
 * Each target defines LLVMFuzzerTestOneInput. It is built twice: with
 * libFuzzer and the sanitizers by ./configure --enable-fuzz (fuzz-NAME), and
 * as an ordinary program with replay.c's main (replay-NAME), which make check
 * runs over tests/fuzz/regressions/NAME/ and tests/fuzz/corpus/NAME/.
 *
 * A target returns 0 and never fails on bad input: the library refusing it is
 * the expected outcome. What is a bug is a crash, a sanitizer report, a leak,
 * or a broken invariant, which FUZZ_CHECK turns into an abort. */
#ifndef DEPINCTL_FUZZ_H
#define DEPINCTL_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* An invariant: abort (libFuzzer saves the input) when it does not hold. */
#define FUZZ_CHECK(cond)                                                                    \
	do {                                                                                \
		if (!(cond)) {                                                              \
			fprintf(stderr, "%s:%d: invariant failed: %s\n", __FILE__, __LINE__, #cond); \
			abort();                                                            \
		}                                                                           \
	} while (0)

/* The input as a NUL-terminated string (an embedded NUL cuts it short, as it
 * would for the C string APIs); the caller frees it. Aborts when out of memory. */
static inline char *fuzz_string(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	FUZZ_CHECK(s != NULL);
	if (size)
		memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

/* A copy of the input in a buffer of exactly size bytes (so reading past the
 * end is caught even when the input is the tail of a larger buffer). */
static inline uint8_t *fuzz_copy(const uint8_t *data, size_t size)
{
	uint8_t *p = calloc(size ? size : 1, 1);
	FUZZ_CHECK(p != NULL);
	if (size)
		memcpy(p, data, size);
	return p;
}

/* Splits off the first byte as a selector; returns 0 when there is none. */
static inline int fuzz_take_byte(uint8_t *out, const uint8_t **data, size_t *size)
{
	if (*size == 0)
		return 0;
	*out = **data;
	(*data)++;
	(*size)--;
	return 1;
}

#endif
