/* The transaction journal: every signed transaction is written here (SQLite,
 * WAL, synchronous FULL) before it is broadcast, so a crash or kill between
 * signing and confirmation loses nothing, and a retry rebroadcasts the same
 * signed bytes instead of paying twice. <data>/journal.db, mode 0600. */
#ifndef DEPINCTL_JOURNAL_H
#define DEPINCTL_JOURNAL_H

#include <stddef.h>
#include <stdint.h>
#include "error.h"

struct journal;

enum journal_status {
	JOURNAL_SIGNED = 0, /* written, not yet accepted by a node */
	JOURNAL_SENT,       /* a node accepted it; not confirmed yet */
	JOURNAL_CONFIRMED,  /* at the commitment / confirmations asked for */
	JOURNAL_FAILED,     /* landed and failed (reverted, program error) */
	JOURNAL_EXPIRED,    /* can no longer land (blockhash expired, nonce used by another) */
};

struct journal_tx {
	int64_t id;          /* row id, set by journal_add */
	char chain[8];       /* "solana" | "evm" */
	char network[32];
	char txid[100];      /* Solana signature (base58) or EVM hash (0x...) */
	uint8_t *raw;        /* the signed bytes (malloc'd when read back) */
	size_t raw_len;
	char purpose[32];    /* "transfer", "claim", "stake", ... */
	char from[64], to[64];
	char amount[80];     /* exact decimal as shown to the user */
	char token[64];      /* symbol, mint or contract; "" for the native coin */
	char batch_key[80];  /* idempotency key of a batch line, or "" */
	uint64_t valid_until; /* Solana: last valid block height; EVM: 0 */
	uint64_t nonce;       /* EVM nonce; Solana: 0 */
	enum journal_status status;
	char error[256];
	int64_t created, updated; /* unix seconds */
};

int journal_open(struct journal **out, const char *home, struct error *e) WUR;
void journal_close(struct journal *j);
/* Records a signed transaction (status SIGNED) before it is broadcast.
 * ERR_USAGE if the txid, or a non-empty batch_key, is already there. */
int journal_add(struct journal *j, struct journal_tx *t, struct error *e) WUR;
int journal_set_status(struct journal *j, const char *txid, enum journal_status st, const char *error,
		       struct error *e) WUR;
/* By txid or by numeric row id (as text). ERR_NOTFOUND if absent. */
int journal_get(struct journal *j, struct journal_tx *out, const char *id, struct error *e) WUR;
/* The transaction recorded for a batch line, if any (0 found, ERR_NOTFOUND not). */
int journal_get_by_key(struct journal *j, struct journal_tx *out, const char *batch_key, struct error *e) WUR;
/* Newest first; only_open: SIGNED and SENT only. cb returns non-zero to stop.
 * The tx passed to cb (raw included) is valid during the call only. */
int journal_each(struct journal *j, int only_open, int limit, int (*cb)(void *user, const struct journal_tx *t),
		 void *user, struct error *e) WUR;
void journal_tx_release(struct journal_tx *t);
const char *journal_status_name(enum journal_status st);

#endif
