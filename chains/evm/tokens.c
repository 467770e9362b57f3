/* Known ERC-20 tokens and ERC-20 call data (see tokens.h). */
#include "config.h"
#include "chains/evm/tokens.h"
#include "chains/evm/abi.h"
#include "chains/evm/rpc.h"
#include "wallet/address.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Chain ids: ethereum 1, optimism 10, polygon 137, filecoin 314, base 8453,
 * arbitrum 42161 (the presets in src/conf.c). Addresses and decimals are
 * facts looked up in these sources (the wallet also checks decimals() on
 * the contract before it sends, and balance shows what the contract says):
 *
 *  USDC (Circle's native USDC; 6 decimals): Circle, "USDC Contract
 *    Addresses", https://developers.circle.com/stablecoins/usdc-contract-addresses;
 *    decimals as etherscan.io/token/0xa0b86991c6218b36c1d19d4a2e9eb0ce3606eb48
 *    shows them ("Token Contract (WITH 6 Decimals)").
 *  WXM (WeatherXM, Arbitrum One, 18 decimals): the token WeatherXM's own
 *    claim scripts use on chain 42161 (github.com/mgarciate/weatherxm-scripts,
 *    README: SOURCE_TOKEN_ADDRESS), launched on Arbitrum One on 2024-05-30
 *    (weatherxm.network/docs/wxm-token); 18 decimals as WeatherXM's token
 *    contract declares (etherscan.io/token/0xde654f497A563dd7A121c176a125dD2F11F13a83,
 *    "WITH 18 Decimals").
 *  DIMO (Polygon PoS, 18 decimals): the DIMO DAO's proposals ("The contract
 *    addresses for $DIMO are ... 0xE261D618a959aFfFd53168Cd07D12E37B26761db
 *    on Polygon"); 18 decimals in the Polygon token lists (ERC20Token(POLYGON,
 *    '0xE261...', 18, 'DIMO')).
 *  GLW (Glow, Ethereum, 18 decimals): Glow's contract addresses
 *    (@glowlabs-org/utils, constants/addresses.ts: GLW
 *    0xf4fbC617A5733EAAF9af08E1Ab816B103388d8B6); amounts in Glow's own
 *    scripts are parseUnits(..., 18).
 *  ATH (Aethir, Arbitrum One, 18 decimals): Axelar ITS token id
 *    0x88f7d4d3...330b, "arbitrum: 0xc87B37a581ec3257B734886d9d3a581F5A9d056c"
 *    (l2beat's ITS token list); DefiLlama's Aethir adapters (18 decimals).
 *  GEOD (GEODNET, Polygon PoS, 18 decimals): DefiLlama's GEODNET fees
 *    adapter (GEODNET_TOKEN_ADDRESS 0xAC0F66379A6d7801D7726d5a943356A172549Adb);
 *    Dune spellbook's Polygon token list ('geod-geodnet-token', 'polygon',
 *    'GEOD', 0xac0f...49adb, 18).
 */
static const struct evm_token known[] = {
	{1, "USDC", "0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48", 6},
	{1, "GLW", "0xf4fbC617A5733EAAF9af08E1Ab816B103388d8B6", 18},
	{10, "USDC", "0x0b2C639c533813f4Aa9D7837CAf62653d097Ff85", 6},
	{137, "USDC", "0x3c499c542cEF5E3811e1192ce70d8cC03d5c3359", 6},
	{137, "DIMO", "0xE261D618a959aFfFd53168Cd07D12E37B26761db", 18},
	{137, "GEOD", "0xAC0F66379A6d7801D7726d5a943356A172549Adb", 18},
	{8453, "USDC", "0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913", 6},
	{42161, "USDC", "0xaf88d065e77c8cC2239327C5EDb3A432268e5831", 6},
	{42161, "WXM", "0xB6093B61544572Ab42A0E43AF08aBaFD41bf25A6", 18},
	{42161, "ATH", "0xc87B37a581ec3257B734886d9d3a581F5A9d056c", 18},
};

