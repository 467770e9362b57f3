/* The history store: recording refreshes, the last result, earnings buckets
 * and sums, status history, metric series, prices at a time, migrations,
 * thinning.
 *
 * Also a helper for tests/cli/store-kill.sh and bench/store.sh:
 *   test-store write PATH        records refreshes until killed, printing
 *                                each committed refresh's number
 *   test-store check PATH [N]    checks that the last refresh is whole (and
 *                                is N or later); prints its number
 *   test-store fill PATH         records the earnings tests/cli/export.sh
 *                                checks the CSV of
 *   test-store prom              prints export's Prometheus text of a
 *                                fleet with hostile names
 *   test-store bench PATH DEVICES HOURS [full|normal] [hourly]
 *                                a year (HOURS) of hourly refreshes; prints
 *                                the size and the time per refresh */
#include "config.h"

#include <stdint.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>
#include <sqlite3.h>

#include "networks/prices.h"
#include "store.h"
#include "tap.h"

#define DAY 86400
#define T0 1767225600 /* 2026-01-01 00:00 UTC, a Thursday */

static void money(struct net_money *m, const char *tok, unsigned dec, uint64_t units)
{
	if (net_money_set_u64(m, tok, dec, units))
		abort();
}

static struct net_device *device(struct net_result *r, const char *id, enum net_status st, uint64_t pending)
{
	struct net_device *d = net_result_device(r);
	snprintf(d->id, sizeof d->id, "%s", id);
	snprintf(d->name, sizeof d->name, "name of %s", id);
	snprintf(d->kind, sizeof d->kind, "iot hotspot");
	d->status = st;
	d->status_since = r->at - 600;
	d->last_active = r->at - 60;
	struct net_money m;
	money(&m, "HNT", 8, pending);
	if (net_device_add_pending(d, &m))
		abort();
	money(&m, "HNT", 8, pending * 10);
	if (net_device_add_lifetime(d, &m))
		abort();
	return d;
}

static void point(struct net_device *d, int64_t day, const char *tok, unsigned dec, uint64_t units)
{
	struct net_money m;
	money(&m, tok, dec, units);
	if (net_device_add_point(d, day, &m))
		abort();
}

static long long scalar(const char *path, const char *sql)
{
	sqlite3 *db;
	sqlite3_stmt *st;
	long long v = -1;
	if (sqlite3_open(path, &db) == SQLITE_OK && sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK) {
		if (sqlite3_step(st) == SQLITE_ROW)
			v = sqlite3_column_int64(st, 0);
		sqlite3_finalize(st);
	}
	sqlite3_close(db);
	return v;
}

static void fmt(char *out, size_t n, const struct net_money *m)
{
	net_money_format(out, n, m);
}

/* ---- the TAP tests --------------------------------------------------------- */

static char dir[256], path[300];

