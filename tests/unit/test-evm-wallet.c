/* The EVM wallet client's pieces that need no node: the known token list
 * (every address a valid EIP-55 checksum, lookups), ERC-20 call data
 * (the selectors EIP-20's functions have everywhere) and return data,
 * JSON-RPC quantities and data read strictly, and revert reasons taken
 * from JSON-RPC errors as geth and anvil send them. */
#include "config.h"
#include "tap.h"
#include "chains/evm/abi.h"
#include "chains/evm/rpc.h"
#include "chains/evm/tokens.h"
#include "hex.h"
#include "wallet/address.h"

#include <stdlib.h>
#include <string.h>

static void hexs(char *out, const uint8_t *b, size_t n)
{
	hex_encode(out, 2 * n + 1, b, n);
}

/* A failed call as jsonrpc.c leaves it after a JSON-RPC error. */
static void fake_error(struct jsonrpc_call *c, long code, const char *msg, cJSON *data)
{
	memset(c, 0, sizeof *c);
	c->code = ERR_NET;
	c->rpc_error = 1;
	c->rpc_code = code;
	c->rpc_message = strdup(msg);
	c->rpc_data = data;
	snprintf(c->err.msg, sizeof c->err.msg, "eth_call: http://x: RPC error %ld: %s", code, msg);
}

static void token_list(void)
{
	static const struct {
		uint64_t chain;
		const char *symbol;
	} want[] = {
		{1, "USDC"}, {1, "GLW"}, {10, "USDC"}, {137, "USDC"}, {137, "DIMO"}, {137, "GEOD"},
		{8453, "USDC"}, {42161, "USDC"}, {42161, "WXM"}, {42161, "ATH"},
	};
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
		const struct evm_token *t = evm_token_by_symbol(want[i].chain, want[i].symbol);
		uint8_t a[20];
		char back[ADDRESS_EVM_MAX];
		struct error e = {0, ""};
		if (!ok(t != NULL, "%s is known on chain %llu", want[i].symbol, (unsigned long long)want[i].chain))
			continue;
		/* mixed case must pass EIP-55: a typo in the table cannot */
		ok(address_evm_parse(a, t->address, &e) == 0 && address_eip55(back, sizeof back, a) == 0 &&
			   strcmp(back, t->address) == 0,
		   "%s on %llu: %s is in EIP-55 case %s", t->symbol, (unsigned long long)t->chain_id, t->address, e.msg);
		ok(evm_token_by_address(want[i].chain, a) == t, "and is found by its address");
		ok(t->decimals == (strcmp(t->symbol, "USDC") == 0 ? 6u : 18u), "%s has %u decimals", t->symbol, t->decimals);
	}
	ok(evm_token_by_symbol(42161, "wxm") != NULL, "symbols match in any case");
	ok(evm_token_by_symbol(1, "WXM") == NULL, "WXM is not an Ethereum token");
	ok(evm_token_by_symbol(31337, "USDC") == NULL, "anvil has no known tokens");
	size_t n = 99;
	ok(evm_tokens(31337, &n) == NULL && n == 0, "evm_tokens of an unknown chain is empty");
	ok(evm_tokens(137, &n) != NULL && n == 3, "polygon knows 3 tokens");
	is_str(evm_native_symbol(1), "ETH", "ethereum's coin");
	is_str(evm_native_symbol(137), "POL", "polygon's coin");
	is_str(evm_native_symbol(314), "FIL", "filecoin's coin");
	is_str(evm_native_symbol(31337), "ETH", "anvil's coin");
}