const char *evm_native_symbol(uint64_t chain_id)
{
	switch (chain_id) {
	case 137:
		return "POL";
	case 314:
	case 314159:
		return "FIL";
	default:
		return "ETH";
	}
}

const struct evm_token *evm_tokens(uint64_t chain_id, size_t *n)
{
	size_t first = 0, count = 0;
	for (size_t i = 0; i < sizeof known / sizeof known[0]; i++) {
		if (known[i].chain_id != chain_id)
			continue;
		if (!count)
			first = i;
		count++;
	}
	*n = count;
	return count ? &known[first] : NULL;
}

const struct evm_token *evm_token_by_symbol(uint64_t chain_id, const char *symbol)
{
	size_t n;
	const struct evm_token *t = evm_tokens(chain_id, &n);
	for (size_t i = 0; i < n; i++)
		if (strcasecmp(t[i].symbol, symbol) == 0)
			return &t[i];
	return NULL;
}

const struct evm_token *evm_token_by_address(uint64_t chain_id, const uint8_t addr[20])
{
	size_t n;
	const struct evm_token *t = evm_tokens(chain_id, &n);
	for (size_t i = 0; i < n; i++) {
		uint8_t a[20];
		if (address_evm_parse(a, t[i].address, NULL) == 0 && memcmp(a, addr, 20) == 0)
			return &t[i];
	}
	return NULL;
}

/* --- call data --- */

static size_t call_begin(uint8_t out[ERC20_CALL_MAX], const char *signature)
{
	memset(out, 0, ERC20_CALL_MAX);
	abi_selector(out, signature);
	return 4;
}

static size_t put_address(uint8_t *out, size_t at, const uint8_t addr[20])
{
	memcpy(out + at + 12, addr, 20);
	return at + 32;
}

static size_t put_u256(uint8_t *out, size_t at, const struct u256 *v)
{
	u256_to_be(out + at, v);
	return at + 32;
}

size_t erc20_balance_of_data(uint8_t out[ERC20_CALL_MAX], const uint8_t owner[20])
{
	return put_address(out, call_begin(out, "balanceOf(address)"), owner);
}

size_t erc20_decimals_data(uint8_t out[ERC20_CALL_MAX])
{
	return call_begin(out, "decimals()");
}

size_t erc20_symbol_data(uint8_t out[ERC20_CALL_MAX])
{
	return call_begin(out, "symbol()");
}

size_t erc20_transfer_data(uint8_t out[ERC20_CALL_MAX], const uint8_t to[20], const struct u256 *value)
{
	return put_u256(out, put_address(out, call_begin(out, "transfer(address,uint256)"), to), value);
}

size_t erc20_approve_data(uint8_t out[ERC20_CALL_MAX], const uint8_t spender[20], const struct u256 *value)
{
	return put_u256(out, put_address(out, call_begin(out, "approve(address,uint256)"), spender), value);
}

size_t erc20_allowance_data(uint8_t out[ERC20_CALL_MAX], const uint8_t owner[20], const uint8_t spender[20])
{
	return put_address(out, put_address(out, call_begin(out, "allowance(address,address)"), owner), spender);
}

/* --- return data --- */

int erc20_read_uint(struct u256 *out, const uint8_t *ret, size_t len, struct error *e)
{
	if (len < 32)
		return error_set(e, ERR_NET, "the contract returned %zu bytes, not a uint256%s", len,
				 len == 0 ? " (is it an ERC-20 token contract?)" : "");
	u256_from_be(out, ret);
	return 0;
}

int erc20_read_decimals(unsigned *out, const uint8_t *ret, size_t len, struct error *e)
{
	struct u256 v;
	uint64_t d;
	int rc = erc20_read_uint(&v, ret, len, e);
	if (rc)
		return error_wrap(e, "decimals()");
	if (u256_to_u64(&d, &v) || d > 255)
		return error_set(e, ERR_NET, "decimals(): the contract returned a value past 255");
	*out = (unsigned)d;
	return 0;
}

