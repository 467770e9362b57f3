/* WeatherXM (Arbitrum, WXM): weather stations through the WeatherXM API
 * (api.weatherxm.com), rewards claimed from its RewardPool.
 *
 * Reads (one task): the owner's stations (GET /api/v1/me/devices with the
 * owner's token) and stations named by id (GET /api/v1/devices/{id}); each
 * station's daily rewards (GET /api/v1/devices/{id}/rewards/timeline) and
 * quality-of-data score; per wallet the claimable rewards: the cumulative
 * total WeatherXM's API publishes with its proof (GET
 * /api/v1/network/rewards/withdraw?address=) minus what the RewardPool has
 * paid the wallet (claims(address), eth_call), shown as a "rewards wallet"
 * row. Metrics: GET /api/v1/network/stats.
 *
 * The API gives rewards as JSON numbers in whole WXM; they are read as the
 * decimal they print as (exact to the API's own precision) and never summed
 * into what is paid: the claim's amounts are the proof's and the chain's
 * exact base units.
 *
 * Claims: the proof of the wallet's cumulative total (the API's withdraw
 * reply, or a StandardMerkleTree dump named by proof-file) is verified here
 * against roots(cycle) read from the RewardPool before anything is built;
 * the claim is claim(total - claims(wallet), total, cycle, proof), sent with
 * the EVM sender. */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <strings.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "amount.h"
#include "file.h"
#include "hex.h"
#include "journal.h"
#include "chains/evm/abi.h"
#include "chains/evm/rpc.h"
#include "chains/evm/sender.h"
#include "networks/merkle.h"
#include "networks/network.h"
#include "wallet/address.h"

#define WXM "WXM"
#define WXM_DECIMALS 18
#define HISTORY_DAYS 90
#define MAX_STATIONS 500
#define TIMELINE_PAGES 8 /* pages of a station's timeline read at most (90 days fit in one) */
#define TIMELINE_BATCH 50 /* stations whose timelines are asked at once: a step holds its
			     replies parsed, 500 of them 22 MB */

enum {
	TAG_ME = -1,
	TAG_STATS = -2,
	TAG_DEV = 1000,       /* + index of the devices setting */
	TAG_TIMELINE = 100000, /* + 16 x index of the device in the result + page */
	TAG_WITHDRAW = 200000, /* + index of the owner */
	TAG_CLAIMED = 300000,  /* + index of the owner */
};

struct wstate {
	char token[512];
	/* copies of the lists the engine hands out (its next list may move
	 * them); the strings stay the task's */
	const char **owners, **ids;
	size_t nowners, nids;
	struct u256 *total;     /* per owner: the API's cumulative total */
	int *has_total;
	size_t nstations;       /* the result's first devices, whose timelines are read */
	size_t next_timeline;   /* the next of them to ask for */
};

static void wfree(void *p)
{
	struct wstate *s = p;
	if (!s)
		return;
	free(s->total);
	free(s->has_total);
	free(s->owners);
	free(s->ids);
	free(s);
}

/* ---- small readers ------------------------------------------------------------------------ */

static const cJSON *get(const cJSON *o, const char *k)
{
	return cJSON_GetObjectItemCaseSensitive(o, k);
}

/* A member at top level or under "attributes". */
static const cJSON *attr(const cJSON *dev, const char *k)
{
	const cJSON *v = get(dev, k);
	return v ? v : get(get(dev, "attributes"), k);
}

/* A WXM figure of the API (a JSON number or a decimal string, whole WXM). */
static int wxm_money(struct net_money *m, const cJSON *v, const char *what, struct error *e)
{
	char text[64];
	if (cJSON_IsString(v)) {
		snprintf(text, sizeof text, "%s", v->valuestring);
	} else if (cJSON_IsNumber(v) && v->valuedouble >= 0 && v->valuedouble < 1e15) {
		char *p = cJSON_PrintUnformatted(v);
		if (!p)
			return error_set(e, ERR_FAIL, "out of memory");
		snprintf(text, sizeof text, "%s", p);
		free(p);
		if (strchr(text, 'e') || strchr(text, 'E')) {
			snprintf(text, sizeof text, "%.18f", v->valuedouble);
			size_t l = strlen(text);
			while (l > 1 && text[l - 1] == '0')
				text[--l] = '\0';
			if (l && text[l - 1] == '.')
				text[--l] = '\0';
		}
	} else {
		return error_set(e, ERR_NET, "%s is not an amount of WXM", what);
	}
	if (net_money_parse(m, WXM, WXM_DECIMALS, text, e))
		return error_set(e, ERR_NET, "%s ('%.40s') is not an amount of WXM", what, text);
	return 0;
}

static const char *api_base(const struct net_task *t)
{
	const char *b = net_setting(t, "api");
	return b ? b : "https://api.weatherxm.com";
}

