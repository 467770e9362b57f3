/* The journaled sender for any contract call: see sender.h. */
#include "config.h"
#include "chains/evm/sender.h"
#include "chains/evm/abi.h"
#include "chains/evm/rpc.h"
#include "chains/evm/tokens.h"
#include "chains/evm/tx.h"
#include "amount.h"
#include "hex.h"
#include "http.h"
#include "keccak.h"
#include "wallet/address.h"
#include "clock.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#define DEFAULT_CONFIRM_TIMEOUT_S 180
#define GAS_MARGIN_PERCENT 20
#define POLL_FIRST_MS 50
#define POLL_MAX_MS 1000
/* Its nonce used and its receipt missing this long: replaced (a node can
 * show the nonce before the receipt). */
#define REPLACED_MS 5000
#define POLL_FAILURES_MAX 3

struct evm_sender {
	struct http_client http;
	struct jsonrpc rpc;
	int http_ok, rpc_ok;
	struct journal *j;
	char network[32];
	uint64_t chain_id;
	const char *native;
	unsigned confirmations;
	long confirm_timeout_s;
	int eip1559;
	struct u256 tip, max_fee, gas_price, est_price;
	uint8_t from[20];
	char from_s[ADDRESS_EVM_MAX];
	int prepared;
};

__attribute__((format(printf, 3, 4)))
static void textf(char *out, size_t n, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(out, n, fmt, ap);
	va_end(ap);
}

static void fmt_wei(char *out, size_t n, const struct u256 *v)
{
	char buf[AMOUNT_FMT_MAX];
	if (amount_format(buf, sizeof buf, v, 18))
		textf(buf, sizeof buf, "?");
	textf(out, n, "%s", buf);
}

void evm_call_init(struct evm_call *c)
{
	memset(c, 0, sizeof *c);
}

void evm_call_release(struct evm_call *c)
{
	free(c->data);
	memset(c, 0, sizeof *c);
}

int evm_call_set_data(struct evm_call *c, const uint8_t *data, size_t len)
{
	uint8_t *d = malloc(len ? len : 1);
	if (!d)
		return ERR_FAIL;
	if (len)
		memcpy(d, data, len);
	free(c->data);
	c->data = d;
	c->data_len = len;
	return 0;
}

/* --- open / close ------------------------------------------------------- */

void evm_sender_close(struct evm_sender *s)
{
	if (!s)
		return;
	if (s->rpc_ok)
		jsonrpc_release(&s->rpc);
	if (s->http_ok)
		http_client_release(&s->http);
	free(s);
}

int evm_sender_open(struct evm_sender **out, const struct evm_sender_options *o, struct journal *j, struct error *e)
{
	int rc;
	*out = NULL;
	if (!o->nurls)
		return error_set(e, ERR_USAGE, "network '%s' has no rpc URL", o->network ? o->network : "?");
	struct evm_sender *s = calloc(1, sizeof *s);
	if (!s)
		return error_set(e, ERR_FAIL, "out of memory");
	if ((rc = http_client_init(&s->http, e)))
		goto fail;
	s->http_ok = 1;
	s->http.insecure = o->insecure;
	if (o->timeout_ms > 0)
		s->http.timeout_ms = o->timeout_ms;
	if ((rc = jsonrpc_init(&s->rpc, &s->http, o->urls, o->nurls, e)))
		goto fail;
	s->rpc_ok = 1;
	s->j = j;
	textf(s->network, sizeof s->network, "%s", o->network ? o->network : "");
	s->confirmations = o->confirmations ? o->confirmations : 1;
	s->confirm_timeout_s = o->confirm_timeout_s > 0 ? o->confirm_timeout_s : DEFAULT_CONFIRM_TIMEOUT_S;
	cJSON *r = NULL;
	if ((rc = jsonrpc_request(&s->rpc, &r, "eth_chainId", cJSON_CreateArray(), e)))
		goto fail;
	rc = evm_rpc_read_u64(&s->chain_id, r, "eth_chainId", e);
	cJSON_Delete(r);
	if (rc)
		goto fail;
	if (o->chain_id && o->chain_id != s->chain_id) {
		rc = error_set(e, ERR_REFUSED, "the rpc answers chain id %llu, but network '%s' is chain id %llu: refusing to use it",
			       (unsigned long long)s->chain_id, s->network, (unsigned long long)o->chain_id);
		goto fail;
	}
	s->native = evm_native_symbol(s->chain_id);
	*out = s;
	return 0;
fail:
	evm_sender_close(s);
	return rc;
}

