/* `depinctl dash`: the event loop. One poll() waits on the keyboard and the
 * engine's sockets together; its timeout is the engine's, the next refresh
 * due, or a slow tick for the ages shown. Nothing blocks but a claim. */
#include "config.h"

#include <curses.h>
#include <errno.h>
#include <locale.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "commands.h"
#include "opts.h"
#include "store.h"
#include "networks/demo.h"
#include "ui/dash.h"
#include "clock.h"

enum { O_DEMO = 1, O_ON_ALERT, O_OFFLINE_AFTER };
static const struct opt dash_opts[] = {
	{"demo", 0, 0, O_DEMO}, {"on-alert", 0, 1, O_ON_ALERT}, {"offline-after", 0, 1, O_OFFLINE_AFTER}, {NULL, 0, 0, 0}};

static int dash_opt(void *user, int id, const char *value, struct error *e)
{
	struct dash *d = user;
	unsigned v;
	switch (id) {
	case O_DEMO: d->demo = 1; break;
	case O_ON_ALERT:
		if (!*value)
			return error_set(e, ERR_USAGE, "dash: --on-alert needs a command");
		d->on_alert = value;
		break;
	case O_OFFLINE_AFTER:
		if (opts_u32(&v, "--offline-after", value, e))
			return ERR_USAGE;
		if (v < 1 || v > 525600)
			return error_set(e, ERR_USAGE, "dash: --offline-after '%s': minutes from 1 to 525600", value);
		d->offline_after = (int)v;
		break;
	}
	return 0;
}

void dash_draw(struct dash *d)
{
	int64_t t0 = mono_ms();
	erase();
	switch (d->screen) {
	case SCR_FLEET: scr_fleet(d); break;
	case SCR_DEVICE: scr_device(d); break;
	case SCR_WALLET: scr_wallet(d); break;
	case SCR_NETWORKS: scr_networks(d); break;
	default: scr_help(d); break;
	}
	w_status(d);
	d->last_frame_us = (mono_ms() - t0) * 1000;
}

static void screen_start(struct dash *d, int bench)
{
	if (bench) {
		/* the bench draws into a terminal of its own on /dev/null */
		// cppcheck-suppress incompatibleFileOpen ; /dev/null, read and written on purpose
		FILE *out = fopen("/dev/null", "w"), *in = fopen("/dev/null", "r");
		newterm("xterm-256color", out, in);
		resize_term(50, 200);
	} else {
		initscr();
	}
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	curs_set(0);
	set_escdelay(25);
	mousemask(BUTTON1_CLICKED | BUTTON1_DOUBLE_CLICKED | BUTTON4_PRESSED
#ifdef BUTTON5_PRESSED
			  | BUTTON5_PRESSED
#endif
		  ,
		  NULL);
	mouseinterval(200);
	w_init_colors(d);
}

static int open_store(struct dash *d)
{
	struct error e = {0};
	if (!d->demo)
		return store_open(&d->store, d->ctx->home, &e) ? (snprintf(d->message, sizeof d->message,
									    "history store: %.200s", e.msg),
								   d->message_until = dash_now(d) + 10, 0)
							: 0;
	/* the demo keeps its history for the session only */
	const char *tmp = getenv("TMPDIR");
	snprintf(d->store_tmp, sizeof d->store_tmp, "%s/depinctl-demo-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(d->store_tmp)) {
		d->store_tmp[0] = '\0';
		return 0;
	}
	char path[4200];
	snprintf(path, sizeof path, "%s/history.db", d->store_tmp);
	if (store_open_path(&d->store, path, &e))
		d->store = NULL;
	return 0;
}

static void close_store(struct dash *d)
{
	if (d->store)
		store_close(d->store);
	d->store = NULL;
	if (d->store_tmp[0]) {
		static const char *const files[] = {"history.db", "history.db-wal", "history.db-shm",
						    "history.db-journal"};
		char p[4300];
		for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
			snprintf(p, sizeof p, "%s/%s", d->store_tmp, files[i]);
			unlink(p);
		}
		rmdir(d->store_tmp);
	}
}

static void read_keys(struct dash *d)
{
	int ch;
	while (!d->quit && (ch = getch()) != ERR)
		dash_key(d, ch);
}

/* One round of the loop: wait (at most max_ms), then keys and replies. */
static void loop_once(struct dash *d, long max_ms, int keyboard)
{
	struct pollfd fds[512];
	size_t n = 0;
	if (keyboard)
		fds[n++] = (struct pollfd){.fd = STDIN_FILENO, .events = POLLIN};
	size_t k = net_fds(&d->env, fds + n, sizeof fds / sizeof fds[0] - n);
	long t = net_timeout_ms(&d->env), nx = dash_fleet_next_ms(d);
	long wait = max_ms;
	if (t >= 0 && t < wait)
		wait = t;
	if (nx >= 0 && nx < wait)
		wait = nx;
	int rc = poll(fds, n + k, (int)wait);
	if (keyboard && (rc < 0 ? errno == EINTR : (fds[0].revents & (POLLIN | POLLHUP)) != 0))
		read_keys(d);
	(void)net_perform(&d->env, fds + n, k);
	if (keyboard && (fds[0].revents & (POLLHUP | POLLERR | POLLNVAL)))
		d->quit = 1;
}

