/* Merkle reward distributions: see merkle.h. */
#include "config.h"
#include "networks/merkle.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cjson/cJSON.h>

#include "hex.h"
#include "keccak.h"
#include "wallet/address.h"

void merkle_hash_pair(uint8_t out[32], const uint8_t a[32], const uint8_t b[32])
{
	uint8_t buf[64];
	int lo = memcmp(a, b, 32) <= 0;
	memcpy(buf, lo ? a : b, 32);
	memcpy(buf + 32, lo ? b : a, 32);
	keccak256(out, buf, 64);
}

void merkle_oz_leaf(uint8_t out[32], const uint8_t *encoded, size_t len)
{
	uint8_t h[32];
	keccak256(h, encoded, len);
	keccak256(out, h, 32);
}

void merkle_oz_leaf_account(uint8_t out[32], const uint8_t account[20], const struct u256 *amount)
{
	uint8_t enc[64] = {0};
	memcpy(enc + 12, account, 20);
	u256_to_be(enc + 32, amount);
	merkle_oz_leaf(out, enc, sizeof enc);
}

void merkle_uni_leaf(uint8_t out[32], const struct u256 *index, const uint8_t account[20], const struct u256 *amount)
{
	uint8_t enc[84];
	u256_to_be(enc, index);
	memcpy(enc + 32, account, 20);
	u256_to_be(enc + 52, amount);
	keccak256(out, enc, sizeof enc);
}

void merkle_proof_root(uint8_t out[32], const uint8_t leaf[32], const uint8_t (*proof)[32], size_t n)
{
	uint8_t node[32];
	memcpy(node, leaf, 32);
	for (size_t i = 0; i < n; i++)
		merkle_hash_pair(node, node, proof[i]);
	memcpy(out, node, 32);
}

int merkle_verify(const uint8_t root[32], const uint8_t leaf[32], const uint8_t (*proof)[32], size_t n)
{
	uint8_t got[32];
	merkle_proof_root(got, leaf, proof, n);
	return memcmp(got, root, 32) == 0;
}

void merkle_claim_release(struct merkle_claim *c)
{
	free(c->proof);
	memset(c, 0, sizeof *c);
}

void merkle_file_release(struct merkle_file *f)
{
	for (size_t i = 0; i < f->n; i++)
		merkle_claim_release(&f->claims[i]);
	free(f->claims);
	memset(f, 0, sizeof *f);
}

int merkle_read_hash(uint8_t out[32], const char *s, const char *what, struct error *e)
{
	if (!s || s[0] != '0' || (s[1] != 'x' && s[1] != 'X') || strlen(s) != 66 || hex_decode_exact(out, 32, s + 2))
		return error_set(e, ERR_USAGE, "%s is not a 32-byte hash (0x and 64 hex digits)", what);
	return 0;
}

int merkle_read_proof(uint8_t (**out)[32], size_t *n, const cJSON *arr, const char *what, struct error *e)
{
	*out = NULL;
	*n = 0;
	if (!cJSON_IsArray(arr))
		return error_set(e, ERR_USAGE, "%s: the proof is not a list", what);
	int m = cJSON_GetArraySize(arr);
	if (m > MERKLE_MAX_PROOF)
		return error_set(e, ERR_USAGE, "%s: the proof has %d items (at most %d)", what, m, MERKLE_MAX_PROOF);
	uint8_t(*p)[32] = malloc((size_t)(m ? m : 1) * 32);
	if (!p)
		return error_set(e, ERR_FAIL, "out of memory");
	int i = 0;
	const cJSON *it;
	cJSON_ArrayForEach(it, arr) {
		char w[200];
		snprintf(w, sizeof w, "%s: proof item %d", what, i + 1);
		if (!cJSON_IsString(it) || merkle_read_hash(p[i], it->valuestring, w, e)) {
			free(p);
			return error_set(e, ERR_USAGE, "%s is not a 32-byte hash (0x and 64 hex digits)", w);
		}
		i++;
	}
	*out = p;
	*n = (size_t)m;
	return 0;
}

int merkle_read_amount(struct u256 *out, const cJSON *v, const char *what, struct error *e)
{
	struct error ignore;
	if (cJSON_IsString(v) && v->valuestring[0] && v->valuestring[0] != '-' && v->valuestring[0] != '+' &&
	    u256_parse(out, v->valuestring, &ignore) == 0)
		return 0;
	if (cJSON_IsNumber(v) && v->valuedouble >= 0 && v->valuedouble < 9007199254740992.0 &&
	    v->valuedouble == (double)(uint64_t)v->valuedouble) {
		u256_from_u64(out, (uint64_t)v->valuedouble);
		return 0;
	}
	return error_set(e, ERR_USAGE, "%s is not an amount (decimal or 0x-hex digits)", what);
}

