/* Storj: storage nodes, through the dashboard API each node serves on its
 * own host (default port 14002, the operator's LAN), and the STORJ payouts
 * (ERC-20 on Ethereum, 0xB64ef51C888972c908CFacf59B47C1AfBC0Ab8aC, 8
 * decimals) received by the payout wallets (erc20history.c).
 *
 *   GET {node}/api/sno/                   nodeID, wallet, lastPinged, version,
 *                                         upToDate, diskSpace, satellites
 *                                         (disqualified / suspended)
 *   GET {node}/api/sno/satellites         audits: online scores per satellite
 *   GET {node}/api/sno/estimated-payout   this month's payout so far and the
 *                                         month's expectation (US cents)
 *
 * The node's figures in cents are estimates the node computes: shown in
 * the detail line, never summed as money. */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "networks/erc20history.h"
#include "networks/network.h"

static const struct erc20h_token storj = {
	.contract = "0xb64ef51c888972c908cfacf59b47c1afbc0ab8ac",
	.symbol = "STORJ",
	.decimals = 8,
	.blocks_per_day = 7200,
	.confirmations = 12,
};

#define TAG_NODE 2000000000L
enum { N_SNO, N_SATS, N_PAYOUT, N_CALLS };
static const char *const node_paths[N_CALLS] = {"/api/sno/", "/api/sno/satellites", "/api/sno/estimated-payout"};

struct state {
	struct erc20h_wallets w;
	int wallets_done, nodes_done, started;
};

static void state_free(void *p)
{
	struct state *s = p;
	if (s) {
		erc20h_wallets_release(&s->w);
		free(s);
	}
}

static const cJSON *get(const cJSON *o, const char *k)
{
	return cJSON_GetObjectItemCaseSensitive(o, k);
}

static int num(double *out, const cJSON *v)
{
	if (!cJSON_IsNumber(v) || !isfinite(v->valuedouble) || v->valuedouble < 0)
		return ERR_NET;
	*out = v->valuedouble;
	return 0;
}

static int node_fail(struct net_task *t, const char *node, const char *path, const char *what)
{
	return net_fail(t, ERR_NET, "storj node '%.80s' %s: %s", node, path, what);
}

/* One node's three replies into a device. */
static int node_device(struct net_task *t, const char *node, const cJSON *r[N_CALLS])
{
	const cJSON *sno = r[N_SNO];
	const char *id = cJSON_GetStringValue(get(sno, "nodeID"));
	const char *wallet = cJSON_GetStringValue(get(sno, "wallet"));
	const char *version = cJSON_GetStringValue(get(sno, "version"));
	int64_t pinged = net_iso_time(cJSON_GetStringValue(get(sno, "lastPinged")));
	double used, avail;
	if (!id || !*id || strlen(id) > 100)
		return node_fail(t, node, node_paths[N_SNO], "no nodeID");
	if (num(&used, get(get(sno, "diskSpace"), "used")) || num(&avail, get(get(sno, "diskSpace"), "available")))
		return node_fail(t, node, node_paths[N_SNO], "no diskSpace used / available");
	int dq = 0;
	const cJSON *sat;
	if (!cJSON_IsArray(get(sno, "satellites")))
		return node_fail(t, node, node_paths[N_SNO], "no satellites list");
	cJSON_ArrayForEach(sat, get(sno, "satellites"))
	{
		const cJSON *d = get(sat, "disqualified"), *s = get(sat, "suspended");
		dq += (d && !cJSON_IsNull(d) && !cJSON_IsFalse(d)) || (s && !cJSON_IsNull(s) && !cJSON_IsFalse(s));
	}
	double online = 1;
	const cJSON *audits = get(r[N_SATS], "audits");
	if (!cJSON_IsArray(audits))
		return node_fail(t, node, node_paths[N_SATS], "no audits list");
	const cJSON *a;
	cJSON_ArrayForEach(a, audits)
	{
		double o;
		if (num(&o, get(a, "onlineScore")) || o > 1)
			return node_fail(t, node, node_paths[N_SATS], "an audit without an onlineScore in 0..1");
		if (o < online)
			online = o;
	}
	double cents, expect;
	if (num(&cents, get(get(r[N_PAYOUT], "currentMonth"), "payout")) ||
	    num(&expect, get(r[N_PAYOUT], "currentMonthExpectations")))
		return node_fail(t, node, node_paths[N_PAYOUT], "no currentMonth payout / currentMonthExpectations");
	struct net_device *d = net_result_device(t->out);
	if (!d)
		return net_fail(t, ERR_FAIL, "out of memory");
	snprintf(d->id, sizeof d->id, "%s", id);
	const char *host = strstr(node, "://");
	snprintf(d->name, sizeof d->name, "%s", host ? host + 3 : node);
	snprintf(d->kind, sizeof d->kind, "storage node");
	snprintf(d->owner, sizeof d->owner, "%s", wallet ? wallet : "");
	d->last_active = pinged;
	int64_t now = net_now(t);
	if (!pinged || now - pinged > 4 * 3600)
		d->status = NET_STATUS_OFFLINE;
	else if (dq || online < 0.95)
		d->status = NET_STATUS_DEGRADED;
	else
		d->status = NET_STATUS_ONLINE;
	snprintf(d->detail, sizeof d->detail,
		 "disk %.2f / %.2f TB; est. $%.2f this month (expect $%.2f); online %.1f %%; %d satellites DQ/susp.; v%.16s",
		 used / 1e12, (used + avail) / 1e12, cents / 100, expect / 100, online * 100, dq, version ? version : "?");
	return 0;
}

