/* What the EVM adapters paid in an ERC-20 share (glow.c, aethir.c,
 * geodnet.c, powerledger.c, storj.c, ...): the token's balance and a daily
 * earnings history from the Transfer logs into a wallet, as engine tasks.
 *
 * A refresh asks eth_blockNumber and balanceOf, then eth_getLogs for
 * Transfer(address,address,uint256) with the wallet as the indexed `to`, in
 * block ranges of at most `log-range` blocks, from the block after the last
 * one scanned to the head less `confirmations`; blocks whose logs carry no
 * blockTimestamp are read with eth_getBlockByNumber. Every credit and the
 * last block scanned are cached in SQLite (<home>/cache.db, tables
 * erc20history_scan and erc20history_credit), so the next refresh reads only
 * the blocks that are new. A head below the last block scanned (another
 * chain, a reorganisation deeper than the confirmations) drops the cache of
 * that wallet and token and scans again.
 *
 * Settings read from the adapter's section (each adapter lists them):
 *   token          the contract (default: the adapter's)
 *   from-block     the first block scanned when nothing is cached (default:
 *                  90 days back at the chain's blocks per day)
 *   log-range      blocks per eth_getLogs (default 10000)
 *   confirmations  blocks below the head left unscanned (default per chain) */
#ifndef DEPINCTL_ERC20HISTORY_H
#define DEPINCTL_ERC20HISTORY_H

#include <stddef.h>
#include <stdint.h>
#include "error.h"
#include "u256.h"
#include "networks/network.h"

#define ERC20H_RANGE_DEFAULT 10000
#define ERC20H_STEP_RANGES 64   /* eth_getLogs in flight at once, per wallet */
#define ERC20H_MAX_RANGES 2000  /* per refresh and wallet; the rest on the next one */

/* A token an adapter follows. */
struct erc20h_token {
	const char *contract;       /* "0x..." */
	const char *symbol;
	uint8_t decimals;
	uint32_t blocks_per_day;    /* for the default first block */
	uint32_t confirmations;
};

/* One wallet's refresh of one token (a task's state or a part of it). */
struct erc20h {
	char owner[43];             /* "0x" + 40 lower-case hex */
	uint8_t owner20[20];
	char contract[43];
	uint8_t contract20[20];
	char chain[24];             /* the cache's key: the adapter's chain preset */
	struct erc20h_token token;  /* symbol, decimals */
	uint64_t range;             /* blocks per eth_getLogs */
	uint64_t from_block;        /* setting, 0: none */
	uint32_t confirmations;
	int stage;
	uint64_t head;              /* the chain's head at the start */
	uint64_t next;              /* the next block to scan */
	uint64_t target;            /* the last block this refresh scans */
	uint64_t ranges;            /* eth_getLogs sent this refresh */
	uint64_t scanned_from, scanned_to; /* blocks scanned this refresh (0, 0: none) */
	size_t requests;
	struct u256 balance;
	int has_balance;
	/* credits of the current batch, until their blocks' times are known */
	struct erc20h_credit *credits;
	size_t ncredits, cap;
	uint64_t batch_to;          /* the last block of the current batch */
};

/* Initialises h for owner (an EVM address) and tok on chain, reading the
 * settings named above from the task's adapter section. ERR_USAGE for a bad
 * address or setting. */
int erc20h_init(struct erc20h *h, const struct net_task *t, const char *owner, const char *chain,
		const struct erc20h_token *tok, struct error *e) WUR;
void erc20h_release(struct erc20h *h);
/* Starts (stage 0) or continues a refresh with the task's RPC urls and tags
 * tag .. tag + 999999 (the step's other requests must use others): NET_WAIT
 * while requests are out, NET_DONE when the cache is up to date, or an ERR_*
 * code (net_fail called). */
int erc20h_step(struct net_task *t, struct erc20h *h, const char *const *urls, size_t nurls, long tag) WUR;
/* Fills d's daily history (since since; 0 all) and lifetime from the cache. */
int erc20h_fill(struct net_task *t, const struct erc20h *h, struct net_device *d, int64_t since,
		struct error *e) WUR;

/* The whole task for adapters that are only a token (one device per
 * wallet, kind as given; its history, lifetime received and balance): the
 * state is made here. */
int erc20h_token_refresh(struct net_task *t, const struct erc20h_token *tok, const char *kind);

/* The same plus a hook that adds to each wallet's device (Aethir's
 * licenses): wallets' states for adapters that do more. */
struct erc20h_wallets {
	struct erc20h *h;
	size_t n;
	const char **urls;          /* a copy of the array (erc20h_list_copy) */
	size_t nurls;
};
/* Sets w up from the task's wallets and the chain's RPC; ERR_* (net_fail
 * called); n 0 when there are no wallets. */
int erc20h_wallets_init(struct erc20h_wallets *w, struct net_task *t, const struct erc20h_token *tok) WUR;
void erc20h_wallets_release(struct erc20h_wallets *w);
/* Steps every wallet (tags 0 .. n*1000000): NET_WAIT, NET_DONE or ERR_*. */
int erc20h_wallets_step(struct net_task *t, struct erc20h_wallets *w) WUR;
/* Adds wallet i's device (kind; detail "balance X SYM") with its history. */
struct net_device *erc20h_wallets_device(struct net_task *t, const struct erc20h_wallets *w, size_t i,
					 const char *kind);

/* A copy of a list net_owners / net_device_ids / net_rpc_urls handed out
 * (the next such call may move the array; the strings stay until the task
 * ends); NULL when n is 0 or out of memory. free() it. */
const char **erc20h_list_copy(const char *const *list, size_t n);

/* Drops the devices a failed step had added (no partial figures). Any
 * adapter's step can end with it on failure. */
void erc20h_drop_devices(struct net_result *r);

/* The settings above, for an adapter's settings list. */
#define ERC20H_SETTINGS \
	{"token", NULL, "the token contract (default: the network's)"}, \
	{"from-block", NULL, "first block scanned when nothing is cached (default: 90 days back)"}, \
	{"log-range", "10000", "blocks per eth_getLogs"}, \
	{"confirmations", NULL, "blocks below the head left unscanned"}

#endif
