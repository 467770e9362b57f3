/* Helium's account parsers against accounts Anchor's BorshAccountsCoder
 * encoded with the published IDLs (tests/fixtures/helium/accounts.json, made
 * by gen-accounts.js): every field compared with the values the coder was
 * given; PDAs against web3.js's findProgramAddressSync; hostile data refused. */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sodium.h>
#include <cjson/cJSON.h>

#include "base58.h"
#include "u256.h"
#include "networks/helium/accounts.h"
#include "networks/helium/helium.h"
#include "tap.h"

static cJSON *root;

static const cJSON *fields(const char *label)
{
	return cJSON_GetObjectItem(cJSON_GetObjectItem(root, label), "fields");
}

static const char *fstr(const cJSON *o, const char *k)
{
	const cJSON *v = cJSON_GetObjectItem(o, k);
	return cJSON_IsString(v) ? v->valuestring : "(none)";
}

static long long fint(const cJSON *o, const char *k)
{
	const cJSON *v = cJSON_GetObjectItem(o, k);
	return cJSON_IsNumber(v) ? (long long)v->valuedouble : -1;
}

static uint8_t *data_of(const char *label, size_t *len)
{
	const char *b64 = fstr(cJSON_GetObjectItem(root, label), "data");
	size_t cap = strlen(b64);
	uint8_t *p = malloc(cap + 64);
	if (!p || sodium_base642bin(p, cap, b64, cap, NULL, len, NULL, sodium_base64_VARIANT_ORIGINAL) != 0) {
		printf("Bail out! %s: bad base64\n", label);
		exit(1);
	}
	return p;
}

static const char *b58(const uint8_t k[32])
{
	static char buf[4][64];
	static int i;
	char *o = buf[i++ % 4];
	if (base58_encode(o, 64, k, 32) != 0)
		strcpy(o, "?");
	return o;
}

static const char *u64s(uint64_t v)
{
	static char buf[4][32];
	static int i;
	char *o = buf[i++ % 4];
	snprintf(o, 32, "%" PRIu64, v);
	return o;
}

static const char *u128s(uint64_t lo, uint64_t hi)
{
	static char buf[4][64];
	static int i;
	char *o = buf[i++ % 4];
	struct u256 a, h;
	u256_from_u64(&h, hi);
	u256_shl(&h, &h, 64);
	u256_from_u64(&a, lo);
	if (u256_add(&a, &a, &h) != 0 || u256_format_dec(o, 64, &a) != 0)
		strcpy(o, "?");
	return o;
}

#define KEY(got, obj, name) is_str(b58(got), fstr(obj, name), "%s", name)
#define U64(got, obj, name) is_str(u64s(got), fstr(obj, name), "%s", name)
#define INT(got, obj, name) is_int(got, fint(obj, name), "%s", name)

static void proposals(const struct helium_recent_proposal *p, const cJSON *arr)
{
	for (int i = 0; i < 4; i++) {
		const cJSON *o = cJSON_GetArrayItem(arr, i);
		KEY(p[i].proposal, o, "proposal");
		is_str(u64s((uint64_t)p[i].ts), fstr(o, "ts"), "proposal %d ts", i);
	}
}

