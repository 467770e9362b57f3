/* The HTTP transport and JSON-RPC against a fake server on a free loopback
 * port (tests/integration/fake-rpc.js, node's built-in http only): success,
 * batches, refused batches, 429 with Retry-After, 503 and failover, dead
 * ports, timeouts, hostile replies, size caps, hang-ups, the URL policy,
 * and many requests in flight at once. */
#include "config.h"
#include "tap.h"
#include "http.h"
#include "jsonrpc.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdarg.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* For set-up steps that cannot fail unless the machine is broken. */
#define MUST(x) do { \
	if ((x) != 0) { \
		printf("Bail out! %s:%d: %s failed\n", __FILE__, __LINE__, #x); \
		exit(1); \
	} \
} while (0)

static pid_t server_pid;
static int server_in = -1;
static int port;
static int dead_port;
static int dead_sock = -1;

static long long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* "http://127.0.0.1:PORT" + a path (printf format); a few rotating buffers. */
__attribute__((format(printf, 1, 2)))
static const char *U(const char *fmt, ...)
{
	static char bufs[8][256];
	static int k;
	char *b = bufs[k++ % 8];
	int o = snprintf(b, 256, "http://127.0.0.1:%d", port);
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(b + o, 256 - (size_t)o, fmt, ap);
	va_end(ap);
	return b;
}

static void start_server(void)
{
	const char *srcdir = getenv("srcdir");
	char path[1024], line[64];
	int in[2], out[2];
	snprintf(path, sizeof path, "%s/tests/integration/fake-rpc.js", srcdir ? srcdir : ".");
	if (pipe(in) || pipe(out)) {
		printf("Bail out! pipe: %s\n", strerror(errno));
		exit(1);
	}
	fflush(stdout);
	server_pid = fork();
	if (server_pid == 0) {
		dup2(in[0], 0);
		dup2(out[1], 1);
		close(in[0]);
		close(in[1]);
		close(out[0]);
		close(out[1]);
		execlp("node", "node", path, (char *)NULL);
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
	if (sscanf(line, "PORT %d", &port) != 1 || port <= 0) {
		printf("Bail out! cannot start the test server: node %s (is node installed?)\n", path);
		exit(1);
	}
	/* a port where nothing listens: bound, never listening, so refused */
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	socklen_t len = sizeof a;
	dead_sock = socket(AF_INET, SOCK_STREAM, 0);
	if (dead_sock < 0 || bind(dead_sock, (struct sockaddr *)&a, sizeof a) ||
	    getsockname(dead_sock, (struct sockaddr *)&a, &len)) {
		printf("Bail out! cannot reserve a dead port\n");
		exit(1);
	}
	dead_port = ntohs(a.sin_port);
}

static void stop_server(void)
{
	if (server_in >= 0)
		close(server_in); /* the server exits when its stdin closes */
	if (server_pid > 0) {
		for (int i = 0; i < 50 && waitpid(server_pid, NULL, WNOHANG) == 0; i++)
			usleep(20000);
		if (kill(server_pid, 0) == 0) {
			kill(server_pid, SIGTERM);
			waitpid(server_pid, NULL, 0);
		}
	}
	if (dead_sock >= 0)
		close(dead_sock);
}

static struct http_client hc;

static void client_defaults(void)
{
	hc.timeout_ms = 5000;
	hc.max_reply = 16 * 1024 * 1024;
	hc.max_tries = 3;
	hc.backoff_ms = 20;
	hc.max_wait_ms = 5000;
	hc.max_per_host = 8;
	hc.insecure = 0;
}

/* GET url; returns the request's code; the request stays for inspection. */
static int get(struct http_request *r, const char *url)
{
	struct error e = {0};
	http_request_release(r);
	http_request_init(r);
	if (http_request_add_url(r, url, &e))
		return -100;
	return http_fetch(&hc, r, &e);
}

/* Hits on a path, from the server's /stats. */
static int hits(const char *path)
{
	struct http_request r;
	http_request_init(&r);
	int n = -1;
	if (get(&r, U("/stats")) == 0) {
		cJSON *j = jsonrpc_parse(r.reply, r.reply_len);
		cJSON *h = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(j, "hits"), path);
		n = cJSON_IsNumber(h) ? h->valueint : 0;
		cJSON_Delete(j);
	}
	http_request_release(&r);
	return n;
}

static int max_inflight(void)
{
	struct http_request r;
	http_request_init(&r);
	int n = -1;
	if (get(&r, U("/stats")) == 0) {
		cJSON *j = jsonrpc_parse(r.reply, r.reply_len);
		cJSON *m = cJSON_GetObjectItemCaseSensitive(j, "maxInflight");
		n = cJSON_IsNumber(m) ? m->valueint : -1;
		cJSON_Delete(j);
	}
	http_request_release(&r);
	return n;
}

