/* Networks listed without a public read path for devices or earnings: each
 * row says what is missing and what the operator can supply instead, and
 * gets whatever real read exists.
 *
 *   Arweave      AR balances from a gateway (GET /wallet/{address}/balance,
 *                winston as text, 12 decimals) and the network's height and
 *                peers (GET /info)
 *   World Mobile a WMTX balance and history when the operator names the
 *                token contract on the EVM chain the wallet holds it on
 *   Gensyn, Pollinate, Daylight: nothing public to read */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "amount.h"
#include "networks/erc20history.h"
#include "networks/network.h"

/* ---- Arweave ------------------------------------------------------------------------ */

static int ar_address_ok(const char *s)
{
	if (strlen(s) != 43)
		return 0;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') || *s == '-' ||
		      *s == '_'))
			return 0;
	return 1;
}

static int arweave_step(struct net_task *t)
{
	const char *const *owners;
	size_t n = net_owners(t, "arweave", &owners);
	const char *gw = net_setting(t, "gateway");
	if (t->stage == 0) {
		for (size_t i = 0; i < n; i++) {
			if (!ar_address_ok(owners[i]))
				return net_fail(t, ERR_USAGE, "[arweave] wallets: '%.60s' is not an Arweave address", owners[i]);
			char url[600];
			snprintf(url, sizeof url, "%s/wallet/%s/balance", gw, owners[i]);
			if (!net_get_tag(t, (long)i, url, NULL))
				return t->out->code ? t->out->code : ERR_FAIL;
		}
		t->stage = 1;
		return n ? NET_WAIT : NET_DONE;
	}
	for (size_t i = 0; i < t->nreqs; i++)
		if (t->reqs[i]->code)
			return net_fail_req(t, t->reqs[i]);
	for (size_t i = 0; i < n; i++) {
		const struct net_req *r = NULL;
		for (size_t k = 0; k < t->nreqs; k++)
			if (t->reqs[k]->tag == (long)i)
				r = t->reqs[k];
		const char *body = r ? r->body : NULL;
		struct u256 w;
		struct error e = {0};
		if (!body || !*body || strlen(body) > 40 || strspn(body, "0123456789") != strlen(body) ||
		    u256_parse_dec(&w, body, &e))
			return net_fail(t, ERR_NET, "arweave balance of '%s': not a winston amount", owners[i]);
		struct net_device *d = net_result_device(t->out);
		if (!d)
			return net_fail(t, ERR_FAIL, "out of memory");
		snprintf(d->id, sizeof d->id, "%s", owners[i]);
		snprintf(d->owner, sizeof d->owner, "%s", owners[i]);
		snprintf(d->kind, sizeof d->kind, "ar wallet");
		char b[100];
		if (amount_format(b, sizeof b, &w, 12))
			snprintf(b, sizeof b, "?");
		snprintf(d->detail, sizeof d->detail, "balance %.80s AR", b);
	}
	return NET_DONE;
}

static int arweave_refresh(struct net_task *t)
{
	int rc = arweave_step(t);
	if (rc < 0)
		erc20h_drop_devices(t->out);
	return rc;
}

static int arweave_metrics(struct net_task *t)
{
	if (t->stage++ == 0) {
		char url[600];
		snprintf(url, sizeof url, "%s/info", net_setting(t, "gateway"));
		return net_get_tag(t, 0, url, NULL) ? NET_WAIT : (t->out->code ? t->out->code : ERR_FAIL);
	}
	const struct net_req *r = t->nreqs ? t->reqs[0] : NULL;
	if (!r)
		return net_fail(t, ERR_FAIL, "arweave /info: no reply");
	if (r->code)
		return net_fail_req(t, r);
	const cJSON *h = cJSON_GetObjectItemCaseSensitive(r->json, "height");
	const cJSON *p = cJSON_GetObjectItemCaseSensitive(r->json, "peers");
	if (!cJSON_IsNumber(h) || h->valuedouble < 0)
		return net_fail(t, ERR_NET, "arweave /info: no height");
	struct net_metric *m = net_result_metric(t->out, "chain_height", "Block height", h->valuedouble, "blocks",
						 "GET /info height");
	if (!m)
		return net_fail(t, ERR_FAIL, "out of memory");
	m->at = net_now(t);
	if (cJSON_IsNumber(p) && (m = net_result_metric(t->out, "peers", "Gateway peers", p->valuedouble, "nodes",
							  "GET /info peers")))
		m->at = net_now(t);
	return NET_DONE;
}

