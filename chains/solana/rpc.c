/* Solana JSON-RPC calls (see rpc.h). */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sodium.h>

#include "base58.h"
#include "chains/solana/rpc.h"

int sol_rpc_open(struct sol_rpc *r, const char *const *urls, size_t n, int insecure, long timeout_ms,
		 struct error *e)
{
	int rc;
	memset(r, 0, sizeof *r);
	snprintf(r->commitment, sizeof r->commitment, "confirmed");
	if ((rc = http_client_init(&r->http, e)))
		return rc;
	r->http.insecure = insecure;
	if (timeout_ms > 0)
		r->http.timeout_ms = timeout_ms;
	if ((rc = jsonrpc_init(&r->rpc, &r->http, urls, n, e))) {
		http_client_release(&r->http);
		return rc;
	}
	return 0;
}

void sol_rpc_close(struct sol_rpc *r)
{
	jsonrpc_release(&r->rpc);
	http_client_release(&r->http);
}

int sol_rpc_call(struct sol_rpc *r, cJSON **result, const char *method, cJSON *params, struct error *e)
{
	return jsonrpc_request(&r->rpc, result, method, params, e);
}

/* ---- JSON helpers ------------------------------------------------------ */

/* snprintf that may cut: messages are cut to fit on purpose. */
__attribute__((format(printf, 3, 4)))
static void textf(char *out, size_t size, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(out, size, fmt, ap);
	va_end(ap);
}

static int oom(struct error *e)
{
	return error_set(e, ERR_FAIL, "out of memory");
}

static int bad_reply(struct error *e, const char *method, const char *what)
{
	return error_set(e, ERR_NET, "%s: malformed reply (%s)", method, what);
}

static cJSON *add_key(cJSON *arr, const uint8_t key[32])
{
	char b58[64];
	if (base58_encode(b58, sizeof b58, key, 32))
		return NULL;
	cJSON *s = cJSON_CreateString(b58);
	if (s)
		cJSON_AddItemToArray(arr, s);
	return s;
}

static cJSON *config(const char *commitment, const char *encoding)
{
	cJSON *o = cJSON_CreateObject();
	if (!o)
		return NULL;
	if (commitment)
		cJSON_AddStringToObject(o, "commitment", commitment);
	if (encoding)
		cJSON_AddStringToObject(o, "encoding", encoding);
	return o;
}

/* The "value" of an RpcResponse ({context, value}). */
static const cJSON *value_of(const cJSON *res)
{
	if (!cJSON_IsObject(res))
		return NULL;
	return cJSON_GetObjectItemCaseSensitive(res, "value");
}

static int parse_key(uint8_t out[32], const cJSON *v)
{
	size_t len;
	if (!cJSON_IsString(v) || base58_decode(out, 32, &len, v->valuestring) || len != 32)
		return -1;
	return 0;
}

/* An account object (encoding base64) or null. */
static int parse_account(struct sol_rpc_account *a, const cJSON *v)
{
	memset(a, 0, sizeof *a);
	if (cJSON_IsNull(v))
		return 0;
	if (!cJSON_IsObject(v))
		return -1;
	const cJSON *lam = cJSON_GetObjectItemCaseSensitive(v, "lamports");
	const cJSON *owner = cJSON_GetObjectItemCaseSensitive(v, "owner");
	const cJSON *data = cJSON_GetObjectItemCaseSensitive(v, "data");
	const cJSON *exe = cJSON_GetObjectItemCaseSensitive(v, "executable");
	if (jsonrpc_u64(&a->lamports, lam) || parse_key(a->owner, owner) || !cJSON_IsArray(data))
		return -1;
	const cJSON *b64 = cJSON_GetArrayItem(data, 0), *enc = cJSON_GetArrayItem(data, 1);
	if (!cJSON_IsString(b64) || !cJSON_IsString(enc) || strcmp(enc->valuestring, "base64"))
		return -1;
	size_t blen = strlen(b64->valuestring);
	if (blen) {
		size_t cap = blen / 4 * 3 + 3;
		a->data = malloc(cap);
		if (!a->data)
			return -1;
		if (sodium_base642bin(a->data, cap, b64->valuestring, blen, NULL, &a->data_len, NULL,
				      sodium_base64_VARIANT_ORIGINAL)) {
			free(a->data);
			a->data = NULL;
			return -1;
		}
	}
	a->executable = cJSON_IsTrue(exe);
	a->exists = true;
	return 0;
}