static void lazy_distributor(void)
{
	struct error e = {0};
	for (int k = 0; k < 2; k++) {
		const char *label = k ? "lazy_distributor_noapprover" : "lazy_distributor";
		size_t len;
		uint8_t *d = data_of(label, &len);
		const cJSON *f = fields(label);
		struct helium_ld_account ld;
		ok(helium_ld_account_parse(&ld, d, len, &e) == 0, "%s parses %s", label, e.msg);
		INT(ld.version, f, "version");
		KEY(ld.rewards_mint, f, "rewardsMint");
		KEY(ld.rewards_escrow, f, "rewardsEscrow");
		KEY(ld.authority, f, "authority");
		const cJSON *orc = cJSON_GetObjectItem(f, "oracles");
		is_int(ld.noracles, cJSON_GetArraySize(orc), "%s oracles", label);
		for (size_t i = 0; i < ld.noracles; i++) {
			const cJSON *o = cJSON_GetArrayItem(orc, (int)i);
			KEY(ld.oracles[i].oracle, o, "oracle");
			is_str(ld.oracles[i].url, fstr(o, "url"), "oracle %zu url", i);
		}
		INT(ld.bump_seed, f, "bumpSeed");
		if (cJSON_IsNull(cJSON_GetObjectItem(f, "approver")))
			ok(!ld.has_approver, "no approver");
		else
			ok(ld.has_approver && !strcmp(b58(ld.approver), fstr(f, "approver")), "approver");

		/* every truncation is refused */
		int refused = 0;
		for (size_t n = 0; n < len; n++)
			refused += helium_ld_account_parse(&ld, d, n, &e) == ERR_USAGE;
		is_int(refused, len, "%s: each of %zu truncations refused", label, len);
		/* trailing zeros (space allocated larger) are fine, other bytes are not */
		uint8_t *big = calloc(1, len + 100);
		memcpy(big, d, len);
		ok(helium_ld_account_parse(&ld, big, len + 100, &e) == 0, "trailing zero space accepted");
		big[len + 50] = 1;
		ok(helium_ld_account_parse(&ld, big, len + 100, &e) == ERR_USAGE && strstr(e.msg, "unknown data"),
		   "trailing garbage refused: %s", e.msg);
		free(big);
		/* another account type */
		struct helium_recipient_account rc;
		ok(helium_recipient_account_parse(&rc, d, len, &e) == ERR_USAGE && strstr(e.msg, "not a RecipientV0"),
		   "a lazy distributor is not a recipient: %s", e.msg);
		free(d);
	}
	/* a hostile oracle count */
	size_t len;
	uint8_t *d = data_of("lazy_distributor", &len);
	struct helium_ld_account ld;
	d[8 + 2 + 96] = 0xff; /* the Vec length's low byte: 255 oracles */
	ok(helium_ld_account_parse(&ld, d, len, &e) == ERR_USAGE && strstr(e.msg, "oracles"),
	   "255 oracles refused: %s", e.msg);
	d[8 + 2 + 96] = 2;
	d[8 + 2 + 96 + 4 + 32] = 0xff; /* the first url's length: beyond the data */
	ok(helium_ld_account_parse(&ld, d, len, &e) == ERR_USAGE, "a url longer than the data refused");
	free(d);
}

static void recipient(void)
{
	struct error e = {0};
	for (int k = 0; k < 2; k++) {
		const char *label = k ? "recipient_nodest" : "recipient";
		size_t len;
		uint8_t *d = data_of(label, &len);
		const cJSON *f = fields(label);
		struct helium_recipient_account r;
		ok(helium_recipient_account_parse(&r, d, len, &e) == 0, "%s parses %s", label, e.msg);
		KEY(r.lazy_distributor, f, "lazyDistributor");
		KEY(r.asset, f, "asset");
		U64(r.total_rewards, f, "totalRewards");
		INT(r.current_config_version, f, "currentConfigVersion");
		const cJSON *cr = cJSON_GetObjectItem(f, "currentRewards");
		is_int(r.ncurrent_rewards, cJSON_GetArraySize(cr), "current rewards");
		for (size_t i = 0; i < r.ncurrent_rewards; i++) {
			const cJSON *v = cJSON_GetArrayItem(cr, (int)i);
			if (cJSON_IsNull(v))
				ok(!r.has_current_reward[i], "current reward %zu none", i);
			else
				ok(r.has_current_reward[i] && !strcmp(u64s(r.current_rewards[i]), v->valuestring),
				   "current reward %zu %s", i, v->valuestring);
		}
		INT(r.bump_seed, f, "bumpSeed");
		U64(r.reserved, f, "reserved");
		KEY(r.destination, f, "destination");
		ok(helium_recipient_has_destination(&r) == (k == 0), "destination set or not");
		int refused = 0;
		for (size_t n = 0; n < len; n++)
			refused += helium_recipient_account_parse(&r, d, n, &e) == ERR_USAGE;
		is_int(refused, len, "%s: each truncation refused", label);
		free(d);
	}
	size_t len;
	uint8_t *d = data_of("recipient", &len);
	struct helium_recipient_account r;
	d[8 + 64 + 8 + 2 + 4] = 7; /* the first Option's tag */
	ok(helium_recipient_account_parse(&r, d, len, &e) == ERR_USAGE, "an option tag of 7 refused: %s", e.msg);
	d[8 + 64 + 8 + 2 + 4] = 1;
	d[0] ^= 1;
	ok(helium_recipient_account_parse(&r, d, len, &e) == ERR_USAGE && strstr(e.msg, "discriminator"),
	   "a wrong discriminator refused: %s", e.msg);
	free(d);
}

