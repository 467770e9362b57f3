/* Raw EVM transactions (chains/evm/tx.h), as a server or a user hands them
 * over: decode, recover the sender, the maximum cost, the hash; what decodes
 * encodes back to the same bytes (signed: the raw form; unsigned: the
 * signing payload). */
#include "config.h"
#include "fuzz.h"

#include "chains/evm/tx.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct error e = {0};
	struct evm_tx tx;
	uint8_t *in = fuzz_copy(data, size), *out = NULL, addr[20], hash[32];
	size_t out_len = 0;
	struct u256 cost;

	if (evm_tx_decode(&tx, in, size, &e) == 0) {
		FUZZ_CHECK(tx.type >= EVM_TX_LEGACY && tx.type <= EVM_TX_DYNAMIC_FEE);
		if (tx.is_signed) {
			FUZZ_CHECK(evm_tx_encode(&out, &out_len, &tx, &e) == 0);
			FUZZ_CHECK(evm_tx_hash(hash, &tx, &e) == 0);
			int rc = evm_tx_sender(addr, &tx, &e);
			FUZZ_CHECK(rc == 0 || rc == ERR_USAGE || rc == ERR_REFUSED);
		} else {
			FUZZ_CHECK(evm_tx_signing_payload(&out, &out_len, &tx, &e) == 0);
			FUZZ_CHECK(evm_tx_sender(addr, &tx, &e) == ERR_USAGE);
			uint8_t *raw = NULL;
			size_t raw_len = 0;
			FUZZ_CHECK(evm_tx_encode(&raw, &raw_len, &tx, &e) == ERR_USAGE && raw == NULL);
		}
		FUZZ_CHECK(out_len == size && memcmp(out, in, size) == 0);
		FUZZ_CHECK(evm_tx_signing_hash(hash, &tx, &e) == 0);
		(void)!evm_tx_max_cost(&cost, &tx, &e);
		free(out);
	}
	evm_tx_release(&tx);
	free(in);
	return 0;
}
