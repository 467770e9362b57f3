/* The history store (SQLite): see store.h. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <sqlite3.h>

#include "file.h"
#include "store.h"

#define DAY 86400
#define KEEP_HOURLY (7 * DAY)  /* rows younger than this keep every change */
#define REPEAT_AFTER 3600      /* a metric or price unchanged is written again after an hour */

/* Schema versions, applied in order (PRAGMA user_version counts them).
 * Days are day numbers (unix seconds / 86400); amounts are integers, or
 * minimal big-endian blobs past 2^63; a snapshot row holds from at to seen. */
static const char *const migrations[] = {
	/* 1 */
	"CREATE TABLE networks(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE,"
	" ok_at INTEGER NOT NULL DEFAULT 0, dev_at INTEGER NOT NULL DEFAULT 0, met_at INTEGER NOT NULL DEFAULT 0,"
	" fail_at INTEGER NOT NULL DEFAULT 0, code INTEGER NOT NULL DEFAULT 0, error TEXT NOT NULL DEFAULT '');"
	"CREATE TABLE tokens(id INTEGER PRIMARY KEY, symbol TEXT NOT NULL, decimals INTEGER NOT NULL,"
	" UNIQUE(symbol, decimals));"
	"CREATE TABLE devices(id INTEGER PRIMARY KEY, network INTEGER NOT NULL, ident TEXT NOT NULL,"
	" name TEXT NOT NULL DEFAULT '', kind TEXT NOT NULL DEFAULT '', owner TEXT NOT NULL DEFAULT '',"
	" location TEXT NOT NULL DEFAULT '', lat REAL, lon REAL, onboarded INTEGER NOT NULL DEFAULT 0,"
	" seen INTEGER NOT NULL DEFAULT 0, UNIQUE(network, ident));"
	"CREATE TABLE snapshots(device INTEGER NOT NULL, at INTEGER NOT NULL, seen INTEGER NOT NULL,"
	" status INTEGER NOT NULL, since INTEGER NOT NULL, active INTEGER NOT NULL, pending BLOB, lifetime BLOB,"
	" PRIMARY KEY(device, at)) WITHOUT ROWID;"
	"CREATE TABLE statuses(device INTEGER NOT NULL, at INTEGER NOT NULL, status INTEGER NOT NULL,"
	" PRIMARY KEY(device, at)) WITHOUT ROWID;"
	"CREATE TABLE earnings(device INTEGER NOT NULL, day INTEGER NOT NULL, token INTEGER NOT NULL,"
	" amount NOT NULL, PRIMARY KEY(device, day, token)) WITHOUT ROWID;"
	"CREATE TABLE metric_keys(id INTEGER PRIMARY KEY, network INTEGER NOT NULL, key TEXT NOT NULL,"
	" label TEXT NOT NULL DEFAULT '', unit TEXT NOT NULL DEFAULT '', source TEXT NOT NULL DEFAULT '',"
	" UNIQUE(network, key));"
	"CREATE TABLE metrics(metric INTEGER NOT NULL, at INTEGER NOT NULL, value REAL NOT NULL,"
	" PRIMARY KEY(metric, at)) WITHOUT ROWID;"
	"CREATE TABLE prices(token TEXT NOT NULL, at INTEGER NOT NULL, nusd INTEGER NOT NULL,"
	" PRIMARY KEY(token, at)) WITHOUT ROWID;",
	/* 2: the device's detail line, claimability, status since and last
	 * activity kept on the device (a refresh rewrites the small devices
	 * table, not a page of snapshots per device), metric keys and price
	 * sources seen per refresh (the last result rebuilt), the prune mark */
	"ALTER TABLE devices ADD COLUMN detail TEXT NOT NULL DEFAULT '';"
	"ALTER TABLE devices ADD COLUMN claimable INTEGER NOT NULL DEFAULT 0;"
	"ALTER TABLE devices ADD COLUMN since INTEGER NOT NULL DEFAULT 0;"
	"ALTER TABLE devices ADD COLUMN active INTEGER NOT NULL DEFAULT 0;"
	"ALTER TABLE metric_keys ADD COLUMN seen INTEGER NOT NULL DEFAULT 0;"
	"CREATE TABLE price_sources(token TEXT PRIMARY KEY, network TEXT NOT NULL, source TEXT NOT NULL,"
	" seen INTEGER NOT NULL) WITHOUT ROWID;"
	"CREATE TABLE meta(key TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;",
};

_Static_assert(sizeof migrations / sizeof migrations[0] == STORE_VERSION, "STORE_VERSION counts the migrations");

struct token_row {
	int64_t id;
	char symbol[NET_TOKEN_MAX];
	uint8_t decimals;
};

enum {
	Q_NETWORK_GET,
	Q_NETWORK_ADD,
	Q_NETWORK_OK,
	Q_NETWORK_FAIL,
	Q_TOKEN_ADD,
	Q_DEVICE_UPSERT,
	Q_SNAP_LAST,
	Q_SNAP_ADD,
	Q_STATUS_LAST,
	Q_STATUS_ADD,
	Q_EARN_RANGE,
	Q_EARN_PUT,
	Q_MKEY_UPSERT,
	Q_METRIC_LAST,
	Q_METRIC_ADD,
	Q_PRICE_LAST,
	Q_PRICE_ADD,
	Q_PRICE_SOURCE,
	Q_COUNT
};

static const char *const queries[Q_COUNT] = {
	[Q_NETWORK_GET] = "SELECT id FROM networks WHERE name = ?1",
	[Q_NETWORK_ADD] = "INSERT INTO networks(name) VALUES(?1)",
	[Q_NETWORK_OK] = "UPDATE networks SET ok_at = ?2, dev_at = CASE WHEN ?3 THEN ?2 ELSE dev_at END,"
			 " met_at = CASE WHEN ?4 THEN ?2 ELSE met_at END, code = 0, error = '' WHERE id = ?1",
	[Q_NETWORK_FAIL] = "UPDATE networks SET fail_at = ?2, code = ?3, error = ?4 WHERE id = ?1",
	[Q_TOKEN_ADD] = "INSERT INTO tokens(symbol, decimals) VALUES(?1, ?2)",
	[Q_DEVICE_UPSERT] =
		"INSERT INTO devices(network, ident, name, kind, owner, location, lat, lon, onboarded, seen, detail,"
		" claimable, since, active) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)"
		" ON CONFLICT(network, ident) DO UPDATE SET name = ?3, kind = ?4, owner = ?5, location = ?6,"
		" lat = ?7, lon = ?8, onboarded = ?9, seen = ?10, detail = ?11, claimable = ?12, since = ?13,"
		" active = ?14 RETURNING id",
	[Q_SNAP_LAST] = "SELECT at, status, since, pending, lifetime FROM snapshots WHERE device = ?1"
			" ORDER BY at DESC LIMIT 1",
	[Q_SNAP_ADD] = "INSERT OR REPLACE INTO snapshots(device, at, seen, status, since, active, pending, lifetime)"
		       " VALUES(?1, ?2, ?2, ?3, ?4, ?5, ?6, ?7)",
	[Q_STATUS_LAST] = "SELECT at, status FROM statuses WHERE device = ?1 ORDER BY at DESC LIMIT 1",
	[Q_STATUS_ADD] = "INSERT OR REPLACE INTO statuses(device, at, status) VALUES(?1, ?2, ?3)",
	[Q_EARN_RANGE] = "SELECT day, token, amount FROM earnings WHERE device = ?1 AND day >= ?2 AND day <= ?3",
	[Q_EARN_PUT] = "INSERT OR REPLACE INTO earnings(device, day, token, amount) VALUES(?1, ?2, ?3, ?4)",
	[Q_MKEY_UPSERT] = "INSERT INTO metric_keys(network, key, label, unit, source, seen) VALUES(?1, ?2, ?3, ?4, ?5, ?6)"
			  " ON CONFLICT(network, key) DO UPDATE SET label = ?3, unit = ?4, source = ?5, seen = ?6"
			  " RETURNING id",
	[Q_METRIC_LAST] = "SELECT at, value FROM metrics WHERE metric = ?1 ORDER BY at DESC LIMIT 1",
	[Q_METRIC_ADD] = "INSERT OR REPLACE INTO metrics(metric, at, value) VALUES(?1, ?2, ?3)",
	[Q_PRICE_LAST] = "SELECT at, nusd FROM prices WHERE token = ?1 AND at <= ?2 ORDER BY at DESC LIMIT 1",
	[Q_PRICE_ADD] = "INSERT OR REPLACE INTO prices(token, at, nusd) VALUES(?1, ?2, ?3)",
	[Q_PRICE_SOURCE] = "INSERT OR REPLACE INTO price_sources(token, network, source, seen) VALUES(?1, ?2, ?3, ?4)",
};

