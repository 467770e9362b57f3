/* ERC-20 Transfer logs into a wallet as a daily earnings history, cached in
 * SQLite so a refresh reads only new blocks. See erc20history.h. */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sqlite3.h>
#include <sys/stat.h>

#include "amount.h"
#include "hex.h"
#include "keccak.h"
#include "chains/evm/rpc.h"
#include "chains/evm/tokens.h"
#include "networks/erc20history.h"
#include "wallet/address.h"

struct erc20h_credit {
	uint64_t block;
	uint64_t log_index;
	char tx[67];
	int64_t time;               /* -1 until known */
	struct u256 amount;
};

/* keccak256("Transfer(address,address,uint256)") */
static const char TRANSFER_TOPIC[] = "0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef";

enum { T_HEAD = 0, T_BALANCE = 1, T_LOGS = 10, T_BLOCKS = 500000, T_END = 1000000 };
enum { S_START, S_HEAD, S_LOGS, S_BLOCKS, S_DONE };

static const cJSON *get(const cJSON *o, const char *k)
{
	return cJSON_GetObjectItemCaseSensitive(o, k);
}

/* ---- the cache -------------------------------------------------------------------- */

static const char SCHEMA[] =
	"CREATE TABLE IF NOT EXISTS erc20history_scan (chain TEXT NOT NULL, contract TEXT NOT NULL,"
	" owner TEXT NOT NULL, last_block INTEGER NOT NULL, PRIMARY KEY (chain, contract, owner));"
	"CREATE TABLE IF NOT EXISTS erc20history_credit (chain TEXT NOT NULL, contract TEXT NOT NULL,"
	" owner TEXT NOT NULL, block INTEGER NOT NULL, log_index INTEGER NOT NULL, tx TEXT NOT NULL,"
	" time INTEGER NOT NULL, amount TEXT NOT NULL, PRIMARY KEY (chain, contract, owner, block, log_index));";

static int cache_fail(sqlite3 *db, struct error *e)
{
	return error_set(e, ERR_FAIL, "cache: %s", sqlite3_errmsg(db));
}

static sqlite3_stmt *prep3(sqlite3 *db, const char *sql, const struct erc20h *h)
{
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		return NULL;
	sqlite3_bind_text(st, 1, h->chain, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, h->contract, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, h->owner, -1, SQLITE_STATIC);
	return st;
}

/* The last block scanned, 0 and *found 0 when none. */
static int cache_last(sqlite3 *db, const struct erc20h *h, uint64_t *last, int *found, struct error *e)
{
	*last = 0;
	*found = 0;
	if (!db)
		return 0;
	sqlite3_stmt *st = prep3(db, "SELECT last_block FROM erc20history_scan WHERE chain = ? AND contract = ? AND owner = ?", h);
	if (!st)
		return cache_fail(db, e);
	if (sqlite3_step(st) == SQLITE_ROW) {
		sqlite3_int64 v = sqlite3_column_int64(st, 0);
		*last = v > 0 ? (uint64_t)v : 0;
		*found = 1;
	}
	sqlite3_finalize(st);
	return 0;
}

static int cache_forget(sqlite3 *db, const struct erc20h *h, struct error *e)
{
	static const char *const sql[] = {
		"DELETE FROM erc20history_scan WHERE chain = ? AND contract = ? AND owner = ?",
		"DELETE FROM erc20history_credit WHERE chain = ? AND contract = ? AND owner = ?",
	};
	for (size_t i = 0; db && i < 2; i++) {
		sqlite3_stmt *st = prep3(db, sql[i], h);
		if (!st)
			return cache_fail(db, e);
		int r = sqlite3_step(st);
		sqlite3_finalize(st);
		if (r != SQLITE_DONE)
			return cache_fail(db, e);
	}
	return 0;
}

