/* Nosana ("nosana"): NOS staking on the nosana_staking program and reward
 * claims on nosana_rewards, the node's status from Nosana's API, and NOS
 * earnings from token transfers into the wallet (soltransfers.h).
 *
 * Facts from Nosana's published IDL (@nosana/sdk, types/nosana_stake.d.ts,
 * nosana_staking 2.1.37) and its SDK's account derivations (services/stake.js):
 *   vault  = PDA("vault", NOS mint, authority)    on nosana_staking
 *   stake  = PDA("stake", NOS mint, authority)    on nosana_staking
 *   reward = PDA("reward", authority)             on nosana_rewards
 *   reflection = PDA("reflection"), rewards vault = PDA(NOS mint) on nosana_rewards
 *   (the program's source, nosana-programs: common/src/constants.rs; "stats"
 *   was the seed before the reflection account replaced StatsAccount)
 *   ReflectionAccount { rate u128, totalReflection u128, totalXnos u128,
 *                       vault, vaultBump u8 }
 *   RewardAccount { authority, bump u8, reflection u128, xnos u128 }
 *   pending rewards = reward.reflection / reflection.rate - reward.xnos
 *   (RewardAccount::get_amount, what claim pays)
 *   StakeAccount { amount u64, authority, duration u64, timeUnstake i64,
 *                  vault, vaultBump u8, xnos u128 }
 * Instructions are Anchor's: sha256("global:" + name)[0..8], then Borsh
 * arguments; accounts in the IDL's order. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sodium.h>

#include "amount.h"
#include "ctx.h"
#include "opts.h"
#include "output.h"
#include "chains/solana/anchor.h"
#include "chains/solana/borsh.h"
#include "chains/solana/pda.h"
#include "chains/solana/programs.h"
#include "chains/solana/stake.h"
#include "networks/network.h"
#include "networks/soltransfers.h"
#include "wallet/address.h"

#define NOSANA_STAKING_ID "nosScmHY2uR24Zh751PmGj9ww9QRNHewh9H59AfrTJE"
#define NOSANA_REWARDS_ID "nosRB8DUV67oLNrL45bo2pFLrmsWPiewe2Lk2DRNYCp"
#define NOSANA_NOS_MINT "nosXBVoaCTtYdLvKY6Csb4AC8JCdQKKAaWYtx2ZMoo7"

enum nosana_op { NOSANA_STAKE, NOSANA_UNSTAKE, NOSANA_RESTAKE, NOSANA_TOPUP, NOSANA_EXTEND, NOSANA_WITHDRAW, NOSANA_CLAIM };

/* The accounts of one wallet's staking. */
struct nosana_addrs {
	uint8_t staking[32], rewards[32], mint[32];
	uint8_t authority[32], user[32];        /* the wallet and its NOS account */
	uint8_t vault[32], stake[32];           /* nosana_staking PDAs */
	uint8_t reward[32], reflection[32], rewards_vault[32]; /* nosana_rewards PDAs */
};

struct nosana_stake {
	uint64_t amount;
	uint8_t authority[32];
	uint64_t duration;        /* seconds */
	int64_t time_unstake;     /* 0 while staked */
	uint8_t vault[32];
	uint8_t vault_bump;
	uint64_t xnos_lo, xnos_hi;
};

#define NOS_DECIMALS 6
#define SECONDS_PER_DAY 86400ULL
#define MAX_NODES 16

static const struct soltx_token token = {NOSANA_NOS_MINT, "NOS", NOS_DECIMALS};

/* ---- addresses ------------------------------------------------------------------------------ */

static int parse_key(uint8_t out[32], const char *b58, struct error *e)
{
	return address_solana_parse(out, b58, e);
}

static int nosana_addresses(struct nosana_addrs *a, const uint8_t authority[32], const char *staking, const char *rewards,
		     const char *mint, struct error *e)
{
	int rc;
	memset(a, 0, sizeof *a);
	memcpy(a->authority, authority, 32);
	if ((rc = parse_key(a->staking, staking ? staking : NOSANA_STAKING_ID, e)) ||
	    (rc = parse_key(a->rewards, rewards ? rewards : NOSANA_REWARDS_ID, e)) ||
	    (rc = parse_key(a->mint, mint ? mint : NOSANA_NOS_MINT, e)))
		return rc;
	struct sol_seed vault[3] = {{(const uint8_t *)"vault", 5}, {a->mint, 32}, {authority, 32}};
	struct sol_seed stake[3] = {{(const uint8_t *)"stake", 5}, {a->mint, 32}, {authority, 32}};
	struct sol_seed reward[2] = {{(const uint8_t *)"reward", 6}, {authority, 32}};
	struct sol_seed reflection[1] = {{(const uint8_t *)"reflection", 10}};
	struct sol_seed rvault[1] = {{a->mint, 32}};
	if ((rc = sol_pda_find(a->vault, NULL, vault, 3, a->staking, e)) ||
	    (rc = sol_pda_find(a->stake, NULL, stake, 3, a->staking, e)) ||
	    (rc = sol_pda_find(a->reward, NULL, reward, 2, a->rewards, e)) ||
	    (rc = sol_pda_find(a->reflection, NULL, reflection, 1, a->rewards, e)) ||
	    (rc = sol_pda_find(a->rewards_vault, NULL, rvault, 1, a->rewards, e)) ||
	    (rc = sol_pda_ata(a->user, authority, a->mint, sol_program_id_token, e)))
		return rc;
	return 0;
}

