/* The engine the adapters run on: tasks whose step functions submit HTTP
 * and JSON-RPC requests on one shared libcurl multi handle (or on the replay
 * of recorded responses), and are called again once every request of the
 * step has its answer. Steps never run inside libcurl's callbacks: an
 * answered task is marked ready and stepped from net_perform / net_run. */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/stat.h>
#include <sqlite3.h>

#include "jsonrpc.h"
#include "networks/network.h"
#include "networks/balances.h"
#include "networks/prices.h"
#include "networks/replay.h"
#include "wallet/keystore.h"

#define MAX_IDLE_STEPS 1000 /* steps in a row that submit nothing */

/* ---- the environment ------------------------------------------------------ */

static int owners_add(char ***list, size_t *n, const char *addr)
{
	if (!addr || !*addr)
		return 0;
	for (size_t i = 0; i < *n; i++)
		if (!strcmp((*list)[i], addr))
			return 0;
	char **l = realloc(*list, (*n + 1) * sizeof *l);
	if (!l)
		return ERR_FAIL;
	*list = l;
	if (!(l[*n] = strdup(addr)))
		return ERR_FAIL;
	(*n)++;
	return 0;
}

int net_env_init(struct net_env *env, const struct conf *conf, const char *home, int insecure, struct error *e)
{
	memset(env, 0, sizeof *env);
	env->conf = conf;
	env->home = home;
	env->insecure = insecure;
	env->max_requests = 100000;
	int rc = http_client_init(&env->http, e);
	if (rc)
		return rc;
	env->http.insecure = insecure;
	if (!home)
		return 0;
	struct key_info *keys = NULL;
	size_t n = 0;
	struct error scratch;
	if (keystore_list(&keys, &n, home, &scratch))
		return 0; /* no keystore yet: no owners from it */
	for (size_t i = 0; i < n && !rc; i++)
		if (owners_add(&env->solana_owners, &env->nsolana_owners, keys[i].solana) ||
		    owners_add(&env->evm_owners, &env->nevm_owners, keys[i].evm))
			rc = error_set(e, ERR_FAIL, "out of memory");
	free(keys);
	if (rc)
		net_env_release(env);
	return rc;
}

void net_env_release(struct net_env *env)
{
	while (env->ntasks)
		net_task_cancel(env->tasks[env->ntasks - 1]);
	free(env->tasks);
	http_client_release(&env->http);
	net_replay_free(env->rp);
	for (size_t i = 0; i < env->nsolana_owners; i++)
		free(env->solana_owners[i]);
	for (size_t i = 0; i < env->nevm_owners; i++)
		free(env->evm_owners[i]);
	free(env->solana_owners);
	free(env->evm_owners);
	memset(env, 0, sizeof *env);
}

int net_env_replay(struct net_env *env, const char *folder, struct error *e)
{
	struct net_replay *rp;
	int rc = net_replay_load(&rp, folder, e);
	if (rc)
		return rc;
	net_replay_free(env->rp);
	env->rp = rp;
	env->replay = net_replay_folder(rp);
	return 0;
}

/* ---- requests ---------------------------------------------------------------- */

static void req_free(struct net_req *r)
{
	if (!r)
		return;
	http_request_release(&r->http);
	cJSON_Delete(r->json);
	free(r->rpc_method);
	free(r);
}

cJSON *net_req_take_json(struct net_req *r)
{
	cJSON *j = r->json;
	r->json = NULL;
	return j;
}

static void task_answered(struct net_task *t)
{
	if (t->outstanding && --t->outstanding == 0)
		t->ready = 1;
}