struct store {
	sqlite3 *db;
	char path[4096 + 16];
	sqlite3_stmt *q[Q_COUNT];
	struct token_row *tokens;
	size_t ntokens;
	int64_t pruned; /* the last prune's cut */
};

static int db_error(struct store *s, struct error *e, const char *what)
{
	return error_set(e, ERR_FAIL, "history store '%s': %s: %s", s->path, what, sqlite3_errmsg(s->db));
}

static sqlite3_stmt *q(struct store *s, int which)
{
	sqlite3_stmt *st = s->q[which];
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return st;
}

/* ---- amounts -------------------------------------------------------------- */

static int64_t day_of(int64_t t)
{
	return t >= 0 ? t / DAY : -((-t + DAY - 1) / DAY);
}

static int bind_amount(sqlite3_stmt *st, int i, const struct u256 *v)
{
	uint64_t x;
	if (!u256_to_u64(&x, v) && x <= (uint64_t)INT64_MAX)
		return sqlite3_bind_int64(st, i, (sqlite3_int64)x);
	uint8_t be[32];
	size_t n = u256_to_be_min(be, v);
	return sqlite3_bind_blob(st, i, be, (int)n, SQLITE_TRANSIENT);
}

static int column_amount(struct u256 *v, sqlite3_stmt *st, int i)
{
	if (sqlite3_column_type(st, i) == SQLITE_INTEGER) {
		sqlite3_int64 x = sqlite3_column_int64(st, i);
		if (x < 0)
			return ERR_FAIL;
		u256_from_u64(v, (uint64_t)x);
		return 0;
	}
	if (sqlite3_column_type(st, i) != SQLITE_BLOB)
		return ERR_FAIL;
	int n = sqlite3_column_bytes(st, i);
	const uint8_t *p = sqlite3_column_blob(st, i);
	if (n > 32 || (n && !p))
		return ERR_FAIL;
	return u256_from_be_bytes(v, p, (size_t)n) ? ERR_FAIL : 0;
}

static const struct token_row *token_by_id(const struct store *s, int64_t id)
{
	for (size_t i = 0; i < s->ntokens; i++)
		if (s->tokens[i].id == id)
			return &s->tokens[i];
	return NULL;
}

static int token_id(struct store *s, int64_t *id, const struct net_money *m, struct error *e)
{
	for (size_t i = 0; i < s->ntokens; i++)
		if (s->tokens[i].decimals == m->decimals && !strcmp(s->tokens[i].symbol, m->token)) {
			*id = s->tokens[i].id;
			return 0;
		}
	if (!m->token[0] || strlen(m->token) >= NET_TOKEN_MAX)
		return error_set(e, ERR_USAGE, "history store: an amount without a token");
	sqlite3_stmt *st = q(s, Q_TOKEN_ADD);
	sqlite3_bind_text(st, 1, m->token, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, m->decimals);
	if (sqlite3_step(st) != SQLITE_DONE)
		return db_error(s, e, "cannot add a token");
	struct token_row *t = realloc(s->tokens, (s->ntokens + 1) * sizeof *t);
	if (!t)
		return error_set(e, ERR_FAIL, "out of memory");
	s->tokens = t;
	t += s->ntokens++;
	t->id = sqlite3_last_insert_rowid(s->db);
	snprintf(t->symbol, sizeof t->symbol, "%s", m->token);
	t->decimals = m->decimals;
	*id = t->id;
	return 0;
}

static int money_from(struct net_money *m, const struct store *s, int64_t tok, const struct u256 *v)
{
	const struct token_row *t = token_by_id(s, tok);
	if (!t)
		return ERR_FAIL;
	memset(m, 0, sizeof *m);
	snprintf(m->token, sizeof m->token, "%s", t->symbol);
	m->decimals = t->decimals;
	m->units = *v;
	return 0;
}

/* A list of amounts as a blob: per amount its token id (varint), its
 * length, and its minimal big-endian bytes. */
static int pack_money(struct store *s, uint8_t *out, size_t *len, const struct net_money *m, int n, struct error *e)
{
	size_t k = 0;
	for (int i = 0; i < n; i++) {
		int64_t id;
		int rc = token_id(s, &id, &m[i], e);
		if (rc)
			return rc;
		for (uint64_t v = (uint64_t)id;; v >>= 7) {
			out[k++] = (uint8_t)((v & 0x7f) | (v > 0x7f ? 0x80 : 0));
			if (v <= 0x7f)
				break;
		}
		uint8_t be[32];
		size_t bn = u256_to_be_min(be, &m[i].units);
		out[k++] = (uint8_t)bn;
		memcpy(out + k, be, bn);
		k += bn;
	}
	*len = k;
	return 0;
}

#define PACK_MAX (NET_MAX_TOKENS * (10 + 1 + 32))

static int unpack_money(const struct store *s, struct net_money *m, int *n, const uint8_t *p, size_t len)
{
	size_t k = 0;
	*n = 0;
	while (k < len) {
		uint64_t id = 0;
		for (unsigned sh = 0;; sh += 7) {
			if (k >= len || sh > 56)
				return ERR_FAIL;
			id |= (uint64_t)(p[k] & 0x7f) << sh;
			if (!(p[k++] & 0x80))
				break;
		}
		if (k >= len || p[k] > 32 || k + 1 + p[k] > len || *n == NET_MAX_TOKENS)
			return ERR_FAIL;
		struct u256 v;
		if (u256_from_be_bytes(&v, p + k + 1, p[k]) || money_from(&m[*n], s, (int64_t)id, &v))
			return ERR_FAIL;
		(*n)++;
		k += 1 + p[k];
	}
	return 0;
}

/* ---- opening ------------------------------------------------------------------ */

