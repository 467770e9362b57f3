/* Account addresses: Solana (base58 of the ed25519 public key) and EVM
 * ("0x" + the last 20 bytes of Keccak-256 of the public key, EIP-55 case). */
#ifndef DEPINCTL_ADDRESS_H
#define DEPINCTL_ADDRESS_H

#include <stddef.h>
#include <stdint.h>
#include "error.h"

#define ADDRESS_SOLANA_MAX 45 /* 44 characters and a NUL */
#define ADDRESS_EVM_MAX 43    /* "0x", 40 digits, a NUL */

/* base58 of a 32-byte public key; out_size >= ADDRESS_SOLANA_MAX. */
int address_solana(char *out, size_t out_size, const uint8_t pubkey[32]) WUR;
/* Parses a Solana address: base58 that decodes to exactly 32 bytes. */
int address_solana_parse(uint8_t out[32], const char *s, struct error *e) WUR;

/* From the uncompressed public key X || Y (no 0x04 prefix); out_size >=
 * ADDRESS_EVM_MAX. */
int address_evm_from_pubkey(char *out, size_t out_size, const uint8_t pub64[64]) WUR;
/* From a secp256k1 secret key; ERR_USAGE if it is not a valid key. */
int address_evm_from_seckey(char *out, size_t out_size, const uint8_t seckey[32]) WUR;
/* "0x" + 40 hex digits in EIP-55 mixed case. */
int address_eip55(char *out, size_t out_size, const uint8_t addr[20]) WUR;
/* Parses "0x" + 40 hex digits. All lower or all upper case is accepted
 * as is; mixed case must match the EIP-55 checksum. */
int address_evm_parse(uint8_t out[20], const char *s, struct error *e) WUR;

#endif
