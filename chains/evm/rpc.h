/* The Ethereum JSON-RPC API (ethereum.org, "JSON-RPC API"; execution-apis)
 * over the JSON-RPC transport (src/jsonrpc.h): the request parameters
 * (quantities, data, call objects) and the checked reading of replies.
 *
 * Quantities come back as "0x"-hex strings; they are read exactly into a
 * u64 or a u256, never through a double. Every malformed reply is ERR_NET
 * with a message naming the method and what was wrong.
 *
 * Many calls at once go through struct evm_batch: add the calls, run them
 * (sent as JSON-RPC batches, several requests in flight), then read each
 * call's outcome:
 *
 *	struct evm_batch b;
 *	evm_batch_init(&b, rpc);
 *	size_t i = evm_batch_add(&b, "eth_getBalance", params);
 *	if (evm_batch_run(&b, e)) ...;      (fails only if the transport does)
 *	if (b.calls[i].code) ... b.calls[i].err.msg ...; else b.calls[i].result
 *	evm_batch_release(&b);
 */
#ifndef DEPINCTL_EVM_RPC_H
#define DEPINCTL_EVM_RPC_H

#include <stddef.h>
#include <stdint.h>
#include <cjson/cJSON.h>
#include "error.h"
#include "jsonrpc.h"
#include "u256.h"

/* --- request parameters (NULL when out of memory) --- */

cJSON *evm_rpc_u64(uint64_t v);			/* "0x1f" */
cJSON *evm_rpc_u256(const struct u256 *v);	/* "0x1f" */
cJSON *evm_rpc_bytes(const uint8_t *data, size_t len); /* "0x" + hex */
cJSON *evm_rpc_address(const uint8_t addr[20]); /* "0x" + lower-case hex */
/* A transaction call object for eth_call / eth_estimateGas: from and value
 * may be NULL, gas 0 leaves the gas out. */
cJSON *evm_rpc_call_object(const uint8_t *from, const uint8_t to[20], const struct u256 *value,
			   const uint8_t *data, size_t data_len, uint64_t gas);
/* [a, b]: a JSON array of the given items (taken over; NULL items fail). */
cJSON *evm_rpc_params(size_t n, ...);

/* --- replies --- */

/* A quantity: "0x" and hex digits (no more than 256 bits). */
int evm_rpc_read_u256(struct u256 *out, const cJSON *v, const char *what, struct error *e) WUR;
int evm_rpc_read_u64(uint64_t *out, const cJSON *v, const char *what, struct error *e) WUR;
/* Unformatted data: "0x" and an even number of hex digits; *out is
 * malloc'd (never NULL on success, even for "0x"). */
int evm_rpc_read_data(uint8_t **out, size_t *len, const cJSON *v, const char *what, struct error *e) WUR;
/* A 32-byte hash ("0x" + 64 hex digits). */
int evm_rpc_read_hash(uint8_t out[32], const cJSON *v, const char *what, struct error *e) WUR;

/* Custom errors of common ERC-20 implementations (OpenZeppelin 5's
 * ERC20Insufficient*, pausable tokens), for abi_decode_revert. */
extern const char *const evm_rpc_known_errors[];
extern const size_t evm_rpc_n_known_errors;

/* Whether a failed eth_call / eth_estimateGas is the contract reverting,
 * and why: 1 with the reason in out ("execution reverted: TestToken:
 * insufficient balance", a panic, a custom error), decoded from the
 * error's revert data where the node gives it, else the node's message; 0
 * when the failure is something else (transport, funds, a bad request). */
int evm_rpc_revert_reason(char *out, size_t out_size, const struct jsonrpc_call *call);

/* The node's error message for a failed call (its JSON-RPC message, or the
 * transport's description), lower-cased copy in out for matching. */
void evm_rpc_error_text(char *out, size_t out_size, const struct jsonrpc_call *call);

/* --- batches --- */

struct evm_batch {
	struct jsonrpc *rpc;
	struct jsonrpc_call *calls; /* n of them, in the order added */
	size_t n, cap;
	int failed; /* an allocation failed in evm_batch_add: run reports it */
};

void evm_batch_init(struct evm_batch *b, struct jsonrpc *rpc);
void evm_batch_release(struct evm_batch *b);
/* Adds a call (params taken over, NULL params fail the batch at run);
 * returns its index. */
size_t evm_batch_add(struct evm_batch *b, const char *method, cJSON *params);
/* Sends every call and waits for all of them. Fails (ERR_FAIL / ERR_NET)
 * only when the batch could not run at all; each call has its own
 * outcome. */
int evm_batch_run(struct evm_batch *b, struct error *e) WUR;
/* The first failed call's code and message (0 if none). */
int evm_batch_first_error(const struct evm_batch *b, struct error *e) WUR;

/* *landed: whether the node has a mined receipt for txid. For an attempt
 * judged expired, before its line is signed again: if it landed after all,
 * the line is paid. 0, or the failure. */
int evm_rpc_has_receipt(struct jsonrpc *rpc, const char *txid, int *landed, struct error *e) WUR;

#endif
