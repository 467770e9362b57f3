/* solana-keygen keypair files (wallet/solana-keypair.h): any text. What
 * parses formats back to a file that parses to the same seed. */
#include "config.h"
#include "fuzz.h"

#include <sodium.h>
#include "wallet/solana-keypair.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct error e = {0};
	char *s = fuzz_string(data, size), *again = NULL;
	uint8_t seed[32], seed2[32];
	static const uint8_t zero[32];

	if (solana_keypair_parse(seed, s, &e) == 0) {
		FUZZ_CHECK(solana_keypair_format(&again, seed) == 0);
		FUZZ_CHECK(solana_keypair_parse(seed2, again, &e) == 0);
		FUZZ_CHECK(memcmp(seed, seed2, 32) == 0);
		sodium_memzero(again, strlen(again));
		free(again);
	} else {
		FUZZ_CHECK(e.code == ERR_USAGE && memcmp(seed, zero, 32) == 0);
	}
	free(s);
	return 0;
}
