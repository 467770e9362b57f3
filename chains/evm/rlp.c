/* RLP encoder and strict decoder. */
#include "config.h"
#include "chains/evm/rlp.h"

#include <stdlib.h>
#include <string.h>

void rlp_buf_init(struct rlp_buf *b)
{
	b->data = NULL;
	b->len = b->cap = 0;
	b->failed = 0;
}

void rlp_buf_release(struct rlp_buf *b)
{
	free(b->data);
	rlp_buf_init(b);
}

int rlp_buf_finish(const struct rlp_buf *b, struct error *e)
{
	if (b->failed)
		return error_set(e, ERR_FAIL, "out of memory encoding rlp");
	return 0;
}

/* Makes room for n more bytes; 0 or -1 (and the buffer marked failed). */
static int reserve(struct rlp_buf *b, size_t n)
{
	if (b->failed)
		return -1;
	if (n > SIZE_MAX / 2 - b->len) {
		b->failed = 1;
		return -1;
	}
	if (b->len + n > b->cap) {
		size_t cap = b->cap ? b->cap : 64;
		while (cap < b->len + n)
			cap *= 2;
		uint8_t *d = realloc(b->data, cap);
		if (!d) {
			b->failed = 1;
			return -1;
		}
		b->data = d;
		b->cap = cap;
	}
	return 0;
}

static void append(struct rlp_buf *b, const void *data, size_t len)
{
	if (!len || reserve(b, len))
		return;
	memcpy(b->data + b->len, data, len);
	b->len += len;
}

/* The header for a payload of len bytes: short form base + len, else
 * (base + 55 + byte count) and the big-endian length. Returns its size. */
static size_t header(uint8_t out[9], uint8_t base, size_t len)
{
	if (len <= 55) {
		out[0] = (uint8_t)(base + len);
		return 1;
	}
	uint8_t be[8];
	size_t n = 0;
	for (size_t v = len; v; v >>= 8)
		n++;
	for (size_t i = 0, v = len; i < n; i++, v >>= 8)
		be[n - 1 - i] = (uint8_t)v;
	out[0] = (uint8_t)(base + 55 + n);
	memcpy(out + 1, be, n);
	return 1 + n;
}

void rlp_put_bytes(struct rlp_buf *b, const void *data, size_t len)
{
	const uint8_t *d = data;
	if (len == 1 && d[0] < 0x80) {
		append(b, d, 1);
		return;
	}
	uint8_t h[9];
	size_t hn = header(h, 0x80, len);
	if (reserve(b, hn + len))
		return;
	append(b, h, hn);
	append(b, d, len);
}

void rlp_put_u256(struct rlp_buf *b, const struct u256 *v)
{
	uint8_t be[32];
	size_t n = u256_to_be_min(be, v);
	rlp_put_bytes(b, be, n);
}

void rlp_put_u64(struct rlp_buf *b, uint64_t v)
{
	struct u256 t;
	u256_from_u64(&t, v);
	rlp_put_u256(b, &t);
}

void rlp_put_raw(struct rlp_buf *b, const void *data, size_t len)
{
	append(b, data, len);
}

size_t rlp_list_begin(const struct rlp_buf *b)
{
	return b->len;
}

void rlp_list_end(struct rlp_buf *b, size_t mark)
{
	uint8_t h[9];
	size_t hn;
	if (b->failed)
		return;
	if (mark > b->len) {
		b->failed = 1;
		return;
	}
	hn = header(h, 0xc0, b->len - mark);
	if (reserve(b, hn))
		return;
	memmove(b->data + mark + hn, b->data + mark, b->len - mark);
	memcpy(b->data + mark, h, hn);
	b->len += hn;
}

/* ---- decoding ---- */

/* Reads the item at in[pos..end): checks its header and bounds (not its
 * children). base is the offset of `in` in the top-level input. */
static int read_item(struct rlp_item *it, const uint8_t *in, size_t pos, size_t end, size_t base,
		     struct error *e)
{
	size_t avail = end - pos, off = base + pos, hn, plen;
	const uint8_t *p = in + pos;
	uint8_t b0;
	int is_list;

	if (avail == 0)
		return error_set(e, ERR_USAGE, "rlp: an item is missing at byte %zu", off);
	b0 = p[0];
	if (b0 < 0x80) {
		is_list = 0;
		hn = 0;
		plen = 1;
	} else if (b0 <= 0xb7 || (b0 >= 0xc0 && b0 <= 0xf7)) {
		is_list = b0 >= 0xc0;
		hn = 1;
		plen = (size_t)(b0 - (is_list ? 0xc0 : 0x80));
	} else {
		size_t ll = (size_t)(b0 - (b0 >= 0xf8 ? 0xf7 : 0xb7));
		is_list = b0 >= 0xf8;
		if (ll > sizeof(size_t) || ll + 1 > avail)
			return error_set(e, ERR_USAGE, "rlp: the length at byte %zu runs past the end", off);
		if (p[1] == 0)
			return error_set(e, ERR_USAGE, "rlp: the length at byte %zu has a leading zero", off);
		plen = 0;
		for (size_t i = 0; i < ll; i++)
			plen = plen << 8 | p[1 + i];
		if (plen <= 55)
			return error_set(e, ERR_USAGE, "rlp: the long length %zu at byte %zu should be in the short form",
					 plen, off);
		hn = 1 + ll;
	}
	if (plen > avail - hn)
		return error_set(e, ERR_USAGE, "rlp: the %s at byte %zu (%zu bytes) runs past the end",
				 is_list ? "list" : "string", off, plen);
	if (!is_list && hn == 1 && plen == 1 && p[1] < 0x80)
		return error_set(e, ERR_USAGE, "rlp: the byte 0x%02x at byte %zu should be encoded as itself", p[1],
				 off);
	it->is_list = is_list;
	it->payload = p + hn;
	it->len = plen;
	it->raw = p;
	it->raw_len = hn + plen;
	it->offset = off;
	return 0;
}

