/* Borsh (borsh.io), the encoding of Solana programs' instruction data and
 * accounts (Anchor uses it): little-endian integers, bool as one byte 0/1,
 * Option as a tag byte 0/1 and the value, fixed arrays as their bytes,
 * Vec<u8> and String as a u32 length and the bytes (String in UTF-8).
 *
 * The writer and the reader keep the first error and ignore later calls, so
 * a sequence of writes is checked once at the end (borsh_writer_finish,
 * borsh_reader_end). */
#ifndef DEPINCTL_SOL_BORSH_H
#define DEPINCTL_SOL_BORSH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "error.h"

struct borsh_writer {
	uint8_t *buf;
	size_t cap;
	size_t len;
	const char *err; /* the first failure, NULL while all went well */
};

/* Writes into buf (cap bytes); nothing is allocated. */
void borsh_writer_init(struct borsh_writer *w, uint8_t *buf, size_t cap);
void borsh_write_u8(struct borsh_writer *w, uint8_t v);
void borsh_write_u16(struct borsh_writer *w, uint16_t v);
void borsh_write_u32(struct borsh_writer *w, uint32_t v);
void borsh_write_u64(struct borsh_writer *w, uint64_t v);
void borsh_write_i64(struct borsh_writer *w, int64_t v);
/* u128 given as its low and high 64 bits. */
void borsh_write_u128(struct borsh_writer *w, uint64_t lo, uint64_t hi);
void borsh_write_bool(struct borsh_writer *w, bool v);
/* Option: the tag alone; after option_some write the value. */
void borsh_write_option_none(struct borsh_writer *w);
void borsh_write_option_some(struct borsh_writer *w);
/* A fixed-size array ([u8; N], a public key): the bytes, no length. */
void borsh_write_fixed(struct borsh_writer *w, const uint8_t *p, size_t n);
/* Vec<u8>: u32 length, the bytes. */
void borsh_write_vec(struct borsh_writer *w, const uint8_t *p, size_t n);
/* String: u32 length, the bytes; s must be valid UTF-8. */
void borsh_write_string(struct borsh_writer *w, const char *s);
/* 0 and *len = bytes written, or ERR_USAGE (buffer too small, a string that
 * is not UTF-8, a length above u32). len may be NULL. */
int borsh_writer_finish(size_t *len, const struct borsh_writer *w, struct error *e) WUR;

struct borsh_reader {
	const uint8_t *p;
	size_t len;
	size_t pos;
	const char *err; /* the first failure */
	size_t err_pos;  /* where it happened */
};

void borsh_reader_init(struct borsh_reader *r, const uint8_t *p, size_t len);
/* Each read returns 0, or ERR_USAGE when the data is short or malformed
 * (then *v is zeroed and every later read fails too). */
int borsh_read_u8(struct borsh_reader *r, uint8_t *v) WUR;
int borsh_read_u16(struct borsh_reader *r, uint16_t *v) WUR;
int borsh_read_u32(struct borsh_reader *r, uint32_t *v) WUR;
int borsh_read_u64(struct borsh_reader *r, uint64_t *v) WUR;
int borsh_read_i64(struct borsh_reader *r, int64_t *v) WUR;
int borsh_read_u128(struct borsh_reader *r, uint64_t *lo, uint64_t *hi) WUR;
/* Refuses a byte other than 0 or 1. */
int borsh_read_bool(struct borsh_reader *r, bool *v) WUR;
/* An Option's tag: *some is true for 1; refuses a tag other than 0 or 1. */
int borsh_read_option(struct borsh_reader *r, bool *some) WUR;
/* Copies n bytes. */
int borsh_read_fixed(struct borsh_reader *r, uint8_t *out, size_t n) WUR;
/* Vec<u8>: *p points into the reader's data (no copy), *n its length. */
int borsh_read_vec(struct borsh_reader *r, const uint8_t **p, size_t *n) WUR;
/* String into out with a NUL; refuses invalid UTF-8, an embedded NUL, or
 * a string of out_size bytes or more. */
int borsh_read_string(struct borsh_reader *r, char *out, size_t out_size) WUR;
/* 0 when every read succeeded and all the data was read; else ERR_USAGE with
 * "borsh data ...: what failed at byte N" or "N trailing bytes". */
int borsh_reader_end(const struct borsh_reader *r, struct error *e) WUR;

/* True when p[0..n) is well-formed UTF-8 (no overlong forms, surrogates or
 * code points above U+10FFFF), as Rust's String requires. */
bool borsh_utf8_valid(const uint8_t *p, size_t n);

#endif
