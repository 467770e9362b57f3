/* compact-u16, from the Solana transaction format documentation. */
#include "config.h"

#include "chains/solana/compact.h"

size_t sol_compact_u16_encode(uint8_t out[SOL_COMPACT_U16_MAX], uint16_t v)
{
	size_t n = 0;
	unsigned rest = v;

	for (;;) {
		uint8_t b = rest & 0x7f;
		rest >>= 7;
		if (!rest) {
			out[n++] = b;
			return n;
		}
		out[n++] = b | 0x80;
	}
}

int sol_compact_u16_decode(uint16_t *v, size_t *used, const uint8_t *in, size_t len,
			   struct error *e)
{
	uint32_t val = 0;

	for (size_t i = 0; i < SOL_COMPACT_U16_MAX; i++) {
		if (i >= len)
			return error_set(e, ERR_USAGE, "compact-u16 is truncated");
		uint8_t b = in[i];
		if (i > 0 && b == 0)
			return error_set(e, ERR_USAGE, "compact-u16 is not canonical (a zero last byte)");
		if (i == SOL_COMPACT_U16_MAX - 1 && (b & 0x80))
			return error_set(e, ERR_USAGE, "compact-u16 continues past its third byte");
		val |= (uint32_t)(b & 0x7f) << (7 * i);
		if (val > 0xffff)
			return error_set(e, ERR_USAGE, "compact-u16 is above 65535");
		if (!(b & 0x80)) {
			*v = (uint16_t)val;
			*used = i + 1;
			return ERR_OK;
		}
	}
	/* not reached: the third byte either ends or is refused above */
	return error_set(e, ERR_USAGE, "compact-u16 continues past its third byte");
}
