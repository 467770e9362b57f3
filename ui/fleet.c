/* The fleet model the screens read: one refresh task per network on the
 * engine, the last good figures kept (and taken from the history store at
 * start), stale marking, the fleet table's rows (filter, sort, totals). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "store.h"
#include "networks/balances.h"
#include "networks/prices.h"
#include "ui/dash.h"
#include "clock.h"

int64_t dash_now(const struct dash *d)
{
	return (int64_t)time(NULL) + d->env.now_offset;
}

/* Refresh intervals: chains and APIs that move slowly are asked less often. */
static int interval_of(const struct dash *d, const struct net_adapter *a)
{
	(void)d;
	if (a == &prices_source)
		return 600;
	if (a == &balances_source)
		return 300;
	return !strcmp(a->chain ? a->chain : "", "filecoin") ? 600 : 300;
}

static void task_done(struct net_task *t, void *arg)
{
	struct dash *d = arg;
	struct dash_net *n = NULL;
	for (size_t i = 0; i < d->nnets; i++)
		if (&d->nets[i].task == t)
			n = &d->nets[i];
	if (!n)
		return;
	n->running = 0;
	n->requests = n->cur.requests;
	n->took_ms = mono_ms() - n->started_ms;
	if (d->store) {
		struct error e = {0};
		if (store_record(d->store, &n->cur, n->what, &e) && !n->cur.code)
			snprintf(n->err, sizeof n->err, "history store: %s", e.msg);
	}
	if (n->cur.code) {
		/* asked again within a minute, not after the whole interval */
		int64_t soon = dash_now(d) + (n->interval < 60 ? n->interval : 60);
		if (n->next_due > soon)
			n->next_due = soon;
		n->failed = 1;
		snprintf(n->err, sizeof n->err, "%s", n->cur.err.msg[0] ? n->cur.err.msg : "refresh failed");
		net_result_release(&n->cur);
	} else {
		n->failed = 0;
		n->err[0] = '\0';
		if (n->have_last)
			net_result_release(&n->last);
		n->last = n->cur;
		memset(&n->cur, 0, sizeof n->cur);
		n->have_last = 1;
		n->last_ok = n->last.at ? n->last.at : dash_now(d);
	}
	d->dirty = 1;
	d->changed = 1;
	dash_fleet_rebuild(d);
}

int dash_fleet_init(struct dash *d, struct error *e)
{
	d->nets = calloc(net_adapters_len + 3, sizeof *d->nets); /* + prices, + balances, + the bench's */
	if (!d->nets)
		return error_set(e, ERR_FAIL, "out of memory");
	/* --network NET[,NET...]: those alone ("prices" for the USD prices) */
	const char *only = d->ctx->network;
	for (size_t i = 0; i <= net_adapters_len + 1; i++) {
		const struct net_adapter *a = i < net_adapters_len ? net_adapters[i]
					      : i == net_adapters_len ? &prices_source : &balances_source;
		if (only) {
			const char *p = strstr(only, a->name);
			size_t l = strlen(a->name);
			if (!p || (p != only && p[-1] != ',') || (p[l] && p[l] != ','))
				continue;
		}
		int what = (a->refresh ? NET_REFRESH_DEVICES : 0) | (a->metrics ? NET_REFRESH_METRICS : 0);
		if (!what)
			continue;
		/* in the demo, only the networks it has recordings for */
		if (d->demo) {
			char path[4200];
			snprintf(path, sizeof path, "%s/%s/routes.json", d->demo_dir, a->name);
			FILE *f = fopen(path, "r");
			if (!f)
				continue;
			fclose(f);
		}
		struct dash_net *n = &d->nets[d->nnets++];
		n->a = a;
		n->what = what;
		n->interval = interval_of(d, a);
		if (d->store && store_last_result(d->store, &n->last, a->name, dash_now(d) - 400 * 86400, e) == 0) {
			n->have_last = 1;
			n->last_ok = n->last.at;
			if (n->last.code) {
				n->failed = 1;
				snprintf(n->err, sizeof n->err, "%s", n->last.err.msg);
			}
		}
		e->code = 0;
		e->msg[0] = '\0';
	}
	dash_fleet_rebuild(d);
	return 0;
}

