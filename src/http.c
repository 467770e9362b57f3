/* HTTP transport over libcurl's multi interface (see http.h).
 *
 * libcurl tells us which sockets to watch and when to time out through its
 * socket and timer callbacks; we keep both here so that a caller can poll
 * them with its own descriptors. Retries, failover, redirects and the
 * per-host cap are ours: each attempt is a fresh easy handle added to the
 * multi handle only when its host has a free slot, so time spent queued
 * never eats into an attempt's timeout. */
#include "config.h"
#include "http.h"
#include "clock.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

struct http_sock {
	curl_socket_t fd;
	short events;
};

static char *dup_str(const char *s)
{
	size_t n = strlen(s) + 1;
	char *d = malloc(n);
	if (d)
		memcpy(d, s, n);
	return d;
}

/* "16 MiB", "64 KiB", "1000 bytes" */
static void format_size(char *out, size_t n, size_t bytes)
{
	if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) == 0)
		snprintf(out, n, "%zu MiB", bytes / (1024 * 1024));
	else if (bytes >= 1024 && bytes % 1024 == 0)
		snprintf(out, n, "%zu KiB", bytes / 1024);
	else
		snprintf(out, n, "%zu bytes", bytes);
}

/* "10 s", "1.5 s", "300 ms" */
static void format_ms(char *out, size_t n, long ms)
{
	if (ms >= 1000 && ms % 1000 == 0)
		snprintf(out, n, "%ld s", ms / 1000);
	else if (ms >= 1000)
		snprintf(out, n, "%.1f s", (double)ms / 1000);
	else
		snprintf(out, n, "%ld ms", ms);
}

/* ---- text from servers and users ---- */

/* Length of the valid UTF-8 sequence at s (at most n bytes), else 0. */
static size_t utf8_len(const unsigned char *s, size_t n)
{
	size_t len;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		len = 2;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		len = 3;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		len = 4;
	else
		return 0;
	if (len > n)
		return 0;
	for (size_t i = 1; i < len; i++)
		if ((s[i] & 0xc0) != 0x80)
			return 0;
	return len;
}

void http_sanitize(char *out, size_t out_len, const char *in, size_t in_len)
{
	const unsigned char *s = (const unsigned char *)in;
	size_t o = 0, fit = 0, i = 0;
	if (!out_len)
		return;
	size_t room = out_len - 1;
	while (i < in_len) {
		char unit[4];
		size_t in_n = 1, out_n = 1;
		unsigned char ch = s[i];
		if (ch == '\n' || ch == '\t' || ch == '\r') {
			unit[0] = ' ';
		} else if (ch < 0x20 || ch == 0x7f) {
			unit[0] = '?';
		} else if (ch < 0x80) {
			unit[0] = (char)ch;
		} else if ((in_n = utf8_len(s + i, in_len - i)) != 0) {
			if (ch == 0xc2 && s[i + 1] < 0xa0) { /* C1 controls, U+0080..U+009F */
				unit[0] = '?';
			} else {
				memcpy(unit, s + i, in_n);
				out_n = in_n;
			}
		} else {
			unit[0] = '?';
			in_n = 1;
		}
		if (o + out_n > room) {
			if (room >= 3) {
				memcpy(out + fit, "...", 3);
				o = fit + 3;
			}
			break;
		}
		memcpy(out + o, unit, out_n);
		o += out_n;
		i += in_n;
		if (o + 3 <= room)
			fit = o;
	}
	out[o] = '\0';
}

/* ---- URLs ---- */

static int host_is_loopback(const char *host)
{
	char buf[128];
	size_t n = strlen(host);
	if (strcasecmp(host, "localhost") == 0)
		return 1;
	if (n >= 2 && host[0] == '[') {
		struct in6_addr a6;
		const char *end = strchr(host, ']');
		size_t len = end ? (size_t)(end - host - 1) : 0;
		const char *zone = memchr(host + 1, '%', len);
		if (zone)
			len = (size_t)(zone - host - 1);
		if (!end || len == 0 || len >= sizeof buf)
			return 0;
		memcpy(buf, host + 1, len);
		buf[len] = '\0';
		if (inet_pton(AF_INET6, buf, &a6) != 1)
			return 0;
		if (IN6_IS_ADDR_LOOPBACK(&a6))
			return 1;
		return IN6_IS_ADDR_V4MAPPED(&a6) && a6.s6_addr[12] == 127;
	}
	struct in_addr a4;
	if (n >= sizeof buf || inet_pton(AF_INET, host, &a4) != 1)
		return 0;
	return ((const unsigned char *)&a4.s_addr)[0] == 127;
}

