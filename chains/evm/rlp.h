/* RLP, Ethereum's Recursive Length Prefix serialization (yellow paper,
 * appendix B).
 *
 * Encoding appends to a growable buffer. The put functions do not return
 * errors: an allocation failure is remembered in the buffer (as stdio's
 * ferror does) and reported once by rlp_buf_finish, so a whole structure can
 * be written before one check.
 *
 *	struct rlp_buf b;
 *	rlp_buf_init(&b);
 *	size_t list = rlp_list_begin(&b);
 *	rlp_put_bytes(&b, "cat", 3);
 *	rlp_put_u64(&b, 1024);
 *	rlp_list_end(&b, list);
 *	if (rlp_buf_finish(&b, e)) ...; use b.data, b.len; rlp_buf_release(&b);
 *
 * Decoding is strict, for data from servers: only the canonical encoding is
 * accepted (no single byte below 0x80 wrapped as a string, no long form for
 * a length below 56, no leading zeros in a length), no item may run past its
 * parent, nothing may follow the top item, and nesting is capped at
 * RLP_MAX_DEPTH. Integers are further checked by rlp_item_u64/u256: no
 * leading zero bytes, zero is the empty string. Every failure is ERR_USAGE
 * with a message giving the byte offset. */
#ifndef DEPINCTL_RLP_H
#define DEPINCTL_RLP_H

#include <stddef.h>
#include <stdint.h>
#include "error.h"
#include "u256.h"

#define RLP_MAX_DEPTH 32

struct rlp_buf {
	uint8_t *data;
	size_t len, cap;
	int failed; /* an allocation failed; everything after it was dropped */
};

void rlp_buf_init(struct rlp_buf *b);
/* Frees the memory and re-initializes the buffer. */
void rlp_buf_release(struct rlp_buf *b);
/* 0, or ERR_FAIL if an allocation failed along the way. */
int rlp_buf_finish(const struct rlp_buf *b, struct error *e) WUR;

/* A byte string (data may be NULL when len is 0). */
void rlp_put_bytes(struct rlp_buf *b, const void *data, size_t len);
/* Integers: minimal big-endian, zero as the empty string. */
void rlp_put_u64(struct rlp_buf *b, uint64_t v);
void rlp_put_u256(struct rlp_buf *b, const struct u256 *v);
/* Appends bytes that already are RLP (an encoded item) as they are. */
void rlp_put_raw(struct rlp_buf *b, const void *data, size_t len);
/* A list: begin returns a mark, items follow, end writes the header. */
size_t rlp_list_begin(const struct rlp_buf *b);
void rlp_list_end(struct rlp_buf *b, size_t mark);

/* One decoded item. It points into the input, which must outlive it. */
struct rlp_item {
	int is_list;
	const uint8_t *payload; /* the string's bytes, or the list's encoded items */
	size_t len;		/* payload length */
	const uint8_t *raw;	/* the whole item, header included */
	size_t raw_len;
	size_t offset;		/* of raw within the top-level input, for messages */
};

/* Decodes exactly one item filling in[0..len), and checks the whole tree. */
int rlp_decode(struct rlp_item *out, const uint8_t *in, size_t len, struct error *e) WUR;

/* The items of a list, in order: *count gets their number; more than max
 * items is ERR_USAGE. */
int rlp_list_items(struct rlp_item *items, size_t max, size_t *count, const struct rlp_item *list,
		   struct error *e) WUR;

/* The number of items in a list. */
int rlp_list_count(size_t *count, const struct rlp_item *list, struct error *e) WUR;

/* A string item holding a canonical integer (what names it in messages). */
int rlp_item_u64(uint64_t *out, const struct rlp_item *it, const char *what, struct error *e) WUR;
int rlp_item_u256(struct u256 *out, const struct rlp_item *it, const char *what, struct error *e) WUR;
/* A string item of exactly n bytes, or (with allow_empty) the empty string. */
int rlp_item_fixed(const struct rlp_item *it, size_t n, int allow_empty, const char *what,
		   struct error *e) WUR;

#endif
