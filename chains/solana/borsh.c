/* Borsh, written from the specification at borsh.io. */
#include "config.h"

#include <string.h>

#include "chains/solana/borsh.h"

void borsh_writer_init(struct borsh_writer *w, uint8_t *buf, size_t cap)
{
	w->buf = buf;
	w->cap = cap;
	w->len = 0;
	w->err = NULL;
}

static void put(struct borsh_writer *w, const uint8_t *p, size_t n)
{
	if (w->err)
		return;
	if (n > w->cap - w->len) {
		w->err = "buffer is too small";
		return;
	}
	if (n)
		memcpy(w->buf + w->len, p, n);
	w->len += n;
}

static void put_le(struct borsh_writer *w, uint64_t v, size_t n)
{
	uint8_t b[8];
	for (size_t i = 0; i < n; i++)
		b[i] = (uint8_t)(v >> (8 * i));
	put(w, b, n);
}

void borsh_write_u8(struct borsh_writer *w, uint8_t v)
{
	put_le(w, v, 1);
}

void borsh_write_u16(struct borsh_writer *w, uint16_t v)
{
	put_le(w, v, 2);
}

void borsh_write_u32(struct borsh_writer *w, uint32_t v)
{
	put_le(w, v, 4);
}

void borsh_write_u64(struct borsh_writer *w, uint64_t v)
{
	put_le(w, v, 8);
}

void borsh_write_i64(struct borsh_writer *w, int64_t v)
{
	/* two's complement, as the conversion to unsigned gives */
	put_le(w, (uint64_t)v, 8);
}

void borsh_write_u128(struct borsh_writer *w, uint64_t lo, uint64_t hi)
{
	put_le(w, lo, 8);
	put_le(w, hi, 8);
}

void borsh_write_bool(struct borsh_writer *w, bool v)
{
	put_le(w, v ? 1 : 0, 1);
}

void borsh_write_option_none(struct borsh_writer *w)
{
	put_le(w, 0, 1);
}

void borsh_write_option_some(struct borsh_writer *w)
{
	put_le(w, 1, 1);
}

void borsh_write_fixed(struct borsh_writer *w, const uint8_t *p, size_t n)
{
	put(w, p, n);
}

void borsh_write_vec(struct borsh_writer *w, const uint8_t *p, size_t n)
{
	if (!w->err && n > UINT32_MAX)
		w->err = "vector is longer than a u32 length";
	put_le(w, n, 4);
	put(w, p, n);
}

void borsh_write_string(struct borsh_writer *w, const char *s)
{
	size_t n = strlen(s);
	if (!w->err && !borsh_utf8_valid((const uint8_t *)s, n))
		w->err = "string is not valid UTF-8";
	borsh_write_vec(w, (const uint8_t *)s, n);
}

int borsh_writer_finish(size_t *len, const struct borsh_writer *w, struct error *e)
{
	if (w->err) {
		if (len)
			*len = 0;
		return error_set(e, ERR_USAGE, "borsh encoding failed: %s", w->err);
	}
	if (len)
		*len = w->len;
	return ERR_OK;
}

void borsh_reader_init(struct borsh_reader *r, const uint8_t *p, size_t len)
{
	r->p = p;
	r->len = len;
	r->pos = 0;
	r->err = NULL;
	r->err_pos = 0;
}

static int fail(struct borsh_reader *r, const char *what)
{
	if (!r->err) {
		r->err = what;
		r->err_pos = r->pos;
	}
	return ERR_USAGE;
}

/* Points *p at the next n bytes and moves past them. */
static int take(struct borsh_reader *r, const uint8_t **p, size_t n, const char *what)
{
	if (r->err)
		return ERR_USAGE;
	if (n > r->len - r->pos)
		return fail(r, what);
	*p = r->p + r->pos;
	r->pos += n;
	return ERR_OK;
}

static int get_le(struct borsh_reader *r, uint64_t *v, size_t n, const char *what)
{
	const uint8_t *p;
	*v = 0;
	if (take(r, &p, n, what))
		return ERR_USAGE;
	for (size_t i = 0; i < n; i++)
		*v |= (uint64_t)p[i] << (8 * i);
	return ERR_OK;
}

int borsh_read_u8(struct borsh_reader *r, uint8_t *v)
{
	uint64_t x;
	int rc = get_le(r, &x, 1, "u8 is truncated");
	*v = (uint8_t)x;
	return rc;
}

int borsh_read_u16(struct borsh_reader *r, uint16_t *v)
{
	uint64_t x;
	int rc = get_le(r, &x, 2, "u16 is truncated");
	*v = (uint16_t)x;
	return rc;
}