/* ---- instructions ----------------------------------------------------------------------------- */

struct meta {
	const uint8_t *key;
	bool signer, writable;
};

static int build(struct sol_instruction *ix, const uint8_t program[32], const char *name, const struct meta *m,
		 size_t n, const uint8_t *args, size_t args_len, struct error *e)
{
	uint8_t data[8 + 32];
	anchor_instruction_discriminator(data, name);
	if (args_len > sizeof data - 8)
		return error_set(e, ERR_USAGE, "nosana %s: arguments too long", name);
	if (args_len)
		memcpy(data + 8, args, args_len);
	sol_instruction_release(ix);
	sol_instruction_init(ix, program);
	int rc = 0;
	for (size_t i = 0; i < n && !rc; i++)
		rc = sol_instruction_add_account(ix, m[i].key, m[i].signer, m[i].writable, e);
	if (!rc)
		rc = sol_instruction_set_data(ix, data, 8 + args_len, e);
	if (rc) {
		sol_instruction_release(ix);
		sol_instruction_init(ix, program);
	}
	return rc;
}

static int nosana_ix(struct sol_instruction *ix, enum nosana_op op, const struct nosana_addrs *a, uint64_t amount,
	      uint64_t duration, struct error *e)
{
	uint8_t args[32];
	struct borsh_writer w;
	size_t len = 0;
	int rc;
	borsh_writer_init(&w, args, sizeof args);
	switch (op) {
	case NOSANA_STAKE: {
		/* stake(amount: u64, duration: u128) */
		borsh_write_u64(&w, amount);
		borsh_write_u128(&w, duration, 0);
		if ((rc = borsh_writer_finish(&len, &w, e)))
			return rc;
		struct meta m[] = {{a->mint, 0, 0},	       {a->user, 0, 1},
				   {a->vault, 0, 1},	       {a->stake, 0, 1},
				   {a->authority, 1, 1},       {sol_program_id_system, 0, 0},
				   {sol_program_id_token, 0, 0}, {sol_sysvar_rent, 0, 0}};
		return build(ix, a->staking, "stake", m, 8, args, len, e);
	}
	case NOSANA_UNSTAKE: {
		struct meta m[] = {{a->stake, 0, 1}, {a->reward, 0, 0}, {a->authority, 1, 0}};
		return build(ix, a->staking, "unstake", m, 3, NULL, 0, e);
	}
	case NOSANA_RESTAKE: {
		struct meta m[] = {{a->vault, 0, 1}, {a->stake, 0, 1}, {a->authority, 1, 0}};
		return build(ix, a->staking, "restake", m, 3, NULL, 0, e);
	}
	case NOSANA_TOPUP: {
		borsh_write_u64(&w, amount);
		if ((rc = borsh_writer_finish(&len, &w, e)))
			return rc;
		struct meta m[] = {{a->user, 0, 1}, {a->vault, 0, 1}, {a->stake, 0, 1}, {a->authority, 1, 0},
				   {sol_program_id_token, 0, 0}};
		return build(ix, a->staking, "topup", m, 5, args, len, e);
	}
	case NOSANA_EXTEND: {
		/* extend(duration: u64): seconds added */
		borsh_write_u64(&w, duration);
		if ((rc = borsh_writer_finish(&len, &w, e)))
			return rc;
		struct meta m[] = {{a->stake, 0, 1}, {a->authority, 1, 0}};
		return build(ix, a->staking, "extend", m, 2, args, len, e);
	}
	case NOSANA_WITHDRAW: {
		struct meta m[] = {{a->user, 0, 1}, {a->vault, 0, 1}, {a->stake, 0, 1}, {a->authority, 1, 1},
				   {sol_program_id_token, 0, 0}};
		return build(ix, a->staking, "withdraw", m, 5, NULL, 0, e);
	}
	case NOSANA_CLAIM: {
		/* nosana_rewards claim: user, vault, reflection, reward, stake, authority, token program */
		struct meta m[] = {{a->user, 0, 1},  {a->rewards_vault, 0, 1}, {a->reflection, 0, 1},
				   {a->reward, 0, 1}, {a->stake, 0, 0},		{a->authority, 1, 1},
				   {sol_program_id_token, 0, 0}};
		return build(ix, a->rewards, "claim", m, 7, NULL, 0, e);
	}
	}
	return error_set(e, ERR_USAGE, "nosana: unknown operation");
}

