/* Solana's native Stake program (Stake11111111111111111111111111111111111111):
 * instruction builders and their decoder, the StakeStateV2 account layout,
 * the StakeHistory sysvar, and the activation state of a delegation computed
 * the way the stake program computes it (warm-up and cool-down through the
 * stake history, epoch by epoch).
 *
 * Instructions are bincode: a u32 little-endian variant, then the fields.
 * Builders fill a struct sol_instruction (released first, left empty on
 * failure). */
#ifndef DEPINCTL_SOL_STAKE_H
#define DEPINCTL_SOL_STAKE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "error.h"
#include "chains/solana/message.h"

#define SOL_STAKE_STATE_LEN 200           /* StakeStateV2::size_of() */
#define SOL_STAKE_EPOCH_MAX UINT64_MAX    /* "not deactivated" / bootstrap stake */
#define SOL_STAKE_SEED_MAX 32             /* create_account_with_seed's seed */
#define SOL_STAKE_HISTORY_MAX 512         /* entries the sysvar keeps */

extern const uint8_t sol_program_id_stake[32];      /* Stake11111111111111111111111111111111111111 */
extern const uint8_t sol_stake_config_id[32];       /* StakeConfig11111111111111111111111111111111 */
extern const uint8_t sol_sysvar_clock[32];          /* SysvarC1ock11111111111111111111111111111111 */
extern const uint8_t sol_sysvar_rent[32];           /* SysvarRent111111111111111111111111111111111 */
extern const uint8_t sol_sysvar_stake_history[32];  /* SysvarStakeHistory1111111111111111111111111 */

/* The stake program's instructions (StakeInstruction variants). */
enum sol_stake_ix {
	SOL_STAKE_IX_INITIALIZE = 0,
	SOL_STAKE_IX_AUTHORIZE = 1,
	SOL_STAKE_IX_DELEGATE = 2,
	SOL_STAKE_IX_SPLIT = 3,
	SOL_STAKE_IX_WITHDRAW = 4,
	SOL_STAKE_IX_DEACTIVATE = 5,
};

/* The address create_account_with_seed makes: sha256(base || seed || owner).
 * ERR_USAGE for a seed longer than 32 bytes. */
int sol_stake_seed_address(uint8_t out[32], const uint8_t base[32], const char *seed, const uint8_t owner[32],
			   struct error *e) WUR;

/* System CreateAccountWithSeed (3): from funds the account at
 * sol_stake_seed_address(base, seed, owner) with lamports and space; base
 * signs (once, when it is from). */
int sol_stake_system_create_with_seed(struct sol_instruction *ix, const uint8_t from[32], const uint8_t base[32],
				      const char *seed, uint64_t lamports, uint64_t space, const uint8_t owner[32],
				      struct error *e) WUR;

/* Initialize (0): stake (writable) with staker and withdrawer authorities,
 * no lockup; the rent sysvar. */
int sol_stake_initialize(struct sol_instruction *ix, const uint8_t stake[32], const uint8_t staker[32],
			 const uint8_t withdrawer[32], struct error *e) WUR;
/* DelegateStake (2): stake, vote, clock, stake history, stake config,
 * staker (signer). */
int sol_stake_delegate(struct sol_instruction *ix, const uint8_t stake[32], const uint8_t vote[32],
		       const uint8_t staker[32], struct error *e) WUR;
/* Deactivate (5): stake, clock, staker (signer). */
int sol_stake_deactivate(struct sol_instruction *ix, const uint8_t stake[32], const uint8_t staker[32],
			 struct error *e) WUR;
/* Withdraw (4) lamports: stake, to, clock, stake history, withdrawer (signer). */
int sol_stake_withdraw(struct sol_instruction *ix, const uint8_t stake[32], const uint8_t to[32],
		       const uint8_t withdrawer[32], uint64_t lamports, struct error *e) WUR;
/* Split (3) lamports from stake into split_to (an account the stake program
 * owns with SOL_STAKE_STATE_LEN bytes, see sol_stake_split_all), staker signs. */
int sol_stake_split(struct sol_instruction *ix, const uint8_t stake[32], const uint8_t split_to[32],
		    const uint8_t staker[32], uint64_t lamports, struct error *e) WUR;

/* The instructions of a whole operation, into ixs (which holds at least 2;
 * *n gets how many), released with sol_instructions_release:
 *   create: System CreateAccount (new_stake signs) or CreateAccountWithSeed
 *           (seed not NULL: new_stake is derived from payer and the seed and
 *           written to new_stake), then Initialize with authority as staker
 *           and withdrawer;
 *   split:  System CreateAccount of split_to (signs) with rent lamports and
 *           SOL_STAKE_STATE_LEN bytes owned by the stake program, then Split. */
