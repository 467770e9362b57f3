/* Helium on Solana: program ids, mints, the program derived addresses the
 * adapter and the claims read, and strict parsers of the Anchor accounts
 * they need (lazy_distributor LazyDistributorV0 / RecipientV0,
 * helium_sub_daos DaoV0 / SubDaoV0 / DaoEpochInfoV0 / SubDaoEpochInfoV0,
 * helium_entity_manager KeyToAssetV0, circuit_breaker
 * AccountWindowedCircuitBreakerV0) and of the account compression program's
 * concurrent merkle tree header.
 *
 * Every parser checks the Anchor discriminator, reads the fields in the
 * order of the published IDL (npm @helium/idls 0.11.27) and refuses short
 * data, bad tags, lists longer than the program allows, and trailing bytes
 * other than zeros (accounts are often allocated larger than their data).
 * The claim's own layouts (lazy.h) are a separate, parallel reading; names
 * here end in _account so both link. Facts from helium-program-library and its IDLs; no code of
 * theirs. DataCreditsV0, PriceUpdateV2 and the voter stake registry are in
 * dc.h and vehnt.h. */
#ifndef DEPINCTL_HELIUM_ACCOUNTS_H
#define DEPINCTL_HELIUM_ACCOUNTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "error.h"

/* Program ids (base58). */
#define HELIUM_LAZY_DISTRIBUTOR_ID "1azyuavdMyvsivtNxPoz6SucD18eDHeXzFCUPq5XU7w"
#define HELIUM_REWARDS_ORACLE_ID "rorcfdX4h9m9swCKgcypaHJ8NGYVANBpmV9EHn3cYrF"
#define HELIUM_SUB_DAOS_ID "hdaoVTCqhfHHo75XdAMxBKdUqvq1i5bF23sisBqVgGR"
#define HELIUM_DATA_CREDITS_ID "credMBJhYFzfn7NxBMdU4aUqFggAjgztaCcv2Fo6fPT"
#define HELIUM_ENTITY_MANAGER_ID "hemjuPXBpNvggtaUnN1MwT3wrdhttKEfosTcc2P9Pg8"
#define HELIUM_VOTER_STAKE_REGISTRY_ID "hvsrNC3NKbcryqDs2DocYHZ9yPKEVzdSjQG6RVtK1s8"
#define HELIUM_CIRCUIT_BREAKER_ID "circAbx64bbsscPbQzZAUvuXpHqrCe6fLMzc2uKXz9g"
#define HELIUM_BUBBLEGUM_ID "BGUMAp9Gq7iTEuizy4pqaxsTyUCBK68MDfK752saRPUY"
#define HELIUM_ACCOUNT_COMPRESSION_ID "cmtDvXumGCrqC1Age74AVPhSRVXJMd8PJS91L8KbNCK"
#define HELIUM_NOOP_ID "noopb9bkMVfRPU8AsbpTUg8AQkHtKwMYZiFUjNRtMmV"

/* Mints (base58) and their decimals. */
#define HELIUM_HNT_MINT "hntyVP6YFm1Hg25TN9WGLqM12b8TQmcknKrdu1oxWux"
#define HELIUM_IOT_MINT "iotEVVZLEywoTn1QdwNPddxPWszn3zFhEot3MfL9fns"
#define HELIUM_MOBILE_MINT "mb1eu7TzEc71KxDpsmsKoucSSuuoGLv1drys1oP2jh6"
#define HELIUM_DC_MINT "dcuc8Amr83Wz27ZkQ2K9NS6r8zRpf1J6cvArEBDZDmm"
#define HELIUM_HNT_DECIMALS 8
#define HELIUM_IOT_DECIMALS 6
#define HELIUM_MOBILE_DECIMALS 6
#define HELIUM_DC_DECIMALS 0

/* The verified creator of every hotspot compressed NFT (the entity
 * manager's entity creator for the HNT dao). */
#define HELIUM_HOTSPOT_CREATOR "Fv5hf1Fg58htfC7YEXKNEfkpuogUUQDDTLgjGWxxv48H"

/* helium_sub_daos epochs are UTC days: epoch = unix_time / 86400. */
#define HELIUM_EPOCH_SECS 86400

enum helium_token { HELIUM_HNT = 0, HELIUM_IOT, HELIUM_MOBILE, HELIUM_NTOKENS };
/* "HNT", "IOT", "MOBILE"; the mint (base58) and the decimals. */
const char *helium_token_name(enum helium_token t);
const char *helium_token_mint(enum helium_token t);
unsigned helium_token_decimals(enum helium_token t);