uint64_t evm_sender_chain_id(const struct evm_sender *s)
{
	return s->chain_id;
}

const char *evm_sender_native(const struct evm_sender *s)
{
	return s->native;
}

struct jsonrpc *evm_sender_rpc(struct evm_sender *s)
{
	return &s->rpc;
}

/* --- reads -------------------------------------------------------------- */

static int one_call(struct evm_sender *s, struct jsonrpc_call *call, const char *method, cJSON *params, struct error *e)
{
	int rc = jsonrpc_call_init(call, method, params, e);
	if (rc)
		return rc;
	struct jsonrpc_call *p = call;
	struct error ignore;
	if (jsonrpc_run(&s->rpc, &p, 1, &ignore)) {
		/* the call carries its own outcome */
	}
	return 0;
}

int evm_sender_read(struct evm_sender *s, uint8_t **ret, size_t *ret_len, const uint8_t *from, const uint8_t to[20],
		    const uint8_t *data, size_t len, struct error *e)
{
	struct jsonrpc_call call;
	char why[256];
	int rc = one_call(s, &call, "eth_call",
			  evm_rpc_params(2, evm_rpc_call_object(from, to, NULL, data, len, 0), cJSON_CreateString("latest")), e);
	if (rc)
		return rc;
	if (call.code) {
		if (evm_rpc_revert_reason(why, sizeof why, &call))
			rc = error_set(e, ERR_REFUSED, "%s", why);
		else
			rc = error_set(e, call.code, "%s", call.err.msg);
	} else {
		rc = evm_rpc_read_data(ret, ret_len, call.result, "eth_call", e);
	}
	jsonrpc_call_release(&call);
	return rc;
}

/* --- fees --------------------------------------------------------------- */

static int read_fees(struct evm_sender *s, struct error *e)
{
	struct evm_batch b;
	struct u256 base, price, two = {{2, 0, 0, 0}};
	int rc, have_price;
	struct error ignore;
	evm_batch_init(&b, &s->rpc);
	size_t ib = evm_batch_add(&b, "eth_getBlockByNumber", evm_rpc_params(2, cJSON_CreateString("latest"), cJSON_CreateFalse()));
	size_t it = evm_batch_add(&b, "eth_maxPriorityFeePerGas", cJSON_CreateArray());
	size_t ip = evm_batch_add(&b, "eth_gasPrice", cJSON_CreateArray());
	if ((rc = evm_batch_run(&b, e)))
		goto out;
	if (b.calls[ib].code) {
		rc = error_set(e, b.calls[ib].code, "%s", b.calls[ib].err.msg);
		goto out;
	}
	if (!cJSON_IsObject(b.calls[ib].result)) {
		rc = error_set(e, ERR_NET, "eth_getBlockByNumber: the node has no latest block");
		goto out;
	}
	have_price = !b.calls[ip].code && !evm_rpc_read_u256(&price, b.calls[ip].result, "eth_gasPrice", &ignore);
	const cJSON *bf = cJSON_GetObjectItemCaseSensitive(b.calls[ib].result, "baseFeePerGas");
	if (!bf || cJSON_IsNull(bf)) {
		if (!have_price) {
			rc = error_set(e, ERR_NET, "eth_gasPrice: the node gave no gas price");
			goto out;
		}
		s->eip1559 = 0;
		s->gas_price = s->est_price = price;
		goto out;
	}
	if ((rc = evm_rpc_read_u256(&base, bf, "eth_getBlockByNumber baseFeePerGas", e)))
		goto out;
	u256_zero(&s->tip);
	if (b.calls[it].code || evm_rpc_read_u256(&s->tip, b.calls[it].result, "eth_maxPriorityFeePerGas", &ignore)) {
		if (!have_price || u256_cmp(&price, &base) <= 0 || u256_sub(&s->tip, &price, &base))
			u256_zero(&s->tip);
	}
	s->eip1559 = 1;
	if (u256_mul(&s->max_fee, &base, &two) || u256_add(&s->max_fee, &s->max_fee, &s->tip) ||
	    u256_add(&s->est_price, &base, &s->tip))
		rc = error_set(e, ERR_NET, "the node's fees are past 2^256");
out:
	evm_batch_release(&b);
	return rc;
}