void dash_fleet_release(struct dash *d)
{
	for (size_t i = 0; i < d->nnets; i++) {
		struct dash_net *n = &d->nets[i];
		if (n->running)
			net_task_cancel(&n->task);
		if (n->task.adapter)
			net_task_release(&n->task);
		net_result_release(&n->cur);
		if (n->have_last)
			net_result_release(&n->last);
	}
	free(d->nets);
	free(d->rows);
	d->nets = NULL;
	d->rows = NULL;
	d->nnets = d->nrows = 0;
}

int dash_running(const struct dash *d)
{
	int k = 0;
	for (size_t i = 0; i < d->nnets; i++)
		k += d->nets[i].running;
	return k;
}

void dash_fleet_start_due(struct dash *d, int force)
{
	int64_t now = dash_now(d);
	for (size_t i = 0; i < d->nnets; i++) {
		struct dash_net *n = &d->nets[i];
		if (n->running || (!force && n->next_due > now) || !n->what)
			continue;
		if (n->task.adapter)
			net_task_release(&n->task);
		memset(&n->task, 0, sizeof n->task);
		net_result_init(&n->cur, n->a->name);
		n->last_try = now;
		n->next_due = now + n->interval;
		n->started_ms = mono_ms();
		struct error e = {0};
		if (net_task_start(&n->task, &d->env, n->a, n->what, &n->cur, task_done, d, &e)) {
			n->failed = 1;
			snprintf(n->err, sizeof n->err, "%s", e.msg);
			net_result_release(&n->cur);
			memset(&n->task, 0, sizeof n->task);
			continue;
		}
		n->running = 1;
		d->dirty = 1;
	}
}

long dash_fleet_next_ms(const struct dash *d)
{
	int64_t now = dash_now(d), best = -1;
	for (size_t i = 0; i < d->nnets; i++) {
		const struct dash_net *n = &d->nets[i];
		if (n->running || !n->what)
			continue;
		int64_t w = n->next_due > now ? n->next_due - now : 0;
		if (best < 0 || w < best)
			best = w;
	}
	return best < 0 ? -1 : (long)(best * 1000);
}

uint64_t dash_price(const struct dash *d, const char *token)
{
	uint64_t best = 0;
	int64_t at = 0;
	for (size_t i = 0; i < d->nnets; i++) {
		const struct dash_net *n = &d->nets[i];
		if (!n->have_last)
			continue;
		for (size_t k = 0; k < n->last.nprices; k++) {
			const struct net_price *p = &n->last.prices[k];
			if (!strcasecmp(p->token, token) && p->at >= at) {
				best = p->nusd;
				at = p->at;
			}
		}
	}
	return best;
}

/* An exact amount cut (not rounded) to four decimals for the table. */
void dash_money_short(char *out, size_t size, const struct net_money *m, int with_token)
{
	char t[128];
	net_money_format(t, sizeof t, m);
	char *dot = strchr(t, '.');
	if (dot && strlen(dot) > 5)
		dot[5] = '\0';
	if (with_token)
		snprintf(out, size, "%s %s", t, m->token);
	else
		snprintf(out, size, "%s", t);
}

/* The prices of the tokens met while rebuilding (a handful). */
struct price_cache {
	char token[16][NET_TOKEN_MAX];
	uint64_t nusd[16];
	int n;
};

static uint64_t price_cached(const struct dash *d, struct price_cache *pc, const char *token)
{
	for (int i = 0; i < pc->n; i++)
		if (!strcmp(pc->token[i], token))
			return pc->nusd[i];
	uint64_t p = dash_price(d, token);
	if (pc->n < 16) {
		snprintf(pc->token[pc->n], sizeof pc->token[0], "%s", token);
		pc->nusd[pc->n++] = p;
	}
	return p;
}