static const char *const op_names[] = {"stake", "unstake", "restake", "topup", "extend", "withdraw", "claim"};

static const char *nosana_op_name(enum nosana_op op)
{
	return (unsigned)op < sizeof op_names / sizeof op_names[0] ? op_names[op] : "?";
}

/* ---- the stake account ------------------------------------------------------------------------ */

static int nosana_stake_parse(struct nosana_stake *out, const uint8_t *d, size_t len, struct error *e)
{
	memset(out, 0, sizeof *out);
	int rc = anchor_account_check(d, len, "StakeAccount", e);
	if (rc)
		return rc;
	struct borsh_reader r;
	borsh_reader_init(&r, d + 8, len - 8);
	uint64_t hi = 0;
	if (borsh_read_u64(&r, &out->amount) || borsh_read_fixed(&r, out->authority, 32) ||
	    borsh_read_u64(&r, &out->duration) || borsh_read_i64(&r, &out->time_unstake) ||
	    borsh_read_fixed(&r, out->vault, 32) || borsh_read_u8(&r, &out->vault_bump) ||
	    borsh_read_u128(&r, &out->xnos_lo, &hi))
		return error_set(e, ERR_USAGE, "nosana stake account: %zu bytes, too short", len);
	out->xnos_hi = hi;
	return 0;
}

/* The pending rewards of a RewardAccount at a ReflectionAccount's rate
 * (RewardAccount::get_amount): reflection / rate - xnos, in NOS base units. */
static int nosana_pending(struct u256 *out, const uint8_t *reward, size_t rlen, const uint8_t authority[32],
			  const uint8_t *reflection, size_t flen, struct error *e)
{
	uint8_t who[32], bump;
	uint64_t rf_lo, rf_hi, xn_lo, xn_hi, rate_lo, rate_hi;
	struct borsh_reader r;
	int rc = anchor_account_check(reward, rlen, "RewardAccount", e);
	if (rc)
		return rc;
	borsh_reader_init(&r, reward + 8, rlen - 8);
	if (borsh_read_fixed(&r, who, 32) || borsh_read_u8(&r, &bump) || borsh_read_u128(&r, &rf_lo, &rf_hi) ||
	    borsh_read_u128(&r, &xn_lo, &xn_hi))
		return error_set(e, ERR_USAGE, "nosana reward account: %zu bytes, too short", rlen);
	if (memcmp(who, authority, 32))
		return error_set(e, ERR_USAGE, "nosana reward account: another wallet's");
	if ((rc = anchor_account_check(reflection, flen, "ReflectionAccount", e)))
		return rc;
	borsh_reader_init(&r, reflection + 8, flen - 8);
	if (borsh_read_u128(&r, &rate_lo, &rate_hi))
		return error_set(e, ERR_USAGE, "nosana reflection account: %zu bytes, too short", flen);
	struct u256 rf = {{rf_lo, rf_hi, 0, 0}}, xn = {{xn_lo, xn_hi, 0, 0}}, rate = {{rate_lo, rate_hi, 0, 0}}, q, rem;
	if (u256_is_zero(&rate))
		return error_set(e, ERR_USAGE, "nosana reflection account: a rate of 0");
	if (u256_divmod(&q, &rem, &rf, &rate))
		return error_set(e, ERR_USAGE, "nosana reflection account: the rate");
	if (u256_sub(out, &q, &xn))
		u256_zero(out); /* the program would fail the subtraction: nothing to claim */
	return 0;
}

/* ---- describing instructions (for the confirmation) ------------------------------------------- */

static int describe(char *out, size_t size, const struct sol_instruction *ix)
{
	uint8_t st[32], rw[32];
	if (parse_key(st, NOSANA_STAKING_ID, NULL) || parse_key(rw, NOSANA_REWARDS_ID, NULL))
		return ERR_NOTFOUND;
	int staking = !memcmp(ix->program_id, st, 32), rewards = !memcmp(ix->program_id, rw, 32);
	if (!staking && !rewards)
		return ERR_NOTFOUND;
	if (ix->data_len < 8) {
		snprintf(out, size, "nosana: instruction without a discriminator");
		return 0;
	}
	for (size_t k = 0; k < sizeof op_names / sizeof op_names[0]; k++) {
		if ((k == NOSANA_CLAIM) != rewards)
			continue;
		uint8_t disc[8];
		anchor_instruction_discriminator(disc, op_names[k]);
		if (memcmp(disc, ix->data, 8))
			continue;
		char extra[96] = "", amt[48];
		if ((k == NOSANA_STAKE || k == NOSANA_TOPUP) && ix->data_len >= 16) {
			uint64_t v = 0;
			for (int i = 7; i >= 0; i--)
				v = v << 8 | ix->data[8 + i];
			solnet_fmt(amt, sizeof amt, v, NOS_DECIMALS);
			snprintf(extra, sizeof extra, " %s NOS", amt);
		}
		if ((k == NOSANA_STAKE && ix->data_len >= 32) || (k == NOSANA_EXTEND && ix->data_len >= 16)) {
			size_t at = k == NOSANA_STAKE ? 16 : 8;
			uint64_t v = 0;
			for (int i = 7; i >= 0; i--)
				v = v << 8 | ix->data[at + i];
			size_t o = strlen(extra);
			snprintf(extra + o, sizeof extra - o, "%s%llu days", o ? ", " : " ", (unsigned long long)(v / SECONDS_PER_DAY));
		}
		char auth[48] = "?";
		for (size_t i = 0; i < ix->accounts_len; i++)
			if (ix->accounts[i].is_signer)
				solnet_b58(auth, ix->accounts[i].pubkey);
		snprintf(out, size, "%s %s%s (authority %s)", rewards ? "nosana_rewards" : "nosana_staking", op_names[k],
			 extra, auth);
		return 0;
	}
	snprintf(out, size, "nosana: an instruction depinctl does not build (%zu bytes)", ix->data_len);
	return 0;
}

