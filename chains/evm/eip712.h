/* EIP-712 typed structured data hashing, with the semantics of
 * eth_signTypedData_v4: arrays (T[] and T[N], of structs and nested),
 * nested structs, every atomic type (uint8..uint256, int8..int256, bool,
 * address, bytes1..bytes32, bytes, string; "uint" and "int" are taken as
 * 256 bits and kept as written in the type string, as cast and ethers do).
 *
 * Input is the JSON document eth_signTypedData_v4 takes:
 *   {"types": {"EIP712Domain": [{"name": ..., "type": ...}, ...], ...},
 *    "primaryType": "...", "domain": {...}, "message": {...}}
 *
 * Integers may be JSON numbers (safe integers only, |n| < 2^53), decimal
 * strings or 0x-hex strings, optionally negative; bytes, bytesN and address
 * values are 0x-prefixed hex strings (bytesN exactly N bytes). Every declared
 * field must be present, and a field that is not declared is refused (what
 * is shown is what is signed). When types has no EIP712Domain, the domain
 * type is derived from the domain's keys in the standard order (name,
 * version, chainId, verifyingContract, salt), as ethers and alloy do.
 *
 * Every failure is ERR_USAGE with a message naming the path
 * ("message.from.wallet: ..."); recursive type definitions, more than
 * EIP712_MAX_DEPTH levels of nesting and more than EIP712_MAX_TYPES types
 * are refused. */
#ifndef DEPINCTL_EIP712_H
#define DEPINCTL_EIP712_H

#include <stddef.h>
#include <stdint.h>
#include "error.h"

#define EIP712_MAX_TYPES 256
#define EIP712_MAX_FIELDS 256
#define EIP712_MAX_DEPTH 32

/* keccak256(0x19 0x01 || domainSeparator || hashStruct(message)); when
 * primaryType is EIP712Domain the struct hash is left out. */
int eip712_hash(uint8_t digest[32], const char *typed_data_json, struct error *e) WUR;

/* The same, also returning the parts; domain_separator and struct_hash may
 * be NULL. */
int eip712_hash_parts(uint8_t digest[32], uint8_t domain_separator[32], uint8_t struct_hash[32],
		      const char *typed_data_json, struct error *e) WUR;

/* hashStruct(EIP712Domain, domain) */
int eip712_domain_separator(uint8_t out[32], const char *typed_data_json, struct error *e) WUR;
/* hashStruct(primaryType, message) */
int eip712_struct_hash(uint8_t out[32], const char *typed_data_json, struct error *e) WUR;

/* encodeType(type_name), e.g. "Mail(Person from,Person to,string contents)
 * Person(string name,address wallet)"; ERR_USAGE if out_size is too small. */
int eip712_encode_type(char *out, size_t out_size, const char *typed_data_json, const char *type_name,
		       struct error *e) WUR;

#endif