/* The owner's token: the token setting, else the first line of token-file. */
static int read_token(char *out, size_t n, const char *tok, const char *file, struct error *e)
{
	out[0] = '\0';
	if (tok && *tok) {
		snprintf(out, n, "%s", tok);
		return 0;
	}
	if (!file || !*file)
		return 0;
	FILE *f = fopen(file, "r");
	if (!f)
		return error_set(e, ERR_NOTFOUND, "weatherxm: cannot read token-file '%s'", file);
	if (!fgets(out, (int)n, f))
		out[0] = '\0';
	fclose(f);
	out[strcspn(out, "\r\n")] = '\0';
	if (!out[0])
		return error_set(e, ERR_USAGE, "weatherxm: token-file '%s' is empty", file);
	return 0;
}

/* A failed request as a specific message. */
static int req_error(struct net_task *t, const struct net_req *r, const char *what)
{
	if (r->status == 401 || r->status == 403)
		return net_fail(t, ERR_REFUSED, "weatherxm: %s: the API refused the token (HTTP %ld): check [weatherxm] token",
				what, r->status);
	if (r->status == 429)
		return net_fail(t, ERR_NET, "weatherxm: %s: rate limited by the API (HTTP 429); try again later", what);
	if (r->status == 404 && r->tag >= TAG_DEV && r->tag < TAG_TIMELINE)
		return net_fail(t, ERR_NOTFOUND, "weatherxm: %s: no such station (HTTP 404)", what);
	if (r->code)
		return net_fail_req(t, r);
	return net_fail(t, ERR_NET, "weatherxm: %s: the reply is not JSON", what);
}

/* ---- devices ------------------------------------------------------------------------------- */

static int fill_device(struct net_task *t, const cJSON *dev, const char *owner)
{
	const cJSON *id = get(dev, "id");
	if (!cJSON_IsString(id) || !id->valuestring[0])
		return net_fail(t, ERR_NET, "weatherxm: a station without an id in the API's reply");
	struct net_device *d = net_result_device(t->out);
	if (!d)
		return net_fail(t, ERR_FAIL, "out of memory");
	snprintf(d->id, sizeof d->id, "%s", id->valuestring);
	const cJSON *name = get(dev, "name"), *label = get(dev, "label");
	snprintf(d->name, sizeof d->name, "%s", cJSON_IsString(name) ? name->valuestring : cJSON_IsString(label) ? label->valuestring : "");
	const cJSON *profile = get(dev, "profile");
	snprintf(d->kind, sizeof d->kind, "weather station%s%.16s", cJSON_IsString(profile) ? " " : "",
		 cJSON_IsString(profile) ? profile->valuestring : "");
	snprintf(d->owner, sizeof d->owner, "%s", owner ? owner : "");
	const cJSON *active = attr(dev, "isActive");
	const cJSON *last = attr(dev, "lastWeatherStationActivity");
	d->last_active = cJSON_IsString(last) ? net_iso_time(last->valuestring) : 0;
	const cJSON *rw = get(dev, "rewards");
	const cJSON *score = get(rw, "reward_score");
	if (!cJSON_IsNumber(score))
		score = attr(dev, "qod");
	d->status = !cJSON_IsBool(active) ? NET_STATUS_UNKNOWN : cJSON_IsTrue(active) ? NET_STATUS_ONLINE : NET_STATUS_OFFLINE;
	if (d->status == NET_STATUS_ONLINE && cJSON_IsNumber(score) && score->valuedouble < 80)
		d->status = NET_STATUS_DEGRADED;
	if (cJSON_IsNumber(score))
		snprintf(d->detail, sizeof d->detail, "QoD %.0f %%", score->valuedouble);
	const cJSON *loc = get(dev, "location");
	const cJSON *lat = get(loc, "lat"), *lon = get(loc, "lon");
	if (cJSON_IsNumber(lat) && cJSON_IsNumber(lon)) {
		d->has_position = 1;
		d->lat = lat->valuedouble;
		d->lon = lon->valuedouble;
	}
	const cJSON *addr = attr(dev, "address");
	if (cJSON_IsString(addr))
		snprintf(d->location, sizeof d->location, "%s", addr->valuestring);
	else if (d->has_position)
		snprintf(d->location, sizeof d->location, "%.4f,%.4f", d->lat, d->lon);
	const cJSON *total = get(rw, "total_rewards");
	if (total) {
		struct net_money m;
		struct error e;
		if (wxm_money(&m, total, "rewards.total_rewards", &e) || net_device_add_lifetime(d, &m))
			return net_fail(t, ERR_NET, "weatherxm: station %s: %s", d->id, e.msg);
	}
	return 0;
}