/* ---- refresh: stake accounts, the node API, NOS transfers --------------------------------------- */

struct node_state {
	size_t nowners;
	struct {
		char owner[48];
		int has_stake;
		struct nosana_stake s;
		uint8_t authority[32];
		uint8_t reward[128];   /* its nosana_rewards RewardAccount (73 bytes), if any */
		size_t reward_len;
	} o[MAX_NODES];
	uint8_t reflection[128];       /* nosana_rewards' ReflectionAccount (89 bytes) */
	size_t reflection_len;
	size_t nnodes;
	struct {
		char address[64];
		int answered;
		char status[32];
		char detail[120];
	} n[MAX_NODES];
};

/* A getAccountInfo result's data decoded into buf: 1, or 0 when there is
 * no account, -1 when its data is not base64 of at most cap bytes. */
static int account_bytes(uint8_t *buf, size_t cap, size_t *len, const cJSON *result)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(result, "value");
	*len = 0;
	if (!v || cJSON_IsNull(v))
		return 0;
	const char *b64 = cJSON_GetStringValue(cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(v, "data"), 0));
	if (!b64 || sodium_base642bin(buf, cap, b64, strlen(b64), NULL, len, NULL, sodium_base64_VARIANT_ORIGINAL))
		return -1;
	return 1;
}