static void call_data(void)
{
	uint8_t d[ERC20_CALL_MAX], owner[20], spender[20];
	char h[2 * ERC20_CALL_MAX + 1];
	struct u256 v;
	struct error e = {0, ""};
	if (address_evm_parse(owner, "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266", &e) ||
	    address_evm_parse(spender, "0x70997970C51812dc3A010C7d01b50e0d17dc79C8", &e))
		return;
	u256_from_u64(&v, 1000000);

	size_t n = erc20_balance_of_data(d, owner);
	hexs(h, d, n);
	is_str(h, "70a08231000000000000000000000000f39fd6e51aad88f6f4ce6ab8827279cfffb92266", "balanceOf(owner)");
	n = erc20_decimals_data(d);
	hexs(h, d, n);
	is_str(h, "313ce567", "decimals()");
	n = erc20_symbol_data(d);
	hexs(h, d, n);
	is_str(h, "95d89b41", "symbol()");
	n = erc20_transfer_data(d, spender, &v);
	hexs(h, d, n);
	is_str(h,
	       "a9059cbb00000000000000000000000070997970c51812dc3a010c7d01b50e0d17dc79c8"
	       "00000000000000000000000000000000000000000000000000000000000f4240",
	       "transfer(to, 1000000)");
	n = erc20_approve_data(d, spender, &v);
	hexs(h, d, n);
	is_str(h,
	       "095ea7b300000000000000000000000070997970c51812dc3a010c7d01b50e0d17dc79c8"
	       "00000000000000000000000000000000000000000000000000000000000f4240",
	       "approve(spender, 1000000)");
	n = erc20_allowance_data(d, owner, spender);
	hexs(h, d, n);
	is_str(h,
	       "dd62ed3e000000000000000000000000f39fd6e51aad88f6f4ce6ab8827279cfffb92266"
	       "00000000000000000000000070997970c51812dc3a010c7d01b50e0d17dc79c8",
	       "allowance(owner, spender)");

	/* the same as the general ABI encoder writes */
	uint8_t *enc;
	size_t enc_len;
	const char *argv[] = {"0x70997970C51812dc3A010C7d01b50e0d17dc79C8", "1000000"};
	n = erc20_transfer_data(d, spender, &v);
	ok(abi_encode_call_text(&enc, &enc_len, "transfer(address,uint256)", argv, 2, &e) == 0 && enc_len == n &&
		   memcmp(enc, d, n) == 0,
	   "transfer's call data is what abi_encode_call_text writes");
	free(enc);
}

static void return_data(void)
{
	uint8_t w[96] = {0};
	struct u256 v;
	unsigned dec;
	char sym[32];
	struct error e = {0, ""};
	w[31] = 18;
	ok(erc20_read_decimals(&dec, w, 32, &e) == 0 && dec == 18, "decimals 18");
	w[30] = 1;
	ok(erc20_read_decimals(&dec, w, 32, &e) == ERR_NET, "decimals past 255 are refused: %s", e.msg);
	ok(erc20_read_uint(&v, w, 31, &e) == ERR_NET, "31 bytes are not a uint256");
	ok(erc20_read_uint(&v, w, 0, &e) == ERR_NET && strstr(e.msg, "ERC-20"), "no return data: %s", e.msg);
	ok(erc20_read_uint(&v, w, 32, &e) == 0 && v.w[0] == 0x112, "a uint256");

	/* symbol() as a string: offset 32, length 4, "USDC" */
	memset(w, 0, sizeof w);
	w[31] = 32;
	w[63] = 4;
	memcpy(w + 64, "USDC", 4);
	ok(erc20_read_symbol(sym, sizeof sym, w, 96, &e) == 0 && strcmp(sym, "USDC") == 0, "symbol() string: %s", sym);
	/* as a bytes32 (MKR's contract) */
	memset(w, 0, sizeof w);
	memcpy(w, "MKR", 3);
	ok(erc20_read_symbol(sym, sizeof sym, w, 32, &e) == 0 && strcmp(sym, "MKR") == 0, "symbol() bytes32: %s", sym);
	/* control characters are not passed on */
	memset(w, 0, sizeof w);
	w[31] = 32;
	w[63] = 3;
	memcpy(w + 64, "A\x1b" "B", 3);
	ok(erc20_read_symbol(sym, sizeof sym, w, 96, &e) == 0 && strcmp(sym, "A?B") == 0, "an escape in a symbol becomes ?");
	ok(erc20_read_symbol(sym, sizeof sym, w, 5, &e) == ERR_NET, "5 bytes are no symbol");
}