static void breaker(void)
{
	struct error e = {0};
	size_t len;
	uint8_t *d = data_of("account_breaker", &len);
	const cJSON *f = fields("account_breaker");
	const cJSON *cfg = cJSON_GetObjectItem(f, "config"), *w = cJSON_GetObjectItem(f, "lastWindow");
	struct helium_account_breaker b;
	ok(helium_account_breaker_parse(&b, d, len, &e) == 0, "breaker parses %s", e.msg);
	KEY(b.token_account, f, "tokenAccount");
	KEY(b.authority, f, "authority");
	KEY(b.owner, f, "owner");
	U64(b.window_size_seconds, cfg, "windowSizeSeconds");
	is_int(b.threshold_type, HELIUM_BREAKER_ABSOLUTE, "threshold absolute");
	U64(b.threshold, cfg, "threshold");
	U64(b.last_aggregated_value, w, "lastAggregatedValue");
	is_int(b.last_unix_timestamp, -5, "lastUnixTimestamp");
	INT(b.bump_seed, f, "bumpSeed");
	d[8 + 96 + 8] = 2;
	ok(helium_account_breaker_parse(&b, d, len, &e) == ERR_USAGE, "threshold type 2 refused: %s", e.msg);
	free(d);
}

static void dao(void)
{
	struct error e = {0};
	size_t len;
	uint8_t *d = data_of("dao", &len);
	const cJSON *f = fields("dao");
	struct helium_dao x;
	ok(helium_dao_parse(&x, d, len, &e) == 0, "dao parses %s", e.msg);
	KEY(x.hnt_mint, f, "hntMint");
	KEY(x.dc_mint, f, "dcMint");
	KEY(x.authority, f, "authority");
	KEY(x.registrar, f, "registrar");
	KEY(x.hst_pool, f, "hstPool");
	U64(x.net_emissions_cap, f, "netEmissionsCap");
	INT(x.num_sub_daos, f, "numSubDaos");
	const cJSON *es = cJSON_GetObjectItem(f, "emissionSchedule");
	is_int(x.nemission_schedule, cJSON_GetArraySize(es), "emission schedule");
	for (size_t i = 0; i < x.nemission_schedule; i++) {
		const cJSON *o = cJSON_GetArrayItem(es, (int)i);
		is_str(u64s((uint64_t)x.emission_schedule[i].start_unix_time), fstr(o, "startUnixTime"), "start %zu", i);
		U64(x.emission_schedule[i].emissions_per_epoch, o, "emissionsPerEpoch");
	}
	is_int(helium_emissions_at(x.emission_schedule, x.nemission_schedule, 1760000000), 2054794520548LL,
	       "emissions in force in 2025-10");
	is_int(helium_emissions_at(x.emission_schedule, x.nemission_schedule, 1700000000), 4109589041095LL,
	       "emissions in force in 2023-11");
	is_int(helium_emissions_at(x.emission_schedule, x.nemission_schedule, 1), 0, "none before the schedule");
	INT(x.bump_seed, f, "bumpSeed");
	KEY(x.rewards_escrow, f, "rewardsEscrow");
	KEY(x.delegator_pool, f, "delegatorPool");
	U64(x.delegator_rewards_percent, f, "delegatorRewardsPercent");
	KEY(x.proposal_namespace, f, "proposalNamespace");
	proposals(x.recent_proposals, cJSON_GetObjectItem(f, "recentProposals"));
	int refused = 0;
	for (size_t n = 0; n < len; n++)
		refused += helium_dao_parse(&x, d, n, &e) == ERR_USAGE;
	is_int(refused, len, "dao: each truncation refused");
	free(d);

	d = data_of("sub_dao", &len);
	f = fields("sub_dao");
	struct helium_sub_dao s;
	ok(helium_sub_dao_parse(&s, d, len, &e) == 0, "sub dao parses %s", e.msg);
	KEY(s.dao, f, "dao");
	KEY(s.dnt_mint, f, "dntMint");
	KEY(s.treasury, f, "treasury");
	KEY(s.rewards_escrow, f, "rewardsEscrow");
	KEY(s.delegator_pool, f, "delegatorPool");
	is_str(u128s(s.vehnt_delegated_lo, s.vehnt_delegated_hi), fstr(f, "vehntDelegated"), "vehntDelegated");
	is_str(u64s((uint64_t)s.vehnt_last_calculated_ts), fstr(f, "vehntLastCalculatedTs"), "vehntLastCalculatedTs");
	is_str(u128s(s.vehnt_fall_rate_lo, s.vehnt_fall_rate_hi), fstr(f, "vehntFallRate"), "vehntFallRate");
	KEY(s.authority, f, "authority");
	KEY(s.active_device_aggregator, f, "deprecatedActiveDeviceAggregator");
	KEY(s.dc_burn_authority, f, "dcBurnAuthority");
	U64(s.onboarding_dc_fee, f, "onboardingDcFee");
	es = cJSON_GetObjectItem(f, "emissionSchedule");
	is_int(s.nemission_schedule, 1, "sub dao emission schedule");
	U64(s.emission_schedule[0].emissions_per_epoch, cJSON_GetArrayItem(es, 0), "emissionsPerEpoch");
	INT(s.bump_seed, f, "bumpSeed");
	KEY(s.registrar, f, "registrar");
	U64(s.delegator_rewards_percent, f, "deprecatedDelegatorRewardsPercent");
	U64(s.onboarding_data_only_dc_fee, f, "onboardingDataOnlyDcFee");
	U64(s.dc_onboarding_fees_paid, f, "dcOnboardingFeesPaid");
	KEY(s.active_device_authority, f, "activeDeviceAuthority");
	refused = 0;
	for (size_t n = 0; n < len; n++)
		refused += helium_sub_dao_parse(&s, d, n, &e) == ERR_USAGE;
	is_int(refused, len, "sub dao: each truncation refused");
	/* a hostile schedule length */
	size_t off = 8 + 32 * 5 + 16 + 8 + 16 + 32 * 3 + 8;
	d[off + 3] = 0x7f;
	ok(helium_sub_dao_parse(&s, d, len, &e) == ERR_USAGE && strstr(e.msg, "emission_schedule"),
	   "a schedule of 2^30 items refused: %s", e.msg);
	free(d);
}

