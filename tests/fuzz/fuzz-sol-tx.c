/* Solana wire transactions (chains/solana/tx.h), in binary, base64 or
 * base58 as the first byte picks. What parses serializes back to the same
 * bytes, its text forms parse back to it, and signatures verify or are
 * refused without a crash. */
#include "config.h"
#include "fuzz.h"

#include "chains/solana/tx.h"

static void check_tx(const struct sol_tx *tx)
{
	struct error e = {0};
	uint8_t wire[SOL_PACKET_MAX], again_wire[SOL_PACKET_MAX];
	size_t wire_len = 0, again_len = 0, index;
	char b64[SOL_TX_BASE64_MAX], b58[SOL_TX_BASE58_MAX], id[SOL_SIGNATURE_BASE58_MAX];
	struct sol_tx again;

	FUZZ_CHECK(tx->signatures_len == tx->msg.num_required_signatures);
	FUZZ_CHECK(sol_tx_serialize(wire, sizeof wire, &wire_len, tx, &e) == 0);
	FUZZ_CHECK(sol_tx_check_message(tx, tx->message, tx->message_len, &e) == 0);

	sol_tx_init(&again);
	FUZZ_CHECK(sol_tx_base64(b64, sizeof b64, tx, &e) == 0);
	FUZZ_CHECK(sol_tx_parse_base64(&again, b64, &e) == 0);
	FUZZ_CHECK(sol_tx_serialize(again_wire, sizeof again_wire, &again_len, &again, &e) == 0);
	FUZZ_CHECK(again_len == wire_len && memcmp(again_wire, wire, wire_len) == 0);
	FUZZ_CHECK(sol_tx_base58(b58, sizeof b58, tx, &e) == 0);
	FUZZ_CHECK(sol_tx_parse_base58(&again, b58, &e) == 0);
	FUZZ_CHECK(sol_tx_serialize(again_wire, sizeof again_wire, &again_len, &again, &e) == 0);
	FUZZ_CHECK(again_len == wire_len && memcmp(again_wire, wire, wire_len) == 0);
	sol_tx_release(&again);

	(void)!sol_tx_verify(tx, false, &e);
	(void)!sol_tx_verify(tx, true, &e);
	(void)!sol_tx_id(id, sizeof id, tx, &e);
	for (size_t i = 0; i < tx->msg.keys_len; i++) {
		if (sol_tx_signer_index(&index, tx, tx->msg.keys[i], &e) == 0)
			FUZZ_CHECK(index <= i && index < tx->signatures_len);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct error e = {0};
	struct sol_tx tx;
	uint8_t mode;
	int rc;

	if (!fuzz_take_byte(&mode, &data, &size))
		return 0;
	sol_tx_init(&tx);
	if (mode % 3 == 0) {
		uint8_t *in = fuzz_copy(data, size);
		rc = sol_tx_parse(&tx, in, size, &e);
		if (rc == 0) {
			uint8_t wire[SOL_PACKET_MAX];
			size_t wire_len;
			FUZZ_CHECK(sol_tx_serialize(wire, sizeof wire, &wire_len, &tx, &e) == 0);
			FUZZ_CHECK(wire_len == size && memcmp(wire, in, size) == 0);
		}
		free(in);
	} else {
		char *s = fuzz_string(data, size);
		rc = mode % 3 == 1 ? sol_tx_parse_base64(&tx, s, &e) : sol_tx_parse_base58(&tx, s, &e);
		free(s);
	}
	if (rc == 0)
		check_tx(&tx);
	else
		FUZZ_CHECK(tx.message == NULL && tx.signatures_len == 0);
	sol_tx_release(&tx);
	return 0;
}