/* Calls built by the caller, run together; each must succeed. */
static int run_all(struct sol_rpc *r, struct jsonrpc_call *calls, size_t n, struct error *e)
{
	struct jsonrpc_call **p = calloc(n ? n : 1, sizeof *p);
	if (!p)
		return oom(e);
	for (size_t i = 0; i < n; i++)
		p[i] = &calls[i];
	int rc = jsonrpc_run(&r->rpc, p, n, e);
	free(p);
	return rc;
}

static void release_calls(struct jsonrpc_call *calls, size_t n)
{
	for (size_t i = 0; i < n; i++)
		jsonrpc_call_release(&calls[i]);
	free(calls);
}

/* ---- single reads ------------------------------------------------------ */

int sol_rpc_balance(struct sol_rpc *r, uint64_t *lamports, const uint8_t key[32], struct error *e)
{
	cJSON *params = cJSON_CreateArray(), *res;
	if (!params || !add_key(params, key)) {
		cJSON_Delete(params);
		return oom(e);
	}
	cJSON_AddItemToArray(params, config(r->commitment, NULL));
	int rc = sol_rpc_call(r, &res, "getBalance", params, e);
	if (rc)
		return rc;
	if (jsonrpc_u64(lamports, value_of(res)))
		rc = bad_reply(e, "getBalance", "no lamports");
	cJSON_Delete(res);
	return rc;
}

int sol_rpc_block_height(struct sol_rpc *r, uint64_t *height, const char *commitment, struct error *e)
{
	cJSON *params = cJSON_CreateArray(), *res;
	if (!params)
		return oom(e);
	cJSON_AddItemToArray(params, config(commitment, NULL));
	int rc = sol_rpc_call(r, &res, "getBlockHeight", params, e);
	if (rc)
		return rc;
	if (jsonrpc_u64(height, res))
		rc = bad_reply(e, "getBlockHeight", "not a height");
	cJSON_Delete(res);
	return rc;
}

int sol_rpc_latest_blockhash(struct sol_rpc *r, uint8_t hash[32], uint64_t *last_valid, struct error *e)
{
	cJSON *params = cJSON_CreateArray(), *res;
	if (!params)
		return oom(e);
	cJSON_AddItemToArray(params, config(r->commitment, NULL));
	int rc = sol_rpc_call(r, &res, "getLatestBlockhash", params, e);
	if (rc)
		return rc;
	const cJSON *v = value_of(res);
	if (!cJSON_IsObject(v) || parse_key(hash, cJSON_GetObjectItemCaseSensitive(v, "blockhash")) ||
	    jsonrpc_u64(last_valid, cJSON_GetObjectItemCaseSensitive(v, "lastValidBlockHeight")))
		rc = bad_reply(e, "getLatestBlockhash", "no blockhash");
	cJSON_Delete(res);
	return rc;
}

int sol_rpc_rent_exempt(struct sol_rpc *r, uint64_t *lamports, size_t data_len, struct error *e)
{
	cJSON *params = cJSON_CreateArray(), *res;
	if (!params)
		return oom(e);
	cJSON_AddItemToArray(params, cJSON_CreateNumber((double)data_len));
	int rc = sol_rpc_call(r, &res, "getMinimumBalanceForRentExemption", params, e);
	if (rc)
		return rc;
	if (jsonrpc_u64(lamports, res))
		rc = bad_reply(e, "getMinimumBalanceForRentExemption", "not a number");
	cJSON_Delete(res);
	return rc;
}

/* ---- accounts ---------------------------------------------------------- */

void sol_rpc_accounts_release(struct sol_rpc_account *a, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(a[i].data);
		memset(&a[i], 0, sizeof a[i]);
	}
}