static int read_address(uint8_t out[20], const char *s, const char *what, struct error *e)
{
	struct error ignore;
	if (!s || address_evm_parse(out, s, &ignore))
		return error_set(e, ERR_USAGE, "%s: '%.60s' is not an address", what, s ? s : "");
	return 0;
}

static int add_claim(struct merkle_file *f, struct merkle_claim **out, struct error *e)
{
	struct merkle_claim *v = realloc(f->claims, (f->n + 1) * sizeof *v);
	if (!v)
		return error_set(e, ERR_FAIL, "out of memory");
	f->claims = v;
	*out = &v[f->n++];
	memset(*out, 0, sizeof **out);
	return 0;
}

static int parse_uniswap(struct merkle_file *f, const cJSON *doc, struct error *e)
{
	const cJSON *root = cJSON_GetObjectItemCaseSensitive(doc, "merkleRoot");
	const cJSON *claims = cJSON_GetObjectItemCaseSensitive(doc, "claims");
	int rc;
	if (root) {
		if (!cJSON_IsString(root) || (rc = merkle_read_hash(f->root, root->valuestring, "merkleRoot", e)))
			return error_set(e, ERR_USAGE, "merkleRoot is not a 32-byte hash (0x and 64 hex digits)");
		f->has_root = 1;
	}
	if (!cJSON_IsObject(claims))
		return error_set(e, ERR_USAGE, "the claim file has no \"claims\" object");
	const cJSON *c;
	cJSON_ArrayForEach(c, claims) {
		char w[160];
		struct merkle_claim *m;
		snprintf(w, sizeof w, "claim of %.60s", c->string ? c->string : "?");
		if (!cJSON_IsObject(c))
			return error_set(e, ERR_USAGE, "%s is not an object", w);
		if ((rc = add_claim(f, &m, e)) || (rc = read_address(m->account, c->string, w, e)))
			return rc;
		char wi[200], wa[200];
		snprintf(wi, sizeof wi, "%s: index", w);
		snprintf(wa, sizeof wa, "%s: amount", w);
		if ((rc = merkle_read_amount(&m->index, cJSON_GetObjectItemCaseSensitive(c, "index"), wi, e)) ||
		    (rc = merkle_read_amount(&m->amount, cJSON_GetObjectItemCaseSensitive(c, "amount"), wa, e)) ||
		    (rc = merkle_read_proof(&m->proof, &m->nproof, cJSON_GetObjectItemCaseSensitive(c, "proof"), w, e)))
			return rc;
		merkle_uni_leaf(m->leaf, &m->index, m->account, &m->amount);
	}
	return 0;
}