static const struct net_setting arweave_settings[] = {
	{"gateway", "https://arweave.net", "Arweave gateway base URL"},
	{NULL, NULL, NULL},
};

const struct net_adapter arweave_adapter = {
	.name = "arweave",
	.title = "Arweave",
	.chain = "arweave",
	.family = "",
	.token = "AR",
	.caps = NET_CAP_DEVICES | NET_CAP_METRICS,
	.source = {
		[0] = "[arweave] wallets; GET /wallet/{address}/balance (gateway)",
		[7] = "GET /info (gateway): height, peers",
	},
	.missing = "mining rewards per miner are not indexed publicly (they arrive in block rewards to the mining "
		   "address); a miner's own node serves its figures on its local port: supply the mining address in "
		   "[arweave] wallets to follow its AR balance",
	.settings = arweave_settings,
	.refresh = arweave_refresh,
	.metrics = arweave_metrics,
};

/* ---- World Mobile ---------------------------------------------------------------------- */

static int worldmobile_refresh(struct net_task *t)
{
	const char *tok = net_setting(t, "token");
	if (!tok || !*tok)
		return NET_DONE; /* nothing to read until the operator names the contract */
	static const struct erc20h_token wmtx = {
		.contract = "", .symbol = "WMTX", .decimals = 0, .blocks_per_day = 43200, .confirmations = 12,
	};
	struct erc20h_token x = wmtx;
	const char *dec = net_setting(t, "decimals");
	char *end = NULL;
	long v = dec ? strtol(dec, &end, 10) : -1;
	if (!dec || !*dec || *end || v < 0 || v > 36)
		return net_fail(t, ERR_USAGE, "[worldmobile] decimals: set the token's decimals (0..36) with its contract");
	x.decimals = (uint8_t)v;
	return erc20h_token_refresh(t, &x, "wmtx wallet");
}

static const struct net_setting worldmobile_settings[] = {
	{"decimals", NULL, "the token's decimals (as its contract says)"},
	ERC20H_SETTINGS,
	{NULL, NULL, NULL},
};

const struct net_adapter worldmobile_adapter = {
	.name = "worldmobile",
	.title = "World Mobile",
	.chain = "base",
	.family = "evm",
	.token = "WMTX",
	.caps = NET_CAP_DEVICES | NET_CAP_EARNINGS,
	.source = {
		[0] = "[worldmobile] token + wallets: WMTX balanceOf on the chain of [worldmobile] rpc",
		[3] = "eth_getLogs: WMTX Transfer logs into the wallet, by day (cached)",
	},
	.missing = "AirNodes and EarthNodes report to World Mobile's own portal (login), and WMTX rewards are paid "
		   "on Cardano; no public read path here. Supply [worldmobile] token (the WMTX contract on an EVM chain, "
		   "e.g. Base), rpc and wallets to follow a bridged balance and what it received",
	.settings = worldmobile_settings,
	.refresh = worldmobile_refresh,
};

/* ---- nothing public --------------------------------------------------------------------- */

static const struct net_setting no_settings[] = {
	{NULL, NULL, NULL},
};

const struct net_adapter gensyn_adapter = {
	.name = "gensyn",
	.title = "Gensyn",
	.chain = "",
	.family = "",
	.token = "-",
	.caps = 0,
	.missing = "no public read path: Gensyn's testnet nodes (RL Swarm peers) report to Gensyn's own dashboard "
		   "behind a login and pay no token yet; look your peer id up there",
	.settings = no_settings,
};

const struct net_adapter pollinate_adapter = {
	.name = "pollinate",
	.title = "Pollinate",
	.chain = "",
	.family = "",
	.token = "-",
	.caps = 0,
	.missing = "no public read path: Pollinate publishes no device or rewards API; operators see their devices "
		   "in Pollinate's app (account login) only",
	.settings = no_settings,
};

const struct net_adapter daylight_adapter = {
	.name = "daylight",
	.title = "Daylight",
	.chain = "",
	.family = "",
	.token = "-",
	.caps = 0,
	.missing = "no public read path: Daylight's energy devices (batteries, solar, thermostats) are linked to an "
		   "account in Daylight's app, with no public API for devices or rewards; nothing to supply instead",
	.settings = no_settings,
};
