/* The model the adapters fill and the UI renders: results, devices,
 * metrics, prices, exact money. */
#include "config.h"

#include <math.h>
#include <time.h>
#include <stdlib.h>
#include <string.h>

#include "amount.h"
#include "networks/network.h"

void net_result_init(struct net_result *r, const char *network)
{
	memset(r, 0, sizeof *r);
	snprintf(r->network, sizeof r->network, "%s", network ? network : "");
}

void net_device_release(struct net_device *d)
{
	if (!d)
		return;
	free(d->history);
	d->history = NULL;
	d->nhistory = 0;
	d->nunits = 0;
}

void net_result_release(struct net_result *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->ndevices; i++)
		net_device_release(&r->devices[i]);
	free(r->devices);
	free(r->metrics);
	free(r->prices);
	free(r->balances);
	char network[NET_NAME_MAX];
	memcpy(network, r->network, sizeof network);
	net_result_init(r, network);
}

/* Grows an array of n elements of size sz by one zeroed element. */
static void *grow(void **arr, size_t *n, size_t sz)
{
	char *p = realloc(*arr, (*n + 1) * sz);
	if (!p)
		return NULL;
	*arr = p;
	memset(p + *n * sz, 0, sz);
	return p + (*n)++ * sz;
}

struct net_device *net_result_device(struct net_result *r)
{
	struct net_device *d = grow((void **)&r->devices, &r->ndevices, sizeof *d);
	if (d)
		snprintf(d->network, sizeof d->network, "%s", r->network);
	return d;
}

struct net_metric *net_result_metric(struct net_result *r, const char *key, const char *label, double value,
				     const char *unit, const char *source)
{
	struct net_metric *m = grow((void **)&r->metrics, &r->nmetrics, sizeof *m);
	if (!m)
		return NULL;
	snprintf(m->key, sizeof m->key, "%s", key ? key : "");
	snprintf(m->label, sizeof m->label, "%s", label ? label : "");
	m->value = value;
	snprintf(m->unit, sizeof m->unit, "%s", unit ? unit : "");
	snprintf(m->source, sizeof m->source, "%s", source ? source : "");
	return m;
}

struct net_price *net_result_price(struct net_result *r, const char *token, uint64_t nusd, const char *source)
{
	struct net_price *p = grow((void **)&r->prices, &r->nprices, sizeof *p);
	if (!p)
		return NULL;
	snprintf(p->token, sizeof p->token, "%s", token ? token : "");
	p->nusd = nusd;
	snprintf(p->source, sizeof p->source, "%s", source ? source : "");
	return p;
}

struct net_balance *net_result_balance(struct net_result *r, const char *owner, const char *chain, const char *id,
				       const struct net_money *amount)
{
	struct net_balance *b = grow((void **)&r->balances, &r->nbalances, sizeof *b);
	if (!b)
		return NULL;
	snprintf(b->owner, sizeof b->owner, "%s", owner ? owner : "");
	snprintf(b->chain, sizeof b->chain, "%s", chain ? chain : "");
	snprintf(b->token, sizeof b->token, "%s", amount->token);
	snprintf(b->id, sizeof b->id, "%s", id ? id : "");
	b->amount = *amount;
	return b;
}

int net_money_set(struct net_money *m, const char *token, unsigned decimals, const struct u256 *units)
{
	if (decimals > 77 || !token || strlen(token) >= sizeof m->token)
		return ERR_USAGE;
	memset(m, 0, sizeof *m);
	snprintf(m->token, sizeof m->token, "%s", token);
	m->decimals = (uint8_t)decimals;
	m->units = *units;
	return 0;
}

int net_money_set_u64(struct net_money *m, const char *token, unsigned decimals, uint64_t units)
{
	struct u256 u;
	u256_from_u64(&u, units);
	return net_money_set(m, token, decimals, &u);
}

