/* Journaled sending of built Solana transactions (see sender.h), the one
 * implementation behind the wallet's transfers (chains/solana/wallet.c),
 * tx status / resend and the networks' claims and stakes: journal before
 * broadcast, preflight on the first send and none on rebroadcasts,
 * statuses polled, the finalized block height deciding expiry, one last
 * look through the history before a transaction is declared expired. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sodium.h>

#include "chains/solana/sender.h"
#include "wallet/address.h"
#include "clock.h"

#define DEFAULT_CONFIRM_S 180
#define DEFAULT_PARALLEL 64
#define POLL_MS 400
#define REBROADCAST_MS 2000
#define MAX_ATTEMPTS 100
#define NET_FAILURES_MAX 3
#define EXPIRED_MSG "blockhash expired; it never landed, so it is safe to send it again"

static int oom(struct error *e)
{
	return error_set(e, ERR_FAIL, "out of memory");
}

static const char *commitment(const struct sol_sender *s)
{
	return s->commitment && s->commitment[0] ? s->commitment : "confirmed";
}

static char *raw_base64(const uint8_t *raw, size_t len)
{
	size_t cap = sodium_base64_ENCODED_LEN(len, sodium_base64_VARIANT_ORIGINAL);
	char *out = malloc(cap);
	if (out)
		sodium_bin2base64(out, cap, raw, len, sodium_base64_VARIANT_ORIGINAL);
	return out;
}

void sol_sender_tx_init(struct sol_sender_tx *t)
{
	memset(t, 0, sizeof *t);
	sol_message_init(&t->msg);
}

void sol_sender_txs_release(struct sol_sender_tx *t, size_t n)
{
	for (size_t i = 0; t && i < n; i++) {
		sol_message_release(&t[i].msg);
		sodium_memzero(t[i].cosigners, sizeof t[i].cosigners);
	}
}

static int set_status(const struct sol_sender *s, const char *txid, enum journal_status st, const char *msg,
		      struct error *e)
{
	struct error scratch;
	int rc = journal_set_status(s->journal, txid, st, msg, &scratch);
	if (rc)
		return error_set(e, rc, "journal: %s", scratch.msg);
	return 0;
}

static void attempt_key(char *out, size_t size, const char *base, int attempt)
{
	if (attempt <= 1)
		snprintf(out, size, "%s", base);
	else
		snprintf(out, size, "%.72s#%u", base, (unsigned)attempt % 1000u); /* attempt <= MAX_ATTEMPTS */
}

/* ---- one transaction in flight ------------------------------------------- */

struct flight {
	size_t item;
	char sig[100];
	char *b64;
	uint64_t valid_until;
	enum journal_status status;
	bool accepted, rejected, done;
	long long last_send;
	char error[256];
};

struct run {
	const struct sol_sender *s;
	struct sol_sender_tx *txs;
	size_t n, finished;
	int jrc;
	struct error je;
};

static void progress(struct run *r)
{
	r->finished++;
	if (r->s->progress)
		r->s->progress(r->s->progress_arg, r->finished, r->n);
}

static void land(struct run *r, struct flight *f, enum journal_status st, const char *msg)
{
	f->status = st;
	if (msg)
		snprintf(f->error, sizeof f->error, "%s", msg);
	else if (st == JOURNAL_CONFIRMED || st == JOURNAL_SENT)
		f->error[0] = '\0';
	if (st != JOURNAL_SENT && st != JOURNAL_SIGNED && !f->done) {
		f->done = true;
		progress(r);
	}
	int rc = set_status(r->s, f->sig, st, msg, &r->je);
	if (rc && !r->jrc)
		r->jrc = rc;
}

