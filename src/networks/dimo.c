/* DIMO (Polygon): vehicles and weekly earnings through DIMO's identity
 * GraphQL API (identity-api.dimo.zone/query: vehicles filtered by owner,
 * each with earnings.totalTokens and earnings.history's weekly nodes), and
 * staking on DIMO's Staking contract (earnings-boost): stake at a level for
 * a vehicle, upgrade, extend, withdraw, attach and detach a vehicle, list.
 *
 * Staking reads the contract (stakingLevels, stakeIdToStakingData, ownerOf,
 * the DIMO token's allowance; the owner's stakes from its Staked logs),
 * refuses locally what the contract would refuse (a level out of range, a
 * stake still locked, a stake that is not the wallet's), approves the DIMO
 * the stake needs first when the allowance is short, and sends through the
 * EVM sender (journaled). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <sodium.h>

#include "amount.h"
#include "commands.h"
#include "ctx.h"
#include "hex.h"
#include "journal.h"
#include "keccak.h"
#include "opts.h"
#include "output.h"
#include "prompt.h"
#include "chains/evm/abi.h"
#include "chains/evm/rpc.h"
#include "chains/evm/sender.h"
#include "networks/merkle.h"
#include "networks/network.h"
#include "wallet/address.h"
#include "wallet/key.h"
#include "wallet/keystore.h"

#define DIMO "DIMO"
#define DIMO_DECIMALS 18
#define PAGE 100
#define MAX_PAGES 50
#define MAX_LEVEL 2

/* ---- reads: GraphQL ------------------------------------------------------------------------- */

static const char QUERY[] =
	"query Vehicles($owner: Address!, $first: Int!, $after: String) { vehicles(filterBy: {owner: $owner}, "
	"first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } nodes { tokenId name mintedAt "
	"definition { make model year } earnings { totalTokens history(first: 13) { edges { node { week "
	"beginningDate endDate tokens } } } } } } }";

struct dstate {
	const char *const *owners;
	size_t nowners;
	int pages;
};

static const cJSON *get(const cJSON *o, const char *k)
{
	return cJSON_GetObjectItemCaseSensitive(o, k);
}

/* A BigDecimal of DIMO (a string, or a JSON number as it prints). */
static int dimo_money(struct net_money *m, const cJSON *v, const char *what, struct error *e)
{
	char text[80];
	if (cJSON_IsString(v)) {
		snprintf(text, sizeof text, "%s", v->valuestring);
	} else if (cJSON_IsNumber(v) && v->valuedouble >= 0 && v->valuedouble < 1e15) {
		char *p = cJSON_PrintUnformatted(v);
		if (!p)
			return error_set(e, ERR_FAIL, "out of memory");
		snprintf(text, sizeof text, "%s", p);
		free(p);
		if (strchr(text, 'e') || strchr(text, 'E'))
			return error_set(e, ERR_NET, "%s (%s) is not a plain decimal", what, text);
	} else {
		return error_set(e, ERR_NET, "%s is not an amount of DIMO", what);
	}
	if (net_money_parse(m, DIMO, DIMO_DECIMALS, text, e))
		return error_set(e, ERR_NET, "%s ('%.40s') is not an amount of DIMO", what, text);
	return 0;
}

static int post_page(struct net_task *t, size_t owner, const char *after)
{
	struct dstate *s = t->state;
	const char *api = net_setting(t, "api");
	cJSON *body = cJSON_CreateObject(), *vars = cJSON_CreateObject();
	if (!body || !vars) {
		cJSON_Delete(body);
		cJSON_Delete(vars);
		return net_fail(t, ERR_FAIL, "out of memory");
	}
	cJSON_AddStringToObject(body, "query", QUERY);
	cJSON_AddStringToObject(vars, "owner", s->owners[owner]);
	cJSON_AddNumberToObject(vars, "first", PAGE);
	if (after)
		cJSON_AddStringToObject(vars, "after", after);
	else
		cJSON_AddNullToObject(vars, "after");
	cJSON_AddItemToObject(body, "variables", vars);
	char *text = cJSON_PrintUnformatted(body);
	cJSON_Delete(body);
	if (!text)
		return net_fail(t, ERR_FAIL, "out of memory");
	static const char *const hdr[] = {"Content-Type: application/json", NULL};
	struct net_req *r = net_post_tag(t, (long)owner, api ? api : "https://identity-api.dimo.zone/query", hdr, text);
	free(text);
	return r ? 0 : t->out->code ? t->out->code : ERR_FAIL;
}

