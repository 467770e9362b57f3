/* The network adapters' commands: networks, devices, rewards, metrics,
 * claim, stake. Reads run every network at once on the engine's loop;
 * claims are prepared (checked, built, decoded back), shown, confirmed,
 * and only then signed. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <signal.h>
#include <unistd.h>
#include <sodium.h>

#include "amount.h"
#include "commands.h"
#include "journal.h"
#include "networks/demo.h"
#include "networks/network.h"
#include "opts.h"
#include "output.h"
#include "prompt.h"
#include "wallet/key.h"
#include "wallet/keystore.h"

/* ---- shared set-up ---------------------------------------------------------- */

/* Loads the config with --network naming an adapter, not a chain preset. */
static int load(struct ctx *ctx, const struct net_adapter **a, const char *name)
{
	const char *net = ctx->network;
	ctx->network = NULL;
	int rc = opts_load_conf(ctx);
	ctx->network = net;
	if (rc)
		return rc;
	if ((rc = net_conf_check(&ctx->conf, &ctx->err)))
		return rc;
	if (!name)
		name = net;
	if (a)
		*a = NULL;
	if (name) {
		const struct net_adapter *x = net_adapter_find(name);
		if (!x)
			return error_set(&ctx->err, ERR_USAGE, "unknown network '%s' (see: depinctl networks)", name);
		if (a)
			*a = x;
	}
	if (ctx->rpc && name && ctx->conf.nsettings < CONF_MAX_SETTINGS) {
		/* --rpc replaces the endpoint of the adapter's chain */
		struct conf_setting *s = &ctx->conf.settings[ctx->conf.nsettings++];
		snprintf(s->section, sizeof s->section, "%s", name);
		snprintf(s->key, sizeof s->key, "rpc");
		snprintf(s->value, sizeof s->value, "%s", ctx->rpc);
	}
	return 0;
}

static int env_open(struct ctx *ctx, struct net_env *env, int demo)
{
	int rc = net_env_init(env, &ctx->conf, demo ? NULL : ctx->home, ctx->insecure, &ctx->err);
	if (rc)
		return rc;
	env->verbose = ctx->verbose;
	if (demo && (rc = net_demo_setup(env, &ctx->conf, &ctx->err)))
		net_env_release(env);
	return rc;
}

struct run {
	const struct net_adapter **adapters;
	struct net_result *results;
	struct net_task *tasks;
	size_t n;
};

static void run_release(struct run *r)
{
	for (size_t i = 0; i < r->n; i++) {
		net_task_release(&r->tasks[i]);
		net_result_release(&r->results[i]);
	}
	free(r->adapters);
	free(r->results);
	free(r->tasks);
	memset(r, 0, sizeof *r);
}

/* Runs what (NET_REFRESH_*) on one adapter, or on every adapter able to. */
static int run_all(struct ctx *ctx, struct net_env *env, struct run *r, const struct net_adapter *only, int what)
{
	memset(r, 0, sizeof *r);
	size_t cap = only ? 1 : net_adapters_len;
	r->adapters = calloc(cap ? cap : 1, sizeof *r->adapters);
	r->results = calloc(cap ? cap : 1, sizeof *r->results);
	r->tasks = calloc(cap ? cap : 1, sizeof *r->tasks);
	if (!r->adapters || !r->results || !r->tasks) {
		run_release(r);
		return error_set(&ctx->err, ERR_FAIL, "out of memory");
	}
	for (size_t i = 0; i < net_adapters_len; i++) {
		const struct net_adapter *a = net_adapters[i];
		if (only && a != only)
			continue;
		int able = ((what & NET_REFRESH_DEVICES) && a->refresh) || ((what & NET_REFRESH_METRICS) && a->metrics);
		if (!able && !only)
			continue;
		net_result_init(&r->results[r->n], a->name);
		r->adapters[r->n] = a;
		int rc = net_task_start(&r->tasks[r->n], env, a, what, &r->results[r->n], NULL, NULL, &ctx->err);
		r->n++;
		if (rc) {
			run_release(r);
			return rc;
		}
	}
	if (net_run(env) < 0)
		output_warn(ctx, "the network transport failed");
	return 0;
}

