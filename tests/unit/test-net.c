/* The adapter engine (src/networks/net.c) and the replay of recorded
 * responses: a test adapter's steps run over the replay of
 * tests/fixtures/net and, the same, over HTTP against the fixture server
 * (tests/fixtures/server.js) serving that folder. Both paths must give the
 * same figures; error shapes give the errors the adapters report. */
#include "config.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "networks/network.h"
#include "networks/replay.h"
#include "tap.h"

static char api[256] = "https://api.example.com";
static char rpc_url[256] = "https://rpc.example.com/";

static int step_main(struct net_task *t)
{
	const char *base = net_setting(t, "api");
	char url[512];
	const char *const auth[] = {"Authorization: Bearer t0ken", NULL};
	const char *const rpcs[] = {rpc_url};
	switch (t->stage++) {
	case 0: {
		/* lists handed out stay put while later ones are made */
		const char *const *ids, *const *urls, *const *more;
		size_t ni = net_device_ids(t, &ids), nu = net_rpc_urls(t, "solana", &urls);
		size_t nm = net_device_ids(t, &more);
		if (ni != 2 || nm != 2 || nu < 1 || strcmp(ids[0], "a") || strcmp(ids[1], "b") || strcmp(more[1], "b"))
			return net_fail(t, ERR_FAIL, "lists: %zu %zu %zu", ni, nu, nm);
	}
		snprintf(url, sizeof url, "%s/v1/devices", base);
		net_get_tag(t, 1, url, auth);
		snprintf(url, sizeof url, "%s/v1/rewards", base);
		net_post_tag(t, 2, url, NULL, "{\"ids\":[\"dev-1\"]}");
		net_rpc_tag(t, 3, rpcs, 1, "getBalance", cJSON_Parse("[\"Owner1\"]"));
		snprintf(url, sizeof url, "%s/v1/flaky", base);
		net_get_tag(t, 4, url, NULL);
		snprintf(url, sizeof url, "%s/v1/page?n=2", base);
		net_get_tag(t, 5, url, NULL);
		snprintf(url, sizeof url, "%s/v1/page?n=1", base);
		net_get_tag(t, 6, url, NULL);
		return t->out->code ? t->out->code : NET_WAIT;
	case 1: {
		if (t->nreqs != 6)
			return net_fail(t, ERR_FAIL, "%zu requests answered", t->nreqs);
		for (size_t i = 0; i < t->nreqs; i++)
			if (t->reqs[i]->tag != (long)i + 1)
				return net_fail(t, ERR_FAIL, "request %zu has tag %ld", i, t->reqs[i]->tag);
		struct net_req *dev = t->reqs[0], *rew = t->reqs[1], *bal = t->reqs[2], *flaky = t->reqs[3];
		if (dev->code)
			return net_fail_req(t, dev);
		if (rew->code)
			return net_fail_req(t, rew);
		if (bal->code)
			return net_fail_req(t, bal);
		if (!flaky->code || flaky->status != 500)
			return net_fail(t, ERR_FAIL, "flaky answered %ld first", flaky->status);
		const cJSON *v = cJSON_GetObjectItemCaseSensitive(bal->json, "value");
		uint64_t lamports = 0;
		if (!cJSON_IsString(v) || strcmp(v->valuestring, "18446744073709551615"))
			return net_fail(t, ERR_FAIL, "u64 not kept exact");
		(void)lamports;
		const cJSON *d;
		cJSON_ArrayForEach(d, dev->json) {
			struct net_device *x = net_result_device(t->out);
			snprintf(x->id, sizeof x->id, "%s", cJSON_GetObjectItem(d, "id")->valuestring);
			snprintf(x->name, sizeof x->name, "%s", cJSON_GetObjectItem(d, "name")->valuestring);
			x->status = cJSON_IsTrue(cJSON_GetObjectItem(d, "online")) ? NET_STATUS_ONLINE : NET_STATUS_OFFLINE;
			x->status_since = (int64_t)cJSON_GetObjectItem(d, "since")->valuedouble;
			const cJSON *amt = cJSON_GetObjectItem(rew->json, x->id);
			if (cJSON_IsString(amt)) {
				struct net_money m;
				struct error e = {0};
				if (net_money_parse(&m, "TOK", 2, amt->valuestring, &e) || net_device_add_pending(x, &m))
					return net_fail(t, ERR_FAIL, "pending");
			}
		}
		if (cJSON_GetObjectItem(t->reqs[4]->json, "page")->valueint != 2 ||
		    cJSON_GetObjectItem(t->reqs[5]->json, "page")->valueint != 1)
			return net_fail(t, ERR_FAIL, "pages");
		snprintf(url, sizeof url, "%s/v1/flaky", base);
		net_get(t, url, NULL);
		return NET_WAIT;
	}
	case 2:
		if (t->reqs[0]->code || !cJSON_IsTrue(cJSON_GetObjectItem(t->reqs[0]->json, "ok")))
			return net_fail(t, ERR_FAIL, "flaky did not recover");
		return NET_DONE;
	}
	return net_fail(t, ERR_FAIL, "stage %d", t->stage);
}