static int nodes_read(struct net_task *t, const char *const *nodes, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const cJSON *r[N_CALLS] = {NULL, NULL, NULL};
		for (size_t k = 0; k < t->nreqs; k++) {
			const struct net_req *q = t->reqs[k];
			if (q->tag < TAG_NODE + (long)i * 10 || q->tag >= TAG_NODE + (long)i * 10 + N_CALLS)
				continue;
			if (q->code)
				return net_fail_req(t, q);
			if (!cJSON_IsObject(q->json))
				return node_fail(t, nodes[i], node_paths[q->tag % 10], "not a JSON object");
			r[q->tag % 10] = q->json;
		}
		for (int c = 0; c < N_CALLS; c++)
			if (!r[c])
				return node_fail(t, nodes[i], node_paths[c], "no reply");
		int rc = node_device(t, nodes[i], r);
		if (rc)
			return rc;
	}
	return 0;
}

static int refresh_step(struct net_task *t)
{
	struct state *s = t->state;
	const char *const *nodes;
	size_t nnodes;
	int rc;
	if (!s) {
		if (!(s = calloc(1, sizeof *s)))
			return net_fail(t, ERR_FAIL, "out of memory");
		t->state = s;
		t->free_state = state_free;
		if ((rc = erc20h_wallets_init(&s->w, t, &storj)))
			return rc;
		nnodes = net_device_ids(t, &nodes); /* after the wallets' lists */
		for (size_t i = 0; i < nnodes; i++) {
			if (strncmp(nodes[i], "http://", 7) && strncmp(nodes[i], "https://", 8))
				return net_fail(t, ERR_USAGE, "[storj] devices: '%.60s' is not a node's dashboard URL "
							      "(http://HOST:14002)", nodes[i]);
			for (int c = 0; c < N_CALLS; c++) {
				char url[600];
				size_t len = strlen(nodes[i]);
				snprintf(url, sizeof url, "%.*s%s", (int)(len && nodes[i][len - 1] == '/' ? len - 1 : len),
					 nodes[i], node_paths[c]);
				if (!net_get_tag(t, TAG_NODE + (long)i * 10 + c, url, NULL))
					return t->out->code ? t->out->code : ERR_FAIL;
			}
		}
		s->nodes_done = !nnodes;
		s->wallets_done = !s->w.n;
		if (s->nodes_done && s->wallets_done)
			return NET_DONE;
	} else if (!s->nodes_done) {
		nnodes = net_device_ids(t, &nodes);
		if ((rc = nodes_read(t, nodes, nnodes)))
			return rc;
		s->nodes_done = 1;
	}
	if (!s->wallets_done) {
		rc = erc20h_wallets_step(t, &s->w);
		if (rc < 0)
			return rc;
		if (rc == NET_WAIT)
			return NET_WAIT;
		s->wallets_done = 1;
		for (size_t i = 0; i < s->w.n; i++)
			if (!erc20h_wallets_device(t, &s->w, i, "storj payout wallet"))
				return t->out->code ? t->out->code : ERR_FAIL;
	}
	return s->nodes_done ? NET_DONE : NET_WAIT;
}

static int refresh(struct net_task *t)
{
	int rc = refresh_step(t);
	if (rc < 0)
		erc20h_drop_devices(t->out);
	return rc;
}

static const struct net_setting settings[] = {
	ERC20H_SETTINGS,
	{NULL, NULL, NULL},
};

const struct net_adapter storj_adapter = {
	.name = "storj",
	.title = "Storj",
	.chain = "ethereum",
	.family = "evm",
	.token = "STORJ",
	.caps = NET_CAP_DEVICES | NET_CAP_STATUS | NET_CAP_EARNINGS,
	.source = {
		[0] = "[storj] devices: each node's dashboard API (GET /api/sno/) + the payout wallets",
		[1] = "GET /api/sno/ lastPinged, satellites DQ/suspended; /api/sno/satellites onlineScore",
		[3] = "eth_getLogs: STORJ Transfer logs into the payout wallet, by day (cached)",
	},
	.missing = "nodes are not found from a wallet (Storj has no public node index): list each node's dashboard "
		   "URL in [storj] devices (http://HOST:14002, on the operator's network); payouts are monthly, so "
		   "pending figures are the node's own estimates, shown in its detail line",
	.settings = settings,
	.refresh = refresh,
};
