/* The Helium adapter's reads: hotspots, pending and lifetime rewards,
 * network metrics. Facts (endpoints, shapes, accounts) from
 * helium-program-library (lazy-distributor, helium-sub-daos, the entity
 * metadata service) and helium-wallet-rs; no code of theirs. */
#include "config.h"

#define _GNU_SOURCE 1
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sodium.h>

#include "base58.h"
#include "jsonrpc.h"
#include "networks/helium/accounts.h"
#include "networks/helium/claim.h"
#include "networks/helium/dc.h"
#include "networks/helium/helium.h"
#include "networks/helium/vehnt.h"

/* ---- small helpers ----------------------------------------------------------------------- */

static void b58(char out[48], const uint8_t k[32])
{
	if (base58_encode(out, 48, k, 32) != 0)
		out[0] = 0;
}

static int key_of(uint8_t out[32], const char *s)
{
	size_t n = 0;
	return s && strlen(s) <= 44 && base58_decode(out, 32, &n, s) == 0 && n == 32 ? 0 : -1;
}

/* An account's [base64, "base64"] data into a malloc'd buffer. */
static int b64_data(uint8_t **out, size_t *len, const cJSON *data)
{
	const char *b64 = cJSON_GetStringValue(cJSON_GetArrayItem(data, 0));
	const char *enc = cJSON_GetStringValue(cJSON_GetArrayItem(data, 1));
	*out = NULL;
	*len = 0;
	if (!b64 || !enc || strcmp(enc, "base64"))
		return -1;
	size_t cap = strlen(b64) / 4 * 3 + 3;
	if (!(*out = malloc(cap)))
		return -1;
	if (sodium_base642bin(*out, cap, b64, strlen(b64), NULL, len, NULL, sodium_base64_VARIANT_ORIGINAL)) {
		free(*out);
		*out = NULL;
		return -1;
	}
	return 0;
}

static cJSON *accounts_params(const uint8_t (*keys)[32], size_t n)
{
	cJSON *p = cJSON_CreateArray(), *arr = cJSON_CreateArray(), *cfg = cJSON_CreateObject();
	for (size_t i = 0; i < n; i++) {
		char k[48];
		b58(k, keys[i]);
		cJSON_AddItemToArray(arr, cJSON_CreateString(k));
	}
	cJSON_AddItemToArray(p, arr);
	cJSON_AddStringToObject(cfg, "encoding", "base64");
	cJSON_AddStringToObject(cfg, "commitment", "confirmed");
	cJSON_AddItemToArray(p, cfg);
	return p;
}

/* The value list of a getMultipleAccounts result, checked to hold n entries. */
static const cJSON *accounts_value(const cJSON *result, size_t n)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(result, "value");
	if (!cJSON_IsArray(v) || (size_t)cJSON_GetArraySize(v) != n)
		return NULL;
	return v;
}

/* "2023-04-18T17:35:28.000Z" -> unix seconds; 0 when it is not one. */
static int64_t iso_time(const char *s)
{
	struct tm tm;
	memset(&tm, 0, sizeof tm);
	if (!s)
		return 0;
	const char *end = strptime(s, "%Y-%m-%dT%H:%M:%S", &tm);
	if (!end)
		return 0;
	return (int64_t)timegm(&tm);
}

uint64_t helium_median(uint64_t *v, size_t n)
{
	for (size_t i = 1; i < n; i++) /* insertion sort: a handful of oracles */
		for (size_t j = i; j > 0 && v[j - 1] > v[j]; j--) {
			uint64_t x = v[j];
			v[j] = v[j - 1];
			v[j - 1] = x;
		}
	return v[n / 2];
}

/* ---- the refresh task ----------------------------------------------------------------------- */

#define MAX_TOKENS HELIUM_NTOKENS

struct hotspot {
	uint8_t asset[32];
	char asset_b58[48];
	char entity_key[HELIUM_ENTITY_KEY_MAX * 2];
	char name[64];
	size_t owner;
	/* from the entity API */
	int has_info, iot, mobile, iot_active, mobile_active;
	char location[64];
	int has_position;
	double lat, lon;
	int64_t onboarded;
	/* rewards per token */
	int has_recipient[MAX_TOKENS];
	uint64_t total[MAX_TOKENS];
	uint64_t *answers[MAX_TOKENS]; /* per oracle: the oracle's figure */
	uint8_t *answered[MAX_TOKENS];
};

struct oracle_req {
	int token;
	size_t oracle;
	size_t first, count; /* hotspots */
};

enum { PH_START, PH_PAGES, PH_REWARDS, PH_DONE };

struct state {
	int phase;
	const char *const *owners;
	size_t nowners;
	const char *const *urls, *const *das;
	size_t nurls, ndas;
	const char *das_one[1];
	const char **owners_copy, **urls_copy;
	size_t *page;       /* per owner: the last page asked for, 0 when done */
	struct hotspot *hs;
	size_t nhs, caphs;
	cJSON **infos;      /* per owner: the entity API's hotspots list (or NULL) */
	int tokens[MAX_TOKENS];
	size_t ntokens;
	struct helium_ld_account ld[MAX_TOKENS];
	int has_ld[MAX_TOKENS];
	uint8_t ld_key[MAX_TOKENS][32];
	const char *oracle_url[MAX_TOKENS][HELIUM_LD_MAX_ORACLES];
	struct oracle_req *oreqs;
	size_t noreqs;
	size_t *by_key;     /* hotspot indexes sorted by entity key */
	size_t *by_asset;   /* ... by asset id */
};

static void state_free(void *p)
{
	struct state *st = p;
	if (!st)
		return;
	for (size_t i = 0; i < st->nhs; i++)
		for (int k = 0; k < MAX_TOKENS; k++) {
			free(st->hs[i].answers[k]);
			free(st->hs[i].answered[k]);
		}
	free(st->hs);
	free(st->page);
	if (st->infos)
		for (size_t i = 0; i < st->nowners; i++)
			cJSON_Delete(st->infos[i]);
	free(st->infos);
	free(st->oreqs);
	free(st->by_key);
	free(st->by_asset);
	free(st->owners_copy);
	free(st->urls_copy);
	free(st);
}