static int node_step(struct net_task *t, void *state, int first)
{
	struct node_state *s = state;
	if (first) {
		const char *const *in;
		const char *owners[MAX_NODES], *urls[CONF_MAX_RPC];
		size_t no = net_owners(t, "solana", &in); /* the arrays move on the next call: copy them */
		if (no > MAX_NODES)
			no = MAX_NODES;
		memcpy(owners, in, no * sizeof *owners);
		size_t nu = net_rpc_urls(t, "solana", &in);
		if (nu > CONF_MAX_RPC)
			nu = CONF_MAX_RPC;
		memcpy(urls, in, nu * sizeof *urls);
		for (size_t i = 0; i < no && i < MAX_NODES; i++) {
			uint8_t auth[32];
			struct nosana_addrs a;
			struct error e = {0};
			if (parse_key(auth, owners[i], &e) ||
			    nosana_addresses(&a, auth, net_setting(t, "staking-program"), NULL, net_setting(t, "mint"), &e))
				return net_fail(t, ERR_USAGE, "wallet '%.60s': %s", owners[i], e.msg);
			snprintf(s->o[i].owner, sizeof s->o[i].owner, "%s", owners[i]);
			char b58[48];
			solnet_b58(b58, a.stake);
			if (!net_rpc_tag(t, SOLTX_HOOK_TAG + (long)i, urls, nu, "getAccountInfo", solnet_account_params(b58)))
				return t->out->code ? t->out->code : ERR_FAIL;
			memcpy(s->o[i].authority, auth, 32);
			solnet_b58(b58, a.reward);
			if (!net_rpc_tag(t, SOLTX_HOOK_TAG + 2000 + (long)i, urls, nu, "getAccountInfo", solnet_account_params(b58)))
				return t->out->code ? t->out->code : ERR_FAIL;
			if (i == 0) {
				solnet_b58(b58, a.reflection);
				if (!net_rpc_tag(t, SOLTX_HOOK_TAG + 3000, urls, nu, "getAccountInfo", solnet_account_params(b58)))
					return t->out->code ? t->out->code : ERR_FAIL;
			}
			s->nowners++;
		}
		/* the nodes: [nosana] devices (node addresses) */
		const char *const *ids;
		size_t nn = net_device_ids(t, &ids);
		const char *api = net_setting(t, "api");
		for (size_t i = 0; i < nn && i < MAX_NODES; i++) {
			uint8_t k[32];
			if (address_solana_parse(k, ids[i], NULL))
				return net_fail(t, ERR_USAGE, "device '%.60s' is not a Nosana node address", ids[i]);
			snprintf(s->n[i].address, sizeof s->n[i].address, "%s", ids[i]);
			char url[700];
			snprintf(url, sizeof url, "%s/api/nodes/%s/specs", api, ids[i]);
			if (!net_get_tag(t, SOLTX_HOOK_TAG + 1000 + (long)i, url, NULL))
				return t->out->code ? t->out->code : ERR_FAIL;
			s->nnodes++;
		}
		return s->nowners || s->nnodes ? NET_WAIT : NET_DONE;
	}
	for (size_t i = 0; i < t->nreqs; i++) {
		const struct net_req *r = t->reqs[i];
		long k = r->tag - SOLTX_HOOK_TAG;
		if (k >= 0 && (size_t)k < s->nowners) {
			if (r->code)
				return net_fail_req(t, r);
			uint8_t raw[256];
			size_t len = 0;
			struct error e = {0};
			int have = account_bytes(raw, sizeof raw, &len, r->json);
			if (!have)
				continue;
			if (have < 0 || nosana_stake_parse(&s->o[k].s, raw, len, &e))
				return net_fail(t, ERR_NET, "wallet '%s': its stake account is not a Nosana StakeAccount%s%s",
						s->o[k].owner, e.msg[0] ? ": " : "", e.msg);
			s->o[k].has_stake = 1;
		} else if ((k >= 2000 && (size_t)(k - 2000) < s->nowners) || k == 3000) {
			/* a reward account (none: the wallet has not entered the rewards) or the reflection */
			if (r->code)
				return net_fail_req(t, r);
			uint8_t *buf = k == 3000 ? s->reflection : s->o[k - 2000].reward;
			size_t *len = k == 3000 ? &s->reflection_len : &s->o[k - 2000].reward_len;
			if (account_bytes(buf, sizeof s->reflection, len, r->json) < 0)
				return net_fail(t, ERR_NET, "nosana_rewards: the %s account is not base64 of at most %zu bytes",
						k == 3000 ? "reflection" : "reward", sizeof s->reflection);
		} else if (k >= 1000 && (size_t)(k - 1000) < s->nnodes) {
			size_t j = (size_t)(k - 1000);
			if (r->status == 404) {
				s->n[j].answered = 1;
				snprintf(s->n[j].status, sizeof s->n[j].status, "unknown");
				snprintf(s->n[j].detail, sizeof s->n[j].detail, "Nosana's API does not know this node (HTTP 404)");
				continue;
			}
			if (r->status == 429)
				return net_fail(t, ERR_NET, "node '%s': Nosana's API rate-limits us (HTTP 429); try again later",
						s->n[j].address);
			if (r->code)
				return net_fail_req(t, r);
			if (!cJSON_IsObject(r->json))
				return net_fail(t, ERR_NET, "node '%s': Nosana's API answered something that is not a JSON object",
						s->n[j].address);
			s->n[j].answered = 1;
			const char *st = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(r->json, "status"));
			snprintf(s->n[j].status, sizeof s->n[j].status, "%s", st ? st : "unknown");
			const cJSON *gpus = cJSON_GetObjectItemCaseSensitive(r->json, "gpus");
			const char *gpu = NULL;
			if (cJSON_IsArray(gpus))
				gpu = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(gpus, 0), "gpu"));
			const char *country = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(r->json, "country"));
			snprintf(s->n[j].detail, sizeof s->n[j].detail, "%.60s%s%.8s", gpu ? gpu : "GPU unknown",
				 country ? ", " : "", country ? country : "");
		}
	}
	return NET_DONE;
}

static enum net_status node_status(const char *s)
{
	if (!strcasecmp(s, "online") || !strcasecmp(s, "running") || !strcasecmp(s, "queued"))
		return NET_STATUS_ONLINE;
	if (!strcasecmp(s, "offline"))
		return NET_STATUS_OFFLINE;
	if (!strcasecmp(s, "unhealthy") || !strcasecmp(s, "restricted"))
		return NET_STATUS_DEGRADED;
	return NET_STATUS_UNKNOWN;
}

