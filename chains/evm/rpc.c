/* Ethereum JSON-RPC parameters, replies and batches (see rpc.h). */
#include "config.h"
#include "chains/evm/rpc.h"
#include "chains/evm/abi.h"
#include "hex.h"
#include "http.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

cJSON *evm_rpc_u64(uint64_t v)
{
	char buf[24];
	snprintf(buf, sizeof buf, "0x%llx", (unsigned long long)v);
	return cJSON_CreateString(buf);
}

cJSON *evm_rpc_u256(const struct u256 *v)
{
	char buf[U256_HEX_MAX];
	if (u256_format_hex(buf, sizeof buf, v))
		return NULL;
	return cJSON_CreateString(buf);
}

cJSON *evm_rpc_bytes(const uint8_t *data, size_t len)
{
	char *buf = malloc(2 * len + 3);
	if (!buf)
		return NULL;
	buf[0] = '0';
	buf[1] = 'x';
	hex_encode(buf + 2, 2 * len + 1, data, len);
	cJSON *s = cJSON_CreateString(buf);
	free(buf);
	return s;
}

cJSON *evm_rpc_address(const uint8_t addr[20])
{
	return evm_rpc_bytes(addr, 20);
}

cJSON *evm_rpc_call_object(const uint8_t *from, const uint8_t to[20], const struct u256 *value,
			   const uint8_t *data, size_t data_len, uint64_t gas)
{
	cJSON *o = cJSON_CreateObject();
	int bad = !o;
	if (!bad && from)
		bad = !cJSON_AddItemToObject(o, "from", evm_rpc_address(from));
	if (!bad)
		bad = !cJSON_AddItemToObject(o, "to", evm_rpc_address(to));
	if (!bad && gas)
		bad = !cJSON_AddItemToObject(o, "gas", evm_rpc_u64(gas));
	if (!bad && value && !u256_is_zero(value))
		bad = !cJSON_AddItemToObject(o, "value", evm_rpc_u256(value));
	if (!bad && data_len)
		bad = !cJSON_AddItemToObject(o, "data", evm_rpc_bytes(data, data_len));
	if (bad) {
		cJSON_Delete(o);
		return NULL;
	}
	return o;
}

cJSON *evm_rpc_params(size_t n, ...)
{
	va_list ap;
	cJSON *arr = cJSON_CreateArray();
	int bad = !arr;
	va_start(ap, n);
	for (size_t i = 0; i < n; i++) {
		cJSON *item = va_arg(ap, cJSON *);
		if (bad || !item || !cJSON_AddItemToArray(arr, item)) {
			cJSON_Delete(item);
			bad = 1;
		}
	}
	va_end(ap);
	if (bad) {
		cJSON_Delete(arr);
		return NULL;
	}
	return arr;
}

/* --- replies --- */

static int bad_reply(struct error *e, const char *what, const cJSON *v, const char *why)
{
	char shown[48] = "";
	if (cJSON_IsString(v))
		http_sanitize(shown, sizeof shown, v->valuestring, strlen(v->valuestring));
	return error_set(e, ERR_NET, "%s: the node answered %s%s%s%s", what, cJSON_IsString(v) ? "'" : "",
			 cJSON_IsString(v) ? shown : cJSON_IsNull(v) ? "null" : "a non-string", cJSON_IsString(v) ? "'" : "",
			 why);
}

int evm_rpc_read_u256(struct u256 *out, const cJSON *v, const char *what, struct error *e)
{
	if (!cJSON_IsString(v))
		return bad_reply(e, what, v, ", not a hex quantity");
	const char *s = v->valuestring;
	if ((s[0] != '0' || (s[1] != 'x' && s[1] != 'X')) || !s[2])
		return bad_reply(e, what, v, ", not a hex quantity");
	if (u256_parse_hex(out, s, NULL))
		return bad_reply(e, what, v, ", not a hex quantity below 2^256");
	return 0;
}

