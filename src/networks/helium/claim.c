/* Helium reward claims (see claim.h).
 *
 * prepare: the lazy distributor, its escrow and circuit breaker, Helium's
 * lookup table and the journal's open claims are read; the hotspots (named,
 * or every one of the owner from DAS searchAssets) are looked up in DAS
 * (getAssetBatch, getAssetProofBatch), their recipients and merkle trees
 * read; every oracle signs (POST /v1/sign) and every message is checked
 * (oracle.h) before anything is built; the claims are built and packed into
 * v0 transactions of at most 1232 bytes, then decoded back: the summary
 * (transactions, bytes, programs, amounts, fee) comes from those bytes.
 * execute: chains/solana/sender.h signs, journals, sends and confirms. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sodium.h>

#include "amount.h"
#include "base58.h"
#include "jsonrpc.h"
#include "chains/solana/anchor.h"
#include "chains/solana/message.h"
#include "chains/solana/rpc.h"
#include "chains/solana/sender.h"
#include "chains/solana/tx.h"
#include "networks/helium/claim.h"
#include "networks/helium/lazy.h"
#include "networks/helium/oracle.h"

#define HNT_DECIMALS 8
#define DAS_CHUNK 100
#define ORACLE_CHUNK 100
#define LUT_HEADER 56
#define FEE_PER_SIGNATURE 5000
#define HOTSPOT_CREATOR "Fv5hf1Fg58htfC7YEXKNEfkpuogUUQDDTLgjGWxxv48H"
#define HELIUM_COMMON_LUT "43eY9L2spbM2b1MPDFFBStUiFGt29ziZ1nc1xbpzsfVt"
#define MAX_HOTSPOTS 100000

struct hotspot {
	char id[64];
	uint8_t asset[32], kta[32], recipient[32];
	struct helium_leaf leaf;
	bool has_recipient, custom, in_flight, claim;
	struct helium_recipient rec;
	uint64_t median, pending;
	struct helium_oracle_sig sig[HELIUM_MAX_ORACLES];
	size_t line;
	long tx;                      /* index in the transactions, -1 none */
};

struct claim {
	struct sol_rpc rpc, das;
	bool rpc_open, das_open;
	uint8_t owner[32], ld_key[32], dao[32];
	struct helium_lazy_distributor ld;
	uint64_t escrow_balance, breaker_left;
	bool has_breaker;
	uint8_t lut_key[32];
	uint8_t (*lut)[32];
	size_t nlut;
	struct hotspot *hs;
	size_t nhs;
	struct sol_sender_tx *txs;
	size_t ntxs;
	int dry_run;
};

static int oom(struct error *e)
{
	return error_set(e, ERR_FAIL, "out of memory");
}

static void b58(char out[64], const uint8_t key[32])
{
	if (base58_encode(out, 64, key, 32))
		snprintf(out, 64, "?");
}

static int parse_key(uint8_t out[32], const char *s, const char *what, struct error *e)
{
	size_t len = 0;
	if (!s || base58_decode(out, 32, &len, s) || len != 32)
		return error_set(e, ERR_USAGE, "helium: %s '%.80s' is not a base58 public key", what, s ? s : "");
	return 0;
}

static const char *setting(const struct net_claim *c, const char *key)
{
	return c->env && c->env->conf ? conf_setting(c->env->conf, "helium", key) : NULL;
}

/* A space- or comma-separated list into urls (pointers into buf). */
static size_t split(char *buf, const char **urls, size_t max)
{
	size_t n = 0;
	for (char *save = NULL, *t = strtok_r(buf, " ,", &save); t && n < max; t = strtok_r(NULL, " ,", &save))
		urls[n++] = t;
	return n;
}

static int open_rpcs(struct net_claim *c, struct claim *p, struct error *e)
{
	char rbuf[CONF_MAX_RPC * 520], dbuf[CONF_MAX_RPC * 520];
	const char *urls[CONF_MAX_RPC], *durls[CONF_MAX_RPC];
	size_t n = 0, nd;
	const char *own = setting(c, "rpc");
	int insecure = c->env ? c->env->insecure : 0;
	int rc;
	rbuf[0] = '\0';
	if (own) {
		snprintf(rbuf, sizeof rbuf, "%s", own);
	} else if (c->env && c->env->conf) {
		const struct conf_network *net = conf_network(c->env->conf, c->network ? c->network : "solana");
		size_t len = 0;
		for (int i = 0; net && i < net->nrpc; i++)
			len += (size_t)snprintf(rbuf + len, sizeof rbuf - len, "%s%s", i ? " " : "", net->rpc[i]);
	}
	snprintf(dbuf, sizeof dbuf, "%s", setting(c, "das") ? setting(c, "das") : rbuf);
	if (!(n = split(rbuf, urls, CONF_MAX_RPC)))
		return error_set(e, ERR_USAGE, "helium: no Solana RPC: set [helium] rpc or the network's rpc");
	nd = split(dbuf, durls, CONF_MAX_RPC);
	if ((rc = sol_rpc_open(&p->rpc, urls, n, insecure, 0, e)))
		return rc;
	p->rpc_open = true;
	if ((rc = sol_rpc_open(&p->das, durls, nd, insecure, 0, e)))
		return rc;
	p->das_open = true;
	return 0;
}

/* ---- chain reads -------------------------------------------------------------- */