static void test_record_and_last(void)
{
	struct store *s;
	struct error e = {0};
	ok(!store_open(&s, dir, &e), "opens %s (%s)", dir, e.msg);
	struct stat st;
	ok(!stat(path, &st) && (st.st_mode & 0777) == 0600, "history.db is 0600");
	is_int(scalar(path, "PRAGMA user_version"), STORE_VERSION, "migrated to the current version");

	struct net_result r;
	net_result_init(&r, "helium");
	r.at = T0 + 40 * DAY + 3600;
	struct net_device *a = device(&r, "dev-a", NET_STATUS_ONLINE, 150000000);
	a->has_position = 1;
	a->lat = 52.5;
	a->lon = 13.4;
	snprintf(a->detail, sizeof a->detail, "reward scale 0.82");
	a->claimable = 1;
	for (int i = 0; i < 40; i++)
		point(a, T0 + i * DAY, "HNT", 8, 1000000 + (uint64_t)i);
	point(a, T0 + 39 * DAY, "IOT", 6, 5000000);
	struct net_device *b = device(&r, "dev-b", NET_STATUS_OFFLINE, 0);
	/* an 18-decimal amount past 2^64 */
	struct net_money big;
	struct u256 v;
	ok(!u256_parse_dec(&v, "123456789012345678901234", &e), "a big amount");
	ok(!net_money_set(&big, "GLW", 18, &v), "GLW money");
	ok(!net_device_add_point(b, T0 + 39 * DAY, &big), "big point");
	ok(!net_device_add_lifetime(b, &big), "big lifetime");
	ok(net_result_metric(&r, "devices_active", "Active hotspots", 371234, "devices", "test") != NULL, "metric");
	ok(net_result_price(&r, "HNT", 2150000000ull, "coingecko") != NULL, "price");
	ok(!store_record(s, &r, NET_REFRESH_DEVICES | NET_REFRESH_METRICS, &e), "records a refresh (%s)", e.msg);
	net_result_release(&r);

	/* the same an hour later: no new snapshot rows */
	net_result_init(&r, "helium");
	r.at = T0 + 40 * DAY + 7200;
	a = device(&r, "dev-a", NET_STATUS_ONLINE, 150000000);
	point(a, T0 + 39 * DAY, "HNT", 8, 1000039);
	point(a, T0 + 40 * DAY, "HNT", 8, 777);
	b = device(&r, "dev-b", NET_STATUS_OFFLINE, 0);
	ok(!net_device_add_lifetime(b, &big), "big lifetime again");
	ok(!store_record(s, &r, NET_REFRESH_DEVICES, &e), "records a second refresh (%s)", e.msg);
	net_result_release(&r);
	is_int(scalar(path, "SELECT count(*) FROM snapshots"), 2, "unchanged devices keep one snapshot each");
	is_int(scalar(path, "SELECT max(seen) FROM devices"), T0 + 40 * DAY + 7200, "their seen time moved");
	is_int(scalar(path, "SELECT count(*) FROM earnings"), 43, "points merged by device, day and token");

	struct net_result l;
	ok(!store_last_result(s, &l, "helium", T0 + 30 * DAY, &e), "the last result (%s)", e.msg);
	is_int(l.at, T0 + 40 * DAY + 7200, "its time");
	is_int(l.ndevices, 2, "two devices");
	is_int(l.code, 0, "no failure");
	if (l.ndevices == 2) {
		const struct net_device *x = &l.devices[0], *y = &l.devices[1];
		char t[80];
		is_str(x->id, "dev-a", "first device");
		is_str(x->name, "name of dev-a", "its name");
		is_str(x->detail, "", "the detail of the last refresh");
		ok(!x->has_position, "the position as the last refresh gave it (none)");
		is_int(x->status, NET_STATUS_ONLINE, "status");
		is_int(x->npending, 1, "one pending token");
		fmt(t, sizeof t, &x->pending[0]);
		is_str(t, "1.5", "pending 1.5");
		is_str(x->pending[0].token, "HNT", "pending token");
		is_int(x->nhistory, 12, "points since day 30 (10 HNT + IOT + the new day)");
		fmt(t, sizeof t, &y->lifetime[1]);
		is_str(t, "123456.789012345678901234", "a lifetime past 2^64 exact");
		is_int(y->status, NET_STATUS_OFFLINE, "offline device");
	}
	is_int(l.nmetrics, 1, "the metric");
	if (l.nmetrics)
		ok(l.metrics[0].value == 371234 && !strcmp(l.metrics[0].label, "Active hotspots"), "its value and label");
	is_int(l.nprices, 1, "the price");
	if (l.nprices)
		ok(l.prices[0].nusd == 2150000000ull && !strcmp(l.prices[0].source, "coingecko"), "its value and source");
	net_result_release(&l);

	/* sums and buckets */
	struct net_money sum[NET_MAX_TOKENS];
	int n;
	char t[80];
	ok(!store_sum(s, sum, &n, "helium", "dev-a", T0 + 40 * DAY + 7200 - DAY, &e), "24 h sum (%s)", e.msg);
	is_int(n, 2, "two tokens in 24 h (day 39 ends after since)");
	fmt(t, sizeof t, &sum[0]);
	is_str(t, "0.01000816", "HNT of days 39 and 40");
	ok(!store_sum(s, sum, &n, "helium", "dev-a", T0 + 40 * DAY + 7200 - 7 * DAY, &e), "7 d sum");
	fmt(t, sizeof t, &sum[0]);
	/* days 33..40: 1000033..1000039 and 777 */
	is_str(t, "0.07001029", "HNT over 7 days");
	ok(store_sum(s, sum, &n, "helium", "no-such", 0, &e) == ERR_NOTFOUND, "an unknown device: not found");

	struct store_bucket *bk;
	size_t nb;
	ok(!store_earnings(s, &bk, &nb, "helium", "dev-a", T0, T0 + 41 * DAY, STORE_MONTH, &e), "by month (%s)", e.msg);
	is_int(nb, 3, "January HNT, February HNT and IOT");
	if (nb == 3) {
		is_int(bk[0].start, T0, "January");
		fmt(t, sizeof t, &bk[0].amount);
		/* days 0..30: 31 * 1000000 + (0+..+30) */
		is_str(t, "0.31000465", "January's HNT");
		is_int(bk[1].start, T0 + 31 * DAY, "February");
		fmt(t, sizeof t, &bk[1].amount);
		is_str(t, "0.09001092", "February's HNT (days 31..39 and 40's 777)");
		is_str(bk[2].amount.token, "IOT", "February's IOT");
	}
	free(bk);
	ok(!store_earnings(s, &bk, &nb, "helium", "dev-a", T0, T0 + 14 * DAY, STORE_WEEK, &e), "by week");
	is_int(nb, 3, "weeks from Monday: Dec 29, Jan 5, Jan 12");
	if (nb == 3) {
		is_int(bk[0].start, T0 - 3 * DAY, "the first week starts on Monday 2025-12-29");
		fmt(t, sizeof t, &bk[0].amount);
		is_str(t, "0.04000006", "Thu..Sun: days 0..3");
		fmt(t, sizeof t, &bk[2].amount);
		is_str(t, "0.03000036", "days 11..13 of the third week (to excludes day 14)");
	}
	free(bk);
	ok(!store_earnings(s, &bk, &nb, "helium", "dev-a", T0 + 2 * DAY, T0 + 4 * DAY, STORE_DAY, &e), "by day");
	is_int(nb, 2, "two days");
	if (nb == 2)
		ok(bk[0].start == T0 + 2 * DAY && bk[1].start == T0 + 3 * DAY, "days 2 and 3");
	free(bk);
	store_close(s);
}