int sol_rpc_accounts(struct sol_rpc *r, struct sol_rpc_account *out, const uint8_t (*keys)[32], size_t n,
		     struct error *e)
{
	memset(out, 0, n * sizeof *out);
	if (n == 0)
		return 0;
	size_t ncalls = (n + SOL_RPC_MAX_ACCOUNTS - 1) / SOL_RPC_MAX_ACCOUNTS;
	struct jsonrpc_call *calls = calloc(ncalls, sizeof *calls);
	int rc = 0;
	size_t made = 0;
	if (!calls)
		return oom(e);
	for (size_t c = 0; c < ncalls && !rc; c++) {
		cJSON *params = cJSON_CreateArray(), *list = cJSON_CreateArray();
		if (!params || !list) {
			cJSON_Delete(params);
			cJSON_Delete(list);
			rc = oom(e);
			break;
		}
		for (size_t i = c * SOL_RPC_MAX_ACCOUNTS; i < n && i < (c + 1) * SOL_RPC_MAX_ACCOUNTS; i++)
			add_key(list, keys[i]);
		cJSON_AddItemToArray(params, list);
		cJSON_AddItemToArray(params, config(r->commitment, "base64"));
		if ((rc = jsonrpc_call_init(&calls[c], "getMultipleAccounts", params, e)))
			break;
		made++;
	}
	if (!rc)
		rc = run_all(r, calls, ncalls, e);
	for (size_t c = 0; c < ncalls && !rc; c++) {
		const cJSON *v = value_of(calls[c].result);
		size_t first = c * SOL_RPC_MAX_ACCOUNTS;
		size_t want = n - first < SOL_RPC_MAX_ACCOUNTS ? n - first : SOL_RPC_MAX_ACCOUNTS;
		if (!cJSON_IsArray(v) || (size_t)cJSON_GetArraySize(v) != want) {
			rc = bad_reply(e, "getMultipleAccounts", "not one account per key");
			break;
		}
		size_t i = first;
		const cJSON *it;
		cJSON_ArrayForEach(it, v) {
			if (parse_account(&out[i], it)) {
				rc = bad_reply(e, "getMultipleAccounts", "an account without lamports, owner or base64 data");
				break;
			}
			i++;
		}
	}
	release_calls(calls, made);
	if (rc)
		sol_rpc_accounts_release(out, n);
	return rc;
}

void sol_rpc_keyed_free(struct sol_rpc_keyed *k, size_t n)
{
	for (size_t i = 0; k && i < n; i++)
		sol_rpc_accounts_release(&k[i].account, 1);
	free(k);
}

int sol_rpc_token_accounts(struct sol_rpc *r, struct sol_rpc_keyed **out, size_t *n, const uint8_t owner[32],
			   const uint8_t (*programs)[32], size_t nprograms, struct error *e)
{
	*out = NULL;
	*n = 0;
	struct jsonrpc_call *calls = calloc(nprograms ? nprograms : 1, sizeof *calls);
	size_t made = 0, cap = 0;
	int rc = 0;
	if (!calls)
		return oom(e);
	for (size_t p = 0; p < nprograms; p++) {
		cJSON *params = cJSON_CreateArray(), *filter = cJSON_CreateObject(), *prog;
		if (!params || !filter || !add_key(params, owner)) {
			cJSON_Delete(params);
			cJSON_Delete(filter);
			rc = oom(e);
			break;
		}
		char b58[64];
		if (base58_encode(b58, sizeof b58, programs[p], 32) || !(prog = cJSON_CreateString(b58))) {
			cJSON_Delete(params);
			cJSON_Delete(filter);
			rc = oom(e);
			break;
		}
		cJSON_AddItemToObject(filter, "programId", prog);
		cJSON_AddItemToArray(params, filter);
		cJSON_AddItemToArray(params, config(r->commitment, "base64"));
		if ((rc = jsonrpc_call_init(&calls[p], "getTokenAccountsByOwner", params, e)))
			break;
		made++;
	}
	if (!rc)
		rc = run_all(r, calls, nprograms, e);
	for (size_t p = 0; p < nprograms && !rc; p++) {
		const cJSON *v = value_of(calls[p].result), *it;
		if (!cJSON_IsArray(v)) {
			rc = bad_reply(e, "getTokenAccountsByOwner", "no list of accounts");
			break;
		}
		cJSON_ArrayForEach(it, v) {
			if (*n == cap) {
				size_t nc = cap ? 2 * cap : 16;
				struct sol_rpc_keyed *nk = realloc(*out, nc * sizeof *nk);
				if (!nk) {
					rc = oom(e);
					break;
				}
				*out = nk;
				cap = nc;
			}
			struct sol_rpc_keyed *k = &(*out)[*n];
			memset(k, 0, sizeof *k);
			if (!cJSON_IsObject(it) || parse_key(k->pubkey, cJSON_GetObjectItemCaseSensitive(it, "pubkey")) ||
			    parse_account(&k->account, cJSON_GetObjectItemCaseSensitive(it, "account")) ||
			    !k->account.exists) {
				sol_rpc_accounts_release(&k->account, 1);
				rc = bad_reply(e, "getTokenAccountsByOwner", "an entry without pubkey or account");
				break;
			}
			(*n)++;
		}
	}
	release_calls(calls, made);
	if (rc) {
		sol_rpc_keyed_free(*out, *n);
		*out = NULL;
		*n = 0;
	}
	return rc;
}