/* --- gas ---------------------------------------------------------------- */

static int estimate(struct evm_sender *s, struct evm_call *c, const char *w, struct error *e)
{
	struct jsonrpc_call call;
	char why[256];
	int rc = one_call(s, &call, "eth_estimateGas",
			  evm_rpc_params(1, evm_rpc_call_object(s->from, c->to, &c->value, c->data, c->data_len, 0)), e);
	if (rc)
		return rc;
	if (call.code) {
		if (evm_rpc_revert_reason(why, sizeof why, &call))
			rc = error_set(e, ERR_REFUSED, "%sthe transaction would fail: %s", w, why);
		else if (call.rpc_error)
			rc = error_set(e, ERR_FAIL, "%sthe node's gas estimate failed: %s", w, call.err.msg);
		else
			rc = error_set(e, call.code, "%s%s", w, call.err.msg);
	} else if (!(rc = evm_rpc_read_u64(&c->gas_est, call.result, "eth_estimateGas", e))) {
		c->gas_limit = c->gas_est + (c->gas_est * GAS_MARGIN_PERCENT + 99) / 100;
		struct u256 g, fee;
		u256_from_u64(&g, c->gas_est);
		if (u256_mul(&fee, &g, &s->est_price))
			u256_max(&fee);
		fmt_wei(c->fee, sizeof c->fee, &fee);
	}
	jsonrpc_call_release(&call);
	return rc;
}

static void where(char *out, size_t n, const struct evm_call *c, size_t i, size_t count)
{
	if (count == 1)
		out[0] = '\0';
	else
		textf(out, n, "%s (call %zu): ", c->purpose[0] ? c->purpose : "call", i + 1);
}

/* The journal's transaction for c's batch key: the first of KEY, KEY#2 ..
 * KEY#9 that did not expire (0, in jt), else ERR_NOTFOUND with c->batch_key
 * set to the first free one (a call whose transaction expired is signed
 * anew under the next key). */
static int lookup_key(struct evm_sender *s, struct evm_call *c, struct journal_tx *jt, struct error *e)
{
	char base[sizeof c->batch_key];
	if (!c->batch_key[0] || !s->j)
		return ERR_NOTFOUND;
	textf(base, sizeof base, "%s", c->batch_key);
	char *hash = strrchr(base, '#');
	if (hash && hash[1] >= '2' && hash[1] <= '9' && !hash[2])
		*hash = '\0';
	for (int k = 1; k <= 9; k++) {
		char key[sizeof c->batch_key];
		struct error le = {0, ""};
		if (k == 1)
			textf(key, sizeof key, "%s", base);
		else
			textf(key, sizeof key, "%.76s#%d", base, k);
		int rc = journal_get_by_key(s->j, jt, key, &le);
		if (rc == ERR_NOTFOUND) {
			textf(c->batch_key, sizeof c->batch_key, "%s", key);
			return ERR_NOTFOUND;
		}
		if (rc)
			return error_set(e, rc, "%s", le.msg);
		if (jt->status != JOURNAL_EXPIRED)
			return 0;
		/* landed after all (judged on a node that showed the nonce before
		 * the receipt): followed, not sent again */
		int landed;
		if ((rc = evm_rpc_has_receipt(&s->rpc, jt->txid, &landed, e))) {
			journal_tx_release(jt);
			return rc;
		}
		if (landed) {
			struct error je = {0, ""};
			if (journal_set_status(s->j, jt->txid, JOURNAL_SENT, NULL, &je)) {
				journal_tx_release(jt);
				return error_set(e, je.code, "%s", je.msg);
			}
			jt->status = JOURNAL_SENT;
			return 0;
		}
		journal_tx_release(jt);
	}
	return error_set(e, ERR_FAIL, "the transactions of '%s' expired 9 times; not signing it again", base);
}

