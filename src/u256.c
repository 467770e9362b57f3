/* 256-bit unsigned integers in four 64-bit limbs, portable C (no __int128). */
#include "config.h"
#include "hex.h"
#include "u256.h"

#include <string.h>

void u256_zero(struct u256 *r)
{
	memset(r, 0, sizeof *r);
}

void u256_from_u64(struct u256 *r, uint64_t v)
{
	u256_zero(r);
	r->w[0] = v;
}

int u256_to_u64(uint64_t *out, const struct u256 *a)
{
	if (a->w[1] || a->w[2] || a->w[3])
		return ERR_USAGE;
	*out = a->w[0];
	return 0;
}

void u256_max(struct u256 *r)
{
	for (int i = 0; i < 4; i++)
		r->w[i] = UINT64_MAX;
}

void u256_from_be(struct u256 *r, const uint8_t in[32])
{
	for (int i = 0; i < 4; i++) {
		uint64_t v = 0;
		for (int j = 0; j < 8; j++)
			v = v << 8 | in[(3 - i) * 8 + j];
		r->w[i] = v;
	}
}

void u256_to_be(uint8_t out[32], const struct u256 *a)
{
	for (int i = 0; i < 4; i++) {
		uint64_t v = a->w[i];
		for (int j = 7; j >= 0; j--) {
			out[(3 - i) * 8 + j] = (uint8_t)v;
			v >>= 8;
		}
	}
}

int u256_from_be_bytes(struct u256 *r, const uint8_t *in, size_t len)
{
	uint8_t buf[32] = {0};
	while (len > 32) {
		if (*in)
			return ERR_USAGE;
		in++;
		len--;
	}
	if (len)
		memcpy(buf + 32 - len, in, len);
	u256_from_be(r, buf);
	return 0;
}

size_t u256_to_be_min(uint8_t out[32], const struct u256 *a)
{
	uint8_t buf[32];
	size_t skip = 0;
	u256_to_be(buf, a);
	while (skip < 32 && buf[skip] == 0)
		skip++;
	memcpy(out, buf + skip, 32 - skip);
	return 32 - skip;
}

int u256_is_zero(const struct u256 *a)
{
	return !(a->w[0] | a->w[1] | a->w[2] | a->w[3]);
}

int u256_cmp(const struct u256 *a, const struct u256 *b)
{
	for (int i = 3; i >= 0; i--) {
		if (a->w[i] != b->w[i])
			return a->w[i] < b->w[i] ? -1 : 1;
	}
	return 0;
}

unsigned u256_bits(const struct u256 *a)
{
	for (int i = 3; i >= 0; i--) {
		if (a->w[i]) {
			unsigned n = 64;
			uint64_t v = a->w[i];
			while (!(v >> 63)) {
				v <<= 1;
				n--;
			}
			return (unsigned)i * 64 + n;
		}
	}
	return 0;
}

int u256_bit(const struct u256 *a, unsigned n)
{
	if (n >= 256)
		return 0;
	return (int)(a->w[n / 64] >> (n % 64) & 1);
}

int u256_add(struct u256 *r, const struct u256 *a, const struct u256 *b)
{
	uint64_t carry = 0;
	for (int i = 0; i < 4; i++) {
		uint64_t s = a->w[i] + carry;
		uint64_t c1 = s < carry;
		uint64_t t = s + b->w[i];
		uint64_t c2 = t < s;
		r->w[i] = t;
		carry = c1 | c2;
	}
	return carry ? ERR_USAGE : 0;
}

/* r = a - b modulo 2^256; returns the final borrow. */
static uint64_t sub_wrap(struct u256 *r, const struct u256 *a, const struct u256 *b)
{
	uint64_t borrow = 0;
	for (int i = 0; i < 4; i++) {
		uint64_t x = a->w[i], y = b->w[i];
		uint64_t d = x - y - borrow;
		borrow = (x < y) | (x == y && borrow);
		r->w[i] = d;
	}
	return borrow;
}

int u256_sub(struct u256 *r, const struct u256 *a, const struct u256 *b)
{
	return sub_wrap(r, a, b) ? ERR_USAGE : 0;
}

int u256_add_u64(struct u256 *r, const struct u256 *a, uint64_t b)
{
	struct u256 t;
	u256_from_u64(&t, b);
	return u256_add(r, a, &t);
}