static const char *which = "";

static int step_errors(struct net_task *t)
{
	const char *const rpcs[] = {rpc_url};
	char url[512];
	if (!strcmp(which, "nothing"))
		return NET_WAIT; /* submits nothing, forever */
	if (!strcmp(which, "partial")) {
		struct net_device *d = net_result_device(t->out);
		snprintf(d->id, sizeof d->id, "half");
		return net_fail(t, ERR_NET, "the second source failed");
	}
	if (t->stage++ == 0) {
		if (!strcmp(which, "rpc-error"))
			net_rpc(t, rpcs, 1, "getSlot", NULL);
		else if (!strcmp(which, "rpc-id"))
			net_rpc(t, rpcs, 1, "getEpochInfo", NULL);
		else if (!strcmp(which, "401")) {
			snprintf(url, sizeof url, "%s/v1/devices", net_setting(t, "api"));
			net_get(t, url, NULL);
		} else if (!strcmp(which, "404")) {
			snprintf(url, sizeof url, "%s/v1/nothing", net_setting(t, "api"));
			net_get(t, url, NULL);
		} else if (!strcmp(which, "refused")) {
			net_get(t, "ftp://example.com/x", NULL);
		}
		return t->out->code ? t->out->code : NET_WAIT;
	}
	return net_fail_req(t, t->reqs[0]);
}

static int step_metrics(struct net_task *t)
{
	net_result_metric(t->out, "devices_active", "Active devices", 42, "devices", "test");
	net_result_price(t->out, "TOK", 1500000000, "test");
	return NET_DONE;
}

static const struct net_setting settings[] = {{"api", "https://api.example.com", "the API"}, {NULL, NULL, NULL}};

static const struct net_adapter test_adapter = {
	.name = "nettest", .title = "Net test", .chain = "solana", .family = "solana", .token = "TOK",
	.caps = NET_CAP_DEVICES | NET_CAP_METRICS, .settings = settings,
	.refresh = step_main, .metrics = step_metrics,
};
static const struct net_adapter error_adapter = {
	.name = "neterr", .title = "Net errors", .settings = settings, .refresh = step_errors,
};

static int run_one(struct net_env *env, const struct net_adapter *a, int what, struct net_result *r)
{
	struct net_task t;
	struct error e = {0};
	net_result_init(r, a->name);
	if (net_task_start(&t, env, a, what, r, NULL, NULL, &e))
		return -1;
	int rc = net_run(env);
	net_task_release(&t);
	return rc;
}

