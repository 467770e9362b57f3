/* The replay of recorded responses (tests/fixtures/README.md). */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "jsonrpc.h"
#include "networks/network.h"
#include "networks/replay.h"

#define ROUTES_MAX_BYTES (64u << 20)
#define GROW_EPOCH 1767225600 /* 2026-01-01T00:00:00Z: ${grow:...} counts days from here */

struct route {
	char *method, *path, *rpc, *params, *body, *header;
	long times;          /* answers left; -1: any number */
	long status;
	char *reply;         /* the body (for rpc: the result or error as JSON text) */
	int is_error, raw;
	char **headers;      /* "Name: value" (reply headers; the replay keeps them for completeness) */
	size_t nheaders;
};

struct net_replay {
	char *folder;
	/* fuzzing: every request answered with the next chunk of these bytes */
	const uint8_t *fuzz;
	size_t fuzz_len, fuzz_next;
	struct route *routes;
	size_t n;
	struct net_req **queue;
	size_t nqueue, cap;
};

static char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	char *buf = NULL;
	size_t cap = 0, n = 0;
	for (;;) {
		if (n + 4096 + 1 > cap) {
			if (cap > ROUTES_MAX_BYTES)
				break;
			char *b = realloc(buf, cap = cap ? 2 * cap : 8192);
			if (!b)
				break;
			buf = b;
		}
		size_t got = fread(buf + n, 1, cap - n - 1, f);
		n += got;
		if (!got)
			break;
	}
	int bad = ferror(f) || !buf || cap > ROUTES_MAX_BYTES;
	fclose(f);
	if (bad) {
		free(buf);
		return NULL;
	}
	buf[n] = '\0';
	if (len)
		*len = n;
	return buf;
}

static char *dup_member(const cJSON *o, const char *name)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);
	return cJSON_IsString(v) ? strdup(v->valuestring) : NULL;
}

static void route_free(struct route *r)
{
	free(r->method);
	free(r->path);
	free(r->rpc);
	free(r->params);
	free(r->body);
	free(r->header);
	free(r->reply);
	for (size_t i = 0; i < r->nheaders; i++)
		free(r->headers[i]);
	free(r->headers);
}

void net_replay_free(struct net_replay *rp)
{
	if (!rp)
		return;
	for (size_t i = 0; i < rp->n; i++)
		route_free(&rp->routes[i]);
	free(rp->routes);
	free(rp->queue);
	free(rp->folder);
	free(rp);
}