/* Failed networks: warned about (or listed in JSON); the exit status. */
static int report_failures(struct ctx *ctx, const struct run *r, cJSON *doc)
{
	size_t failed = 0;
	int code = 0;
	cJSON *errs = doc ? cJSON_AddArrayToObject(doc, "errors") : NULL;
	for (size_t i = 0; i < r->n; i++) {
		const struct net_result *x = &r->results[i];
		if (!x->code)
			continue;
		failed++;
		code = code ? code : x->code;
		if (errs) {
			cJSON *o = cJSON_CreateObject();
			cJSON_AddStringToObject(o, "network", x->network);
			cJSON_AddStringToObject(o, "error", x->err.msg);
			cJSON_AddItemToArray(errs, o);
		} else {
			output_warn(ctx, "%s", x->err.msg);
		}
	}
	if (!failed)
		return 0;
	if (failed == 1 && r->n == 1)
		error_set(&ctx->err, code, "%s", r->results[0].err.msg);
	else
		error_set(&ctx->err, ERR_NET, "%zu of %zu networks failed", failed, r->n);
	return 1;
}

static void money_text(char *out, size_t size, const struct net_money *m, int n)
{
	size_t len = 0;
	out[0] = '\0';
	for (int i = 0; i < n && len < size; i++) {
		char amt[AMOUNT_FMT_MAX];
		net_money_format(amt, sizeof amt, &m[i]);
		len += (size_t)snprintf(out + len, size - len, "%s%s %s", i ? ", " : "", amt, m[i].token);
	}
	if (!n)
		snprintf(out, size, "-");
}

static cJSON *money_json(const struct net_money *m, int n)
{
	cJSON *a = cJSON_CreateArray();
	for (int i = 0; i < n; i++) {
		char amt[AMOUNT_FMT_MAX];
		net_money_format(amt, sizeof amt, &m[i]);
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "token", m[i].token);
		cJSON_AddStringToObject(o, "amount", amt);
		cJSON_AddItemToArray(a, o);
	}
	return a;
}

/* The device's earnings over the last days (by token). */
static int earned(struct net_money *out, const struct net_device *d, int64_t now, int days)
{
	return net_device_earned(out, d, now - (int64_t)days * 86400);
}

static cJSON *device_json(const struct net_device *d, int64_t now)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "network", d->network);
	cJSON_AddStringToObject(o, "id", d->id);
	cJSON_AddStringToObject(o, "name", d->name);
	cJSON_AddStringToObject(o, "kind", d->kind);
	cJSON_AddStringToObject(o, "owner", d->owner);
	cJSON_AddStringToObject(o, "status", net_status_name(d->status));
	cJSON_AddNumberToObject(o, "status_since", (double)d->status_since);
	cJSON_AddNumberToObject(o, "last_active", (double)d->last_active);
	cJSON_AddStringToObject(o, "location", d->location);
	if (d->has_position) {
		cJSON_AddNumberToObject(o, "lat", d->lat);
		cJSON_AddNumberToObject(o, "lon", d->lon);
	}
	cJSON_AddNumberToObject(o, "onboarded", (double)d->onboarded);
	cJSON_AddItemToObject(o, "pending", money_json(d->pending, d->npending));
	cJSON_AddItemToObject(o, "lifetime", money_json(d->lifetime, d->nlifetime));
	cJSON *e = cJSON_AddObjectToObject(o, "earned");
	static const int spans[] = {1, 7, 30};
	static const char *const names[] = {"24h", "7d", "30d"};
	for (int i = 0; i < 3; i++) {
		struct net_money m[NET_MAX_TOKENS];
		int n = earned(m, d, now, spans[i]);
		cJSON_AddItemToObject(e, names[i], money_json(m, n));
	}
	cJSON_AddNumberToObject(o, "history_days", (double)d->nhistory);
	cJSON_AddStringToObject(o, "detail", d->detail);
	cJSON_AddBoolToObject(o, "claimable", d->claimable);
	return o;
}

/* ---- networks -------------------------------------------------------------------- */

static const struct opt no_opts[] = {{NULL, 0, 0, 0}};