static void quantities(void)
{
	struct u256 v;
	uint64_t u;
	uint8_t *d;
	size_t n;
	uint8_t h[32];
	struct error e = {0, ""};
	cJSON *s;
#define Q(text) (s = cJSON_CreateString(text))
	ok(evm_rpc_read_u64(&u, Q("0x7a69"), "q", &e) == 0 && u == 31337, "0x7a69 is 31337");
	cJSON_Delete(s);
	ok(evm_rpc_read_u64(&u, Q("0x0"), "q", &e) == 0 && u == 0, "0x0");
	cJSON_Delete(s);
	ok(evm_rpc_read_u64(&u, Q("0x"), "q", &e) == ERR_NET, "0x alone is no quantity: %s", e.msg);
	cJSON_Delete(s);
	ok(evm_rpc_read_u64(&u, Q("7a69"), "q", &e) == ERR_NET, "hex without 0x is refused");
	cJSON_Delete(s);
	ok(evm_rpc_read_u64(&u, Q("0x10000000000000000"), "q", &e) == ERR_NET, "2^64 is past a u64: %s", e.msg);
	cJSON_Delete(s);
	ok(evm_rpc_read_u256(&v, Q("0x10000000000000000"), "q", &e) == 0 && v.w[1] == 1 && v.w[0] == 0, "2^64 as a u256");
	cJSON_Delete(s);
	ok(evm_rpc_read_u256(&v, Q("0x1" "0000000000000000000000000000000000000000000000000000000000000000"), "q", &e) ==
		   ERR_NET,
	   "2^256 is refused");
	cJSON_Delete(s);
	s = cJSON_CreateNumber(5);
	ok(evm_rpc_read_u64(&u, s, "eth_blockNumber", &e) == ERR_NET && strstr(e.msg, "eth_blockNumber"),
	   "a JSON number is no quantity, and the message names the method: %s", e.msg);
	cJSON_Delete(s);
	ok(evm_rpc_read_data(&d, &n, Q("0x"), "d", &e) == 0 && n == 0 && d, "0x is empty data");
	free(d);
	cJSON_Delete(s);
	ok(evm_rpc_read_data(&d, &n, Q("0xA0b8"), "d", &e) == 0 && n == 2 && d[0] == 0xa0 && d[1] == 0xb8, "0xA0b8");
	free(d);
	cJSON_Delete(s);
	ok(evm_rpc_read_data(&d, &n, Q("0xabc"), "d", &e) == ERR_NET, "an odd digit count is refused");
	cJSON_Delete(s);
	ok(evm_rpc_read_data(&d, &n, Q("0xzz"), "d", &e) == ERR_NET, "non-hex is refused");
	cJSON_Delete(s);
	ok(evm_rpc_read_hash(h, Q("0x353911be23e52e6b62f32b2323be63d06541c4ab17382cde9ff87b3174c3c9f6"), "h", &e) == 0 &&
		   h[0] == 0x35 && h[31] == 0xf6,
	   "a transaction hash");
	cJSON_Delete(s);
	ok(evm_rpc_read_hash(h, Q("0x3539"), "h", &e) == ERR_NET, "a short hash is refused");
	cJSON_Delete(s);
#undef Q

	char *text;
	struct u256 big;
	u256_from_u64(&big, 0);
	s = evm_rpc_u256(&big);
	is_str(s ? s->valuestring : NULL, "0x0", "zero is 0x0");
	cJSON_Delete(s);
	s = evm_rpc_u64(1000000);
	is_str(s ? s->valuestring : NULL, "0xf4240", "1000000 is 0xf4240");
	cJSON_Delete(s);
	uint8_t to[20] = {0xab};
	u256_from_u64(&big, 1);
	s = evm_rpc_call_object(NULL, to, &big, (const uint8_t *)"\x01\x02", 2, 21000);
	text = s ? cJSON_PrintUnformatted(s) : NULL;
	is_str(text, "{\"to\":\"0xab00000000000000000000000000000000000000\",\"gas\":\"0x5208\",\"value\":\"0x1\",\"data\":\"0x0102\"}",
	       "a call object");
	free(text);
	cJSON_Delete(s);
	s = evm_rpc_params(2, cJSON_CreateString("a"), NULL);
	ok(s == NULL, "params with a NULL item fail (as out of memory would)");
}