static int parse_oz(struct merkle_file *f, const cJSON *doc, struct error *e)
{
	const cJSON *fmt = cJSON_GetObjectItemCaseSensitive(doc, "format");
	const cJSON *enc = cJSON_GetObjectItemCaseSensitive(doc, "leafEncoding");
	const cJSON *tree = cJSON_GetObjectItemCaseSensitive(doc, "tree");
	const cJSON *values = cJSON_GetObjectItemCaseSensitive(doc, "values");
	int rc;
	f->oz = 1;
	if (!cJSON_IsString(fmt) || strcmp(fmt->valuestring, "standard-v1"))
		return error_set(e, ERR_USAGE, "the tree's format is not \"standard-v1\"");
	if (!cJSON_IsArray(enc) || cJSON_GetArraySize(enc) != 2 || !cJSON_IsString(cJSON_GetArrayItem(enc, 0)) ||
	    !cJSON_IsString(cJSON_GetArrayItem(enc, 1)) || strcmp(cJSON_GetArrayItem(enc, 0)->valuestring, "address") ||
	    strcmp(cJSON_GetArrayItem(enc, 1)->valuestring, "uint256"))
		return error_set(e, ERR_USAGE, "the tree's leafEncoding is not [\"address\", \"uint256\"]");
	int nt = cJSON_GetArraySize(tree);
	if (!cJSON_IsArray(tree) || nt < 1 || nt > (1 << 24))
		return error_set(e, ERR_USAGE, "the tree has no nodes");
	uint8_t(*nodes)[32] = malloc((size_t)nt * 32);
	if (!nodes)
		return error_set(e, ERR_FAIL, "out of memory");
	for (int i = 0; i < nt; i++) {
		char w[64];
		snprintf(w, sizeof w, "tree node %d", i);
		const cJSON *it = cJSON_GetArrayItem(tree, i);
		if (!cJSON_IsString(it) || (rc = merkle_read_hash(nodes[i], it->valuestring, w, e))) {
			free(nodes);
			return error_set(e, ERR_USAGE, "%s is not a 32-byte hash", w);
		}
	}
	/* every inner node must be the hash of its children */
	for (int i = 0; 2 * i + 2 < nt; i++) {
		uint8_t h[32];
		merkle_hash_pair(h, nodes[2 * i + 1], nodes[2 * i + 2]);
		if (memcmp(h, nodes[i], 32)) {
			free(nodes);
			return error_set(e, ERR_USAGE, "the tree is inconsistent at node %d", i);
		}
	}
	memcpy(f->root, nodes[0], 32);
	f->has_root = 1;
	if (!cJSON_IsArray(values)) {
		free(nodes);
		return error_set(e, ERR_USAGE, "the tree has no \"values\" list");
	}
	const cJSON *v;
	int k = 0;
	rc = 0;
	cJSON_ArrayForEach(v, values) {
		char w[64];
		struct merkle_claim *m;
		snprintf(w, sizeof w, "value %d", k++);
		const cJSON *val = cJSON_GetObjectItemCaseSensitive(v, "value");
		const cJSON *ti = cJSON_GetObjectItemCaseSensitive(v, "treeIndex");
		if (!cJSON_IsArray(val) || cJSON_GetArraySize(val) != 2 || !cJSON_IsNumber(ti) || ti->valuedouble < 0 ||
		    ti->valuedouble >= nt || ti->valuedouble != (double)(int)ti->valuedouble) {
			rc = error_set(e, ERR_USAGE, "%s is not [address, amount] with a treeIndex in the tree", w);
			break;
		}
		const cJSON *a = cJSON_GetArrayItem(val, 0);
		if ((rc = add_claim(f, &m, e)) || (rc = read_address(m->account, cJSON_IsString(a) ? a->valuestring : NULL, w, e)) ||
		    (rc = merkle_read_amount(&m->amount, cJSON_GetArrayItem(val, 1), w, e)))
			break;
		merkle_oz_leaf_account(m->leaf, m->account, &m->amount);
		int idx = (int)ti->valuedouble;
		if (memcmp(m->leaf, nodes[idx], 32)) {
			rc = error_set(e, ERR_USAGE, "%s: its leaf is not the tree's node %d", w, idx);
			break;
		}
		size_t depth = 0;
		for (int i = idx; i > 0; i = (i - 1) / 2)
			depth++;
		if (depth > MERKLE_MAX_PROOF || !(m->proof = malloc((depth ? depth : 1) * 32))) {
			rc = error_set(e, depth > MERKLE_MAX_PROOF ? ERR_USAGE : ERR_FAIL, "%s: no proof", w);
			break;
		}
		for (int i = idx; i > 0; i = (i - 1) / 2) {
			int sib = (i % 2) ? i + 1 : i - 1;
			if (sib >= nt) {
				rc = error_set(e, ERR_USAGE, "%s: the tree lacks node %d", w, sib);
				break;
			}
			memcpy(m->proof[m->nproof++], nodes[sib], 32);
		}
		if (rc)
			break;
	}
	free(nodes);
	return rc;
}

int merkle_file_parse(struct merkle_file *f, const char *text, size_t len, struct error *e)
{
	memset(f, 0, sizeof *f);
	cJSON *doc = cJSON_ParseWithLength(text, len);
	if (!cJSON_IsObject(doc)) {
		cJSON_Delete(doc);
		return error_set(e, ERR_USAGE, "the claim file is not a JSON object");
	}
	int rc = cJSON_GetObjectItemCaseSensitive(doc, "format") ? parse_oz(f, doc, e) : parse_uniswap(f, doc, e);
	cJSON_Delete(doc);
	if (rc)
		merkle_file_release(f);
	return rc;
}

const struct merkle_claim *merkle_file_find(const struct merkle_file *f, const uint8_t account[20])
{
	for (size_t i = 0; i < f->n; i++)
		if (memcmp(f->claims[i].account, account, 20) == 0)
			return &f->claims[i];
	return NULL;
}
