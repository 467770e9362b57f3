/* The Solana JSON-RPC calls the wallet commands make, over jsonrpc.h (many
 * calls in one HTTP batch, retries, failover). Every reply is checked for
 * its shape; lamports and token amounts stay u64 (jsonrpc_u64), never
 * doubles. Reads use the client's commitment ("confirmed" unless changed). */
#ifndef DEPINCTL_SOL_RPC_H
#define DEPINCTL_SOL_RPC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <cjson/cJSON.h>
#include "error.h"
#include "http.h"
#include "jsonrpc.h"

#define SOL_RPC_MAX_ACCOUNTS 100   /* keys in one getMultipleAccounts */
#define SOL_RPC_MAX_SIGNATURES 256 /* signatures in one getSignatureStatuses */
#define SOL_RPC_MAX_FEE_KEYS 128   /* accounts in one getRecentPrioritizationFees */

struct sol_rpc {
	struct http_client http;
	struct jsonrpc rpc;
	char commitment[16];       /* for reads: "confirmed" */
};

/* urls in failover order; timeout_ms 0 keeps the transport's default. */
int sol_rpc_open(struct sol_rpc *r, const char *const *urls, size_t n, int insecure, long timeout_ms,
		 struct error *e) WUR;
void sol_rpc_close(struct sol_rpc *r);

/* One call; *result is the caller's (cJSON_Delete). params taken over. */
int sol_rpc_call(struct sol_rpc *r, cJSON **result, const char *method, cJSON *params, struct error *e) WUR;

int sol_rpc_balance(struct sol_rpc *r, uint64_t *lamports, const uint8_t key[32], struct error *e) WUR;
/* getBlockHeight at a commitment ("confirmed", "finalized"). */
int sol_rpc_block_height(struct sol_rpc *r, uint64_t *height, const char *commitment, struct error *e) WUR;
int sol_rpc_latest_blockhash(struct sol_rpc *r, uint8_t hash[32], uint64_t *last_valid, struct error *e) WUR;
int sol_rpc_rent_exempt(struct sol_rpc *r, uint64_t *lamports, size_t data_len, struct error *e) WUR;

struct sol_rpc_account {
	bool exists;
	uint64_t lamports;
	uint8_t owner[32];
	bool executable;
	uint8_t *data;          /* malloc'd (NULL when empty) */
	size_t data_len;
};

void sol_rpc_accounts_release(struct sol_rpc_account *a, size_t n);
/* getMultipleAccounts (base64), SOL_RPC_MAX_ACCOUNTS keys a call, the calls
 * batched. out has n entries; on failure they are released. */
int sol_rpc_accounts(struct sol_rpc *r, struct sol_rpc_account *out, const uint8_t (*keys)[32], size_t n,
		     struct error *e) WUR;

struct sol_rpc_keyed {
	uint8_t pubkey[32];
	struct sol_rpc_account account;
};

/* getTokenAccountsByOwner (base64) for each of the programs, in one batch:
 * *out (malloc'd; release each account, then free) holds them all. */
int sol_rpc_token_accounts(struct sol_rpc *r, struct sol_rpc_keyed **out, size_t *n, const uint8_t owner[32],
			   const uint8_t (*programs)[32], size_t nprograms, struct error *e) WUR;
void sol_rpc_keyed_free(struct sol_rpc_keyed *k, size_t n);

/* getRecentPrioritizationFees for up to SOL_RPC_MAX_FEE_KEYS accounts:
 * *fees (malloc'd) gets one fee per slot answered. */
int sol_rpc_priority_fees(struct sol_rpc *r, uint64_t **fees, size_t *n, const uint8_t (*keys)[32], size_t nkeys,
			  struct error *e) WUR;

struct sol_rpc_sim {
	bool failed;
	uint64_t units;          /* unitsConsumed */
	char err[200];           /* the transaction error, described */
	char logs[600];          /* its last log lines, " | " between them */
};

/* simulateTransaction of unsigned transactions (sigVerify false, the
 * blockhash replaced by a recent one), all in one batch. A call that fails
 * as a call (transport, JSON-RPC error) fails the whole (ERR_NET); a
 * simulation that fails is in out[i]. */
int sol_rpc_simulate(struct sol_rpc *r, struct sol_rpc_sim *out, const char *const *tx_b64, size_t n,
		     struct error *e) WUR;

enum sol_rpc_sent {
	SOL_RPC_ACCEPTED,   /* a node took it (or it was already processed) */
	SOL_RPC_REJECTED,   /* refused for good: preflight simulation or signature failed */
	SOL_RPC_RETRY,      /* not taken this time: transport error, node behind, blockhash unknown */
};

struct sol_rpc_send {
	enum sol_rpc_sent outcome;
	char error[300];
};

/* sendTransaction (base64) of each, all at once (batched, pipelined).
 * skip_preflight: no simulation by the node (rebroadcasts). A reply
 * naming another signature than sigs[i] counts as RETRY with an error.
 * Fails as a whole only when out of memory. */
int sol_rpc_send(struct sol_rpc *r, struct sol_rpc_send *out, const char *const *tx_b64, const char *const *sigs,
		 size_t n, bool skip_preflight, struct error *e) WUR;

struct sol_rpc_status {
	bool found;
	bool failed;             /* landed with an error */
	char confirmation[12];   /* processed | confirmed | finalized */
	uint64_t slot;
	char err[200];
};

/* getSignatureStatuses, SOL_RPC_MAX_SIGNATURES a call, the calls batched;
 * history: searchTransactionHistory. */
int sol_rpc_statuses(struct sol_rpc *r, struct sol_rpc_status *out, const char *const *sigs, size_t n, bool history,
		     struct error *e) WUR;

/* Whether a status is at the commitment asked for (finalized counts as
 * confirmed). */
bool sol_rpc_status_meets(const struct sol_rpc_status *s, const char *commitment);

/* A TransactionError (JSON) in words: "instruction 2: custom program error
 * 0x1", "insufficient funds for the fee", ... */
void sol_rpc_describe_error(char *out, size_t out_size, const cJSON *err);
/* The last log lines that fit, " | " between them, control characters
 * replaced. */
void sol_rpc_join_logs(char *out, size_t out_size, const cJSON *logs);

#endif