/* 64 x 64 -> 128 bits from 32-bit halves. */
static uint64_t mul64(uint64_t a, uint64_t b, uint64_t *hi)
{
	uint64_t al = a & 0xffffffffu, ah = a >> 32;
	uint64_t bl = b & 0xffffffffu, bh = b >> 32;
	uint64_t ll = al * bl, lh = al * bh, hl = ah * bl, hh = ah * bh;
	uint64_t mid = (ll >> 32) + (lh & 0xffffffffu) + (hl & 0xffffffffu);
	*hi = hh + (lh >> 32) + (hl >> 32) + (mid >> 32);
	return (mid << 32) | (ll & 0xffffffffu);
}

int u256_mul_u64(struct u256 *r, const struct u256 *a, uint64_t b)
{
	struct u256 b256;
	u256_from_u64(&b256, b);
	return u256_mul(r, a, &b256);
}

int u256_mul(struct u256 *r, const struct u256 *a, const struct u256 *b)
{
	uint64_t res[8] = {0};
	for (int i = 0; i < 4; i++) {
		uint64_t carry = 0;
		if (!a->w[i])
			continue;
		for (int j = 0; j < 4; j++) {
			uint64_t hi, lo = mul64(a->w[i], b->w[j], &hi);
			uint64_t t = res[i + j] + lo;
			hi += t < lo;
			t += carry;
			hi += t < carry;
			res[i + j] = t;
			carry = hi;
		}
		res[i + 4] = carry;
	}
	memcpy(r->w, res, sizeof r->w);
	return (res[4] | res[5] | res[6] | res[7]) ? ERR_USAGE : 0;
}

void u256_shl(struct u256 *r, const struct u256 *a, unsigned n)
{
	struct u256 t;
	u256_zero(&t);
	if (n < 256) {
		unsigned limbs = n / 64, bits = n % 64;
		for (int i = 3; i >= (int)limbs; i--) {
			uint64_t v = a->w[i - limbs] << bits;
			if (bits && i - (int)limbs - 1 >= 0)
				v |= a->w[i - limbs - 1] >> (64 - bits);
			t.w[i] = v;
		}
	}
	*r = t;
}

void u256_shr(struct u256 *r, const struct u256 *a, unsigned n)
{
	struct u256 t;
	u256_zero(&t);
	if (n < 256) {
		unsigned limbs = n / 64, bits = n % 64;
		for (unsigned i = 0; i + limbs < 4; i++) {
			uint64_t v = a->w[i + limbs] >> bits;
			if (bits && i + limbs + 1 < 4)
				v |= a->w[i + limbs + 1] << (64 - bits);
			t.w[i] = v;
		}
	}
	*r = t;
}

void u256_not(struct u256 *r, const struct u256 *a)
{
	for (int i = 0; i < 4; i++)
		r->w[i] = ~a->w[i];
}

void u256_neg(struct u256 *r, const struct u256 *a)
{
	struct u256 zero;
	u256_zero(&zero);
	sub_wrap(r, &zero, a);
}

int u256_divmod(struct u256 *q, struct u256 *rem, const struct u256 *a, const struct u256 *d)
{
	struct u256 quo, r, num = *a, den = *d;
	if (u256_is_zero(&den))
		return ERR_USAGE;
	u256_zero(&quo);
	u256_zero(&r);
	/* schoolbook binary long division, from the top significant bit */
	for (int i = (int)u256_bits(&num) - 1; i >= 0; i--) {
		int top = u256_bit(&r, 255);
		u256_shl(&r, &r, 1);
		r.w[0] |= (uint64_t)u256_bit(&num, (unsigned)i);
		if (top || u256_cmp(&r, &den) >= 0) {
			sub_wrap(&r, &r, &den); /* wraps back into range when top was set */
			quo.w[i / 64] |= (uint64_t)1 << (i % 64);
		}
	}
	if (q)
		*q = quo;
	if (rem)
		*rem = r;
	return 0;
}

int u256_divmod_u64(struct u256 *q, uint64_t *rem, const struct u256 *a, uint64_t d)
{
	if (d == 0)
		return ERR_USAGE;
	if (d <= 0xffffffffu) {
		struct u256 quo;
		uint64_t r = 0;
		for (int i = 3; i >= 0; i--) {
			uint64_t hi = (r << 32) | (a->w[i] >> 32);
			uint64_t qh = hi / d;
			r = hi % d;
			uint64_t lo = (r << 32) | (a->w[i] & 0xffffffffu);
			uint64_t ql = lo / d;
			r = lo % d;
			quo.w[i] = qh << 32 | ql;
		}
		if (q)
			*q = quo;
		if (rem)
			*rem = r;
		return 0;
	}
	struct u256 dd, quo, r;
	u256_from_u64(&dd, d);
	if (u256_divmod(&quo, &r, a, &dd))
		return ERR_USAGE;
	if (q)
		*q = quo;
	if (rem)
		*rem = r.w[0];
	return 0;
}