/* The request's outcome from its http_request, once done. */
static void req_settle(struct net_req *r)
{
	struct http_request *h = &r->http;
	struct net_task *t = r->task;
	r->status = h->status;
	r->body = h->reply;
	r->len = h->reply_len;
	t->out->bytes += h->reply_len;
	r->code = h->code;
	r->err = h->err;
	if (r->code && h->status >= 400 && h->reply && h->reply_len) {
		/* what the server said, for the message */
		char snip[120];
		size_t n = strlen(r->err.msg);
		http_sanitize(snip, sizeof snip, h->reply, h->reply_len);
		snprintf(r->err.msg + n, sizeof r->err.msg - n, ": %s", snip);
	}
	if (r->is_rpc) {
		if (!r->code) {
			struct jsonrpc_call call;
			struct error scratch;
			char shown[300];
			memset(&call, 0, sizeof call);
			if (jsonrpc_call_init(&call, r->rpc_method, NULL, &scratch)) {
				r->code = error_set(&r->err, ERR_FAIL, "out of memory");
				return;
			}
			call.id = r->rpc_id;
			http_url_display(shown, sizeof shown, h->urls[h->url_used < h->n_urls ? h->url_used : 0]);
			jsonrpc_call_take_reply(&call, h->reply ? h->reply : "", h->reply_len, shown);
			r->code = call.code;
			if (call.code)
				r->err = call.err;
			else
				r->json = jsonrpc_call_take_result(&call);
			jsonrpc_call_release(&call);
		}
	} else if (h->reply) {
		r->json = jsonrpc_parse(h->reply, h->reply_len);
	}
	if (h->reply && (cJSON_IsObject(r->json) || cJSON_IsArray(r->json))) {
		/* the parse is what steps read: the text goes (a refresh holds a
		 * step's replies at once, 500 station histories of WeatherXM) */
		free(h->reply);
		h->reply = NULL;
		r->body = NULL;
	}
}

static void req_done(struct http_request *h, void *arg)
{
	(void)h;
	struct net_req *r = arg;
	req_settle(r);
	task_answered(r->task);
}

/* Called by the replay when it has answered a request. */
void net_req_replayed(struct net_req *r)
{
	r->http.state = HTTP_DONE;
	req_settle(r);
	task_answered(r->task);
}

static struct net_req *req_new(struct net_task *t, long tag)
{
	if (t->nnext == t->cap_next) {
		size_t cap = t->cap_next ? 2 * t->cap_next : 16;
		struct net_req **n = realloc(t->next, cap * sizeof *n);
		if (!n)
			return NULL;
		t->next = n;
		t->cap_next = cap;
	}
	struct net_req *r = calloc(1, sizeof *r);
	if (!r)
		return NULL;
	http_request_init(&r->http);
	r->task = t;
	r->tag = tag;
	t->next[t->nnext++] = r;
	return r;
}

static int req_submit(struct net_task *t, struct net_req *r)
{
	struct error e;
	if (t->out->requests >= t->env->max_requests) {
		net_fail(t, ERR_NET, "more than %zu requests: the server keeps asking for more (endless pages?)",
			 t->env->max_requests);
		return -1;
	}
	t->out->requests++;
	t->outstanding++;
	if (t->env->rp) {
		net_replay_submit(t->env->rp, r);
		return 0;
	}
	r->http.done = req_done;
	r->http.arg = r;
	if (http_submit(&t->env->http, &r->http, &e)) {
		t->outstanding--;
		r->code = e.code;
		r->err = e;
		net_fail(t, e.code, "%s", e.msg);
		return -1;
	}
	return 0;
}

static struct net_req *http_req(struct net_task *t, long tag, const char *method, const char *const *urls, size_t n,
				const char *const *headers, const char *body, int json_body)
{
	struct error e;
	struct net_req *r = req_new(t, tag);
	if (!r) {
		net_fail(t, ERR_FAIL, "out of memory");
		return NULL;
	}
	int rc = 0;
	for (size_t i = 0; i < n && !rc; i++)
		rc = http_request_add_url(&r->http, urls[i], &e);
	for (size_t i = 0; headers && headers[i] && !rc; i++)
		rc = http_request_add_header(&r->http, headers[i], &e);
	if (!rc && json_body)
		rc = http_request_add_header(&r->http, "Content-Type: application/json", &e);
	if (!rc)
		rc = http_request_add_header(&r->http, "Accept: application/json", &e);
	if (!rc && body)
		rc = http_request_set_body(&r->http, method, body, strlen(body), &e);
	if (rc) {
		net_fail(t, rc, "%s", e.msg);
		return NULL;
	}
	if (req_submit(t, r))
		return NULL;
	return r;
}