static int read_timeline(struct net_task *t, struct net_device *d, const cJSON *doc)
{
	const cJSON *data = cJSON_IsArray(doc) ? doc : get(doc, "data");
	const cJSON *p;
	if (!cJSON_IsArray(data))
		return net_fail(t, ERR_NET, "weatherxm: station %s: the rewards timeline has no \"data\" list", d->id);
	cJSON_ArrayForEach(p, data) {
		const cJSON *ts = get(p, "timestamp");
		const cJSON *amt = get(p, "total_reward");
		if (!amt)
			amt = get(p, "actual_reward");
		if (!amt)
			amt = get(p, "daily_reward");
		int64_t day = cJSON_IsString(ts) ? net_iso_time(ts->valuestring) : 0;
		struct net_money m;
		struct error e;
		if (!day)
			return net_fail(t, ERR_NET, "weatherxm: station %s: a timeline entry without a timestamp", d->id);
		if (!amt)
			continue; /* a day without rewards (not computed yet) */
		if (wxm_money(&m, amt, "total_reward", &e))
			return net_fail(t, ERR_NET, "weatherxm: station %s: %s", d->id, e.msg);
		day -= day % 86400;
		int arc = net_device_add_point(d, day, &m);
		if (arc)
			return net_fail(t, arc == ERR_FAIL ? ERR_FAIL : ERR_NET, "weatherxm: station %s: %s", d->id,
					arc == ERR_FAIL ? "out of memory" : "a day's rewards add up past 2^256");
	}
	return 0;
}

/* Asks for the next TIMELINE_BATCH stations' first timeline pages; 0, or
 * the failure. */
static int queue_timelines(struct net_task *t, struct wstate *s, const char *base)
{
	char auth[600], url[1024];
	snprintf(auth, sizeof auth, "Authorization: Bearer %s", s->token);
	const char *hdr[] = {auth, NULL};
	for (int n = 0; n < TIMELINE_BATCH && s->next_timeline < s->nstations; n++, s->next_timeline++) {
		size_t i = s->next_timeline;
		snprintf(url, sizeof url, "%s/api/v1/devices/%s/rewards/timeline?page=0&pageSize=%d", base,
			 t->out->devices[i].id, HISTORY_DAYS);
		if (!net_get_tag(t, TAG_TIMELINE + 16 * (long)i, url, s->token[0] ? hdr : NULL))
			return t->out->code ? t->out->code : ERR_FAIL;
	}
	return 0;
}