/* Decodes a base58 constant above into 32 bytes (aborts on a bad constant:
 * for the compiled-in ids only). */
void helium_key(uint8_t out[32], const char *b58);

/* ---- program derived addresses (bump in *bump, may be NULL) ------------- */

/* lazy_distributor ["lazy_distributor", rewards_mint] */
int helium_lazy_distributor_key(uint8_t out[32], uint8_t *bump, const uint8_t rewards_mint[32], struct error *e) WUR;
/* lazy_distributor ["recipient", lazy_distributor, asset] */
int helium_recipient_key(uint8_t out[32], uint8_t *bump, const uint8_t lazy_distributor[32], const uint8_t asset[32],
			 struct error *e) WUR;
/* helium_entity_manager ["key_to_asset", dao, sha256(entity key bytes)];
 * the entity key bytes of a hotspot are its base58 key decoded
 * (helium_entity_key_bytes). */
int helium_key_to_asset_key(uint8_t out[32], uint8_t *bump, const uint8_t dao[32], const uint8_t *entity_key,
			    size_t entity_key_len, struct error *e) WUR;
/* The bytes of an entity key as serialised: base58 decoded (ECC compact
 * hotspot keys, up to 64 bytes). ERR_USAGE when it is not base58. */
int helium_entity_key_bytes(uint8_t *out, size_t out_size, size_t *out_len, const char *entity_key,
			    struct error *e) WUR;
/* helium_sub_daos ["dao", hnt_mint] and ["sub_dao", dnt_mint] */
int helium_dao_key(uint8_t out[32], uint8_t *bump, const uint8_t hnt_mint[32], struct error *e) WUR;
int helium_sub_dao_key(uint8_t out[32], uint8_t *bump, const uint8_t dnt_mint[32], struct error *e) WUR;
/* helium_sub_daos ["dao_epoch_info", dao, epoch u64 LE] and
 * ["sub_dao_epoch_info", sub_dao, epoch u64 LE] */
int helium_dao_epoch_info_key(uint8_t out[32], uint8_t *bump, const uint8_t dao[32], uint64_t epoch,
			      struct error *e) WUR;
int helium_sub_dao_epoch_info_key(uint8_t out[32], uint8_t *bump, const uint8_t sub_dao[32], uint64_t epoch,
				  struct error *e) WUR;
/* circuit_breaker ["account_windowed_breaker", token_account] (the lazy
 * distributor's rewards escrow) */
int helium_account_breaker_key(uint8_t out[32], uint8_t *bump, const uint8_t token_account[32], struct error *e) WUR;
/* rewards_oracle ["oracle_signer"] */
int helium_oracle_signer_key(uint8_t out[32], uint8_t *bump, struct error *e) WUR;
/* bubblegum [merkle_tree]: the tree's TreeConfig (tree authority) */
int helium_tree_config_key(uint8_t out[32], uint8_t *bump, const uint8_t merkle_tree[32], struct error *e) WUR;

/* ---- lazy_distributor ----------------------------------------------------- */

#define HELIUM_LD_MAX_ORACLES 16
#define HELIUM_ORACLE_URL_MAX 256

struct helium_oracle {
	uint8_t oracle[32];                 /* the key that signs rewards */
	char url[HELIUM_ORACLE_URL_MAX];
};

/* LazyDistributorV0 */
struct helium_ld_account {
	uint16_t version;
	uint8_t rewards_mint[32];
	uint8_t rewards_escrow[32];
	uint8_t authority[32];
	struct helium_oracle oracles[HELIUM_LD_MAX_ORACLES];
	size_t noracles;
	uint8_t bump_seed;
	bool has_approver;
	uint8_t approver[32];
};
/* ERR_USAGE: another account type, short, more than HELIUM_LD_MAX_ORACLES
 * oracles, a url too long or not UTF-8, trailing bytes. */
int helium_ld_account_parse(struct helium_ld_account *out, const uint8_t *data, size_t len,
				  struct error *e) WUR;

#define HELIUM_MAX_CURRENT_REWARDS HELIUM_LD_MAX_ORACLES

