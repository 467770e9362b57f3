/* The device screen: details, an earnings chart by day / week / month,
 * status history (from the store), pending rewards and the claim key. */
#include "config.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "store.h"
#include "ui/dash.h"

/* The start of the bucket holding day (UTC): the day, its week's Monday, its month's 1st. */
static int64_t bucket_of(int64_t day, int size)
{
	if (size == 0)
		return day;
	if (size == 1) {
		int64_t dn = day / 86400; /* 1970-01-01 was a Thursday */
		return (dn - ((dn + 3) % 7)) * 86400;
	}
	time_t t = (time_t)day;
	struct tm tm;
	gmtime_r(&t, &tm);
	tm.tm_mday = 1;
	tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
	return (int64_t)timegm(&tm);
}

static void line_kv(int *y, const char *k, const char *v)
{
	if (*y >= LINES - 1)
		return;
	attron(A_BOLD);
	w_text(*y, 1, 14, k);
	attroff(A_BOLD);
	w_text(*y, 16, COLS - 16, v);
	(*y)++;
}

void scr_device(struct dash *d)
{
	scr_tabs(d);
	struct dash_net *n = NULL;
	const struct net_device *dv = dash_find_device(d, &n);
	if (!dv) {
		w_text(2, 1, COLS - 2, "no device chosen: select one on the fleet screen (1) and press Enter");
		return;
	}
	int64_t now = dash_now(d);
	char t[512], a[32];
	int y = 1;
	snprintf(t, sizeof t, "%s (%s)", dv->name[0] ? dv->name : dv->id, dv->network);
	attron(A_BOLD);
	w_text(y++, 1, COLS - 2, t);
	attroff(A_BOLD);
	line_kv(&y, "id", dv->id);
	if (dv->kind[0])
		line_kv(&y, "kind", dv->kind);
	net_ago(a, sizeof a, dv->status_since, now);
	snprintf(t, sizeof t, "%s%s%s%s", net_status_name(dv->status), dv->status_since ? " for " : "",
		 dv->status_since ? a : "", n && n->failed ? "  (stale)" : "");
	int pair = dv->status == NET_STATUS_OFFLINE ? PAIR_OFF : dv->status == NET_STATUS_ONLINE ? PAIR_OK : PAIR_DEG;
	w_attr_on(d, pair, 0);
	line_kv(&y, "status", t);
	w_attr_off(d, pair, 0);
	net_ago(a, sizeof a, dv->last_active, now);
	snprintf(t, sizeof t, "%s ago", a);
	line_kv(&y, "last active", dv->last_active ? t : "-");
	line_kv(&y, "location", dv->location[0] ? dv->location : "-");
	if (dv->owner[0])
		line_kv(&y, "owner", dv->owner);
	if (dv->detail[0])
		line_kv(&y, "detail", dv->detail);
	t[0] = '\0';
	for (int i = 0; i < dv->npending; i++) {
		char m[80];
		net_money_format(m, sizeof m, &dv->pending[i]);
		snprintf(t + strlen(t), sizeof t - strlen(t), "%s%s %s", i ? ", " : "", m, dv->pending[i].token);
	}
	snprintf(t + strlen(t), sizeof t - strlen(t), "%s%s", dv->npending ? "" : "-",
		 dv->claimable ? "   (c: claim)" : "");
	line_kv(&y, "pending", t);
	t[0] = '\0';
	for (int i = 0; i < dv->nlifetime; i++) {
		char m[80];
		net_money_format(m, sizeof m, &dv->lifetime[i]);
		snprintf(t + strlen(t), sizeof t - strlen(t), "%s%s %s", i ? ", " : "", m, dv->lifetime[i].token);
	}
	if (dv->nlifetime)
		line_kv(&y, "lifetime", t);

	/* the chart: the device's points (the refresh's, or the store's) */
	static const char *const bucket_names[] = {"days", "weeks", "months"};
	int64_t vals_at[400];
	double vals[400];
	size_t nv = 0;
	const char *token = dv->nunits ? dv->units[0].token : "";
	/* the store's history (across restarts), bucketed there */
	struct store_bucket *sb = NULL;
	size_t nsb = 0;
	struct error e = {0};
	static const int64_t spans[] = {90 * 86400LL, 53 * 7 * 86400LL, 25 * 31 * 86400LL};
	if (d->store && store_earnings(d->store, &sb, &nsb, dv->network, dv->id, now - spans[d->chart_bucket],
				       now + 86400, (enum store_bucket_size)d->chart_bucket, &e) == 0 && nsb) {
		if (!*token)
			token = sb[0].amount.token;
		for (size_t i = 0; i < nsb && nv < sizeof vals / sizeof vals[0]; i++) {
			if (strcmp(sb[i].amount.token, token))
				continue;
			vals_at[nv] = sb[i].start;
			vals[nv++] = net_money_value(&sb[i].amount);
		}
	}
	free(sb);
	int from_store = nv > 0;
	for (size_t i = 0; !from_store && i < dv->nhistory; i++) {
		const struct net_point *p = &dv->history[i];
		struct net_money m;
		net_point_money(&m, dv, p);
		if (strcmp(m.token, token))
			continue;
		int64_t b = bucket_of(p->day, d->chart_bucket);
		if (!nv || vals_at[nv - 1] != b) {
			if (nv == sizeof vals / sizeof vals[0])
				break;
			vals_at[nv] = b;
			vals[nv++] = 0;
		}
		vals[nv - 1] += net_money_value(&m);
	}
	if (y + 3 < LINES - 1) {
		y++;
		double sum = 0, hi = 0;
		for (size_t i = 0; i < nv; i++) {
			sum += vals[i];
			if (vals[i] > hi)
				hi = vals[i];
		}
		snprintf(t, sizeof t, "earnings by %s (w: days/weeks/months) %s, max %.4g, total %.6g over %zu %s",
			 bucket_names[d->chart_bucket], token, hi, sum, nv, bucket_names[d->chart_bucket]);
		attron(A_BOLD);
		w_text(y++, 1, COLS - 2, nv ? t : "no earnings history");
		attroff(A_BOLD);
		int h = LINES - 1 - y - 4;
		if (h > 10)
			h = 10;
		if (h < 1)
			h = LINES - 1 - y;
		w_bars(d, y, 1, h, COLS - 2, vals, nv);
		y += h;
	}
	/* status history */
	if (y + 1 < LINES - 1) {
		char hist[400] = "";
		struct store_status *ss = NULL;
		size_t ns = 0;
		if (d->store && store_status_history(d->store, &ss, &ns, dv->network, dv->id, now - 30 * 86400, &e) == 0) {
			for (size_t i = ns > 6 ? ns - 6 : 0; i < ns; i++) {
				net_ago(a, sizeof a, ss[i].at, now);
				snprintf(hist + strlen(hist), sizeof hist - strlen(hist), "%s%s %s%s", i ? ", " : "",
					 net_status_name(ss[i].status), ss[i].at ? a : "(since unknown)",
					 ss[i].at ? " ago" : "");
			}
		}
		free(ss);
		if (!ns && dv->status_since) {
			net_ago(a, sizeof a, dv->status_since, now);
			snprintf(hist, sizeof hist, "%s since %s ago", net_status_name(dv->status), a);
		} else if (!ns) {
			snprintf(hist, sizeof hist, "%s (since unknown)", net_status_name(dv->status));
		}
		line_kv(&y, "history", hist);
	}
}
