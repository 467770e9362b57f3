/* Akash: compute providers, read-only.
 *
 *   Console API  GET /v1/providers/{address}   online, uptime 1d/7d/30d, lease
 *                                              count, region, last seen
 *                GET /v1/network-capacity      the network's providers, GPUs
 *   Cosmos REST  GET /cosmos/bank/v1beta1/balances/{address}          AKT held
 *                GET /cosmos/distribution/v1beta1/delegators/{a}/rewards  claimable
 *                GET /akash/market/v1beta4/leases/list?filters.provider=...
 *                    &filters.state=active    active leases and their price per
 *                                              block (paged by pagination.key)
 *
 * Money: uakt (6 decimals); DecCoin amounts ("12.345000000000000000") are
 * read exactly and rounded down to the uakt. */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "amount.h"
#include "networks/erc20history.h"
#include "networks/network.h"

#define AKT_BLOCKS_PER_DAY 14400 /* ~6 s blocks */
#define MAX_PAGES 50

enum { R_PROVIDER, R_BALANCE, R_REWARDS, R_LEASES };

struct prov {
	char addr[80];
	int pages;
	char key[200];              /* the next page's pagination.key */
	size_t leases;
	struct u256 price;          /* sum of prices, 1e-18 uakt per block */
	const cJSON *info;          /* borrowed within a step only */
	int64_t last_online;
	int online, has_info;
	double uptime1d, uptime7d, uptime30d;
	char name[64], location[64];
	uint64_t balance, rewards;
	int done_leases;
};

struct state {
	struct prov *p;
	size_t n;
};

static void state_free(void *x)
{
	struct state *s = x;
	if (s) {
		free(s->p);
		free(s);
	}
}

static const cJSON *get(const cJSON *o, const char *k)
{
	return cJSON_GetObjectItemCaseSensitive(o, k);
}

static int addr_ok(const char *s)
{
	size_t n = strlen(s);
	if (n < 10 || n > 70 || strncmp(s, "akash1", 6))
		return 0;
	for (size_t i = 6; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9')))
			return 0;
	return 1;
}

/* A decimal amount of uakt ("123", "12.5000"), rounded down to the uakt. */
static int read_uakt(uint64_t *out, const char *s)
{
	if (!s || !*s)
		return ERR_NET;
	char buf[100];
	size_t n = strcspn(s, ".");
	if (n == 0 || n >= sizeof buf || strspn(s, "0123456789") != n ||
	    (s[n] == '.' && strspn(s + n + 1, "0123456789") != strlen(s + n + 1)))
		return ERR_NET;
	memcpy(buf, s, n);
	buf[n] = '\0';
	struct error e = {0};
	return amount_parse_u64(out, NULL, buf, 0, &e) ? ERR_NET : 0;
}

/* The uakt of a Coin / DecCoin list. */
static int coins_uakt(uint64_t *out, const cJSON *list)
{
	*out = 0;
	if (!cJSON_IsArray(list))
		return ERR_NET;
	const cJSON *c;
	cJSON_ArrayForEach(c, list)
	{
		const char *d = cJSON_GetStringValue(get(c, "denom"));
		if (!d)
			return ERR_NET;
		if (strcmp(d, "uakt"))
			continue;
		uint64_t v;
		if (read_uakt(&v, cJSON_GetStringValue(get(c, "amount"))) || *out + v < *out)
			return ERR_NET;
		*out += v;
	}
	return 0;
}

static void url_escape(char *out, size_t size, const char *in)
{
	size_t k = 0;
	for (; *in && k + 4 < size; in++) {
		unsigned char c = (unsigned char)*in;
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
		    c == '.')
			out[k++] = (char)c;
		else
			k += (size_t)snprintf(out + k, size - k, "%%%02X", c);
	}
	out[k] = '\0';
}

static int submit_leases(struct net_task *t, struct prov *p, long tag)
{
	char url[1200], key[600];
	const char *rest = net_setting(t, "rest");
	url_escape(key, sizeof key, p->key);
	snprintf(url, sizeof url,
		 "%s/akash/market/v1beta4/leases/list?filters.provider=%s&filters.state=active&pagination.limit=100%s%s", rest,
		 p->addr, p->key[0] ? "&pagination.key=" : "", p->key[0] ? key : "");
	p->pages++;
	return net_get_tag(t, tag, url, NULL) ? 0 : (t->out->code ? t->out->code : ERR_FAIL);
}