static int load_tokens(struct store *s, struct error *e)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(s->db, "SELECT id, symbol, decimals FROM tokens", -1, &st, NULL) != SQLITE_OK)
		return db_error(s, e, "cannot read the tokens");
	int rc = 0, src;
	while ((src = sqlite3_step(st)) == SQLITE_ROW) {
		struct token_row *t = realloc(s->tokens, (s->ntokens + 1) * sizeof *t);
		if (!t) {
			rc = error_set(e, ERR_FAIL, "out of memory");
			break;
		}
		s->tokens = t;
		t += s->ntokens++;
		t->id = sqlite3_column_int64(st, 0);
		const unsigned char *sym = sqlite3_column_text(st, 1);
		snprintf(t->symbol, sizeof t->symbol, "%s", sym ? (const char *)sym : "");
		t->decimals = (uint8_t)sqlite3_column_int(st, 2);
	}
	if (!rc && src != SQLITE_DONE)
		rc = db_error(s, e, "cannot read the tokens");
	sqlite3_finalize(st);
	return rc;
}

static int migrate(struct store *s, struct error *e)
{
	sqlite3_stmt *st;
	int version = -1;
	if (sqlite3_prepare_v2(s->db, "PRAGMA user_version", -1, &st, NULL) == SQLITE_OK) {
		if (sqlite3_step(st) == SQLITE_ROW)
			version = sqlite3_column_int(st, 0);
		sqlite3_finalize(st);
	}
	if (version < 0)
		return db_error(s, e, "cannot read its version");
	if (version > STORE_VERSION)
		return error_set(e, ERR_FAIL, "history store '%s' is version %d, newer than this depinctl reads (%d)",
				 s->path, version, STORE_VERSION);
	for (int v = version; v < STORE_VERSION; v++) {
		char sql[64];
		snprintf(sql, sizeof sql, "PRAGMA user_version=%d", v + 1);
		if (sqlite3_exec(s->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK ||
		    sqlite3_exec(s->db, migrations[v], NULL, NULL, NULL) != SQLITE_OK ||
		    sqlite3_exec(s->db, sql, NULL, NULL, NULL) != SQLITE_OK ||
		    sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
			char what[64];
			snprintf(what, sizeof what, "cannot migrate to version %d", v + 1);
			int rc = db_error(s, e, what);
			sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
			return rc;
		}
	}
	return 0;
}

int store_open_path(struct store **out, const char *path, struct error *e)
{
	*out = NULL;
	struct store *s = calloc(1, sizeof *s);
	if (!s)
		return error_set(e, ERR_FAIL, "out of memory");
	snprintf(s->path, sizeof s->path, "%s", path);
	mode_t old = umask(077);
	int src = sqlite3_open_v2(path, &s->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
	umask(old);
	int rc = 0;
	if (src != SQLITE_OK) {
		rc = error_set(e, ERR_FAIL, "cannot open the history store '%s': %s", path,
			       s->db ? sqlite3_errmsg(s->db) : "out of memory");
		store_close(s);
		return rc;
	}
	sqlite3_busy_timeout(s->db, 5000);
	/* WAL with synchronous NORMAL: a kill -9 loses nothing committed (the
	 * WAL is in the OS's cache); a power cut may lose the last refreshes,
	 * never consistency (bench/store.sh measures FULL against NORMAL). */
	if (sqlite3_exec(s->db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA cache_size=-8192;", NULL, NULL, NULL) != SQLITE_OK) {
		rc = db_error(s, e, "cannot set WAL mode");
		store_close(s);
		return rc;
	}
	if ((rc = migrate(s, e)) || (rc = load_tokens(s, e))) {
		store_close(s);
		return rc;
	}
	for (int i = 0; i < Q_COUNT; i++)
		if (sqlite3_prepare_v3(s->db, queries[i], -1, SQLITE_PREPARE_PERSISTENT, &s->q[i], NULL) != SQLITE_OK) {
			rc = db_error(s, e, "cannot prepare a query");
			store_close(s);
			return rc;
		}
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(s->db, "SELECT value FROM meta WHERE key = 'pruned'", -1, &st, NULL) == SQLITE_OK) {
		if (sqlite3_step(st) == SQLITE_ROW)
			s->pruned = sqlite3_column_int64(st, 0);
		sqlite3_finalize(st);
	}
	chmod(path, 0600);
	*out = s;
	return 0;
}

int store_open(struct store **out, const char *home, struct error *e)
{
	*out = NULL;
	if (!home || !*home)
		return error_set(e, ERR_USAGE, "history store: no data folder");
	int rc = file_mkdirs(home, 0700, e);
	if (rc)
		return rc;
	char path[4096 + 16];
	if ((size_t)snprintf(path, sizeof path, "%s/history.db", home) >= sizeof path)
		return error_set(e, ERR_USAGE, "data folder '%.200s': a path too long", home);
	return store_open_path(out, path, e);
}

void store_close(struct store *s)
{
	if (!s)
		return;
	for (int i = 0; i < Q_COUNT; i++)
		sqlite3_finalize(s->q[i]);
	sqlite3_close(s->db);
	free(s->tokens);
	free(s);
}

int store_set_synchronous(struct store *s, int full, struct error *e)
{
	if (sqlite3_exec(s->db, full ? "PRAGMA synchronous=FULL" : "PRAGMA synchronous=NORMAL", NULL, NULL, NULL) !=
	    SQLITE_OK)
		return db_error(s, e, "cannot set synchronous");
	return 0;
}

/* ---- recording -------------------------------------------------------------------- */

static int network_id(struct store *s, int64_t *id, const char *name, int create, struct error *e)
{
	sqlite3_stmt *st = q(s, Q_NETWORK_GET);
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	int src = sqlite3_step(st);
	if (src == SQLITE_ROW) {
		*id = sqlite3_column_int64(st, 0);
		return 0;
	}
	if (src != SQLITE_DONE)
		return db_error(s, e, "cannot read the networks");
	if (!create)
		return error_set(e, ERR_NOTFOUND, "history store: no history of network '%s'", name);
	st = q(s, Q_NETWORK_ADD);
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_DONE)
		return db_error(s, e, "cannot add a network");
	*id = sqlite3_last_insert_rowid(s->db);
	return 0;
}

static int blob_eq(sqlite3_stmt *st, int col, const uint8_t *p, size_t n)
{
	int len = sqlite3_column_bytes(st, col);
	const void *b = sqlite3_column_blob(st, col);
	return (size_t)len == n && (!n || (b && !memcmp(b, p, n)));
}

/* The snapshot: a new row when the status, pending or lifetime changed;
 * the device row holds when it was last seen, its status' since and its
 * last activity. */
static int record_snapshot(struct store *s, int64_t dev, const struct net_device *d, int64_t at, struct error *e)
{
	uint8_t pend[PACK_MAX], life[PACK_MAX];
	size_t npend, nlife;
	int rc;
	if ((rc = pack_money(s, pend, &npend, d->pending, d->npending, e)) ||
	    (rc = pack_money(s, life, &nlife, d->lifetime, d->nlifetime, e)))
		return rc;
	sqlite3_stmt *st = q(s, Q_SNAP_LAST);
	sqlite3_bind_int64(st, 1, dev);
	int src = sqlite3_step(st);
	if (src == SQLITE_ROW && sqlite3_column_int64(st, 0) <= at && sqlite3_column_int(st, 1) == (int)d->status &&
	    blob_eq(st, 3, pend, npend) && blob_eq(st, 4, life, nlife))
		return 0;
	if (src != SQLITE_ROW && src != SQLITE_DONE)
		return db_error(s, e, "cannot read a snapshot");
	st = q(s, Q_SNAP_ADD);
	sqlite3_bind_int64(st, 1, dev);
	sqlite3_bind_int64(st, 2, at);
	sqlite3_bind_int(st, 3, (int)d->status);
	sqlite3_bind_int64(st, 4, d->status_since);
	sqlite3_bind_int64(st, 5, d->last_active);
	if (npend)
		sqlite3_bind_blob(st, 6, pend, (int)npend, SQLITE_STATIC);
	if (nlife)
		sqlite3_bind_blob(st, 7, life, (int)nlife, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_DONE)
		return db_error(s, e, "cannot add a snapshot");
	/* a status change */
	st = q(s, Q_STATUS_LAST);
	sqlite3_bind_int64(st, 1, dev);
	src = sqlite3_step(st);
	if (src != SQLITE_ROW && src != SQLITE_DONE)
		return db_error(s, e, "cannot read a status");
	if (src == SQLITE_ROW && sqlite3_column_int(st, 1) == (int)d->status)
		return 0;
	int64_t prev = src == SQLITE_ROW ? sqlite3_column_int64(st, 0) : INT64_MIN;
	int64_t when = d->status_since > prev && d->status_since <= at ? d->status_since : at;
	if (when <= prev)
		when = prev + 1;
	st = q(s, Q_STATUS_ADD);
	sqlite3_bind_int64(st, 1, dev);
	sqlite3_bind_int64(st, 2, when);
	sqlite3_bind_int(st, 3, (int)d->status);
	return sqlite3_step(st) == SQLITE_DONE ? 0 : db_error(s, e, "cannot add a status");
}

struct stored_point {
	int64_t day, token;
	struct u256 amount;
};

/* The device's daily points: written where they differ from what is stored. */
static int record_points(struct store *s, int64_t dev, const struct net_device *d, struct error *e)
{
	if (!d->nhistory)
		return 0;
	int64_t lo = INT64_MAX, hi = INT64_MIN;
	for (size_t i = 0; i < d->nhistory; i++) {
		int64_t day = day_of(d->history[i].day);
		lo = day < lo ? day : lo;
		hi = day > hi ? day : hi;
	}
	struct stored_point *have = NULL;
	size_t nhave = 0, cap = 0;
	int rc = 0, src;
	sqlite3_stmt *st = q(s, Q_EARN_RANGE);
	sqlite3_bind_int64(st, 1, dev);
	sqlite3_bind_int64(st, 2, lo);
	sqlite3_bind_int64(st, 3, hi);
	while ((src = sqlite3_step(st)) == SQLITE_ROW) {
		if (nhave == cap) {
			cap = cap ? 2 * cap : 64;
			struct stored_point *x = realloc(have, cap * sizeof *x);
			if (!x) {
				free(have);
				return error_set(e, ERR_FAIL, "out of memory");
			}
			have = x;
		}
		have[nhave].day = sqlite3_column_int64(st, 0);
		have[nhave].token = sqlite3_column_int64(st, 1);
		if (column_amount(&have[nhave].amount, st, 2))
			continue; /* unreadable: written again */
		nhave++;
	}
	if (src != SQLITE_DONE)
		rc = db_error(s, e, "cannot read the earnings");
	for (size_t i = 0; i < d->nhistory && !rc; i++) {
		const struct net_point *p = &d->history[i];
		struct net_money m;
		net_point_money(&m, d, p);
		int64_t tok, day = day_of(p->day);
		if ((rc = token_id(s, &tok, &m, e)))
			break;
		size_t k = 0;
		while (k < nhave && (have[k].day != day || have[k].token != tok))
			k++;
		if (k < nhave && !u256_cmp(&have[k].amount, &m.units))
			continue;
		st = q(s, Q_EARN_PUT);
		sqlite3_bind_int64(st, 1, dev);
		sqlite3_bind_int64(st, 2, day);
		sqlite3_bind_int64(st, 3, tok);
		bind_amount(st, 4, &m.units);
		if (sqlite3_step(st) != SQLITE_DONE)
			rc = db_error(s, e, "cannot write the earnings");
	}
	free(have);
	return rc;
}

/* A network that gives no dated earnings (Helium: only lifetime rewards) still
 * gets a history: what the lifetime figure grew since the last snapshot is
 * added to the day of this refresh. */
static int record_growth(struct store *s, int64_t dev, const struct net_device *d, int64_t at, struct error *e)
{
	if (!d->nlifetime)
		return 0;
	struct net_money before[NET_MAX_TOKENS];
	int nbefore = 0;
	sqlite3_stmt *st = q(s, Q_SNAP_LAST);
	sqlite3_bind_int64(st, 1, dev);
	int src = sqlite3_step(st);
	if (src == SQLITE_DONE)
		return 0; /* the first sight of it: nothing to compare */
	if (src != SQLITE_ROW)
		return db_error(s, e, "cannot read a snapshot");
	if (sqlite3_column_int64(st, 0) >= at ||
	    unpack_money(s, before, &nbefore, sqlite3_column_blob(st, 4), (size_t)sqlite3_column_bytes(st, 4)))
		return 0;
	sqlite3_reset(st);
	int64_t day = day_of(at);
	for (int i = 0; i < d->nlifetime; i++) {
		const struct net_money *now = &d->lifetime[i];
		int k = 0;
		while (k < nbefore && strcmp(before[k].token, now->token))
			k++;
		struct u256 grew;
		if (k == nbefore || before[k].decimals != now->decimals || u256_cmp(&now->units, &before[k].units) <= 0 ||
		    u256_sub(&grew, &now->units, &before[k].units))
			continue;
		int64_t tok;
		int rc = token_id(s, &tok, now, e);
		if (rc)
			return rc;
		/* added to what the day already holds */
		struct u256 sum = grew;
		st = q(s, Q_EARN_RANGE);
		sqlite3_bind_int64(st, 1, dev);
		sqlite3_bind_int64(st, 2, day);
		sqlite3_bind_int64(st, 3, day);
		while ((src = sqlite3_step(st)) == SQLITE_ROW) {
			struct u256 had;
			if (sqlite3_column_int64(st, 1) == tok && !column_amount(&had, st, 2) && u256_add(&sum, &grew, &had))
				sum = grew;
		}
		if (src != SQLITE_DONE)
			return db_error(s, e, "cannot read the earnings");
		st = q(s, Q_EARN_PUT);
		sqlite3_bind_int64(st, 1, dev);
		sqlite3_bind_int64(st, 2, day);
		sqlite3_bind_int64(st, 3, tok);
		bind_amount(st, 4, &sum);
		if (sqlite3_step(st) != SQLITE_DONE)
			return db_error(s, e, "cannot write the earnings");
	}
	return 0;
}

static int record_device(struct store *s, int64_t net, const struct net_device *d, int64_t at, struct error *e)
{
	if (!d->id[0])
		return error_set(e, ERR_USAGE, "history store: a device of '%s' without an id", d->network);
	sqlite3_stmt *st = q(s, Q_DEVICE_UPSERT);
	sqlite3_bind_int64(st, 1, net);
	sqlite3_bind_text(st, 2, d->id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, d->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, d->kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, d->owner, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, d->location, -1, SQLITE_STATIC);
	if (d->has_position) {
		sqlite3_bind_double(st, 7, d->lat);
		sqlite3_bind_double(st, 8, d->lon);
	}
	sqlite3_bind_int64(st, 9, d->onboarded);
	sqlite3_bind_int64(st, 10, at);
	sqlite3_bind_text(st, 11, d->detail, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 12, d->claimable);
	sqlite3_bind_int64(st, 13, d->status_since);
	sqlite3_bind_int64(st, 14, d->last_active);
	if (sqlite3_step(st) != SQLITE_ROW)
		return db_error(s, e, "cannot write a device");
	int64_t dev = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	int rc = d->nhistory ? 0 : record_growth(s, dev, d, at, e);
	if (!rc)
		rc = record_snapshot(s, dev, d, at, e);
	return rc ? rc : record_points(s, dev, d, e);
}

static int record_metric(struct store *s, int64_t net, const struct net_metric *m, int64_t at, struct error *e)
{
	sqlite3_stmt *st = q(s, Q_MKEY_UPSERT);
	sqlite3_bind_int64(st, 1, net);
	sqlite3_bind_text(st, 2, m->key, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, m->label, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, m->unit, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, m->source, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 6, at);
	if (sqlite3_step(st) != SQLITE_ROW)
		return db_error(s, e, "cannot write a metric");
	int64_t id = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	int64_t when = m->at ? m->at : at;
	st = q(s, Q_METRIC_LAST);
	sqlite3_bind_int64(st, 1, id);
	int src = sqlite3_step(st);
	if (src == SQLITE_ROW && sqlite3_column_double(st, 1) == m->value &&
	    when - sqlite3_column_int64(st, 0) < REPEAT_AFTER && when >= sqlite3_column_int64(st, 0))
		return 0;
	if (src != SQLITE_ROW && src != SQLITE_DONE)
		return db_error(s, e, "cannot read a metric");
	st = q(s, Q_METRIC_ADD);
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, when);
	sqlite3_bind_double(st, 3, m->value);
	return sqlite3_step(st) == SQLITE_DONE ? 0 : db_error(s, e, "cannot write a metric");
}

