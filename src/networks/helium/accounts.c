/* Helium's accounts: ids, PDAs and strict Borsh parsers, fields in the
 * published IDLs' order (npm @helium/idls). */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <sodium.h>

#include "base58.h"
#include "chains/solana/anchor.h"
#include "chains/solana/borsh.h"
#include "chains/solana/pda.h"
#include "networks/helium/accounts.h"

static const struct {
	const char *name, *mint;
	unsigned decimals;
} tokens[HELIUM_NTOKENS] = {
	[HELIUM_HNT] = {"HNT", HELIUM_HNT_MINT, HELIUM_HNT_DECIMALS},
	[HELIUM_IOT] = {"IOT", HELIUM_IOT_MINT, HELIUM_IOT_DECIMALS},
	[HELIUM_MOBILE] = {"MOBILE", HELIUM_MOBILE_MINT, HELIUM_MOBILE_DECIMALS},
};

const char *helium_token_name(enum helium_token t)
{
	return (unsigned)t < HELIUM_NTOKENS ? tokens[t].name : "?";
}

const char *helium_token_mint(enum helium_token t)
{
	return (unsigned)t < HELIUM_NTOKENS ? tokens[t].mint : NULL;
}

unsigned helium_token_decimals(enum helium_token t)
{
	return (unsigned)t < HELIUM_NTOKENS ? tokens[t].decimals : 0;
}

void helium_key(uint8_t out[32], const char *b58)
{
	size_t n = 0;
	if (base58_decode(out, 32, &n, b58) != 0 || n != 32)
		abort(); /* a compiled-in constant */
}

/* ---- PDAs ------------------------------------------------------------------ */

static int find(uint8_t out[32], uint8_t *bump, const char *program, const struct sol_seed *seeds, size_t n,
		struct error *e)
{
	uint8_t pid[32];
	helium_key(pid, program);
	return sol_pda_find(out, bump, seeds, n, pid, e);
}

#define SEED_STR(s) {(const uint8_t *)(s), sizeof(s) - 1}

int helium_lazy_distributor_key(uint8_t out[32], uint8_t *bump, const uint8_t rewards_mint[32], struct error *e)
{
	struct sol_seed s[] = {SEED_STR("lazy_distributor"), {rewards_mint, 32}};
	return find(out, bump, HELIUM_LAZY_DISTRIBUTOR_ID, s, 2, e);
}

int helium_recipient_key(uint8_t out[32], uint8_t *bump, const uint8_t lazy_distributor[32], const uint8_t asset[32],
			 struct error *e)
{
	struct sol_seed s[] = {SEED_STR("recipient"), {lazy_distributor, 32}, {asset, 32}};
	return find(out, bump, HELIUM_LAZY_DISTRIBUTOR_ID, s, 3, e);
}

