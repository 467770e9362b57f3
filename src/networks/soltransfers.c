/* The Solana adapters' shared parts: token-transfer earnings history with
 * its SQLite cache, and the verbs' key, RPC and sending. See soltransfers.h. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sodium.h>
#include <sqlite3.h>
#include <sys/stat.h>

#include "amount.h"
#include "base58.h"
#include "ctx.h"
#include "commands.h"
#include "journal.h"
#include "opts.h"
#include "output.h"
#include "prompt.h"
#include "chains/solana/pda.h"
#include "chains/solana/programs.h"
#include "chains/solana/sender.h"
#include "chains/solana/stake.h"
#include "networks/soltransfers.h"
#include "wallet/address.h"
#include "wallet/key.h"
#include "wallet/keystore.h"

/* net_rpc_tag with the tag last. */
static struct net_req *rpc_call(struct net_task *t, const char *const *urls, size_t n, const char *method, cJSON *params,
				long tag)
{
	return net_rpc_tag(t, tag, urls, n, method, params);
}

/* ---- small helpers ---------------------------------------------------------------- */

void solnet_fmt(char *out, size_t out_size, uint64_t units, unsigned decimals)
{
	if (amount_format_u64(out, out_size, units, decimals))
		snprintf(out, out_size, "?");
}

void solnet_b58(char out[48], const uint8_t key[32])
{
	if (address_solana(out, 48, key))
		out[0] = '\0';
}

cJSON *solnet_account_params(const char *address)
{
	cJSON *p = cJSON_CreateArray(), *cfg = cJSON_CreateObject();
	cJSON_AddItemToArray(p, cJSON_CreateString(address));
	cJSON_AddStringToObject(cfg, "encoding", "base64");
	cJSON_AddItemToArray(p, cfg);
	return p;
}

static const cJSON *get(const cJSON *o, const char *k)
{
	return cJSON_GetObjectItemCaseSensitive(o, k);
}

/* ---- 1. the cache ---------------------------------------------------------------- */

static const char SCHEMA[] =
	"CREATE TABLE IF NOT EXISTS soltransfers_seen (account TEXT NOT NULL, signature TEXT NOT NULL,"
	" slot INTEGER NOT NULL, PRIMARY KEY (account, signature));"
	"CREATE TABLE IF NOT EXISTS soltransfers_credit (account TEXT NOT NULL, signature TEXT NOT NULL,"
	" mint TEXT NOT NULL, block_time INTEGER NOT NULL, amount TEXT NOT NULL,"
	" PRIMARY KEY (account, signature, mint));";

/* The newest signature cached for account (by slot), "" when none. */
static int cache_newest(sqlite3 *db, const char *account, char *out, size_t out_size, struct error *e)
{
	out[0] = '\0';
	if (!db)
		return 0;
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db, "SELECT signature FROM soltransfers_seen WHERE account = ? ORDER BY slot DESC LIMIT 1",
			       -1, &st, NULL) != SQLITE_OK)
		return error_set(e, ERR_FAIL, "cache: %s", sqlite3_errmsg(db));
	sqlite3_bind_text(st, 1, account, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		snprintf(out, out_size, "%s", (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return 0;
}

static int cache_add(sqlite3 *db, const char *account, const char *sig, uint64_t slot, const char *mint,
		     int64_t block_time, uint64_t credit, struct error *e)
{
	if (!db)
		return 0;
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db, "INSERT OR IGNORE INTO soltransfers_seen VALUES (?, ?, ?)", -1, &st, NULL) != SQLITE_OK)
		return error_set(e, ERR_FAIL, "cache: %s", sqlite3_errmsg(db));
	sqlite3_bind_text(st, 1, account, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, sig, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, (sqlite3_int64)slot);
	int r = sqlite3_step(st);
	sqlite3_finalize(st);
	if (r != SQLITE_DONE)
		return error_set(e, ERR_FAIL, "cache: %s", sqlite3_errmsg(db));
	if (!credit)
		return 0;
	if (sqlite3_prepare_v2(db, "INSERT OR REPLACE INTO soltransfers_credit VALUES (?, ?, ?, ?, ?)", -1, &st, NULL) !=
	    SQLITE_OK)
		return error_set(e, ERR_FAIL, "cache: %s", sqlite3_errmsg(db));
	char amt[24];
	snprintf(amt, sizeof amt, "%llu", (unsigned long long)credit);
	sqlite3_bind_text(st, 1, account, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, sig, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, mint, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, block_time);
	sqlite3_bind_text(st, 5, amt, -1, SQLITE_TRANSIENT);
	r = sqlite3_step(st);
	sqlite3_finalize(st);
	if (r != SQLITE_DONE)
		return error_set(e, ERR_FAIL, "cache: %s", sqlite3_errmsg(db));
	return 0;
}