static void epochs(void)
{
	struct error e = {0};
	size_t len;
	uint8_t *d = data_of("dao_epoch_info", &len);
	const cJSON *f = fields("dao_epoch_info");
	struct helium_dao_epoch_info x;
	ok(helium_dao_epoch_info_parse(&x, d, len, &e) == 0, "dao epoch info parses %s", e.msg);
	ok(x.done_calculating_scores, "doneCalculatingScores");
	U64(x.epoch, f, "epoch");
	KEY(x.dao, f, "dao");
	U64(x.total_rewards, f, "totalRewards");
	U64(x.current_hnt_supply, f, "currentHntSupply");
	is_str(u128s(x.total_utility_score_lo, x.total_utility_score_hi), fstr(f, "totalUtilityScore"),
	       "totalUtilityScore");
	INT(x.num_utility_scores_calculated, f, "numUtilityScoresCalculated");
	INT(x.num_rewards_issued, f, "numRewardsIssued");
	ok(x.done_issuing_rewards && !x.done_issuing_hst_pool, "doneIssuingRewards, doneIssuingHstPool");
	INT(x.bump_seed, f, "bumpSeed");
	proposals(x.recent_proposals, cJSON_GetObjectItem(f, "recentProposals"));
	U64(x.delegation_rewards_issued, f, "delegationRewardsIssued");
	U64(x.vehnt_at_epoch_start, f, "vehntAtEpochStart");
	U64(x.cumulative_not_emitted, f, "cumulativeNotEmitted");
	U64(x.not_emitted, f, "notEmitted");
	U64(x.smoothed_hnt_burned, f, "smoothedHntBurned");
	U64(x.deployer_cap_hnt, f, "deployerCapHnt");
	d[8] = 2;
	ok(helium_dao_epoch_info_parse(&x, d, len, &e) == ERR_USAGE, "a bool of 2 refused: %s", e.msg);
	free(d);

	for (int k = 0; k < 2; k++) {
		const char *label = k ? "sub_dao_epoch_info_none" : "sub_dao_epoch_info";
		d = data_of(label, &len);
		f = fields(label);
		struct helium_sub_dao_epoch_info s;
		ok(helium_sub_dao_epoch_info_parse(&s, d, len, &e) == 0, "%s parses %s", label, e.msg);
		U64(s.epoch, f, "epoch");
		KEY(s.sub_dao, f, "subDao");
		U64(s.dc_burned, f, "dcBurned");
		U64(s.vehnt_at_epoch_start, f, "vehntAtEpochStart");
		is_str(u128s(s.vehnt_in_closing_positions_lo, s.vehnt_in_closing_positions_hi),
		       fstr(f, "vehntInClosingPositions"), "vehntInClosingPositions");
		is_str(u128s(s.fall_rates_from_closing_positions_lo, s.fall_rates_from_closing_positions_hi),
		       fstr(f, "fallRatesFromClosingPositions"), "fallRatesFromClosingPositions");
		U64(s.delegation_rewards_issued, f, "delegationRewardsIssued");
		if (k == 0) {
			ok(s.has_utility_score && !strcmp(u128s(s.utility_score_lo, s.utility_score_hi),
							  fstr(f, "utilityScore")), "utilityScore");
			ok(s.has_rewards_issued_at && !strcmp(u64s((uint64_t)s.rewards_issued_at),
							      fstr(f, "rewardsIssuedAt")), "rewardsIssuedAt");
			ok(s.initialized, "initialized");
		} else {
			ok(!s.has_utility_score && !s.has_rewards_issued_at && !s.initialized, "options none");
		}
		INT(s.bump_seed, f, "bumpSeed");
		U64(s.dc_onboarding_fees_paid, f, "dcOnboardingFeesPaid");
		U64(s.hnt_rewards_issued, f, "hntRewardsIssued");
		INT(s.previous_percentage, f, "previousPercentage");
		int refused = 0;
		for (size_t n = 0; n < len; n++)
			refused += helium_sub_dao_epoch_info_parse(&s, d, n, &e) == ERR_USAGE;
		is_int(refused, len, "%s: each truncation refused", label);
		free(d);
	}
}

