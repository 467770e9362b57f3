/* The history store: every refresh of a network is recorded in SQLite
 * (<home>/history.db, mode 0600, WAL), so the dashboard's charts, status
 * histories and last known figures work offline and across restarts, and
 * `depinctl export` writes earnings for taxes.
 *
 * One transaction per refresh: a kill -9 at any point leaves the previous
 * refresh or this one, whole. The store stays small: a device's snapshot
 * (status, pending, lifetime) gets a new row only when one of them changed
 * (when it was last seen is kept on the device), amounts are stored as integers
 * (or minimal big-endian blobs past 2^63), and rows older than a week are
 * thinned to one a day. Daily earnings points are merged by (device, day,
 * token): the latest refresh's figure for a day replaces the older one.
 *
 * Devices are named by (network, id) as in struct net_device. */
#ifndef DEPINCTL_STORE_H
#define DEPINCTL_STORE_H

#include <stddef.h>
#include <stdint.h>
#include "error.h"
#include "networks/network.h"

struct store;

/* The schema version store_open migrates to (PRAGMA user_version). */
#define STORE_VERSION 2

/* Opens (creating and migrating) <home>/history.db; home is created 0700
 * when missing. */
int store_open(struct store **out, const char *home, struct error *e) WUR;
/* The same on an explicit path (tests, benches). */
int store_open_path(struct store **out, const char *path, struct error *e) WUR;
void store_close(struct store *s);
/* synchronous FULL (full) or NORMAL (the default) for this connection:
 * bench/store.sh measures both. */
int store_set_synchronous(struct store *s, int full, struct error *e) WUR;

/* Records one refresh in one transaction. what: NET_REFRESH_DEVICES and / or
 * NET_REFRESH_METRICS, the parts of r that the refresh filled (a metrics-only
 * refresh leaves the network's devices as they were). A failed refresh
 * (r->code) records only its error: the last figures stay. */
int store_record(struct store *s, const struct net_result *r, int what, struct error *e) WUR;

/* The last refresh of a network that worked, rebuilt: its devices (with
 * their earnings points since history_since), metrics and prices; out->at is
 * when it was recorded. If the latest refresh failed, out->code and out->err
 * say why (the dashboard marks the figures stale). ERR_NOTFOUND when the
 * network was never recorded. out is initialised here; release it with
 * net_result_release. */
int store_last_result(struct store *s, struct net_result *out, const char *network, int64_t history_since,
		      struct error *e) WUR;

enum store_bucket_size { STORE_DAY, STORE_WEEK, STORE_MONTH };

/* Earnings over one bucket in one token. */
struct store_bucket {
	int64_t start;               /* 00:00 UTC of the day, the week's Monday, the month's 1st */
	struct net_money amount;
};

/* A device's earnings between from and to (unix seconds; days starting in
 * [from, to)), summed by bucket and token, oldest first; *out is malloc'd
 * (NULL when none). */
int store_earnings(struct store *s, struct store_bucket **out, size_t *n, const char *network, const char *device,
		   int64_t from, int64_t to, enum store_bucket_size size, struct error *e) WUR;

/* A device's earnings by token over the days that end after since (24 h:
 * since = now - 86400, as `depinctl devices` counts them). *n tokens. */
int store_sum(struct store *s, struct net_money out[NET_MAX_TOKENS], int *n, const char *network,
	      const char *device, int64_t since, struct error *e) WUR;

/* A status change. */
struct store_status {
	int64_t at;
	enum net_status status;
};

/* A device's status changes since since, oldest first (the status holding
 * at since comes first when known); *out malloc'd. */
int store_status_history(struct store *s, struct store_status **out, size_t *n, const char *network,
			 const char *device, int64_t since, struct error *e) WUR;

/* A value of a series over time. */
struct store_sample {
	int64_t at;
	double value;
};

/* A network metric's values since since, oldest first (sparklines); *out
 * malloc'd. */
int store_metric_series(struct store *s, struct store_sample **out, size_t *n, const char *network,
			const char *key, int64_t since, struct error *e) WUR;

/* A token's last price at or before at (nano-USD per token) and when it was
 * true. ERR_NOTFOUND when none is known that early. */
int store_price_at(struct store *s, uint64_t *nusd, int64_t *when, const char *token, int64_t at,
		   struct error *e) WUR;

/* One earnings point as the export reads them. */
struct store_point {
	const char *network;
	const char *device;          /* the network's id */
	const char *name;            /* the device's name, "" when none */
	int64_t day;
	struct net_money amount;
};

/* Every earnings point of every device with day >= since, by day, network,
 * device, token. cb returns non-zero to stop (that value is returned). The
 * point is valid during the call only. */
int store_each_point(struct store *s, int64_t since, int (*cb)(void *user, const struct store_point *p),
		     void *user, struct error *e) WUR;

/* Thins snapshots, metrics and prices older than keep_hourly seconds before
 * now to one a day (store_record does it on its own once a day; tests and
 * benches call it). */
int store_prune(struct store *s, int64_t now, int64_t keep_hourly, struct error *e) WUR;

#endif