/* ---- 1. history steps --------------------------------------------------------------- */

int soltx_init(struct soltx *h, const char *owner, const struct soltx_token *tok, struct error *e)
{
	memset(h, 0, sizeof *h);
	uint8_t o[32], m[32], ata[32];
	int rc;
	if ((rc = address_solana_parse(o, owner, e)) || (rc = address_solana_parse(m, tok->mint, e)))
		return rc;
	if ((rc = sol_pda_ata(ata, o, m, sol_program_id_token, e)))
		return rc;
	snprintf(h->owner, sizeof h->owner, "%s", owner);
	solnet_b58(h->account, ata);
	h->token = *tok;
	return 0;
}

void soltx_release(struct soltx *h)
{
	for (size_t i = 0; i < h->nsigs; i++)
		free(h->sigs[i]);
	free(h->sigs);
	h->sigs = NULL;
	h->nsigs = h->cap = 0;
	free(h->credits);
	h->credits = NULL;
	h->ncredits = 0;
}

static int push_sig(struct soltx *h, const char *s)
{
	if (h->nsigs == h->cap) {
		size_t cap = h->cap ? 2 * h->cap : 64;
		char **p = realloc(h->sigs, cap * sizeof *p);
		if (!p)
			return ERR_FAIL;
		h->sigs = p;
		h->cap = cap;
	}
	if (!(h->sigs[h->nsigs] = strdup(s)))
		return ERR_FAIL;
	h->nsigs++;
	return 0;
}

static cJSON *sigs_params(const struct soltx *h)
{
	cJSON *p = cJSON_CreateArray(), *cfg = cJSON_CreateObject();
	cJSON_AddItemToArray(p, cJSON_CreateString(h->account));
	cJSON_AddNumberToObject(cfg, "limit", SOLTX_PAGE);
	cJSON_AddStringToObject(cfg, "commitment", "confirmed");
	if (h->until[0])
		cJSON_AddStringToObject(cfg, "until", h->until);
	if (h->before[0])
		cJSON_AddStringToObject(cfg, "before", h->before);
	cJSON_AddItemToArray(p, cfg);
	return p;
}

/* The owner's balance of the mint in a transaction's pre/postTokenBalances. */
static int token_balance(uint64_t *out, const cJSON *list, const char *owner, const char *mint)
{
	*out = 0;
	int found = 0;
	const cJSON *b;
	cJSON_ArrayForEach(b, list)
	{
		const char *o = cJSON_GetStringValue(get(b, "owner")), *m = cJSON_GetStringValue(get(b, "mint"));
		if (!o || !m || strcmp(o, owner) || strcmp(m, mint))
			continue;
		uint64_t v;
		if (jsonrpc_u64(&v, get(get(b, "uiTokenAmount"), "amount")))
			return ERR_NET;
		*out += v;
		found = 1;
	}
	return found;
}

enum { H_START, H_SIGS, H_TXS, H_DONE };

