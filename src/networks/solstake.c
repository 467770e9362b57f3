/* Native Solana staking ("solana"): the stake accounts of the wallet (the
 * Stake program's accounts whose staker or withdrawer is the wallet, found
 * with getProgramAccounts and a memcmp filter), their activation state from
 * the epoch and the StakeHistory sysvar, and the stake verbs: list, create,
 * delegate, deactivate, withdraw, split. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sodium.h>

#include "amount.h"
#include "ctx.h"
#include "opts.h"
#include "output.h"
#include "chains/solana/programs.h"
#include "chains/solana/stake.h"
#include "networks/network.h"
#include "networks/soltransfers.h"
#include "wallet/address.h"

#define STAKER_OFFSET 12
#define WITHDRAWER_OFFSET 44
#define MAX_OWNERS 64
#define NEW_RATE_EPOCH 0 /* the 9 % warm-up / cool-down rate is active on every cluster */

/* net_rpc_tag with the tag last. */
static struct net_req *rpc_call(struct net_task *t, const char *const *urls, size_t n, const char *method, cJSON *params,
				long tag)
{
	return net_rpc_tag(t, tag, urls, n, method, params);
}

/* ---- reading stake accounts (shared by the task and the list verb) ------------------------ */

struct stake_row {
	char address[48];
	uint64_t lamports;
	struct sol_stake_account a;
	struct sol_stake_activation act;
};

struct stake_list {
	struct stake_row *rows;
	size_t n;
};

static void stake_list_release(struct stake_list *l)
{
	free(l->rows);
	l->rows = NULL;
	l->n = 0;
}

static cJSON *gpa_params(const char *owner, int offset)
{
	cJSON *p = cJSON_CreateArray(), *cfg = cJSON_CreateObject(), *filters = cJSON_CreateArray();
	cJSON_AddItemToArray(p, cJSON_CreateString("Stake11111111111111111111111111111111111111"));
	cJSON_AddStringToObject(cfg, "encoding", "base64");
	cJSON_AddStringToObject(cfg, "commitment", "confirmed");
	cJSON *f = cJSON_CreateObject(), *mc = cJSON_CreateObject();
	cJSON_AddNumberToObject(f, "dataSize", SOL_STAKE_STATE_LEN);
	cJSON_AddItemToArray(filters, f);
	f = cJSON_CreateObject();
	cJSON_AddNumberToObject(mc, "offset", offset);
	cJSON_AddStringToObject(mc, "bytes", owner);
	cJSON_AddItemToObject(f, "memcmp", mc);
	cJSON_AddItemToArray(filters, f);
	cJSON_AddItemToObject(cfg, "filters", filters);
	cJSON_AddItemToArray(p, cfg);
	return p;
}

/* An account's base64 data ([data, "base64"]) into a malloc'd buffer. */
static int b64_data(uint8_t **out, size_t *len, const cJSON *data, struct error *e)
{
	const char *b64 = cJSON_GetStringValue(cJSON_GetArrayItem(data, 0));
	const char *enc = cJSON_GetStringValue(cJSON_GetArrayItem(data, 1));
	*out = NULL;
	*len = 0;
	if (!b64 || !enc || strcmp(enc, "base64"))
		return error_set(e, ERR_NET, "account data is not base64");
	size_t cap = strlen(b64) / 4 * 3 + 3;
	if (!(*out = malloc(cap ? cap : 1)))
		return error_set(e, ERR_FAIL, "out of memory");
	if (sodium_base642bin(*out, cap, b64, strlen(b64), NULL, len, NULL, sodium_base64_VARIANT_ORIGINAL)) {
		free(*out);
		*out = NULL;
		return error_set(e, ERR_NET, "account data is not valid base64");
	}
	return 0;
}