enum { TAG_DAS = 1, TAG_ENTITY, TAG_LD, TAG_RCP, TAG_ORACLE, TAG_EPOCHS, TAG_COUNT };
#define TAG(kind, i) (((long)(kind) << 40) | (long)(i))
#define TAG_KIND(t) ((int)((t) >> 40))
#define TAG_IDX(t) ((size_t)((t) & ((1L << 40) - 1)))

static int parse_tokens(struct net_task *t, struct state *st)
{
	const char *v = net_setting(t, "tokens");
	if (!v)
		v = "HNT";
	const char *p = v;
	while (*p) {
		p += strspn(p, ", \t");
		size_t len = strcspn(p, ", \t");
		if (!len)
			break;
		int found = -1;
		for (int k = 0; k < HELIUM_NTOKENS; k++)
			if (strlen(helium_token_name((enum helium_token)k)) == len &&
			    !strncasecmp(p, helium_token_name((enum helium_token)k), len))
				found = k;
		if (found < 0)
			return net_fail(t, ERR_USAGE, "helium: tokens: '%.*s' is not HNT, IOT or MOBILE", (int)len, p);
		int dup = 0;
		for (size_t i = 0; i < st->ntokens; i++)
			dup |= st->tokens[i] == found;
		if (!dup)
			st->tokens[st->ntokens++] = found;
		p += len;
	}
	if (!st->ntokens)
		return net_fail(t, ERR_USAGE, "helium: tokens: none given");
	return 0;
}

static struct net_req *das_page(struct net_task *t, struct state *st, size_t owner, size_t page)
{
	cJSON *p = cJSON_CreateObject();
	cJSON_AddStringToObject(p, "ownerAddress", st->owners[owner]);
	cJSON_AddStringToObject(p, "creatorAddress", HELIUM_HOTSPOT_CREATOR);
	cJSON_AddBoolToObject(p, "creatorVerified", 1);
	cJSON_AddNumberToObject(p, "page", (double)page);
	cJSON_AddNumberToObject(p, "limit", HELIUM_DAS_PAGE);
	st->page[owner] = page;
	return net_rpc_tag(t, TAG(TAG_DAS, owner), st->das, st->ndas, "searchAssets", p);
}

static int submit_failed(struct net_task *t)
{
	return t->out->code ? t->out->code : net_fail(t, ERR_FAIL, "helium: out of memory");
}

static int start(struct net_task *t, struct state *st)
{
	/* the engine hands out lists in an array a later call may move: keep
	 * copies of the (stable) string pointers */
	const char *const *list;
	st->nowners = net_owners(t, "solana", &list);
	if (!st->nowners)
		return NET_DONE;
	if (!(st->owners_copy = malloc(st->nowners * sizeof *st->owners_copy)))
		return net_fail(t, ERR_FAIL, "helium: out of memory");
	memcpy(st->owners_copy, list, st->nowners * sizeof *list);
	st->owners = st->owners_copy;
	for (size_t i = 0; i < st->nowners; i++) {
		uint8_t k[32];
		if (key_of(k, st->owners[i]))
			return net_fail(t, ERR_USAGE, "helium: wallets: '%.60s' is not a Solana address", st->owners[i]);
	}
	st->nurls = net_rpc_urls(t, "solana", &list);
	if (!st->nurls)
		return net_fail(t, ERR_USAGE, "helium: no Solana RPC endpoint (set [helium] rpc or [network.solana] rpc)");
	if (!(st->urls_copy = malloc(st->nurls * sizeof *st->urls_copy)))
		return net_fail(t, ERR_FAIL, "helium: out of memory");
	memcpy(st->urls_copy, list, st->nurls * sizeof *list);
	st->urls = st->urls_copy;
	int rc = parse_tokens(t, st);
	if (rc)
		return rc;
	if (!(st->page = calloc(st->nowners, sizeof *st->page)) || !(st->infos = calloc(st->nowners, sizeof *st->infos)))
		return net_fail(t, ERR_FAIL, "helium: out of memory");
	return 0;
}

/* Appends DAS items; 1 when the page was full (another page to ask for). */
static int add_assets(struct net_task *t, struct state *st, size_t owner, const cJSON *result)
{
	const cJSON *items = cJSON_GetObjectItemCaseSensitive(result, "items");
	if (!cJSON_IsArray(items))
		return net_fail(t, ERR_NET, "helium: DAS searchAssets for '%s': no items list", st->owners[owner]);
	size_t n = 0;
	const cJSON *it;
	cJSON_ArrayForEach(it, items)
	{
		n++;
		const char *id = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(it, "id"));
		uint8_t asset[32];
		if (key_of(asset, id))
			return net_fail(t, ERR_NET, "helium: DAS searchAssets: an item without a valid id");
		if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(it, "burnt")))
			continue;
		if (st->nhs == st->caphs) {
			size_t cap = st->caphs ? st->caphs * 2 : 64;
			struct hotspot *p = realloc(st->hs, cap * sizeof *p);
			if (!p)
				return net_fail(t, ERR_FAIL, "helium: out of memory");
			st->hs = p;
			st->caphs = cap;
		}
		struct hotspot *h = &st->hs[st->nhs];
		memset(h, 0, sizeof *h);
		memcpy(h->asset, asset, 32);
		snprintf(h->asset_b58, sizeof h->asset_b58, "%s", id);
		h->owner = owner;
		const cJSON *content = cJSON_GetObjectItemCaseSensitive(it, "content");
		const char *name = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(
			cJSON_GetObjectItemCaseSensitive(content, "metadata"), "name"));
		if (name)
			snprintf(h->name, sizeof h->name, "%s", name);
		/* the entity key is the json_uri's last segment:
		 * https://entities.nft.helium.io/<entity key> */
		const char *uri = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(content, "json_uri"));
		const char *slash = uri ? strrchr(uri, '/') : NULL;
		if (slash && slash[1] && strlen(slash + 1) < sizeof h->entity_key)
			snprintf(h->entity_key, sizeof h->entity_key, "%s", slash + 1);
		st->nhs++;
	}
	return n >= HELIUM_DAS_PAGE ? 1 : 0;
}

/* Sorted indexes of the hotspots (qsort has no context argument: the
 * array being sorted is passed through this pointer, one task at a time
 * per thread). */