int evm_sender_prepare(struct evm_sender *s, const uint8_t from[20], struct evm_call *calls, size_t n, char *summary,
		       size_t summary_size, struct error *e)
{
	char w[80];
	int rc;
	s->prepared = 0;
	memcpy(s->from, from, 20);
	if (address_eip55(s->from_s, sizeof s->from_s, from))
		return error_set(e, ERR_USAGE, "bad sender address");
	if ((rc = read_fees(s, e)))
		return rc;
	struct u256 most, balance;
	u256_zero(&most);
	for (size_t i = 0; i < n; i++) {
		struct evm_call *c = &calls[i];
		struct journal_tx jt;
		where(w, sizeof w, c, i, n);
		c->journaled = 0;
		c->fee[0] = c->error[0] = c->txid[0] = '\0';
		rc = lookup_key(s, c, &jt, e);
		if (rc == 0) {
			c->journaled = 1;
			textf(c->txid, sizeof c->txid, "%s", jt.txid);
			c->status = jt.status;
			textf(c->fee, sizeof c->fee, "0");
			journal_tx_release(&jt);
			continue;
		}
		if (rc != ERR_NOTFOUND)
			return rc;
		if (!c->gas_limit && !c->after_previous && (rc = estimate(s, c, w, e)))
			return rc;
		uint64_t g = c->gas_limit ? c->gas_limit : 300000; /* after_previous: a bound for the funds check */
		struct u256 gu, cost;
		u256_from_u64(&gu, g);
		if (u256_mul(&cost, &gu, s->eip1559 ? &s->max_fee : &s->gas_price) || u256_add(&cost, &cost, &c->value) ||
		    u256_add(&most, &most, &cost))
			return error_set(e, ERR_USAGE, "the costs add up past 2^256");
		if (!c->fee[0]) {
			struct u256 est;
			u256_from_u64(&gu, g);
			if (u256_mul(&est, &gu, &s->est_price))
				u256_max(&est);
			fmt_wei(c->fee, sizeof c->fee, &est);
		}
	}
	/* funds */
	struct jsonrpc_call call;
	if ((rc = one_call(s, &call, "eth_getBalance", evm_rpc_params(2, evm_rpc_address(from), cJSON_CreateString("latest")), e)))
		return rc;
	if (call.code)
		rc = error_set(e, call.code, "%s", call.err.msg);
	else
		rc = evm_rpc_read_u256(&balance, call.result, "eth_getBalance", e);
	jsonrpc_call_release(&call);
	if (rc)
		return rc;
	if (u256_cmp(&most, &balance) > 0) {
		char h[AMOUNT_FMT_MAX], nd[AMOUNT_FMT_MAX];
		fmt_wei(h, sizeof h, &balance);
		fmt_wei(nd, sizeof nd, &most);
		return error_set(e, ERR_FAIL, "insufficient funds: %s holds %s %s on %s; the calls may cost up to %s %s", s->from_s, h,
				 s->native, s->network, nd, s->native);
	}
	if (summary && summary_size) {
		size_t l = 0;
		summary[0] = '\0';
		for (size_t i = 0; i < n; i++) {
			const struct evm_call *c = &calls[i];
			char to[ADDRESS_EVM_MAX];
			if (address_eip55(to, sizeof to, c->to))
				to[0] = '\0';
			if (c->journaled)
				textf(summary + l, summary_size - l, "%s to %s: already in the journal (%s, %s)\n", c->purpose, to,
				      journal_status_name(c->status), c->txid);
			else
				textf(summary + l, summary_size - l, "%s: call %s (%zu bytes of call data), gas %s%llu, fee ~%s %s\n",
				      c->purpose, to, c->data_len, c->gas_est ? "" : "up to ",
				      (unsigned long long)(c->gas_est ? c->gas_est : c->gas_limit ? c->gas_limit : 300000), c->fee,
				      s->native);
			l = strlen(summary);
		}
		textf(summary + l, summary_size - l, "from %s on %s (chain id %llu)", s->from_s, s->network,
		      (unsigned long long)s->chain_id);
	}
	s->prepared = 1;
	return 0;
}

