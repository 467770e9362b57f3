/* Solana transactions: a compact array of ed25519 signatures, then the
 * message they sign. A transaction keeps the message's exact bytes (what is
 * signed) beside their decoding, so what a server sends is decoded and
 * checked before it is signed, and what is signed is what was decoded. */
#ifndef DEPINCTL_SOL_TX_H
#define DEPINCTL_SOL_TX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "error.h"
#include "chains/solana/message.h"

/* Text forms of a transaction of SOL_PACKET_MAX bytes, with the NUL. */
#define SOL_TX_BASE64_MAX (4 * ((SOL_PACKET_MAX + 2) / 3) + 1)
#define SOL_TX_BASE58_MAX (SOL_PACKET_MAX * 138 / 100 + 2)
#define SOL_SIGNATURE_BASE58_MAX 89 /* 88 characters and a NUL */

struct sol_tx {
	uint8_t (*signatures)[SOL_SIG_LEN]; /* one per required signer; all zero = missing */
	size_t signatures_len;
	uint8_t *message; /* the serialized message: the bytes signed */
	size_t message_len;
	struct sol_message msg; /* its decoding */
};

void sol_tx_init(struct sol_tx *tx);
void sol_tx_release(struct sol_tx *tx);

/* An unsigned transaction of m (tx is released first): serializes m and
 * parses the bytes back, so tx->msg is what the bytes say. ERR_USAGE when
 * the transaction would be longer than SOL_PACKET_MAX. */
int sol_tx_from_message(struct sol_tx *tx, const struct sol_message *m, struct error *e) WUR;

/* Parses a wire transaction strictly (tx is released first, left empty on
 * failure): at most SOL_PACKET_MAX bytes, exactly one signature slot per
 * required signer, a message that sol_message_parse accepts, no trailing
 * bytes. Signatures are not verified here (see sol_tx_verify). */
int sol_tx_parse(struct sol_tx *tx, const uint8_t *in, size_t len, struct error *e) WUR;
/* The same from standard base64 (padded) and base58 text. */
int sol_tx_parse_base64(struct sol_tx *tx, const char *in, struct error *e) WUR;
int sol_tx_parse_base58(struct sol_tx *tx, const char *in, struct error *e) WUR;

/* The wire form (at most SOL_PACKET_MAX bytes), base64 and base58. */
int sol_tx_serialize(uint8_t *out, size_t out_size, size_t *out_len, const struct sol_tx *tx,
		     struct error *e) WUR;
int sol_tx_base64(char *out, size_t out_size, const struct sol_tx *tx, struct error *e) WUR;
int sol_tx_base58(char *out, size_t out_size, const struct sol_tx *tx, struct error *e) WUR;

/* The slot of pubkey among the required signers; ERR_NOTFOUND when the
 * message does not ask pubkey to sign. */
int sol_tx_signer_index(size_t *index, const struct sol_tx *tx, const uint8_t pubkey[SOL_KEY_LEN],
			struct error *e) WUR;

/* Signs the message bytes with the ed25519 key of seed and puts the
 * signature in that key's slot. ERR_NOTFOUND when the key is not a required
 * signer (nothing is signed then). */
int sol_tx_sign(struct sol_tx *tx, const uint8_t seed[32], struct error *e) WUR;

/* Verifies every signature present (not all zero) against its signer's key;
 * with require_all, a missing one fails too. ERR_REFUSED naming the slot. */
int sol_tx_verify(const struct sol_tx *tx, bool require_all, struct error *e) WUR;

/* ERR_REFUSED unless the transaction's message is byte for byte msg: a
 * transaction from a server against the message built or shown locally. */
int sol_tx_check_message(const struct sol_tx *tx, const uint8_t *msg, size_t msg_len, struct error *e) WUR;

/* The transaction id: base58 of the first signature; ERR_USAGE when it is
 * missing. out_size >= SOL_SIGNATURE_BASE58_MAX. */
int sol_tx_id(char *out, size_t out_size, const struct sol_tx *tx, struct error *e) WUR;

#endif