static _Thread_local const struct hotspot *sort_hs;

static int cmp_asset(const void *a, const void *b)
{
	return memcmp(sort_hs[*(const size_t *)a].asset, sort_hs[*(const size_t *)b].asset, 32);
}

static int cmp_key(const void *a, const void *b)
{
	return strcmp(sort_hs[*(const size_t *)a].entity_key, sort_hs[*(const size_t *)b].entity_key);
}

/* Drops hotspots listed twice (DAS pages that overlap), keeping the
 * first; builds the asset index. */
static int index_assets(struct net_task *t, struct state *st)
{
	free(st->by_asset);
	if (!(st->by_asset = malloc((st->nhs ? st->nhs : 1) * sizeof(size_t))))
		return net_fail(t, ERR_FAIL, "helium: out of memory");
	for (size_t i = 0; i < st->nhs; i++)
		st->by_asset[i] = i;
	sort_hs = st->hs;
	qsort(st->by_asset, st->nhs, sizeof(size_t), cmp_asset);
	unsigned char *drop = calloc(st->nhs ? st->nhs : 1, 1);
	if (!drop)
		return net_fail(t, ERR_FAIL, "helium: out of memory");
	size_t ndrop = 0;
	for (size_t i = 1; i < st->nhs; i++) {
		size_t a = st->by_asset[i - 1], b = st->by_asset[i];
		if (!memcmp(st->hs[a].asset, st->hs[b].asset, 32)) {
			drop[a > b ? a : b] = 1;
			ndrop++;
		}
	}
	if (ndrop) {
		size_t n = 0;
		for (size_t i = 0; i < st->nhs; i++)
			if (!drop[i])
				st->hs[n++] = st->hs[i];
		st->nhs = n;
		free(drop);
		return index_assets(t, st);
	}
	free(drop);
	return 0;
}

static int index_keys(struct net_task *t, struct state *st)
{
	if (!(st->by_key = malloc((st->nhs ? st->nhs : 1) * sizeof(size_t))))
		return net_fail(t, ERR_FAIL, "helium: out of memory");
	for (size_t i = 0; i < st->nhs; i++)
		st->by_key[i] = i;
	sort_hs = st->hs;
	qsort(st->by_key, st->nhs, sizeof(size_t), cmp_key);
	return 0;
}

/* The hotspot of an asset id / an entity key, or NULL. */
static struct hotspot *find_asset(struct state *st, const char *asset_b58)
{
	uint8_t a[32];
	if (key_of(a, asset_b58))
		return NULL;
	size_t lo = 0, hi = st->nhs;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = memcmp(st->hs[st->by_asset[mid]].asset, a, 32);
		if (!c)
			return &st->hs[st->by_asset[mid]];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

static struct hotspot *find_key(struct state *st, const char *key)
{
	size_t lo = 0, hi = st->nhs;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(st->hs[st->by_key[mid]].entity_key, key);
		if (!c)
			return &st->hs[st->by_key[mid]];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* One subnetwork's info ({} or nulls when the hotspot is not on it). */
static int sub_info(struct hotspot *h, const cJSON *info, int *on, int *active)
{
	if (!cJSON_IsObject(info))
		return 0;
	const cJSON *loc = cJSON_GetObjectItemCaseSensitive(info, "location");
	const char *created = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(info, "created_at"));
	const cJSON *act = cJSON_GetObjectItemCaseSensitive(info, "is_active");
	if (!cJSON_IsString(loc) && !created && !cJSON_IsBool(act))
		return 0;
	*on = 1;
	*active = cJSON_IsTrue(act);
	int64_t c = iso_time(created);
	if (c && (!h->onboarded || c < h->onboarded))
		h->onboarded = c;
	const cJSON *lat = cJSON_GetObjectItemCaseSensitive(info, "lat"), *lon = cJSON_GetObjectItemCaseSensitive(info, "long");
	if (!h->has_position && cJSON_IsNumber(lat) && cJSON_IsNumber(lon) && lat->valuedouble >= -90 &&
	    lat->valuedouble <= 90 && lon->valuedouble >= -180 && lon->valuedouble <= 180) {
		h->has_position = 1;
		h->lat = lat->valuedouble;
		h->lon = lon->valuedouble;
	}
	if (!h->location[0]) {
		const char *city = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(info, "city"));
		const char *state = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(info, "state"));
		const char *country = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(info, "country"));
		/* "Austin, Texas"; "Berlin, Germany" where the state is the city */
		const char *region = state && *state && strcmp(state, city ? city : "") ? state : country;
		if (city && *city)
			snprintf(h->location, sizeof h->location, "%s%s%s", city, region && *region ? ", " : "",
				 region && *region ? region : "");
		else if (cJSON_IsString(loc) && *loc->valuestring)
			snprintf(h->location, sizeof h->location, "%s", loc->valuestring);
	}
	return 1;
}

static void apply_info(struct hotspot *h, const cJSON *it)
{
	const char *name = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(it, "name"));
	const char *key = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(it, "entity_key_str"));
	if (name && *name)
		snprintf(h->name, sizeof h->name, "%s", name);
	if (!h->entity_key[0] && key && strlen(key) < sizeof h->entity_key)
		snprintf(h->entity_key, sizeof h->entity_key, "%s", key);
	const cJSON *infos = cJSON_GetObjectItemCaseSensitive(it, "hotspot_infos");
	h->has_info = 1;
	sub_info(h, cJSON_GetObjectItemCaseSensitive(infos, "iot"), &h->iot, &h->iot_active);
	sub_info(h, cJSON_GetObjectItemCaseSensitive(infos, "mobile"), &h->mobile, &h->mobile_active);
}

/* Submits the recipients (getMultipleAccounts, 100 a request) and the
 * oracles' /bulk-rewards (HELIUM_ORACLE_BATCH keys a request), all at once. */
