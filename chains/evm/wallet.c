/* The EVM half of chains/chain.h: balances, transfers of the native coin
 * and of ERC-20 tokens, pipelined sending through the journal, and the
 * status and resending of journaled transactions.
 *
 * Fees. Where the latest block has a base fee (EIP-1559) transactions are
 * type 2 with
 *	maxPriorityFeePerGas = eth_maxPriorityFeePerGas (else the median of the
 *	                       50th-percentile tips of the last 5 blocks in
 *	                       eth_feeHistory, else gasPrice - baseFee, else 0)
 *	maxFeePerGas         = 2 * baseFee + maxPriorityFeePerGas
 * where baseFee is the next block's (the last entry of feeHistory's
 * baseFeePerGas, else the latest block's): the cap stays above the base fee
 * through six full blocks in a row (each raises it by 12.5% at most). The
 * fee shown is the estimate gas * (baseFee + tip); the funds check counts
 * the most a transaction can cost, gasLimit * maxFeePerGas + value, as
 * nodes do. Chains without a base fee get legacy EIP-155 transactions at
 * eth_gasPrice.
 *
 * Gas. eth_estimateGas for every transfer; a plain transfer's 21000 is
 * exact and kept, anything else (a token transfer, a contract recipient)
 * gets 20% more. A failed estimate stops everything before signing, with
 * the contract's decoded revert reason.
 *
 * Nonces. The first free nonce is eth_getTransactionCount(pending); the
 * journal's unconfirmed transactions of the same account on the same
 * network keep theirs (a rerun never signs a second transaction for a
 * nonce they hold), and the new transactions take consecutive free nonces.
 * A batch is signed at once, every transaction journaled (SIGNED) before
 * the first is broadcast, broadcast in JSON-RPC batches in nonce order
 * together with the account's journaled transactions the node no longer
 * has, and its receipts polled in batches.
 *
 * Batch lines. A line whose batch key the journal holds is not signed
 * again: CONFIRMED or FAILED (it landed) is skipped, SIGNED or SENT is
 * resumed with the very same bytes; a line whose transaction EXPIRED (its
 * nonce went to another transaction) is signed anew under the key
 * "KEY#2" (then #3, ...).
 *
 * The secret key is only ever read where it is passed in (signing, the
 * sender's address); nothing here copies it. */
#include "config.h"
#include "chains/chain.h"
#include "chains/evm/abi.h"
#include "chains/evm/rpc.h"
#include "chains/evm/tokens.h"
#include "chains/evm/tx.h"
#include "amount.h"
#include "hex.h"
#include "http.h"
#include "jsonrpc.h"
#include "keccak.h"
#include "u256.h"
#include "wallet/address.h"
#include "clock.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#define DEFAULT_CONFIRM_TIMEOUT_S 180
#define TRANSFER_GAS 21000
#define GAS_MARGIN_PERCENT 20
#define KEY_RETRIES 9		/* batch keys KEY, KEY#2 .. KEY#9 */
#define POLL_FAILURES_MAX 3	/* poll rounds in a row the RPC may fail */
#define POLL_FIRST_MS 50
#define POLL_MAX_MS 2000
/* A transaction whose nonce the account has used while its receipt is
 * missing is taken as replaced only when that holds this long: a node (or
 * the nodes behind one URL) can show the nonce before the receipt. */
#define REPLACED_MS 5000

/* One transfer as prepare resolved it. */
struct xfer {
	uint8_t to[20];
	int native;
	size_t tok;		/* its token's slot in chain.toks (tokens only) */
	struct u256 amount;	/* base units, "max" resolved */
	int is_max;
	uint64_t gas_est, gas;	/* the estimate, and the gas limit signed */
	int journaled;		/* the batch line's transaction is in the journal */
	struct journal_tx jt;	/* that transaction (raw owned) */
	char key[80];		/* the batch key a new transaction gets */
};

/* A token the transfers use. */
struct tok {
	uint8_t addr[20];
	const struct evm_token *known;
	char symbol[32];
	char journal_name[64];	/* what the journal records: the known symbol, else the contract */
	unsigned decimals;
	struct u256 balance, need;
	int has_max;
	size_t i_bal, i_dec, i_sym, i_code;
};

struct chain {
	struct http_client http;
	struct jsonrpc rpc;
	int http_ok, rpc_ok;
	struct journal *j;
	char network[32];
	uint64_t chain_id;
	const char *native;	/* "ETH", "POL", "FIL" */
	unsigned confirmations;
	long confirm_timeout_s;
	/* fees (prepare) */
	int eip1559;
	struct u256 tip, max_fee, gas_price, est_price;
	/* the sender (prepare) */
	uint8_t from[20];
	char from_s[ADDRESS_EVM_MAX];
	/* what prepare resolved */
	struct chain_transfer *prep_t;
	size_t prep_n;
	struct xfer *x;
	struct tok *toks;
	size_t ntoks;
	int other_open;		/* the account's unconfirmed journaled transactions outside t */
	char journal_err[200];	/* a journal update that failed */
};

/* --- small helpers ------------------------------------------------------ */

/* snprintf that truncates quietly (messages and fields are cut to fit). */
__attribute__((format(printf, 3, 4)))
static void textf(char *out, size_t n, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(out, n, fmt, ap);
	va_end(ap);
}

static void fmt_amount(char *out, size_t n, const struct u256 *v, unsigned decimals)
{
	char buf[AMOUNT_FMT_MAX];
	if (amount_format(buf, sizeof buf, v, decimals))
		textf(buf, sizeof buf, "?");
	textf(out, n, "%s", buf);
}

static void fmt_address(char out[ADDRESS_EVM_MAX], const uint8_t a[20])
{
	if (address_eip55(out, ADDRESS_EVM_MAX, a))
		out[0] = '\0';
}

/* "transfer 3 (to 0x...): " in a batch, "" for a single transfer. */
static void where(char *out, size_t n, const struct chain_transfer *t, size_t i, size_t count)
{
	if (count == 1)
		out[0] = '\0';
	else
		textf(out, n, "transfer %zu (to %.42s): ", i + 1, t[i].to);
}

/* Prefixes e's message (error_wrap puts ": " after the prefix). */
static int prefixed(struct error *e, int code, const char *prefix)
{
	char m[sizeof e->msg];
	textf(m, sizeof m, "%s", e->msg);
	return error_set(e, code, "%s%s", prefix, m);
}

static void copy_str(char *out, size_t n, const char *s)
{
	textf(out, n, "%s", s);
}

static size_t eth_call_add(struct evm_batch *b, const uint8_t *from, const uint8_t to[20], const struct u256 *value,
			   const uint8_t *data, size_t len, uint64_t gas, const char *block)
{
	return evm_batch_add(b, "eth_call",
			     evm_rpc_params(2, evm_rpc_call_object(from, to, value, data, len, gas), cJSON_CreateString(block)));
}

static int call_result(uint8_t **ret, size_t *len, const struct jsonrpc_call *call, struct error *e)
{
	if (call->code)
		return error_set(e, call->code, "%s", call->err.msg);
	return evm_rpc_read_data(ret, len, call->result, call->method, e);
}

/* --- open / close ------------------------------------------------------- */

static void release_prep(struct chain *c)
{
	for (size_t i = 0; c->x && i < c->prep_n; i++)
		journal_tx_release(&c->x[i].jt);
	free(c->x);
	free(c->toks);
	c->x = NULL;
	c->toks = NULL;
	c->prep_t = NULL;
	c->prep_n = c->ntoks = 0;
	c->other_open = 0;
}

static void evm_close(struct chain *c)
{
	if (!c)
		return;
	release_prep(c);
	if (c->rpc_ok)
		jsonrpc_release(&c->rpc);
	if (c->http_ok)
		http_client_release(&c->http);
	free(c);
}