static int refresh(struct net_task *t)
{
	struct wstate *s = t->state;
	char url[1024];
	const char *base = api_base(t);
	switch (t->stage++) {
	case 0: {
		struct error e = {0, ""};
		s = calloc(1, sizeof *s);
		if (!s)
			return net_fail(t, ERR_FAIL, "out of memory");
		t->state = s;
		t->free_state = wfree;
		if (read_token(s->token, sizeof s->token, net_setting(t, "token"), net_setting(t, "token-file"), &e))
			return net_fail(t, e.code, "%s", e.msg);
		const char *const *list;
		size_t nids = s->nids = net_device_ids(t, &list);
		if (!(s->ids = calloc(nids ? nids : 1, sizeof *s->ids)))
			return net_fail(t, ERR_FAIL, "out of memory");
		for (size_t i = 0; i < nids; i++)
			s->ids[i] = list[i];
		s->nowners = net_owners(t, "evm", &list);
		if (!(s->owners = calloc(s->nowners ? s->nowners : 1, sizeof *s->owners)))
			return net_fail(t, ERR_FAIL, "out of memory");
		for (size_t i = 0; i < s->nowners; i++)
			s->owners[i] = list[i];
		const char *const *ids = s->ids;
		if (!s->token[0] && !nids && !s->nowners)
			return net_fail(t, ERR_USAGE,
					"weatherxm: nothing to look up: set [weatherxm] token (or token-file) for the owner's stations, "
					"devices = station ids, or wallets");
		char auth[600];
		snprintf(auth, sizeof auth, "Authorization: Bearer %s", s->token);
		const char *hdr[] = {auth, NULL};
		if (s->token[0]) {
			snprintf(url, sizeof url, "%s/api/v1/me/devices", base);
			if (!net_get_tag(t, TAG_ME, url, hdr))
				return t->out->code;
		}
		for (size_t i = 0; i < nids; i++) {
			snprintf(url, sizeof url, "%s/api/v1/devices/%s", base, ids[i]);
			if (!net_get_tag(t, TAG_DEV + (long)i, url, s->token[0] ? hdr : NULL))
				return t->out->code;
		}
		if (s->nowners) {
			s->total = calloc(s->nowners, sizeof *s->total);
			s->has_total = calloc(s->nowners, sizeof *s->has_total);
			if (!s->total || !s->has_total)
				return net_fail(t, ERR_FAIL, "out of memory");
		}
		for (size_t i = 0; i < s->nowners; i++) {
			char low[64];
			snprintf(low, sizeof low, "%s", s->owners[i]);
			for (char *p = low; *p; p++)
				*p = (char)tolower((unsigned char)*p);
			snprintf(url, sizeof url, "%s/api/v1/network/rewards/withdraw?address=%s", base, low);
			if (!net_get_tag(t, TAG_WITHDRAW + (long)i, url, NULL))
				return t->out->code;
		}
		return NET_WAIT;
	}
	case 1: {
		for (size_t i = 0; i < t->nreqs; i++) {
			const struct net_req *r = t->reqs[i];
			char what[160];
			if (r->tag == TAG_ME)
				snprintf(what, sizeof what, "GET /api/v1/me/devices");
			else if (r->tag >= TAG_WITHDRAW)
				snprintf(what, sizeof what, "GET /api/v1/network/rewards/withdraw (%s)", s->owners[r->tag - TAG_WITHDRAW]);
			else
				snprintf(what, sizeof what, "GET /api/v1/devices/%.100s", s->ids[r->tag - TAG_DEV]);
			if (r->tag >= TAG_WITHDRAW && r->status == 404)
				continue; /* the wallet has no rewards */
			if (r->code || !r->json)
				return req_error(t, r, what);
			if (r->tag == TAG_ME) {
				const cJSON *list = cJSON_IsArray(r->json) ? r->json : get(r->json, "data");
				const cJSON *dev;
				if (!cJSON_IsArray(list))
					return net_fail(t, ERR_NET, "weatherxm: %s: the reply is not a list of stations", what);
				if (cJSON_GetArraySize(list) > MAX_STATIONS)
					return net_fail(t, ERR_NET, "weatherxm: %s: more than %d stations", what, MAX_STATIONS);
				cJSON_ArrayForEach(dev, list)
					if (fill_device(t, dev, s->nowners ? s->owners[0] : ""))
						return t->out->code;
			} else if (r->tag >= TAG_WITHDRAW) {
				size_t o = (size_t)(r->tag - TAG_WITHDRAW);
				struct error e;
				if (!cJSON_IsObject(r->json) ||
				    merkle_read_amount(&s->total[o], get(r->json, "cumulative_amount"), "cumulative_amount", &e))
					return net_fail(t, ERR_NET, "weatherxm: %s: no cumulative_amount in the reply", what);
				s->has_total[o] = 1;
			} else {
				if (!cJSON_IsObject(r->json))
					return net_fail(t, ERR_NET, "weatherxm: %s: the reply is not a station", what);
				if (fill_device(t, r->json, ""))
					return t->out->code;
			}
		}
		/* the timelines (the first batch); what the RewardPool paid each wallet */
		s->nstations = t->out->ndevices;
		if (queue_timelines(t, s, base))
			return t->out->code;
		const char *pool = net_setting(t, "contract");
		const char *chain = net_setting(t, "network");
		const char *const *urls;
		size_t nurls = net_rpc_urls(t, chain ? chain : "arbitrum", &urls);
		uint8_t to[20];
		struct error e;
		for (size_t i = 0; i < s->nowners; i++) {
			uint8_t who[20], *data = NULL;
			size_t len = 0;
			if (!s->has_total[i])
				continue;
			if (!nurls)
				return net_fail(t, ERR_USAGE, "weatherxm: no RPC for %s (set [weatherxm] rpc)", chain ? chain : "arbitrum");
			if (!pool || address_evm_parse(to, pool, &e))
				return net_fail(t, ERR_USAGE, "weatherxm: contract '%s' is not an address", pool ? pool : "");
			if (address_evm_parse(who, s->owners[i], &e))
				return net_fail(t, ERR_USAGE, "weatherxm: wallet '%s' is not an EVM address", s->owners[i]);
			const char *arg[] = {s->owners[i]};
			if (abi_encode_call_text(&data, &len, "claims(address)", arg, 1, &e))
				return net_fail(t, e.code, "%s", e.msg);
			cJSON *params = evm_rpc_params(2, evm_rpc_call_object(NULL, to, NULL, data, len, 0), cJSON_CreateString("latest"));
			free(data);
			if (!net_rpc_tag(t, TAG_CLAIMED + (long)i, urls, nurls, "eth_call", params))
				return t->out->code;
		}
		return NET_WAIT;
	}
	case 2: {
		int more = 0;
		for (size_t i = 0; i < t->nreqs; i++) {
			const struct net_req *r = t->reqs[i];
			if (r->tag >= TAG_CLAIMED) {
				size_t o = (size_t)(r->tag - TAG_CLAIMED);
				uint8_t *ret = NULL;
				size_t len = 0;
				struct error e;
				struct u256 paid, pend;
				if (r->code)
					return net_fail_req(t, r);
				if (evm_rpc_read_data(&ret, &len, r->json, "claims(address)", &e) || len < 32) {
					free(ret);
					return net_fail(t, ERR_NET, "weatherxm: claims(%s): not a uint256", s->owners[o]);
				}
				u256_from_be(&paid, ret);
				free(ret);
				if (u256_sub(&pend, &s->total[o], &paid))
					u256_zero(&pend);
				struct net_device *d = net_result_device(t->out);
				struct net_money m, life;
				if (!d)
					return net_fail(t, ERR_FAIL, "out of memory");
				snprintf(d->id, sizeof d->id, "%s", s->owners[o]);
				snprintf(d->name, sizeof d->name, "rewards wallet");
				snprintf(d->kind, sizeof d->kind, "reward pool account");
				snprintf(d->owner, sizeof d->owner, "%s", s->owners[o]);
				if (net_money_set(&m, WXM, WXM_DECIMALS, &pend) || net_device_add_pending(d, &m) ||
				    net_money_set(&life, WXM, WXM_DECIMALS, &s->total[o]) || net_device_add_lifetime(d, &life))
					return net_fail(t, ERR_FAIL, "weatherxm: amounts");
				d->claimable = !u256_is_zero(&pend);
				snprintf(d->detail, sizeof d->detail, "claimable from the RewardPool (proof total minus claims())");
				continue;
			}
			size_t k = (size_t)(r->tag - TAG_TIMELINE) / 16;
			int page = (int)((r->tag - TAG_TIMELINE) % 16);
			char what[200];
			snprintf(what, sizeof what, "GET /api/v1/devices/%.100s/rewards/timeline (page %d)", t->out->devices[k].id, page);
			if (r->code || !r->json)
				return req_error(t, r, what);
			if (read_timeline(t, &t->out->devices[k], r->json))
				return t->out->code;
			if (cJSON_IsTrue(get(r->json, "hasNextPage")) && page + 1 < TIMELINE_PAGES) {
				char auth[600];
				snprintf(auth, sizeof auth, "Authorization: Bearer %s", s->token);
				const char *hdr[] = {auth, NULL};
				snprintf(url, sizeof url, "%s/api/v1/devices/%s/rewards/timeline?page=%d&pageSize=%d", base,
					 t->out->devices[k].id, page + 1, HISTORY_DAYS);
				if (!net_get_tag(t, TAG_TIMELINE + 16 * (long)k + page + 1, url, s->token[0] ? hdr : NULL))
					return t->out->code;
				more = 1;
			}
		}
		size_t before = s->next_timeline;
		if (queue_timelines(t, s, base))
			return t->out->code;
		if (more || s->next_timeline != before) {
			t->stage = 2; /* the next pages and stations come back here */
			return NET_WAIT;
		}
		return NET_DONE;
	}
	}
	return NET_DONE;
}

