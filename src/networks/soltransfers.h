/* What the Solana adapters share (solstake.c, nosana.c, render.c, ionet.c,
 * hivemapper.c, grass.c, srcful.c):
 *
 * 1. Earnings history from SPL token transfers into a wallet, as engine
 *    tasks: getSignaturesForAddress over the wallet's token account, then
 *    getTransaction (jsonParsed) of each new signature; a transfer's amount
 *    is the rise of the account's balance (meta pre/postTokenBalances), so
 *    transfer, transferChecked, mintTo and program payouts all count. Every
 *    transaction read is cached in SQLite (<home>/cache.db, tables
 *    soltransfers_seen and soltransfers_credit), so a refresh asks only for
 *    signatures newer than the newest one cached (`until`).
 *
 * 2. The stake verbs' plumbing: the key, the RPC endpoints, and transactions
 *    built, described from their own bytes, signed, journaled, sent and
 *    confirmed. */
#ifndef DEPINCTL_SOLTRANSFERS_H
#define DEPINCTL_SOLTRANSFERS_H

#include <stddef.h>
#include <stdint.h>
#include "error.h"
#include "networks/network.h"
#include "chains/solana/message.h"
#include "chains/solana/rpc.h"
#include "chains/solana/tx.h"

struct ctx;
struct journal;

/* ---- 1. token transfer history (engine tasks) --------------------------- */

#define SOLTX_PAGE 1000      /* signatures in one getSignaturesForAddress */
#define SOLTX_FETCH_MAX 200  /* transactions read in one refresh, at most */

/* A token an adapter follows: its mint, symbol and decimals. */
struct soltx_token {
	const char *mint;
	const char *symbol;
	uint8_t decimals;
};

/* The state of one history refresh of one owner and mint (a task's state
 * or a part of it). */
struct soltx {
	char owner[48];
	char account[48];          /* the owner's associated token account */
	struct soltx_token token;
	char until[100];           /* the newest signature cached, "" none */
	char **sigs;               /* new signatures, newest first */
	size_t nsigs, cap;
	char before[100];          /* paging */
	int stage;
	size_t fetched, requests;
	uint64_t balance;          /* the account's balance now */
	int has_balance;
	int missing;               /* the token account does not exist */
	struct soltx_credit {      /* read this refresh (the history without a cache) */
		int64_t when;
		uint64_t units;
	} *credits;
	size_t ncredits;
};

/* Starts (stage 0) or continues a history refresh: submits requests with
 * the task's RPC URLs and tag base tag; returns NET_WAIT while requests are
 * out, NET_DONE when the cache is up to date, or an ERR_* code (net_fail
 * called). Call it again from the step with t->reqs answered. */
int soltx_step(struct net_task *t, struct soltx *h, const char *const *urls, size_t nurls, long tag) WUR;
/* Initialises h for owner and token (the ATA is derived here). */
int soltx_init(struct soltx *h, const char *owner, const struct soltx_token *tok, struct error *e) WUR;
void soltx_release(struct soltx *h);
/* Fills d's daily history (since since, unix seconds; 0 all) and lifetime
 * from the cache. */
int soltx_fill(struct net_task *t, const struct soltx *h, struct net_device *d, int64_t since, struct error *e) WUR;

/* What an adapter adds to the token refresh: its own requests (a device
 * API) run alongside the token history. step is called on every step before
 * the history's (first: the first call; submit then, read t->reqs with tags
 * from SOLTX_HOOK_TAG up later) and returns NET_WAIT while it waits, NET_DONE
 * when it has all it needs, or an ERR_* code; finish adds its devices. */
#define SOLTX_HOOK_TAG 1000000000L
struct soltx_hook {
	size_t state_size;
	int (*step)(struct net_task *t, void *state, int first);
	int (*finish)(struct net_task *t, void *state);
	void (*release)(void *state);
};

/* A step for adapters paid in an SPL token: one device per owner (its
 * token account: kind, detail, balance), its daily history and lifetime
 * from token transfers; the mint and decimals from the adapter's "mint" and
 * "decimals" settings when set, else tok. hook may be NULL. The adapter's
 * state is made here. */
int soltx_token_refresh(struct net_task *t, const struct soltx_token *tok, const char *kind,
			const struct soltx_hook *hook);

/* ---- 2. verbs ------------------------------------------------------------ */

struct solnet {
	struct ctx *ctx;
	struct sol_rpc rpc;
	int rpc_open;
	struct journal *journal;
	char key[64];               /* the key's name */
	uint8_t owner[32];
	char owner_b58[48];
	uint8_t *seed;              /* sodium_malloc'd ed25519 seed, when unlocked */
	char network[32];           /* the chain preset, as journaled */
};

/* Loads the config, opens the RPC of [adapter] rpc / --rpc / the preset
 * "solana", and resolves the key (--key or the config's); unlock: asks for
 * its password now. */
int solnet_open(struct solnet *s, struct ctx *ctx, const char *adapter, int unlock) WUR;
int solnet_unlock(struct solnet *s) WUR;
void solnet_close(struct solnet *s);

/* Describes an instruction an adapter knows (0), else ERR_NOTFOUND. */
typedef int (*solnet_describe_fn)(char *out, size_t out_size, const struct sol_instruction *ix);

/* A transaction built and described before it is signed. */
struct solnet_tx {
	struct sol_tx tx;
	uint64_t last_valid;
	char summary[2048];        /* from the message's bytes, one instruction a line */
	uint64_t fee;              /* lamports */
	char txid[100];
	char purpose[32];          /* journaled: "stake" */
	char to[64];               /* journaled: the stake account */
	char amount[80];           /* journaled: the exact amount shown ("" none) */
};

void solnet_tx_init(struct solnet_tx *t);
void solnet_tx_release(struct solnet_tx *t);
/* Builds a legacy message paid by the owner with signers extra (public keys
 * of keypairs besides the owner's), serializes it and decodes it back into
 * t->summary; describe may be NULL. */
int solnet_build(struct solnet *s, struct solnet_tx *t, const struct sol_instruction *ixs, size_t n,
		 solnet_describe_fn describe, const char *purpose, struct error *e) WUR;
/* Shows t's summary (unless --json with --yes) and asks; ERR_REFUSED when
 * declined. With --dry-run it simulates and returns ERR_OK without asking
 * (*simulated set). */
int solnet_confirm(struct solnet *s, struct solnet_tx *t, const char *question, int *simulated) WUR;
/* Signs with the owner and extra seeds (co-signers), journals before
 * broadcast, sends and waits for confirmation: chains/solana/sender.h. */
int solnet_send(struct solnet *s, struct solnet_tx *t, const uint8_t (*extra_seeds)[32], size_t nextra,
		struct error *e) WUR;

/* Formats lamports / token units as exact decimals. */
void solnet_fmt(char *out, size_t out_size, uint64_t units, unsigned decimals);
void solnet_b58(char out[48], const uint8_t key[32]);
/* getAccountInfo's params for an address, base64 data (NULL when out of memory). */
cJSON *solnet_account_params(const char *address);

#endif