static int read_leases(struct net_task *t, struct prov *p, const struct net_req *r)
{
	const cJSON *list = get(r->json, "leases"), *pg = get(r->json, "pagination");
	if (!cJSON_IsArray(list))
		return net_fail(t, ERR_NET, "akash leases of '%s': no \"leases\" list", p->addr);
	const cJSON *l;
	cJSON_ArrayForEach(l, list)
	{
		const cJSON *price = get(get(l, "lease"), "price");
		const char *amt = cJSON_GetStringValue(get(price, "amount"));
		const char *denom = cJSON_GetStringValue(get(price, "denom"));
		struct u256 v, sum;
		struct error e = {0};
		if (!amt || !denom || amount_parse(&v, NULL, amt, 18, &e))
			return net_fail(t, ERR_NET, "akash leases of '%s': a lease without a price", p->addr);
		p->leases++;
		if (strcmp(denom, "uakt"))
			continue; /* USDC-priced leases: counted, not in the AKT estimate */
		if (u256_add(&sum, &p->price, &v))
			return net_fail(t, ERR_NET, "akash leases of '%s': prices overflow", p->addr);
		p->price = sum;
	}
	const char *next = cJSON_GetStringValue(get(pg, "next_key"));
	if (!next || !*next) {
		p->done_leases = 1;
		return 0;
	}
	if (!cJSON_GetArraySize(list))
		return net_fail(t, ERR_NET, "akash leases of '%s': an empty page that names a next one", p->addr);
	if (strlen(next) >= sizeof p->key || !strcmp(next, p->key))
		return net_fail(t, ERR_NET, "akash leases of '%s': a bad or repeated next page key", p->addr);
	if (p->pages >= MAX_PAGES)
		return net_fail(t, ERR_NET, "akash leases of '%s': more than %d pages", p->addr, MAX_PAGES);
	snprintf(p->key, sizeof p->key, "%s", next);
	return 0;
}

static int read_provider(struct net_task *t, struct prov *p, const cJSON *o)
{
	const cJSON *on = get(o, "isOnline"), *u1 = get(o, "uptime1d"), *u7 = get(o, "uptime7d"),
		    *u30 = get(o, "uptime30d");
	if (!cJSON_IsObject(o) || !cJSON_IsBool(on) || !cJSON_IsNumber(u7))
		return net_fail(t, ERR_NET, "akash console provider '%s': no isOnline / uptime7d", p->addr);
	p->has_info = 1;
	p->online = cJSON_IsTrue(on);
	p->uptime1d = cJSON_IsNumber(u1) ? u1->valuedouble : -1;
	p->uptime7d = u7->valuedouble;
	p->uptime30d = cJSON_IsNumber(u30) ? u30->valuedouble : -1;
	if (p->uptime7d < 0 || p->uptime7d > 100)
		return net_fail(t, ERR_NET, "akash console provider '%s': uptime7d %g", p->addr, p->uptime7d);
	p->last_online = net_iso_time(cJSON_GetStringValue(get(o, "lastOnlineDate")));
	const char *name = cJSON_GetStringValue(get(o, "name"));
	const char *host = cJSON_GetStringValue(get(o, "hostUri"));
	snprintf(p->name, sizeof p->name, "%s", name ? name : host ? host : "");
	const char *region = cJSON_GetStringValue(get(o, "ipRegion")), *country = cJSON_GetStringValue(get(o, "ipCountry"));
	if (region || country)
		snprintf(p->location, sizeof p->location, "%s%s%s", region ? region : "", region && country ? ", " : "",
			 country ? country : "");
	return 0;
}

static double pct(double u)
{
	return u <= 1.0 ? u * 100.0 : u;
}