int evm_rpc_read_u64(uint64_t *out, const cJSON *v, const char *what, struct error *e)
{
	struct u256 x;
	int rc = evm_rpc_read_u256(&x, v, what, e);
	if (rc)
		return rc;
	if (u256_to_u64(out, &x))
		return bad_reply(e, what, v, ", more than 64 bits");
	return 0;
}

int evm_rpc_read_data(uint8_t **out, size_t *len, const cJSON *v, const char *what, struct error *e)
{
	*out = NULL;
	*len = 0;
	if (!cJSON_IsString(v) || v->valuestring[0] != '0' || (v->valuestring[1] != 'x' && v->valuestring[1] != 'X'))
		return bad_reply(e, what, v, ", not 0x-hex data");
	size_t digits = strlen(v->valuestring + 2);
	if (digits % 2)
		return bad_reply(e, what, v, ", an odd number of hex digits");
	uint8_t *buf = malloc(digits / 2 + 1);
	if (!buf)
		return error_set(e, ERR_FAIL, "out of memory");
	if (digits && hex_decode(buf, digits / 2, len, v->valuestring)) {
		free(buf);
		return bad_reply(e, what, v, ", not 0x-hex data");
	}
	*out = buf;
	return 0;
}

int evm_rpc_read_hash(uint8_t out[32], const cJSON *v, const char *what, struct error *e)
{
	if (!cJSON_IsString(v) || strlen(v->valuestring) != 66 || hex_decode_exact(out, 32, v->valuestring))
		return bad_reply(e, what, v, ", not a 32-byte hash");
	return 0;
}

const char *const evm_rpc_known_errors[] = {
	/* OpenZeppelin Contracts 5 (draft-IERC6093.sol) */
	"ERC20InsufficientBalance(address,uint256,uint256)",
	"ERC20InvalidSender(address)",
	"ERC20InvalidReceiver(address)",
	"ERC20InsufficientAllowance(address,uint256,uint256)",
	"ERC20InvalidApprover(address)",
	"ERC20InvalidSpender(address)",
	/* OpenZeppelin 5 Pausable, and WeatherXM's token (its verified ABI) */
	"EnforcedPause()",
	"TokenTransferWhilePaused()",
};
const size_t evm_rpc_n_known_errors = sizeof evm_rpc_known_errors / sizeof evm_rpc_known_errors[0];

/* Whether hay contains needle, ignoring ASCII case. */
static int contains_ci(const char *hay, const char *needle)
{
	size_t n = strlen(needle);
	for (; *hay; hay++)
		if (strncasecmp(hay, needle, n) == 0)
			return 1;
	return 0;
}

/* The revert data in a JSON-RPC error's data: a hex string (geth, anvil,
 * erigon, nethermind), or nested as {"data": "0x..."} (some providers). */
static const char *revert_data(const cJSON *data)
{
	for (int depth = 0; data && depth < 3; depth++) {
		if (cJSON_IsString(data))
			return strncmp(data->valuestring, "0x", 2) == 0 ? data->valuestring : NULL;
		if (!cJSON_IsObject(data))
			return NULL;
		const cJSON *inner = cJSON_GetObjectItemCaseSensitive(data, "data");
		if (!inner)
			inner = cJSON_GetObjectItemCaseSensitive(data, "originalError");
		data = inner;
	}
	return NULL;
}

int evm_rpc_revert_reason(char *out, size_t out_size, const struct jsonrpc_call *call)
{
	if (!call->rpc_error)
		return 0;
	const char *msg = call->rpc_message ? call->rpc_message : "";
	const char *hexdata = revert_data(call->rpc_data);
	int reverted = call->rpc_code == 3 || contains_ci(msg, "revert");
	if (!reverted)
		return 0;
	if (hexdata) {
		size_t digits = strlen(hexdata + 2), len = 0;
		uint8_t *raw = malloc(digits / 2 + 1);
		char *text = NULL;
		struct error ignore;
		if (raw && digits % 2 == 0 && (digits == 0 || hex_decode(raw, digits / 2, &len, hexdata) == 0) &&
		    abi_decode_revert(&text, raw, len, evm_rpc_known_errors, evm_rpc_n_known_errors, &ignore) == 0) {
			/* "execution reverted (no reason)" for empty data: the
			 * node's message may still say more */
			if (len == 0 && msg[0])
				http_sanitize(out, out_size, msg, strlen(msg));
			else
				http_sanitize(out, out_size, text, strlen(text));
			free(text);
			free(raw);
			return 1;
		}
		free(raw);
	}
	http_sanitize(out, out_size, msg[0] ? msg : "execution reverted", strlen(msg[0] ? msg : "execution reverted"));
	return 1;
}

