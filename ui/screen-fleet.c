/* The fleet screen: totals per network and overall, errors, then every
 * device of every network in one table. */
#include "config.h"

#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "ui/dash.h"

const char *const dash_col_names[COL_COUNT] = {"NETWORK", "NAME",  "STATUS", "LOCATION", "ACTIVE",
					       "24H",     "7D",    "30D",    "USD 24H",  "PENDING"};
static const int col_width[COL_COUNT] = {10, 22, 13, 16, 7, 14, 14, 14, 9, 16};

static int table_top; /* the first table line, set while drawing */

int scr_fleet_rows(void)
{
	int n = LINES - 1 - table_top - 1;
	return n > 0 ? n : 1;
}

static void usd(char *out, size_t size, double v)
{
	if (v < 0)
		snprintf(out, size, "-");
	else if (v >= 10000)
		snprintf(out, size, "$%.0f", v);
	else
		snprintf(out, size, "$%.2f", v);
}

static void cell(char *out, size_t size, const struct dash *d, const struct dash_row *r, int col, int64_t now)
{
	const struct net_device *dv = r->d;
	char a[16];
	switch (col) {
	case COL_NETWORK: snprintf(out, size, "%s", dv->network); break;
	case COL_NAME: snprintf(out, size, "%s%s", r->alert ? "!" : "", dv->name[0] ? dv->name : dv->id); break;
	case COL_STATUS:
		net_ago(a, sizeof a, dv->status_since, now);
		snprintf(out, size, "%s%s%s", net_status_name(dv->status), dv->status_since ? " " : "",
			 dv->status_since ? a : "");
		break;
	case COL_LOCATION: snprintf(out, size, "%s", dv->location[0] ? dv->location : "-"); break;
	case COL_ACTIVE: net_ago(out, size, dv->last_active, now); break;
	case COL_E24:
	case COL_E7:
	case COL_E30:
		if (!r->has_e)
			snprintf(out, size, "-");
		else
			dash_money_short(out, size, col == COL_E24 ? &r->e24 : col == COL_E7 ? &r->e7 : &r->e30, 1);
		break;
	case COL_USD24: usd(out, size, r->usd24); break;
	case COL_PENDING:
		if (dv->npending)
			dash_money_short(out, size, &r->pending, 1);
		else
			snprintf(out, size, "-");
		break;
	}
	(void)d;
}

static void tabs(struct dash *d)
{
	static const char *const names[SCR_COUNT] = {"1 Fleet", "2 Device", "3 Wallet", "4 Networks", "5 Help"};
	w_attr_on(d, PAIR_HEAD, 0);
	w_fill(0, 0, COLS);
	int x = 0;
	w_text(0, x, COLS, "depinctl");
	x += 10;
	for (int i = 0; i < SCR_COUNT && x < COLS; i++) {
		char t[32];
		snprintf(t, sizeof t, i == (int)d->screen ? "[%s]" : " %s ", names[i]);
		if (i == (int)d->screen)
			attron(A_BOLD);
		w_text(0, x, COLS - x, t);
		if (i == (int)d->screen)
			attroff(A_BOLD);
		x += (int)strlen(t) + 1;
	}
	if (d->demo && x + 6 < COLS)
		w_text(0, COLS - 6, 6, "DEMO");
	w_attr_off(d, PAIR_HEAD, 0);
}

void scr_tabs(struct dash *d)
{
	tabs(d);
}