/* --- send --------------------------------------------------------------- */

struct held {
	uint64_t *nonces;
	size_t n, cap;
	const char *from, *network;
	int oom;
};

static int held_cb(void *user, const struct journal_tx *t)
{
	struct held *h = user;
	if (strcmp(t->chain, "evm") || strcmp(t->network, h->network) || strcasecmp(t->from, h->from))
		return 0;
	if (h->n == h->cap) {
		size_t cap = h->cap ? 2 * h->cap : 8;
		uint64_t *v = realloc(h->nonces, cap * sizeof *v);
		if (!v) {
			h->oom = 1;
			return 1;
		}
		h->nonces = v;
		h->cap = cap;
	}
	h->nonces[h->n++] = t->nonce;
	return 0;
}

static uint64_t free_nonce(const struct held *h, uint64_t n)
{
again:
	for (size_t i = 0; i < h->n; i++)
		if (h->nonces[i] == n) {
			n++;
			goto again;
		}
	return n;
}

static int next_nonce(struct evm_sender *s, uint64_t *out, struct error *e)
{
	struct evm_batch b;
	uint64_t pending = 0, latest = 0;
	int rc;
	evm_batch_init(&b, &s->rpc);
	evm_batch_add(&b, "eth_getTransactionCount", evm_rpc_params(2, evm_rpc_address(s->from), cJSON_CreateString("pending")));
	evm_batch_add(&b, "eth_getTransactionCount", evm_rpc_params(2, evm_rpc_address(s->from), cJSON_CreateString("latest")));
	if (!(rc = evm_batch_run(&b, e)) && !(rc = evm_batch_first_error(&b, e)) &&
	    !(rc = evm_rpc_read_u64(&pending, b.calls[0].result, "eth_getTransactionCount", e)))
		rc = evm_rpc_read_u64(&latest, b.calls[1].result, "eth_getTransactionCount", e);
	evm_batch_release(&b);
	if (rc)
		return rc;
	struct held h = {NULL, 0, 0, s->from_s, s->network, 0};
	if (s->j && (rc = journal_each(s->j, 1, 0, held_cb, &h, e))) {
		free(h.nonces);
		return rc;
	}
	*out = free_nonce(&h, pending > latest ? pending : latest);
	free(h.nonces);
	return h.oom ? error_set(e, ERR_FAIL, "out of memory") : 0;
}

static int sign_call(struct evm_sender *s, const uint8_t seckey[32], const struct evm_call *c, uint64_t nonce,
		     uint8_t **raw, size_t *raw_len, char txid[67], struct error *e)
{
	struct evm_tx tx;
	uint8_t hash[32];
	evm_tx_init(&tx);
	tx.type = s->eip1559 ? EVM_TX_DYNAMIC_FEE : EVM_TX_LEGACY;
	tx.chain_id = s->chain_id;
	tx.nonce = nonce;
	tx.gas_limit = c->gas_limit;
	if (s->eip1559) {
		tx.max_priority_fee_per_gas = s->tip;
		tx.max_fee_per_gas = s->max_fee;
	} else {
		tx.gas_price = s->gas_price;
	}
	tx.has_to = 1;
	memcpy(tx.to, c->to, 20);
	tx.value = c->value;
	int rc = evm_tx_set_data(&tx, c->data, c->data_len) ? error_set(e, ERR_FAIL, "out of memory") : 0;
	if (!rc)
		rc = evm_tx_sign(&tx, seckey, e);
	if (!rc)
		rc = evm_tx_encode(raw, raw_len, &tx, e);
	evm_tx_release(&tx);
	if (rc)
		return rc;
	keccak256(hash, *raw, *raw_len);
	txid[0] = '0';
	txid[1] = 'x';
	hex_encode(txid + 2, 65, hash, 32);
	return 0;
}

static void note(struct evm_sender *s, struct evm_call *c, enum journal_status st, const char *msg)
{
	struct error je;
	c->status = st;
	textf(c->error, sizeof c->error, "%s", msg ? msg : "");
	if (s->j && journal_set_status(s->j, c->txid, st, msg, &je)) {
		/* the outcome stays in c; the journal is settled by tx status */
	}
}