static int broadcast(struct run *r, struct flight *f, size_t n, bool force, struct error *e)
{
	long long now = mono_ms();
	int rc = 0;
	/* who goes, and how, is decided before anything is sent: one taken in
	   the first pass is not sent again in the second */
	signed char *group = calloc(n ? n : 1, 1);
	if (!group)
		return oom(e);
	for (size_t i = 0; i < n; i++) {
		group[i] = -1;
		if (f[i].done || f[i].rejected || (!force && now - f[i].last_send < REBROADCAST_MS))
			continue;
		group[i] = f[i].accepted ? 1 : 0;
	}
	for (int pass = 0; pass < 2 && !rc; pass++) {
		bool preflight = pass == 0;
		size_t k = 0;
		const char **b64 = calloc(n ? n : 1, sizeof *b64), **sigs = calloc(n ? n : 1, sizeof *sigs);
		size_t *idx = calloc(n ? n : 1, sizeof *idx);
		struct sol_rpc_send *out = NULL;
		if (!b64 || !sigs || !idx) {
			rc = oom(e);
			goto next;
		}
		for (size_t i = 0; i < n; i++) {
			if (group[i] != pass)
				continue;
			b64[k] = f[i].b64;
			sigs[k] = f[i].sig;
			idx[k++] = i;
		}
		if (!k)
			goto next;
		if (!(out = calloc(k, sizeof *out))) {
			rc = oom(e);
			goto next;
		}
		if ((rc = sol_rpc_send(r->s->rpc, out, b64, sigs, k, !preflight, e)))
			goto next;
		for (size_t j = 0; j < k; j++) {
			struct flight *x = &f[idx[j]];
			x->last_send = now;
			switch (out[j].outcome) {
			case SOL_RPC_ACCEPTED:
				x->accepted = true;
				if (x->status == JOURNAL_SIGNED)
					land(r, x, JOURNAL_SENT, NULL);
				break;
			case SOL_RPC_REJECTED:
				x->rejected = true;
				/* still SIGNED: never broadcast; the error is kept */
				land(r, x, JOURNAL_SIGNED, out[j].error);
				x->done = true;
				progress(r);
				break;
			case SOL_RPC_RETRY:
				if (!x->accepted)
					snprintf(x->error, sizeof x->error, "not sent yet: %s", out[j].error);
				break;
			}
		}
next:
		free(out);
		free(b64);
		free(sigs);
		free(idx);
	}
	free(group);
	return rc;
}

static void apply_statuses(struct run *r, struct flight *f, const size_t *idx, const struct sol_rpc_status *st,
			   size_t k, bool *found)
{
	for (size_t j = 0; j < k; j++) {
		struct flight *x = &f[idx[j]];
		found[j] = st[j].found;
		if (!st[j].found)
			continue;
		if (!x->accepted) {
			x->accepted = true;
			x->error[0] = '\0';
		}
		if (st[j].failed) {
			char msg[256];
			snprintf(msg, sizeof msg, "the transaction landed and failed: %.200s", st[j].err);
			land(r, x, JOURNAL_FAILED, msg);
		} else if (sol_rpc_status_meets(&st[j], commitment(r->s))) {
			land(r, x, JOURNAL_CONFIRMED, NULL);
		} else if (x->status == JOURNAL_SIGNED) {
			land(r, x, JOURNAL_SENT, NULL);
		}
	}
}