/* A path segment that looks like an API key: long, all [A-Za-z0-9_-]. */
static int looks_like_key(const char *seg, size_t len)
{
	if (len < 20)
		return 0;
	for (size_t i = 0; i < len; i++) {
		char ch = seg[i];
		if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
		      (ch >= '0' && ch <= '9') || ch == '_' || ch == '-'))
			return 0;
	}
	return 1;
}

void http_url_display(char *out, size_t out_len, const char *url)
{
	char buf[1024];
	CURLU *u = curl_url();
	char *scheme = NULL, *host = NULL, *port = NULL, *path = NULL, *query = NULL;
	if (!out_len)
		return;
	if (!u || curl_url_set(u, CURLUPART_URL, url, CURLU_NON_SUPPORT_SCHEME) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK) {
		/* not a URL: show it up to any query, which may hold a key */
		size_t n = strcspn(url, "?#");
		http_sanitize(out, out_len, url, n);
		goto out;
	}
	curl_url_get(u, CURLUPART_HOST, &host, 0);
	curl_url_get(u, CURLUPART_PORT, &port, 0);
	curl_url_get(u, CURLUPART_PATH, &path, 0);
	curl_url_get(u, CURLUPART_QUERY, &query, 0);
	size_t o = (size_t)snprintf(buf, sizeof buf, "%s://%s%s%s", scheme, host ? host : "",
				    port ? ":" : "", port ? port : "");
	if (path && (strcmp(path, "/") != 0 || query)) {
		const char *p = path;
		while (*p && o < sizeof buf - 8) {
			size_t len = strcspn(p + 1, "/") + 1; /* "/segment" */
			if (looks_like_key(p + 1, len - 1))
				o += (size_t)snprintf(buf + o, sizeof buf - o, "/***");
			else
				o += (size_t)snprintf(buf + o, sizeof buf - o, "%.*s", (int)len, p);
			p += len;
		}
	}
	if (query && o < sizeof buf - 8)
		o += (size_t)snprintf(buf + o, sizeof buf - o, "?***");
	if (o >= sizeof buf)
		o = sizeof buf - 1;
	http_sanitize(out, out_len, buf, o);
out:
	curl_free(scheme);
	curl_free(host);
	curl_free(port);
	curl_free(path);
	curl_free(query);
	curl_url_cleanup(u);
}

int http_url_check(const char *url, int insecure, struct error *e)
{
	char shown[256];
	char *scheme = NULL, *host = NULL;
	int rc = 0;
	CURLU *u = curl_url();
	if (!u)
		return error_set(e, ERR_FAIL, "out of memory");
	http_url_display(shown, sizeof shown, url);
	if (curl_url_set(u, CURLUPART_URL, url, CURLU_NON_SUPPORT_SCHEME) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK) {
		rc = error_set(e, ERR_USAGE, "not a valid URL: \"%s\"", shown);
		goto out;
	}
	if (strcmp(scheme, "https") != 0 && strcmp(scheme, "http") != 0) {
		rc = error_set(e, ERR_USAGE, "URL \"%s\": %s:// is not allowed (use https)", shown, scheme);
		goto out;
	}
	if (curl_url_get(u, CURLUPART_HOST, &host, 0) != CURLUE_OK || !host[0]) {
		rc = error_set(e, ERR_USAGE, "not a valid URL: \"%s\" (no host)", shown);
		goto out;
	}
	if (strcmp(scheme, "http") == 0 && !insecure && !host_is_loopback(host))
		rc = error_set(e, ERR_USAGE,
			       "URL \"%s\": plain http is allowed only to a loopback address "
			       "(use https, or --insecure)", shown);
out:
	curl_free(scheme);
	curl_free(host);
	curl_url_cleanup(u);
	return rc;
}

/* "scheme://authority" of a URL, lower case: the key of the per-host cap,
 * and what tells whether a redirect left the origin. */
static void url_origin(char *out, size_t n, const char *url)
{
	const char *p = strstr(url, "://");
	size_t len = p ? (size_t)(p - url) + 3 + strcspn(p + 3, "/?#") : strlen(url);
	if (len >= n)
		len = n - 1;
	for (size_t i = 0; i < len; i++) {
		char ch = url[i];
		out[i] = ch >= 'A' && ch <= 'Z' ? (char)(ch - 'A' + 'a') : ch;
	}
	out[len] = '\0';
}

/* ---- requests ---- */

void http_request_init(struct http_request *r)
{
	memset(r, 0, sizeof *r);
	r->state = HTTP_IDLE;
}

static void clear_reply(struct http_request *r)
{
	free(r->reply);
	r->reply = NULL;
	r->reply_len = r->reply_cap = 0;
}