static int read_vehicle(struct net_task *t, const cJSON *v, const char *owner)
{
	const cJSON *id = get(v, "tokenId");
	struct net_device *d = net_result_device(t->out);
	struct error e = {0, ""};
	if (!d)
		return net_fail(t, ERR_FAIL, "out of memory");
	if (cJSON_IsNumber(id) && id->valuedouble >= 0 && id->valuedouble < 9007199254740992.0)
		snprintf(d->id, sizeof d->id, "%.0f", id->valuedouble);
	else if (cJSON_IsString(id))
		snprintf(d->id, sizeof d->id, "%s", id->valuestring);
	else
		return net_fail(t, ERR_NET, "dimo: a vehicle without a tokenId in the API's reply");
	const cJSON *def = get(v, "definition"), *name = get(v, "name");
	const cJSON *make = get(def, "make"), *model = get(def, "model"), *year = get(def, "year");
	if (cJSON_IsString(name) && name->valuestring[0])
		snprintf(d->name, sizeof d->name, "%s", name->valuestring);
	else if (cJSON_IsString(make))
		snprintf(d->name, sizeof d->name, "%.20s %.20s %.0f", make->valuestring, cJSON_IsString(model) ? model->valuestring : "",
			 cJSON_IsNumber(year) ? year->valuedouble : 0);
	snprintf(d->kind, sizeof d->kind, "vehicle");
	snprintf(d->owner, sizeof d->owner, "%s", owner);
	d->status = NET_STATUS_UNKNOWN;
	const cJSON *minted = get(v, "mintedAt");
	d->onboarded = cJSON_IsString(minted) ? net_iso_time(minted->valuestring) : 0;
	const cJSON *earn = get(v, "earnings");
	if (earn && !cJSON_IsNull(earn)) {
		struct net_money m;
		const cJSON *tot = get(earn, "totalTokens");
		if (tot && !cJSON_IsNull(tot)) {
			if (dimo_money(&m, tot, "earnings.totalTokens", &e) || net_device_add_lifetime(d, &m))
				return net_fail(t, ERR_NET, "dimo: vehicle %s: %s", d->id, e.msg);
		}
		const cJSON *edges = get(get(earn, "history"), "edges"), *ed;
		cJSON_ArrayForEach(ed, edges) {
			const cJSON *node = get(ed, "node");
			const cJSON *begin = get(node, "beginningDate");
			int64_t day = cJSON_IsString(begin) ? net_iso_time(begin->valuestring) : 0;
			if (!day)
				return net_fail(t, ERR_NET, "dimo: vehicle %s: a weekly earning without a beginningDate", d->id);
			if (dimo_money(&m, get(node, "tokens"), "earnings.history tokens", &e))
				return net_fail(t, ERR_NET, "dimo: vehicle %s: %s", d->id, e.msg);
			int arc = net_device_add_point(d, day - day % 86400, &m);
			if (arc)
				return net_fail(t, arc == ERR_FAIL ? ERR_FAIL : ERR_NET, "dimo: vehicle %s: %s", d->id,
						arc == ERR_FAIL ? "out of memory" : "a week's tokens add up past 2^256");
		}
		const cJSON *w = cJSON_GetArrayItem(edges, 0);
		const cJSON *wk = get(get(w, "node"), "week");
		if (cJSON_IsNumber(wk))
			snprintf(d->detail, sizeof d->detail, "last paid week %.0f", wk->valuedouble);
	}
	return 0;
}

static int refresh(struct net_task *t)
{
	struct dstate *s = t->state;
	if (t->stage++ == 0) {
		if (!(s = calloc(1, sizeof *s)))
			return net_fail(t, ERR_FAIL, "out of memory");
		t->state = s;
		t->free_state = free;
		s->nowners = net_owners(t, "evm", &s->owners);
		if (!s->nowners)
			return NET_DONE; /* no EVM wallet configured: no vehicles, as every network does */
		for (size_t i = 0; i < s->nowners; i++)
			if (post_page(t, i, NULL))
				return t->out->code;
		return NET_WAIT;
	}
	int more = 0;
	for (size_t i = 0; i < t->nreqs; i++) {
		const struct net_req *r = t->reqs[i];
		const char *owner = s->owners[r->tag];
		if (r->status == 401 || r->status == 403)
			return net_fail(t, ERR_REFUSED, "dimo: the identity API refused the request (HTTP %ld)", r->status);
		if (r->status == 429)
			return net_fail(t, ERR_NET, "dimo: rate limited by the identity API (HTTP 429); try again later");
		if (r->code)
			return net_fail_req(t, r);
		if (!r->json)
			return net_fail(t, ERR_NET, "dimo: the identity API's reply is not JSON");
		const cJSON *errs = get(r->json, "errors");
		if (cJSON_IsArray(errs) && cJSON_GetArraySize(errs) > 0) {
			const cJSON *msg = get(cJSON_GetArrayItem(errs, 0), "message");
			return net_fail(t, ERR_NET, "dimo: GraphQL error: %.200s", cJSON_IsString(msg) ? msg->valuestring : "(no message)");
		}
		const cJSON *veh = get(get(r->json, "data"), "vehicles");
		const cJSON *nodes = get(veh, "nodes"), *v;
		if (!cJSON_IsArray(nodes))
			return net_fail(t, ERR_NET, "dimo: the identity API's reply has no data.vehicles.nodes list");
		cJSON_ArrayForEach(v, nodes)
			if (read_vehicle(t, v, owner))
				return t->out->code;
		const cJSON *pi = get(veh, "pageInfo");
		const cJSON *cur = get(pi, "endCursor");
		if (cJSON_IsTrue(get(pi, "hasNextPage"))) {
			if (!cJSON_IsString(cur) || !cJSON_GetArraySize(nodes))
				return net_fail(t, ERR_NET, "dimo: the identity API says there is a next page but gives no cursor");
			if (++s->pages >= MAX_PAGES)
				return net_fail(t, ERR_NET, "dimo: more than %d pages of vehicles", MAX_PAGES);
			if (post_page(t, (size_t)r->tag, cur->valuestring))
				return t->out->code;
			more = 1;
		}
	}
	return more ? NET_WAIT : NET_DONE;
}

/* ---- staking verbs ------------------------------------------------------------------------- */

extern const struct net_adapter dimo_adapter;