/* Adds getProgramAccounts' result to l (each address once). */
static int collect(struct stake_list *l, const cJSON *result, struct error *e)
{
	if (!cJSON_IsArray(result))
		return error_set(e, ERR_NET, "getProgramAccounts: not a list");
	const cJSON *it;
	cJSON_ArrayForEach(it, result)
	{
		const char *pk = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(it, "pubkey"));
		const cJSON *acc = cJSON_GetObjectItemCaseSensitive(it, "account");
		uint64_t lamports;
		if (!pk || strlen(pk) > 44 || !cJSON_IsObject(acc) ||
		    jsonrpc_u64(&lamports, cJSON_GetObjectItemCaseSensitive(acc, "lamports")))
			return error_set(e, ERR_NET, "getProgramAccounts: an entry without pubkey or lamports");
		int dup = 0;
		for (size_t i = 0; i < l->n && !dup; i++)
			dup = !strcmp(l->rows[i].address, pk);
		if (dup)
			continue;
		uint8_t *d;
		size_t len;
		int rc = b64_data(&d, &len, cJSON_GetObjectItemCaseSensitive(acc, "data"), e);
		if (rc)
			return rc;
		struct stake_row row;
		memset(&row, 0, sizeof row);
		snprintf(row.address, sizeof row.address, "%s", pk);
		row.lamports = lamports;
		rc = sol_stake_parse(&row.a, d, len, e);
		free(d);
		if (rc)
			return error_wrap(e, "stake account '%s'", pk);
		struct stake_row *p = realloc(l->rows, (l->n + 1) * sizeof *p);
		if (!p)
			return error_set(e, ERR_FAIL, "out of memory");
		l->rows = p;
		l->rows[l->n++] = row;
	}
	return 0;
}

static int history_of(struct sol_stake_history *h, const cJSON *result, struct error *e)
{
	h->n = 0;
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(result, "value");
	if (!v || cJSON_IsNull(v))
		return 0; /* a chain without the sysvar: no history */
	uint8_t *d;
	size_t len;
	int rc = b64_data(&d, &len, cJSON_GetObjectItemCaseSensitive(v, "data"), e);
	if (rc)
		return rc;
	rc = len ? sol_stake_history_parse(h, d, len, e) : 0;
	free(d);
	return rc;
}

static int epoch_of(uint64_t *epoch, const cJSON *result, struct error *e)
{
	if (jsonrpc_u64(epoch, cJSON_GetObjectItemCaseSensitive(result, "epoch")))
		return error_set(e, ERR_NET, "getEpochInfo: no epoch");
	return 0;
}

static void activate_all(struct stake_list *l, uint64_t epoch, const struct sol_stake_history *h)
{
	for (size_t i = 0; i < l->n; i++)
		sol_stake_activation(&l->rows[i].act, &l->rows[i].a, epoch, h, NEW_RATE_EPOCH);
}

/* ---- the refresh task ------------------------------------------------------------------------ */

struct task_state {
	struct sol_stake_history history;
	uint64_t epoch;
};

static void fill_device(struct net_device *d, const struct stake_row *r, const char *owner)
{
	char sol[48], voter[48];
	snprintf(d->id, sizeof d->id, "%s", r->address);
	snprintf(d->kind, sizeof d->kind, "stake account");
	snprintf(d->owner, sizeof d->owner, "%s", owner);
	solnet_fmt(sol, sizeof sol, r->lamports, 9);
	switch (r->act.state) {
	case SOL_STAKE_STATE_ACTIVE: d->status = NET_STATUS_ONLINE; break;
	case SOL_STAKE_STATE_ACTIVATING:
	case SOL_STAKE_STATE_DEACTIVATING: d->status = NET_STATUS_DEGRADED; break;
	default: d->status = NET_STATUS_OFFLINE; break;
	}
	if (r->a.kind == SOL_STAKE_DELEGATED) {
		solnet_b58(voter, r->a.voter);
		snprintf(d->detail, sizeof d->detail, "%s, %s SOL, vote %.44s", sol_stake_state_name(r->act.state), sol, voter);
	} else {
		snprintf(d->detail, sizeof d->detail, "%s, %s SOL, not delegated", sol_stake_kind_name(r->a.kind), sol);
	}
}