static void check_main(struct net_env *env, const char *how)
{
	struct net_result r;
	int64_t now = (int64_t)time(NULL);
	is_int(run_one(env, &test_adapter, NET_REFRESH_DEVICES | NET_REFRESH_METRICS, &r), 0, "%s: ran", how);
	is_int(r.code, 0, "%s: no failure (%s)", how, r.err.msg);
	is_int((int)r.ndevices, 2, "%s: two devices", how);
	is_int((int)r.requests, 7, "%s: seven requests", how);
	ok(r.bytes > 100, "%s: reply bytes counted", how);
	if (r.ndevices == 2) {
		is_str(r.devices[0].name, "Roof", "%s: name", how);
		is_str(r.devices[0].network, "nettest", "%s: network set", how);
		is_int(r.devices[0].status, NET_STATUS_ONLINE, "%s: online", how);
		is_int(r.devices[1].status, NET_STATUS_OFFLINE, "%s: offline", how);
		is_str(r.devices[1].name, "Barn?]0;owned?", "%s: a server's escape sequence is defused", how);
		ok(r.devices[0].status_since >= now - 3600 - 5 && r.devices[0].status_since <= now - 3600 + 5,
		   "%s: ${ago:3600} is an hour ago", how);
		is_int(r.devices[0].npending, 1, "%s: pending", how);
		if (r.devices[0].npending) {
			/* ${grow:1000:100}: 1000 + 100 per day since 2026-01-01 */
			long long want = 1000 + 100LL * ((long long)now - 1767225600) / 86400;
			char amt[80], exp[80];
			net_money_format(amt, sizeof amt, &r.devices[0].pending[0]);
			snprintf(exp, sizeof exp, "%lld", want);
			is_str(amt, exp, "%s: the growing figure", how);
		}
	}
	is_int((int)r.nmetrics, 1, "%s: the metrics step ran after the devices", how);
	is_int((int)r.nprices, 1, "%s: a price", how);
	net_result_release(&r);
}

static void check_error(struct net_env *env, const char *how, const char *what, int code, const char *text)
{
	struct net_result r;
	which = what;
	(void)run_one(env, &error_adapter, NET_REFRESH_DEVICES, &r);
	is_int(r.code, code, "%s %s: code", how, what);
	is_int((int)r.ndevices, 0, "%s %s: no partial figures", how, what);
	ok(strstr(r.err.msg, text) != NULL, "%s %s: '%s' in '%s'", how, what, text, r.err.msg);
	ok(strncmp(r.err.msg, "neterr: ", 8) == 0, "%s %s: names the network", how, what);
	net_result_release(&r);
}

static void check_errors(struct net_env *env, const char *how)
{
	check_error(env, how, "rpc-error", ERR_NET, "-32005");
	check_error(env, how, "rpc-error", ERR_NET, "node is behind");
	check_error(env, how, "rpc-id", ERR_NET, "id");
	check_error(env, how, "401", ERR_NET, "401");
	check_error(env, how, "401", ERR_NET, "invalid token");
	check_error(env, how, "404", ERR_NET, "404");
	check_error(env, how, "nothing", ERR_FAIL, "waits for nothing");
	check_error(env, how, "partial", ERR_NET, "second source");
	if (!strcmp(how, "http"))
		check_error(env, how, "refused", ERR_USAGE, "ftp");
}

static pid_t server_pid = -1;
static int server_in = -1;

static int start_server(const char *folder)
{
	const char *srcdir = getenv("srcdir");
	char path[1024], line[64];
	int in[2], out[2];
	snprintf(path, sizeof path, "%s/tests/fixtures/server.js", srcdir ? srcdir : ".");
	if (pipe(in) || pipe(out))
		return -1;
	fflush(stdout);
	server_pid = fork();
	if (server_pid == 0) {
		dup2(in[0], 0);
		dup2(out[1], 1);
		close(in[0]);
		close(in[1]);
		close(out[0]);
		close(out[1]);
		execlp("node", "node", path, "--exit-on-stdin-close", folder, (char *)NULL);
		_exit(127);
	}
	close(in[0]);
	close(out[1]);
	server_in = in[1];
	size_t n = 0;
	struct pollfd p = {.fd = out[0], .events = POLLIN};
	while (n < sizeof line - 1 && poll(&p, 1, 10000) == 1) {
		ssize_t k = read(out[0], line + n, 1);
		if (k <= 0 || line[n] == '\n')
			break;
		n++;
	}
	line[n] = '\0';
	close(out[0]);
	return atoi(line);
}