static int record_price(struct store *s, const char *network, const struct net_price *p, int64_t at, struct error *e)
{
	if (!p->token[0] || p->nusd > (uint64_t)INT64_MAX)
		return error_set(e, ERR_USAGE, "history store: a price of '%s' out of range", p->token);
	int64_t when = p->at ? p->at : at;
	sqlite3_stmt *st = q(s, Q_PRICE_LAST);
	sqlite3_bind_text(st, 1, p->token, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, INT64_MAX);
	int src = sqlite3_step(st);
	int same = src == SQLITE_ROW && (uint64_t)sqlite3_column_int64(st, 1) == p->nusd &&
		   when >= sqlite3_column_int64(st, 0) && when - sqlite3_column_int64(st, 0) < REPEAT_AFTER;
	if (src != SQLITE_ROW && src != SQLITE_DONE)
		return db_error(s, e, "cannot read a price");
	if (!same) {
		st = q(s, Q_PRICE_ADD);
		sqlite3_bind_text(st, 1, p->token, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 2, when);
		sqlite3_bind_int64(st, 3, (sqlite3_int64)p->nusd);
		if (sqlite3_step(st) != SQLITE_DONE)
			return db_error(s, e, "cannot write a price");
	}
	st = q(s, Q_PRICE_SOURCE);
	sqlite3_bind_text(st, 1, p->token, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, network, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, p->source, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, at);
	return sqlite3_step(st) == SQLITE_DONE ? 0 : db_error(s, e, "cannot write a price");
}