int net_money_parse(struct net_money *m, const char *token, unsigned decimals, const char *text, struct error *e)
{
	struct u256 u;
	int rc = amount_parse(&u, NULL, text, decimals, e);
	if (rc)
		return rc;
	if (net_money_set(m, token, decimals, &u))
		return error_set(e, ERR_USAGE, "token '%.20s' with %u decimals cannot be shown", token ? token : "",
				 decimals);
	return 0;
}

int net_money_add(struct net_money *a, const struct net_money *b)
{
	if (strcmp(a->token, b->token) || a->decimals != b->decimals)
		return ERR_USAGE;
	struct u256 r;
	if (u256_add(&r, &a->units, &b->units))
		return ERR_USAGE;
	a->units = r;
	return 0;
}

void net_money_format(char *out, size_t out_size, const struct net_money *m)
{
	if (amount_format(out, out_size, &m->units, m->decimals) && out_size)
		snprintf(out, out_size, "?");
}

double net_money_value(const struct net_money *m)
{
	/* digits of the exact decimal, read as a double: shown, never paid */
	char buf[AMOUNT_FMT_MAX];
	net_money_format(buf, sizeof buf, m);
	return strtod(buf, NULL);
}

double net_money_usd(const struct net_money *m, uint64_t nusd)
{
	return net_money_value(m) * (double)nusd / 1e9;
}

static int add_to(struct net_money *list, int *n, const struct net_money *m)
{
	for (int i = 0; i < *n; i++)
		if (!strcmp(list[i].token, m->token))
			return net_money_add(&list[i], m);
	if (*n == NET_MAX_TOKENS)
		return ERR_USAGE;
	list[(*n)++] = *m;
	return 0;
}

int net_device_add_pending(struct net_device *d, const struct net_money *m)
{
	return add_to(d->pending, &d->npending, m);
}

int net_device_add_lifetime(struct net_device *d, const struct net_money *m)
{
	return add_to(d->lifetime, &d->nlifetime, m);
}

void net_point_money(struct net_money *out, const struct net_device *d, const struct net_point *p)
{
	memset(out, 0, sizeof *out);
	if (p->unit < d->nunits) {
		memcpy(out->token, d->units[p->unit].token, sizeof out->token);
		out->decimals = d->units[p->unit].decimals;
	}
	out->units.w[0] = p->units[0];
	out->units.w[1] = p->units[1];
}

int net_device_earned(struct net_money out[NET_MAX_TOKENS], const struct net_device *d, int64_t since)
{
	struct u256 sum[NET_MAX_TOKENS] = {{{0}}};
	int seen[NET_MAX_TOKENS] = {0}, n = 0;
	for (size_t i = d->nhistory; i-- > 0;) {
		const struct net_point *p = &d->history[i];
		if (p->day + 86400 <= since)
			break; /* oldest first: the rest is older */
		struct u256 v = {{p->units[0], p->units[1], 0, 0}}, r;
		if (p->unit >= d->nunits)
			continue;
		seen[p->unit] = 1;
		if (!u256_add(&r, &sum[p->unit], &v))
			sum[p->unit] = r;
	}
	for (int k = 0; k < d->nunits; k++)
		if (seen[k] && !net_money_set(&out[n], d->units[k].token, d->units[k].decimals, &sum[k]))
			n++;
	return n;
}

int net_device_add_point(struct net_device *d, int64_t day, const struct net_money *amount)
{
	if (amount->units.w[2] || amount->units.w[3])
		return ERR_USAGE;
	int unit = 0;
	while (unit < d->nunits && strcmp(d->units[unit].token, amount->token))
		unit++;
	if (unit < d->nunits && d->units[unit].decimals != amount->decimals)
		return ERR_USAGE;
	for (size_t i = d->nhistory; i-- > 0;) {
		struct net_point *p = &d->history[i];
		if (p->day == day && p->unit == unit) {
			uint64_t lo = p->units[0] + amount->units.w[0], carry = lo < p->units[0];
			uint64_t hi = p->units[1] + amount->units.w[1];
			if (hi < p->units[1] || hi + carry < hi)
				return ERR_USAGE;
			p->units[0] = lo;
			p->units[1] = hi + carry;
			return 0;
		}
	}
	if (unit == d->nunits) {
		if (unit == NET_MAX_TOKENS)
			return ERR_USAGE;
		memcpy(d->units[unit].token, amount->token, sizeof d->units[unit].token);
		d->units[unit].decimals = amount->decimals;
	}
	struct net_point *p = grow((void **)&d->history, &d->nhistory, sizeof *p);
	if (!p)
		return ERR_FAIL;
	if (unit == d->nunits)
		d->nunits++;
	p->day = day;
	p->units[0] = amount->units.w[0];
	p->units[1] = amount->units.w[1];
	p->unit = (uint8_t)unit;
	/* kept oldest first: the new point moves back past later days */
	for (size_t i = d->nhistory - 1; i > 0 && d->history[i - 1].day > d->history[i].day; i--) {
		struct net_point tmp = d->history[i];
		d->history[i] = d->history[i - 1];
		d->history[i - 1] = tmp;
	}
	return 0;
}

