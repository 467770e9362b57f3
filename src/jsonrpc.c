/* JSON-RPC 2.0 over the HTTP transport (see jsonrpc.h).
 *
 * One transfer (struct jsonrpc_xfer) carries one call, or a batch of calls
 * as a JSON array. A batch the server will not take - an HTTP 4xx, a reply
 * that is not an array, an error that mentions batches - is sent again one
 * call per request, and no batch goes to that server again; calls a batch
 * reply leaves unanswered are sent again alone. A single call is never sent
 * again by this layer (the http layer's retries aside), so a hostile server
 * cannot keep us going round. */
#include "config.h"
#include "jsonrpc.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct jsonrpc_xfer {
	struct http_request req;
	struct jsonrpc *rpc;
	struct jsonrpc_xfer *next, *prev;
	int batch;
	size_t n;
	struct jsonrpc_call *calls[];
};

static char *dup_str(const char *s)
{
	size_t n = strlen(s) + 1;
	char *d = malloc(n);
	if (d)
		memcpy(d, s, n);
	return d;
}

/* ---- parsing ---- */

static int num_char(char ch)
{
	return (ch >= '0' && ch <= '9') || ch == '-' || ch == '+' || ch == '.' ||
	       ch == 'e' || ch == 'E';
}

/* An integer literal (-?digits) whose magnitude exceeds 2^53. */
static int big_int(const char *p, size_t n)
{
	if (n && *p == '-') {
		p++;
		n--;
	}
	if (!n)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (p[i] < '0' || p[i] > '9')
			return 0;
	while (n > 1 && *p == '0') {
		p++;
		n--;
	}
	if (n != 16)
		return n > 16;
	return memcmp(p, "9007199254740992", 16) > 0;
}

/* Copies JSON text to out (if not NULL) with big integer literals quoted;
 * returns the length written (or that would be). */
static size_t quote_big_ints(char *out, const char *s, size_t len, size_t *count)
{
	size_t i = 0, o = 0;
	int in_str = 0;
	*count = 0;
#define PUT(ch) do { if (out) out[o] = (ch); o++; } while (0)
	while (i < len) {
		char ch = s[i];
		if (in_str) {
			PUT(ch);
			i++;
			if (ch == '\\' && i < len) {
				PUT(s[i]);
				i++;
			} else if (ch == '"') {
				in_str = 0;
			}
		} else if (ch == '"') {
			in_str = 1;
			PUT(ch);
			i++;
		} else if (ch == '-' || (ch >= '0' && ch <= '9')) {
			size_t j = i;
			while (j < len && num_char(s[j]))
				j++;
			/* a number before ':' is an object key, which JSON does
			 * not allow: quoting it would make JSON of what is not */
			size_t k = j;
			while (k < len && (s[k] == ' ' || s[k] == '\t' || s[k] == '\n' || s[k] == '\r'))
				k++;
			int big = big_int(s + i, j - i) && !(k < len && s[k] == ':');
			if (big) {
				PUT('"');
				(*count)++;
			}
			for (; i < j; i++)
				PUT(s[i]);
			if (big)
				PUT('"');
		} else {
			PUT(ch);
			i++;
		}
	}
#undef PUT
	return o;
}

cJSON *jsonrpc_parse(const char *text, size_t len)
{
	size_t big = 0, n = len;
	char *tmp = NULL;
	const char *src = text, *end = NULL;
	if (!text)
		return NULL;
	quote_big_ints(NULL, text, len, &big);
	if (big) {
		n = quote_big_ints(NULL, text, len, &big);
		if (!(tmp = malloc(n + 1)))
			return NULL;
		quote_big_ints(tmp, text, len, &big);
		tmp[n] = '\0';
		src = tmp;
	}
	cJSON *root = cJSON_ParseWithLengthOpts(src, n, &end, 0);
	if (root) {
		while (end < src + n && (*end == ' ' || *end == '\t' || *end == '\n' || *end == '\r'))
			end++;
		if (end != src + n) {
			cJSON_Delete(root);
			root = NULL;
		}
	}
	free(tmp);
	return root;
}

