/* Token prices from CoinGecko (see prices.h). */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "networks/prices.h"

/* Token symbols and their CoinGecko API ids (facts: the ids CoinGecko's
 * /coins/list gives these tokens). The networks' tokens, what their
 * devices earn in (IOT, MOBILE), and the chains' coins. */
static const struct {
	const char *symbol, *id;
} ids[] = {
	{"HNT", "helium"},
	{"IOT", "helium-iot"},
	{"MOBILE", "helium-mobile"},
	{"SOL", "solana"},
	{"ETH", "ethereum"},
	{"FIL", "filecoin"},
	{"AKT", "akash-network"},
	{"RENDER", "render-token"},
	{"IO", "io"},
	{"ATH", "aethir"},
	{"HONEY", "hivemapper"},
	{"DIMO", "dimo"},
	{"AR", "arweave"},
	{"STORJ", "storj"},
	{"WMTX", "world-mobile-token"},
	{"POWR", "power-ledger"},
	{"EWT", "energy-web-token"},
	{"GLW", "glow"},
	{"WXM", "weatherxm"},
	{"NOS", "nosana"},
	{"GEOD", "geodnet"},
	{"GRASS", "grass"},
	{"USDC", "usd-coin"},
};

#define NIDS (sizeof ids / sizeof ids[0])
#define MAX_TOKENS 64
#define MAX_PRICE_USD 1e9

const char *prices_coingecko_id(const char *symbol)
{
	for (size_t i = 0; i < NIDS; i++)
		if (!strcmp(ids[i].symbol, symbol))
			return ids[i].id;
	return NULL;
}

const char *prices_symbol(size_t i)
{
	return i < NIDS ? ids[i].symbol : NULL;
}

size_t prices_count(void)
{
	return NIDS;
}

int prices_nusd(uint64_t *out, double usd)
{
	if (!isfinite(usd) || usd < 0 || usd > MAX_PRICE_USD)
		return ERR_NET;
	*out = (uint64_t)llround(usd * 1e9);
	return 0;
}

/* An id of the reply: letters, digits, '-', '_', '.' only (it goes in URLs). */
static int id_ok(const char *id)
{
	if (!*id || strlen(id) > 100)
		return 0;
	for (const char *p = id; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '-' ||
		      *p == '_' || *p == '.'))
			return 0;
	return 1;
}

int prices_parse_simple(struct net_result *r, const cJSON *reply, const char *const *symbols, const char *const *id,
			size_t n, int64_t at, struct error *e)
{
	if (!cJSON_IsObject(reply))
		return error_set(e, ERR_NET, "prices: the simple/price reply is not a JSON object");
	for (size_t i = 0; i < n; i++) {
		const cJSON *o = cJSON_GetObjectItemCaseSensitive(reply, id[i]);
		if (!o)
			continue;
		const cJSON *usd = cJSON_GetObjectItemCaseSensitive(o, "usd");
		if (!cJSON_IsObject(o) || !usd)
			return error_set(e, ERR_NET, "prices: '%s' has no usd price", id[i]);
		uint64_t nusd;
		if (!cJSON_IsNumber(usd) || prices_nusd(&nusd, usd->valuedouble))
			return error_set(e, ERR_NET, "prices: the usd price of '%s' is not a price", id[i]);
		struct net_price *p = net_result_price(r, symbols[i], nusd, "CoinGecko simple/price");
		if (!p)
			return error_set(e, ERR_FAIL, "out of memory");
		p->at = at;
		const cJSON *up = cJSON_GetObjectItemCaseSensitive(o, "last_updated_at");
		if (cJSON_IsNumber(up) && up->valuedouble > 0 && up->valuedouble <= (double)at + 86400)
			p->at = (int64_t)up->valuedouble;
	}
	return 0;
}

int prices_parse_chart(struct net_result *r, const cJSON *reply, const char *symbol, struct error *e)
{
	const cJSON *list = cJSON_GetObjectItemCaseSensitive(reply, "prices");
	if (!cJSON_IsArray(list))
		return error_set(e, ERR_NET, "prices: the market_chart reply of '%s' has no prices", symbol);
	int64_t last_day = INT64_MIN;
	struct net_price *last = NULL;
	const cJSON *x;
	cJSON_ArrayForEach(x, list)
	{
		const cJSON *t = cJSON_GetArrayItem(x, 0), *v = cJSON_GetArrayItem(x, 1);
		uint64_t nusd;
		if (!cJSON_IsArray(x) || !cJSON_IsNumber(t) || !cJSON_IsNumber(v) || t->valuedouble < 0 ||
		    t->valuedouble > 1e14 || prices_nusd(&nusd, v->valuedouble))
			return error_set(e, ERR_NET, "prices: the market_chart of '%s' holds a point that is not [ms, usd]",
					 symbol);
		int64_t at = (int64_t)(t->valuedouble / 1000);
		if (last && at / 86400 == last_day) {
			/* the day's last point (the current price comes last) */
			last->nusd = nusd;
			last->at = at;
			continue;
		}
		if (last && at < last->at)
			return error_set(e, ERR_NET, "prices: the market_chart of '%s' goes back in time", symbol);
		if (!(last = net_result_price(r, symbol, nusd, "CoinGecko market_chart")))
			return error_set(e, ERR_FAIL, "out of memory");
		last->at = at;
		last_day = at / 86400;
	}
	return 0;
}