int soltx_step(struct net_task *t, struct soltx *h, const char *const *urls, size_t nurls, long tag)
{
	struct error e = {0};
	sqlite3 *db = NULL;
	int rc = 0;
	switch (h->stage) {
	case H_START: {
		if ((rc = net_cache_open(&db, t, SCHEMA, &e)) || (rc = cache_newest(db, h->account, h->until, sizeof h->until, &e))) {
			sqlite3_close(db);
			return net_fail(t, rc, "%s", e.msg);
		}
		sqlite3_close(db);
		if (!rpc_call(t, urls, nurls, "getAccountInfo", solnet_account_params(h->account), tag) ||
		    !rpc_call(t, urls, nurls, "getSignaturesForAddress", sigs_params(h), tag + 1))
			return t->out->code ? t->out->code : ERR_FAIL;
		h->requests += 2;
		h->stage = H_SIGS;
		return NET_WAIT;
	}
	case H_SIGS: {
		for (size_t i = 0; i < t->nreqs; i++) {
			const struct net_req *r = t->reqs[i];
			if (r->tag != tag && r->tag != tag + 1)
				continue;
			if (r->code)
				return net_fail_req(t, r);
			if (r->tag == tag) { /* getAccountInfo */
				const cJSON *v = get(r->json, "value");
				if (cJSON_IsNull(v)) {
					h->missing = 1;
					continue;
				}
				const cJSON *d = get(v, "data");
				const char *b64 = cJSON_GetStringValue(cJSON_GetArrayItem(d, 0));
				unsigned char raw[200];
				size_t len = 0;
				if (!b64 || sodium_base642bin(raw, sizeof raw, b64, strlen(b64), NULL, &len, NULL,
							      sodium_base64_VARIANT_ORIGINAL) ||
				    len < 72)
					return net_fail(t, ERR_NET, "token account '%s': not an SPL token account", h->account);
				uint64_t bal = 0;
				for (int k = 7; k >= 0; k--)
					bal = bal << 8 | raw[64 + k];
				h->balance = bal;
				h->has_balance = 1;
				continue;
			}
			if (!cJSON_IsArray(r->json))
				return net_fail(t, ERR_NET, "getSignaturesForAddress '%s': not a list", h->account);
			int n = 0;
			const cJSON *s;
			cJSON_ArrayForEach(s, r->json)
			{
				const char *sig = cJSON_GetStringValue(get(s, "signature"));
				if (!sig || strlen(sig) > 90)
					return net_fail(t, ERR_NET, "getSignaturesForAddress '%s': an entry without a signature",
							h->account);
				/* a failed transaction moved nothing: skip it (it is cached as seen below) */
				if (push_sig(h, sig))
					return net_fail(t, ERR_FAIL, "out of memory");
				snprintf(h->before, sizeof h->before, "%s", sig);
				n++;
			}
			if (n == SOLTX_PAGE && h->nsigs < 20 * SOLTX_PAGE) {
				/* a full page: read the next, older one */
				if (!rpc_call(t, urls, nurls, "getSignaturesForAddress", sigs_params(h), tag + 1))
					return t->out->code ? t->out->code : ERR_FAIL;
				h->requests++;
				return NET_WAIT;
			}
		}
		if (!h->nsigs) {
			h->stage = H_DONE;
			return NET_DONE;
		}
		/* oldest first, so the cache's newest signature always has every
		 * older one read before it */
		size_t first = h->nsigs > SOLTX_FETCH_MAX ? h->nsigs - SOLTX_FETCH_MAX : 0;
		for (size_t i = h->nsigs; i-- > first;) {
			cJSON *p = cJSON_CreateArray(), *cfg = cJSON_CreateObject();
			cJSON_AddItemToArray(p, cJSON_CreateString(h->sigs[i]));
			cJSON_AddStringToObject(cfg, "encoding", "jsonParsed");
			cJSON_AddStringToObject(cfg, "commitment", "confirmed");
			cJSON_AddNumberToObject(cfg, "maxSupportedTransactionVersion", 0);
			cJSON_AddItemToArray(p, cfg);
			if (!rpc_call(t, urls, nurls, "getTransaction", p, tag + 2 + (long)i))
				return t->out->code ? t->out->code : ERR_FAIL;
			h->requests++;
			h->fetched++;
		}
		h->stage = H_TXS;
		return NET_WAIT;
	}
	case H_TXS: {
		if ((rc = net_cache_open(&db, t, SCHEMA, &e)))
			return net_fail(t, rc, "%s", e.msg);
		if (db)
			sqlite3_exec(db, "BEGIN", NULL, NULL, NULL);
		for (size_t i = 0; i < t->nreqs && !rc; i++) {
			const struct net_req *r = t->reqs[i];
			if (r->tag < tag + 2 || (size_t)(r->tag - tag - 2) >= h->nsigs)
				continue;
			const char *sig = h->sigs[r->tag - tag - 2];
			if (r->code) {
				rc = net_fail_req(t, r);
				break;
			}
			if (cJSON_IsNull(r->json)) {
				rc = net_fail(t, ERR_NET, "getTransaction '%.20s...': not found (the node dropped its history?)", sig);
				break;
			}
			const cJSON *meta = get(r->json, "meta");
			uint64_t slot = 0, pre = 0, post = 0;
			const cJSON *bt = get(r->json, "blockTime");
			if (!cJSON_IsObject(meta) || jsonrpc_u64(&slot, get(r->json, "slot")) || !cJSON_IsNumber(bt)) {
				rc = net_fail(t, ERR_NET, "getTransaction '%.20s...': no meta, slot or block time", sig);
				break;
			}
			uint64_t credit = 0;
			if (cJSON_IsNull(get(meta, "err")) || !get(meta, "err")) {
				int a = token_balance(&pre, get(meta, "preTokenBalances"), h->owner, h->token.mint);
				int b = token_balance(&post, get(meta, "postTokenBalances"), h->owner, h->token.mint);
				if (a < 0 || b < 0) {
					rc = net_fail(t, ERR_NET, "getTransaction '%.20s...': a token balance is not a number", sig);
					break;
				}
				if (post > pre)
					credit = post - pre;
			}
			if (credit && !db) {
				struct soltx_credit *c = realloc(h->credits, (h->ncredits + 1) * sizeof *c);
				if (!c) {
					rc = net_fail(t, ERR_FAIL, "out of memory");
					break;
				}
				h->credits = c;
				c[h->ncredits++] = (struct soltx_credit){(int64_t)bt->valuedouble, credit};
			}
			if ((rc = cache_add(db, h->account, sig, slot, h->token.mint, (int64_t)bt->valuedouble, credit, &e)))
				rc = net_fail(t, rc, "%s", e.msg);
		}
		if (db) {
			sqlite3_exec(db, rc ? "ROLLBACK" : "COMMIT", NULL, NULL, NULL);
			sqlite3_close(db);
		}
		if (rc)
			return rc;
		h->stage = H_DONE;
		return NET_DONE;
	}
	default:
		return NET_DONE;
	}
}

