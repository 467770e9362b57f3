#include "config.h"
#include "journal.h"
#include "file.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <errno.h>
#include <sqlite3.h>

struct journal {
	sqlite3 *db;
};

static const char *const status_names[] = {"signed", "sent", "confirmed", "failed", "expired"};

const char *journal_status_name(enum journal_status st)
{
	return (unsigned)st < sizeof status_names / sizeof status_names[0] ? status_names[st] : "unknown";
}

/* Schema migrations, applied in order; PRAGMA user_version counts them. */
static const char *const migrations[] = {
	"CREATE TABLE tx ("
	" id INTEGER PRIMARY KEY,"
	" chain TEXT NOT NULL, network TEXT NOT NULL,"
	" txid TEXT NOT NULL UNIQUE, raw BLOB NOT NULL,"
	" purpose TEXT NOT NULL, from_addr TEXT NOT NULL, to_addr TEXT NOT NULL,"
	" amount TEXT NOT NULL, token TEXT NOT NULL,"
	" batch_key TEXT, valid_until INTEGER NOT NULL, nonce INTEGER NOT NULL,"
	" status INTEGER NOT NULL, error TEXT NOT NULL DEFAULT '',"
	" created INTEGER NOT NULL, updated INTEGER NOT NULL);"
	"CREATE UNIQUE INDEX tx_batch_key ON tx(batch_key) WHERE batch_key IS NOT NULL;"
	"CREATE INDEX tx_status ON tx(status);",
};

/* SQLite's message, and the system's when it has one ("disk I/O error"
 * says little; "No space left on device" says what to do). */
static int db_error(struct journal *j, struct error *e, const char *what)
{
	int se = sqlite3_system_errno(j->db);
	return error_set(e, ERR_FAIL, "journal: %s: %s%s%s", what, sqlite3_errmsg(j->db), se ? ": " : "",
			 se ? strerror(se) : "");
}