int jsonrpc_u64(uint64_t *out, const cJSON *v)
{
	if (cJSON_IsNumber(v)) {
		double d = v->valuedouble;
		if (!(d >= 0 && d <= 9007199254740992.0) || (double)(uint64_t)d != d)
			return ERR_NET;
		*out = (uint64_t)d;
		return 0;
	}
	if (cJSON_IsString(v) && v->valuestring[0]) {
		uint64_t x = 0;
		for (const char *p = v->valuestring; *p; p++) {
			if (*p < '0' || *p > '9')
				return ERR_NET;
			unsigned digit = (unsigned)(*p - '0');
			if (x > (UINT64_MAX - digit) / 10)
				return ERR_NET;
			x = x * 10 + digit;
		}
		*out = x;
		return 0;
	}
	return ERR_NET;
}

/* ---- setup ---- */

int jsonrpc_init(struct jsonrpc *rpc, struct http_client *http,
		 const char *const *urls, size_t n_urls, struct error *e)
{
	memset(rpc, 0, sizeof *rpc);
	rpc->http = http;
	rpc->next_id = 1;
	rpc->batch = 1;
	rpc->max_batch = 100;
	if (!n_urls)
		return error_set(e, ERR_USAGE, "no RPC URL");
	for (size_t i = 0; i < n_urls; i++) {
		int rc = http_url_check(urls[i], http->insecure, e);
		if (rc)
			return rc;
	}
	if (!(rpc->urls = calloc(n_urls, sizeof *rpc->urls)))
		return error_set(e, ERR_FAIL, "out of memory");
	for (size_t i = 0; i < n_urls; i++) {
		if (!(rpc->urls[i] = dup_str(urls[i]))) {
			jsonrpc_release(rpc);
			return error_set(e, ERR_FAIL, "out of memory");
		}
		rpc->n_urls++;
	}
	return 0;
}

void jsonrpc_release(struct jsonrpc *rpc)
{
	while (rpc->xfers)
		http_cancel(rpc->http, &rpc->xfers->req);
	for (size_t i = 0; i < rpc->n_urls; i++)
		free(rpc->urls[i]);
	for (size_t i = 0; i < rpc->n_headers; i++)
		free(rpc->headers[i]);
	free(rpc->urls);
	free(rpc->headers);
	memset(rpc, 0, sizeof *rpc);
}

int jsonrpc_add_header(struct jsonrpc *rpc, const char *line, struct error *e)
{
	char **h = realloc(rpc->headers, (rpc->n_headers + 1) * sizeof *h);
	if (!h)
		return error_set(e, ERR_FAIL, "out of memory");
	rpc->headers = h;
	if (!(h[rpc->n_headers] = dup_str(line)))
		return error_set(e, ERR_FAIL, "out of memory");
	rpc->n_headers++;
	return 0;
}

static void clear_outcome(struct jsonrpc_call *call)
{
	cJSON_Delete(call->result);
	cJSON_Delete(call->rpc_data);
	free(call->rpc_message);
	call->result = call->rpc_data = NULL;
	call->rpc_message = NULL;
	call->rpc_error = 0;
	call->rpc_code = 0;
	call->code = 0;
	error_clear(&call->err);
}

int jsonrpc_call_init(struct jsonrpc_call *call, const char *method, cJSON *params,
		      struct error *e)
{
	memset(call, 0, sizeof *call);
	call->params = params;
	if (!(call->method = dup_str(method)))
		return error_set(e, ERR_FAIL, "out of memory");
	return 0;
}

void jsonrpc_call_release(struct jsonrpc_call *call)
{
	if (!call)
		return;
	clear_outcome(call);
	free(call->method);
	cJSON_Delete(call->params);
	memset(call, 0, sizeof *call);
}

cJSON *jsonrpc_call_take_result(struct jsonrpc_call *call)
{
	cJSON *r = call->result;
	call->result = NULL;
	return r;
}

/* ---- outcomes ---- */

static void complete(struct jsonrpc_call *call)
{
	call->pending = 0;
	call->err.code = call->code;
	if (call->done)
		call->done(call, call->arg);
}

__attribute__((format(printf, 2, 3)))
static void fail(struct jsonrpc_call *call, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(call->err.msg, sizeof call->err.msg, fmt, ap);
	va_end(ap);
	call->code = ERR_NET;
	complete(call);
}