static int check_tree(const struct rlp_item *it, int depth, struct error *e)
{
	size_t pos = 0;
	if (!it->is_list)
		return 0;
	if (depth >= RLP_MAX_DEPTH)
		return error_set(e, ERR_USAGE, "rlp: lists nest deeper than %d at byte %zu", RLP_MAX_DEPTH, it->offset);
	while (pos < it->len) {
		struct rlp_item child;
		size_t base = it->offset + (size_t)(it->payload - it->raw);
		int rc = read_item(&child, it->payload, pos, it->len, base, e);
		if (rc)
			return rc;
		rc = check_tree(&child, depth + 1, e);
		if (rc)
			return rc;
		pos += child.raw_len;
	}
	return 0;
}

int rlp_decode(struct rlp_item *out, const uint8_t *in, size_t len, struct error *e)
{
	int rc = read_item(out, in, 0, len, 0, e);
	if (rc)
		return rc;
	if (out->raw_len != len)
		return error_set(e, ERR_USAGE, "rlp: %zu trailing byte%s after the item", len - out->raw_len,
				 len - out->raw_len == 1 ? "" : "s");
	return check_tree(out, 0, e);
}

int rlp_list_items(struct rlp_item *items, size_t max, size_t *count, const struct rlp_item *list,
		   struct error *e)
{
	size_t pos = 0, n = 0;
	size_t base = list->offset + (size_t)(list->payload - list->raw);
	*count = 0;
	if (!list->is_list)
		return error_set(e, ERR_USAGE, "rlp: expected a list at byte %zu, found a string", list->offset);
	while (pos < list->len) {
		struct rlp_item it;
		int rc = read_item(&it, list->payload, pos, list->len, base, e);
		if (rc)
			return rc;
		if (n == max)
			return error_set(e, ERR_USAGE, "rlp: the list at byte %zu has more than %zu items", list->offset,
					 max);
		items[n++] = it;
		pos += it.raw_len;
	}
	*count = n;
	return 0;
}

int rlp_list_count(size_t *count, const struct rlp_item *list, struct error *e)
{
	size_t pos = 0, n = 0;
	size_t base = list->offset + (size_t)(list->payload - list->raw);
	*count = 0;
	if (!list->is_list)
		return error_set(e, ERR_USAGE, "rlp: expected a list at byte %zu, found a string", list->offset);
	while (pos < list->len) {
		struct rlp_item it;
		int rc = read_item(&it, list->payload, pos, list->len, base, e);
		if (rc)
			return rc;
		n++;
		pos += it.raw_len;
	}
	*count = n;
	return 0;
}

static int int_bytes(const struct rlp_item *it, size_t max, const char *what, struct error *e)
{
	if (it->is_list)
		return error_set(e, ERR_USAGE, "rlp: %s at byte %zu is a list, not an integer", what, it->offset);
	if (it->len > max)
		return error_set(e, ERR_USAGE, "rlp: %s at byte %zu is longer than %zu bytes", what, it->offset, max);
	if (it->len && it->payload[0] == 0)
		return error_set(e, ERR_USAGE, "rlp: %s at byte %zu has a leading zero", what, it->offset);
	return 0;
}

int rlp_item_u64(uint64_t *out, const struct rlp_item *it, const char *what, struct error *e)
{
	uint64_t v = 0;
	int rc = int_bytes(it, 8, what, e);
	if (rc)
		return rc;
	for (size_t i = 0; i < it->len; i++)
		v = v << 8 | it->payload[i];
	*out = v;
	return 0;
}

int rlp_item_u256(struct u256 *out, const struct rlp_item *it, const char *what, struct error *e)
{
	int rc = int_bytes(it, 32, what, e);
	if (rc)
		return rc;
	return u256_from_be_bytes(out, it->payload, it->len);
}

int rlp_item_fixed(const struct rlp_item *it, size_t n, int allow_empty, const char *what, struct error *e)
{
	if (it->is_list)
		return error_set(e, ERR_USAGE, "rlp: %s at byte %zu is a list", what, it->offset);
	if (it->len == n || (allow_empty && it->len == 0))
		return 0;
	return error_set(e, ERR_USAGE, "rlp: %s at byte %zu has %zu bytes, not %zu", what, it->offset, it->len, n);
}
