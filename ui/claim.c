/* The claim action: the adapter prepares the claim (blocking, nothing
 * signed), the dialog shows its summary exactly as computed from the bytes
 * to sign, the key's password is asked in the dashboard without echo, then
 * the adapter executes. The demo refuses: it has no keys. */
#include "config.h"

#include <curses.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "journal.h"
#include "ui/dash.h"
#include "wallet/key.h"
#include "wallet/keystore.h"

static void message(struct dash *d, const char *title, const char *text)
{
	for (;;) {
		dash_draw(d);
		w_dialog(d, title, text, "Enter / Esc: close");
		refresh();
		int ch = w_wait_key();
		if (ch == '\n' || ch == '\r' || ch == 27 || ch == KEY_ENTER || ch == 'q')
			break;
	}
	d->dirty = 1;
}

/* y confirms, n / Esc cancels. */
static int confirm(struct dash *d, const char *title, const char *text)
{
	for (;;) {
		dash_draw(d);
		w_dialog(d, title, text, "y: sign and send   n / Esc: cancel");
		refresh();
		int ch = w_wait_key();
		if (ch == 'y' || ch == 'Y')
			return 1;
		if (ch == 'n' || ch == 'N' || ch == 27 || ch == 'q')
			return 0;
	}
}

/* Asks the key's password (no echo) and unlocks it; with check, its
 * address must be owner, else owner becomes its address. 0, or -1 after
 * telling why (cancelled, wrong password). */
static int unlock(struct dash *d, struct key_secret **ks, struct key_info *info, const char *name, int solana,
		  char owner[100], int check)
{
	struct ctx *ctx = d->ctx;
	struct error e = {0};
	char q[160];
	char *pw = sodium_malloc(256);
	if (!pw) {
		message(d, "Claim", "out of memory");
		return -1;
	}
	snprintf(q, sizeof q, "password of key '%s'", name);
	dash_draw(d);
	int rc = w_ask(d, "Claim", q, pw, 256, 1);
	if (rc) {
		sodium_free(pw);
		snprintf(d->message, sizeof d->message, "claim cancelled");
		d->message_until = dash_now(d) + 3;
		d->dirty = 1;
		return -1;
	}
	rc = keystore_unlock(ks, info, ctx->home, name, pw, &e);
	sodium_free(pw);
	char sol[45], evm[43];
	if (!rc)
		rc = key_addresses(sol, evm, *ks, ctx->account, &e);
	if (!rc && check && strcmp(solana ? sol : evm, owner))
		rc = error_set(&e, ERR_FAIL, "key '%s' changed while claiming", name);
	if (!rc && !check)
		snprintf(owner, 100, "%s", solana ? sol : evm);
	if (rc) {
		key_secret_free(*ks);
		*ks = NULL;
		message(d, "Claim failed", e.msg);
		return -1;
	}
	return 0;
}