static int has(const char *text, const char *const *needles)
{
	for (; *needles; needles++)
		if (strstr(text, *needles))
			return 1;
	return 0;
}

/* eth_sendRawTransaction: 0 (accepted, known, or its nonce already used:
 * the receipt tells), ERR_REFUSED (the node refused it), ERR_NET. */
static int broadcast(struct evm_sender *s, struct evm_call *c, const uint8_t *raw, size_t len, struct error *e)
{
	static const char *const ok[] = {"already known", "known transaction", "alreadyknown", "already imported",
					 "already in the mempool", "already exists", "nonce too low", "noncetoolow", NULL};
	struct jsonrpc_call call;
	char text[512];
	int rc = one_call(s, &call, "eth_sendRawTransaction", evm_rpc_params(1, evm_rpc_bytes(raw, len)), e);
	if (rc)
		return rc;
	if (!call.code) {
		if (c->status == JOURNAL_SIGNED)
			note(s, c, JOURNAL_SENT, NULL);
	} else {
		evm_rpc_error_text(text, sizeof text, &call);
		if (!call.rpc_error)
			rc = error_set(e, ERR_NET, "%s", call.err.msg);
		else if (!has(text, ok)) {
			char msg[256];
			textf(msg, sizeof msg, "the node refused it: %s", call.rpc_message ? call.rpc_message : call.err.msg);
			note(s, c, JOURNAL_EXPIRED, msg);
			rc = error_set(e, ERR_REFUSED, "%s", msg);
		}
	}
	jsonrpc_call_release(&call);
	return rc;
}

/* Why a mined call reverted: replayed at its block. */
static void failure_reason(struct evm_sender *s, struct evm_call *c, uint64_t nonce)
{
	struct jsonrpc_call call;
	struct error ignore;
	char why[200], msg[256];
	textf(why, sizeof why, "no reason");
	if (one_call(s, &call, "eth_call",
		     evm_rpc_params(2, evm_rpc_call_object(s->from, c->to, &c->value, c->data, c->data_len, c->gas_limit),
				    evm_rpc_u64(c->block)),
		     &ignore) == 0) {
		if (call.code && !evm_rpc_revert_reason(why, sizeof why, &call))
			textf(why, sizeof why, "no reason (%s)", call.err.msg);
		jsonrpc_call_release(&call);
	}
	(void)nonce;
	textf(msg, sizeof msg, "reverted in block %llu: %s%s", (unsigned long long)c->block, why,
	      c->gas_used >= c->gas_limit ? " (it used all of its gas)" : "");
	note(s, c, JOURNAL_FAILED, msg);
}

/* Waits for c's receipt: 0 when it settled (CONFIRMED, FAILED, EXPIRED),
 * ERR_NET when the RPC kept failing, ERR_FAIL on timeout. */