static void key_to_asset(void)
{
	struct error e = {0};
	for (int k = 0; k < 2; k++) {
		const char *label = k ? "key_to_asset_utf8" : "key_to_asset";
		size_t len;
		uint8_t *d = data_of(label, &len);
		const cJSON *f = fields(label);
		struct helium_key_to_asset x;
		char text[200];
		ok(helium_key_to_asset_parse(&x, d, len, &e) == 0, "%s parses %s", label, e.msg);
		KEY(x.dao, f, "dao");
		KEY(x.asset, f, "asset");
		char hex[300];
		sodium_bin2hex(hex, sizeof hex, x.entity_key, x.entity_key_len);
		is_str(hex, fstr(f, "entityKey"), "entityKey bytes");
		INT(x.bump_seed, f, "bumpSeed");
		is_int(x.key_serialization, k ? HELIUM_KEY_UTF8 : HELIUM_KEY_B58, "keySerialization");
		ok(helium_key_to_asset_entity_key(text, sizeof text, &x, &e) == 0 &&
			   !strcmp(text, fstr(cJSON_GetObjectItem(root, label), "entity_key")),
		   "entity key text %s", text);
		d[len - 1] = 2;
		ok(helium_key_to_asset_parse(&x, d, len, &e) == ERR_USAGE, "serialization 2 refused: %s", e.msg);
		free(d);
	}
}