/* ---- fees -------------------------------------------------------------- */

int sol_rpc_priority_fees(struct sol_rpc *r, uint64_t **fees, size_t *n, const uint8_t (*keys)[32], size_t nkeys,
			  struct error *e)
{
	*fees = NULL;
	*n = 0;
	cJSON *params = cJSON_CreateArray(), *list = cJSON_CreateArray(), *res;
	if (!params || !list) {
		cJSON_Delete(params);
		cJSON_Delete(list);
		return oom(e);
	}
	for (size_t i = 0; i < nkeys && i < SOL_RPC_MAX_FEE_KEYS; i++)
		add_key(list, keys[i]);
	cJSON_AddItemToArray(params, list);
	int rc = sol_rpc_call(r, &res, "getRecentPrioritizationFees", params, e);
	if (rc)
		return rc;
	if (!cJSON_IsArray(res)) {
		cJSON_Delete(res);
		return bad_reply(e, "getRecentPrioritizationFees", "not a list");
	}
	size_t len = (size_t)cJSON_GetArraySize(res), i = 0;
	*fees = calloc(len ? len : 1, sizeof **fees);
	if (!*fees) {
		cJSON_Delete(res);
		return oom(e);
	}
	const cJSON *it;
	cJSON_ArrayForEach(it, res) {
		if (!cJSON_IsObject(it) ||
		    jsonrpc_u64(&(*fees)[i], cJSON_GetObjectItemCaseSensitive(it, "prioritizationFee"))) {
			rc = bad_reply(e, "getRecentPrioritizationFees", "an entry without prioritizationFee");
			break;
		}
		i++;
	}
	cJSON_Delete(res);
	if (rc) {
		free(*fees);
		*fees = NULL;
		return rc;
	}
	*n = i;
	return 0;
}

/* ---- errors and logs --------------------------------------------------- */

static void compact(char *out, size_t out_size, const cJSON *v)
{
	char *s = cJSON_PrintUnformatted(v);
	if (!s) {
		snprintf(out, out_size, "(unprintable error)");
		return;
	}
	http_sanitize(out, out_size, s, strlen(s));
	free(s);
}

void sol_rpc_describe_error(char *out, size_t out_size, const cJSON *err)
{
	static const struct {
		const char *name, *text;
	} known[] = {
		{"AccountNotFound", "the fee payer has no SOL (AccountNotFound)"},
		{"InsufficientFundsForFee", "insufficient funds for the fee"},
		{"BlockhashNotFound", "blockhash not found"},
		{"AlreadyProcessed", "already processed"},
		{"SignatureFailure", "signature verification failed"},
		{"InsufficientFunds", "insufficient funds"},
		{"AccountAlreadyInitialized", "the account already exists"},
		{"InvalidAccountData", "invalid account data"},
		{"IncorrectProgramId", "incorrect program id"},
	};
	char sub[160];
	if (cJSON_IsString(err)) {
		for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
			if (strcmp(err->valuestring, known[i].name) == 0) {
				snprintf(out, out_size, "%s", known[i].text);
				return;
			}
		http_sanitize(out, out_size, err->valuestring, strlen(err->valuestring));
		return;
	}
	const cJSON *ie = cJSON_GetObjectItemCaseSensitive(err, "InstructionError");
	if (cJSON_IsArray(ie) && cJSON_GetArraySize(ie) == 2 && cJSON_IsNumber(cJSON_GetArrayItem(ie, 0))) {
		int idx = cJSON_GetArrayItem(ie, 0)->valueint;
		const cJSON *what = cJSON_GetArrayItem(ie, 1);
		const cJSON *custom = cJSON_GetObjectItemCaseSensitive(what, "Custom");
		if (cJSON_IsNumber(custom))
			snprintf(sub, sizeof sub, "custom program error 0x%llx", (unsigned long long)custom->valuedouble);
		else if (cJSON_IsString(what))
			sol_rpc_describe_error(sub, sizeof sub, what);
		else
			compact(sub, sizeof sub, what);
		snprintf(out, out_size, "instruction %d: %s", idx, sub);
		return;
	}
	const cJSON *rent = cJSON_GetObjectItemCaseSensitive(err, "InsufficientFundsForRent");
	if (rent) {
		const cJSON *ai = cJSON_GetObjectItemCaseSensitive(rent, "account_index");
		snprintf(out, out_size, "account %d would be left below the rent-exempt minimum (InsufficientFundsForRent)",
			 cJSON_IsNumber(ai) ? ai->valueint : -1);
		return;
	}
	compact(out, out_size, err);
}