struct net_req *net_get_tag(struct net_task *t, long tag, const char *url, const char *const *headers)
{
	return http_req(t, tag, NULL, &url, 1, headers, NULL, 0);
}

struct net_req *net_post_tag(struct net_task *t, long tag, const char *url, const char *const *headers,
			     const char *body)
{
	return http_req(t, tag, NULL, &url, 1, headers, body ? body : "", body && (*body == '{' || *body == '['));
}

struct net_req *net_rpc_tag(struct net_task *t, long tag, const char *const *urls, size_t n, const char *method,
			    cJSON *params)
{
	if (!n) {
		cJSON_Delete(params);
		net_fail(t, ERR_USAGE, "%s: no RPC endpoint configured for %s", t->adapter->name, method);
		return NULL;
	}
	long long id = ++t->env->rpc_id;
	cJSON *o = cJSON_CreateObject();
	char *body = NULL;
	if (o && cJSON_AddStringToObject(o, "jsonrpc", "2.0") && cJSON_AddNumberToObject(o, "id", (double)id) &&
	    cJSON_AddStringToObject(o, "method", method)) {
		if (params)
			cJSON_AddItemToObject(o, "params", params);
		params = NULL;
		body = cJSON_PrintUnformatted(o);
	}
	cJSON_Delete(params);
	cJSON_Delete(o);
	if (!body) {
		net_fail(t, ERR_FAIL, "out of memory");
		return NULL;
	}
	/* marked as a call before it is submitted: the replay answers it as one */
	struct net_req *r = NULL;
	struct error e;
	if (!(r = req_new(t, tag)) || !(r->rpc_method = strdup(method))) {
		free(body);
		net_fail(t, ERR_FAIL, "out of memory");
		return NULL;
	}
	r->is_rpc = 1;
	r->rpc_id = id;
	int rc = 0;
	for (size_t i = 0; i < n && !rc; i++)
		rc = http_request_add_url(&r->http, urls[i], &e);
	if (!rc)
		rc = http_request_add_header(&r->http, "Content-Type: application/json", &e);
	if (!rc)
		rc = http_request_set_body(&r->http, NULL, body, strlen(body), &e);
	free(body);
	if (rc) {
		net_fail(t, rc, "%s", e.msg);
		return NULL;
	}
	return req_submit(t, r) ? NULL : r;
}

struct net_req *net_get(struct net_task *t, const char *url, const char *const *headers)
{
	return net_get_tag(t, 0, url, headers);
}

struct net_req *net_post(struct net_task *t, const char *url, const char *const *headers, const char *body)
{
	return net_post_tag(t, 0, url, headers, body);
}

struct net_req *net_rpc(struct net_task *t, const char *const *urls, size_t n, const char *method, cJSON *params)
{
	return net_rpc_tag(t, 0, urls, n, method, params);
}

int net_fail(struct net_task *t, int code, const char *fmt, ...)
{
	if (t->out->code) /* the first failure is the one reported */
		return t->out->code;
	char msg[sizeof t->out->err.msg];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	const char *name = t->adapter ? t->adapter->name : "";
	size_t n = strlen(name);
	if (n && strncmp(msg, name, n) == 0 && msg[n] == ':')
		error_set(&t->out->err, code, "%s", msg);
	else
		error_set(&t->out->err, code, "%s: %s", name, msg);
	t->out->code = code ? code : ERR_FAIL;
	return t->out->code;
}

