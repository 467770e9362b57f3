/* Solana's compact-u16 ("short_vec" length): 7 bits a byte, least
 * significant first, the high bit set on every byte but the last; 1 to 3
 * bytes for 0..0xffff. */
#ifndef DEPINCTL_SOL_COMPACT_H
#define DEPINCTL_SOL_COMPACT_H

#include <stddef.h>
#include <stdint.h>
#include "error.h"

#define SOL_COMPACT_U16_MAX 3 /* bytes */

/* Writes v into out; returns the byte count (1..3). */
size_t sol_compact_u16_encode(uint8_t out[SOL_COMPACT_U16_MAX], uint16_t v);

/* Reads one compact-u16 from in; *used gets its byte count. Refuses, as the
 * Solana runtime does, a truncated value, a non-canonical one (a last byte of
 * zero after the first: 80 00), a third byte that continues or holds more
 * than 2 bits (a value above 0xffff). ERR_USAGE with a message. */
int sol_compact_u16_decode(uint16_t *v, size_t *used, const uint8_t *in, size_t len,
			   struct error *e) WUR;

#endif
