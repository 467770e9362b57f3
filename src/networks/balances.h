/* On-chain balances of the operator's wallets, as a task on the engine:
 * balances_source is an adapter outside the registry (like prices_source)
 * whose metrics step fills net_result.balances. For every Solana owner
 * (net_owners: the keystore's addresses or the [balances] wallets setting)
 * getBalance and getTokenAccountsByOwner (jsonParsed, Token and Token-2022)
 * on the solana preset's RPC; for every EVM owner eth_getBalance and
 * balanceOf (eth_call) of the ERC-20 tokens chains/evm/tokens.h knows on
 * each chain preset of the chains setting ("ethereum arbitrum polygon base").
 * Amounts are exact; a failing chain or a malformed reply fails the task. */
#ifndef DEPINCTL_NET_BALANCES_H
#define DEPINCTL_NET_BALANCES_H

#include <cjson/cJSON.h>
#include "error.h"
#include "networks/network.h"

extern const struct net_adapter balances_source;

/* A getBalance result ({"context":..,"value":N}) in lamports (as the
 * engine parses it: integers past 2^53 are strings of their digits). */
int balances_parse_lamports(uint64_t *out, const cJSON *result, struct error *e) WUR;
/* A jsonParsed getTokenAccountsByOwner result into r's balances of owner
 * (accounts of one mint summed, empty accounts left out). */
int balances_parse_tokens(struct net_result *r, const char *owner, const cJSON *result, struct error *e) WUR;

#endif