/* DEPINCTL_DASH_BENCH=FRAMES: one full refresh, then FRAMES frames of the
 * fleet screen; the figures as one JSON line on stderr. */
static void bench(struct dash *d, long frames)
{
	int64_t t0 = mono_ms();
	dash_fleet_start_due(d, 1);
	while (dash_running(d))
		loop_once(d, 100, 0);
	int64_t refresh_ms = mono_ms() - t0;
	size_t requests = 0, devices = d->total_devices;
	for (size_t i = 0; i < d->nnets; i++)
		requests += d->nets[i].requests;
	struct timespec a, b;
	clock_gettime(CLOCK_MONOTONIC, &a);
	for (long i = 0; i < frames; i++) {
		d->sel = (size_t)(i * 37) % (d->nrows ? d->nrows : 1);
		dash_draw(d);
		wnoutrefresh(stdscr);
		doupdate();
	}
	clock_gettime(CLOCK_MONOTONIC, &b);
	double us = ((double)(b.tv_sec - a.tv_sec) * 1e9 + (double)(b.tv_nsec - a.tv_nsec)) / 1e3 / (double)frames;
	int64_t r0 = mono_ms();
	dash_fleet_rebuild(d);
	int64_t rebuild_ms = mono_ms() - r0;
	endwin();
	fprintf(stderr,
		"{\"devices\": %zu, \"refresh_ms\": %lld, \"requests\": %zu, \"frame_us\": %.1f, \"frames\": %ld, "
		"\"rebuild_ms\": %lld}\n",
		devices, (long long)refresh_ms, requests, us, frames, (long long)rebuild_ms);
}

int cmd_dash(int argc, char **argv, struct ctx *ctx)
{
	struct dash d;
	memset(&d, 0, sizeof d);
	d.ctx = ctx;
	d.offline_after = 60;
	char *pos[1];
	int npos, rc;
	if ((rc = opts_parse(ctx, "dash", argc - 1, argv + 1, dash_opts, dash_opt, &d, pos, &npos, 0)))
		return rc;
	const char *bench_env = getenv("DEPINCTL_DASH_BENCH");
	long frames = bench_env ? strtol(bench_env, NULL, 10) : 0;
	if (!frames && (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)))
		return error_set(&ctx->err, ERR_USAGE, "dash needs a terminal (see: depinctl devices for a table)");
	const char *net = ctx->network;
	ctx->network = NULL;
	rc = opts_load_conf(ctx);
	ctx->network = net;
	if (rc || (rc = net_conf_check(&ctx->conf, &ctx->err)))
		return rc;
	for (const char *p = net; p && *p;) {
		char name[NET_NAME_MAX + 1];
		size_t len = strcspn(p, ",");
		snprintf(name, sizeof name, "%.*s", (int)(len < NET_NAME_MAX ? len : NET_NAME_MAX), p);
		if (strcmp(name, "prices") && strcmp(name, "balances") && !net_adapter_find(name))
			return error_set(&ctx->err, ERR_USAGE, "unknown network '%s' (see: depinctl networks)", name);
		p += len + (p[len] == ',');
	}
	if ((rc = net_env_init(&d.env, &ctx->conf, d.demo ? NULL : ctx->home, ctx->insecure, &ctx->err)))
		return rc;
	if (d.demo && ((rc = net_demo_folder(d.demo_dir, sizeof d.demo_dir, &ctx->err)) ||
		       (rc = net_demo_setup(&d.env, &ctx->conf, &ctx->err)))) {
		net_env_release(&d.env);
		return rc;
	}
	(void)open_store(&d);
	if ((rc = dash_fleet_init(&d, &ctx->err)) || (rc = dash_bench_synth(&d, &ctx->err))) {
		dash_fleet_release(&d);
		close_store(&d);
		net_env_release(&d.env);
		return rc;
	}
	setlocale(LC_ALL, "");
	screen_start(&d, frames > 0);
	if (frames > 0) {
		bench(&d, frames);
	} else {
		d.dirty = 1;
		int64_t last_alerts = 0, last_draw = mono_ms();
		while (!d.quit) {
			dash_fleet_start_due(&d, 0);
			int64_t now = dash_now(&d);
			if (now - last_alerts >= 60 || d.changed) {
				d.changed = 0;
				dash_alerts_check(&d);
				last_alerts = now;
			}
			if (d.dirty) {
				dash_draw(&d);
				refresh();
				d.dirty = 0;
				last_draw = mono_ms();
			}
			/* the ages shown move: a slow tick redraws them */
			loop_once(&d, 5000 - (long)(mono_ms() - last_draw), 1);
			if (mono_ms() - last_draw >= 4990 || dash_running(&d))
				d.dirty = 1;
		}
		endwin();
	}
	dash_fleet_release(&d);
	dash_alerts_release(&d);
	scr_release();
	close_store(&d);
	net_env_release(&d.env);
	return 0;
}