static int fill(struct net_task *t, struct prov *p)
{
	struct net_device *d = net_result_device(t->out);
	if (!d)
		return net_fail(t, ERR_FAIL, "out of memory");
	snprintf(d->id, sizeof d->id, "%s", p->addr);
	snprintf(d->name, sizeof d->name, "%s", p->name);
	snprintf(d->kind, sizeof d->kind, "compute provider");
	snprintf(d->owner, sizeof d->owner, "%s", p->addr);
	snprintf(d->location, sizeof d->location, "%s", p->location);
	d->last_active = p->last_online;
	d->status = !p->online ? NET_STATUS_OFFLINE : pct(p->uptime7d) < 95.0 ? NET_STATUS_DEGRADED : NET_STATUS_ONLINE;
	struct net_money m;
	if (net_money_set_u64(&m, "AKT", 6, p->rewards) || (p->rewards && net_device_add_pending(d, &m)))
		return net_fail(t, ERR_FAIL, "out of memory");
	/* the active leases' price per block over a day, in uakt */
	struct u256 day, q;
	uint64_t rem;
	char est[64] = "?", bal[64] = "?";
	if (!u256_mul_u64(&day, &p->price, AKT_BLOCKS_PER_DAY) && !u256_divmod_u64(&q, &rem, &day, 1000000000000ULL) &&
	    !u256_divmod_u64(&q, &rem, &q, 1000000ULL) && amount_format(est, sizeof est, &q, 6))
		snprintf(est, sizeof est, "?");
	if (amount_format_u64(bal, sizeof bal, p->balance, 6))
		snprintf(bal, sizeof bal, "?");
	snprintf(d->detail, sizeof d->detail, "uptime 7d %.1f %%, %zu active leases, ~%.20s AKT/day; balance %.24s AKT",
		 pct(p->uptime7d), p->leases, est, bal);
	return 0;
}

static int refresh_step(struct net_task *t)
{
	struct state *s = t->state;
	if (!s) {
		const char *const *ids;
		size_t n = net_device_ids(t, &ids);
		if (!n)
			n = net_owners(t, "akash", &ids);
		if (!n)
			return NET_DONE;
		if (!(s = calloc(1, sizeof *s)) || !(s->p = calloc(n, sizeof *s->p))) {
			free(s);
			return net_fail(t, ERR_FAIL, "out of memory");
		}
		t->state = s;
		t->free_state = state_free;
		s->n = n;
		const char *console = net_setting(t, "console-api"), *rest = net_setting(t, "rest");
		for (size_t i = 0; i < n; i++) {
			if (!addr_ok(ids[i]))
				return net_fail(t, ERR_USAGE, "[akash] devices: '%.60s' is not an akash1... address", ids[i]);
			struct prov *p = &s->p[i];
			snprintf(p->addr, sizeof p->addr, "%s", ids[i]);
			char url[600];
			long base = (long)i * 10;
			snprintf(url, sizeof url, "%s/v1/providers/%s", console, p->addr);
			if (!net_get_tag(t, base + R_PROVIDER, url, NULL))
				return t->out->code ? t->out->code : ERR_FAIL;
			snprintf(url, sizeof url, "%s/cosmos/bank/v1beta1/balances/%s", rest, p->addr);
			if (!net_get_tag(t, base + R_BALANCE, url, NULL))
				return t->out->code ? t->out->code : ERR_FAIL;
			snprintf(url, sizeof url, "%s/cosmos/distribution/v1beta1/delegators/%s/rewards", rest, p->addr);
			if (!net_get_tag(t, base + R_REWARDS, url, NULL))
				return t->out->code ? t->out->code : ERR_FAIL;
			int rc = submit_leases(t, p, base + R_LEASES);
			if (rc)
				return rc;
		}
		return NET_WAIT;
	}
	for (size_t i = 0; i < t->nreqs; i++) {
		const struct net_req *r = t->reqs[i];
		size_t k = (size_t)(r->tag / 10);
		if (r->tag < 0 || k >= s->n)
			continue;
		struct prov *p = &s->p[k];
		if (r->code)
			return net_fail_req(t, r);
		int rc = 0;
		switch (r->tag % 10) {
		case R_PROVIDER:
			rc = read_provider(t, p, r->json);
			break;
		case R_BALANCE:
			if (coins_uakt(&p->balance, get(r->json, "balances")))
				rc = net_fail(t, ERR_NET, "akash balances of '%s': no \"balances\" coin list", p->addr);
			break;
		case R_REWARDS:
			if (coins_uakt(&p->rewards, get(r->json, "total")))
				rc = net_fail(t, ERR_NET, "akash rewards of '%s': no \"total\" coin list", p->addr);
			break;
		case R_LEASES:
			rc = read_leases(t, p, r);
			break;
		}
		if (rc)
			return rc;
	}
	int waiting = 0;
	for (size_t i = 0; i < s->n; i++)
		if (!s->p[i].done_leases) {
			int rc = submit_leases(t, &s->p[i], (long)i * 10 + R_LEASES);
			if (rc)
				return rc;
			waiting = 1;
		}
	if (waiting)
		return NET_WAIT;
	for (size_t i = 0; i < s->n; i++) {
		if (!s->p[i].has_info)
			return net_fail(t, ERR_NET, "akash console provider '%s': no reply", s->p[i].addr);
		int rc = fill(t, &s->p[i]);
		if (rc)
			return rc;
	}
	return NET_DONE;
}

