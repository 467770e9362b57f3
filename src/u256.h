/* Unsigned 256-bit integers: EVM quantities (wei, gas prices, token amounts,
 * ABI words). Exact arithmetic only; every operation that can leave the
 * range 0 .. 2^256-1 reports it.
 *
 * The arithmetic functions return 0, or ERR_USAGE on overflow / underflow /
 * division by zero; on overflow the result holds the value modulo 2^256 (so
 * the wrapping result is there for two's complement work). Results may alias
 * operands. */
#ifndef DEPINCTL_U256_H
#define DEPINCTL_U256_H

#include <stddef.h>
#include <stdint.h>
#include "error.h"

/* w[0] is the least significant 64-bit limb. */
struct u256 {
	uint64_t w[4];
};

#define U256_DEC_MAX 79 /* 78 digits (2^256-1) and a NUL */
#define U256_HEX_MAX 67 /* "0x", 64 digits, a NUL */

void u256_zero(struct u256 *r);
void u256_from_u64(struct u256 *r, uint64_t v);
/* ERR_USAGE when a does not fit 64 bits. */
int u256_to_u64(uint64_t *out, const struct u256 *a) WUR;
/* The largest value, 2^256-1. */
void u256_max(struct u256 *r);

/* 32 bytes, big-endian (an ABI word). */
void u256_from_be(struct u256 *r, const uint8_t in[32]);
void u256_to_be(uint8_t out[32], const struct u256 *a);
/* Big-endian of any length; ERR_USAGE when the value needs more than 32
 * bytes (leading zero bytes are allowed). */
int u256_from_be_bytes(struct u256 *r, const uint8_t *in, size_t len) WUR;
/* Minimal big-endian (no leading zero bytes, nothing for zero, as RLP
 * writes integers); returns the byte count, 0..32. */
size_t u256_to_be_min(uint8_t out[32], const struct u256 *a);

int u256_is_zero(const struct u256 *a);
/* -1, 0 or 1 as a is below, equal to or above b. */
int u256_cmp(const struct u256 *a, const struct u256 *b);
/* The number of significant bits, 0 for zero. */
unsigned u256_bits(const struct u256 *a);
/* Bit n (0 = least significant), n < 256. */
int u256_bit(const struct u256 *a, unsigned n);

int u256_add(struct u256 *r, const struct u256 *a, const struct u256 *b) WUR;
int u256_sub(struct u256 *r, const struct u256 *a, const struct u256 *b) WUR;
int u256_add_u64(struct u256 *r, const struct u256 *a, uint64_t b) WUR;
int u256_mul_u64(struct u256 *r, const struct u256 *a, uint64_t b) WUR;
int u256_mul(struct u256 *r, const struct u256 *a, const struct u256 *b) WUR;
/* q = a / d, *rem = a % d; q or rem may be NULL. ERR_USAGE for d = 0. */
int u256_divmod_u64(struct u256 *q, uint64_t *rem, const struct u256 *a, uint64_t d) WUR;
int u256_divmod(struct u256 *q, struct u256 *rem, const struct u256 *a, const struct u256 *d) WUR;
/* 10^n; ERR_USAGE for n > 77. */
int u256_pow10(struct u256 *r, unsigned n) WUR;

/* Bitwise operations (never fail): shifts by n >= 256 give zero; neg is
 * two's complement negation modulo 2^256. */
void u256_shl(struct u256 *r, const struct u256 *a, unsigned n);
void u256_shr(struct u256 *r, const struct u256 *a, unsigned n);
void u256_not(struct u256 *r, const struct u256 *a);
void u256_neg(struct u256 *r, const struct u256 *a);

/* Decimal digits only: no sign, no spaces, no empty string; leading zeros
 * are accepted. ERR_USAGE with a message quoting (the start of) the text. */
int u256_parse_dec(struct u256 *r, const char *s, struct error *e) WUR;
/* "0x" (or "0X") and 1..n hex digits, either case; leading zeros are
 * accepted, a value past 2^256-1 is not. */
int u256_parse_hex(struct u256 *r, const char *s, struct error *e) WUR;
/* Decimal, or hex when the text starts with 0x. */
int u256_parse(struct u256 *r, const char *s, struct error *e) WUR;

/* Decimal without leading zeros ("0" for zero); ERR_USAGE when out_size is
 * too small (U256_DEC_MAX always suffices). */
int u256_format_dec(char *out, size_t out_size, const struct u256 *a) WUR;
/* Minimal lower-case hex as JSON-RPC writes quantities: "0x0", "0x1f". */
int u256_format_hex(char *out, size_t out_size, const struct u256 *a) WUR;

#endif
