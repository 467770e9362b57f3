/* ERC-20 tokens (EIP-20): the tokens depinctl knows per chain, the call
 * data of the functions the wallet uses, and the reading of their return
 * data. Queries against a node: erc20_balance_of, erc20_decimals,
 * erc20_symbol, erc20_allowance (blocking, one call each; the wallet batches
 * the same calls itself). */
#ifndef DEPINCTL_EVM_TOKENS_H
#define DEPINCTL_EVM_TOKENS_H

#include <stddef.h>
#include <stdint.h>
#include "error.h"
#include "jsonrpc.h"
#include "u256.h"

struct evm_token {
	uint64_t chain_id;
	const char *symbol;
	const char *address; /* EIP-55 */
	unsigned decimals;
};

/* The native coin's symbol on a chain: "ETH", "POL" (Polygon), "FIL"
 * (Filecoin); "ETH" for chains it does not know. */
const char *evm_native_symbol(uint64_t chain_id);
/* The known tokens of a chain, in table order: *n gets their number. */
const struct evm_token *evm_tokens(uint64_t chain_id, size_t *n);
/* A known token by symbol (any case) or by address; NULL if unknown. */
const struct evm_token *evm_token_by_symbol(uint64_t chain_id, const char *symbol);
const struct evm_token *evm_token_by_address(uint64_t chain_id, const uint8_t addr[20]);

/* Call data (selector and arguments, 4 + 32k bytes). */
#define ERC20_CALL_MAX 68
size_t erc20_balance_of_data(uint8_t out[ERC20_CALL_MAX], const uint8_t owner[20]);
size_t erc20_decimals_data(uint8_t out[ERC20_CALL_MAX]);
size_t erc20_symbol_data(uint8_t out[ERC20_CALL_MAX]);
size_t erc20_transfer_data(uint8_t out[ERC20_CALL_MAX], const uint8_t to[20], const struct u256 *value);
size_t erc20_approve_data(uint8_t out[ERC20_CALL_MAX], const uint8_t spender[20], const struct u256 *value);
size_t erc20_allowance_data(uint8_t out[ERC20_CALL_MAX], const uint8_t owner[20], const uint8_t spender[20]);

/* Return data: a uint256 (balanceOf, allowance); a uint8 (decimals); a
 * string, or the bytes32 that early tokens return (symbol), as printable
 * text cut to out_size. ERR_NET when the data is not that type. */
int erc20_read_uint(struct u256 *out, const uint8_t *ret, size_t len, struct error *e) WUR;
int erc20_read_decimals(unsigned *out, const uint8_t *ret, size_t len, struct error *e) WUR;
int erc20_read_symbol(char *out, size_t out_size, const uint8_t *ret, size_t len, struct error *e) WUR;

/* Blocking queries (eth_call at "latest"). */
int erc20_balance_of(struct u256 *out, struct jsonrpc *rpc, const uint8_t token[20], const uint8_t owner[20],
		     struct error *e) WUR;
int erc20_decimals(unsigned *out, struct jsonrpc *rpc, const uint8_t token[20], struct error *e) WUR;
int erc20_symbol(char *out, size_t out_size, struct jsonrpc *rpc, const uint8_t token[20], struct error *e) WUR;
int erc20_allowance(struct u256 *out, struct jsonrpc *rpc, const uint8_t token[20], const uint8_t owner[20],
		    const uint8_t spender[20], struct error *e) WUR;

#endif