int net_fail_req(struct net_task *t, const struct net_req *r)
{
	return net_fail(t, r->code ? r->code : ERR_NET, "%s", r->err.msg[0] ? r->err.msg : "request failed");
}

/* ---- settings ------------------------------------------------------------------ */

const char *net_setting(const struct net_task *t, const char *key)
{
	const char *v = t->env->conf ? conf_setting(t->env->conf, t->adapter->name, key) : NULL;
	if (v)
		return v;
	for (const struct net_setting *s = t->adapter->settings; s && s->key; s++)
		if (!strcmp(s->key, key))
			return s->def;
	return NULL;
}

/* What the list functions hand out when there is nothing: never NULL, so a
 * caller's memcpy of zero items is defined. */
static const char *const empty_list[1] = {NULL};

/* Keeps p until the task is released. */
static int keep(struct net_task *t, void *p)
{
	char **s = realloc(t->strs, (t->nstrs + 1) * sizeof *s);
	if (!s)
		return -1;
	t->strs = s;
	s[t->nstrs++] = p;
	return 0;
}

/* Splits a comma- or space-separated list into strings the task keeps; the
 * list returned stays put until the task is released (later calls make
 * lists of their own). */
static size_t split_list(struct net_task *t, const char *text, const char *const **out)
{
	*out = empty_list;
	size_t n = 0, cap = 0;
	const char **list = NULL;
	const char *p = text;
	while (p && *p) {
		p += strspn(p, ", \t");
		size_t len = strcspn(p, ", \t");
		if (!len)
			break;
		char *item = strndup(p, len);
		if (!item || keep(t, item)) {
			free(item);
			break;
		}
		if (n == cap) {
			const char **l = realloc(list, (cap = cap ? 2 * cap : 4) * sizeof *l);
			if (!l)
				break;
			list = l;
		}
		list[n++] = item;
		p += len;
	}
	if (!list)
		return 0;
	if (keep(t, (void *)list)) {
		free(list);
		return 0;
	}
	*out = list;
	return n;
}

size_t net_rpc_urls(const struct net_task *t, const char *chain, const char *const **urls)
{
	struct net_task *mt = (struct net_task *)t;
	const char *own = conf_setting(t->env->conf, t->adapter->name, "rpc");
	if (own)
		return split_list(mt, own, urls);
	const struct conf_network *n = t->env->conf ? conf_network(t->env->conf, chain) : NULL;
	*urls = empty_list;
	if (!n || !n->nrpc) {
		const char *def = net_setting(t, "rpc");
		return def ? split_list(mt, def, urls) : 0;
	}
	/* the preset's URLs live in the conf: hand out copies the task keeps */
	char buf[CONF_MAX_RPC * 520];
	size_t len = 0;
	buf[0] = '\0';
	for (int i = 0; i < n->nrpc; i++)
		len += (size_t)snprintf(buf + len, sizeof buf - len, "%s%s", i ? " " : "", n->rpc[i]);
	return split_list(mt, buf, urls);
}

size_t net_owners(const struct net_task *t, const char *family, const char *const **owners)
{
	const char *v = net_setting(t, "wallets");
	if (v)
		return split_list((struct net_task *)t, v, owners);
	*owners = empty_list;
	if (!strcmp(family, "solana") && t->env->nsolana_owners) {
		*owners = (const char *const *)t->env->solana_owners;
		return t->env->nsolana_owners;
	}
	if (!strcmp(family, "evm") && t->env->nevm_owners) {
		*owners = (const char *const *)t->env->evm_owners;
		return t->env->nevm_owners;
	}
	return 0;
}

size_t net_device_ids(const struct net_task *t, const char *const **ids)
{
	const char *v = net_setting(t, "devices");
	*ids = empty_list;
	return v ? split_list((struct net_task *)t, v, ids) : 0;
}