static void test_status_and_failure(void)
{
	struct store *s;
	struct error e = {0};
	ok(!store_open(&s, dir, &e), "reopens (%s)", e.msg);
	enum net_status seq[] = {NET_STATUS_OFFLINE, NET_STATUS_OFFLINE, NET_STATUS_ONLINE, NET_STATUS_DEGRADED};
	for (int i = 0; i < 4; i++) {
		struct net_result r;
		net_result_init(&r, "helium");
		r.at = T0 + 41 * DAY + i * 3600;
		struct net_device *d = device(&r, "dev-b", seq[i], 0);
		d->status_since = r.at - 100;
		ok(!store_record(s, &r, NET_REFRESH_DEVICES, &e), "status refresh %d (%s)", i, e.msg);
		net_result_release(&r);
	}
	struct store_status *h;
	size_t n;
	ok(!store_status_history(s, &h, &n, "helium", "dev-b", 0, &e), "status history (%s)", e.msg);
	is_int(n, 3, "offline, online, degraded");
	if (n == 3) {
		is_int(h[0].status, NET_STATUS_OFFLINE, "offline first");
		is_int(h[1].status, NET_STATUS_ONLINE, "then online");
		is_int(h[1].at, T0 + 41 * DAY + 2 * 3600 - 100, "at the status' own since");
		is_int(h[2].status, NET_STATUS_DEGRADED, "then degraded");
	}
	free(h);
	ok(!store_status_history(s, &h, &n, "helium", "dev-b", T0 + 41 * DAY + 2 * 3600, &e), "since a time");
	is_int(n, 2, "the status in force then, and the change after");
	if (n == 2)
		is_int(h[0].status, NET_STATUS_ONLINE, "online was in force");
	free(h);

	/* a failed refresh keeps the figures and says why */
	struct net_result r;
	net_result_init(&r, "helium");
	r.at = T0 + 42 * DAY;
	r.code = ERR_NET;
	error_set(&r.err, ERR_NET, "helium: https://oracle.helium.io: HTTP 503");
	ok(!store_record(s, &r, NET_REFRESH_DEVICES, &e), "records a failure");
	net_result_release(&r);
	struct net_result l;
	ok(!store_last_result(s, &l, "helium", 0, &e), "the last result after a failure");
	is_int(l.code, ERR_NET, "marked failed");
	is_str(l.err.msg, "helium: https://oracle.helium.io: HTTP 503", "with the message");
	is_int(l.ndevices, 1, "the last devices stay (the last refresh listed dev-b only)");
	is_int(l.at, T0 + 41 * DAY + 3 * 3600, "their time");
	net_result_release(&l);

	/* a metrics-only refresh leaves the devices */
	net_result_init(&r, "helium");
	r.at = T0 + 42 * DAY + 60;
	ok(net_result_metric(&r, "devices_active", "Active hotspots", 371300, "devices", "test") != NULL, "metric");
	ok(!store_record(s, &r, NET_REFRESH_METRICS, &e), "records metrics only");
	net_result_release(&r);
	ok(!store_last_result(s, &l, "helium", 0, &e), "the last result");
	is_int(l.code, 0, "not failed any more");
	is_int(l.ndevices, 1, "devices as they were");
	ok(l.nmetrics == 1 && l.metrics[0].value == 371300, "the new metric");
	net_result_release(&l);
	ok(store_last_result(s, &l, "nowhere", 0, &e) == ERR_NOTFOUND, "an unknown network: not found");
	net_result_release(&l);

	/* a refresh that cannot be recorded whole is not recorded at all */
	long long before = scalar(path, "SELECT count(*) FROM snapshots");
	net_result_init(&r, "helium");
	r.at = T0 + 43 * DAY;
	struct net_device *d = device(&r, "dev-new", NET_STATUS_ONLINE, 5);
	point(d, T0 + 43 * DAY, "NEWTOK", 4, 77);
	device(&r, "", NET_STATUS_ONLINE, 1); /* no id */
	ok(store_record(s, &r, NET_REFRESH_DEVICES, &e) == ERR_USAGE, "a device without an id: %s", e.msg);
	net_result_release(&r);
	is_int(scalar(path, "SELECT count(*) FROM snapshots"), before, "nothing of it was written");
	is_int(scalar(path, "SELECT count(*) FROM devices WHERE ident = 'dev-new'"), 0, "not even the good device");
	is_int(scalar(path, "SELECT count(*) FROM tokens WHERE symbol = 'NEWTOK'"), 0, "nor its new token");
	net_result_init(&r, "helium");
	r.at = T0 + 43 * DAY + 60;
	d = device(&r, "dev-new", NET_STATUS_ONLINE, 5);
	point(d, T0 + 43 * DAY, "NEWTOK", 4, 77);
	ok(!store_record(s, &r, NET_REFRESH_DEVICES, &e), "the same without the bad device (%s)", e.msg);
	net_result_release(&r);
	struct net_money sum[NET_MAX_TOKENS];
	int n2 = 0;
	ok(!store_sum(s, sum, &n2, "helium", "dev-new", 0, &e) && n2 == 1 && !strcmp(sum[0].token, "NEWTOK") &&
		   sum[0].decimals == 4,
	   "its token known again after the rollback (%d tokens)", n2);
	store_close(s);
}

