/* Render ("render"): RENDER earnings from SPL token transfers into the wallets
 * (soltransfers.h: getSignaturesForAddress + getTransaction, cached). */
#include "config.h"

#include "networks/network.h"
#include "networks/soltransfers.h"

static const struct soltx_token token = {"rndrizKT3MK1iimdxRdWabcF7Zg7AR5T4nud4EkHBof", "RENDER", 8};

static int refresh(struct net_task *t)
{
	return soltx_token_refresh(t, &token, "gpu node wallet", NULL);
}

static const struct net_setting settings[] = {
	{"mint", "rndrizKT3MK1iimdxRdWabcF7Zg7AR5T4nud4EkHBof", "the RENDER mint followed"},
	{"decimals", "8", "the mint's decimals"},
	{NULL, NULL, NULL},
};

const struct net_adapter render_adapter = {
	.name = "render",
	.title = "Render",
	.chain = "solana",
	.family = "solana",
	.token = "RENDER",
	.caps = NET_CAP_DEVICES | NET_CAP_EARNINGS,
	.source = {
		[0] = "the wallet's RENDER token account (associated token account)",
		[3] = "RENDER transfers into it: getSignaturesForAddress + getTransaction (token balance changes)",
	},
	.missing = "node status: Render publishes no per-node API; earnings are the RENDER paid into the wallet",
	.settings = settings,
	.refresh = refresh,
};
