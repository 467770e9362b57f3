/* The fleet model against results filled by hand: exact 24 h / 7 d / 30 d
 * sums, USD at the known price, totals, offline alerts past the threshold,
 * filter, sort by status both ways, the selection kept across a re-sort,
 * and --on-alert run once per event with the event in the environment. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "tests/unit/tap.h"
#include "ui/dash.h"

static const struct net_adapter fake_a = {.name = "alpha", .token = "ALP"};
static const struct net_adapter fake_b = {.name = "beta", .token = "BET"};

static struct net_device *dev(struct net_result *r, const char *id, const char *name, const char *loc,
			      enum net_status st, int64_t since)
{
	struct net_device *d = net_result_device(r);
	snprintf(d->id, sizeof d->id, "%s", id);
	snprintf(d->name, sizeof d->name, "%s", name);
	snprintf(d->location, sizeof d->location, "%s", loc);
	d->status = st;
	d->status_since = since;
	return d;
}

static void point(struct net_device *d, int64_t day, const char *token, const char *amount)
{
	struct net_money m;
	struct error e = {0};
	if (net_money_parse(&m, token, 6, amount, &e) || net_device_add_point(d, day, &m))
		ok(0, "point %s", amount);
}

static int count_lines(const char *path)
{
	FILE *f = fopen(path, "r");
	int n = 0, c;
	if (!f)
		return 0;
	while ((c = fgetc(f)) != EOF)
		n += c == '\n';
	fclose(f);
	return n;
}

int main(void)
{
	struct ctx ctx;
	memset(&ctx, 0, sizeof ctx);
	struct dash d;
	memset(&d, 0, sizeof d);
	d.ctx = &ctx;
	d.offline_after = 60;
	int64_t now = (int64_t)time(NULL), today = now - now % 86400;
	d.nets = calloc(2, sizeof *d.nets);
	d.nnets = 2;
	d.nets[0].a = &fake_a;
	d.nets[1].a = &fake_b;
	net_result_init(&d.nets[0].last, "alpha");
	net_result_init(&d.nets[1].last, "beta");
	d.nets[0].have_last = d.nets[1].have_last = 1;

	struct net_device *a1 = dev(&d.nets[0].last, "a1", "Berlin Fox", "Berlin, DE", NET_STATUS_ONLINE, now - 600);
	point(a1, today - 40 * 86400, "ALP", "100");
	point(a1, today - 20 * 86400, "ALP", "10");
	point(a1, today - 3 * 86400, "ALP", "2.25");
	point(a1, today, "ALP", "1.5");
	dev(&d.nets[0].last, "a2", "Lisbon Owl", "Lisbon, PT", NET_STATUS_OFFLINE, now - 7200);
	dev(&d.nets[0].last, "a3", "Porto Lynx", "Porto, PT", NET_STATUS_OFFLINE, now - 1800);
	struct net_device *b1 = dev(&d.nets[1].last, "b1", "Austin Hawk", "Austin, US", NET_STATUS_DEGRADED, now - 60);
	point(b1, today, "BET", "1.99999");
	struct net_money pend;
	if (net_money_set_u64(&pend, "BET", 6, 2500000) || net_device_add_pending(b1, &pend))
		ok(0, "pending");
	/* 2 USD per ALP */
	net_result_price(&d.nets[0].last, "ALP", 2000000000ULL, "test");

	dash_fleet_rebuild(&d);
	is_int(d.total_devices, 4, "four devices");
	is_int(d.nrows, 4, "four rows without a filter");
	is_int(d.total_offline, 2, "two offline");
	is_int(d.total_alerts, 1, "one offline past 60 minutes (the other 30 minutes)");
	const struct dash_row *r = NULL;
	for (size_t i = 0; i < d.nrows; i++)
		if (!strcmp(d.rows[i].d->id, "a1"))
			r = &d.rows[i];
	ok(r, "a1 has a row");
	if (!r)
		return tap_done();
	char t[128];
	net_money_format(t, sizeof t, &r->e24);
	is_str(t, "1.5", "24 h: today's point");
	net_money_format(t, sizeof t, &r->e7);
	is_str(t, "3.75", "7 d: exact sum");
	net_money_format(t, sizeof t, &r->e30);
	is_str(t, "13.75", "30 d: the point 40 days back left out");
	ok(r->usd24 > 2.999 && r->usd24 < 3.001, "USD 24 h at 2 USD per ALP: %f", r->usd24);
	r = NULL;
	for (size_t i = 0; i < d.nrows; i++)
		if (!strcmp(d.rows[i].d->id, "b1"))
			r = &d.rows[i];
	if (!r)
		return tap_done();
	ok(r->usd24 < 0, "no price known: no USD");
	dash_money_short(t, sizeof t, &r->e24, 1);
	is_str(t, "1.9999 BET", "the table cuts to four decimals, never rounds up");
	dash_money_short(t, sizeof t, &r->pending, 0);
	is_str(t, "2.5", "pending shown exactly");
	is_int(d.nets[0].ndev, 3, "alpha's total: three devices");
	is_int(d.nets[0].noff, 2, "alpha's total: two offline");

	snprintf(d.filter, sizeof d.filter, "PT");
	dash_fleet_rebuild(&d);
	is_int(d.nrows, 2, "filter 'PT' (any case): the two Portuguese devices");
	snprintf(d.filter, sizeof d.filter, "beta");
	dash_fleet_rebuild(&d);
	is_int(d.nrows, 1, "filter by network");
	snprintf(d.filter, sizeof d.filter, "offline");
	dash_fleet_rebuild(&d);
	is_int(d.nrows, 2, "filter by status");
	d.filter[0] = '\0';

	d.sort_col = COL_STATUS;
	dash_fleet_rebuild(&d);
	is_int(d.rows[0].d->status, NET_STATUS_OFFLINE, "sorted by status: offline first");
	is_int(d.rows[3].d->status, NET_STATUS_ONLINE, "online last");
	d.sort_desc = 1;
	dash_fleet_rebuild(&d);
	is_int(d.rows[0].d->status, NET_STATUS_ONLINE, "reversed: online first");
	d.sort_col = COL_E30;
	d.sort_desc = 1;
	dash_fleet_rebuild(&d);
	is_str(d.rows[0].d->id, "a1", "by 30-day earnings, most first");
	d.sel = 0;
	d.picked = 1;
	d.sort_col = COL_NAME;
	d.sort_desc = 0;
	dash_fleet_rebuild(&d);
	is_str(d.rows[d.sel].d->id, "a1", "the selection stays on its device after a re-sort");
	is_str(d.rows[0].d->name, "Austin Hawk", "by name");

	/* --on-alert: once per event */
	char dir[] = "/tmp/test-fleet-XXXXXX";
	ok(mkdtemp(dir), "a folder");
	char cmd[512], envf[128], jsonf[128];
	snprintf(envf, sizeof envf, "%s/env", dir);
	snprintf(jsonf, sizeof jsonf, "%s/json", dir);
	snprintf(cmd, sizeof cmd, "cat >>%s; echo \"$DEPINCTL_ALERT_NETWORK/$DEPINCTL_ALERT_DEVICE/$DEPINCTL_ALERT_STATUS${DEPINCTL_PASSWORD:-}\" >>%s",
		 jsonf, envf);
	d.on_alert = cmd;
	setenv("DEPINCTL_PASSWORD", "hunter2", 1);
	dash_alerts_check(&d);
	dash_alerts_check(&d);
	for (int i = 0; i < 50 && count_lines(envf) < 1; i++)
		usleep(100000);
	usleep(200000);
	is_int(count_lines(envf), 1, "one alert for one event, checked twice");
	FILE *f = fopen(envf, "r");
	char line[256] = "";
	if (f) {
		if (!fgets(line, sizeof line, f))
			line[0] = '\0';
		fclose(f);
	}
	is_str(line, "alpha/a2/offline\n", "the event in the environment, and no DEPINCTL_PASSWORD");
	f = fopen(jsonf, "r");
	char js[512] = "";
	if (f) {
		size_t k = fread(js, 1, sizeof js - 1, f);
		js[k] = '\0';
		fclose(f);
	}
	ok(strstr(js, "\"event\":\"offline\"") && strstr(js, "\"device\":\"a2\""), "the event as JSON on stdin: %s", js);
	/* back online, then down again: a new event */
	d.nets[0].last.devices[1].status = NET_STATUS_ONLINE;
	dash_alerts_check(&d);
	d.nets[0].last.devices[1].status = NET_STATUS_OFFLINE;
	d.nets[0].last.devices[1].status_since = now - 4000;
	dash_alerts_check(&d);
	for (int i = 0; i < 50 && count_lines(envf) < 2; i++)
		usleep(100000);
	is_int(count_lines(envf), 2, "a new outage alerts again");
	unlink(envf);
	unlink(jsonf);
	rmdir(dir);

	dash_alerts_release(&d);
	dash_fleet_release(&d);
	return tap_done();
}