int soltx_fill(struct net_task *t, const struct soltx *h, struct net_device *d, int64_t since, struct error *e)
{
	sqlite3 *db = NULL;
	int rc = net_cache_open(&db, t, SCHEMA, e);
	if (rc)
		return rc;
	if (!db) { /* no cache: what this refresh read */
		struct net_money life, m;
		if ((rc = net_money_set_u64(&life, h->token.symbol, h->token.decimals, 0)))
			return rc;
		for (size_t i = 0; i < h->ncredits && !rc; i++) {
			const struct soltx_credit *c = &h->credits[i];
			if ((rc = net_money_set_u64(&m, h->token.symbol, h->token.decimals, c->units)) ||
			    (rc = net_money_add(&life, &m)))
				break;
			if (c->when >= since)
				rc = net_device_add_point(d, c->when - c->when % 86400, &m);
		}
		if (!rc && h->ncredits)
			rc = net_device_add_lifetime(d, &life);
		return rc;
	}
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db, "SELECT block_time, amount FROM soltransfers_credit WHERE account = ? AND mint = ?"
				   " ORDER BY block_time",
			       -1, &st, NULL) != SQLITE_OK) {
		rc = error_set(e, ERR_FAIL, "cache: %s", sqlite3_errmsg(db));
		sqlite3_close(db);
		return rc;
	}
	sqlite3_bind_text(st, 1, h->account, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, h->token.mint, -1, SQLITE_STATIC);
	struct net_money life;
	rc = net_money_set_u64(&life, h->token.symbol, h->token.decimals, 0);
	int any = 0;
	while (!rc && sqlite3_step(st) == SQLITE_ROW) {
		int64_t when = sqlite3_column_int64(st, 0);
		const char *txt = (const char *)sqlite3_column_text(st, 1);
		char *end = NULL;
		unsigned long long v = txt ? strtoull(txt, &end, 10) : 0;
		if (!txt || *end) {
			rc = error_set(e, ERR_FAIL, "cache: a corrupt amount '%.30s'", txt ? txt : "");
			break;
		}
		struct net_money m;
		if ((rc = net_money_set_u64(&m, h->token.symbol, h->token.decimals, v)))
			break;
		if ((rc = net_money_add(&life, &m)))
			break;
		any = 1;
		if (when >= since && (rc = net_device_add_point(d, when - when % 86400, &m)))
			break;
	}
	sqlite3_finalize(st);
	sqlite3_close(db);
	if (!rc && any)
		rc = net_device_add_lifetime(d, &life);
	return rc;
}

/* ---- 1. token-only adapters ---------------------------------------------------------- */

struct token_state {
	struct soltx *h;
	size_t n;
	char *url_copy[CONF_MAX_RPC];   /* net_rpc_urls' strings move when the task asks again */
	const char *urls[CONF_MAX_RPC];
	size_t nurls;
	struct soltx_token tok;
	char mint[48];
	const struct soltx_hook *hook;
	void *hook_state;
	int hook_done;
};

static void token_state_free(void *p)
{
	struct token_state *s = p;
	if (!s)
		return;
	for (size_t i = 0; i < s->n; i++)
		soltx_release(&s->h[i]);
	free(s->h);
	for (size_t i = 0; i < s->nurls; i++)
		free(s->url_copy[i]);
	if (s->hook && s->hook->release && s->hook_state)
		s->hook->release(s->hook_state);
	free(s->hook_state);
	free(s);
}

