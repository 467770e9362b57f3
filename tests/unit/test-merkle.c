/* Merkle leaves, proofs and claim files against @openzeppelin/merkle-tree's
 * output (tests/fixtures/weatherxm/make-trees.js wrote the fixtures: its
 * StandardMerkleTree dumps, its proofs, a Uniswap claim file whose tree is
 * its SimpleMerkleTree), and hostile claim files. */
#include "config.h"
#include "tap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hex.h"
#include "networks/merkle.h"
#include "wallet/address.h"

static char *slurp(const char *name, size_t *len)
{
	char path[1024];
	const char *srcdir = getenv("srcdir");
	snprintf(path, sizeof path, "%s/tests/fixtures/weatherxm/%s", srcdir ? srcdir : ".", name);
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	char *buf = malloc(1 << 20);
	size_t n = buf ? fread(buf, 1, (1 << 20) - 1, f) : 0;
	fclose(f);
	if (buf)
		buf[n] = '\0';
	*len = n;
	return buf;
}

/* roots.txt: "NAME 0xROOT" lines */
static int root_of(uint8_t out[32], const char *name)
{
	size_t len;
	char *t = slurp("roots.txt", &len);
	int rc = -1;
	for (char *line = t ? strtok(t, "\n") : NULL; line; line = strtok(NULL, "\n")) {
		char *sp = strchr(line, ' ');
		struct error e = {0};
		if (sp && (size_t)(sp - line) == strlen(name) && !strncmp(line, name, strlen(name)))
			rc = merkle_read_hash(out, sp + 1, name, &e);
	}
	free(t);
	return rc;
}

static void addr(uint8_t out[20], const char *s)
{
	struct error e = {0};
	if (address_evm_parse(out, s, &e))
		memset(out, 0, 20);
}

static int parse_text(struct merkle_file *f, const char *text, struct error *e)
{
	return merkle_file_parse(f, text, strlen(text), e);
}

