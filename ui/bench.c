/* For bench/dash.sh only: DEPINCTL_DASH_SYNTH=N adds a network of N
 * synthetic devices with 90 days of history (a fleet larger than any
 * recording), so frames, memory and idle CPU are measured at 10,000 devices. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui/dash.h"

static const struct net_adapter synth_adapter = {.name = "synthetic", .title = "Synthetic", .token = "SYN"};

int dash_bench_synth(struct dash *d, struct error *e)
{
	const char *env = getenv("DEPINCTL_DASH_SYNTH");
	long n = env ? strtol(env, NULL, 10) : 0;
	if (n <= 0)
		return 0;
	struct dash_net *net = &d->nets[d->nnets];
	memset(net, 0, sizeof *net);
	net->a = &synth_adapter;
	net->interval = 1 << 30;
	net->next_due = dash_now(d) + net->interval;
	net_result_init(&net->last, "synthetic");
	int64_t now = dash_now(d), today = now - now % 86400;
	static const char *const places[] = {"Berlin, DE", "Lisbon, PT", "Austin, US", "Osaka, JP", "Lagos, NG"};
	for (long i = 0; i < n; i++) {
		struct net_device *dv = net_result_device(&net->last);
		if (!dv)
			return error_set(e, ERR_FAIL, "out of memory");
		snprintf(dv->id, sizeof dv->id, "synth-%06ld", i);
		snprintf(dv->name, sizeof dv->name, "Synthetic Device %ld", i);
		snprintf(dv->kind, sizeof dv->kind, "sensor");
		snprintf(dv->location, sizeof dv->location, "%s", places[i % 5]);
		dv->status = i % 23 == 0 ? NET_STATUS_OFFLINE : i % 7 == 0 ? NET_STATUS_DEGRADED : NET_STATUS_ONLINE;
		dv->status_since = now - 3600 * (i % 50);
		dv->last_active = now - 60 * (i % 90);
		for (int k = 89; k >= 0; k--) {
			struct net_money m;
			if (net_money_set_u64(&m, "SYN", 6, (uint64_t)(1000000 + (i * 7919 + k * 104729) % 5000000)) ||
			    net_device_add_point(dv, today - (int64_t)k * 86400, &m))
				return error_set(e, ERR_FAIL, "out of memory");
		}
		struct net_money p;
		if (net_money_set_u64(&p, "SYN", 6, (uint64_t)(i * 1234567 % 90000000)) || net_device_add_pending(dv, &p))
			return error_set(e, ERR_FAIL, "out of memory");
	}
	net->last.at = now;
	net->have_last = 1;
	net->last_ok = now;
	d->nnets++;
	dash_fleet_rebuild(d);
	return 0;
}