/* Writes the batch's credits and its last block, in one transaction. */
static int cache_commit(sqlite3 *db, const struct erc20h *h, struct error *e)
{
	if (!db)
		return 0;
	int rc = 0;
	if (sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
		return cache_fail(db, e);
	sqlite3_stmt *st = prep3(db, "INSERT OR REPLACE INTO erc20history_credit VALUES (?, ?, ?, ?, ?, ?, ?, ?)", h);
	if (!st)
		rc = cache_fail(db, e);
	for (size_t i = 0; !rc && i < h->ncredits; i++) {
		const struct erc20h_credit *c = &h->credits[i];
		char amt[80];
		if (u256_format_dec(amt, sizeof amt, &c->amount)) {
			rc = error_set(e, ERR_FAIL, "cache: an amount does not format");
			break;
		}
		sqlite3_reset(st);
		sqlite3_bind_int64(st, 4, (sqlite3_int64)c->block);
		sqlite3_bind_int64(st, 5, (sqlite3_int64)c->log_index);
		sqlite3_bind_text(st, 6, c->tx, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(st, 7, c->time);
		sqlite3_bind_text(st, 8, amt, -1, SQLITE_TRANSIENT);
		if (sqlite3_step(st) != SQLITE_DONE)
			rc = cache_fail(db, e);
	}
	sqlite3_finalize(st);
	if (!rc) {
		st = prep3(db, "INSERT OR REPLACE INTO erc20history_scan VALUES (?, ?, ?, ?)", h);
		if (!st)
			rc = cache_fail(db, e);
		else {
			sqlite3_bind_int64(st, 4, (sqlite3_int64)h->batch_to);
			if (sqlite3_step(st) != SQLITE_DONE)
				rc = cache_fail(db, e);
			sqlite3_finalize(st);
		}
	}
	sqlite3_exec(db, rc ? "ROLLBACK" : "COMMIT", NULL, NULL, NULL);
	return rc;
}

/* ---- setup ------------------------------------------------------------------------ */

static int setting_u64(uint64_t *out, const struct net_task *t, const char *key, uint64_t def, struct error *e)
{
	const char *v = net_setting(t, key);
	*out = def;
	if (!v || !*v)
		return 0;
	char *end = NULL;
	unsigned long long x = strtoull(v, &end, 10);
	if (*v == '-' || !end || *end || x > (1ULL << 62))
		return error_set(e, ERR_USAGE, "[%s] %s: '%.40s' is not a block count", t->adapter->name, key, v);
	*out = x;
	return 0;
}

int erc20h_init(struct erc20h *h, const struct net_task *t, const char *owner, const char *chain,
		const struct erc20h_token *tok, struct error *e)
{
	memset(h, 0, sizeof *h);
	int rc;
	if ((rc = address_evm_parse(h->owner20, owner, e)))
		return rc;
	const char *contract = net_setting(t, "token");
	if (!contract || !*contract)
		contract = tok->contract;
	if ((rc = address_evm_parse(h->contract20, contract, e)))
		return error_set(e, ERR_USAGE, "[%s] token: %s", t->adapter->name, e->msg);
	h->owner[0] = h->contract[0] = '0';
	h->owner[1] = h->contract[1] = 'x';
	hex_encode(h->owner + 2, sizeof h->owner - 2, h->owner20, 20);
	hex_encode(h->contract + 2, sizeof h->contract - 2, h->contract20, 20);
	snprintf(h->chain, sizeof h->chain, "%s", chain);
	h->token = *tok;
	uint64_t conf;
	if ((rc = setting_u64(&h->range, t, "log-range", ERC20H_RANGE_DEFAULT, e)) ||
	    (rc = setting_u64(&h->from_block, t, "from-block", 0, e)) ||
	    (rc = setting_u64(&conf, t, "confirmations", tok->confirmations, e)))
		return rc;
	if (!h->range)
		return error_set(e, ERR_USAGE, "[%s] log-range: must be at least 1", t->adapter->name);
	h->confirmations = (uint32_t)(conf > 100000 ? 100000 : conf);
	return 0;
}

void erc20h_release(struct erc20h *h)
{
	free(h->credits);
	h->credits = NULL;
	h->ncredits = h->cap = 0;
}

/* ---- steps ------------------------------------------------------------------------ */

static struct net_req *rpc(struct net_task *t, const char *const *urls, size_t n, long tag, const char *method,
			   cJSON *params, struct erc20h *h)
{
	h->requests++;
	return net_rpc_tag(t, tag, urls, n, method, params);
}

static int submit_failed(struct net_task *t)
{
	return t->out->code ? t->out->code : net_fail(t, ERR_FAIL, "out of memory");
}

/* eth_getLogs for the next batch of ranges, up to target. */
static int submit_logs(struct net_task *t, struct erc20h *h, const char *const *urls, size_t nurls, long tag)
{
	int k = 0;
	uint64_t from = h->next;
	while (from <= h->target && k < ERC20H_STEP_RANGES && h->ranges < ERC20H_MAX_RANGES) {
		uint64_t to = from + h->range - 1;
		if (to > h->target || to < from)
			to = h->target;
		cJSON *filter = cJSON_CreateObject();
		cJSON *topics = cJSON_CreateArray();
		char pad[67] = "0x000000000000000000000000";
		hex_encode(pad + 26, sizeof pad - 26, h->owner20, 20);
		cJSON_AddItemToObject(filter, "address", cJSON_CreateString(h->contract));
		cJSON_AddItemToObject(filter, "fromBlock", evm_rpc_u64(from));
		cJSON_AddItemToObject(filter, "toBlock", evm_rpc_u64(to));
		cJSON_AddItemToArray(topics, cJSON_CreateString(TRANSFER_TOPIC));
		cJSON_AddItemToArray(topics, cJSON_CreateNull());
		cJSON_AddItemToArray(topics, cJSON_CreateString(pad));
		cJSON_AddItemToObject(filter, "topics", topics);
		struct net_req *r = rpc(t, urls, nurls, tag + T_LOGS + k, "eth_getLogs", evm_rpc_params(1, filter), h);
		if (!r)
			return submit_failed(t);
		if (!h->scanned_from && !h->scanned_to)
			h->scanned_from = from;
		h->scanned_to = to;
		h->batch_to = to;
		h->ranges++;
		k++;
		from = to + 1;
	}
	h->next = from;
	h->stage = S_LOGS;
	return NET_WAIT;
}

static int push_credit(struct erc20h *h, const struct erc20h_credit *c)
{
	if (h->ncredits == h->cap) {
		size_t cap = h->cap ? 2 * h->cap : 32;
		struct erc20h_credit *p = realloc(h->credits, cap * sizeof *p);
		if (!p)
			return ERR_FAIL;
		h->credits = p;
		h->cap = cap;
	}
	h->credits[h->ncredits++] = *c;
	return 0;
}

/* One log of an eth_getLogs reply, checked against what was asked. */
static int read_log(struct net_task *t, struct erc20h *h, const cJSON *l, uint64_t lo, uint64_t hi)
{
	struct error e = {0};
	if (cJSON_IsTrue(get(l, "removed")))
		return 0;
	const char *addr = cJSON_GetStringValue(get(l, "address"));
	const cJSON *topics = get(l, "topics");
	const char *t0 = cJSON_GetStringValue(cJSON_GetArrayItem(topics, 0));
	const char *t2 = cJSON_GetStringValue(cJSON_GetArrayItem(topics, 2));
	uint8_t a[20], to[32];
	if (!addr || address_evm_parse(a, addr, &e) || memcmp(a, h->contract20, 20))
		return net_fail(t, ERR_NET, "eth_getLogs: a log of another contract than '%s'", h->contract);
	if (!t0 || strcasecmp(t0, TRANSFER_TOPIC) || cJSON_GetArraySize(topics) != 3 ||
	    evm_rpc_read_hash(to, cJSON_GetArrayItem(topics, 2), "topic", &e) || !t2 ||
	    memcmp(to + 12, h->owner20, 20))
		return net_fail(t, ERR_NET, "eth_getLogs: a log that is not a Transfer to '%s'", h->owner);
	struct erc20h_credit c = {.time = -1};
	uint8_t *data = NULL;
	size_t len = 0;
	const char *tx = cJSON_GetStringValue(get(l, "transactionHash"));
	if (evm_rpc_read_u64(&c.block, get(l, "blockNumber"), "blockNumber", &e) ||
	    evm_rpc_read_u64(&c.log_index, get(l, "logIndex"), "logIndex", &e) || !tx || strlen(tx) != 66 ||
	    evm_rpc_read_data(&data, &len, get(l, "data"), "data", &e))
		return net_fail(t, ERR_NET, "eth_getLogs: a Transfer log without %s",
				e.msg[0] ? e.msg : "its transaction hash");
	int bad = len != 32 || u256_from_be_bytes(&c.amount, data, len);
	free(data);
	if (bad)
		return net_fail(t, ERR_NET, "eth_getLogs: a Transfer log's value is not 32 bytes");
	if (c.block < lo || c.block > hi)
		return net_fail(t, ERR_NET, "eth_getLogs: a log of block %" PRIu64 " outside %" PRIu64 "-%" PRIu64,
				c.block, lo, hi);
	snprintf(c.tx, sizeof c.tx, "%s", tx);
	/* blockTimestamp (newer nodes): a quantity; an integer is taken too (the
	 * demo's recorded replies carry times that move) */
	const cJSON *bt = get(l, "blockTimestamp");
	uint64_t when;
	if (bt && !evm_rpc_read_u64(&when, bt, "blockTimestamp", &e) && when < (1ULL << 40))
		c.time = (int64_t)when;
	else if (bt && cJSON_IsNumber(bt) && bt->valuedouble >= 0 && bt->valuedouble < 1099511627776.0 &&
		 bt->valuedouble == (double)(int64_t)bt->valuedouble)
		c.time = (int64_t)bt->valuedouble;
	if (push_credit(h, &c))
		return net_fail(t, ERR_FAIL, "out of memory");
	return 0;
}

/* The batch's credits are dated: commit, then the next batch or done. */
static int batch_done(struct net_task *t, struct erc20h *h, const char *const *urls, size_t nurls, long tag)
{
	struct error e = {0};
	sqlite3 *db = NULL;
	int rc = net_cache_open(&db, t, SCHEMA, &e);
	if (!rc)
		rc = cache_commit(db, h, &e);
	sqlite3_close(db);
	if (rc)
		return net_fail(t, rc, "%s", e.msg);
	/* without a cache, the credits stay for erc20h_fill */
	if (t->env->home)
		h->ncredits = 0;
	if (h->next <= h->target && h->ranges < ERC20H_MAX_RANGES)
		return submit_logs(t, h, urls, nurls, tag);
	h->stage = S_DONE;
	return NET_DONE;
}

int erc20h_step(struct net_task *t, struct erc20h *h, const char *const *urls, size_t nurls, long tag)
{
	struct error e = {0};
	switch (h->stage) {
	case S_START: {
		uint8_t data[ERC20_CALL_MAX];
		size_t n = erc20_balance_of_data(data, h->owner20);
		if (!rpc(t, urls, nurls, tag + T_HEAD, "eth_blockNumber", cJSON_CreateArray(), h) ||
		    !rpc(t, urls, nurls, tag + T_BALANCE, "eth_call",
			 evm_rpc_params(2, evm_rpc_call_object(NULL, h->contract20, NULL, data, n, 0),
					cJSON_CreateString("latest")),
			 h))
			return submit_failed(t);
		h->stage = S_HEAD;
		return NET_WAIT;
	}
	case S_HEAD: {
		int got = 0;
		for (size_t i = 0; i < t->nreqs; i++) {
			const struct net_req *r = t->reqs[i];
			if (r->tag != tag + T_HEAD && r->tag != tag + T_BALANCE)
				continue;
			if (r->code)
				return net_fail_req(t, r);
			got++;
			if (r->tag == tag + T_HEAD) {
				if (evm_rpc_read_u64(&h->head, r->json, "eth_blockNumber", &e))
					return net_fail(t, ERR_NET, "%s", e.msg);
				continue;
			}
			uint8_t *ret = NULL;
			size_t len = 0;
			if (evm_rpc_read_data(&ret, &len, r->json, "balanceOf", &e) ||
			    erc20_read_uint(&h->balance, ret, len, &e)) {
				free(ret);
				return net_fail(t, ERR_NET, "balanceOf '%s' at '%s': %s", h->owner, h->contract,
						e.msg[0] ? e.msg : "no contract there");
			}
			free(ret);
			h->has_balance = 1;
		}
		if (got != 2)
			return net_fail(t, ERR_FAIL, "erc20 history: a reply is missing");
		sqlite3 *db = NULL;
		uint64_t last;
		int found, rc = net_cache_open(&db, t, SCHEMA, &e);
		if (!rc)
			rc = cache_last(db, h, &last, &found, &e);
		if (!rc && found && last > h->head) {
			/* another chain, or a reorganisation deeper than the confirmations */
			rc = cache_forget(db, h, &e);
			found = 0;
		}
		sqlite3_close(db);
		if (rc)
			return net_fail(t, rc, "%s", e.msg);
		h->target = h->head > h->confirmations ? h->head - h->confirmations : 0;
		if (found)
			h->next = last + 1;
		else if (h->from_block)
			h->next = h->from_block;
		else {
			uint64_t back = (uint64_t)h->token.blocks_per_day * 90;
			h->next = h->target > back ? h->target - back : 0;
		}
		if (h->next > h->target) {
			h->stage = S_DONE;
			return NET_DONE;
		}
		return submit_logs(t, h, urls, nurls, tag);
	}
	case S_LOGS: {
		for (size_t i = 0; i < t->nreqs; i++) {
			const struct net_req *r = t->reqs[i];
			if (r->tag < tag + T_LOGS || r->tag >= tag + T_BLOCKS)
				continue;
			if (r->code)
				return net_fail_req(t, r);
			if (!cJSON_IsArray(r->json))
				return net_fail(t, ERR_NET, "eth_getLogs: the reply is not a list of logs");
			const cJSON *l;
			cJSON_ArrayForEach(l, r->json)
			{
				int rc = read_log(t, h, l, 0, h->batch_to);
				if (rc)
					return rc;
			}
		}
		/* blocks without a time: read them, each once */
		int asked = 0;
		for (size_t i = 0; i < h->ncredits; i++) {
			if (h->credits[i].time >= 0)
				continue;
			int dup = 0;
			for (size_t k = 0; k < i && !dup; k++)
				dup = h->credits[k].time < 0 && h->credits[k].block == h->credits[i].block;
			if (dup)
				continue;
			if (asked >= T_END - T_BLOCKS)
				return net_fail(t, ERR_NET, "eth_getLogs: too many blocks with transfers in one batch");
			if (!rpc(t, urls, nurls, tag + T_BLOCKS + (long)i, "eth_getBlockByNumber",
				 evm_rpc_params(2, evm_rpc_u64(h->credits[i].block), cJSON_CreateFalse()), h))
				return submit_failed(t);
			asked++;
		}
		if (asked) {
			h->stage = S_BLOCKS;
			return NET_WAIT;
		}
		return batch_done(t, h, urls, nurls, tag);
	}
	case S_BLOCKS: {
		for (size_t i = 0; i < t->nreqs; i++) {
			const struct net_req *r = t->reqs[i];
			if (r->tag < tag + T_BLOCKS || r->tag >= tag + T_END)
				continue;
			size_t k = (size_t)(r->tag - tag - T_BLOCKS);
			if (k >= h->ncredits)
				continue;
			if (r->code)
				return net_fail_req(t, r);
			uint64_t num, when;
			if (!cJSON_IsObject(r->json))
				return net_fail(t, ERR_NET, "eth_getBlockByNumber %" PRIu64 ": no such block",
						h->credits[k].block);
			if (evm_rpc_read_u64(&num, get(r->json, "number"), "number", &e) ||
			    evm_rpc_read_u64(&when, get(r->json, "timestamp"), "timestamp", &e) ||
			    num != h->credits[k].block || when >= (1ULL << 40))
				return net_fail(t, ERR_NET, "eth_getBlockByNumber %" PRIu64 ": %s", h->credits[k].block,
						e.msg[0] ? e.msg : "another block or an impossible time");
			for (size_t j = 0; j < h->ncredits; j++)
				if (h->credits[j].block == num)
					h->credits[j].time = (int64_t)when;
		}
		for (size_t i = 0; i < h->ncredits; i++)
			if (h->credits[i].time < 0)
				return net_fail(t, ERR_NET, "eth_getBlockByNumber %" PRIu64 ": no reply", h->credits[i].block);
		return batch_done(t, h, urls, nurls, tag);
	}
	default:
		return NET_DONE;
	}
}

/* ---- the history ------------------------------------------------------------------ */

static int add_credit(struct net_device *d, const struct erc20h *h, struct net_money *life, int64_t when,
		      const struct u256 *v, int64_t since)
{
	struct net_money m;
	int rc = net_money_set(&m, h->token.symbol, h->token.decimals, v);
	if (!rc)
		rc = net_money_add(life, &m);
	if (!rc && when >= since)
		rc = net_device_add_point(d, when - when % 86400, &m);
	return rc;
}

int erc20h_fill(struct net_task *t, const struct erc20h *h, struct net_device *d, int64_t since, struct error *e)
{
	struct net_money life;
	int rc = net_money_set_u64(&life, h->token.symbol, h->token.decimals, 0), any = 0;
	if (rc)
		return error_set(e, rc, "token '%s': bad decimals", h->token.symbol);
	sqlite3 *db = NULL;
	if ((rc = net_cache_open(&db, t, SCHEMA, e)))
		return rc;
	if (!db) {
		for (size_t i = 0; i < h->ncredits && !rc; i++, any = 1)
			rc = add_credit(d, h, &life, h->credits[i].time, &h->credits[i].amount, since);
	} else {
		sqlite3_stmt *st = prep3(db, "SELECT time, amount FROM erc20history_credit WHERE chain = ? AND contract = ?"
					     " AND owner = ? ORDER BY block, log_index", h);
		if (!st)
			rc = cache_fail(db, e);
		while (!rc && sqlite3_step(st) == SQLITE_ROW) {
			const char *txt = (const char *)sqlite3_column_text(st, 1);
			struct u256 v;
			struct error pe = {0};
			if (!txt || u256_parse_dec(&v, txt, &pe)) {
				rc = error_set(e, ERR_FAIL, "cache: a corrupt amount '%.30s'", txt ? txt : "");
				break;
			}
			rc = add_credit(d, h, &life, sqlite3_column_int64(st, 0), &v, since);
			any = 1;
		}
		sqlite3_finalize(st);
		sqlite3_close(db);
	}
	if (rc)
		return e->msg[0] ? rc : error_set(e, rc, "history of '%s': too much or out of memory", h->owner);
	if (any && (rc = net_device_add_lifetime(d, &life)))
		return error_set(e, rc, "history of '%s': lifetime", h->owner);
	return 0;
}

/* ---- wallets ---------------------------------------------------------------------- */

const char **erc20h_list_copy(const char *const *list, size_t n)
{
	if (!n || !list)
		return NULL;
	const char **c = malloc(n * sizeof *c);
	if (c)
		memcpy(c, list, n * sizeof *c);
	return c;
}

int erc20h_wallets_init(struct erc20h_wallets *w, struct net_task *t, const struct erc20h_token *tok)
{
	memset(w, 0, sizeof *w);
	const char *const *urls, *const *owners;
	size_t nurls = net_rpc_urls(t, t->adapter->chain, &urls);
	if (nurls && !(w->urls = erc20h_list_copy(urls, nurls)))
		return net_fail(t, ERR_FAIL, "out of memory");
	w->nurls = nurls;
	size_t n = net_owners(t, "evm", &owners); /* used before any other list is asked */
	if (!n)
		return 0;
	if (!w->nurls)
		return net_fail(t, ERR_USAGE, "no RPC endpoint for '%s' (set [%s] rpc or [network.%s])", t->adapter->chain,
				t->adapter->name, t->adapter->chain);
	if (n > 1000)
		return net_fail(t, ERR_USAGE, "[%s] wallets: %zu of them, 1000 at most", t->adapter->name, n);
	if (!(w->h = calloc(n, sizeof *w->h)))
		return net_fail(t, ERR_FAIL, "out of memory");
	for (size_t i = 0; i < n; i++) {
		struct error e = {0};
		if (erc20h_init(&w->h[i], t, owners[i], t->adapter->chain, tok, &e))
			return net_fail(t, e.code ? e.code : ERR_USAGE, "wallet '%.60s': %s", owners[i], e.msg);
		w->n++;
	}
	return 0;
}

void erc20h_wallets_release(struct erc20h_wallets *w)
{
	for (size_t i = 0; i < w->n; i++)
		erc20h_release(&w->h[i]);
	free(w->h);
	free(w->urls);
	memset(w, 0, sizeof *w);
}

int erc20h_wallets_step(struct net_task *t, struct erc20h_wallets *w)
{
	int waiting = 0;
	for (size_t i = 0; i < w->n; i++) {
		if (w->h[i].stage == S_DONE)
			continue;
		int rc = erc20h_step(t, &w->h[i], (const char *const *)w->urls, w->nurls, (long)i * T_END);
		if (rc < 0)
			return rc;
		if (rc == NET_WAIT)
			waiting = 1;
	}
	return waiting ? NET_WAIT : NET_DONE;
}

struct net_device *erc20h_wallets_device(struct net_task *t, const struct erc20h_wallets *w, size_t i, const char *kind)
{
	const struct erc20h *h = &w->h[i];
	struct net_device *d = net_result_device(t->out);
	if (!d) {
		net_fail(t, ERR_FAIL, "out of memory");
		return NULL;
	}
	snprintf(d->id, sizeof d->id, "%s", h->owner);
	snprintf(d->kind, sizeof d->kind, "%s", kind);
	snprintf(d->owner, sizeof d->owner, "%s", h->owner);
	char bal[100];
	if (amount_format(bal, sizeof bal, &h->balance, h->token.decimals))
		snprintf(bal, sizeof bal, "?");
	snprintf(d->detail, sizeof d->detail, "balance %s %s", bal, h->token.symbol);
	struct error e = {0};
	if (erc20h_fill(t, h, d, net_now(t) - 90 * 86400, &e)) {
		net_fail(t, e.code ? e.code : ERR_FAIL, "%s", e.msg);
		return NULL;
	}
	return d;
}

void erc20h_drop_devices(struct net_result *r)
{
	for (size_t i = 0; i < r->ndevices; i++)
		net_device_release(&r->devices[i]);
	r->ndevices = 0;
}

static void wallets_free(void *p)
{
	if (p) {
		erc20h_wallets_release(p);
		free(p);
	}
}

int erc20h_token_refresh(struct net_task *t, const struct erc20h_token *tok, const char *kind)
{
	struct erc20h_wallets *w = t->state;
	if (!w) {
		if (!(w = calloc(1, sizeof *w)))
			return net_fail(t, ERR_FAIL, "out of memory");
		t->state = w;
		t->free_state = wallets_free;
		int rc = erc20h_wallets_init(w, t, tok);
		if (rc)
			return rc;
		if (!w->n)
			return NET_DONE; /* no wallets: nothing to show */
	}
	int rc = erc20h_wallets_step(t, w);
	if (rc != NET_DONE)
		return rc;
	for (size_t i = 0; i < w->n; i++)
		if (!erc20h_wallets_device(t, w, i, kind)) {
			erc20h_drop_devices(t->out);
			return t->out->code ? t->out->code : ERR_FAIL;
		}
	return NET_DONE;
}