static int await(struct evm_sender *s, struct evm_call *c, uint64_t nonce, const uint8_t *raw, size_t raw_len,
		 struct error *e)
{
	long long start = mono_ms();
	long interval = POLL_FIRST_MS;
	int failures = 0, polls = 0;
	long long suspect_since = 0;
	for (;;) {
		struct evm_batch b;
		struct error re = {0, ""};
		uint64_t head = 0, count = 0;
		int ok = 1, settled = 0;
		evm_batch_init(&b, &s->rpc);
		evm_batch_add(&b, "eth_blockNumber", cJSON_CreateArray());
		evm_batch_add(&b, "eth_getTransactionCount", evm_rpc_params(2, evm_rpc_address(s->from), cJSON_CreateString("latest")));
		evm_batch_add(&b, "eth_getTransactionReceipt", evm_rpc_params(1, cJSON_CreateString(c->txid)));
		if (evm_batch_run(&b, &re) || evm_batch_first_error(&b, &re) ||
		    evm_rpc_read_u64(&head, b.calls[0].result, "eth_blockNumber", &re) ||
		    evm_rpc_read_u64(&count, b.calls[1].result, "eth_getTransactionCount", &re))
			ok = 0;
		const cJSON *r = ok ? b.calls[2].result : NULL;
		if (ok && cJSON_IsObject(r)) {
			const cJSON *bn = cJSON_GetObjectItemCaseSensitive(r, "blockNumber");
			const cJSON *st = cJSON_GetObjectItemCaseSensitive(r, "status");
			const cJSON *used = cJSON_GetObjectItemCaseSensitive(r, "gasUsed");
			uint64_t status = 1;
			if (bn && !cJSON_IsNull(bn)) {
				if (evm_rpc_read_u64(&c->block, bn, "receipt blockNumber", &re) ||
				    (st && !cJSON_IsNull(st) && evm_rpc_read_u64(&status, st, "receipt status", &re)))
					ok = 0;
				else {
					if (used && evm_rpc_read_u64(&c->gas_used, used, "receipt gasUsed", &re))
						c->gas_used = 0;
					if (head >= c->block && head - c->block + 1 >= s->confirmations)
						settled = status == 1 ? 1 : 2;
				}
			}
		} else if (ok && !cJSON_IsNull(r)) {
			ok = !error_set(&re, ERR_NET, "eth_getTransactionReceipt: the node answered neither a receipt nor null");
		} else if (ok && nonce >= count && raw && ++polls % 4 == 0) {
			/* not mined and its nonce free: the node may never have had
			 * it (a lost broadcast): the same bytes again */
			struct error ignore;
			if (broadcast(s, c, raw, raw_len, &ignore) == ERR_REFUSED) {
				evm_batch_release(&b);
				return 0; /* settled: EXPIRED with the node's reason */
			}
		} else if (ok && nonce < count) {
			/* its nonce is used: look once more, else another took it */
			struct jsonrpc_call again;
			if (one_call(s, &again, "eth_getTransactionReceipt", evm_rpc_params(1, cJSON_CreateString(c->txid)), &re) == 0) {
				if (!again.code && cJSON_IsNull(again.result)) {
					if (!suspect_since)
						suspect_since = mono_ms();
					else if (mono_ms() - suspect_since >= REPLACED_MS)
						settled = 3;
				}
				jsonrpc_call_release(&again);
			}
		}
		if (ok && !(nonce < count && cJSON_IsNull(r)))
			suspect_since = 0;
		evm_batch_release(&b);
		if (settled == 1) {
			note(s, c, JOURNAL_CONFIRMED, NULL);
			return 0;
		}
		if (settled == 2) {
			failure_reason(s, c, nonce);
			return 0;
		}
		if (settled == 3) {
			char msg[128];
			textf(msg, sizeof msg, "nonce %llu was used by another transaction", (unsigned long long)nonce);
			note(s, c, JOURNAL_EXPIRED, msg);
			return 0;
		}
		if (!ok && ++failures >= POLL_FAILURES_MAX)
			return error_set(e, re.code ? re.code : ERR_NET, "%s", re.msg);
		if (ok)
			failures = 0;
		if (mono_ms() - start > s->confirm_timeout_s * 1000) {
			textf(c->error, sizeof c->error, "not confirmed within %ld s: depinctl tx status %s", s->confirm_timeout_s,
			      c->txid);
			return error_set(e, ERR_FAIL, "%s", c->error);
		}
		sleep_ms(interval);
		interval = interval * 2 > POLL_MAX_MS ? POLL_MAX_MS : interval * 2;
	}
}