void http_request_release(struct http_request *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->n_urls; i++)
		free(r->urls[i]);
	free(r->urls);
	curl_slist_free_all(r->headers);
	free(r->method);
	free(r->body);
	clear_reply(r);
	free(r->content_type);
	free(r->cur_url);
	curl_slist_free_all(r->xheaders);
	http_request_init(r);
}

int http_request_add_url(struct http_request *r, const char *url, struct error *e)
{
	char **urls = realloc(r->urls, (r->n_urls + 1) * sizeof *urls);
	if (!urls)
		return error_set(e, ERR_FAIL, "out of memory");
	r->urls = urls;
	if (!(urls[r->n_urls] = dup_str(url)))
		return error_set(e, ERR_FAIL, "out of memory");
	r->n_urls++;
	return 0;
}

int http_request_add_header(struct http_request *r, const char *line, struct error *e)
{
	struct curl_slist *l = curl_slist_append(r->headers, line);
	if (!l)
		return error_set(e, ERR_FAIL, "out of memory");
	r->headers = l;
	return 0;
}

int http_request_set_body(struct http_request *r, const char *method,
			  const void *body, size_t len, struct error *e)
{
	char *m = method ? dup_str(method) : NULL;
	char *b = malloc(len + 1);
	if ((method && !m) || !b) {
		free(m);
		free(b);
		return error_set(e, ERR_FAIL, "out of memory");
	}
	if (len)
		memcpy(b, body, len);
	b[len] = '\0';
	free(r->method);
	free(r->body);
	r->method = m;
	r->body = b;
	r->body_len = len;
	/* no "Expect: 100-continue" round trip before large bodies */
	return http_request_add_header(r, "Expect:", e);
}

/* ---- the client ---- */

static int on_socket(CURL *easy, curl_socket_t fd, int what, void *userp, void *socketp)
{
	struct http_client *c = userp;
	size_t i;
	for (i = 0; i < c->n_socks; i++)
		if (c->socks[i].fd == fd)
			break;
	if (what == CURL_POLL_REMOVE) {
		if (i < c->n_socks)
			c->socks[i] = c->socks[--c->n_socks];
		return 0;
	}
	if (i == c->n_socks) {
		if (c->n_socks == c->cap_socks) {
			size_t cap = c->cap_socks ? 2 * c->cap_socks : 16;
			struct http_sock *s = realloc(c->socks, cap * sizeof *s);
			if (!s)
				return -1;
			c->socks = s;
			c->cap_socks = cap;
		}
		c->socks[c->n_socks++].fd = fd;
	}
	c->socks[i].events = (short)(((what & CURL_POLL_IN) ? POLLIN : 0) |
				     ((what & CURL_POLL_OUT) ? POLLOUT : 0));
	return 0;
}

static int on_timer(CURLM *multi, long timeout_ms, void *userp)
{
	struct http_client *c = userp;
	c->timer_at = timeout_ms < 0 ? -1 : mono_ms() + timeout_ms;
	return 0;
}

int http_client_init(struct http_client *c, struct error *e)
{
	memset(c, 0, sizeof *c);
	c->timeout_ms = 10000;
	c->max_reply = 16 * 1024 * 1024;
	c->max_tries = 3;
	c->backoff_ms = 250;
	c->max_wait_ms = 30000;
	c->max_per_host = 8;
	c->max_redirects = 3;
	c->timer_at = -1;
	snprintf(c->user_agent, sizeof c->user_agent, "depinctl/%s", PACKAGE_VERSION);
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	c->rng = ((unsigned long long)ts.tv_nsec << 20) ^ (unsigned long long)ts.tv_sec ^
		 ((unsigned long long)getpid() << 40) ^ (uintptr_t)c;
	if (!c->rng)
		c->rng = 1;
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
		return error_set(e, ERR_FAIL, "cannot initialise libcurl");
	if (!(c->multi = curl_multi_init())) {
		curl_global_cleanup();
		return error_set(e, ERR_FAIL, "cannot initialise libcurl");
	}
	curl_multi_setopt(c->multi, CURLMOPT_SOCKETFUNCTION, on_socket);
	curl_multi_setopt(c->multi, CURLMOPT_SOCKETDATA, c);
	curl_multi_setopt(c->multi, CURLMOPT_TIMERFUNCTION, on_timer);
	curl_multi_setopt(c->multi, CURLMOPT_TIMERDATA, c);
	return 0;
}

static unsigned long long next_rand(struct http_client *c)
{
	/* xorshift64: jitter only, nothing secret */
	c->rng ^= c->rng << 13;
	c->rng ^= c->rng >> 7;
	c->rng ^= c->rng << 17;
	return c->rng;
}

static void unlink_pending(struct http_client *c, struct http_request *r)
{
	if (r->prev)
		r->prev->next = r->next;
	else
		c->head = r->next;
	if (r->next)
		r->next->prev = r->prev;
	else
		c->tail = r->prev;
	r->next = r->prev = NULL;
	c->n_pending--;
}