int64_t net_now(const struct net_task *t)
{
	return (int64_t)time(NULL) + (t && t->env ? t->env->now_offset : 0);
}

int net_conf_check(const struct conf *conf, struct error *e)
{
	for (int i = 0; i < conf->nsettings; i++) {
		const struct conf_setting *s = &conf->settings[i];
		const struct net_adapter *a = net_adapter_find(s->section);
		/* the sources outside the registry: prices and wallet balances */
		if (!a && !strcmp(s->section, "prices"))
			a = &prices_source;
		if (!a && !strcmp(s->section, "balances"))
			a = &balances_source;
		if (!a)
			return error_set(e, ERR_USAGE, "config '%s': unknown section [%s]", conf->path, s->section);
		int known = !strcmp(s->key, "rpc") || !strcmp(s->key, "wallets") || !strcmp(s->key, "devices") ||
			    !strcmp(s->key, "interval");
		for (const struct net_setting *x = a->settings; x && x->key && !known; x++)
			known = !strcmp(x->key, s->key);
		if (!known)
			return error_set(e, ERR_USAGE, "config '%s': unknown setting '%s' in [%s]", conf->path, s->key,
					 s->section);
	}
	return 0;
}

/* ---- tasks ------------------------------------------------------------------------ */

static void reqs_free(struct net_req **reqs, size_t n)
{
	for (size_t i = 0; i < n; i++)
		req_free(reqs[i]);
	free(reqs);
}

static void env_remove(struct net_env *env, struct net_task *t)
{
	for (size_t i = 0; i < env->ntasks; i++)
		if (env->tasks[i] == t) {
			memmove(env->tasks + i, env->tasks + i + 1, (env->ntasks - i - 1) * sizeof *env->tasks);
			env->ntasks--;
			return;
		}
}

static void cancel_pending(struct net_task *t)
{
	for (size_t i = 0; i < t->nnext; i++) {
		struct net_req *r = t->next[i];
		if (t->env->rp)
			net_replay_cancel(t->env->rp, r);
		else if (r->http.state == HTTP_WAITING || r->http.state == HTTP_RUNNING)
			http_cancel(&t->env->http, &r->http);
	}
	t->outstanding = 0;
}

/* Text from servers never reaches a terminal as it came: control
 * characters (escape sequences that retitle a window or move the cursor)
 * become '?'. */
static void clean(char *s)
{
	for (unsigned char *p = (unsigned char *)s; *p; p++) {
		if (p[0] == 0xc2 && p[1] >= 0x80 && p[1] < 0xa0) { /* C1 controls in UTF-8 */
			p[0] = p[1] = '?';
			p++;
		} else if (*p < 0x20 || *p == 0x7f) {
			*p = '?';
		}
	}
}

static void clean_result(struct net_result *r)
{
	for (size_t i = 0; i < r->ndevices; i++) {
		struct net_device *d = &r->devices[i];
		clean(d->id);
		clean(d->name);
		clean(d->kind);
		clean(d->owner);
		clean(d->location);
		clean(d->detail);
	}
	for (size_t i = 0; i < r->nmetrics; i++) {
		clean(r->metrics[i].label);
		clean(r->metrics[i].unit);
		clean(r->metrics[i].source);
	}
	clean(r->err.msg);
}

static void task_finish(struct net_task *t, int code)
{
	if (t->finished)
		return;
	cancel_pending(t);
	if (code < 0 || t->out->code) {
		/* a failed refresh shows no partial figures: the caller keeps the last whole ones */
		for (size_t i = 0; i < t->out->ndevices; i++)
			net_device_release(&t->out->devices[i]);
		t->out->ndevices = 0;
	}
	clean_result(t->out);
	if (code < 0 && !t->out->code)
		net_fail(t, code, "failed");
	t->finished = 1;
	t->ready = 0;
	t->out->at = net_now(t);
	env_remove(t->env, t);
	if (t->done)
		t->done(t, t->done_arg);
}