static int refresh(struct net_task *t)
{
	int rc = refresh_step(t);
	if (rc < 0)
		erc20h_drop_devices(t->out);
	return rc;
}

static int metrics(struct net_task *t)
{
	if (t->stage++ == 0) {
		char url[600];
		snprintf(url, sizeof url, "%s/v1/network-capacity", net_setting(t, "console-api"));
		return net_get_tag(t, 0, url, NULL) ? NET_WAIT : (t->out->code ? t->out->code : ERR_FAIL);
	}
	const struct net_req *r = t->nreqs ? t->reqs[0] : NULL;
	if (!r)
		return net_fail(t, ERR_FAIL, "akash network capacity: no reply");
	if (r->code)
		return net_fail_req(t, r);
	const cJSON *ap = get(r->json, "activeProviderCount"), *ag = get(r->json, "activeGPU"),
		    *tg = get(r->json, "totalGPU");
	if (!cJSON_IsNumber(ap) || ap->valuedouble < 0)
		return net_fail(t, ERR_NET, "akash network capacity: no activeProviderCount");
	struct net_metric *m = net_result_metric(t->out, "devices_active", "Active providers", ap->valuedouble,
						 "devices", "GET /v1/network-capacity activeProviderCount");
	if (!m)
		return net_fail(t, ERR_FAIL, "out of memory");
	m->at = net_now(t);
	if (cJSON_IsNumber(ag) && (m = net_result_metric(t->out, "gpus_active", "GPUs leased", ag->valuedouble, "GPUs",
							   "GET /v1/network-capacity activeGPU")))
		m->at = net_now(t);
	if (cJSON_IsNumber(tg) && (m = net_result_metric(t->out, "gpus_total", "GPUs", tg->valuedouble, "GPUs",
							   "GET /v1/network-capacity totalGPU")))
		m->at = net_now(t);
	return NET_DONE;
}

static const struct net_setting settings[] = {
	{"console-api", "https://console-api.akash.network", "Akash Console API base URL"},
	{"rest", "https://rest.cosmos.directory/akash", "Cosmos REST (LCD) base URL"},
	{NULL, NULL, NULL},
};

const struct net_adapter akash_adapter = {
	.name = "akash",
	.title = "Akash",
	.chain = "akash",
	.family = "",
	.token = "AKT",
	.caps = NET_CAP_DEVICES | NET_CAP_STATUS | NET_CAP_LOCATION | NET_CAP_PENDING | NET_CAP_METRICS,
	.source = {
		[0] = "[akash] devices (provider addresses); GET /v1/providers/{address} (Console API)",
		[1] = "Console API isOnline, uptime7d",
		[2] = "Console API ipRegion, ipCountry",
		[4] = "GET /cosmos/distribution/v1beta1/delegators/{address}/rewards",
		[7] = "GET /v1/network-capacity (Console API)",
	},
	.missing = "a dated earnings history needs an indexer of lease payments (escrow withdrawals); the detail "
		   "line gives the active leases' price per day instead",
	.settings = settings,
	.refresh = refresh,
	.metrics = metrics,
};