static int record(struct store *s, const struct net_result *r, int what, int64_t at, struct error *e)
{
	int64_t net = 0;
	int rc = network_id(s, &net, r->network, 1, e);
	if (rc)
		return rc;
	if (r->code) {
		sqlite3_stmt *st = q(s, Q_NETWORK_FAIL);
		sqlite3_bind_int64(st, 1, net);
		sqlite3_bind_int64(st, 2, at);
		sqlite3_bind_int(st, 3, r->code);
		sqlite3_bind_text(st, 4, r->err.msg[0] ? r->err.msg : "failed", -1, SQLITE_STATIC);
		return sqlite3_step(st) == SQLITE_DONE ? 0 : db_error(s, e, "cannot record a failure");
	}
	if (what & NET_REFRESH_DEVICES)
		for (size_t i = 0; i < r->ndevices && !rc; i++)
			rc = record_device(s, net, &r->devices[i], at, e);
	for (size_t i = 0; i < r->nmetrics && !rc; i++)
		rc = record_metric(s, net, &r->metrics[i], at, e);
	for (size_t i = 0; i < r->nprices && !rc; i++)
		rc = record_price(s, r->network, &r->prices[i], at, e);
	if (rc)
		return rc;
	sqlite3_stmt *st = q(s, Q_NETWORK_OK);
	sqlite3_bind_int64(st, 1, net);
	sqlite3_bind_int64(st, 2, at);
	sqlite3_bind_int(st, 3, !!(what & NET_REFRESH_DEVICES));
	sqlite3_bind_int(st, 4, !!(what & NET_REFRESH_METRICS));
	return sqlite3_step(st) == SQLITE_DONE ? 0 : db_error(s, e, "cannot record a refresh");
}

