#include "config.h"
#include "secp.h"

#include <stdlib.h>
#include <string.h>
#include <sodium.h>

static secp256k1_context *secp_ctx;

const secp256k1_context *secp_context(void)
{
	if (secp_ctx)
		return secp_ctx;
	secp_ctx = secp256k1_context_create(SECP256K1_CONTEXT_NONE);
	if (!secp_ctx)
		abort();
	uint8_t seed[32];
	if (sodium_init() < 0)
		abort();
	randombytes_buf(seed, sizeof seed);
	/* Randomizing only fails on a bad argument; the context would then
	 * stay unblinded, which is still correct. */
	int blinded = secp256k1_context_randomize(secp_ctx, seed);
	(void)blinded;
	sodium_memzero(seed, sizeof seed);
	return secp_ctx;
}

void secp_context_release(void)
{
	if (secp_ctx) {
		secp256k1_context_destroy(secp_ctx);
		secp_ctx = NULL;
	}
}

static int secp_pubkey(uint8_t *out, size_t out_len, unsigned flags, const uint8_t seckey[32])
{
	const secp256k1_context *ctx = secp_context();
	secp256k1_pubkey pk;
	size_t n = out_len;
	if (!secp256k1_ec_seckey_verify(ctx, seckey) || !secp256k1_ec_pubkey_create(ctx, &pk, seckey))
		return ERR_USAGE;
	if (!secp256k1_ec_pubkey_serialize(ctx, out, &n, &pk, flags) || n != out_len)
		return ERR_FAIL;
	return 0;
}

int secp_pubkey33(uint8_t out[33], const uint8_t seckey[32])
{
	return secp_pubkey(out, 33, SECP256K1_EC_COMPRESSED, seckey);
}

int secp_pubkey64(uint8_t out[64], const uint8_t seckey[32])
{
	uint8_t full[65];
	int rc = secp_pubkey(full, sizeof full, SECP256K1_EC_UNCOMPRESSED, seckey);
	if (rc == 0)
		memcpy(out, full + 1, 64);
	return rc;
}