int net_task_start(struct net_task *t, struct net_env *env, const struct net_adapter *a, int what,
		   struct net_result *out, void (*done)(struct net_task *t, void *arg), void *arg, struct error *e)
{
	memset(t, 0, sizeof *t);
	t->adapter = a;
	t->env = env;
	t->out = out;
	t->what = what;
	t->done = done;
	t->done_arg = arg;
	if (out->network[0] == '\0')
		snprintf(out->network, sizeof out->network, "%s", a->name);
	if (env->ntasks == env->cap_tasks) {
		size_t cap = env->cap_tasks ? 2 * env->cap_tasks : 16;
		struct net_task **n = realloc(env->tasks, cap * sizeof *n);
		if (!n)
			return error_set(e, ERR_FAIL, "out of memory");
		env->tasks = n;
		env->cap_tasks = cap;
	}
	env->tasks[env->ntasks++] = t;
	t->ready = 1; /* the first step runs from the loop */
	return 0;
}

/* Runs the step of a ready task: its answered requests become t->reqs. */
static void task_step(struct net_task *t)
{
	t->ready = 0;
	reqs_free(t->reqs, t->nreqs);
	t->reqs = t->next;
	t->nreqs = t->nnext;
	t->next = NULL;
	t->nnext = t->cap_next = 0;
	if ((t->what & NET_REFRESH_DEVICES) && !t->adapter->refresh && (t->what & NET_REFRESH_METRICS))
		t->what &= ~NET_REFRESH_DEVICES;
	int (*fn)(struct net_task *) = NULL;
	if (t->what & NET_REFRESH_DEVICES)
		fn = t->adapter->refresh;
	else if (t->what & NET_REFRESH_METRICS)
		fn = t->adapter->metrics;
	if (!fn) {
		task_finish(t, net_fail(t, ERR_USAGE, "%s does not support %s", t->adapter->name,
					(t->what & NET_REFRESH_DEVICES) ? "listing devices" : "metrics"));
		return;
	}
	int rc = t->out->code ? t->out->code : fn(t);
	t->steps = t->nnext ? 0 : t->steps + 1; /* steps in a row that submitted nothing */
	if (rc == NET_WAIT && !t->out->code) {
		if (!t->outstanding)
			t->ready = 1; /* submitted nothing: step again */
		if (t->steps > MAX_IDLE_STEPS)
			task_finish(t, net_fail(t, ERR_FAIL, "the adapter made no progress (it waits for nothing)"));
		return;
	}
	if (rc == NET_WAIT) /* a request could not be submitted */
		rc = t->out->code;
	if (rc == NET_DONE && (t->what & NET_REFRESH_METRICS) && (t->what & NET_REFRESH_DEVICES) && t->adapter->metrics) {
		/* devices done: the same task goes on with the metrics */
		cancel_pending(t);
		t->what &= ~NET_REFRESH_DEVICES;
		t->stage = 0;
		if (t->free_state)
			t->free_state(t->state);
		t->state = NULL;
		t->free_state = NULL;
		t->ready = 1;
		return;
	}
	task_finish(t, rc);
}

void net_task_cancel(struct net_task *t)
{
	if (t->finished)
		return;
	cancel_pending(t);
	net_fail(t, ERR_NET, "cancelled");
	task_finish(t, ERR_NET);
}

void net_task_release(struct net_task *t)
{
	if (!t->finished && t->env)
		net_task_cancel(t);
	reqs_free(t->reqs, t->nreqs);
	reqs_free(t->next, t->nnext);
	t->reqs = t->next = NULL;
	t->nreqs = t->nnext = 0;
	for (size_t i = 0; i < t->nstrs; i++)
		free(t->strs[i]);
	free(t->strs);
	t->strs = NULL;
	t->nstrs = 0;
	if (t->free_state)
		t->free_state(t->state);
	t->state = NULL;
	t->free_state = NULL;
}

