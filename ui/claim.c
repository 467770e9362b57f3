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
		int ch = getch();
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
		int ch = getch();
		if (ch == 'y' || ch == 'Y')
			return 1;
		if (ch == 'n' || ch == 'N' || ch == 27 || ch == 'q')
			return 0;
	}
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
	const char *owner = solana ? info.solana : info.evm;
	if (!owner[0]) {
		snprintf(text, sizeof text, "key '%s' holds no %s account", name, solana ? "Solana" : "EVM");
		message(d, "Claim", text);
		return;
	}
	dash_draw(d);
	w_dialog(d, "Claim", "preparing the claim...", "");
	refresh();

	struct journal *j = NULL;
	struct net_claim c;
	net_claim_init(&c, a, &d->env);
	if (journal_open(&j, ctx->home, &e)) {
		message(d, "Claim", e.msg);
		net_claim_release(&c);
		return;
	}
	c.journal = j;
	c.network = a->chain;
	snprintf(c.owner, sizeof c.owner, "%s", owner);
	const char *ids[1] = {dv->id};
	struct net_claim_request rq = {0, ids, 1, owner, NULL, ctx->dry_run};
	uint8_t *secret = NULL;
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
	char *pw = sodium_malloc(256);
	secret = sodium_malloc(32);
	if (!pw || !secret) {
		sodium_free(pw);
		message(d, "Claim", "out of memory");
		goto out;
	}
	snprintf(text, sizeof text, "password of key '%s'", name);
	dash_draw(d);
	int asked = w_ask(d, "Claim", text, pw, 256, 1);
	struct key_secret *s = NULL;
	int rc = asked ? ERR_REFUSED : keystore_unlock(&s, &info, ctx->home, name, pw, &e);
	sodium_free(pw);
	if (asked) {
		snprintf(d->message, sizeof d->message, "claim cancelled");
		d->message_until = dash_now(d) + 3;
		goto out;
	}
	char sol[45], evm[43];
	if (!rc)
		rc = key_addresses(sol, evm, s, ctx->account, &e);
	if (!rc && strcmp(solana ? sol : evm, owner))
		rc = error_set(&e, ERR_FAIL, "key '%s' changed while claiming", name);
	if (!rc)
		rc = solana ? key_solana_seed(secret, s, ctx->account, &e) : key_evm_seckey(secret, s, ctx->account, &e);
	key_secret_free(s);
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
	if (secret)
		sodium_free(secret);
	net_claim_release(&c);
	journal_close(j);
}