static void test_series_and_prices(void)
{
	struct store *s;
	struct error e = {0};
	ok(!store_open(&s, dir, &e), "reopens");
	/* a value every 20 minutes: unchanged ones are written once an hour */
	double vals[] = {1, 1, 1, 1, 2, 2};
	for (int i = 0; i < 6; i++) {
		struct net_result r;
		net_result_init(&r, "weatherxm");
		r.at = T0 + 50 * DAY + i * 1200;
		if (!net_result_metric(&r, "burn_24h", "Burned", vals[i], "WXM", "test") ||
		    !net_result_price(&r, "WXM", 300000000ull + (i >= 3 ? 1000 : 0), "coingecko"))
			abort();
		ok(!store_record(s, &r, NET_REFRESH_METRICS, &e), "metrics %d (%s)", i, e.msg);
		net_result_release(&r);
	}
	struct store_sample *x;
	size_t n;
	ok(!store_metric_series(s, &x, &n, "weatherxm", "burn_24h", 0, &e), "a series");
	is_int(n, 3, "1 at 0 min, 1 again at 60 min, 2 at 80 min");
	if (n == 3)
		ok(x[0].at == T0 + 50 * DAY && x[1].at == T0 + 50 * DAY + 3600 && x[2].value == 2, "its samples");
	free(x);
	uint64_t p;
	int64_t when;
	ok(!store_price_at(s, &p, &when, "WXM", T0 + 50 * DAY + 1300, &e), "price at a time");
	ok(p == 300000000ull && when == T0 + 50 * DAY, "the price before it");
	ok(!store_price_at(s, &p, &when, "WXM", T0 + 60 * DAY, &e), "price later");
	ok(p == 300001000ull && when == T0 + 50 * DAY + 3600, "the last change");
	ok(store_price_at(s, &p, &when, "WXM", T0, &e) == ERR_NOTFOUND, "no price that early");
	ok(store_price_at(s, &p, &when, "NOPE", T0 + 60 * DAY, &e) == ERR_NOTFOUND, "no such token");
	store_close(s);
}

struct walk {
	int n, ordered;
	int64_t last_day;
	char first[200];
};

static int walk_cb(void *user, const struct store_point *p)
{
	struct walk *w = user;
	if (!w->n) {
		char t[80];
		net_money_format(t, sizeof t, &p->amount);
		snprintf(w->first, sizeof w->first, "%s %s %s %s", p->network, p->device, p->amount.token, t);
	}
	if (p->day < w->last_day)
		w->ordered = 0;
	w->last_day = p->day;
	w->n++;
	return 0;
}

static void test_points(void)
{
	struct store *s;
	struct error e = {0};
	ok(!store_open(&s, dir, &e), "reopens");
	struct walk w = {0, 1, 0, ""};
	ok(!store_each_point(s, T0 + 39 * DAY, walk_cb, &w, &e), "every point since day 39");
	is_int(w.n, 5, "day 39: dev-a HNT, IOT, dev-b GLW; day 40: dev-a; day 43: dev-new");
	ok(w.ordered, "by day");
	is_str(w.first, "helium dev-a HNT 0.01000039", "the first");
	store_close(s);
}

/* The schema of version 1, as it was shipped. */
static const char *v1 =
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
	" PRIMARY KEY(token, at)) WITHOUT ROWID;"
	/* a version-1 store's rows: a device with a snapshot (1.5 HNT pending:
	 * token 1, 4 bytes 0x08f0d180) and two days of earnings */
	"INSERT INTO networks VALUES(1, 'dimo', 1770000000, 1770000000, 0, 0, 0, '');"
	"INSERT INTO tokens VALUES(1, 'DIMO', 18);"
	"INSERT INTO devices(id, network, ident, name, seen) VALUES(1, 1, '42', 'Model Y', 1770000000);"
	"INSERT INTO snapshots VALUES(1, 1770000000, 1770000000, 1, 0, 0, x'010408f0d180', NULL);"
	"INSERT INTO earnings VALUES(1, 20480, 1, 250000000000000000);"
	"INSERT INTO earnings VALUES(1, 20481, 1, x'0de0b6b3a7640000');"
	"INSERT INTO prices VALUES('DIMO', 1769990000, 123000000);"
	"PRAGMA user_version = 1;";

static void test_migration(void)
{
	char p2[400];
	snprintf(p2, sizeof p2, "%s/v1.db", dir);
	sqlite3 *db;
	ok(sqlite3_open(p2, &db) == SQLITE_OK && sqlite3_exec(db, v1, NULL, NULL, NULL) == SQLITE_OK, "a version-1 store");
	sqlite3_close(db);
	struct store *s;
	struct error e = {0};
	ok(!store_open_path(&s, p2, &e), "opens and migrates it (%s)", e.msg);
	is_int(scalar(p2, "PRAGMA user_version"), STORE_VERSION, "now the current version");
	is_int(scalar(p2, "SELECT count(*) FROM pragma_table_info('devices') WHERE name = 'detail'"), 1,
	       "devices gained their detail");
	struct net_result l;
	ok(!store_last_result(s, &l, "dimo", 0, &e), "the old refresh as the last result (%s)", e.msg);
	is_int(l.ndevices, 1, "its device");
	if (l.ndevices) {
		char t[80];
		is_str(l.devices[0].name, "Model Y", "its name");
		is_int(l.devices[0].npending, 1, "its pending");
		fmt(t, sizeof t, &l.devices[0].pending[0]);
		is_str(t, "0.00000000015", "1.5e8 units of an 18-decimal token");
		is_int(l.devices[0].nhistory, 2, "its two days");
	}
	net_result_release(&l);
	struct net_money sum[NET_MAX_TOKENS];
	int n;
	ok(!store_sum(s, sum, &n, "dimo", "42", 0, &e), "sums old rows");
	if (n == 1) {
		char t[80];
		fmt(t, sizeof t, &sum[0]);
		is_str(t, "1.25", "integer and blob amounts add up");
	} else {
		ok(0, "one token");
	}
	/* it records on top */
	struct net_result r;
	net_result_init(&r, "dimo");
	r.at = 1770003600;
	struct net_device *d = net_result_device(&r);
	snprintf(d->id, sizeof d->id, "42");
	snprintf(d->detail, sizeof d->detail, "odometer 12000 km");
	d->status = NET_STATUS_ONLINE;
	ok(!store_record(s, &r, NET_REFRESH_DEVICES, &e), "records on the migrated store (%s)", e.msg);
	net_result_release(&r);
	store_close(s);

	/* a store from a newer depinctl is refused */
	ok(sqlite3_open(p2, &db) == SQLITE_OK && sqlite3_exec(db, "PRAGMA user_version = 99", NULL, NULL, NULL) == SQLITE_OK,
	   "pretend a newer version");
	sqlite3_close(db);
	ok(store_open_path(&s, p2, &e) == ERR_FAIL && strstr(e.msg, "version 99"), "a newer store is refused: %s", e.msg);
}