struct dimo {
	struct ctx *ctx;
	struct evm_sender *s;
	struct journal *j;
	const char *net;
	uint8_t staking[20], token[20], from[20];
	char from_s[ADDRESS_EVM_MAX], staking_s[ADDRESS_EVM_MAX];
	uint8_t *secret; /* sodium_malloc'd; NULL for reads */
};

static void dimo_close(struct dimo *d)
{
	evm_sender_close(d->s);
	journal_close(d->j);
	if (d->secret) {
		sodium_memzero(d->secret, 32);
		sodium_free(d->secret);
	}
	memset(d, 0, sizeof *d);
}

static int dimo_open(struct dimo *d, struct ctx *ctx, int unlock, const char *address)
{
	memset(d, 0, sizeof *d);
	d->ctx = ctx;
	const char *net = ctx->network;
	ctx->network = NULL;
	int rc = opts_load_conf(ctx);
	ctx->network = net;
	if (rc || (rc = net_conf_check(&ctx->conf, &ctx->err)))
		return rc;
	const char *st = merkle_setting(&ctx->conf, &dimo_adapter, "staking");
	if (!st)
		return error_set(&ctx->err, ERR_USAGE, "dimo: set [dimo] staking = the Staking contract's address");
	if (address_evm_parse(d->staking, st, &ctx->err))
		return error_set(&ctx->err, ERR_USAGE, "dimo: staking '%s' is not an address", st ? st : "");
	if (address_eip55(d->staking_s, sizeof d->staking_s, d->staking))
		return error_set(&ctx->err, ERR_FAIL, "address");
	if (unlock && (rc = journal_open(&d->j, ctx->home, &ctx->err)))
		return rc;
	if (ctx->rpc && ctx->conf.nsettings < CONF_MAX_SETTINGS) {
		struct conf_setting *s = &ctx->conf.settings[ctx->conf.nsettings++];
		snprintf(s->section, sizeof s->section, "dimo");
		snprintf(s->key, sizeof s->key, "rpc");
		snprintf(s->value, sizeof s->value, "%s", ctx->rpc);
	}
	if ((rc = merkle_sender_open(&d->s, &d->net, &ctx->conf, &dimo_adapter, d->j, ctx->insecure, &ctx->err)))
		goto fail;
	if (address) {
		if (address_evm_parse(d->from, address, &ctx->err)) {
			rc = error_set(&ctx->err, ERR_USAGE, "'%s' is not an EVM address", address);
			goto fail;
		}
	} else {
		const char *name = ctx->key ? ctx->key : ctx->conf.key[0] ? ctx->conf.key : NULL;
		if (!name) {
			rc = error_set(&ctx->err, ERR_USAGE, "which wallet? give --key NAME (see: depinctl key list)");
			goto fail;
		}
		struct key_info info;
		if ((rc = keystore_info(&info, ctx->home, name, &ctx->err)))
			goto fail;
		if (!info.evm[0]) {
			rc = error_set(&ctx->err, ERR_USAGE, "key '%s' holds no EVM account", name);
			goto fail;
		}
		if (!unlock && ctx->account == 0) {
			if ((rc = address_evm_parse(d->from, info.evm, &ctx->err)))
				goto fail;
		} else {
			struct key_secret *ks = NULL;
			char sol[45], evm[43];
			if ((rc = key_unlock_prompt(&ks, NULL, ctx, name)))
				goto fail;
			if (!(d->secret = sodium_malloc(32)))
				rc = error_set(&ctx->err, ERR_FAIL, "out of memory");
			if (!rc)
				rc = key_evm_seckey(d->secret, ks, ctx->account, &ctx->err);
			if (!rc)
				rc = key_addresses(sol, evm, ks, ctx->account, &ctx->err);
			key_secret_free(ks);
			if (!rc)
				rc = address_evm_parse(d->from, evm, &ctx->err);
			if (rc)
				goto fail;
		}
	}
	if (address_eip55(d->from_s, sizeof d->from_s, d->from)) {
		rc = error_set(&ctx->err, ERR_FAIL, "address");
		goto fail;
	}
	uint8_t w[32];
	if ((rc = merkle_call_word(w, d->s, d->staking, "dimoToken()", NULL, 0, &ctx->err))) {
		error_wrap(&ctx->err, "dimo: staking contract %s", d->staking_s);
		goto fail;
	}
	memcpy(d->token, w + 12, 20);
	return 0;
fail:
	dimo_close(d);
	return rc;
}

struct stake_data {
	uint64_t id;
	unsigned level;
	struct u256 amount;
	uint64_t lock_end;
	char vehicle[80];
	int exists;
	uint8_t owner[20];
};

