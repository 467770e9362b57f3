/* Filecoin: storage providers (miner actors) and FIL wallets, read-only,
 * through a Lotus JSON-RPC node (Filecoin.* methods of the Lotus full node
 * API v1; a public gateway such as Glif answers the read-only ones):
 *
 *   StateMinerPower            raw / quality-adjusted power, network totals
 *   StateMinerSectorCount      sectors live, active, faulty
 *   StateMinerFaults           the faulty sectors' bitfield (RLE+ runs in JSON)
 *   StateMinerAvailableBalance FIL the provider can withdraw
 *   StateMinerInfo             owner, worker, beneficiary, sector size
 *   WalletBalance              a wallet's FIL
 *   StateVMCirculatingSupplyInternal, StateGetActor f099 (the burnt funds
 *                              actor), ChainHead: the network's figures
 *
 * Every call is made at the head (a null tipset key). Amounts are attoFIL
 * decimal strings, read exactly. */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "amount.h"
#include "networks/erc20history.h"
#include "networks/network.h"

#define MINER_CALLS 5
enum { C_POWER, C_SECTORS, C_FAULTS, C_AVAILABLE, C_INFO };
static const char *const miner_methods[MINER_CALLS] = {
	"Filecoin.StateMinerPower", "Filecoin.StateMinerSectorCount", "Filecoin.StateMinerFaults",
	"Filecoin.StateMinerAvailableBalance", "Filecoin.StateMinerInfo",
};
#define TAG_WALLET 1000000L

static const cJSON *get(const cJSON *o, const char *k)
{
	return cJSON_GetObjectItemCaseSensitive(o, k);
}