/* Drives flights to an end or to the timeout. */
static int fly(struct run *r, struct flight *f, size_t n, struct error *e)
{
	long timeout = r->s->confirm_timeout_s > 0 ? r->s->confirm_timeout_s : DEFAULT_CONFIRM_S;
	long long deadline = mono_ms() + timeout * 1000;
	int rc, net_failures = 0;
	const char **sigs = calloc(n ? n : 1, sizeof *sigs);
	size_t *idx = calloc(n ? n : 1, sizeof *idx);
	struct sol_rpc_status *st = calloc(n ? n : 1, sizeof *st);
	bool *found = calloc(n ? n : 1, sizeof *found);
	if (!sigs || !idx || !st || !found) {
		rc = oom(e);
		goto out;
	}
	if ((rc = broadcast(r, f, n, true, e)))
		goto out;
	for (;;) {
		size_t k = 0;
		for (size_t i = 0; i < n; i++)
			if (!f[i].done) {
				sigs[k] = f[i].sig;
				idx[k++] = i;
			}
		if (!k)
			break;
		long long left = deadline - mono_ms();
		if (left <= 0)
			break;
		sleep_ms(left < POLL_MS ? left : POLL_MS);
		if ((rc = sol_rpc_statuses(r->s->rpc, st, sigs, k, false, e))) {
			if (++net_failures >= NET_FAILURES_MAX)
				goto net;
			continue;
		}
		apply_statuses(r, f, idx, st, k, found);
		size_t m = 0;
		for (size_t j = 0; j < k; j++)
			if (!found[j] && !f[idx[j]].done)
				idx[m++] = idx[j];
		if (m) {
			uint64_t height;
			if ((rc = sol_rpc_block_height(r->s->rpc, &height, "finalized", e))) {
				if (++net_failures >= NET_FAILURES_MAX)
					goto net;
				continue;
			}
			size_t x = 0;
			for (size_t j = 0; j < m; j++)
				if (height > f[idx[j]].valid_until) {
					sigs[x] = f[idx[j]].sig;
					idx[x++] = idx[j];
				}
			if (x) {
				if ((rc = sol_rpc_statuses(r->s->rpc, st, sigs, x, true, e))) {
					if (++net_failures >= NET_FAILURES_MAX)
						goto net;
					continue;
				}
				apply_statuses(r, f, idx, st, x, found);
				for (size_t j = 0; j < x; j++)
					if (!found[j])
						land(r, &f[idx[j]], JOURNAL_EXPIRED, EXPIRED_MSG);
			}
			if ((rc = broadcast(r, f, n, false, e)))
				goto out;
		}
		net_failures = 0;
	}
	for (size_t i = 0; i < n; i++)
		if (!f[i].done)
			snprintf(f[i].error, sizeof f[i].error,
				 "not confirmed within %ld s; it may still land until block %llu: depinctl tx status %s",
				 timeout, (unsigned long long)f[i].valid_until, f[i].sig);
	rc = r->jrc ? error_set(e, r->jrc, "%s", r->je.msg) : 0;
	goto out;
net: {
		char msg[sizeof e->msg];
		snprintf(msg, sizeof msg, "%s", e->msg);
		rc = error_set(e, ERR_NET, "%.300s; the journal keeps the signed transactions (depinctl tx status, "
			       "tx resend, or run it again)", msg);
	}
out:
	free(sigs);
	free(idx);
	free(st);
	free(found);
	return rc;
}

/* ---- the journal's view ---------------------------------------------------- */

/* The latest journaled attempt of key (found: *has), and the next attempt's number. */
int sol_sender_latest(const struct sol_sender *s, const char *base, struct journal_tx *prev, bool *has, int *next,
		      struct error *e)
{
	*has = false;
	*next = 1;
	if (!base[0])
		return 0;
	for (int k = 1; k <= MAX_ATTEMPTS; k++) {
		struct journal_tx t;
		struct error scratch;
		char key[sizeof t.batch_key];
		attempt_key(key, sizeof key, base, k);
		int rc = journal_get_by_key(s->journal, &t, key, &scratch);
		if (rc == ERR_NOTFOUND) {
			*next = k;
			return 0;
		}
		if (rc)
			return error_set(e, rc, "journal: %s", scratch.msg);
		if (*has)
			journal_tx_release(prev);
		*prev = t;
		*has = true;
	}
	return error_set(e, ERR_FAIL, "%s was signed %d times already", base, MAX_ATTEMPTS);
}

/* Settles open journal entries against the chain: their status becomes
 * confirmed, failed or expired, or stays (still able to land). */
int sol_sender_settle(const struct sol_sender *s, struct journal_tx *t, size_t n, struct error *e)
{
	if (!n)
		return 0;
	const char **sigs = calloc(n, sizeof *sigs);
	struct sol_rpc_status *st = calloc(n, sizeof *st);
	int rc = 0;
	if (!sigs || !st) {
		rc = oom(e);
		goto out;
	}
	for (size_t i = 0; i < n; i++)
		sigs[i] = t[i].txid;
	if ((rc = sol_rpc_statuses(s->rpc, st, sigs, n, true, e)))
		goto out;
	uint64_t height = 0;
	bool have_height = false;
	for (size_t i = 0; i < n && !rc; i++) {
		if (st[i].found) {
			if (st[i].failed) {
				rc = set_status(s, t[i].txid, JOURNAL_FAILED, st[i].err, e);
				t[i].status = JOURNAL_FAILED;
			} else if (sol_rpc_status_meets(&st[i], commitment(s))) {
				rc = set_status(s, t[i].txid, JOURNAL_CONFIRMED, NULL, e);
				t[i].status = JOURNAL_CONFIRMED;
			}
			continue;
		}
		if (!have_height) {
			if ((rc = sol_rpc_block_height(s->rpc, &height, "finalized", e)))
				break;
			have_height = true;
		}
		if (height > t[i].valid_until) {
			rc = set_status(s, t[i].txid, JOURNAL_EXPIRED, EXPIRED_MSG, e);
			t[i].status = JOURNAL_EXPIRED;
		}
	}
out:
	free(sigs);
	free(st);
	return rc;
}