static int node_finish(struct net_task *t, void *state)
{
	struct node_state *s = state;
	for (size_t i = 0; i < s->nowners; i++) {
		if (!s->o[i].has_stake)
			continue;
		const struct nosana_stake *k = &s->o[i].s;
		struct net_device *d = net_result_device(t->out);
		if (!d)
			return net_fail(t, ERR_FAIL, "out of memory");
		char amt[48];
		solnet_fmt(amt, sizeof amt, k->amount, NOS_DECIMALS);
		solnet_b58(d->id, k->vault);
		snprintf(d->name, sizeof d->name, "NOS stake");
		snprintf(d->kind, sizeof d->kind, "stake");
		snprintf(d->owner, sizeof d->owner, "%s", s->o[i].owner);
		if (k->time_unstake) {
			d->status = NET_STATUS_DEGRADED;
			d->status_since = k->time_unstake;
			snprintf(d->detail, sizeof d->detail, "%s NOS unstaking, unlock period %llu days", amt,
				 (unsigned long long)(k->duration / SECONDS_PER_DAY));
		} else {
			d->status = NET_STATUS_ONLINE;
			snprintf(d->detail, sizeof d->detail, "%s NOS staked for %llu days", amt,
				 (unsigned long long)(k->duration / SECONDS_PER_DAY));
		}
		if (s->o[i].reward_len) {
			struct u256 pend;
			struct net_money m;
			struct error e = {0};
			if (!s->reflection_len)
				return net_fail(t, ERR_NET, "wallet '%s': a reward account but no nosana_rewards reflection account",
						s->o[i].owner);
			if (nosana_pending(&pend, s->o[i].reward, s->o[i].reward_len, s->o[i].authority, s->reflection,
					   s->reflection_len, &e))
				return net_fail(t, ERR_NET, "wallet '%s': %s", s->o[i].owner, e.msg);
			if (net_money_set(&m, "NOS", NOS_DECIMALS, &pend) || net_device_add_pending(d, &m))
				return net_fail(t, ERR_FAIL, "wallet '%s': pending rewards", s->o[i].owner);
		}
	}
	for (size_t i = 0; i < s->nnodes; i++) {
		struct net_device *d = net_result_device(t->out);
		if (!d)
			return net_fail(t, ERR_FAIL, "out of memory");
		snprintf(d->id, sizeof d->id, "%s", s->n[i].address);
		snprintf(d->kind, sizeof d->kind, "gpu node");
		d->status = node_status(s->n[i].status);
		snprintf(d->detail, sizeof d->detail, "%s, %s", s->n[i].status, s->n[i].detail);
	}
	return 0;
}

static const struct soltx_hook hook = {sizeof(struct node_state), node_step, node_finish, NULL};

static int refresh(struct net_task *t)
{
	return soltx_token_refresh(t, &token, "node wallet", &hook);
}

/* ---- verbs ----------------------------------------------------------------------------------------- */

enum { O_DAYS = 1, O_UNSIGNED };

struct vopts {
	const char *days;
	int unsigned_only;
};

static int vopt(void *user, int id, const char *value, struct error *e)
{
	struct vopts *v = user;
	(void)e;
	if (id == O_DAYS)
		v->days = value;
	else if (id == O_UNSIGNED)
		v->unsigned_only = 1;
	return 0;
}

static const struct opt verb_opts[] = {{"days", 0, 1, O_DAYS}, {"unsigned", 0, 0, O_UNSIGNED}, {NULL, 0, 0, 0}};

/* Reads the wallet's Nosana stake account: 0 found, ERR_NOTFOUND none. */
static int read_stake(struct solnet *s, const struct nosana_addrs *a, struct nosana_stake *out, struct error *e)
{
	struct sol_rpc_account acc;
	uint8_t keys[1][32];
	memcpy(keys[0], a->stake, 32);
	int rc = sol_rpc_accounts(&s->rpc, &acc, (const uint8_t(*)[32])keys, 1, e);
	if (rc)
		return rc;
	char b58[48];
	solnet_b58(b58, a->stake);
	if (!acc.exists) {
		sol_rpc_accounts_release(&acc, 1);
		return error_set(e, ERR_NOTFOUND, "no Nosana stake account for %s (%s): stake first", s->owner_b58, b58);
	}
	if (memcmp(acc.owner, a->staking, 32)) {
		sol_rpc_accounts_release(&acc, 1);
		return error_set(e, ERR_FAIL, "account '%s' is not owned by nosana_staking", b58);
	}
	rc = nosana_stake_parse(out, acc.data, acc.data_len, e);
	sol_rpc_accounts_release(&acc, 1);
	return rc;
}

static int parse_days(uint64_t *seconds, const char *days, struct error *e)
{
	char *end;
	unsigned long long d = days ? strtoull(days, &end, 10) : 0;
	if (!days || *end || end == days || *days == '-' || d == 0 || d > 36500)
		return error_set(e, ERR_USAGE, "--days takes a number of days from 1 to 36500, not '%s'", days ? days : "");
	*seconds = d * SECONDS_PER_DAY;
	return 0;
}