static cJSON *adapter_json(const struct net_adapter *a)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "name", a->name);
	cJSON_AddStringToObject(o, "title", a->title);
	cJSON_AddStringToObject(o, "chain", a->chain ? a->chain : "");
	cJSON_AddStringToObject(o, "family", a->family ? a->family : "");
	cJSON_AddStringToObject(o, "token", a->token ? a->token : "");
	cJSON *caps = cJSON_AddObjectToObject(o, "capabilities");
	for (unsigned i = 0; i < NET_CAP_COUNT; i++) {
		if ((a->caps & (1u << i)) && a->source[i])
			cJSON_AddStringToObject(caps, net_cap_name(i), a->source[i]);
		else
			cJSON_AddNullToObject(caps, net_cap_name(i));
	}
	cJSON_AddStringToObject(o, "missing", a->missing ? a->missing : "");
	cJSON *set = cJSON_AddArrayToObject(o, "settings");
	for (const struct net_setting *s = a->settings; s && s->key; s++) {
		cJSON *x = cJSON_CreateObject();
		cJSON_AddStringToObject(x, "key", s->key);
		if (s->def)
			cJSON_AddStringToObject(x, "default", s->def);
		else
			cJSON_AddNullToObject(x, "default");
		cJSON_AddStringToObject(x, "help", s->help ? s->help : "");
		cJSON_AddItemToArray(set, x);
	}
	return o;
}

int cmd_networks(int argc, char **argv, struct ctx *ctx)
{
	char *pos[2];
	int npos, rc;
	if ((rc = opts_parse(ctx, "networks", argc - 1, argv + 1, no_opts, NULL, NULL, pos, &npos, 1)))
		return rc;
	const struct net_adapter *only = NULL;
	if ((rc = load(ctx, &only, npos ? pos[0] : NULL)))
		return rc;
	if (ctx->json) {
		cJSON *doc = cJSON_CreateObject(), *list = cJSON_AddArrayToObject(doc, "networks");
		for (size_t i = 0; i < net_adapters_len; i++)
			if (!only || net_adapters[i] == only)
				cJSON_AddItemToArray(list, adapter_json(net_adapters[i]));
		output_json(ctx, doc);
		return 0;
	}
	if (only) {
		const struct net_adapter *a = only;
		printf("%s (%s): chain %s, token %s\n", a->title, a->name, a->chain, a->token);
		for (unsigned i = 0; i < NET_CAP_COUNT; i++)
			printf("  %-9s %s\n", net_cap_name(i),
			       (a->caps & (1u << i)) && a->source[i] ? a->source[i] : "-");
		if (a->missing && *a->missing)
			printf("missing: %s\n", a->missing);
		if (a->settings && a->settings->key) {
			printf("settings ([%s] in the config file):\n", a->name);
			for (const struct net_setting *s = a->settings; s->key; s++)
				printf("  %-14s %s%s%s%s\n", s->key, s->help ? s->help : "", s->def ? " (default " : "",
				       s->def ? s->def : "", s->def ? ")" : "");
		}
		return 0;
	}
	static const char *const head[] = {"NETWORK", "NAME", "CHAIN", "TOKEN", "SUPPORTS"};
	struct table t;
	table_init(&t, 5, head);
	for (size_t i = 0; i < net_adapters_len; i++) {
		const struct net_adapter *a = net_adapters[i];
		char caps[160] = "";
		size_t len = 0;
		for (unsigned b = 0; b < NET_CAP_COUNT; b++)
			if (a->caps & (1u << b))
				len += (size_t)snprintf(caps + len, sizeof caps - len, "%s%s", len ? "," : "",
							net_cap_name(b));
		if (!len)
			snprintf(caps, sizeof caps, "none (see: depinctl networks %s)", a->name);
		const char *row[] = {a->title, a->name, a->chain ? a->chain : "", a->token ? a->token : "", caps};
		table_add(&t, row);
	}
	table_print(&t, stdout);
	table_release(&t);
	return 0;
}

/* ---- devices and rewards ------------------------------------------------------------ */

enum { O_DEMO = 1, O_ALL, O_TO, O_CLAIM_FILE, O_CONTRACT, O_TIMEOUT };
static const struct opt read_opts[] = {{"demo", 0, 0, O_DEMO}, {NULL, 0, 0, 0}};

struct read_flags {
	int demo;
};

static int read_opt(void *user, int id, const char *value, struct error *e)
{
	(void)value;
	(void)e;
	struct read_flags *f = user;
	if (id == O_DEMO)
		f->demo = 1;
	return 0;
}

