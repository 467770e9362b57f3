#include "config.h"
#include "hex.h"

#include <string.h>

void hex_encode(char *out, size_t out_size, const uint8_t *in, size_t len)
{
	static const char digits[] = "0123456789abcdef";
	if (out_size == 0)
		return;
	if (len > (out_size - 1) / 2)
		len = (out_size - 1) / 2;
	for (size_t i = 0; i < len; i++) {
		out[2 * i] = digits[in[i] >> 4];
		out[2 * i + 1] = digits[in[i] & 15];
	}
	out[2 * len] = '\0';
}

int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int hex_decode(uint8_t *out, size_t out_size, size_t *out_len, const char *in)
{
	if (in[0] == '0' && (in[1] == 'x' || in[1] == 'X'))
		in += 2;
	size_t n = strlen(in);
	if (n % 2)
		return ERR_USAGE;
	if (n / 2 > out_size)
		return ERR_USAGE;
	for (size_t i = 0; i < n / 2; i++) {
		int hi = hex_digit(in[2 * i]), lo = hex_digit(in[2 * i + 1]);
		if (hi < 0 || lo < 0)
			return ERR_USAGE;
		out[i] = (uint8_t)(hi << 4 | lo);
	}
	if (out_len)
		*out_len = n / 2;
	return 0;
}

int hex_decode_exact(uint8_t *out, size_t want, const char *in)
{
	size_t got;
	int rc = hex_decode(out, want, &got, in);
	if (rc)
		return rc;
	return got == want ? 0 : ERR_USAGE;
}