/* ---- the loop ------------------------------------------------------------------------ */

static int any_ready(const struct net_env *env)
{
	for (size_t i = 0; i < env->ntasks; i++)
		if (env->tasks[i]->ready)
			return 1;
	return env->rp && net_replay_pending(env->rp);
}

/* Answers replayed requests and steps ready tasks until none is ready. */
static void run_ready(struct net_env *env)
{
	for (int round = 0; round < 100000; round++) {
		if (env->rp)
			net_replay_answer(env->rp, net_now(NULL) + env->now_offset);
		struct net_task *t = NULL;
		for (size_t i = 0; i < env->ntasks && !t; i++)
			if (env->tasks[i]->ready)
				t = env->tasks[i];
		if (!t)
			return;
		task_step(t);
	}
}

size_t net_fds(struct net_env *env, struct pollfd *fds, size_t max)
{
	return env->rp ? 0 : http_fds(&env->http, fds, max);
}

long net_timeout_ms(struct net_env *env)
{
	if (any_ready(env))
		return 0;
	return env->rp ? -1 : http_timeout_ms(&env->http);
}

int net_perform(struct net_env *env, const struct pollfd *fds, size_t n)
{
	int rc = 0;
	if (!env->rp && http_pending(&env->http))
		rc = http_perform(&env->http, fds, n);
	run_ready(env);
	if (rc < 0)
		return rc;
	return (int)env->ntasks;
}

int net_run(struct net_env *env)
{
	run_ready(env);
	while (env->ntasks) {
		if (!env->rp && http_pending(&env->http)) {
			int rc = http_step(&env->http, 1000);
			if (rc < 0) {
				while (env->ntasks) {
					struct net_task *t = env->tasks[0];
					net_fail(t, ERR_NET, "the network transport failed");
					net_task_cancel(t);
				}
				return rc;
			}
		} else if (!any_ready(env)) {
			/* nothing in flight and nothing ready: a task waits on nothing */
			struct net_task *t = env->tasks[0];
			net_fail(t, ERR_FAIL, "waits for nothing");
			task_finish(t, ERR_FAIL);
		}
		run_ready(env);
	}
	return 0;
}

/* ---- claims ---------------------------------------------------------------------------- */

void net_claim_init(struct net_claim *c, const struct net_adapter *a, struct net_env *env)
{
	memset(c, 0, sizeof *c);
	c->adapter = a;
	c->env = env;
}

void net_claim_release(struct net_claim *c)
{
	if (c->adapter && c->adapter->claim_release)
		c->adapter->claim_release(c);
	free(c->lines);
	c->lines = NULL;
	c->nlines = 0;
}

/* ---- the adapters' cache --------------------------------------------------------------- */

int net_cache_open(sqlite3 **db, const struct net_task *t, const char *schema, struct error *e)
{
	*db = NULL;
	if (!t->env->home)
		return 0; /* no data folder: no cache, every refresh reads all */
	char path[4200];
	if (mkdir(t->env->home, 0700) && errno != EEXIST)
		return error_set(e, ERR_FAIL, "data folder '%s': %s", t->env->home, strerror(errno));
	snprintf(path, sizeof path, "%s/cache.db", t->env->home);
	if (sqlite3_open_v2(path, db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK) {
		int rc = error_set(e, ERR_FAIL, "cache '%s': %s", path, *db ? sqlite3_errmsg(*db) : "cannot open");
		sqlite3_close(*db);
		*db = NULL;
		return rc;
	}
	sqlite3_busy_timeout(*db, 5000);
	char *msg = NULL;
	if (sqlite3_exec(*db, schema, NULL, NULL, &msg) != SQLITE_OK) {
		int rc = error_set(e, ERR_FAIL, "cache '%s': %s", path, msg ? msg : "cannot create tables");
		sqlite3_free(msg);
		sqlite3_close(*db);
		*db = NULL;
		return rc;
	}
	return 0;
}