static int submit_rewards(struct net_task *t, struct state *st)
{
	struct error e = {0};
	size_t ntok = 0;
	for (size_t k = 0; k < st->ntokens; k++)
		ntok += st->has_ld[st->tokens[k]];
	if (!ntok || !st->nhs)
		return 0;
	/* recipients */
	size_t total = ntok * st->nhs, chunk = 100;
	uint8_t(*keys)[32] = malloc(chunk * sizeof *keys);
	if (!keys)
		return net_fail(t, ERR_FAIL, "helium: out of memory");
	size_t n = 0, idx = 0;
	for (size_t k = 0; k < st->ntokens; k++) {
		int tok = st->tokens[k];
		if (!st->has_ld[tok])
			continue;
		for (size_t i = 0; i < st->nhs; i++, idx++) {
			if (helium_recipient_key(keys[n], NULL, st->ld_key[tok], st->hs[i].asset, &e)) {
				free(keys);
				return net_fail(t, e.code, "helium: recipient of '%s': %s", st->hs[i].asset_b58, e.msg);
			}
			if (++n == chunk || idx + 1 == total) {
				if (!net_rpc_tag(t, TAG(TAG_RCP, idx + 1 - n), st->urls, st->nurls, "getMultipleAccounts",
						 accounts_params((const uint8_t(*)[32])keys, n))) {
					free(keys);
					return submit_failed(t);
				}
				n = 0;
			}
		}
	}
	free(keys);
	/* oracles */
	size_t batches = (st->nhs + HELIUM_ORACLE_BATCH - 1) / HELIUM_ORACLE_BATCH, no = 0;
	for (size_t k = 0; k < st->ntokens; k++)
		no += st->has_ld[st->tokens[k]] ? st->ld[st->tokens[k]].noracles * batches : 0;
	if (!(st->oreqs = calloc(no ? no : 1, sizeof *st->oreqs)))
		return net_fail(t, ERR_FAIL, "helium: out of memory");
	for (size_t k = 0; k < st->ntokens; k++) {
		int tok = st->tokens[k];
		if (!st->has_ld[tok])
			continue;
		size_t nor = st->ld[tok].noracles;
		for (size_t i = 0; i < st->nhs; i++)
			if (!(st->hs[i].answers[tok] = calloc(nor, sizeof(uint64_t))) ||
			    !(st->hs[i].answered[tok] = calloc(nor, 1)))
				return net_fail(t, ERR_FAIL, "helium: out of memory");
		for (size_t o = 0; o < nor; o++)
			for (size_t b = 0; b < batches; b++) {
				struct oracle_req *q = &st->oreqs[st->noreqs];
				q->token = tok;
				q->oracle = o;
				q->first = b * HELIUM_ORACLE_BATCH;
				q->count = st->nhs - q->first < HELIUM_ORACLE_BATCH ? st->nhs - q->first : HELIUM_ORACLE_BATCH;
				cJSON *body = cJSON_CreateObject(), *arr = cJSON_AddArrayToObject(body, "entityKeys");
				for (size_t i = q->first; i < q->first + q->count; i++)
					if (st->hs[i].entity_key[0])
						cJSON_AddItemToArray(arr, cJSON_CreateString(st->hs[i].entity_key));
				char *text = cJSON_PrintUnformatted(body);
				cJSON_Delete(body);
				char url[HELIUM_ORACLE_URL_MAX + 32];
				const char *base = st->oracle_url[tok][o];
				size_t bl = strlen(base);
				snprintf(url, sizeof url, "%.*s/bulk-rewards", (int)(bl && base[bl - 1] == '/' ? bl - 1 : bl),
					 base);
				static const char *const hdr[] = {"Content-Type: application/json", NULL};
				struct net_req *r = text ? net_post_tag(t, TAG(TAG_ORACLE, st->noreqs), url, hdr, text) : NULL;
				free(text);
				if (!r)
					return submit_failed(t);
				st->noreqs++;
			}
	}
	return 0;
}

static int parse_lds(struct net_task *t, struct state *st, const struct net_req *r)
{
	const cJSON *v = accounts_value(r->json, st->ntokens);
	if (!v)
		return net_fail(t, ERR_NET, "helium: getMultipleAccounts of the lazy distributors: not %zu accounts",
				st->ntokens);
	for (size_t k = 0; k < st->ntokens; k++) {
		int tok = st->tokens[k];
		const cJSON *acc = cJSON_GetArrayItem(v, (int)k);
		if (cJSON_IsNull(acc))
			continue; /* no lazy distributor for this mint on this cluster */
		uint8_t *d;
		size_t len;
		struct error e = {0};
		if (b64_data(&d, &len, cJSON_GetObjectItemCaseSensitive(acc, "data")))
			return net_fail(t, ERR_NET, "helium: the %s lazy distributor's data is not base64",
					helium_token_name((enum helium_token)tok));
		int rc = helium_ld_account_parse(&st->ld[tok], d, len, &e);
		free(d);
		if (rc)
			return net_fail(t, ERR_NET, "helium: the %s lazy distributor: %s",
					helium_token_name((enum helium_token)tok), e.msg);
		if (!st->ld[tok].noracles)
			return net_fail(t, ERR_NET, "helium: the %s lazy distributor lists no oracle",
					helium_token_name((enum helium_token)tok));
		st->has_ld[tok] = 1;
		for (size_t o = 0; o < st->ld[tok].noracles; o++)
			st->oracle_url[tok][o] = st->ld[tok].oracles[o].url;
	}
	return 0;
}

/* The [helium] oracle-url setting: one base URL asked instead of every
 * oracle the lazy distributors list (a local or private oracle). */
static void apply_oracle_override(struct net_task *t, struct state *st)
{
	const char *v = net_setting(t, "oracle-url");
	if (!v || !*v)
		return;
	for (size_t k = 0; k < st->ntokens; k++) {
		int tok = st->tokens[k];
		for (size_t o = 0; o < st->ld[tok].noracles; o++)
			st->oracle_url[tok][o] = v;
	}
}

