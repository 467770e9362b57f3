/* Hexadecimal encoding. */
#ifndef DEPINCTL_HEX_H
#define DEPINCTL_HEX_H

#include <stddef.h>
#include <stdint.h>
#include "error.h"

/* The value of one hex digit (either case), or -1. */
int hex_digit(char c);
/* Writes 2*len lower-case digits and a NUL to out (out_size >= 2*len+1). */
void hex_encode(char *out, size_t out_size, const uint8_t *in, size_t len);
/* Decodes hex (an optional 0x prefix, either case) into out; *out_len gets the
 * byte count. Fails on odd length, a non-hex digit, or more than out_size bytes. */
int hex_decode(uint8_t *out, size_t out_size, size_t *out_len, const char *in) WUR;
/* Decodes exactly want bytes; fails on any other length. */
int hex_decode_exact(uint8_t *out, size_t want, const char *in) WUR;

#endif