static int read_stake(struct dimo *d, struct stake_data *sd, uint64_t id)
{
	char ids[24];
	snprintf(ids, sizeof ids, "%llu", (unsigned long long)id);
	const char *arg[] = {ids};
	uint8_t *data = NULL, *ret = NULL;
	size_t len = 0, rlen = 0;
	struct error *e = &d->ctx->err;
	memset(sd, 0, sizeof *sd);
	sd->id = id;
	uint8_t w[32];
	int rc = merkle_call_word(w, d->s, d->staking, "ownerOf(uint256)", arg, 1, e);
	if (rc == ERR_REFUSED)
		return error_set(e, ERR_NOTFOUND, "dimo: there is no stake %s", ids);
	if (rc)
		return rc;
	memcpy(sd->owner, w + 12, 20);
	if ((rc = abi_encode_call_text(&data, &len, "stakeIdToStakingData(uint256)", arg, 1, e)) ||
	    (rc = evm_sender_read(d->s, &ret, &rlen, NULL, d->staking, data, len, e))) {
		free(data);
		return rc;
	}
	free(data);
	if (rlen < 128) {
		free(ret);
		return error_set(e, ERR_NET, "dimo: stakeIdToStakingData(%s): %zu bytes, not (uint8,uint256,uint256,uint256)", ids, rlen);
	}
	struct u256 v;
	uint64_t x;
	u256_from_be(&v, ret);
	sd->level = (unsigned)(u256_to_u64(&x, &v) ? 255 : x);
	u256_from_be(&sd->amount, ret + 32);
	u256_from_be(&v, ret + 64);
	sd->lock_end = u256_to_u64(&x, &v) ? UINT64_MAX : x;
	u256_from_be(&v, ret + 96);
	if (u256_format_dec(sd->vehicle, sizeof sd->vehicle, &v))
		sd->vehicle[0] = '\0';
	sd->exists = !u256_is_zero(&sd->amount);
	free(ret);
	return 0;
}

/* Level amounts: stakingLevels(level) -> (amount, lockPeriod, points) */
static int level_amount(struct dimo *d, struct u256 *amount, uint64_t *period, unsigned level)
{
	char ls[8];
	snprintf(ls, sizeof ls, "%u", level);
	const char *arg[] = {ls};
	uint8_t *data = NULL, *ret = NULL;
	size_t len = 0, rlen = 0;
	struct error *e = &d->ctx->err;
	int rc = abi_encode_call_text(&data, &len, "stakingLevels(uint8)", arg, 1, e);
	if (!rc)
		rc = evm_sender_read(d->s, &ret, &rlen, NULL, d->staking, data, len, e);
	free(data);
	if (!rc && rlen < 96)
		rc = error_set(e, ERR_NET, "dimo: stakingLevels(%u): %zu bytes", level, rlen);
	if (!rc) {
		struct u256 p;
		u256_from_be(amount, ret);
		u256_from_be(&p, ret + 32);
		if (u256_to_u64(period, &p))
			*period = 0;
	}
	free(ret);
	return rc;
}

static int head_time(struct dimo *d, uint64_t *out)
{
	cJSON *r = NULL;
	int rc = jsonrpc_request(evm_sender_rpc(d->s), &r, "eth_getBlockByNumber",
				 evm_rpc_params(2, cJSON_CreateString("latest"), cJSON_CreateFalse()), &d->ctx->err);
	if (!rc)
		rc = evm_rpc_read_u64(out, cJSON_GetObjectItemCaseSensitive(r, "timestamp"), "block timestamp", &d->ctx->err);
	cJSON_Delete(r);
	return rc;
}

static int add_call(struct evm_call *c, const uint8_t to[20], const char *purpose, const char *sig, const char *const *argv,
		    size_t argc, struct error *e)
{
	uint8_t *data = NULL;
	size_t len = 0;
	evm_call_init(c);
	int rc = abi_encode_call_text(&data, &len, sig, argv, argc, e);
	if (rc)
		return rc;
	if (evm_call_set_data(c, data, len))
		rc = error_set(e, ERR_FAIL, "out of memory");
	free(data);
	memcpy(c->to, to, 20);
	snprintf(c->purpose, sizeof c->purpose, "%s", purpose);
	return rc;
}

/* If the allowance is short of need, an approve(staking, need) call first. */
static int maybe_approve(struct dimo *d, struct evm_call *calls, size_t *n, const struct u256 *need)
{
	char owner[ADDRESS_EVM_MAX];
	snprintf(owner, sizeof owner, "%s", d->from_s);
	const char *args[] = {owner, d->staking_s};
	uint8_t w[32];
	int rc = merkle_call_word(w, d->s, d->token, "allowance(address,address)", args, 2, &d->ctx->err);
	if (rc)
		return rc;
	struct u256 have, bal;
	u256_from_be(&have, w);
	const char *b[] = {owner};
	if ((rc = merkle_call_word(w, d->s, d->token, "balanceOf(address)", b, 1, &d->ctx->err)))
		return rc;
	u256_from_be(&bal, w);
	char need_s[AMOUNT_FMT_MAX], bal_s[AMOUNT_FMT_MAX];
	if (amount_format(need_s, sizeof need_s, need, DIMO_DECIMALS) || amount_format(bal_s, sizeof bal_s, &bal, DIMO_DECIMALS))
		return error_set(&d->ctx->err, ERR_FAIL, "format");
	if (u256_cmp(&bal, need) < 0)
		return error_set(&d->ctx->err, ERR_FAIL, "dimo: %s holds %s DIMO; the stake needs %s DIMO", d->from_s, bal_s, need_s);
	if (u256_cmp(&have, need) >= 0)
		return 0;
	char dec[80];
	if (u256_format_dec(dec, sizeof dec, need))
		return error_set(&d->ctx->err, ERR_FAIL, "format");
	const char *a[] = {d->staking_s, dec};
	if ((rc = add_call(&calls[*n], d->token, "approve", "approve(address,uint256)", a, 2, &d->ctx->err)))
		return rc;
	snprintf(calls[*n].amount, sizeof calls[*n].amount, "%.79s", need_s);
	snprintf(calls[*n].token, sizeof calls[*n].token, DIMO);
	(*n)++;
	return 0;
}