static int verb(int argc, char **argv, struct ctx *ctx, enum nosana_op op)
{
	char *pos[1];
	int npos, rc;
	struct vopts vo = {0};
	char cmd[40];
	snprintf(cmd, sizeof cmd, "stake %s", nosana_op_name(op));
	if ((rc = opts_parse(ctx, cmd, argc - 1, argv + 1, verb_opts, vopt, &vo, pos, &npos, 1)))
		return rc;
	int takes_amount = op == NOSANA_STAKE || op == NOSANA_TOPUP;
	if (takes_amount != (npos == 1))
		return error_set(&ctx->err, ERR_USAGE, "stake %s %s", nosana_op_name(op),
				 takes_amount ? "needs AMOUNT (NOS)" : "takes no AMOUNT");
	uint64_t amount = 0, duration = 0;
	int is_max = 0;
	if (takes_amount) {
		if ((rc = amount_parse_u64(&amount, &is_max, pos[0], NOS_DECIMALS, &ctx->err)))
			return rc;
		if (is_max || !amount)
			return error_set(&ctx->err, ERR_USAGE, "stake %s: give an amount of NOS, not '%s'", nosana_op_name(op),
					 pos[0]);
	}
	if (op == NOSANA_STAKE || op == NOSANA_EXTEND) {
		if ((rc = parse_days(&duration, vo.days, &ctx->err)))
			return rc;
	} else if (vo.days) {
		return error_set(&ctx->err, ERR_USAGE, "stake %s takes no --days", nosana_op_name(op));
	}
	struct solnet s;
	if ((rc = solnet_open(&s, ctx, "nosana", 0)))
		return rc;
	struct nosana_addrs a;
	struct nosana_stake st;
	const char *program = conf_setting(&ctx->conf, "nosana", "staking-program");
	const char *mint = conf_setting(&ctx->conf, "nosana", "mint");
	if ((rc = nosana_addresses(&a, s.owner, program, NULL, mint, &ctx->err)))
		goto out;
	/* the account's state decides what the program will accept: check it
	 * here, so the user hears why before anything is signed */
	rc = read_stake(&s, &a, &st, &ctx->err);
	if (op == NOSANA_STAKE) {
		if (rc == 0) {
			rc = error_set(&ctx->err, ERR_USAGE, "%s already has a Nosana stake: use topup or extend", s.owner_b58);
			goto out;
		}
		if (rc != ERR_NOTFOUND)
			goto out;
		rc = 0;
	} else if (rc) {
		goto out;
	} else if ((op == NOSANA_TOPUP || op == NOSANA_EXTEND || op == NOSANA_UNSTAKE || op == NOSANA_CLAIM) &&
		   st.time_unstake) {
		rc = error_set(&ctx->err, ERR_USAGE, "the stake is unstaking: restake it first (stake %s is refused)",
			       nosana_op_name(op));
		goto out;
	} else if ((op == NOSANA_RESTAKE || op == NOSANA_WITHDRAW) && !st.time_unstake) {
		rc = error_set(&ctx->err, ERR_USAGE, "the stake is not unstaking: unstake it first");
		goto out;
	}
	struct sol_instruction ix;
	sol_instruction_init(&ix, a.staking);
	if ((rc = nosana_ix(&ix, op, &a, amount, duration, &ctx->err))) {
		sol_instruction_release(&ix);
		goto out;
	}
	struct solnet_tx t;
	solnet_tx_init(&t);
	rc = solnet_build(&s, &t, &ix, 1, describe, "stake", &ctx->err);
	sol_instruction_release(&ix);
	solnet_b58(t.to, a.stake);
	if (takes_amount)
		snprintf(t.amount, sizeof t.amount, "%s NOS", pos[0]);
	if (rc)
		goto out_tx;
	char q[200];
	snprintf(q, sizeof q, "nosana %s for %s:", nosana_op_name(op), s.owner_b58);
	if (vo.unsigned_only) {
		/* print the unsigned transaction for another signer; nothing is signed or sent */
		char b64[SOL_TX_BASE64_MAX];
		if ((rc = sol_tx_base64(b64, sizeof b64, &t.tx, &ctx->err)))
			goto out_tx;
		if (ctx->json) {
			cJSON *doc = cJSON_CreateObject();
			cJSON_AddStringToObject(doc, "network", "nosana");
			cJSON_AddStringToObject(doc, "verb", nosana_op_name(op));
			cJSON_AddStringToObject(doc, "summary", t.summary);
			cJSON_AddStringToObject(doc, "transaction", b64);
			cJSON_AddBoolToObject(doc, "signed", 0);
			output_json(ctx, doc);
		} else {
			printf("%s\n%s%s\n", q, t.summary, b64);
		}
		goto out_tx;
	}
	int simulated = 0;
	if (!(rc = solnet_confirm(&s, &t, q, &simulated)) && !simulated)
		rc = solnet_send(&s, &t, NULL, 0, &ctx->err);
	if (!rc) {
		if (ctx->json) {
			cJSON *doc = cJSON_CreateObject();
			cJSON_AddStringToObject(doc, "network", "nosana");
			cJSON_AddStringToObject(doc, "verb", nosana_op_name(op));
			cJSON_AddStringToObject(doc, "summary", t.summary);
			cJSON_AddBoolToObject(doc, "dry_run", simulated);
			if (!simulated)
				cJSON_AddStringToObject(doc, "txid", t.txid);
			output_json(ctx, doc);
		} else if (!simulated) {
			printf("confirmed: %s\n", t.txid);
		}
	}
out_tx:
	solnet_tx_release(&t);
out:
	solnet_close(&s);
	return rc;
}