int store_record(struct store *s, const struct net_result *r, int what, struct error *e)
{
	int64_t at = r->at ? r->at : (int64_t)time(NULL);
	if (sqlite3_exec(s->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
		return db_error(s, e, "cannot begin a refresh");
	int rc = record(s, r, what, at, e);
	if (!rc && sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
		rc = db_error(s, e, "cannot commit a refresh");
	if (rc) {
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
		/* tokens added in the rolled back transaction are gone too */
		s->ntokens = 0;
		struct error scratch;
		if (load_tokens(s, &scratch))
			s->ntokens = 0;
		return rc;
	}
	/* thinning, at most once a day, in a transaction of its own */
	if (at - KEEP_HOURLY >= s->pruned + DAY) {
		struct error scratch;
		if (store_prune(s, at, KEEP_HOURLY, &scratch))
			return 0; /* tried again on the next refresh */
	}
	return 0;
}

int store_prune(struct store *s, int64_t now, int64_t keep_hourly, struct error *e)
{
	int64_t cut = day_of(now - keep_hourly) * DAY; /* whole days only */
	int64_t from = s->pruned > DAY ? s->pruned - DAY : INT64_MIN;
	sqlite3_stmt *st = NULL;
	const char *sql[] = {
		/* per device and day the last snapshot; rows holding a status
		 * change stay in statuses */
		"DELETE FROM snapshots WHERE device IN (SELECT id FROM devices) AND at >= ?1 AND at < ?2"
		" AND EXISTS (SELECT 1 FROM snapshots n WHERE n.device = snapshots.device AND n.at > snapshots.at"
		" AND n.at < ?2 AND n.at / 86400 = snapshots.at / 86400)",
		/* (the IN lets SQLite seek each key's range instead of scanning
		 * the table) */
		"DELETE FROM metrics WHERE metric IN (SELECT id FROM metric_keys) AND at >= ?1 AND at < ?2"
		" AND EXISTS (SELECT 1 FROM metrics n WHERE n.metric = metrics.metric AND n.at > metrics.at AND n.at < ?2"
		" AND n.at / 86400 = metrics.at / 86400)",
		"DELETE FROM prices WHERE token IN (SELECT token FROM price_sources) AND at >= ?1 AND at < ?2"
		" AND EXISTS (SELECT 1 FROM prices n WHERE n.token = prices.token AND n.at > prices.at AND n.at < ?2"
		" AND n.at / 86400 = prices.at / 86400)",
		"INSERT OR REPLACE INTO meta(key, value) VALUES('pruned', ?2)",
	};
	if (sqlite3_exec(s->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
		return db_error(s, e, "cannot begin thinning");
	int rc = 0;
	for (size_t i = 0; i < sizeof sql / sizeof sql[0] && !rc; i++) {
		if (sqlite3_prepare_v2(s->db, sql[i], -1, &st, NULL) != SQLITE_OK) {
			rc = db_error(s, e, "cannot thin the history");
			break;
		}
		if (i < 3)
			sqlite3_bind_int64(st, 1, from);
		sqlite3_bind_int64(st, 2, cut);
		if (sqlite3_step(st) != SQLITE_DONE)
			rc = db_error(s, e, "cannot thin the history");
		sqlite3_finalize(st);
	}
	if (!rc && sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
		rc = db_error(s, e, "cannot commit thinning");
	if (rc) {
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
		return rc;
	}
	s->pruned = cut;
	return 0;
}

/* ---- reading ------------------------------------------------------------------------- */

static int device_id(struct store *s, int64_t *id, const char *network, const char *device, struct error *e)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(s->db,
			       "SELECT d.id FROM devices d JOIN networks n ON n.id = d.network"
			       " WHERE n.name = ?1 AND d.ident = ?2",
			       -1, &st, NULL) != SQLITE_OK)
		return db_error(s, e, "cannot read the devices");
	sqlite3_bind_text(st, 1, network, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, device, -1, SQLITE_STATIC);
	int src = sqlite3_step(st), rc = 0;
	if (src == SQLITE_ROW)
		*id = sqlite3_column_int64(st, 0);
	else if (src == SQLITE_DONE)
		rc = error_set(e, ERR_NOTFOUND, "history store: no history of device '%s' of '%s'", device, network);
	else
		rc = db_error(s, e, "cannot read the devices");
	sqlite3_finalize(st);
	return rc;
}

static int64_t bucket_start(int64_t day, enum store_bucket_size size)
{
	switch (size) {
	case STORE_WEEK: {
		/* 1970-01-01 was a Thursday: Monday is 3 days before it */
		int64_t dow = ((day + 3) % 7 + 7) % 7;
		return (day - dow) * DAY;
	}
	case STORE_MONTH: {
		time_t t = (time_t)(day * DAY);
		struct tm tm;
		gmtime_r(&t, &tm);
		tm.tm_mday = 1;
		tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
		return (int64_t)timegm(&tm);
	}
	case STORE_DAY:
	default:
		return day * DAY;
	}
}

static int add_bucket(struct store_bucket **out, size_t *n, size_t *cap, int64_t start, const struct net_money *m)
{
	/* rows come by day: a bucket is one of the last few (one per token) */
	for (size_t i = *n; i > 0 && (*out)[i - 1].start == start; i--)
		if (!strcmp((*out)[i - 1].amount.token, m->token) && (*out)[i - 1].amount.decimals == m->decimals)
			return net_money_add(&(*out)[i - 1].amount, m) ? ERR_FAIL : 0;
	if (*n == *cap) {
		*cap = *cap ? 2 * *cap : 32;
		struct store_bucket *x = realloc(*out, *cap * sizeof *x);
		if (!x)
			return ERR_FAIL;
		*out = x;
	}
	(*out)[*n].start = start;
	(*out)[*n].amount = *m;
	(*n)++;
	return 0;
}

int store_earnings(struct store *s, struct store_bucket **out, size_t *n, const char *network, const char *device,
		   int64_t from, int64_t to, enum store_bucket_size size, struct error *e)
{
	*out = NULL;
	*n = 0;
	int64_t dev = 0;
	int rc = device_id(s, &dev, network, device, e);
	if (rc)
		return rc;
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(s->db,
			       "SELECT day, token, amount FROM earnings WHERE device = ?1 AND day >= ?2 AND day < ?3"
			       " ORDER BY day, token",
			       -1, &st, NULL) != SQLITE_OK)
		return db_error(s, e, "cannot read the earnings");
	sqlite3_bind_int64(st, 1, dev);
	sqlite3_bind_int64(st, 2, day_of(from + DAY - 1));
	sqlite3_bind_int64(st, 3, day_of(to + DAY - 1));
	size_t cap = 0;
	int src;
	while (!rc && (src = sqlite3_step(st)) == SQLITE_ROW) {
		struct u256 v;
		struct net_money m;
		if (column_amount(&v, st, 2) || money_from(&m, s, sqlite3_column_int64(st, 1), &v)) {
			rc = error_set(e, ERR_FAIL, "history store '%s': an unreadable amount", s->path);
			break;
		}
		if (add_bucket(out, n, &cap, bucket_start(sqlite3_column_int64(st, 0), size), &m))
			rc = error_set(e, ERR_FAIL, "history store: a sum of '%s' overflows", m.token);
	}
	if (!rc && src != SQLITE_DONE)
		rc = db_error(s, e, "cannot read the earnings");
	sqlite3_finalize(st);
	if (rc) {
		free(*out);
		*out = NULL;
		*n = 0;
	}
	return rc;
}

int store_sum(struct store *s, struct net_money out[NET_MAX_TOKENS], int *n, const char *network, const char *device,
	      int64_t since, struct error *e)
{
	*n = 0;
	int64_t dev = 0;
	int rc = device_id(s, &dev, network, device, e);
	if (rc)
		return rc;
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(s->db, "SELECT token, amount FROM earnings WHERE device = ?1 AND day > ?2", -1, &st,
			       NULL) != SQLITE_OK)
		return db_error(s, e, "cannot read the earnings");
	sqlite3_bind_int64(st, 1, dev);
	/* days that end after since: day * 86400 + 86400 > since */
	sqlite3_bind_int64(st, 2, day_of(since) - 1);
	int src;
	while (!rc && (src = sqlite3_step(st)) == SQLITE_ROW) {
		struct u256 v;
		struct net_money m;
		if (column_amount(&v, st, 1) || money_from(&m, s, sqlite3_column_int64(st, 0), &v)) {
			rc = error_set(e, ERR_FAIL, "history store '%s': an unreadable amount", s->path);
			break;
		}
		int k = 0;
		while (k < *n && (strcmp(out[k].token, m.token) || out[k].decimals != m.decimals))
			k++;
		if (k == *n) {
			if (*n == NET_MAX_TOKENS)
				continue;
			out[(*n)++] = m;
		} else if (net_money_add(&out[k], &m)) {
			rc = error_set(e, ERR_FAIL, "history store: a sum of '%s' overflows", m.token);
		}
	}
	if (!rc && src != SQLITE_DONE)
		rc = db_error(s, e, "cannot read the earnings");
	sqlite3_finalize(st);
	if (rc)
		*n = 0;
	return rc;
}

int store_status_history(struct store *s, struct store_status **out, size_t *n, const char *network,
			 const char *device, int64_t since, struct error *e)
{
	*out = NULL;
	*n = 0;
	int64_t dev = 0;
	int rc = device_id(s, &dev, network, device, e);
	if (rc)
		return rc;
	sqlite3_stmt *st;
	/* the change in force at since, then those after */
	if (sqlite3_prepare_v2(s->db,
			       "SELECT at, status FROM statuses WHERE device = ?1 AND at >= coalesce((SELECT max(at)"
			       " FROM statuses WHERE device = ?1 AND at <= ?2), ?2) ORDER BY at",
			       -1, &st, NULL) != SQLITE_OK)
		return db_error(s, e, "cannot read the statuses");
	sqlite3_bind_int64(st, 1, dev);
	sqlite3_bind_int64(st, 2, since);
	size_t cap = 0;
	int src;
	while ((src = sqlite3_step(st)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? 2 * cap : 16;
			struct store_status *x = realloc(*out, cap * sizeof *x);
			if (!x) {
				rc = error_set(e, ERR_FAIL, "out of memory");
				break;
			}
			*out = x;
		}
		(*out)[*n].at = sqlite3_column_int64(st, 0);
		(*out)[*n].status = (enum net_status)sqlite3_column_int(st, 1);
		(*n)++;
	}
	if (!rc && src != SQLITE_DONE)
		rc = db_error(s, e, "cannot read the statuses");
	sqlite3_finalize(st);
	if (rc) {
		free(*out);
		*out = NULL;
		*n = 0;
	}
	return rc;
}

int store_metric_series(struct store *s, struct store_sample **out, size_t *n, const char *network, const char *key,
			int64_t since, struct error *e)
{
	*out = NULL;
	*n = 0;
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(s->db,
			       "SELECT m.at, m.value FROM metrics m JOIN metric_keys k ON k.id = m.metric"
			       " JOIN networks n ON n.id = k.network WHERE n.name = ?1 AND k.key = ?2 AND m.at >= ?3"
			       " ORDER BY m.at",
			       -1, &st, NULL) != SQLITE_OK)
		return db_error(s, e, "cannot read the metrics");
	sqlite3_bind_text(st, 1, network, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, key, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, since);
	size_t cap = 0;
	int rc = 0, src;
	while ((src = sqlite3_step(st)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? 2 * cap : 64;
			struct store_sample *x = realloc(*out, cap * sizeof *x);
			if (!x) {
				rc = error_set(e, ERR_FAIL, "out of memory");
				break;
			}
			*out = x;
		}
		(*out)[*n].at = sqlite3_column_int64(st, 0);
		(*out)[*n].value = sqlite3_column_double(st, 1);
		(*n)++;
	}
	if (!rc && src != SQLITE_DONE)
		rc = db_error(s, e, "cannot read the metrics");
	sqlite3_finalize(st);
	if (rc) {
		free(*out);
		*out = NULL;
		*n = 0;
	}
	return rc;
}

int store_price_at(struct store *s, uint64_t *nusd, int64_t *when, const char *token, int64_t at, struct error *e)
{
	sqlite3_stmt *st = q(s, Q_PRICE_LAST);
	sqlite3_bind_text(st, 1, token, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, at);
	int src = sqlite3_step(st);
	if (src == SQLITE_DONE)
		return error_set(e, ERR_NOTFOUND, "history store: no price of '%s' at that time", token);
	if (src != SQLITE_ROW)
		return db_error(s, e, "cannot read the prices");
	if (when)
		*when = sqlite3_column_int64(st, 0);
	*nusd = (uint64_t)sqlite3_column_int64(st, 1);
	sqlite3_reset(st);
	return 0;
}

/* ---- the last result ------------------------------------------------------------------ */

static void text_col(char *out, size_t size, sqlite3_stmt *st, int i)
{
	const unsigned char *t = sqlite3_column_text(st, i);
	snprintf(out, size, "%s", t ? (const char *)t : "");
}

static int last_devices(struct store *s, struct net_result *out, int64_t net, int64_t dev_at, int64_t history_since,
			struct error *e)
{
	sqlite3_stmt *st, *pt = NULL;
	if (sqlite3_prepare_v2(s->db,
			       "SELECT d.id, d.ident, d.name, d.kind, d.owner, d.location, d.lat, d.lon, d.onboarded,"
			       " d.detail, d.claimable, s.status, CASE WHEN d.since THEN d.since ELSE s.since END,"
			       " CASE WHEN d.active THEN d.active ELSE s.active END, s.pending, s.lifetime"
			       " FROM devices d JOIN snapshots s ON s.device = d.id AND s.at = (SELECT max(at)"
			       " FROM snapshots WHERE device = d.id) WHERE d.network = ?1 AND d.seen = ?2 ORDER BY d.id",
			       -1, &st, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(s->db,
			       "SELECT day, token, amount FROM earnings WHERE device = ?1 AND day >= ?2 ORDER BY day, token",
			       -1, &pt, NULL) != SQLITE_OK) {
		int rc = db_error(s, e, "cannot read the devices");
		sqlite3_finalize(st);
		return rc;
	}
	sqlite3_bind_int64(st, 1, net);
	sqlite3_bind_int64(st, 2, dev_at);
	int rc = 0, src;
	while (!rc && (src = sqlite3_step(st)) == SQLITE_ROW) {
		struct net_device *d = net_result_device(out);
		if (!d) {
			rc = error_set(e, ERR_FAIL, "out of memory");
			break;
		}
		text_col(d->id, sizeof d->id, st, 1);
		text_col(d->name, sizeof d->name, st, 2);
		text_col(d->kind, sizeof d->kind, st, 3);
		text_col(d->owner, sizeof d->owner, st, 4);
		text_col(d->location, sizeof d->location, st, 5);
		if (sqlite3_column_type(st, 6) != SQLITE_NULL) {
			d->has_position = 1;
			d->lat = sqlite3_column_double(st, 6);
			d->lon = sqlite3_column_double(st, 7);
		}
		d->onboarded = sqlite3_column_int64(st, 8);
		text_col(d->detail, sizeof d->detail, st, 9);
		d->claimable = sqlite3_column_int(st, 10);
		d->status = (enum net_status)sqlite3_column_int(st, 11);
		d->status_since = sqlite3_column_int64(st, 12);
		d->last_active = sqlite3_column_int64(st, 13);
		if (unpack_money(s, d->pending, &d->npending, sqlite3_column_blob(st, 14),
				 (size_t)sqlite3_column_bytes(st, 14)) ||
		    unpack_money(s, d->lifetime, &d->nlifetime, sqlite3_column_blob(st, 15),
				 (size_t)sqlite3_column_bytes(st, 15))) {
			rc = error_set(e, ERR_FAIL, "history store '%s': an unreadable snapshot of '%s'", s->path, d->id);
			break;
		}
		sqlite3_reset(pt);
		sqlite3_bind_int64(pt, 1, sqlite3_column_int64(st, 0));
		sqlite3_bind_int64(pt, 2, day_of(history_since));
		int psrc;
		while (!rc && (psrc = sqlite3_step(pt)) == SQLITE_ROW) {
			struct u256 v;
			struct net_money m;
			if (column_amount(&v, pt, 2) || money_from(&m, s, sqlite3_column_int64(pt, 1), &v))
				rc = error_set(e, ERR_FAIL, "history store '%s': an unreadable amount", s->path);
			else if (net_device_add_point(d, sqlite3_column_int64(pt, 0) * DAY, &m))
				rc = error_set(e, ERR_FAIL, "out of memory");
		}
		if (!rc && psrc != SQLITE_DONE)
			rc = db_error(s, e, "cannot read the earnings");
	}
	if (!rc && src != SQLITE_DONE)
		rc = db_error(s, e, "cannot read the devices");
	sqlite3_finalize(st);
	sqlite3_finalize(pt);
	return rc;
}

static int last_metrics(struct store *s, struct net_result *out, int64_t net, int64_t met_at, struct error *e)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(s->db,
			       "SELECT k.key, k.label, k.unit, k.source, m.at, m.value FROM metric_keys k JOIN metrics m"
			       " ON m.metric = k.id AND m.at = (SELECT max(at) FROM metrics WHERE metric = k.id)"
			       " WHERE k.network = ?1 AND k.seen = ?2 ORDER BY k.id",
			       -1, &st, NULL) != SQLITE_OK)
		return db_error(s, e, "cannot read the metrics");
	sqlite3_bind_int64(st, 1, net);
	sqlite3_bind_int64(st, 2, met_at);
	int rc = 0, src;
	while ((src = sqlite3_step(st)) == SQLITE_ROW) {
		char key[32], label[48], unit[16], source[96];
		text_col(key, sizeof key, st, 0);
		text_col(label, sizeof label, st, 1);
		text_col(unit, sizeof unit, st, 2);
		text_col(source, sizeof source, st, 3);
		struct net_metric *m = net_result_metric(out, key, label, sqlite3_column_double(st, 5), unit, source);
		if (!m) {
			rc = error_set(e, ERR_FAIL, "out of memory");
			break;
		}
		m->at = sqlite3_column_int64(st, 4);
	}
	if (!rc && src != SQLITE_DONE)
		rc = db_error(s, e, "cannot read the metrics");
	sqlite3_finalize(st);
	if (rc)
		return rc;
	if (sqlite3_prepare_v2(s->db,
			       "SELECT p.token, p.source, x.at, x.nusd FROM price_sources p JOIN prices x ON x.token = p.token"
			       " AND x.at = (SELECT max(at) FROM prices WHERE token = p.token) WHERE p.network = ?1"
			       " AND p.seen = (SELECT max(seen) FROM price_sources WHERE network = ?1) ORDER BY p.token",
			       -1, &st, NULL) != SQLITE_OK)
		return db_error(s, e, "cannot read the prices");
	sqlite3_bind_text(st, 1, out->network, -1, SQLITE_STATIC);
	while ((src = sqlite3_step(st)) == SQLITE_ROW) {
		char token[NET_TOKEN_MAX], source[48];
		text_col(token, sizeof token, st, 0);
		text_col(source, sizeof source, st, 1);
		struct net_price *p = net_result_price(out, token, (uint64_t)sqlite3_column_int64(st, 3), source);
		if (!p) {
			rc = error_set(e, ERR_FAIL, "out of memory");
			break;
		}
		p->at = sqlite3_column_int64(st, 2);
	}
	if (!rc && src != SQLITE_DONE)
		rc = db_error(s, e, "cannot read the prices");
	sqlite3_finalize(st);
	return rc;
}