/* Whether the logs say the payer or the source ran out: the System
 * program's "insufficient lamports", the token programs' "insufficient
 * funds". */
static bool logs_insufficient(const cJSON *logs)
{
	const cJSON *l;
	cJSON_ArrayForEach(l, logs)
		if (cJSON_IsString(l) && (strstr(l->valuestring, "insufficient lamports") ||
					  strstr(l->valuestring, "insufficient funds") || strstr(l->valuestring, "Insufficient funds")))
			return true;
	return false;
}

/* The error, "insufficient funds: " first when the logs say so. */
static void describe_failure(char *out, size_t out_size, const cJSON *err, const cJSON *logs)
{
	char what[200];
	sol_rpc_describe_error(what, sizeof what, err);
	if (logs_insufficient(logs) && !strstr(what, "insufficient funds"))
		textf(out, out_size, "insufficient funds (%s)", what);
	else
		textf(out, out_size, "%s", what);
}

void sol_rpc_join_logs(char *out, size_t out_size, const cJSON *logs)
{
	out[0] = '\0';
	if (!cJSON_IsArray(logs) || out_size < 8)
		return;
	int n = cJSON_GetArraySize(logs), first = n;
	size_t total = 0;
	/* as many of the last lines as fit */
	while (first > 0) {
		const cJSON *l = cJSON_GetArrayItem(logs, first - 1);
		size_t len = cJSON_IsString(l) ? strlen(l->valuestring) : 0;
		if (total + len + 3 >= out_size && first < n)
			break;
		total += len + 3;
		first--;
	}
	size_t o = 0;
	for (int i = first; i < n && o + 4 < out_size; i++) {
		const cJSON *l = cJSON_GetArrayItem(logs, i);
		if (!cJSON_IsString(l))
			continue;
		if (o) {
			memcpy(out + o, " | ", 3);
			o += 3;
		}
		http_sanitize(out + o, out_size - o, l->valuestring, strlen(l->valuestring));
		o += strlen(out + o);
	}
}

/* ---- simulate / send / statuses ----------------------------------------- */

int sol_rpc_simulate(struct sol_rpc *r, struct sol_rpc_sim *out, const char *const *tx_b64, size_t n,
		     struct error *e)
{
	memset(out, 0, n * sizeof *out);
	if (n == 0)
		return 0;
	struct jsonrpc_call *calls = calloc(n, sizeof *calls);
	size_t made = 0;
	int rc = 0;
	if (!calls)
		return oom(e);
	for (size_t i = 0; i < n; i++) {
		cJSON *params = cJSON_CreateArray(), *cfg = config(r->commitment, "base64");
		if (!params || !cfg) {
			cJSON_Delete(params);
			cJSON_Delete(cfg);
			rc = oom(e);
			break;
		}
		cJSON_AddItemToArray(params, cJSON_CreateString(tx_b64[i]));
		cJSON_AddBoolToObject(cfg, "sigVerify", 0);
		cJSON_AddBoolToObject(cfg, "replaceRecentBlockhash", 1);
		cJSON_AddItemToArray(params, cfg);
		if ((rc = jsonrpc_call_init(&calls[i], "simulateTransaction", params, e)))
			break;
		made++;
	}
	if (!rc)
		rc = run_all(r, calls, n, e);
	for (size_t i = 0; i < n && !rc; i++) {
		const cJSON *v = value_of(calls[i].result);
		const cJSON *err = cJSON_GetObjectItemCaseSensitive(v, "err");
		const cJSON *units = cJSON_GetObjectItemCaseSensitive(v, "unitsConsumed");
		if (!cJSON_IsObject(v) || !err) {
			rc = bad_reply(e, "simulateTransaction", "no err");
			break;
		}
		if (units && !cJSON_IsNull(units) && jsonrpc_u64(&out[i].units, units)) {
			rc = bad_reply(e, "simulateTransaction", "unitsConsumed is not a number");
			break;
		}
		if (!cJSON_IsNull(err)) {
			const cJSON *logs = cJSON_GetObjectItemCaseSensitive(v, "logs");
			out[i].failed = true;
			describe_failure(out[i].err, sizeof out[i].err, err, logs);
			sol_rpc_join_logs(out[i].logs, sizeof out[i].logs, logs);
		}
	}
	release_calls(calls, made);
	return rc;
}