static void reverts(void)
{
	struct jsonrpc_call c;
	char why[256];
	/* the Solidity documentation's example: revert("Not enough Ether provided.") */
	fake_error(&c, 3, "execution reverted: Not enough Ether provided.",
		   cJSON_CreateString("0x08c379a0"
				      "0000000000000000000000000000000000000000000000000000000000000020"
				      "000000000000000000000000000000000000000000000000000000000000001a"
				      "4e6f7420656e6f7567682045746865722070726f76696465642e000000000000"));
	ok(evm_rpc_revert_reason(why, sizeof why, &c) == 1, "code 3 with Error(string) data is a revert");
	is_str(why, "execution reverted: Not enough Ether provided.", "decoded from the data");
	jsonrpc_call_release(&c);

	/* Panic(0x11), as anvil sends it: the message says less than the data */
	fake_error(&c, 3, "execution reverted",
		   cJSON_CreateString("0x4e487b71"
				      "0000000000000000000000000000000000000000000000000000000000000011"));
	ok(evm_rpc_revert_reason(why, sizeof why, &c) == 1 && strstr(why, "panic 0x11") && strstr(why, "overflow"),
	   "a panic: %s", why);
	jsonrpc_call_release(&c);

	/* an OpenZeppelin 5 custom error, nested as some providers send it */
	cJSON *data = cJSON_CreateObject();
	cJSON_AddStringToObject(data, "data",
				"0xe450d38c"
				"000000000000000000000000f39fd6e51aad88f6f4ce6ab8827279cfffb92266"
				"0000000000000000000000000000000000000000000000000000000000000005"
				"0000000000000000000000000000000000000000000000000000000000000007");
	fake_error(&c, -32000, "execution reverted", data);
	ok(evm_rpc_revert_reason(why, sizeof why, &c) == 1 && strncmp(why, "ERC20InsufficientBalance(", 25) == 0,
	   "a known custom error, nested data: %s", why);
	jsonrpc_call_release(&c);

	/* a revert without data: the node's message */
	fake_error(&c, 3, "execution reverted", NULL);
	ok(evm_rpc_revert_reason(why, sizeof why, &c) == 1 && strcmp(why, "execution reverted") == 0, "no data: %s", why);
	jsonrpc_call_release(&c);

	/* not reverts */
	fake_error(&c, -32000, "insufficient funds for gas * price + value", NULL);
	ok(evm_rpc_revert_reason(why, sizeof why, &c) == 0, "insufficient funds is not a revert");
	jsonrpc_call_release(&c);
	memset(&c, 0, sizeof c);
	c.code = ERR_NET;
	snprintf(c.err.msg, sizeof c.err.msg, "eth_call: http://x: timed out after 10 s");
	ok(evm_rpc_revert_reason(why, sizeof why, &c) == 0, "a transport failure is not a revert");
	evm_rpc_error_text(why, sizeof why, &c);
	is_str(why, "eth_call: http://x: timed out after 10 s", "its text is the transport's");
	fake_error(&c, -32000, "Nonce Too Low", NULL);
	evm_rpc_error_text(why, sizeof why, &c);
	is_str(why, "nonce too low", "error text is the node's message, lower case");
	jsonrpc_call_release(&c);
}

int main(void)
{
	token_list();
	call_data();
	return_data();
	quantities();
	reverts();
	return tap_done();
}