int store_last_result(struct store *s, struct net_result *out, const char *network, int64_t history_since,
		      struct error *e)
{
	net_result_init(out, network);
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(s->db, "SELECT id, ok_at, dev_at, met_at, fail_at, code, error FROM networks WHERE name = ?1",
			       -1, &st, NULL) != SQLITE_OK)
		return db_error(s, e, "cannot read the networks");
	sqlite3_bind_text(st, 1, network, -1, SQLITE_STATIC);
	int src = sqlite3_step(st);
	if (src != SQLITE_ROW) {
		int rc = src == SQLITE_DONE ? error_set(e, ERR_NOTFOUND, "history store: no history of network '%s'", network)
					    : db_error(s, e, "cannot read the networks");
		sqlite3_finalize(st);
		return rc;
	}
	int64_t net = sqlite3_column_int64(st, 0), dev_at = sqlite3_column_int64(st, 2),
		met_at = sqlite3_column_int64(st, 3), fail_at = sqlite3_column_int64(st, 4);
	out->at = sqlite3_column_int64(st, 1);
	if (fail_at > out->at) {
		out->code = sqlite3_column_int(st, 5);
		text_col(out->err.msg, sizeof out->err.msg, st, 6);
		out->err.code = out->code;
	}
	sqlite3_finalize(st);
	if (!out->at)
		return error_set(e, ERR_NOTFOUND, "history store: no refresh of network '%s' worked yet", network);
	/* the transaction makes devices, metrics and prices one refresh's */
	if (sqlite3_exec(s->db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK)
		return db_error(s, e, "cannot begin reading");
	int rc = 0;
	if (dev_at)
		rc = last_devices(s, out, net, dev_at, history_since, e);
	if (!rc && met_at)
		rc = last_metrics(s, out, net, met_at, e);
	sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL);
	if (rc) {
		net_result_release(out);
		net_result_init(out, network);
	}
	return rc;
}

