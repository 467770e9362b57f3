/* Runs one of helium_stake_verbs as `depinctl stake --network helium VERB`
 * does (the chain preset "solana", the verb's own argument parsing, errors
 * reported as depinctl reports them), for helium-stake.sh while the Helium
 * adapter does not list the verbs yet. */
#include "config.h"
#include <string.h>
#include <sodium.h>
#include "commands.h"
#include "opts.h"
#include "output.h"
#include "networks/helium/vehnt.h"

int main(int argc, char **argv)
{
	static struct ctx ctx;
	if (sodium_init() < 0 || argc < 2)
		return 2;
	opts_resolve_home(&ctx);
	for (const struct net_verb *v = helium_stake_verbs; v->name; v++) {
		if (strcmp(v->name, argv[1]))
			continue;
		ctx.network = "solana";
		int rc = v->fn(argc - 1, argv + 1, &ctx);
		return rc ? output_error(&ctx, rc) : 0;
	}
	fprintf(stderr, "unknown verb '%s'\n", argv[1]);
	return 2;
}
