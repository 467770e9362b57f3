/* Solana transactions: signatures and the message, in the wire form the
 * Solana documentation describes. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <sodium.h>

#include "chains/solana/tx.h"
#include "chains/solana/compact.h"
#include "base58.h"
#include "wallet/address.h"
#include "wallet/signer.h"

void sol_tx_init(struct sol_tx *tx)
{
	memset(tx, 0, sizeof *tx);
	sol_message_init(&tx->msg);
}

void sol_tx_release(struct sol_tx *tx)
{
	if (!tx)
		return;
	free(tx->signatures);
	free(tx->message);
	sol_message_release(&tx->msg);
	sol_tx_init(tx);
}

/* Takes a copy of the message bytes and their decoding; n signature slots,
 * zeroed. */
static int set_message(struct sol_tx *tx, const uint8_t *msg, size_t msg_len, size_t n, struct error *e)
{
	int rc;

	if ((rc = sol_message_parse(&tx->msg, msg, msg_len, e)))
		return rc;
	if (n != tx->msg.num_required_signatures)
		return error_set(e, ERR_USAGE, "transaction has %zu signatures, its message requires %u", n,
				 tx->msg.num_required_signatures);
	tx->message = malloc(msg_len);
	tx->signatures = calloc(n, SOL_SIG_LEN);
	if (!tx->message || !tx->signatures)
		return error_set(e, ERR_FAIL, "out of memory");
	memcpy(tx->message, msg, msg_len);
	tx->message_len = msg_len;
	tx->signatures_len = n;
	return ERR_OK;
}

static size_t wire_len(size_t nsig, size_t msg_len)
{
	uint8_t b[SOL_COMPACT_U16_MAX];
	return sol_compact_u16_encode(b, (uint16_t)nsig) + nsig * SOL_SIG_LEN + msg_len;
}

int sol_tx_from_message(struct sol_tx *tx, const struct sol_message *m, struct error *e)
{
	uint8_t buf[SOL_PACKET_MAX];
	size_t len, total;
	int rc;

	sol_tx_release(tx);
	if ((rc = sol_message_check(m, e)))
		return rc;
	if (sol_message_serialize(buf, sizeof buf, &len, m, NULL))
		return error_set(e, ERR_USAGE, "transaction is longer than %d bytes", SOL_PACKET_MAX);
	total = wire_len(m->num_required_signatures, len);
	if (total > SOL_PACKET_MAX)
		return error_set(e, ERR_USAGE, "transaction of %zu bytes is longer than %d", total,
				 SOL_PACKET_MAX);
	if ((rc = set_message(tx, buf, len, m->num_required_signatures, e)))
		sol_tx_release(tx);
	return rc;
}

int sol_tx_parse(struct sol_tx *tx, const uint8_t *in, size_t len, struct error *e)
{
	uint16_t n;
	size_t used;
	int rc;

	sol_tx_release(tx);
	if (len > SOL_PACKET_MAX)
		return error_set(e, ERR_USAGE, "transaction of %zu bytes is longer than %d", len, SOL_PACKET_MAX);
	if ((rc = sol_compact_u16_decode(&n, &used, in, len, e)))
		return error_wrap(e, "transaction signature count");
	if (n == 0)
		return error_set(e, ERR_USAGE, "transaction has no signature slot");
	if ((size_t)n * SOL_SIG_LEN > len - used)
		return error_set(e, ERR_USAGE, "transaction of %zu bytes is truncated in its %u signatures", len, n);
	if ((rc = set_message(tx, in + used + (size_t)n * SOL_SIG_LEN, len - used - (size_t)n * SOL_SIG_LEN, n,
			      e))) {
		sol_tx_release(tx);
		return rc;
	}
	memcpy(tx->signatures, in + used, (size_t)n * SOL_SIG_LEN);
	return ERR_OK;
}

int sol_tx_parse_base64(struct sol_tx *tx, const char *in, struct error *e)
{
	uint8_t buf[SOL_PACKET_MAX];
	size_t n = strnlen(in, SOL_TX_BASE64_MAX), len;
	const char *end;

	sol_tx_release(tx);
	if (n >= SOL_TX_BASE64_MAX)
		return error_set(e, ERR_USAGE, "base64 transaction is longer than %d bytes", SOL_PACKET_MAX);
	if (sodium_base642bin(buf, sizeof buf, in, n, NULL, &len, &end, sodium_base64_VARIANT_ORIGINAL) != 0 ||
	    end != in + n)
		return error_set(e, ERR_USAGE, "transaction is not valid base64");
	return sol_tx_parse(tx, buf, len, e);
}

int sol_tx_parse_base58(struct sol_tx *tx, const char *in, struct error *e)
{
	uint8_t buf[SOL_PACKET_MAX];
	size_t n = strnlen(in, SOL_TX_BASE58_MAX), len;

	sol_tx_release(tx);
	/* bound the text before decoding: base58_decode sizes its work by it */
	if (n >= SOL_TX_BASE58_MAX)
		return error_set(e, ERR_USAGE, "base58 transaction is longer than %d bytes", SOL_PACKET_MAX);
	if (base58_decode(buf, sizeof buf, &len, in))
		return error_set(e, ERR_USAGE, "transaction is not valid base58 or is longer than %d bytes",
				 SOL_PACKET_MAX);
	return sol_tx_parse(tx, buf, len, e);
}

