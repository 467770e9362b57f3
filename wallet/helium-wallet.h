/* helium-wallet-rs wallet files (the `helium-wallet` CLI's wallet.key).
 *
 * The layout, as helium-wallet-rs's helium-wallet/src/wallet.rs,
 * format.rs and pwhash.rs read and write it (integers little-endian):
 *
 *   u16  kind     0x0001 / 0x0002 / 0x0003 basic v1 / v2 / v3,
 *                 0x0101 / 0x0102 / 0x0103 sharded (Shamir) v1 / v2 / v3
 *   u8   pwhash   v2 and v3 only: 0 PBKDF2-HMAC-SHA256, 1 Argon2id
 *                 (v1 is always PBKDF2)
 *   sharded only: u8 share count, u8 threshold, 33-byte key share
 *   public key    v3: the 32-byte ed25519 key (a Solana address);
 *                 v1 / v2: a helium key tag byte (network << 4 | type:
 *                 0 ecc_compact, 1 ed25519, 3 secp256k1; network 0 main,
 *                 1 test) and 32 key bytes
 *   12 bytes      AES-GCM IV
 *   pwhash params PBKDF2: 8-byte salt, u32 iterations;
 *                 Argon2id: 16-byte salt, u32 memlimit (bytes), u32 opslimit
 *   16 bytes      AES-GCM tag
 *   the rest      AES-256-GCM ciphertext, with the clear public key (v3:
 *                 its 32 bytes; v1 / v2: tag byte and 32 bytes) as the
 *                 associated data; the plaintext is the 64-byte ed25519
 *                 secret key (seed || public key), preceded in v1 / v2 by
 *                 the key tag byte.
 *
 * The AES key is PBKDF2-HMAC-SHA256(password, salt, iterations, 32) or
 * libsodium's crypto_pwhash Argon2id13 (password, salt, opslimit, memlimit).
 * helium-wallet creates v3 basic wallets with Argon2id at libsodium's
 * "sensitive" limits (opslimit 4, memlimit 1 GiB). */
#ifndef DEPINCTL_HELIUM_WALLET_H
#define DEPINCTL_HELIUM_WALLET_H

#include <stddef.h>
#include <stdint.h>
#include "error.h"

enum helium_pwhash {
	HELIUM_PWHASH_PBKDF2 = 0,
	HELIUM_PWHASH_ARGON2ID = 1,
};

/* helium-wallet's defaults. */
#define HELIUM_PBKDF2_ITERATIONS 1000000u
#define HELIUM_ARGON2_OPSLIMIT 4u
#define HELIUM_ARGON2_MEMLIMIT (1u << 30)

/* Limits helium_wallet_decrypt puts on a file's parameters. */
#define HELIUM_PBKDF2_MAX_ITERATIONS 10000000u
#define HELIUM_ARGON2_MAX_OPSLIMIT 64u
#define HELIUM_ARGON2_MAX_MEMLIMIT (1u << 30)

struct helium_wallet_kdf {
	enum helium_pwhash pwhash;
	uint32_t iterations; /* PBKDF2 */
	uint32_t opslimit;   /* Argon2id */
	uint32_t memlimit;   /* Argon2id, bytes */
};

/* Decrypts a basic wallet file (v1, v2 or v3) and writes the ed25519 seed.
 * Fails with ERR_REFUSED on a wrong password (the GCM tag does not
 * verify), with ERR_USAGE on a sharded wallet, a key that is not ed25519
 * (ecc_compact, secp256k1), an unknown kind, a truncated file or
 * parameters beyond the limits above. seed is wiped on failure. */
int helium_wallet_decrypt(uint8_t seed[32], const uint8_t *file, size_t file_len, const char *password,
			  struct error *e) WUR;

/* The public key stored in the clear, without the password; it is only
 * authenticated when the file is decrypted. */
int helium_wallet_pubkey(uint8_t pubkey[32], const uint8_t *file, size_t file_len, struct error *e) WUR;

/* Writes a basic v3 wallet, as helium-wallet does today: a random salt and
 * IV; kdf NULL means Argon2id at helium-wallet's default limits. *out is
 * malloc'd (the caller frees it; it holds nothing secret). */
int helium_wallet_encrypt(uint8_t **out, size_t *out_len, const uint8_t seed[32], const char *password,
			  const struct helium_wallet_kdf *kdf, struct error *e) WUR;

/* The ed25519 seed helium-wallet makes from a BIP39 phrase: not BIP39's
 * PBKDF2 seed, but the phrase's entropy itself. 32 bytes (24 words) are the
 * seed; 16 bytes (12 words) are repeated twice to make 32. Other lengths
 * fail with ERR_USAGE. */
int helium_wallet_seed_from_entropy(uint8_t seed[32], const uint8_t *entropy, size_t len) WUR;

/* helium-wallet's reading of its words: BIP39 English words, each may be cut
 * to its first 4 letters (the list is unique there), and a 12-word phrase
 * whose checksum bits are all zero (phrases of the old Helium hotspot app) is
 * accepted besides a valid checksum. out gets the words spelled in full and
 * single-spaced; *entropy_len 16 or 32. ERR_USAGE with the word's position. */
int helium_wallet_mnemonic(char *out, size_t out_size, uint8_t *entropy, size_t entropy_size, size_t *entropy_len,
			   const char *words, struct error *e) WUR;

#endif