static int devices_or_rewards(int argc, char **argv, struct ctx *ctx, int rewards)
{
	struct read_flags f = {0};
	char *pos[1];
	int npos, rc;
	const char *cmd = rewards ? "rewards" : "devices";
	if ((rc = opts_parse(ctx, cmd, argc - 1, argv + 1, read_opts, read_opt, &f, pos, &npos, 0)))
		return rc;
	const struct net_adapter *only;
	if ((rc = load(ctx, &only, NULL)))
		return rc;
	struct net_env env;
	struct run r;
	if ((rc = env_open(ctx, &env, f.demo)))
		return rc;
	if ((rc = run_all(ctx, &env, &r, only, NET_REFRESH_DEVICES))) {
		net_env_release(&env);
		return rc;
	}
	int64_t now = (int64_t)time(NULL) + env.now_offset;
	cJSON *doc = NULL;
	if (ctx->json) {
		doc = cJSON_CreateObject();
		cJSON *list = cJSON_AddArrayToObject(doc, "devices");
		for (size_t i = 0; i < r.n; i++)
			for (size_t k = 0; k < r.results[i].ndevices; k++)
				cJSON_AddItemToArray(list, device_json(&r.results[i].devices[k], now));
		cJSON *nets = cJSON_AddArrayToObject(doc, "networks");
		for (size_t i = 0; i < r.n; i++) {
			cJSON *o = cJSON_CreateObject();
			cJSON_AddStringToObject(o, "network", r.results[i].network);
			cJSON_AddNumberToObject(o, "devices", (double)r.results[i].ndevices);
			cJSON_AddNumberToObject(o, "requests", (double)r.results[i].requests);
			cJSON_AddNumberToObject(o, "bytes", (double)r.results[i].bytes);
			cJSON_AddBoolToObject(o, "ok", r.results[i].code == 0);
			cJSON_AddItemToArray(nets, o);
		}
	}
	int failed = report_failures(ctx, &r, doc);
	if (doc) {
		output_json(ctx, doc);
	} else if (rewards) {
		static const char *const head[] = {"NETWORK", "DEVICE", "PENDING", "LIFETIME"};
		struct table t;
		table_init(&t, 4, head);
		for (size_t i = 0; i < r.n; i++)
			for (size_t k = 0; k < r.results[i].ndevices; k++) {
				const struct net_device *d = &r.results[i].devices[k];
				char pend[200], life[200];
				money_text(pend, sizeof pend, d->pending, d->npending);
				money_text(life, sizeof life, d->lifetime, d->nlifetime);
				const char *row[] = {d->network, d->name[0] ? d->name : d->id, pend, life};
				table_add(&t, row);
			}
		table_print(&t, stdout);
		table_release(&t);
	} else {
		static const char *const head[] = {"NETWORK", "DEVICE", "STATUS", "SINCE", "LOCATION",
						   "24H", "7D", "30D", "PENDING"};
		struct table t;
		table_init(&t, 9, head);
		for (size_t i = 0; i < r.n; i++)
			for (size_t k = 0; k < r.results[i].ndevices; k++) {
				const struct net_device *d = &r.results[i].devices[k];
				char since[32], e1[200], e7[200], e30[200], pend[200];
				struct net_money m[NET_MAX_TOKENS];
				money_text(e1, sizeof e1, m, earned(m, d, now, 1));
				money_text(e7, sizeof e7, m, earned(m, d, now, 7));
				money_text(e30, sizeof e30, m, earned(m, d, now, 30));
				money_text(pend, sizeof pend, d->pending, d->npending);
				const char *row[] = {d->network, d->name[0] ? d->name : d->id, net_status_name(d->status),
						     net_ago(since, sizeof since, d->status_since, now),
						     d->location[0] ? d->location : "-", e1, e7, e30, pend};
				table_add(&t, row);
			}
		table_print(&t, stdout);
		table_release(&t);
	}
	run_release(&r);
	net_env_release(&env);
	return failed ? ctx->err.code : 0;
}

int cmd_devices(int argc, char **argv, struct ctx *ctx)
{
	return devices_or_rewards(argc, argv, ctx, 0);
}

int cmd_rewards(int argc, char **argv, struct ctx *ctx)
{
	return devices_or_rewards(argc, argv, ctx, 1);
}

/* ---- metrics -------------------------------------------------------------------------- */

