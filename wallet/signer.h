/* Signing primitives: secp256k1 ECDSA as Ethereum uses it (recoverable,
 * r || s || v) and Ed25519 as Solana uses it. Digests are computed by the
 * caller (chains/evm/eip191.h, chains/evm/eip712.h, transaction encoders). */
#ifndef DEPINCTL_SIGNER_H
#define DEPINCTL_SIGNER_H

#include <stddef.h>
#include <stdint.h>
#include "error.h"

/* Signs a 32-byte digest: RFC 6979 deterministic nonce (libsecp256k1's
 * default), low s, output r || s || v with v = 27 + recovery id, as
 * personal_sign and eth_signTypedData return it. ERR_USAGE for a secret key
 * that is zero or not below the group order. */
int signer_secp256k1_sign(uint8_t sig[65], const uint8_t seckey[32], const uint8_t digest[32]) WUR;

/* Recovers the public key (uncompressed X || Y, no 0x04 prefix) that made
 * sig over digest. Accepts v in {0, 1, 27, 28}; ERR_USAGE for another v, a
 * high s (EIP-2) or r, s out of range; ERR_REFUSED when no key recovers. */
int signer_secp256k1_recover(uint8_t pub64[64], const uint8_t sig[65], const uint8_t digest[32],
			     struct error *e) WUR;

/* Ed25519 (RFC 8032) from a 32-byte seed; the expanded secret key lives in
 * sodium_malloc'd memory and is wiped. ERR_FAIL if libsodium cannot start. */
int signer_ed25519_sign(uint8_t sig[64], const uint8_t seed[32], const uint8_t *msg, size_t msg_len) WUR;

/* 0 when sig is pubkey's signature of msg, else ERR_REFUSED. */
int signer_ed25519_verify(const uint8_t sig[64], const uint8_t pubkey[32], const uint8_t *msg,
			  size_t msg_len) WUR;

#endif