int u256_pow10(struct u256 *r, unsigned n)
{
	struct u256 t;
	if (n > 77)
		return ERR_USAGE;
	u256_from_u64(&t, 1);
	for (unsigned i = 0; i < n; i++)
		if (u256_mul_u64(&t, &t, 10))
			return ERR_USAGE;
	*r = t;
	return 0;
}

/* The quoted start of s for messages: at most 40 characters. */
#define QUOTE_MAX 40

int u256_parse_dec(struct u256 *r, const char *s, struct error *e)
{
	struct u256 t;
	u256_zero(&t);
	if (!*s)
		return error_set(e, ERR_USAGE, "empty number");
	for (const char *p = s; *p; p++) {
		if (*p < '0' || *p > '9')
			return error_set(e, ERR_USAGE, "'%.*s' is not a decimal number", QUOTE_MAX, s);
		if (u256_mul_u64(&t, &t, 10) || u256_add_u64(&t, &t, (uint64_t)(*p - '0')))
			return error_set(e, ERR_USAGE, "'%.*s' is more than 2^256-1", QUOTE_MAX, s);
	}
	*r = t;
	return 0;
}

int u256_parse_hex(struct u256 *r, const char *s, struct error *e)
{
	struct u256 t;
	const char *p = s;
	u256_zero(&t);
	if (p[0] != '0' || (p[1] != 'x' && p[1] != 'X'))
		return error_set(e, ERR_USAGE, "'%.*s' does not start with 0x", QUOTE_MAX, s);
	p += 2;
	if (!*p)
		return error_set(e, ERR_USAGE, "'%.*s' has no digits", QUOTE_MAX, s);
	for (; *p; p++) {
		int v = hex_digit(*p);
		if (v < 0)
			return error_set(e, ERR_USAGE, "'%.*s' is not a hex number", QUOTE_MAX, s);
		if (t.w[3] >> 60)
			return error_set(e, ERR_USAGE, "'%.*s' is more than 2^256-1", QUOTE_MAX, s);
		u256_shl(&t, &t, 4);
		t.w[0] |= (uint64_t)v;
	}
	*r = t;
	return 0;
}

int u256_parse(struct u256 *r, const char *s, struct error *e)
{
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		return u256_parse_hex(r, s, e);
	return u256_parse_dec(r, s, e);
}

int u256_format_dec(char *out, size_t out_size, const struct u256 *a)
{
	char buf[U256_DEC_MAX];
	size_t n = 0;
	struct u256 t = *a;
	/* peel 9 digits at a time: 10^9 fits the fast 32-bit divisor path */
	do {
		uint64_t chunk;
		if (u256_divmod_u64(&t, &chunk, &t, 1000000000u))
			return ERR_FAIL;
		for (int i = 0; i < 9; i++) {
			buf[n++] = (char)('0' + chunk % 10);
			chunk /= 10;
			if (u256_is_zero(&t) && chunk == 0)
				break;
		}
	} while (!u256_is_zero(&t));
	if (n + 1 > out_size) {
		if (out_size)
			out[0] = '\0';
		return ERR_USAGE;
	}
	for (size_t i = 0; i < n; i++)
		out[i] = buf[n - 1 - i];
	out[n] = '\0';
	return 0;
}

int u256_format_hex(char *out, size_t out_size, const struct u256 *a)
{
	static const char digits[] = "0123456789abcdef";
	char buf[64];
	size_t n = 0;
	for (int i = 3; i >= 0; i--)
		for (int sh = 60; sh >= 0; sh -= 4) {
			int d = (int)(a->w[i] >> sh & 15);
			if (d || n)
				buf[n++] = digits[d];
		}
	if (!n)
		buf[n++] = '0';
	if (n + 3 > out_size) {
		if (out_size)
			out[0] = '\0';
		return ERR_USAGE;
	}
	out[0] = '0';
	out[1] = 'x';
	memcpy(out + 2, buf, n);
	out[n + 2] = '\0';
	return 0;
}
