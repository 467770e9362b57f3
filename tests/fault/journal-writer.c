/* A journal writer for the fault tests (tests/cli/faults.sh): adds
 * transactions and moves them through their statuses, printing a line after
 * each write the journal reported done, so a test that kills it, fills its
 * disk or makes its folder read-only knows what must have survived.
 *
 *   journal-writer HOME add FIRST COUNT   "added I" / "confirmed I" lines
 *   journal-writer HOME verify [LOG]      checks every row; prints "rows N";
 *                                         with LOG (the add lines), also that
 *                                         every row reported added is there
 *
 * Row I: txid "tx-I", batch key "line-I", 300 raw bytes from I, a status
 * that only moves forward. verify fails (exit 1) on a row that is not whole,
 * a raw byte that differs, or an integrity_check that is not "ok". */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <sys/stat.h>
#include <sqlite3.h>

#include "journal.h"

#define RAW_LEN 300

static void raw_of(uint8_t *out, long i)
{
	uint32_t x = (uint32_t)i * 2654435761u + 1;
	for (size_t k = 0; k < RAW_LEN; k++) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		out[k] = (uint8_t)x;
	}
}

static int add(const char *home, long first, long count)
{
	struct journal *j;
	struct error e;
	if (journal_open(&j, home, &e)) {
		fprintf(stderr, "journal-writer: %s\n", e.msg);
		return 1;
	}
	int rc = 0;
	for (long i = first; i < first + count && !rc; i++) {
		struct journal_tx t;
		uint8_t raw[RAW_LEN];
		memset(&t, 0, sizeof t);
		raw_of(raw, i);
		snprintf(t.chain, sizeof t.chain, "solana");
		snprintf(t.network, sizeof t.network, "localnet");
		snprintf(t.txid, sizeof t.txid, "tx-%ld", i);
		snprintf(t.batch_key, sizeof t.batch_key, "line-%ld", i);
		snprintf(t.purpose, sizeof t.purpose, "claim");
		snprintf(t.amount, sizeof t.amount, "%ld.5", i);
		t.raw = raw;
		t.raw_len = RAW_LEN;
		t.status = JOURNAL_SIGNED;
		if ((rc = journal_add(j, &t, &e)))
			break;
		printf("added %ld\n", i);
		fflush(stdout);
		if ((rc = journal_set_status(j, t.txid, JOURNAL_SENT, NULL, &e)) ||
		    (rc = journal_set_status(j, t.txid, JOURNAL_CONFIRMED, NULL, &e)))
			break;
		printf("confirmed %ld\n", i);
		fflush(stdout);
	}
	if (rc)
		fprintf(stderr, "journal-writer: %s\n", e.msg);
	journal_close(j);
	return rc ? 1 : 0;
}

struct check {
	long rows, bad;
};

static int each(void *user, const struct journal_tx *t)
{
	struct check *c = user;
	long i;
	uint8_t raw[RAW_LEN];
	c->rows++;
	char amount[80];
	if (sscanf(t->txid, "tx-%ld", &i) != 1) {
		c->bad++;
		return 0;
	}
	raw_of(raw, i);
	snprintf(amount, sizeof amount, "%ld.5", i);
	char key[80];
	snprintf(key, sizeof key, "line-%ld", i);
	if (t->raw_len != RAW_LEN || memcmp(t->raw, raw, RAW_LEN) || strcmp(t->amount, amount) ||
	    strcmp(t->batch_key, key) || t->status > JOURNAL_CONFIRMED) {
		printf("bad row %ld\n", i);
		c->bad++;
	}
	return 0;
}

static int verify(const char *home, const char *log)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/journal.db", home);
	struct stat sb;
	if (stat(path, &sb) && errno == ENOENT) {
		/* killed before it made the journal (the first round, a slow
		 * start): whole only if it reported nothing written */
		long added = 0, i;
		char line[128];
		FILE *f = log ? fopen(log, "r") : NULL;
		while (f && fgets(line, sizeof line, f))
			added += sscanf(line, "added %ld", &i) == 1;
		if (f)
			fclose(f);
		if (added) {
			printf("no journal, yet %ld rows were reported written\n", added);
			return 1;
		}
		printf("no journal yet: killed before it was made\nrows 0\n");
		return 0;
	}
	/* read-write, as depinctl opens it: the first connection after a crash
	 * recovers the WAL, which a read-only one cannot do (it then fails with
	 * SQLITE_READONLY_RECOVERY: no sign of damage) */
	sqlite3 *db = NULL;
	char result[200] = "";
	int ok = 0;
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL) == SQLITE_OK) {
		sqlite3_busy_timeout(db, 5000);
		sqlite3_stmt *st = NULL;
		if (sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &st, NULL) == SQLITE_OK &&
		    sqlite3_step(st) == SQLITE_ROW) {
			snprintf(result, sizeof result, "%s", (const char *)sqlite3_column_text(st, 0));
			ok = strcmp(result, "ok") == 0;
		} else {
			snprintf(result, sizeof result, "cannot run it: %s", sqlite3_errmsg(db));
		}
		sqlite3_finalize(st);
	} else {
		snprintf(result, sizeof result, "cannot open: %s", db ? sqlite3_errmsg(db) : "out of memory");
	}
	sqlite3_close(db);
	if (!ok) {
		printf("integrity_check failed: %s\n", result);
		return 1;
	}
	struct journal *j;
	struct error e;
	if (journal_open(&j, home, &e)) {
		printf("open: %s\n", e.msg);
		return 1;
	}
	struct check c = {0, 0};
	int rc = journal_each(j, 0, 0, each, &c, &e);
	FILE *f = log ? fopen(log, "r") : NULL;
	char line[128];
	long i, lost = 0;
	while (f && fgets(line, sizeof line, f)) {
		char id[40];
		struct journal_tx t;
		if (sscanf(line, "added %ld", &i) != 1)
			continue;
		snprintf(id, sizeof id, "tx-%ld", i);
		if (journal_get(j, &t, id, &e)) {
			printf("lost %ld\n", i);
			lost++;
		} else {
			journal_tx_release(&t);
		}
	}
	if (f)
		fclose(f);
	journal_close(j);
	c.bad += lost;
	printf("rows %ld\n", c.rows);
	return rc || c.bad ? 1 : 0;
}

int main(int argc, char **argv)
{
	if (argc == 5 && !strcmp(argv[2], "add"))
		return add(argv[1], atol(argv[3]), atol(argv[4]));
	if ((argc == 3 || argc == 4) && !strcmp(argv[2], "verify"))
		return verify(argv[1], argc == 4 ? argv[3] : NULL);
	fprintf(stderr, "usage: journal-writer HOME add FIRST COUNT | HOME verify\n");
	return 2;
}