static void pdas(void)
{
	struct error e = {0};
	const cJSON *p = cJSON_GetObjectItem(root, "pdas");
	uint8_t hnt[32], iot[32], dao_k[32], sd[32], ld[32], out[32], asset[32], escrow[32], tree[32], ek[64];
	size_t n = 0;
	helium_key(hnt, HELIUM_HNT_MINT);
	helium_key(iot, HELIUM_IOT_MINT);
	ok(helium_dao_key(dao_k, NULL, hnt, &e) == 0, "dao pda");
	is_str(b58(dao_k), fstr(p, "dao"), "dao pda matches web3.js");
	ok(helium_sub_dao_key(sd, NULL, iot, &e) == 0, "sub dao pda");
	is_str(b58(sd), fstr(p, "sub_dao_iot"), "iot sub dao pda");
	ok(helium_lazy_distributor_key(ld, NULL, hnt, &e) == 0, "lazy distributor pda");
	is_str(b58(ld), fstr(p, "lazy_distributor_hnt"), "HNT lazy distributor pda");
	ok(base58_decode(asset, 32, &n, fstr(p, "asset")) == 0 && n == 32, "asset key");
	ok(helium_recipient_key(out, NULL, ld, asset, &e) == 0, "recipient pda");
	is_str(b58(out), fstr(p, "recipient"), "recipient pda");
	ok(helium_entity_key_bytes(ek, sizeof ek, &n, fstr(p, "ecc"), &e) == 0, "entity key bytes");
	ok(helium_key_to_asset_key(out, NULL, dao_k, ek, n, &e) == 0, "key to asset pda");
	is_str(b58(out), fstr(p, "key_to_asset"), "key_to_asset pda");
	ok(helium_dao_epoch_info_key(out, NULL, dao_k, 20412, &e) == 0, "dao epoch pda");
	is_str(b58(out), fstr(p, "dao_epoch_info"), "dao_epoch_info pda");
	ok(helium_sub_dao_epoch_info_key(out, NULL, sd, 20412, &e) == 0, "sub dao epoch pda");
	is_str(b58(out), fstr(p, "sub_dao_epoch_info"), "sub_dao_epoch_info pda");
	ok(base58_decode(escrow, 32, &n, fstr(p, "escrow")) == 0 && n == 32, "escrow key");
	ok(helium_account_breaker_key(out, NULL, escrow, &e) == 0, "breaker pda");
	is_str(b58(out), fstr(p, "account_breaker"), "account_windowed_breaker pda");
	ok(helium_oracle_signer_key(out, NULL, &e) == 0, "oracle signer pda");
	is_str(b58(out), fstr(p, "oracle_signer"), "oracle_signer pda");
	ok(base58_decode(tree, 32, &n, fstr(p, "tree")) == 0 && n == 32, "tree key");
	ok(helium_tree_config_key(out, NULL, tree, &e) == 0, "tree config pda");
	is_str(b58(out), fstr(p, "tree_config"), "bubblegum tree config pda");
	ok(helium_entity_key_bytes(ek, sizeof ek, &n, "0OIl", &e) == ERR_USAGE, "a non-base58 entity key refused");
	is_str(helium_token_name(HELIUM_MOBILE), "MOBILE", "token names");
	is_int(helium_token_decimals(HELIUM_HNT), 8, "HNT has 8 decimals");
}