static int read_distributor(struct net_claim *c, struct claim *p, struct error *e)
{
	uint8_t mint[32], keys[4][32];
	struct sol_rpc_account a[4];
	int rc;
	if ((rc = parse_key(mint, setting(c, "hnt-mint") ? setting(c, "hnt-mint") : "hntyVP6YFm1Hg25TN9WGLqM12b8TQmcknKrdu1oxWux",
			    "hnt-mint", e)))
		return rc;
	if ((rc = helium_pda_dao(p->dao, mint, e)))
		return rc;
	if (setting(c, "lazy-distributor"))
		rc = parse_key(p->ld_key, setting(c, "lazy-distributor"), "lazy-distributor", e);
	else
		rc = helium_pda_lazy_distributor(p->ld_key, mint, e);
	if (rc || (rc = parse_key(p->lut_key, setting(c, "lookup-table") ? setting(c, "lookup-table") : HELIUM_COMMON_LUT,
				  "lookup-table", e)))
		return rc;
	memcpy(keys[0], p->ld_key, 32);
	memcpy(keys[1], p->lut_key, 32);
	if ((rc = sol_rpc_accounts(&p->rpc, a, (const uint8_t (*)[32])keys, 2, e)))
		return rc;
	char k[64];
	b58(k, p->ld_key);
	if (!a[0].exists) {
		rc = error_set(e, ERR_NOTFOUND, "helium: lazy distributor %s not found", k);
	} else if (memcmp(a[0].owner, helium_lazy_distributor_program, 32)) {
		rc = error_set(e, ERR_REFUSED, "helium: %s is not a lazy_distributor account", k);
	} else if ((rc = helium_lazy_distributor_parse(&p->ld, a[0].data, a[0].data_len, e))) {
		char why[200];
		snprintf(why, sizeof why, "%.190s", e->msg);
		rc = error_set(e, ERR_REFUSED, "helium: lazy distributor %s: %s", k, why);
	}
	/* the lookup table: a 56-byte header, then addresses */
	if (!rc && a[1].exists && a[1].data_len > LUT_HEADER && (a[1].data_len - LUT_HEADER) % 32 == 0) {
		p->nlut = (a[1].data_len - LUT_HEADER) / 32;
		if (p->nlut > SOL_LOOKUP_TABLE_MAX)
			p->nlut = SOL_LOOKUP_TABLE_MAX;
		if (!(p->lut = malloc(p->nlut * 32)))
			rc = oom(e);
		else
			memcpy(p->lut, a[1].data + LUT_HEADER, p->nlut * 32);
	}
	sol_rpc_accounts_release(a, 2);
	if (rc)
		return rc;
	/* the escrow's balance and its circuit breaker */
	memcpy(keys[0], p->ld.rewards_escrow, 32);
	if ((rc = helium_pda_circuit_breaker(keys[1], p->ld.rewards_escrow, e)))
		return rc;
	if ((rc = sol_rpc_accounts(&p->rpc, a, (const uint8_t (*)[32])keys, 2, e)))
		return rc;
	if (a[0].exists && a[0].data_len >= 72) {
		p->escrow_balance = 0;
		for (int i = 7; i >= 0; i--)
			p->escrow_balance = p->escrow_balance << 8 | a[0].data[64 + i];
	}
	if (a[1].exists) {
		struct helium_circuit_breaker cb;
		if ((rc = helium_circuit_breaker_parse(&cb, a[1].data, a[1].data_len, e)) == 0) {
			p->has_breaker = true;
			p->breaker_left = helium_circuit_breaker_remaining(&cb, p->escrow_balance, (int64_t)time(NULL));
		}
	}
	sol_rpc_accounts_release(a, 2);
	return rc;
}

/* ---- DAS ---------------------------------------------------------------------------- */

static int json_key(uint8_t out[32], const cJSON *o, const char *name)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);
	size_t len = 0;
	if (!cJSON_IsString(v) || base58_decode(out, 32, &len, v->valuestring) || len != 32)
		return -1;
	return 0;
}

static int search_owner(struct claim *p, char ***ids, size_t *n, const char *owner, struct error *e)
{
	size_t cap = 0;
	*ids = NULL;
	*n = 0;
	for (int page = 1;; page++) {
		cJSON *params = cJSON_CreateObject(), *res = NULL;
		if (!params)
			return oom(e);
		cJSON_AddStringToObject(params, "ownerAddress", owner);
		cJSON_AddStringToObject(params, "creatorAddress", HOTSPOT_CREATOR);
		cJSON_AddBoolToObject(params, "creatorVerified", 1);
		cJSON_AddNumberToObject(params, "page", page);
		cJSON_AddNumberToObject(params, "limit", 1000);
		int rc = sol_rpc_call(&p->das, &res, "searchAssets", params, e);
		if (rc)
			return rc;
		const cJSON *items = cJSON_GetObjectItemCaseSensitive(res, "items"), *it;
		if (!cJSON_IsArray(items)) {
			cJSON_Delete(res);
			return error_set(e, ERR_NET, "helium: DAS searchAssets: no items in the reply");
		}
		size_t got = 0;
		cJSON_ArrayForEach(it, items) {
			const cJSON *id = cJSON_GetObjectItemCaseSensitive(it, "id");
			if (!cJSON_IsString(id))
				continue;
			if (*n == cap) {
				cap = cap ? cap * 2 : 256;
				char **nn = realloc(*ids, cap * sizeof *nn);
				if (!nn) {
					cJSON_Delete(res);
					return oom(e);
				}
				*ids = nn;
			}
			if (!((*ids)[*n] = strdup(id->valuestring))) {
				cJSON_Delete(res);
				return oom(e);
			}
			(*n)++;
			got++;
		}
		cJSON_Delete(res);
		if (got < 1000 || *n >= MAX_HOTSPOTS)
			break;
	}
	return 0;
}

