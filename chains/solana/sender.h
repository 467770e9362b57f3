/* Journaled sending of already-built Solana transactions (legacy or v0):
 * what the wallet's transfers do, for any list of messages (reward claims,
 * staking, data credits, Nosana). For each transaction: the recent
 * blockhash is set, it is signed (by the fee payer's seed and any
 * co-signers), written to the journal (journal_add) BEFORE it is broadcast,
 * then every transaction is broadcast at once (batched, up to `parallel` in
 * flight), rebroadcast until it lands or its blockhash expires, and its
 * final status journaled. A progress callback reports transactions
 * finished.
 *
 * Resume without sending twice: a transaction with a batch_key the journal
 * already holds is not signed again while the earlier one can still land:
 * confirmed -> skipped; signed or sent and still valid -> the journal's
 * bytes are rebroadcast; failed or expired -> signed again as attempt
 * "KEY#2", "KEY#3" (unless resume_only). An interrupted run is finished by
 * running the same list again.
 *
 * Library code: never prints; per-transaction results in the items, the
 * first failure in e. */
#ifndef DEPINCTL_SOL_SENDER_H
#define DEPINCTL_SOL_SENDER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "error.h"
#include "journal.h"
#include "chains/solana/message.h"
#include "chains/solana/rpc.h"
#include "chains/solana/tx.h"

#define SOL_SENDER_MAX_COSIGNERS 4

struct sol_sender_tx {
	/* in */
	struct sol_message msg;        /* compiled, unsigned; its recent_blockhash is replaced
					  when signed. Owned by the item (sol_sender_txs_release).
					  Empty (no keys) with resume_only: only an earlier
					  journaled attempt may be rebroadcast */
	uint8_t cosigners[SOL_SENDER_MAX_COSIGNERS][32]; /* seeds of further required signers */
	size_t ncosigners;
	char purpose[32];              /* journaled: "claim", "stake", "dc-mint", "transfer" */
	char to[64];                   /* journaled: the recipient or the program's account */
	char amount[80];               /* journaled: the exact decimal shown to the user */
	char token[64];                /* journaled: symbol or mint; "" for SOL */
	char batch_key[80];            /* "" or a stable key: resume without sending twice */
	bool resume_only;              /* never sign a new attempt: only finish an earlier one */
	/* out */
	bool skipped;                  /* the journal has it confirmed: nothing sent */
	bool resumed;                  /* an earlier run's signed bytes were rebroadcast */
	enum journal_status status;    /* JOURNAL_CONFIRMED when it landed well */
	char txid[100];
	size_t bytes;                  /* wire size of the transaction signed */
	char error[256];               /* why it did not land ("" when it did) */
};

void sol_sender_tx_init(struct sol_sender_tx *t);
void sol_sender_txs_release(struct sol_sender_tx *t, size_t n);

struct sol_sender {
	struct sol_rpc *rpc;           /* the caller's, open */
	struct journal *journal;       /* required: nothing is broadcast unjournaled */
	const char *network;           /* the chain preset, journaled ("solana", "devnet") */
	const char *commitment;        /* "confirmed" (NULL) or "finalized" */
	long confirm_timeout_s;        /* 0: 180 s (longer than a blockhash lives) */
	size_t parallel;               /* transactions in flight at once; 0: 64 */
	/* called after each transaction finishes (confirmed, failed, expired,
	   refused, skipped): done of total */
	void (*progress)(void *arg, size_t done, size_t total);
	void *progress_arg;
};

/* Signs, journals, broadcasts and confirms txs[0..n) with the fee payer's
 * ed25519 seed (the payer is the message's first key; every message must
 * have it as its fee payer, else ERR_USAGE before anything is signed).
 * Returns 0 when every transaction is confirmed or skipped; ERR_FAIL naming
 * how many did not land (each item says why); ERR_NET when the RPC stopped
 * answering (the journal keeps everything for the next run); a journal
 * failure stops everything before the transaction concerned is
 * broadcast. */
int sol_sender_send(const struct sol_sender *s, struct sol_sender_tx *txs, size_t n, const uint8_t secret[32],
		    struct error *e) WUR;

/* The journal's open transactions (signed or sent) of a purpose on the
 * sender's network, settled against the chain first (landed -> confirmed
 * or failed, past their last valid block -> expired): cb gets each one that
 * may still land (raw bytes included; valid during the call). A caller
 * rebuilding a list (claims) learns what is still in flight and lists it
 * with resume_only instead of building it again. */
int sol_sender_open(const struct sol_sender *s, const char *purpose,
		    int (*cb)(void *arg, const struct journal_tx *t), void *arg, struct error *e) WUR;

/* The latest journaled attempt of a batch line (batch_key "": none): *has
 * says whether there is one (then *prev is the caller's to
 * journal_tx_release), *next the attempt number a new signing gets. */
int sol_sender_latest(const struct sol_sender *s, const char *batch_key, struct journal_tx *prev, bool *has,
		      int *next, struct error *e) WUR;

/* Settles open journal entries t[0..n) (n <= SOL_RPC_MAX_SIGNATURES)
 * against the chain: t[i].status and the journal become confirmed, failed
 * or expired, or stay as they were (still able to land). */
int sol_sender_settle(const struct sol_sender *s, struct journal_tx *t, size_t n, struct error *e) WUR;

/* tx status: one journaled transaction read again from the chain (landed ->
 * confirmed, sent or failed; unknown past its last valid block ->
 * expired); t and the journal are updated. ERR_NET when the RPC fails. */
int sol_sender_status(const struct sol_sender *s, struct journal_tx *t, struct error *e) WUR;

/* tx resend: a journaled transaction that may still land is rebroadcast
 * (its journaled bytes, never signed again) until it lands, its blockhash
 * expires or the timeout; t and the journal are updated. 0 when it is
 * confirmed; ERR_FAIL when it failed, expired or is still pending (t->error
 * says which); ERR_NET when the RPC stopped answering. */
int sol_sender_resend(const struct sol_sender *s, struct journal_tx *t, struct error *e) WUR;

#endif