int journal_open(struct journal **out, const char *home, struct error *e)
{
	char path[4096 + 16];
	int rc = file_mkdirs(home, 0700, e);
	if (rc)
		return rc;
	snprintf(path, sizeof path, "%s/journal.db", home);
	/* SQLite needs to write beside the database (its WAL): say plainly when it cannot */
	if (access(home, W_OK) != 0)
		return error_set(e, ERR_FAIL, "cannot open the journal: the data folder '%s' is not writable: %s", home,
				 strerror(errno));
	struct journal *j = calloc(1, sizeof *j);
	if (!j)
		return error_set(e, ERR_FAIL, "out of memory");
	mode_t old = umask(077);
	int src = sqlite3_open_v2(path, &j->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX, NULL);
	umask(old);
	if (src != SQLITE_OK) {
		int se = j->db ? sqlite3_system_errno(j->db) : 0;
		rc = error_set(e, ERR_FAIL, "cannot open the journal '%s': %s%s%s", path,
			       j->db ? sqlite3_errmsg(j->db) : "out of memory", se ? ": " : "", se ? strerror(se) : "");
		journal_close(j);
		return rc;
	}
	sqlite3_busy_timeout(j->db, 5000);
	if (sqlite3_exec(j->db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;", NULL, NULL, NULL) !=
	    SQLITE_OK) {
		rc = db_error(j, e, "cannot set WAL mode");
		journal_close(j);
		return rc;
	}
	sqlite3_stmt *st;
	int version = 0;
	if (sqlite3_prepare_v2(j->db, "PRAGMA user_version", -1, &st, NULL) == SQLITE_OK) {
		if (sqlite3_step(st) == SQLITE_ROW)
			version = sqlite3_column_int(st, 0);
		sqlite3_finalize(st);
	}
	int target = (int)(sizeof migrations / sizeof migrations[0]);
	if (version > target) {
		journal_close(j);
		return error_set(e, ERR_FAIL, "the journal '%s' is version %d, newer than this depinctl reads (%d)", path, version, target);
	}
	for (int v = version; v < target; v++) {
		char sql[64];
		snprintf(sql, sizeof sql, "PRAGMA user_version=%d", v + 1);
		if (sqlite3_exec(j->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK ||
		    sqlite3_exec(j->db, migrations[v], NULL, NULL, NULL) != SQLITE_OK ||
		    sqlite3_exec(j->db, sql, NULL, NULL, NULL) != SQLITE_OK ||
		    sqlite3_exec(j->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
			rc = db_error(j, e, "cannot migrate");
			sqlite3_exec(j->db, "ROLLBACK", NULL, NULL, NULL);
			journal_close(j);
			return rc;
		}
	}
	chmod(path, 0600);
	*out = j;
	return 0;
}

void journal_close(struct journal *j)
{
	if (!j)
		return;
	sqlite3_close(j->db);
	free(j);
}

int journal_add(struct journal *j, struct journal_tx *t, struct error *e)
{
	sqlite3_stmt *st;
	const char *sql = "INSERT INTO tx (chain, network, txid, raw, purpose, from_addr, to_addr, amount, token, batch_key,"
			  " valid_until, nonce, status, error, created, updated) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)";
	if (sqlite3_prepare_v2(j->db, sql, -1, &st, NULL) != SQLITE_OK)
		return db_error(j, e, "cannot prepare");
	t->created = t->updated = (int64_t)time(NULL);
	int i = 1;
	sqlite3_bind_text(st, i++, t->chain, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, i++, t->network, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, i++, t->txid, -1, SQLITE_STATIC);
	sqlite3_bind_blob(st, i++, t->raw, (int)t->raw_len, SQLITE_STATIC);
	sqlite3_bind_text(st, i++, t->purpose, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, i++, t->from, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, i++, t->to, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, i++, t->amount, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, i++, t->token, -1, SQLITE_STATIC);
	if (t->batch_key[0])
		sqlite3_bind_text(st, i++, t->batch_key, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, i++);
	sqlite3_bind_int64(st, i++, (sqlite3_int64)t->valid_until);
	sqlite3_bind_int64(st, i++, (sqlite3_int64)t->nonce);
	sqlite3_bind_int(st, i++, (int)t->status);
	sqlite3_bind_text(st, i++, t->error, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, i++, t->created);
	sqlite3_bind_int64(st, i++, t->updated);
	int src = sqlite3_step(st);
	sqlite3_finalize(st);
	if (src == SQLITE_CONSTRAINT)
		return error_set(e, ERR_USAGE, "journal: transaction %s (or its batch line) is already recorded", t->txid);
	if (src != SQLITE_DONE)
		return db_error(j, e, "cannot record the transaction");
	t->id = (int64_t)sqlite3_last_insert_rowid(j->db);
	return 0;
}

int journal_set_status(struct journal *j, const char *txid, enum journal_status status, const char *error,
		       struct error *e)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(j->db, "UPDATE tx SET status=?, error=?, updated=? WHERE txid=?", -1, &st, NULL) != SQLITE_OK)
		return db_error(j, e, "cannot prepare");
	sqlite3_bind_int(st, 1, (int)status);
	sqlite3_bind_text(st, 2, error ? error : "", -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, (sqlite3_int64)time(NULL));
	sqlite3_bind_text(st, 4, txid, -1, SQLITE_STATIC);
	int src = sqlite3_step(st);
	sqlite3_finalize(st);
	if (src != SQLITE_DONE)
		return db_error(j, e, "cannot update the transaction");
	if (sqlite3_changes(j->db) == 0)
		return error_set(e, ERR_NOTFOUND, "journal: no transaction '%s'", txid);
	return 0;
}

#define COLUMNS "id, chain, network, txid, raw, purpose, from_addr, to_addr, amount, token, batch_key," \
		" valid_until, nonce, status, error, created, updated"

static void copy_text(char *out, size_t size, sqlite3_stmt *st, int col)
{
	const unsigned char *s = sqlite3_column_text(st, col);
	snprintf(out, size, "%s", s ? (const char *)s : "");
}

/* Fills t from the current row; raw points into the statement unless copy. */
static int read_row(struct journal_tx *t, sqlite3_stmt *st, int copy)
{
	memset(t, 0, sizeof *t);
	t->id = sqlite3_column_int64(st, 0);
	copy_text(t->chain, sizeof t->chain, st, 1);
	copy_text(t->network, sizeof t->network, st, 2);
	copy_text(t->txid, sizeof t->txid, st, 3);
	t->raw_len = (size_t)sqlite3_column_bytes(st, 4);
	const void *raw = sqlite3_column_blob(st, 4);
	if (copy) {
		t->raw = malloc(t->raw_len ? t->raw_len : 1);
		if (!t->raw)
			return ERR_FAIL;
		if (t->raw_len)
			memcpy(t->raw, raw, t->raw_len);
	} else {
		t->raw = (uint8_t *)raw;
	}
	copy_text(t->purpose, sizeof t->purpose, st, 5);
	copy_text(t->from, sizeof t->from, st, 6);
	copy_text(t->to, sizeof t->to, st, 7);
	copy_text(t->amount, sizeof t->amount, st, 8);
	copy_text(t->token, sizeof t->token, st, 9);
	copy_text(t->batch_key, sizeof t->batch_key, st, 10);
	t->valid_until = (uint64_t)sqlite3_column_int64(st, 11);
	t->nonce = (uint64_t)sqlite3_column_int64(st, 12);
	t->status = (enum journal_status)sqlite3_column_int(st, 13);
	copy_text(t->error, sizeof t->error, st, 14);
	t->created = sqlite3_column_int64(st, 15);
	t->updated = sqlite3_column_int64(st, 16);
	return 0;
}

static int get_one(struct journal *j, struct journal_tx *out, const char *sql, const char *arg, const char *what,
		   struct error *e)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(j->db, sql, -1, &st, NULL) != SQLITE_OK)
		return db_error(j, e, "cannot prepare");
	sqlite3_bind_text(st, 1, arg, -1, SQLITE_STATIC);
	int src = sqlite3_step(st), rc;
	if (src == SQLITE_ROW)
		rc = read_row(out, st, 1) ? error_set(e, ERR_FAIL, "out of memory") : 0;
	else if (src == SQLITE_DONE)
		rc = error_set(e, ERR_NOTFOUND, "no transaction %s '%s' in the journal", what, arg);
	else
		rc = db_error(j, e, "cannot read");
	sqlite3_finalize(st);
	return rc;
}