static int evm_open(struct chain **out, const struct chain_options *o, struct journal *j, struct error *e)
{
	const char *urls[CONF_MAX_RPC + 1];
	size_t n = 0;
	int rc;
	*out = NULL;
	if (o->rpc && *o->rpc)
		urls[n++] = o->rpc;
	else
		for (int i = 0; i < o->net->nrpc && i < CONF_MAX_RPC; i++)
			urls[n++] = o->net->rpc[i];
	if (!n)
		return error_set(e, ERR_USAGE, "network '%s' has no rpc URL", o->network);
	struct chain *c = calloc(1, sizeof *c);
	if (!c)
		return error_set(e, ERR_FAIL, "out of memory");
	if ((rc = http_client_init(&c->http, e)))
		goto fail;
	c->http_ok = 1;
	c->http.insecure = o->insecure;
	if (o->timeout_ms > 0)
		c->http.timeout_ms = o->timeout_ms;
	if ((rc = jsonrpc_init(&c->rpc, &c->http, urls, n, e)))
		goto fail;
	c->rpc_ok = 1;
	c->j = j;
	copy_str(c->network, sizeof c->network, o->network);
	c->confirmations = o->confirmations ? o->confirmations : 1;
	c->confirm_timeout_s = o->confirm_timeout_s > 0 ? o->confirm_timeout_s : DEFAULT_CONFIRM_TIMEOUT_S;

	cJSON *r = NULL;
	if ((rc = jsonrpc_request(&c->rpc, &r, "eth_chainId", cJSON_CreateArray(), e)))
		goto fail;
	rc = evm_rpc_read_u64(&c->chain_id, r, "eth_chainId", e);
	cJSON_Delete(r);
	if (rc)
		goto fail;
	if (o->net->chain_id && c->chain_id != o->net->chain_id) {
		char shown[256];
		http_url_display(shown, sizeof shown, c->rpc.urls[c->rpc.preferred]);
		rc = error_set(e, ERR_REFUSED,
			       "%s answers chain id %llu, but network '%s' is chain id %llu: refusing to use it "
			       "(check the network's rpc and chain-id)",
			       shown, (unsigned long long)c->chain_id, o->network, o->net->chain_id);
		goto fail;
	}
	c->native = evm_native_symbol(c->chain_id);
	*out = c;
	return 0;
fail:
	evm_close(c);
	return rc;
}

/* --- balances ----------------------------------------------------------- */

static int evm_balances(struct chain *c, const char *address, struct chain_balance **out, size_t *n, struct error *e)
{
	uint8_t owner[20];
	size_t nt;
	int rc;
	*out = NULL;
	*n = 0;
	if ((rc = address_evm_parse(owner, address, e)))
		return rc;
	const struct evm_token *tok = evm_tokens(c->chain_id, &nt);
	struct evm_batch b;
	evm_batch_init(&b, &c->rpc);
	size_t ib = evm_batch_add(&b, "eth_getBalance", evm_rpc_params(2, evm_rpc_address(owner), cJSON_CreateString("latest")));
	for (size_t i = 0; i < nt; i++) {
		uint8_t a[20], data[ERC20_CALL_MAX];
		if (address_evm_parse(a, tok[i].address, e)) {
			evm_batch_release(&b);
			return error_set(e, ERR_FAIL, "the token list's %s address is broken", tok[i].symbol);
		}
		eth_call_add(&b, NULL, a, NULL, data, erc20_balance_of_data(data, owner), 0, "latest");
		eth_call_add(&b, NULL, a, NULL, data, erc20_decimals_data(data), 0, "latest");
	}
	if ((rc = evm_batch_run(&b, e)) || (rc = evm_batch_first_error(&b, e)))
		goto out;
	struct chain_balance *res = calloc(1 + nt, sizeof *res);
	if (!res) {
		rc = error_set(e, ERR_FAIL, "out of memory");
		goto out;
	}
	struct u256 v;
	if ((rc = evm_rpc_read_u256(&v, b.calls[ib].result, "eth_getBalance", e))) {
		free(res);
		goto out;
	}
	copy_str(res[0].token, sizeof res[0].token, c->native);
	fmt_amount(res[0].amount, sizeof res[0].amount, &v, 18);
	res[0].decimals = 18;
	size_t k = 1;
	for (size_t i = 0; i < nt; i++) {
		uint8_t *ret = NULL;
		size_t len = 0;
		unsigned dec;
		rc = call_result(&ret, &len, &b.calls[ib + 1 + 2 * i], e);
		if (!rc)
			rc = erc20_read_uint(&v, ret, len, e);
		free(ret);
		ret = NULL;
		if (!rc && !(rc = call_result(&ret, &len, &b.calls[ib + 2 + 2 * i], e))) {
			rc = erc20_read_decimals(&dec, ret, len, e);
			free(ret);
			ret = NULL;
		}
		if (rc) {
			error_wrap(e, "%s (%s)", tok[i].symbol, tok[i].address);
			free(res);
			goto out;
		}
		if (u256_is_zero(&v))
			continue;
		copy_str(res[k].token, sizeof res[k].token, tok[i].symbol);
		copy_str(res[k].id, sizeof res[k].id, tok[i].address);
		fmt_amount(res[k].amount, sizeof res[k].amount, &v, dec);
		res[k].decimals = dec;
		k++;
	}
	*out = res;
	*n = k;
out:
	evm_batch_release(&b);
	return rc;
}

/* --- fees --------------------------------------------------------------- */

struct fee_calls {
	size_t block, tip, hist, price;
};

static void fees_add(struct evm_batch *b, struct fee_calls *f)
{
	f->block = evm_batch_add(b, "eth_getBlockByNumber", evm_rpc_params(2, cJSON_CreateString("latest"), cJSON_CreateFalse()));
	f->tip = evm_batch_add(b, "eth_maxPriorityFeePerGas", cJSON_CreateArray());
	cJSON *pct = cJSON_CreateArray();
	if (pct)
		cJSON_AddItemToArray(pct, cJSON_CreateNumber(50));
	f->hist = evm_batch_add(b, "eth_feeHistory", evm_rpc_params(3, evm_rpc_u64(5), cJSON_CreateString("latest"), pct));
	f->price = evm_batch_add(b, "eth_gasPrice", cJSON_CreateArray());
}

static int cmp_u256(const void *a, const void *b)
{
	return u256_cmp(a, b);
}

/* The median of feeHistory's 50th-percentile tips; 0 if there are none. */
static int history_tip(struct u256 *out, const cJSON *hist)
{
	const cJSON *reward = cJSON_GetObjectItemCaseSensitive(hist, "reward"), *row;
	struct u256 v[64];
	size_t n = 0;
	struct error ignore;
	cJSON_ArrayForEach(row, reward) {
		if (n < 64 && cJSON_IsArray(row) && evm_rpc_read_u256(&v[n], cJSON_GetArrayItem(row, 0), "", &ignore) == 0)
			n++;
	}
	if (!n)
		return 0;
	qsort(v, n, sizeof v[0], cmp_u256);
	*out = v[n / 2];
	return 1;
}

static int fees_read(struct chain *c, const struct evm_batch *b, const struct fee_calls *f, struct error *e)
{
	const struct jsonrpc_call *blk = &b->calls[f->block];
	struct u256 base, next, price, two = {{2, 0, 0, 0}};
	int rc;
	if (blk->code)
		return error_set(e, blk->code, "%s", blk->err.msg);
	if (!cJSON_IsObject(blk->result))
		return error_set(e, ERR_NET, "eth_getBlockByNumber: the node has no latest block");
	const cJSON *bf = cJSON_GetObjectItemCaseSensitive(blk->result, "baseFeePerGas");
	int have_price = b->calls[f->price].code == 0 &&
			 evm_rpc_read_u256(&price, b->calls[f->price].result, "eth_gasPrice", e) == 0;
	if (!bf || cJSON_IsNull(bf)) {
		/* no EIP-1559 on this chain: legacy transactions at gasPrice */
		if (!have_price && b->calls[f->price].code)
			return error_set(e, b->calls[f->price].code, "%s", b->calls[f->price].err.msg);
		if (!have_price)
			return ERR_NET; /* the reply was malformed: e says how */
		c->eip1559 = 0;
		c->gas_price = c->est_price = price;
		return 0;
	}
	if ((rc = evm_rpc_read_u256(&base, bf, "eth_getBlockByNumber baseFeePerGas", e)))
		return rc;
	next = base;
	const struct jsonrpc_call *h = &b->calls[f->hist];
	if (!h->code && cJSON_IsObject(h->result)) {
		const cJSON *arr = cJSON_GetObjectItemCaseSensitive(h->result, "baseFeePerGas");
		int len = cJSON_GetArraySize(arr);
		struct error ignore;
		if (cJSON_IsArray(arr) && len > 0 &&
		    evm_rpc_read_u256(&next, cJSON_GetArrayItem(arr, len - 1), "", &ignore))
			next = base;
	}
	u256_zero(&c->tip);
	const struct jsonrpc_call *tc = &b->calls[f->tip];
	struct error ignore;
	if (!(tc->code == 0 && evm_rpc_read_u256(&c->tip, tc->result, "eth_maxPriorityFeePerGas", &ignore) == 0) &&
	    !(h->code == 0 && history_tip(&c->tip, h->result)) && have_price && u256_cmp(&price, &next) > 0) {
		if (u256_sub(&c->tip, &price, &next))
			u256_zero(&c->tip);
	}
	c->eip1559 = 1;
	if (u256_mul(&c->max_fee, &next, &two) || u256_add(&c->max_fee, &c->max_fee, &c->tip) ||
	    u256_add(&c->est_price, &next, &c->tip))
		return error_set(e, ERR_NET, "the node's fees are past 2^256");
	return 0;
}

