/* Solana's half of chains/chain.h: balances (SOL and every SPL Token and
 * Token-2022 account of an owner), transfers (System transfer, or
 * transfer_checked with the recipient's associated token account created
 * when it is missing), a compute budget from simulation and recent
 * prioritization fees, and the journal's view of batch lines. Journaled
 * broadcasting (rebroadcasts until the commitment asked for or the
 * blockhash expires) and tx status / resend are chains/solana/sender.h's.
 *
 * The secret given is the ed25519 seed: the expanded key lives in
 * sodium_malloc'd memory for the time of the signing and is wiped after. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sodium.h>

#include "amount.h"
#include "base58.h"
#include "chains/chain.h"
#include "chains/solana/budget.h"
#include "chains/solana/message.h"
#include "chains/solana/pda.h"
#include "chains/solana/programs.h"
#include "chains/solana/rpc.h"
#include "chains/solana/sender.h"
#include "chains/solana/tokens.h"
#include "chains/solana/tx.h"
#include "wallet/address.h"

#define SOL_DECIMALS 9
#define DEFAULT_CONFIRM_S 180    /* longer than a blockhash lives (~150 blocks) */
#define SIMULATE_ALL_MAX 1000    /* larger batches: one simulation per kind of transfer */

enum plan_state {
	PLAN_NEW,     /* to be signed */
	PLAN_SKIP,    /* the journal has it confirmed */
	PLAN_RESUME,  /* the journal has it signed or sent and it may still land */
};

/* What prepare worked out for one transfer. */
struct plan {
	enum plan_state state;
	bool native;
	bool is_max;
	uint8_t to[32];
	uint8_t mint[32], program[32];
	uint8_t source[32], dest[32];   /* token accounts */
	bool to_is_token_account;
	bool create_ata;
	bool pays_rent;                 /* the first line creating its account */
	uint8_t decimals;
	uint64_t amount;
	uint32_t units;
	uint64_t fee;
	uint64_t rent;
	uint16_t fee_bps;               /* the mint's transfer fee (Token-2022) */
	size_t sim;                     /* the line whose simulation stands for this one */
	char mint_b58[ADDRESS_SOLANA_MAX];
	char journal_token[64];
	int attempt;                    /* the journal attempt a new signing gets */
	bool has_prev;
	struct journal_tx prev;         /* the latest journaled attempt */
};

struct chain {
	struct sol_rpc rpc;
	struct journal *j;
	char network[32];
	char commitment[16];
	uint64_t prio_min, prio_max;
	long confirm_timeout_s;
	uint64_t price;
	uint8_t from[32];
	char from_b58[ADDRESS_SOLANA_MAX];
	struct plan *plan;
	size_t nplan;
	const struct chain_transfer *plan_for;
};

struct keypair {
	unsigned char *sk;
	uint8_t pk[32];
};

/* ---- small helpers ----------------------------------------------------- */

static int oom(struct error *e)
{
	return error_set(e, ERR_FAIL, "out of memory");
}

static int keypair_from_seed(struct keypair *k, const uint8_t seed[32], struct error *e)
{
	k->sk = NULL;
	if (sodium_init() < 0)
		return error_set(e, ERR_FAIL, "cannot start libsodium");
	if (!(k->sk = sodium_malloc(crypto_sign_SECRETKEYBYTES)))
		return oom(e);
	if (crypto_sign_seed_keypair(k->pk, k->sk, seed) != 0) {
		sodium_free(k->sk);
		k->sk = NULL;
		return error_set(e, ERR_FAIL, "cannot derive the ed25519 key");
	}
	return 0;
}

static void keypair_wipe(struct keypair *k)
{
	if (k->sk) {
		sodium_memzero(k->sk, crypto_sign_SECRETKEYBYTES);
		sodium_free(k->sk);
	}
	k->sk = NULL;
}

static void b58(char out[ADDRESS_SOLANA_MAX], const uint8_t key[32])
{
	if (address_solana(out, ADDRESS_SOLANA_MAX, key))
		out[0] = '\0';
}

static void fmt_amount(char *out, size_t size, uint64_t v, unsigned decimals)
{
	if (amount_format_u64(out, size, v, decimals))
		snprintf(out, size, "?");
}

/* An error about transfer i of n: named when there are several. */
__attribute__((format(printf, 6, 7)))
static int terr(struct error *e, int code, const struct chain_transfer *t, size_t n, size_t i, const char *fmt, ...)
{
	char msg[400];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (n > 1)
		return error_set(e, code, "transfer %zu (to %.48s): %s", i + 1, t[i].to, msg);
	return error_set(e, code, "%s", msg);
}

