/* GEODNET: GNSS base stations paid daily in GEOD on Polygon
 * (0xAC0F66379A6d7801D7726d5a943356A172549Adb, 18 decimals, per GEODNET's
 * tokenomics page). The wallet's GEOD balance and its daily earnings from
 * the Transfer logs into it (erc20history.c). Station status lives in the
 * GEODNET console behind the operator's login: no public read path. */
#include "config.h"

#include "networks/erc20history.h"
#include "networks/network.h"

static const struct erc20h_token geod = {
	.contract = "0xac0f66379a6d7801d7726d5a943356a172549adb",
	.symbol = "GEOD",
	.decimals = 18,
	.blocks_per_day = 43200, /* ~2 s blocks */
	.confirmations = 64,
};

static int refresh(struct net_task *t)
{
	return erc20h_token_refresh(t, &geod, "geod wallet");
}

static const struct net_setting settings[] = {
	ERC20H_SETTINGS,
	{NULL, NULL, NULL},
};

const struct net_adapter geodnet_adapter = {
	.name = "geodnet",
	.title = "GEODNET",
	.chain = "polygon",
	.family = "evm",
	.token = "GEOD",
	.caps = NET_CAP_DEVICES | NET_CAP_EARNINGS,
	.source = {
		[0] = "the wallets (one row each: GEOD balance via balanceOf on Polygon)",
		[3] = "eth_getLogs: GEOD Transfer logs into the wallet, by day (cached)",
	},
	.missing = "station status, location and pending rewards live in the GEODNET console behind the operator's "
		   "login (no public API); supply the wallet the stations pay to ([geodnet] wallets)",
	.settings = settings,
	.refresh = refresh,
};
