/* The registry: every network adapter, in the order `depinctl networks`
 * and the dashboard show them. */
#include "config.h"
#include <string.h>
#include "networks/network.h"

/* One line per adapter, in this order: its owner uncomments its two lines. */
extern const struct net_adapter helium_adapter;
extern const struct net_adapter filecoin_adapter;
extern const struct net_adapter akash_adapter;
extern const struct net_adapter render_adapter;
extern const struct net_adapter ionet_adapter;
extern const struct net_adapter aethir_adapter;
extern const struct net_adapter hivemapper_adapter;
extern const struct net_adapter dimo_adapter;
extern const struct net_adapter arweave_adapter;
extern const struct net_adapter storj_adapter;
extern const struct net_adapter gensyn_adapter;
extern const struct net_adapter pollinate_adapter;
extern const struct net_adapter worldmobile_adapter;
extern const struct net_adapter powerledger_adapter;
extern const struct net_adapter energyweb_adapter;
extern const struct net_adapter glow_adapter;
extern const struct net_adapter weatherxm_adapter;
extern const struct net_adapter daylight_adapter;
extern const struct net_adapter srcful_adapter;
extern const struct net_adapter nosana_adapter;
extern const struct net_adapter geodnet_adapter;
extern const struct net_adapter grass_adapter;
extern const struct net_adapter solana_stake_adapter;
extern const struct net_adapter merkle_adapter;

const struct net_adapter *const net_adapters[] = {
	&helium_adapter,
	&filecoin_adapter,
	&akash_adapter,
	&render_adapter,
	&ionet_adapter,
	&aethir_adapter,
	&hivemapper_adapter,
	&dimo_adapter,
	&arweave_adapter,
	&storj_adapter,
	&gensyn_adapter,
	&pollinate_adapter,
	&worldmobile_adapter,
	&powerledger_adapter,
	&energyweb_adapter,
	&glow_adapter,
	&weatherxm_adapter,
	&daylight_adapter,
	&srcful_adapter,
	&nosana_adapter,
	&geodnet_adapter,
	&grass_adapter,
	&solana_stake_adapter,
	&merkle_adapter,
	NULL,
};
const size_t net_adapters_len = sizeof net_adapters / sizeof net_adapters[0] - 1;

const struct net_adapter *net_adapter_find(const char *name)
{
	for (size_t i = 0; i < net_adapters_len; i++)
		if (strcmp(net_adapters[i]->name, name) == 0)
			return net_adapters[i];
	return NULL;
}