/* ---- sending -------------------------------------------------------------------- */

static int sign_one(struct sol_sender_tx *x, const uint8_t secret[32], const uint8_t hash[32], uint8_t *wire,
		    size_t *wire_len, char **b64, struct error *e)
{
	struct sol_tx tx;
	int rc;
	sol_tx_init(&tx);
	memcpy(x->msg.recent_blockhash, hash, 32);
	if ((rc = sol_tx_from_message(&tx, &x->msg, e)) || (rc = sol_tx_sign(&tx, secret, e)))
		goto out;
	for (size_t k = 0; k < x->ncosigners; k++)
		if ((rc = sol_tx_sign(&tx, x->cosigners[k], e)))
			goto out;
	if ((rc = sol_tx_verify(&tx, true, e)) || (rc = sol_tx_serialize(wire, SOL_PACKET_MAX, wire_len, &tx, e)) ||
	    (rc = sol_tx_id(x->txid, sizeof x->txid, &tx, e)))
		goto out;
	if (!(*b64 = raw_base64(wire, *wire_len)))
		rc = oom(e);
out:
	sol_tx_release(&tx);
	return rc;
}

/* One window of items [from, to). */
static int send_window(struct run *r, size_t from, size_t to, const uint8_t secret[32], const uint8_t pk[32],
		       struct error *e)
{
	const struct sol_sender *s = r->s;
	struct flight *f = calloc(to - from, sizeof *f);
	size_t nf = 0;
	uint8_t hash[32], wire[SOL_PACKET_MAX];
	uint64_t last_valid = 0;
	bool have_hash = false;
	int rc = 0;
	size_t w = to - from;
	/* the journal's latest attempt of every item, the open ones settled
	   against the chain together */
	struct journal_tx *prevs = calloc(w, sizeof *prevs), *open = calloc(w, sizeof *open);
	bool *hass = calloc(w, sizeof *hass);
	int *nexts = calloc(w, sizeof *nexts);
	size_t *which = calloc(w, sizeof *which), nopen = 0;
	if (!f || !prevs || !open || !hass || !nexts || !which) {
		rc = oom(e);
		goto out;
	}
	for (size_t k = 0; k < w && !rc; k++) {
		rc = sol_sender_latest(s, r->txs[from + k].batch_key, &prevs[k], &hass[k], &nexts[k], e);
		if (!rc && hass[k] && (prevs[k].status == JOURNAL_SIGNED || prevs[k].status == JOURNAL_SENT)) {
			open[nopen] = prevs[k]; /* shallow: settling sets the status alone */
			which[nopen++] = k;
		}
	}
	for (size_t o = 0; o < nopen && !rc; o += SOL_RPC_MAX_SIGNATURES)
		rc = sol_sender_settle(s, open + o, nopen - o < SOL_RPC_MAX_SIGNATURES ? nopen - o
									 : SOL_RPC_MAX_SIGNATURES, e);
	for (size_t o = 0; o < nopen && !rc; o++)
		prevs[which[o]].status = open[o].status;
	for (size_t i = from; i < to && !rc; i++) {
		struct sol_sender_tx *x = &r->txs[i];
		struct journal_tx prev = prevs[i - from];
		bool has = hass[i - from];
		int next = nexts[i - from];
		if (has && prev.status == JOURNAL_CONFIRMED) {
			x->skipped = true;
			x->status = JOURNAL_CONFIRMED;
			snprintf(x->txid, sizeof x->txid, "%s", prev.txid);
			x->bytes = prev.raw_len;
			progress(r);
			continue;
		}
		struct flight *fl = &f[nf];
		fl->item = i;
		if (has && (prev.status == JOURNAL_SIGNED || prev.status == JOURNAL_SENT)) {
			x->resumed = true;
			snprintf(fl->sig, sizeof fl->sig, "%s", prev.txid);
			snprintf(x->txid, sizeof x->txid, "%s", prev.txid);
			fl->valid_until = prev.valid_until;
			fl->status = prev.status;
			fl->accepted = prev.status == JOURNAL_SENT;
			x->bytes = prev.raw_len;
			if (!(fl->b64 = raw_base64(prev.raw, prev.raw_len)))
				rc = oom(e);
			nf++;
			continue;
		}
		if (x->resume_only || !x->msg.keys_len) {
			x->status = has ? prev.status : JOURNAL_EXPIRED;
			snprintf(x->error, sizeof x->error, "%s", has ? "it can no longer land: build it again"
								   : "nothing to send");
			progress(r);
			continue;
		}
		if (!have_hash) {
			if ((rc = sol_rpc_latest_blockhash(s->rpc, hash, &last_valid, e)))
				break;
			have_hash = true;
		}
		size_t wire_len = 0;
		if ((rc = sign_one(x, secret, hash, wire, &wire_len, &fl->b64, e)))
			break;
		x->bytes = wire_len;
		snprintf(fl->sig, sizeof fl->sig, "%s", x->txid);
		/* journaled before anything is broadcast */
		struct journal_tx jt;
		struct error scratch;
		memset(&jt, 0, sizeof jt);
		snprintf(jt.chain, sizeof jt.chain, "solana");
		snprintf(jt.network, sizeof jt.network, "%s", s->network ? s->network : "solana");
		snprintf(jt.txid, sizeof jt.txid, "%s", x->txid);
		jt.raw = wire;
		jt.raw_len = wire_len;
		snprintf(jt.purpose, sizeof jt.purpose, "%s", x->purpose);
		if (address_solana(jt.from, sizeof jt.from, pk))
			jt.from[0] = '\0';
		snprintf(jt.to, sizeof jt.to, "%s", x->to);
		snprintf(jt.amount, sizeof jt.amount, "%s", x->amount);
		snprintf(jt.token, sizeof jt.token, "%s", x->token);
		attempt_key(jt.batch_key, sizeof jt.batch_key, x->batch_key, next);
		jt.valid_until = last_valid;
		jt.status = JOURNAL_SIGNED;
		if ((rc = journal_add(s->journal, &jt, &scratch))) {
			/* The same signature is already journaled: the same message under
			 * the same blockhash, signed again (a rebuilt claim in the same
			 * slot). It is that transaction: follow it, never an error. */
			struct journal_tx old;
			struct error ignore;
			/* or the same batch line was journaled meanwhile (its attempt
			 * number taken): follow that entry the same way */
			if (journal_get(s->journal, &old, x->txid, &ignore) == 0 ||
			    journal_get_by_key(s->journal, &old, jt.batch_key, &ignore) == 0) {
				if (strcmp(old.txid, x->txid)) {
					snprintf(x->txid, sizeof x->txid, "%s", old.txid);
					snprintf(fl->sig, sizeof fl->sig, "%s", old.txid);
					free(fl->b64);
					if (!(fl->b64 = raw_base64(old.raw, old.raw_len))) {
						journal_tx_release(&old);
						rc = oom(e);
						break;
					}
					x->bytes = old.raw_len;
				}
				rc = 0;
				if (old.status == JOURNAL_CONFIRMED) {
					x->skipped = true;
					x->status = JOURNAL_CONFIRMED;
					free(fl->b64);
					fl->b64 = NULL;
					progress(r);
				} else if (old.status == JOURNAL_SIGNED || old.status == JOURNAL_SENT) {
					x->resumed = true;
					fl->valid_until = old.valid_until;
					fl->status = old.status;
					fl->accepted = old.status == JOURNAL_SENT;
					nf++;
				} else {
					x->status = old.status;
					snprintf(x->error, sizeof x->error, "the same transaction was sent before and %s: run "
						 "again for a new blockhash", journal_status_name(old.status));
					free(fl->b64);
					fl->b64 = NULL;
					progress(r);
				}
				journal_tx_release(&old);
				continue;
			}
			rc = error_set(e, rc, "journal: %s", scratch.msg);
			free(fl->b64);
			fl->b64 = NULL;
			x->txid[0] = '\0';
			break;
		}
		fl->valid_until = last_valid;
		fl->status = JOURNAL_SIGNED;
		nf++;
	}
	if (!rc)
		rc = fly(r, f, nf, e);
	for (size_t k = 0; k < nf; k++) {
		struct sol_sender_tx *x = &r->txs[f[k].item];
		snprintf(x->txid, sizeof x->txid, "%s", f[k].sig);
		x->status = f[k].status;
		snprintf(x->error, sizeof x->error, "%s", f[k].error);
		free(f[k].b64);
	}
out:
	for (size_t k = 0; prevs && hass && k < w; k++)
		if (hass[k])
			journal_tx_release(&prevs[k]);
	free(prevs);
	free(open);
	free(hass);
	free(nexts);
	free(which);
	free(f);
	return rc;
}

