/* export and exporter: earnings history as CSV (for taxes) from the history
 * store, and the fleet's figures in Prometheus' text format (version 0.0.4),
 * printed once or served on GET /metrics from a poll() loop that also drives
 * the networks' refreshes. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <netdb.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#include "amount.h"
#include "commands.h"
#include "file.h"
#include "networks/demo.h"
#include "networks/network.h"
#include "networks/prices.h"
#include "opts.h"
#include "output.h"
#include "store.h"
#include "clock.h"

#define DAY 86400
#define PRICE_MAX_AGE (2 * DAY)   /* a price older than this at a day's end is not "at the time" */
#define DEFAULT_INTERVAL 300      /* seconds between a network's refreshes (its "interval" setting) */
#define MIN_INTERVAL 10
#define MAX_CLIENTS 64
#define REQUEST_MAX 8192
#define CLIENT_TIMEOUT_MS 10000

/* ---- a growing text buffer ------------------------------------------------------- */

struct buf {
	char *p;
	size_t len, cap;
	int oom;
	char head[512]; /* a family's HELP and TYPE lines, written before its first sample */
};

static void buf_add(struct buf *b, const char *s, size_t n)
{
	if (b->oom)
		return;
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 4096;
		while (cap < b->len + n + 1)
			cap *= 2;
		char *x = realloc(b->p, cap);
		if (!x) {
			b->oom = 1;
			return;
		}
		b->p = x;
		b->cap = cap;
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

static void buf_str(struct buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

__attribute__((format(printf, 2, 3))) static void buf_fmt(struct buf *b, const char *fmt, ...)
{
	char tmp[512];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n < sizeof tmp) {
		buf_add(b, tmp, (size_t)n);
		return;
	}
	char *big = malloc((size_t)n + 1);
	if (!big) {
		b->oom = 1;
		return;
	}
	va_start(ap, fmt);
	vsnprintf(big, (size_t)n + 1, fmt, ap);
	va_end(ap);
	buf_add(b, big, (size_t)n);
	free(big);
}

static void buf_free(struct buf *b)
{
	free(b->p);
	memset(b, 0, sizeof *b);
}

/* ---- options ------------------------------------------------------------------------ */

enum { O_FORMAT = 1, O_OUTPUT, O_SINCE, O_DEMO, O_LISTEN };

struct flags {
	const char *format, *output, *since, *listen;
	int demo;
};

static const struct opt export_opts[] = {
	{"format", 0, 1, O_FORMAT}, {"output", 'o', 1, O_OUTPUT}, {"since", 0, 1, O_SINCE},
	{"demo", 0, 0, O_DEMO},     {NULL, 0, 0, 0},
};
static const struct opt exporter_opts[] = {{"listen", 'l', 1, O_LISTEN}, {"demo", 0, 0, O_DEMO}, {NULL, 0, 0, 0}};

static int on_opt(void *user, int id, const char *value, struct error *e)
{
	(void)e;
	struct flags *f = user;
	switch (id) {
	case O_FORMAT: f->format = value; break;
	case O_OUTPUT: f->output = value; break;
	case O_SINCE: f->since = value; break;
	case O_LISTEN: f->listen = value; break;
	case O_DEMO: f->demo = 1; break;
	}
	return 0;
}

/* "2026-01-31" (UTC) to unix seconds. */
static int parse_date(int64_t *out, const char *s, struct error *e)
{
	int ok = strlen(s) == 10 && s[4] == '-' && s[7] == '-';
	for (int i = 0; i < 10 && ok; i++)
		ok = i == 4 || i == 7 || (s[i] >= '0' && s[i] <= '9');
	int y = ok ? (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0') : 0;
	int m = ok ? (s[5] - '0') * 10 + (s[6] - '0') : 0, d = ok ? (s[8] - '0') * 10 + (s[9] - '0') : 0;
	if (!ok || y < 1970 || m < 1 || m > 12 || d < 1 || d > 31)
		return error_set(e, ERR_USAGE, "--since '%s': not a date (YYYY-MM-DD)", s);
	struct tm tm = {0};
	tm.tm_year = y - 1900;
	tm.tm_mon = m - 1;
	tm.tm_mday = d;
	time_t t = timegm(&tm);
	struct tm back;
	gmtime_r(&t, &back);
	if (back.tm_mday != d || back.tm_mon != m - 1)
		return error_set(e, ERR_USAGE, "--since '%s': no such day", s);
	*out = (int64_t)t;
	return 0;
}

/* The config, with the adapters' sections checked (--network names no chain here). */
static int load_conf(struct ctx *ctx)
{
	const char *net = ctx->network;
	ctx->network = NULL;
	int rc = opts_load_conf(ctx);
	ctx->network = net;
	if (rc)
		return rc;
	return net_conf_check(&ctx->conf, &ctx->err);
}

/* ---- the fleet: every network's refresh, and the prices ---------------------------- */

struct fleet {
	struct ctx *ctx;
	struct net_env env;
	int env_ok, demo;
	struct store *store;
	size_t n;
	const struct net_adapter **adapters;
	int *what;
	struct net_task *tasks;
	struct net_result *fresh;   /* being filled */
	struct net_result *shown;   /* the last that worked (what is exported) */
	int *has_shown, *running, *finished, *up;
	int64_t *due, *interval;
	char (*error)[512];
	int changed;                /* shown changed since the last render */
	int log;                    /* the exporter: failures and recoveries on stderr */
};

static void fleet_release(struct fleet *f)
{
	for (size_t i = 0; i < f->n; i++) {
		if (f->running && f->running[i])
			net_task_cancel(&f->tasks[i]);
		if (f->tasks)
			net_task_release(&f->tasks[i]);
		if (f->fresh)
			net_result_release(&f->fresh[i]);
		if (f->shown)
			net_result_release(&f->shown[i]);
	}
	if (f->env_ok)
		net_env_release(&f->env);
	store_close(f->store);
	free(f->adapters);
	free(f->what);
	free(f->tasks);
	free(f->fresh);
	free(f->shown);
	free(f->has_shown);
	free(f->running);
	free(f->finished);
	free(f->up);
	free(f->due);
	free(f->interval);
	free(f->error);
	memset(f, 0, sizeof *f);
}

static int64_t now_s(void)
{
	return (int64_t)time(NULL);
}

/* Sets up every network that can refresh (devices and / or metrics) and
 * the prices; with_store: record refreshes in <home>/history.db (not for
 * the demo). */
static int fleet_init(struct fleet *f, struct ctx *ctx, int demo, int with_store)
{
	memset(f, 0, sizeof *f);
	f->ctx = ctx;
	f->demo = demo;
	size_t cap = net_adapters_len + 1;
	f->adapters = calloc(cap, sizeof *f->adapters);
	f->what = calloc(cap, sizeof *f->what);
	f->tasks = calloc(cap, sizeof *f->tasks);
	f->fresh = calloc(cap, sizeof *f->fresh);
	f->shown = calloc(cap, sizeof *f->shown);
	f->has_shown = calloc(cap, sizeof *f->has_shown);
	f->running = calloc(cap, sizeof *f->running);
	f->finished = calloc(cap, sizeof *f->finished);
	f->up = calloc(cap, sizeof *f->up);
	f->due = calloc(cap, sizeof *f->due);
	f->interval = calloc(cap, sizeof *f->interval);
	f->error = calloc(cap, sizeof *f->error);
	if (!f->adapters || !f->what || !f->tasks || !f->fresh || !f->shown || !f->has_shown || !f->running ||
	    !f->finished || !f->up || !f->due || !f->interval || !f->error) {
		fleet_release(f);
		return error_set(&ctx->err, ERR_FAIL, "out of memory");
	}
	int rc = net_env_init(&f->env, &ctx->conf, demo ? NULL : ctx->home, ctx->insecure, &ctx->err);
	if (rc) {
		fleet_release(f);
		return rc;
	}
	f->env_ok = 1;
	f->env.verbose = ctx->verbose;
	if (demo && (rc = net_demo_setup(&f->env, &ctx->conf, &ctx->err))) {
		fleet_release(f);
		return rc;
	}
	const char *only = ctx->network;
	if (only && strcmp(only, prices_source.name) && !net_adapter_find(only)) {
		fleet_release(f);
		return error_set(&ctx->err, ERR_USAGE, "unknown network '%s' (see: depinctl networks)", only);
	}
	for (size_t i = 0; i <= net_adapters_len; i++) {
		const struct net_adapter *a = i < net_adapters_len ? net_adapters[i] : &prices_source;
		if (only && strcmp(only, a->name))
			continue;
		int what = (a->refresh ? NET_REFRESH_DEVICES : 0) | (a->metrics ? NET_REFRESH_METRICS : 0);
		if (!what)
			continue;
		f->adapters[f->n] = a;
		f->what[f->n] = what;
		const char *iv = conf_setting(&ctx->conf, a->name, "interval");
		long v = iv ? strtol(iv, NULL, 10) : DEFAULT_INTERVAL;
		f->interval[f->n] = v < MIN_INTERVAL ? MIN_INTERVAL : v;
		net_result_init(&f->fresh[f->n], a->name);
		net_result_init(&f->shown[f->n], a->name);
		f->n++;
	}
	if (with_store && !demo) {
		struct error e = {0};
		if (store_open(&f->store, ctx->home, &e))
			output_warn(ctx, "the history store: %s (refreshes are not recorded)", e.msg);
	}
	return 0;
}

static void on_done(struct net_task *t, void *arg)
{
	(void)t;
	int *finished = arg;
	*finished = 1;
}

static int fleet_start(struct fleet *f, size_t i)
{
	net_result_release(&f->fresh[i]);
	net_result_init(&f->fresh[i], f->adapters[i]->name);
	f->finished[i] = 0;
	int rc = net_task_start(&f->tasks[i], &f->env, f->adapters[i], f->what[i], &f->fresh[i], on_done,
				&f->finished[i], &f->ctx->err);
	if (!rc)
		f->running[i] = 1;
	return rc;
}

/* Takes in the refreshes that finished: a success replaces what is shown,
 * a failure keeps it (marked down); both are recorded in the store. */
static void fleet_collect(struct fleet *f)
{
	for (size_t i = 0; i < f->n; i++) {
		if (!f->running[i] || !f->finished[i])
			continue;
		f->running[i] = 0;
		net_task_release(&f->tasks[i]);
		struct net_result *r = &f->fresh[i];
		if (!r->at)
			r->at = now_s();
		if (f->store) {
			struct error e = {0};
			if (store_record(f->store, r, f->what[i], &e))
				output_warn(f->ctx, "the history store: %s", e.msg);
		}
		int was_up = f->up[i];
		f->up[i] = r->code == 0;
		if (r->code) {
			/* the exporter says when a network fails or fails otherwise, once */
			if (f->log && strcmp(f->error[i], r->err.msg))
				output_warn(f->ctx, "%s", r->err.msg);
			snprintf(f->error[i], sizeof f->error[i], "%s", r->err.msg);
		} else {
			if (f->log && f->error[i][0] && !was_up && !f->ctx->quiet)
				fprintf(stderr, "depinctl exporter: %s answers again\n", f->adapters[i]->name);
			f->error[i][0] = '\0';
			struct net_result tmp = f->shown[i];
			f->shown[i] = *r;
			*r = tmp;
			f->has_shown[i] = 1;
		}
		net_result_release(&f->fresh[i]);
		net_result_init(&f->fresh[i], f->adapters[i]->name);
		f->due[i] = now_s() + f->interval[i];
		f->changed = 1;
	}
}

/* Runs one refresh of every network to its end. */
static int fleet_run_once(struct fleet *f)
{
	for (size_t i = 0; i < f->n; i++) {
		int rc = fleet_start(f, i);
		if (rc)
			return rc;
	}
	if (net_run(&f->env) < 0)
		output_warn(f->ctx, "the network transport failed");
	fleet_collect(f);
	return 0;
}

/* ---- Prometheus' text format ------------------------------------------------------------ */

/* A label value: \ " and newline escaped; bytes that are not UTF-8 become '?'. */
static void prom_label_value(struct buf *b, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	while (*p) {
		size_t n = 0;
		if (*p < 0x80)
			n = 1;
		else if ((*p & 0xe0) == 0xc0 && *p >= 0xc2)
			n = 2;
		else if ((*p & 0xf0) == 0xe0)
			n = 3;
		else if ((*p & 0xf8) == 0xf0 && *p <= 0xf4)
			n = 4;
		for (size_t k = 1; k < n; k++)
			if ((p[k] & 0xc0) != 0x80)
				n = 0;
		if (n == 3 && ((p[0] == 0xe0 && p[1] < 0xa0) || (p[0] == 0xed && p[1] >= 0xa0)))
			n = 0; /* overlong, surrogates */
		if (n == 4 && ((p[0] == 0xf0 && p[1] < 0x90) || (p[0] == 0xf4 && p[1] >= 0x90)))
			n = 0;
		if (!n) {
			buf_add(b, "?", 1);
			p++;
			continue;
		}
		if (*p == '\\')
			buf_add(b, "\\\\", 2);
		else if (*p == '"')
			buf_add(b, "\\\"", 2);
		else if (*p == '\n')
			buf_add(b, "\\n", 2);
		else
			buf_add(b, (const char *)p, n);
		p += n;
	}
}

/* A float as Prometheus reads it, the shortest text that reads back the same. */
static void prom_value(struct buf *b, double v)
{
	if (isnan(v)) {
		buf_str(b, "NaN");
		return;
	}
	if (isinf(v)) {
		buf_str(b, v > 0 ? "+Inf" : "-Inf");
		return;
	}
	char t[40];
	if (v == floor(v) && fabs(v) < 1e15) {
		snprintf(t, sizeof t, "%.0f", v);
		buf_str(b, t);
		return;
	}
	for (int prec = 1; prec <= 17; prec++) {
		snprintf(t, sizeof t, "%.*g", prec, v);
		if (strtod(t, NULL) == v)
			break;
	}
	buf_str(b, t);
}

/* A family's HELP and TYPE lines, written with its first sample (a family
 * without samples is left out). */
static void prom_family(struct buf *b, const char *name, const char *help)
{
	size_t k = (size_t)snprintf(b->head, sizeof b->head, "# HELP %s ", name);
	for (const char *p = help; *p && k + 4 < sizeof b->head; p++) {
		if (*p == '\\' || *p == '\n') {
			b->head[k++] = '\\';
			b->head[k++] = *p == '\n' ? 'n' : '\\';
		} else {
			unsigned char c = (unsigned char)*p;
			b->head[k++] = c < 0x20 || c >= 0x7f ? '?' : *p;
		}
	}
	snprintf(b->head + k, sizeof b->head - k, "\n# TYPE %s gauge\n", name);
}

/* name{k1="v1",k2="v2"} — labels: NULL-terminated key, value pairs. */
static void prom_series(struct buf *b, const char *name, const char *const *labels)
{
	if (b->head[0]) {
		buf_str(b, b->head);
		b->head[0] = '\0';
	}
	buf_str(b, name);
	if (labels && labels[0]) {
		buf_add(b, "{", 1);
		for (size_t i = 0; labels[i]; i += 2) {
			buf_fmt(b, "%s%s=\"", i ? "," : "", labels[i]);
			prom_label_value(b, labels[i + 1]);
			buf_add(b, "\"", 1);
		}
		buf_add(b, "}", 1);
	}
	buf_add(b, " ", 1);
}

static void prom_sample(struct buf *b, const char *name, const char *const *labels, double v)
{
	prom_series(b, name, labels);
	prom_value(b, v);
	buf_add(b, "\n", 1);
}

/* An exact amount as the sample's value (Prometheus reads it as a float). */
static void prom_money(struct buf *b, const char *name, const char *const *labels, const struct net_money *m)
{
	char t[AMOUNT_FMT_MAX];
	net_money_format(t, sizeof t, m);
	prom_series(b, name, labels);
	buf_str(b, t);
	buf_add(b, "\n", 1);
}

struct dev_ref {
	const struct net_device *d;
	const char *network;
};

static int dev_cmp(const void *a, const void *b)
{
	const struct dev_ref *x = a, *y = b;
	int c = strcmp(x->network, y->network);
	return c ? c : strcmp(x->d->id, y->d->id);
}


/* A metric key as a name: [a-zA-Z0-9_], other bytes '_'. */
static void metric_name(char *out, size_t size, const char *key)
{
	size_t k = (size_t)snprintf(out, size, "depinctl_network_");
	for (const char *p = key; *p && k + 1 < size; p++)
		out[k++] = ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9')) ? *p : '_';
	out[k] = '\0';
}

struct price_ref {
	const struct net_price *p;
};

static int price_cmp(const void *a, const void *b)
{
	const struct price_ref *x = a, *y = b;
	int c = strcmp(x->p->token, y->p->token);
	if (c)
		return c;
	return x->p->at < y->p->at ? 1 : x->p->at > y->p->at ? -1 : 0; /* newest first */
}

/* The fleet in Prometheus' text format. */
static int prom_render(struct buf *b, const struct fleet *f, int64_t now)
{
	/* networks */
	prom_family(b, "depinctl_network_up", "1 when the network's last refresh worked, 0 when it failed");
	for (size_t i = 0; i < f->n; i++) {
		const char *l[] = {"network", f->shown[i].network, NULL};
		prom_sample(b, "depinctl_network_up", l, f->up[i] ? 1 : 0);
	}
	prom_family(b, "depinctl_network_last_success_timestamp_seconds",
		    "When the figures exported for the network were fetched (unix seconds)");
	for (size_t i = 0; i < f->n; i++)
		if (f->has_shown[i] && f->shown[i].at) {
			const char *l[] = {"network", f->shown[i].network, NULL};
			prom_sample(b, "depinctl_network_last_success_timestamp_seconds", l, (double)f->shown[i].at);
		}
	prom_family(b, "depinctl_network_devices", "Devices found for the operator's wallets");
	for (size_t i = 0; i < f->n; i++)
		if (f->has_shown[i] && f->shown[i].at && (f->what[i] & NET_REFRESH_DEVICES)) {
			const char *l[] = {"network", f->shown[i].network, NULL};
			prom_sample(b, "depinctl_network_devices", l, (double)f->shown[i].ndevices);
		}

	/* devices, sorted by network and id, duplicates dropped */
	size_t nd = 0;
	for (size_t i = 0; i < f->n; i++)
		if (f->has_shown[i])
			nd += f->shown[i].ndevices;
	struct dev_ref *dv = calloc(nd ? nd : 1, sizeof *dv);
	if (!dv)
		return ERR_FAIL;
	nd = 0;
	for (size_t i = 0; i < f->n; i++)
		for (size_t k = 0; f->has_shown[i] && k < f->shown[i].ndevices; k++) {
			dv[nd].d = &f->shown[i].devices[k];
			dv[nd++].network = f->shown[i].network;
		}
	qsort(dv, nd, sizeof *dv, dev_cmp);
	size_t w = 0;
	for (size_t i = 0; i < nd; i++)
		if (!w || dev_cmp(&dv[w - 1], &dv[i]))
			dv[w++] = dv[i];
	nd = w;

	prom_family(b, "depinctl_device_info", "A device: its name, kind, owner and location as labels (always 1)");
	for (size_t i = 0; i < nd; i++) {
		const struct net_device *d = dv[i].d;
		const char *l[] = {"network", dv[i].network, "device", d->id,       "name",     d->name,
				   "kind",    d->kind,       "owner",  d->owner,    "location", d->location, NULL};
		prom_sample(b, "depinctl_device_info", l, 1);
	}
	prom_family(b, "depinctl_device_up", "1 when the device is online or degraded, 0 when offline (unknown: absent)");
	for (size_t i = 0; i < nd; i++) {
		const struct net_device *d = dv[i].d;
		if (d->status == NET_STATUS_UNKNOWN)
			continue;
		const char *l[] = {"network", dv[i].network, "device", d->id, NULL};
		prom_sample(b, "depinctl_device_up", l, d->status != NET_STATUS_OFFLINE);
	}
	prom_family(b, "depinctl_device_status", "The device's status (a state set: 1 for the status it is in)");
	static const enum net_status states[] = {NET_STATUS_ONLINE, NET_STATUS_DEGRADED, NET_STATUS_OFFLINE,
						 NET_STATUS_UNKNOWN};
	for (size_t i = 0; i < nd; i++)
		for (size_t s = 0; s < 4; s++) {
			const struct net_device *d = dv[i].d;
			const char *l[] = {"network", dv[i].network, "device", d->id, "status", net_status_name(states[s]),
					   NULL};
			prom_sample(b, "depinctl_device_status", l, d->status == states[s]);
		}
	prom_family(b, "depinctl_device_status_since_timestamp_seconds", "Since when the device is in its status");
	for (size_t i = 0; i < nd; i++)
		if (dv[i].d->status_since) {
			const char *l[] = {"network", dv[i].network, "device", dv[i].d->id, NULL};
			prom_sample(b, "depinctl_device_status_since_timestamp_seconds", l, (double)dv[i].d->status_since);
		}
	prom_family(b, "depinctl_device_last_active_timestamp_seconds", "The device's last sign of life");
	for (size_t i = 0; i < nd; i++)
		if (dv[i].d->last_active) {
			const char *l[] = {"network", dv[i].network, "device", dv[i].d->id, NULL};
			prom_sample(b, "depinctl_device_last_active_timestamp_seconds", l, (double)dv[i].d->last_active);
		}
	prom_family(b, "depinctl_device_pending", "Rewards the device can claim now, in whole tokens");
	for (size_t i = 0; i < nd; i++)
		for (int k = 0; k < dv[i].d->npending; k++) {
			const char *l[] = {"network", dv[i].network, "device", dv[i].d->id, "token",
					   dv[i].d->pending[k].token, NULL};
			prom_money(b, "depinctl_device_pending", l, &dv[i].d->pending[k]);
		}
	prom_family(b, "depinctl_device_lifetime_earned", "What the device earned since it was onboarded, in whole tokens");
	for (size_t i = 0; i < nd; i++)
		for (int k = 0; k < dv[i].d->nlifetime; k++) {
			const char *l[] = {"network", dv[i].network, "device", dv[i].d->id, "token",
					   dv[i].d->lifetime[k].token, NULL};
			prom_money(b, "depinctl_device_lifetime_earned", l, &dv[i].d->lifetime[k]);
		}
	prom_family(b, "depinctl_device_earned_24h", "What the device earned over the days ending in the last 24 hours");
	for (size_t i = 0; i < nd; i++) {
		struct net_money m[NET_MAX_TOKENS];
		int n = net_device_earned(m, dv[i].d, now - DAY);
		for (int k = 0; k < n; k++) {
			const char *l[] = {"network", dv[i].network, "device", dv[i].d->id, "token", m[k].token, NULL};
			prom_money(b, "depinctl_device_earned_24h", l, &m[k]);
		}
	}
	free(dv);

	/* network metrics: one family per key, every network having it */
	char (*names)[80] = NULL;
	size_t nnames = 0;
	for (size_t i = 0; i < f->n; i++)
		for (size_t k = 0; f->has_shown[i] && k < f->shown[i].nmetrics; k++) {
			char name[80];
			metric_name(name, sizeof name, f->shown[i].metrics[k].key);
			size_t j = 0;
			while (j < nnames && strcmp(names[j], name))
				j++;
			if (j < nnames)
				continue;
			char(*x)[80] = realloc(names, (nnames + 1) * sizeof *names);
			if (!x) {
				free(names);
				return ERR_FAIL;
			}
			names = x;
			snprintf(names[nnames++], sizeof names[0], "%s", name);
		}
	for (size_t j = 0; j < nnames; j++) {
		int started = 0;
		for (size_t i = 0; i < f->n; i++) {
			int done_net = 0; /* one sample per network and name */
			for (size_t k = 0; f->has_shown[i] && k < f->shown[i].nmetrics && !done_net; k++) {
				const struct net_metric *m = &f->shown[i].metrics[k];
				char name[80];
				metric_name(name, sizeof name, m->key);
				if (strcmp(name, names[j]))
					continue;
				if (!started) {
					char help[160];
					snprintf(help, sizeof help, "%s (a network figure; the unit is a label)",
						 m->label[0] ? m->label : m->key);
					prom_family(b, names[j], help);
					started = 1;
				}
				const char *l[] = {"network", f->shown[i].network, "unit", m->unit, NULL};
				prom_sample(b, names[j], l, m->value);
				done_net = 1;
			}
		}
	}
	free(names);

	/* prices: the newest of each token */
	size_t np = 0;
	for (size_t i = 0; i < f->n; i++)
		if (f->has_shown[i])
			np += f->shown[i].nprices;
	struct price_ref *pr = calloc(np ? np : 1, sizeof *pr);
	if (!pr)
		return ERR_FAIL;
	np = 0;
	for (size_t i = 0; i < f->n; i++)
		for (size_t k = 0; f->has_shown[i] && k < f->shown[i].nprices; k++)
			pr[np++].p = &f->shown[i].prices[k];
	qsort(pr, np, sizeof *pr, price_cmp);
	prom_family(b, "depinctl_token_price_usd", "The token's price in USD");
	for (size_t i = 0; i < np; i++)
		if (!i || strcmp(pr[i - 1].p->token, pr[i].p->token)) {
			const char *l[] = {"token", pr[i].p->token, NULL};
			prom_sample(b, "depinctl_token_price_usd", l, (double)pr[i].p->nusd / 1e9);
		}
	prom_family(b, "depinctl_token_price_timestamp_seconds", "When the token's price was true");
	for (size_t i = 0; i < np; i++)
		if ((!i || strcmp(pr[i - 1].p->token, pr[i].p->token)) && pr[i].p->at) {
			const char *l[] = {"token", pr[i].p->token, NULL};
			prom_sample(b, "depinctl_token_price_timestamp_seconds", l, (double)pr[i].p->at);
		}
	free(pr);
	return b->oom ? ERR_FAIL : 0;
}

/* The text of results as `export --format prometheus` prints it (tests
 * feed it hostile names); up[i]: the network's last refresh worked. A
 * malloc'd string, NULL when out of memory. */
char *export_prometheus_text(const struct net_result *results, const int *up, size_t n, int64_t now);
char *export_prometheus_text(const struct net_result *results, const int *up, size_t n, int64_t now)
{
	struct fleet f;
	memset(&f, 0, sizeof f);
	f.n = n;
	f.shown = (struct net_result *)results;
	f.up = (int *)up;
	f.has_shown = calloc(n ? n : 1, sizeof *f.has_shown);
	f.what = calloc(n ? n : 1, sizeof *f.what);
	char *text = NULL;
	if (f.has_shown && f.what) {
		for (size_t i = 0; i < n; i++) {
			f.has_shown[i] = 1;
			f.what[i] = NET_REFRESH_DEVICES | NET_REFRESH_METRICS;
		}
		struct buf b = {0};
		if (!prom_render(&b, &f, now) && b.p)
			text = b.p;
		else
			buf_free(&b);
	}
	free(f.has_shown);
	free(f.what);
	return text;
}

/* ---- CSV ------------------------------------------------------------------------------------ */

/* A text field: quoted when it holds a comma, quote or line break (RFC 4180);
 * a leading = + - @ is prefixed with ' so spreadsheets take it as text. */
static void csv_text(struct buf *b, const char *s)
{
	int quote = strpbrk(s, ",\"\r\n") != NULL;
	if (quote)
		buf_add(b, "\"", 1);
	if (*s == '=' || *s == '+' || *s == '-' || *s == '@')
		buf_add(b, "'", 1);
	for (const char *p = s; *p; p++)
		if (*p == '"')
			buf_add(b, "\"\"", 2);
		else
			buf_add(b, p, 1);
	if (quote)
		buf_add(b, "\"", 1);
}

/* units / 10^shift rounded half up, as a decimal with places digits. */
static int format_scaled(char *out, size_t size, const struct u256 *v, unsigned shift, unsigned places)
{
	struct u256 q = *v, d, rem, half;
	if (shift > places) {
		if (u256_pow10(&d, shift - places))
			return ERR_FAIL;
		if (u256_divmod(&q, &rem, v, &d))
			return ERR_FAIL;
		u256_shr(&half, &d, 1);
		/* rem >= d - d/2 rounds up (d is even: a power of ten >= 10) */
		if (u256_cmp(&rem, &half) >= 0 && u256_add_u64(&q, &q, 1))
			return ERR_FAIL;
	} else if (shift < places) {
		if (u256_pow10(&d, places - shift) || u256_mul(&q, v, &d))
			return ERR_FAIL;
	}
	char dec[U256_DEC_MAX + 2];
	if (u256_format_dec(dec, sizeof dec, &q))
		return ERR_FAIL;
	size_t n = strlen(dec);
	if (!places) {
		snprintf(out, size, "%s", dec);
		return 0;
	}
	char padded[U256_DEC_MAX + 80];
	size_t pad = n <= places ? places + 1 - n : 0;
	memset(padded, '0', pad);
	memcpy(padded + pad, dec, n + 1);
	n += pad;
	snprintf(out, size, "%.*s.%s", (int)(n - places), padded, padded + n - places);
	return 0;
}

struct csv {
	struct buf out;
	struct store *store;
	size_t rows, priced;
	struct error *e;
};

static int csv_row(void *user, const struct store_point *p)
{
	struct csv *c = user;
	char date[16], amount[AMOUNT_FMT_MAX], price[64] = "", usd[128] = "";
	time_t t = (time_t)p->day;
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(date, sizeof date, "%Y-%m-%d", &tm);
	net_money_format(amount, sizeof amount, &p->amount);
	uint64_t nusd;
	int64_t when;
	struct error scratch;
	int64_t end = p->day + DAY - 1;
	if (!store_price_at(c->store, &nusd, &when, p->amount.token, end, &scratch) && end - when <= PRICE_MAX_AGE) {
		struct u256 v, n;
		u256_from_u64(&n, nusd);
		if (!u256_mul(&v, &p->amount.units, &n) && !format_scaled(usd, sizeof usd, &v, p->amount.decimals + 9u, 6)) {
			struct u256 pn;
			u256_from_u64(&pn, nusd);
			if (format_scaled(price, sizeof price, &pn, 9, 9)) {
				price[0] = '\0';
				usd[0] = '\0';
			} else {
				/* 2.150000000 -> 2.15 */
				size_t k = strlen(price);
				while (k && price[k - 1] == '0')
					price[--k] = '\0';
				if (k && price[k - 1] == '.')
					price[--k] = '\0';
				c->priced++;
			}
		} else {
			usd[0] = '\0';
		}
	}
	buf_str(&c->out, date);
	buf_add(&c->out, ",", 1);
	csv_text(&c->out, p->network);
	buf_add(&c->out, ",", 1);
	csv_text(&c->out, p->device);
	buf_add(&c->out, ",", 1);
	csv_text(&c->out, p->name);
	buf_add(&c->out, ",", 1);
	csv_text(&c->out, p->amount.token);
	buf_fmt(&c->out, ",%s,%s,%s\r\n", amount, price, usd);
	c->rows++;
	return c->out.oom ? error_set(c->e, ERR_FAIL, "out of memory") : 0;
}

/* To standard output, or atomically to a file (mode: 0600 for earnings,
 * 0644 for metrics that node_exporter's textfile collector reads). */
static int write_out(struct ctx *ctx, const char *output, const struct buf *b, mode_t mode)
{
	if (output && strcmp(output, "-")) {
		int rc = file_write_atomic(output, b->p ? b->p : "", b->len, mode, 0, &ctx->err);
		return rc;
	}
	if (b->len && fwrite(b->p, 1, b->len, stdout) != b->len)
		return error_set(&ctx->err, ERR_FAIL, "cannot write the output: %s", strerror(errno));
	if (fflush(stdout))
		return error_set(&ctx->err, ERR_FAIL, "cannot write the output: %s", strerror(errno));
	return 0;
}

static int export_csv(struct ctx *ctx, const struct flags *fl)
{
	int64_t since = 0;
	int rc;
	if (fl->since && (rc = parse_date(&since, fl->since, &ctx->err)))
		return rc;
	struct csv c;
	memset(&c, 0, sizeof c);
	c.e = &ctx->err;
	struct fleet f;
	int have_fleet = 0;
	if (fl->demo) {
		/* the demo fleet refreshed once into a store in memory */
		if ((rc = fleet_init(&f, ctx, 1, 0)))
			return rc;
		have_fleet = 1;
		if ((rc = store_open_path(&c.store, ":memory:", &ctx->err)) || (rc = fleet_run_once(&f))) {
			fleet_release(&f);
			store_close(c.store);
			return rc;
		}
		for (size_t i = 0; i < f.n && !rc; i++)
			if (f.has_shown[i])
				rc = store_record(c.store, &f.shown[i], f.what[i], &ctx->err);
			else
				output_warn(ctx, "%s", f.error[i]);
	} else {
		rc = store_open(&c.store, ctx->home, &ctx->err);
	}
	if (!rc) {
		buf_str(&c.out, "date,network,device,name,token,amount,usd_price,usd\r\n");
		rc = store_each_point(c.store, since, csv_row, &c, &ctx->err);
	}
	if (!rc && c.out.oom)
		rc = error_set(&ctx->err, ERR_FAIL, "out of memory");
	if (!rc)
		rc = write_out(ctx, fl->output, &c.out, 0600);
	if (!rc && !c.rows && !ctx->quiet)
		output_warn(ctx, "no earnings recorded%s (the dashboard and the exporter record every refresh)",
			    fl->since ? " since that day" : " yet");
	if (!rc && ctx->json && fl->output && strcmp(fl->output, "-")) {
		cJSON *doc = cJSON_CreateObject();
		cJSON_AddStringToObject(doc, "output", fl->output);
		cJSON_AddNumberToObject(doc, "rows", (double)c.rows);
		cJSON_AddNumberToObject(doc, "priced", (double)c.priced);
		output_json(ctx, doc);
	} else if (!rc && fl->output && strcmp(fl->output, "-") && !ctx->quiet) {
		fprintf(stderr, "wrote %zu rows (%zu with USD) to %s\n", c.rows, c.priced, fl->output);
	}
	buf_free(&c.out);
	store_close(c.store);
	if (have_fleet)
		fleet_release(&f);
	return rc;
}

static int export_prometheus(struct ctx *ctx, const struct flags *fl)
{
	if (fl->since)
		return error_set(&ctx->err, ERR_USAGE, "export: --since is for --format csv");
	struct fleet f;
	int rc = fleet_init(&f, ctx, fl->demo, 1);
	if (rc)
		return rc;
	if ((rc = fleet_run_once(&f))) {
		fleet_release(&f);
		return rc;
	}
	size_t failed = 0;
	for (size_t i = 0; i < f.n; i++)
		if (!f.up[i]) {
			failed++;
			output_warn(ctx, "%s", f.error[i]);
		}
	struct buf b = {0};
	if (prom_render(&b, &f, f.demo ? f.env.now_offset + now_s() : now_s()))
		rc = error_set(&ctx->err, ERR_FAIL, "out of memory");
	if (!rc)
		rc = write_out(ctx, fl->output, &b, 0644);
	buf_free(&b);
	/* the figures are printed with depinctl_network_up = 0 for the failed */
	if (!rc && failed && failed == f.n)
		rc = error_set(&ctx->err, ERR_NET, "every network failed");
	fleet_release(&f);
	return rc;
}

int cmd_export(int argc, char **argv, struct ctx *ctx)
{
	struct flags fl = {0};
	char *pos[1];
	int npos, rc;
	if ((rc = opts_parse(ctx, "export", argc - 1, argv + 1, export_opts, on_opt, &fl, pos, &npos, 0)))
		return rc;
	if (!fl.format)
		return error_set(&ctx->err, ERR_USAGE, "export: --format csv or --format prometheus is required");
	if ((rc = load_conf(ctx)))
		return rc;
	if (!strcmp(fl.format, "csv"))
		return export_csv(ctx, &fl);
	if (!strcmp(fl.format, "prometheus"))
		return export_prometheus(ctx, &fl);
	return error_set(&ctx->err, ERR_USAGE, "export: unknown format '%s' (csv or prometheus)", fl.format);
}

/* ---- the exporter ---------------------------------------------------------------------------- */

struct client {
	int fd;
	char in[REQUEST_MAX];
	size_t in_len;
	char *out;
	size_t out_len, out_off;
	int64_t deadline_ms;
};

static volatile sig_atomic_t stop_signal;
static int wake_pipe[2] = {-1, -1};

static void on_signal(int sig)
{
	stop_signal = sig;
	if (wake_pipe[1] >= 0) {
		int saved = errno;
		ssize_t n = write(wake_pipe[1], "x", 1);
		(void)n;
		errno = saved;
	}
}

static int set_nonblock(int fd)
{
	int fl = fcntl(fd, F_GETFL);
	return fl < 0 || fcntl(fd, F_SETFL, fl | O_NONBLOCK) < 0 ? -1 : fcntl(fd, F_SETFD, FD_CLOEXEC);
}

/* ADDR:PORT, [V6]:PORT or :PORT into a listening socket. */
static int listen_on(int *out, char *shown, size_t shown_size, const char *spec, struct error *e)
{
	char host[256];
	const char *colon = strrchr(spec, ':');
	if (!colon || !colon[1])
		return error_set(e, ERR_USAGE, "--listen '%s': not ADDR:PORT", spec);
	size_t hl = (size_t)(colon - spec);
	if (hl >= sizeof host)
		return error_set(e, ERR_USAGE, "--listen '%s': an address too long", spec);
	memcpy(host, spec, hl);
	host[hl] = '\0';
	if (hl >= 2 && host[0] == '[' && host[hl - 1] == ']') {
		memmove(host, host + 1, hl - 2);
		host[hl - 2] = '\0';
	}
	char *end;
	long port = strtol(colon + 1, &end, 10);
	if (*end || port < 0 || port > 65535)
		return error_set(e, ERR_USAGE, "--listen '%s': not a port", spec);
	struct addrinfo hints, *res = NULL;
	memset(&hints, 0, sizeof hints);
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
	int g = getaddrinfo(host[0] ? host : NULL, colon + 1, &hints, &res);
	if (g)
		return error_set(e, ERR_USAGE, "--listen '%s': %s", spec, gai_strerror(g));
	int fd = socket(res->ai_family, res->ai_socktype, res->ai_protocol), one = 1;
	if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) ||
	    bind(fd, res->ai_addr, res->ai_addrlen) || listen(fd, 64) || set_nonblock(fd)) {
		int err = errno;
		if (fd >= 0)
			close(fd);
		freeaddrinfo(res);
		return error_set(e, ERR_FAIL, "cannot listen on '%s': %s", spec, strerror(err));
	}
	freeaddrinfo(res);
	struct sockaddr_storage ss;
	socklen_t sl = sizeof ss;
	char addr[INET6_ADDRSTRLEN] = "?";
	int bound = 0;
	if (!getsockname(fd, (struct sockaddr *)&ss, &sl)) {
		if (ss.ss_family == AF_INET) {
			struct sockaddr_in *s4 = (struct sockaddr_in *)&ss;
			inet_ntop(AF_INET, &s4->sin_addr, addr, sizeof addr);
			bound = ntohs(s4->sin_port);
			snprintf(shown, shown_size, "%s:%d", addr, bound);
		} else if (ss.ss_family == AF_INET6) {
			struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)&ss;
			inet_ntop(AF_INET6, &s6->sin6_addr, addr, sizeof addr);
			bound = ntohs(s6->sin6_port);
			snprintf(shown, shown_size, "[%s]:%d", addr, bound);
		}
	}
	*out = fd;
	return 0;
}

