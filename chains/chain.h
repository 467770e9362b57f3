/* What the wallet commands (balance, send, tx) need from a chain family.
 * chains/solana/wallet.c and chains/evm/wallet.c each provide a
 * struct chain_ops; chain_open picks one by the network's family. Library
 * code: nothing here prints or prompts; the commands show the summary that
 * chain_prepare fills and ask for confirmation before chain_send. */
#ifndef DEPINCTL_CHAIN_H
#define DEPINCTL_CHAIN_H

#include <stddef.h>
#include <stdint.h>
#include "error.h"
#include "conf.h"
#include "journal.h"

struct chain;

struct chain_options {
	const char *network;            /* preset name, as journaled */
	const struct conf_network *net; /* family, chain id, RPC URLs */
	const char *rpc;                /* --rpc: replaces net's URLs when set */
	int insecure;                   /* plain http beyond loopback */
	int verbose;
	long timeout_ms;                /* per request; 0 = default */
	long confirm_timeout_s;         /* how long send waits for confirmation; 0 = default */
	/* Solana */
	const char *commitment;         /* "confirmed" (default) or "finalized" */
	uint64_t priority_min, priority_max; /* micro-lamports per CU; max 0 = no cap */
	/* EVM */
	unsigned confirmations;         /* blocks after inclusion (default 1) */
};

struct chain_balance {
	char token[64];   /* symbol when known ("SOL", "HNT", "ETH", "USDC"), else "" */
	char id[100];     /* mint or contract; "" for the native coin */
	char amount[100]; /* exact decimal */
	unsigned decimals;
};

struct chain_transfer {
	/* in */
	char to[100];
	char amount[80];      /* exact decimal, or "max" */
	char token[100];      /* "" native; a known symbol, a mint or a contract */
	char batch_key[80];   /* "" or the stable key of a batch line (journal idempotency) */
	/* out of chain_prepare: the summary shown before anything is signed */
	char from[100];
	char token_name[32];  /* "SOL", "ETH", "HNT", or a shortened mint/contract */
	char token_id[100];   /* mint or contract, "" native */
	char amount_exact[100]; /* "max" resolved */
	char fee[100];        /* estimated network fee, exact decimal */
	char fee_token[16];   /* "SOL", "ETH", "POL", ... */
	char notes[256];      /* e.g. "creates the recipient's token account" */
	/* out of chain_send / chain_sign_only */
	char txid[100];
	enum journal_status status;
	char error[256];
	char *signed_b64;     /* chain_sign_only: malloc'd base64 (Solana) or 0x hex (EVM) */
	int skipped;          /* a batch line the journal shows as already landed */
};

struct chain_ops {
	const char *family; /* "solana" | "evm" */
	int (*open)(struct chain **out, const struct chain_options *o, struct journal *j, struct error *e);
	void (*close)(struct chain *c);
	/* The address of a secret (ed25519 seed / secp256k1 key) on this chain. */
	int (*balances)(struct chain *c, const char *address, struct chain_balance **out, size_t *n, struct error *e);
	/* Resolves and checks every transfer (address format, token, decimals,
	 * amount, funds) and estimates fees; signs nothing. */
	int (*prepare)(struct chain *c, const uint8_t secret[32], struct chain_transfer *t, size_t n, struct error *e);
	/* --dry-run: builds and simulates each transfer, signs nothing sendable. */
	int (*simulate)(struct chain *c, const uint8_t secret[32], struct chain_transfer *t, size_t n, struct error *e);
	/* --sign-only: signs, records nothing, sends nothing. */
	int (*sign_only)(struct chain *c, const uint8_t secret[32], struct chain_transfer *t, size_t n, struct error *e);
	/* Signs, journals before broadcast, broadcasts (pipelined) and waits for
	 * confirmation. A transfer whose batch_key the journal already holds is
	 * resumed (its same bytes rebroadcast) or skipped when it landed, never
	 * signed twice. Per-transfer results in t[i]; 0 when all confirmed. */
	int (*send)(struct chain *c, const uint8_t secret[32], struct chain_transfer *t, size_t n, struct error *e);
	/* Asks the node about a journaled transaction and updates the journal. */
	int (*status)(struct chain *c, struct journal_tx *t, struct error *e);
	/* Rebroadcasts a journaled transaction's same bytes and waits for it. */
	int (*resend)(struct chain *c, struct journal_tx *t, struct error *e);
};

extern const struct chain_ops solana_chain_ops;
extern const struct chain_ops evm_chain_ops;

#endif