static void test_prune(void)
{
	char p3[400];
	snprintf(p3, sizeof p3, "%s/prune.db", dir);
	struct store *s;
	struct error e = {0};
	ok(!store_open_path(&s, p3, &e), "a fresh store");
	int ok_all = 1;
	/* 10 days of hourly refreshes, pending changing every hour */
	for (int h = 0; h < 240; h++) {
		struct net_result r;
		net_result_init(&r, "akash");
		r.at = T0 + h * 3600;
		device(&r, "p1", h == 100 ? NET_STATUS_OFFLINE : NET_STATUS_ONLINE, 1000 + (uint64_t)h);
		ok_all &= !store_record(s, &r, NET_REFRESH_DEVICES, &e);
		net_result_release(&r);
	}
	ok(ok_all, "240 refreshes (%s)", e.msg);
	ok(!store_prune(s, T0 + 240 * 3600, 7 * DAY, &e), "thins");
	/* days 0..2 (before the cut at day 3) keep one row a day; later all */
	is_int(scalar(p3, "SELECT count(*) FROM snapshots WHERE at < 1767225600 + 3 * 86400"), 3,
	       "one snapshot a day before the cut");
	is_int(scalar(p3, "SELECT count(*) FROM snapshots WHERE at >= 1767225600 + 3 * 86400"), 240 - 72,
	       "every change after it");
	is_int(scalar(p3, "SELECT at FROM snapshots ORDER BY at LIMIT 1"), T0 + 23 * 3600, "the day's last row kept");
	struct store_status *h;
	size_t n;
	ok(!store_status_history(s, &h, &n, "akash", "p1", 0, &e), "status history");
	is_int(n, 3, "the status changes survive thinning");
	free(h);
	store_close(s);
}

/* CoinGecko's replies (the shapes of /simple/price and /coins/ID/market_chart). */
static void test_prices(void)
{
	struct error e = {0};
	struct net_result r;
	const char *syms[] = {"HNT", "IOT", "GLW"}, *idl[] = {"helium", "helium-iot", "glow"};
	cJSON *j = cJSON_Parse("{\"helium\":{\"usd\":3.42,\"last_updated_at\":1767470400},"
			       "\"helium-iot\":{\"usd\":0.000123456789}}");
	net_result_init(&r, "prices");
	ok(!prices_parse_simple(&r, j, syms, idl, 3, 1767480000, &e), "simple/price (%s)", e.msg);
	is_int(r.nprices, 2, "an id the reply lacks is skipped");
	if (r.nprices == 2) {
		ok(r.prices[0].nusd == 3420000000ull && r.prices[0].at == 1767470400, "HNT 3.42 USD at its update");
		ok(r.prices[1].nusd == 123457ull && r.prices[1].at == 1767480000, "IOT to the nano-USD, at now");
	}
	net_result_release(&r);
	cJSON_Delete(j);
	const char *bad[] = {"{\"helium\":{\"usd\":\"3.42\"}}", "{\"helium\":{\"usd\":-1}}",
			     "{\"helium\":{\"usd\":1e300}}", "{\"helium\":{\"eur\":3}}", "{\"helium\":3.42}", "[]"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		j = cJSON_Parse(bad[i]);
		net_result_init(&r, "prices");
		ok(prices_parse_simple(&r, j, syms, idl, 3, 0, &e) == ERR_NET, "refused: %s (%s)", bad[i], e.msg);
		net_result_release(&r);
		cJSON_Delete(j);
	}
	j = cJSON_Parse("{\"prices\":[[1767268800000,3.1],[1767355200000,3.2],[1767441600000,3.3],[1767470400000,3.42]]}");
	net_result_init(&r, "prices");
	ok(!prices_parse_chart(&r, j, "HNT", &e), "market_chart (%s)", e.msg);
	is_int(r.nprices, 3, "one price a day");
	if (r.nprices == 3)
		ok(r.prices[2].nusd == 3420000000ull && r.prices[2].at == 1767470400, "the day's last point");
	net_result_release(&r);
	cJSON_Delete(j);
	const char *badc[] = {"{\"prices\":[[1767355200000,3.2],[1767268800000,3.1]]}", "{\"prices\":[[1767355200000]]}",
			      "{\"prices\":[{\"t\":1,\"v\":2}]}", "{\"prices\":{}}", "{}"};
	for (size_t i = 0; i < sizeof badc / sizeof badc[0]; i++) {
		j = cJSON_Parse(badc[i]);
		net_result_init(&r, "prices");
		ok(prices_parse_chart(&r, j, "HNT", &e) == ERR_NET, "refused: %s (%s)", badc[i], e.msg);
		net_result_release(&r);
		cJSON_Delete(j);
	}
	is_str(prices_coingecko_id("HNT"), "helium", "HNT is helium");
	ok(prices_coingecko_id("NOPE") == NULL, "an unknown symbol has no id");
}