static void client_close(struct client *c)
{
	if (c->fd >= 0)
		close(c->fd);
	free(c->out);
	memset(c, 0, sizeof *c);
	c->fd = -1;
}

static void client_reply(struct client *c, int status, const char *reason, const char *type, const char *body,
			 size_t body_len, int head)
{
	char hdr[256];
	int n = snprintf(hdr, sizeof hdr,
			 "HTTP/1.1 %d %s\r\nContent-Type: %s\r\nContent-Length: %zu\r\nConnection: close\r\n\r\n", status,
			 reason, type, body_len);
	size_t total = (size_t)n + (head ? 0 : body_len);
	c->out = malloc(total ? total : 1);
	if (!c->out) {
		client_close(c);
		return;
	}
	memcpy(c->out, hdr, (size_t)n);
	if (!head && body_len)
		memcpy(c->out + n, body, body_len);
	c->out_len = total;
	c->out_off = 0;
	c->deadline_ms = mono_ms() + 3 * CLIENT_TIMEOUT_MS;
}

/* A whole request head read: answer it. */
static void client_request(struct client *c, struct fleet *f, struct buf *cache)
{
	char method[16], target[1024];
	if (sscanf(c->in, "%15s %1023s", method, target) != 2) {
		static const char msg[] = "bad request\n";
		client_reply(c, 400, "Bad Request", "text/plain; charset=utf-8", msg, sizeof msg - 1, 0);
		return;
	}
	int head = !strcmp(method, "HEAD");
	if (strcmp(method, "GET") && !head) {
		static const char msg[] = "method not allowed\n";
		client_reply(c, 405, "Method Not Allowed", "text/plain; charset=utf-8", msg, sizeof msg - 1, 0);
		return;
	}
	target[strcspn(target, "?")] = '\0';
	if (strcmp(target, "/metrics")) {
		static const char msg[] = "not found: the metrics are at /metrics\n";
		client_reply(c, 404, "Not Found", "text/plain; charset=utf-8", msg, sizeof msg - 1, head);
		return;
	}
	if (f->changed || !cache->p) {
		struct buf b = {0};
		if (prom_render(&b, f, f->demo ? f->env.now_offset + now_s() : now_s())) {
			buf_free(&b);
			static const char msg[] = "out of memory\n";
			client_reply(c, 500, "Internal Server Error", "text/plain; charset=utf-8", msg, sizeof msg - 1, 0);
			return;
		}
		buf_free(cache);
		*cache = b;
		f->changed = 0;
	}
	client_reply(c, 200, "OK", "text/plain; version=0.0.4; charset=utf-8", cache->p, cache->len, head);
}