void dash_claim(struct dash *d)
{
	struct dash_net *n = NULL;
	const struct net_device *dv = dash_find_device(d, &n);
	if (!dv)
		return;
	const struct net_adapter *a = n->a;
	char text[3072];
	if (!a->claim_prepare || !a->claim_execute) {
		snprintf(text, sizeof text, "%s: depinctl cannot claim its rewards%s%s", a->name,
			 a->missing && *a->missing ? ":\n" : "", a->missing ? a->missing : "");
		message(d, "Claim", text);
		return;
	}
	if (d->demo) {
		snprintf(text, sizeof text, "Claims are disabled in the demo (it has no keys).\n"
					    "With your own keys: depinctl claim --network %s %s",
			 a->name, dv->id);
		message(d, "Claim", text);
		return;
	}
	struct ctx *ctx = d->ctx;
	const char *name = ctx->key ? ctx->key : ctx->conf.key[0] ? ctx->conf.key : NULL;
	if (!name) {
		message(d, "Claim", "no key: start with --key NAME or set key in the config");
		return;
	}
	struct key_info info;
	struct error e = {0};
	if (keystore_info(&info, ctx->home, name, &e)) {
		message(d, "Claim", e.msg);
		return;
	}
	int solana = a->family && !strcmp(a->family, "solana");
	if (!(solana ? info.solana : info.evm)[0]) {
		snprintf(text, sizeof text, "key '%s' holds no %s account", name, solana ? "Solana" : "EVM");
		message(d, "Claim", text);
		return;
	}
	char owner[100];
	snprintf(owner, sizeof owner, "%s", solana ? info.solana : info.evm);
	struct key_secret *ks = NULL;
	/* another account than the first: its address needs the key unlocked first */
	if (ctx->account != 0 && unlock(d, &ks, &info, name, solana, owner, 0) != 0)
		return;

	dash_draw(d);
	w_dialog(d, "Claim", "preparing the claim...", "");
	refresh();
	struct journal *j = NULL;
	struct net_claim c;
	net_claim_init(&c, a, &d->env);
	uint8_t *secret = NULL;
	if (journal_open(&j, ctx->home, &e)) {
		message(d, "Claim", e.msg);
		goto out;
	}
	c.journal = j;
	c.network = a->chain;
	snprintf(c.owner, sizeof c.owner, "%s", owner);
	const char *ids[1] = {dv->id};
	struct net_claim_request rq = {0, ids, 1, owner, NULL, ctx->dry_run};
	if (a->claim_prepare(&c, &rq, &e)) {
		message(d, "Claim failed", e.msg);
		goto out;
	}
	size_t todo = 0;
	for (size_t i = 0; i < c.nlines; i++)
		todo += !c.lines[i].skip;
	if (!todo) {
		snprintf(text, sizeof text, "nothing to claim%s%s", c.nlines && c.lines[0].note[0] ? ": " : "",
			 c.nlines ? c.lines[0].note : "");
		message(d, "Claim", text);
		goto out;
	}
	snprintf(text, sizeof text, "%s\n\nsign and send %zu transaction%s (%zu bytes, fee %s) with key '%s'?", c.summary,
		 c.ntx, c.ntx == 1 ? "" : "s", c.tx_bytes, c.fee, name);
	if (!confirm(d, "Claim: what will be signed", text)) {
		snprintf(d->message, sizeof d->message, "claim cancelled");
		d->message_until = dash_now(d) + 3;
		goto out;
	}
	if (ctx->dry_run) {
		message(d, "Claim", "--dry-run: nothing signed or sent");
		goto out;
	}
	if (!ks && unlock(d, &ks, &info, name, solana, owner, 1) != 0)
		goto out;
	if (!(secret = sodium_malloc(32))) {
		message(d, "Claim", "out of memory");
		goto out;
	}
	int rc = solana ? key_solana_seed(secret, ks, ctx->account, &e) : key_evm_seckey(secret, ks, ctx->account, &e);
	key_secret_free(ks);
	ks = NULL;
	if (!rc) {
		dash_draw(d);
		w_dialog(d, "Claim", "signing and sending...", "");
		refresh();
		rc = a->claim_execute(&c, secret, &e);
	}
	if (rc) {
		message(d, "Claim failed", e.msg);
		goto out;
	}
	size_t off = (size_t)snprintf(text, sizeof text, "claimed:\n");
	for (size_t i = 0; i < c.nlines && off < sizeof text - 200; i++) {
		const struct net_claim_line *l = &c.lines[i];
		off += (size_t)snprintf(text + off, sizeof text - off, "%s: %s %s\n", l->name[0] ? l->name : l->device,
					l->skip ? "skipped" : journal_status_name((enum journal_status)l->status),
					l->error[0] ? l->error : l->txid);
	}
	message(d, "Claim", text);
	dash_fleet_start_due(d, 1);
out:
	key_secret_free(ks);
	if (secret)
		sodium_free(secret);
	net_claim_release(&c);
	journal_close(j);
}