/* ---- metrics ------------------------------------------------------------------------------- */

static double num(const cJSON *v)
{
	if (cJSON_IsNumber(v))
		return v->valuedouble;
	if (cJSON_IsString(v))
		return strtod(v->valuestring, NULL);
	return -1;
}

static int metrics(struct net_task *t)
{
	char url[600];
	if (t->stage++ == 0) {
		snprintf(url, sizeof url, "%s/api/v1/network/stats", api_base(t));
		return net_get_tag(t, TAG_STATS, url, NULL) ? NET_WAIT : t->out->code;
	}
	const struct net_req *r = t->reqs[0];
	if (r->code || !r->json)
		return req_error(t, r, "GET /api/v1/network/stats");
	if (!cJSON_IsObject(r->json))
		return net_fail(t, ERR_NET, "weatherxm: GET /api/v1/network/stats: the reply is not an object");
	const cJSON *ws = get(r->json, "weather_stations"), *tok = get(r->json, "tokens");
	static const char src[] = "GET /api/v1/network/stats";
	struct {
		const char *key, *label, *unit;
		double v;
	} m[] = {
		{"devices_total", "Onboarded stations", "devices", num(get(get(ws, "onboarded"), "total"))},
		{"devices_claimed", "Claimed stations", "devices", num(get(get(ws, "claimed"), "total"))},
		{"devices_active", "Active stations", "devices", num(get(get(ws, "active"), "total"))},
		{"emissions_24h", "WXM minted in the last day", WXM, num(get(tok, "daily_minted"))},
		{"supply_total", "Total supply", WXM, num(get(tok, "total_supply"))},
		{"supply_circulating", "Circulating supply", WXM, num(get(tok, "circulating_supply"))},
		{"data_days", "Data days", "days", num(get(r->json, "data_days"))},
	};
	size_t got = 0;
	for (size_t i = 0; i < sizeof m / sizeof m[0]; i++) {
		if (m[i].v < 0)
			continue;
		if (!net_result_metric(t->out, m[i].key, m[i].label, m[i].v, m[i].unit, src))
			return net_fail(t, ERR_FAIL, "out of memory");
		got++;
	}
	if (!got)
		return net_fail(t, ERR_NET, "weatherxm: GET /api/v1/network/stats: none of the figures depinctl reads is there");
	const cJSON *upd = get(r->json, "last_updated");
	int64_t at = cJSON_IsString(upd) ? net_iso_time(upd->valuestring) : 0;
	for (size_t i = 0; at && i < t->out->nmetrics; i++)
		t->out->metrics[i].at = at;
	return NET_DONE;
}

/* ---- claims -------------------------------------------------------------------------------- */

struct wclaim {
	struct evm_sender *s;
	struct evm_call call;
	int has_call;
};