static int load_routes(struct net_replay *rp, const char *dir, struct error *e)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/routes.json", dir);
	size_t len;
	char *text = read_file(path, &len);
	if (!text)
		return ERR_NOTFOUND;
	cJSON *root = cJSON_ParseWithLength(text, len);
	free(text);
	const cJSON *routes = cJSON_GetObjectItemCaseSensitive(root, "routes");
	if (!cJSON_IsArray(routes)) {
		cJSON_Delete(root);
		return error_set(e, ERR_USAGE, "'%s': not a routes file (an object with a \"routes\" array)", path);
	}
	int rc = 0;
	const cJSON *o;
	cJSON_ArrayForEach(o, routes) {
		if (!cJSON_IsObject(o) || !cJSON_IsString(cJSON_GetObjectItemCaseSensitive(o, "path"))) {
			rc = error_set(e, ERR_USAGE, "'%s': a route without a path", path);
			break;
		}
		struct route *n = realloc(rp->routes, (rp->n + 1) * sizeof *n);
		if (!n) {
			rc = error_set(e, ERR_FAIL, "out of memory");
			break;
		}
		rp->routes = n;
		struct route *r = &rp->routes[rp->n++];
		memset(r, 0, sizeof *r);
		r->method = dup_member(o, "method");
		r->path = dup_member(o, "path");
		r->rpc = dup_member(o, "rpc");
		r->params = dup_member(o, "params");
		r->body = dup_member(o, "body");
		r->header = dup_member(o, "header");
		const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, "times");
		r->times = cJSON_IsNumber(v) ? (long)v->valuedouble : -1;
		v = cJSON_GetObjectItemCaseSensitive(o, "status");
		r->status = cJSON_IsNumber(v) ? (long)v->valuedouble : 200;
		r->raw = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(o, "raw"));
		const cJSON *reply = cJSON_GetObjectItemCaseSensitive(o, "reply");
		const cJSON *err = cJSON_GetObjectItemCaseSensitive(o, "error");
		const cJSON *file = cJSON_GetObjectItemCaseSensitive(o, "file");
		if (err) {
			r->is_error = 1;
			r->reply = cJSON_PrintUnformatted(err);
		} else if (cJSON_IsString(file)) {
			char fp[4096];
			snprintf(fp, sizeof fp, "%s/%s", dir, file->valuestring);
			if (strstr(file->valuestring, "..") || !(r->reply = read_file(fp, NULL))) {
				rc = error_set(e, ERR_USAGE, "'%s': cannot read the reply file '%s'", path, file->valuestring);
				break;
			}
		} else if (cJSON_IsString(reply)) {
			r->reply = strdup(reply->valuestring);
		} else if (reply) {
			r->reply = cJSON_PrintUnformatted(reply);
		} else {
			r->reply = strdup("");
		}
		const cJSON *h = cJSON_GetObjectItemCaseSensitive(o, "headers"), *x;
		cJSON_ArrayForEach(x, h) {
			if (!cJSON_IsString(x) || !x->string)
				continue;
			char **hs = realloc(r->headers, (r->nheaders + 1) * sizeof *hs);
			if (!hs)
				break;
			r->headers = hs;
			size_t l = strlen(x->string) + strlen(x->valuestring) + 3;
			if ((hs[r->nheaders] = malloc(l)))
				snprintf(hs[r->nheaders++], l, "%s: %s", x->string, x->valuestring);
		}
		if (!r->reply || !r->path) {
			rc = error_set(e, ERR_FAIL, "out of memory");
			break;
		}
	}
	cJSON_Delete(root);
	return rc;
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int net_replay_load(struct net_replay **out, const char *folder, struct error *e)
{
	struct net_replay *rp = calloc(1, sizeof *rp);
	if (!rp)
		return error_set(e, ERR_FAIL, "out of memory");
	int rc = load_routes(rp, folder, e), found = rc == 0;
	if (rc == ERR_NOTFOUND)
		rc = 0;
	DIR *d = rc ? NULL : opendir(folder);
	if (!rc && !d)
		rc = error_set(e, ERR_NOTFOUND, "recorded responses '%s': cannot open the folder", folder);
	char **names = NULL;
	size_t nn = 0;
	for (struct dirent *de; d && (de = readdir(d));) {
		if (de->d_name[0] == '.')
			continue;
		char **x = realloc(names, (nn + 1) * sizeof *x);
		if (!x || !(x[nn] = strdup(de->d_name))) {
			names = x ? x : names;
			rc = error_set(e, ERR_FAIL, "out of memory");
			break;
		}
		names = x;
		nn++;
	}
	if (d)
		closedir(d);
	if (nn)
		qsort(names, nn, sizeof *names, cmp_names);
	for (size_t i = 0; i < nn; i++) {
		if (!rc) {
			char sub[4096];
			snprintf(sub, sizeof sub, "%s/%s", folder, names[i]);
			int r = load_routes(rp, sub, e);
			if (r == 0)
				found = 1;
			else if (r != ERR_NOTFOUND)
				rc = r;
		}
		free(names[i]);
	}
	free(names);
	if (!rc && !found)
		rc = error_set(e, ERR_NOTFOUND, "recorded responses '%s': no routes.json in it or its folders", folder);
	if (!rc && !(rp->folder = strdup(folder)))
		rc = error_set(e, ERR_FAIL, "out of memory");
	if (rc) {
		net_replay_free(rp);
		return rc;
	}
	*out = rp;
	return 0;
}

const char *net_replay_folder(const struct net_replay *rp)
{
	return rp->folder;
}