static int verb_list(int argc, char **argv, struct ctx *ctx)
{
	char *pos[1];
	int npos, rc;
	struct vopts vo = {0};
	if ((rc = opts_parse(ctx, "stake list", argc - 1, argv + 1, verb_opts, vopt, &vo, pos, &npos, 0)))
		return rc;
	struct solnet s;
	if ((rc = solnet_open(&s, ctx, "nosana", 0)))
		return rc;
	struct nosana_addrs a;
	struct nosana_stake st;
	if ((rc = nosana_addresses(&a, s.owner, conf_setting(&ctx->conf, "nosana", "staking-program"), NULL,
				   conf_setting(&ctx->conf, "nosana", "mint"), &ctx->err)))
		goto out;
	rc = read_stake(&s, &a, &st, &ctx->err);
	if (rc && rc != ERR_NOTFOUND)
		goto out;
	int found = rc == 0;
	rc = 0;
	char b58[48], amt[48];
	solnet_b58(b58, a.stake);
	solnet_fmt(amt, sizeof amt, found ? st.amount : 0, NOS_DECIMALS);
	const char *state = !found ? "none" : st.time_unstake ? "unstaking" : "staked";
	if (ctx->json) {
		cJSON *doc = cJSON_CreateObject();
		cJSON_AddStringToObject(doc, "network", "nosana");
		cJSON_AddStringToObject(doc, "owner", s.owner_b58);
		cJSON_AddStringToObject(doc, "stake_account", b58);
		cJSON_AddStringToObject(doc, "state", state);
		cJSON_AddStringToObject(doc, "amount", amt);
		uint64_t days = found ? st.duration / SECONDS_PER_DAY : 0; /* whole days, as set */
		cJSON_AddNumberToObject(doc, "duration_days", (double)days);
		cJSON_AddNumberToObject(doc, "time_unstake", found ? (double)st.time_unstake : 0);
		output_json(ctx, doc);
	} else if (!found) {
		printf("%s has no Nosana stake (its stake account would be %s)\n", s.owner_b58, b58);
	} else {
		printf("%s: %s NOS %s, unstake period %llu days\n", b58, amt, state,
		       (unsigned long long)(st.duration / SECONDS_PER_DAY));
	}
out:
	solnet_close(&s);
	return rc;
}

#define VERB(name, op)                                                                                                 \
	static int verb_##name(int argc, char **argv, struct ctx *ctx) { return verb(argc, argv, ctx, op); }
VERB(stake, NOSANA_STAKE)
VERB(unstake, NOSANA_UNSTAKE)
VERB(restake, NOSANA_RESTAKE)
VERB(topup, NOSANA_TOPUP)
VERB(extend, NOSANA_EXTEND)
VERB(withdraw, NOSANA_WITHDRAW)
VERB(claim, NOSANA_CLAIM)

static const struct net_verb verbs[] = {
	{"list", verb_list, "list"},
	{"stake", verb_stake, "stake AMOUNT --days N [--unsigned]"},
	{"unstake", verb_unstake, "unstake [--unsigned]"},
	{"restake", verb_restake, "restake [--unsigned]"},
	{"topup", verb_topup, "topup AMOUNT [--unsigned]"},
	{"extend", verb_extend, "extend --days N [--unsigned]"},
	{"withdraw", verb_withdraw, "withdraw [--unsigned]"},
	{"claim", verb_claim, "claim [--unsigned]   (staking rewards, nosana_rewards)"},
	{NULL, NULL, NULL},
};

static const struct net_setting settings[] = {
	{"api", "https://dashboard.k8s.prd.nos.ci", "Nosana's API (node specs and status)"},
	{"staking-program", NOSANA_STAKING_ID, "the nosana_staking program"},
	{"mint", NOSANA_NOS_MINT, "the NOS mint"},
	{"decimals", "6", "the NOS mint's decimals"},
	{NULL, NULL, NULL},
};

const struct net_adapter nosana_adapter = {
	.name = "nosana",
	.title = "Nosana",
	.chain = "solana",
	.family = "solana",
	.token = "NOS",
	.caps = NET_CAP_DEVICES | NET_CAP_STATUS | NET_CAP_EARNINGS | NET_CAP_PENDING | NET_CAP_STAKE,
	.source = {
		[0] = "the wallet's nosana_staking StakeAccount; nodes named in [nosana] devices",
		[1] = "GET /api/nodes/{address}/specs (Nosana's API)",
		[3] = "NOS transfers into the wallet: getSignaturesForAddress + getTransaction",
		[4] = "nosana_rewards: RewardAccount reflection / ReflectionAccount rate - xnos (what claim pays)",
		[6] = "nosana_staking stake/unstake/restake/topup/extend/withdraw, nosana_rewards claim",
	},
	.missing = "job earnings per node are not listed (Nosana's API gives a node's specs and status, not its pay)",
	.settings = settings,
	.refresh = refresh,
	.stake_verbs = verbs,
};
