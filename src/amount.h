/* Token amounts as exact decimals: "1.5" with 18 decimals is
 * 1500000000000000000 base units. Never a float.
 *
 * Accepted text: decimal digits, optionally one '.' and more digits
 * ("1", "1.5", "0.000000001", "007"); ".5" is accepted and means 0.5 (it can
 * only mean that); "1." is refused (a cut-off paste looks like it). Fraction
 * digits past the token's decimals are refused unless they are all zero
 * ("1.50" for a 1-decimal token is 15 units; "1.05" is refused), so the value
 * is always exactly what was written. Refused: the empty string, signs ('-',
 * '+'), spaces anywhere, exponents ("1e-9"), ',' separators, hex, anything
 * else that is not a digit, and values past the range (2^256-1 base units,
 * or 2^64-1 for the u64 forms).
 *
 * "max" (any case) is not a number: when is_max is given, the text "max"
 * sets *is_max = 1 and the value to zero, and the caller works out the
 * amount (the whole balance less fees); when is_max is NULL "max" is refused.
 *
 * Messages quote the text (amounts are not secret), cut to 40 characters. */
#ifndef DEPINCTL_AMOUNT_H
#define DEPINCTL_AMOUNT_H

#include <stddef.h>
#include <stdint.h>
#include "error.h"
#include "u256.h"

/* Token decimals above this are refused (ERC-20 decimals() is a uint8). */
#define AMOUNT_MAX_DECIMALS 255
/* Room for any formatted amount: "0." + 255 digits, or 78 digits + '.', and a NUL. */
#define AMOUNT_FMT_MAX 260

int amount_parse(struct u256 *out, int *is_max, const char *text, unsigned decimals, struct error *e) WUR;
/* The same into a u64 (Solana lamports and SPL token units). */
int amount_parse_u64(uint64_t *out, int *is_max, const char *text, unsigned decimals, struct error *e) WUR;

/* Exact decimals without trailing zeros: "1.5", "0", "0.000000001", "42".
 * ERR_USAGE when out_size is too small (AMOUNT_FMT_MAX always suffices) or
 * decimals is past AMOUNT_MAX_DECIMALS. */
int amount_format(char *out, size_t out_size, const struct u256 *v, unsigned decimals) WUR;
int amount_format_u64(char *out, size_t out_size, uint64_t v, unsigned decimals) WUR;

#endif