static void printable(char *out, size_t out_size, const uint8_t *s, size_t len)
{
	size_t o = 0;
	for (size_t i = 0; i < len && s[i] && o + 1 < out_size; i++)
		out[o++] = s[i] >= 0x20 && s[i] < 0x7f ? (char)s[i] : '?';
	if (out_size)
		out[o] = '\0';
}

int erc20_read_symbol(char *out, size_t out_size, const uint8_t *ret, size_t len, struct error *e)
{
	struct abi_type *t = NULL;
	struct abi_value v;
	struct error ignore;
	if (abi_type_parse(&t, "(string)", e))
		return ERR_FAIL;
	int rc = abi_decode_params(&v, t, ret, len, &ignore);
	abi_type_free(t);
	if (rc == 0) {
		printable(out, out_size, v.items[0].data, v.items[0].len);
		abi_value_release(&v);
		return 0;
	}
	if (len == 32) { /* bytes32, as early tokens (MKR) return it */
		printable(out, out_size, ret, 32);
		return 0;
	}
	return error_set(e, ERR_NET, "symbol(): the contract returned %zu bytes that are neither a string nor a bytes32",
			 len);
}

/* --- blocking queries --- */

static int call(uint8_t **ret, size_t *len, struct jsonrpc *rpc, const uint8_t token[20], const uint8_t *data,
		size_t data_len, struct error *e)
{
	cJSON *result = NULL;
	int rc = jsonrpc_request(rpc, &result, "eth_call",
				 evm_rpc_params(2, evm_rpc_call_object(NULL, token, NULL, data, data_len, 0),
						cJSON_CreateString("latest")),
				 e);
	if (!rc)
		rc = evm_rpc_read_data(ret, len, result, "eth_call", e);
	cJSON_Delete(result);
	return rc;
}

int erc20_balance_of(struct u256 *out, struct jsonrpc *rpc, const uint8_t token[20], const uint8_t owner[20],
		     struct error *e)
{
	uint8_t data[ERC20_CALL_MAX], *ret;
	size_t len;
	int rc = call(&ret, &len, rpc, token, data, erc20_balance_of_data(data, owner), e);
	if (rc)
		return rc;
	rc = erc20_read_uint(out, ret, len, e);
	free(ret);
	return rc ? error_wrap(e, "balanceOf()") : 0;
}

int erc20_decimals(unsigned *out, struct jsonrpc *rpc, const uint8_t token[20], struct error *e)
{
	uint8_t data[ERC20_CALL_MAX], *ret;
	size_t len;
	int rc = call(&ret, &len, rpc, token, data, erc20_decimals_data(data), e);
	if (rc)
		return rc;
	rc = erc20_read_decimals(out, ret, len, e);
	free(ret);
	return rc;
}

int erc20_symbol(char *out, size_t out_size, struct jsonrpc *rpc, const uint8_t token[20], struct error *e)
{
	uint8_t data[ERC20_CALL_MAX], *ret;
	size_t len;
	int rc = call(&ret, &len, rpc, token, data, erc20_symbol_data(data), e);
	if (rc)
		return rc;
	rc = erc20_read_symbol(out, out_size, ret, len, e);
	free(ret);
	return rc;
}

int erc20_allowance(struct u256 *out, struct jsonrpc *rpc, const uint8_t token[20], const uint8_t owner[20],
		    const uint8_t spender[20], struct error *e)
{
	uint8_t data[ERC20_CALL_MAX], *ret;
	size_t len;
	int rc = call(&ret, &len, rpc, token, data, erc20_allowance_data(data, owner, spender), e);
	if (rc)
		return rc;
	rc = erc20_read_uint(out, ret, len, e);
	free(ret);
	return rc ? error_wrap(e, "allowance()") : 0;
}