static const char *kind(const cJSON *v)
{
	if (cJSON_IsArray(v))
		return "an array";
	if (cJSON_IsObject(v))
		return "an object";
	if (cJSON_IsString(v))
		return "a string";
	if (cJSON_IsNumber(v))
		return "a number";
	if (cJSON_IsBool(v))
		return "a boolean";
	return "null";
}

/* Whether a reply's id is the call's. */
static int id_is(const cJSON *id, long long want)
{
	if (cJSON_IsNumber(id))
		return id->valuedouble == (double)want;
	if (cJSON_IsString(id)) {
		char buf[32];
		snprintf(buf, sizeof buf, "%lld", want);
		return strcmp(id->valuestring, buf) == 0;
	}
	return 0;
}

static void describe_id(char *out, size_t n, const cJSON *id)
{
	if (!id)
		snprintf(out, n, "none");
	else if (cJSON_IsNumber(id))
		snprintf(out, n, "%.17g", id->valuedouble);
	else if (cJSON_IsString(id))
		http_sanitize(out, n, id->valuestring, strlen(id->valuestring));
	else
		snprintf(out, n, "%s", kind(id));
}

/* Takes a JSON-RPC error object into the call; prefix names the method and
 * the endpoint (and an HTTP status, if any). */
static void take_error(struct jsonrpc_call *call, const cJSON *err, const char *prefix)
{
	const cJSON *code = cJSON_GetObjectItemCaseSensitive(err, "code");
	const cJSON *msg = cJSON_GetObjectItemCaseSensitive(err, "message");
	const cJSON *data = cJSON_GetObjectItemCaseSensitive(err, "data");
	char text[256];
	if (!cJSON_IsObject(err) || !cJSON_IsNumber(code)) {
		fail(call, "%s: malformed JSON-RPC error (%s)", prefix,
		     cJSON_IsObject(err) ? "no numeric code" : kind(err));
		return;
	}
	/* JSON-RPC codes are integers; a double past a long's range (1e400 is
	 * infinity) cannot be converted */
	if (!(code->valuedouble >= -2147483648.0 && code->valuedouble <= 2147483647.0)) {
		fail(call, "%s: malformed JSON-RPC error (code out of range)", prefix);
		return;
	}
	if (cJSON_IsString(msg))
		http_sanitize(text, sizeof text, msg->valuestring, strlen(msg->valuestring));
	else
		snprintf(text, sizeof text, "(no message)");
	call->rpc_error = 1;
	call->rpc_code = (long)code->valuedouble;
	call->rpc_message = dup_str(text);
	if (data && !cJSON_IsNull(data))
		call->rpc_data = cJSON_Duplicate(data, 1);
	int o = snprintf(call->err.msg, sizeof call->err.msg, "%s: RPC error %ld: %s", prefix,
			 call->rpc_code, text);
	if (call->rpc_data && o > 0 && (size_t)o + 10 < sizeof call->err.msg) {
		char *d = cJSON_PrintUnformatted(call->rpc_data);
		if (d) {
			memcpy(call->err.msg + o, "; data: ", 8);
			http_sanitize(call->err.msg + o + 8, sizeof call->err.msg - (size_t)o - 8,
				      d, strlen(d));
			free(d);
		}
	}
	call->code = ERR_NET;
	complete(call);
}

/* One reply object for call; prefix is "method: URL". */
static void take_reply(struct jsonrpc_call *call, cJSON *obj, const char *prefix)
{
	char a[64];
	if (!cJSON_IsObject(obj)) {
		fail(call, "%s: reply is not a JSON-RPC response (%s)", prefix, kind(obj));
		return;
	}
	cJSON *id = cJSON_GetObjectItemCaseSensitive(obj, "id");
	cJSON *err = cJSON_GetObjectItemCaseSensitive(obj, "error");
	cJSON *result = cJSON_GetObjectItemCaseSensitive(obj, "result");
	int error = err && !cJSON_IsNull(err);
	/* an error with a null id: the server could not read the request */
	if (!id_is(id, call->id) && !(error && cJSON_IsNull(id))) {
		describe_id(a, sizeof a, id);
		fail(call, "%s: reply is for another request (id %s, expected %lld)", prefix, a,
		     call->id);
		return;
	}
	if (error) {
		take_error(call, err, prefix);
		return;
	}
	if (!result) {
		fail(call, "%s: reply has neither result nor error", prefix);
		return;
	}
	call->result = cJSON_DetachItemViaPointer(obj, result);
	call->code = 0;
	complete(call);
}

