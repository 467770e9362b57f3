/* Program derived addresses, as the Solana documentation defines them. */
#include "config.h"

#include <string.h>
#include <sodium.h>

#include "chains/solana/pda.h"
#include "chains/solana/programs.h"

static const char pda_marker[] = "ProgramDerivedAddress";

bool sol_pda_on_curve(const uint8_t key[32])
{
	unsigned char r[crypto_core_ed25519_BYTES];
	/* crypto_core_ed25519_add decodes both points and checks only that
	 * they are on the curve: no canonical-encoding, small-order or
	 * subgroup test, which matches curve25519-dalek's decompress. */
	return crypto_core_ed25519_add(r, key, key) == 0;
}

static int check_seeds(const struct sol_seed *seeds, size_t n, size_t max, struct error *e)
{
	if (n > max)
		return error_set(e, ERR_USAGE, "%zu seeds, more than %zu", n, max);
	for (size_t i = 0; i < n; i++)
		if (seeds[i].len > SOL_PDA_MAX_SEED_LEN)
			return error_set(e, ERR_USAGE, "seed %zu is %zu bytes, longer than %d", i, seeds[i].len,
					 SOL_PDA_MAX_SEED_LEN);
	return ERR_OK;
}

/* The hash of seeds (and a bump when bump is not NULL); true when off the curve. */
static bool derive(uint8_t out[32], const struct sol_seed *seeds, size_t n, const uint8_t *bump,
		   const uint8_t program_id[32])
{
	crypto_hash_sha256_state st;

	crypto_hash_sha256_init(&st);
	for (size_t i = 0; i < n; i++)
		crypto_hash_sha256_update(&st, seeds[i].p, seeds[i].len);
	if (bump)
		crypto_hash_sha256_update(&st, bump, 1);
	crypto_hash_sha256_update(&st, program_id, 32);
	crypto_hash_sha256_update(&st, (const unsigned char *)pda_marker, sizeof pda_marker - 1);
	crypto_hash_sha256_final(&st, out);
	return !sol_pda_on_curve(out);
}

int sol_pda_create(uint8_t out[32], const struct sol_seed *seeds, size_t seeds_len,
		   const uint8_t program_id[32], struct error *e)
{
	int rc;

	if ((rc = check_seeds(seeds, seeds_len, SOL_PDA_MAX_SEEDS, e)))
		return rc;
	if (!derive(out, seeds, seeds_len, NULL, program_id)) {
		memset(out, 0, 32);
		return error_set(e, ERR_USAGE, "the seeds give an address on the ed25519 curve");
	}
	return ERR_OK;
}

int sol_pda_find(uint8_t out[32], uint8_t *bump, const struct sol_seed *seeds, size_t seeds_len,
		 const uint8_t program_id[32], struct error *e)
{
	int rc;

	if ((rc = check_seeds(seeds, seeds_len, SOL_PDA_MAX_SEEDS - 1, e)))
		return rc;
	for (int b = 255; b >= 0; b--) {
		uint8_t nonce = (uint8_t)b;
		if (derive(out, seeds, seeds_len, &nonce, program_id)) {
			if (bump)
				*bump = nonce;
			return ERR_OK;
		}
	}
	memset(out, 0, 32);
	return error_set(e, ERR_NOTFOUND, "no bump seed gives an address off the ed25519 curve");
}

int sol_pda_ata(uint8_t out[32], const uint8_t wallet[32], const uint8_t mint[32],
		const uint8_t token_program[32], struct error *e)
{
	struct sol_seed seeds[3] = {{wallet, 32}, {token_program, 32}, {mint, 32}};

	if (memcmp(token_program, sol_program_id_token, 32) != 0 &&
	    memcmp(token_program, sol_program_id_token_2022, 32) != 0)
		return error_set(e, ERR_USAGE, "token program is neither Token nor Token-2022");
	return sol_pda_find(out, NULL, seeds, 3, sol_program_id_ata, e);
}
