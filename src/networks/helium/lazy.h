/* Helium's reward-claim programs, as the chain lays them out: the
 * lazy_distributor accounts (LazyDistributorV0, RecipientV0), the escrow's
 * circuit breaker (AccountWindowedCircuitBreakerV0), the concurrent merkle
 * tree header of spl-account-compression (depth and canopy), their PDAs, and
 * the instructions a claim is made of: initialize_compression_recipient_v0,
 * distribute_compression_rewards_v0, distribute_custom_destination_v0
 * (lazy_distributor), set_current_rewards_wrapper_v2 (rewards_oracle) and
 * the Ed25519 precompile instruction carrying an oracle's signature.
 * Facts from helium-program-library's IDLs (@helium/idls 0.11.27). */
#ifndef DEPINCTL_HELIUM_LAZY_H
#define DEPINCTL_HELIUM_LAZY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "error.h"
#include "chains/solana/message.h"

#define HELIUM_MAX_ORACLES 8
#define HELIUM_URL_MAX 256
#define HELIUM_MAX_PROOF 32            /* a tree's depth at most */
#define HELIUM_ORACLE_MSG_LEN 82       /* SetCurrentRewardsTransactionV0, discriminator included */

extern const uint8_t helium_lazy_distributor_program[32];
extern const uint8_t helium_rewards_oracle_program[32];
extern const uint8_t helium_circuit_breaker_program[32];
extern const uint8_t helium_compression_program[32];
extern const uint8_t helium_entity_manager_program[32];
extern const uint8_t helium_sub_daos_program[32];
extern const uint8_t helium_ed25519_program[32];
extern const uint8_t helium_sysvar_instructions[32];
extern const uint8_t helium_hnt_mint[32];

struct helium_oracle_config {
	uint8_t oracle[32];
	char url[HELIUM_URL_MAX];
};

struct helium_lazy_distributor {
	uint16_t version;
	uint8_t rewards_mint[32], rewards_escrow[32], authority[32];
	struct helium_oracle_config oracles[HELIUM_MAX_ORACLES];
	size_t noracles;
	bool has_approver;
	uint8_t approver[32];
};

struct helium_recipient {
	uint8_t lazy_distributor[32], asset[32];
	uint64_t total_rewards;
	uint16_t current_config_version;
	uint8_t destination[32];       /* all zero: none (the asset's owner) */
};

enum helium_threshold { HELIUM_THRESHOLD_PERCENT = 0, HELIUM_THRESHOLD_ABSOLUTE = 1 };

struct helium_circuit_breaker {
	uint8_t token_account[32];
	uint64_t window_size_seconds;
	enum helium_threshold threshold_type;
	uint64_t threshold;
	uint64_t last_aggregated_value;
	int64_t last_unix_timestamp;
};

struct helium_tree {
	uint32_t max_depth, max_buffer_size;
	uint32_t canopy_depth;
};

/* Account parsers: the Anchor discriminator checked, every length checked;
 * ERR_USAGE naming what is wrong. */
int helium_lazy_distributor_parse(struct helium_lazy_distributor *out, const uint8_t *data, size_t len,
				  struct error *e) WUR;
int helium_recipient_parse(struct helium_recipient *out, const uint8_t *data, size_t len, struct error *e) WUR;
int helium_circuit_breaker_parse(struct helium_circuit_breaker *out, const uint8_t *data, size_t len,
				 struct error *e) WUR;
/* The concurrent merkle tree header and canopy depth from the account's size. */
int helium_tree_parse(struct helium_tree *out, const uint8_t *data, size_t len, struct error *e) WUR;

/* What the breaker lets through now: the threshold (for a percent
 * threshold, of escrow_balance) less the window's aggregate decayed over the
 * time elapsed, as circuit_breaker computes it. */
uint64_t helium_circuit_breaker_remaining(const struct helium_circuit_breaker *cb, uint64_t escrow_balance,
					  int64_t now);

/* PDAs. */
int helium_pda_lazy_distributor(uint8_t out[32], const uint8_t rewards_mint[32], struct error *e) WUR;
int helium_pda_recipient(uint8_t out[32], const uint8_t lazy_distributor[32], const uint8_t asset[32],
			 struct error *e) WUR;
int helium_pda_circuit_breaker(uint8_t out[32], const uint8_t escrow[32], struct error *e) WUR;
int helium_pda_oracle_signer(uint8_t out[32], struct error *e) WUR;
int helium_pda_dao(uint8_t out[32], const uint8_t hnt_mint[32], struct error *e) WUR;
/* key_to_asset of an entity key (its bytes: b58-decoded for hotspots). */
int helium_pda_key_to_asset(uint8_t out[32], const uint8_t dao[32], const uint8_t *entity_key, size_t len,
			    struct error *e) WUR;

/* The compressed asset's leaf as DAS describes it, and its proof trimmed by
 * the tree's canopy. */
struct helium_leaf {
	uint8_t asset[32], owner[32], delegate[32], tree[32];
	uint8_t data_hash[32], creator_hash[32], root[32];
	uint32_t index;
	uint8_t proof[HELIUM_MAX_PROOF][32];
	size_t nproof;                 /* already trimmed */
};

/* The message an oracle signs (Anchor account encoding of
 * SetCurrentRewardsTransactionV0). */
void helium_oracle_message(uint8_t out[HELIUM_ORACLE_MSG_LEN], const uint8_t lazy_distributor[32],
			   uint16_t oracle_index, uint64_t current_rewards, const uint8_t asset[32]);
int helium_oracle_message_parse(const uint8_t *msg, size_t len, uint8_t lazy_distributor[32],
				uint16_t *oracle_index, uint64_t *current_rewards, uint8_t asset[32],
				struct error *e) WUR;

/* Instruction builders (ix is initialised here; release it after). */
int helium_ix_ed25519(struct sol_instruction *ix, const uint8_t pubkey[32], const uint8_t signature[64],
		      const uint8_t *msg, size_t msg_len, struct error *e) WUR;
int helium_ix_set_current_rewards_v2(struct sol_instruction *ix, const uint8_t payer[32],
				     const uint8_t lazy_distributor[32], const uint8_t recipient[32],
				     const uint8_t key_to_asset[32], uint16_t oracle_index, uint64_t current_rewards,
				     struct error *e) WUR;
int helium_ix_init_compression_recipient(struct sol_instruction *ix, const uint8_t payer[32],
					 const uint8_t lazy_distributor[32], const uint8_t recipient[32],
					 const struct helium_leaf *leaf, struct error *e) WUR;
/* distribute_compression_rewards_v0 to the asset's owner. */
int helium_ix_distribute_compression(struct sol_instruction *ix, const uint8_t payer[32],
				     const struct helium_lazy_distributor *ld, const uint8_t lazy_distributor[32],
				     const uint8_t recipient[32], const struct helium_leaf *leaf, struct error *e) WUR;
/* distribute_custom_destination_v0 to the recipient's destination. */
int helium_ix_distribute_custom(struct sol_instruction *ix, const uint8_t payer[32],
				const struct helium_lazy_distributor *ld, const uint8_t lazy_distributor[32],
				const uint8_t recipient[32], const uint8_t destination[32], struct error *e) WUR;

#endif