/* RecipientV0 */
struct helium_recipient_account {
	uint8_t lazy_distributor[32];
	uint8_t asset[32];
	uint64_t total_rewards;             /* claimed so far, in the rewards mint's base units */
	uint16_t current_config_version;
	/* one slot per oracle: the rewards it set (Option<u64>) */
	bool has_current_reward[HELIUM_MAX_CURRENT_REWARDS];
	uint64_t current_rewards[HELIUM_MAX_CURRENT_REWARDS];
	size_t ncurrent_rewards;
	uint8_t bump_seed;
	uint64_t reserved;
	uint8_t destination[32];            /* all zero: none (rewards go to the asset's owner) */
};
int helium_recipient_account_parse(struct helium_recipient_account *out, const uint8_t *data, size_t len, struct error *e) WUR;
bool helium_recipient_has_destination(const struct helium_recipient_account *r);

/* ---- circuit_breaker ------------------------------------------------------- */

enum helium_breaker_threshold { HELIUM_BREAKER_PERCENT = 0, HELIUM_BREAKER_ABSOLUTE = 1 };

/* AccountWindowedCircuitBreakerV0: at most threshold (absolute units, or
 * percent of the account's balance at the window start) may leave
 * token_account per window_size_seconds; the window decays linearly. */
struct helium_account_breaker {
	uint8_t token_account[32];
	uint8_t authority[32];
	uint8_t owner[32];
	uint64_t window_size_seconds;
	enum helium_breaker_threshold threshold_type;
	uint64_t threshold;
	uint64_t last_aggregated_value;
	int64_t last_unix_timestamp;
	uint8_t bump_seed;
};
int helium_account_breaker_parse(struct helium_account_breaker *out, const uint8_t *data, size_t len,
				 struct error *e) WUR;

/* ---- helium_sub_daos -------------------------------------------------------- */

#define HELIUM_MAX_SCHEDULE 64

struct helium_emission_item {
	int64_t start_unix_time;
	uint64_t emissions_per_epoch;       /* base units of the dao's / sub-dao's mint per day */
};

struct helium_recent_proposal {
	uint8_t proposal[32];
	int64_t ts;
};

/* DaoV0 (what metrics need; the HST schedule is checked and skipped) */
struct helium_dao {
	uint8_t hnt_mint[32];
	uint8_t dc_mint[32];
	uint8_t authority[32];
	uint8_t registrar[32];
	uint8_t hst_pool[32];
	uint64_t net_emissions_cap;
	uint32_t num_sub_daos;
	struct helium_emission_item emission_schedule[HELIUM_MAX_SCHEDULE];
	size_t nemission_schedule;
	uint8_t bump_seed;
	uint8_t rewards_escrow[32];
	uint8_t delegator_pool[32];
	uint64_t delegator_rewards_percent;
	uint8_t proposal_namespace[32];
	struct helium_recent_proposal recent_proposals[4];
};
int helium_dao_parse(struct helium_dao *out, const uint8_t *data, size_t len, struct error *e) WUR;
/* The emissions per epoch in force at unix time t (0 before the first item). */
uint64_t helium_emissions_at(const struct helium_emission_item *items, size_t n, int64_t t);

/* SubDaoV0 */
struct helium_sub_dao {
	uint8_t dao[32];
	uint8_t dnt_mint[32];
	uint8_t treasury[32];
	uint8_t rewards_escrow[32];
	uint8_t delegator_pool[32];
	uint64_t vehnt_delegated_lo, vehnt_delegated_hi;   /* u128 */
	int64_t vehnt_last_calculated_ts;
	uint64_t vehnt_fall_rate_lo, vehnt_fall_rate_hi;   /* u128 */
	uint8_t authority[32];
	uint8_t active_device_aggregator[32];             /* deprecated */
	uint8_t dc_burn_authority[32];
	uint64_t onboarding_dc_fee;
	struct helium_emission_item emission_schedule[HELIUM_MAX_SCHEDULE];
	size_t nemission_schedule;
	uint8_t bump_seed;
	uint8_t registrar[32];
	uint64_t delegator_rewards_percent;               /* deprecated */
	uint64_t onboarding_data_only_dc_fee;
	uint64_t dc_onboarding_fees_paid;
	uint8_t active_device_authority[32];
};
int helium_sub_dao_parse(struct helium_sub_dao *out, const uint8_t *data, size_t len, struct error *e) WUR;