void net_replay_path(char *out, size_t out_size, const char *url)
{
	const char *p = strstr(url, "://");
	p = p ? p + 3 : url;
	size_t hostlen = strcspn(p, "/?#");
	char host[256];
	snprintf(host, sizeof host, "%.*s", (int)(hostlen < sizeof host ? hostlen : sizeof host - 1), p);
	const char *at = strrchr(host, '@');
	const char *h = at ? at + 1 : host;
	char bare[256];
	snprintf(bare, sizeof bare, "%s", h);
	/* the port goes (an IPv6 literal keeps its brackets) */
	char *colon = bare[0] == '[' ? strstr(bare, "]:") : strchr(bare, ':');
	if (colon)
		colon[bare[0] == '[' ? 1 : 0] = '\0';
	const char *rest = p + hostlen;
	size_t restlen = strcspn(rest, "#");
	int loopback = !strcmp(bare, "localhost") || !strncmp(bare, "127.", 4) || !strcmp(bare, "[::1]");
	const char *slash = restlen && rest[0] == '/' ? "" : "/";
	if (loopback)
		snprintf(out, out_size, "%s%.*s", slash, (int)restlen, rest);
	else
		snprintf(out, out_size, "/%s%s%.*s", bare, slash, (int)restlen, rest);
}

static int path_match(const char *route, const char *path)
{
	char plain[4096];
	if (!strchr(route, '?')) {
		snprintf(plain, sizeof plain, "%s", path);
		plain[strcspn(plain, "?")] = '\0';
		path = plain;
	}
	size_t n = strlen(route);
	if (n && route[n - 1] == '*')
		return strncmp(route, path, n - 1) == 0;
	return strcmp(route, path) == 0;
}

/* ---- placeholders ------------------------------------------------------------ */

struct buf {
	char *p;
	size_t len, cap;
	int oom;
};