int cmd_metrics(int argc, char **argv, struct ctx *ctx)
{
	struct read_flags f = {0};
	char *pos[2];
	int npos, rc;
	if ((rc = opts_parse(ctx, "metrics", argc - 1, argv + 1, read_opts, read_opt, &f, pos, &npos, 1)))
		return rc;
	const struct net_adapter *only;
	if ((rc = load(ctx, &only, npos ? pos[0] : NULL)))
		return rc;
	if (only && !only->metrics)
		return error_set(&ctx->err, ERR_USAGE, "%s publishes no metrics depinctl can read%s%s", only->name,
				 only->missing && *only->missing ? ": " : "", only->missing ? only->missing : "");
	struct net_env env;
	struct run r;
	if ((rc = env_open(ctx, &env, f.demo)))
		return rc;
	if ((rc = run_all(ctx, &env, &r, only, NET_REFRESH_METRICS))) {
		net_env_release(&env);
		return rc;
	}
	cJSON *doc = NULL;
	if (ctx->json) {
		doc = cJSON_CreateObject();
		cJSON *list = cJSON_AddArrayToObject(doc, "networks");
		for (size_t i = 0; i < r.n; i++) {
			const struct net_result *x = &r.results[i];
			cJSON *o = cJSON_CreateObject(), *m = cJSON_AddObjectToObject(o, "metrics");
			cJSON_AddStringToObject(o, "network", x->network);
			cJSON_AddBoolToObject(o, "ok", x->code == 0);
			for (size_t k = 0; k < x->nmetrics; k++) {
				cJSON *v = cJSON_CreateObject();
				cJSON_AddStringToObject(v, "label", x->metrics[k].label);
				cJSON_AddNumberToObject(v, "value", x->metrics[k].value);
				cJSON_AddStringToObject(v, "unit", x->metrics[k].unit);
				cJSON_AddStringToObject(v, "source", x->metrics[k].source);
				cJSON_AddNumberToObject(v, "at", (double)x->metrics[k].at);
				cJSON_AddItemToObject(m, x->metrics[k].key, v);
			}
			cJSON *p = cJSON_AddObjectToObject(o, "prices");
			for (size_t k = 0; k < x->nprices; k++)
				cJSON_AddNumberToObject(p, x->prices[k].token, (double)x->prices[k].nusd / 1e9);
			cJSON_AddItemToArray(list, o);
		}
	}
	int failed = report_failures(ctx, &r, doc);
	if (doc) {
		output_json(ctx, doc);
	} else {
		static const char *const head[] = {"NETWORK", "METRIC", "VALUE", "UNIT", "SOURCE"};
		struct table t;
		table_init(&t, 5, head);
		for (size_t i = 0; i < r.n; i++) {
			const struct net_result *x = &r.results[i];
			for (size_t k = 0; k < x->nmetrics; k++) {
				char v[64];
				snprintf(v, sizeof v, "%.6g", x->metrics[k].value);
				const char *row[] = {x->network, x->metrics[k].label[0] ? x->metrics[k].label : x->metrics[k].key,
						     v, x->metrics[k].unit, x->metrics[k].source};
				table_add(&t, row);
			}
			for (size_t k = 0; k < x->nprices; k++) {
				char v[64], label[48];
				snprintf(v, sizeof v, "%.9g", (double)x->prices[k].nusd / 1e9);
				snprintf(label, sizeof label, "%s price", x->prices[k].token);
				const char *row[] = {x->network, label, v, "USD", x->prices[k].source};
				table_add(&t, row);
			}
		}
		table_print(&t, stdout);
		table_release(&t);
	}
	run_release(&r);
	net_env_release(&env);
	return failed ? ctx->err.code : 0;
}

/* ---- claim ------------------------------------------------------------------------------ */

static const struct opt claim_opts[] = {{"all", 0, 0, O_ALL},
					{"to", 0, 1, O_TO},
					{"claim-file", 0, 1, O_CLAIM_FILE},
					{"contract", 0, 1, O_CONTRACT},
					{"timeout", 0, 1, O_TIMEOUT},
					{NULL, 0, 0, 0}};

struct claim_flags {
	int all;
	const char *to, *claim_file, *contract;
	unsigned timeout_s;
};