/* getAssetBatch and getAssetProofBatch for hotspots [from, to). */
static int das_chunk(struct claim *p, size_t from, size_t to, struct error *e)
{
	cJSON *params = cJSON_CreateObject(), *ids = params ? cJSON_AddArrayToObject(params, "ids") : NULL;
	cJSON *assets = NULL, *proofs = NULL;
	int rc = 0;
	if (!ids) {
		cJSON_Delete(params);
		return oom(e);
	}
	for (size_t i = from; i < to; i++)
		cJSON_AddItemToArray(ids, cJSON_CreateString(p->hs[i].id));
	cJSON *params2 = cJSON_Duplicate(params, 1);
	if ((rc = sol_rpc_call(&p->das, &assets, "getAssetBatch", params, e))) {
		cJSON_Delete(params2);
		return rc;
	}
	if ((rc = sol_rpc_call(&p->das, &proofs, "getAssetProofBatch", params2, e)))
		goto out;
	if (!cJSON_IsArray(assets) || (size_t)cJSON_GetArraySize(assets) != to - from || !cJSON_IsObject(proofs)) {
		rc = error_set(e, ERR_NET, "helium: DAS: getAssetBatch / getAssetProofBatch answered the wrong shape");
		goto out;
	}
	for (size_t i = from; i < to && !rc; i++) {
		struct hotspot *h = &p->hs[i];
		struct helium_leaf *l = &h->leaf;
		const cJSON *a = cJSON_GetArrayItem(assets, (int)(i - from));
		const cJSON *comp = cJSON_GetObjectItemCaseSensitive(a, "compression");
		const cJSON *own = cJSON_GetObjectItemCaseSensitive(a, "ownership");
		const cJSON *content = cJSON_GetObjectItemCaseSensitive(a, "content");
		const cJSON *uri = cJSON_GetObjectItemCaseSensitive(content, "json_uri");
		const cJSON *leaf_id = cJSON_GetObjectItemCaseSensitive(comp, "leaf_id");
		const cJSON *pr = cJSON_GetObjectItemCaseSensitive(proofs, h->id);
		const cJSON *list = cJSON_GetObjectItemCaseSensitive(pr, "proof"), *x;
		uint8_t id[32];
		if (!cJSON_IsObject(a) || json_key(id, a, "id") || memcmp(id, h->asset, 32)) {
			rc = error_set(e, ERR_NET, "helium: DAS: no asset %s in getAssetBatch's reply", h->id);
			break;
		}
		if (json_key(l->data_hash, comp, "data_hash") || json_key(l->creator_hash, comp, "creator_hash") ||
		    json_key(l->tree, comp, "tree") || json_key(l->owner, own, "owner") ||
		    !cJSON_IsNumber(leaf_id) || leaf_id->valuedouble < 0 || leaf_id->valuedouble > 4294967295.0 ||
		    !cJSON_IsString(uri)) {
			rc = error_set(e, ERR_NET, "helium: DAS: asset %s is not a compressed hotspot (compression, "
				       "ownership or json_uri missing)", h->id);
			break;
		}
		if (json_key(l->delegate, own, "delegate"))
			memcpy(l->delegate, l->owner, 32);
		memcpy(l->asset, h->asset, 32);
		l->index = (uint32_t)leaf_id->valuedouble;
		/* the entity key: the json_uri's last segment, base58 */
		const char *slash = strrchr(uri->valuestring, '/');
		uint8_t ek[128];
		size_t eklen = 0;
		if (!slash || base58_decode(ek, sizeof ek, &eklen, slash + 1) || !eklen) {
			rc = error_set(e, ERR_NET, "helium: DAS: asset %s: no entity key in json_uri", h->id);
			break;
		}
		if ((rc = helium_pda_key_to_asset(h->kta, p->dao, ek, eklen, e)))
			break;
		uint8_t tree[32];
		if (!cJSON_IsObject(pr) || json_key(l->root, pr, "root") || json_key(tree, pr, "tree_id") ||
		    memcmp(tree, l->tree, 32) || !cJSON_IsArray(list) || cJSON_GetArraySize(list) > HELIUM_MAX_PROOF) {
			rc = error_set(e, ERR_NET, "helium: DAS: no usable proof of asset %s", h->id);
			break;
		}
		l->nproof = 0;
		cJSON_ArrayForEach(x, list) {
			size_t len = 0;
			if (!cJSON_IsString(x) || base58_decode(l->proof[l->nproof], 32, &len, x->valuestring) || len != 32) {
				rc = error_set(e, ERR_NET, "helium: DAS: asset %s: a proof node is not a key", h->id);
				break;
			}
			l->nproof++;
		}
	}
out:
	cJSON_Delete(assets);
	cJSON_Delete(proofs);
	return rc;
}

/* Recipients (exists, total_rewards, destination) and the trees' canopies. */
static int read_recipients(struct claim *p, struct error *e)
{
	size_t n = p->nhs;
	uint8_t (*keys)[32] = malloc((n ? n : 1) * 32);
	struct sol_rpc_account *a = calloc(n ? n : 1, sizeof *a);
	int rc = 0;
	if (!keys || !a) {
		rc = oom(e);
		goto out;
	}
	for (size_t i = 0; i < n && !rc; i++) {
		rc = helium_pda_recipient(p->hs[i].recipient, p->ld_key, p->hs[i].asset, e);
		memcpy(keys[i], p->hs[i].recipient, 32);
	}
	if (rc || (rc = sol_rpc_accounts(&p->rpc, a, (const uint8_t (*)[32])keys, n, e)))
		goto out;
	for (size_t i = 0; i < n && !rc; i++) {
		struct hotspot *h = &p->hs[i];
		if (!a[i].exists)
			continue;
		if (memcmp(a[i].owner, helium_lazy_distributor_program, 32) ||
		    helium_recipient_parse(&h->rec, a[i].data, a[i].data_len, e) ||
		    memcmp(h->rec.asset, h->asset, 32) || memcmp(h->rec.lazy_distributor, p->ld_key, 32)) {
			rc = error_set(e, ERR_REFUSED, "helium: the recipient account of %s is not this asset's", h->id);
			break;
		}
		static const uint8_t zero[32];
		h->has_recipient = true;
		h->custom = memcmp(h->rec.destination, zero, 32) != 0;
	}
	sol_rpc_accounts_release(a, n);
	if (rc)
		goto out;
	/* the distinct trees */
	size_t nt = 0;
	for (size_t i = 0; i < n; i++) {
		size_t k;
		for (k = 0; k < nt && memcmp(keys[k], p->hs[i].leaf.tree, 32); k++)
			;
		if (k == nt)
			memcpy(keys[nt++], p->hs[i].leaf.tree, 32);
	}
	if ((rc = sol_rpc_accounts(&p->rpc, a, (const uint8_t (*)[32])keys, nt, e)))
		goto out;
	for (size_t k = 0; k < nt && !rc; k++) {
		struct helium_tree t;
		char tk[64];
		b58(tk, keys[k]);
		if (!a[k].exists) {
			rc = error_set(e, ERR_NOTFOUND, "helium: merkle tree %s not found", tk);
			break;
		}
		if (helium_tree_parse(&t, a[k].data, a[k].data_len, e)) {
			char why[200];
			snprintf(why, sizeof why, "%.190s", e->msg);
			rc = error_set(e, ERR_REFUSED, "helium: %s: %s", tk, why);
			break;
		}
		for (size_t i = 0; i < n; i++) {
			struct helium_leaf *l = &p->hs[i].leaf;
			if (memcmp(l->tree, keys[k], 32))
				continue;
			size_t keep = t.max_depth > t.canopy_depth ? t.max_depth - t.canopy_depth : 0;
			if (l->nproof < keep) {
				rc = error_set(e, ERR_NET, "helium: DAS: the proof of %s has %zu nodes, the tree needs %zu",
					       p->hs[i].id, l->nproof, keep);
				break;
			}
			l->nproof = keep; /* the canopy holds the rest */
		}
	}
	sol_rpc_accounts_release(a, nt);
out:
	free(keys);
	free(a);
	return rc;
}