/* Prepares, shows, confirms, sends; prints the outcome. */
static int run_calls(struct dimo *d, struct evm_call *calls, size_t n, const char *verb, const char *what)
{
	struct ctx *ctx = d->ctx;
	char sum[2048];
	int rc;
	for (size_t i = 1; i < n; i++)
		calls[i].after_previous = 1;
	if ((rc = evm_sender_prepare(d->s, d->from, calls, n, sum, sizeof sum, &ctx->err)))
		return rc;
	if (ctx->dry_run) {
		if (ctx->json) {
			cJSON *doc = cJSON_CreateObject();
			cJSON_AddStringToObject(doc, "network", "dimo");
			cJSON_AddStringToObject(doc, "verb", verb);
			cJSON_AddStringToObject(doc, "summary", sum);
			cJSON_AddBoolToObject(doc, "dry_run", 1);
			output_json(ctx, doc);
		} else {
			printf("%s\n%s\n", what, sum);
		}
		return 0;
	}
	if (!ctx->json || !ctx->yes) {
		FILE *o = ctx->json ? stderr : stdout;
		fprintf(o, "%s\n%s\n", what, sum);
		fflush(o);
	}
	char q[80];
	snprintf(q, sizeof q, "sign and send %zu transaction%s?", n, n == 1 ? "" : "s");
	if ((rc = prompt_confirm(ctx, q, &ctx->err)))
		return rc;
	rc = evm_sender_send(d->s, d->secret, calls, n, NULL, NULL, &ctx->err);
	if (ctx->json) {
		cJSON *doc = cJSON_CreateObject();
		cJSON_AddStringToObject(doc, "network", "dimo");
		cJSON_AddStringToObject(doc, "verb", verb);
		cJSON *arr = cJSON_AddArrayToObject(doc, "transactions");
		for (size_t i = 0; i < n; i++) {
			cJSON *o = cJSON_CreateObject();
			cJSON_AddStringToObject(o, "purpose", calls[i].purpose);
			cJSON_AddStringToObject(o, "txid", calls[i].txid);
			cJSON_AddStringToObject(o, "status", journal_status_name(calls[i].status));
			cJSON_AddNumberToObject(o, "gas_used", (double)calls[i].gas_used);
			cJSON_AddStringToObject(o, "error", calls[i].error);
			cJSON_AddItemToArray(arr, o);
		}
		if (rc)
			cJSON_AddStringToObject(doc, "error", ctx->err.msg);
		output_json(ctx, doc);
	} else {
		for (size_t i = 0; i < n; i++)
			printf("%s: %s %s%s%s\n", calls[i].purpose, journal_status_name(calls[i].status), calls[i].txid,
			       calls[i].error[0] ? ": " : "", calls[i].error);
	}
	return rc;
}

static int parse_u64(uint64_t *out, const char *s, const char *what, struct error *e)
{
	struct u256 v;
	struct error ignore;
	if (!s || !*s || *s == '-' || u256_parse_dec(&v, s, &ignore) || u256_to_u64(out, &v))
		return error_set(e, ERR_USAGE, "%s '%s' is not a whole number", what, s ? s : "");
	return 0;
}

static const struct opt no_opts[] = {{NULL, 0, 0, 0}};

static int noopt(void *user, int id, const char *value, struct error *e)
{
	(void)user, (void)id, (void)value, (void)e;
	return 0;
}

static int args(struct ctx *ctx, const char *verb, int argc, char **argv, char **pos, int *npos, int min, int max,
		const char *usage)
{
	int rc = opts_parse(ctx, verb, argc - 1, argv + 1, no_opts, noopt, NULL, pos, npos, max + 1);
	if (rc)
		return rc;
	if (*npos < min || *npos > max)
		return error_set(&ctx->err, ERR_USAGE, "usage: depinctl stake --network dimo %s", usage);
	return 0;
}

/* The stake, which must be the wallet's. */
static int own_stake(struct dimo *d, struct stake_data *sd, const char *id_s)
{
	uint64_t id;
	int rc = parse_u64(&id, id_s, "stake id", &d->ctx->err);
	if (rc || (rc = read_stake(d, sd, id)))
		return rc;
	if (memcmp(sd->owner, d->from, 20)) {
		char o[ADDRESS_EVM_MAX];
		if (address_eip55(o, sizeof o, sd->owner))
			o[0] = '\0';
		return error_set(&d->ctx->err, ERR_REFUSED, "dimo: stake %s belongs to %s, not to %s", id_s, o, d->from_s);
	}
	return 0;
}

