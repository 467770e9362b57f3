/* Base58 and Base58Check decoding (src/base58.h): any text. What decodes
 * encodes back to the same text (base58 has one spelling per byte string);
 * raw bytes encode and decode back to themselves. */
#include "config.h"
#include "fuzz.h"

#include "base58.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_string(data, size);
	size_t n = strlen(s), len = 0;
	uint8_t out[256];
	char text[512];

	int big_rc = base58_decode(out, sizeof out, &len, s);
	size_t big_len = len;
	/* a smaller buffer takes exactly what fits it (the early refusal of
	 * long text refuses nothing that would fit) */
	for (size_t room = 0; room <= 40; room += 8) {
		uint8_t small[40];
		size_t small_len = 0;
		int rc = base58_decode(small, room, &small_len, s);
		if (big_rc == 0 && big_len <= room)
			FUZZ_CHECK(rc == 0 && small_len == big_len && memcmp(small, out, big_len) == 0);
		else
			FUZZ_CHECK(rc != 0);
	}
	if (big_rc == 0) {
		FUZZ_CHECK(len <= sizeof out && len <= n);
		FUZZ_CHECK(base58_encode(text, sizeof text, out, len) == 0);
		FUZZ_CHECK(strcmp(text, s) == 0);
		if (len > 0)
			FUZZ_CHECK(base58_decode(out, len - 1, NULL, s) != 0);
	}
	/* a small buffer: 32 bytes, as a Solana address */
	if (base58_decode(out, 32, &len, s) == 0)
		FUZZ_CHECK(len <= 32);
	if (base58check_decode(out, sizeof out, &len, s) == 0) {
		FUZZ_CHECK(len + 4 <= n);
		FUZZ_CHECK(base58check_encode(text, sizeof text, out, len) == 0);
		FUZZ_CHECK(strcmp(text, s) == 0);
	}

	/* raw bytes round trip (the encoding of up to 256 bytes fits 512 characters) */
	if (size <= 256) {
		FUZZ_CHECK(base58_encode(text, sizeof text, data, size) == 0);
		FUZZ_CHECK(base58_decode(out, sizeof out, &len, text) == 0);
		FUZZ_CHECK(len == size && (size == 0 || memcmp(out, data, size) == 0));
		if (size <= 200) {
			FUZZ_CHECK(base58check_encode(text, sizeof text, data, size) == 0);
			FUZZ_CHECK(base58check_decode(out, sizeof out, &len, text) == 0);
			FUZZ_CHECK(len == size && (size == 0 || memcmp(out, data, size) == 0));
		}
	}
	free(s);
	return 0;
}