static int parse_recipients(struct net_task *t, struct state *st, const struct net_req *r)
{
	size_t first = TAG_IDX(r->tag);
	size_t ntok = 0;
	for (size_t k = 0; k < st->ntokens; k++)
		ntok += st->has_ld[st->tokens[k]];
	size_t total = ntok * st->nhs, n = total - first < 100 ? total - first : 100;
	const cJSON *v = accounts_value(r->json, n);
	if (!v)
		return net_fail(t, ERR_NET, "helium: getMultipleAccounts of recipients: not %zu accounts", n);
	for (size_t j = 0; j < n; j++) {
		size_t idx = first + j, ti = idx / st->nhs, hi = idx % st->nhs, seen = 0;
		int tok = -1;
		for (size_t k = 0; k < st->ntokens; k++)
			if (st->has_ld[st->tokens[k]] && seen++ == ti)
				tok = st->tokens[k];
		const cJSON *acc = cJSON_GetArrayItem(v, (int)j);
		if (tok < 0 || cJSON_IsNull(acc))
			continue; /* never claimed: no recipient yet, total 0 */
		uint8_t *d;
		size_t len;
		struct error e = {0};
		struct helium_recipient_account rc;
		if (b64_data(&d, &len, cJSON_GetObjectItemCaseSensitive(acc, "data")))
			return net_fail(t, ERR_NET, "helium: a recipient's data is not base64");
		int bad = helium_recipient_account_parse(&rc, d, len, &e);
		free(d);
		struct hotspot *h = &st->hs[hi];
		if (bad)
			return net_fail(t, ERR_NET, "helium: recipient of '%s': %s", h->asset_b58, e.msg);
		if (memcmp(rc.asset, h->asset, 32) || memcmp(rc.lazy_distributor, st->ld_key[tok], 32))
			return net_fail(t, ERR_NET, "helium: recipient of '%s' names another asset or distributor",
					h->asset_b58);
		h->has_recipient[tok] = 1;
		h->total[tok] = rc.total_rewards;
	}
	return 0;
}

static int parse_oracle(struct net_task *t, struct state *st, const struct net_req *r)
{
	size_t qi = TAG_IDX(r->tag);
	if (qi >= st->noreqs)
		return net_fail(t, ERR_FAIL, "helium: an oracle reply nobody asked for");
	const struct oracle_req *q = &st->oreqs[qi];
	const char *url = st->oracle_url[q->token][q->oracle];
	const cJSON *cur = cJSON_GetObjectItemCaseSensitive(r->json, "currentRewards");
	if (!r->json)
		return net_fail(t, ERR_NET, "helium: oracle '%s': the reply is not JSON", url);
	if (!cJSON_IsObject(cur))
		return net_fail(t, ERR_NET, "helium: oracle '%s': no currentRewards in the reply", url);
	const cJSON *v;
	cJSON_ArrayForEach(v, cur)
	{
		struct hotspot *h = v->string ? find_key(st, v->string) : NULL;
		size_t i = h ? (size_t)(h - st->hs) : 0;
		/* answers only about the keys this request asked for */
		if (!h || !h->entity_key[0] || i < q->first || i >= q->first + q->count || cJSON_IsNull(v))
			continue;
		uint64_t x;
		if (jsonrpc_u64(&x, v))
			return net_fail(t, ERR_NET, "helium: oracle '%s': the rewards of '%s' are not an amount", url,
					h->entity_key);
		if (h->answered[q->token][q->oracle])
			return net_fail(t, ERR_NET, "helium: oracle '%s': '%s' answered twice", url, h->entity_key);
		h->answers[q->token][q->oracle] = x;
		h->answered[q->token][q->oracle] = 1;
	}
	return 0;
}

static int fill(struct net_task *t, struct state *st)
{
	for (size_t i = 0; i < st->nhs; i++) {
		struct hotspot *h = &st->hs[i];
		struct net_device *d = net_result_device(t->out);
		if (!d)
			return net_fail(t, ERR_FAIL, "helium: out of memory");
		snprintf(d->id, sizeof d->id, "%s", h->asset_b58);
		snprintf(d->name, sizeof d->name, "%s", h->name);
		snprintf(d->kind, sizeof d->kind, "%s",
			 h->iot && h->mobile ? "iot+mobile hotspot" : h->iot ? "iot hotspot" : h->mobile ? "mobile hotspot"
													   : "hotspot");
		snprintf(d->owner, sizeof d->owner, "%s", st->owners[h->owner]);
		snprintf(d->location, sizeof d->location, "%s", h->location);
		d->has_position = h->has_position;
		d->lat = h->lat;
		d->lon = h->lon;
		d->onboarded = h->onboarded;
		if (h->has_info && (h->iot || h->mobile))
			d->status = (h->iot && h->iot_active) || (h->mobile && h->mobile_active) ? NET_STATUS_ONLINE
												  : NET_STATUS_OFFLINE;
		snprintf(d->detail, sizeof d->detail, "key %.24s%s%s%s", h->entity_key[0] ? h->entity_key : "?",
			 strlen(h->entity_key) > 24 ? "..." : "", h->iot ? (h->iot_active ? ", iot active" : ", iot inactive") : "",
			 h->mobile ? (h->mobile_active ? ", mobile active" : ", mobile inactive") : "");
		for (size_t k = 0; k < st->ntokens; k++) {
			int tok = st->tokens[k];
			if (!st->has_ld[tok] || !h->answers[tok])
				continue;
			uint64_t v[HELIUM_LD_MAX_ORACLES];
			size_t n = 0;
			for (size_t o = 0; o < st->ld[tok].noracles; o++)
				if (h->answered[tok][o])
					v[n++] = h->answers[tok][o];
			/* the program distributes only with answers from at least
			 * half the oracles (rounded up) */
			if (!n || n < (st->ld[tok].noracles + 1) / 2)
				continue;
			uint64_t med = helium_median(v, n);
			uint64_t pending = med > h->total[tok] ? med - h->total[tok] : 0;
			struct net_money m;
			const char *name = helium_token_name((enum helium_token)tok);
			unsigned dec = helium_token_decimals((enum helium_token)tok);
			/* IOT / MOBILE shown only where the hotspot still has some */
			if (tok != HELIUM_HNT && !pending && !med)
				continue;
			if (net_money_set_u64(&m, name, dec, med) || net_device_add_lifetime(d, &m) ||
			    net_money_set_u64(&m, name, dec, pending) || net_device_add_pending(d, &m))
				return net_fail(t, ERR_FAIL, "helium: out of memory");
			if (pending)
				d->claimable = 1;
		}
	}
	return 0;
}