int sol_sender_send(const struct sol_sender *s, struct sol_sender_tx *txs, size_t n, const uint8_t secret[32],
		    struct error *e)
{
	uint8_t pk[32];
	unsigned char *sk;
	if (!s->rpc || !s->journal)
		return error_set(e, ERR_USAGE, "sender: an RPC client and the journal are required");
	if (sodium_init() < 0)
		return error_set(e, ERR_FAIL, "cannot start libsodium");
	if (!(sk = sodium_malloc(crypto_sign_SECRETKEYBYTES)))
		return oom(e);
	int drc = crypto_sign_seed_keypair(pk, sk, secret);
	sodium_free(sk);
	if (drc)
		return error_set(e, ERR_FAIL, "cannot derive the ed25519 key");
	for (size_t i = 0; i < n; i++) {
		struct sol_sender_tx *x = &txs[i];
		x->skipped = x->resumed = false;
		x->status = JOURNAL_SIGNED;
		x->txid[0] = x->error[0] = '\0';
		x->bytes = 0;
		if (x->msg.keys_len && memcmp(x->msg.keys[0], pk, 32) != 0)
			return error_set(e, ERR_USAGE, "transaction %zu of %zu: its fee payer is not the signing key",
					 i + 1, n);
		if (x->ncosigners > SOL_SENDER_MAX_COSIGNERS)
			return error_set(e, ERR_USAGE, "transaction %zu of %zu: too many co-signers", i + 1, n);
	}
	struct run r = {s, txs, n, 0, 0, {0, ""}};
	size_t window = s->parallel ? s->parallel : DEFAULT_PARALLEL;
	int rc = 0;
	for (size_t from = 0; from < n && !rc; from += window)
		rc = send_window(&r, from, from + window < n ? from + window : n, secret, pk, e);
	if (rc)
		return rc;
	size_t bad = 0, failed = 0, expired = 0;
	for (size_t i = 0; i < n; i++) {
		if (txs[i].status == JOURNAL_CONFIRMED)
			continue;
		bad++;
		failed += txs[i].status == JOURNAL_FAILED;
		expired += txs[i].status == JOURNAL_EXPIRED;
	}
	if (bad == 1 && n == 1)
		return error_set(e, ERR_FAIL, "%s", txs[0].error[0] ? txs[0].error : "not confirmed");
	if (bad)
		return error_set(e, ERR_FAIL, "%zu of %zu transactions not confirmed (%zu failed, %zu expired, %zu "
				 "pending or refused): run it again to finish them", bad, n, failed, expired,
				 bad - failed - expired);
	return 0;
}