/* --- the journal -------------------------------------------------------- */

static void journal_note(struct chain *c, const char *txid, enum journal_status st, const char *error)
{
	struct error je = {0, ""};
	if (journal_set_status(c->j, txid, st, error, &je) && !c->journal_err[0])
		textf(c->journal_err, sizeof c->journal_err, "%s", je.msg);
}

/* The journal's transaction for a batch line, if any: the first of KEY,
 * KEY#2, ... that did not expire. */
static int lookup_line(struct chain *c, const struct chain_transfer *t, struct xfer *x, struct error *e)
{
	x->key[0] = '\0';
	if (!t->batch_key[0])
		return 0;
	for (int k = 1; k <= KEY_RETRIES; k++) {
		char key[sizeof x->key];
		struct journal_tx jt;
		struct error le = {0, ""};
		if (k == 1)
			copy_str(key, sizeof key, t->batch_key);
		else if (strlen(t->batch_key) + 3 < sizeof key)
			textf(key, sizeof key, "%.76s#%d", t->batch_key, k);
		else
			return error_set(e, ERR_USAGE, "batch key '%s' is too long", t->batch_key);
		int rc = journal_get_by_key(c->j, &jt, key, &le);
		if (rc == ERR_NOTFOUND) {
			copy_str(x->key, sizeof x->key, key);
			return 0;
		}
		if (rc)
			return error_set(e, rc, "%s", le.msg);
		if (jt.status == JOURNAL_EXPIRED) {
			/* landed after all (judged on a node that showed the nonce
			 * before the receipt): followed, not paid again */
			int landed;
			if ((rc = evm_rpc_has_receipt(&c->rpc, jt.txid, &landed, e))) {
				journal_tx_release(&jt);
				return rc;
			}
			if (!landed) {
				journal_tx_release(&jt);
				continue;
			}
			journal_note(c, jt.txid, JOURNAL_SENT, NULL);
			jt.status = JOURNAL_SENT;
		}
		x->journaled = 1;
		x->jt = jt;
		return 0;
	}
	return error_set(e, ERR_FAIL, "the transactions of batch line %s expired %d times; not signing it again",
			 t->batch_key, KEY_RETRIES);
}

/* The account's unconfirmed (SIGNED, SENT) transactions on this network. */
struct track {
	struct journal_tx jt;	/* raw owned */
	long line;		/* the transfer it carries, or -1 */
	int rebroadcast, done, suspect;
	long long suspect_since; /* ms: its nonce used, no receipt, since; 0 not */
	uint64_t block;		/* of its receipt */
	int failed;		/* receipt status 0: the reason is to be looked up */
	uint64_t gas_used;
	char error[256];
};

struct tracker {
	struct track *v;
	size_t n, cap;
	struct chain *c;
	const char *from;
	int oom;
};

static struct track *track_add(struct tracker *tr, const struct journal_tx *jt)
{
	if (tr->n == tr->cap) {
		size_t cap = tr->cap ? 2 * tr->cap : 16;
		struct track *v = realloc(tr->v, cap * sizeof *v);
		if (!v)
			return NULL;
		tr->v = v;
		tr->cap = cap;
	}
	struct track *k = &tr->v[tr->n];
	memset(k, 0, sizeof *k);
	k->jt = *jt;
	k->jt.raw = malloc(jt->raw_len ? jt->raw_len : 1);
	if (!k->jt.raw)
		return NULL;
	if (jt->raw_len)
		memcpy(k->jt.raw, jt->raw, jt->raw_len);
	k->line = -1;
	tr->n++;
	return k;
}

static void tracker_release(struct tracker *tr)
{
	for (size_t i = 0; i < tr->n; i++)
		journal_tx_release(&tr->v[i].jt);
	free(tr->v);
	memset(tr, 0, sizeof *tr);
}

static int open_cb(void *user, const struct journal_tx *t)
{
	struct tracker *tr = user;
	if (strcmp(t->chain, "evm") || strcmp(t->network, tr->c->network) || strcasecmp(t->from, tr->from))
		return 0;
	if (!track_add(tr, t)) {
		tr->oom = 1;
		return 1;
	}
	return 0;
}

static int load_open(struct chain *c, struct tracker *tr, const char *from, struct error *e)
{
	tr->c = c;
	tr->from = from;
	int rc = journal_each(c->j, 1, 0, open_cb, tr, e);
	if (!rc && tr->oom)
		rc = error_set(e, ERR_FAIL, "out of memory");
	return rc;
}

static struct track *track_find(struct tracker *tr, const char *txid)
{
	for (size_t i = 0; i < tr->n; i++)
		if (strcasecmp(tr->v[i].jt.txid, txid) == 0)
			return &tr->v[i];
	return NULL;
}

static void track_set(struct chain *c, struct track *k, enum journal_status st, const char *error)
{
	k->jt.status = st;
	copy_str(k->error, sizeof k->error, error ? error : "");
	journal_note(c, k->jt.txid, st, error);
}

/* --- building transactions ---------------------------------------------- */

/* What a transfer calls: the recipient with a value, or the token's
 * transfer(to, amount). */
static size_t transfer_call(const struct chain *c, const struct xfer *x, uint8_t to[20], struct u256 *value,
			    uint8_t data[ERC20_CALL_MAX])
{
	if (x->native) {
		memcpy(to, x->to, 20);
		*value = x->amount;
		return 0;
	}
	memcpy(to, c->toks[x->tok].addr, 20);
	u256_zero(value);
	return erc20_transfer_data(data, x->to, &x->amount);
}

static int sign_transfer(struct chain *c, const uint8_t secret[32], const struct xfer *x, uint64_t nonce, uint8_t **raw,
			 size_t *raw_len, char txid[67], struct error *e)
{
	struct evm_tx tx;
	uint8_t data[ERC20_CALL_MAX], hash[32];
	evm_tx_init(&tx);
	tx.type = c->eip1559 ? EVM_TX_DYNAMIC_FEE : EVM_TX_LEGACY;
	tx.chain_id = c->chain_id;
	tx.nonce = nonce;
	tx.gas_limit = x->gas;
	if (c->eip1559) {
		tx.max_priority_fee_per_gas = c->tip;
		tx.max_fee_per_gas = c->max_fee;
	} else {
		tx.gas_price = c->gas_price;
	}
	tx.has_to = 1;
	size_t len = transfer_call(c, x, tx.to, &tx.value, data);
	int rc = evm_tx_set_data(&tx, data, len) ? error_set(e, ERR_FAIL, "out of memory") : 0;
	if (!rc)
		rc = evm_tx_sign(&tx, secret, e);
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

static char *raw_hex(const uint8_t *raw, size_t len)
{
	char *s = malloc(2 * len + 3);
	if (!s)
		return NULL;
	s[0] = '0';
	s[1] = 'x';
	hex_encode(s + 2, 2 * len + 1, raw, len);
	return s;
}

/* --- prepare ------------------------------------------------------------ */

static int set_from(struct chain *c, const uint8_t secret[32], struct error *e)
{
	if (address_evm_from_seckey(c->from_s, sizeof c->from_s, secret))
		return error_set(e, ERR_USAGE, "the key is not a valid secp256k1 key");
	return address_evm_parse(c->from, c->from_s, e);
}

static int count_other_cb(void *user, const struct journal_tx *t)
{
	struct chain *c = user;
	if (strcmp(t->chain, "evm") || strcmp(t->network, c->network) || strcasecmp(t->from, c->from_s))
		return 0;
	for (size_t i = 0; i < c->prep_n; i++)
		if (c->x[i].journaled && strcasecmp(c->x[i].jt.txid, t->txid) == 0)
			return 0;
	c->other_open++;
	return 0;
}

/* Resolves t->token into a slot of c->toks (or native). */
static int resolve_token(struct chain *c, const struct chain_transfer *t, struct xfer *x, const char *w, struct error *e)
{
	const char *s = t->token;
	uint8_t addr[20];
	const struct evm_token *known = NULL;
	if (!s[0] || strcasecmp(s, c->native) == 0) {
		x->native = 1;
		return 0;
	}
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		if (address_evm_parse(addr, s, e))
			return prefixed(e, ERR_USAGE, w);
		known = evm_token_by_address(c->chain_id, addr);
	} else {
		known = evm_token_by_symbol(c->chain_id, s);
		if (!known) {
			char list[200] = "";
			size_t nt;
			const struct evm_token *tok = evm_tokens(c->chain_id, &nt);
			for (size_t i = 0; i < nt; i++)
				textf(list + strlen(list), sizeof list - strlen(list), "%s%s", i ? ", " : "", tok[i].symbol);
			return error_set(e, ERR_USAGE, "%sunknown token '%s' on %s: give its contract address%s%s%s", w, s,
					 c->network, nt ? " (known here: " : "", list, nt ? ")" : "");
		}
		if (address_evm_parse(addr, known->address, e))
			return error_set(e, ERR_FAIL, "the token list's %s address is broken", known->symbol);
	}
	for (size_t i = 0; i < c->ntoks; i++)
		if (memcmp(c->toks[i].addr, addr, 20) == 0) {
			x->tok = i;
			return 0;
		}
	struct tok *k = &c->toks[c->ntoks];
	memset(k, 0, sizeof *k);
	memcpy(k->addr, addr, 20);
	k->known = known;
	if (known) {
		copy_str(k->symbol, sizeof k->symbol, known->symbol);
		copy_str(k->journal_name, sizeof k->journal_name, known->symbol);
		k->decimals = known->decimals;
	} else {
		fmt_address(k->journal_name, addr);
	}
	x->tok = c->ntoks++;
	return 0;
}