/* Ends r with code (its message already in r->err) and queues its callback. */
static void finish(struct http_client *c, struct http_request *r, int code)
{
	unlink_pending(c, r);
	r->state = HTTP_DONE;
	r->code = code;
	r->err.code = code;
	if (code == 0) {
		r->err.msg[0] = '\0';
		if (!r->reply)
			r->reply = dup_str(""); /* a 2xx reply always has a body, maybe empty */
	}
	if (c->done_tail)
		c->done_tail->next = r;
	else
		c->done_head = r;
	c->done_tail = r;
}

static void deliver(struct http_client *c)
{
	struct http_request *r;
	while ((r = c->done_head) != NULL) {
		c->done_head = r->next;
		if (!c->done_head)
			c->done_tail = NULL;
		r->next = NULL;
		if (r->done)
			r->done(r, r->arg);
	}
}

/* Adds "URL: why" to the request's message ("; " between endpoints). */
static void note_failure(struct http_request *r, const char *why)
{
	char shown[256], text[256];
	size_t o = strlen(r->err.msg);
	http_url_display(shown, sizeof shown, r->urls[r->url_i]);
	http_sanitize(text, sizeof text, why, strlen(why)); /* libcurl's words may quote the peer */
	snprintf(r->err.msg + o, sizeof r->err.msg - o, "%s%s: %s", o ? "; " : "", shown, text);
}

static void set_url(struct http_request *r, char *url)
{
	curl_slist_free_all(r->xheaders);
	r->xheaders = NULL;
	free(r->cur_url);
	r->cur_url = url;
	url_origin(r->origin, sizeof r->origin, url);
}

/* Gives up on the current URL: the next one is tried at once, or the
 * request fails with every endpoint's story. */
static void next_url(struct http_client *c, struct http_request *r, const char *why)
{
	note_failure(r, why);
	if (++r->urls_tried >= r->n_urls) {
		finish(c, r, ERR_NET);
		return;
	}
	char *url = dup_str(r->urls[(r->url_i + 1) % r->n_urls]);
	if (!url) {
		finish(c, r, ERR_NET);
		return;
	}
	r->url_i = (r->url_i + 1) % r->n_urls;
	set_url(r, url);
	r->url_tries = r->redirects = 0;
	r->same_origin = 1;
	r->next_at = 0;
	r->state = HTTP_WAITING;
}

static size_t on_data(char *p, size_t size, size_t nmemb, void *arg)
{
	struct http_request *r = arg;
	size_t n = size * nmemb, max = r->client->max_reply;
	if (n > max - r->reply_len) {
		r->too_big = 1;
		return 0;
	}
	if (r->reply_len + n + 1 > r->reply_cap) {
		size_t cap = r->reply_cap ? r->reply_cap : 4096;
		while (cap < r->reply_len + n + 1)
			cap *= 2;
		if (cap > max + 1)
			cap = max + 1;
		char *b = realloc(r->reply, cap);
		if (!b)
			return 0;
		r->reply = b;
		r->reply_cap = cap;
	}
	memcpy(r->reply + r->reply_len, p, n);
	r->reply_len += n;
	r->reply[r->reply_len] = '\0';
	return n;
}