static int refresh(struct net_task *t)
{
	struct state *st = t->state;
	int rc;
	if (!st) {
		if (!(st = calloc(1, sizeof *st)))
			return net_fail(t, ERR_FAIL, "helium: out of memory");
		t->state = st;
		t->free_state = state_free;
	}
	switch (st->phase) {
	case PH_START: {
		if ((rc = start(t, st)))
			return rc;
		if (!st->nowners)
			return NET_DONE;
		const char *das = net_setting(t, "das");
		st->das = st->urls;
		st->ndas = st->nurls;
		if (das && *das) {
			st->das_one[0] = das;
			st->das = st->das_one;
			st->ndas = 1;
		}
		const char *ent = net_setting(t, "entity-api");
		for (size_t i = 0; i < st->nowners; i++) {
			if (!das_page(t, st, i, 1))
				return submit_failed(t);
			if (ent && *ent) {
				char url[1024];
				size_t bl = strlen(ent);
				snprintf(url, sizeof url, "%.*s/v2/wallet/%s", (int)(bl && ent[bl - 1] == '/' ? bl - 1 : bl),
					 ent, st->owners[i]);
				if (!net_get_tag(t, TAG(TAG_ENTITY, i), url, NULL))
					return submit_failed(t);
			}
		}
		uint8_t keys[MAX_TOKENS][32];
		struct error e = {0};
		for (size_t k = 0; k < st->ntokens; k++) {
			uint8_t mint[32];
			int tok = st->tokens[k];
			helium_key(mint, helium_token_mint((enum helium_token)tok));
			if (helium_lazy_distributor_key(st->ld_key[tok], NULL, mint, &e))
				return net_fail(t, e.code, "helium: lazy distributor: %s", e.msg);
			memcpy(keys[k], st->ld_key[tok], 32);
		}
		if (!net_rpc_tag(t, TAG(TAG_LD, 0), st->urls, st->nurls, "getMultipleAccounts",
				 accounts_params((const uint8_t(*)[32])keys, st->ntokens)))
			return submit_failed(t);
		st->phase = PH_PAGES;
		return NET_WAIT;
	}
	case PH_PAGES: {
		int more = 0;
		for (size_t i = 0; i < t->nreqs; i++) {
			const struct net_req *r = t->reqs[i];
			int kind = TAG_KIND(r->tag);
			size_t idx = TAG_IDX(r->tag);
			if (r->code)
				return net_fail_req(t, r);
			if (kind == TAG_DAS) {
				if ((rc = add_assets(t, st, idx, r->json)) < 0)
					return rc;
				if (rc == 1) {
					if (!das_page(t, st, idx, st->page[idx] + 1))
						return submit_failed(t);
					more = 1;
				}
			} else if (kind == TAG_ENTITY) {
				const cJSON *list = cJSON_GetObjectItemCaseSensitive(r->json, "hotspots");
				if (!cJSON_IsArray(list))
					return net_fail(t, ERR_NET, "helium: entity API /v2/wallet/%s: no hotspots list",
							st->owners[idx]);
				st->infos[idx] = net_req_take_json((struct net_req *)r);
			} else if (kind == TAG_LD) {
				if ((rc = parse_lds(t, st, r)))
					return rc;
				apply_oracle_override(t, st);
			}
		}
		if (more)
			return NET_WAIT;
		if ((rc = index_assets(t, st)))
			return rc;
		for (size_t o = 0; o < st->nowners; o++) {
			const cJSON *it;
			cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(st->infos[o], "hotspots"))
			{
				struct hotspot *h = find_asset(
					st, cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(it, "asset_id")));
				if (h && h->owner == o)
					apply_info(h, it);
			}
		}
		if ((rc = index_keys(t, st)))
			return rc;
		if ((rc = submit_rewards(t, st)))
			return rc;
		st->phase = PH_REWARDS;
		if (!t->next || !t->nnext) {
			if ((rc = fill(t, st)))
				return rc;
			return NET_DONE;
		}
		return NET_WAIT;
	}
	case PH_REWARDS:
		for (size_t i = 0; i < t->nreqs; i++) {
			const struct net_req *r = t->reqs[i];
			if (r->code)
				return net_fail_req(t, r);
			int kind = TAG_KIND(r->tag);
			if (kind == TAG_RCP && (rc = parse_recipients(t, st, r)))
				return rc;
			if (kind == TAG_ORACLE && (rc = parse_oracle(t, st, r)))
				return rc;
		}
		if ((rc = fill(t, st)))
			return rc;
		st->phase = PH_DONE;
		return NET_DONE;
	}
	return NET_DONE;
}

/* ---- metrics ----------------------------------------------------------------------------------- */

