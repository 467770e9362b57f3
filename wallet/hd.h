/* Hierarchical deterministic keys: SLIP-10 for ed25519 (Solana) and BIP32
 * for secp256k1 (EVM), path parsing, xprv / xpub serialization. */
#ifndef DEPINCTL_HD_H
#define DEPINCTL_HD_H

#include <stddef.h>
#include <stdint.h>
#include "error.h"

#define HD_HARDENED 0x80000000u
/* BIP32 keeps the depth in one byte. */
#define HD_DEPTH_MAX 255
/* Base58Check of 78 bytes is at most 111 characters. */
#define HD_XKEY_MAX 112

struct hd_node {
	uint8_t key[32];   /* the private key (ed25519: the secret seed) */
	uint8_t chain[32]; /* chain code */
	uint8_t depth;
	uint32_t child;              /* index of this node in its parent, HD_HARDENED set if hardened */
	uint32_t parent_fingerprint; /* first 4 bytes of HASH160(parent pubkey), big-endian; 0 at the root */
};

/* Parses "m", "m/44'/501'/0'/0'", "m/44h/60h/0h/0/3": components are decimal
 * numbers below 2^31, a trailing ' or h (or H) marks a hardened one. At most
 * out_max components (and HD_DEPTH_MAX); *depth gets the count. ERR_USAGE on
 * anything else (no "m", empty component, sign, overflow, trailing junk). */
int hd_path_parse(uint32_t *out, size_t out_max, size_t *depth, const char *path) WUR;

/* SLIP-10 for ed25519 from a seed of 16..64 bytes: every level must be
 * hardened, else ERR_USAGE. out->key is the ed25519 secret seed (its public
 * key: crypto_sign_seed_keypair or hd_ed25519_pubkey). */
int hd_slip10_ed25519(struct hd_node *out, const uint8_t *seed, size_t seed_len,
		      const uint32_t *path, size_t depth) WUR;
/* BIP32 private derivation for secp256k1, hardened and normal levels, from a
 * seed of 16..64 bytes. Where BIP32 calls a key invalid (IL >= n or a zero
 * key, probability below 2^-127) it would skip to the next index; this
 * function returns ERR_FAIL instead, so a path always means one key. */
int hd_bip32_secp256k1(struct hd_node *out, const uint8_t *seed, size_t seed_len,
		       const uint32_t *path, size_t depth) WUR;

/* The compressed secp256k1 public key of a BIP32 node. */
int hd_secp256k1_pubkey(uint8_t out[33], const struct hd_node *node) WUR;
/* The ed25519 public key of a SLIP-10 node (SLIP-10 writes it with a 00
 * prefix: that byte is not included here). */
void hd_ed25519_pubkey(uint8_t out[32], const struct hd_node *node);

/* Base58Check extended keys (BIP32 serialization, mainnet versions): xprv
 * 0x0488ADE4, xpub 0x0488B21E, secp256k1 nodes. out_size >= HD_XKEY_MAX. */
int hd_xprv(char *out, size_t out_size, const struct hd_node *node) WUR;
int hd_xpub(char *out, size_t out_size, const struct hd_node *node) WUR;

/* The Solana account key at m/44'/501'/account'/0' (Phantom, solana-keygen):
 * the 32-byte ed25519 secret seed. account < 2^31. */
int hd_solana_account(uint8_t seed32[32], const uint8_t bip39_seed[64], uint32_t account) WUR;
/* The EVM account key at m/44'/60'/0'/0/account (MetaMask, cast). */
int hd_evm_account(uint8_t seckey[32], const uint8_t bip39_seed[64], uint32_t account) WUR;

/* HASH160 = RIPEMD-160(SHA-256(in)), as BIP32 fingerprints use. */
void hd_hash160(uint8_t out[20], const uint8_t *in, size_t len);
/* RIPEMD-160: OpenSSL's when its providers offer it, else a built-in one. */
void hd_ripemd160(uint8_t out[20], const uint8_t *in, size_t len);
/* The built-in RIPEMD-160 alone (exposed so it can be tested). */
void hd_ripemd160_builtin(uint8_t out[20], const uint8_t *in, size_t len);

#endif