/* ---- the journal's claims in flight --------------------------------------------- */

struct inflight {
	struct claim *p;
	struct error *e;
	int rc;
};

/* An open claim transaction of an earlier run: its recipients are not
 * claimed again while it may still land; it is rebroadcast instead. */
static int inflight_cb(void *arg, const struct journal_tx *t)
{
	struct inflight *f = arg;
	struct claim *p = f->p;
	struct sol_tx tx;
	struct error scratch;
	sol_tx_init(&tx);
	if (sol_tx_parse(&tx, t->raw, t->raw_len, &scratch))
		return 0;
	struct sol_lookup_table table = {{0}, (const uint8_t (*)[32])p->lut, p->nlut};
	memcpy(table.key, p->lut_key, 32);
	size_t nk = sol_message_account_count(&tx.msg);
	uint8_t (*keys)[32] = malloc((nk ? nk : 1) * 32);
	if (!keys || sol_message_resolve(keys, nk, &tx.msg, &table, 1, &scratch)) {
		free(keys);
		sol_tx_release(&tx);
		return 0;
	}
	struct sol_sender_tx *grown = realloc(p->txs, (p->ntxs + 1) * sizeof *grown);
	if (!grown) {
		f->rc = oom(f->e);
		free(keys);
		sol_tx_release(&tx);
		return 1;
	}
	p->txs = grown;
	struct sol_sender_tx *x = &p->txs[p->ntxs];
	sol_sender_tx_init(x);
	x->resume_only = true;
	snprintf(x->purpose, sizeof x->purpose, "claim");
	snprintf(x->batch_key, sizeof x->batch_key, "%s", t->batch_key);
	snprintf(x->amount, sizeof x->amount, "%s", t->amount);
	snprintf(x->token, sizeof x->token, "%s", t->token);
	snprintf(x->to, sizeof x->to, "%s", t->to);
	snprintf(x->txid, sizeof x->txid, "%s", t->txid);
	for (size_t i = 0; i < tx.msg.instructions_len; i++) {
		const struct sol_compiled_instruction *ci = &tx.msg.instructions[i];
		if (ci->program_index >= nk || memcmp(keys[ci->program_index], helium_rewards_oracle_program, 32) ||
		    ci->accounts_len < 3 || ci->accounts[2] >= nk)
			continue;
		for (size_t k = 0; k < p->nhs; k++)
			if (!memcmp(p->hs[k].recipient, keys[ci->accounts[2]], 32)) {
				p->hs[k].in_flight = true;
				p->hs[k].tx = (long)p->ntxs;
			}
	}
	p->ntxs++;
	free(keys);
	sol_tx_release(&tx);
	return 0;
}

/* ---- the oracles -------------------------------------------------------------------- */

static int oracle_sign(struct net_claim *c, struct claim *p, size_t o, struct hotspot **list, size_t n,
		       struct error *e)
{
	uint8_t (*ktas)[32] = malloc(n * 32), (*assets)[32] = malloc(n * 32);
	uint64_t *totals = malloc(n * sizeof *totals);
	struct helium_oracle_sig *sigs = calloc(n, sizeof *sigs);
	char *body = NULL, url[HELIUM_URL_MAX + 16];
	struct http_request r;
	int rc = 0;
	http_request_init(&r);
	if (!ktas || !assets || !totals || !sigs) {
		rc = oom(e);
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		memcpy(ktas[i], list[i]->kta, 32);
		memcpy(assets[i], list[i]->asset, 32);
		totals[i] = list[i]->has_recipient ? list[i]->rec.total_rewards : 0;
	}
	/* [helium] oracle-url: base URLs used instead of the ones the lazy
	   distributor lists (comma-separated, one per oracle; the last one for
	   the rest) */
	char over[HELIUM_URL_MAX];
	const char *base = p->ld.oracles[o].url, *ov = setting(c, "oracle-url");
	if (ov && ov[0]) {
		const char *s = ov;
		for (size_t k = 0; k < o && strchr(s, ','); k++)
			s = strchr(s, ',') + 1;
		size_t len = strcspn(s, ",");
		snprintf(over, sizeof over, "%.*s", (int)(len < sizeof over ? len : sizeof over - 1), s);
		base = over;
	}
	size_t blen = strlen(base);
	snprintf(url, sizeof url, "%.*s/v1/sign", (int)(blen && base[blen - 1] == '/' ? blen - 1 : blen), base);
	if (!(body = helium_oracle_sign_request((const uint8_t (*)[32])ktas, n))) {
		rc = oom(e);
		goto out;
	}
	if ((rc = http_request_add_url(&r, url, e)) ||
	    (rc = http_request_add_header(&r, "Content-Type: application/json", e)) ||
	    (rc = http_request_set_body(&r, "POST", body, strlen(body), e)))
		goto out;
	if ((rc = http_fetch(&c->env->http, &r, e))) {
		char why[300];
		snprintf(why, sizeof why, "%.290s", e->msg);
		rc = error_set(e, rc, "helium: oracle %s: %s; nothing was signed", base, why);
		goto out;
	}
	if ((rc = helium_oracle_sign_check(sigs, r.reply, r.reply_len, &p->ld, p->ld_key, o,
					   (const uint8_t (*)[32])assets, totals, n, e))) {
		char why[400];
		snprintf(why, sizeof why, "%.380s", e->msg);
		rc = error_set(e, rc, "helium: %s; nothing was signed", why);
		goto out;
	}
	for (size_t i = 0; i < n; i++)
		list[i]->sig[o] = sigs[i];
out:
	http_request_release(&r);
	free(body);
	free(ktas);
	free(assets);
	free(totals);
	free(sigs);
	return rc;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

/* ---- building ------------------------------------------------------------------------- */

struct ixlist {
	struct sol_instruction *ix;
	size_t n, cap;
};

static struct sol_instruction *ix_next(struct ixlist *l)
{
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 16;
		struct sol_instruction *nx = realloc(l->ix, cap * sizeof *nx);
		if (!nx)
			return NULL;
		l->ix = nx;
		l->cap = cap;
	}
	memset(&l->ix[l->n], 0, sizeof l->ix[l->n]);
	return &l->ix[l->n];
}

