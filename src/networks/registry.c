/* The registry: every network adapter, in the order `depinctl networks`
 * and the dashboard show them. */
#include "config.h"
#include <string.h>
#include "networks/network.h"

/* one line per adapter, kept in this order */

const struct net_adapter *const net_adapters[] = {
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