void evm_rpc_error_text(char *out, size_t out_size, const struct jsonrpc_call *call)
{
	const char *src = call->rpc_error && call->rpc_message ? call->rpc_message : call->err.msg;
	snprintf(out, out_size, "%s", src);
	for (char *p = out; *p; p++)
		*p = (char)tolower((unsigned char)*p);
}

/* --- batches --- */

void evm_batch_init(struct evm_batch *b, struct jsonrpc *rpc)
{
	memset(b, 0, sizeof *b);
	b->rpc = rpc;
}

void evm_batch_release(struct evm_batch *b)
{
	for (size_t i = 0; i < b->n; i++)
		jsonrpc_call_release(&b->calls[i]);
	free(b->calls);
	b->calls = NULL;
	b->n = b->cap = 0;
}

size_t evm_batch_add(struct evm_batch *b, const char *method, cJSON *params)
{
	if (b->n == b->cap) {
		size_t cap = b->cap ? 2 * b->cap : 16;
		struct jsonrpc_call *c = realloc(b->calls, cap * sizeof *c);
		if (!c) {
			cJSON_Delete(params);
			b->failed = 1;
			return (size_t)-1;
		}
		b->calls = c;
		b->cap = cap;
	}
	struct error ignore;
	size_t i = b->n++;
	if (jsonrpc_call_init(&b->calls[i], method, params, &ignore) || !params)
		b->failed = 1;
	return i;
}

int evm_batch_run(struct evm_batch *b, struct error *e)
{
	if (b->failed)
		return error_set(e, ERR_FAIL, "out of memory");
	if (!b->n)
		return 0;
	struct jsonrpc_call **p = malloc(b->n * sizeof *p);
	if (!p)
		return error_set(e, ERR_FAIL, "out of memory");
	for (size_t i = 0; i < b->n; i++)
		p[i] = &b->calls[i];
	int rc = jsonrpc_submit(b->rpc, p, b->n, e);
	if (!rc && jsonrpc_wait(b->rpc, p, b->n))
		rc = error_set(e, ERR_NET, "the http transport failed (libcurl)");
	free(p);
	return rc;
}

int evm_batch_first_error(const struct evm_batch *b, struct error *e)
{
	for (size_t i = 0; i < b->n; i++)
		if (b->calls[i].code)
			return error_set(e, b->calls[i].code, "%s", b->calls[i].err.msg);
	return 0;
}

int evm_rpc_has_receipt(struct jsonrpc *rpc, const char *txid, int *landed, struct error *e)
{
	struct evm_batch b;
	*landed = 0;
	evm_batch_init(&b, rpc);
	evm_batch_add(&b, "eth_getTransactionReceipt", evm_rpc_params(1, cJSON_CreateString(txid)));
	int rc = evm_batch_run(&b, e);
	if (!rc)
		rc = evm_batch_first_error(&b, e);
	if (!rc) {
		const cJSON *r = b.calls[0].result;
		const cJSON *bn = cJSON_GetObjectItemCaseSensitive(r, "blockNumber");
		if (cJSON_IsObject(r))
			*landed = bn && !cJSON_IsNull(bn);
		else if (!cJSON_IsNull(r))
			rc = error_set(e, ERR_NET, "eth_getTransactionReceipt: the node answered neither a receipt nor null");
	}
	evm_batch_release(&b);
	return rc;
}