static int refresh(struct net_task *t)
{
	/* net_owners / net_rpc_urls hand out arrays the next call may move
	 * (their strings stay): copy the pointers */
	const char *const *in;
	const char *owners[MAX_OWNERS], *urls[CONF_MAX_RPC];
	size_t nown = net_owners(t, "solana", &in);
	if (nown > MAX_OWNERS)
		return net_fail(t, ERR_USAGE, "%zu wallets: at most %d", nown, MAX_OWNERS);
	memcpy(owners, in, nown * sizeof *owners);
	size_t nurls = net_rpc_urls(t, "solana", &in);
	if (nurls > CONF_MAX_RPC)
		nurls = CONF_MAX_RPC;
	memcpy(urls, in, nurls * sizeof *urls);
	if (t->stage == 0) {
		if (!nown)
			return NET_DONE;
		if (!nurls)
			return net_fail(t, ERR_USAGE, "no Solana RPC endpoint (set [solana] rpc or [network.solana])");
		if (!rpc_call(t, urls, nurls, "getEpochInfo", NULL, -1) ||
		    !rpc_call(t, urls, nurls, "getAccountInfo", solnet_account_params("SysvarStakeHistory1111111111111111111111111"), -2))
			return t->out->code ? t->out->code : ERR_FAIL;
		for (size_t i = 0; i < nown; i++)
			if (!rpc_call(t, urls, nurls, "getProgramAccounts", gpa_params(owners[i], STAKER_OFFSET), (long)i) ||
			    !rpc_call(t, urls, nurls, "getProgramAccounts", gpa_params(owners[i], WITHDRAWER_OFFSET),
					 (long)i))
				return t->out->code ? t->out->code : ERR_FAIL;
		t->stage = 1;
		return NET_WAIT;
	}
	struct task_state *st = calloc(1, sizeof *st);
	if (!st)
		return net_fail(t, ERR_FAIL, "out of memory");
	t->state = st;
	t->free_state = free;
	struct error e = {0};
	for (size_t i = 0; i < t->nreqs; i++) {
		const struct net_req *r = t->reqs[i];
		if (r->code)
			return net_fail_req(t, r);
		if (r->tag == -1 && epoch_of(&st->epoch, r->json, &e))
			return net_fail(t, e.code, "%s", e.msg);
		if (r->tag == -2 && history_of(&st->history, r->json, &e))
			return net_fail(t, e.code, "stake history: %s", e.msg);
	}
	for (size_t o = 0; o < nown; o++) {
		struct stake_list l = {0};
		for (size_t i = 0; i < t->nreqs; i++)
			if (t->reqs[i]->tag == (long)o && collect(&l, t->reqs[i]->json, &e)) {
				stake_list_release(&l);
				return net_fail(t, e.code, "%s", e.msg);
			}
		activate_all(&l, st->epoch, &st->history);
		for (size_t k = 0; k < l.n; k++) {
			struct net_device *d = net_result_device(t->out);
			if (!d) {
				stake_list_release(&l);
				return net_fail(t, ERR_FAIL, "out of memory");
			}
			fill_device(d, &l.rows[k], owners[o]);
		}
		stake_list_release(&l);
	}
	return NET_DONE;
}

/* ---- verbs ------------------------------------------------------------------------------------ */

enum { O_SEED = 1, O_TO };

struct vopts {
	const char *seed, *to;
};

static int vopt(void *user, int id, const char *value, struct error *e)
{
	struct vopts *v = user;
	(void)e;
	if (id == O_SEED)
		v->seed = value;
	else if (id == O_TO)
		v->to = value;
	return 0;
}

static const struct opt create_opts[] = {{"seed", 0, 1, O_SEED}, {NULL, 0, 0, 0}};
static const struct opt withdraw_opts[] = {{"to", 0, 1, O_TO}, {NULL, 0, 0, 0}};
static const struct opt no_opts[] = {{NULL, 0, 0, 0}};

static int read_stakes(struct solnet *s, struct stake_list *l, uint64_t *epoch, struct error *e)
{
	cJSON *res = NULL;
	int rc;
	static struct sol_stake_history h;
	memset(l, 0, sizeof *l);
	if ((rc = sol_rpc_call(&s->rpc, &res, "getEpochInfo", NULL, e)))
		return rc;
	rc = epoch_of(epoch, res, e);
	cJSON_Delete(res);
	if (rc)
		return rc;
	if ((rc = sol_rpc_call(&s->rpc, &res, "getAccountInfo", solnet_account_params("SysvarStakeHistory1111111111111111111111111"), e)))
		return rc;
	rc = history_of(&h, res, e);
	cJSON_Delete(res);
	if (rc)
		return rc;
	static const int offsets[2] = {STAKER_OFFSET, WITHDRAWER_OFFSET};
	for (int k = 0; k < 2 && !rc; k++) {
		if ((rc = sol_rpc_call(&s->rpc, &res, "getProgramAccounts", gpa_params(s->owner_b58, offsets[k]), e)))
			break;
		rc = collect(l, res, e);
		cJSON_Delete(res);
	}
	if (rc) {
		stake_list_release(l);
		return rc;
	}
	activate_all(l, *epoch, &h);
	return 0;
}