/* One call: resumed from the journal, or signed, journaled, broadcast; awaited. */
static int send_one(struct evm_sender *s, const uint8_t seckey[32], struct evm_call *c, const char *w, struct error *e)
{
	struct journal_tx jt;
	int rc = lookup_key(s, c, &jt, e);
	uint64_t nonce;
	uint8_t *raw = NULL;
	size_t raw_len = 0;
	if (rc == 0) {
		textf(c->txid, sizeof c->txid, "%s", jt.txid);
		c->status = jt.status;
		if (jt.status == JOURNAL_CONFIRMED || jt.status == JOURNAL_FAILED || jt.status == JOURNAL_EXPIRED) {
			c->skipped = 1;
			textf(c->error, sizeof c->error, "%s", jt.error);
			journal_tx_release(&jt);
			return 0;
		}
		nonce = jt.nonce;
		struct evm_tx tx;
		if (evm_tx_decode(&tx, jt.raw, jt.raw_len, e) == 0)
			c->gas_limit = tx.gas_limit;
		evm_tx_release(&tx);
		rc = broadcast(s, c, jt.raw, jt.raw_len, e);
		raw = jt.raw;
		raw_len = jt.raw_len;
		jt.raw = NULL;
		journal_tx_release(&jt);
	} else if (rc != ERR_NOTFOUND) {
		return rc;
	} else {
		if (!c->gas_limit && (rc = estimate(s, c, w, e)))
			return rc;
		if ((rc = next_nonce(s, &nonce, e)))
			return rc;
		memset(&jt, 0, sizeof jt);
		if ((rc = sign_call(s, seckey, c, nonce, &jt.raw, &jt.raw_len, c->txid, e)))
			return rc;
		textf(jt.chain, sizeof jt.chain, "evm");
		textf(jt.network, sizeof jt.network, "%s", s->network);
		textf(jt.txid, sizeof jt.txid, "%s", c->txid);
		textf(jt.purpose, sizeof jt.purpose, "%s", c->purpose[0] ? c->purpose : "call");
		textf(jt.from, sizeof jt.from, "%s", s->from_s);
		if (address_eip55(jt.to, sizeof jt.to, c->to))
			jt.to[0] = '\0';
		textf(jt.amount, sizeof jt.amount, "%s", c->amount);
		textf(jt.token, sizeof jt.token, "%s", c->token);
		textf(jt.batch_key, sizeof jt.batch_key, "%s", c->batch_key);
		jt.nonce = nonce;
		jt.status = JOURNAL_SIGNED;
		c->status = JOURNAL_SIGNED;
		rc = s->j ? journal_add(s->j, &jt, e) : error_set(e, ERR_USAGE, "no journal: refusing to send");
		if (rc) {
			free(jt.raw);
			return rc; /* not journaled: never broadcast */
		}
		rc = broadcast(s, c, jt.raw, jt.raw_len, e);
		raw = jt.raw;
		raw_len = jt.raw_len;
	}
	if (rc && rc != ERR_NET) {
		free(raw);
		return rc;
	}
	/* ERR_NET: the node may or may not have it: the receipt tells, and
	 * the same bytes are broadcast again while it is not mined */
	rc = await(s, c, nonce, raw, raw_len, e);
	free(raw);
	return rc;
}

int evm_sender_send(struct evm_sender *s, const uint8_t seckey[32], struct evm_call *calls, size_t n,
		    void (*progress)(void *arg, size_t done, size_t total), void *arg, struct error *e)
{
	char w[80], from_s[ADDRESS_EVM_MAX];
	uint8_t from[20];
	if (!s->prepared)
		return error_set(e, ERR_USAGE, "the calls were not prepared");
	if (address_evm_from_seckey(from_s, sizeof from_s, seckey) || address_evm_parse(from, from_s, e))
		return error_set(e, ERR_USAGE, "the key is not a valid secp256k1 key");
	if (memcmp(from, s->from, 20))
		return error_set(e, ERR_REFUSED, "the key signs as %s, but the calls were prepared for %s", from_s, s->from_s);
	int rc = 0;
	size_t i;
	for (i = 0; i < n; i++) {
		struct evm_call *c = &calls[i];
		where(w, sizeof w, c, i, n);
		c->skipped = 0;
		int r = send_one(s, seckey, c, w, e);
		if (progress)
			progress(arg, i + 1, n);
		if (r) {
			if (!c->error[0])
				textf(c->error, sizeof c->error, "%s", e->msg);
			rc = r;
			break;
		}
		if (c->status != JOURNAL_CONFIRMED && !c->skipped) {
			rc = error_set(e, ERR_FAIL, "%s%s", w, c->error);
			break;
		}
		if (c->skipped && c->status != JOURNAL_CONFIRMED) {
			rc = error_set(e, ERR_FAIL, "%salready sent and %s: %s", w, journal_status_name(c->status), c->error);
			break;
		}
	}
	for (size_t k = i + 1; k < n; k++)
		if (!calls[k].txid[0])
			textf(calls[k].error, sizeof calls[k].error, "not sent: an earlier call did not confirm");
	return rc;
}