static int insufficient(struct chain *c, struct error *e, size_t n, const char *symbol, const struct u256 *have,
			unsigned decimals, const struct u256 *need, const struct u256 *fees)
{
	char h[AMOUNT_FMT_MAX], nd[AMOUNT_FMT_MAX], f[AMOUNT_FMT_MAX], v[AMOUNT_FMT_MAX];
	struct u256 value;
	fmt_amount(h, sizeof h, have, decimals);
	fmt_amount(nd, sizeof nd, need, decimals);
	if (!fees)
		return error_set(e, ERR_FAIL, "insufficient funds: %s holds %s %s on %s; the transfer%s need%s %s %s",
				 c->from_s, h, symbol, c->network, n == 1 ? "" : "s", n == 1 ? "s" : "", nd, symbol);
	if (u256_sub(&value, need, fees))
		u256_zero(&value);
	fmt_amount(f, sizeof f, fees, 18);
	fmt_amount(v, sizeof v, &value, 18);
	return error_set(e, ERR_FAIL,
			 "insufficient funds: %s holds %s %s on %s; the transfer%s need%s %s %s (%s to send and up to %s of fees)",
			 c->from_s, h, symbol, c->network, n == 1 ? "" : "s", n == 1 ? "s" : "", nd, symbol, v, f);
}