static void start_attempt(struct http_client *c, struct http_request *r)
{
	clear_reply(r);
	free(r->content_type);
	r->content_type = NULL;
	r->status = 0;
	r->too_big = 0;
	r->errbuf[0] = '\0';
	CURL *h = curl_easy_init();
	if (!h) {
		note_failure(r, "out of memory");
		finish(c, r, ERR_NET);
		return;
	}
	/* Only http and https, here and after redirects (we follow those
	 * ourselves); certificates always verified. */
	if (curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https") != CURLE_OK ||
	    curl_easy_setopt(h, CURLOPT_REDIR_PROTOCOLS_STR, "http,https") != CURLE_OK ||
	    curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 1L) != CURLE_OK ||
	    curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 2L) != CURLE_OK ||
	    curl_easy_setopt(h, CURLOPT_URL, r->cur_url) != CURLE_OK) {
		curl_easy_cleanup(h);
		note_failure(r, "libcurl refused the transfer settings");
		finish(c, r, ERR_NET);
		return;
	}
	curl_easy_setopt(h, CURLOPT_SSLVERSION, (long)CURL_SSLVERSION_TLSv1_2);
	curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, c->timeout_ms);
	curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, c->timeout_ms);
	curl_easy_setopt(h, CURLOPT_USERAGENT, c->user_agent);
	curl_easy_setopt(h, CURLOPT_ACCEPT_ENCODING, "");
	curl_easy_setopt(h, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)c->max_reply);
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_data);
	curl_easy_setopt(h, CURLOPT_WRITEDATA, r);
	curl_easy_setopt(h, CURLOPT_PRIVATE, r);
	curl_easy_setopt(h, CURLOPT_ERRORBUFFER, r->errbuf);
	/* A redirect to another origin does not carry our headers (API keys). */
	if (!r->same_origin && !r->xheaders && r->headers) {
		struct curl_slist *l = r->headers, *x = NULL;
		for (; l; l = l->next) {
			if (strncasecmp(l->data, "Content-Type:", 13) != 0 &&
			    strncasecmp(l->data, "Accept:", 7) != 0 &&
			    strncasecmp(l->data, "Expect:", 7) != 0)
				continue;
			struct curl_slist *y = curl_slist_append(x, l->data);
			if (!y) {
				curl_slist_free_all(x);
				curl_easy_cleanup(h);
				note_failure(r, "out of memory");
				finish(c, r, ERR_NET);
				return;
			}
			x = y;
		}
		r->xheaders = x;
	}
	curl_easy_setopt(h, CURLOPT_HTTPHEADER, r->same_origin ? r->headers : r->xheaders);
	if (r->body) {
		curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)r->body_len);
		curl_easy_setopt(h, CURLOPT_POSTFIELDS, r->body);
	} else {
		curl_easy_setopt(h, CURLOPT_HTTPGET, 1L);
	}
	if (r->method && strcmp(r->method, r->body ? "POST" : "GET") != 0)
		curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, r->method);
	r->client = c;
	if (curl_multi_add_handle(c->multi, h) != CURLM_OK) {
		curl_easy_cleanup(h);
		note_failure(r, "libcurl refused the transfer");
		finish(c, r, ERR_NET);
		return;
	}
	r->easy = h;
	r->state = HTTP_RUNNING;
	r->url_used = r->url_i;
	r->url_tries++;
	r->tries++;
}

static int status_retryable(long s)
{
	return s == 408 || s == 429 || (s >= 500 && s <= 599 && s != 501 && s != 505);
}

/* Statuses that say "this endpoint will not serve you" (a bad API key, a
 * wrong path): another URL may, so fail over. Other 4xx are the request's
 * fault and final. */
static int status_next_url(long s)
{
	return s == 401 || s == 402 || s == 403 || s == 404 || s == 405 || s == 410 ||
	       s == 501 || s == 505;
}

static int is_redirect(long s)
{
	return s == 301 || s == 302 || s == 303 || s == 307 || s == 308;
}

static long backoff(struct http_client *c, int tries)
{
	int shift = tries - 1 < 20 ? tries - 1 : 20;
	long long d = (long long)c->backoff_ms << (shift > 0 ? shift : 0);
	if (d > c->max_wait_ms)
		d = c->max_wait_ms;
	if (d <= 0)
		return 0;
	/* "equal jitter": half fixed, half random, so that many clients (or
	 * many of our own requests) do not retry in step */
	return (long)(d / 2 + (long long)(next_rand(c) % (unsigned long long)(d / 2 + 1)));
}