static void put(struct buf *b, const char *s, size_t n)
{
	if (b->oom)
		return;
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 256;
		while (cap < b->len + n + 1)
			cap *= 2;
		char *p = realloc(b->p, cap);
		if (!p) {
			b->oom = 1;
			return;
		}
		b->p = p;
		b->cap = cap;
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

/* "PREFIX:N" or "PREFIX:N:M" (M given when m is not NULL): the numbers,
 * each an optional '-' and digits, nothing after them. */
static int numbers(const char *name, const char *prefix, long long *n, long long *m)
{
	size_t len = strlen(prefix);
	if (strncmp(name, prefix, len) || name[len] != ':')
		return 0;
	char *end;
	errno = 0;
	*n = strtoll(name + len + 1, &end, 10);
	if (end == name + len + 1 || errno)
		return 0;
	if (m) {
		if (*end != ':')
			return 0;
		const char *q = end + 1;
		*m = strtoll(q, &end, 10);
		if (end == q || errno)
			return 0;
	}
	return *end == '\0';
}

static int expand_one(char *out, size_t out_size, const char *name, int64_t now)
{
	long long a = 0, b = 0;
	time_t tt;
	struct tm tm;
	if (!strcmp(name, "now"))
		return snprintf(out, out_size, "%lld", (long long)now) > 0;
	if (!strcmp(name, "now_ms"))
		return snprintf(out, out_size, "%lld000", (long long)now) > 0;
	if (numbers(name, "ago", &a, NULL))
		return snprintf(out, out_size, "%lld", (long long)now - a) > 0;
	if (numbers(name, "iso_ago", &a, NULL)) {
		tt = (time_t)(now - a);
		return gmtime_r(&tt, &tm) && strftime(out, out_size, "%Y-%m-%dT%H:%M:%SZ", &tm) > 0;
	}
	if (numbers(name, "date_ago", &a, NULL)) {
		tt = (time_t)(now - a * 86400);
		return gmtime_r(&tt, &tm) && strftime(out, out_size, "%Y-%m-%d", &tm) > 0;
	}
	if (numbers(name, "grow", &a, &b)) {
		/* BASE + PER_DAY x days, in exact integer arithmetic (seconds) */
		long long secs = (long long)now - GROW_EPOCH;
		if (secs < 0)
			secs = 0;
		__int128 v = (__int128)b * secs / 86400 + a;
		if (v < 0)
			v = 0;
		unsigned long long hi = (unsigned long long)(v / 1000000000000000000LL),
				   lo = (unsigned long long)(v % 1000000000000000000LL);
		if (hi)
			return snprintf(out, out_size, "%llu%018llu", hi, lo) > 0;
		return snprintf(out, out_size, "%llu", lo) > 0;
	}
	return 0;
}

char *net_replay_expand(const char *text, size_t len, int64_t now, size_t *out_len)
{
	struct buf b = {0};
	size_t i = 0;
	put(&b, "", 0);
	while (i < len) {
		const char *s = memchr(text + i, '$', len - i);
		if (!s) {
			put(&b, text + i, len - i);
			break;
		}
		size_t at = (size_t)(s - text);
		put(&b, text + i, at - i);
		i = at;
		const char *close = at + 1 < len && text[at + 1] == '{' ? memchr(text + at, '}', len - at) : NULL;
		char name[96], val[96];
		size_t nl = close ? (size_t)(close - text) - at - 2 : 0;
		if (close && nl < sizeof name) {
			memcpy(name, text + at + 2, nl);
			name[nl] = '\0';
			if (expand_one(val, sizeof val, name, now)) {
				put(&b, val, strlen(val));
				i = (size_t)(close - text) + 1;
				continue;
			}
		}
		put(&b, "$", 1);
		i++;
	}
	if (b.oom) {
		free(b.p);
		return NULL;
	}
	if (out_len)
		*out_len = b.len;
	return b.p;
}

/* ---- answering ------------------------------------------------------------------- */

void net_replay_submit(struct net_replay *rp, struct net_req *r)
{
	if (rp->nqueue == rp->cap) {
		size_t cap = rp->cap ? 2 * rp->cap : 64;
		struct net_req **q = realloc(rp->queue, cap * sizeof *q);
		if (!q) {
			/* answered at once as a failure rather than lost */
			r->http.code = error_set(&r->http.err, ERR_FAIL, "out of memory");
			net_req_replayed(r);
			return;
		}
		rp->queue = q;
		rp->cap = cap;
	}
	r->http.state = HTTP_WAITING;
	rp->queue[rp->nqueue++] = r;
}

void net_replay_cancel(struct net_replay *rp, struct net_req *r)
{
	for (size_t i = 0; i < rp->nqueue; i++)
		if (rp->queue[i] == r) {
			memmove(rp->queue + i, rp->queue + i + 1, (rp->nqueue - i - 1) * sizeof *rp->queue);
			rp->nqueue--;
			r->http.state = HTTP_DONE;
			return;
		}
}

int net_replay_pending(const struct net_replay *rp)
{
	return rp->nqueue > 0;
}

static int has_header(const struct http_request *h, const char *text)
{
	for (const struct curl_slist *l = h->headers; l; l = l->next)
		if (strstr(l->data, text))
			return 1;
	return 0;
}

static struct route *find(struct net_replay *rp, const struct net_req *r, const char *path, const char *params)
{
	const struct http_request *h = &r->http;
	const char *method = h->method ? h->method : h->body ? "POST" : "GET";
	for (size_t i = 0; i < rp->n; i++) {
		struct route *x = &rp->routes[i];
		if (x->times == 0 || !path_match(x->path, path))
			continue;
		if (x->method && strcasecmp(x->method, method))
			continue;
		if ((x->rpc != NULL) != (r->is_rpc != 0))
			continue;
		if (x->rpc && strcmp(x->rpc, r->rpc_method))
			continue;
		if (x->params && (!params || !strstr(params, x->params)))
			continue;
		if (x->body && (!h->body || !strstr(h->body, x->body)))
			continue;
		if (x->header && !has_header(h, x->header))
			continue;
		return x;
	}
	return NULL;
}

int net_replay_fuzz(struct net_replay **out, const uint8_t *data, size_t len)
{
	struct net_replay *rp = calloc(1, sizeof *rp);
	if (!rp || !(rp->folder = strdup("(fuzz)"))) {
		free(rp);
		return ERR_FAIL;
	}
	rp->fuzz = data;
	rp->fuzz_len = len;
	*out = rp;
	return 0;
}

/* The next NUL-separated chunk of the fuzz input, round and round. */
static void fuzz_answer(struct net_replay *rp, struct net_req *r)
{
	struct http_request *h = &r->http;
	const uint8_t *p = rp->fuzz, *end = rp->fuzz + rp->fuzz_len;
	size_t k = rp->fuzz_next++;
	size_t nchunks = 1;
	for (const uint8_t *x = p; x < end; x++)
		nchunks += *x == 0;
	k %= nchunks;
	while (k && p < end) {
		const uint8_t *z = memchr(p, 0, (size_t)(end - p));
		p = z ? z + 1 : end;
		k--;
	}
	const uint8_t *z = memchr(p, 0, (size_t)(end - p));
	size_t len = (size_t)((z ? z : end) - p);
	/* a chunk starting with '!' is sent raw, else a call's result; '#' a 500 */
	int raw = len && p[0] == '!', fail = len && p[0] == '#';
	if (raw || fail) {
		p++;
		len--;
	}
	size_t cap = len + 96;
	char *body = malloc(cap);
	if (!body) {
		h->code = error_set(&h->err, ERR_FAIL, "out of memory");
		return;
	}
	if (r->is_rpc && !raw && !fail) {
		int n = snprintf(body, cap, "{\"jsonrpc\":\"2.0\",\"id\":%lld,\"result\":", r->rpc_id);
		memcpy(body + n, p, len);
		memcpy(body + n + len, "}", 2);
		len += (size_t)n + 1;
	} else {
		memcpy(body, p, len);
		body[len] = '\0';
	}
	h->reply = body;
	h->reply_len = len;
	h->status = fail ? 500 : 200;
	h->code = fail ? error_set(&h->err, ERR_NET, "fuzz: HTTP 500") : 0;
}

static void answer(struct net_replay *rp, struct net_req *r, int64_t now)
{
	if (rp->fuzz) {
		fuzz_answer(rp, r);
		return;
	}
	struct http_request *h = &r->http;
	char path[4096], shown[600];
	const char *url = h->n_urls ? h->urls[0] : "";
	net_replay_path(path, sizeof path, url);
	http_url_display(shown, sizeof shown, url);
	char *params = NULL;
	if (r->is_rpc && h->body) {
		cJSON *req = cJSON_Parse(h->body);
		const cJSON *p = cJSON_GetObjectItemCaseSensitive(req, "params");
		if (p)
			params = cJSON_PrintUnformatted(p);
		cJSON_Delete(req);
	}
	struct route *x = find(rp, r, path, params);
	free(params);
	h->url_used = 0;
	h->tries = 1;
	if (!x) {
		h->status = 404;
		h->code = error_set(&h->err, ERR_NET, "%s: HTTP 404: no recorded response for %s%s%s", shown, path,
				    r->is_rpc ? " " : "", r->is_rpc ? r->rpc_method : "");
		return;
	}
	if (x->times > 0)
		x->times--;
	size_t len;
	char *body = net_replay_expand(x->reply, strlen(x->reply), now, &len);
	if (body && r->is_rpc && !x->raw) {
		size_t cap = len + 128;
		char *w = malloc(cap);
		if (w)
			snprintf(w, cap, "{\"jsonrpc\":\"2.0\",\"id\":%lld,\"%s\":%s}", r->rpc_id,
				 x->is_error ? "error" : "result", len ? body : "null");
		free(body);
		body = w;
		len = body ? strlen(body) : 0;
	}
	if (!body) {
		h->code = error_set(&h->err, ERR_FAIL, "out of memory");
		return;
	}
	h->reply = body;
	h->reply_len = len;
	h->status = x->status;
	if (x->status >= 200 && x->status < 300) {
		h->code = 0;
	} else {
		h->code = error_set(&h->err, ERR_NET, "%s: HTTP %ld", shown, x->status);
	}
}

void net_replay_answer(struct net_replay *rp, int64_t now)
{
	/* requests queued while answering wait for the next round */
	size_t n = rp->nqueue;
	struct net_req **q = n ? malloc(n * sizeof *q) : NULL;
	if (!q)
		return; /* nothing queued (or no memory: answered on the next round) */
	memcpy(q, rp->queue, n * sizeof *q);
	rp->nqueue = 0;
	for (size_t i = 0; i < n; i++) {
		answer(rp, q[i], now);
		net_req_replayed(q[i]);
	}
	free(q);
}
