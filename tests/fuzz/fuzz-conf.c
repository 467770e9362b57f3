/* The configuration file (src/conf.h conf_load): any text, read from a
 * memory file. What loads names every network once, each with 1..8 http(s)
 * endpoints, and a default network that exists. */
#define _GNU_SOURCE
#include "config.h"
#include "fuzz.h"

#include <sys/mman.h>
#include <unistd.h>
#include "conf.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	/* nothing from this machine's environment: no $ETH_RPC_URL, no Solana CLI config */
	unsetenv("ETH_RPC_URL");
	setenv("HOME", "/nonexistent", 1);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct error e = {0};
	struct conf *conf = malloc(sizeof *conf);
	char path[64];
	int fd = memfd_create("fuzz-conf", 0);

	FUZZ_CHECK(conf != NULL && fd >= 0);
	FUZZ_CHECK(size == 0 || write(fd, data, size) == (ssize_t)size);
	snprintf(path, sizeof path, "/proc/self/fd/%d", fd);

	int rc = conf_load(conf, path, 1, &e);
	if (rc == 0) {
		FUZZ_CHECK(conf->nnetworks >= 1 && conf->nnetworks <= CONF_MAX_NETWORKS);
		for (int i = 0; i < conf->nnetworks; i++) {
			const struct conf_network *n = &conf->networks[i];
			FUZZ_CHECK(memchr(n->name, 0, sizeof n->name) && n->name[0]);
			FUZZ_CHECK(n->family == CONF_SOLANA || n->family == CONF_EVM);
			FUZZ_CHECK(n->nrpc >= 1 && n->nrpc <= CONF_MAX_RPC);
			for (int r = 0; r < n->nrpc; r++)
				FUZZ_CHECK(strncmp(n->rpc[r], "http://", 7) == 0 || strncmp(n->rpc[r], "https://", 8) == 0);
			FUZZ_CHECK(conf_network(conf, n->name) == n);
			FUZZ_CHECK(conf_network_check(conf, n->name, &e) == 0);
		}
		if (conf->network[0])
			FUZZ_CHECK(conf_network(conf, conf->network) != NULL);
		FUZZ_CHECK(strcmp(conf->path, path) == 0);
	} else {
		FUZZ_CHECK(rc == ERR_USAGE && e.msg[0]);
	}
	close(fd);
	free(conf);
	return 0;
}