static int contains(const char *hay, const char *needle)
{
	return hay && strstr(hay, needle) != NULL;
}

/* A JSON-RPC client on these URLs (NULL-terminated). */
static void rpc_on(struct jsonrpc *rpc, ...)
{
	const char *urls[8];
	size_t n = 0;
	struct error e = {0};
	va_list ap;
	va_start(ap, rpc);
	const char *u;
	while (n < 8 && (u = va_arg(ap, const char *)) != NULL)
		urls[n++] = u;
	va_end(ap);
	if (jsonrpc_init(rpc, &hc, urls, n, &e)) {
		printf("Bail out! jsonrpc_init: %s\n", e.msg);
		exit(1);
	}
}

static void test_url_policy(void)
{
	struct error e = {0};
	is_int(http_url_check("https://api.mainnet-beta.solana.com", 0, &e), 0, "https is allowed");
	is_int(http_url_check("http://127.0.0.1:8899", 0, &e), 0, "http to 127.0.0.1 is allowed");
	is_int(http_url_check("http://127.9.8.7/rpc", 0, &e), 0, "http to 127.0.0.0/8 is allowed");
	is_int(http_url_check("http://localhost:8545", 0, &e), 0, "http to localhost is allowed");
	is_int(http_url_check("http://[::1]:8545/", 0, &e), 0, "http to [::1] is allowed");
	is_int(http_url_check("http://[::ffff:127.0.0.1]/", 0, &e), 0, "http to v4-mapped loopback is allowed");
	is_int(http_url_check("http://192.0.2.1/rpc", 0, &e), ERR_USAGE, "http to another host is refused");
	ok(contains(e.msg, "loopback") && contains(e.msg, "http://192.0.2.1/rpc") &&
	   contains(e.msg, "--insecure"), "... saying why, naming the URL and the way out: %s", e.msg);
	is_int(http_url_check("http://192.0.2.1/rpc", 1, &e), 0, "... allowed with insecure");
	is_int(http_url_check("http://127.0.0.1.nip.io/", 0, &e), ERR_USAGE, "a host name that merely starts with 127. is refused");
	is_int(http_url_check("http://localhost.example.com/", 0, &e), ERR_USAGE, "localhost.example.com is refused");
	is_int(http_url_check("http://[::2]/", 0, &e), ERR_USAGE, "http to [::2] is refused");
	is_int(http_url_check("file:///etc/passwd", 0, &e), ERR_USAGE, "file:// is refused");
	ok(contains(e.msg, "file://"), "... naming the scheme: %s", e.msg);
	is_int(http_url_check("file:///etc/passwd", 1, &e), ERR_USAGE, "file:// is refused even with insecure");
	is_int(http_url_check("ftp://127.0.0.1/x", 1, &e), ERR_USAGE, "ftp:// is refused");
	is_int(http_url_check("gopher://127.0.0.1/", 1, &e), ERR_USAGE, "gopher:// is refused");
	is_int(http_url_check("api.mainnet-beta.solana.com", 0, &e), ERR_USAGE, "a URL without a scheme is refused");
	is_int(http_url_check("https://", 0, &e), ERR_USAGE, "a URL without a host is refused");
	is_int(http_url_check("https://exa mple.com/", 0, &e), ERR_USAGE, "a URL with a space is refused");

	char shown[256];
	http_url_display(shown, sizeof shown,
			 "https://user:secret@eth-mainnet.g.alchemy.com/v2/AbCdEfGhIjKlMnOpQrStUvWxYz012345?x=1");
	is_str(shown, "https://eth-mainnet.g.alchemy.com/v2/***?***", "errors show URLs without credentials or API keys");
	http_url_display(shown, sizeof shown, "http://127.0.0.1:8899/rpc");
	is_str(shown, "http://127.0.0.1:8899/rpc", "short paths are shown as they are");
	http_url_display(shown, sizeof shown, "https://mainnet.helius-rpc.com/?api-key=0123");
	is_str(shown, "https://mainnet.helius-rpc.com/?***", "a query is hidden");
}

static void test_sanitize(void)
{
	char out[32];
	const char evil[] = "a\x1b[2Jb\x07\n\xc2\x9b" "c\xc3\xa9";
	http_sanitize(out, sizeof out, evil, sizeof evil - 1);
	is_str(out, "a?[2Jb? ?c\xc3\xa9", "control characters (C0, C1) become '?', UTF-8 stays");
	http_sanitize(out, 10, "0123456789abcdef", 16);
	is_str(out, "012345...", "long text is cut with ...");
	http_sanitize(out, 10, "\xff\xfe", 2);
	is_str(out, "??", "invalid UTF-8 becomes '?'");
}

