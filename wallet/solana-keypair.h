/* solana-keygen keypair files: a JSON array of 64 integers 0..255, the
 * 32-byte ed25519 seed followed by its 32-byte public key (what
 * `solana-keygen new -o FILE` writes and @solana/web3.js's
 * Keypair.secretKey holds). */
#ifndef DEPINCTL_SOLANA_KEYPAIR_H
#define DEPINCTL_SOLANA_KEYPAIR_H

#include <stdint.h>
#include "error.h"

/* Parses a keypair file (NUL-terminated) strictly: '[', exactly 64
 * decimal integers 0..255 separated by commas, ']', with JSON whitespace
 * anywhere between and nothing else. Checks that the public half is the one
 * the seed derives, else ERR_USAGE. Writes the seed; wiped on failure.
 * Messages name positions, never values. */
int solana_keypair_parse(uint8_t seed[32], const char *json, struct error *e) WUR;

/* Formats a seed as solana-keygen writes it: "[n,n,...]" with the derived
 * public key in the second half, no spaces, no newline. *out is malloc'd and
 * secret: the caller wipes it (sodium_memzero(*out, strlen(*out))) before
 * free(). Fails only with ERR_FAIL when out of memory. */
int solana_keypair_format(char **out, const uint8_t seed[32]) WUR;

#endif