static int token_urls_and_owners(struct net_task *t, struct token_state *s, const char **owners, size_t n);

static int token_start(struct net_task *t, struct token_state *s, const struct soltx_token *tok)
{
	s->tok = *tok;
	const char *m = net_setting(t, "mint"), *d = net_setting(t, "decimals");
	if (m) {
		snprintf(s->mint, sizeof s->mint, "%s", m);
		s->tok.mint = s->mint;
	}
	if (d) {
		char *end;
		unsigned long v = strtoul(d, &end, 10);
		if (*end || end == d || v > 18)
			return net_fail(t, ERR_USAGE, "setting decimals: '%s' is not a number of decimals (0-18)", d);
		s->tok.decimals = (uint8_t)v;
	}
	if (!s->tok.mint || !s->tok.mint[0])
		return NET_DONE; /* no token to follow (the operator may set one) */
	/* net_owners / net_rpc_urls hand out arrays the next call may move
	 * (their strings stay): keep the pointers */
	const char *const *owners_in;
	size_t n = net_owners(t, "solana", &owners_in);
	if (!n)
		return NET_DONE;
	const char **owners = calloc(n, sizeof *owners);
	if (!owners)
		return net_fail(t, ERR_FAIL, "out of memory");
	memcpy(owners, owners_in, n * sizeof *owners);
	int rc = token_urls_and_owners(t, s, owners, n);
	free(owners);
	return rc;
}

static int token_urls_and_owners(struct net_task *t, struct token_state *s, const char **owners, size_t n)
{
	const char *const *urls;
	size_t nurls = net_rpc_urls(t, "solana", &urls);
	if (!nurls)
		return net_fail(t, ERR_USAGE, "no Solana RPC endpoint (set [%s] rpc or [network.solana])", t->adapter->name);
	for (size_t i = 0; i < nurls && i < CONF_MAX_RPC; i++) {
		if (!(s->url_copy[i] = strdup(urls[i])))
			return net_fail(t, ERR_FAIL, "out of memory");
		s->urls[i] = s->url_copy[i];
		s->nurls++;
	}
	/* the owners too: copied by soltx_init before the task asks anything else */
	if (!(s->h = calloc(n, sizeof *s->h)))
		return net_fail(t, ERR_FAIL, "out of memory");
	for (size_t i = 0; i < n; i++) {
		struct error e = {0};
		if (soltx_init(&s->h[i], owners[i], &s->tok, &e))
			return net_fail(t, ERR_USAGE, "wallet '%.60s': %s", owners[i], e.msg);
		s->n++;
	}
	return NET_WAIT;
}

int soltx_token_refresh(struct net_task *t, const struct soltx_token *tok, const char *kind, const struct soltx_hook *hook)
{
	struct token_state *s = t->state;
	int first = 0;
	if (!s) {
		if (!(s = calloc(1, sizeof *s)))
			return net_fail(t, ERR_FAIL, "out of memory");
		t->state = s;
		t->free_state = token_state_free;
		s->hook = hook;
		if (hook && hook->state_size && !(s->hook_state = calloc(1, hook->state_size)))
			return net_fail(t, ERR_FAIL, "out of memory");
		int rc = token_start(t, s, tok);
		if (rc < 0)
			return rc;
		first = 1;
	}
	int waiting = 0;
	if (s->hook && !s->hook_done) {
		int rc = s->hook->step(t, s->hook_state, first);
		if (rc < 0)
			return rc;
		if (rc == NET_WAIT)
			waiting = 1;
		else
			s->hook_done = 1;
	}
	for (size_t i = 0; i < s->n; i++) {
		if (s->h[i].stage == H_DONE)
			continue;
		int rc = soltx_step(t, &s->h[i], s->urls, s->nurls, (long)i * 100000);
		if (rc < 0)
			return rc;
		if (rc == NET_WAIT)
			waiting = 1;
	}
	if (waiting)
		return NET_WAIT;
	for (size_t i = 0; i < s->n; i++) {
		struct soltx *h = &s->h[i];
		struct net_device *d = net_result_device(t->out);
		if (!d)
			return net_fail(t, ERR_FAIL, "out of memory");
		snprintf(d->id, sizeof d->id, "%s", h->account);
		snprintf(d->name, sizeof d->name, "%s wallet", h->token.symbol);
		snprintf(d->kind, sizeof d->kind, "%s", kind);
		snprintf(d->owner, sizeof d->owner, "%s", h->owner);
		char bal[48];
		solnet_fmt(bal, sizeof bal, h->balance, h->token.decimals);
		if (h->missing)
			snprintf(d->detail, sizeof d->detail, "no %s token account yet", h->token.symbol);
		else
			snprintf(d->detail, sizeof d->detail, "balance %s %s", bal, h->token.symbol);
		struct error e = {0};
		if (soltx_fill(t, h, d, net_now(t) - 90 * 86400, &e))
			return net_fail(t, e.code ? e.code : ERR_FAIL, "%s", e.msg);
	}
	if (s->hook && s->hook->finish) {
		int rc = s->hook->finish(t, s->hook_state);
		if (rc < 0)
			return rc;
	}
	return NET_DONE;
}

