/* Every network adapter's reply parsing: each registered adapter's refresh
 * and metrics tasks run with every request answered from the input (its
 * NUL-separated chunks in turn: a chunk starting with '!' sent raw, '#' as an
 * HTTP 500, anything else as a JSON-RPC call's result or an API's body).
 * Hostile replies must end in figures or a clear error: no crash, no leak,
 * no endless paging (the engine's request cap), no control characters in a
 * message, no device without an id. The first byte picks the adapter. */
#include "config.h"
#include "fuzz.h"

#include "networks/network.h"
#include "networks/replay.h"

static struct conf conf;
static int conf_ready;

static void no_controls(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		FUZZ_CHECK(*p >= 0x20 && *p != 0x7f);
}

static void run(const struct net_adapter *a, int what, const uint8_t *data, size_t size)
{
	struct net_env env;
	struct net_result r;
	struct net_task t;
	struct error e;
	if (net_env_init(&env, &conf, NULL, 0, &e))
		return;
	struct net_replay *rp;
	if (net_replay_fuzz(&rp, data, size)) {
		net_env_release(&env);
		return;
	}
	env.rp = rp;
	env.replay = "(fuzz)";
	env.max_requests = 64;
	/* owners and devices, so every adapter has something to look up */
	static char sol[] = "9xQeWvG816bUx9EPjHmaT23yvVM2ZWbrrpZb9PusVFin";
	static char evm[] = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
	static char *sols[] = {sol}, *evms[] = {evm};
	env.solana_owners = sols;
	env.nsolana_owners = 1;
	env.evm_owners = evms;
	env.nevm_owners = 1;
	net_result_init(&r, a->name);
	if (net_task_start(&t, &env, a, what, &r, NULL, NULL, &e) == 0) {
		(void)net_run(&env);
		net_task_release(&t);
	}
	if (r.code) {
		FUZZ_CHECK(r.err.msg[0]);
		no_controls(r.err.msg);
	}
	for (size_t i = 0; i < r.ndevices; i++) {
		const struct net_device *d = &r.devices[i];
		FUZZ_CHECK(d->npending >= 0 && d->npending <= NET_MAX_TOKENS);
		FUZZ_CHECK(d->nlifetime >= 0 && d->nlifetime <= NET_MAX_TOKENS);
		for (size_t k = 1; k < d->nhistory; k++)
			FUZZ_CHECK(d->history[k - 1].day <= d->history[k].day);
	}
	FUZZ_CHECK(r.requests <= 64);
	net_result_release(&r);
	env.solana_owners = env.evm_owners = NULL;
	env.nsolana_owners = env.nevm_owners = 0;
	net_env_release(&env);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!conf_ready) {
		struct error e;
		if (conf_load(&conf, NULL, 0, &e))
			return 0;
		/* a devices setting for every adapter that reads by device */
		for (size_t i = 0; i < net_adapters_len && conf.nsettings < CONF_MAX_SETTINGS; i++) {
			struct conf_setting *s = &conf.settings[conf.nsettings++];
			snprintf(s->section, sizeof s->section, "%s", net_adapters[i]->name);
			snprintf(s->key, sizeof s->key, "devices");
			snprintf(s->value, sizeof s->value, "dev-1, 0x1234");
		}
		conf_ready = 1;
	}
	if (size < 1 || !net_adapters_len)
		return 0;
	const struct net_adapter *a = net_adapters[data[0] % net_adapters_len];
	if (a->refresh)
		run(a, NET_REFRESH_DEVICES, data + 1, size - 1);
	if (a->metrics)
		run(a, NET_REFRESH_METRICS, data + 1, size - 1);
	return 0;
}