int sol_tx_serialize(uint8_t *out, size_t out_size, size_t *out_len, const struct sol_tx *tx, struct error *e)
{
	size_t total, o;

	*out_len = 0;
	if (!tx->message || tx->signatures_len == 0)
		return error_set(e, ERR_USAGE, "transaction is empty");
	total = wire_len(tx->signatures_len, tx->message_len);
	if (total > SOL_PACKET_MAX)
		return error_set(e, ERR_USAGE, "transaction of %zu bytes is longer than %d", total, SOL_PACKET_MAX);
	if (total > out_size)
		return error_set(e, ERR_USAGE, "transaction does not fit in %zu bytes", out_size);
	o = sol_compact_u16_encode(out, (uint16_t)tx->signatures_len);
	memcpy(out + o, tx->signatures, tx->signatures_len * SOL_SIG_LEN);
	o += tx->signatures_len * SOL_SIG_LEN;
	memcpy(out + o, tx->message, tx->message_len);
	*out_len = total;
	return ERR_OK;
}

int sol_tx_base64(char *out, size_t out_size, const struct sol_tx *tx, struct error *e)
{
	uint8_t buf[SOL_PACKET_MAX];
	size_t len;
	int rc;

	if ((rc = sol_tx_serialize(buf, sizeof buf, &len, tx, e)))
		return rc;
	if (out_size < sodium_base64_ENCODED_LEN(len, sodium_base64_VARIANT_ORIGINAL))
		return error_set(e, ERR_USAGE, "room for %zu characters, base64 needs more", out_size);
	sodium_bin2base64(out, out_size, buf, len, sodium_base64_VARIANT_ORIGINAL);
	return ERR_OK;
}

int sol_tx_base58(char *out, size_t out_size, const struct sol_tx *tx, struct error *e)
{
	uint8_t buf[SOL_PACKET_MAX];
	size_t len;
	int rc;

	if ((rc = sol_tx_serialize(buf, sizeof buf, &len, tx, e)))
		return rc;
	if (base58_encode(out, out_size, buf, len))
		return error_set(e, ERR_USAGE, "room for %zu characters, base58 needs more", out_size);
	return ERR_OK;
}

int sol_tx_signer_index(size_t *index, const struct sol_tx *tx, const uint8_t pubkey[SOL_KEY_LEN],
			struct error *e)
{
	char addr[ADDRESS_SOLANA_MAX];

	for (size_t i = 0; i < tx->signatures_len && i < tx->msg.keys_len; i++) {
		if (memcmp(tx->msg.keys[i], pubkey, SOL_KEY_LEN) == 0) {
			*index = i;
			return ERR_OK;
		}
	}
	if (address_solana(addr, sizeof addr, pubkey))
		addr[0] = '\0';
	return error_set(e, ERR_NOTFOUND, "transaction does not ask '%s' to sign", addr);
}

int sol_tx_sign(struct sol_tx *tx, const uint8_t seed[32], struct error *e)
{
	uint8_t pk[crypto_sign_PUBLICKEYBYTES];
	unsigned char *sk;
	size_t i;
	int rc;

	if (!tx->message)
		return error_set(e, ERR_USAGE, "transaction is empty");
	if (sodium_init() < 0)
		return error_set(e, ERR_FAIL, "cannot start libsodium");
	if (!(sk = sodium_malloc(crypto_sign_SECRETKEYBYTES)))
		return error_set(e, ERR_FAIL, "out of memory");
	rc = crypto_sign_seed_keypair(pk, sk, seed);
	sodium_free(sk);
	if (rc != 0)
		return error_set(e, ERR_FAIL, "cannot derive the ed25519 key");
	if ((rc = sol_tx_signer_index(&i, tx, pk, e)))
		return rc;
	if ((rc = signer_ed25519_sign(tx->signatures[i], seed, tx->message, tx->message_len)))
		return error_set(e, rc, "ed25519 signing failed");
	return ERR_OK;
}

static bool all_zero(const uint8_t *p, size_t n)
{
	uint8_t acc = 0;
	for (size_t i = 0; i < n; i++)
		acc |= p[i];
	return acc == 0;
}

int sol_tx_verify(const struct sol_tx *tx, bool require_all, struct error *e)
{
	char addr[ADDRESS_SOLANA_MAX];

	if (!tx->message || tx->signatures_len == 0)
		return error_set(e, ERR_USAGE, "transaction is empty");
	for (size_t i = 0; i < tx->signatures_len; i++) {
		if (address_solana(addr, sizeof addr, tx->msg.keys[i]))
			addr[0] = '\0';
		if (all_zero(tx->signatures[i], SOL_SIG_LEN)) {
			if (require_all)
				return error_set(e, ERR_REFUSED, "signature %zu by '%s' is missing", i, addr);
			continue;
		}
		if (signer_ed25519_verify(tx->signatures[i], tx->msg.keys[i], tx->message, tx->message_len))
			return error_set(e, ERR_REFUSED, "signature %zu by '%s' does not verify", i, addr);
	}
	return ERR_OK;
}

int sol_tx_check_message(const struct sol_tx *tx, const uint8_t *msg, size_t msg_len, struct error *e)
{
	if (!tx->message || tx->message_len != msg_len || memcmp(tx->message, msg, msg_len) != 0)
		return error_set(e, ERR_REFUSED, "transaction's message differs from the expected one");
	return ERR_OK;
}

int sol_tx_id(char *out, size_t out_size, const struct sol_tx *tx, struct error *e)
{
	if (!tx->signatures_len || all_zero(tx->signatures[0], SOL_SIG_LEN))
		return error_set(e, ERR_USAGE, "transaction is not signed by its fee payer");
	if (base58_encode(out, out_size, tx->signatures[0], SOL_SIG_LEN))
		return error_set(e, ERR_USAGE, "room for %zu characters, a signature needs more", out_size);
	return ERR_OK;
}