static int metrics(struct net_task *t)
{
	const char *const *urls;
	size_t nurls = net_rpc_urls(t, "solana", &urls);
	struct error e = {0};
	int64_t now = net_now(t);
	uint64_t cur = (uint64_t)(now / HELIUM_EPOCH_SECS);
	uint8_t hnt[32], iot[32], mobile[32], dao[32], sd_iot[32], sd_mobile[32];
	helium_key(hnt, HELIUM_HNT_MINT);
	helium_key(iot, HELIUM_IOT_MINT);
	helium_key(mobile, HELIUM_MOBILE_MINT);
	if (helium_dao_key(dao, NULL, hnt, &e) || helium_sub_dao_key(sd_iot, NULL, iot, &e) ||
	    helium_sub_dao_key(sd_mobile, NULL, mobile, &e))
		return net_fail(t, e.code, "helium: %s", e.msg);
	const size_t ne = HELIUM_METRIC_EPOCHS;
	if (t->stage == 0) {
		if (!nurls)
			return net_fail(t, ERR_USAGE, "helium: no Solana RPC endpoint (set [helium] rpc or [network.solana] rpc)");
		/* epochs cur-1 .. cur-30: dao, iot, mobile epoch infos, then the
		 * price and the HNT lazy distributor (its oracle counts active
		 * devices) */
		uint8_t(*keys)[32] = malloc((3 * ne + 2) * sizeof *keys);
		if (!keys)
			return net_fail(t, ERR_FAIL, "helium: out of memory");
		for (size_t i = 0; i < ne; i++) {
			uint64_t ep = cur - 1 - i;
			if (helium_dao_epoch_info_key(keys[3 * i], NULL, dao, ep, &e) ||
			    helium_sub_dao_epoch_info_key(keys[3 * i + 1], NULL, sd_iot, ep, &e) ||
			    helium_sub_dao_epoch_info_key(keys[3 * i + 2], NULL, sd_mobile, ep, &e)) {
				free(keys);
				return net_fail(t, e.code, "helium: %s", e.msg);
			}
		}
		const char *price = net_setting(t, "price-account");
		if (key_of(keys[3 * ne], price && *price ? price : DC_HNT_PRICE_ACCOUNT)) {
			free(keys);
			return net_fail(t, ERR_USAGE, "helium: price-account '%s' is not an address", price);
		}
		if (helium_lazy_distributor_key(keys[3 * ne + 1], NULL, hnt, &e)) {
			free(keys);
			return net_fail(t, e.code, "helium: %s", e.msg);
		}
		struct net_req *r = net_rpc_tag(t, TAG(TAG_EPOCHS, 0), urls, nurls, "getMultipleAccounts",
						accounts_params((const uint8_t(*)[32])keys, 3 * ne + 2));
		free(keys);
		if (!r)
			return submit_failed(t);
		const char *ent = net_setting(t, "entity-api");
		if (ent && *ent) {
			static const char *const sub[2] = {"iot", "mobile"};
			for (int k = 0; k < 2; k++) {
				char url[1024];
				size_t bl = strlen(ent);
				snprintf(url, sizeof url, "%.*s/v2/hotspots/pagination-metadata?subnetwork=%s",
					 (int)(bl && ent[bl - 1] == '/' ? bl - 1 : bl), ent, sub[k]);
				if (!net_get_tag(t, TAG(TAG_COUNT, k), url, NULL))
					return submit_failed(t);
			}
		}
		t->stage = 1;
		return NET_WAIT;
	}
	if (t->stage == 2) {
		const struct net_req *r = t->nreqs ? t->reqs[0] : NULL;
		if (!r)
			return NET_DONE;
		if (r->code)
			return net_fail_req(t, r);
		const cJSON *n = cJSON_GetObjectItemCaseSensitive(r->json, "count");
		if (!cJSON_IsNumber(n) || n->valuedouble < 0 || n->valuedouble > 1e9)
			return net_fail(t, ERR_NET, "helium: oracle /active-devices: no count");
		struct net_metric *m = net_result_metric(t->out, "devices_active", "Active hotspots (HNT oracle)",
							 n->valuedouble, "devices", "GET /active-devices (HNT rewards oracle)");
		if (!m)
			return net_fail(t, ERR_FAIL, "helium: out of memory");
		m->at = now;
		return NET_DONE;
	}
	char *oracle = NULL;
	double emitted24 = 0, emitted30 = 0, dc24 = 0, dc30 = 0, burned_hnt30 = 0;
	int found = 0, latest = -1;
	int64_t at = 0;
	uint64_t nusd = 0;
	int has_price = 0;
	for (size_t i = 0; i < t->nreqs; i++) {
		const struct net_req *r = t->reqs[i];
		int kind = TAG_KIND(r->tag);
		if (r->code)
			return net_fail_req(t, r);
		if (kind == TAG_COUNT) {
			const cJSON *n = cJSON_GetObjectItemCaseSensitive(r->json, "totalItems");
			if (!cJSON_IsNumber(n) || n->valuedouble < 0)
				return net_fail(t, ERR_NET, "helium: entity API pagination-metadata: no totalItems");
			int iotk = TAG_IDX(r->tag) == 0;
			struct net_metric *m = net_result_metric(t->out, iotk ? "devices_total_iot" : "devices_total_mobile",
								 iotk ? "IOT hotspots onboarded" : "MOBILE hotspots onboarded",
								 n->valuedouble, "devices",
								 "GET /v2/hotspots/pagination-metadata (Entity API)");
			if (!m)
				return net_fail(t, ERR_FAIL, "helium: out of memory");
			m->at = now;
			continue;
		}
		const cJSON *v = accounts_value(r->json, 3 * ne + 2);
		if (!v)
			return net_fail(t, ERR_NET, "helium: getMultipleAccounts of the epoch infos: not %zu accounts",
					3 * ne + 2);
		for (size_t k = 0; k < 3 * ne + 2; k++) {
			const cJSON *acc = cJSON_GetArrayItem(v, (int)k);
			if (cJSON_IsNull(acc))
				continue;
			uint8_t *d;
			size_t len;
			if (b64_data(&d, &len, cJSON_GetObjectItemCaseSensitive(acc, "data")))
				return net_fail(t, ERR_NET, "helium: an epoch info's data is not base64");
			int bad = 0;
			size_t ep = k / 3;
			if (k == 3 * ne + 1) {
				struct helium_ld_account ld;
				if ((bad = helium_ld_account_parse(&ld, d, len, &e)) == 0 && ld.noracles &&
				    !(oracle = strdup(ld.oracles[0].url)))
					bad = error_set(&e, ERR_FAIL, "out of memory");
			} else if (k == 3 * ne) {
				struct dc_price p;
				if (dc_price_parse(&p, d, len, &e) == 0 && dc_price_nusd(&nusd, &p, false, &e) == 0)
					has_price = 1;
			} else if (k % 3 == 0) {
				struct helium_dao_epoch_info x;
				if ((bad = helium_dao_epoch_info_parse(&x, d, len, &e)) == 0 && x.done_issuing_rewards) {
					found++;
					if (latest < 0) {
						latest = (int)ep;
						emitted24 = (double)x.total_rewards / 1e8;
						at = (int64_t)(x.epoch + 1) * HELIUM_EPOCH_SECS;
					}
					emitted30 += (double)x.total_rewards / 1e8;
					burned_hnt30 += (double)x.smoothed_hnt_burned / 1e8;
				}
			} else {
				struct helium_sub_dao_epoch_info x;
				if ((bad = helium_sub_dao_epoch_info_parse(&x, d, len, &e)) == 0) {
					dc30 += (double)x.dc_burned;
					if (latest >= 0 && ep == (size_t)latest)
						dc24 += (double)x.dc_burned;
				}
			}
			free(d);
			if (bad && k == 3 * ne + 1) {
				free(oracle);
				return net_fail(t, ERR_NET, "helium: the HNT lazy distributor: %s", e.msg);
			}
			if (bad) {
				free(oracle);
				return net_fail(t, ERR_NET, "helium: epoch %llu: %s", (unsigned long long)(cur - 1 - ep), e.msg);
			}
		}
	}
	/* the oracle's URL outlives this step: the task state owns it */
	free(t->state);
	t->state = oracle;
	t->free_state = free;
	if (!found)
		return net_fail(t, ERR_NOTFOUND, "helium: no DaoEpochInfoV0 with rewards issued in the last %zu epochs", ne);
	static const char *const dsrc = "DaoEpochInfoV0 (helium_sub_daos)", *const ssrc = "SubDaoEpochInfoV0 (helium_sub_daos)";
	struct net_metric *m;
#define METRIC(k, l, v, u, s)                                                                                 \
	do {                                                                                                  \
		if (!(m = net_result_metric(t->out, k, l, v, u, s)))                                          \
			return net_fail(t, ERR_FAIL, "helium: out of memory");                               \
		m->at = at;                                                                                   \
	} while (0)
	METRIC("emissions_24h", "HNT emitted (last epoch)", emitted24, "HNT", dsrc);
	METRIC("emissions_30d", "HNT emitted (30 epochs)", emitted30, "HNT", dsrc);
	METRIC("data_credits_burned_24h", "DC burned (last epoch)", dc24, "DC", ssrc);
	METRIC("data_credits_burned_30d", "DC burned (30 epochs)", dc30, "DC", ssrc);
	METRIC("revenue_usd_24h", "Revenue (DC at $0.00001)", dc24 / 1e5, "USD", ssrc);
	METRIC("revenue_usd_30d", "Revenue 30 days (DC at $0.00001)", dc30 / 1e5, "USD", ssrc);
	if (has_price) {
		double price = (double)nusd / 1e9;
		METRIC("price_usd", "HNT price", price, "USD", "PriceUpdateV2 (Pyth HNT/USD)");
		if (price > 0) {
			METRIC("burn_30d", "HNT burned for DC (30 epochs)", dc30 / 1e5 / price, "HNT",
			       "SubDaoEpochInfoV0 DC / Pyth price");
			if (emitted30 > 0)
				METRIC("burn_emission_ratio", "Burn / emission (30 epochs)", dc30 / 1e5 / price / emitted30,
				       "", "SubDaoEpochInfoV0 DC at the Pyth price / DaoEpochInfoV0");
		}
		if (!net_result_price(t->out, "HNT", nusd, "Pyth PriceUpdateV2"))
			return net_fail(t, ERR_FAIL, "helium: out of memory");
	} else if (emitted30 > 0) {
		METRIC("burn_emission_ratio", "Burn / emission (30 epochs, smoothed)", burned_hnt30 / emitted30, "",
		       "DaoEpochInfoV0 smoothed_hnt_burned / total_rewards");
	}
#undef METRIC
	const char *over = net_setting(t, "oracle-url");
	const char *base = over && *over ? over : t->state;
	if (!base)
		return NET_DONE; /* no HNT lazy distributor on this cluster */
	char url[HELIUM_ORACLE_URL_MAX + 32];
	size_t bl = strlen(base);
	snprintf(url, sizeof url, "%.*s/active-devices", (int)(bl && base[bl - 1] == '/' ? bl - 1 : bl), base);
	if (!net_get_tag(t, TAG(TAG_COUNT, 9), url, NULL))
		return submit_failed(t);
	t->stage = 2;
	return NET_WAIT;
}