/* ---- the task ------------------------------------------------------------------ */

/* The UTC day the past days were last fetched in this process: the
 * dashboard and the exporter refresh prices every few minutes, the charts
 * once a day (CoinGecko's free tier allows a few calls a minute). */
static int64_t history_day = INT64_MIN;

struct state {
	const char *symbols[MAX_TOKENS];
	const char *ids[MAX_TOKENS];
	size_t n;
	char *owned; /* the ids setting, split in place */
	char key_header[200];
	const char *headers[2];
	struct net_result current; /* simple/price, appended after the history */
};

static void state_free(void *p)
{
	struct state *s = p;
	if (!s)
		return;
	free(s->owned);
	net_result_release(&s->current);
	free(s);
}

static int add_token(struct state *s, const char *symbol, const char *id)
{
	for (size_t i = 0; i < s->n; i++)
		if (!strcmp(s->symbols[i], symbol)) {
			s->ids[i] = id;
			return 0;
		}
	if (s->n == MAX_TOKENS)
		return ERR_USAGE;
	s->symbols[s->n] = symbol;
	s->ids[s->n++] = id;
	return 0;
}

static int setup(struct net_task *t)
{
	struct state *s = calloc(1, sizeof *s);
	if (!s)
		return net_fail(t, ERR_FAIL, "out of memory");
	t->state = s;
	t->free_state = state_free;
	net_result_init(&s->current, "prices");
	for (size_t i = 0; i < NIDS; i++)
		if (add_token(s, ids[i].symbol, ids[i].id))
			return net_fail(t, ERR_FAIL, "prices: too many tokens");
	/* the registered networks' own tokens when the table knows them */
	for (size_t i = 0; i < net_adapters_len; i++) {
		const char *sym = net_adapters[i]->token, *id = sym ? prices_coingecko_id(sym) : NULL;
		if (id && add_token(s, sym, id))
			return net_fail(t, ERR_FAIL, "prices: too many tokens");
	}
	const char *more = net_setting(t, "ids");
	if (more && *more) {
		if (!(s->owned = strdup(more)))
			return net_fail(t, ERR_FAIL, "out of memory");
		for (char *save = NULL, *item = strtok_r(s->owned, ",", &save); item; item = strtok_r(NULL, ",", &save)) {
			item += strspn(item, " \t");
			char *eq = strchr(item, '=');
			if (!eq)
				return net_fail(t, ERR_USAGE, "[prices] ids: '%s' is not SYMBOL=coingecko-id", item);
			*eq = '\0';
			char *sym = item, *id = eq + 1 + strspn(eq + 1, " \t");
			for (char *x = eq; x > sym && (x[-1] == ' ' || x[-1] == '\t'); x--)
				x[-1] = '\0';
			id[strcspn(id, " \t")] = '\0';
			if (!*sym || strlen(sym) >= NET_TOKEN_MAX || !id_ok(id))
				return net_fail(t, ERR_USAGE, "[prices] ids: '%s=%s' is not SYMBOL=coingecko-id", sym, id);
			if (add_token(s, sym, id))
				return net_fail(t, ERR_USAGE, "[prices] ids: more than %d tokens", MAX_TOKENS);
		}
	}
	const char *key = net_setting(t, "api-key"), *api = net_setting(t, "api");
	if (key && *key) {
		if (strpbrk(key, "\r\n"))
			return net_fail(t, ERR_USAGE, "[prices] api-key: a line break in the key");
		snprintf(s->key_header, sizeof s->key_header, "%s: %s",
			 api && strstr(api, "pro-api.") ? "x-cg-pro-api-key" : "x-cg-demo-api-key", key);
		s->headers[0] = s->key_header;
	}
	return 0;
}