/* The instructions of one hotspot's claim, appended to l. */
static int claim_ixs(struct ixlist *l, const struct claim *p, const struct hotspot *h, struct error *e)
{
	struct sol_instruction *ix;
	int rc = 0;
#define NEXT()                                   \
	do {                                     \
		if (!(ix = ix_next(l)))          \
			return oom(e);           \
	} while (0)
	if (!h->has_recipient) {
		NEXT();
		if ((rc = helium_ix_init_compression_recipient(ix, p->owner, p->ld_key, h->recipient, &h->leaf, e)))
			return rc;
		l->n++;
	}
	for (size_t o = 0; o < p->ld.noracles; o++) {
		NEXT();
		if ((rc = helium_ix_ed25519(ix, p->ld.oracles[o].oracle, h->sig[o].signature, h->sig[o].message,
					    HELIUM_ORACLE_MSG_LEN, e)))
			return rc;
		l->n++;
		NEXT();
		if ((rc = helium_ix_set_current_rewards_v2(ix, p->owner, p->ld_key, h->recipient, h->kta, (uint16_t)o,
							   h->sig[o].current_rewards, e)))
			return rc;
		l->n++;
	}
	NEXT();
	if (h->custom)
		rc = helium_ix_distribute_custom(ix, p->owner, &p->ld, p->ld_key, h->recipient, h->rec.destination, e);
	else
		rc = helium_ix_distribute_compression(ix, p->owner, &p->ld, p->ld_key, h->recipient, &h->leaf, e);
	if (!rc)
		l->n++;
	return rc;
#undef NEXT
}

/* Compiles l into m; *size: the signed transaction's bytes. */
static int compile(struct sol_message *m, size_t *size, const struct claim *p, const struct ixlist *l,
		   struct error *e)
{
	static const uint8_t zero[32];
	struct sol_lookup_table table = {{0}, (const uint8_t (*)[32])p->lut, p->nlut};
	uint8_t buf[4096];
	size_t len;
	int rc;
	memcpy(table.key, p->lut_key, 32);
	if ((rc = sol_message_compile(m, 0, p->owner, zero, l->ix, l->n, p->nlut ? &table : NULL, p->nlut ? 1 : 0, e)))
		return rc;
	if ((rc = sol_message_serialize(buf, sizeof buf, &len, m, e)))
		return rc;
	*size = 1 + (size_t)m->num_required_signatures * 64 + len;
	return 0;
}

static void amount_text(char *out, size_t size, uint64_t v)
{
	if (amount_format_u64(out, size, v, HNT_DECIMALS))
		snprintf(out, size, "?");
}

/* The batch key of a transaction: its recipients and amounts. */
static void batch_key(char *out, size_t size, const struct claim *p, size_t tx)
{
	crypto_hash_sha256_state st;
	uint8_t h[32];
	char k[64];
	crypto_hash_sha256_init(&st);
	for (size_t i = 0; i < p->nhs; i++)
		if (p->hs[i].claim && p->hs[i].tx == (long)tx) {
			crypto_hash_sha256_update(&st, p->hs[i].recipient, 32);
			crypto_hash_sha256_update(&st, (const uint8_t *)&p->hs[i].median, 8);
		}
	crypto_hash_sha256_final(&st, h);
	if (base58_encode(k, sizeof k, h, 20))
		k[0] = '\0';
	snprintf(out, size, "helium-claim:%s", k);
}