/* ---- open entries ------------------------------------------------------------ */

struct gather {
	const struct sol_sender *s;
	const char *purpose;
	struct journal_tx *t;
	size_t n, cap;
	int oom;
};

static int gather_cb(void *user, const struct journal_tx *t)
{
	struct gather *g = user;
	const char *net = g->s->network ? g->s->network : "solana";
	if (strcmp(t->chain, "solana") || strcmp(t->network, net) || strcmp(t->purpose, g->purpose))
		return 0;
	if (g->n == g->cap) {
		size_t cap = g->cap ? g->cap * 2 : 16;
		struct journal_tx *nt = realloc(g->t, cap * sizeof *nt);
		if (!nt) {
			g->oom = 1;
			return 1;
		}
		g->t = nt;
		g->cap = cap;
	}
	struct journal_tx *c = &g->t[g->n];
	*c = *t;
	c->raw = NULL;
	if (t->raw_len && !(c->raw = malloc(t->raw_len))) {
		g->oom = 1;
		return 1;
	}
	if (t->raw_len)
		memcpy(c->raw, t->raw, t->raw_len);
	g->n++;
	return 0;
}

int sol_sender_open(const struct sol_sender *s, const char *purpose,
		    int (*cb)(void *arg, const struct journal_tx *t), void *arg, struct error *e)
{
	struct gather g = {s, purpose, NULL, 0, 0, 0};
	int rc = journal_each(s->journal, 1, 0, gather_cb, &g, e);
	if (!rc && g.oom)
		rc = oom(e);
	for (size_t from = 0; !rc && from < g.n; from += SOL_RPC_MAX_SIGNATURES)
		rc = sol_sender_settle(s, g.t + from, g.n - from < SOL_RPC_MAX_SIGNATURES ? g.n - from : SOL_RPC_MAX_SIGNATURES,
			    e);
	for (size_t i = 0; !rc && i < g.n; i++)
		if (g.t[i].status == JOURNAL_SIGNED || g.t[i].status == JOURNAL_SENT)
			if (cb(arg, &g.t[i]))
				break;
	for (size_t i = 0; i < g.n; i++)
		journal_tx_release(&g.t[i]);
	free(g.t);
	return rc;
}

