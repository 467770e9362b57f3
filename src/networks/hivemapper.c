/* Hivemapper ("hivemapper"): HONEY earnings from token transfers into the
 * wallets (soltransfers.h), and the dashcams' own local API where the
 * operator can reach one (the Open Dashcam API, Hivemapper/odc-api:
 * GET /api/1/info for the build and API version, GET /api/1/gps/sample for
 * the last GPS fix). A dashcam that does not answer is shown offline, not
 * as a failed refresh. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "networks/network.h"
#include "networks/soltransfers.h"

#define MAX_CAMS 16

static const struct soltx_token token = {"4vMsoUT2BWatFweudnQM1xedRLfJgJ7hswhcpz4xgBTy", "HONEY", 9};

struct cam {
	char url[256];
	int answered;         /* /info answered with a JSON object */
	char problem[120];    /* why not */
	char version[48];
	int has_fix;
	double lat, lon;
};

struct cams {
	struct cam c[MAX_CAMS];
	size_t n;
};

static const char *str(const cJSON *o, const char *k)
{
	return cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, k));
}

static int num(double *out, const cJSON *o, const char *a, const char *b)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, a);
	if (!cJSON_IsNumber(v))
		v = cJSON_GetObjectItemCaseSensitive(o, b);
	if (!cJSON_IsNumber(v))
		return 0;
	*out = v->valuedouble;
	return 1;
}

static int cam_step(struct net_task *t, void *state, int first)
{
	struct cams *s = state;
	if (first) {
		const char *list = net_setting(t, "dashcam");
		const char *p = list;
		while (p && *p && s->n < MAX_CAMS) {
			p += strspn(p, ", \t");
			size_t len = strcspn(p, ", \t");
			if (!len)
				break;
			if (len >= sizeof s->c[0].url)
				return net_fail(t, ERR_USAGE, "setting dashcam: a URL longer than 255 bytes");
			struct cam *c = &s->c[s->n];
			memcpy(c->url, p, len);
			c->url[len] = '\0';
			for (size_t k = len; k && c->url[k - 1] == '/';)
				c->url[--k] = '\0';
			if (!c->url[0])
				return net_fail(t, ERR_USAGE, "setting dashcam: '%.*s' is not a URL", (int)len, p);
			char url[300];
			snprintf(url, sizeof url, "%s/api/1/info", c->url);
			if (!net_get_tag(t, SOLTX_HOOK_TAG + 2 * (long)s->n, url, NULL))
				return t->out->code ? t->out->code : ERR_FAIL;
			snprintf(url, sizeof url, "%s/api/1/gps/sample", c->url);
			if (!net_get_tag(t, SOLTX_HOOK_TAG + 2 * (long)s->n + 1, url, NULL))
				return t->out->code ? t->out->code : ERR_FAIL;
			s->n++;
			p += len;
		}
		return s->n ? NET_WAIT : NET_DONE;
	}
	for (size_t i = 0; i < t->nreqs; i++) {
		const struct net_req *r = t->reqs[i];
		if (r->tag < SOLTX_HOOK_TAG || (size_t)(r->tag - SOLTX_HOOK_TAG) / 2 >= s->n)
			continue;
		struct cam *c = &s->c[(r->tag - SOLTX_HOOK_TAG) / 2];
		int info = (r->tag - SOLTX_HOOK_TAG) % 2 == 0;
		if (info) {
			if (r->code && !r->status)
				snprintf(c->problem, sizeof c->problem, "not reachable");
			else if (r->code)
				snprintf(c->problem, sizeof c->problem, "/api/1/info answered HTTP %ld", r->status);
			else if (!cJSON_IsObject(r->json))
				snprintf(c->problem, sizeof c->problem, "/api/1/info: not a JSON object");
			else {
				c->answered = 1;
				const char *v = str(r->json, "build_version");
				if (!v)
					v = str(r->json, "version");
				if (!v)
					v = str(r->json, "api_version");
				snprintf(c->version, sizeof c->version, "%s", v ? v : "?");
			}
		} else if (!r->code && cJSON_IsObject(r->json)) {
			double lat, lon;
			if (num(&lat, r->json, "latitude", "lat") && num(&lon, r->json, "longitude", "lon") && lat >= -90 &&
			    lat <= 90 && lon >= -180 && lon <= 180 && (lat != 0 || lon != 0)) {
				c->has_fix = 1;
				c->lat = lat;
				c->lon = lon;
			}
		}
	}
	return NET_DONE;
}

static int cam_finish(struct net_task *t, void *state)
{
	struct cams *s = state;
	for (size_t i = 0; i < s->n; i++) {
		struct cam *c = &s->c[i];
		struct net_device *d = net_result_device(t->out);
		if (!d)
			return net_fail(t, ERR_FAIL, "out of memory");
		snprintf(d->id, sizeof d->id, "%s", c->url);
		snprintf(d->name, sizeof d->name, "dashcam %zu", i + 1);
		snprintf(d->kind, sizeof d->kind, "dashcam");
		if (c->answered) {
			d->status = NET_STATUS_ONLINE;
			d->last_active = net_now(t);
			snprintf(d->detail, sizeof d->detail, "firmware %s%s", c->version, c->has_fix ? "" : ", no GPS fix");
		} else {
			d->status = NET_STATUS_OFFLINE;
			snprintf(d->detail, sizeof d->detail, "local API: %s", c->problem);
		}
		if (c->has_fix) {
			d->has_position = 1;
			d->lat = c->lat;
			d->lon = c->lon;
			snprintf(d->location, sizeof d->location, "%.5f,%.5f", c->lat, c->lon);
		}
	}
	return 0;
}

static const struct soltx_hook hook = {sizeof(struct cams), cam_step, cam_finish, NULL};

static int refresh(struct net_task *t)
{
	return soltx_token_refresh(t, &token, "mapping wallet", &hook);
}

static const struct net_setting settings[] = {
	{"dashcam", NULL, "the dashcams' local API (http://192.168.0.10:5000 on the camera's Wi-Fi), comma-separated"},
	{"mint", "4vMsoUT2BWatFweudnQM1xedRLfJgJ7hswhcpz4xgBTy", "the HONEY mint followed"},
	{"decimals", "9", "the mint's decimals"},
	{NULL, NULL, NULL},
};

const struct net_adapter hivemapper_adapter = {
	.name = "hivemapper",
	.title = "Hivemapper",
	.chain = "solana",
	.family = "solana",
	.token = "HONEY",
	.caps = NET_CAP_DEVICES | NET_CAP_STATUS | NET_CAP_LOCATION | NET_CAP_EARNINGS,
	.source = {
		[0] = "the wallet's HONEY token account; dashcams named in [hivemapper] dashcam",
		[1] = "the dashcam's local API: GET /api/1/info",
		[2] = "the dashcam's local API: GET /api/1/gps/sample",
		[3] = "HONEY transfers into the wallet: getSignaturesForAddress + getTransaction",
	},
	.missing = "per-dashcam rewards and map coverage: Hivemapper's account API needs the owner's login session",
	.settings = settings,
	.refresh = refresh,
};