/* What a sendTransaction error means for the transaction. */
static void classify_send(struct sol_rpc_send *s, const struct jsonrpc_call *call)
{
	if (!call->rpc_error) {
		s->outcome = SOL_RPC_RETRY;
		textf(s->error, sizeof s->error, "%s", call->err.msg);
		return;
	}
	const cJSON *err = cJSON_GetObjectItemCaseSensitive(call->rpc_data, "err");
	if (call->rpc_code == -32002 && err) {
		char what[200], logs[300];
		if (cJSON_IsString(err) && strcmp(err->valuestring, "AlreadyProcessed") == 0) {
			s->outcome = SOL_RPC_ACCEPTED;
			return;
		}
		if (cJSON_IsString(err) && strcmp(err->valuestring, "BlockhashNotFound") == 0) {
			s->outcome = SOL_RPC_RETRY;
			snprintf(s->error, sizeof s->error, "the node does not know the blockhash yet");
			return;
		}
		const cJSON *lj = cJSON_GetObjectItemCaseSensitive(call->rpc_data, "logs");
		describe_failure(what, sizeof what, err, lj);
		sol_rpc_join_logs(logs, sizeof logs, lj);
		s->outcome = SOL_RPC_REJECTED;
		textf(s->error, sizeof s->error, "simulation failed: %s%s%s", what, logs[0] ? "; logs: " : "", logs);
		return;
	}
	if (call->rpc_code == -32003) {
		s->outcome = SOL_RPC_REJECTED;
		snprintf(s->error, sizeof s->error, "the node refused the signature: %s", call->rpc_message);
		return;
	}
	if (call->rpc_code == -32602 || call->rpc_code == -32600) {
		s->outcome = SOL_RPC_REJECTED;
		snprintf(s->error, sizeof s->error, "the node refused the transaction: %s", call->rpc_message);
		return;
	}
	/* -32005 node unhealthy or behind, and anything else: try again later */
	s->outcome = SOL_RPC_RETRY;
	textf(s->error, sizeof s->error, "%s", call->err.msg);
}

int sol_rpc_send(struct sol_rpc *r, struct sol_rpc_send *out, const char *const *tx_b64, const char *const *sigs,
		 size_t n, bool skip_preflight, struct error *e)
{
	memset(out, 0, n * sizeof *out);
	if (n == 0)
		return 0;
	struct jsonrpc_call *calls = calloc(n, sizeof *calls);
	struct jsonrpc_call **p = calloc(n, sizeof *p);
	size_t made = 0;
	int rc = 0;
	if (!calls || !p) {
		free(calls);
		free(p);
		return oom(e);
	}
	for (size_t i = 0; i < n; i++) {
		cJSON *params = cJSON_CreateArray(), *cfg = config(NULL, "base64");
		if (!params || !cfg) {
			cJSON_Delete(params);
			cJSON_Delete(cfg);
			rc = oom(e);
			break;
		}
		cJSON_AddItemToArray(params, cJSON_CreateString(tx_b64[i]));
		cJSON_AddBoolToObject(cfg, "skipPreflight", skip_preflight);
		cJSON_AddStringToObject(cfg, "preflightCommitment", r->commitment);
		cJSON_AddItemToArray(params, cfg);
		if ((rc = jsonrpc_call_init(&calls[i], "sendTransaction", params, e)))
			break;
		p[i] = &calls[i];
		made++;
	}
	if (!rc && (rc = jsonrpc_submit(&r->rpc, p, n, e)) == 0) {
		/* a transport failure ends up in the calls */
		int w = jsonrpc_wait(&r->rpc, p, n);
		(void)w;
		for (size_t i = 0; i < n; i++) {
			if (calls[i].pending || calls[i].code) {
				if (calls[i].pending) {
					out[i].outcome = SOL_RPC_RETRY;
					snprintf(out[i].error, sizeof out[i].error, "the transport failed");
				} else {
					classify_send(&out[i], &calls[i]);
				}
				continue;
			}
			const cJSON *sig = calls[i].result;
			if (!cJSON_IsString(sig) || (sigs && strcmp(sig->valuestring, sigs[i]))) {
				out[i].outcome = SOL_RPC_RETRY;
				snprintf(out[i].error, sizeof out[i].error, "sendTransaction answered another signature");
				continue;
			}
			out[i].outcome = SOL_RPC_ACCEPTED;
		}
	}
	release_calls(calls, made);
	free(p);
	return rc;
}