int helium_key_to_asset_key(uint8_t out[32], uint8_t *bump, const uint8_t dao[32], const uint8_t *entity_key,
			    size_t entity_key_len, struct error *e)
{
	uint8_t h[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(h, entity_key, entity_key_len);
	struct sol_seed s[] = {SEED_STR("key_to_asset"), {dao, 32}, {h, 32}};
	return find(out, bump, HELIUM_ENTITY_MANAGER_ID, s, 3, e);
}

int helium_entity_key_bytes(uint8_t *out, size_t out_size, size_t *out_len, const char *entity_key, struct error *e)
{
	*out_len = 0;
	if (!entity_key[0] || base58_decode(out, out_size, out_len, entity_key) != 0)
		return error_set(e, ERR_USAGE, "entity key \"%.60s\" is not base58 of at most %zu bytes", entity_key,
				 out_size);
	return 0;
}

int helium_dao_key(uint8_t out[32], uint8_t *bump, const uint8_t hnt_mint[32], struct error *e)
{
	struct sol_seed s[] = {SEED_STR("dao"), {hnt_mint, 32}};
	return find(out, bump, HELIUM_SUB_DAOS_ID, s, 2, e);
}

int helium_sub_dao_key(uint8_t out[32], uint8_t *bump, const uint8_t dnt_mint[32], struct error *e)
{
	struct sol_seed s[] = {SEED_STR("sub_dao"), {dnt_mint, 32}};
	return find(out, bump, HELIUM_SUB_DAOS_ID, s, 2, e);
}

static void le64(uint8_t out[8], uint64_t v)
{
	for (int i = 0; i < 8; i++)
		out[i] = (uint8_t)(v >> (8 * i));
}

int helium_dao_epoch_info_key(uint8_t out[32], uint8_t *bump, const uint8_t dao[32], uint64_t epoch,
			      struct error *e)
{
	uint8_t ep[8];
	le64(ep, epoch);
	struct sol_seed s[] = {SEED_STR("dao_epoch_info"), {dao, 32}, {ep, 8}};
	return find(out, bump, HELIUM_SUB_DAOS_ID, s, 3, e);
}

int helium_sub_dao_epoch_info_key(uint8_t out[32], uint8_t *bump, const uint8_t sub_dao[32], uint64_t epoch,
				  struct error *e)
{
	uint8_t ep[8];
	le64(ep, epoch);
	struct sol_seed s[] = {SEED_STR("sub_dao_epoch_info"), {sub_dao, 32}, {ep, 8}};
	return find(out, bump, HELIUM_SUB_DAOS_ID, s, 3, e);
}

int helium_account_breaker_key(uint8_t out[32], uint8_t *bump, const uint8_t token_account[32], struct error *e)
{
	struct sol_seed s[] = {SEED_STR("account_windowed_breaker"), {token_account, 32}};
	return find(out, bump, HELIUM_CIRCUIT_BREAKER_ID, s, 2, e);
}

int helium_oracle_signer_key(uint8_t out[32], uint8_t *bump, struct error *e)
{
	struct sol_seed s[] = {SEED_STR("oracle_signer")};
	return find(out, bump, HELIUM_REWARDS_ORACLE_ID, s, 1, e);
}

int helium_tree_config_key(uint8_t out[32], uint8_t *bump, const uint8_t merkle_tree[32], struct error *e)
{
	struct sol_seed s[] = {{merkle_tree, 32}};
	return find(out, bump, HELIUM_BUBBLEGUM_ID, s, 1, e);
}

/* ---- parsing ------------------------------------------------------------------ */

/* Starts reading an Anchor account of type name. */
static int begin(struct borsh_reader *r, const uint8_t *data, size_t len, const char *name, struct error *e)
{
	if (len < ANCHOR_DISCRIMINATOR_LEN)
		return error_set(e, ERR_USAGE, "%s account of %zu bytes is too short", name, len);
	if (anchor_account_check(data, len, name, NULL) != 0)
		return error_set(e, ERR_USAGE, "account is not a %s (another discriminator)", name);
	borsh_reader_init(r, data + ANCHOR_DISCRIMINATOR_LEN, len - ANCHOR_DISCRIMINATOR_LEN);
	return 0;
}

/* Every read went well; bytes after the data must be zero (Anchor accounts
 * are often allocated larger than their data, zero-filled). */
static int end(const struct borsh_reader *r, const char *name, struct error *e)
{
	if (r->err)
		return error_set(e, ERR_USAGE, "%s account of %zu bytes: %s at byte %zu", name,
				 r->len + ANCHOR_DISCRIMINATOR_LEN, r->err, r->err_pos + ANCHOR_DISCRIMINATOR_LEN);
	for (size_t i = r->pos; i < r->len; i++)
		if (r->p[i] != 0)
			return error_set(e, ERR_USAGE, "%s account of %zu bytes: unknown data after byte %zu", name,
					 r->len + ANCHOR_DISCRIMINATOR_LEN, r->pos + ANCHOR_DISCRIMINATOR_LEN);
	return 0;
}

#define RD(call) ((void)!(call))

static void read_pk(struct borsh_reader *r, uint8_t out[32])
{
	RD(borsh_read_fixed(r, out, 32));
}

/* A Vec's length, refused above max (a hostile length must not make us
 * read or allocate for it). */
static size_t read_len(struct borsh_reader *r, size_t max, const char *what, struct error *e, int *bad)
{
	uint32_t n = 0;
	if (borsh_read_u32(r, &n))
		return 0;
	if (n > max) {
		*bad = error_set(e, ERR_USAGE, "%s: %u entries, at most %zu expected", what, n, max);
		return 0;
	}
	return n;
}

int helium_ld_account_parse(struct helium_ld_account *out, const uint8_t *data, size_t len,
				  struct error *e)
{
	struct borsh_reader r;
	int bad = 0;
	memset(out, 0, sizeof *out);
	int rc = begin(&r, data, len, "LazyDistributorV0", e);
	if (rc)
		return rc;
	RD(borsh_read_u16(&r, &out->version));
	read_pk(&r, out->rewards_mint);
	read_pk(&r, out->rewards_escrow);
	read_pk(&r, out->authority);
	out->noracles = read_len(&r, HELIUM_LD_MAX_ORACLES, "LazyDistributorV0 oracles", e, &bad);
	if (bad)
		return bad;
	for (size_t i = 0; i < out->noracles; i++) {
		read_pk(&r, out->oracles[i].oracle);
		RD(borsh_read_string(&r, out->oracles[i].url, sizeof out->oracles[i].url));
	}
	RD(borsh_read_u8(&r, &out->bump_seed));
	RD(borsh_read_option(&r, &out->has_approver));
	if (out->has_approver)
		read_pk(&r, out->approver);
	return end(&r, "LazyDistributorV0", e);
}

int helium_recipient_account_parse(struct helium_recipient_account *out, const uint8_t *data, size_t len, struct error *e)
{
	struct borsh_reader r;
	int bad = 0;
	memset(out, 0, sizeof *out);
	int rc = begin(&r, data, len, "RecipientV0", e);
	if (rc)
		return rc;
	read_pk(&r, out->lazy_distributor);
	read_pk(&r, out->asset);
	RD(borsh_read_u64(&r, &out->total_rewards));
	RD(borsh_read_u16(&r, &out->current_config_version));
	out->ncurrent_rewards = read_len(&r, HELIUM_MAX_CURRENT_REWARDS, "RecipientV0 current_rewards", e, &bad);
	if (bad)
		return bad;
	for (size_t i = 0; i < out->ncurrent_rewards; i++) {
		RD(borsh_read_option(&r, &out->has_current_reward[i]));
		if (out->has_current_reward[i])
			RD(borsh_read_u64(&r, &out->current_rewards[i]));
	}
	RD(borsh_read_u8(&r, &out->bump_seed));
	RD(borsh_read_u64(&r, &out->reserved));
	read_pk(&r, out->destination);
	return end(&r, "RecipientV0", e);
}

bool helium_recipient_has_destination(const struct helium_recipient_account *rc)
{
	for (int i = 0; i < 32; i++)
		if (rc->destination[i])
			return true;
	return false;
}

int helium_account_breaker_parse(struct helium_account_breaker *out, const uint8_t *data, size_t len,
				 struct error *e)
{
	struct borsh_reader r;
	memset(out, 0, sizeof *out);
	int rc = begin(&r, data, len, "AccountWindowedCircuitBreakerV0", e);
	if (rc)
		return rc;
	uint8_t tt = 0;
	read_pk(&r, out->token_account);
	read_pk(&r, out->authority);
	read_pk(&r, out->owner);
	RD(borsh_read_u64(&r, &out->window_size_seconds));
	RD(borsh_read_u8(&r, &tt));
	RD(borsh_read_u64(&r, &out->threshold));
	RD(borsh_read_u64(&r, &out->last_aggregated_value));
	RD(borsh_read_i64(&r, &out->last_unix_timestamp));
	RD(borsh_read_u8(&r, &out->bump_seed));
	rc = end(&r, "AccountWindowedCircuitBreakerV0", e);
	if (rc)
		return rc;
	if (tt > 1)
		return error_set(e, ERR_USAGE, "AccountWindowedCircuitBreakerV0 account: threshold type %u unknown", tt);
	out->threshold_type = (enum helium_breaker_threshold)tt;
	return 0;
}

static void read_proposals(struct borsh_reader *r, struct helium_recent_proposal p[4])
{
	for (int i = 0; i < 4; i++) {
		read_pk(r, p[i].proposal);
		RD(borsh_read_i64(r, &p[i].ts));
	}
}

static size_t read_schedule(struct borsh_reader *r, struct helium_emission_item *items, const char *what,
			    struct error *e, int *bad)
{
	size_t n = read_len(r, HELIUM_MAX_SCHEDULE, what, e, bad);
	for (size_t i = 0; i < n; i++) {
		RD(borsh_read_i64(r, &items[i].start_unix_time));
		RD(borsh_read_u64(r, &items[i].emissions_per_epoch));
	}
	return n;
}

int helium_dao_parse(struct helium_dao *out, const uint8_t *data, size_t len, struct error *e)
{
	struct borsh_reader r;
	int bad = 0;
	memset(out, 0, sizeof *out);
	int rc = begin(&r, data, len, "DaoV0", e);
	if (rc)
		return rc;
	read_pk(&r, out->hnt_mint);
	read_pk(&r, out->dc_mint);
	read_pk(&r, out->authority);
	read_pk(&r, out->registrar);
	read_pk(&r, out->hst_pool);
	RD(borsh_read_u64(&r, &out->net_emissions_cap));
	RD(borsh_read_u32(&r, &out->num_sub_daos));
	out->nemission_schedule = read_schedule(&r, out->emission_schedule, "DaoV0 emission_schedule", e, &bad);
	if (bad)
		return bad;
	/* hst_emission_schedule: Vec<PercentItem {i64, u8}>, skipped */
	size_t nhst = read_len(&r, HELIUM_MAX_SCHEDULE, "DaoV0 hst_emission_schedule", e, &bad);
	if (bad)
		return bad;
	for (size_t i = 0; i < nhst; i++) {
		int64_t t;
		uint8_t pct;
		RD(borsh_read_i64(&r, &t));
		RD(borsh_read_u8(&r, &pct));
	}
	RD(borsh_read_u8(&r, &out->bump_seed));
	read_pk(&r, out->rewards_escrow);
	read_pk(&r, out->delegator_pool);
	RD(borsh_read_u64(&r, &out->delegator_rewards_percent));
	read_pk(&r, out->proposal_namespace);
	read_proposals(&r, out->recent_proposals);
	return end(&r, "DaoV0", e);
}

uint64_t helium_emissions_at(const struct helium_emission_item *items, size_t n, int64_t t)
{
	uint64_t v = 0;
	int64_t best = INT64_MIN;
	for (size_t i = 0; i < n; i++)
		if (items[i].start_unix_time <= t && items[i].start_unix_time >= best) {
			best = items[i].start_unix_time;
			v = items[i].emissions_per_epoch;
		}
	return v;
}

int helium_sub_dao_parse(struct helium_sub_dao *out, const uint8_t *data, size_t len, struct error *e)
{
	struct borsh_reader r;
	int bad = 0;
	memset(out, 0, sizeof *out);
	int rc = begin(&r, data, len, "SubDaoV0", e);
	if (rc)
		return rc;
	read_pk(&r, out->dao);
	read_pk(&r, out->dnt_mint);
	read_pk(&r, out->treasury);
	read_pk(&r, out->rewards_escrow);
	read_pk(&r, out->delegator_pool);
	RD(borsh_read_u128(&r, &out->vehnt_delegated_lo, &out->vehnt_delegated_hi));
	RD(borsh_read_i64(&r, &out->vehnt_last_calculated_ts));
	RD(borsh_read_u128(&r, &out->vehnt_fall_rate_lo, &out->vehnt_fall_rate_hi));
	read_pk(&r, out->authority);
	read_pk(&r, out->active_device_aggregator);
	read_pk(&r, out->dc_burn_authority);
	RD(borsh_read_u64(&r, &out->onboarding_dc_fee));
	out->nemission_schedule = read_schedule(&r, out->emission_schedule, "SubDaoV0 emission_schedule", e, &bad);
	if (bad)
		return bad;
	RD(borsh_read_u8(&r, &out->bump_seed));
	read_pk(&r, out->registrar);
	RD(borsh_read_u64(&r, &out->delegator_rewards_percent));
	RD(borsh_read_u64(&r, &out->onboarding_data_only_dc_fee));
	RD(borsh_read_u64(&r, &out->dc_onboarding_fees_paid));
	read_pk(&r, out->active_device_authority);
	return end(&r, "SubDaoV0", e);
}

int helium_dao_epoch_info_parse(struct helium_dao_epoch_info *out, const uint8_t *data, size_t len,
				struct error *e)
{
	struct borsh_reader r;
	memset(out, 0, sizeof *out);
	int rc = begin(&r, data, len, "DaoEpochInfoV0", e);
	if (rc)
		return rc;
	RD(borsh_read_bool(&r, &out->done_calculating_scores));
	RD(borsh_read_u64(&r, &out->epoch));
	read_pk(&r, out->dao);
	RD(borsh_read_u64(&r, &out->total_rewards));
	RD(borsh_read_u64(&r, &out->current_hnt_supply));
	RD(borsh_read_u128(&r, &out->total_utility_score_lo, &out->total_utility_score_hi));
	RD(borsh_read_u32(&r, &out->num_utility_scores_calculated));
	RD(borsh_read_u32(&r, &out->num_rewards_issued));
	RD(borsh_read_bool(&r, &out->done_issuing_rewards));
	RD(borsh_read_bool(&r, &out->done_issuing_hst_pool));
	RD(borsh_read_u8(&r, &out->bump_seed));
	read_proposals(&r, out->recent_proposals);
	RD(borsh_read_u64(&r, &out->delegation_rewards_issued));
	RD(borsh_read_u64(&r, &out->vehnt_at_epoch_start));
	RD(borsh_read_u64(&r, &out->cumulative_not_emitted));
	RD(borsh_read_u64(&r, &out->not_emitted));
	RD(borsh_read_u64(&r, &out->smoothed_hnt_burned));
	RD(borsh_read_u64(&r, &out->deployer_cap_hnt));
	return end(&r, "DaoEpochInfoV0", e);
}

int helium_sub_dao_epoch_info_parse(struct helium_sub_dao_epoch_info *out, const uint8_t *data, size_t len,
				    struct error *e)
{
	struct borsh_reader r;
	memset(out, 0, sizeof *out);
	int rc = begin(&r, data, len, "SubDaoEpochInfoV0", e);
	if (rc)
		return rc;
	RD(borsh_read_u64(&r, &out->epoch));
	read_pk(&r, out->sub_dao);
	RD(borsh_read_u64(&r, &out->dc_burned));
	RD(borsh_read_u64(&r, &out->vehnt_at_epoch_start));
	RD(borsh_read_u128(&r, &out->vehnt_in_closing_positions_lo, &out->vehnt_in_closing_positions_hi));
	RD(borsh_read_u128(&r, &out->fall_rates_from_closing_positions_lo, &out->fall_rates_from_closing_positions_hi));
	RD(borsh_read_u64(&r, &out->delegation_rewards_issued));
	RD(borsh_read_option(&r, &out->has_utility_score));
	if (out->has_utility_score)
		RD(borsh_read_u128(&r, &out->utility_score_lo, &out->utility_score_hi));
	RD(borsh_read_option(&r, &out->has_rewards_issued_at));
	if (out->has_rewards_issued_at)
		RD(borsh_read_i64(&r, &out->rewards_issued_at));
	RD(borsh_read_u8(&r, &out->bump_seed));
	RD(borsh_read_bool(&r, &out->initialized));
	RD(borsh_read_u64(&r, &out->dc_onboarding_fees_paid));
	RD(borsh_read_u64(&r, &out->hnt_rewards_issued));
	RD(borsh_read_u32(&r, &out->previous_percentage));
	return end(&r, "SubDaoEpochInfoV0", e);
}

int helium_key_to_asset_parse(struct helium_key_to_asset *out, const uint8_t *data, size_t len, struct error *e)
{
	struct borsh_reader r;
	memset(out, 0, sizeof *out);
	int rc = begin(&r, data, len, "KeyToAssetV0", e);
	if (rc)
		return rc;
	const uint8_t *key = NULL;
	size_t nkey = 0;
	uint8_t ser = 0;
	read_pk(&r, out->dao);
	read_pk(&r, out->asset);
	RD(borsh_read_vec(&r, &key, &nkey));
	RD(borsh_read_u8(&r, &out->bump_seed));
	RD(borsh_read_u8(&r, &ser));
	rc = end(&r, "KeyToAssetV0", e);
	if (rc)
		return rc;
	if (nkey == 0 || nkey > sizeof out->entity_key)
		return error_set(e, ERR_USAGE, "KeyToAssetV0 account: an entity key of %zu bytes", nkey);
	if (ser > 1)
		return error_set(e, ERR_USAGE, "KeyToAssetV0 account: key serialization %u unknown", ser);
	memcpy(out->entity_key, key, nkey);
	out->entity_key_len = nkey;
	out->key_serialization = (enum helium_key_serialization)ser;
	return 0;
}

int helium_key_to_asset_entity_key(char *out, size_t out_size, const struct helium_key_to_asset *k, struct error *e)
{
	if (k->key_serialization == HELIUM_KEY_B58) {
		if (base58_encode(out, out_size, k->entity_key, k->entity_key_len) != 0)
			return error_set(e, ERR_USAGE, "entity key of %zu bytes does not fit", k->entity_key_len);
		return 0;
	}
	if (k->entity_key_len >= out_size || !borsh_utf8_valid(k->entity_key, k->entity_key_len) ||
	    memchr(k->entity_key, 0, k->entity_key_len))
		return error_set(e, ERR_USAGE, "entity key of %zu bytes is not a UTF-8 text", k->entity_key_len);
	memcpy(out, k->entity_key, k->entity_key_len);
	out[k->entity_key_len] = 0;
	return 0;
}

/* ---- the concurrent merkle tree ------------------------------------------------ */

static uint32_t rd32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t rd64(const uint8_t *p)
{
	return (uint64_t)rd32(p) | (uint64_t)rd32(p + 4) << 32;
}

static size_t tree_size(uint32_t depth, uint32_t buffer)
{
	return 24 + (size_t)buffer * (40 + 32 * (size_t)depth) + 40 + 32 * (size_t)depth;
}

int helium_tree_account_parse(struct helium_tree_account *out, const uint8_t *data, size_t len, struct error *e)
{
	memset(out, 0, sizeof *out);
	if (len < HELIUM_TREE_HEADER_LEN)
		return error_set(e, ERR_USAGE, "merkle tree account of %zu bytes is too short", len);
	if (data[0] != 1)
		return error_set(e, ERR_USAGE, "account of type %u is not a concurrent merkle tree", data[0]);
	if (data[1] != 0)
		return error_set(e, ERR_USAGE, "merkle tree header version %u unknown", data[1]);
	out->max_buffer_size = rd32(data + 2);
	out->max_depth = rd32(data + 6);
	memcpy(out->authority, data + 10, 32);
	out->creation_slot = rd64(data + 42);
	if (out->max_depth < 3 || out->max_depth > 30 || out->max_buffer_size < 8 || out->max_buffer_size > 2048)
		return error_set(e, ERR_USAGE, "merkle tree of depth %u and buffer %u is not one the program makes",
				 out->max_depth, out->max_buffer_size);
	size_t ts = tree_size(out->max_depth, out->max_buffer_size);
	if (len < HELIUM_TREE_HEADER_LEN + ts)
		return error_set(e, ERR_USAGE, "merkle tree account of %zu bytes is too short for depth %u, buffer %u",
				 len, out->max_depth, out->max_buffer_size);
	size_t canopy = len - HELIUM_TREE_HEADER_LEN - ts;
	if (canopy % 32)
		return error_set(e, ERR_USAGE, "merkle tree account of %zu bytes: a canopy of %zu bytes", len, canopy);
	size_t nodes = canopy / 32, d = 0;
	/* nodes = 2^(d+1) - 2 */
	while (d <= out->max_depth && ((size_t)1 << (d + 1)) - 2 < nodes)
		d++;
	if (((size_t)1 << (d + 1)) - 2 != nodes || d > out->max_depth)
		return error_set(e, ERR_USAGE, "merkle tree account of %zu bytes: %zu canopy nodes is no canopy", len,
				 nodes);
	out->canopy_depth = (uint32_t)d;
	const uint8_t *t = data + HELIUM_TREE_HEADER_LEN;
	out->sequence_number = rd64(t);
	out->active_index = rd64(t + 8);
	out->buffer_size = rd64(t + 16);
	if (out->active_index >= out->max_buffer_size)
		return error_set(e, ERR_USAGE, "merkle tree: active index %llu beyond its buffer of %u",
				 (unsigned long long)out->active_index, out->max_buffer_size);
	return 0;
}

int helium_tree_root(uint8_t out[32], const struct helium_tree_account *t, const uint8_t *data, size_t len, struct error *e)
{
	size_t off = HELIUM_TREE_HEADER_LEN + 24 + (size_t)t->active_index * (40 + 32 * (size_t)t->max_depth);
	if (t->active_index >= t->max_buffer_size || off + 32 > len)
		return error_set(e, ERR_USAGE, "merkle tree: no change log at index %llu",
				 (unsigned long long)t->active_index);
	memcpy(out, data + off, 32);
	return 0;
}
