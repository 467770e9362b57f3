/* veHNT: voter_stake_registry positions (lockups of HNT, their voting
 * power: veHNT) and their delegation to a sub-DAO in helium_sub_daos
 * (DelegatedPositionV0), the delegation rewards of each closed epoch, and
 * the instructions to create a position, delegate it, close the delegation
 * and claim the rewards of an epoch.
 *
 * veHNT as voter_stake_registry computes it at time t (the clock plus the
 * registrar's time_offset):
 *   baseline = amount * baseline_factor / 1e9
 *   max_extra = amount * max_extra_lockup_factor / 1e9
 *   left = lockup seconds left (a constant lockup never counts down:
 *          end - start), 0 once a cliff lockup ended
 *   locked = max_extra * min(left, saturation) / saturation
 *   veHNT = (baseline + locked) * (genesis multiplier while t < genesis_end)
 * Rewards of epoch E (helium_sub_daos claim_rewards_v1, days since 1970):
 *   veHNT(E's start) * dao_epoch.delegation_rewards_issued
 *     / dao_epoch.vehnt_at_epoch_start   (0 once the delegation expired)
 * paid once the epoch's rewards are issued, burnt instead when the epoch
 * had four recent proposals and the position voted on fewer than two.
 *
 * Facts from helium-program-library (programs/voter-stake-registry,
 * programs/helium-sub-daos) and modular-governance (nft_proxy seasons). */
#ifndef DEPINCTL_HELIUM_VEHNT_H
#define DEPINCTL_HELIUM_VEHNT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "error.h"
#include "chains/solana/message.h"
#include "networks/network.h"

#define VEHNT_VSR_ID "hvsrNC3NKbcryqDs2DocYHZ9yPKEVzdSjQG6RVtK1s8"
#define VEHNT_METADATA_ID "metaqbxxUerdq28cj1RbAWkYQm3ybzjb6a8bt518x1s"
#define VEHNT_EPOCH_SECS 86400
#define VEHNT_MAX_VOTING_MINTS 8
#define VEHNT_MAX_PROPOSALS 16
#define VEHNT_MAX_SEASONS 64
#define VEHNT_MAX_LOCKUP_DAYS (365 * 200) /* MAX_LOCKUP_PERIODS */

typedef unsigned __int128 vehnt_u128;

enum vehnt_kind { VEHNT_NONE = 0, VEHNT_CLIFF = 1, VEHNT_CONSTANT = 2 };
const char *vehnt_kind_name(enum vehnt_kind k); /* "none", "cliff", "constant" */

struct vehnt_lockup {
	int64_t start_ts, end_ts;
	enum vehnt_kind kind;
};

struct vehnt_voting_mint {
	uint8_t mint[32];
	uint64_t baseline_factor;       /* baseline_vote_weight_scaled_factor (1e9 = 1x) */
	uint64_t max_extra_factor;      /* max_extra_lockup_vote_weight_scaled_factor */
	uint8_t genesis_multiplier;
	int64_t genesis_multiplier_expiration_ts;
	uint64_t lockup_saturation_secs;
};

struct vehnt_registrar {
	uint8_t realm[32];
	uint8_t realm_governing_token_mint[32];
	int64_t time_offset;
	uint8_t collection[32];
	uint8_t proxy_config[32];
	struct vehnt_voting_mint mints[VEHNT_MAX_VOTING_MINTS];
	size_t nmints;
};

struct vehnt_proposal {
	uint8_t proposal[32];
	int64_t ts;
};

struct vehnt_position {
	uint8_t registrar[32];
	uint8_t mint[32];               /* the position NFT */
	struct vehnt_lockup lockup;
	uint64_t amount;                /* amount_deposited_native */
	uint8_t voting_mint_config_idx;
	uint16_t num_active_votes;
	int64_t genesis_end;
	struct vehnt_proposal proposals[VEHNT_MAX_PROPOSALS];
	size_t nproposals;
};

struct vehnt_delegation {
	uint8_t mint[32];
	uint8_t position[32];
	uint64_t hnt_amount;
	uint8_t sub_dao[32];
	uint64_t last_claimed_epoch;
	int64_t start_ts;
	bool purged;
	vehnt_u128 claimed_bitmap;
	int64_t expiration_ts;
};

/* The parts of helium_sub_daos' DaoV0 and DaoEpochInfoV0 the claims use. */
struct vehnt_dao {
	uint8_t hnt_mint[32];
	uint8_t dc_mint[32];
	uint8_t registrar[32];
	uint8_t delegator_pool[32];
};
struct vehnt_dao_epoch {
	uint64_t epoch;
	bool done_issuing_rewards;
	struct vehnt_proposal recent[4];
	uint64_t delegation_rewards_issued;
	uint64_t vehnt_at_epoch_start;
};

struct vehnt_season {
	int64_t start, end;
};
struct vehnt_proxy_config {
	struct vehnt_season seasons[VEHNT_MAX_SEASONS];
	size_t nseasons;
};