static int evm_prepare(struct chain *c, const uint8_t secret[32], struct chain_transfer *t, size_t n, struct error *e)
{
	char w[200];
	int rc;
	struct evm_batch b;
	release_prep(c);
	if ((rc = set_from(c, secret, e)))
		return rc;
	if (!(c->x = calloc(n ? n : 1, sizeof *c->x)) || !(c->toks = calloc(n ? n : 1, sizeof *c->toks)))
		return error_set(e, ERR_FAIL, "out of memory");
	c->prep_n = n; /* prep_t is set once everything is resolved */

	/* 1. what needs no network: addresses, tokens, the journal */
	for (size_t i = 0; i < n; i++) {
		struct xfer *x = &c->x[i];
		static const uint8_t zero[20];
		where(w, sizeof w, t, i, n);
		copy_str(t[i].from, sizeof t[i].from, c->from_s);
		copy_str(t[i].fee_token, sizeof t[i].fee_token, c->native);
		t[i].notes[0] = t[i].txid[0] = t[i].error[0] = '\0';
		t[i].skipped = 0;
		if (address_evm_parse(x->to, t[i].to, e))
			return prefixed(e, ERR_USAGE, w);
		if (memcmp(x->to, zero, 20) == 0)
			return error_set(e, ERR_USAGE, "%srefusing to send to the zero address", w);
		if ((rc = resolve_token(c, &t[i], x, w, e)))
			return rc;
		if ((rc = lookup_line(c, &t[i], x, e)))
			return rc;
		if (x->journaled && strcasecmp(x->jt.from, c->from_s))
			return error_set(e, ERR_USAGE, "%sthis batch line was sent from %s, not %s (another --account?)", w,
					 x->jt.from, c->from_s);
	}
	if ((rc = journal_each(c->j, 1, 0, count_other_cb, c, e)))
		return rc;

	/* 2. balances, the tokens' decimals and symbols, fees */
	evm_batch_init(&b, &c->rpc);
	struct fee_calls fc;
	size_t ibal = evm_batch_add(&b, "eth_getBalance", evm_rpc_params(2, evm_rpc_address(c->from), cJSON_CreateString("latest")));
	for (size_t k = 0; k < c->ntoks; k++) {
		struct tok *tk = &c->toks[k];
		uint8_t data[ERC20_CALL_MAX];
		tk->i_bal = eth_call_add(&b, NULL, tk->addr, NULL, data, erc20_balance_of_data(data, c->from), 0, "latest");
		tk->i_dec = eth_call_add(&b, NULL, tk->addr, NULL, data, erc20_decimals_data(data), 0, "latest");
		tk->i_sym = eth_call_add(&b, NULL, tk->addr, NULL, data, erc20_symbol_data(data), 0, "latest");
		tk->i_code = evm_batch_add(&b, "eth_getCode", evm_rpc_params(2, evm_rpc_address(tk->addr), cJSON_CreateString("latest")));
	}
	fees_add(&b, &fc);
	if ((rc = evm_batch_run(&b, e)))
		goto out;
	struct u256 balance;
	if (b.calls[ibal].code) {
		rc = error_set(e, b.calls[ibal].code, "%s", b.calls[ibal].err.msg);
		goto out;
	}
	if ((rc = evm_rpc_read_u256(&balance, b.calls[ibal].result, "eth_getBalance", e)) || (rc = fees_read(c, &b, &fc, e)))
		goto out;
	for (size_t k = 0; k < c->ntoks; k++) {
		struct tok *tk = &c->toks[k];
		uint8_t *ret = NULL;
		size_t len = 0;
		unsigned dec;
		char shown[ADDRESS_EVM_MAX];
		fmt_address(shown, tk->addr);
		if ((rc = call_result(&ret, &len, &b.calls[tk->i_code], e)))
			goto out;
		free(ret);
		ret = NULL;
		if (len == 0) {
			rc = error_set(e, ERR_USAGE, "token %s: there is no contract at that address on %s", shown, c->network);
			goto out;
		}
		if ((rc = call_result(&ret, &len, &b.calls[tk->i_dec], e)) == 0) {
			rc = erc20_read_decimals(&dec, ret, len, e);
			free(ret);
			ret = NULL;
		}
		if (rc) {
			if (!b.calls[tk->i_dec].code || b.calls[tk->i_dec].rpc_error)
				rc = error_set(e, ERR_USAGE, "token %s does not answer decimals(): is it an ERC-20 token contract?",
					       shown);
			goto out;
		}
		if (tk->known && dec != tk->known->decimals) {
			rc = error_set(e, ERR_FAIL,
				       "token %s (%s): the contract says %u decimals, depinctl's token list %u: refusing to guess",
				       tk->known->symbol, shown, dec, tk->known->decimals);
			goto out;
		}
		tk->decimals = dec;
		if ((rc = call_result(&ret, &len, &b.calls[tk->i_bal], e)) == 0) {
			rc = erc20_read_uint(&tk->balance, ret, len, e);
			free(ret);
			ret = NULL;
		}
		if (rc) {
			error_wrap(e, "token %s: balanceOf()", shown);
			goto out;
		}
		if (!tk->known) {
			struct error ignore;
			tk->symbol[0] = '\0';
			if (call_result(&ret, &len, &b.calls[tk->i_sym], &ignore) == 0) {
				if (erc20_read_symbol(tk->symbol, 16, ret, len, &ignore))
					tk->symbol[0] = '\0';
				free(ret);
				ret = NULL;
			}
			if (!tk->symbol[0])
				textf(tk->symbol, sizeof tk->symbol, "%.6s...%.4s", shown, shown + 38);
		}
	}
	evm_batch_release(&b);

	/* 3. amounts */
	struct u256 native_need;
	long native_max = -1;
	size_t fresh = 0;
	u256_zero(&native_need);
	for (size_t i = 0; i < n; i++) {
		struct xfer *x = &c->x[i];
		/* tk is NULL exactly for the native coin */
		struct tok *tk = x->native ? NULL : &c->toks[x->tok];
		const char *symbol = tk ? tk->symbol : c->native;
		where(w, sizeof w, t, i, n);
		copy_str(t[i].token_name, sizeof t[i].token_name, symbol);
		if (tk)
			fmt_address(t[i].token_id, tk->addr);
		else
			t[i].token_id[0] = '\0';
		if (tk && !tk->known)
			textf(t[i].notes, sizeof t[i].notes, "token not in depinctl's list for %s: symbol and decimals read from the contract",
				 c->network);
		if (x->journaled)
			continue;
		fresh++;
		if (amount_parse(&x->amount, &x->is_max, t[i].amount, tk ? tk->decimals : 18, e))
			return prefixed(e, ERR_USAGE, w);
		if (x->is_max) {
			if (tk ? tk->has_max : native_max >= 0)
				return error_set(e, ERR_USAGE, "more than one 'max' transfer of %s", symbol);
			if (tk)
				tk->has_max = 1;
			else
				native_max = (long)i;
			continue;
		}
		if (tk ? u256_add(&tk->need, &tk->need, &x->amount) : u256_add(&native_need, &native_need, &x->amount))
			return error_set(e, ERR_USAGE, "%sthe amounts add up past 2^256", w);
	}
	/* a "max" token transfer takes what the others leave */
	for (size_t k = 0; k < c->ntoks; k++) {
		struct tok *tk = &c->toks[k];
		if (!tk->has_max)
			continue;
		if (u256_cmp(&tk->need, &tk->balance) >= 0) {
			struct u256 show;
			if (u256_add_u64(&show, &tk->need, 1))
				show = tk->need;
			return insufficient(c, e, n, tk->symbol, &tk->balance, tk->decimals, &show, NULL);
		}
		for (size_t i = 0; i < n; i++)
			if (!c->x[i].journaled && c->x[i].is_max && !c->x[i].native && c->x[i].tok == k &&
			    u256_sub(&c->x[i].amount, &tk->balance, &tk->need))
				u256_zero(&c->x[i].amount);
	}
	/* the native amounts alone (the fees come after the estimates): the
	 * node's own "insufficient funds" from eth_estimateGas says less */
	if (u256_cmp(&native_need, &balance) > 0 || (native_max >= 0 && u256_cmp(&native_need, &balance) >= 0)) {
		struct u256 show;
		if (native_max < 0 || u256_add_u64(&show, &native_need, 1))
			show = native_need;
		return insufficient(c, e, n, c->native, &balance, 18, &show, NULL);
	}

	/* 4. gas: eth_estimateGas for every new transfer */
	evm_batch_init(&b, &c->rpc);
	for (size_t i = 0; i < n; i++) {
		struct xfer *x = &c->x[i];
		if (x->journaled)
			continue;
		uint8_t to[20], data[ERC20_CALL_MAX];
		struct u256 value;
		size_t len = transfer_call(c, x, to, &value, data);
		if (x->native && x->is_max) /* the value is what is left after fees: estimate with 1 wei */
			u256_from_u64(&value, u256_is_zero(&balance) ? 0 : 1);
		evm_batch_add(&b, "eth_estimateGas",
			      evm_rpc_params(1, evm_rpc_call_object(c->from, to, &value, data, len, 0)));
	}
	if ((rc = evm_batch_run(&b, e)))
		goto out;
	struct u256 fees_max, fee;
	u256_zero(&fees_max);
	for (size_t i = 0, k = 0; i < n; i++) {
		struct xfer *x = &c->x[i];
		where(w, sizeof w, t, i, n);
		if (x->journaled) {
			const char *st = journal_status_name(x->jt.status);
			copy_str(t[i].amount_exact, sizeof t[i].amount_exact, x->jt.amount);
			copy_str(t[i].fee, sizeof t[i].fee, "0");
			textf(t[i].notes, sizeof t[i].notes, "%s %s (%s)",
				 x->jt.status == JOURNAL_CONFIRMED || x->jt.status == JOURNAL_FAILED ? "already sent:" : "resumes the transaction signed earlier:",
				 st, x->jt.txid);
			continue;
		}
		const struct jsonrpc_call *call = &b.calls[k++];
		char reason[256];
		if (call->code) {
			if (evm_rpc_revert_reason(reason, sizeof reason, call))
				rc = error_set(e, ERR_FAIL, "%sthe transaction would fail: %s", w, reason);
			else if (call->rpc_error)
				rc = error_set(e, ERR_FAIL, "%sthe node's gas estimate failed: %s", w, call->err.msg);
			else
				rc = error_set(e, call->code, "%s%s", w, call->err.msg);
			goto out;
		}
		if ((rc = evm_rpc_read_u64(&x->gas_est, call->result, "eth_estimateGas", e)))
			goto out;
		x->gas = x->gas_est == TRANSFER_GAS ? x->gas_est : x->gas_est + (x->gas_est * GAS_MARGIN_PERCENT + 99) / 100;
		struct u256 g;
		u256_from_u64(&g, x->gas);
		if (u256_mul(&fee, &g, c->eip1559 ? &c->max_fee : &c->gas_price) || u256_add(&fees_max, &fees_max, &fee)) {
			rc = error_set(e, ERR_NET, "the node's fees are past 2^256");
			goto out;
		}
		u256_from_u64(&g, x->gas_est);
		if (u256_mul(&fee, &g, &c->est_price))
			u256_max(&fee);
		fmt_amount(t[i].fee, sizeof t[i].fee, &fee, 18);
	}
	evm_batch_release(&b);

	/* 5. funds: the tokens (after the estimates, so that a contract's own
	 * revert reason comes first), then the native coin with the most the
	 * fees can take */
	for (size_t k = 0; k < c->ntoks; k++) {
		struct tok *tk = &c->toks[k];
		if (!tk->has_max && u256_cmp(&tk->need, &tk->balance) > 0)
			return insufficient(c, e, n, tk->symbol, &tk->balance, tk->decimals, &tk->need, NULL);
	}
	if (fresh) {
		struct u256 need;
		if (u256_add(&need, &native_need, &fees_max))
			return error_set(e, ERR_USAGE, "the amounts add up past 2^256");
		if (native_max >= 0) {
			if (u256_cmp(&balance, &need) <= 0) {
				struct u256 show;
				if (u256_add_u64(&show, &need, 1))
					show = need;
				return insufficient(c, e, n, c->native, &balance, 18, &show, &fees_max);
			}
			if (u256_sub(&c->x[native_max].amount, &balance, &need))
				u256_zero(&c->x[native_max].amount);
		} else if (u256_cmp(&need, &balance) > 0) {
			return insufficient(c, e, n, c->native, &balance, 18, &need, &fees_max);
		}
	}
	for (size_t i = 0; i < n; i++) {
		struct xfer *x = &c->x[i];
		if (!x->journaled)
			fmt_amount(t[i].amount_exact, sizeof t[i].amount_exact, &x->amount,
				   x->native ? 18 : c->toks[x->tok].decimals);
	}
	if (c->other_open && n) {
		size_t l = strlen(t[0].notes);
		textf(t[0].notes + l, sizeof t[0].notes - l,
			 "%salso settles %d earlier unconfirmed transaction%s of this account, rebroadcast where the node lacks them (depinctl tx list)", l ? "; " : "",
			 c->other_open, c->other_open == 1 ? "" : "s");
	}
	c->prep_t = t;
	return 0;
out:
	evm_batch_release(&b);
	return rc;
}

static int ensure_prepared(struct chain *c, const uint8_t secret[32], struct chain_transfer *t, size_t n, struct error *e)
{
	if (c->prep_t == t && c->prep_n == n && c->x)
		return 0;
	return evm_prepare(c, secret, t, n, e);
}

/* --- simulate ----------------------------------------------------------- */

static int evm_simulate(struct chain *c, const uint8_t secret[32], struct chain_transfer *t, size_t n, struct error *e)
{
	int rc = ensure_prepared(c, secret, t, n, e);
	if (rc)
		return rc;
	struct evm_batch b;
	evm_batch_init(&b, &c->rpc);
	for (size_t i = 0; i < n; i++) {
		const struct xfer *x = &c->x[i];
		if (x->journaled)
			continue;
		uint8_t to[20], data[ERC20_CALL_MAX];
		struct u256 value;
		size_t len = transfer_call(c, x, to, &value, data);
		eth_call_add(&b, c->from, to, &value, data, len, x->gas, "latest");
	}
	if ((rc = evm_batch_run(&b, e))) {
		evm_batch_release(&b);
		return rc;
	}
	size_t bad = 0, first = 0;
	for (size_t i = 0, k = 0; i < n; i++) {
		if (c->x[i].journaled)
			continue;
		const struct jsonrpc_call *call = &b.calls[k++];
		if (!call->code)
			continue;
		if (!call->rpc_error) {
			rc = error_set(e, call->code, "%s", call->err.msg);
			break;
		}
		if (!evm_rpc_revert_reason(t[i].error, sizeof t[i].error, call))
			copy_str(t[i].error, sizeof t[i].error, call->err.msg);
		if (!bad++)
			first = i;
	}
	evm_batch_release(&b);
	if (!rc && bad) {
		char w[200];
		where(w, sizeof w, t, first, n);
		if (n == 1)
			rc = error_set(e, ERR_FAIL, "the transfer would fail: %s", t[first].error);
		else
			rc = error_set(e, ERR_FAIL, "%zu of %zu transfers would fail; the first: %s%s", bad, n, w, t[first].error);
	}
	return rc;
}