int net_device_copy(struct net_device *out, const struct net_device *in)
{
	*out = *in;
	out->history = NULL;
	out->nhistory = 0;
	if (!in->nhistory)
		return 0;
	if (!(out->history = malloc(in->nhistory * sizeof *in->history)))
		return ERR_FAIL;
	memcpy(out->history, in->history, in->nhistory * sizeof *in->history);
	out->nhistory = in->nhistory;
	return 0;
}

const char *net_status_name(enum net_status s)
{
	switch (s) {
	case NET_STATUS_ONLINE:
		return "online";
	case NET_STATUS_DEGRADED:
		return "degraded";
	case NET_STATUS_OFFLINE:
		return "offline";
	case NET_STATUS_UNKNOWN:
		break;
	}
	return "unknown";
}

const char *net_cap_name(unsigned bit_index)
{
	static const char *const names[NET_CAP_COUNT] = {"devices", "status", "location", "earnings",
							   "pending", "claim",   "stake",    "metrics"};
	return bit_index < NET_CAP_COUNT ? names[bit_index] : "?";
}

/* Digits at *p, exactly n of them, as a number; -1 when they are not there. */
static long digits(const char **p, int n)
{
	long v = 0;
	for (int i = 0; i < n; i++, (*p)++) {
		if (**p < '0' || **p > '9')
			return -1;
		v = v * 10 + (**p - '0');
	}
	return v;
}

int64_t net_iso_time(const char *s)
{
	if (!s)
		return 0;
	const char *p = s;
	long y = digits(&p, 4), mo = (*p == '-' && p++) ? digits(&p, 2) : -1, d = (*p == '-' && p++) ? digits(&p, 2) : -1;
	long h = 0, mi = 0, se = 0;
	if (y < 1970 || mo < 1 || mo > 12 || d < 1 || d > 31)
		return 0;
	if (*p == 'T' || *p == ' ') {
		p++;
		h = digits(&p, 2);
		mi = *p == ':' && p++ ? digits(&p, 2) : -1;
		se = *p == ':' && p++ ? digits(&p, 2) : 0;
		if (h < 0 || h > 23 || mi < 0 || mi > 59 || se < 0 || se > 60)
			return 0;
	}
	struct tm tm = {0};
	tm.tm_year = (int)y - 1900;
	tm.tm_mon = (int)mo - 1;
	tm.tm_mday = (int)d;
	tm.tm_hour = (int)h;
	tm.tm_min = (int)mi;
	tm.tm_sec = (int)se;
	return (int64_t)timegm(&tm);
}

const char *net_ago(char *out, size_t size, int64_t when, int64_t now)
{
	if (!when) {
		snprintf(out, size, "-");
		return out;
	}
	int64_t s = now - when;
	if (s < 0)
		s = 0;
	if (s < 120)
		snprintf(out, size, "%llds", (long long)s);
	else if (s < 7200)
		snprintf(out, size, "%lldm", (long long)(s / 60));
	else if (s < 172800)
		snprintf(out, size, "%lldh", (long long)(s / 3600));
	else
		snprintf(out, size, "%lldd", (long long)(s / 86400));
	return out;
}