static void test_parse(void)
{
	const char *text = "{\"a\":18446744073709551615,\"b\":9007199254740993,\"c\":9007199254740992,"
			   "\"d\":-9007199254740993,\"e\":1e300,\"f\":\"900719925474099300\",\"g\":[12345678901234567890]} \n";
	cJSON *j = jsonrpc_parse(text, strlen(text));
	uint64_t v = 0;
	ok(j != NULL, "parse JSON with big integers");
	cJSON *a = cJSON_GetObjectItemCaseSensitive(j, "a");
	ok(cJSON_IsString(a) && strcmp(a->valuestring, "18446744073709551615") == 0, "2^64-1 kept exact, as digits");
	ok(jsonrpc_u64(&v, a) == 0 && v == UINT64_MAX, "jsonrpc_u64 reads 2^64-1");
	ok(jsonrpc_u64(&v, cJSON_GetObjectItemCaseSensitive(j, "b")) == 0 && v == 9007199254740993ULL,
	   "2^53+1 kept exact");
	cJSON *c = cJSON_GetObjectItemCaseSensitive(j, "c");
	ok(cJSON_IsNumber(c) && jsonrpc_u64(&v, c) == 0 && v == 9007199254740992ULL, "2^53 stays a number");
	ok(jsonrpc_u64(&v, cJSON_GetObjectItemCaseSensitive(j, "d")) == ERR_NET, "a negative is not a u64");
	ok(jsonrpc_u64(&v, cJSON_GetObjectItemCaseSensitive(j, "e")) == ERR_NET, "1e300 is not a u64");
	ok(jsonrpc_u64(&v, cJSON_GetObjectItemCaseSensitive(j, "f")) == 0 && v == 900719925474099300ULL,
	   "a string of digits is a u64");
	cJSON *g = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(j, "g"), 0);
	ok(cJSON_IsString(g) && strcmp(g->valuestring, "12345678901234567890") == 0, "big integers inside arrays too");
	cJSON_Delete(j);
	cJSON s = {0};
	s.type = cJSON_String;
	s.valuestring = "18446744073709551616";
	ok(jsonrpc_u64(&v, &s) == ERR_NET, "2^64 overflows");
	s.valuestring = "12a";
	ok(jsonrpc_u64(&v, &s) == ERR_NET, "not digits");
	s.valuestring = "";
	ok(jsonrpc_u64(&v, &s) == ERR_NET, "empty string");
	text = "{\"s\":\"a \\\"quoted\\\" 99999999999999999999\"}";
	j = jsonrpc_parse(text, strlen(text));
	cJSON *q = cJSON_GetObjectItemCaseSensitive(j, "s");
	ok(cJSON_IsString(q) && strcmp(q->valuestring, "a \"quoted\" 99999999999999999999") == 0,
	   "digits inside strings are left alone");
	cJSON_Delete(j);
	ok(jsonrpc_parse("{} {}", 5) == NULL, "two values are not one JSON text");
	ok(jsonrpc_parse("{\"a\":1", 6) == NULL, "truncated JSON is refused");
	ok(jsonrpc_parse("", 0) == NULL, "empty text is refused");
}