/* An actor address as Lotus prints it: f/t, a protocol digit, base32 or digits. */
static int fil_address_ok(const char *s)
{
	size_t n = strlen(s);
	if (n < 3 || n > 120 || (s[0] != 'f' && s[0] != 't') || s[1] < '0' || s[1] > '4')
		return 0;
	for (size_t i = 2; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9')))
			return 0;
	return 1;
}

/* attoFIL as a decimal string, exactly. */
static int read_fil(struct net_money *m, const cJSON *v)
{
	const char *s = cJSON_GetStringValue(v);
	struct u256 u;
	struct error e = {0};
	if (!s || !*s || strspn(s, "0123456789") != strlen(s) || u256_parse_dec(&u, s, &e))
		return ERR_NET;
	return net_money_set(m, "FIL", 18, &u);
}

/* A byte count as a decimal string (power), as a double. */
static int read_bytes(double *out, const cJSON *v)
{
	const char *s = cJSON_GetStringValue(v);
	if (!s || !*s || strspn(s, "0123456789") != strlen(s) || strlen(s) > 40)
		return ERR_NET;
	*out = strtod(s, NULL);
	return 0;
}

static int read_count(uint64_t *out, const cJSON *v)
{
	if (!cJSON_IsNumber(v) || v->valuedouble < 0 || v->valuedouble > 9007199254740991.0 ||
	    v->valuedouble != (double)(uint64_t)v->valuedouble)
		return ERR_NET;
	*out = (uint64_t)v->valuedouble;
	return 0;
}

/* Set bits of a go-bitfield in JSON: run lengths, the first of unset bits. */
static int bitfield_count(uint64_t *out, const cJSON *v)
{
	*out = 0;
	if (cJSON_IsNull(v))
		return 0;
	if (!cJSON_IsArray(v))
		return ERR_NET;
	int i = 0;
	const cJSON *r;
	cJSON_ArrayForEach(r, v)
	{
		uint64_t n;
		if (read_count(&n, r))
			return ERR_NET;
		if (i++ % 2)
			*out += n;
	}
	return 0;
}

static void fmt_bytes(char *out, size_t size, double b)
{
	static const char *const units[] = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
	int u = 0;
	while (b >= 1024 && u < 6) {
		b /= 1024;
		u++;
	}
	snprintf(out, size, "%.2f %s", b, units[u]);
}

static cJSON *at_head(const char *addr)
{
	cJSON *p = cJSON_CreateArray();
	if (addr)
		cJSON_AddItemToArray(p, cJSON_CreateString(addr));
	cJSON_AddItemToArray(p, cJSON_CreateNull());
	return p;
}

static int bad_reply(struct net_task *t, const char *method, const char *subject, const char *what)
{
	return net_fail(t, ERR_NET, "%s '%s': %s", method, subject, what);
}

static int urls_of(struct net_task *t, const char *const **urls, size_t *n)
{
	*n = net_rpc_urls(t, "filecoin", urls);
	if (!*n)
		return net_fail(t, ERR_USAGE, "no Lotus endpoint (set [filecoin] rpc)");
	return 0;
}

static int refresh_lists(struct net_task *t, const char **miners, size_t nminers, const char **wallets, size_t nwallets);

static int refresh_step(struct net_task *t)
{
	const char *const *list;
	size_t nminers = net_device_ids(t, &list);
	const char **miners = erc20h_list_copy(list, nminers);
	size_t nwallets = net_owners(t, "filecoin", &list);
	const char **wallets = erc20h_list_copy(list, nwallets);
	int rc;
	if ((nminers && !miners) || (nwallets && !wallets))
		rc = net_fail(t, ERR_FAIL, "out of memory");
	else
		rc = refresh_lists(t, miners, nminers, wallets, nwallets);
	free(miners);
	free(wallets);
	return rc;
}

static int refresh_lists(struct net_task *t, const char **miners, size_t nminers, const char **wallets, size_t nwallets)
{
	const char *const *urls;
	size_t nurls;
	int rc;
	if (t->stage == 0) {
		if (!nminers && !nwallets)
			return NET_DONE;
		if ((rc = urls_of(t, &urls, &nurls)))
			return rc;
		for (size_t i = 0; i < nminers; i++) {
			if (!fil_address_ok(miners[i]))
				return net_fail(t, ERR_USAGE, "[filecoin] devices: '%.60s' is not a Filecoin address", miners[i]);
			for (int c = 0; c < MINER_CALLS; c++)
				if (!net_rpc_tag(t, (long)i * 10 + c, urls, nurls, miner_methods[c], at_head(miners[i])))
					return t->out->code ? t->out->code : ERR_FAIL;
		}
		for (size_t i = 0; i < nwallets; i++) {
			if (!fil_address_ok(wallets[i]))
				return net_fail(t, ERR_USAGE, "[filecoin] wallets: '%.60s' is not a Filecoin address", wallets[i]);
			cJSON *p = cJSON_CreateArray();
			cJSON_AddItemToArray(p, cJSON_CreateString(wallets[i]));
			if (!net_rpc_tag(t, TAG_WALLET + (long)i, urls, nurls, "Filecoin.WalletBalance", p))
				return t->out->code ? t->out->code : ERR_FAIL;
		}
		t->stage = 1;
		return NET_WAIT;
	}
	/* every reply: a failed one fails the refresh (no partial figures) */
	for (size_t i = 0; i < t->nreqs; i++)
		if (t->reqs[i]->code)
			return net_fail_req(t, t->reqs[i]);
	const cJSON *res[MINER_CALLS];
	for (size_t m = 0; m < nminers; m++) {
		for (int c = 0; c < MINER_CALLS; c++) {
			res[c] = NULL;
			for (size_t i = 0; i < t->nreqs; i++)
				if (t->reqs[i]->tag == (long)m * 10 + c)
					res[c] = t->reqs[i]->json;
			if (!res[c])
				return bad_reply(t, miner_methods[c], miners[m], "no reply");
		}
		struct net_device *d = net_result_device(t->out);
		if (!d)
			return net_fail(t, ERR_FAIL, "out of memory");
		snprintf(d->id, sizeof d->id, "%s", miners[m]);
		snprintf(d->kind, sizeof d->kind, "storage provider");
		double raw, qap, net_qap;
		const cJSON *mp = get(res[C_POWER], "MinerPower"), *tp = get(res[C_POWER], "TotalPower");
		if (read_bytes(&raw, get(mp, "RawBytePower")) || read_bytes(&qap, get(mp, "QualityAdjPower")) ||
		    read_bytes(&net_qap, get(tp, "QualityAdjPower")))
			return bad_reply(t, miner_methods[C_POWER], miners[m], "no MinerPower / TotalPower byte counts");
		uint64_t live, active, faulty, faults;
		if (read_count(&live, get(res[C_SECTORS], "Live")) || read_count(&active, get(res[C_SECTORS], "Active")) ||
		    read_count(&faulty, get(res[C_SECTORS], "Faulty")))
			return bad_reply(t, miner_methods[C_SECTORS], miners[m], "no Live / Active / Faulty counts");
		if (bitfield_count(&faults, res[C_FAULTS]))
			return bad_reply(t, miner_methods[C_FAULTS], miners[m], "not a bitfield");
		struct net_money avail;
		if (read_fil(&avail, res[C_AVAILABLE]))
			return bad_reply(t, miner_methods[C_AVAILABLE], miners[m], "not an attoFIL amount");
		const char *owner = cJSON_GetStringValue(get(res[C_INFO], "Owner"));
		const char *worker = cJSON_GetStringValue(get(res[C_INFO], "Worker"));
		const char *benef = cJSON_GetStringValue(get(res[C_INFO], "Beneficiary"));
		if (!owner || !worker || !fil_address_ok(owner) || !fil_address_ok(worker) || (benef && !fil_address_ok(benef)))
			return bad_reply(t, miner_methods[C_INFO], miners[m], "no Owner / Worker address");
		snprintf(d->owner, sizeof d->owner, "%s", owner);
		if (net_device_add_pending(d, &avail))
			return net_fail(t, ERR_FAIL, "out of memory");
		char q[32];
		fmt_bytes(q, sizeof q, qap);
		snprintf(d->detail, sizeof d->detail,
			 "QAP %s; sectors %" PRIu64 " live, %" PRIu64 " active, %" PRIu64 " faulty; worker %.24s; beneficiary %.24s",
			 q, live, active, faulty, worker, benef ? benef : owner);
		if (faulty || faults)
			d->status = NET_STATUS_DEGRADED;
		else if (qap > 0)
			d->status = NET_STATUS_ONLINE;
		else
			d->status = NET_STATUS_OFFLINE;
	}
	for (size_t w = 0; w < nwallets; w++) {
		const cJSON *v = NULL;
		for (size_t i = 0; i < t->nreqs; i++)
			if (t->reqs[i]->tag == TAG_WALLET + (long)w)
				v = t->reqs[i]->json;
		struct net_money bal;
		if (read_fil(&bal, v))
			return bad_reply(t, "Filecoin.WalletBalance", wallets[w], "not an attoFIL amount");
		struct net_device *d = net_result_device(t->out);
		if (!d)
			return net_fail(t, ERR_FAIL, "out of memory");
		snprintf(d->id, sizeof d->id, "%s", wallets[w]);
		snprintf(d->kind, sizeof d->kind, "fil wallet");
		snprintf(d->owner, sizeof d->owner, "%s", wallets[w]);
		char b[AMOUNT_FMT_MAX];
		net_money_format(b, sizeof b, &bal);
		snprintf(d->detail, sizeof d->detail, "balance %.60s FIL", b);
	}
	return NET_DONE;
}

enum { M_HEAD, M_SUPPLY, M_BURNT };

static int refresh(struct net_task *t)
{
	int rc = refresh_step(t);
	if (rc < 0)
		erc20h_drop_devices(t->out);
	return rc;
}

static int metrics(struct net_task *t)
{
	const char *const *urls;
	size_t nurls;
	int rc;
	if (t->stage == 0) {
		if ((rc = urls_of(t, &urls, &nurls)))
			return rc;
		if (!net_rpc_tag(t, M_HEAD, urls, nurls, "Filecoin.ChainHead", cJSON_CreateArray()) ||
		    !net_rpc_tag(t, M_SUPPLY, urls, nurls, "Filecoin.StateVMCirculatingSupplyInternal", at_head(NULL)) ||
		    !net_rpc_tag(t, M_BURNT, urls, nurls, "Filecoin.StateGetActor", at_head("f099")))
			return t->out->code ? t->out->code : ERR_FAIL;
		t->stage = 1;
		return NET_WAIT;
	}
	const cJSON *r[3] = {NULL, NULL, NULL};
	for (size_t i = 0; i < t->nreqs; i++) {
		if (t->reqs[i]->code)
			return net_fail_req(t, t->reqs[i]);
		if (t->reqs[i]->tag >= 0 && t->reqs[i]->tag < 3)
			r[t->reqs[i]->tag] = t->reqs[i]->json;
	}
	uint64_t height;
	if (read_count(&height, get(r[M_HEAD], "Height")))
		return bad_reply(t, "Filecoin.ChainHead", "head", "no Height");
	struct net_money circ, burnt, mined;
	if (read_fil(&circ, get(r[M_SUPPLY], "FilCirculating")) || read_fil(&mined, get(r[M_SUPPLY], "FilMined")))
		return bad_reply(t, "Filecoin.StateVMCirculatingSupplyInternal", "head", "no FilCirculating / FilMined");
	if (read_fil(&burnt, get(r[M_BURNT], "Balance")))
		return bad_reply(t, "Filecoin.StateGetActor", "f099", "no Balance");
	struct net_metric *m;
	int64_t now = net_now(t);
	if (!(m = net_result_metric(t->out, "supply_circulating", "Circulating FIL", net_money_value(&circ), "FIL",
				    "StateVMCirculatingSupplyInternal FilCirculating")))
		return net_fail(t, ERR_FAIL, "out of memory");
	m->at = now;
	if (!(m = net_result_metric(t->out, "burnt_total", "Burnt FIL (f099)", net_money_value(&burnt), "FIL",
				    "StateGetActor f099 Balance")))
		return net_fail(t, ERR_FAIL, "out of memory");
	m->at = now;
	if (!(m = net_result_metric(t->out, "mined_total", "FIL mined", net_money_value(&mined), "FIL",
				    "StateVMCirculatingSupplyInternal FilMined")))
		return net_fail(t, ERR_FAIL, "out of memory");
	m->at = now;
	if (!(m = net_result_metric(t->out, "chain_height", "Chain height", (double)height, "epochs", "ChainHead Height")))
		return net_fail(t, ERR_FAIL, "out of memory");
	m->at = now;
	return NET_DONE;
}

static const struct net_setting settings[] = {
	{"rpc", "https://api.node.glif.io/rpc/v1", "Lotus JSON-RPC endpoint(s)"},
	{NULL, NULL, NULL},
};

const struct net_adapter filecoin_adapter = {
	.name = "filecoin",
	.title = "Filecoin",
	.chain = "filecoin",
	.family = "",
	.token = "FIL",
	.caps = NET_CAP_DEVICES | NET_CAP_STATUS | NET_CAP_PENDING | NET_CAP_METRICS,
	.source = {
		[0] = "[filecoin] devices (miner ids) + wallets; StateMinerInfo, WalletBalance (Lotus)",
		[1] = "StateMinerSectorCount Faulty + StateMinerFaults + StateMinerPower (Lotus)",
		[4] = "StateMinerAvailableBalance (Lotus)",
		[7] = "StateVMCirculatingSupplyInternal, StateGetActor f099, ChainHead (Lotus)",
	},
	.missing = "miners are not found from a wallet (Lotus has no owner index): list them in [filecoin] devices; "
		   "daily block rewards need a chain indexer, not read",
	.settings = settings,
	.refresh = refresh,
	.metrics = metrics,
};
