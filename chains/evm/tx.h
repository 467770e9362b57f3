/* EVM transactions: legacy with EIP-155 replay protection, EIP-2930 (type
 * 1, access lists) and EIP-1559 (type 2, dynamic fees). Building, the
 * signing hash, signing, raw serialization (what eth_sendRawTransaction
 * takes), and decoding a raw transaction back, with the sender recovered, so
 * a transaction a server hands over can be shown and checked before it is
 * signed or sent.
 *
 *	struct evm_tx tx;
 *	evm_tx_init(&tx);
 *	tx.type = EVM_TX_DYNAMIC_FEE;
 *	tx.chain_id = 1; tx.nonce = 0; tx.gas_limit = 21000;
 *	tx.max_priority_fee_per_gas = ...; tx.max_fee_per_gas = ...;
 *	tx.has_to = 1; memcpy(tx.to, addr, 20); tx.value = ...;
 *	if (evm_tx_sign(&tx, seckey, e) || evm_tx_encode(&raw, &raw_len, &tx, e)) ...
 *	evm_tx_release(&tx);
 *
 * Legacy transactions keep chain_id 0 only when decoded from a signature
 * without EIP-155 (v = 27 or 28); such a transaction is never signed here.
 * Types 3 (blobs) and 4 (EIP-7702, which hands the account's code to
 * another contract) are refused. */
#ifndef DEPINCTL_EVM_TX_H
#define DEPINCTL_EVM_TX_H

#include <stddef.h>
#include <stdint.h>
#include "error.h"
#include "u256.h"

enum evm_tx_type {
	EVM_TX_LEGACY = 0,
	EVM_TX_ACCESS_LIST = 1, /* EIP-2930 */
	EVM_TX_DYNAMIC_FEE = 2, /* EIP-1559 */
};

struct evm_access {
	uint8_t address[20];
	uint8_t (*keys)[32]; /* storage keys */
	size_t n_keys;
};

struct evm_tx {
	int type;			/* enum evm_tx_type */
	uint64_t chain_id;
	uint64_t nonce;
	struct u256 gas_price;		/* legacy and type 1 */
	struct u256 max_priority_fee_per_gas; /* type 2 */
	struct u256 max_fee_per_gas;	/* type 2 */
	uint64_t gas_limit;
	int has_to;			/* 0: contract creation */
	uint8_t to[20];
	struct u256 value;		/* wei */
	uint8_t *data;			/* owned; evm_tx_set_data copies */
	size_t data_len;
	struct evm_access *access_list; /* owned; types 1 and 2 */
	size_t access_list_len;
	/* the signature, set by evm_tx_sign and evm_tx_decode */
	int is_signed;
	uint64_t v; /* legacy: 27 + recid, or recid + chain_id * 2 + 35; typed: y_parity */
	struct u256 r, s;
};

void evm_tx_init(struct evm_tx *tx);
/* Frees data and the access list; the struct is initialized again. */
void evm_tx_release(struct evm_tx *tx);
int evm_tx_set_data(struct evm_tx *tx, const uint8_t *data, size_t len) WUR;
/* Appends an access list entry (the keys are copied). */
int evm_tx_add_access(struct evm_tx *tx, const uint8_t address[20], const uint8_t (*keys)[32], size_t n_keys) WUR;

/* What is signed: legacy rlp([nonce, gasPrice, gas, to, value, data,
 * chainId, 0, 0]) (without the last three when chain_id is 0), typed
 * type || rlp([chainId, ...fields..., accessList]). *out is malloc'd. */
int evm_tx_signing_payload(uint8_t **out, size_t *out_len, const struct evm_tx *tx, struct error *e) WUR;
/* keccak256 of the signing payload. */
int evm_tx_signing_hash(uint8_t out[32], const struct evm_tx *tx, struct error *e) WUR;

/* Checks the fields (a chain id, the priority fee not above the max fee)
 * and signs: sets v, r, s and is_signed. The key stays the caller's. */
int evm_tx_sign(struct evm_tx *tx, const uint8_t seckey[32], struct error *e) WUR;

/* The raw signed transaction (legacy rlp([..., v, r, s]), typed type ||
 * rlp([..., yParity, r, s])). ERR_USAGE when tx is not signed. */
int evm_tx_encode(uint8_t **out, size_t *out_len, const struct evm_tx *tx, struct error *e) WUR;
/* The transaction hash: keccak256 of the raw signed transaction. */
int evm_tx_hash(uint8_t out[32], const struct evm_tx *tx, struct error *e) WUR;

/* Decodes a raw transaction, signed or unsigned (a signing payload: an
 * EIP-155 legacy one is told apart by r = s = 0). Strict: canonical RLP,
 * the exact field count, 20-byte addresses, canonical integers, y_parity 0
 * or 1, a legacy v that is 27, 28 or at least 35, and nothing after it.
 * tx is initialized here; release it even on failure. */
int evm_tx_decode(struct evm_tx *tx, const uint8_t *raw, size_t len, struct error *e) WUR;

/* The address that signed tx (ERR_USAGE when it is not signed, ERR_REFUSED
 * when the signature recovers no key). */
int evm_tx_sender(uint8_t addr[20], const struct evm_tx *tx, struct error *e) WUR;

/* The most the transaction can take from the sender: gas_limit times the
 * (max) fee per gas, plus value; ERR_USAGE past 2^256-1. */
int evm_tx_max_cost(struct u256 *out, const struct evm_tx *tx, struct error *e) WUR;

#endif