/* One stake account read and checked to belong to the wallet. */
static int read_one(struct solnet *s, const char *addr, uint8_t key[32], struct stake_row *row, struct error *e)
{
	int rc = address_solana_parse(key, addr, e);
	if (rc)
		return error_set(e, ERR_USAGE, "'%s' is not a stake account address", addr);
	struct sol_rpc_account acc;
	uint8_t keys[1][32];
	memcpy(keys[0], key, 32);
	if ((rc = sol_rpc_accounts(&s->rpc, &acc, (const uint8_t(*)[32])keys, 1, e)))
		return rc;
	memset(row, 0, sizeof *row);
	snprintf(row->address, sizeof row->address, "%s", addr);
	if (!acc.exists) {
		sol_rpc_accounts_release(&acc, 1);
		return error_set(e, ERR_NOTFOUND, "stake account '%s' does not exist", addr);
	}
	if (memcmp(acc.owner, sol_program_id_stake, 32)) {
		sol_rpc_accounts_release(&acc, 1);
		return error_set(e, ERR_USAGE, "'%s' is not a stake account (another program owns it)", addr);
	}
	row->lamports = acc.lamports;
	rc = sol_stake_parse(&row->a, acc.data, acc.data_len, e);
	sol_rpc_accounts_release(&acc, 1);
	return rc;
}

static cJSON *row_json(const struct stake_row *r)
{
	char buf[48];
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "address", r->address);
	solnet_fmt(buf, sizeof buf, r->lamports, 9);
	cJSON_AddStringToObject(o, "balance", buf);
	cJSON_AddStringToObject(o, "kind", sol_stake_kind_name(r->a.kind));
	cJSON_AddStringToObject(o, "state", sol_stake_state_name(r->act.state));
	if (r->a.kind == SOL_STAKE_INITIALIZED || r->a.kind == SOL_STAKE_DELEGATED) {
		solnet_b58(buf, r->a.staker);
		cJSON_AddStringToObject(o, "staker", buf);
		solnet_b58(buf, r->a.withdrawer);
		cJSON_AddStringToObject(o, "withdrawer", buf);
	}
	if (r->a.kind == SOL_STAKE_DELEGATED) {
		solnet_b58(buf, r->a.voter);
		cJSON_AddStringToObject(o, "vote_account", buf);
		solnet_fmt(buf, sizeof buf, r->a.stake, 9);
		cJSON_AddStringToObject(o, "delegated", buf);
		solnet_fmt(buf, sizeof buf, r->act.effective, 9);
		cJSON_AddStringToObject(o, "active", buf);
		solnet_fmt(buf, sizeof buf, r->act.activating, 9);
		cJSON_AddStringToObject(o, "activating", buf);
		solnet_fmt(buf, sizeof buf, r->act.deactivating, 9);
		cJSON_AddStringToObject(o, "deactivating", buf);
		cJSON_AddNumberToObject(o, "activation_epoch", (double)r->a.activation_epoch);
		if (r->a.deactivation_epoch != SOL_STAKE_EPOCH_MAX)
			cJSON_AddNumberToObject(o, "deactivation_epoch", (double)r->a.deactivation_epoch);
	}
	return o;
}

static int verb_list(int argc, char **argv, struct ctx *ctx)
{
	char *pos[1];
	int npos, rc;
	if ((rc = opts_parse(ctx, "stake list", argc - 1, argv + 1, no_opts, vopt, NULL, pos, &npos, 1)))
		return rc;
	struct solnet s;
	if ((rc = solnet_open(&s, ctx, "solana", 0)))
		return rc;
	if (npos) {
		if ((rc = address_solana_parse(s.owner, pos[0], &ctx->err))) {
			solnet_close(&s);
			return error_set(&ctx->err, ERR_USAGE, "'%s' is not a Solana address", pos[0]);
		}
		snprintf(s.owner_b58, sizeof s.owner_b58, "%s", pos[0]);
	}
	struct stake_list l;
	uint64_t epoch = 0;
	if ((rc = read_stakes(&s, &l, &epoch, &ctx->err))) {
		solnet_close(&s);
		return rc;
	}
	if (ctx->json) {
		cJSON *doc = cJSON_CreateObject();
		cJSON_AddStringToObject(doc, "network", "solana");
		cJSON_AddStringToObject(doc, "owner", s.owner_b58);
		cJSON_AddNumberToObject(doc, "epoch", (double)epoch);
		cJSON *arr = cJSON_AddArrayToObject(doc, "stake_accounts");
		for (size_t i = 0; i < l.n; i++)
			cJSON_AddItemToArray(arr, row_json(&l.rows[i]));
		output_json(ctx, doc);
	} else {
		if (!ctx->quiet)
			printf("stake accounts of %s (epoch %llu)\n", s.owner_b58, (unsigned long long)epoch);
		static const char *const head[] = {"ADDRESS", "BALANCE", "STATE", "ACTIVE", "VOTE ACCOUNT"};
		struct table t;
		table_init(&t, 5, head);
		for (size_t i = 0; i < l.n; i++) {
			const struct stake_row *r = &l.rows[i];
			char bal[48], act[48], vote[48] = "-";
			solnet_fmt(bal, sizeof bal, r->lamports, 9);
			solnet_fmt(act, sizeof act, r->act.effective, 9);
			if (r->a.kind == SOL_STAKE_DELEGATED)
				solnet_b58(vote, r->a.voter);
			const char *row[] = {r->address, bal,
					     r->a.kind == SOL_STAKE_DELEGATED ? sol_stake_state_name(r->act.state)
									      : sol_stake_kind_name(r->a.kind),
					     act, vote};
			table_add(&t, row);
		}
		table_print(&t, stdout);
		table_release(&t);
	}
	stake_list_release(&l);
	solnet_close(&s);
	return 0;
}