int borsh_read_u32(struct borsh_reader *r, uint32_t *v)
{
	uint64_t x;
	int rc = get_le(r, &x, 4, "u32 is truncated");
	*v = (uint32_t)x;
	return rc;
}

int borsh_read_u64(struct borsh_reader *r, uint64_t *v)
{
	return get_le(r, v, 8, "u64 is truncated");
}

int borsh_read_i64(struct borsh_reader *r, int64_t *v)
{
	uint64_t x;
	int rc = get_le(r, &x, 8, "i64 is truncated");
	/* two's complement back to signed without implementation-defined casts */
	if (x <= (uint64_t)INT64_MAX)
		*v = (int64_t)x;
	else
		*v = -(int64_t)(~x) - 1;
	return rc;
}

int borsh_read_u128(struct borsh_reader *r, uint64_t *lo, uint64_t *hi)
{
	int rc = get_le(r, lo, 8, "u128 is truncated");
	rc |= get_le(r, hi, 8, "u128 is truncated");
	if (rc) {
		*lo = *hi = 0;
		return ERR_USAGE;
	}
	return ERR_OK;
}

static int read_tag(struct borsh_reader *r, bool *v, const char *trunc, const char *bad)
{
	uint64_t x;
	*v = false;
	if (get_le(r, &x, 1, trunc))
		return ERR_USAGE;
	if (x > 1) {
		r->pos--;
		return fail(r, bad);
	}
	*v = x == 1;
	return ERR_OK;
}

int borsh_read_bool(struct borsh_reader *r, bool *v)
{
	return read_tag(r, v, "bool is truncated", "bool is neither 0 nor 1");
}

int borsh_read_option(struct borsh_reader *r, bool *some)
{
	return read_tag(r, some, "option tag is truncated", "option tag is neither 0 nor 1");
}

int borsh_read_fixed(struct borsh_reader *r, uint8_t *out, size_t n)
{
	const uint8_t *p;
	if (take(r, &p, n, "fixed array is truncated")) {
		memset(out, 0, n);
		return ERR_USAGE;
	}
	memcpy(out, p, n);
	return ERR_OK;
}

int borsh_read_vec(struct borsh_reader *r, const uint8_t **p, size_t *n)
{
	uint64_t len;
	*p = NULL;
	*n = 0;
	if (get_le(r, &len, 4, "length is truncated"))
		return ERR_USAGE;
	if (take(r, p, (size_t)len, "vector is longer than the data left")) {
		*p = NULL;
		return ERR_USAGE;
	}
	*n = (size_t)len;
	return ERR_OK;
}

int borsh_read_string(struct borsh_reader *r, char *out, size_t out_size)
{
	const uint8_t *p;
	size_t n;
	if (out_size)
		out[0] = '\0';
	if (borsh_read_vec(r, &p, &n))
		return ERR_USAGE;
	if (n >= out_size || !borsh_utf8_valid(p, n) || memchr(p, 0, n)) {
		r->pos -= n + 4;
		return fail(r, n >= out_size ? "string is too long" : "string is not valid UTF-8 text");
	}
	memcpy(out, p, n);
	out[n] = '\0';
	return ERR_OK;
}

int borsh_reader_end(const struct borsh_reader *r, struct error *e)
{
	if (r->err)
		return error_set(e, ERR_USAGE, "borsh data of %zu bytes: %s at byte %zu", r->len, r->err,
				 r->err_pos);
	if (r->pos != r->len)
		return error_set(e, ERR_USAGE, "borsh data of %zu bytes: %zu trailing bytes", r->len,
				 r->len - r->pos);
	return ERR_OK;
}

bool borsh_utf8_valid(const uint8_t *p, size_t n)
{
	size_t i = 0;
	while (i < n) {
		uint8_t c = p[i];
		size_t more;
		uint32_t cp, min;
		if (c < 0x80) {
			i++;
			continue;
		} else if ((c & 0xe0) == 0xc0) {
			more = 1, cp = c & 0x1f, min = 0x80;
		} else if ((c & 0xf0) == 0xe0) {
			more = 2, cp = c & 0x0f, min = 0x800;
		} else if ((c & 0xf8) == 0xf0) {
			more = 3, cp = c & 0x07, min = 0x10000;
		} else {
			return false;
		}
		if (more > n - i - 1)
			return false;
		for (size_t k = 1; k <= more; k++) {
			if ((p[i + k] & 0xc0) != 0x80)
				return false;
			cp = (cp << 6) | (p[i + k] & 0x3f);
		}
		if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
			return false;
		i += more + 1;
	}
	return true;
}
