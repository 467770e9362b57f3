/* Amounts and u256 integers from text (src/amount.h, src/u256.h): the first
 * byte is the token's decimals, the rest the text. Whatever parses formats
 * to its canonical spelling (no leading zeros, no trailing fraction zeros),
 * which parses back to the same value. */
#include "config.h"
#include "fuzz.h"

#include <strings.h>
#include "amount.h"
#include "u256.h"

/* The canonical spelling of digits[.digits]: "007.50" -> "7.5", ".5" -> "0.5". */
static void canonical(char *out, size_t out_size, const char *s)
{
	const char *dot = strchr(s, '.'), *end = s + strlen(s);
	const char *i = s, *i_end = dot ? dot : end;
	size_t o = 0;
	while (i < i_end - 1 && *i == '0')
		i++;
	if (i == i_end)
		out[o++] = '0';
	while (i < i_end && o + 1 < out_size)
		out[o++] = *i++;
	if (dot) {
		const char *f_end = end;
		while (f_end > dot + 1 && f_end[-1] == '0')
			f_end--;
		if (f_end > dot + 1) {
			for (const char *f = dot; f < f_end && o + 1 < out_size; f++)
				out[o++] = *f;
		}
	}
	out[o] = '\0';
}

static void check_amount(const char *s, unsigned decimals)
{
	struct error e = {0};
	struct u256 v, w;
	uint64_t u, u2;
	int is_max = 0;
	char text[AMOUNT_FMT_MAX], canon[4096];

	if (amount_parse(&v, &is_max, s, decimals, &e) == 0) {
		if (is_max) {
			FUZZ_CHECK(strcasecmp(s, "max") == 0 && u256_is_zero(&v));
		} else {
			FUZZ_CHECK(amount_format(text, sizeof text, &v, decimals) == 0);
			FUZZ_CHECK(amount_parse(&w, NULL, text, decimals, &e) == 0);
			FUZZ_CHECK(u256_cmp(&v, &w) == 0);
			/* what was written is what is meant: the same digits, canonically spelled
			 * (fraction zeros past the decimals may be dropped) */
			canonical(canon, sizeof canon, s);
			FUZZ_CHECK(strcmp(canon, text) == 0);
		}
	} else {
		FUZZ_CHECK(e.code == ERR_USAGE && e.msg[0]);
		/* messages quote at most 40 characters of the text */
		FUZZ_CHECK(strlen(e.msg) < 200);
	}
	e.code = 0;
	if (amount_parse_u64(&u, &is_max, s, decimals, &e) == 0 && !is_max) {
		FUZZ_CHECK(amount_parse(&v, NULL, s, decimals, &e) == 0);
		FUZZ_CHECK(u256_to_u64(&u2, &v) == 0 && u2 == u);
		FUZZ_CHECK(amount_format_u64(text, sizeof text, u, decimals) == 0);
		FUZZ_CHECK(amount_parse_u64(&u2, NULL, text, decimals, &e) == 0 && u2 == u);
	}
}

static void check_u256(const char *s)
{
	struct error e = {0};
	struct u256 v, w;
	char dec[U256_DEC_MAX], hex[U256_HEX_MAX];

	if (u256_parse(&v, s, &e) == 0) {
		FUZZ_CHECK(u256_format_dec(dec, sizeof dec, &v) == 0);
		FUZZ_CHECK(u256_parse_dec(&w, dec, &e) == 0 && u256_cmp(&v, &w) == 0);
		FUZZ_CHECK(u256_format_hex(hex, sizeof hex, &v) == 0);
		FUZZ_CHECK(u256_parse_hex(&w, hex, &e) == 0 && u256_cmp(&v, &w) == 0);
		FUZZ_CHECK(u256_parse(&w, hex, &e) == 0 && u256_cmp(&v, &w) == 0);
	}
	(void)!u256_parse_dec(&v, s, &e);
	(void)!u256_parse_hex(&v, s, &e);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t decimals;
	if (!fuzz_take_byte(&decimals, &data, &size))
		return 0;
	char *s = fuzz_string(data, size);
	check_amount(s, decimals);
	if (decimals == 255)
		check_amount(s, 256); /* refused: above AMOUNT_MAX_DECIMALS */
	check_u256(s);
	free(s);
	return 0;
}
