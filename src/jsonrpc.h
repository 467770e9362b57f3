/* JSON-RPC 2.0 over the HTTP transport (http.h): calls with increasing ids,
 * many in flight at once, batches where the server takes them (replies
 * matched by id, in any order; one request per call from then on if the
 * server refuses a batch), failover across the URLs of a network, and
 * errors that carry the server's own JSON-RPC error (code, message, data:
 * Solana's simulation logs reach the user).
 *
 * Every reply is checked: not JSON, the wrong shape, another request's id,
 * neither result nor error - each a clear error (ERR_NET), never a wrong
 * result. Integers too large for a double to hold exactly (Solana's u64
 * lamports) are kept exact: they reach the caller as strings of digits
 * (read them with jsonrpc_u64).
 *
 * Blocking use: jsonrpc_request() for one call, jsonrpc_run() for many.
 * Event-loop use: jsonrpc_submit() the calls, drive the http client
 * (http_fds / http_timeout_ms / http_perform), and each call's done
 * callback runs when it has its answer. */
#ifndef DEPINCTL_JSONRPC_H
#define DEPINCTL_JSONRPC_H

#include <stddef.h>
#include <stdint.h>
#include <cjson/cJSON.h>
#include "error.h"
#include "http.h"

struct jsonrpc_xfer;

struct jsonrpc {
	struct http_client *http;
	char **urls;            /* failover order */
	size_t n_urls;
	size_t preferred;       /* the URL that last answered is tried first */
	char **headers;         /* extra header lines (API keys) */
	size_t n_headers;
	long long next_id;
	int batch;              /* 1: send batches; 0: the server refused one */
	size_t max_batch;       /* calls per batch (100) */
	/* private */
	struct jsonrpc_xfer *xfers; /* in flight */
};

struct jsonrpc_call {
	/* the request (jsonrpc_call_init) */
	char *method;
	cJSON *params;          /* owned; NULL: no "params" member */
	void (*done)(struct jsonrpc_call *call, void *arg); /* optional */
	void *arg;

	/* the outcome, once pending is 0 after a submit */
	int pending;
	int code;               /* 0, or ERR_NET (transport, malformed reply,
	                           or the server's JSON-RPC error) */
	struct error err;       /* "https://x/rpc: getBalance: RPC error -32602:
	                           invalid param; data: ..." */
	cJSON *result;          /* the reply's "result" (may be JSON null);
	                           owned by the call */
	int rpc_error;          /* the server answered with a JSON-RPC error: */
	long rpc_code;
	char *rpc_message;      /* its message, control characters replaced */
	cJSON *rpc_data;        /* its "data", or NULL */
	size_t url_used;        /* index in the jsonrpc's urls of the last URL tried */
	long long id;
};

/* Checks every URL against the http client's policy (ERR_USAGE). */
int jsonrpc_init(struct jsonrpc *rpc, struct http_client *http,
		 const char *const *urls, size_t n_urls, struct error *e) WUR;
/* Cancels the calls still in flight (their done callbacks run with
 * "cancelled") and frees what rpc holds. */
void jsonrpc_release(struct jsonrpc *rpc);
/* A header line sent with every request, "Name: value". */
int jsonrpc_add_header(struct jsonrpc *rpc, const char *line, struct error *e) WUR;

/* params is taken over (freed by jsonrpc_call_release), even on failure. */
int jsonrpc_call_init(struct jsonrpc_call *call, const char *method, cJSON *params,
		      struct error *e) WUR;
void jsonrpc_call_release(struct jsonrpc_call *call);
/* Hands the result over to the caller (who frees it with cJSON_Delete). */
cJSON *jsonrpc_call_take_result(struct jsonrpc_call *call);

/* Sends the calls (in batches where allowed) and returns at once. Fails
 * only if a call is already pending (ERR_USAGE); anything later, even
 * running out of memory, ends up in the calls and their done callbacks.
 * The calls must stay put until they are done. Done callbacks must not
 * release rpc. */
int jsonrpc_submit(struct jsonrpc *rpc, struct jsonrpc_call *const *calls, size_t n,
		   struct error *e) WUR;
/* Drives the http client until the given calls are done. */
int jsonrpc_wait(struct jsonrpc *rpc, struct jsonrpc_call *const *calls, size_t n) WUR;
/* Submits and waits; returns 0 if every call succeeded, else the first
 * failure's code, with its message in e. Each call has its own outcome. */
int jsonrpc_run(struct jsonrpc *rpc, struct jsonrpc_call *const *calls, size_t n,
		struct error *e) WUR;
/* One call, blocking: *result (the caller's, cJSON_Delete) on success.
 * params is taken over. */
int jsonrpc_request(struct jsonrpc *rpc, cJSON **result, const char *method,
		    cJSON *params, struct error *e) WUR;

/* Parses a JSON text, which must be one value and nothing else but white
 * space; integer literals beyond 2^53 become strings of their digits.
 * NULL if it is not JSON. For the plain HTTP / GraphQL APIs too. */
cJSON *jsonrpc_parse(const char *text, size_t len);
/* Takes one reply body for call as a transfer that answered it would
 * (a single call's reply, not a batch's): checks its shape and id against
 * call->id, sets the outcome (code, err, result or the server's error) and
 * runs the done callback. shown names the endpoint in messages. For tests
 * and fuzzing; the transfers use the same code. */
void jsonrpc_call_take_reply(struct jsonrpc_call *call, const char *body, size_t len, const char *shown);
/* An unsigned integer from a reply: a JSON number that is a whole number
 * no larger than 2^53, or a string of decimal digits up to 2^64 - 1.
 * ERR_NET if v is anything else. */
int jsonrpc_u64(uint64_t *out, const cJSON *v) WUR;

#endif