static int verb_create(int argc, char **argv, struct ctx *ctx)
{
	char *pos[3];
	int npos, rc;
	if ((rc = args(ctx, "stake create", argc, argv, pos, &npos, 1, 2, "create LEVEL [VEHICLE_ID]")))
		return rc;
	uint64_t level, vehicle = 0;
	if ((rc = parse_u64(&level, pos[0], "level", &ctx->err)) || (npos > 1 && (rc = parse_u64(&vehicle, pos[1], "vehicle id", &ctx->err))))
		return rc;
	if (level > MAX_LEVEL)
		return error_set(&ctx->err, ERR_USAGE, "dimo: level %llu: the levels are 0, 1 and 2", (unsigned long long)level);
	struct dimo d;
	if ((rc = dimo_open(&d, ctx, 1, NULL)))
		return rc;
	struct u256 amount;
	uint64_t period;
	struct evm_call calls[2];
	size_t n = 0;
	memset(calls, 0, sizeof calls);
	if ((rc = level_amount(&d, &amount, &period, (unsigned)level)) || (rc = maybe_approve(&d, calls, &n, &amount)))
		goto out;
	char ls[8], vs[24], what[300], amt[AMOUNT_FMT_MAX];
	snprintf(ls, sizeof ls, "%llu", (unsigned long long)level);
	snprintf(vs, sizeof vs, "%llu", (unsigned long long)vehicle);
	const char *a[] = {ls, vs};
	if ((rc = add_call(&calls[n], d.staking, "stake", "stake(uint8,uint256)", a, 2, &ctx->err)))
		goto out;
	if (amount_format(amt, sizeof amt, &amount, DIMO_DECIMALS))
		amt[0] = '\0';
	snprintf(calls[n].amount, sizeof calls[n].amount, "%.79s", amt);
	snprintf(calls[n].token, sizeof calls[n].token, DIMO);
	n++;
	snprintf(what, sizeof what, "stake %s DIMO at level %s for %llu days%s%s from %s", amt, ls,
		 (unsigned long long)(period / 86400), vehicle ? ", vehicle " : " (no vehicle)", vehicle ? vs : "", d.from_s);
	rc = run_calls(&d, calls, n, "create", what);
out:
	for (size_t i = 0; i < 2; i++)
		evm_call_release(&calls[i]);
	dimo_close(&d);
	return rc;
}

static int verb_upgrade(int argc, char **argv, struct ctx *ctx)
{
	char *pos[4];
	int npos, rc;
	if ((rc = args(ctx, "stake upgrade", argc, argv, pos, &npos, 2, 3, "upgrade STAKE_ID LEVEL [VEHICLE_ID]")))
		return rc;
	uint64_t level;
	if ((rc = parse_u64(&level, pos[1], "level", &ctx->err)))
		return rc;
	struct dimo d;
	if ((rc = dimo_open(&d, ctx, 1, NULL)))
		return rc;
	struct stake_data sd;
	struct evm_call calls[2];
	size_t n = 0;
	memset(calls, 0, sizeof calls);
	if ((rc = own_stake(&d, &sd, pos[0])))
		goto out;
	if (level > MAX_LEVEL || level <= sd.level) {
		rc = error_set(&ctx->err, ERR_USAGE, "dimo: stake %s is at level %u: upgrade to a higher level, up to %d", pos[0], sd.level,
			       MAX_LEVEL);
		goto out;
	}
	struct u256 amount, diff;
	uint64_t period;
	if ((rc = level_amount(&d, &amount, &period, (unsigned)level)))
		goto out;
	if (u256_sub(&diff, &amount, &sd.amount))
		u256_zero(&diff);
	if ((rc = maybe_approve(&d, calls, &n, &diff)))
		goto out;
	char ls[8], what[300], amt[AMOUNT_FMT_MAX];
	snprintf(ls, sizeof ls, "%llu", (unsigned long long)level);
	const char *veh = npos > 2 ? pos[2] : sd.vehicle;
	const char *a[] = {pos[0], ls, veh};
	if ((rc = add_call(&calls[n], d.staking, "stake", "upgradeStake(uint256,uint8,uint256)", a, 3, &ctx->err)))
		goto out;
	if (amount_format(amt, sizeof amt, &diff, DIMO_DECIMALS))
		amt[0] = '\0';
	snprintf(calls[n].amount, sizeof calls[n].amount, "%.79s", amt);
	snprintf(calls[n].token, sizeof calls[n].token, DIMO);
	n++;
	snprintf(what, sizeof what, "upgrade stake %s from level %u to %s: %s DIMO more, locked %llu days from now, vehicle %s",
		 pos[0], sd.level, ls, amt, (unsigned long long)(period / 86400), veh);
	rc = run_calls(&d, calls, n, "upgrade", what);
out:
	for (size_t i = 0; i < 2; i++)
		evm_call_release(&calls[i]);
	dimo_close(&d);
	return rc;
}