/* Shows, confirms, signs, sends; prints the outcome. */
static int run_tx(struct solnet *s, const struct sol_instruction *ixs, size_t n, const uint8_t (*extra)[32],
		  size_t nextra, const char *verb, const char *question, const char *stake_addr, const char *amount)
{
	struct ctx *ctx = s->ctx;
	struct solnet_tx t;
	solnet_tx_init(&t);
	int rc = solnet_build(s, &t, ixs, n, NULL, "stake", &ctx->err);
	snprintf(t.to, sizeof t.to, "%s", stake_addr);
	if (amount)
		snprintf(t.amount, sizeof t.amount, "%s", amount);
	int simulated = 0;
	if (!rc)
		rc = solnet_confirm(s, &t, question, &simulated);
	if (!rc && !simulated)
		rc = solnet_send(s, &t, extra, nextra, &ctx->err);
	if (!rc) {
		if (ctx->json) {
			cJSON *doc = cJSON_CreateObject();
			cJSON_AddStringToObject(doc, "network", "solana");
			cJSON_AddStringToObject(doc, "verb", verb);
			cJSON_AddStringToObject(doc, "stake_account", stake_addr);
			cJSON_AddStringToObject(doc, "summary", t.summary);
			cJSON_AddBoolToObject(doc, "dry_run", simulated);
			if (!simulated) {
				cJSON_AddStringToObject(doc, "txid", t.txid);
				cJSON_AddStringToObject(doc, "status", "confirmed");
			}
			output_json(ctx, doc);
		} else if (!simulated) {
			printf("confirmed: %s\n", t.txid);
		}
	}
	solnet_tx_release(&t);
	return rc;
}

/* A fresh keypair for a new account: the seed in sodium_malloc'd memory. */
static int new_keypair(uint8_t **seed, uint8_t pub[32], struct error *e)
{
	if (!(*seed = sodium_malloc(32)))
		return error_set(e, ERR_FAIL, "out of memory");
	randombytes_buf(*seed, 32);
	unsigned char sk[64];
	crypto_sign_seed_keypair(pub, sk, *seed);
	sodium_memzero(sk, sizeof sk);
	return 0;
}

static void free_seed(uint8_t *seed)
{
	if (seed) {
		sodium_memzero(seed, 32);
		sodium_free(seed);
	}
}