static void test_success(void)
{
	struct jsonrpc rpc;
	struct error e = {0};
	cJSON *res = NULL;
	rpc_on(&rpc, U("/rpc"), NULL);
	is_int(jsonrpc_request(&rpc, &res, "add", cJSON_Parse("[40,2]"), &e), 0, "a JSON-RPC call succeeds");
	ok(cJSON_IsNumber(res) && res->valuedouble == 42, "its result is right");
	cJSON_Delete(res);
	is_int(jsonrpc_request(&rpc, &res, "echo", NULL, &e), 0, "a call without params");
	ok(cJSON_IsNull(res), "a null result is a result");
	cJSON_Delete(res);

	MUST(jsonrpc_add_header(&rpc, "X-Api-Key: k123", &e));
	is_int(jsonrpc_request(&rpc, &res, "headers", NULL, &e), 0, "the server sees our headers");
	cJSON *ua = cJSON_GetObjectItemCaseSensitive(res, "user-agent");
	is_str(cJSON_IsString(ua) ? ua->valuestring : NULL, "depinctl/" PACKAGE_VERSION, "user agent depinctl/VERSION");
	cJSON *key = cJSON_GetObjectItemCaseSensitive(res, "x-api-key");
	is_str(cJSON_IsString(key) ? key->valuestring : NULL, "k123", "an added header is sent");
	cJSON *ct = cJSON_GetObjectItemCaseSensitive(res, "content-type");
	is_str(cJSON_IsString(ct) ? ct->valuestring : NULL, "application/json", "Content-Type: application/json");
	cJSON_Delete(res);

	is_int(jsonrpc_request(&rpc, &res, "big", NULL, &e), 0, "a reply with u64 numbers");
	uint64_t v = 0;
	ok(jsonrpc_u64(&v, cJSON_GetObjectItemCaseSensitive(res, "max")) == 0 && v == UINT64_MAX,
	   "u64 max comes through exact");
	ok(jsonrpc_u64(&v, cJSON_GetObjectItemCaseSensitive(res, "edge")) == 0 && v == 9007199254740993ULL,
	   "2^53+1 comes through exact");
	ok(jsonrpc_u64(&v, cJSON_GetObjectItemCaseSensitive(res, "small")) == 0 && v == 42, "small numbers too");
	cJSON_Delete(res);

	/* the server's own error: code, message and data reach the caller */
	struct jsonrpc_call call, *p = &call;
	MUST(jsonrpc_call_init(&call, "simulate", cJSON_Parse("[\"AQAB\"]"), &e));
	is_int(jsonrpc_run(&rpc, &p, 1, &e), ERR_NET, "a JSON-RPC error is ERR_NET");
	ok(call.rpc_error && call.rpc_code == -32002, "its code is kept (%ld)", call.rpc_code);
	ok(contains(call.rpc_message, "Transaction simulation failed"), "its message is kept");
	cJSON *logs = cJSON_GetObjectItemCaseSensitive(call.rpc_data, "logs");
	ok(cJSON_GetArraySize(logs) == 2, "its data (the simulation logs) is kept");
	ok(contains(e.msg, "simulate") && contains(e.msg, U("/rpc")) && contains(e.msg, "-32002") &&
	   contains(e.msg, "insufficient lamports 5, need 10"),
	   "the message names method, endpoint, code and the logs: %s", e.msg);
	jsonrpc_call_release(&call);

	is_int(jsonrpc_request(&rpc, &res, "evil", NULL, &e), ERR_NET, "an error with control characters");
	ok(!strchr(e.msg, '\x1b') && !strchr(e.msg, '\x07') && !strstr(e.msg, "\xc2\x9b") &&
	   contains(e.msg, "bad?[2Jthing"), "reaches the user without them: %s", e.msg);
	is_int(jsonrpc_request(&rpc, &res, "nosuch", NULL, &e), ERR_NET, "an unknown method");
	ok(contains(e.msg, "-32601") && contains(e.msg, "Method not found"), "... says so: %s", e.msg);
	jsonrpc_release(&rpc);
}

static void test_batches(void)
{
	struct jsonrpc rpc;
	struct error e = {0};
	struct jsonrpc_call calls[5], *p[5];
	const char *paths[] = {"/rpc/b1", "/nobatch/b2", "/nobatch200/b3", "/batchlimit/b4", "/partial/b5"};
	const char *what[] = {"batch, replies reversed", "refused with HTTP 400",
			      "refused with one error object", "refused per element", "partly answered"};
	const int want_hits[] = {1, 6, 6, 6, 2};
	for (int t = 0; t < 5; t++) {
		rpc_on(&rpc, U("%s", paths[t]), NULL);
		for (int i = 0; i < 5; i++) {
			char params[32];
			snprintf(params, sizeof params, "[%d,%d]", i, 100 * i);
			MUST(jsonrpc_call_init(&calls[i], "add", cJSON_Parse(params), &e));
			p[i] = &calls[i];
		}
		int rc = jsonrpc_run(&rpc, p, 5, &e);
		is_int(rc, 0, "%s: all calls succeed%s%s", what[t], rc ? ": " : "", rc ? e.msg : "");
		int right = 1;
		for (int i = 0; i < 5; i++)
			right &= cJSON_IsNumber(calls[i].result) && calls[i].result->valuedouble == 101 * i;
		ok(right, "%s: each call has its own result", what[t]);
		is_int(hits(paths[t]), want_hits[t], "%s: HTTP requests made", what[t]);
		is_int(rpc.batch, t == 0 || t == 4, "%s: batching %s", what[t],
		       t == 0 || t == 4 ? "stays on" : "turned off");
		for (int i = 0; i < 5; i++)
			jsonrpc_call_release(&calls[i]);
		jsonrpc_release(&rpc);
	}

	/* more calls than a batch holds: several batches */
	rpc_on(&rpc, U("/rpc/b6"), NULL);
	rpc.max_batch = 100;
	enum { N = 250 };
	static struct jsonrpc_call many[N];
	static struct jsonrpc_call *mp[N];
	for (int i = 0; i < N; i++) {
		char params[32];
		snprintf(params, sizeof params, "[%d]", i);
		MUST(jsonrpc_call_init(&many[i], "echo", cJSON_Parse(params), &e));
		mp[i] = &many[i];
	}
	is_int(jsonrpc_run(&rpc, mp, N, &e), 0, "250 calls");
	int right = 1;
	for (int i = 0; i < N; i++)
		right &= cJSON_GetArraySize(many[i].result) == 1 &&
			 cJSON_GetArrayItem(many[i].result, 0)->valuedouble == i;
	ok(right, "... each with its own result");
	is_int(hits("/rpc/b6"), 3, "... in 3 batches of at most 100");
	for (int i = 0; i < N; i++)
		jsonrpc_call_release(&many[i]);
	jsonrpc_release(&rpc);
}

