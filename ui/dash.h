/* The dashboard's shared state: the fleet model the screens read (fleet.c),
 * the screens (screen-*.c), the widgets (widgets.c), the keys (keymap.c),
 * alerts (alert.c), claims (claim.c) and the event loop (dash.c). */
#ifndef DEPINCTL_UI_DASH_H
#define DEPINCTL_UI_DASH_H

#include <stddef.h>
#include <stdint.h>
#include "ctx.h"
#include "networks/network.h"

struct store;

/* One network: its refresh task, the figures in flight and the last good ones. */
struct dash_net {
	const struct net_adapter *a;
	int what;                     /* NET_REFRESH_* this network refreshes */
	struct net_task task;
	int running;
	struct net_result cur;        /* being filled */
	struct net_result last;       /* the last good figures (a refresh or the store) */
	int have_last;
	int64_t last_ok;              /* when the last good figures were true */
	int64_t last_try, next_due;
	int interval;                 /* seconds between refreshes */
	int failed;                   /* the latest refresh failed: figures are stale */
	char err[600];
	size_t requests;              /* of the latest refresh */
	int64_t took_ms;
	int64_t started_ms;
	/* totals (dash_fleet_rebuild) */
	size_t ndev, noff;
	double usd24, usd30, usd_pending;
	struct net_money tok24, tok30, tokpend;
	int has_tok, has_pend;
};

/* A row of the fleet table. */
struct dash_row {
	struct dash_net *net;
	const struct net_device *d;
	struct net_money e24, e7, e30, pending; /* the first token's */
	int has_e;
	double usd24, usd7, usd30, usd_pending; /* < 0: no price */
	int alert;                    /* offline past the threshold */
};

enum dash_screen { SCR_FLEET, SCR_DEVICE, SCR_WALLET, SCR_NETWORKS, SCR_HELP, SCR_COUNT };

/* Fleet columns, in the order shown and sorted by. */
enum dash_col {
	COL_NETWORK, COL_NAME, COL_STATUS, COL_LOCATION, COL_ACTIVE, COL_E24, COL_E7, COL_E30, COL_USD24,
	COL_PENDING, COL_COUNT
};

struct dash_alert_state {
	char (*keys)[NET_NAME_MAX + 130]; /* network/id of devices already reported */
	size_t n, cap;
};

struct dash {
	struct ctx *ctx;
	struct net_env env;
	struct store *store;          /* NULL: none (the demo without a data folder) */
	char store_tmp[4096];         /* the demo's session store, removed on exit */
	int demo;
	char demo_dir[4096];
	const char *on_alert;
	int offline_after;            /* minutes */
	struct dash_net *nets;
	size_t nnets;
	/* the fleet table */
	struct dash_row *rows;
	size_t nrows, cap_rows;
	size_t total_devices, total_offline, total_alerts;
	double total_usd24, total_usd30, total_usd_pending;
	int sort_col, sort_desc;
	char filter[64];
	int filtering;                /* typing the filter */
	size_t sel, top;              /* the selected row, the first shown */
	int picked;                   /* the user moved the selection: keep it on its device */
	char sel_net[NET_NAME_MAX], sel_id[128]; /* the selected device (rows may point at released figures) */
	/* the device screen */
	char dev_net[NET_NAME_MAX], dev_id[128];
	int chart_bucket;             /* 0 days, 1 weeks, 2 months */
	enum dash_screen screen, prev_screen;
	size_t scroll;                /* other screens' first line */
	int color, quit, dirty, changed;
	char message[600];            /* a one-off line in the status bar */
	int64_t message_until;
	struct dash_alert_state alerts;
	/* figures for the bench */
	int64_t last_frame_us;
};

/* fleet.c */
int64_t dash_now(const struct dash *d);
int dash_fleet_init(struct dash *d, struct error *e) WUR;
void dash_fleet_release(struct dash *d);
/* Starts the refreshes that are due (all with force). */
void dash_fleet_start_due(struct dash *d, int force);
/* Milliseconds until the next refresh is due (-1: none). */
long dash_fleet_next_ms(const struct dash *d);
void dash_fleet_rebuild(struct dash *d);
const struct dash_row *dash_selected(const struct dash *d);
/* Notes the selected row's device (while the rows are valid). */
void dash_remember_sel(struct dash *d);
const struct net_device *dash_find_device(const struct dash *d, struct dash_net **net);
/* nano-USD per token from the figures known (0 when none). */
uint64_t dash_price(const struct dash *d, const char *token);
int dash_running(const struct dash *d);
void dash_money_short(char *out, size_t size, const struct net_money *m, int with_token);

/* alert.c */
void dash_alerts_check(struct dash *d);
void dash_alerts_release(struct dash *d);

/* widgets.c */
enum { PAIR_HEAD = 1, PAIR_SEL, PAIR_OFF, PAIR_DEG, PAIR_OK, PAIR_STALE, PAIR_BAR, PAIR_DIALOG, PAIR_CHART };
void w_init_colors(struct dash *d);
void w_text(int y, int x, int width, const char *s);
void w_fill(int y, int x, int width);
void w_attr_on(const struct dash *d, int pair, int attrs);
void w_attr_off(const struct dash *d, int pair, int attrs);
/* A sparkline of n values into width cells. */
void w_sparkline(int y, int x, int width, const double *v, size_t n);
/* A bar chart of n values in the box (block characters, eighths). */
void w_bars(const struct dash *d, int y, int x, int height, int width, const double *v, size_t n);
/* A centred box with a title and lines of text; returns its window's top line. */
void w_dialog(const struct dash *d, const char *title, const char *text, const char *keys);
/* Asks a line in a dialog (no echo when secret); 0 entered, -1 cancelled. */
int w_ask(const struct dash *d, const char *title, const char *question, char *out, size_t size, int secret);
void w_status(struct dash *d);
/* Waits for a key (dialogs). */
int w_wait_key(void);

/* screen-*.c */
void scr_fleet(struct dash *d);
void scr_device(struct dash *d);
void scr_wallet(struct dash *d);
void scr_networks(struct dash *d);
void scr_help(struct dash *d);
void scr_release(void);
int scr_fleet_rows(void);
void scr_tabs(struct dash *d);
long scr_fleet_row_at(const struct dash *d, int y);            /* table lines shown */
extern const char *const dash_col_names[COL_COUNT];

/* keymap.c */
void dash_key(struct dash *d, int ch);

/* claim.c */
void dash_claim(struct dash *d);

/* bench.c */
int dash_bench_synth(struct dash *d, struct error *e) WUR;

/* dash.c */
void dash_draw(struct dash *d);

#endif
