/* The Helium adapter (helium_adapter): an owner's hotspots (DAS
 * searchAssets of the hotspot creator, the Entity API's /v2/wallet for
 * names, subnetworks, locations, onboarding and activity), their pending
 * and lifetime rewards (LazyDistributorV0 oracles' /bulk-rewards, median
 * less RecipientV0.total_rewards), and the network's metrics
 * (DaoEpochInfoV0 / SubDaoEpochInfoV0 of recent epochs, the Pyth HNT price,
 * the Entity API's hotspot counts). Claims are claim.h's, stake verbs
 * vehnt.h's. */
#ifndef DEPINCTL_HELIUM_H
#define DEPINCTL_HELIUM_H

#include <stddef.h>
#include <stdint.h>
#include "networks/network.h"

extern const struct net_adapter helium_adapter;

/* The median of n oracle answers as the lazy distributor's distribute
 * takes it: sorted, the element at n / 2 (the upper middle for an even
 * count). n > 0; v is sorted in place. The program also wants answers from
 * at least half the oracles (rounded up); fewer give no figure. */
uint64_t helium_median(uint64_t *v, size_t n);

/* Entity keys a /bulk-rewards request carries at most. */
#define HELIUM_ORACLE_BATCH 1000
/* DAS searchAssets page size. */
#define HELIUM_DAS_PAGE 1000
/* Epochs the metrics read (30 days). */
#define HELIUM_METRIC_EPOCHS 30

#endif