static int claim_opt(void *user, int id, const char *value, struct error *e)
{
	(void)e;
	struct claim_flags *f = user;
	if (id == O_ALL)
		f->all = 1;
	else if (id == O_TO)
		f->to = value;
	else if (id == O_CLAIM_FILE)
		f->claim_file = value;
	else if (id == O_CONTRACT)
		f->contract = value;
	else if (id == O_TIMEOUT)
		return opts_u32(&f->timeout_s, "--timeout", value, e);
	return 0;
}

/* --timeout: the claim gives up after that many seconds. Whatever was
 * signed is already in the journal (written before each broadcast, in
 * transactions SQLite completes or rolls back), so stopping here loses
 * nothing: a rerun resumes. */
static void claim_timed_out(int sig)
{
	(void)sig;
	static const char msg[] = "depinctl: claim: --timeout reached; what was signed is in the journal: run the claim "
				  "again to resume (depinctl tx list)\n";
	ssize_t w = write(STDERR_FILENO, msg, sizeof msg - 1);
	(void)w;
	_exit(4);
}

static void progress_bar(void *arg, size_t done, size_t total)
{
	const struct ctx *ctx = arg;
	if (ctx->quiet || ctx->json || !isatty(STDERR_FILENO) || !total)
		return;
	int width = 30, fill = (int)(done * (size_t)width / total);
	fprintf(stderr, "\rclaiming [%.*s%*s] %zu/%zu", fill, "##############################", width - fill, "", done,
		total);
	if (done == total)
		fputc('\n', stderr);
	fflush(stderr);
}

static const char *key_name(const struct ctx *ctx)
{
	return ctx->key ? ctx->key : ctx->conf.key[0] ? ctx->conf.key : NULL;
}

static cJSON *claim_json(const struct net_claim *c, int executed)
{
	cJSON *doc = cJSON_CreateObject();
	cJSON_AddStringToObject(doc, "network", c->adapter->name);
	cJSON_AddStringToObject(doc, "owner", c->owner);
	cJSON_AddNumberToObject(doc, "transactions", (double)c->ntx);
	cJSON_AddNumberToObject(doc, "bytes", (double)c->tx_bytes);
	cJSON_AddStringToObject(doc, "fee", c->fee);
	cJSON_AddStringToObject(doc, "summary", c->summary);
	cJSON_AddBoolToObject(doc, "executed", executed);
	cJSON *list = cJSON_AddArrayToObject(doc, "claims");
	for (size_t i = 0; i < c->nlines; i++) {
		const struct net_claim_line *l = &c->lines[i];
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "device", l->device);
		cJSON_AddStringToObject(o, "name", l->name);
		cJSON_AddItemToObject(o, "amount", money_json(l->amount, l->namount));
		cJSON_AddStringToObject(o, "note", l->note);
		cJSON_AddBoolToObject(o, "skip", l->skip);
		if (executed) {
			cJSON_AddStringToObject(o, "txid", l->txid);
			cJSON_AddStringToObject(o, "status", journal_status_name((enum journal_status)l->status));
			cJSON_AddStringToObject(o, "error", l->error);
		}
		cJSON_AddItemToArray(list, o);
	}
	return doc;
}

static void claim_print(const struct net_claim *c, int executed)
{
	static const char *const head[] = {"DEVICE", "AMOUNT", "NOTE", "STATUS", "TRANSACTION"};
	struct table t;
	table_init(&t, executed ? 5 : 3, head);
	for (size_t i = 0; i < c->nlines; i++) {
		const struct net_claim_line *l = &c->lines[i];
		char amt[200];
		money_text(amt, sizeof amt, l->amount, l->namount);
		const char *status = l->skip ? "skipped" : journal_status_name((enum journal_status)l->status);
		const char *row[] = {l->name[0] ? l->name : l->device, amt, l->error[0] ? l->error : l->note, status,
				     l->txid[0] ? l->txid : "-"};
		table_add(&t, row);
	}
	table_print(&t, stdout);
	table_release(&t);
}