void scr_fleet(struct dash *d)
{
	int64_t now = dash_now(d);
	tabs(d);
	int y = 1;
	char line[1024], a[32], b[32], c[32];
	usd(a, sizeof a, d->total_usd24);
	usd(b, sizeof b, d->total_usd30);
	usd(c, sizeof c, d->total_usd_pending);
	snprintf(line, sizeof line, "%zu devices  %zu offline  %zu alerts  24h %s  30d %s  pending %s", d->total_devices,
		 d->total_offline, d->total_alerts, a, b, c);
	attron(A_BOLD);
	w_text(y++, 0, COLS, line);
	attroff(A_BOLD);
	/* per network, while the table keeps at least 5 lines */
	for (size_t i = 0; i < d->nnets && LINES - y > 9; i++) {
		const struct dash_net *n = &d->nets[i];
		if (!n->a->refresh)
			continue;
		char t24[64] = "-", t30[64] = "-", tp[64] = "-";
		if (n->has_tok) {
			dash_money_short(t24, sizeof t24, &n->tok24, 1);
			dash_money_short(t30, sizeof t30, &n->tok30, 1);
		}
		if (n->has_pend)
			dash_money_short(tp, sizeof tp, &n->tokpend, 1);
		usd(a, sizeof a, n->usd24);
		snprintf(line, sizeof line, " %-10s %4zu dev %3zu off  24h %s (%s)  30d %s  pending %s", n->a->name, n->ndev,
			 n->noff, t24, a, t30, tp);
		w_text(y++, 0, COLS, line);
	}
	/* errors: the figures stay, marked stale with their age */
	for (size_t i = 0; i < d->nnets && LINES - y > 6; i++) {
		const struct dash_net *n = &d->nets[i];
		if (!n->failed)
			continue;
		net_ago(a, sizeof a, n->have_last ? n->last_ok : 0, now);
		snprintf(line, sizeof line, "ERROR %s: %s (%s)", n->a->name, n->err,
			 n->have_last ? "stale figures" : "no figures yet");
		if (n->have_last)
			snprintf(line + strlen(line), sizeof line - strlen(line), " from %s ago", a);
		w_attr_on(d, PAIR_OFF, A_BOLD);
		w_text(y++, 0, COLS, line);
		w_attr_off(d, PAIR_OFF, A_BOLD);
	}
	/* the table */
	w_attr_on(d, PAIR_HEAD, 0);
	w_fill(y, 0, COLS);
	int x = 0;
	for (int k = 0; k < COL_COUNT && x < COLS; k++) {
		char h[32];
		snprintf(h, sizeof h, "%s%s", dash_col_names[k], d->sort_col == k ? (d->sort_desc ? "v" : "^") : "");
		w_text(y, x, col_width[k] - 1, h);
		x += col_width[k];
	}
	w_attr_off(d, PAIR_HEAD, 0);
	table_top = ++y;
	int rows = scr_fleet_rows();
	if (d->sel < d->top)
		d->top = d->sel;
	if (d->sel >= d->top + (size_t)rows)
		d->top = d->sel - (size_t)rows + 1;
	if (!d->nrows) {
		w_text(y, 0, COLS, dash_running(d) ? "loading..." : d->filter[0] ? "no device matches the filter" : "no devices");
	}
	for (int r = 0; r < rows && d->top + (size_t)r < d->nrows; r++) {
		size_t i = d->top + (size_t)r;
		const struct dash_row *row = &d->rows[i];
		int pair = 0, attr = 0;
		if (i == d->sel)
			pair = PAIR_SEL;
		else if (row->d->status == NET_STATUS_OFFLINE)
			pair = PAIR_OFF, attr = row->alert ? A_BOLD : 0;
		else if (row->net->failed)
			pair = PAIR_STALE;
		else if (row->d->status == NET_STATUS_DEGRADED)
			pair = PAIR_DEG;
		if (pair)
			w_attr_on(d, pair, attr);
		if (i == d->sel)
			w_fill(y + r, 0, COLS);
		x = 0;
		for (int k = 0; k < COL_COUNT && x < COLS; k++) {
			char t[160];
			cell(t, sizeof t, d, row, k, now);
			w_text(y + r, x, col_width[k] - 1, t);
			x += col_width[k];
		}
		if (pair)
			w_attr_off(d, pair, attr);
	}
}

/* The row under screen line y (mouse), or -1. */
long scr_fleet_row_at(const struct dash *d, int y)
{
	if (y < table_top || y >= table_top + scr_fleet_rows())
		return -1;
	size_t i = d->top + (size_t)(y - table_top);
	return i < d->nrows ? (long)i : -1;
}