static void test_retries(void)
{
	struct http_request r;
	struct error e = {0};
	long long t0;
	http_request_init(&r);

	t0 = now_ms();
	is_int(get(&r, U("/429/r1")), 0, "429 with Retry-After: 1, then success");
	ok(now_ms() - t0 >= 900, "... after waiting about 1 s (%lld ms)", now_ms() - t0);
	is_int(r.tries, 2, "... in 2 tries");

	t0 = now_ms();
	is_int(get(&r, U("/429date/r2")), 0, "429 with Retry-After as an HTTP date, then success");
	ok(now_ms() - t0 >= 900, "... after waiting (%lld ms)", now_ms() - t0);

	/* a server asking for an hour is failed over at once */
	http_request_release(&r);
	http_request_init(&r);
	t0 = now_ms();
	MUST(http_request_add_url(&r, U("/429long"), &e));
	MUST(http_request_add_url(&r, U("/slow/0/r3"), &e));
	is_int(http_fetch(&hc, &r, &e), 0, "429 asking for an hour: the next URL answers");
	ok(now_ms() - t0 < 3000 && r.url_used == 1, "... at once, from the second URL");

	t0 = now_ms();
	is_int(get(&r, U("/503/2/r4")), 0, "503 twice, then success on the same URL");
	is_int(r.tries, 3, "... in 3 tries");
	is_int(hits("/503/2/r4"), 3, "... the server saw 3 requests");

	/* 503 every time: failover to the second URL */
	struct jsonrpc rpc;
	cJSON *res = NULL;
	rpc_on(&rpc, U("/503/100/r5"), U("/rpc/r5"), NULL);
	is_int(jsonrpc_request(&rpc, &res, "add", cJSON_Parse("[1,2]"), &e), 0, "503 x 3, then failover to the second URL");
	ok(cJSON_IsNumber(res) && res->valuedouble == 3, "... with the right result");
	cJSON_Delete(res);
	is_int(hits("/503/100/r5"), 3, "... after max_tries (3) on the first");
	is_int(rpc.preferred, 1, "... which later calls try first");
	is_int(jsonrpc_request(&rpc, &res, "add", cJSON_Parse("[2,2]"), &e), 0, "a second call");
	cJSON_Delete(res);
	is_int(hits("/503/100/r5"), 3, "... goes straight to the URL that answered");
	jsonrpc_release(&rpc);

	/* a dead port, then failover */
	char dead[64];
	snprintf(dead, sizeof dead, "http://127.0.0.1:%d/rpc", dead_port);
	rpc_on(&rpc, dead, U("/rpc/r6"), NULL);
	t0 = now_ms();
	is_int(jsonrpc_request(&rpc, &res, "add", cJSON_Parse("[3,4]"), &e), 0, "connection refused, then failover");
	ok(cJSON_IsNumber(res) && res->valuedouble == 7 && now_ms() - t0 < 3000, "... quickly, right result");
	cJSON_Delete(res);
	jsonrpc_release(&rpc);

	/* everything fails: each endpoint's story */
	rpc_on(&rpc, U("/503/100/r7"), dead, NULL);
	is_int(jsonrpc_request(&rpc, &res, "getSlot", NULL, &e), ERR_NET, "every URL failing is ERR_NET");
	char want1[128], want2[128];
	snprintf(want1, sizeof want1, "%s: HTTP 503 after 3 tries", U("/503/100/r7"));
	snprintf(want2, sizeof want2, "%s: connection refused after 3 tries", dead);
	ok(contains(e.msg, "getSlot") && contains(e.msg, want1) && contains(e.msg, want2),
	   "... naming each endpoint and what failed: %s", e.msg);
	ok(res == NULL, "... and no result");
	jsonrpc_release(&rpc);

	/* a final 4xx is not retried; its JSON-RPC error is shown */
	rpc_on(&rpc, U("/status/400/r8"), NULL);
	is_int(jsonrpc_request(&rpc, &res, "getSlot", NULL, &e), ERR_NET, "HTTP 400 fails");
	ok(contains(e.msg, "HTTP 400") && contains(e.msg, "status 400 from the server"),
	   "... with the server's error: %s", e.msg);
	is_int(hits("/status/400/r8"), 1, "... without retries");
	jsonrpc_release(&rpc);
	rpc_on(&rpc, U("/status/401/r9"), U("/rpc/r9"), NULL);
	is_int(jsonrpc_request(&rpc, &res, "getSlot", NULL, &e), ERR_NET, "HTTP 401 fails over");
	ok(contains(e.msg, "Method not found"), "... to a URL that answers: %s", e.msg);
	is_int(hits("/status/401/r9"), 1, "... at once");
	jsonrpc_release(&rpc);

	/* a hang-up mid-reply: retried, then a clear error */
	is_int(get(&r, U("/hangup/r10")), ERR_NET, "a hang-up mid-reply fails");
	ok(contains(r.err.msg, "connection lost mid-transfer") && contains(r.err.msg, "after 3 tries"),
	   "... saying so: %s", r.err.msg);
	is_int(hits("/hangup/r10"), 3, "... after 3 tries");
	ok(r.reply == NULL, "... and no partial reply");
	http_request_release(&r);
}