static void stop_server(void)
{
	if (server_in >= 0)
		close(server_in);
	if (server_pid > 0) {
		for (int i = 0; i < 100 && waitpid(server_pid, NULL, WNOHANG) == 0; i++)
			usleep(20000);
		if (kill(server_pid, 0) == 0) {
			kill(server_pid, SIGTERM);
			waitpid(server_pid, NULL, 0);
		}
	}
}

static void test_paths(void)
{
	char p[512];
	net_replay_path(p, sizeof p, "https://api.example.com/v1/x?y=1");
	is_str(p, "/api.example.com/v1/x?y=1", "path: host kept, query kept");
	net_replay_path(p, sizeof p, "https://user:pw@api.example.com:8443");
	is_str(p, "/api.example.com/", "path: credentials and port dropped");
	net_replay_path(p, sizeof p, "http://127.0.0.1:8899/api.example.com/v1");
	is_str(p, "/api.example.com/v1", "path: loopback keeps its path");
	net_replay_path(p, sizeof p, "http://localhost:1/");
	is_str(p, "/", "path: loopback root");
	size_t len;
	const char *in = "a ${now} b ${date_ago:1} ${unknown} ${ $ ${grow:5:0}";
	char *x = net_replay_expand(in, strlen(in), 1767312000, &len);
	is_str(x, "a 1767312000 b 2026-01-01 ${unknown} ${ $ 5", "expand: placeholders, unknown ones kept");
	free(x);
	in = "${iso_ago:60}${ago:-10}";
	x = net_replay_expand(in, strlen(in), 1767312000, &len);
	is_str(x, "2026-01-01T23:59:00Z1767312010", "expand: iso and negative ago");
	free(x);
}

static void test_model(void)
{
	struct net_device d;
	struct net_money m, h;
	struct error e = {0};
	memset(&d, 0, sizeof d);
	ok(!net_money_parse(&m, "HNT", 8, "1.5", &e), "money: parse");
	ok(!net_device_add_point(&d, 86400 * 3, &m), "history: day 3");
	ok(!net_device_add_point(&d, 86400 * 1, &m), "history: day 1");
	ok(!net_device_add_point(&d, 86400 * 3, &m), "history: day 3 again merges");
	is_int((int)d.nhistory, 2, "history: two days");
	ok(d.nhistory == 2 && d.history[0].day == 86400, "history: oldest first");
	char amt[80];
	struct net_money pm;
	net_point_money(&pm, &d, &d.history[1]);
	net_money_format(amt, sizeof amt, &pm);
	is_str(amt, "3", "history: merged amount exact");
	{
		/* the compact points: 128 bits a day, four tokens, one decimals each */
		struct net_device x;
		struct net_money big, one, earned[NET_MAX_TOKENS];
		struct u256 v;
		char t[80];
		memset(&x, 0, sizeof x);
		ok(!u256_parse_dec(&v, "340282366920938463463374607431768211455", &e) &&
			   !net_money_set(&big, "GLW", 18, &v) && !net_device_add_point(&x, 86400, &big),
		   "history: 2^128 - 1 base units in a day");
		ok(!net_money_set_u64(&one, "GLW", 18, 1) && net_device_add_point(&x, 86400, &one) == ERR_USAGE,
		   "history: a day's sum past 128 bits refused");
		ok(!u256_parse_dec(&v, "340282366920938463463374607431768211456", &e) &&
			   !net_money_set(&big, "GLW", 18, &v) && net_device_add_point(&x, 2 * 86400, &big) == ERR_USAGE,
		   "history: 2^128 base units refused");
		ok(!net_money_set_u64(&one, "GLW", 6, 1) && net_device_add_point(&x, 2 * 86400, &one) == ERR_USAGE,
		   "history: the same token in other decimals refused");
		static const char *const toks[] = {"A", "B", "C"};
		for (int k = 0; k < 3; k++)
			ok(!net_money_set_u64(&one, toks[k], 2, 100 + (uint64_t)k) &&
				   !net_device_add_point(&x, 3 * 86400, &one),
			   "history: token %s", toks[k]);
		ok(!net_money_set_u64(&one, "E", 2, 1) && net_device_add_point(&x, 3 * 86400, &one) == ERR_USAGE,
		   "history: a fifth token refused");
		is_int(x.nunits, 4, "history: four units");
		is_int((int)x.nhistory, 4, "history: four points");
		is_int(net_device_earned(earned, &x, 3 * 86400 + 1), 3, "earned: the last day's three tokens");
		net_money_format(t, sizeof t, &earned[2]);
		ok(!strcmp(earned[2].token, "C") && earned[2].decimals == 2 && !strcmp(t, "1.02"), "earned: C 1.02 (%s)", t);
		is_int(net_device_earned(earned, &x, 0), 4, "earned: all four");
		net_money_format(t, sizeof t, &earned[0]);
		is_str(t, "340282366920938463463.374607431768211455", "earned: exact past 64 bits");
		net_device_release(&x);
	}
	ok(!net_money_parse(&h, "IOT", 6, "2", &e), "money: another token");
	ok(!net_device_add_pending(&d, &m) && !net_device_add_pending(&d, &h) && !net_device_add_pending(&d, &m),
	   "pending: two tokens");
	is_int(d.npending, 2, "pending: merged by token");
	struct net_money bad = m;
	bad.decimals = 6;
	ok(net_money_add(&m, &bad) != 0, "money: other decimals refused");
	ok(net_money_parse(&m, "HNT", 8, "1.000000001", &e) != 0, "money: more decimals than the token refused");
	ok(net_money_usd(&h, 2500000000ULL) > 4.99 && net_money_usd(&h, 2500000000ULL) < 5.01, "money: USD");
	struct net_device c;
	ok(!net_device_copy(&c, &d) && c.history != d.history && c.nhistory == 2, "copy: deep");
	net_device_release(&c);
	net_device_release(&d);
	is_str(net_status_name(NET_STATUS_DEGRADED), "degraded", "status names");
	is_str(net_cap_name(7), "metrics", "capability names");
}

