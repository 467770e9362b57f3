/* HTTP transport over libcurl's multi interface, for JSON-RPC (jsonrpc.h)
 * and the plain HTTP / GraphQL APIs of the network adapters.
 *
 * Many requests in flight at once (at most max_per_host per host), a
 * timeout per attempt, retries with exponential backoff and jitter on 408,
 * 429, 5xx and dropped connections (Retry-After honoured), failover across
 * the URLs of a request, a cap on the reply size, and errors that name the
 * endpoint and say what went wrong ("https://x/rpc: HTTP 503 after 3 tries").
 *
 * URL policy: https, with certificates always verified; plain http only to a
 * loopback host (127.0.0.0/8, ::1, localhost) unless the client is insecure;
 * no other scheme. Redirects are followed (at most max_redirects, keeping
 * the method and body) only to URLs that pass the same policy and never
 * from https to plain http.
 *
 * Two ways to drive it:
 *   blocking:   http_fetch() one request, or http_submit() several and
 *               http_wait() for them;
 *   event loop: http_fds() and http_timeout_ms() say what to poll for,
 *               together with the caller's own descriptors (a keyboard);
 *               http_perform() then does the work without blocking and
 *               calls each finished request's done callback.
 */
#ifndef DEPINCTL_HTTP_H
#define DEPINCTL_HTTP_H

#include <poll.h>
#include <stddef.h>
#include <curl/curl.h>
#include "error.h"

struct http_sock;

struct http_client {
	/* limits: http_client_init sets the defaults, callers may change them
	 * before submitting requests */
	long timeout_ms;      /* each attempt, connect to last byte (10 s) */
	size_t max_reply;     /* bytes of reply body (16 MiB) */
	int max_tries;        /* attempts per URL before failing over (3) */
	long backoff_ms;      /* wait before the second attempt, doubled for each
	                         further one, with jitter (250 ms) */
	long max_wait_ms;     /* longest wait between attempts, Retry-After
	                         included; a server asking for more is failed
	                         over at once (30 s) */
	int max_per_host;     /* transfers in flight per scheme://host:port (8) */
	int max_redirects;    /* (3) */
	int insecure;         /* allow plain http to any host (--insecure) */
	char user_agent[64];  /* "depinctl/VERSION" */

	/* private */
	CURLM *multi;
	struct http_request *head, *tail; /* submitted, not finished */
	struct http_request *done_head, *done_tail; /* finished, callback due */
	size_t n_pending;
	struct http_sock *socks;
	size_t n_socks, cap_socks;
	struct pollfd *scratch;
	size_t cap_scratch;
	long long timer_at;   /* libcurl's timeout, monotonic ms; -1: none */
	unsigned long long rng;
	int closing;
};

struct http_request {
	/* what to send: set with the http_request_* functions below (they copy) */
	char *method;               /* NULL: POST with a body, else GET */
	char **urls;                /* tried in order (failover) */
	size_t n_urls;
	size_t url_start;           /* the URL to try first; the others follow,
	                               wrapping around */
	struct curl_slist *headers; /* sent to the URLs' own origins; a redirect
	                               elsewhere carries only Content-Type and
	                               Accept (no API keys) */
	char *body;
	size_t body_len;
	void (*done)(struct http_request *r, void *arg); /* optional */
	void *arg;

	/* the outcome, once done (state == HTTP_DONE) */
	int state;
	int code;                   /* 0: a 2xx reply; ERR_NET: failed (a
	                               non-2xx final reply sets status and
	                               reply too); ERR_USAGE: a URL refused */
	struct error err;           /* what failed, naming each endpoint tried */
	long status;                /* HTTP status of the last reply, 0 if none */
	char *reply;                /* its body, NUL-terminated (NULL if none) */
	size_t reply_len;
	char *content_type;         /* its Content-Type, or NULL */
	size_t url_used;            /* index in urls of the URL last tried */
	int tries;                  /* attempts, all URLs together */
	int cancelled;