int vehnt_registrar_parse(struct vehnt_registrar *out, const uint8_t *data, size_t len, struct error *e) WUR;
int vehnt_position_parse(struct vehnt_position *out, const uint8_t *data, size_t len, struct error *e) WUR;
int vehnt_delegation_parse(struct vehnt_delegation *out, const uint8_t *data, size_t len, struct error *e) WUR;
int vehnt_dao_parse(struct vehnt_dao *out, const uint8_t *data, size_t len, struct error *e) WUR;
int vehnt_dao_epoch_parse(struct vehnt_dao_epoch *out, const uint8_t *data, size_t len, struct error *e) WUR;
int vehnt_proxy_config_parse(struct vehnt_proxy_config *out, const uint8_t *data, size_t len, struct error *e) WUR;

/* The registrar's clock: now + time_offset. */
int64_t vehnt_clock(const struct vehnt_registrar *r, int64_t now);
uint64_t vehnt_epoch(int64_t ts);
/* Seconds of lockup left at ts (a constant lockup: its whole length). */
uint64_t vehnt_seconds_left(const struct vehnt_lockup *l, int64_t ts);
/* Voting power (veHNT base units, 8 decimals like HNT) at ts.
 * ERR_USAGE when the position's voting mint is not in the registrar. */
int vehnt_power(vehnt_u128 *out, const struct vehnt_position *p, const struct vehnt_registrar *r, int64_t ts,
		struct error *e) WUR;
/* Whether the delegation's rewards for epoch were claimed; ERR_USAGE beyond
 * the 128 epochs the bitmap covers. */
int vehnt_claimed(bool *claimed, const struct vehnt_delegation *d, uint64_t epoch, struct error *e) WUR;
/* The epochs to claim before now's epoch (registrar clock), oldest first,
 * at most max: after last_claimed_epoch, not claimed in the bitmap, before
 * the delegation expired (the program pays nothing from then). */
size_t vehnt_unclaimed(uint64_t *out, size_t max, const struct vehnt_delegation *d, int64_t clock);
/* The rewards of one epoch as claim_rewards_v1 computes them; *burnt is set
 * when the program burns them (not enough votes on the epoch's proposals). */
int vehnt_epoch_reward(uint64_t *out, bool *burnt, const struct vehnt_position *p, const struct vehnt_registrar *r,
		       const struct vehnt_delegation *d, const struct vehnt_dao_epoch *de, struct error *e) WUR;
/* The end of the proxy season at ts; ERR_NOTFOUND when none started. */
int vehnt_season_end(int64_t *end, const struct vehnt_proxy_config *pc, int64_t ts, struct error *e) WUR;

/* PDAs. */
int vehnt_position_key(uint8_t out[32], const uint8_t mint[32], struct error *e) WUR;
int vehnt_delegation_key(uint8_t out[32], const uint8_t position[32], struct error *e) WUR;
int vehnt_sub_dao_epoch_key(uint8_t out[32], const uint8_t sub_dao[32], uint64_t epoch, struct error *e) WUR;
int vehnt_dao_epoch_key(uint8_t out[32], const uint8_t dao[32], uint64_t epoch, struct error *e) WUR;

/* What the builders need from the chain. */
struct vehnt_ctx {
	const uint8_t *owner;            /* position authority, payer */
	const uint8_t *registrar_key;
	const struct vehnt_registrar *registrar;
	const uint8_t *dao_key;
	const struct vehnt_dao *dao;
	int64_t now;                     /* unix seconds (the registrar's offset is added) */
};

/* initialize_position_v0 (kind, days) then deposit_v0 (amount of the
 * registrar's voting mint 0, HNT) for a new position NFT mint (a fresh key
 * that signs too). ERR_USAGE for a kind other than cliff/constant, 0 or more
 * than VEHNT_MAX_LOCKUP_DAYS days, a zero amount. */
int vehnt_build_create(struct sol_instruction ix[2], const struct vehnt_ctx *c, const uint8_t mint[32],
		       enum vehnt_kind kind, uint32_t days, uint64_t amount, struct error *e) WUR;
/* delegate_v0 of the position to sub_dao; proxy is the registrar's
 * proxy config (seasons). ERR_REFUSED when the program would refuse: an
 * ended cliff lockup, a position ending in the current epoch. */
int vehnt_build_delegate(struct sol_instruction *ix, const struct vehnt_ctx *c, const struct vehnt_position *p,
			 const uint8_t sub_dao[32], const struct vehnt_proxy_config *proxy, struct error *e) WUR;
/* close_delegation_v0. ERR_REFUSED while rewards are left to claim (the
 * program asserts they were), with the epochs to claim named. */
int vehnt_build_undelegate(struct sol_instruction *ix, const struct vehnt_ctx *c, const struct vehnt_position *p,
			   const struct vehnt_delegation *d, struct error *e) WUR;
/* claim_rewards_v1 for one epoch. */
int vehnt_build_claim(struct sol_instruction *ix, const struct vehnt_ctx *c, const struct vehnt_position *p,
		      const struct vehnt_delegation *d, uint64_t epoch, struct error *e) WUR;

/* `depinctl stake --network helium VERB`: list, create, delegate,
 * undelegate, claim (the verbs print: they live in cmd-dc.c). */
extern const struct net_verb helium_stake_verbs[];

#endif