/* Reads what the client sent; 1 when the request head is complete. */
static int client_read(struct client *c)
{
	for (;;) {
		if (c->in_len + 1 >= sizeof c->in)
			return -1;
		ssize_t n = recv(c->fd, c->in + c->in_len, sizeof c->in - 1 - c->in_len, 0);
		if (n > 0) {
			c->in_len += (size_t)n;
			c->in[c->in_len] = '\0';
			if (strstr(c->in, "\r\n\r\n") || strstr(c->in, "\n\n"))
				return 1;
			continue;
		}
		if (n == 0)
			return -1;
		if (errno == EINTR)
			continue;
		return errno == EAGAIN || errno == EWOULDBLOCK ? 0 : -1;
	}
}

static int client_write(struct client *c)
{
	while (c->out_off < c->out_len) {
		ssize_t n = send(c->fd, c->out + c->out_off, c->out_len - c->out_off, MSG_NOSIGNAL);
		if (n > 0) {
			c->out_off += (size_t)n;
			continue;
		}
		if (n < 0 && errno == EINTR)
			continue;
		return n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) ? 0 : -1;
	}
	return 1;
}

/* The network's last figures from the store (stale until refreshed). */
static void fleet_preload(struct fleet *f)
{
	if (!f->store)
		return;
	for (size_t i = 0; i < f->n; i++) {
		struct error e = {0};
		struct net_result r;
		if (store_last_result(f->store, &r, f->adapters[i]->name, now_s() - 2 * DAY, &e)) {
			net_result_release(&r);
			continue;
		}
		net_result_release(&f->shown[i]);
		f->shown[i] = r;
		f->has_shown[i] = 1;
		f->up[i] = 0; /* stale until a refresh works */
	}
}

