/* Anchor discriminators, as the Anchor framework documents them. */
#include "config.h"

#include <string.h>
#include <sodium.h>

#include "chains/solana/anchor.h"

static void discriminator(uint8_t out[ANCHOR_DISCRIMINATOR_LEN], const char *ns, const char *name)
{
	crypto_hash_sha256_state st;
	uint8_t h[crypto_hash_sha256_BYTES];

	crypto_hash_sha256_init(&st);
	crypto_hash_sha256_update(&st, (const unsigned char *)ns, strlen(ns));
	crypto_hash_sha256_update(&st, (const unsigned char *)":", 1);
	crypto_hash_sha256_update(&st, (const unsigned char *)name, strlen(name));
	crypto_hash_sha256_final(&st, h);
	memcpy(out, h, ANCHOR_DISCRIMINATOR_LEN);
}

void anchor_instruction_discriminator(uint8_t out[ANCHOR_DISCRIMINATOR_LEN], const char *name)
{
	discriminator(out, "global", name);
}

void anchor_account_discriminator(uint8_t out[ANCHOR_DISCRIMINATOR_LEN], const char *name)
{
	discriminator(out, "account", name);
}

int anchor_account_check(const uint8_t *data, size_t len, const char *name, struct error *e)
{
	uint8_t d[ANCHOR_DISCRIMINATOR_LEN];

	if (len < ANCHOR_DISCRIMINATOR_LEN)
		return error_set(e, ERR_USAGE, "account data of %zu bytes is too short for an anchor account",
				 len);
	anchor_account_discriminator(d, name);
	if (memcmp(d, data, sizeof d) != 0)
		return error_set(e, ERR_USAGE, "account is not a '%s'", name);
	return ERR_OK;
}