/* "reply is not JSON (text/html: "<html>...")" */
static void not_json(char *out, size_t n, const struct http_request *r)
{
	char snip[64], type[64];
	if (!r->reply_len) {
		snprintf(out, n, "reply is empty, not JSON");
		return;
	}
	http_sanitize(snip, sizeof snip, r->reply, r->reply_len);
	if (r->content_type)
		http_sanitize(type, sizeof type, r->content_type, strcspn(r->content_type, ";"));
	snprintf(out, n, "reply is not JSON (%s%s\"%s\")", r->content_type ? type : "",
		 r->content_type ? ": " : "", snip);
}

void jsonrpc_call_take_reply(struct jsonrpc_call *call, const char *body, size_t len, const char *shown)
{
	char prefix[640];
	cJSON *root = jsonrpc_parse(body, len);
	clear_outcome(call);
	snprintf(prefix, sizeof prefix, "%s: %s", call->method, shown);
	if (!root)
		fail(call, "%s: reply is not JSON", prefix);
	else
		take_reply(call, root, prefix);
	cJSON_Delete(root);
}

/* ---- transfers ---- */

static void xfer_done(struct http_request *r, void *arg);

static struct jsonrpc_xfer *xfer_new(struct jsonrpc *rpc, struct jsonrpc_call *const *calls,
				     size_t n, int batch)
{
	struct jsonrpc_xfer *x = calloc(1, sizeof *x + n * sizeof *calls);
	if (!x)
		return NULL;
	http_request_init(&x->req);
	x->rpc = rpc;
	x->batch = batch;
	x->n = n;
	memcpy(x->calls, calls, n * sizeof *calls);
	return x;
}

static cJSON *request_json(const struct jsonrpc_call *call)
{
	cJSON *o = cJSON_CreateObject();
	if (!o || !cJSON_AddStringToObject(o, "jsonrpc", "2.0") ||
	    !cJSON_AddNumberToObject(o, "id", (double)call->id) ||
	    !cJSON_AddStringToObject(o, "method", call->method) ||
	    (call->params && !cJSON_AddItemReferenceToObject(o, "params", call->params))) {
		cJSON_Delete(o);
		return NULL;
	}
	return o;
}

/* Sends x; on failure its calls fail and x is freed. */
static void xfer_send(struct jsonrpc_xfer *x)
{
	struct jsonrpc *rpc = x->rpc;
	struct error e = {0};
	cJSON *doc = x->batch ? cJSON_CreateArray() : request_json(x->calls[0]);
	char *body = NULL;
	int rc = doc ? 0 : ERR_FAIL;
	for (size_t i = 0; x->batch && doc && i < x->n && !rc; i++) {
		cJSON *one = request_json(x->calls[i]);
		if (!one || !cJSON_AddItemToArray(doc, one)) {
			cJSON_Delete(one);
			rc = ERR_FAIL;
		}
	}
	if (!rc && !(body = cJSON_PrintUnformatted(doc)))
		rc = ERR_FAIL;
	cJSON_Delete(doc);
	if (rc)
		error_set(&e, rc, "out of memory");
	for (size_t i = 0; !rc && i < rpc->n_urls; i++)
		rc = http_request_add_url(&x->req, rpc->urls[i], &e);
	if (!rc)
		rc = http_request_add_header(&x->req, "Content-Type: application/json", &e);
	if (!rc)
		rc = http_request_add_header(&x->req, "Accept: application/json", &e);
	for (size_t i = 0; !rc && i < rpc->n_headers; i++)
		rc = http_request_add_header(&x->req, rpc->headers[i], &e);
	if (!rc)
		rc = http_request_set_body(&x->req, "POST", body, strlen(body), &e);
	free(body);
	x->req.url_start = rpc->preferred;
	x->req.done = xfer_done;
	x->req.arg = x;
	if (!rc)
		rc = http_submit(rpc->http, &x->req, &e);
	if (rc) {
		http_request_release(&x->req);
		for (size_t i = 0; i < x->n; i++)
			fail(x->calls[i], "%s: %s", x->calls[i]->method, e.msg);
		free(x);
		return;
	}
	x->prev = NULL;
	x->next = rpc->xfers;
	if (rpc->xfers)
		rpc->xfers->prev = x;
	rpc->xfers = x;
}

