/* EIP-712 typed data (chains/evm/eip712.h) from any JSON text, as a dapp or
 * a file hands it over to be signed. The hash functions agree with each
 * other, and the primary type's encoding is computed when it hashes. */
#include "config.h"
#include "fuzz.h"

#include <cjson/cJSON.h>
#include "chains/evm/eip712.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct error e = {0};
	char *s = fuzz_string(data, size);
	uint8_t digest[32], digest2[32], domain[32], domain2[32], shash[32];

	int rc = eip712_hash_parts(digest, domain, shash, s, &e);
	FUZZ_CHECK(rc == 0 || rc == ERR_USAGE || rc == ERR_FAIL);
	int rc2 = eip712_hash(digest2, s, &e);
	FUZZ_CHECK((rc == 0) == (rc2 == 0));
	if (rc == 0) {
		FUZZ_CHECK(memcmp(digest, digest2, 32) == 0);
		FUZZ_CHECK(eip712_domain_separator(domain2, s, &e) == 0);
		FUZZ_CHECK(memcmp(domain, domain2, 32) == 0);
		cJSON *root = cJSON_Parse(s);
		const cJSON *primary = cJSON_GetObjectItemCaseSensitive(root, "primaryType");
		char enc[8192];
		if (cJSON_IsString(primary)) {
			rc = eip712_encode_type(enc, sizeof enc, s, primary->valuestring, &e);
			FUZZ_CHECK(rc == 0 || rc == ERR_USAGE);
			if (rc == 0)
				FUZZ_CHECK(strncmp(enc, primary->valuestring, strlen(primary->valuestring)) == 0);
		}
		cJSON_Delete(root);
	}
	free(s);
	return 0;
}
