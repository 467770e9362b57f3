/* Merkle reward distributions: leaves, proofs and claim files.
 *
 * Two leaf encodings are in use:
 *  - OpenZeppelin's StandardMerkleTree (@openzeppelin/merkle-tree), used by
 *    WeatherXM's RewardPool: leaf = keccak256(keccak256(abi.encode(values)))
 *    with values [account, totalRewards] (address, uint256);
 *  - Uniswap's MerkleDistributor: leaf = keccak256(abi.encodePacked(uint256
 *    index, address account, uint256 amount)).
 * Both hash inner nodes as keccak256 of the two children in ascending order,
 * so one proof check serves both.
 *
 * Claim files are hostile input: every field is checked (hex lengths,
 * 32-byte proof items, amounts that fit 256 bits) and a proof is verified
 * against the root before anything is built from it. */
#ifndef DEPINCTL_MERKLE_H
#define DEPINCTL_MERKLE_H

#include <stddef.h>
#include <stdint.h>
#include "error.h"
#include <cjson/cJSON.h>
#include "u256.h"

#define MERKLE_MAX_PROOF 64

/* keccak256(min(a, b) || max(a, b)) */
void merkle_hash_pair(uint8_t out[32], const uint8_t a[32], const uint8_t b[32]);
/* keccak256(keccak256(encoded)): a StandardMerkleTree leaf of abi.encode(...) */
void merkle_oz_leaf(uint8_t out[32], const uint8_t *encoded, size_t len);
/* The StandardMerkleTree leaf of [address account, uint256 amount]. */
void merkle_oz_leaf_account(uint8_t out[32], const uint8_t account[20], const struct u256 *amount);
/* Uniswap's keccak256(abi.encodePacked(index, account, amount)). */
void merkle_uni_leaf(uint8_t out[32], const struct u256 *index, const uint8_t account[20], const struct u256 *amount);
/* The root a proof leads to from leaf. */
void merkle_proof_root(uint8_t out[32], const uint8_t leaf[32], const uint8_t (*proof)[32], size_t n);
/* 1 when the proof leads from leaf to root, else 0. */
int merkle_verify(const uint8_t root[32], const uint8_t leaf[32], const uint8_t (*proof)[32], size_t n);

/* One account's entry of a claim file. */
struct merkle_claim {
	struct u256 index;            /* Uniswap: the leaf's index (isClaimed); OZ: 0 */
	uint8_t account[20];
	struct u256 amount;           /* Uniswap: the amount; OZ / WeatherXM: the cumulative total */
	uint8_t (*proof)[32];         /* malloc'd */
	size_t nproof;
	uint8_t leaf[32];             /* computed from the fields above */
};

void merkle_claim_release(struct merkle_claim *c);

/* A claim file. */
struct merkle_file {
	int has_root;
	uint8_t root[32];             /* the file's own root (merkleRoot / the tree's top) */
	struct merkle_claim *claims;
	size_t n;
	int oz;                       /* 1: StandardMerkleTree leaves, 0: Uniswap leaves */
};

/* Parses a claim file, of either shape (told apart by its members):
 *  - Uniswap's: {"merkleRoot": "0x..", "tokenTotal": ..., "claims": {"0xAccount":
 *    {"index": N, "amount": "0x.." | "123", "proof": ["0x..", ...]}, ...}}
 *  - an OpenZeppelin StandardMerkleTree dump (tree.dump()): {"format":
 *    "standard-v1", "leafEncoding": ["address", "uint256"], "tree": [...],
 *    "values": [{"value": ["0x..", "123"], "treeIndex": K}, ...]}: the proofs
 *    are taken from the tree, as the library's getProof does.
 * Every entry's leaf is computed; with Uniswap files its proof is not
 * checked here (merkle_verify against the contract's root is the caller's
 * job). ERR_USAGE naming the entry when anything is malformed. */
int merkle_file_parse(struct merkle_file *f, const char *text, size_t len, struct error *e) WUR;
/* The entry of account, or NULL. */
const struct merkle_claim *merkle_file_find(const struct merkle_file *f, const uint8_t account[20]);
void merkle_file_release(struct merkle_file *f);

/* A 32-byte hash from "0x" + 64 hex digits. ERR_USAGE naming what. */
int merkle_read_hash(uint8_t out[32], const char *s, const char *what, struct error *e) WUR;
/* A proof from a JSON array of such strings; *out malloc'd. */

int merkle_read_proof(uint8_t (**out)[32], size_t *n, const struct cJSON *arr, const char *what, struct error *e) WUR;
/* An amount: a JSON string of decimal or 0x-hex digits, or a whole JSON
 * number below 2^53. */
int merkle_read_amount(struct u256 *out, const struct cJSON *v, const char *what, struct error *e) WUR;


/* ---- helpers of the EVM claim and stake adapters (weatherxm, dimo, merkle) ---- */

struct conf;
struct journal;
struct net_adapter;
struct evm_sender;

/* The adapter's setting: the config's [NAME] key, else its default. */
const char *merkle_setting(const struct conf *conf, const struct net_adapter *a, const char *key);
/* A sender on the adapter's chain: the "network" setting names the chain
 * preset (default: the adapter's chain), the "rpc" setting (space or comma
 * separated) replaces the preset's endpoints; the preset's chain id is
 * checked. *network points into conf or the adapter. */
int merkle_sender_open(struct evm_sender **out, const char **network, const struct conf *conf,
		       const struct net_adapter *a, struct journal *j, int insecure, struct error *e) WUR;
/* eth_call of signature (cast's syntax, "roots(uint256)") with text
 * arguments; the first 32-byte word of the reply in out. ERR_NET when the
 * reply is shorter. */
int merkle_call_word(uint8_t out[32], struct evm_sender *s, const uint8_t to[20], const char *signature,
		     const char *const *argv, size_t argc, struct error *e) WUR;
/* The token's decimals() and symbol() (defaults 18 and def when the
 * contract does not answer them). */
void merkle_token_info(unsigned *decimals, char *symbol, size_t symbol_size, struct evm_sender *s,
		       const uint8_t token[20], const char *def);

extern const struct net_adapter merkle_adapter;

#endif