/* --- nonces ------------------------------------------------------------- */

static int get_nonces(struct chain *c, const uint8_t from[20], uint64_t *pending, uint64_t *latest, struct error *e)
{
	struct evm_batch b;
	int rc;
	evm_batch_init(&b, &c->rpc);
	evm_batch_add(&b, "eth_getTransactionCount", evm_rpc_params(2, evm_rpc_address(from), cJSON_CreateString("pending")));
	evm_batch_add(&b, "eth_getTransactionCount", evm_rpc_params(2, evm_rpc_address(from), cJSON_CreateString("latest")));
	if (!(rc = evm_batch_run(&b, e)) && !(rc = evm_batch_first_error(&b, e)) &&
	    !(rc = evm_rpc_read_u64(pending, b.calls[0].result, "eth_getTransactionCount", e)))
		rc = evm_rpc_read_u64(latest, b.calls[1].result, "eth_getTransactionCount", e);
	evm_batch_release(&b);
	if (!rc && *pending < *latest)
		*pending = *latest;
	return rc;
}

/* The next nonce at or after n that no tracked transaction holds. */
static uint64_t free_nonce(const struct tracker *tr, uint64_t n)
{
again:
	for (size_t i = 0; i < tr->n; i++)
		if (tr->v[i].jt.nonce == n) {
			n++;
			goto again;
		}
	return n;
}

/* --- sign only ---------------------------------------------------------- */

static int evm_sign_only(struct chain *c, const uint8_t secret[32], struct chain_transfer *t, size_t n, struct error *e)
{
	int rc = ensure_prepared(c, secret, t, n, e);
	struct tracker tr = {0};
	uint64_t next, latest;
	if (rc || (rc = load_open(c, &tr, c->from_s, e)) || (rc = get_nonces(c, c->from, &next, &latest, e)))
		goto out;
	for (size_t i = 0; i < n; i++) {
		const struct xfer *x = &c->x[i];
		free(t[i].signed_b64);
		t[i].signed_b64 = NULL;
		if (x->journaled) {
			/* a line the journal holds: its very bytes, never a second signature */
			t[i].signed_b64 = raw_hex(x->jt.raw, x->jt.raw_len);
			copy_str(t[i].txid, sizeof t[i].txid, x->jt.txid);
		} else {
			uint8_t *raw;
			size_t len;
			char txid[67];
			next = free_nonce(&tr, next);
			if ((rc = sign_transfer(c, secret, x, next++, &raw, &len, txid, e)))
				goto out;
			t[i].signed_b64 = raw_hex(raw, len);
			copy_str(t[i].txid, sizeof t[i].txid, txid);
			free(raw);
		}
		if (!t[i].signed_b64) {
			rc = error_set(e, ERR_FAIL, "out of memory");
			goto out;
		}
	}
out:
	tracker_release(&tr);
	return rc;
}

/* --- broadcasting and confirmations ------------------------------------- */

static int has(const char *text, const char *const *needles)
{
	for (; *needles; needles++)
		if (strstr(text, *needles))
			return 1;
	return 0;
}

static int cmp_nonce(const void *a, const void *b)
{
	const struct track *x = *(struct track *const *)a, *y = *(struct track *const *)b;
	return x->jt.nonce < y->jt.nonce ? -1 : x->jt.nonce > y->jt.nonce;
}

/* Sends every track marked rebroadcast, in nonce order: JSON-RPC batches
 * one after the other, so that a node sees the nonces in order (geth keeps
 * only a few future nonces per account). 0, or ERR_NET when the transport
 * failed (those stay SIGNED, and the poll will see). */
static int broadcast(struct chain *c, struct tracker *tr, struct error *e)
{
	static const char *const known[] = {"already known", "known transaction", "alreadyknown", "already imported",
					    "already in the mempool", "already exists", "tx already in mempool", NULL};
	static const char *const low[] = {"nonce too low", "noncetoolow", "nonce is too low", "old nonce",
					  "nonce has already been used", "invalid nonce", NULL};
	struct track **order = malloc((tr->n ? tr->n : 1) * sizeof *order);
	size_t m = 0, chunk = c->rpc.max_batch ? c->rpc.max_batch : 100;
	int rc = 0;
	if (!order)
		return error_set(e, ERR_FAIL, "out of memory");
	for (size_t i = 0; i < tr->n; i++)
		if (tr->v[i].rebroadcast && !tr->v[i].done)
			order[m++] = &tr->v[i];
	qsort(order, m, sizeof *order, cmp_nonce);
	for (size_t at = 0; at < m && !rc; at += chunk) {
		size_t k_n = m - at < chunk ? m - at : chunk;
		struct evm_batch b;
		evm_batch_init(&b, &c->rpc);
		for (size_t i = 0; i < k_n; i++)
			evm_batch_add(&b, "eth_sendRawTransaction",
				      evm_rpc_params(1, evm_rpc_bytes(order[at + i]->jt.raw, order[at + i]->jt.raw_len)));
		if ((rc = evm_batch_run(&b, e))) {
			evm_batch_release(&b);
			break;
		}
		for (size_t i = 0; i < k_n; i++) {
			struct track *k = order[at + i];
			const struct jsonrpc_call *call = &b.calls[i];
			char text[512];
			if (!call->code) {
				if (!cJSON_IsString(call->result) || strcasecmp(call->result->valuestring, k->jt.txid))
					textf(k->error, sizeof k->error, "the node answered another transaction hash");
				if (k->jt.status == JOURNAL_SIGNED)
					track_set(c, k, JOURNAL_SENT, NULL);
				continue;
			}
			evm_rpc_error_text(text, sizeof text, call);
			if (!call->rpc_error) {
				/* the transport: the node may or may not have it */
				copy_str(k->error, sizeof k->error, call->err.msg);
				if (!rc)
					rc = error_set(e, ERR_NET, "%s", call->err.msg);
			} else if (has(text, known)) {
				if (k->jt.status == JOURNAL_SIGNED)
					track_set(c, k, JOURNAL_SENT, NULL);
			} else if (has(text, low)) {
				/* its nonce is used: by this very transaction (the
				 * poll finds its receipt) or by another (it expired) */
			} else {
				char msg[256];
				textf(msg, sizeof msg, "the node refused it: %s",
				      call->rpc_message ? call->rpc_message : call->err.msg);
				k->done = 1;
				track_set(c, k, k->jt.status, msg);
			}
		}
		evm_batch_release(&b);
	}
	free(order);
	return rc;
}

/* Why tracks with a failed receipt failed: each call replayed at its
 * block (eth_call), the revert data decoded. */
static void failure_reasons(struct chain *c, struct tracker *tr)
{
	struct evm_batch b;
	size_t *which = malloc((tr->n ? tr->n : 1) * sizeof *which), m = 0;
	if (!which)
		return;
	evm_batch_init(&b, &c->rpc);
	for (size_t i = 0; i < tr->n; i++) {
		struct track *k = &tr->v[i];
		struct evm_tx tx;
		struct error ignore;
		uint8_t from[20];
		if (!k->failed || k->done)
			continue;
		if (evm_tx_decode(&tx, k->jt.raw, k->jt.raw_len, &ignore) == 0 && tx.has_to &&
		    address_evm_parse(from, k->jt.from, &ignore) == 0) {
			cJSON *block = evm_rpc_u64(k->block);
			evm_batch_add(&b, "eth_call",
				      evm_rpc_params(2, evm_rpc_call_object(from, tx.to, &tx.value, tx.data, tx.data_len, tx.gas_limit),
						     block));
			which[m++] = i;
		}
		evm_tx_release(&tx);
	}
	struct error ignore;
	int ran = evm_batch_run(&b, &ignore) == 0;
	for (size_t i = 0, q = 0; i < tr->n; i++) {
		struct track *k = &tr->v[i];
		char why[256], msg[256];
		if (!k->failed || k->done)
			continue;
		if (q < m && which[q] == i) {
			const struct jsonrpc_call *call = &b.calls[q++];
			if (!ran)
				textf(why, sizeof why, "no reason (the replay did not run)");
			else if (!call->code)
				textf(why, sizeof why, "no reason (replayed at its block the call succeeds)");
			else if (!evm_rpc_revert_reason(why, sizeof why, call))
				textf(why, sizeof why, "no reason (%s)", call->err.msg);
		} else {
			textf(why, sizeof why, "no reason");
		}
		struct evm_tx tx;
		int all_gas = evm_tx_decode(&tx, k->jt.raw, k->jt.raw_len, &ignore) == 0 && k->gas_used >= tx.gas_limit;
		evm_tx_release(&tx);
		textf(msg, sizeof msg, "reverted in block %llu: %s%s", (unsigned long long)k->block, why,
			 all_gas ? " (it used all of its gas: out of gas?)" : "");
		k->done = 1;
		track_set(c, k, JOURNAL_FAILED, msg);
	}
	evm_batch_release(&b);
	free(which);
}

