/* Energy Web: EWT is the native coin of the Energy Web Chain (an EVM
 * chain, chain id 246, public RPC https://rpc.energyweb.org). The wallets'
 * EWT balances (eth_getBalance). A native coin leaves no Transfer logs, so
 * there is no history from eth_getLogs. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "amount.h"
#include "chains/evm/rpc.h"
#include "networks/erc20history.h"
#include "networks/network.h"
#include "wallet/address.h"

static int submit(struct net_task *t, const char *const *owners, size_t n, const char *const *urls, size_t nurls);
static int read_balances(struct net_task *t, const char *const *owners, size_t n);

static int refresh_step(struct net_task *t)
{
	const char *const *owners, *const *urls;
	size_t n, nurls;
	if (t->stage == 0) {
		nurls = net_rpc_urls(t, "energyweb", &urls); /* used before the owners are asked */
		const char **u = erc20h_list_copy(urls, nurls);
		if (nurls && !u)
			return net_fail(t, ERR_FAIL, "out of memory");
		urls = u;
		n = net_owners(t, "evm", &owners);
		if (!n) {
			free(u);
			return NET_DONE;
		}
		int rc = submit(t, owners, n, urls, nurls);
		free(u);
		return rc;
	}
	n = net_owners(t, "evm", &owners);
	return read_balances(t, owners, n);
}

static int submit(struct net_task *t, const char *const *owners, size_t n, const char *const *urls, size_t nurls)
{
	{
		if (!nurls)
			return net_fail(t, ERR_USAGE, "no RPC endpoint (set [energyweb] rpc)");
		for (size_t i = 0; i < n; i++) {
			uint8_t a[20];
			struct error e = {0};
			if (address_evm_parse(a, owners[i], &e))
				return net_fail(t, ERR_USAGE, "wallet '%.60s': %s", owners[i], e.msg);
			if (!net_rpc_tag(t, (long)i, urls, nurls, "eth_getBalance",
					 evm_rpc_params(2, evm_rpc_address(a), cJSON_CreateString("latest"))))
				return t->out->code ? t->out->code : ERR_FAIL;
		}
		t->stage = 1;
		return NET_WAIT;
	}
}

static int read_balances(struct net_task *t, const char *const *owners, size_t n)
{
	for (size_t i = 0; i < t->nreqs; i++)
		if (t->reqs[i]->code)
			return net_fail_req(t, t->reqs[i]);
	for (size_t i = 0; i < n; i++) {
		const cJSON *v = NULL;
		for (size_t k = 0; k < t->nreqs; k++)
			if (t->reqs[k]->tag == (long)i)
				v = t->reqs[k]->json;
		struct u256 bal;
		struct error e = {0};
		if (evm_rpc_read_u256(&bal, v, "eth_getBalance", &e))
			return net_fail(t, ERR_NET, "eth_getBalance '%.60s': %s", owners[i], e.msg[0] ? e.msg : "no reply");
		struct net_device *d = net_result_device(t->out);
		if (!d)
			return net_fail(t, ERR_FAIL, "out of memory");
		uint8_t a[20];
		if (address_evm_parse(a, owners[i], &e))
			return net_fail(t, ERR_USAGE, "wallet '%.60s': %s", owners[i], e.msg);
		snprintf(d->id, sizeof d->id, "%s", owners[i]);
		snprintf(d->owner, sizeof d->owner, "%s", owners[i]);
		snprintf(d->kind, sizeof d->kind, "ewt wallet");
		char b[100];
		if (amount_format(b, sizeof b, &bal, 18))
			snprintf(b, sizeof b, "?");
		snprintf(d->detail, sizeof d->detail, "balance %.80s EWT", b);
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

static const struct net_setting settings[] = {
	{"rpc", "https://rpc.energyweb.org", "Energy Web Chain JSON-RPC endpoint(s)"},
	{NULL, NULL, NULL},
};

const struct net_adapter energyweb_adapter = {
	.name = "energyweb",
	.title = "Energy Web",
	.chain = "energyweb",
	.family = "evm",
	.token = "EWT",
	.caps = NET_CAP_DEVICES,
	.source = {
		[0] = "the wallets (one row each: EWT balance via eth_getBalance on Energy Web Chain)",
	},
	.missing = "EWT is the chain's native coin: payments leave no Transfer logs, so a dated history needs an "
		   "indexer (trace API); devices and assets registered with Energy Web's origin / DID tools have no "
		   "public API here",
	.settings = settings,
	.refresh = refresh,
};