/* 24 h, 7 d and 30 d earnings of the history's first token. */
static int earned3(struct dash_row *r, const struct net_device *dv, int64_t now)
{
	if (!dv->nhistory || !dv->nunits)
		return 0;
	struct u256 sum[3] = {{{0}}};
	static const int64_t spans[3] = {86400, 7 * 86400, 30 * 86400};
	for (size_t i = dv->nhistory; i-- > 0;) {
		const struct net_point *p = &dv->history[i];
		if (p->day + 86400 <= now - spans[2])
			break; /* oldest first: the rest is older */
		if (p->unit)
			continue;
		struct u256 v = {{p->units[0], p->units[1], 0, 0}}, x;
		for (int k = 0; k < 3; k++)
			if (p->day + 86400 > now - spans[k] && !u256_add(&x, &sum[k], &v))
				sum[k] = x;
	}
	struct net_money *out[3] = {&r->e24, &r->e7, &r->e30};
	for (int k = 0; k < 3; k++)
		if (net_money_set(out[k], dv->units[0].token, dv->units[0].decimals, &sum[k]))
			return 0;
	return 1;
}

static const struct dash *sort_ctx;

static int cmp_money(const struct net_money *a, const struct net_money *b)
{
	double x = net_money_value(a), y = net_money_value(b);
	return x < y ? -1 : x > y;
}

static int row_cmp(const void *pa, const void *pb)
{
	const struct dash_row *a = pa, *b = pb;
	const struct dash *d = sort_ctx;
	int c = 0;
	switch (d->sort_col) {
	case COL_NETWORK: c = strcmp(a->d->network, b->d->network); break;
	case COL_NAME: c = strcasecmp(a->d->name[0] ? a->d->name : a->d->id, b->d->name[0] ? b->d->name : b->d->id); break;
	case COL_STATUS: c = (int)b->d->status - (int)a->d->status; break; /* offline first */
	case COL_LOCATION: c = strcasecmp(a->d->location, b->d->location); break;
	case COL_ACTIVE: c = a->d->last_active < b->d->last_active ? -1 : a->d->last_active > b->d->last_active; break;
	case COL_E24: c = cmp_money(&a->e24, &b->e24); break;
	case COL_E7: c = cmp_money(&a->e7, &b->e7); break;
	case COL_E30: c = cmp_money(&a->e30, &b->e30); break;
	case COL_USD24: c = a->usd24 < b->usd24 ? -1 : a->usd24 > b->usd24; break;
	case COL_PENDING: c = cmp_money(&a->pending, &b->pending); break;
	}
	if (!c)
		c = strcmp(a->d->network, b->d->network);
	if (!c)
		c = strcmp(a->d->id, b->d->id);
	return d->sort_desc ? -c : c;
}

static int has(const char *hay, const char *needle)
{
	size_t n = strlen(needle);
	for (; *hay; hay++)
		if (!strncasecmp(hay, needle, n))
			return 1;
	return 0;
}

static int matches(const struct net_device *dv, const char *f)
{
	if (!*f)
		return 1;
	return has(dv->network, f) || has(dv->name, f) || has(dv->id, f) ||
	       has(dv->location, f) || has(net_status_name(dv->status), f) || has(dv->kind, f);
}

