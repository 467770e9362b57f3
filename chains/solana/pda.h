/* Program derived addresses (PDAs) and associated token accounts. */
#ifndef DEPINCTL_SOL_PDA_H
#define DEPINCTL_SOL_PDA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "error.h"

#define SOL_PDA_MAX_SEEDS 16    /* seeds of create, the bump included */
#define SOL_PDA_MAX_SEED_LEN 32 /* bytes in one seed */

struct sol_seed {
	const uint8_t *p;
	size_t len;
};

/* True when the 32 bytes decompress to a point of edwards25519: the y
 * coordinate (255 bits, reduced mod p, as curve25519-dalek reads it) has an
 * x. This is the Solana runtime's test, not libsodium's is_valid_point,
 * which also refuses points outside the prime-order subgroup. */
bool sol_pda_on_curve(const uint8_t key[32]);

/* sha256(seeds || program_id || "ProgramDerivedAddress"), refused when on
 * the curve. ERR_USAGE for more than 16 seeds, a seed longer than 32
 * bytes, or an address on the curve. */
int sol_pda_create(uint8_t out[32], const struct sol_seed *seeds, size_t seeds_len,
		   const uint8_t program_id[32], struct error *e) WUR;

/* The first address off the curve with a bump seed of 255, 254, ... 0
 * appended; *bump (may be NULL) gets the bump. At most 15 seeds. ERR_NOTFOUND
 * when no bump works. */
int sol_pda_find(uint8_t out[32], uint8_t *bump, const struct sol_seed *seeds, size_t seeds_len,
		 const uint8_t program_id[32], struct error *e) WUR;

/* The associated token account of wallet for mint: the PDA of the
 * associated token program for (wallet, token_program, mint). token_program
 * must be Token or Token-2022 (ERR_USAGE otherwise). */
int sol_pda_ata(uint8_t out[32], const uint8_t wallet[32], const uint8_t mint[32],
		const uint8_t token_program[32], struct error *e) WUR;

#endif
