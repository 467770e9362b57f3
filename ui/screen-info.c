/* The wallet, networks and help screens: lines of text that scroll. */
#include "config.h"

#include <curses.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "journal.h"
#include "networks/balances.h"
#include "store.h"
#include "ui/dash.h"
#include "wallet/keystore.h"

struct lines {
	char (*l)[256];
	int *pair;
	size_t n, cap;
};

static struct lines wallet_cache, keys_journal;
static int64_t wallet_at;
/* the keystore's names of addresses (read with the journal every 30 s) */
static struct key_name {
	char name[72];
	char addr[100];
} *key_names;
static size_t nkey_names;

static const char *key_of(const char *addr)
{
	for (size_t i = 0; i < nkey_names; i++)
		if (!strcmp(key_names[i].addr, addr))
			return key_names[i].name;
	return NULL;
}

static void add(struct lines *ls, int pair, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void add(struct lines *ls, int pair, const char *fmt, ...)
{
	if (ls->n == ls->cap) {
		size_t cap = ls->cap ? ls->cap * 2 : 64;
		char(*l)[256] = realloc(ls->l, cap * sizeof *l);
		if (!l)
			return;
		ls->l = l;
		int *p = realloc(ls->pair, cap * sizeof *p);
		if (!p)
			return;
		ls->pair = p;
		ls->cap = cap;
	}
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(ls->l[ls->n], sizeof ls->l[0], fmt, ap);
	va_end(ap);
	ls->pair[ls->n++] = pair;
}

static void show(struct dash *d, const struct lines *ls)
{
	scr_tabs(d);
	int rows = LINES - 2;
	if (rows < 1)
		rows = 1;
	if (d->scroll + (size_t)rows > ls->n)
		d->scroll = ls->n > (size_t)rows ? ls->n - (size_t)rows : 0;
	for (int r = 0; r < rows && d->scroll + (size_t)r < ls->n; r++) {
		size_t i = d->scroll + (size_t)r;
		int pair = ls->pair[i];
		if (pair > 0)
			w_attr_on(d, pair, 0);
		else if (pair < 0)
			attron(A_BOLD);
		w_text(1 + r, 1, COLS - 2, ls->l[i]);
		if (pair > 0)
			w_attr_off(d, pair, 0);
		else if (pair < 0)
			attroff(A_BOLD);
	}
}

static int journal_line(void *user, const struct journal_tx *t)
{
	add(user, t->status == JOURNAL_FAILED ? PAIR_OFF : 0, "%-10s %-9s %-8s %s %s  %.20s...", t->network, t->purpose,
	    journal_status_name(t->status), t->amount, t->token[0] ? t->token : "", t->txid);
	return 0;
}

/* Balances per key (or owner), chain and token, with their USD values. */
static void balances_table(struct dash *d, struct lines *ls)
{
	const struct dash_net *bn = NULL;
	for (size_t i = 0; i < d->nnets && !bn; i++)
		if (d->nets[i].a == &balances_source)
			bn = &d->nets[i];
	if (!bn)
		return;
	char ago[16];
	net_ago(ago, sizeof ago, bn->last_ok, dash_now(d));
	add(ls, -1, "Balances%s%s", bn->running && !bn->have_last ? " (refreshing)" : "",
	    bn->failed ? " (stale)" : "");
	if (bn->failed)
		add(ls, PAIR_OFF, "ERR %s (figures of %s ago kept)", bn->err, bn->have_last ? ago : "-");
	add(ls, -1, "%-44s %-9s %-12s %26s %14s", "KEY/OWNER", "CHAIN", "TOKEN", "AMOUNT", "USD");
	double total = 0;
	size_t shown = 0;
	for (size_t k = 0; bn->have_last && k < bn->last.nbalances; k++) {
		const struct net_balance *b = &bn->last.balances[k];
		char who[64], amt[100], usd[32];
		const char *name = key_of(b->owner);
		if (name)
			snprintf(who, sizeof who, "%.16s %.10s...%.4s", name, b->owner, b->owner + strlen(b->owner) - 4);
		else
			snprintf(who, sizeof who, "%.44s", b->owner);
		net_money_format(amt, sizeof amt, &b->amount);
		uint64_t p = dash_price(d, b->token);
		if (p) {
			double u = net_money_usd(&b->amount, p);
			total += u;
			snprintf(usd, sizeof usd, "$%.2f", u);
		} else {
			snprintf(usd, sizeof usd, "-");
		}
		add(ls, bn->failed ? PAIR_STALE : 0, "%-44s %-9s %-12s %26s %14s", who, b->chain, b->token, amt, usd);
		shown++;
	}
	if (!shown)
		add(ls, 0, "%s", bn->have_last ? "no balances (no keys, or empty wallets)" : "not read yet");
	add(ls, -1, "balances total: $%.2f (at the prices known)", total);
	add(ls, 0, "%s", "");
}

void scr_wallet(struct dash *d)
{
	struct lines *ls = &wallet_cache;
	int64_t now = dash_now(d);
	ls->n = 0;
	balances_table(d, ls);
	add(ls, -1, "Pending rewards by owner and token");
	/* pending per owner and token, from the devices */
	double usd_total = 0;
	for (size_t i = 0; i < d->nnets; i++) {
		const struct dash_net *n = &d->nets[i];
		if (!n->have_last)
			continue;
		for (size_t k = 0; k < n->last.ndevices; k++) {
			const struct net_device *dv = &n->last.devices[k];
			/* once per (network, owner): sum that owner's devices */
			size_t first = k;
			for (size_t j = 0; j < k; j++)
				if (!strcmp(n->last.devices[j].owner, dv->owner)) {
					first = j;
					break;
				}
			if (first != k)
				continue;
			struct net_money sum[NET_MAX_TOKENS];
			int ns = 0;
			size_t ndev = 0;
			for (size_t j = k; j < n->last.ndevices; j++) {
				const struct net_device *o = &n->last.devices[j];
				if (strcmp(o->owner, dv->owner))
					continue;
				ndev++;
				for (int p = 0; p < o->npending; p++) {
					int q = 0;
					while (q < ns && strcmp(sum[q].token, o->pending[p].token))
						q++;
					if (q == ns && ns < NET_MAX_TOKENS)
						sum[ns++] = o->pending[p];
					else if (q < ns)
						if (net_money_add(&sum[q], &o->pending[p])) {}
				}
			}
			for (int q = 0; q < ns; q++) {
				char m[80];
				net_money_format(m, sizeof m, &sum[q]);
				uint64_t p = dash_price(d, sum[q].token);
				double u = p ? net_money_usd(&sum[q], p) : -1;
				if (u > 0)
					usd_total += u;
				add(ls, 0, "%-10s %-44.44s %3zu dev  %s %s%s", n->a->name, dv->owner[0] ? dv->owner : "-",
				    ndev, m, sum[q].token, "");
				if (u >= 0)
					snprintf(ls->l[ls->n - 1] + strlen(ls->l[ls->n - 1]),
						 sizeof ls->l[0] - strlen(ls->l[ls->n - 1]), "  $%.2f", u);
			}
		}
	}
	add(ls, -1, "pending total: $%.2f (at the prices known)", usd_total);
	add(ls, 0, "%s", "");
	if (d->demo) {
		add(ls, -1, "Keys");
		add(ls, 0, "%s",
		    "the demo uses no keys (balances above: the demo owners); transactions appear with your own keystore");
	} else {
		/* keys and the journal change rarely: read again every 30 s */
		if (!wallet_at || now - wallet_at > 30) {
			wallet_at = now;
			keys_journal.n = 0;
			struct key_info *ki = NULL;
			size_t nk = 0;
			struct error e = {0};
			add(&keys_journal, -1, "Keys (balances: depinctl balance NAME)");
			if (keystore_list(&ki, &nk, d->ctx->home, &e) == 0) {
				free(key_names);
				nkey_names = 0;
				key_names = calloc(2 * nk + 1, sizeof *key_names);
				for (size_t i = 0; i < nk && key_names; i++) {
					struct key_name *kn = &key_names[nkey_names];
					nkey_names += 2;
					snprintf(kn[0].name, sizeof kn[0].name, "%s", ki[i].name);
					snprintf(kn[0].addr, sizeof kn[0].addr, "%s", ki[i].solana);
					snprintf(kn[1].name, sizeof kn[1].name, "%s", ki[i].name);
					snprintf(kn[1].addr, sizeof kn[1].addr, "%s", ki[i].evm);
				}
				for (size_t i = 0; i < nk; i++)
					add(&keys_journal, 0, "%-16s solana %-44s evm %s", ki[i].name,
					    ki[i].solana[0] ? ki[i].solana : "-", ki[i].evm[0] ? ki[i].evm : "-");
				if (!nk)
					add(&keys_journal, 0, "no keys (depinctl key new NAME)");
			} else {
				add(&keys_journal, PAIR_OFF, "keystore: %s", e.msg);
			}
			free(ki);
			add(&keys_journal, 0, "%s", "");
			add(&keys_journal, -1, "Recent transactions (journal)");
			struct journal *j = NULL;
			if (journal_open(&j, d->ctx->home, &e) == 0) {
				size_t before = keys_journal.n;
				if (journal_each(j, 0, 12, journal_line, &keys_journal, &e))
					add(&keys_journal, PAIR_OFF, "journal: %s", e.msg);
				if (keys_journal.n == before)
					add(&keys_journal, 0, "none yet");
				journal_close(j);
			} else {
				add(&keys_journal, PAIR_OFF, "journal: %s", e.msg);
			}
		}
		for (size_t i = 0; i < keys_journal.n; i++)
			add(ls, keys_journal.pair[i], "%s", keys_journal.l[i]);
	}
	show(d, ls);
}

static const char *const metric_keys[] = {"devices_active", "emissions_24h", "burn_24h", "revenue_usd_24h",
					  "burn_emission_ratio", "price_usd"};
static const char *const metric_heads[] = {"ACTIVE", "EMIT 24H", "BURN 24H", "REV USD 24H", "BURN/EMIT", "PRICE"};

static const struct net_metric *metric(const struct net_result *r, const char *key)
{
	for (size_t i = 0; i < r->nmetrics; i++)
		if (!strcmp(r->metrics[i].key, key))
			return &r->metrics[i];
	return NULL;
}

/* A token's daily prices (the prices refresh brings 90 days) as a sparkline. */
static int price_trend(const struct dash *d, int y, int x, const char *token)
{
	double v[64];
	size_t nv = 0;
	for (size_t i = 0; i < d->nnets; i++) {
		const struct dash_net *n = &d->nets[i];
		if (!n->have_last || n->a->refresh)
			continue;
		for (size_t k = 0; k < n->last.nprices; k++) {
			if (strcmp(n->last.prices[k].token, token))
				continue;
			if (nv == 64) {
				memmove(v, v + 1, 63 * sizeof *v);
				nv--;
			}
			v[nv++] = (double)n->last.prices[k].nusd;
		}
	}
	if (nv < 2)
		return 0;
	w_sparkline(y, x, 8, v + (nv > 8 ? nv - 8 : 0), nv > 8 ? 8 : nv);
	return 1;
}

void scr_networks(struct dash *d)
{
	scr_tabs(d);
	int64_t now = dash_now(d);
	int y = 1;
	w_attr_on(d, PAIR_HEAD, 0);
	w_fill(y, 0, COLS);
	w_text(y, 0, 11, "NETWORK");
	for (int k = 0; k < 6; k++)
		w_text(y, 11 + k * 20, 19, metric_heads[k]);
	w_attr_off(d, PAIR_HEAD, 0);
	y++;
	size_t shown = 0;
	for (size_t i = 0; i < d->nnets && y < LINES - 1; i++) {
		const struct dash_net *n = &d->nets[i];
		if (!n->a->metrics || !n->a->refresh)
			continue;
		if (shown++ < d->scroll)
			continue;
		if (n->failed)
			w_attr_on(d, PAIR_STALE, 0);
		w_text(y, 0, 10, n->a->name);
		for (int k = 0; k < 6; k++) {
			const struct net_metric *m = n->have_last ? metric(&n->last, metric_keys[k]) : NULL;
			char t[64] = "-";
			if (m && k == 4)
				snprintf(t, sizeof t, "%.3f", m->value);
			else if (m && (k == 5 || k == 3))
				snprintf(t, sizeof t, "$%.4g", m->value);
			else if (m)
				snprintf(t, sizeof t, "%.6g", m->value);
			uint64_t nusd = k == 5 && !m && n->a->token ? dash_price(d, n->a->token) : 0;
			if (nusd)
				snprintf(t, sizeof t, "$%.4g", (double)nusd / 1e9);
			w_text(y, 11 + k * 20, 10, t);
			if (k == 5 && n->a->token && price_trend(d, y, 11 + k * 20 + 10, n->a->token))
				continue;
			/* the trend from the store */
			struct store_sample *s = NULL;
			size_t ns = 0;
			struct error e = {0};
			if (m && d->store &&
			    store_metric_series(d->store, &s, &ns, n->a->name, metric_keys[k], now - 90 * 86400, &e) == 0 &&
			    ns > 1) {
				double v[64];
				size_t from = ns > 8 ? ns - 8 : 0, nv = 0;
				for (size_t q = from; q < ns; q++)
					v[nv++] = s[q].value;
				w_sparkline(y, 11 + k * 20 + 10, 8, v, nv);
			}
			free(s);
		}
		if (n->failed)
			w_attr_off(d, PAIR_STALE, 0);
		y++;
	}
	if (y < LINES - 2) {
		y++;
		w_text(y++, 0, COLS, "The same figures as `depinctl metrics`; trends from the history store.");
	}
}

void scr_help(struct dash *d)
{
	static const char *const text[] = {
		"Keys",
		"  1-5, Tab, Shift-Tab   fleet, device, wallet, networks, help",
		"  ?                     this help",
		"  Up/Down, j/k          move;  PgUp/PgDn, Home/End",
		"  Enter                 the selected device's details",
		"  Esc, Backspace        back",
		"  /                     filter devices (network, name, id, location, status)",
		"  s / S                 sort by the next column / reverse the order",
		"  w                     chart by days, weeks, months (device screen)",
		"  c                     claim the selected device's rewards",
		"  r                     refresh every network now",
		"  q                     quit",
		"  mouse                 click selects, double click opens",
		"",
		"Rows: offline devices in red (bold with ! past the alert threshold),",
		"degraded in yellow, stale figures (failed refresh) dimmed.",
		"The status line shows each network's last refresh, ERR when it failed.",
	};
	struct lines ls = {0};
	for (size_t i = 0; i < sizeof text / sizeof text[0]; i++)
		add(&ls, i == 0 ? -1 : 0, "%s", text[i]);
	add(&ls, 0, "Alerts: offline longer than %d min%s", d->offline_after, d->on_alert ? ", --on-alert runs" : "");
	show(d, &ls);
	free(ls.l);
	free(ls.pair);
}

void scr_release(void)
{
	free(key_names);
	key_names = NULL;
	nkey_names = 0;
	free(wallet_cache.l);
	free(wallet_cache.pair);
	free(keys_journal.l);
	free(keys_journal.pair);
	memset(&wallet_cache, 0, sizeof wallet_cache);
	memset(&keys_journal, 0, sizeof keys_journal);
}