static void put32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

/* A tree account as spl-account-compression lays it out (sizes from its
 * getConcurrentMerkleTreeAccountSize: header 56, tree, canopy). */
static void tree(void)
{
	struct error e = {0};
	const uint32_t depth = 14, buf = 64, canopy = 3;
	size_t ts = 24 + (size_t)buf * (40 + 32 * depth) + 40 + 32 * depth;
	size_t len = 56 + ts + 32 * ((1u << (canopy + 1)) - 2);
	uint8_t *d = calloc(1, len);
	d[0] = 1;
	d[1] = 0;
	put32(d + 2, buf);
	put32(d + 6, depth);
	memset(d + 10, 7, 32);
	d[42] = 9;
	d[56] = 5;      /* sequence number */
	d[56 + 8] = 2;  /* active index */
	d[56 + 16] = 3; /* buffer size */
	memset(d + 56 + 24 + 2 * (40 + 32 * depth), 0xab, 32);
	struct helium_tree_account t;
	uint8_t root_[32], want[32];
	memset(want, 0xab, 32);
	ok(helium_tree_account_parse(&t, d, len, &e) == 0, "tree parses %s", e.msg);
	is_int(t.max_depth, depth, "max depth");
	is_int(t.max_buffer_size, buf, "max buffer");
	is_int(t.canopy_depth, canopy, "canopy depth from the size");
	is_int(t.creation_slot, 9, "creation slot");
	is_int(t.sequence_number, 5, "sequence number");
	ok(helium_tree_root(root_, &t, d, len, &e) == 0 && !memcmp(root_, want, 32), "root at the active index");
	ok(helium_tree_account_parse(&t, d, len - 32, &e) == ERR_USAGE, "a size no canopy explains refused: %s", e.msg);
	ok(helium_tree_account_parse(&t, d, 56 + ts, &e) == 0 && t.canopy_depth == 0, "no canopy");
	ok(helium_tree_account_parse(&t, d, 56 + ts - 1, &e) == ERR_USAGE, "short tree refused");
	d[0] = 2;
	ok(helium_tree_account_parse(&t, d, len, &e) == ERR_USAGE, "another account type refused");
	d[0] = 1;
	put32(d + 6, 31);
	ok(helium_tree_account_parse(&t, d, len, &e) == ERR_USAGE, "depth 31 refused");
	free(d);
}

int main(void)
{
	if (sodium_init() < 0)
		return 1;
	char *text = tap_slurp("tests/fixtures/helium/accounts.json");
	root = cJSON_Parse(text);
	if (!root) {
		printf("Bail out! accounts.json does not parse\n");
		return 1;
	}
	lazy_distributor();
	recipient();
	breaker();
	dao();
	epochs();
	key_to_asset();
	pdas();
	tree();
	{
		uint64_t a[] = {7}, b[] = {9, 1}, c[] = {5, UINT64_MAX, 3}, d[] = {UINT64_MAX, 4, UINT64_MAX - 1, 2};
		is_int(helium_median(a, 1), 7, "median of one answer");
		is_int(helium_median(b, 2), 9, "median of two: the upper one (distribute's filtered[len / 2])");
		ok(helium_median(c, 3) == 5, "median of three, one at u64 max");
		ok(helium_median(d, 4) == UINT64_MAX - 1, "median of four near u64 max: exact");
	}
	cJSON_Delete(root);
	free(text);
	return tap_done();
}