int main(void)
{
	struct merkle_file f;
	struct error e = {0, ""};
	uint8_t root[32], a0[20], a1[20], a4[20], nobody[20];
	size_t len;
	addr(a0, "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266");
	addr(a1, "0x70997970C51812dc3A010C7d01b50e0d17dc79C8");
	addr(a4, "0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65");
	addr(nobody, "0x000000000000000000000000000000000000dEaD");

	/* the pair hash is commutative */
	uint8_t x[32], y[32], h1[32], h2[32];
	memset(x, 1, 32);
	memset(y, 2, 32);
	merkle_hash_pair(h1, x, y);
	merkle_hash_pair(h2, y, x);
	ok(!memcmp(h1, h2, 32), "the pair hash sorts its inputs");

	/* StandardMerkleTree dumps: the root, every value's proof */
	for (int c = 0; c < 2; c++) {
		char name[32], rn[8];
		snprintf(name, sizeof name, "tree-c%d.json", c);
		snprintf(rn, sizeof rn, "c%d", c);
		char *t = slurp(name, &len);
		ok(t != NULL, "%s is there", name);
		if (!t)
			continue;
		is_int(merkle_file_parse(&f, t, len, &e), 0, "%s parses (%s)", name, e.msg);
		ok(root_of(root, rn) == 0 && f.has_root && !memcmp(f.root, root, 32), "%s: the root is the library's", name);
		is_int(f.n, c ? 5 : 4, "%s: every value", name);
		ok(f.oz, "%s: standard leaves", name);
		int good = 0;
		for (size_t i = 0; i < f.n; i++)
			good += merkle_verify(root, f.claims[i].leaf, (const uint8_t(*)[32])f.claims[i].proof, f.claims[i].nproof);
		is_int(good, (long long)f.n, "%s: every proof leads to the library's root", name);
		const struct merkle_claim *m = merkle_file_find(&f, a0);
		char dec[80] = "";
		ok(m && u256_format_dec(dec, sizeof dec, &m->amount) == 0, "%s: account 0 found", name);
		is_str(dec, c ? "150000000000000000005" : "100000000000000000000", "%s: its cumulative total", name);
		ok(!merkle_file_find(&f, nobody), "%s: an account not in it is not found", name);
		/* a proof for another amount fails */
		if (m) {
			uint8_t leaf[32];
			struct u256 more;
			if (u256_add_u64(&more, &m->amount, 1) == 0) {
				merkle_oz_leaf_account(leaf, a0, &more);
				ok(!merkle_verify(root, leaf, (const uint8_t(*)[32])m->proof, m->nproof),
				   "%s: a larger amount with the same proof fails", name);
			}
			ok(m->nproof == 0 || !merkle_verify(root, m->leaf, (const uint8_t(*)[32])m->proof, m->nproof - 1),
			   "%s: a shortened proof fails", name);
		}
		merkle_file_release(&f);
		/* a tampered tree (one inner node changed) is refused */
		char *p = strstr(t, "\"tree\"");
		p = p ? strstr(p, "0x") : NULL;
		if (p) {
			p[5] = p[5] == 'a' ? 'b' : 'a';
			ok(merkle_file_parse(&f, t, len, &e) == ERR_USAGE, "%s: a tampered root is refused: %s", name, e.msg);
		}
		free(t);
	}

	/* WeatherXM's withdraw reply: the proof of account 4 in cycle 1 */
	char *w = slurp("withdraw-0x15d34aaf54267db7d7c367839aaf71a00a2c6a65.json", &len);
	cJSON *doc = w ? cJSON_Parse(w) : NULL;
	uint8_t(*proof)[32] = NULL;
	size_t np = 0;
	struct u256 total;
	uint8_t leaf[32];
	ok(doc && merkle_read_proof(&proof, &np, cJSON_GetObjectItem(doc, "proof"), "withdraw", &e) == 0 &&
	   merkle_read_amount(&total, cJSON_GetObjectItem(doc, "cumulative_amount"), "cumulative_amount", &e) == 0,
	   "a withdraw reply's proof and total read");
	merkle_oz_leaf_account(leaf, a4, &total);
	ok(root_of(root, "c1") == 0 && merkle_verify(root, leaf, (const uint8_t(*)[32])proof, np),
	   "the API's proof verifies against cycle 1's root");
	ok(root_of(root, "c0") == 0 && !merkle_verify(root, leaf, (const uint8_t(*)[32])proof, np),
	   "and not against cycle 0's (the wrong cycle)");
	merkle_oz_leaf_account(leaf, a1, &total);
	ok(root_of(root, "c1") == 0 && !merkle_verify(root, leaf, (const uint8_t(*)[32])proof, np),
	   "nor for another account");
	free(proof);
	cJSON_Delete(doc);
	free(w);

	/* Uniswap claim file */
	char *u = slurp("uniswap.json", &len);
	is_int(u ? merkle_file_parse(&f, u, len, &e) : -1, 0, "uniswap.json parses (%s)", e.msg);
	ok(root_of(root, "uni") == 0 && f.has_root && !memcmp(f.root, root, 32), "its merkleRoot is the library's");
	is_int(f.n, 4, "four claims");
	int good = 0;
	for (size_t i = 0; i < f.n; i++)
		good += merkle_verify(root, f.claims[i].leaf, (const uint8_t(*)[32])f.claims[i].proof, f.claims[i].nproof);
	is_int(good, 4, "every Uniswap leaf (encodePacked) verifies with the library's proofs");
	const struct merkle_claim *m = merkle_file_find(&f, a1);
	uint64_t idx = 99;
	ok(m && u256_to_u64(&idx, &m->index) == 0 && idx == 1, "account 1 has index 1");
	merkle_file_release(&f);
	free(u);

	/* hostile files: each refused with a specific message, no crash */
	static const struct {
		const char *text, *want;
	} bad[] = {
		{"", "not a JSON object"},
		{"[1,2]", "not a JSON object"},
		{"{\"merkleRoot\": \"0x12\", \"claims\": {}}", "merkleRoot is not a 32-byte hash"},
		{"{\"claims\": 5}", "no \"claims\" object"},
		{"{\"claims\": {\"0xnot\": {\"index\": 0, \"amount\": \"1\", \"proof\": []}}}", "is not an address"},
		{"{\"claims\": {\"0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266\": {\"index\": -1, \"amount\": \"1\", \"proof\": []}}}",
		 "index is not an amount"},
		{"{\"claims\": {\"0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266\": {\"index\": 0, \"amount\": \"1e18\", \"proof\": []}}}",
		 "amount is not an amount"},
		{"{\"claims\": {\"0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266\": {\"index\": 0, \"amount\": "
		 "\"0x10000000000000000000000000000000000000000000000000000000000000000\", \"proof\": []}}}",
		 "amount is not an amount"},
		{"{\"claims\": {\"0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266\": {\"index\": 0, \"amount\": \"1\", \"proof\": [\"0x1234\"]}}}",
		 "proof item 1 is not a 32-byte hash"},
		{"{\"claims\": {\"0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266\": {\"index\": 0, \"amount\": \"1\", \"proof\": {}}}}",
		 "the proof is not a list"},
		{"{\"format\": \"standard-v2\"}", "not \"standard-v1\""},
		{"{\"format\": \"standard-v1\", \"leafEncoding\": [\"address\", \"uint128\"]}", "leafEncoding"},
		{"{\"format\": \"standard-v1\", \"leafEncoding\": [\"address\", \"uint256\"], \"tree\": []}", "no nodes"},
		{"{\"format\": \"standard-v1\", \"leafEncoding\": [\"address\", \"uint256\"], \"tree\": "
		 "[\"0x0000000000000000000000000000000000000000000000000000000000000000\"], \"values\": "
		 "[{\"value\": [\"0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266\", \"1\"], \"treeIndex\": 5}]}",
		 "treeIndex in the tree"},
		{"{\"format\": \"standard-v1\", \"leafEncoding\": [\"address\", \"uint256\"], \"tree\": "
		 "[\"0x0000000000000000000000000000000000000000000000000000000000000000\"], \"values\": "
		 "[{\"value\": [\"0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266\", \"1\"], \"treeIndex\": 0}]}",
		 "its leaf is not the tree's node 0"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		memset(&e, 0, sizeof e);
		int rc = parse_text(&f, bad[i].text, &e);
		ok(rc == ERR_USAGE && strstr(e.msg, bad[i].want), "hostile file %zu refused: %s", i + 1, e.msg);
		if (!rc)
			merkle_file_release(&f);
	}
	return tap_done();
}