static void send_alone(struct jsonrpc *rpc, struct jsonrpc_call *call)
{
	struct jsonrpc_xfer *x = xfer_new(rpc, &call, 1, 0);
	if (!x)
		fail(call, "%s: out of memory", call->method);
	else
		xfer_send(x);
}

static int mentions_batch(const cJSON *err)
{
	const cJSON *msg = cJSON_GetObjectItemCaseSensitive(err, "message");
	if (!cJSON_IsString(msg))
		return 0;
	for (const char *p = msg->valuestring; *p; p++)
		if (strncasecmp(p, "batch", 5) == 0)
			return 1;
	return 0;
}

static void take_batch(struct jsonrpc_xfer *x, cJSON *root, const char *shown)
{
	struct jsonrpc *rpc = x->rpc;
	char prefix[640];
	int refused = !cJSON_IsArray(root);
	unsigned char *answered = calloc(x->n ? x->n : 1, 1);
	cJSON *item;
	if (!answered) {
		for (size_t i = 0; i < x->n; i++)
			fail(x->calls[i], "%s: %s: out of memory", x->calls[i]->method, shown);
		return;
	}
	if (!refused) {
		cJSON_ArrayForEach(item, root) {
			cJSON *id = cJSON_GetObjectItemCaseSensitive(item, "id");
			cJSON *err = cJSON_GetObjectItemCaseSensitive(item, "error");
			size_t i;
			for (i = 0; i < x->n; i++)
				if (!answered[i] && id_is(id, x->calls[i]->id))
					break;
			if (i == x->n) /* someone else's id, or a repeat: ignored */
				continue;
			if (err && !cJSON_IsNull(err) && mentions_batch(err)) {
				refused = 1; /* "batch too large", "batches not allowed" */
				continue;
			}
			answered[i] = 1;
			snprintf(prefix, sizeof prefix, "%s: %s", x->calls[i]->method, shown);
			x->calls[i]->url_used = x->req.url_used;
			take_reply(x->calls[i], item, prefix);
		}
	}
	if (refused)
		rpc->batch = 0;
	for (size_t i = 0; i < x->n; i++)
		if (!answered[i])
			send_alone(rpc, x->calls[i]);
	free(answered);
}

static void xfer_done(struct http_request *r, void *arg)
{
	struct jsonrpc_xfer *x = arg;
	struct jsonrpc *rpc = x->rpc;
	char shown[256], prefix[640], why[160];

	if (x->prev)
		x->prev->next = x->next;
	else
		rpc->xfers = x->next;
	if (x->next)
		x->next->prev = x->prev;

	http_url_display(shown, sizeof shown, r->urls[r->url_used]);
	for (size_t i = 0; i < x->n; i++)
		x->calls[i]->url_used = r->url_used;

	if (r->code && x->batch && !r->cancelled && r->status >= 400 && r->status <= 499) {
		/* a final 4xx to a batch: the server does not take batches */
		rpc->batch = 0;
		for (size_t i = 0; i < x->n; i++)
			send_alone(rpc, x->calls[i]);
	} else if (r->code) {
		/* cancelled, or every URL failed: the http layer's story (each
		 * endpoint and what went wrong), plus the server's JSON-RPC
		 * error if its last reply carried one */
		cJSON *root = !x->batch && !r->cancelled && r->reply ?
			jsonrpc_parse(r->reply, r->reply_len) : NULL;
		cJSON *err = cJSON_GetObjectItemCaseSensitive(root, "error");
		if (cJSON_IsObject(err)) {
			snprintf(prefix, sizeof prefix, "%s: %s", x->calls[0]->method, r->err.msg);
			take_error(x->calls[0], err, prefix);
		} else {
			for (size_t i = 0; i < x->n; i++)
				fail(x->calls[i], "%s: %s", x->calls[i]->method, r->err.msg);
		}
		cJSON_Delete(root);
	} else {
		rpc->preferred = r->url_used;
		cJSON *root = jsonrpc_parse(r->reply, r->reply_len);
		if (!root) {
			not_json(why, sizeof why, r);
			for (size_t i = 0; i < x->n; i++)
				fail(x->calls[i], "%s: %s: %s", x->calls[i]->method, shown, why);
		} else if (x->batch) {
			take_batch(x, root, shown);
		} else {
			snprintf(prefix, sizeof prefix, "%s: %s", x->calls[0]->method, shown);
			take_reply(x->calls[0], root, prefix);
		}
		cJSON_Delete(root);
	}
	http_request_release(&x->req);
	free(x);
}

