/* Srcful ("srcful"): SRC earnings from SPL token transfers into the wallets
 * (soltransfers.h: getSignaturesForAddress + getTransaction, cached). */
#include "config.h"

#include "networks/network.h"
#include "networks/soltransfers.h"

static const struct soltx_token token = {NULL, "SRC", 9};

static int refresh(struct net_task *t)
{
	return soltx_token_refresh(t, &token, "energy gateway wallet", NULL);
}

static const struct net_setting settings[] = {
	{"mint", NULL, "the SRC mint followed"},
	{"decimals", "9", "the mint's decimals"},
	{NULL, NULL, NULL},
};

const struct net_adapter srcful_adapter = {
	.name = "srcful",
	.title = "Srcful",
	.chain = "solana",
	.family = "solana",
	.token = "SRC",
	.caps = NET_CAP_DEVICES | NET_CAP_EARNINGS,
	.source = {
		[0] = "the wallet's SRC token account (associated token account)",
		[3] = "SRC transfers into it: getSignaturesForAddress + getTransaction (token balance changes)",
	},
	.missing = "Srcful pays no SPL token depinctl knows: set [srcful] mint (and decimals) to follow one; gateway status has no public read path",
	.settings = settings,
	.refresh = refresh,
};
