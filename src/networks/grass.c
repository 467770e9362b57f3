/* Grass ("grass"): GRASS earnings from SPL token transfers into the wallets
 * (soltransfers.h: getSignaturesForAddress + getTransaction, cached). */
#include "config.h"

#include "networks/network.h"
#include "networks/soltransfers.h"

static const struct soltx_token token = {"Grass7B4RdKfBCjTKgSqnXkqjwiGvQyFbuSCUJr3XXjs", "GRASS", 9};

static int refresh(struct net_task *t)
{
	return soltx_token_refresh(t, &token, "bandwidth node wallet", NULL);
}

static const struct net_setting settings[] = {
	{"mint", "Grass7B4RdKfBCjTKgSqnXkqjwiGvQyFbuSCUJr3XXjs", "the GRASS mint followed"},
	{"decimals", "9", "the mint's decimals"},
	{NULL, NULL, NULL},
};

const struct net_adapter grass_adapter = {
	.name = "grass",
	.title = "Grass",
	.chain = "solana",
	.family = "solana",
	.token = "GRASS",
	.caps = NET_CAP_DEVICES | NET_CAP_EARNINGS,
	.source = {
		[0] = "the wallet's GRASS token account (associated token account)",
		[3] = "GRASS transfers into it: getSignaturesForAddress + getTransaction (token balance changes)",
	},
	.missing = "node status and points: Grass's dashboard API is private (session login); earnings are the GRASS paid into the wallet",
	.settings = settings,
	.refresh = refresh,
};