int sol_stake_create_all(struct sol_instruction *ixs, size_t *n, const uint8_t payer[32], uint8_t new_stake[32],
			 const char *seed, const uint8_t authority[32], uint64_t lamports, struct error *e) WUR;
int sol_stake_split_all(struct sol_instruction *ixs, size_t *n, const uint8_t payer[32], const uint8_t stake[32],
			const uint8_t split_to[32], const uint8_t staker[32], uint64_t rent, uint64_t lamports,
			struct error *e) WUR;

/* A decoded stake program instruction, for display and checks before signing. */
struct sol_stake_call {
	enum sol_stake_ix kind;
	const uint8_t *stake;       /* the stake account */
	const uint8_t *other;       /* vote (delegate), recipient (withdraw), split_to (split) */
	const uint8_t *authority;   /* the signing authority; Initialize: staker */
	uint8_t withdrawer[32];     /* Initialize */
	uint64_t lamports;          /* withdraw, split */
};

/* Decodes a stake program instruction: Initialize, DelegateStake, Split,
 * Withdraw, Deactivate. ERR_USAGE for another program, another variant, a
 * wrong data length, too few accounts or a sysvar in the wrong place. */
int sol_stake_decode(struct sol_stake_call *out, const struct sol_instruction *ix, struct error *e) WUR;

/* ---- accounts ----------------------------------------------------------- */

enum sol_stake_kind {
	SOL_STAKE_UNINITIALIZED = 0,
	SOL_STAKE_INITIALIZED = 1,
	SOL_STAKE_DELEGATED = 2,    /* StakeStateV2::Stake */
	SOL_STAKE_REWARDS_POOL = 3,
};

struct sol_stake_account {
	enum sol_stake_kind kind;
	/* Meta (Initialized and Stake) */
	uint64_t rent_exempt_reserve;
	uint8_t staker[32], withdrawer[32];
	int64_t lockup_unix_timestamp;
	uint64_t lockup_epoch;
	uint8_t lockup_custodian[32];
	/* Delegation (Stake) */
	uint8_t voter[32];
	uint64_t stake;
	uint64_t activation_epoch;
	uint64_t deactivation_epoch;    /* SOL_STAKE_EPOCH_MAX while not deactivated */
	uint64_t credits_observed;
	uint8_t flags;
};

/* Parses StakeStateV2 data (at least SOL_STAKE_STATE_LEN bytes are not
 * required: only the bytes the variant uses). ERR_USAGE for short data or
 * an unknown variant. */
int sol_stake_parse(struct sol_stake_account *out, const uint8_t *data, size_t len, struct error *e) WUR;

struct sol_stake_history_entry {
	uint64_t epoch;
	uint64_t effective, activating, deactivating;
};

struct sol_stake_history {
	struct sol_stake_history_entry e[SOL_STAKE_HISTORY_MAX];
	size_t n;                       /* newest first, as the sysvar keeps them */
};

/* Parses the StakeHistory sysvar (bincode Vec<(Epoch, StakeHistoryEntry)>).
 * ERR_USAGE for short data or more than 512 entries. */
int sol_stake_history_parse(struct sol_stake_history *out, const uint8_t *data, size_t len, struct error *e) WUR;

enum sol_stake_state {
	SOL_STAKE_STATE_INACTIVE,
	SOL_STAKE_STATE_ACTIVATING,
	SOL_STAKE_STATE_ACTIVE,
	SOL_STAKE_STATE_DEACTIVATING,
};

struct sol_stake_activation {
	enum sol_stake_state state;
	uint64_t effective, activating, deactivating;
};

/* The activation at epoch of a delegated account (others are inactive),
 * as the stake program computes it; history may be NULL (no entries: a
 * delegation then is fully effective the epoch after its activation).
 * new_rate_epoch: the first epoch of the 9 % warm-up/cool-down rate (25 %
 * before); SOL_STAKE_EPOCH_MAX for 25 % throughout. */
void sol_stake_activation(struct sol_stake_activation *out, const struct sol_stake_account *a, uint64_t epoch,
			  const struct sol_stake_history *history, uint64_t new_rate_epoch);

/* "inactive", "activating", "active", "deactivating"; the kind: "uninitialized",
 * "initialized", "delegated", "rewards pool". */
const char *sol_stake_state_name(enum sol_stake_state s);
const char *sol_stake_kind_name(enum sol_stake_kind k);

#endif