static void note(char *notes, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void note(char *notes, size_t size, const char *fmt, ...)
{
	size_t o = strlen(notes);
	if (o && o + 2 < size) {
		memcpy(notes + o, "; ", 3);
		o += 2;
	}
	if (o + 1 >= size)
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(notes + o, size - o, fmt, ap);
	va_end(ap);
}

static void plans_free(struct chain *c)
{
	for (size_t i = 0; i < c->nplan; i++)
		if (c->plan[i].has_prev)
			journal_tx_release(&c->plan[i].prev);
	free(c->plan);
	c->plan = NULL;
	c->nplan = 0;
	c->plan_for = NULL;
}

static bool is_token_program(const uint8_t p[32])
{
	return memcmp(p, sol_program_id_token, 32) == 0 || memcmp(p, sol_program_id_token_2022, 32) == 0;
}

/* Unique keys, in order of first appearance. */
struct keyset {
	uint8_t (*k)[32];
	size_t n, cap;
};

static long keyset_find(const struct keyset *s, const uint8_t key[32])
{
	for (size_t i = 0; i < s->n; i++)
		if (memcmp(s->k[i], key, 32) == 0)
			return (long)i;
	return -1;
}

static long keyset_add(struct keyset *s, const uint8_t key[32])
{
	long f = keyset_find(s, key);
	if (f >= 0)
		return f;
	if (s->n == s->cap) {
		size_t nc = s->cap ? 2 * s->cap : 16;
		uint8_t(*nk)[32] = realloc(s->k, nc * sizeof *nk);
		if (!nk)
			return -1;
		s->k = nk;
		s->cap = nc;
	}
	memcpy(s->k[s->n], key, 32);
	return (long)s->n++;
}

static void keyset_free(struct keyset *s)
{
	free(s->k);
	memset(s, 0, sizeof *s);
}

/* ---- open / close ------------------------------------------------------ */

static int sol_open(struct chain **out, const struct chain_options *o, struct journal *j, struct error *e)
{
	const char *urls[CONF_MAX_RPC];
	size_t n = 0;
	int rc;

	*out = NULL;
	if (o->rpc)
		urls[n++] = o->rpc;
	else
		for (int i = 0; o->net && i < o->net->nrpc && i < CONF_MAX_RPC; i++)
			urls[n++] = o->net->rpc[i];
	if (!n)
		return error_set(e, ERR_USAGE, "network '%s' has no RPC URL: set rpc in its section or pass --rpc",
				 o->network ? o->network : "?");
	if (o->commitment && strcmp(o->commitment, "confirmed") && strcmp(o->commitment, "finalized"))
		return error_set(e, ERR_USAGE, "commitment must be confirmed or finalized, not '%s'", o->commitment);
	struct chain *c = calloc(1, sizeof *c);
	if (!c)
		return oom(e);
	if ((rc = sol_rpc_open(&c->rpc, urls, n, o->insecure, o->timeout_ms, e))) {
		free(c);
		return rc;
	}
	c->j = j;
	snprintf(c->network, sizeof c->network, "%s", o->network ? o->network : "");
	snprintf(c->commitment, sizeof c->commitment, "%s", o->commitment ? o->commitment : "confirmed");
	c->prio_min = o->priority_min;
	c->prio_max = o->priority_max;
	c->confirm_timeout_s = o->confirm_timeout_s > 0 ? o->confirm_timeout_s : DEFAULT_CONFIRM_S;
	*out = c;
	return 0;
}

static void sol_close(struct chain *c)
{
	if (!c)
		return;
	plans_free(c);
	sol_rpc_close(&c->rpc);
	free(c);
}

/* ---- balances ------------------------------------------------------------ */

struct holding {
	uint8_t mint[32];
	uint64_t amount;
	bool overflow;
};

static int cmp_balance(const void *a, const void *b)
{
	const struct chain_balance *x = a, *y = b;
	const struct sol_tokens_known *kx = sol_tokens_by_mint(x->id), *ky = sol_tokens_by_mint(y->id);
	if (!x->id[0] || !y->id[0])
		return x->id[0] ? 1 : y->id[0] ? -1 : 0;
	if (kx && ky)
		return kx < ky ? -1 : kx > ky;
	if (kx || ky)
		return kx ? -1 : 1;
	return strcmp(x->id, y->id);
}

static int sol_balances(struct chain *c, const char *address, struct chain_balance **out, size_t *n,
			struct error *e)
{
	uint8_t owner[32];
	struct error scratch;
	uint8_t progs[2][32];
	struct sol_rpc_keyed *accts = NULL;
	size_t nacct = 0, nh = 0;
	struct holding *h = NULL;
	struct sol_rpc_account *mints = NULL;
	uint8_t(*mint_keys)[32] = NULL;
	uint64_t lamports;
	int rc;

	*out = NULL;
	*n = 0;
	if (address_solana_parse(owner, address, &scratch))
		return error_set(e, ERR_USAGE, "'%s' is not a Solana address (base58 of 32 bytes)", address);
	memcpy(progs[0], sol_program_id_token, 32);
	memcpy(progs[1], sol_program_id_token_2022, 32);
	if ((rc = sol_rpc_balance(&c->rpc, &lamports, owner, e)))
		return rc;
	if ((rc = sol_rpc_token_accounts(&c->rpc, &accts, &nacct, owner, (const uint8_t(*)[32])progs, 2, e)))
		return rc;
	if (nacct && !(h = calloc(nacct, sizeof *h))) {
		rc = oom(e);
		goto out;
	}
	for (size_t i = 0; i < nacct; i++) {
		struct sol_tokens_account ta;
		const struct sol_rpc_account *a = &accts[i].account;
		if (!is_token_program(a->owner) || sol_tokens_parse_account(&ta, a->data, a->data_len, &scratch) ||
		    memcmp(ta.owner, owner, 32) != 0)
			continue; /* not a token account of this owner: the node should not list it */
		size_t k = 0;
		while (k < nh && memcmp(h[k].mint, ta.mint, 32) != 0)
			k++;
		if (k == nh) {
			memcpy(h[nh].mint, ta.mint, 32);
			nh++;
		}
		if (h[k].amount > UINT64_MAX - ta.amount)
			h[k].overflow = true;
		else
			h[k].amount += ta.amount;
	}
	if (nh) {
		mints = calloc(nh, sizeof *mints);
		mint_keys = calloc(nh, sizeof *mint_keys);
		if (!mints || !mint_keys) {
			rc = oom(e);
			goto out;
		}
		for (size_t k = 0; k < nh; k++)
			memcpy(mint_keys[k], h[k].mint, 32);
		if ((rc = sol_rpc_accounts(&c->rpc, mints, (const uint8_t(*)[32])mint_keys, nh, e)))
			goto out;
	}
	if (!(*out = calloc(nh + 1, sizeof **out))) {
		rc = oom(e);
		goto out;
	}
	snprintf((*out)[0].token, sizeof (*out)[0].token, "SOL");
	fmt_amount((*out)[0].amount, sizeof (*out)[0].amount, lamports, SOL_DECIMALS);
	(*out)[0].decimals = SOL_DECIMALS;
	*n = 1;
	for (size_t k = 0; k < nh; k++) {
		struct chain_balance *b = &(*out)[*n];
		struct sol_tokens_mint m;
		b58(b->id, h[k].mint);
		const struct sol_tokens_known *known = sol_tokens_by_mint(b->id);
		snprintf(b->token, sizeof b->token, "%s", known ? known->symbol : "");
		if (!mints[k].exists || !is_token_program(mints[k].owner) ||
		    sol_tokens_parse_mint(&m, mints[k].data, mints[k].data_len,
					  memcmp(mints[k].owner, sol_program_id_token_2022, 32) == 0, &scratch)) {
			/* no readable mint: base units */
			m.decimals = 0;
		}
		b->decimals = m.decimals;
		if (h[k].overflow)
			snprintf(b->amount, sizeof b->amount, "more than 2^64 units");
		else
			fmt_amount(b->amount, sizeof b->amount, h[k].amount, m.decimals);
		(*n)++;
	}
	qsort(*out + 1, *n - 1, sizeof **out, cmp_balance);
out:
	if (mints)
		sol_rpc_accounts_release(mints, nh);
	free(mints);
	free(mint_keys);
	free(h);
	sol_rpc_keyed_free(accts, nacct);
	if (rc) {
		free(*out);
		*out = NULL;
		*n = 0;
	}
	return rc;
}

/* ---- building and signing ---------------------------------------------- */

/* The transaction of plan p, unsigned: compute budget, the associated token
 * account when it must be created, the transfer. */
static int build_msg(struct sol_message *m, const struct chain *c, const struct plan *p, uint64_t amount,
		     uint32_t units, uint64_t price, const uint8_t blockhash[32], struct error *e)
{
	struct sol_instruction ix[4];
	size_t k = 0;
	int rc;

	memset(ix, 0, sizeof ix);
	if ((rc = sol_program_compute_unit_limit(&ix[k++], units, e)))
		goto out;
	if (price && (rc = sol_program_compute_unit_price(&ix[k++], price, e)))
		goto out;
	if (p->native) {
		rc = sol_program_system_transfer(&ix[k++], c->from, p->to, amount, e);
	} else {
		if (p->create_ata && (rc = sol_program_ata_create_idempotent(&ix[k++], c->from, p->to, p->mint,
									     p->program, e)))
			goto out;
		rc = sol_program_token_transfer_checked(&ix[k++], p->program, p->source, p->mint, p->dest, c->from,
							amount, p->decimals, e);
	}
	if (rc)
		goto out;
	rc = sol_message_compile(m, SOL_MESSAGE_LEGACY, c->from, blockhash, ix, k, NULL, 0, e);
out:
	sol_instructions_release(ix, k);
	return rc;
}

static int build_tx(struct sol_tx *tx, const struct chain *c, const struct plan *p, uint64_t amount, uint32_t units,
		    uint64_t price, const uint8_t blockhash[32], struct error *e)
{
	struct sol_message m;
	sol_message_init(&m);
	int rc = build_msg(&m, c, p, amount, units, price, blockhash, e);
	if (!rc)
		rc = sol_tx_from_message(tx, &m, e);
	sol_message_release(&m);
	return rc;
}

static int sign_tx(struct sol_tx *tx, const struct keypair *k, struct error *e)
{
	if (tx->signatures_len != 1 || tx->msg.keys_len < 1 || memcmp(tx->msg.keys[0], k->pk, 32) != 0)
		return error_set(e, ERR_FAIL, "the transaction does not ask the key alone to sign");
	crypto_sign_detached(tx->signatures[0], NULL, tx->message, tx->message_len, k->sk);
	return 0;
}

/* ---- the journal's view of batch lines --------------------------------- */

/* The journaled sender over this chain's RPC and journal. */
static struct sol_sender sender_of(struct chain *c, size_t parallel)
{
	struct sol_sender s = {.rpc = &c->rpc, .journal = c->j, .network = c->network, .commitment = c->commitment,
			       .confirm_timeout_s = c->confirm_timeout_s, .parallel = parallel};
	return s;
}

/* Settles the lines a previous run left signed or sent (the sender's view of
 * the journal): landed (failed or not), expired, or still in flight. */
static int settle_previous(struct chain *c, struct error *e)
{
	struct sol_sender s = sender_of(c, 1);
	struct journal_tx *open = calloc(c->nplan ? c->nplan : 1, sizeof *open);
	size_t *which = calloc(c->nplan ? c->nplan : 1, sizeof *which);
	size_t n = 0;
	int rc = 0;
	if (!open || !which) {
		rc = oom(e);
		goto out;
	}
	for (size_t i = 0; i < c->nplan; i++) {
		const struct plan *p = &c->plan[i];
		if (p->has_prev && (p->prev.status == JOURNAL_SIGNED || p->prev.status == JOURNAL_SENT)) {
			open[n] = p->prev; /* shallow: settling reads and sets the status alone */
			which[n++] = i;
		}
	}
	for (size_t from = 0; !rc && from < n; from += SOL_RPC_MAX_SIGNATURES)
		rc = sol_sender_settle(&s, open + from, n - from < SOL_RPC_MAX_SIGNATURES ? n - from
										: SOL_RPC_MAX_SIGNATURES, e);
	for (size_t k = 0; !rc && k < n; k++)
		c->plan[which[k]].prev.status = open[k].status;
	for (size_t i = 0; !rc && i < c->nplan; i++) {
		struct plan *p = &c->plan[i];
		if (!p->has_prev)
			continue;
		switch (p->prev.status) {
		case JOURNAL_CONFIRMED:
			p->state = PLAN_SKIP;
			break;
		case JOURNAL_SIGNED:
		case JOURNAL_SENT:
			p->state = PLAN_RESUME;
			break;
		default: /* expired or failed: it can no longer land; sign it again */
			p->state = PLAN_NEW;
			break;
		}
	}
out:
	free(open);
	free(which);
	return rc;
}

/* ---- prepare --------------------------------------------------------------- */

/* Resolves t's token: native, a known symbol, or a mint address. */
static int resolve_token(struct plan *p, const struct chain_transfer *t, struct error *e)
{
	struct error scratch;
	const struct sol_tokens_known *k;
	if (!t->token[0] || strcasecmp(t->token, "SOL") == 0) {
		p->native = true;
		return 0;
	}
	if ((k = sol_tokens_by_symbol(t->token))) {
		if (address_solana_parse(p->mint, k->mint, &scratch))
			return error_set(e, ERR_FAIL, "known mint of %s does not parse", k->symbol);
	} else if (address_solana_parse(p->mint, t->token, &scratch)) {
		return error_set(e, ERR_USAGE,
				 "unknown token '%.64s': give SOL, a known symbol (HNT, IOT, MOBILE, DC, HONEY, RENDER, "
				 "IO, NOS, GEOD, USDC, ...) or a mint address", t->token);
	}
	b58(p->mint_b58, p->mint);
	k = sol_tokens_by_mint(p->mint_b58);
	snprintf(p->journal_token, sizeof p->journal_token, "%s", k ? k->symbol : p->mint_b58);
	return 0;
}

static int parse_amount(struct plan *p, const struct chain_transfer *t, size_t n, size_t i, unsigned decimals,
			struct error *e)
{
	int is_max;
	struct error scratch;
	if (amount_parse_u64(&p->amount, &is_max, t[i].amount, decimals, &scratch))
		return terr(e, ERR_USAGE, t, n, i, "%s", scratch.msg);
	if (is_max && n > 1)
		return terr(e, ERR_USAGE, t, n, i, "'max' is for a single transfer, not a batch line");
	if (!is_max && p->amount == 0)
		return terr(e, ERR_USAGE, t, n, i, "the amount must be more than zero");
	p->is_max = is_max;
	return 0;
}

/* The recent prioritization fees of the accounts the new transfers write,
 * their median clamped to --priority-fee MIN[:MAX]. */
static int pick_price(struct chain *c, struct error *e)
{
	struct keyset ks = {0};
	uint64_t *fees = NULL;
	size_t nf = 0;
	int rc = 0;
	if (keyset_add(&ks, c->from) < 0)
		return oom(e);
	for (size_t i = 0; i < c->nplan && ks.n < SOL_RPC_MAX_FEE_KEYS; i++) {
		const struct plan *p = &c->plan[i];
		if (p->state != PLAN_NEW)
			continue;
		if ((p->native ? keyset_add(&ks, p->to) : keyset_add(&ks, p->source)) < 0 ||
		    (!p->native && ks.n < SOL_RPC_MAX_FEE_KEYS && keyset_add(&ks, p->dest) < 0)) {
			rc = oom(e);
			goto out;
		}
	}
	if ((rc = sol_rpc_priority_fees(&c->rpc, &fees, &nf, (const uint8_t(*)[32])ks.k, ks.n, e)))
		goto out;
	c->price = sol_budget_price(sol_budget_median(fees, nf), c->prio_min, c->prio_max);
out:
	free(fees);
	keyset_free(&ks);
	return rc;
}

/* Simulates the new transfers (each, or for a large batch one per kind, and
 * each that creates an account) to learn their compute units. */
static int simulate_units(struct chain *c, const struct chain_transfer *t, size_t n, struct error *e)
{
	size_t nnew = 0, nsim = 0;
	int rc = 0;
	uint8_t zero_hash[32] = {0};
	for (size_t i = 0; i < n; i++)
		nnew += c->plan[i].state == PLAN_NEW;
	if (!nnew)
		return 0;
	size_t *lines = calloc(nnew, sizeof *lines);
	char **b64 = calloc(nnew, sizeof *b64);
	struct sol_rpc_sim *sim = calloc(nnew, sizeof *sim);
	size_t *slot = calloc(n, sizeof *slot);
	if (!lines || !b64 || !sim || !slot) {
		rc = oom(e);
		goto out;
	}
	bool all = nnew <= SIMULATE_ALL_MAX;
	for (size_t i = 0; i < n && !rc; i++) {
		struct plan *p = &c->plan[i];
		if (p->state != PLAN_NEW)
			continue;
		if (!all && !p->create_ata) {
			size_t k;
			for (k = 0; k < nsim; k++) {
				const struct plan *q = &c->plan[lines[k]];
				if (!q->create_ata && q->native == p->native &&
				    (p->native || memcmp(q->mint, p->mint, 32) == 0))
					break;
			}
			if (k < nsim) {
				slot[i] = k;
				continue;
			}
		}
		struct sol_tx tx;
		sol_tx_init(&tx);
		rc = build_tx(&tx, c, p, p->is_max ? 0 : p->amount, SOL_BUDGET_MAX_UNITS, c->price, zero_hash, e);
		if (!rc && !(b64[nsim] = malloc(SOL_TX_BASE64_MAX)))
			rc = oom(e);
		if (!rc)
			rc = sol_tx_base64(b64[nsim], SOL_TX_BASE64_MAX, &tx, e);
		sol_tx_release(&tx);
		if (rc) {
			rc = terr(e, rc, t, n, i, "%s", e->msg);
			break;
		}
		lines[nsim] = i;
		slot[i] = nsim++;
	}
	if (!rc)
		rc = sol_rpc_simulate(&c->rpc, sim, (const char *const *)b64, nsim, e);
	for (size_t k = 0; k < nsim && !rc; k++)
		if (sim[k].failed)
			rc = terr(e, ERR_FAIL, t, n, lines[k], "simulation failed: %s%s%s", sim[k].err,
				  sim[k].logs[0] ? "; logs: " : "", sim[k].logs);
	for (size_t i = 0; i < n && !rc; i++) {
		struct plan *p = &c->plan[i];
		if (p->state != PLAN_NEW)
			continue;
		p->sim = lines[slot[i]];
		p->units = sol_budget_units(sim[slot[i]].units);
		p->fee = sol_budget_fee(1, c->price, p->units);
	}
out:
	for (size_t k = 0; b64 && k < nnew; k++)
		free(b64[k]);
	free(b64);
	free(lines);
	free(sim);
	free(slot);
	return rc;
}

/* Checks the token side of the new transfers against the chain: the mints,
 * the sender's token accounts, the recipients' accounts. */
static int check_tokens(struct chain *c, const struct chain_transfer *t, size_t n, struct error *e)
{
	struct keyset mints = {0}, tos = {0}, accts = {0};
	struct sol_rpc_account *ma = NULL, *ta = NULL, *aa = NULL;
	struct sol_tokens_mint *mi = NULL;
	struct error scratch;
	uint64_t *rent_by_len = NULL, *spent = NULL;
	size_t *rent_len = NULL, nrent = 0;
	bool *created = NULL;
	int rc = 0;

	for (size_t i = 0; i < n; i++) {
		struct plan *p = &c->plan[i];
		if (p->state != PLAN_NEW || p->native)
			continue;
		if (keyset_add(&mints, p->mint) < 0 || keyset_add(&tos, p->to) < 0) {
			rc = oom(e);
			goto out;
		}
	}
	if (!mints.n)
		goto out;
	if (!(ma = calloc(mints.n, sizeof *ma)) || !(ta = calloc(tos.n, sizeof *ta))) {
		rc = oom(e);
		goto out;
	}
	if ((rc = sol_rpc_accounts(&c->rpc, ma, (const uint8_t(*)[32])mints.k, mints.n, e)) ||
	    (rc = sol_rpc_accounts(&c->rpc, ta, (const uint8_t(*)[32])tos.k, tos.n, e)))
		goto out;
	/* mints: their program and decimals; then where each transfer goes */
	if (!(mi = calloc(mints.n, sizeof *mi))) {
		rc = oom(e);
		goto out;
	}
	for (size_t i = 0; i < n && !rc; i++) {
		struct plan *p = &c->plan[i];
		if (p->state != PLAN_NEW || p->native)
			continue;
		long mk = keyset_find(&mints, p->mint), tk = keyset_find(&tos, p->to);
		const struct sol_rpc_account *m = &ma[mk];
		if (!m->exists) {
			rc = terr(e, ERR_NOTFOUND, t, n, i, "no mint '%s' on this network", p->mint_b58);
			break;
		}
		if (!is_token_program(m->owner)) {
			rc = terr(e, ERR_USAGE, t, n, i, "'%s' is not a token mint (its owner is not a token program)",
				  p->mint_b58);
			break;
		}
		memcpy(p->program, m->owner, 32);
		if (sol_tokens_parse_mint(&mi[mk], m->data, m->data_len,
					  memcmp(m->owner, sol_program_id_token_2022, 32) == 0, &scratch)) {
			rc = terr(e, ERR_USAGE, t, n, i, "'%s': %s", p->mint_b58, scratch.msg);
			break;
		}
		if (mi[mk].extensions & SOL_TOKENS_EXT_NON_TRANSFERABLE) {
			rc = terr(e, ERR_FAIL, t, n, i, "token '%s' is non-transferable", p->mint_b58);
			break;
		}
		if (mi[mk].extensions & SOL_TOKENS_EXT_TRANSFER_HOOK) {
			rc = terr(e, ERR_FAIL, t, n, i,
				  "token '%s' runs a transfer hook program, which depinctl cannot send yet", p->mint_b58);
			break;
		}
		p->decimals = mi[mk].decimals;
		if (mi[mk].extensions & SOL_TOKENS_EXT_TRANSFER_FEE)
			p->fee_bps = mi[mk].fee_bps;
		if ((rc = parse_amount(p, t, n, i, p->decimals, e)))
			break;
		/* the recipient: a token account of this mint, or a wallet */
		const struct sol_rpc_account *to = &ta[tk];
		struct sol_tokens_account tacct;
		if (to->exists && is_token_program(to->owner) &&
		    sol_tokens_parse_account(&tacct, to->data, to->data_len, &scratch) == 0) {
			if (memcmp(tacct.mint, p->mint, 32) != 0) {
				rc = terr(e, ERR_USAGE, t, n, i, "'%s' is a token account of another mint", t[i].to);
				break;
			}
			memcpy(p->dest, p->to, 32);
			p->to_is_token_account = true;
		} else if (to->exists && (is_token_program(to->owner) || to->executable)) {
			rc = terr(e, ERR_USAGE, t, n, i, "'%s' is %s, not a wallet", t[i].to,
				  to->executable ? "a program" : "a token mint or multisig");
			break;
		} else if ((rc = sol_pda_ata(p->dest, p->to, p->mint, p->program, e))) {
			break;
		}
		if ((rc = sol_pda_ata(p->source, c->from, p->mint, p->program, e)))
			break;
	}
	if (rc)
		goto out;
	/* the sender's and the recipients' token accounts */
	for (size_t i = 0; i < n; i++) {
		struct plan *p = &c->plan[i];
		if (p->state == PLAN_NEW && !p->native &&
		    (keyset_add(&accts, p->source) < 0 || keyset_add(&accts, p->dest) < 0)) {
			rc = oom(e);
			goto out;
		}
	}
	aa = calloc(accts.n ? accts.n : 1, sizeof *aa); /* never a zero-size block */
	spent = calloc(accts.n ? accts.n : 1, sizeof *spent); /* never a zero-size block */
	created = calloc(accts.n ? accts.n : 1, sizeof *created); /* never a zero-size block */
	rent_by_len = calloc(mints.n + 1, sizeof *rent_by_len);
	rent_len = calloc(mints.n + 1, sizeof *rent_len);
	if (!aa || !spent || !created || !rent_by_len || !rent_len) {
		rc = oom(e);
		goto out;
	}
	if ((rc = sol_rpc_accounts(&c->rpc, aa, (const uint8_t(*)[32])accts.k, accts.n, e)))
		goto out;
	for (size_t i = 0; i < n && !rc; i++) {
		struct plan *p = &c->plan[i];
		if (p->state != PLAN_NEW || p->native)
			continue;
		long sk = keyset_find(&accts, p->source), dk = keyset_find(&accts, p->dest);
		const struct sol_tokens_mint *m = &mi[keyset_find(&mints, p->mint)];
		struct sol_tokens_account src, dst;
		char have[AMOUNT_FMT_MAX], want[AMOUNT_FMT_MAX];
		if (!aa[sk].exists || sol_tokens_parse_account(&src, aa[sk].data, aa[sk].data_len, &scratch) ||
		    memcmp(src.mint, p->mint, 32) != 0) {
			rc = terr(e, ERR_FAIL, t, n, i, "insufficient funds: %s holds no %s (no associated token account)",
				  c->from_b58, p->journal_token);
			break;
		}
		if (src.state == SOL_TOKENS_FROZEN) {
			rc = terr(e, ERR_FAIL, t, n, i, "the sender's %s account is frozen", p->journal_token);
			break;
		}
		if (p->is_max)
			p->amount = src.amount;
		if (p->amount == 0) {
			rc = terr(e, ERR_FAIL, t, n, i, "insufficient funds: %s holds 0 %s", c->from_b58, p->journal_token);
			break;
		}
		if (p->amount > src.amount - spent[sk] || spent[sk] > src.amount) {
			fmt_amount(have, sizeof have, src.amount, p->decimals);
			fmt_amount(want, sizeof want, spent[sk] + p->amount, p->decimals);
			rc = terr(e, ERR_FAIL, t, n, i, "insufficient funds: %s holds %s %s; %s %s needed", c->from_b58, have,
				  p->journal_token, want, p->journal_token);
			break;
		}
		spent[sk] += p->amount;
		if (aa[dk].exists) {
			if (sol_tokens_parse_account(&dst, aa[dk].data, aa[dk].data_len, &scratch) ||
			    memcmp(dst.mint, p->mint, 32) != 0) {
				rc = terr(e, ERR_FAIL, t, n, i, "the recipient's associated account for %s is not a token "
					  "account of that mint", p->journal_token);
				break;
			}
			continue;
		}
		/* missing: create it, unless the owner is not a wallet */
		if (!sol_pda_on_curve(p->to)) {
			rc = terr(e, ERR_USAGE, t, n, i,
				  "'%s' is a program address (off the ed25519 curve), not a wallet, and has no %s account: "
				  "tokens sent there could be lost; send to a wallet or to an existing token account",
				  t[i].to, p->journal_token);
			break;
		}
		p->create_ata = true;
		if (!created[dk]) {
			created[dk] = true;
			p->pays_rent = true;
		}
		size_t r;
		for (r = 0; r < nrent && rent_len[r] != m->account_len; r++)
			;
		if (r == nrent) {
			if ((rc = sol_rpc_rent_exempt(&c->rpc, &rent_by_len[r], m->account_len, e)))
				break;
			rent_len[nrent++] = m->account_len;
		}
		p->rent = rent_by_len[r];
	}
out:
	if (ma)
		sol_rpc_accounts_release(ma, mints.n);
	if (ta)
		sol_rpc_accounts_release(ta, tos.n);
	if (aa)
		sol_rpc_accounts_release(aa, accts.n);
	free(ma);
	free(ta);
	free(aa);
	free(mi);
	free(spent);
	free(created);
	free(rent_by_len);
	free(rent_len);
	keyset_free(&mints);
	keyset_free(&tos);
	keyset_free(&accts);
	return rc;
}

/* The native side: SOL sent to token accounts is refused. */
static int check_native(struct chain *c, const struct chain_transfer *t, size_t n, struct error *e)
{
	struct keyset tos = {0};
	struct sol_rpc_account *ta = NULL;
	int rc = 0;
	for (size_t i = 0; i < n; i++) {
		const struct plan *p = &c->plan[i];
		if (p->state == PLAN_NEW && p->native && keyset_add(&tos, p->to) < 0) {
			keyset_free(&tos);
			return oom(e);
		}
	}
	if (!tos.n)
		return 0;
	if (!(ta = calloc(tos.n, sizeof *ta))) {
		rc = oom(e);
		goto out;
	}
	if ((rc = sol_rpc_accounts(&c->rpc, ta, (const uint8_t(*)[32])tos.k, tos.n, e)))
		goto out;
	for (size_t i = 0; i < n && !rc; i++) {
		const struct plan *p = &c->plan[i];
		if (p->state != PLAN_NEW || !p->native)
			continue;
		const struct sol_rpc_account *a = &ta[keyset_find(&tos, p->to)];
		if (a->exists && is_token_program(a->owner))
			rc = terr(e, ERR_USAGE, t, n, i,
				  "'%s' belongs to a token program (a token account or a mint), not a wallet: send SOL "
				  "to its owner, or wrapped SOL with --token WSOL", t[i].to);
	}
	sol_rpc_accounts_release(ta, tos.n);
out:
	free(ta);
	keyset_free(&tos);
	return rc;
}

static int sol_prepare(struct chain *c, const uint8_t secret[32], struct chain_transfer *t, size_t n,
		       struct error *e)
{
	struct keypair kp;
	struct error scratch;
	int rc;

	plans_free(c);
	if (n == 0)
		return error_set(e, ERR_USAGE, "no transfer");
	if ((rc = keypair_from_seed(&kp, secret, e)))
		return rc;
	memcpy(c->from, kp.pk, 32);
	keypair_wipe(&kp);
	b58(c->from_b58, c->from);
	if (!(c->plan = calloc(n, sizeof *c->plan)))
		return oom(e);
	c->nplan = n;
	struct sol_sender snd = sender_of(c, 1);

	/* offline: addresses, tokens, SOL amounts, the journal */
	for (size_t i = 0; i < n; i++) {
		struct plan *p = &c->plan[i];
		snprintf(t[i].from, sizeof t[i].from, "%s", c->from_b58);
		if (address_solana_parse(p->to, t[i].to, &scratch))
			return terr(e, ERR_USAGE, t, n, i, "'%.64s' is not a Solana address (base58 of 32 bytes)", t[i].to);
		if ((rc = resolve_token(p, &t[i], e)))
			return terr(e, rc, t, n, i, "%s", e->msg);
		if (p->native) {
			p->decimals = SOL_DECIMALS;
			if ((rc = parse_amount(p, t, n, i, SOL_DECIMALS, e)))
				return rc;
		}
		if ((rc = sol_sender_latest(&snd, t[i].batch_key, &p->prev, &p->has_prev, &p->attempt, e)))
			return rc;
	}
	if ((rc = settle_previous(c, e)))
		return rc;

	/* the chain: the sender's balance, mints, token accounts, recipients */
	uint64_t balance;
	if ((rc = sol_rpc_balance(&c->rpc, &balance, c->from, e)) || (rc = check_native(c, t, n, e)) ||
	    (rc = check_tokens(c, t, n, e)) || (rc = pick_price(c, e)) || (rc = simulate_units(c, t, n, e)))
		return rc;

	/* funds: amounts, fees and the rent of new token accounts */
	unsigned __int128 need = 0;
	uint64_t sol_out = 0, fees = 0, rents = 0;
	for (size_t i = 0; i < n; i++) {
		struct plan *p = &c->plan[i];
		if (p->state != PLAN_NEW)
			continue;
		if (p->native && p->is_max) {
			if (balance <= p->fee) {
				char have[AMOUNT_FMT_MAX], fee[AMOUNT_FMT_MAX];
				fmt_amount(have, sizeof have, balance, SOL_DECIMALS);
				fmt_amount(fee, sizeof fee, p->fee, SOL_DECIMALS);
				return terr(e, ERR_FAIL, t, n, i, "insufficient funds: %s has %s SOL, not more than the %s SOL fee",
					    c->from_b58, have, fee);
			}
			p->amount = balance - p->fee;
		}
		if (p->native)
			sol_out += p->amount;
		fees += p->fee;
		if (p->pays_rent)
			rents += p->rent;
		need += (unsigned __int128)(p->native ? p->amount : 0) + p->fee + (p->pays_rent ? p->rent : 0);
	}
	if (need > balance) {
		char have[AMOUNT_FMT_MAX], a[AMOUNT_FMT_MAX], f[AMOUNT_FMT_MAX], r[AMOUNT_FMT_MAX], w[AMOUNT_FMT_MAX];
		fmt_amount(have, sizeof have, balance, SOL_DECIMALS);
		fmt_amount(a, sizeof a, sol_out, SOL_DECIMALS);
		fmt_amount(f, sizeof f, fees, SOL_DECIMALS);
		fmt_amount(r, sizeof r, rents, SOL_DECIMALS);
		if (need > UINT64_MAX)
			snprintf(w, sizeof w, "more than 2^64 lamports");
		else
			fmt_amount(w, sizeof w, (uint64_t)need, SOL_DECIMALS);
		return error_set(e, ERR_FAIL,
				 "insufficient funds: %s has %s SOL; %s %s SOL (%s SOL sent, %s SOL fees, %s SOL rent "
				 "for new token accounts)",
				 c->from_b58, have, n > 1 ? "the transfers need" : "the transfer needs", w, a, f, r);
	}

	/* the summary */
	for (size_t i = 0; i < n; i++) {
		struct plan *p = &c->plan[i];
		struct chain_transfer *x = &t[i];
		x->notes[0] = '\0';
		if (p->native) {
			snprintf(x->token_name, sizeof x->token_name, "SOL");
			x->token_id[0] = '\0';
		} else {
			sol_tokens_label(x->token_name, sizeof x->token_name, p->mint_b58);
			snprintf(x->token_id, sizeof x->token_id, "%s", p->mint_b58);
		}
		snprintf(x->fee_token, sizeof x->fee_token, "SOL");
		if (p->state != PLAN_NEW) {
			snprintf(x->amount_exact, sizeof x->amount_exact, "%s", p->prev.amount);
			snprintf(x->fee, sizeof x->fee, "0");
			note(x->notes, sizeof x->notes, "%s", p->state == PLAN_SKIP ?
			     "already confirmed (journal): not sent again" :
			     "signed earlier (journal): the same transaction is rebroadcast");
			continue;
		}
		fmt_amount(x->amount_exact, sizeof x->amount_exact, p->amount, p->decimals);
		fmt_amount(x->fee, sizeof x->fee, p->fee, SOL_DECIMALS);
		if (p->create_ata) {
			char rent[AMOUNT_FMT_MAX];
			fmt_amount(rent, sizeof rent, p->rent, SOL_DECIMALS);
			if (p->pays_rent)
				note(x->notes, sizeof x->notes, "creates the recipient's %s token account (rent %s SOL)",
				     x->token_name, rent);
			else
				note(x->notes, sizeof x->notes, "creates the recipient's %s token account unless an earlier "
				     "line did", x->token_name);
		}
		if (p->fee_bps)
			note(x->notes, sizeof x->notes, "the mint keeps a transfer fee of %u.%02u%% from what the recipient "
			     "gets", p->fee_bps / 100, p->fee_bps % 100);
		if (p->to_is_token_account)
			note(x->notes, sizeof x->notes, "the recipient is a token account: paid into it directly");
	}
	c->plan_for = t;
	return 0;
}

static int ensure_plan(struct chain *c, const uint8_t secret[32], struct chain_transfer *t, size_t n,
		       struct error *e)
{
	if (c->plan_for == t && c->nplan == n)
		return 0;
	return sol_prepare(c, secret, t, n, e);
}

/* ---- dry run, sign only -------------------------------------------------- */

static int sol_simulate(struct chain *c, const uint8_t secret[32], struct chain_transfer *t, size_t n,
			struct error *e)
{
	int rc = ensure_plan(c, secret, t, n, e);
	size_t nsim = 0, failed = 0;
	uint8_t zero_hash[32] = {0};
	if (rc)
		return rc;
	char **b64 = calloc(n, sizeof *b64);
	size_t *lines = calloc(n, sizeof *lines);
	struct sol_rpc_sim *sim = calloc(n, sizeof *sim);
	if (!b64 || !lines || !sim) {
		rc = oom(e);
		goto out;
	}
	for (size_t i = 0; i < n && !rc; i++) {
		struct plan *p = &c->plan[i];
		struct sol_tx tx;
		if (p->state != PLAN_NEW)
			continue;
		sol_tx_init(&tx);
		rc = build_tx(&tx, c, p, p->amount, p->units, c->price, zero_hash, e);
		if (!rc && !(b64[nsim] = malloc(SOL_TX_BASE64_MAX)))
			rc = oom(e);
		if (!rc)
			rc = sol_tx_base64(b64[nsim], SOL_TX_BASE64_MAX, &tx, e);
		sol_tx_release(&tx);
		lines[nsim++] = i;
	}
	if (!rc)
		rc = sol_rpc_simulate(&c->rpc, sim, (const char *const *)b64, nsim, e);
	for (size_t k = 0; k < nsim && !rc; k++) {
		if (!sim[k].failed)
			continue;
		failed++;
		snprintf(t[lines[k]].error, sizeof t[lines[k]].error, "simulation failed: %s%s%s", sim[k].err,
			 sim[k].logs[0] ? "; logs: " : "", sim[k].logs);
	}
	if (!rc && failed)
		rc = n == 1 ? error_set(e, ERR_FAIL, "%s", t[0].error)
			    : error_set(e, ERR_FAIL, "%zu of %zu transfers would fail", failed, n);
out:
	for (size_t k = 0; b64 && k < n; k++)
		free(b64[k]);
	free(b64);
	free(lines);
	free(sim);
	return rc;
}

static char *raw_base64(const uint8_t *raw, size_t len)
{
	size_t cap = sodium_base64_ENCODED_LEN(len, sodium_base64_VARIANT_ORIGINAL);
	char *s = malloc(cap);
	if (s)
		sodium_bin2base64(s, cap, raw, len, sodium_base64_VARIANT_ORIGINAL);
	return s;
}

/* Builds and signs plan i with the blockhash: its wire bytes, base64 and id. */
static int sign_line(struct chain *c, const struct keypair *kp, size_t i, const uint8_t blockhash[32],
		     uint8_t *wire, size_t *wire_len, char *b64, char sig[SOL_SIGNATURE_BASE58_MAX], struct error *e)
{
	const struct plan *p = &c->plan[i];
	struct sol_tx tx;
	int rc;
	sol_tx_init(&tx);
	if (!(rc = build_tx(&tx, c, p, p->amount, p->units, c->price, blockhash, e)) && !(rc = sign_tx(&tx, kp, e)) &&
	    !(rc = sol_tx_serialize(wire, SOL_PACKET_MAX, wire_len, &tx, e)) &&
	    !(rc = sol_tx_base64(b64, SOL_TX_BASE64_MAX, &tx, e)))
		rc = sol_tx_id(sig, SOL_SIGNATURE_BASE58_MAX, &tx, e);
	sol_tx_release(&tx);
	return rc;
}

static int sol_sign_only(struct chain *c, const uint8_t secret[32], struct chain_transfer *t, size_t n,
			 struct error *e)
{
	struct keypair kp = {0};
	uint8_t hash[32], wire[SOL_PACKET_MAX];
	uint64_t last_valid;
	size_t wire_len;
	char sig[SOL_SIGNATURE_BASE58_MAX];
	int rc = ensure_plan(c, secret, t, n, e);
	if (rc)
		return rc;
	if ((rc = sol_rpc_latest_blockhash(&c->rpc, hash, &last_valid, e)) || (rc = keypair_from_seed(&kp, secret, e)))
		return rc;
	for (size_t i = 0; i < n && !rc; i++) {
		const struct plan *p = &c->plan[i];
		free(t[i].signed_b64);
		t[i].signed_b64 = NULL;
		if (p->state != PLAN_NEW) {
			/* the journal's signed bytes for this line */
			if (!(t[i].signed_b64 = raw_base64(p->prev.raw, p->prev.raw_len)))
				rc = oom(e);
			snprintf(t[i].txid, sizeof t[i].txid, "%s", p->prev.txid);
			continue;
		}
		if (!(t[i].signed_b64 = malloc(SOL_TX_BASE64_MAX))) {
			rc = oom(e);
			break;
		}
		if ((rc = sign_line(c, &kp, i, hash, wire, &wire_len, t[i].signed_b64, sig, e)))
			rc = terr(e, rc, t, n, i, "%s", e->msg);
		else
			snprintf(t[i].txid, sizeof t[i].txid, "%s", sig);
	}
	keypair_wipe(&kp);
	return rc;
}

/* ---- broadcasting and confirmation: chains/solana/sender.h ------------- */

static int sol_send(struct chain *c, const uint8_t secret[32], struct chain_transfer *t, size_t n, struct error *e)
{
	struct sol_sender_tx *x = NULL;
	int rc = ensure_plan(c, secret, t, n, e);
	if (rc)
		return rc;
	for (size_t i = 0; i < n; i++) {
		t[i].status = JOURNAL_SIGNED;
		t[i].skipped = 0;
		t[i].txid[0] = t[i].error[0] = '\0';
	}
	if (!(x = calloc(n ? n : 1, sizeof *x)))
		return oom(e);
	for (size_t i = 0; i < n; i++)
		sol_sender_tx_init(&x[i]);
	for (size_t i = 0; i < n && !rc; i++) {
		const struct plan *p = &c->plan[i];
		static const uint8_t zero_hash[32];
		snprintf(x[i].purpose, sizeof x[i].purpose, "transfer");
		snprintf(x[i].to, sizeof x[i].to, "%s", t[i].to);
		snprintf(x[i].amount, sizeof x[i].amount, "%s", t[i].amount_exact);
		snprintf(x[i].token, sizeof x[i].token, "%s", p->native ? "" : p->journal_token);
		snprintf(x[i].batch_key, sizeof x[i].batch_key, "%s", t[i].batch_key);
		/* skipped or resumed lines: the journal's attempt alone, never a new signing */
		x[i].resume_only = p->state != PLAN_NEW;
		if (p->state == PLAN_NEW && (rc = build_msg(&x[i].msg, c, p, p->amount, p->units, c->price, zero_hash, e)))
			rc = terr(e, rc, t, n, i, "%s", e->msg);
	}
	if (!rc) {
		/* every line at once, as before: one blockhash for the batch */
		struct sol_sender s = sender_of(c, n ? n : 1);
		rc = sol_sender_send(&s, x, n, secret, e);
		for (size_t i = 0; i < n; i++) {
			t[i].skipped = x[i].skipped;
			t[i].status = x[i].status;
			snprintf(t[i].txid, sizeof t[i].txid, "%s", x[i].txid);
			snprintf(t[i].error, sizeof t[i].error, "%s", x[i].error);
		}
	}
	for (size_t i = 0; rc && i < n; i++)
		if (!t[i].txid[0] && !t[i].skipped && !t[i].error[0])
			snprintf(t[i].error, sizeof t[i].error, "not sent");
	sol_sender_txs_release(x, n);
	free(x);
	return rc;
}

/* ---- tx status / resend ---------------------------------------------------- */

static int check_tx(const struct journal_tx *t, struct error *e)
{
	if (strcmp(t->chain, "solana") != 0)
		return error_set(e, ERR_USAGE, "transaction %lld is not a Solana transaction", (long long)t->id);
	if (!t->raw || !t->raw_len)
		return error_set(e, ERR_FAIL, "transaction %lld has no signed bytes in the journal", (long long)t->id);
	return 0;
}

static int sol_status(struct chain *c, struct journal_tx *t, struct error *e)
{
	struct sol_sender s = sender_of(c, 1);
	int rc = check_tx(t, e);
	return rc ? rc : sol_sender_status(&s, t, e);
}

static int sol_resend(struct chain *c, struct journal_tx *t, struct error *e)
{
	struct sol_sender s = sender_of(c, 1);
	int rc = check_tx(t, e);
	return rc ? rc : sol_sender_resend(&s, t, e);
}

const struct chain_ops solana_chain_ops = {
	.family = "solana",
	.open = sol_open,
	.close = sol_close,
	.balances = sol_balances,
	.prepare = sol_prepare,
	.simulate = sol_simulate,
	.sign_only = sol_sign_only,
	.send = sol_send,
	.status = sol_status,
	.resend = sol_resend,
};