int journal_get(struct journal *j, struct journal_tx *out, const char *id, struct error *e)
{
	if (id[0] && strspn(id, "0123456789") == strlen(id))
		return get_one(j, out, "SELECT " COLUMNS " FROM tx WHERE id=CAST(?1 AS INTEGER) OR txid=?1", id, "", e);
	return get_one(j, out, "SELECT " COLUMNS " FROM tx WHERE txid=?", id, "", e);
}

int journal_get_by_key(struct journal *j, struct journal_tx *out, const char *batch_key, struct error *e)
{
	return get_one(j, out, "SELECT " COLUMNS " FROM tx WHERE batch_key=?", batch_key, "for batch line", e);
}

int journal_each(struct journal *j, int only_open, int limit, int (*cb)(void *user, const struct journal_tx *t),
		 void *user, struct error *e)
{
	sqlite3_stmt *st;
	const char *sql = only_open ? "SELECT " COLUMNS " FROM tx WHERE status IN (0, 1) ORDER BY id DESC LIMIT ?"
				    : "SELECT " COLUMNS " FROM tx ORDER BY id DESC LIMIT ?";
	if (sqlite3_prepare_v2(j->db, sql, -1, &st, NULL) != SQLITE_OK)
		return db_error(j, e, "cannot prepare");
	sqlite3_bind_int(st, 1, limit > 0 ? limit : -1);
	int src, rc = 0;
	while ((src = sqlite3_step(st)) == SQLITE_ROW) {
		struct journal_tx t;
		read_row(&t, st, 0);
		if (cb(user, &t))
			break;
	}
	if (src != SQLITE_ROW && src != SQLITE_DONE)
		rc = db_error(j, e, "cannot read");
	sqlite3_finalize(st);
	return rc;
}

void journal_tx_release(struct journal_tx *t)
{
	free(t->raw);
	t->raw = NULL;
}