void dash_fleet_rebuild(struct dash *d)
{
	/* keep the selection on its device (noted before: the old rows may
	 * point at figures released since) */
	char snet[NET_NAME_MAX] = "", sid[128] = "";
	if (d->picked) {
		snprintf(snet, sizeof snet, "%s", d->sel_net);
		snprintf(sid, sizeof sid, "%s", d->sel_id);
	}
	d->nrows = 0;
	int64_t now = dash_now(d);
	struct price_cache pc = {0};
	size_t total = 0;
	for (size_t i = 0; i < d->nnets; i++)
		if (d->nets[i].have_last)
			total += d->nets[i].last.ndevices;
	if (total > d->cap_rows) {
		struct dash_row *r = realloc(d->rows, total * sizeof *r);
		if (!r) {
			d->nrows = 0; /* the old rows may point at released figures */
			return;
		}
		d->rows = r;
		d->cap_rows = total;
	}
	d->nrows = 0;
	d->total_devices = total;
	d->total_offline = 0;
	d->total_alerts = 0;
	d->total_usd24 = d->total_usd30 = d->total_usd_pending = 0;
	for (size_t i = 0; i < d->nnets; i++) {
		struct dash_net *n = &d->nets[i];
		n->ndev = n->noff = 0;
		n->usd24 = n->usd30 = n->usd_pending = 0;
		n->has_tok = n->has_pend = 0;
		if (!n->have_last)
			continue;
		for (size_t k = 0; k < n->last.ndevices; k++) {
			const struct net_device *dv = &n->last.devices[k];
			int offline = dv->status == NET_STATUS_OFFLINE;
			int64_t since = dv->status_since ? dv->status_since : dv->last_active;
			int alert = offline && since && now - since >= (int64_t)d->offline_after * 60;
			d->total_offline += offline;
			d->total_alerts += alert;
			n->ndev++;
			n->noff += offline;
			struct dash_row tmp = {0}, *r = matches(dv, d->filter) ? &d->rows[d->nrows++] : &tmp;
			memset(r, 0, sizeof *r);
			r->net = n;
			r->d = dv;
			r->alert = alert;
			r->has_e = earned3(r, dv, now);
			if (dv->npending)
				r->pending = dv->pending[0];
			uint64_t p = r->has_e ? price_cached(d, &pc, r->e24.token) : 0;
			r->usd24 = p ? net_money_usd(&r->e24, p) : -1;
			r->usd7 = p ? net_money_usd(&r->e7, p) : -1;
			r->usd30 = p ? net_money_usd(&r->e30, p) : -1;
			uint64_t pp = dv->npending ? price_cached(d, &pc, dv->pending[0].token) : 0;
			r->usd_pending = pp ? net_money_usd(&r->pending, pp) : -1;
			if (r->has_e) {
				if (!n->has_tok) {
					n->tok24 = r->e24;
					n->tok30 = r->e30;
					n->has_tok = 1;
				} else if (!strcmp(n->tok24.token, r->e24.token)) {
					if (net_money_add(&n->tok24, &r->e24)) {}
					if (net_money_add(&n->tok30, &r->e30)) {}
				}
			}
			if (dv->npending) {
				if (!n->has_pend) {
					n->tokpend = r->pending;
					n->has_pend = 1;
				} else if (!strcmp(n->tokpend.token, r->pending.token)) {
					if (net_money_add(&n->tokpend, &r->pending)) {}
				}
			}
			n->usd24 += r->usd24 > 0 ? r->usd24 : 0;
			n->usd30 += r->usd30 > 0 ? r->usd30 : 0;
			n->usd_pending += r->usd_pending > 0 ? r->usd_pending : 0;
		}
		d->total_usd24 += n->usd24;
		d->total_usd30 += n->usd30;
		d->total_usd_pending += n->usd_pending;
	}
	sort_ctx = d;
	if (d->nrows)
		qsort(d->rows, d->nrows, sizeof *d->rows, row_cmp);
	d->sel = 0;
	for (size_t i = 0; i < d->nrows && snet[0]; i++)
		if (!strcmp(d->rows[i].d->network, snet) && !strcmp(d->rows[i].d->id, sid)) {
			d->sel = i;
			break;
		}
	if (d->sel >= d->nrows)
		d->sel = d->nrows ? d->nrows - 1 : 0;
	dash_remember_sel(d);
	d->dirty = 1;
}

void dash_remember_sel(struct dash *d)
{
	if (d->sel < d->nrows) {
		snprintf(d->sel_net, sizeof d->sel_net, "%s", d->rows[d->sel].d->network);
		snprintf(d->sel_id, sizeof d->sel_id, "%s", d->rows[d->sel].d->id);
	}
}

const struct dash_row *dash_selected(const struct dash *d)
{
	return d->sel < d->nrows ? &d->rows[d->sel] : NULL;
}

const struct net_device *dash_find_device(const struct dash *d, struct dash_net **net)
{
	for (size_t i = 0; i < d->nnets; i++) {
		struct dash_net *n = &d->nets[i];
		if (!n->have_last || strcmp(n->a->name, d->dev_net))
			continue;
		for (size_t k = 0; k < n->last.ndevices; k++)
			if (!strcmp(n->last.devices[k].id, d->dev_id)) {
				if (net)
					*net = n;
				return &n->last.devices[k];
			}
	}
	return NULL;
}