static int pack(struct claim *p, struct error *e)
{
	struct ixlist cur = {0};
	struct sol_message m;
	size_t size, first = p->ntxs;
	long tx = -1;
	int rc = 0;
	sol_message_init(&m);
	for (size_t i = 0; i < p->nhs && !rc; i++) {
		struct hotspot *h = &p->hs[i];
		if (!h->claim)
			continue;
		size_t mark = cur.n;
		if ((rc = claim_ixs(&cur, p, h, e)))
			break;
		if (tx >= 0 && !(rc = compile(&m, &size, p, &cur, e)) && size <= SOL_PACKET_MAX) {
			h->tx = tx;
			continue;
		}
		if (rc && rc != ERR_USAGE)
			break;
		rc = 0;
		/* close the current transaction without h, start one with it */
		if (tx >= 0) {
			struct ixlist done = {cur.ix, mark, cur.cap};
			if ((rc = compile(&p->txs[tx].msg, &size, p, &done, e)))
				break;
		}
		struct sol_sender_tx *grown = realloc(p->txs, (p->ntxs + 1) * sizeof *grown);
		if (!grown) {
			rc = oom(e);
			break;
		}
		p->txs = grown;
		sol_sender_tx_init(&p->txs[p->ntxs]);
		sol_instructions_release(cur.ix, mark);
		memmove(cur.ix, cur.ix + mark, (cur.n - mark) * sizeof *cur.ix);
		cur.n -= mark;
		tx = (long)p->ntxs++;
		if ((rc = compile(&m, &size, p, &cur, e)))
			break;
		if (size > SOL_PACKET_MAX) {
			rc = error_set(e, ERR_FAIL, "helium: the claim of %s alone is %zu bytes, more than a transaction "
				       "holds (%d)", h->id, size, SOL_PACKET_MAX);
			break;
		}
		h->tx = tx;
	}
	if (!rc && tx >= 0)
		rc = compile(&p->txs[tx].msg, &size, p, &cur, e);
	sol_instructions_release(cur.ix, cur.n);
	free(cur.ix);
	sol_message_release(&m);
	for (size_t t = first; !rc && t < p->ntxs; t++) {
		struct sol_sender_tx *x = &p->txs[t];
		uint64_t sum = 0;
		for (size_t i = 0; i < p->nhs; i++)
			if (p->hs[i].claim && p->hs[i].tx == (long)t)
				sum += p->hs[i].pending;
		snprintf(x->purpose, sizeof x->purpose, "claim");
		amount_text(x->amount, sizeof x->amount, sum);
		snprintf(x->token, sizeof x->token, "HNT");
		b58(x->to, p->owner);
		batch_key(x->batch_key, sizeof x->batch_key, p, t);
	}
	return rc;
}

/* ---- the summary, from the bytes built ------------------------------------------------ */

static int summarize(struct net_claim *c, struct claim *p, struct error *e)
{
	struct sol_lookup_table table = {{0}, (const uint8_t (*)[32])p->lut, p->nlut};
	uint64_t fee = 0, total = 0;
	size_t bytes = 0, ntx = 0, nsig = 0, claims = 0, inits = 0, no = p->ld.noracles;
	int rc = 0;
	uint64_t *dec = calloc(p->nhs * no + 1, sizeof *dec);
	char *seen = calloc(p->nhs * no + 1, 1);
	if (!dec || !seen) {
		free(dec);
		free(seen);
		return oom(e);
	}
	memcpy(table.key, p->lut_key, 32);
	for (size_t t = 0; t < p->ntxs && !rc; t++) {
		struct sol_sender_tx *x = &p->txs[t];
		if (x->resume_only)
			continue;
		struct sol_tx tx;
		uint8_t wire[SOL_PACKET_MAX];
		size_t len;
		sol_tx_init(&tx);
		if ((rc = sol_tx_from_message(&tx, &x->msg, e)) || (rc = sol_tx_serialize(wire, sizeof wire, &len, &tx, e))) {
			sol_tx_release(&tx);
			break;
		}
		size_t nk = sol_message_account_count(&tx.msg);
		uint8_t (*keys)[32] = malloc((nk ? nk : 1) * 32);
		if (!keys) {
			sol_tx_release(&tx);
			rc = oom(e);
			break;
		}
		if ((rc = sol_message_resolve(keys, nk, &tx.msg, &table, p->nlut ? 1 : 0, e))) {
			free(keys);
			sol_tx_release(&tx);
			break;
		}
		/* every instruction is one of the claim's programs; the amounts
		   are those of the set_current_rewards instructions */
		size_t sigs = tx.msg.num_required_signatures;
		for (size_t i = 0; i < tx.msg.instructions_len && !rc; i++) {
			const struct sol_compiled_instruction *ci = &tx.msg.instructions[i];
			const uint8_t *prog = keys[ci->program_index];
			if (!memcmp(prog, helium_ed25519_program, 32) && ci->data_len) {
				sigs += ci->data[0];
			} else if (!memcmp(prog, helium_rewards_oracle_program, 32) && ci->data_len == 18 &&
				   ci->accounts_len >= 3 && ci->accounts[2] < nk) {
				uint64_t amount = 0;
				unsigned o = (unsigned)(ci->data[8] | ci->data[9] << 8);
				for (int k = 7; k >= 0; k--)
					amount = amount << 8 | ci->data[10 + k];
				for (size_t h = 0; h < p->nhs && o < no; h++)
					if (!memcmp(p->hs[h].recipient, keys[ci->accounts[2]], 32)) {
						dec[h * no + o] = amount;
						seen[h * no + o] = 1;
					}
			} else if (!memcmp(prog, helium_lazy_distributor_program, 32)) {
				uint8_t d[8];
				anchor_instruction_discriminator(d, "initialize_compression_recipient_v0");
				inits += ci->data_len >= 8 && !memcmp(ci->data, d, 8);
			} else {
				char k[64];
				b58(k, prog);
				rc = error_set(e, ERR_FAIL, "helium: transaction %zu invokes %s, not a claim program", t + 1, k);
			}
		}
		free(keys);
		sol_tx_release(&tx);
		bytes += len;
		nsig += sigs;
		fee += (uint64_t)sigs * FEE_PER_SIGNATURE;
		ntx++;
	}
	/* what each hotspot receives, from the amounts in the bytes: the
	   median of its oracles' less what its recipient already got */
	for (size_t h = 0; !rc && h < p->nhs; h++) {
		uint64_t v[HELIUM_MAX_ORACLES];
		size_t k = 0;
		for (size_t o = 0; o < no; o++)
			if (seen[h * no + o])
				v[k++] = dec[h * no + o];
		if (!k)
			continue;
		if (k != no || !p->hs[h].claim) {
			rc = error_set(e, ERR_FAIL, "helium: the transactions built for %s do not carry every oracle's "
				       "amount", p->hs[h].id);
			break;
		}
		qsort(v, k, sizeof v[0], cmp_u64);
		uint64_t got = v[k / 2] - (p->hs[h].has_recipient ? p->hs[h].rec.total_rewards : 0);
		if (got != p->hs[h].pending) {
			rc = error_set(e, ERR_FAIL, "helium: the transactions built for %s pay another amount than shown",
				       p->hs[h].id);
			break;
		}
		total += got;
		claims++;
	}
	free(dec);
	free(seen);
	if (rc)
		return rc;
	char tot[AMOUNT_FMT_MAX], feetxt[AMOUNT_FMT_MAX], left[AMOUNT_FMT_MAX], lut[64], ldk[64];
	amount_text(tot, sizeof tot, total);
	if (amount_format_u64(feetxt, sizeof feetxt, fee, 9))
		snprintf(feetxt, sizeof feetxt, "?");
	amount_text(left, sizeof left, p->breaker_left);
	b58(lut, p->lut_key);
	b58(ldk, p->ld_key);
	c->ntx = ntx;
	c->tx_bytes = bytes;
	snprintf(c->fee, sizeof c->fee, "%.55s SOL", feetxt);
	size_t resumed = 0;
	for (size_t t = 0; t < p->ntxs; t++)
		resumed += p->txs[t].resume_only;
	int len = snprintf(c->summary, sizeof c->summary,
			   "%zu v0 transaction%s, %zu bytes (lookup table %s%s), each signed by %s as fee payer\n"
			   "programs: Ed25519SigVerify (the oracles' signatures), rewards_oracle "
			   "set_current_rewards_wrapper_v2, lazy_distributor distribute_compression_rewards_v0 / "
			   "distribute_custom_destination_v0%s\n"
			   "claims %zu hotspot%s of lazy distributor %s: %s HNT\n"
			   "fee: %s SOL (%zu signatures at %d lamports)",
			   ntx, ntx == 1 ? "" : "s", bytes, lut, p->nlut ? "" : ", not found: none used", c->owner,
			   inits ? ", initialize_compression_recipient_v0" : "", claims, claims == 1 ? "" : "s", ldk, tot,
			   feetxt, nsig, FEE_PER_SIGNATURE);
	if (p->has_breaker && len > 0 && (size_t)len < sizeof c->summary)
		len += snprintf(c->summary + len, sizeof c->summary - (size_t)len,
				"\ncircuit breaker: %s HNT may leave the escrow in the current window", left);
	if (resumed && len > 0 && (size_t)len < sizeof c->summary)
		snprintf(c->summary + len, sizeof c->summary - (size_t)len,
			 "\n%zu transaction%s of an interrupted claim will be sent again as signed then (journal)", resumed,
			 resumed == 1 ? "" : "s");
	return 0;
}