	/* private */
	struct http_client *client;
	struct http_request *next, *prev;
	CURL *easy;
	size_t reply_cap;
	char *cur_url;              /* urls[url_i], or where a redirect led */
	struct curl_slist *xheaders; /* headers sent after leaving the origin */
	char origin[256];           /* scheme://authority of cur_url */
	size_t url_i, urls_tried;
	int url_tries, redirects, same_origin, too_big;
	long long next_at;          /* monotonic ms of the next attempt */
	char errbuf[CURL_ERROR_SIZE];
};

enum { HTTP_IDLE, HTTP_WAITING, HTTP_RUNNING, HTTP_DONE };

int http_client_init(struct http_client *c, struct error *e) WUR;
/* Cancels what is still pending (each done callback runs, with code ERR_NET
 * and "cancelled"), then frees the client. */
void http_client_release(struct http_client *c);

void http_request_init(struct http_request *r);
/* Frees what the request holds; it must not be pending. */
void http_request_release(struct http_request *r);
int http_request_add_url(struct http_request *r, const char *url, struct error *e) WUR;
/* One header line, "Name: value". */
int http_request_add_header(struct http_request *r, const char *line, struct error *e) WUR;
/* method NULL: POST when body is given. */
int http_request_set_body(struct http_request *r, const char *method,
			  const void *body, size_t len, struct error *e) WUR;

/* Checks url against the policy above: ERR_USAGE with a message if it is
 * not a valid http(s) URL or is plain http to a non-loopback host. */
int http_url_check(const char *url, int insecure, struct error *e) WUR;
/* The URL as errors show it: no user name or password, no query, and long
 * path segments that look like API keys shown as "***". */
void http_url_display(char *out, size_t out_len, const char *url);
/* Copies untrusted text (a server's message) for display: control
 * characters become '?', and it is cut to fit with "...". */
void http_sanitize(char *out, size_t out_len, const char *in, size_t in_len);

/* Queues r; it runs as http_perform / http_wait are called. Every URL is
 * checked first: a refused one fails the request here (ERR_USAGE, also in
 * r->code; no done callback), without any connection attempt. The client
 * uses r until its done callback has returned: r must stay put and
 * untouched until then. A done request may be submitted again.
 *
 * Retries resend the same bytes. That is safe for reads and, for JSON-RPC,
 * for sendTransaction / eth_sendRawTransaction too: the signed transaction
 * is the same, so a rebroadcast cannot spend twice. */
int http_submit(struct http_client *c, struct http_request *r, struct error *e) WUR;
/* Stops a pending request; its done callback runs with "cancelled". */
void http_cancel(struct http_client *c, struct http_request *r);
size_t http_pending(const struct http_client *c);

/* Event-loop use. http_fds fills fds (events set, revents 0) with up to max
 * descriptors and returns how many libcurl wants watched (may exceed max:
 * call again with a larger array). http_timeout_ms: how long the caller may
 * wait in poll before calling http_perform anyway; -1 if nothing is
 * pending. http_perform: pass the descriptors back with revents as poll
 * left them (or n 0 after a timeout); it never blocks, runs the done
 * callbacks of finished requests, and returns how many are still pending,
 * or a negative ERR_* code if libcurl failed. Done callbacks may submit
 * requests but must not call http_wait, http_step or http_fetch. */
size_t http_fds(struct http_client *c, struct pollfd *fds, size_t max);
long http_timeout_ms(struct http_client *c);
int http_perform(struct http_client *c, const struct pollfd *fds, size_t n);

/* Blocking use. http_step polls once (at most max_wait_ms; -1: as long as
 * needed) and performs: returns as http_perform. http_wait runs until the
 * given requests are done (n 0: until nothing is pending). http_fetch
 * submits r, waits for it, and returns its code (its message in e). */
int http_step(struct http_client *c, long max_wait_ms);
int http_wait(struct http_client *c, struct http_request *const *reqs, size_t n) WUR;
int http_fetch(struct http_client *c, struct http_request *r, struct error *e) WUR;

#endif
