/* The transaction journal: records, uniqueness of txids and batch lines,
 * status changes, lookups, reopening (migrations run once). */
#include "config.h"
#include "tap.h"
#include "journal.h"

#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

static int count_cb(void *user, const struct journal_tx *t)
{
	(void)t;
	(*(int *)user)++;
	return 0;
}

static struct journal_tx make(const char *txid, const char *key)
{
	static uint8_t raw[] = {1, 2, 3, 0, 5};
	struct journal_tx t = {0};
	snprintf(t.chain, sizeof t.chain, "evm");
	snprintf(t.network, sizeof t.network, "anvil");
	snprintf(t.txid, sizeof t.txid, "%s", txid);
	t.raw = raw;
	t.raw_len = sizeof raw;
	snprintf(t.purpose, sizeof t.purpose, "transfer");
	snprintf(t.from, sizeof t.from, "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266");
	snprintf(t.to, sizeof t.to, "0x70997970C51812dc3A010C7d01b50e0d17dc79C8");
	snprintf(t.amount, sizeof t.amount, "1.5");
	snprintf(t.batch_key, sizeof t.batch_key, "%s", key);
	t.nonce = 7;
	return t;
}

int main(void)
{
	struct error e = {0, ""};
	char home[128], path[160];
	snprintf(home, sizeof home, "/tmp/depinctl-journal-%d/data", (int)getpid());
	struct journal *j;
	ok(journal_open(&j, home, &e) == 0, "open a new journal: %s", e.msg);
	snprintf(path, sizeof path, "%s/journal.db", home);
	struct stat st;
	ok(stat(path, &st) == 0 && (st.st_mode & 0777) == 0600, "journal.db is 0600");

	struct journal_tx a = make("0xaaaa", ""), b = make("0xbbbb", "batch:1"), c = make("0xaaaa", "");
	ok(journal_add(j, &a, &e) == 0 && a.id > 0, "add a transaction");
	ok(journal_add(j, &b, &e) == 0, "add a batch line's transaction");
	ok(journal_add(j, &c, &e) == ERR_USAGE, "the same txid twice is refused");
	struct journal_tx d = make("0xdddd", "batch:1");
	ok(journal_add(j, &d, &e) == ERR_USAGE, "the same batch line twice is refused");

	struct journal_tx got;
	ok(journal_get(j, &got, "0xaaaa", &e) == 0, "get by txid");
	ok(got.raw_len == 5 && memcmp(got.raw, "\1\2\3\0\5", 5) == 0, "the raw bytes come back whole (with a NUL inside)");
	ok(got.status == JOURNAL_SIGNED && got.nonce == 7, "status signed, nonce kept");
	is_str(got.amount, "1.5", "the amount as text");
	journal_tx_release(&got);
	char idtext[32];
	snprintf(idtext, sizeof idtext, "%lld", (long long)b.id);
	ok(journal_get(j, &got, idtext, &e) == 0 && strcmp(got.txid, "0xbbbb") == 0, "get by row id");
	journal_tx_release(&got);
	ok(journal_get_by_key(j, &got, "batch:1", &e) == 0 && strcmp(got.txid, "0xbbbb") == 0, "get by batch key");
	journal_tx_release(&got);
	ok(journal_get_by_key(j, &got, "batch:2", &e) == ERR_NOTFOUND, "an unknown batch key is not found");
	ok(journal_get(j, &got, "0xffff", &e) == ERR_NOTFOUND, "an unknown txid is not found");

	ok(journal_set_status(j, "0xaaaa", JOURNAL_CONFIRMED, NULL, &e) == 0, "mark confirmed");
	ok(journal_set_status(j, "0xnope", JOURNAL_CONFIRMED, NULL, &e) == ERR_NOTFOUND, "unknown txid: not found");
	int n = 0;
	ok(journal_each(j, 1, 0, count_cb, &n, &e) == 0 && n == 1, "one open transaction");
	n = 0;
	ok(journal_each(j, 0, 0, count_cb, &n, &e) == 0 && n == 2, "two in all");
	journal_close(j);

	ok(journal_open(&j, home, &e) == 0, "reopen");
	ok(journal_get(j, &got, "0xaaaa", &e) == 0 && got.status == JOURNAL_CONFIRMED, "the status survived");
	journal_tx_release(&got);
	ok(journal_set_status(j, "0xbbbb", JOURNAL_EXPIRED, "blockhash expired", &e) == 0, "mark expired with a reason");
	ok(journal_get(j, &got, "0xbbbb", &e) == 0 && strcmp(got.error, "blockhash expired") == 0, "the reason is kept");
	journal_tx_release(&got);
	is_str(journal_status_name(JOURNAL_EXPIRED), "expired", "status names");
	journal_close(j);

	char cmd[256];
	snprintf(cmd, sizeof cmd, "rm -rf /tmp/depinctl-journal-%d", (int)getpid());
	if (system(cmd))
		printf("# cleanup failed\n");
	return tap_done();
}