int jsonrpc_submit(struct jsonrpc *rpc, struct jsonrpc_call *const *calls, size_t n,
		   struct error *e)
{
	for (size_t i = 0; i < n; i++)
		if (calls[i]->pending)
			return error_set(e, ERR_USAGE, "%s: the call is already pending",
					 calls[i]->method);
	for (size_t i = 0; i < n; i++) {
		clear_outcome(calls[i]);
		calls[i]->id = rpc->next_id++;
		calls[i]->pending = 1;
	}
	size_t max = rpc->max_batch ? rpc->max_batch : 1;
	for (size_t i = 0; i < n;) {
		size_t k = n - i < max ? n - i : max;
		if (!rpc->batch || k == 1) {
			send_alone(rpc, calls[i]);
			i++;
			continue;
		}
		struct jsonrpc_xfer *x = xfer_new(rpc, calls + i, k, 1);
		if (!x) {
			for (size_t j = i; j < i + k; j++)
				fail(calls[j], "%s: out of memory", calls[j]->method);
		} else {
			xfer_send(x);
		}
		i += k;
	}
	return 0;
}

static int any_pending(struct jsonrpc_call *const *calls, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (calls[i]->pending)
			return 1;
	return 0;
}

/* Cancels the transfers that carry any of the calls (they then fail). */
static void cancel_calls(struct jsonrpc *rpc, struct jsonrpc_call *const *calls, size_t n)
{
again:
	for (struct jsonrpc_xfer *x = rpc->xfers; x; x = x->next)
		for (size_t i = 0; i < x->n; i++)
			for (size_t j = 0; j < n; j++)
				if (x->calls[i] == calls[j]) {
					http_cancel(rpc->http, &x->req); /* frees x */
					goto again;
				}
}

int jsonrpc_wait(struct jsonrpc *rpc, struct jsonrpc_call *const *calls, size_t n)
{
	while (any_pending(calls, n)) {
		if (!http_pending(rpc->http)) {
			/* cannot happen: a pending call always has a transfer */
			for (size_t i = 0; i < n; i++)
				if (calls[i]->pending)
					fail(calls[i], "%s: lost track of the call", calls[i]->method);
			return ERR_FAIL;
		}
		int rc = http_step(rpc->http, -1);
		if (rc < 0) {
			cancel_calls(rpc, calls, n);
			return rc;
		}
	}
	return 0;
}

int jsonrpc_run(struct jsonrpc *rpc, struct jsonrpc_call *const *calls, size_t n,
		struct error *e)
{
	int rc = jsonrpc_submit(rpc, calls, n, e);
	if (rc)
		return rc;
	if ((rc = jsonrpc_wait(rpc, calls, n)) != 0)
		return error_set(e, rc, "the http transport failed (libcurl)");
	for (size_t i = 0; i < n; i++)
		if (calls[i]->code)
			return error_set(e, calls[i]->code, "%s", calls[i]->err.msg);
	return 0;
}

int jsonrpc_request(struct jsonrpc *rpc, cJSON **result, const char *method,
		    cJSON *params, struct error *e)
{
	struct jsonrpc_call call, *p = &call;
	*result = NULL;
	int rc = jsonrpc_call_init(&call, method, params, e);
	if (!rc)
		rc = jsonrpc_run(rpc, &p, 1, e);
	if (!rc)
		*result = jsonrpc_call_take_result(&call);
	jsonrpc_call_release(&call);
	return rc;
}
