/* Base58 (Bitcoin alphabet), as Solana addresses and BIP32 extended keys use. */
#ifndef DEPINCTL_BASE58_H
#define DEPINCTL_BASE58_H

#include <stddef.h>
#include <stdint.h>
#include "error.h"

/* Encodes len bytes into out with a NUL; fails if out_size is too small. */
int base58_encode(char *out, size_t out_size, const uint8_t *in, size_t len) WUR;
/* Decodes a NUL-terminated string; *out_len gets the byte count. Fails on a
 * character outside the alphabet or more than out_size bytes. */
int base58_decode(uint8_t *out, size_t out_size, size_t *out_len, const char *in) WUR;
/* Base58Check: payload followed by the first 4 bytes of SHA-256(SHA-256(payload)). */
int base58check_encode(char *out, size_t out_size, const uint8_t *in, size_t len) WUR;
int base58check_decode(uint8_t *out, size_t out_size, size_t *out_len, const char *in) WUR;

#endif