int cmd_claim(int argc, char **argv, struct ctx *ctx)
{
	struct claim_flags f = {0};
	char *pos[1024];
	int npos, rc;
	if ((rc = opts_parse(ctx, "claim", argc - 1, argv + 1, claim_opts, claim_opt, &f, pos, &npos, 1024)))
		return rc;
	if (!ctx->network)
		return error_set(&ctx->err, ERR_USAGE, "claim needs --network NET (see: depinctl networks)");
	const struct net_adapter *a;
	if ((rc = load(ctx, &a, NULL)))
		return rc;
	if (!a->claim_prepare || !a->claim_execute)
		return error_set(&ctx->err, ERR_USAGE, "%s: depinctl cannot claim its rewards%s%s", a->name,
				 a->missing && *a->missing ? ": " : "", a->missing ? a->missing : "");
	/* --claim-file / --contract stand for the network's settings of those names */
	const char *const given[][2] = {{"claim-file", f.claim_file}, {"contract", f.contract}};
	for (size_t i = 0; i < 2; i++) {
		if (!given[i][1])
			continue;
		int takes = 0;
		for (const struct net_setting *x = a->settings; x && x->key && !takes; x++)
			takes = !strcmp(x->key, given[i][0]);
		if (!takes)
			return error_set(&ctx->err, ERR_USAGE, "--%s: %s takes none", given[i][0], a->name);
		if (ctx->conf.nsettings == CONF_MAX_SETTINGS || strlen(given[i][1]) >= sizeof ctx->conf.settings[0].value)
			return error_set(&ctx->err, ERR_USAGE, "--%s: too long", given[i][0]);
		struct conf_setting *cs = &ctx->conf.settings[ctx->conf.nsettings++];
		snprintf(cs->section, sizeof cs->section, "%s", a->name);
		snprintf(cs->key, sizeof cs->key, "%s", given[i][0]);
		snprintf(cs->value, sizeof cs->value, "%s", given[i][1]);
	}
	if (!f.all && !npos && !f.claim_file)
		return error_set(&ctx->err, ERR_USAGE, "name the devices to claim for, or --all");
	if (f.all && npos)
		return error_set(&ctx->err, ERR_USAGE, "--all claims every device: name none with it");
	const char *name = key_name(ctx);
	if (!name)
		return error_set(&ctx->err, ERR_USAGE, "no key: pass --key NAME or set key in the config");
	int solana = a->family && !strcmp(a->family, "solana");
	char owner[100];
	if ((rc = key_account(ctx, name, solana, owner, NULL)))
		return rc;

	struct net_env env;
	struct journal *j = NULL;
	struct net_claim c;
	if ((rc = env_open(ctx, &env, 0)))
		return rc;
	net_claim_init(&c, a, &env);
	if ((rc = journal_open(&j, ctx->home, &ctx->err)))
		goto out;
	c.journal = j;
	c.network = a->chain;
	snprintf(c.owner, sizeof c.owner, "%s", owner);
	c.progress = progress_bar;
	c.progress_arg = ctx;
	struct net_claim_request rq = {f.all || (!npos && f.claim_file), (const char *const *)pos, (size_t)npos, owner,
				       f.to, ctx->dry_run};
	if ((rc = a->claim_prepare(&c, &rq, &ctx->err)))
		goto out;
	size_t todo = 0;
	for (size_t i = 0; i < c.nlines; i++)
		todo += !c.lines[i].skip;
	if (ctx->dry_run || !todo) {
		if (ctx->json) {
			output_json(ctx, claim_json(&c, 0));
		} else {
			claim_print(&c, 0);
			if (c.summary[0])
				printf("\n%s\n", c.summary);
			if (!todo)
				printf("nothing to claim\n");
		}
		goto out;
	}
	if (!ctx->json || !ctx->yes) {
		FILE *o = ctx->json ? stderr : stdout;
		fprintf(o, "%s\n", c.summary);
		fflush(o);
	}
	char q[160];
	snprintf(q, sizeof q, "sign and send %zu transaction%s claiming for %zu device%s?", c.ntx,
		 c.ntx == 1 ? "" : "s", todo, todo == 1 ? "" : "s");
	if ((rc = prompt_confirm(ctx, q, &ctx->err)))
		goto out;
	uint8_t *secret = sodium_malloc(32);
	if (!secret) {
		rc = error_set(&ctx->err, ERR_FAIL, "out of memory");
		goto out;
	}
	char again[100];
	rc = key_account(ctx, name, solana, again, secret);
	if (!rc && strcmp(again, owner))
		rc = error_set(&ctx->err, ERR_FAIL, "key '%s' changed while claiming", name);
	if (!rc && f.timeout_s) {
		signal(SIGALRM, claim_timed_out);
		alarm(f.timeout_s);
	}
	if (!rc)
		rc = a->claim_execute(&c, secret, &ctx->err);
	alarm(0);
	sodium_free(secret);
	if (ctx->json) {
		cJSON *doc = claim_json(&c, 1);
		if (rc)
			cJSON_AddStringToObject(doc, "error", ctx->err.msg);
		output_json(ctx, doc);
	} else {
		claim_print(&c, 1);
	}
out:
	net_claim_release(&c);
	journal_close(j);
	net_env_release(&env);
	return rc;
}