/* Reads a receipt into its track. */
static int take_receipt(struct chain *c, struct track *k, const cJSON *r, uint64_t head, struct error *e)
{
	uint64_t block, st = 1;
	const cJSON *bn = cJSON_GetObjectItemCaseSensitive(r, "blockNumber");
	const cJSON *status = cJSON_GetObjectItemCaseSensitive(r, "status");
	const cJSON *used = cJSON_GetObjectItemCaseSensitive(r, "gasUsed");
	int rc;
	if (!bn || cJSON_IsNull(bn))
		return 0; /* a pending "receipt" (some nodes) */
	if ((rc = evm_rpc_read_u64(&block, bn, "eth_getTransactionReceipt blockNumber", e)))
		return rc;
	if (status && !cJSON_IsNull(status) && (rc = evm_rpc_read_u64(&st, status, "eth_getTransactionReceipt status", e)))
		return rc;
	if (used && evm_rpc_read_u64(&k->gas_used, used, "eth_getTransactionReceipt gasUsed", e))
		k->gas_used = 0;
	k->suspect = 0;
	k->block = block;
	if (head < block || head - block + 1 < c->confirmations) {
		if (k->jt.status == JOURNAL_SIGNED)
			track_set(c, k, JOURNAL_SENT, NULL);
		textf(k->error, sizeof k->error, "in block %llu, %llu of %u confirmations", (unsigned long long)block,
			 (unsigned long long)(head >= block ? head - block + 1 : 0), c->confirmations);
		return 0;
	}
	if (st == 1) {
		k->done = 1;
		track_set(c, k, JOURNAL_CONFIRMED, NULL);
	} else {
		k->failed = 1;
	}
	return 0;
}

/* Polls the tracks' receipts until every one is settled, the confirmation
 * timeout passes (wait), or once (!wait). ERR_NET when the RPC failed
 * POLL_FAILURES_MAX rounds in a row. */
static int poll_receipts(struct chain *c, struct tracker *tr, const uint8_t from[20], int wait, struct error *e)
{
	long long start = mono_ms();
	long interval = POLL_FIRST_MS;
	int failures = 0, rc = 0;
	for (;;) {
		size_t *which = malloc((tr->n ? tr->n : 1) * sizeof *which), m = 0;
		if (!which)
			return error_set(e, ERR_FAIL, "out of memory");
		size_t lines = 0, lines_open = 0;
		for (size_t i = 0; i < tr->n; i++) {
			if (!tr->v[i].done)
				which[m++] = i;
			if (tr->v[i].line >= 0) {
				lines++;
				lines_open += !tr->v[i].done;
			}
		}
		/* done when every transaction is settled, or (send) every
		 * transfer's: the account's other ones are not waited for */
		if (!m || (lines && !lines_open)) {
			free(which);
			return 0;
		}
		struct evm_batch b;
		struct error re = {0, ""};
		uint64_t head = 0, count = 0;
		int ok = 1;
		evm_batch_init(&b, &c->rpc);
		evm_batch_add(&b, "eth_blockNumber", cJSON_CreateArray());
		evm_batch_add(&b, "eth_getTransactionCount", evm_rpc_params(2, evm_rpc_address(from), cJSON_CreateString("latest")));
		for (size_t q = 0; q < m; q++)
			evm_batch_add(&b, "eth_getTransactionReceipt", evm_rpc_params(1, cJSON_CreateString(tr->v[which[q]].jt.txid)));
		if (!wait)
			for (size_t q = 0; q < m; q++)
				evm_batch_add(&b, "eth_getTransactionByHash", evm_rpc_params(1, cJSON_CreateString(tr->v[which[q]].jt.txid)));
		if (evm_batch_run(&b, &re) || evm_batch_first_error(&b, &re) ||
		    evm_rpc_read_u64(&head, b.calls[0].result, "eth_blockNumber", &re) ||
		    evm_rpc_read_u64(&count, b.calls[1].result, "eth_getTransactionCount", &re))
			ok = 0;
		size_t nsuspect = 0;
		for (size_t q = 0; ok && q < m; q++) {
			struct track *k = &tr->v[which[q]];
			const cJSON *r = b.calls[2 + q].result;
			k->suspect = 0;
			if (cJSON_IsObject(r)) {
				if (take_receipt(c, k, r, head, &re))
					ok = 0;
				continue;
			}
			if (!cJSON_IsNull(r)) {
				ok = !error_set(&re, ERR_NET, "eth_getTransactionReceipt: the node answered neither a receipt nor null");
				continue;
			}
			if (k->jt.nonce < count) {
				k->suspect = 1; /* its nonce is used, and no receipt (yet?) */
				nsuspect++;
				continue;
			}
			k->suspect_since = 0;
			if (!wait) {
				const cJSON *tx = b.calls[2 + m + q].result;
				if (cJSON_IsObject(tx)) {
					if (k->jt.status == JOURNAL_SIGNED)
						track_set(c, k, JOURNAL_SENT, NULL);
				} else {
					textf(k->error, sizeof k->error, "the node does not know it: depinctl tx resend %lld",
						 (long long)k->jt.id);
				}
			}
		}
		evm_batch_release(&b);
		free(which);
		if (ok && nsuspect) {
			/* asked after the nonce: a receipt now would have been there */
			evm_batch_init(&b, &c->rpc);
			for (size_t i = 0; i < tr->n; i++)
				if (!tr->v[i].done && tr->v[i].suspect)
					evm_batch_add(&b, "eth_getTransactionReceipt", evm_rpc_params(1, cJSON_CreateString(tr->v[i].jt.txid)));
			if (evm_batch_run(&b, &re) || evm_batch_first_error(&b, &re))
				ok = 0;
			for (size_t i = 0, q = 0; ok && i < tr->n; i++) {
				struct track *k = &tr->v[i];
				if (k->done || !k->suspect)
					continue;
				const cJSON *r = b.calls[q++].result;
				if (cJSON_IsObject(r)) {
					if (take_receipt(c, k, r, head, &re))
						ok = 0;
				} else if (!k->suspect_since) {
					k->suspect_since = mono_ms();
				} else if (mono_ms() - k->suspect_since >= REPLACED_MS) {
					char msg[128];
					textf(msg, sizeof msg, "nonce %llu was used by another transaction",
						 (unsigned long long)k->jt.nonce);
					k->done = 1;
					track_set(c, k, JOURNAL_EXPIRED, msg);
				}
			}
			evm_batch_release(&b);
		}
		if (ok)
			failure_reasons(c, tr);
		if (!ok) {
			if (++failures >= POLL_FAILURES_MAX || !wait) {
				rc = error_set(e, re.code ? re.code : ERR_NET, "%s", re.msg);
				return rc;
			}
		} else {
			failures = 0;
		}
		/* once (!wait): but a suspected replacement is watched to its end */
		int watching = 0;
		for (size_t i = 0; i < tr->n; i++)
			watching |= !tr->v[i].done && tr->v[i].suspect_since;
		if (!wait && !(ok && watching))
			return 0;
		if (wait && mono_ms() - start > c->confirm_timeout_s * 1000)
			return 0;
		sleep_ms(interval);
		interval = interval * 2 > POLL_MAX_MS ? POLL_MAX_MS : interval * 2;
	}
}

/* --- send --------------------------------------------------------------- */

