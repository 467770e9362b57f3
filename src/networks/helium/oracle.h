/* The rewards oracle's signing API: POST {url}/v1/sign with
 * {"keyToAssetKeys": [KTA...]} answers {"oracle": KEY, "messages":
 * [{"serialized": BASE64, "message": {...}, "signature": BASE64}, ...]}, one
 * message per key asked, each the Anchor encoding of
 * SetCurrentRewardsTransactionV0 {lazy_distributor, oracle_index,
 * current_rewards, asset} signed (ed25519) by the oracle.
 *
 * Every message is checked before anything is built or signed from it: the
 * oracle key is the one the lazy distributor lists at the index asked; the
 * serialized bytes are a SetCurrentRewardsTransactionV0 for this lazy
 * distributor, this oracle index and the asset asked (in order); the amount
 * is at least the recipient's on-chain total_rewards; the signature verifies
 * over exactly those bytes. Any failure refuses the whole reply
 * (ERR_REFUSED naming the oracle, the message and what is wrong). */
#ifndef DEPINCTL_HELIUM_ORACLE_H
#define DEPINCTL_HELIUM_ORACLE_H

#include <stddef.h>
#include <stdint.h>
#include "error.h"
#include "networks/helium/lazy.h"

struct helium_oracle_sig {
	uint8_t message[HELIUM_ORACLE_MSG_LEN]; /* the bytes signed, as the Ed25519 instruction carries them */
	uint8_t signature[64];
	uint64_t current_rewards;
	uint16_t oracle_index;
};

/* The request body for n key_to_asset accounts (malloc'd). */
char *helium_oracle_sign_request(const uint8_t (*key_to_assets)[32], size_t n);

/* Parses and checks the reply of the oracle at index oracle of ld (address
 * ld_key) for assets[0..n) whose recipients hold totals[i] on-chain (0 when
 * the recipient does not exist yet). out has n entries. */
int helium_oracle_sign_check(struct helium_oracle_sig *out, const char *body, size_t len,
			     const struct helium_lazy_distributor *ld, const uint8_t ld_key[32], size_t oracle,
			     const uint8_t (*assets)[32], const uint64_t *totals, size_t n, struct error *e) WUR;

#endif