/* extend, withdraw, attach, detach: one call each */
static int one_call_verb(int argc, char **argv, struct ctx *ctx, const char *verb)
{
	char *pos[3];
	int npos, rc;
	int is_attach = !strcmp(verb, "attach"), is_detach = !strcmp(verb, "detach");
	const char *usage = is_attach ? "attach STAKE_ID VEHICLE_ID" : is_detach ? "detach VEHICLE_ID"
				      : !strcmp(verb, "extend") ? "extend STAKE_ID" : "withdraw STAKE_ID";
	char vname[32];
	snprintf(vname, sizeof vname, "stake %s", verb);
	if ((rc = args(ctx, vname, argc, argv, pos, &npos, is_attach ? 2 : 1, is_attach ? 2 : 1, usage)))
		return rc;
	uint64_t x;
	for (int i = 0; i < npos; i++)
		if ((rc = parse_u64(&x, pos[i], i == 0 && !is_detach ? "stake id" : "vehicle id", &ctx->err)))
			return rc;
	struct dimo d;
	if ((rc = dimo_open(&d, ctx, 1, NULL)))
		return rc;
	struct stake_data sd;
	struct evm_call call;
	char what[300];
	memset(&call, 0, sizeof call);
	if (is_detach) {
		uint8_t w[32];
		const char *a[] = {pos[0]};
		if ((rc = merkle_call_word(w, d.s, d.staking, "vehicleIdToStakeId(uint256)", a, 1, &ctx->err)))
			goto out;
		struct u256 v;
		u256_from_be(&v, w);
		if (u256_is_zero(&v)) {
			rc = error_set(&ctx->err, ERR_USAGE, "dimo: vehicle %s is attached to no stake", pos[0]);
			goto out;
		}
		rc = add_call(&call, d.staking, "stake", "detachVehicle(uint256)", a, 1, &ctx->err);
		snprintf(what, sizeof what, "detach vehicle %s from its stake", pos[0]);
	} else {
		if ((rc = own_stake(&d, &sd, pos[0])))
			goto out;
		if (!sd.exists) {
			rc = error_set(&ctx->err, ERR_USAGE, "dimo: stake %s was withdrawn", pos[0]);
			goto out;
		}
		uint64_t now = 0;
		if (!strcmp(verb, "withdraw")) {
			if ((rc = head_time(&d, &now)))
				goto out;
			if (now <= sd.lock_end) {
				char when[40];
				time_t t = (time_t)sd.lock_end;
				struct tm tm;
				strftime(when, sizeof when, "%Y-%m-%d %H:%M UTC", gmtime_r(&t, &tm));
				rc = error_set(&ctx->err, ERR_REFUSED, "dimo: stake %s is locked until %s: nothing can be withdrawn yet",
					       pos[0], when);
				goto out;
			}
			const char *a[] = {pos[0]};
			rc = add_call(&call, d.staking, "unstake", "withdraw(uint256)", a, 1, &ctx->err);
			char amt[AMOUNT_FMT_MAX];
			if (amount_format(amt, sizeof amt, &sd.amount, DIMO_DECIMALS))
				amt[0] = '\0';
			snprintf(call.amount, sizeof call.amount, "%.79s", amt);
			snprintf(call.token, sizeof call.token, DIMO);
			snprintf(what, sizeof what, "withdraw stake %s: %s DIMO back to %s", pos[0], amt, d.from_s);
		} else if (is_attach) {
			const char *a[] = {pos[0], pos[1]};
			rc = add_call(&call, d.staking, "stake", "attachVehicle(uint256,uint256)", a, 2, &ctx->err);
			snprintf(what, sizeof what, "attach vehicle %s to stake %s (now: %s)", pos[1], pos[0],
				 strcmp(sd.vehicle, "0") ? sd.vehicle : "none");
		} else {
			const char *a[] = {pos[0]};
			rc = add_call(&call, d.staking, "stake", "extendStaking(uint256)", a, 1, &ctx->err);
			snprintf(what, sizeof what, "extend stake %s (level %u): its lock restarts today", pos[0], sd.level);
		}
	}
	if (!rc)
		rc = run_calls(&d, &call, 1, verb, what);
out:
	evm_call_release(&call);
	dimo_close(&d);
	return rc;
}

static int verb_extend(int argc, char **argv, struct ctx *ctx)
{
	return one_call_verb(argc, argv, ctx, "extend");
}
static int verb_withdraw(int argc, char **argv, struct ctx *ctx)
{
	return one_call_verb(argc, argv, ctx, "withdraw");
}
static int verb_attach(int argc, char **argv, struct ctx *ctx)
{
	return one_call_verb(argc, argv, ctx, "attach");
}
static int verb_detach(int argc, char **argv, struct ctx *ctx)
{
	return one_call_verb(argc, argv, ctx, "detach");
}