static void test_hostile(void)
{
	struct http_request r;
	struct jsonrpc rpc;
	struct error e = {0};
	cJSON *res = NULL;
	long long t0;
	http_request_init(&r);

	hc.timeout_ms = 300;
	t0 = now_ms();
	is_int(get(&r, U("/hang")), ERR_NET, "a server that never answers times out");
	ok(contains(r.err.msg, U("/hang")) && contains(r.err.msg, "timed out after 300 ms"),
	   "... saying so: %s", r.err.msg);
	ok(now_ms() - t0 < 3000 && r.tries == 1, "... once, not retried (%lld ms)", now_ms() - t0);
	hc.timeout_ms = 5000;

	struct {
		const char *path, *want, *what;
	} bad[] = {
		{"/garbage", "reply is not JSON", "garbage"},
		{"/html", "reply is not JSON (text/html: \"<!DOCTYPE html>", "an HTML page with HTTP 200"},
		{"/empty", "reply is empty", "an empty reply"},
		{"/trailing", "reply is not JSON", "JSON with trailing garbage"},
		{"/wrongid", "reply is for another request", "a reply with another id"},
		{"/shape", "not a JSON-RPC response (an array)", "an array for one call"},
		{"/string", "not a JSON-RPC response (a string)", "a string"},
		{"/noresult", "neither result nor error", "an object with neither result nor error"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		rpc_on(&rpc, U("%s", bad[i].path), NULL);
		is_int(jsonrpc_request(&rpc, &res, "getBalance", cJSON_Parse("[\"x\"]"), &e), ERR_NET,
		       "%s is an error", bad[i].what);
		ok(res == NULL && contains(e.msg, bad[i].want) && contains(e.msg, U("%s", bad[i].path)) &&
		   contains(e.msg, "getBalance"), "... a clear one: %s", e.msg);
		jsonrpc_release(&rpc);
	}

	hc.max_reply = 64 * 1024;
	is_int(get(&r, U("/size/65536")), 0, "a reply at the cap is fine");
	is_int(r.reply_len, 65536, "... and whole");
	is_int(get(&r, U("/size/65537")), ERR_NET, "a reply over the cap (Content-Length) fails");
	ok(contains(r.err.msg, "reply larger than 64 KiB"), "... saying so: %s", r.err.msg);
	is_int(get(&r, U("/chunked/1048576")), ERR_NET, "a chunked reply over the cap fails");
	ok(contains(r.err.msg, "reply larger than 64 KiB") && r.reply == NULL, "... saying so: %s", r.err.msg);
	is_int(r.tries, 1, "... not retried");
	hc.max_reply = 16 * 1024 * 1024;

	/* redirects */
	rpc_on(&rpc, U("/redirect"), NULL);
	is_int(jsonrpc_request(&rpc, &res, "add", cJSON_Parse("[5,5]"), &e), 0, "a 307 redirect is followed, POST kept");
	ok(cJSON_IsNumber(res) && res->valuedouble == 10, "... to the right answer");
	cJSON_Delete(res);
	jsonrpc_release(&rpc);
	rpc_on(&rpc, U("/redirect-other"), NULL);
	MUST(jsonrpc_add_header(&rpc, "X-Api-Key: k123", &e));
	is_int(jsonrpc_request(&rpc, &res, "headers", NULL, &e), 0, "a redirect to another origin is followed");
	ok(!cJSON_GetObjectItemCaseSensitive(res, "x-api-key"), "... without our API key header");
	cJSON *ct = cJSON_GetObjectItemCaseSensitive(res, "content-type");
	is_str(cJSON_IsString(ct) ? ct->valuestring : NULL, "application/json", "... but with Content-Type");
	cJSON_Delete(res);
	jsonrpc_release(&rpc);
	is_int(get(&r, U("/redirect-file")), ERR_NET, "a redirect to file:// is refused");
	ok(contains(r.err.msg, "redirected to a refused URL"), "... saying so: %s", r.err.msg);
	is_int(get(&r, U("/redirect-loop")), ERR_NET, "a redirect loop ends");
	ok(contains(r.err.msg, "more than 3 redirects"), "... saying so: %s", r.err.msg);

	/* refused URLs: no connection attempt at all */
	http_request_release(&r);
	http_request_init(&r);
	MUST(http_request_add_url(&r, "http://192.0.2.1:9/rpc", &e));
	t0 = now_ms();
	is_int(http_submit(&hc, &r, &e), ERR_USAGE, "plain http to a non-loopback host is refused");
	ok(r.code == ERR_USAGE && http_pending(&hc) == 0 && r.tries == 0 && now_ms() - t0 < 200,
	   "... at once, without a connection attempt");
	http_request_release(&r);
	http_request_init(&r);
	MUST(http_request_add_url(&r, U("/rpc"), &e));
	MUST(http_request_add_url(&r, "file:///etc/passwd", &e));
	is_int(http_submit(&hc, &r, &e), ERR_USAGE, "a file:// URL among others is refused");
	ok(http_pending(&hc) == 0 && contains(e.msg, "file://"), "... before anything is sent: %s", e.msg);
	const char *urls[] = {"https://ok.example", "http://10.0.0.1:8899"};
	is_int(jsonrpc_init(&rpc, &hc, urls, 2, &e), ERR_USAGE, "jsonrpc_init refuses a plain-http URL");
	jsonrpc_release(&rpc);
	http_request_release(&r);
}

struct counted {
	int calls;
	int order;
};
static int done_order;

static void count_done(struct http_request *r, void *arg)
{
	struct counted *c = arg;
	c->calls++;
	c->order = ++done_order;
}

static void test_many(void)
{
	enum { N = 60 };
	static struct http_request rs[N];
	static struct http_request *rp[N];
	struct counted cnt[N];
	struct error e = {0};
	int ok_all = 1, right = 1;
	struct http_request z;
	http_request_init(&z);
	get(&z, U("/reset"));
	http_request_release(&z);

	long long t0 = now_ms();
	for (int i = 0; i < N; i++) {
		http_request_init(&rs[i]);
		MUST(http_request_add_url(&rs[i], U("/slow/150/k%d", i), &e));
		rs[i].done = count_done;
		rs[i].arg = &cnt[i];
		cnt[i].calls = 0;
		rp[i] = &rs[i];
		ok_all &= http_submit(&hc, &rs[i], &e) == 0;
	}
	ok(ok_all, "60 requests submitted");
	is_int(http_pending(&hc), N, "... all pending");
	is_int(http_wait(&hc, rp, N), 0, "... waited for");
	long long took = now_ms() - t0;
	for (int i = 0; i < N; i++) {
		char want[32];
		snprintf(want, sizeof want, "\"k%d\"", i);
		ok_all &= rs[i].code == 0 && cnt[i].calls == 1;
		right &= rs[i].reply && strcmp(rs[i].reply, want) == 0;
	}
	ok(ok_all, "... all completed, each done callback called once");
	ok(right, "... each with its own reply");
	int m = max_inflight();
	ok(m >= 2 && m <= 8, "... at most 8 at once at the server, and more than 1 (%d)", m);
	ok(took < 5000, "... in parallel: %lld ms for 60 x 150 ms", took);
	for (int i = 0; i < N; i++)
		http_request_release(&rs[i]);

	/* JSON-RPC without batches: 60 calls in flight at once */
	struct jsonrpc rpc;
	static struct jsonrpc_call calls[N];
	static struct jsonrpc_call *cp[N];
	rpc_on(&rpc, U("/slow/100/j"), NULL);
	rpc.batch = 0;
	for (int i = 0; i < N; i++) {
		char params[32];
		snprintf(params, sizeof params, "[%d,1]", i);
		MUST(jsonrpc_call_init(&calls[i], "add", cJSON_Parse(params), &e));
		cp[i] = &calls[i];
	}
	t0 = now_ms();
	is_int(jsonrpc_run(&rpc, cp, N, &e), 0, "60 JSON-RPC calls, one request each");
	right = 1;
	for (int i = 0; i < N; i++)
		right &= cJSON_IsNumber(calls[i].result) && calls[i].result->valuedouble == i + 1;
	ok(right && now_ms() - t0 < 4000, "... each right, in parallel (%lld ms)", now_ms() - t0);
	is_int(hits("/slow/100/j"), N, "... 60 requests");
	for (int i = 0; i < N; i++)
		jsonrpc_call_release(&calls[i]);
	jsonrpc_release(&rpc);
}

/* The dashboard's loop: the transport's sockets and a "keyboard" polled
 * together; the keyboard is served while a request is still in flight. */
static void test_event_loop(void)
{
	struct http_request r;
	struct counted cnt = {0};
	struct error e = {0};
	int kb[2];
	if (pipe(kb)) {
		ok(0, "pipe");
		return;
	}
	http_request_init(&r);
	MUST(http_request_add_url(&r, U("/slow/300/loop"), &e));
	r.done = count_done;
	r.arg = &cnt;
	is_int(http_submit(&hc, &r, &e), 0, "submit for the event loop");
	ok(http_timeout_ms(&hc) == 0, "a new request wants http_perform at once");
	int keys = 0, keys_while_pending = 0, rounds = 0;
	long long t0 = now_ms();
	while (http_pending(&hc) && now_ms() - t0 < 5000) {
		struct pollfd fds[64];
		fds[0].fd = kb[0];
		fds[0].events = POLLIN;
		fds[0].revents = 0;
		size_t n = http_fds(&hc, fds + 1, 63);
		if (n > 63)
			n = 63;
		long t = http_timeout_ms(&hc);
		if (rounds == 1)
			(void)!write(kb[1], "k", 1); /* a key press mid-refresh */
		int rc = poll(fds, n + 1, (int)t);
		if (rc > 0 && (fds[0].revents & POLLIN)) {
			char ch;
			(void)!read(kb[0], &ch, 1);
			keys++;
			keys_while_pending += http_pending(&hc) > 0;
		}
		if (http_perform(&hc, fds + 1, rc > 0 ? n : 0) < 0)
			break;
		rounds++;
	}
	is_int(cnt.calls, 1, "the request completed in the caller's loop, callback once");
	is_str(r.reply, "\"loop\"", "... with its reply");
	ok(keys == 1 && keys_while_pending == 1, "the key press was seen while the request was in flight");
	is_int(http_timeout_ms(&hc), -1, "nothing pending: no timeout");
	close(kb[0]);
	close(kb[1]);

	/* cancelling */
	http_request_release(&r);
	http_request_init(&r);
	MUST(http_request_add_url(&r, U("/hang"), &e));
	cnt.calls = 0;
	r.done = count_done;
	r.arg = &cnt;
	is_int(http_submit(&hc, &r, &e), 0, "submit a request that will hang");
	http_step(&hc, 50);
	http_cancel(&hc, &r);
	ok(cnt.calls == 1 && r.code == ERR_NET && contains(r.err.msg, "cancelled") && http_pending(&hc) == 0,
	   "a cancelled request ends with its callback: %s", r.err.msg);
	http_request_release(&r);
}

int main(void)
{
	alarm(60); /* never hang the test suite */
	signal(SIGPIPE, SIG_IGN);
	/* the fake server is on loopback: no proxy from the environment */
	const char *proxies[] = {"http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY",
				 "all_proxy", "ALL_PROXY", "no_proxy", "NO_PROXY"};
	for (size_t i = 0; i < sizeof proxies / sizeof proxies[0]; i++)
		unsetenv(proxies[i]);
	test_url_policy();
	test_sanitize();
	test_parse();

	start_server();
	struct error e = {0};
	if (http_client_init(&hc, &e)) {
		printf("Bail out! %s\n", e.msg);
		stop_server();
		return 1;
	}
	client_defaults();
	test_success();
	test_batches();
	test_retries();
	test_hostile();
	test_many();
	test_event_loop();
	http_client_release(&hc);
	stop_server();
	return tap_done();
}
