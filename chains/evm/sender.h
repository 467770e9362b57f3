/* A journaled sender for arbitrary EVM contract calls (claims, stakes,
 * approvals): the fee and nonce rules of chains/evm/wallet.c for any list of
 * calls, not only transfers.
 *
 *	struct evm_sender *s;
 *	struct evm_call calls[2];           (evm_call_init each, then fill in)
 *	evm_sender_open(&s, &opts, journal, e);
 *	evm_sender_prepare(s, from, calls, 2, e);   fees, gas, funds: signs nothing
 *	  ... show calls[i].fee, s's summary; ask ...
 *	evm_sender_send(s, seckey, calls, 2, e);    per-call results in calls[i]
 *	evm_sender_close(s);
 *
 * prepare: the fees (EIP-1559 where the chain has a base fee: tip from
 * eth_maxPriorityFeePerGas, max fee 2 * base fee + tip; else legacy at
 * eth_gasPrice), eth_estimateGas for each call plus 20 % (a call that would
 * revert stops everything before signing, ERR_REFUSED with the contract's
 * decoded reason), and the native balance against the most the calls can
 * cost. A call marked `after_previous` (a stake after its approve) is
 * estimated at send time, once the calls before it are confirmed.
 *
 * send: each call gets the next free nonce (eth_getTransactionCount pending,
 * skipping nonces the journal's open transactions of the account hold), is
 * signed and journaled (SIGNED) before it is broadcast, then its receipt is
 * awaited (confirmations, timeout). A call whose batch_key the journal holds
 * is not signed again: CONFIRMED / FAILED is skipped (skipped = 1), SIGNED /
 * SENT is rebroadcast with its very bytes and awaited. A reverted receipt is
 * FAILED with the reason found by replaying the call at its block.
 *
 * Library code: prints nothing. The secret is only read while signing. */
#ifndef DEPINCTL_EVM_SENDER_H
#define DEPINCTL_EVM_SENDER_H

#include <stddef.h>
#include <stdint.h>
#include "error.h"
#include "journal.h"
#include "jsonrpc.h"
#include "u256.h"

struct evm_sender;

struct evm_sender_options {
	const char *network;            /* preset name, as journaled ("arbitrum", "anvil") */
	const char *const *urls;        /* RPC endpoints, failover order */
	size_t nurls;
	uint64_t chain_id;              /* expected; 0: whatever eth_chainId answers */
	int insecure;                   /* plain http beyond loopback */
	long timeout_ms;                /* per request; 0 = default */
	long confirm_timeout_s;         /* 0 = 180 */
	unsigned confirmations;         /* 0 = 1 */
};

/* One contract call. */
struct evm_call {
	/* in */
	uint8_t to[20];
	struct u256 value;              /* wei sent along (usually 0) */
	uint8_t *data;                  /* call data; owned (evm_call_set_data copies) */
	size_t data_len;
	char purpose[32];               /* journal: "claim", "stake", "approve" */
	char amount[80];                /* journal: exact decimal shown to the user, or "" */
	char token[64];                 /* journal: symbol or contract, or "" */
	char batch_key[80];             /* "" or an idempotency key ("wxm-claim:0xabc:cycle:12") */
	uint64_t gas_limit;             /* 0: estimated (+20 %) */
	int after_previous;             /* estimate only once the calls before it are confirmed */
	/* out of prepare */
	uint64_t gas_est;
	char fee[100];                  /* estimated fee in the native coin, exact decimal */
	int journaled;                  /* the journal holds its batch key */
	/* out of send */
	char txid[67];
	enum journal_status status;
	int skipped;                    /* landed earlier (journal): not sent again */
	uint64_t block, gas_used;
	char error[256];
};

void evm_call_init(struct evm_call *c);
void evm_call_release(struct evm_call *c);
int evm_call_set_data(struct evm_call *c, const uint8_t *data, size_t len) WUR;

int evm_sender_open(struct evm_sender **out, const struct evm_sender_options *o, struct journal *j,
		    struct error *e) WUR;
void evm_sender_close(struct evm_sender *s);

uint64_t evm_sender_chain_id(const struct evm_sender *s);
const char *evm_sender_native(const struct evm_sender *s); /* "ETH", "POL" */
/* The JSON-RPC client, for reads (eth_call) by the caller. */
struct jsonrpc *evm_sender_rpc(struct evm_sender *s);

/* eth_call at "latest" (from may be NULL); *ret malloc'd. A revert is
 * ERR_REFUSED with the decoded reason; the transport ERR_NET. */
int evm_sender_read(struct evm_sender *s, uint8_t **ret, size_t *ret_len, const uint8_t *from, const uint8_t to[20],
		    const uint8_t *data, size_t len, struct error *e) WUR;

/* Fees, gas and funds for calls from `from`; signs nothing. The summary
 * (one line a call: purpose, contract, gas, fee; then the total) is
 * written to summary when not NULL. */
int evm_sender_prepare(struct evm_sender *s, const uint8_t from[20], struct evm_call *calls, size_t n,
		       char *summary, size_t summary_size, struct error *e) WUR;

/* Signs, journals, broadcasts and waits for each call in order (prepare
 * must have run on the same calls). progress (may be NULL) after each.
 * 0 when every call is CONFIRMED or skipped; otherwise the first failure's
 * code and message, with every call's own outcome in calls[i]. A call
 * after a failed one is not sent (its error says so). */
int evm_sender_send(struct evm_sender *s, const uint8_t seckey[32], struct evm_call *calls, size_t n,
		    void (*progress)(void *arg, size_t done, size_t total), void *arg, struct error *e) WUR;

#endif