/* ---- the helpers for store-kill.sh and bench/store.sh ----------------------- */

#define KILL_DEVICES 40

/* Refresh k: every device's pending is k, its day-0 earnings k, the metric
 * k, the price k: a refresh half written shows as devices that differ. */
static int writer(const char *p)
{
	struct store *s;
	struct error e = {0};
	if (store_open_path(&s, p, &e)) {
		fprintf(stderr, "%s\n", e.msg);
		return 1;
	}
	long long k = scalar(p, "SELECT coalesce(max(value), 0) FROM metrics") + 1;
	for (;; k++) {
		struct net_result r;
		net_result_init(&r, "kill");
		r.at = T0 + k * 60;
		for (int i = 0; i < KILL_DEVICES; i++) {
			char id[16];
			snprintf(id, sizeof id, "d%02d", i);
			struct net_device *d = device(&r, id, (k + i) % 7 ? NET_STATUS_ONLINE : NET_STATUS_OFFLINE,
						      (uint64_t)k);
			point(d, T0, "HNT", 8, (uint64_t)k);
			point(d, T0 + (k % 30) * DAY + DAY, "HNT", 8, (uint64_t)k);
		}
		if (!net_result_metric(&r, "k", "k", (double)k, "", "") || !net_result_price(&r, "HNT", (uint64_t)k, "k"))
			abort();
		if (store_record(s, &r, NET_REFRESH_DEVICES | NET_REFRESH_METRICS, &e)) {
			fprintf(stderr, "%s\n", e.msg);
			return 1;
		}
		net_result_release(&r);
		printf("%lld\n", k);
		fflush(stdout);
	}
}

static int checker(const char *p, long long at_least)
{
	struct store *s;
	struct error e = {0};
	if (store_open_path(&s, p, &e)) {
		fprintf(stderr, "open: %s\n", e.msg);
		return 1;
	}
	struct net_result l;
	if (store_last_result(s, &l, "kill", 0, &e)) {
		fprintf(stderr, "last result: %s\n", e.msg);
		store_close(s);
		return at_least > 0;
	}
	long long k = (l.at - T0) / 60;
	int bad = 0;
	if (l.ndevices != KILL_DEVICES)
		bad = fprintf(stderr, "%zu devices, not %d\n", l.ndevices, KILL_DEVICES);
	for (size_t i = 0; i < l.ndevices; i++) {
		uint64_t v = 0;
		if (l.devices[i].npending != 1 || u256_to_u64(&v, &l.devices[i].pending[0].units) || (long long)v != k)
			bad = fprintf(stderr, "device %s: pending %llu in refresh %lld\n", l.devices[i].id,
				      (unsigned long long)v, k);
		if (!l.devices[i].nhistory || l.devices[i].history[0].day != T0 ||
		    (v = l.devices[i].history[0].units[0], l.devices[i].history[0].units[1]) || (long long)v != k)
			bad = fprintf(stderr, "device %s: day 0 earned %llu in refresh %lld\n", l.devices[i].id,
				      (unsigned long long)v, k);
	}
	if (l.nmetrics != 1 || (long long)l.metrics[0].value != k)
		bad = fprintf(stderr, "the metric is not %lld\n", k);
	if (l.nprices != 1 || (long long)l.prices[0].nusd != k)
		bad = fprintf(stderr, "the price is not %lld\n", k);
	if (k < at_least)
		bad = fprintf(stderr, "refresh %lld was committed, the store has %lld\n", at_least, k);
	net_result_release(&l);
	store_close(s);
	long long integrity = scalar(p, "SELECT count(*) FROM pragma_integrity_check WHERE integrity_check != 'ok'");
	if (integrity != 0)
		bad = fprintf(stderr, "integrity_check failed (%lld)\n", integrity);
	printf("%lld\n", k);
	return bad ? 1 : 0;
}

/* Three days of earnings for export.sh: names that need quoting and
 * defusing, 8, 6 and 18 decimals, an amount past 2^64, a token without
 * a price. */
