/* Token prices in USD from CoinGecko's simple/price API, as a task on the
 * engine: prices_source is an adapter outside the registry (it has no
 * devices) whose metrics step fills net_result.prices with nano-USD per
 * token for the tokens the networks earn in. Settings ([prices]):
 *   api      the API's base URL (https://api.coingecko.com/api/v3)
 *   api-key  a CoinGecko key (sent as x-cg-pro-api-key to pro-api hosts,
 *            else as x-cg-demo-api-key)
 *   ids      more or other ids: "SYMBOL=coingecko-id,..."
 *   history  days of daily prices to fetch too (coins/ID/market_chart),
 *            0 for none: the history store then knows USD at past days
 *            (a token whose chart is refused, say rate-limited, keeps its
 *            current price only); fetched once a day per process
 * With history, r->prices holds a token's past days first and its current
 * price last. */
#ifndef DEPINCTL_NET_PRICES_H
#define DEPINCTL_NET_PRICES_H

#include <cjson/cJSON.h>
#include "error.h"
#include "networks/network.h"

extern const struct net_adapter prices_source;

/* The CoinGecko id of a token symbol ("HNT" -> "helium"); NULL when unknown. */
const char *prices_coingecko_id(const char *symbol);
/* Every symbol with a known id, in a fixed order; n of them. */
const char *prices_symbol(size_t i);
size_t prices_count(void);

/* A simple/price reply ({"helium": {"usd": 2.15, "last_updated_at": ...}})
 * into r->prices for the n symbols with their ids (an id the reply lacks is
 * skipped: CoinGecko leaves out ids it does not know). at: when, for
 * entries without last_updated_at. ERR_NET for a reply of another shape or
 * an impossible price. */
int prices_parse_simple(struct net_result *r, const cJSON *reply, const char *const *symbols,
			const char *const *ids, size_t n, int64_t at, struct error *e) WUR;
/* A market_chart reply ({"prices": [[ms, usd], ...]}) of one symbol into
 * r->prices, one a day (the day's last). */
int prices_parse_chart(struct net_result *r, const cJSON *reply, const char *symbol, struct error *e) WUR;
/* USD as a JSON number into nano-USD; ERR_NET when negative, not finite or
 * beyond a billion dollars. */
int prices_nusd(uint64_t *out, double usd) WUR;

#endif
