/* secp256k1 (libsecp256k1 with its recovery module) and Ed25519 (libsodium). */
#include "config.h"

#include <string.h>
#include <secp256k1.h>
#include <secp256k1_recovery.h>
#include <sodium.h>

#include "wallet/signer.h"
#include "wallet/secp.h"

int signer_secp256k1_sign(uint8_t sig[65], const uint8_t seckey[32], const uint8_t digest[32])
{
	const secp256k1_context *ctx = secp_context();
	secp256k1_ecdsa_recoverable_signature rs;
	int recid = -1;
	int rc = ERR_OK;

	if (!ctx)
		return ERR_FAIL;
	if (!secp256k1_ec_seckey_verify(ctx, seckey))
		return ERR_USAGE;
	/* NULL nonce function: RFC 6979 with HMAC-SHA256; the result is low-s. */
	if (!secp256k1_ecdsa_sign_recoverable(ctx, &rs, digest, seckey, NULL, NULL)) {
		rc = ERR_FAIL;
		goto out;
	}
	secp256k1_ecdsa_recoverable_signature_serialize_compact(ctx, sig, &recid, &rs);
	if (recid < 0 || recid > 3) {
		rc = ERR_FAIL;
		goto out;
	}
	sig[64] = (uint8_t)(27 + recid);
out:
	sodium_memzero(&rs, sizeof rs);
	if (rc)
		memset(sig, 0, 65);
	return rc;
}

int signer_secp256k1_recover(uint8_t pub64[64], const uint8_t sig[65], const uint8_t digest[32],
			     struct error *e)
{
	const secp256k1_context *ctx = secp_context();
	secp256k1_ecdsa_signature plain;
	secp256k1_ecdsa_recoverable_signature rs;
	secp256k1_pubkey pk;
	uint8_t ser[65];
	size_t ser_len = sizeof ser;
	int v = sig[64];

	if (!ctx)
		return error_set(e, ERR_FAIL, "cannot create a secp256k1 context");
	if (v >= 27)
		v -= 27;
	if (v != 0 && v != 1)
		return error_set(e, ERR_USAGE, "signature recovery byte %d is not 0, 1, 27 or 28", sig[64]);
	if (!secp256k1_ecdsa_signature_parse_compact(ctx, &plain, sig))
		return error_set(e, ERR_USAGE, "signature r or s is out of range");
	/* normalize returns 1 when s was in the upper half (EIP-2 forbids it) */
	if (secp256k1_ecdsa_signature_normalize(ctx, NULL, &plain))
		return error_set(e, ERR_USAGE, "signature has a high s value (EIP-2)");
	if (!secp256k1_ecdsa_recoverable_signature_parse_compact(ctx, &rs, sig, v))
		return error_set(e, ERR_USAGE, "signature r or s is out of range");
	if (!secp256k1_ecdsa_recover(ctx, &pk, &rs, digest))
		return error_set(e, ERR_REFUSED, "no public key recovers from the signature");
	if (!secp256k1_ec_pubkey_serialize(ctx, ser, &ser_len, &pk, SECP256K1_EC_UNCOMPRESSED) ||
	    ser_len != 65 || ser[0] != 0x04)
		return error_set(e, ERR_FAIL, "cannot serialize the recovered public key");
	memcpy(pub64, ser + 1, 64);
	return ERR_OK;
}

int signer_ed25519_sign(uint8_t sig[64], const uint8_t seed[32], const uint8_t *msg, size_t msg_len)
{
	unsigned char pk[crypto_sign_PUBLICKEYBYTES];
	unsigned char *sk;
	int rc = ERR_OK;

	if (sodium_init() < 0)
		return ERR_FAIL;
	sk = sodium_malloc(crypto_sign_SECRETKEYBYTES);
	if (!sk)
		return ERR_FAIL;
	if (crypto_sign_seed_keypair(pk, sk, seed) != 0 ||
	    crypto_sign_detached(sig, NULL, msg, msg_len, sk) != 0) {
		memset(sig, 0, 64);
		rc = ERR_FAIL;
	}
	sodium_memzero(sk, crypto_sign_SECRETKEYBYTES);
	sodium_free(sk);
	return rc;
}

int signer_ed25519_verify(const uint8_t sig[64], const uint8_t pubkey[32], const uint8_t *msg, size_t msg_len)
{
	if (sodium_init() < 0)
		return ERR_FAIL;
	if (crypto_sign_verify_detached(sig, msg, msg_len, pubkey) != 0)
		return ERR_REFUSED;
	return ERR_OK;
}
