/* Powerledger: POWR, an ERC-20 on Ethereum
 * (0x595832F8FC6BF59c85C527fEC3740A1b7a361269, 6 decimals). The wallet's
 * POWR balance and the POWR it received by day (erc20history.c). */
#include "config.h"

#include "networks/erc20history.h"
#include "networks/network.h"

static const struct erc20h_token powr = {
	.contract = "0x595832f8fc6bf59c85c527fec3740a1b7a361269",
	.symbol = "POWR",
	.decimals = 6,
	.blocks_per_day = 7200, /* 12 s slots */
	.confirmations = 12,
};

static int refresh(struct net_task *t)
{
	return erc20h_token_refresh(t, &powr, "powr wallet");
}

static const struct net_setting settings[] = {
	ERC20H_SETTINGS,
	{NULL, NULL, NULL},
};

const struct net_adapter powerledger_adapter = {
	.name = "powerledger",
	.title = "Powerledger",
	.chain = "ethereum",
	.family = "evm",
	.token = "POWR",
	.caps = NET_CAP_DEVICES | NET_CAP_EARNINGS,
	.source = {
		[0] = "the wallets (one row each: POWR balance via balanceOf on Ethereum)",
		[3] = "eth_getLogs: POWR Transfer logs into the wallet, by day (cached)",
	},
	.missing = "energy trading devices and meters are run by Powerledger's platform partners with no public "
		   "API; only the POWR paid to the wallet is read ([powerledger] wallets)",
	.settings = settings,
	.refresh = refresh,
};