int main(void)
{
	const char *srcdir = getenv("srcdir");
	char folder[1024];
	snprintf(folder, sizeof folder, "%s/tests/fixtures/net", srcdir ? srcdir : ".");
	struct conf conf;
	struct error e = {0};
	test_paths();
	test_model();

	/* the replay */
	if (conf_load(&conf, NULL, 0, &e))
		return 1;
	struct conf_setting *ds = &conf.settings[conf.nsettings++];
	snprintf(ds->section, sizeof ds->section, "nettest");
	snprintf(ds->key, sizeof ds->key, "devices");
	snprintf(ds->value, sizeof ds->value, "a, b");
	struct net_env env;
	ok(!net_env_init(&env, &conf, NULL, 0, &e), "env");
	ok(!net_env_replay(&env, folder, &e), "replay loaded: %s", e.msg);
	check_main(&env, "replay");
	check_errors(&env, "replay");
	net_env_release(&env);
	ok(net_env_init(&env, &conf, NULL, 0, &e) == 0 && net_env_replay(&env, "/nonexistent", &e) == ERR_NOTFOUND,
	   "replay: a missing folder is named");
	net_env_release(&env);

	/* the same over HTTP against the fixture server */
	int port = start_server(folder);
	ok(port > 0, "fixture server started");
	if (port > 0) {
		snprintf(api, sizeof api, "http://127.0.0.1:%d/api.example.com", port);
		snprintf(rpc_url, sizeof rpc_url, "http://127.0.0.1:%d/rpc.example.com/", port);
		conf.nsettings = 1; /* the devices setting stays */
		struct conf_setting *s = &conf.settings[conf.nsettings++];
		snprintf(s->section, sizeof s->section, "nettest");
		snprintf(s->key, sizeof s->key, "api");
		snprintf(s->value, sizeof s->value, "%s", api);
		conf.settings[conf.nsettings] = *s;
		snprintf(conf.settings[conf.nsettings++].section, sizeof s->section, "neterr");
		ok(!net_env_init(&env, &conf, NULL, 0, &e), "env over http");
		env.http.max_tries = 1; /* the flaky route's 500 reaches the adapter */
		check_main(&env, "http");
		check_errors(&env, "http");
		net_env_release(&env);
	}
	stop_server();
	return tap_done();
}