int sol_rpc_statuses(struct sol_rpc *r, struct sol_rpc_status *out, const char *const *sigs, size_t n, bool history,
		     struct error *e)
{
	memset(out, 0, n * sizeof *out);
	if (n == 0)
		return 0;
	size_t ncalls = (n + SOL_RPC_MAX_SIGNATURES - 1) / SOL_RPC_MAX_SIGNATURES, made = 0;
	struct jsonrpc_call *calls = calloc(ncalls, sizeof *calls);
	int rc = 0;
	if (!calls)
		return oom(e);
	for (size_t c = 0; c < ncalls; c++) {
		cJSON *params = cJSON_CreateArray(), *list = cJSON_CreateArray(), *cfg = cJSON_CreateObject();
		if (!params || !list || !cfg) {
			cJSON_Delete(params);
			cJSON_Delete(list);
			cJSON_Delete(cfg);
			rc = oom(e);
			break;
		}
		for (size_t i = c * SOL_RPC_MAX_SIGNATURES; i < n && i < (c + 1) * SOL_RPC_MAX_SIGNATURES; i++)
			cJSON_AddItemToArray(list, cJSON_CreateString(sigs[i]));
		cJSON_AddBoolToObject(cfg, "searchTransactionHistory", history);
		cJSON_AddItemToArray(params, list);
		cJSON_AddItemToArray(params, cfg);
		if ((rc = jsonrpc_call_init(&calls[c], "getSignatureStatuses", params, e)))
			break;
		made++;
	}
	if (!rc)
		rc = run_all(r, calls, ncalls, e);
	for (size_t c = 0; c < ncalls && !rc; c++) {
		const cJSON *v = value_of(calls[c].result), *it;
		size_t first = c * SOL_RPC_MAX_SIGNATURES;
		size_t want = n - first < SOL_RPC_MAX_SIGNATURES ? n - first : SOL_RPC_MAX_SIGNATURES;
		if (!cJSON_IsArray(v) || (size_t)cJSON_GetArraySize(v) != want) {
			rc = bad_reply(e, "getSignatureStatuses", "not one status per signature");
			break;
		}
		size_t i = first;
		cJSON_ArrayForEach(it, v) {
			struct sol_rpc_status *s = &out[i++];
			if (cJSON_IsNull(it))
				continue;
			const cJSON *err = cJSON_GetObjectItemCaseSensitive(it, "err");
			const cJSON *cs = cJSON_GetObjectItemCaseSensitive(it, "confirmationStatus");
			const cJSON *conf = cJSON_GetObjectItemCaseSensitive(it, "confirmations");
			if (!cJSON_IsObject(it) || jsonrpc_u64(&s->slot, cJSON_GetObjectItemCaseSensitive(it, "slot"))) {
				rc = bad_reply(e, "getSignatureStatuses", "a status without slot");
				break;
			}
			s->found = true;
			if (cJSON_IsString(cs))
				snprintf(s->confirmation, sizeof s->confirmation, "%s", cs->valuestring);
			else if (cJSON_IsNull(conf))
				/* old nodes: confirmations null means rooted */
				snprintf(s->confirmation, sizeof s->confirmation, "finalized");
			else
				snprintf(s->confirmation, sizeof s->confirmation, "processed");
			if (err && !cJSON_IsNull(err)) {
				s->failed = true;
				sol_rpc_describe_error(s->err, sizeof s->err, err);
			}
		}
	}
	release_calls(calls, made);
	return rc;
}

bool sol_rpc_status_meets(const struct sol_rpc_status *s, const char *commitment)
{
	if (!s->found)
		return false;
	if (strcmp(s->confirmation, "finalized") == 0)
		return true;
	return strcmp(commitment, "finalized") != 0 && strcmp(s->confirmation, "confirmed") == 0;
}