/* ---- the export's walk ---------------------------------------------------------------- */

int store_each_point(struct store *s, int64_t since, int (*cb)(void *user, const struct store_point *p), void *user,
		     struct error *e)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(s->db,
			       "SELECT n.name, d.ident, d.name, x.day, x.token, x.amount FROM earnings x"
			       " JOIN devices d ON d.id = x.device JOIN networks n ON n.id = d.network WHERE x.day >= ?1"
			       " ORDER BY x.day, n.name, d.ident, x.token",
			       -1, &st, NULL) != SQLITE_OK)
		return db_error(s, e, "cannot read the earnings");
	sqlite3_bind_int64(st, 1, day_of(since + DAY - 1));
	int rc = 0, src;
	while ((src = sqlite3_step(st)) == SQLITE_ROW) {
		struct store_point p;
		struct u256 v;
		const unsigned char *a = sqlite3_column_text(st, 0), *b = sqlite3_column_text(st, 1),
				    *c = sqlite3_column_text(st, 2);
		p.network = a ? (const char *)a : "";
		p.device = b ? (const char *)b : "";
		p.name = c ? (const char *)c : "";
		p.day = sqlite3_column_int64(st, 3) * DAY;
		if (column_amount(&v, st, 5) || money_from(&p.amount, s, sqlite3_column_int64(st, 4), &v)) {
			rc = error_set(e, ERR_FAIL, "history store '%s': an unreadable amount", s->path);
			break;
		}
		if ((rc = cb(user, &p)))
			break;
	}
	if (!rc && src != SQLITE_DONE)
		rc = db_error(s, e, "cannot read the earnings");
	sqlite3_finalize(st);
	return rc;
}