static int fill(const char *p)
{
	struct store *s;
	struct error e = {0};
	if (store_open_path(&s, p, &e)) {
		fprintf(stderr, "%s\n", e.msg);
		return 1;
	}
	struct net_result r;
	int rc = 0;
	net_result_init(&r, "helium");
	r.at = T0 + 3 * DAY - 3600;
	struct net_device *d = net_result_device(&r);
	snprintf(d->id, sizeof d->id, "hs-1");
	snprintf(d->name, sizeof d->name, "Funny, \"Purple\" Fox");
	d->status = NET_STATUS_ONLINE;
	point(d, T0, "HNT", 8, 12345678);
	point(d, T0, "IOT", 6, 1234567891);
	point(d, T0 + DAY, "HNT", 8, 150000000);
	point(d, T0 + 2 * DAY, "HNT", 8, 1);
	rc |= store_record(s, &r, NET_REFRESH_DEVICES, &e);
	net_result_release(&r);
	net_result_init(&r, "weatherxm");
	r.at = T0 + 3 * DAY - 3600;
	d = net_result_device(&r);
	snprintf(d->id, sizeof d->id, "ws-1");
	snprintf(d->name, sizeof d->name, "=cmd|' /C calc'!A0");
	struct net_money m;
	if (net_money_parse(&m, "WXM", 18, "12.5", &e) || net_device_add_point(d, T0 + DAY, &m))
		abort();
	rc |= store_record(s, &r, NET_REFRESH_DEVICES, &e);
	net_result_release(&r);
	net_result_init(&r, "glow");
	r.at = T0 + 3 * DAY - 3600;
	d = net_result_device(&r);
	snprintf(d->id, sizeof d->id, "farm-7");
	snprintf(d->name, sizeof d->name, "Farm 7");
	if (net_money_parse(&m, "GLW", 18, "123456.789012345678901234", &e) || net_device_add_point(d, T0 + 2 * DAY, &m))
		abort();
	rc |= store_record(s, &r, NET_REFRESH_DEVICES, &e);
	net_result_release(&r);
	store_close(s);
	if (rc)
		fprintf(stderr, "%s\n", e.msg);
	return rc ? 1 : 0;
}

char *export_prometheus_text(const struct net_result *results, const int *up, size_t n, int64_t now);

/* Names with quotes, backslashes, line breaks and bytes that are not UTF-8;
 * a device listed twice; metric keys that are no names; a key two networks
 * share; a failed network. */
static int prom(void)
{
	struct net_result r[3];
	int up[3] = {1, 1, 0};
	int64_t now = T0 + 10 * DAY + 3600;
	net_result_init(&r[0], "helium");
	net_result_init(&r[1], "weatherxm");
	net_result_init(&r[2], "dimo");
	r[0].at = r[1].at = now;
	struct net_device *d = net_result_device(&r[0]);
	snprintf(d->id, sizeof d->id, "hs\"1\\");
	snprintf(d->name, sizeof d->name, "Line\nBreak \"quoted\" back\\slash \xff\xfe caf\xc3\xa9");
	snprintf(d->kind, sizeof d->kind, "iot hotspot");
	d->status = NET_STATUS_ONLINE;
	d->status_since = now - 7200;
	d->last_active = now - 60;
	struct net_money m;
	money(&m, "HNT", 8, 150000000);
	if (net_device_add_pending(d, &m))
		abort();
	money(&m, "IOT", 6, 1234567891);
	if (net_device_add_pending(d, &m))
		abort();
	point(d, T0 + 9 * DAY, "HNT", 8, 100);
	point(d, T0 + 10 * DAY, "HNT", 8, 23);
	point(d, T0 + 5 * DAY, "HNT", 8, 999);
	d = net_result_device(&r[0]);
	snprintf(d->id, sizeof d->id, "hs-2");
	d->status = NET_STATUS_OFFLINE;
	d = net_result_device(&r[0]);
	snprintf(d->id, sizeof d->id, "hs-2"); /* listed twice */
	d->status = NET_STATUS_OFFLINE;
	d = net_result_device(&r[1]);
	snprintf(d->id, sizeof d->id, "ws-1");
	d->status = NET_STATUS_DEGRADED;
	if (!net_result_metric(&r[0], "devices_active", "Active hotspots", 371234, "devices", "t") ||
	    !net_result_metric(&r[1], "devices_active", "Active stations", 5120, "devices", "t") ||
	    !net_result_metric(&r[1], "burn-24h (WXM)", "Burned\nto\\day", 12.5, "WXM", "t") ||
	    !net_result_metric(&r[1], "devices_active", "again", 1, "devices", "t") ||
	    !net_result_price(&r[0], "HNT", 3420000000ull, "t") || !net_result_price(&r[1], "WXM", 610000000ull, "t"))
		abort();
	char *text = export_prometheus_text(r, up, 3, now);
	for (int i = 0; i < 3; i++)
		net_result_release(&r[i]);
	if (!text)
		return 1;
	fputs(text, stdout);
	free(text);
	return 0;
}

static double now_s(void)
{
	struct timeval tv;
	gettimeofday(&tv, NULL);
	return (double)tv.tv_sec + tv.tv_usec / 1e6;
}

/* HOURS hourly refreshes of DEVICES devices: each refresh carries 30 days of
 * daily points (today's growing), status flips now and then, pending
 * changes once a day (or every hour with "hourly"). */
