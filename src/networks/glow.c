/* Glow: solar farms paid weekly in GLW on Ethereum
 * (0xf4fbC617A5733EAAF9af08E1Ab816B103388d8B6, 18 decimals). The wallet's
 * GLW balance and the GLW it received by day, from the Transfer logs into it
 * (erc20history.c). */
#include "config.h"

#include "networks/erc20history.h"
#include "networks/network.h"

static const struct erc20h_token glw = {
	.contract = "0xf4fbc617a5733eaaf9af08e1ab816b103388d8b6",
	.symbol = "GLW",
	.decimals = 18,
	.blocks_per_day = 7200,
	.confirmations = 12,
};

static int refresh(struct net_task *t)
{
	return erc20h_token_refresh(t, &glw, "glw wallet");
}

static const struct net_setting settings[] = {
	ERC20H_SETTINGS,
	{NULL, NULL, NULL},
};

const struct net_adapter glow_adapter = {
	.name = "glow",
	.title = "Glow",
	.chain = "ethereum",
	.family = "evm",
	.token = "GLW",
	.caps = NET_CAP_DEVICES | NET_CAP_EARNINGS,
	.source = {
		[0] = "the wallets (one row each: GLW balance via balanceOf on Ethereum)",
		[3] = "eth_getLogs: GLW Transfer logs into the wallet, by day (cached)",
	},
	.missing = "farm rewards per farm are not read, and bucket claims (claimRewardFromBucket on the GCA and miner "
		   "pool) are not built: they need the farm's GLW / USDC weights and Merkle proof from the GCA reports, "
		   "which depinctl does not fetch; claim in Glow's app, the GLW received then shows here",
	.settings = settings,
	.refresh = refresh,
};