/* One attempt ended: success, retry, redirect, next URL or failure. */
static void end_attempt(struct http_client *c, struct http_request *r, CURLcode res)
{
	CURL *h = r->easy;
	long status = 0, oserr = 0;
	char *ct = NULL, *loc = NULL;
	curl_off_t retry_after = 0;
	long sent = 0;
	char why[CURL_ERROR_SIZE + 128], size[32], t[32];
	int retry = 0;

	curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
	curl_easy_getinfo(h, CURLINFO_CONTENT_TYPE, &ct);
	if (ct)
		r->content_type = dup_str(ct);
	curl_easy_getinfo(h, CURLINFO_RETRY_AFTER, &retry_after);
	curl_easy_getinfo(h, CURLINFO_OS_ERRNO, &oserr);
	curl_easy_getinfo(h, CURLINFO_REQUEST_SIZE, &sent);
	if (res == CURLE_OK && is_redirect(status)) {
		curl_easy_getinfo(h, CURLINFO_REDIRECT_URL, &loc);
		loc = loc ? dup_str(loc) : NULL;
	}
	curl_multi_remove_handle(c->multi, h);
	curl_easy_cleanup(h);
	r->easy = NULL;
	r->state = HTTP_WAITING;
	r->status = res == CURLE_OK ? status : 0;

	if (res == CURLE_OK) {
		if (status >= 200 && status <= 299) {
			finish(c, r, 0);
			return;
		}
		if (loc) {
			struct error ue;
			if (r->redirects >= c->max_redirects) {
				free(loc);
				snprintf(why, sizeof why, "more than %d redirects", c->max_redirects);
				next_url(c, r, why);
			} else if (http_url_check(loc, c->insecure, &ue) != 0) {
				free(loc);
				snprintf(why, sizeof why, "redirected to a refused URL (%.200s)", ue.msg);
				next_url(c, r, why);
			} else if (strncasecmp(r->cur_url, "https:", 6) == 0 &&
				   strncasecmp(loc, "https:", 6) != 0) {
				free(loc);
				next_url(c, r, "redirected from https to plain http");
			} else {
				char first[256];
				set_url(r, loc);
				url_origin(first, sizeof first, r->urls[r->url_i]);
				r->same_origin = strcmp(first, r->origin) == 0;
				r->redirects++;
				r->url_tries--; /* a redirect is not a retry */
				r->next_at = 0;
			}
			return;
		}
		snprintf(why, sizeof why, "HTTP %ld", status);
		if (status_retryable(status)) {
			retry = 1;
		} else if (status_next_url(status)) {
			next_url(c, r, why);
			return;
		} else {
			note_failure(r, why);
			finish(c, r, ERR_NET);
			return;
		}
	} else {
		int too_big = r->too_big || res == CURLE_FILESIZE_EXCEEDED;
		clear_reply(r); /* a partial reply is no reply */
		switch (res) {
		case CURLE_WRITE_ERROR:
		case CURLE_FILESIZE_EXCEEDED:
			if (too_big) {
				format_size(size, sizeof size, c->max_reply);
				snprintf(why, sizeof why, "reply larger than %s", size);
			} else {
				snprintf(why, sizeof why, "out of memory reading the reply");
			}
			next_url(c, r, why);
			return;
		case CURLE_OPERATION_TIMEDOUT:
			format_ms(t, sizeof t, c->timeout_ms);
			snprintf(why, sizeof why, sent ? "timed out after %s" :
				 "timed out after %s (no connection)", t);
			next_url(c, r, why);
			return;
		case CURLE_COULDNT_CONNECT:
			if (oserr == ECONNREFUSED)
				snprintf(why, sizeof why, "connection refused");
			else if (oserr)
				snprintf(why, sizeof why, "cannot connect (%s)", strerror((int)oserr));
			else
				snprintf(why, sizeof why, "cannot connect");
			retry = 1;
			break;
		case CURLE_COULDNT_RESOLVE_HOST:
			snprintf(why, sizeof why, "cannot resolve the host name");
			retry = 1;
			break;
		case CURLE_GOT_NOTHING:
			snprintf(why, sizeof why, "the server closed the connection without replying");
			retry = 1;
			break;
		case CURLE_PARTIAL_FILE:
		case CURLE_RECV_ERROR:
		case CURLE_SEND_ERROR:
		case CURLE_HTTP2:
		case CURLE_HTTP2_STREAM:
			snprintf(why, sizeof why, "connection lost mid-transfer (%s)",
				 r->errbuf[0] ? r->errbuf : curl_easy_strerror(res));
			retry = 1;
			break;
		case CURLE_PEER_FAILED_VERIFICATION:
			snprintf(why, sizeof why, "TLS certificate verification failed (%s)",
				 r->errbuf[0] ? r->errbuf : curl_easy_strerror(res));
			next_url(c, r, why);
			return;
		default:
			snprintf(why, sizeof why, "%s", r->errbuf[0] ? r->errbuf : curl_easy_strerror(res));
			next_url(c, r, why);
			return;
		}
	}

	/* retry this URL, or move on */
	if (retry && r->url_tries < c->max_tries) {
		long wait = backoff(c, r->url_tries);
		if (retry_after > 0) {
			if (retry_after > c->max_wait_ms / 1000) {
				size_t o = strlen(why);
				snprintf(why + o, sizeof why - o, ", asked to wait %lld s",
					 (long long)retry_after);
				next_url(c, r, why);
				return;
			}
			if (retry_after * 1000 > wait)
				wait = (long)(retry_after * 1000);
		}
		r->next_at = mono_ms() + wait;
		return;
	}
	if (r->url_tries > 1) {
		size_t o = strlen(why);
		snprintf(why + o, sizeof why - o, " after %d tries", r->url_tries);
	}
	next_url(c, r, why);
}

static void collect(struct http_client *c)
{
	CURLMsg *m;
	int left;
	while ((m = curl_multi_info_read(c->multi, &left)) != NULL) {
		if (m->msg != CURLMSG_DONE)
			continue;
		char *p = NULL;
		CURLcode res = m->data.result;
		curl_easy_getinfo(m->easy_handle, CURLINFO_PRIVATE, &p);
		if (p)
			end_attempt(c, (struct http_request *)p, res);
	}
}