/* ---- prepare / execute / release ------------------------------------------------------ */

static void line_note(struct net_claim_line *l, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void line_note(struct net_claim_line *l, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(l->note, sizeof l->note, fmt, ap);
	va_end(ap);
}

int helium_claim_prepare(struct net_claim *c, const struct net_claim_request *rq, struct error *e)
{
	struct claim *p = calloc(1, sizeof *p);
	char **ids = NULL;
	size_t nids = 0;
	int rc = 0;
	if (!p)
		return oom(e);
	c->priv = p;
	p->dry_run = rq->dry_run;
	if (rq->destination && rq->destination[0])
		return error_set(e, ERR_USAGE, "helium: rewards go to each hotspot's owner or its recipient's on-chain "
				 "destination; another destination cannot be given");
	if (!rq->owner || (rc = parse_key(p->owner, rq->owner, "owner", e)))
		return rc ? rc : error_set(e, ERR_USAGE, "helium: no claiming wallet");
	snprintf(c->owner, sizeof c->owner, "%s", rq->owner);
	if (sodium_init() < 0)
		return error_set(e, ERR_FAIL, "cannot start libsodium");
	if ((rc = open_rpcs(c, p, e)) || (rc = read_distributor(c, p, e)))
		return rc;
	if (rq->all) {
		if ((rc = search_owner(p, &ids, &nids, rq->owner, e)))
			goto out;
	} else {
		if (!(ids = calloc(rq->ndevices ? rq->ndevices : 1, sizeof *ids))) {
			rc = oom(e);
			goto out;
		}
		for (size_t i = 0; i < rq->ndevices; i++, nids++)
			if (!(ids[i] = strdup(rq->devices[i]))) {
				rc = oom(e);
				goto out;
			}
	}
	if (!(p->hs = calloc(nids ? nids : 1, sizeof *p->hs)) || !(c->lines = calloc(nids ? nids : 1, sizeof *c->lines))) {
		rc = oom(e);
		goto out;
	}
	for (size_t i = 0; i < nids; i++) {
		struct hotspot *h = &p->hs[i];
		for (size_t k = 0; k < i; k++)
			if (!strcmp(ids[k], ids[i])) {
				rc = error_set(e, ERR_USAGE, "helium: hotspot %s named twice", ids[i]);
				goto out;
			}
		if ((rc = parse_key(h->asset, ids[i], "hotspot (asset id)", e)))
			goto out;
		snprintf(h->id, sizeof h->id, "%s", ids[i]);
		h->line = i;
		h->tx = -1;
		snprintf(c->lines[i].device, sizeof c->lines[i].device, "%s", ids[i]);
	}
	p->nhs = c->nlines = nids;
	for (size_t from = 0; from < nids && !rc; from += DAS_CHUNK)
		rc = das_chunk(p, from, from + DAS_CHUNK < nids ? from + DAS_CHUNK : nids, e);
	if (rc || (rc = read_recipients(p, e)))
		goto out;
	/* an interrupted run's claims still in flight */
	if (c->journal) {
		struct sol_sender s = {&p->rpc, c->journal, c->network ? c->network : "solana", NULL, 0, 0, NULL, NULL};
		struct inflight f = {p, e, 0};
		if ((rc = sol_sender_open(&s, "claim", inflight_cb, &f, e)) || (rc = f.rc))
			goto out;
	}
	/* every oracle signs for the hotspots not in flight; nothing is built
	   before every message is checked */
	struct hotspot **ask = calloc(nids ? nids : 1, sizeof *ask);
	size_t nask = 0;
	if (!ask) {
		rc = oom(e);
		goto out;
	}
	for (size_t i = 0; i < nids; i++)
		if (!p->hs[i].in_flight)
			ask[nask++] = &p->hs[i];
	for (size_t o = 0; o < p->ld.noracles && !rc; o++)
		for (size_t from = 0; from < nask && !rc; from += ORACLE_CHUNK)
			rc = oracle_sign(c, p, o, ask + from, nask - from < ORACLE_CHUNK ? nask - from : ORACLE_CHUNK, e);
	free(ask);
	if (rc)
		goto out;
	/* amounts: the median of the oracles less what was distributed */
	uint64_t budget = p->has_breaker ? p->breaker_left : UINT64_MAX, claimed = 0;
	size_t held = 0;
	for (size_t i = 0; i < nids; i++) {
		struct hotspot *h = &p->hs[i];
		struct net_claim_line *l = &c->lines[i];
		if (h->in_flight) {
			l->skip = 1;
			line_note(l, "in a claim transaction of an earlier run that may still land: it is sent again, "
				  "not claimed twice");
			continue;
		}
		uint64_t v[HELIUM_MAX_ORACLES] = {0};
		for (size_t o = 0; o < p->ld.noracles; o++)
			v[o] = h->sig[o].current_rewards;
		qsort(v, p->ld.noracles, sizeof v[0], cmp_u64);
		h->median = v[p->ld.noracles / 2];
		uint64_t total = h->has_recipient ? h->rec.total_rewards : 0;
		h->pending = h->median > total ? h->median - total : 0;
		if (!h->pending) {
			l->skip = 1;
			line_note(l, "nothing to claim");
			continue;
		}
		if (h->pending > budget - claimed) {
			l->skip = 1;
			held++;
			char left[AMOUNT_FMT_MAX];
			amount_text(left, sizeof left, budget - claimed);
			line_note(l, "held back: the escrow's circuit breaker lets only %s HNT more out in this window", left);
			continue;
		}
		claimed += h->pending;
		h->claim = true;
		if ((rc = net_money_set_u64(&l->amount[0], "HNT", HNT_DECIMALS, h->pending)))
			goto out;
		l->namount = 1;
		char dest[64];
		b58(dest, h->custom ? h->rec.destination : h->leaf.owner);
		line_note(l, "%sto %s%s", h->has_recipient ? "" : "creates the recipient account, ", dest,
			  h->custom ? " (the recipient's destination)" : "");
	}
	if ((rc = pack(p, e)) || (rc = summarize(c, p, e)))
		goto out;
	if (held) {
		size_t len = strlen(c->summary);
		snprintf(c->summary + len, sizeof c->summary - len,
			 "\n%zu hotspot%s held back by the circuit breaker: claim them after the window moves on", held,
			 held == 1 ? "" : "s");
	}
out:
	for (size_t i = 0; ids && i < nids; i++)
		free(ids[i]);
	free(ids);
	return rc;
}

static void on_progress(void *arg, size_t done, size_t total)
{
	struct net_claim *c = arg;
	if (c->progress)
		c->progress(c->progress_arg, done, total);
}

int helium_claim_execute(struct net_claim *c, const uint8_t secret[32], struct error *e)
{
	struct claim *p = c->priv;
	if (!p)
		return error_set(e, ERR_USAGE, "helium: the claim was not prepared");
	if (p->dry_run)
		return error_set(e, ERR_USAGE, "helium: a dry run signs nothing");
	if (!c->journal)
		return error_set(e, ERR_USAGE, "helium: claims are sent only through the journal");
	if (!p->ntxs)
		return 0;
	struct sol_sender s = {&p->rpc, c->journal, c->network ? c->network : "solana", NULL, 0, 0, on_progress, c};
	int rc = sol_sender_send(&s, p->txs, p->ntxs, secret, e);
	for (size_t i = 0; i < p->nhs; i++) {
		struct hotspot *h = &p->hs[i];
		struct net_claim_line *l = &c->lines[h->line];
		if (h->tx < 0)
			continue;
		const struct sol_sender_tx *x = &p->txs[h->tx];
		snprintf(l->txid, sizeof l->txid, "%s", x->txid);
		l->status = (int)x->status;
		snprintf(l->error, sizeof l->error, "%s", x->error);
	}
	return rc;
}

void helium_claim_release(struct net_claim *c)
{
	struct claim *p = c->priv;
	if (!p)
		return;
	sol_sender_txs_release(p->txs, p->ntxs);
	free(p->txs);
	free(p->hs);
	free(p->lut);
	if (p->rpc_open)
		sol_rpc_close(&p->rpc);
	if (p->das_open)
		sol_rpc_close(&p->das);
	free(p);
	c->priv = NULL;
}

/* The built transactions, unsigned, standard base64, one a line (tests). */
int helium_claim_dump(const struct net_claim *c, FILE *f);
int helium_claim_dump(const struct net_claim *c, FILE *f)
{
	const struct claim *p = c->priv;
	struct error e;
	for (size_t t = 0; p && t < p->ntxs; t++) {
		struct sol_tx tx;
		char b64[SOL_TX_BASE64_MAX];
		if (p->txs[t].resume_only)
			continue;
		sol_tx_init(&tx);
		int rc = sol_tx_from_message(&tx, &p->txs[t].msg, &e) || sol_tx_base64(b64, sizeof b64, &tx, &e);
		sol_tx_release(&tx);
		if (rc)
			return ERR_FAIL;
		fprintf(f, "%s\n", b64);
	}
	return 0;
}