/* DaoEpochInfoV0 */
struct helium_dao_epoch_info {
	bool done_calculating_scores;
	uint64_t epoch;
	uint8_t dao[32];
	uint64_t total_rewards;             /* HNT base units issued this epoch */
	uint64_t current_hnt_supply;
	uint64_t total_utility_score_lo, total_utility_score_hi; /* u128, 12 decimals */
	uint32_t num_utility_scores_calculated;
	uint32_t num_rewards_issued;
	bool done_issuing_rewards;
	bool done_issuing_hst_pool;
	uint8_t bump_seed;
	struct helium_recent_proposal recent_proposals[4];
	uint64_t delegation_rewards_issued;
	uint64_t vehnt_at_epoch_start;
	uint64_t cumulative_not_emitted;
	uint64_t not_emitted;
	uint64_t smoothed_hnt_burned;
	uint64_t deployer_cap_hnt;
};
int helium_dao_epoch_info_parse(struct helium_dao_epoch_info *out, const uint8_t *data, size_t len,
				struct error *e) WUR;

/* SubDaoEpochInfoV0 */
struct helium_sub_dao_epoch_info {
	uint64_t epoch;
	uint8_t sub_dao[32];
	uint64_t dc_burned;                 /* data credits burnt this epoch */
	uint64_t vehnt_at_epoch_start;
	uint64_t vehnt_in_closing_positions_lo, vehnt_in_closing_positions_hi;
	uint64_t fall_rates_from_closing_positions_lo, fall_rates_from_closing_positions_hi;
	uint64_t delegation_rewards_issued;
	bool has_utility_score;
	uint64_t utility_score_lo, utility_score_hi;
	bool has_rewards_issued_at;
	int64_t rewards_issued_at;
	uint8_t bump_seed;
	bool initialized;
	uint64_t dc_onboarding_fees_paid;
	uint64_t hnt_rewards_issued;        /* HNT base units sent to the sub-dao's escrow */
	uint32_t previous_percentage;
};
int helium_sub_dao_epoch_info_parse(struct helium_sub_dao_epoch_info *out, const uint8_t *data, size_t len,
				    struct error *e) WUR;

/* ---- helium_entity_manager -------------------------------------------------- */

#define HELIUM_ENTITY_KEY_MAX 128

enum helium_key_serialization { HELIUM_KEY_B58 = 0, HELIUM_KEY_UTF8 = 1 };

/* KeyToAssetV0 */
struct helium_key_to_asset {
	uint8_t dao[32];
	uint8_t asset[32];
	uint8_t entity_key[HELIUM_ENTITY_KEY_MAX];
	size_t entity_key_len;
	uint8_t bump_seed;
	enum helium_key_serialization key_serialization;
};
int helium_key_to_asset_parse(struct helium_key_to_asset *out, const uint8_t *data, size_t len,
			      struct error *e) WUR;
/* The entity key as text (base58 or UTF-8 per key_serialization). */
int helium_key_to_asset_entity_key(char *out, size_t out_size, const struct helium_key_to_asset *k,
				   struct error *e) WUR;

/* ---- account compression: the concurrent merkle tree ------------------------ */

#define HELIUM_TREE_HEADER_LEN 56

/* From a ConcurrentMerkleTree account (spl-account-compression): the
 * header (account type 1, version V1: max_buffer_size, max_depth,
 * authority, creation_slot) and the canopy depth the account's size leaves
 * after the tree: canopy bytes = len - 56 - tree size, where
 *   tree size = 24 + buffer * (40 + 32 * depth) + 40 + 32 * depth
 * and the canopy holds 2^(canopy_depth + 1) - 2 nodes of 32 bytes. A claim
 * sends the asset proof without its last canopy_depth nodes. */
struct helium_tree_account {
	uint32_t max_buffer_size;
	uint32_t max_depth;
	uint8_t authority[32];
	uint64_t creation_slot;
	uint32_t canopy_depth;
	uint64_t sequence_number;           /* the tree's, after the header */
	uint64_t active_index;
	uint64_t buffer_size;
};
/* ERR_USAGE: not a concurrent merkle tree, an unknown header version, a
 * depth above 30 or a buffer above 2048, a size no canopy explains. */
int helium_tree_account_parse(struct helium_tree_account *out, const uint8_t *data, size_t len, struct error *e) WUR;
/* The tree's root: the change log at active_index (32 bytes). */
int helium_tree_root(uint8_t out[32], const struct helium_tree_account *t, const uint8_t *data, size_t len,
		     struct error *e) WUR;

#endif