/* Transfers running per origin, counted once per pass so that a long queue
 * costs O(queue x hosts), not O(queue^2). */
struct host_load {
	size_t n;
	struct {
		const char *origin;
		int running;
	} h[32];
};

static int host_running(struct http_client *c, const char *origin)
{
	int n = 0;
	for (struct http_request *q = c->head; q; q = q->next)
		if (q->state == HTTP_RUNNING && strcmp(q->origin, origin) == 0)
			n++;
	return n;
}

static void load_count(struct http_client *c, struct host_load *l)
{
	l->n = 0;
	for (struct http_request *q = c->head; q; q = q->next) {
		if (q->state != HTTP_RUNNING)
			continue;
		size_t i;
		for (i = 0; i < l->n; i++)
			if (strcmp(l->h[i].origin, q->origin) == 0)
				break;
		if (i < l->n) {
			l->h[i].running++;
		} else if (l->n < sizeof l->h / sizeof l->h[0]) {
			l->h[l->n].origin = q->origin;
			l->h[l->n++].running = 1;
		}
	}
}

/* Whether origin has a free slot; take: count one more transfer there. */
static int load_free(struct http_client *c, struct host_load *l, const char *origin, int take)
{
	size_t i;
	for (i = 0; i < l->n; i++)
		if (strcmp(l->h[i].origin, origin) == 0)
			break;
	if (i == l->n && l->n < sizeof l->h / sizeof l->h[0]) {
		l->h[l->n].origin = origin;
		l->h[l->n++].running = 0;
	}
	if (i == l->n) /* more hosts than the table holds: count the slow way */
		return host_running(c, origin) < c->max_per_host;
	if (l->h[i].running >= c->max_per_host)
		return 0;
	l->h[i].running += take;
	return 1;
}

/* Starts the attempts that are due and have a free slot at their host. */
static int start_due(struct http_client *c)
{
	long long now = mono_ms();
	int started = 0;
	struct host_load load;
	struct http_request *r, *next;
	load_count(c, &load);
	for (r = c->head; r; r = next) {
		next = r->next;
		if (r->state == HTTP_WAITING && r->next_at <= now &&
		    load_free(c, &load, r->origin, 1)) {
			start_attempt(c, r);
			started++;
		}
	}
	return started;
}

int http_submit(struct http_client *c, struct http_request *r, struct error *e)
{
	if (c->closing)
		return error_set(e, ERR_FAIL, "the http client is shutting down");
	if (r->state == HTTP_WAITING || r->state == HTTP_RUNNING)
		return error_set(e, ERR_FAIL, "the request is already pending");
	clear_reply(r);
	free(r->content_type);
	r->content_type = NULL;
	error_clear(&r->err);
	r->code = 0;
	r->status = 0;
	r->tries = 0;
	r->cancelled = 0;
	r->state = HTTP_DONE;
	r->client = c;
	if (!r->n_urls) {
		r->code = error_set(&r->err, ERR_USAGE, "no URL to send the request to");
		return error_set(e, ERR_USAGE, "%s", r->err.msg);
	}
	for (size_t i = 0; i < r->n_urls; i++) {
		if (http_url_check(r->urls[i], c->insecure, &r->err) != 0) {
			r->code = ERR_USAGE;
			return error_set(e, r->err.code, "%s", r->err.msg);
		}
	}
	r->url_i = r->url_start % r->n_urls;
	char *url = dup_str(r->urls[r->url_i]);
	if (!url) {
		r->code = error_set(&r->err, ERR_FAIL, "out of memory");
		return error_set(e, ERR_FAIL, "out of memory");
	}
	set_url(r, url);
	r->urls_tried = 0;
	r->url_tries = r->redirects = 0;
	r->same_origin = 1;
	r->next_at = 0;
	r->url_used = r->url_i;
	r->state = HTTP_WAITING;
	r->next = NULL;
	r->prev = c->tail;
	if (c->tail)
		c->tail->next = r;
	else
		c->head = r;
	c->tail = r;
	c->n_pending++;
	return 0;
}

void http_cancel(struct http_client *c, struct http_request *r)
{
	if (r->state != HTTP_WAITING && r->state != HTTP_RUNNING)
		return;
	if (r->easy) {
		curl_multi_remove_handle(c->multi, r->easy);
		curl_easy_cleanup(r->easy);
		r->easy = NULL;
	}
	clear_reply(r);
	r->cancelled = 1;
	note_failure(r, "cancelled");
	finish(c, r, ERR_NET);
	deliver(c);
}

size_t http_pending(const struct http_client *c)
{
	return c->n_pending;
}