static int bench(const char *p, int ndev, int hours, int full, int hourly)
{
	struct store *s;
	struct error e = {0};
	unlink(p);
	if (store_open_path(&s, p, &e) || store_set_synchronous(s, full, &e)) {
		fprintf(stderr, "%s\n", e.msg);
		return 1;
	}
	double total = 0, worst = 0;
	for (int h = 0; h < hours; h++) {
		struct net_result r;
		net_result_init(&r, "bench");
		r.at = T0 + (int64_t)h * 3600;
		int64_t today = (r.at / DAY) * DAY;
		for (int i = 0; i < ndev; i++) {
			char id[32];
			snprintf(id, sizeof id, "device-%05d", i);
			uint64_t pend = hourly ? (uint64_t)h * 1000 + (uint64_t)i : (uint64_t)(r.at / DAY) * 1000 + (uint64_t)i;
			int off = ((h / 24) + i) % 97 == 0;
			struct net_device *d = device(&r, id, off ? NET_STATUS_OFFLINE : NET_STATUS_ONLINE, pend);
			for (int k = 29; k >= 0; k--) {
				int64_t day = today - (int64_t)k * DAY;
				if (day < T0)
					continue;
				uint64_t amt = 1000000 + (uint64_t)((day / DAY + i) % 1000) * 1000;
				point(d, day, "HNT", 8, k ? amt : amt * (uint64_t)(h % 24 + 1) / 24);
			}
		}
		for (int m = 0; m < 10; m++) {
			char key[16];
			snprintf(key, sizeof key, "m%d", m);
			int v = h / 3 + m;
			if (!net_result_metric(&r, key, key, (double)v, "", "bench"))
				abort();
		}
		if (!net_result_price(&r, "HNT", 2000000000ull + (uint64_t)(h % 50) * 1000000, "bench"))
			abort();
		double t = now_s();
		if (store_record(s, &r, NET_REFRESH_DEVICES | NET_REFRESH_METRICS, &e)) {
			fprintf(stderr, "%s\n", e.msg);
			return 1;
		}
		t = now_s() - t;
		total += t;
		worst = t > worst ? t : worst;
		net_result_release(&r);
		if (h % 720 == 719)
			fprintf(stderr, "  %d hours, %.1f ms a refresh so far\n", h + 1, total / (h + 1) * 1e3);
	}
	store_close(s);
	struct stat st;
	if (stat(p, &st))
		return 1;
	printf("devices %d hours %d synchronous %s pending-changes %s\n", ndev, hours, full ? "FULL" : "NORMAL",
	       hourly ? "hourly" : "daily");
	printf("size %.1f MiB\n", (double)st.st_size / 1048576.0);
	printf("refresh mean %.2f ms, worst %.2f ms\n", total / hours * 1e3, worst * 1e3);
	printf("rows: snapshots %lld earnings %lld statuses %lld metrics %lld prices %lld\n",
	       scalar(p, "SELECT count(*) FROM snapshots"), scalar(p, "SELECT count(*) FROM earnings"),
	       scalar(p, "SELECT count(*) FROM statuses"), scalar(p, "SELECT count(*) FROM metrics"),
	       scalar(p, "SELECT count(*) FROM prices"));
	return 0;
}


/* A network without dated earnings (Helium): what the lifetime figure grew
 * between refreshes becomes the day's earnings. */
static void test_growth(void)
{
	struct store *s;
	struct error e = {0};
	char p2[600];
	snprintf(p2, sizeof p2, "%s/growth.db", dir);
	if (store_open_path(&s, p2, &e))
		abort();
	int64_t at[3] = {T0 + 50 * DAY + 3600, T0 + 50 * DAY + 7200, T0 + 51 * DAY + 600};
	uint64_t life[3] = {1000000000, 1250000000, 1300000000};
	for (int i = 0; i < 3; i++) {
		struct net_result r;
		net_result_init(&r, "helium");
		r.at = at[i];
		struct net_device *d = net_result_device(&r);
		snprintf(d->id, sizeof d->id, "grow-1");
		struct net_money m;
		money(&m, "HNT", 8, life[i]);
		if (net_device_add_lifetime(d, &m))
			abort();
		ok(!store_record(s, &r, NET_REFRESH_DEVICES, &e), "growth: refresh %d recorded (%s)", i, e.msg);
		net_result_release(&r);
	}
	struct net_money sum[NET_MAX_TOKENS];
	int n = 0;
	char amt[80] = "";
	ok(!store_sum(s, sum, &n, "helium", "grow-1", T0 + 50 * DAY, &e) && n == 1, "growth: a sum since day 50");
	if (n == 1)
		net_money_format(amt, sizeof amt, &sum[0]);
	is_str(amt, "3", "growth: 2.5 HNT on day 50 and 0.5 on day 51, exactly");
	n = 0;
	amt[0] = '\0';
	ok(!store_sum(s, sum, &n, "helium", "grow-1", T0 + 51 * DAY, &e) && n == 1, "growth: a sum since day 51");
	if (n == 1)
		net_money_format(amt, sizeof amt, &sum[0]);
	is_str(amt, "0.5", "growth: day 51 alone");
	store_close(s);
}

int main(int argc, char **argv)
{
	if (argc >= 3 && !strcmp(argv[1], "write"))
		return writer(argv[2]);
	if (argc >= 3 && !strcmp(argv[1], "check"))
		return checker(argv[2], argc > 3 ? strtoll(argv[3], NULL, 10) : 0);
	if (argc >= 2 && !strcmp(argv[1], "prom"))
		return prom();
	if (argc >= 3 && !strcmp(argv[1], "fill"))
		return fill(argv[2]);
	if (argc >= 5 && !strcmp(argv[1], "bench"))
		return bench(argv[2], (int)strtol(argv[3], NULL, 10), (int)strtol(argv[4], NULL, 10), argc > 5 && !strcmp(argv[5], "full"),
			     argc > 6 && !strcmp(argv[6], "hourly"));

	snprintf(dir, sizeof dir, "/tmp/test-store.XXXXXX");
	if (!mkdtemp(dir))
		return 1;
	snprintf(path, sizeof path, "%s/history.db", dir);
	test_record_and_last();
	test_status_and_failure();
	test_series_and_prices();
	test_points();
	test_migration();
	test_prune();
	test_prices();
	test_growth();
	char cmd[400];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd))
		ok(0, "cleanup");
	return tap_done();
}