static int verb_create(int argc, char **argv, struct ctx *ctx)
{
	char *pos[1];
	int npos, rc;
	struct vopts vo = {0};
	if ((rc = opts_parse(ctx, "stake create", argc - 1, argv + 1, create_opts, vopt, &vo, pos, &npos, 1)))
		return rc;
	if (npos != 1)
		return error_set(&ctx->err, ERR_USAGE, "stake create needs AMOUNT (SOL put in the new stake account)");
	uint64_t lamports;
	int is_max = 0;
	if ((rc = amount_parse_u64(&lamports, &is_max, pos[0], 9, &ctx->err)))
		return rc;
	if (is_max || !lamports)
		return error_set(&ctx->err, ERR_USAGE, "stake create: give an amount of SOL, not '%s'", pos[0]);
	if (vo.seed && strlen(vo.seed) > SOL_STAKE_SEED_MAX)
		return error_set(&ctx->err, ERR_USAGE, "--seed '%s' is longer than %d bytes", vo.seed, SOL_STAKE_SEED_MAX);
	struct solnet s;
	if ((rc = solnet_open(&s, ctx, "solana", 0)))
		return rc;
	uint64_t rent = 0;
	if ((rc = sol_rpc_rent_exempt(&s.rpc, &rent, SOL_STAKE_STATE_LEN, &ctx->err)))
		goto out0;
	if (lamports <= rent) {
		char r[40];
		solnet_fmt(r, sizeof r, rent, 9);
		rc = error_set(&ctx->err, ERR_USAGE, "stake create: %s SOL is not above the account's rent reserve of %s SOL",
			       pos[0], r);
		goto out0;
	}
	uint8_t *seed = NULL, stake[32];
	if (!vo.seed && (rc = new_keypair(&seed, stake, &ctx->err)))
		goto out0;
	struct sol_instruction ixs[2];
	size_t n = 0;
	sol_instruction_init(&ixs[0], sol_program_id_system);
	sol_instruction_init(&ixs[1], sol_program_id_stake);
	if ((rc = sol_stake_create_all(ixs, &n, s.owner, stake, vo.seed, s.owner, lamports, &ctx->err)))
		goto out;
	char addr[48], q[200];
	solnet_b58(addr, stake);
	snprintf(q, sizeof q, "create stake account %s with %s SOL (staker and withdrawer %s):", addr, pos[0], s.owner_b58);
	const uint8_t(*extra)[32] = seed ? (const uint8_t(*)[32])seed : NULL;
	rc = run_tx(&s, ixs, n, extra, seed ? 1 : 0, "create", q, addr, pos[0]);
out:
	sol_instructions_release(ixs, 2);
	free_seed(seed);
out0:
	solnet_close(&s);
	return rc;
}

static int verb_delegate(int argc, char **argv, struct ctx *ctx)
{
	char *pos[2];
	int npos, rc;
	if ((rc = opts_parse(ctx, "stake delegate", argc - 1, argv + 1, no_opts, vopt, NULL, pos, &npos, 2)))
		return rc;
	if (npos != 2)
		return error_set(&ctx->err, ERR_USAGE, "stake delegate needs STAKE_ACCOUNT VOTE_ACCOUNT");
	struct solnet s;
	if ((rc = solnet_open(&s, ctx, "solana", 0)))
		return rc;
	uint8_t stake[32], vote[32];
	struct stake_row row;
	if ((rc = read_one(&s, pos[0], stake, &row, &ctx->err)))
		goto out0;
	if ((rc = address_solana_parse(vote, pos[1], &ctx->err))) {
		rc = error_set(&ctx->err, ERR_USAGE, "'%s' is not a vote account address", pos[1]);
		goto out0;
	}
	if (row.a.kind != SOL_STAKE_INITIALIZED && row.a.kind != SOL_STAKE_DELEGATED) {
		rc = error_set(&ctx->err, ERR_USAGE, "stake account '%s' is %s", pos[0], sol_stake_kind_name(row.a.kind));
		goto out0;
	}
	if (memcmp(row.a.staker, s.owner, 32)) {
		rc = error_set(&ctx->err, ERR_REFUSED, "stake account '%s': its staker is not %s", pos[0], s.owner_b58);
		goto out0;
	}
	struct sol_instruction ix;
	sol_instruction_init(&ix, sol_program_id_stake);
	if (!(rc = sol_stake_delegate(&ix, stake, vote, s.owner, &ctx->err))) {
		char q[200];
		snprintf(q, sizeof q, "delegate stake account %s to vote account %s:", pos[0], pos[1]);
		rc = run_tx(&s, &ix, 1, NULL, 0, "delegate", q, pos[0], NULL);
	}
	sol_instruction_release(&ix);
out0:
	solnet_close(&s);
	return rc;
}

