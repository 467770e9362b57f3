/* Hex decoding (src/hex.h): any text; what decodes must encode back to the
 * same digits, lower-cased, without the 0x prefix. */
#include "config.h"
#include "fuzz.h"

#include <ctype.h>
#include "hex.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_string(data, size);
	size_t n = strlen(s), len = 0;
	uint8_t small[32], *big = malloc(n / 2 + 1);
	FUZZ_CHECK(big != NULL);

	for (size_t i = 0; i < n; i++) {
		int d = hex_digit(s[i]);
		FUZZ_CHECK(d >= -1 && d < 16);
		FUZZ_CHECK((d >= 0) == (isxdigit((unsigned char)s[i]) != 0));
	}

	if (hex_decode(big, n / 2 + 1, &len, s) == 0) {
		const char *digits = s + ((s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) ? 2 : 0);
		char *again = malloc(2 * len + 1);
		FUZZ_CHECK(again != NULL);
		FUZZ_CHECK(2 * len == strlen(digits));
		hex_encode(again, 2 * len + 1, big, len);
		for (size_t i = 0; i < 2 * len; i++)
			FUZZ_CHECK(again[i] == tolower((unsigned char)digits[i]));
		free(again);
		/* a buffer too small for it is refused */
		if (len > 0)
			FUZZ_CHECK(hex_decode(big, len - 1, NULL, s) != 0);
	}
	if (hex_decode(small, sizeof small, &len, s) == 0)
		FUZZ_CHECK(len <= sizeof small);
	if (hex_decode_exact(small, 20, s) == 0)
		FUZZ_CHECK(strlen(s) == 40 || strlen(s) == 42);

	/* the raw bytes, encoded, decode back to themselves */
	{
		char *enc = malloc(2 * size + 1);
		uint8_t *dec = malloc(size + 1);
		FUZZ_CHECK(enc && dec);
		hex_encode(enc, 2 * size + 1, data, size);
		FUZZ_CHECK(hex_decode(dec, size, &len, enc) == 0);
		FUZZ_CHECK(len == size && (size == 0 || memcmp(dec, data, size) == 0));
		free(enc);
		free(dec);
	}
	free(big);
	free(s);
	return 0;
}