static long history_days(const struct net_task *t, int *bad)
{
	const char *h = net_setting(t, "history");
	*bad = 0;
	if (!h || !*h)
		return 0;
	char *end;
	long d = strtol(h, &end, 10);
	if (*end || d < 0 || d > 3650)
		*bad = 1;
	return d;
}

/* The current prices after the past days: a token's latest comes last. */
static int finish(struct net_task *t)
{
	struct state *s = t->state;
	for (size_t i = 0; i < s->current.nprices; i++) {
		const struct net_price *c = &s->current.prices[i];
		struct net_price *p = net_result_price(t->out, c->token, c->nusd, c->source);
		if (!p)
			return net_fail(t, ERR_FAIL, "out of memory");
		p->at = c->at;
	}
	return NET_DONE;
}

static int step(struct net_task *t)
{
	struct state *s = t->state;
	const char *api = net_setting(t, "api");
	int bad;
	long days = history_days(t, &bad);
	switch (t->stage++) {
	case 0: {
		if (bad)
			return net_fail(t, ERR_USAGE, "[prices] history: '%s' is not a number of days (0 to 3650)",
					net_setting(t, "history"));
		int rc = setup(t);
		if (rc)
			return rc;
		s = t->state;
		if (!api || !*api)
			return net_fail(t, ERR_USAGE, "[prices] api: no URL");
		size_t len = strlen(api) + 128;
		for (size_t i = 0; i < s->n; i++)
			len += strlen(s->ids[i]) + 1;
		char *url = malloc(len);
		if (!url)
			return net_fail(t, ERR_FAIL, "out of memory");
		size_t k = (size_t)snprintf(url, len, "%s/simple/price?ids=", api);
		for (size_t i = 0; i < s->n; i++)
			k += (size_t)snprintf(url + k, len - k, "%s%s", i ? "," : "", s->ids[i]);
		snprintf(url + k, len - k, "&vs_currencies=usd&include_last_updated_at=true");
		struct net_req *r = net_get(t, url, s->headers[0] ? s->headers : NULL);
		free(url);
		return r ? NET_WAIT : t->out->code;
	}
	case 1: {
		const struct net_req *r = t->reqs[0];
		if (r->code)
			return net_fail_req(t, r);
		struct error e;
		if (prices_parse_simple(&s->current, r->json, s->symbols, s->ids, s->n, net_now(t), &e))
			return net_fail(t, e.code, "%s", e.msg);
		if (days > 0 && history_day != net_now(t) / 86400) {
			/* the past days of the tokens it priced, one request each */
			for (size_t i = 0; i < s->current.nprices; i++) {
				char url[1024];
				const char *id = NULL;
				for (size_t k = 0; k < s->n && !id; k++)
					if (!strcmp(s->symbols[k], s->current.prices[i].token))
						id = s->ids[k];
				snprintf(url, sizeof url, "%s/coins/%s/market_chart?vs_currency=usd&days=%ld&interval=daily",
					 api, id, days);
				if (!net_get_tag(t, (long)i, url, s->headers[0] ? s->headers : NULL))
					return t->out->code;
			}
			if (s->current.nprices)
				return NET_WAIT;
		}
		return finish(t);
	}
	case 2:
		for (size_t i = 0; i < t->nreqs; i++) {
			const struct net_req *r = t->reqs[i];
			if (r->code)
				continue; /* (a rate limit): that token's past days are left out, its price stays */
			struct error e;
			if (r->tag < 0 || (size_t)r->tag >= s->current.nprices)
				return net_fail(t, ERR_FAIL, "prices: a stray reply");
			if (prices_parse_chart(t->out, r->json, s->current.prices[r->tag].token, &e))
				return net_fail(t, e.code, "%s", e.msg);
		}
		history_day = net_now(t) / 86400;
		return finish(t);
	}
	return net_fail(t, ERR_FAIL, "prices: a step too many");
}

static const struct net_setting settings[] = {
	{"api", "https://api.coingecko.com/api/v3", "CoinGecko's API base URL"},
	{"api-key", NULL, "a CoinGecko API key (optional)"},
	{"ids", "", "more tokens or other ids: SYMBOL=coingecko-id,..."},
	{"history", "0", "days of daily prices to fetch as well (USD at past days)"},
	{NULL, NULL, NULL},
};

const struct net_adapter prices_source = {
	.name = "prices",
	.title = "Token prices",
	.chain = "",
	.family = "",
	.token = "",
	.caps = NET_CAP_METRICS,
	.source = {[7] = "GET /simple/price (CoinGecko), /coins/ID/market_chart for past days"},
	.missing = "",
	.settings = settings,
	.metrics = step,
};