static int verb_deactivate(int argc, char **argv, struct ctx *ctx)
{
	char *pos[1];
	int npos, rc;
	if ((rc = opts_parse(ctx, "stake deactivate", argc - 1, argv + 1, no_opts, vopt, NULL, pos, &npos, 1)))
		return rc;
	if (npos != 1)
		return error_set(&ctx->err, ERR_USAGE, "stake deactivate needs STAKE_ACCOUNT");
	struct solnet s;
	if ((rc = solnet_open(&s, ctx, "solana", 0)))
		return rc;
	uint8_t stake[32];
	struct stake_row row;
	if ((rc = read_one(&s, pos[0], stake, &row, &ctx->err)))
		goto out0;
	if (row.a.kind != SOL_STAKE_DELEGATED) {
		rc = error_set(&ctx->err, ERR_USAGE, "stake account '%s' is not delegated (%s)", pos[0],
			       sol_stake_kind_name(row.a.kind));
		goto out0;
	}
	if (row.a.deactivation_epoch != SOL_STAKE_EPOCH_MAX) {
		rc = error_set(&ctx->err, ERR_USAGE, "stake account '%s' is already deactivated (epoch %llu)", pos[0],
			       (unsigned long long)row.a.deactivation_epoch);
		goto out0;
	}
	if (memcmp(row.a.staker, s.owner, 32)) {
		rc = error_set(&ctx->err, ERR_REFUSED, "stake account '%s': its staker is not %s", pos[0], s.owner_b58);
		goto out0;
	}
	struct sol_instruction ix;
	sol_instruction_init(&ix, sol_program_id_stake);
	if (!(rc = sol_stake_deactivate(&ix, stake, s.owner, &ctx->err))) {
		char q[200];
		snprintf(q, sizeof q, "deactivate stake account %s:", pos[0]);
		rc = run_tx(&s, &ix, 1, NULL, 0, "deactivate", q, pos[0], NULL);
	}
	sol_instruction_release(&ix);
out0:
	solnet_close(&s);
	return rc;
}

static int verb_withdraw(int argc, char **argv, struct ctx *ctx)
{
	char *pos[2];
	int npos, rc;
	struct vopts vo = {0};
	if ((rc = opts_parse(ctx, "stake withdraw", argc - 1, argv + 1, withdraw_opts, vopt, &vo, pos, &npos, 2)))
		return rc;
	if (npos != 2)
		return error_set(&ctx->err, ERR_USAGE, "stake withdraw needs STAKE_ACCOUNT AMOUNT|max");
	uint64_t lamports = 0;
	int is_max = 0;
	if ((rc = amount_parse_u64(&lamports, &is_max, pos[1], 9, &ctx->err)))
		return rc;
	struct solnet s;
	if ((rc = solnet_open(&s, ctx, "solana", 0)))
		return rc;
	uint8_t stake[32], to[32];
	struct stake_row row;
	if ((rc = read_one(&s, pos[0], stake, &row, &ctx->err)))
		goto out0;
	if (row.a.kind == SOL_STAKE_UNINITIALIZED || row.a.kind == SOL_STAKE_REWARDS_POOL) {
		rc = error_set(&ctx->err, ERR_USAGE, "stake account '%s' is %s", pos[0], sol_stake_kind_name(row.a.kind));
		goto out0;
	}
	if (memcmp(row.a.withdrawer, s.owner, 32)) {
		rc = error_set(&ctx->err, ERR_REFUSED, "stake account '%s': its withdrawer is not %s", pos[0], s.owner_b58);
		goto out0;
	}
	memcpy(to, s.owner, 32);
	if (vo.to && (rc = address_solana_parse(to, vo.to, &ctx->err)))
		goto out0;
	if (is_max)
		lamports = row.lamports;
	if (!lamports || lamports > row.lamports) {
		char have[48];
		solnet_fmt(have, sizeof have, row.lamports, 9);
		rc = error_set(&ctx->err, ERR_USAGE, "stake withdraw: '%s' SOL is not between 0 and the account's %s SOL",
			       pos[1], have);
		goto out0;
	}
	struct sol_instruction ix;
	sol_instruction_init(&ix, sol_program_id_stake);
	if (!(rc = sol_stake_withdraw(&ix, stake, to, s.owner, lamports, &ctx->err))) {
		char q[200], amt[48], tob[48];
		solnet_fmt(amt, sizeof amt, lamports, 9);
		solnet_b58(tob, to);
		snprintf(q, sizeof q, "withdraw %s SOL from stake account %s to %s:", amt, pos[0], tob);
		rc = run_tx(&s, &ix, 1, NULL, 0, "withdraw", q, pos[0], amt);
	}
	sol_instruction_release(&ix);
out0:
	solnet_close(&s);
	return rc;
}