static int evm_send(struct chain *c, const uint8_t secret[32], struct chain_transfer *t, size_t n, struct error *e)
{
	struct tracker tr = {0};
	uint64_t next, latest;
	int rc = ensure_prepared(c, secret, t, n, e);
	if (rc || (rc = load_open(c, &tr, c->from_s, e)) || (rc = get_nonces(c, c->from, &next, &latest, e)))
		goto out;
	/* what the journal holds: settled lines are skipped, open ones resumed;
	 * every open transaction of the account at or past the node's nonce is
	 * broadcast again (the node keeps what it has; the rest need it) */
	for (size_t i = 0; i < tr.n; i++)
		tr.v[i].rebroadcast = tr.v[i].jt.nonce >= latest;
	for (size_t i = 0; i < n; i++) {
		struct xfer *x = &c->x[i];
		t[i].status = JOURNAL_SIGNED;
		t[i].error[0] = t[i].txid[0] = '\0';
		if (!x->journaled)
			continue;
		copy_str(t[i].txid, sizeof t[i].txid, x->jt.txid);
		struct track *k = track_find(&tr, x->jt.txid);
		if (k) {
			k->line = (long)i;
			continue;
		}
		/* landed (or settled while we looked) */
		struct journal_tx now;
		struct error ge;
		if (journal_get(c->j, &now, x->jt.txid, &ge) == 0) {
			t[i].status = now.status;
			copy_str(t[i].error, sizeof t[i].error, now.error);
			journal_tx_release(&now);
		} else {
			t[i].status = x->jt.status;
		}
		t[i].skipped = 1;
	}
	/* sign the new transfers, each journaled before anything is broadcast */
	for (size_t i = 0; i < n; i++) {
		struct xfer *x = &c->x[i];
		struct journal_tx jt;
		char txid[67];
		if (x->journaled)
			continue;
		memset(&jt, 0, sizeof jt);
		next = free_nonce(&tr, next);
		if ((rc = sign_transfer(c, secret, x, next, &jt.raw, &jt.raw_len, txid, e)))
			break;
		copy_str(jt.chain, sizeof jt.chain, "evm");
		copy_str(jt.network, sizeof jt.network, c->network);
		copy_str(jt.txid, sizeof jt.txid, txid);
		copy_str(jt.purpose, sizeof jt.purpose, "transfer");
		copy_str(jt.from, sizeof jt.from, c->from_s);
		fmt_address(jt.to, x->to);
		copy_str(jt.amount, sizeof jt.amount, t[i].amount_exact);
		copy_str(jt.token, sizeof jt.token, x->native ? "" : c->toks[x->tok].journal_name);
		copy_str(jt.batch_key, sizeof jt.batch_key, x->key);
		jt.nonce = next;
		jt.status = JOURNAL_SIGNED;
		rc = journal_add(c->j, &jt, e);
		struct track *k = rc ? NULL : track_add(&tr, &jt);
		free(jt.raw);
		if (rc)
			break;
		if (!k) {
			rc = error_set(e, ERR_FAIL, "out of memory");
			break;
		}
		next++;
		k->line = (long)i;
		k->rebroadcast = 1;
		copy_str(t[i].txid, sizeof t[i].txid, txid);
	}
	if (rc) {
		/* nothing past this line was signed: say so on each */
		char why[256];
		textf(why, sizeof why, "not sent: %s", e->msg);
		for (size_t i = 0; i < n; i++)
			if (!c->x[i].journaled && !t[i].txid[0])
				copy_str(t[i].error, sizeof t[i].error, why);
	}
	struct error be = {0, ""}, pe = {0, ""};
	int brc = broadcast(c, &tr, &be);
	int prc = poll_receipts(c, &tr, c->from, 1, &pe);
	/* the results, per transfer */
	size_t bad = 0, first = 0;
	for (size_t i = 0; i < tr.n; i++) {
		struct track *k = &tr.v[i];
		if (k->line < 0)
			continue;
		struct chain_transfer *ti = &t[k->line];
		ti->status = k->jt.status;
		copy_str(ti->txid, sizeof ti->txid, k->jt.txid);
		if (k->jt.status == JOURNAL_CONFIRMED)
			continue;
		if (k->done && k->jt.status == JOURNAL_EXPIRED && k->jt.batch_key[0])
			textf(ti->error, sizeof ti->error, "%s: not paid; run the batch again to send this line anew", k->error);
		else if (k->done)
			copy_str(ti->error, sizeof ti->error, k->error);
		else if (prc)
			textf(ti->error, sizeof ti->error, "not confirmed yet (the RPC failed while waiting): depinctl tx status %lld",
			      (long long)k->jt.id);
		else if (strncmp(k->error, "in block", 8) == 0)
			textf(ti->error, sizeof ti->error, "%s; not confirmed within %ld s: depinctl tx status %lld", k->error,
			      c->confirm_timeout_s, (long long)k->jt.id);
		else if (k->error[0])
			textf(ti->error, sizeof ti->error, "%s: depinctl tx status %lld", k->error, (long long)k->jt.id);
		else
			textf(ti->error, sizeof ti->error, "not confirmed within %ld s: depinctl tx status %lld",
			      c->confirm_timeout_s, (long long)k->jt.id);
	}
	for (size_t i = 0; i < n; i++)
		if (t[i].status != JOURNAL_CONFIRMED && !bad++)
			first = i;
	if (rc)
		goto out;
	if (bad) {
		char w[200];
		where(w, sizeof w, t, first, n);
		int code = prc ? prc : brc ? brc : ERR_FAIL;
		if (n == 1)
			rc = error_set(e, code, "%s%s%s", t[first].error[0] ? t[first].error : journal_status_name(t[first].status),
				       prc ? ": " : "", prc ? pe.msg : "");
		else
			rc = error_set(e, code, "%zu of %zu transfers not confirmed; the first: %s%s%s%s", bad, n, w,
				       t[first].error[0] ? t[first].error : journal_status_name(t[first].status), prc ? "; " : "",
				       prc ? pe.msg : "");
	} else if (c->journal_err[0]) {
		rc = error_set(e, ERR_FAIL, "the transfers are confirmed, but the journal could not record it: %s", c->journal_err);
	}
out:
	tracker_release(&tr);
	return rc;
}

/* --- status and resend -------------------------------------------------- */

static int track_one(struct chain *c, struct tracker *tr, const struct journal_tx *t, uint8_t from[20], struct error *e)
{
	struct evm_tx tx;
	int rc = evm_tx_decode(&tx, t->raw, t->raw_len, e);
	if (!rc && tx.chain_id != c->chain_id)
		rc = error_set(e, ERR_USAGE, "transaction %lld is for chain id %llu, but the RPC is chain id %llu", (long long)t->id,
			       (unsigned long long)tx.chain_id, (unsigned long long)c->chain_id);
	evm_tx_release(&tx);
	if (rc)
		return rc;
	if (strcmp(t->chain, "evm"))
		return error_set(e, ERR_USAGE, "transaction %lld is a %s transaction", (long long)t->id, t->chain);
	if ((rc = address_evm_parse(from, t->from, e)))
		return rc;
	tr->c = c;
	if (!track_add(tr, t))
		return error_set(e, ERR_FAIL, "out of memory");
	return 0;
}

static int evm_status(struct chain *c, struct journal_tx *t, struct error *e)
{
	struct tracker tr = {0};
	uint8_t from[20];
	int rc = track_one(c, &tr, t, from, e);
	if (!rc)
		rc = poll_receipts(c, &tr, from, 0, e);
	if (!rc) {
		struct track *k = &tr.v[0];
		if (!k->done && k->error[0])
			journal_note(c, k->jt.txid, k->jt.status, k->error);
		t->status = k->jt.status;
		copy_str(t->error, sizeof t->error, k->error);
	}
	tracker_release(&tr);
	return rc;
}

static int evm_resend(struct chain *c, struct journal_tx *t, struct error *e)
{
	struct tracker tr = {0};
	uint8_t from[20];
	int rc = track_one(c, &tr, t, from, e);
	if (rc)
		goto out;
	struct track *k = &tr.v[0];
	k->rebroadcast = 1;
	if ((rc = broadcast(c, &tr, e)))
		goto out;
	if (k->done) { /* refused */
		rc = error_set(e, ERR_REFUSED, "transaction %lld: %s", (long long)t->id, k->error);
		goto out;
	}
	if ((rc = poll_receipts(c, &tr, from, 1, e)))
		goto out;
	t->status = k->jt.status;
	copy_str(t->error, sizeof t->error, k->error);
	if (k->jt.status == JOURNAL_FAILED || k->jt.status == JOURNAL_EXPIRED)
		rc = error_set(e, ERR_REFUSED, "transaction %lld %s: %s", (long long)t->id, journal_status_name(k->jt.status),
			       k->error);
	else if (k->jt.status != JOURNAL_CONFIRMED)
		rc = error_set(e, ERR_FAIL, "transaction %lld is not confirmed within %ld s%s%s: depinctl tx status %lld",
			       (long long)t->id, c->confirm_timeout_s, k->error[0] ? ": " : "", k->error, (long long)t->id);
out:
	tracker_release(&tr);
	return rc;
}

const struct chain_ops evm_chain_ops = {
	.family = "evm",
	.open = evm_open,
	.close = evm_close,
	.balances = evm_balances,
	.prepare = evm_prepare,
	.simulate = evm_simulate,
	.sign_only = evm_sign_only,
	.send = evm_send,
	.status = evm_status,
	.resend = evm_resend,
};