/* ---- 2. verbs: key and RPC ----------------------------------------------------------- */

int solnet_open(struct solnet *s, struct ctx *ctx, const char *adapter, int unlock)
{
	memset(s, 0, sizeof *s);
	s->ctx = ctx;
	int rc;
	const char *net = ctx->network;
	ctx->network = NULL;
	rc = opts_load_conf(ctx);
	ctx->network = net;
	if (rc)
		return rc;
	snprintf(s->network, sizeof s->network, "%s", net ? net : "solana");
	const char *urls[CONF_MAX_RPC];
	size_t n = 0;
	const char *own = conf_setting(&ctx->conf, adapter, "rpc");
	const struct conf_network *cn = conf_network(&ctx->conf, s->network);
	if (ctx->rpc)
		urls[n++] = ctx->rpc;
	else if (own)
		urls[n++] = own;
	else if (cn)
		for (int i = 0; i < cn->nrpc && n < CONF_MAX_RPC; i++)
			urls[n++] = cn->rpc[i];
	if (!n)
		return error_set(&ctx->err, ERR_USAGE, "no RPC endpoint for '%s' (use --rpc URL)", s->network);
	if ((rc = sol_rpc_open(&s->rpc, urls, n, ctx->insecure, 0, &ctx->err)))
		return rc;
	s->rpc_open = 1;
	const char *name = ctx->key ? ctx->key : ctx->conf.key[0] ? ctx->conf.key : NULL;
	if (!name) {
		solnet_close(s);
		return error_set(&ctx->err, ERR_USAGE, "which wallet? give --key NAME (see: depinctl key list)");
	}
	snprintf(s->key, sizeof s->key, "%s", name);
	struct key_info info;
	if ((rc = keystore_info(&info, ctx->home, name, &ctx->err))) {
		solnet_close(s);
		return rc;
	}
	if (!info.solana[0]) {
		solnet_close(s);
		return error_set(&ctx->err, ERR_USAGE, "key '%s' holds no Solana account", name);
	}
	if (unlock || ctx->account) {
		if ((rc = solnet_unlock(s))) {
			solnet_close(s);
			return rc;
		}
	} else {
		snprintf(s->owner_b58, sizeof s->owner_b58, "%s", info.solana);
		if ((rc = address_solana_parse(s->owner, info.solana, &ctx->err))) {
			solnet_close(s);
			return rc;
		}
	}
	return 0;
}

int solnet_unlock(struct solnet *s)
{
	if (s->seed)
		return 0;
	struct ctx *ctx = s->ctx;
	struct key_secret *ks = NULL;
	int rc = key_unlock_prompt(&ks, NULL, ctx, s->key);
	if (rc)
		return rc;
	if (!(s->seed = sodium_malloc(32))) {
		key_secret_free(ks);
		return error_set(&ctx->err, ERR_FAIL, "out of memory");
	}
	rc = key_solana_seed(s->seed, ks, ctx->account, &ctx->err);
	key_secret_free(ks);
	if (rc)
		return rc;
	unsigned char pk[32], sk[64];
	crypto_sign_seed_keypair(pk, sk, s->seed);
	sodium_memzero(sk, sizeof sk);
	memcpy(s->owner, pk, 32);
	solnet_b58(s->owner_b58, pk);
	return 0;
}

void solnet_close(struct solnet *s)
{
	if (s->rpc_open)
		sol_rpc_close(&s->rpc);
	s->rpc_open = 0;
	if (s->journal)
		journal_close(s->journal);
	s->journal = NULL;
	if (s->seed) {
		sodium_memzero(s->seed, 32);
		sodium_free(s->seed);
	}
	s->seed = NULL;
}

/* ---- 2. verbs: transactions ----------------------------------------------------------- */