static int verb_split(int argc, char **argv, struct ctx *ctx)
{
	char *pos[2];
	int npos, rc;
	if ((rc = opts_parse(ctx, "stake split", argc - 1, argv + 1, no_opts, vopt, NULL, pos, &npos, 2)))
		return rc;
	if (npos != 2)
		return error_set(&ctx->err, ERR_USAGE, "stake split needs STAKE_ACCOUNT AMOUNT");
	uint64_t lamports = 0;
	int is_max = 0;
	if ((rc = amount_parse_u64(&lamports, &is_max, pos[1], 9, &ctx->err)))
		return rc;
	if (is_max || !lamports)
		return error_set(&ctx->err, ERR_USAGE, "stake split: give an amount of SOL, not '%s'", pos[1]);
	struct solnet s;
	if ((rc = solnet_open(&s, ctx, "solana", 0)))
		return rc;
	uint8_t stake[32], split_to[32], *seed = NULL;
	struct stake_row row;
	uint64_t rent = 0;
	if ((rc = read_one(&s, pos[0], stake, &row, &ctx->err)) ||
	    (rc = sol_rpc_rent_exempt(&s.rpc, &rent, SOL_STAKE_STATE_LEN, &ctx->err)))
		goto out0;
	if (row.a.kind != SOL_STAKE_INITIALIZED && row.a.kind != SOL_STAKE_DELEGATED) {
		rc = error_set(&ctx->err, ERR_USAGE, "stake account '%s' is %s", pos[0], sol_stake_kind_name(row.a.kind));
		goto out0;
	}
	if (memcmp(row.a.staker, s.owner, 32)) {
		rc = error_set(&ctx->err, ERR_REFUSED, "stake account '%s': its staker is not %s", pos[0], s.owner_b58);
		goto out0;
	}
	if (lamports >= row.lamports) {
		char have[48];
		solnet_fmt(have, sizeof have, row.lamports, 9);
		rc = error_set(&ctx->err, ERR_USAGE, "stake split: %s SOL is not below the account's %s SOL", pos[1], have);
		goto out0;
	}
	if ((rc = new_keypair(&seed, split_to, &ctx->err)))
		goto out0;
	struct sol_instruction ixs[2];
	size_t n = 0;
	sol_instruction_init(&ixs[0], sol_program_id_system);
	sol_instruction_init(&ixs[1], sol_program_id_stake);
	/* the new account is allocated (200 bytes, owned by the stake program) and
	 * funded with its rent reserve by the wallet, then the split moves AMOUNT */
	if (!(rc = sol_stake_split_all(ixs, &n, s.owner, stake, split_to, s.owner, rent, lamports, &ctx->err))) {
		char addr[48], q[240];
		solnet_b58(addr, split_to);
		snprintf(q, sizeof q, "split %s SOL from stake account %s into a new stake account %s:", pos[1], pos[0], addr);
		rc = run_tx(&s, ixs, n, (const uint8_t(*)[32])seed, 1, "split", q, addr, pos[1]);
	}
	sol_instructions_release(ixs, 2);
out0:
	free_seed(seed);
	solnet_close(&s);
	return rc;
}

static const struct net_verb verbs[] = {
	{"list", verb_list, "list [ADDRESS]"},
	{"create", verb_create, "create AMOUNT [--seed SEED]"},
	{"delegate", verb_delegate, "delegate STAKE_ACCOUNT VOTE_ACCOUNT"},
	{"deactivate", verb_deactivate, "deactivate STAKE_ACCOUNT"},
	{"withdraw", verb_withdraw, "withdraw STAKE_ACCOUNT AMOUNT|max [--to ADDRESS]"},
	{"split", verb_split, "split STAKE_ACCOUNT AMOUNT"},
	{NULL, NULL, NULL},
};

static const struct net_setting settings[] = {
	{NULL, NULL, NULL},
};

const struct net_adapter solana_stake_adapter = {
	.name = "solana",
	.title = "Solana staking",
	.chain = "solana",
	.family = "solana",
	.token = "SOL",
	.caps = NET_CAP_DEVICES | NET_CAP_STATUS | NET_CAP_STAKE,
	.source = {
		[0] = "getProgramAccounts (Stake program, staker / withdrawer = wallet)",
		[1] = "delegation epochs + StakeHistory sysvar + getEpochInfo",
		[6] = "Stake program: create, delegate, deactivate, withdraw, split",
	},
	.missing = "rewards per epoch are not listed (getInflationReward is not read yet)",
	.settings = settings,
	.refresh = refresh,
	.stake_verbs = verbs,
};
