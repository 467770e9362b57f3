/* One process-wide libsecp256k1 context, and the public-key helpers the
 * wallet needs. */
#ifndef DEPINCTL_SECP_H
#define DEPINCTL_SECP_H

#include <stdint.h>
#include <secp256k1.h>
#include "error.h"

/* The shared context: created on first use and randomized (side-channel
 * blinding) with 32 bytes from randombytes_buf. Not thread-safe on first
 * call; never NULL (libsecp256k1 aborts if it cannot allocate). */
const secp256k1_context *secp_context(void);
/* Destroys the shared context (for leak checkers); the next secp_context()
 * makes a new one. */
void secp_context_release(void);

/* The compressed public key (02/03 || X) of a secret key; fails with
 * ERR_USAGE if seckey is zero or not below the group order. */
int secp_pubkey33(uint8_t out[33], const uint8_t seckey[32]) WUR;
/* The uncompressed public key X || Y, without the 0x04 prefix (what an EVM
 * address hashes). */
int secp_pubkey64(uint8_t out[64], const uint8_t seckey[32]) WUR;

#endif