int cmd_exporter(int argc, char **argv, struct ctx *ctx)
{
	struct flags fl = {0};
	char *pos[1];
	int npos, rc;
	if ((rc = opts_parse(ctx, "exporter", argc - 1, argv + 1, exporter_opts, on_opt, &fl, pos, &npos, 0)))
		return rc;
	if (!fl.listen)
		return error_set(&ctx->err, ERR_USAGE, "exporter: --listen ADDR:PORT is required");
	if ((rc = load_conf(ctx)))
		return rc;
	int lfd = -1;
	char shown[128] = "";
	if ((rc = listen_on(&lfd, shown, sizeof shown, fl.listen, &ctx->err)))
		return rc;
	struct fleet f;
	if ((rc = fleet_init(&f, ctx, fl.demo, 1))) {
		close(lfd);
		return rc;
	}
	fleet_preload(&f);
	f.log = 1;
	if (pipe(wake_pipe) || set_nonblock(wake_pipe[0]) || set_nonblock(wake_pipe[1])) {
		rc = error_set(&ctx->err, ERR_FAIL, "cannot make a pipe: %s", strerror(errno));
		fleet_release(&f);
		close(lfd);
		return rc;
	}
	struct sigaction sa, old_int, old_term;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, &old_int);
	sigaction(SIGTERM, &sa, &old_term);
	stop_signal = 0;
	if (!ctx->quiet) {
		printf("depinctl exporter: serving http://%s/metrics (%zu networks)\n", shown, f.n);
		fflush(stdout);
	}

	struct client clients[MAX_CLIENTS];
	for (size_t i = 0; i < MAX_CLIENTS; i++) {
		memset(&clients[i], 0, sizeof clients[i]);
		clients[i].fd = -1;
	}
	struct buf cache = {0};
	enum { NET_FDS = 256 };
	struct pollfd fds[2 + MAX_CLIENTS + NET_FDS];
	size_t owner[MAX_CLIENTS];
	while (!stop_signal) {
		/* start the refreshes that are due */
		int64_t now = now_s();
		for (size_t i = 0; i < f.n; i++)
			if (!f.running[i] && f.due[i] <= now && fleet_start(&f, i)) {
				output_warn(ctx, "%s: %s", f.adapters[i]->name, ctx->err.msg);
				f.due[i] = now + f.interval[i];
			}
		size_t n = 0;
		fds[n++] = (struct pollfd){.fd = lfd, .events = POLLIN};
		fds[n++] = (struct pollfd){.fd = wake_pipe[0], .events = POLLIN};
		size_t nclients = 0;
		int64_t tnow = mono_ms(), wait = 1000;
		for (size_t i = 0; i < MAX_CLIENTS; i++) {
			struct client *c = &clients[i];
			if (c->fd < 0)
				continue;
			if (tnow >= c->deadline_ms) {
				client_close(c); /* too slow: dropped */
				continue;
			}
			fds[n] = (struct pollfd){.fd = c->fd, .events = c->out ? POLLOUT : POLLIN};
			owner[nclients++] = i;
			n++;
			if (c->deadline_ms - tnow < wait)
				wait = c->deadline_ms - tnow;
		}
		size_t net_first = n;
		size_t nnet = net_fds(&f.env, fds + n, NET_FDS);
		n += nnet;
		long nt = net_timeout_ms(&f.env);
		if (nt >= 0 && nt < wait)
			wait = nt;
		for (size_t i = 0; i < f.n; i++)
			if (!f.running[i]) {
				int64_t d = (f.due[i] - now) * 1000;
				if (d < wait)
					wait = d < 0 ? 0 : d;
			}
		int pr = poll(fds, n, (int)wait);
		if (pr < 0 && errno != EINTR) {
			rc = error_set(&ctx->err, ERR_FAIL, "poll: %s", strerror(errno));
			break;
		}
		if (pr < 0)
			continue;
		if (fds[1].revents) {
			char drain[64];
			while (read(wake_pipe[0], drain, sizeof drain) > 0) {
			}
		}
		/* the networks */
		if (net_perform(&f.env, fds + net_first, nnet) < 0)
			output_warn(ctx, "the network transport failed");
		fleet_collect(&f);
		/* the clients */
		for (size_t k = 0; k < nclients; k++) {
			struct client *c = &clients[owner[k]];
			short re = fds[2 + k].revents;
			if (c->fd < 0 || !re)
				continue;
			if (!c->out) {
				int r = client_read(c);
				if (r < 0)
					client_close(c);
				else if (r > 0)
					client_request(c, &f, &cache);
				if (c->fd >= 0 && c->out && client_write(c))
					client_close(c);
			} else if (re & (POLLOUT | POLLERR | POLLHUP)) {
				if (client_write(c))
					client_close(c);
			}
		}
		/* new clients */
		if (fds[0].revents & POLLIN)
			for (;;) {
				int cfd = accept(lfd, NULL, NULL);
				if (cfd < 0)
					break;
				size_t i = 0;
				while (i < MAX_CLIENTS && clients[i].fd >= 0)
					i++;
				if (i == MAX_CLIENTS || set_nonblock(cfd)) {
					close(cfd); /* too many at once */
					continue;
				}
				clients[i].fd = cfd;
				clients[i].in_len = 0;
				clients[i].deadline_ms = mono_ms() + CLIENT_TIMEOUT_MS;
			}
	}
	for (size_t i = 0; i < MAX_CLIENTS; i++)
		if (clients[i].fd >= 0)
			client_close(&clients[i]);
	buf_free(&cache);
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);
	close(wake_pipe[0]);
	close(wake_pipe[1]);
	wake_pipe[0] = wake_pipe[1] = -1;
	close(lfd);
	fleet_release(&f);
	if (!rc && !ctx->quiet)
		fprintf(stderr, "depinctl exporter: stopped (%s)\n", stop_signal == SIGINT ? "interrupt" : "terminated");
	return rc;
}