void http_client_release(struct http_client *c)
{
	if (!c->multi)
		return;
	c->closing = 1;
	while (c->head)
		http_cancel(c, c->head);
	deliver(c);
	curl_multi_cleanup(c->multi);
	c->multi = NULL;
	free(c->socks);
	free(c->scratch);
	c->socks = NULL;
	c->scratch = NULL;
	c->n_socks = c->cap_socks = c->cap_scratch = 0;
	curl_global_cleanup();
}

/* ---- driving it ---- */

size_t http_fds(struct http_client *c, struct pollfd *fds, size_t max)
{
	for (size_t i = 0; i < c->n_socks && i < max; i++) {
		fds[i].fd = c->socks[i].fd;
		fds[i].events = c->socks[i].events;
		fds[i].revents = 0;
	}
	return c->n_socks;
}

long http_timeout_ms(struct http_client *c)
{
	if (!c->n_pending)
		return -1;
	long long now = mono_ms(), best = -1;
	struct host_load load;
	load_count(c, &load);
	if (c->timer_at >= 0)
		best = c->timer_at > now ? c->timer_at - now : 0;
	for (struct http_request *r = c->head; r && best != 0; r = r->next) {
		if (r->state != HTTP_WAITING)
			continue;
		if (r->next_at > now) {
			if (best < 0 || r->next_at - now < best)
				best = r->next_at - now;
		} else if (load_free(c, &load, r->origin, 0)) {
			best = 0;
		}
	}
	if (best < 0 || best > 60000)
		best = best < 0 ? 1000 : 60000; /* a safety net; should not happen */
	return (long)best;
}

/* A socket that libcurl closed meanwhile (CURLM_BAD_SOCKET) is no failure. */
static int multi_failed(CURLMcode mc)
{
	return mc == CURLM_OUT_OF_MEMORY || mc == CURLM_INTERNAL_ERROR;
}

int http_perform(struct http_client *c, const struct pollfd *fds, size_t n)
{
	int running, rc = 0;
	for (size_t i = 0; i < n; i++) {
		if (!fds[i].revents)
			continue;
		int ev = 0;
		if (fds[i].revents & (POLLIN | POLLHUP))
			ev |= CURL_CSELECT_IN;
		if (fds[i].revents & POLLOUT)
			ev |= CURL_CSELECT_OUT;
		if (fds[i].revents & (POLLERR | POLLNVAL))
			ev |= CURL_CSELECT_ERR;
		if (multi_failed(curl_multi_socket_action(c->multi, fds[i].fd, ev, &running)))
			rc = ERR_FAIL;
	}
	for (int round = 0; round < 16; round++) {
		collect(c);
		int started = start_due(c);
		if (c->timer_at >= 0 && c->timer_at <= mono_ms()) {
			c->timer_at = -1;
			if (multi_failed(curl_multi_socket_action(c->multi, CURL_SOCKET_TIMEOUT, 0,
								  &running)))
				rc = ERR_FAIL;
		} else if (!started) {
			break;
		}
	}
	collect(c);
	deliver(c);
	return rc ? rc : (int)c->n_pending;
}

int http_step(struct http_client *c, long max_wait_ms)
{
	if (!c->n_pending)
		return 0;
	size_t n = http_fds(c, c->scratch, c->cap_scratch);
	if (n > c->cap_scratch) {
		size_t cap = n + 16;
		struct pollfd *p = realloc(c->scratch, cap * sizeof *p);
		if (!p)
			return ERR_FAIL;
		c->scratch = p;
		c->cap_scratch = cap;
		n = http_fds(c, c->scratch, c->cap_scratch);
	}
	long t = http_timeout_ms(c);
	if (max_wait_ms >= 0 && (t < 0 || t > max_wait_ms))
		t = max_wait_ms;
	int rc = poll(c->scratch, (nfds_t)n, (int)t);
	if (rc < 0 && errno != EINTR)
		return ERR_FAIL;
	return http_perform(c, c->scratch, rc > 0 ? n : 0);
}

static int all_done(struct http_request *const *reqs, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (reqs[i]->state == HTTP_WAITING || reqs[i]->state == HTTP_RUNNING)
			return 0;
	return 1;
}

int http_wait(struct http_client *c, struct http_request *const *reqs, size_t n)
{
	while (n ? !all_done(reqs, n) : c->n_pending != 0) {
		int rc = http_step(c, -1);
		if (rc < 0)
			return rc;
	}
	return 0;
}

int http_fetch(struct http_client *c, struct http_request *r, struct error *e)
{
	int rc = http_submit(c, r, e);
	if (rc)
		return rc;
	if ((rc = http_wait(c, &r, 1)) != 0) {
		http_cancel(c, r);
		return error_set(e, rc, "the http transport failed (libcurl)");
	}
	if (r->code)
		return error_set(e, r->code, "%s", r->err.msg);
	return 0;
}