/* The wallet's stakes: its Staked logs, each stake read back. */
static int verb_list(int argc, char **argv, struct ctx *ctx)
{
	char *pos[2];
	int npos, rc;
	if ((rc = args(ctx, "stake list", argc, argv, pos, &npos, 0, 1, "list [ADDRESS]")))
		return rc;
	struct dimo d;
	if ((rc = dimo_open(&d, ctx, 0, npos ? pos[0] : NULL)))
		return rc;
	uint8_t topic0[32], topic1[32] = {0};
	char t0[67], t1[67];
	keccak256(topic0, "Staked(address,uint256,address,uint8,uint256,uint256)",
		  strlen("Staked(address,uint256,address,uint8,uint256,uint256)"));
	memcpy(topic1 + 12, d.from, 20);
	t0[0] = t1[0] = '0';
	t0[1] = t1[1] = 'x';
	hex_encode(t0 + 2, 65, topic0, 32);
	hex_encode(t1 + 2, 65, topic1, 32);
	const char *from_block = merkle_setting(&ctx->conf, &dimo_adapter, "from-block");
	cJSON *filter = cJSON_CreateObject(), *topics = cJSON_CreateArray();
	cJSON_AddItemToObject(filter, "address", evm_rpc_address(d.staking));
	cJSON_AddStringToObject(filter, "fromBlock", from_block ? from_block : "0x0");
	cJSON_AddStringToObject(filter, "toBlock", "latest");
	cJSON_AddItemToArray(topics, cJSON_CreateString(t0));
	cJSON_AddItemToArray(topics, cJSON_CreateString(t1));
	cJSON_AddItemToObject(filter, "topics", topics);
	cJSON *logs = NULL;
	if ((rc = jsonrpc_request(evm_sender_rpc(d.s), &logs, "eth_getLogs", evm_rpc_params(1, filter), &ctx->err)))
		goto out;
	if (!cJSON_IsArray(logs)) {
		rc = error_set(&ctx->err, ERR_NET, "eth_getLogs: not a list of logs");
		goto out;
	}
	uint64_t ids[512];
	size_t nids = 0;
	const cJSON *lg;
	cJSON_ArrayForEach(lg, logs) {
		const cJSON *tp = cJSON_GetObjectItemCaseSensitive(lg, "topics");
		uint8_t h[32];
		struct u256 v;
		uint64_t id;
		if (cJSON_GetArraySize(tp) < 3 || evm_rpc_read_hash(h, cJSON_GetArrayItem(tp, 2), "Staked stakeId", &ctx->err)) {
			rc = error_set(&ctx->err, ERR_NET, "eth_getLogs: a Staked log without its stake id");
			goto out;
		}
		u256_from_be(&v, h);
		if (u256_to_u64(&id, &v))
			continue;
		size_t k;
		for (k = 0; k < nids && ids[k] != id; k++)
			;
		if (k == nids && nids < sizeof ids / sizeof ids[0])
			ids[nids++] = id;
	}
	uint64_t now = 0;
	if ((rc = head_time(&d, &now)))
		goto out;
	cJSON *arr = ctx->json ? cJSON_CreateArray() : NULL;
	static const char *const head[] = {"STAKE", "LEVEL", "AMOUNT", "LOCKED UNTIL", "VEHICLE", "STATE"};
	struct table t;
	if (!ctx->json)
		table_init(&t, 6, head);
	for (size_t i = 0; i < nids; i++) {
		struct stake_data sd;
		if ((rc = read_stake(&d, &sd, ids[i])))
			break;
		if (memcmp(sd.owner, d.from, 20))
			continue;
		char id_s[24], lv[8], amt[AMOUNT_FMT_MAX], until[40];
		snprintf(id_s, sizeof id_s, "%llu", (unsigned long long)sd.id);
		snprintf(lv, sizeof lv, "%u", sd.level);
		if (amount_format(amt, sizeof amt, &sd.amount, DIMO_DECIMALS))
			amt[0] = '\0';
		time_t tt = (time_t)sd.lock_end;
		struct tm tm;
		strftime(until, sizeof until, "%Y-%m-%d %H:%M", gmtime_r(&tt, &tm));
		const char *state = !sd.exists ? "withdrawn" : now > sd.lock_end ? "unlocked" : "locked";
		if (ctx->json) {
			cJSON *o = cJSON_CreateObject();
			cJSON_AddStringToObject(o, "stake_id", id_s);
			cJSON_AddNumberToObject(o, "level", sd.level);
			cJSON_AddStringToObject(o, "amount", amt);
			cJSON_AddNumberToObject(o, "lock_end", (double)sd.lock_end);
			cJSON_AddStringToObject(o, "vehicle_id", sd.vehicle);
			cJSON_AddStringToObject(o, "state", state);
			cJSON_AddItemToArray(arr, o);
		} else {
			const char *row[] = {id_s, lv, amt, until, strcmp(sd.vehicle, "0") ? sd.vehicle : "-", state};
			table_add(&t, row);
		}
	}
	if (ctx->json) {
		cJSON *doc = cJSON_CreateObject();
		cJSON_AddStringToObject(doc, "network", "dimo");
		cJSON_AddStringToObject(doc, "owner", d.from_s);
		cJSON_AddItemToObject(doc, "stakes", arr);
		if (!rc)
			output_json(ctx, doc);
		else
			cJSON_Delete(doc);
	} else {
		if (!rc)
			table_print(&t, stdout);
		table_release(&t);
	}
out:
	cJSON_Delete(logs);
	dimo_close(&d);
	return rc;
}

static const struct net_verb verbs[] = {
	{"list", verb_list, "list [ADDRESS]"},
	{"create", verb_create, "create LEVEL [VEHICLE_ID]   (level 0, 1, 2: 500 / 1500 / 4000 DIMO)"},
	{"upgrade", verb_upgrade, "upgrade STAKE_ID LEVEL [VEHICLE_ID]"},
	{"extend", verb_extend, "extend STAKE_ID"},
	{"withdraw", verb_withdraw, "withdraw STAKE_ID"},
	{"attach", verb_attach, "attach STAKE_ID VEHICLE_ID"},
	{"detach", verb_detach, "detach VEHICLE_ID"},
	{NULL, NULL, NULL},
};

static const struct net_setting settings[] = {
	{"api", "https://identity-api.dimo.zone/query", "DIMO's identity GraphQL API"},
	{"wallets", NULL, "vehicle owners (default: the keystore's EVM addresses)"},
	{"staking", NULL, "the Staking contract's address (Polygon; not built in: its deployment was not confirmed from a public source)"},
	{"network", "polygon", "the chain preset of the Staking contract"},
	{"rpc", NULL, "RPC endpoints replacing the preset's"},
	{"from-block", "0x0", "the block the Staked logs are read from"},
	{NULL, NULL, NULL},
};

const struct net_adapter dimo_adapter = {
	.name = "dimo",
	.title = "DIMO",
	.chain = "polygon",
	.family = "evm",
	.token = DIMO,
	.caps = NET_CAP_DEVICES | NET_CAP_EARNINGS | NET_CAP_STAKE,
	.source = {
		[0] = "identity GraphQL: vehicles(filterBy: {owner})",
		[3] = "identity GraphQL: earnings.history (weekly)",
		[6] = "Staking: stake, upgradeStake, extendStaking, withdraw, attachVehicle, detachVehicle",
	},
	.missing = "no online status (the identity API has none); rewards are paid weekly to the wallet, nothing to claim",
	.settings = settings,
	.refresh = refresh,
	.stake_verbs = verbs,
};