/* ---- one journaled transaction: tx status / resend --------------------------- */

int sol_sender_status(const struct sol_sender *s, struct journal_tx *t, struct error *e)
{
	struct sol_rpc_status st;
	const char *sig = t->txid;
	enum journal_status ns = t->status;
	const char *msg = NULL;
	char buf[256];
	int rc = sol_rpc_statuses(s->rpc, &st, &sig, 1, true, e);
	if (rc)
		return rc;
	if (st.found) {
		if (st.failed) {
			snprintf(buf, sizeof buf, "the transaction landed and failed: %.200s", st.err);
			ns = JOURNAL_FAILED;
			msg = buf;
		} else if (sol_rpc_status_meets(&st, commitment(s))) {
			ns = JOURNAL_CONFIRMED;
		} else {
			ns = JOURNAL_SENT;
		}
	} else if (t->status != JOURNAL_CONFIRMED && t->status != JOURNAL_FAILED) {
		uint64_t height;
		if ((rc = sol_rpc_block_height(s->rpc, &height, "finalized", e)))
			return rc;
		if (height > t->valid_until) {
			ns = JOURNAL_EXPIRED;
			msg = EXPIRED_MSG;
		}
	}
	if (ns != t->status || msg) {
		if ((rc = set_status(s, t->txid, ns, msg, e)))
			return rc;
		t->status = ns;
		snprintf(t->error, sizeof t->error, "%s", msg ? msg : "");
	}
	return 0;
}

int sol_sender_resend(const struct sol_sender *s, struct journal_tx *t, struct error *e)
{
	if (!t->raw || !t->raw_len)
		return error_set(e, ERR_FAIL, "transaction %lld has no signed bytes in the journal", (long long)t->id);
	int rc = sol_sender_status(s, t, e);
	if (rc)
		return rc;
	switch (t->status) {
	case JOURNAL_CONFIRMED:
		return 0;
	case JOURNAL_FAILED:
		return error_set(e, ERR_FAIL, "%s; the same bytes cannot land again: build and send it again",
				 t->error[0] ? t->error : "the transaction landed and failed");
	case JOURNAL_EXPIRED:
		return error_set(e, ERR_FAIL, EXPIRED_MSG);
	default:
		break;
	}
	struct flight f;
	memset(&f, 0, sizeof f);
	snprintf(f.sig, sizeof f.sig, "%s", t->txid);
	f.valid_until = t->valid_until;
	f.status = t->status;
	if (!(f.b64 = raw_base64(t->raw, t->raw_len)))
		return oom(e);
	struct run r = {s, NULL, 1, 0, 0, {0, ""}};
	rc = fly(&r, &f, 1, e);
	free(f.b64);
	if (rc)
		return rc;
	t->status = f.status;
	snprintf(t->error, sizeof t->error, "%s", f.error);
	if (f.status == JOURNAL_CONFIRMED)
		return 0;
	return error_set(e, ERR_FAIL, "%s", f.error[0] ? f.error : "not confirmed");
}