/* ---- the adapter ------------------------------------------------------------------------------ */

static const struct net_setting settings[] = {
	{"das", NULL, "DAS (Digital Asset Standard) JSON-RPC endpoint for searchAssets; default: the rpc"},
	{"entity-api", "https://entities.nft.helium.io", "Helium Entity API base URL (names, subnetworks, locations)"},
	{"tokens", "HNT", "reward tokens to read: HNT, and IOT / MOBILE for hotspots that still have them"},
	{"oracle-url", NULL, "an oracle base URL used instead of the ones the lazy distributors list"},
	{"price-account", DC_HNT_PRICE_ACCOUNT, "the Pyth PriceUpdateV2 account of HNT/USD"},
	{"lookup-table", "43eY9L2spbM2b1MPDFFBStUiFGt29ziZ1nc1xbpzsfVt", "the address lookup table claims are packed with"},
	{"lazy-distributor", NULL, "the lazy distributor claims go through; default: HNT's"},
	{"hnt-mint", "hntyVP6YFm1Hg25TN9WGLqM12b8TQmcknKrdu1oxWux", "the HNT mint (its lazy distributor is derived from it)"},
	{NULL, NULL, NULL},
};

const struct net_adapter helium_adapter = {
	.name = "helium",
	.title = "Helium",
	.chain = "solana",
	.family = "solana",
	.token = "HNT",
	.caps = NET_CAP_DEVICES | NET_CAP_STATUS | NET_CAP_LOCATION | NET_CAP_PENDING | NET_CAP_CLAIM |
		NET_CAP_STAKE | NET_CAP_METRICS,
	.source = {
		[0] = "DAS searchAssets (hotspot creator, verified) + Entity API /v2/wallet",
		[1] = "Entity API hotspot_infos is_active (iot / mobile)",
		[2] = "Entity API hotspot_infos (city, lat/long, h3)",
		[3] = NULL,
		[4] = "oracles of LazyDistributorV0 POST /bulk-rewards, median - RecipientV0.total_rewards",
		[5] = "rewards oracle /v1/sign + lazy_distributor distribute (claim.c)",
		[6] = "voter_stake_registry PositionV0 / helium_sub_daos DelegatedPositionV0 (veHNT)",
		[7] = "DaoEpochInfoV0 / SubDaoEpochInfoV0, Pyth PriceUpdateV2, oracle /active-devices, Entity API counts",
	},
	.missing = "earnings history: no Helium API gives a hotspot's daily rewards (the history store builds it "
		   "from the lifetime figures of each refresh)",
	.settings = settings,
	.refresh = refresh,
	.metrics = metrics,
	.claim_prepare = helium_claim_prepare,
	.claim_execute = helium_claim_execute,
	.claim_release = helium_claim_release,
	.stake_verbs = helium_stake_verbs,
};