void solnet_tx_init(struct solnet_tx *t)
{
	memset(t, 0, sizeof *t);
	sol_tx_init(&t->tx);
}

void solnet_tx_release(struct solnet_tx *t)
{
	sol_tx_release(&t->tx);
}

static void line(char *out, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void line(char *out, size_t size, const char *fmt, ...)
{
	size_t o = strlen(out);
	if (o + 2 >= size)
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(out + o, size - o, fmt, ap);
	va_end(ap);
	o = strlen(out);
	if (o + 1 < size) {
		out[o] = '\n';
		out[o + 1] = '\0';
	}
}

/* One instruction in words, from the bytes. */
static void describe(char *out, size_t size, const struct sol_instruction *ix, solnet_describe_fn fn)
{
	char a[48], b[48], c[48], amt[48];
	struct sol_stake_call sc;
	struct sol_call pc;
	struct error e = {0};
	out[0] = '\0';
	if (fn && fn(out, size, ix) == 0)
		return;
	if (!memcmp(ix->program_id, sol_program_id_stake, 32)) {
		if (sol_stake_decode(&sc, ix, &e)) {
			snprintf(out, size, "stake program: %.300s", e.msg);
			return;
		}
		solnet_b58(a, sc.stake);
		if (sc.other)
			solnet_b58(b, sc.other);
		solnet_b58(c, sc.authority);
		solnet_fmt(amt, sizeof amt, sc.lamports, 9);
		switch (sc.kind) {
		case SOL_STAKE_IX_INITIALIZE:
			solnet_b58(b, sc.withdrawer);
			snprintf(out, size, "stake initialize %s: staker %s, withdrawer %s", a, c, b);
			return;
		case SOL_STAKE_IX_DELEGATE:
			snprintf(out, size, "stake delegate %s to vote account %s (staker %s)", a, b, c);
			return;
		case SOL_STAKE_IX_DEACTIVATE:
			snprintf(out, size, "stake deactivate %s (staker %s)", a, c);
			return;
		case SOL_STAKE_IX_WITHDRAW:
			snprintf(out, size, "stake withdraw %s SOL from %s to %s (withdrawer %s)", amt, a, b, c);
			return;
		case SOL_STAKE_IX_SPLIT:
			snprintf(out, size, "stake split %s SOL from %s into %s (staker %s)", amt, a, b, c);
			return;
		default:
			break;
		}
	}
	if (!sol_program_decode(&pc, ix, &e) && pc.kind != SOL_CALL_UNKNOWN) {
		switch (pc.kind) {
		case SOL_CALL_SYSTEM_CREATE_ACCOUNT:
			solnet_b58(a, pc.to);
			solnet_b58(b, pc.owner);
			solnet_fmt(amt, sizeof amt, pc.amount, 9);
			snprintf(out, size, "create account %s with %s SOL, %llu bytes, owned by %s", a, amt,
				 (unsigned long long)pc.space, b);
			return;
		case SOL_CALL_SYSTEM_TRANSFER:
			solnet_b58(a, pc.to);
			solnet_fmt(amt, sizeof amt, pc.amount, 9);
			snprintf(out, size, "transfer %s SOL to %s", amt, a);
			return;
		default:
			break;
		}
	}
	if (!memcmp(ix->program_id, sol_program_id_system, 32) && ix->data_len >= 4 && ix->data[0] == 3) {
		/* CreateAccountWithSeed: the address, lamports and space from the data */
		solnet_b58(a, ix->accounts_len > 1 ? ix->accounts[1].pubkey : ix->program_id);
		snprintf(out, size, "create account %s from a seed (%zu bytes of data)", a, ix->data_len);
		return;
	}
	solnet_b58(a, ix->program_id);
	snprintf(out, size, "program %s: %zu bytes of data, %zu accounts", a, ix->data_len, ix->accounts_len);
}

int solnet_build(struct solnet *s, struct solnet_tx *t, const struct sol_instruction *ixs, size_t n,
		 solnet_describe_fn fn, const char *purpose, struct error *e)
{
	uint8_t hash[32];
	int rc;
	if ((rc = sol_rpc_latest_blockhash(&s->rpc, hash, &t->last_valid, e)))
		return rc;
	struct sol_message m;
	sol_message_init(&m);
	rc = sol_message_compile(&m, SOL_MESSAGE_LEGACY, s->owner, hash, ixs, n, NULL, 0, e);
	if (!rc)
		rc = sol_tx_from_message(&t->tx, &m, e);
	sol_message_release(&m);
	if (rc)
		return rc;
	snprintf(t->purpose, sizeof t->purpose, "%s", purpose);
	/* the summary from the bytes that will be signed */
	t->summary[0] = '\0';
	for (size_t i = 0; i < t->tx.msg.instructions_len; i++) {
		struct sol_instruction ix;
		sol_instruction_init(&ix, s->owner);
		if ((rc = sol_message_instruction(&ix, &t->tx.msg, i, (const uint8_t(*)[32])t->tx.msg.keys,
						  t->tx.msg.keys_len, e))) {
			sol_instruction_release(&ix);
			return rc;
		}
		char d[400];
		describe(d, sizeof d, &ix, fn);
		line(t->summary, sizeof t->summary, "  %zu. %s", i + 1, d);
		sol_instruction_release(&ix);
	}
	t->fee = 5000ULL * t->tx.msg.num_required_signatures;
	char fee[40];
	solnet_fmt(fee, sizeof fee, t->fee, 9);
	line(t->summary, sizeof t->summary, "  fee %s SOL, paid by %s; %u signature%s", fee, s->owner_b58,
	     t->tx.msg.num_required_signatures, t->tx.msg.num_required_signatures == 1 ? "" : "s");
	return 0;
}

int solnet_confirm(struct solnet *s, struct solnet_tx *t, const char *question, int *simulated)
{
	struct ctx *ctx = s->ctx;
	*simulated = 0;
	if (!ctx->json || !ctx->yes) {
		FILE *o = ctx->json ? stderr : stdout;
		fprintf(o, "%s\n%s", question, t->summary);
		fflush(o);
	}
	if (ctx->dry_run) {
		char b64[SOL_TX_BASE64_MAX];
		int rc = sol_tx_base64(b64, sizeof b64, &t->tx, &ctx->err);
		if (rc)
			return rc;
		struct sol_rpc_sim sim;
		const char *list[1] = {b64};
		if ((rc = sol_rpc_simulate(&s->rpc, &sim, list, 1, &ctx->err)))
			return rc;
		*simulated = 1;
		if (sim.failed)
			return error_set(&ctx->err, ERR_FAIL, "simulation failed: %s%s%s", sim.err, sim.logs[0] ? " | " : "",
					 sim.logs);
		if (!ctx->json)
			printf("dry run: the simulation succeeded (%llu compute units); nothing was signed or sent\n",
			       (unsigned long long)sim.units);
		return 0;
	}
	char q[160];
	snprintf(q, sizeof q, "sign and send this transaction?");
	return prompt_confirm(ctx, q, &ctx->err);
}

int solnet_send(struct solnet *s, struct solnet_tx *t, const uint8_t (*extra)[32], size_t nextra, struct error *e)
{
	int rc;
	if ((rc = solnet_unlock(s)))
		return rc;
	if (nextra > SOL_SENDER_MAX_COSIGNERS)
		return error_set(e, ERR_USAGE, "%zu co-signers: at most %d", nextra, SOL_SENDER_MAX_COSIGNERS);
	if (!s->journal && (rc = journal_open(&s->journal, s->ctx->home, e)))
		return rc;
	/* the message shown is the one sent: parsed back from its bytes (the
	 * sender only sets a fresh blockhash before it signs) */
	struct sol_sender_tx item;
	sol_sender_tx_init(&item);
	if ((rc = sol_message_parse(&item.msg, t->tx.message, t->tx.message_len, e))) {
		sol_sender_txs_release(&item, 1);
		return rc;
	}
	for (size_t i = 0; i < nextra; i++)
		memcpy(item.cosigners[i], extra[i], 32);
	item.ncosigners = nextra;
	snprintf(item.purpose, sizeof item.purpose, "%s", t->purpose);
	snprintf(item.to, sizeof item.to, "%s", t->to);
	snprintf(item.amount, sizeof item.amount, "%s", t->amount);
	struct sol_sender snd = {.rpc = &s->rpc, .journal = s->journal, .network = s->network, .commitment = NULL,
				 .confirm_timeout_s = 120, .parallel = 1};
	rc = sol_sender_send(&snd, &item, 1, s->seed, e);
	snprintf(t->txid, sizeof t->txid, "%s", item.txid);
	if (rc && item.error[0])
		rc = error_set(e, rc, "%s%s%s", item.txid[0] ? item.txid : "", item.txid[0] ? ": " : "", item.error);
	sodium_memzero(item.cosigners, sizeof item.cosigners);
	sol_sender_txs_release(&item, 1);
	return rc;
}
