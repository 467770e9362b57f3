/* io.net ("ionet"): IO earnings from token transfers into the wallets
 * (soltransfers.h), and each worker device's details from the IO Explorer
 * API with the owner's token (GET /v1/io-explorer/devices/{id}/details,
 * header "Token: ..."; docs.io.net, "Get Started With IO Explorer API").
 * A refused token (401), rate limiting (429), a server failure or a reply
 * that is not the documented shape fails the refresh with that reason. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "networks/network.h"
#include "networks/soltransfers.h"

#define MAX_DEVICES 64

static const struct soltx_token token = {"BZLbGTNCSFfoth2GYDtwr7e4imWzpR5jqcUuGEwr646K", "IO", 8};

struct dev {
	char id[128];
	char name[64];
	char status[24];
	char hardware[64];
	double uptime;
	int has_uptime;
	long long quantity;
};

struct devs {
	struct dev d[MAX_DEVICES];
	size_t n;
};

static const char *str(const cJSON *o, const char *k)
{
	return cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, k));
}

static int dev_step(struct net_task *t, void *state, int first)
{
	struct devs *s = state;
	if (first) {
		const char *const *ids;
		size_t n = net_device_ids(t, &ids);
		if (!n)
			return NET_DONE;
		const char *tok = net_setting(t, "token");
		if (!tok || !*tok)
			return net_fail(t, ERR_USAGE, "devices are set but no API token: set [ionet] token (from IO Explorer)");
		if (strpbrk(tok, "\r\n"))
			return net_fail(t, ERR_USAGE, "setting token: a line break in the token");
		const char *api = net_setting(t, "api");
		char header[600];
		snprintf(header, sizeof header, "Token: %s", tok);
		const char *headers[] = {header, NULL};
		for (size_t i = 0; i < n && i < MAX_DEVICES; i++) {
			if (strlen(ids[i]) >= sizeof s->d[0].id || strpbrk(ids[i], "/?#%"))
				return net_fail(t, ERR_USAGE, "device id '%.60s' is not an io.net device id", ids[i]);
			snprintf(s->d[i].id, sizeof s->d[i].id, "%s", ids[i]);
			char url[800];
			snprintf(url, sizeof url, "%s/v1/io-explorer/devices/%s/details", api, ids[i]);
			if (!net_get_tag(t, SOLTX_HOOK_TAG + (long)i, url, headers))
				return t->out->code ? t->out->code : ERR_FAIL;
			s->n++;
		}
		return NET_WAIT;
	}
	for (size_t i = 0; i < t->nreqs; i++) {
		const struct net_req *r = t->reqs[i];
		if (r->tag < SOLTX_HOOK_TAG || (size_t)(r->tag - SOLTX_HOOK_TAG) >= s->n)
			continue;
		struct dev *d = &s->d[r->tag - SOLTX_HOOK_TAG];
		if (r->status == 401 || r->status == 403)
			return net_fail(t, ERR_REFUSED, "device '%s': the API token was refused (HTTP %ld); tokens last 21 days, "
					"copy a new one from IO Explorer", d->id, r->status);
		if (r->status == 404)
			return net_fail(t, ERR_NOTFOUND, "device '%s': io.net does not know it (HTTP 404)", d->id);
		if (r->status == 429)
			return net_fail(t, ERR_NET, "device '%s': io.net rate-limits this token (HTTP 429); try again later",
					d->id);
		if (r->code)
			return net_fail_req(t, r);
		const cJSON *data = cJSON_GetObjectItemCaseSensitive(r->json, "data");
		if (!cJSON_IsObject(data))
			return net_fail(t, ERR_NET, "device '%s': the reply has no 'data' object", d->id);
		const char *st = str(data, "status");
		if (!st)
			return net_fail(t, ERR_NET, "device '%s': the reply has no status", d->id);
		snprintf(d->status, sizeof d->status, "%s", st);
		const char *nm = str(data, "device_name");
		snprintf(d->name, sizeof d->name, "%s", nm ? nm : "");
		const char *hw = str(data, "hardware_name");
		snprintf(d->hardware, sizeof d->hardware, "%s", hw ? hw : "");
		const cJSON *q = cJSON_GetObjectItemCaseSensitive(data, "hardware_quantity");
		d->quantity = cJSON_IsNumber(q) && q->valuedouble >= 1 && q->valuedouble < 1e6 ? (long long)q->valuedouble : 0;
		const cJSON *u = cJSON_GetObjectItemCaseSensitive(data, "uptime_percent");
		if (cJSON_IsNumber(u) && u->valuedouble >= 0 && u->valuedouble <= 100) {
			d->uptime = u->valuedouble;
			d->has_uptime = 1;
		}
	}
	return NET_DONE;
}

static enum net_status status_of(const char *s)
{
	if (!strcmp(s, "up") || !strcmp(s, "running") || !strcmp(s, "online"))
		return NET_STATUS_ONLINE;
	if (!strcmp(s, "idle") || !strcmp(s, "paused") || !strcmp(s, "blocked"))
		return NET_STATUS_DEGRADED;
	if (!strcmp(s, "down") || !strcmp(s, "offline") || !strcmp(s, "inactive") || !strcmp(s, "terminated"))
		return NET_STATUS_OFFLINE;
	return NET_STATUS_UNKNOWN;
}

static int dev_finish(struct net_task *t, void *state)
{
	struct devs *s = state;
	for (size_t i = 0; i < s->n; i++) {
		const struct dev *x = &s->d[i];
		struct net_device *d = net_result_device(t->out);
		if (!d)
			return net_fail(t, ERR_FAIL, "out of memory");
		snprintf(d->id, sizeof d->id, "%s", x->id);
		snprintf(d->name, sizeof d->name, "%s", x->name);
		snprintf(d->kind, sizeof d->kind, "gpu worker");
		d->status = status_of(x->status);
		char up[32] = "";
		if (x->has_uptime)
			snprintf(up, sizeof up, ", uptime %.1f %%", x->uptime);
		if (x->quantity > 1)
			snprintf(d->detail, sizeof d->detail, "%s, %lld x %.60s%s", x->status, x->quantity,
				 x->hardware[0] ? x->hardware : "?", up);
		else
			snprintf(d->detail, sizeof d->detail, "%s, %.60s%s", x->status, x->hardware[0] ? x->hardware : "?", up);
	}
	return 0;
}

static const struct soltx_hook hook = {sizeof(struct devs), dev_step, dev_finish, NULL};

static int refresh(struct net_task *t)
{
	return soltx_token_refresh(t, &token, "worker wallet", &hook);
}

static const struct net_setting settings[] = {
	{"api", "https://api.io.solutions", "the IO Explorer API"},
	{"token", NULL, "the owner's IO Explorer token (Token header; valid 21 days)"},
	{"mint", "BZLbGTNCSFfoth2GYDtwr7e4imWzpR5jqcUuGEwr646K", "the IO mint followed"},
	{"decimals", "8", "the mint's decimals"},
	{NULL, NULL, NULL},
};

const struct net_adapter ionet_adapter = {
	.name = "ionet",
	.title = "io.net",
	.chain = "solana",
	.family = "solana",
	.token = "IO",
	.caps = NET_CAP_DEVICES | NET_CAP_STATUS | NET_CAP_EARNINGS,
	.source = {
		[0] = "[ionet] devices, and the wallet's IO token account",
		[1] = "GET /v1/io-explorer/devices/{id}/details (Token header)",
		[3] = "IO transfers into the wallet: getSignaturesForAddress + getTransaction",
	},
	.missing = "devices are not listed by wallet: name them in [ionet] devices with the owner's token",
	.settings = settings,
	.refresh = refresh,
};