/* The API's withdraw reply for owner (blocking). */
static int fetch_withdraw(cJSON **out, struct net_env *env, const char *base, const char *owner, struct error *e)
{
	struct http_request r;
	char url[600];
	int rc;
	*out = NULL;
	char low[64];
	snprintf(low, sizeof low, "%s", owner);
	for (char *p = low; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	snprintf(url, sizeof url, "%s/api/v1/network/rewards/withdraw?address=%s", base, low);
	http_request_init(&r);
	if ((rc = http_request_add_url(&r, url, e))) {
		http_request_release(&r);
		return rc;
	}
	rc = http_fetch(&env->http, &r, e);
	if (rc && (r.status == 401 || r.status == 403))
		rc = error_set(e, ERR_REFUSED, "weatherxm: the API refused the proof request (HTTP %ld)", r.status);
	else if (rc && r.status == 429)
		rc = error_set(e, ERR_NET, "weatherxm: the API rate-limits the proof request (HTTP 429); try again later");
	else if (rc && r.status == 404)
		rc = error_set(e, ERR_NOTFOUND, "weatherxm: the API has no rewards for %s (HTTP 404)", owner);
	else if (!rc && !(*out = jsonrpc_parse(r.reply ? r.reply : "", r.reply_len)))
		rc = error_set(e, ERR_NET, "weatherxm: the proof reply is not JSON");
	http_request_release(&r);
	return rc;
}

static void fmt_hash(char out[67], const uint8_t h[32])
{
	out[0] = '0';
	out[1] = 'x';
	hex_encode(out + 2, 65, h, 32);
}

static int w_prepare(struct net_claim *c, const struct net_claim_request *rq, struct error *e)
{
	const struct conf *conf = c->env->conf;
	const struct net_adapter *a = c->adapter;
	const char *pool_s = merkle_setting(conf, a, "contract");
	const char *proof_file = merkle_setting(conf, a, "proof-file");
	const char *base = merkle_setting(conf, a, "api");
	uint8_t pool[20], owner[20], word[32], root[32];
	int rc;
	if (!pool_s || address_evm_parse(pool, pool_s, e))
		return error_set(e, ERR_USAGE, "weatherxm: contract '%s' is not an address", pool_s ? pool_s : "");
	if ((rc = address_evm_parse(owner, rq->owner, e)))
		return rc;
	if (rq->destination && *rq->destination)
		return error_set(e, ERR_USAGE, "weatherxm: the RewardPool pays the claiming wallet: --to cannot change it");
	if (!rq->all) {
		int mine = 0;
		for (size_t i = 0; i < rq->ndevices; i++)
			mine += strcasecmp(rq->devices[i], rq->owner) == 0;
		if (!mine || rq->ndevices != 1)
			return error_set(e, ERR_USAGE,
					 "weatherxm: rewards are claimed per wallet, not per station: use --all (or name the wallet %s)",
					 rq->owner);
	}
	struct wclaim *w = calloc(1, sizeof *w);
	if (!w)
		return error_set(e, ERR_FAIL, "out of memory");
	c->priv = w;
	evm_call_init(&w->call);
	/* the proof: the cumulative total, its cycle, the proof */
	struct u256 total;
	uint64_t cycle = 0;
	int cycle_known = 0;
	uint8_t(*proof)[32] = NULL;
	size_t nproof = 0;
	struct merkle_file f = {0};
	const char *from = "";
	if (proof_file && *proof_file) {
		char *text = NULL;
		size_t len = 0;
		if ((rc = file_read(&text, &len, proof_file, 64u << 20, e)))
			goto out;
		rc = merkle_file_parse(&f, text, len, e);
		free(text);
		if (rc) {
			error_wrap(e, "weatherxm: proof-file '%s'", proof_file);
			goto out;
		}
		const struct merkle_claim *mc = merkle_file_find(&f, owner);
		if (!f.oz || !mc) {
			rc = error_set(e, f.oz ? ERR_NOTFOUND : ERR_USAGE, "weatherxm: proof-file '%s' %s", proof_file,
				       f.oz ? "holds no total for the wallet" : "is not a StandardMerkleTree dump");
			goto out;
		}
		total = mc->amount;
		proof = mc->proof;
		nproof = mc->nproof;
		from = "proof-file";
	} else {
		cJSON *doc = NULL;
		if ((rc = fetch_withdraw(&doc, c->env, base ? base : "https://api.weatherxm.com", rq->owner, e)))
			goto out;
		const cJSON *cy = get(doc, "cycle");
		if (!cJSON_IsObject(doc))
			rc = error_set(e, ERR_NET, "the reply is not an object");
		else if (!cJSON_IsNumber(cy) || cy->valuedouble < 0 || cy->valuedouble > 1e12 ||
			 cy->valuedouble != (double)(uint64_t)cy->valuedouble)
			rc = error_set(e, ERR_NET, "cycle is not a whole number");
		else if (merkle_read_amount(&total, get(doc, "cumulative_amount"), "cumulative_amount", e) ||
			 merkle_read_proof(&proof, &nproof, get(doc, "proof"), "proof", e))
			rc = ERR_NET;
		if (rc) {
			cJSON_Delete(doc);
			error_wrap(e, "weatherxm: the API's proof reply for %s", rq->owner);
			e->code = rc = ERR_NET;
			goto out;
		}
		cycle = (uint64_t)cy->valuedouble;
		cycle_known = 1;
		cJSON_Delete(doc);
		from = "the API's proof";
	}
	const char *net;
	if ((rc = merkle_sender_open(&w->s, &net, conf, a, c->journal, c->env->insecure, e)))
		goto out_proof;
	c->network = net;
	/* the chain: the cycle counter, the root, what was paid */
	uint64_t next_cycle;
	if ((rc = merkle_call_word(word, w->s, pool, "cycle()", NULL, 0, e)))
		goto out_proof;
	struct u256 v;
	u256_from_be(&v, word);
	if (u256_to_u64(&next_cycle, &v)) {
		rc = error_set(e, ERR_NET, "weatherxm: cycle() is past 2^64");
		goto out_proof;
	}
	uint8_t leaf[32];
	merkle_oz_leaf_account(leaf, owner, &total);
	char cs[24];
	if (!cycle_known) {
		/* a proof file: the recent cycle whose root it proves */
		int found = 0;
		for (uint64_t k = next_cycle; k > 0 && next_cycle - k < 64 && !found; k--) {
			snprintf(cs, sizeof cs, "%llu", (unsigned long long)(k - 1));
			const char *arg[] = {cs};
			if ((rc = merkle_call_word(root, w->s, pool, "roots(uint256)", arg, 1, e)))
				goto out_proof;
			if (merkle_verify(root, leaf, (const uint8_t(*)[32])proof, nproof)) {
				cycle = k - 1;
				found = 1;
			}
		}
		if (!found) {
			rc = error_set(e, ERR_REFUSED,
				       "weatherxm: the proof-file's proof for %s verifies against none of the RewardPool's last roots: refusing to send",
				       rq->owner);
			goto out_proof;
		}
	}
	if (cycle >= next_cycle) {
		rc = error_set(e, ERR_REFUSED, "weatherxm: cycle %llu has no root on the RewardPool yet (its cycle() is %llu): refusing to send",
			       (unsigned long long)cycle, (unsigned long long)next_cycle);
		goto out_proof;
	}
	snprintf(cs, sizeof cs, "%llu", (unsigned long long)cycle);
	const char *carg[] = {cs};
	if ((rc = merkle_call_word(root, w->s, pool, "roots(uint256)", carg, 1, e)))
		goto out_proof;
	char rs[67];
	fmt_hash(rs, root);
	if (!merkle_verify(root, leaf, (const uint8_t(*)[32])proof, nproof)) {
		rc = error_set(e, ERR_REFUSED,
			       "weatherxm: %s for %s does not verify against roots(%s) = %s on the RewardPool: refusing to send",
			       from, rq->owner, cs, rs);
		goto out_proof;
	}
	char acc[ADDRESS_EVM_MAX];
	if (address_eip55(acc, sizeof acc, owner)) {
		rc = error_set(e, ERR_FAIL, "address");
		goto out_proof;
	}
	const char *oarg[] = {acc};
	if ((rc = merkle_call_word(word, w->s, pool, "claims(address)", oarg, 1, e)))
		goto out_proof;
	struct u256 paid, amount;
	u256_from_be(&paid, word);
	if (u256_sub(&amount, &total, &paid))
		u256_zero(&amount);
	if (!(c->lines = calloc(1, sizeof *c->lines))) {
		rc = error_set(e, ERR_FAIL, "out of memory");
		goto out_proof;
	}
	c->nlines = 1;
	struct net_claim_line *l = &c->lines[0];
	snprintf(l->device, sizeof l->device, "%s", rq->owner);
	snprintf(l->name, sizeof l->name, "rewards wallet");
	if (net_money_set(&l->amount[0], WXM, WXM_DECIMALS, &amount)) {
		rc = error_set(e, ERR_FAIL, "amount");
		goto out_proof;
	}
	l->namount = 1;
	if (u256_is_zero(&amount)) {
		l->skip = 1;
		snprintf(l->note, sizeof l->note, "nothing to claim: the RewardPool paid the whole total of cycle %s", cs);
		goto out_proof;
	}
	char amt[80], tot[80];
	if (u256_format_dec(amt, sizeof amt, &amount) || u256_format_dec(tot, sizeof tot, &total)) {
		rc = error_set(e, ERR_FAIL, "format");
		goto out_proof;
	}
	char *pt = malloc(2 + nproof * 67 + 1);
	if (!pt) {
		rc = error_set(e, ERR_FAIL, "out of memory");
		goto out_proof;
	}
	size_t pl = 0;
	pt[pl++] = '[';
	for (size_t i = 0; i < nproof; i++) {
		if (i)
			pt[pl++] = ',';
		fmt_hash(pt + pl, proof[i]);
		pl += 66;
	}
	pt[pl++] = ']';
	pt[pl] = '\0';
	const char *args[] = {amt, tot, cs, pt};
	uint8_t *data = NULL;
	size_t dlen = 0;
	rc = abi_encode_call_text(&data, &dlen, "claim(uint256,uint256,uint256,bytes32[])", args, 4, e);
	free(pt);
	if (rc)
		goto out_proof;
	if (evm_call_set_data(&w->call, data, dlen))
		rc = error_set(e, ERR_FAIL, "out of memory");
	free(data);
	if (rc)
		goto out_proof;
	memcpy(w->call.to, pool, 20);
	snprintf(w->call.purpose, sizeof w->call.purpose, "claim");
	net_money_format(w->call.amount, sizeof w->call.amount, &l->amount[0]);
	snprintf(w->call.token, sizeof w->call.token, WXM);
	/* one claim per wallet and cumulative total: a rerun resumes it */
	snprintf(w->call.batch_key, sizeof w->call.batch_key, "wxm:%.42s:%.30s", acc, tot);
	w->has_call = 1;
	char sum[1024];
	if ((rc = evm_sender_prepare(w->s, owner, &w->call, 1, sum, sizeof sum, e)))
		goto out_proof;
	char shown[AMOUNT_FMT_MAX];
	net_money_format(shown, sizeof shown, &l->amount[0]);
	if (w->call.journaled) {
		snprintf(l->note, sizeof l->note, "sent earlier: %s (%s)", journal_status_name(w->call.status), w->call.txid);
		l->skip = w->call.status == JOURNAL_CONFIRMED || w->call.status == JOURNAL_FAILED;
	} else {
		snprintf(l->note, sizeof l->note, "cycle %s, proof of %zu verified against roots(%s)", cs, nproof, cs);
	}
	snprintf(c->summary, sizeof c->summary,
		 "claim %s WXM from the WeatherXM RewardPool %s: cumulative total %s (%s, verified against roots(%s) = %.18s...)\n%s",
		 shown, pool_s, tot, from, cs, rs, sum);
	c->ntx = 1;
	c->tx_bytes = w->call.data_len;
	snprintf(c->fee, sizeof c->fee, "%.40s %.8s", w->call.fee, evm_sender_native(w->s));
out_proof:
	if (!f.n)
		free(proof);
out:
	merkle_file_release(&f);
	return rc;
}

static int w_execute(struct net_claim *c, const uint8_t secret[32], struct error *e)
{
	struct wclaim *w = c->priv;
	if (!w || !w->has_call || !c->nlines || c->lines[0].skip)
		return 0;
	int rc = evm_sender_send(w->s, secret, &w->call, 1, c->progress, c->progress_arg, e);
	struct net_claim_line *l = &c->lines[0];
	snprintf(l->txid, sizeof l->txid, "%s", w->call.txid);
	l->status = w->call.status;
	snprintf(l->error, sizeof l->error, "%s", w->call.error);
	return rc;
}

static void w_release(struct net_claim *c)
{
	struct wclaim *w = c->priv;
	if (!w)
		return;
	evm_call_release(&w->call);
	evm_sender_close(w->s);
	free(w);
	c->priv = NULL;
}

static const struct net_setting settings[] = {
	{"api", "https://api.weatherxm.com", "the WeatherXM API"},
	{"token", NULL, "the owner's API token (Bearer): lists the owner's stations"},
	{"token-file", NULL, "a file holding the token (first line)"},
	{"devices", NULL, "station ids to follow (comma-separated)"},
	{"wallets", NULL, "reward wallets (default: the keystore's EVM addresses)"},
	{"contract", "0x2CDBa04dcFD3999ef3FDa00121b23c693AF4041b", "the RewardPool (Arbitrum)"},
	{"network", "arbitrum", "the chain preset of the RewardPool"},
	{"rpc", NULL, "RPC endpoints replacing the preset's"},
	{"proof-file", NULL, "a StandardMerkleTree dump to claim from instead of the API's proof"},
	{NULL, NULL, NULL},
};

const struct net_adapter weatherxm_adapter = {
	.name = "weatherxm",
	.title = "WeatherXM",
	.chain = "arbitrum",
	.family = "evm",
	.token = WXM,
	.caps = NET_CAP_DEVICES | NET_CAP_STATUS | NET_CAP_LOCATION | NET_CAP_EARNINGS | NET_CAP_PENDING | NET_CAP_CLAIM |
		NET_CAP_METRICS,
	.source = {
		[0] = "GET /api/v1/me/devices (owner's token), /api/v1/devices/{id}",
		[1] = "isActive, lastWeatherStationActivity, QoD (reward_score)",
		[2] = "the station's location and address",
		[3] = "GET /api/v1/devices/{id}/rewards/timeline",
		[4] = "the API's cumulative total (rewards/withdraw) minus RewardPool claims(wallet)",
		[5] = "RewardPool claim(amount, total, cycle, proof), proof checked against roots(cycle)",
		[7] = "GET /api/v1/network/stats",
	},
	.missing = "no staking: WeatherXM has none for station owners",
	.settings = settings,
	.refresh = refresh,
	.metrics = metrics,
	.claim_prepare = w_prepare,
	.claim_execute = w_execute,
	.claim_release = w_release,
};