/* ---- stake --------------------------------------------------------------------------------- */

static void stake_usage(const struct net_adapter *a, FILE *out)
{
	fprintf(out, "usage: depinctl stake --network %s VERB [ARGS...]\n\nverbs:\n", a->name);
	for (const struct net_verb *v = a->stake_verbs; v && v->name; v++)
		fprintf(out, "  %s\n", v->usage ? v->usage : v->name);
}

int cmd_stake(int argc, char **argv, struct ctx *ctx)
{
	/* --network (anywhere) picks the adapter; the first word that is not an
	 * option or an option's value is the verb, which parses the rest */
	const char *net = ctx->network;
	int verb_at = -1, help = 0;
	for (int i = 1; i < argc; i++) {
		const char *s = argv[i];
		if (!strcmp(s, "--")) {
			if (i + 1 < argc && verb_at < 0)
				verb_at = i + 1;
			break;
		}
		if (!strcmp(s, "--network") && i + 1 < argc) {
			net = argv[++i];
			continue;
		}
		if (!strncmp(s, "--network=", 10)) {
			net = s + 10;
			continue;
		}
		if (!strcmp(s, "-h") || !strcmp(s, "--help")) {
			help = 1;
			continue;
		}
		if (s[0] == '-') {
			for (const struct opt *g = opts_global; g->name; g++)
				if (g->has_arg && s[1] == '-' && !strcmp(s + 2, g->name))
					i++;
			continue;
		}
		if (verb_at < 0)
			verb_at = i;
	}
	if (!net && help) {
		fputs(command_find("stake")->usage, stdout);
		return 0;
	}
	if (!net)
		return error_set(&ctx->err, ERR_USAGE, "stake needs --network NET (see: depinctl networks)");
	const struct net_adapter *a = net_adapter_find(net);
	if (!a)
		return error_set(&ctx->err, ERR_USAGE, "unknown network '%s' (see: depinctl networks)", net);
	if (!a->stake_verbs || !a->stake_verbs->name)
		return error_set(&ctx->err, ERR_USAGE, "%s: depinctl has no staking for it%s%s", a->name,
				 a->missing && *a->missing ? ": " : "", a->missing ? a->missing : "");
	if (help && verb_at < 0) {
		stake_usage(a, stdout);
		return 0;
	}
	const struct net_verb *v = NULL;
	const char *want = verb_at < 0 ? "list" : argv[verb_at];
	for (const struct net_verb *x = a->stake_verbs; x->name && !v; x++)
		if (!strcmp(x->name, want))
			v = x;
	if (!v) {
		if (verb_at < 0) {
			stake_usage(a, stdout);
			return 0;
		}
		return error_set(&ctx->err, ERR_USAGE, "%s: unknown stake verb '%s' (see: depinctl stake --network %s --help)",
				 a->name, want, a->name);
	}
	if (help) {
		printf("usage: depinctl stake --network %s %s\n", a->name, v->usage ? v->usage : v->name);
		return 0;
	}
	/* the verb sees: VERB, then every other argument but --network NET; the
	 * chain preset is the adapter's (--rpc still overrides its endpoint) */
	char **nargv = calloc((size_t)argc + 1, sizeof *nargv);
	if (!nargv)
		return error_set(&ctx->err, ERR_FAIL, "out of memory");
	int n = 0;
	nargv[n++] = (char *)v->name;
	for (int i = 1; i < argc; i++) {
		if (i == verb_at)
			continue;
		if (!strcmp(argv[i], "--network") && i + 1 < argc) {
			i++;
			continue;
		}
		if (!strncmp(argv[i], "--network=", 10))
			continue;
		nargv[n++] = argv[i];
	}
	ctx->network = a->chain;
	int rc = v->fn(n, nargv, ctx);
	free(nargv);
	return rc;
}
