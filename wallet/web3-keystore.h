/* Web3 Secret Storage, version 3: the encrypted JSON key files that geth,
 * cast (`cast wallet new / import`), MetaMask and ethers.js read and write.
 *
 * A file holds an AES-128-CTR ciphertext of a secp256k1 secret key, a key
 * derived from the password by scrypt or PBKDF2-HMAC-SHA256, and a MAC,
 * keccak256(derived[16..32] || ciphertext), that tells a wrong password. */
#ifndef DEPINCTL_WEB3_KEYSTORE_H
#define DEPINCTL_WEB3_KEYSTORE_H

#include <stddef.h>
#include <stdint.h>
#include "error.h"

enum web3_kdf {
	WEB3_KDF_SCRYPT,
	WEB3_KDF_PBKDF2,
};

/* geth's "standard" scrypt cost, which web3_keystore_encrypt uses by default. */
#define WEB3_SCRYPT_N 262144
#define WEB3_SCRYPT_R 8
#define WEB3_SCRYPT_P 1
/* geth's PBKDF2 iteration count. */
#define WEB3_PBKDF2_C 262144

/* Limits web3_keystore_decrypt puts on a file's parameters, so that a
 * hostile file cannot make it allocate or spin without end. */
#define WEB3_SCRYPT_MAX_MEMORY (1ull << 30)  /* 128 * n * r bytes */
#define WEB3_SCRYPT_MAX_WORK (1ull << 25)    /* n * r * p */
#define WEB3_PBKDF2_MAX_C 10000000u

struct web3_kdf_params {
	enum web3_kdf kdf;
	uint64_t n; /* scrypt: a power of two > 1 */
	uint32_t r; /* scrypt */
	uint32_t p; /* scrypt */
	uint32_t c; /* pbkdf2: iterations */
};

/* Decrypts a v3 keystore (a NUL-terminated JSON document). Writes the
 * secret key to seckey, left-padded with zeros when the file holds fewer
 * than 32 bytes (geth's own test vectors have 31- and 30-byte keys), and
 * the length the file held to *seckey_len (which may be NULL).
 * Fails with ERR_REFUSED on a wrong password (the MAC does not match) and
 * with ERR_USAGE on a malformed file, an unsupported kdf or cipher,
 * parameters beyond the limits above, or an "address" field (optional; geth
 * writes one, cast does not) that is not the key's. seckey is wiped on
 * failure. */
int web3_keystore_decrypt(uint8_t seckey[32], size_t *seckey_len, const char *json,
			  const char *password, struct error *e) WUR;

/* Encrypts a secret key into a v3 keystore: a random salt (32 bytes), IV
 * and UUIDv4 id, an "address" field (40 lower-case hex digits, no 0x, as
 * geth writes it) and "version": 3. params NULL means scrypt with geth's
 * standard cost; tests pass a lighter one. *json_out is malloc'd (the
 * caller frees it with free(); it holds nothing secret). Fails with
 * ERR_USAGE if seckey is not a valid secp256k1 key or params are out of
 * the limits above. */
int web3_keystore_encrypt(char **json_out, const uint8_t seckey[32], const char *password,
			  const struct web3_kdf_params *params, struct error *e) WUR;

/* Reads the optional "address" field without decrypting: writes "0x" and
 * 40 lower-case hex digits (out_size >= 43); nothing checks it against the
 * key until the file is decrypted. ERR_NOTFOUND when the file
 * has none (cast writes none), ERR_USAGE when it is malformed. */
int web3_keystore_address(char *out, size_t out_size, const char *json, struct error *e) WUR;

#endif
