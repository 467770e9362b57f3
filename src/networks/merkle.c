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

/* ---- helpers of the EVM claim and stake adapters ------------------------------------------ */

#include "conf.h"
#include "journal.h"
#include "amount.h"
#include "chains/evm/abi.h"
#include "chains/evm/sender.h"
#include "chains/evm/tokens.h"
#include "networks/network.h"

const char *merkle_setting(const struct conf *conf, const struct net_adapter *a, const char *key)
{
	const char *v = conf ? conf_setting(conf, a->name, key) : NULL;
	if (v)
		return v;
	for (const struct net_setting *s = a->settings; s && s->key; s++)
		if (!strcmp(s->key, key))
			return s->def;
	return NULL;
}

int merkle_sender_open(struct evm_sender **out, const char **network, const struct conf *conf,
		       const struct net_adapter *a, struct journal *j, int insecure, struct error *e)
{
	const char *net = merkle_setting(conf, a, "network");
	if (!net || !*net)
		net = a->chain;
	*network = net;
	const struct conf_network *cn = conf ? conf_network(conf, net) : NULL;
	const char *urls[CONF_MAX_RPC];
	char buf[CONF_MAX_RPC][512];
	size_t n = 0;
	const char *own = merkle_setting(conf, a, "rpc");
	if (own && *own) {
		const char *p = own;
		while (*p && n < CONF_MAX_RPC) {
			p += strspn(p, ", \t");
			size_t len = strcspn(p, ", \t");
			if (!len)
				break;
			snprintf(buf[n], sizeof buf[n], "%.*s", (int)(len < 511 ? len : 511), p);
			urls[n] = buf[n];
			n++;
			p += len;
		}
	} else if (cn) {
		for (int i = 0; i < cn->nrpc && i < CONF_MAX_RPC; i++)
			urls[n++] = cn->rpc[i];
	}
	if (!cn && !n)
		return error_set(e, ERR_USAGE, "%s: unknown chain '%s' (set [%s] network = a chain preset)", a->name, net, a->name);
	if (!n)
		return error_set(e, ERR_USAGE, "%s: chain '%s' has no rpc URL (set [%s] rpc)", a->name, net, a->name);
	struct evm_sender_options o = {net, urls, n, cn ? cn->chain_id : 0, insecure, 0, 120, 1};
	return evm_sender_open(out, &o, j, e);
}

int merkle_call_word(uint8_t out[32], struct evm_sender *s, const uint8_t to[20], const char *signature,
		     const char *const *argv, size_t argc, struct error *e)
{
	uint8_t *data = NULL, *ret = NULL;
	size_t len = 0, rlen = 0;
	int rc = abi_encode_call_text(&data, &len, signature, argv, argc, e);
	if (!rc)
		rc = evm_sender_read(s, &ret, &rlen, NULL, to, data, len, e);
	if (!rc && rlen < 32)
		rc = error_set(e, ERR_NET, "%s: the contract answered %zu bytes, not a 32-byte word (is it the right contract?)",
			       signature, rlen);
	if (!rc)
		memcpy(out, ret, 32);
	else if (rc != ERR_NET && rc != ERR_FAIL)
		error_wrap(e, "%s", signature);
	free(data);
	free(ret);
	return rc;
}

void merkle_token_info(unsigned *decimals, char *symbol, size_t symbol_size, struct evm_sender *s,
		       const uint8_t token[20], const char *def)
{
	uint8_t data[ERC20_CALL_MAX], *ret = NULL;
	size_t rlen = 0;
	struct error ignore;
	*decimals = 18;
	snprintf(symbol, symbol_size, "%s", def);
	if (evm_sender_read(s, &ret, &rlen, NULL, token, data, erc20_decimals_data(data), &ignore) == 0 &&
	    erc20_read_decimals(decimals, ret, rlen, &ignore))
		*decimals = 18;
	free(ret);
	ret = NULL;
	char sym[32];
	if (evm_sender_read(s, &ret, &rlen, NULL, token, data, erc20_symbol_data(data), &ignore) == 0 &&
	    erc20_read_symbol(sym, 16, ret, rlen, &ignore) == 0 && sym[0])
		snprintf(symbol, symbol_size, "%s", sym);
	free(ret);
}

/* ---- the merkle adapter: Uniswap MerkleDistributor claims ---------------------------------- */

struct mclaim {
	struct evm_sender *s;
	struct evm_call call;
	int has_call;
};

static void fmt_hash(char out[67], const uint8_t h[32])
{
	out[0] = '0';
	out[1] = 'x';
	hex_encode(out + 2, 65, h, 32);
}

/* "[0x..,0x..]" for abi_encode_call_text; malloc'd */
static char *proof_text(const uint8_t (*proof)[32], size_t n)
{
	char *t = malloc(2 + n * 67 + 1);
	if (!t)
		return NULL;
	size_t l = 0;
	t[l++] = '[';
	for (size_t i = 0; i < n; i++) {
		if (i)
			t[l++] = ',';
		fmt_hash(t + l, proof[i]);
		l += 66;
	}
	t[l++] = ']';
	t[l] = '\0';
	return t;
}

static int read_file_text(char **out, size_t *len, const char *path, struct error *e)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return error_set(e, ERR_NOTFOUND, "cannot open claim file '%s'", path);
	size_t cap = 1 << 16, n = 0;
	char *buf = malloc(cap);
	while (buf) {
		size_t got = fread(buf + n, 1, cap - n - 1, f);
		n += got;
		if (n < cap - 1)
			break;
		if (cap >= (64u << 20)) {
			free(buf);
			fclose(f);
			return error_set(e, ERR_USAGE, "claim file '%s' is larger than 64 MiB", path);
		}
		char *nb = realloc(buf, cap * 2);
		if (!nb) {
			free(buf);
			buf = NULL;
			break;
		}
		buf = nb;
		cap *= 2;
	}
	fclose(f);
	if (!buf)
		return error_set(e, ERR_FAIL, "out of memory");
	buf[n] = '\0';
	*out = buf;
	*len = n;
	return 0;
}

static int m_prepare(struct net_claim *c, const struct net_claim_request *rq, struct error *e)
{
	const struct conf *conf = c->env->conf;
	const char *path = rq->ndevices ? rq->devices[0] : merkle_setting(conf, c->adapter, "claim-file");
	const char *contract = merkle_setting(conf, c->adapter, "contract");
	uint8_t dist[20], owner[20], root[32], word[32];
	int rc;
	if (rq->ndevices > 1)
		return error_set(e, ERR_USAGE, "merkle: name one claim file");
	if (!path || !*path)
		return error_set(e, ERR_USAGE, "merkle: name the claim file (depinctl claim --network merkle FILE) or set [merkle] claim-file");
	if (!contract || !*contract)
		return error_set(e, ERR_USAGE, "merkle: set [merkle] contract = the distributor's address");
	if (address_evm_parse(dist, contract, e))
		return error_set(e, ERR_USAGE, "merkle: contract '%s' is not an address", contract);
	if (address_evm_parse(owner, rq->owner, e))
		return rc = ERR_USAGE;
	if (rq->destination && *rq->destination) {
		uint8_t d[20];
		if (address_evm_parse(d, rq->destination, e) || memcmp(d, owner, 20))
			return error_set(e, ERR_USAGE, "merkle: a distributor pays the account in the claim file: --to cannot change it");
	}
	char *text = NULL;
	size_t len = 0;
	struct merkle_file f;
	if ((rc = read_file_text(&text, &len, path, e)))
		return rc;
	rc = merkle_file_parse(&f, text, len, e);
	free(text);
	if (rc)
		return error_wrap(e, "claim file '%s'", path), rc;
	if (f.oz) {
		merkle_file_release(&f);
		return error_set(e, ERR_USAGE, "claim file '%s' is a StandardMerkleTree dump, not a Uniswap claim file", path);
	}
	struct mclaim *m = calloc(1, sizeof *m);
	if (!m) {
		merkle_file_release(&f);
		return error_set(e, ERR_FAIL, "out of memory");
	}
	c->priv = m;
	evm_call_init(&m->call);
	const char *net;
	if ((rc = merkle_sender_open(&m->s, &net, conf, c->adapter, c->journal, c->env->insecure, e)))
		goto out;
	c->network = net;
	/* the contract's root and token */
	if ((rc = merkle_call_word(root, m->s, dist, "merkleRoot()", NULL, 0, e)) ||
	    (rc = merkle_call_word(word, m->s, dist, "token()", NULL, 0, e)))
		goto out;
	char rs[67], fs[67];
	fmt_hash(rs, root);
	if (f.has_root && memcmp(f.root, root, 32)) {
		fmt_hash(fs, f.root);
		rc = error_set(e, ERR_REFUSED, "claim file '%s' is for root %s, but the distributor %s holds %s: refusing it", path, fs,
			       contract, rs);
		goto out;
	}
	unsigned decimals;
	char symbol[32];
	merkle_token_info(&decimals, symbol, sizeof symbol, m->s, word + 12, "TOKEN");
	if (!(c->lines = calloc(1, sizeof *c->lines))) {
		rc = error_set(e, ERR_FAIL, "out of memory");
		goto out;
	}
	c->nlines = 1;
	struct net_claim_line *l = &c->lines[0];
	snprintf(l->device, sizeof l->device, "%s", rq->owner);
	snprintf(l->name, sizeof l->name, "distributor %.10s...", contract);
	const struct merkle_claim *mc = merkle_file_find(&f, owner);
	if (!mc) {
		l->skip = 1;
		snprintf(l->note, sizeof l->note, "%s is not in the claim file", rq->owner);
		goto out;
	}
	if (net_money_set(&l->amount[0], symbol, decimals, &mc->amount)) {
		rc = error_set(e, ERR_USAGE, "merkle: token decimals %u", decimals);
		goto out;
	}
	l->namount = 1;
	/* the proof, checked here against the contract's root before anything is built */
	if (!merkle_verify(root, mc->leaf, (const uint8_t(*)[32])mc->proof, mc->nproof)) {
		rc = error_set(e, ERR_REFUSED,
			       "the claim file's proof for %s does not verify against the distributor's merkleRoot %s: refusing to send",
			       rq->owner, rs);
		goto out;
	}
	char idx[80], amt[80];
	if (u256_format_dec(idx, sizeof idx, &mc->index) || u256_format_dec(amt, sizeof amt, &mc->amount)) {
		rc = error_set(e, ERR_FAIL, "merkle: cannot format the amounts");
		goto out;
	}
	const char *iarg[] = {idx};
	if ((rc = merkle_call_word(word, m->s, dist, "isClaimed(uint256)", iarg, 1, e)))
		goto out;
	if (word[31]) {
		l->skip = 1;
		snprintf(l->note, sizeof l->note, "already claimed (isClaimed(%s) is true)", idx);
		goto out;
	}
	char *pt = proof_text((const uint8_t(*)[32])mc->proof, mc->nproof);
	char acc[ADDRESS_EVM_MAX];
	if (!pt || address_eip55(acc, sizeof acc, owner)) {
		free(pt);
		rc = error_set(e, ERR_FAIL, "out of memory");
		goto out;
	}
	const char *args[] = {idx, acc, amt, pt};
	uint8_t *data = NULL;
	size_t dlen = 0;
	rc = abi_encode_call_text(&data, &dlen, "claim(uint256,address,uint256,bytes32[])", args, 4, e);
	free(pt);
	if (rc)
		goto out;
	if (evm_call_set_data(&m->call, data, dlen)) {
		free(data);
		rc = error_set(e, ERR_FAIL, "out of memory");
		goto out;
	}
	free(data);
	memcpy(m->call.to, dist, 20);
	snprintf(m->call.purpose, sizeof m->call.purpose, "claim");
	net_money_format(m->call.amount, sizeof m->call.amount, &l->amount[0]);
	snprintf(m->call.token, sizeof m->call.token, "%s", symbol);
	snprintf(m->call.batch_key, sizeof m->call.batch_key, "m:%.42s:%.16s:%.12s", contract, idx, rs + 2);
	m->has_call = 1;
	char sum[1024];
	if ((rc = evm_sender_prepare(m->s, owner, &m->call, 1, sum, sizeof sum, e)))
		goto out;
	if (m->call.journaled) {
		snprintf(l->note, sizeof l->note, "sent earlier: %s (%s)", journal_status_name(m->call.status), m->call.txid);
		l->skip = m->call.status == JOURNAL_CONFIRMED || m->call.status == JOURNAL_FAILED;
	} else {
		snprintf(l->note, sizeof l->note, "index %s, proof of %zu verified against merkleRoot", idx, mc->nproof);
	}
	snprintf(c->summary, sizeof c->summary, "claim %s %s from distributor %s (root %.18s..., verified locally)\n%s", amt,
		 symbol, contract, rs, sum);
	c->ntx = 1;
	c->tx_bytes = m->call.data_len;
	snprintf(c->fee, sizeof c->fee, "%.40s %.8s", m->call.fee, evm_sender_native(m->s));
out:
	merkle_file_release(&f);
	return rc;
}

static int m_execute(struct net_claim *c, const uint8_t secret[32], struct error *e)
{
	struct mclaim *m = c->priv;
	if (!m || !m->has_call || !c->nlines || c->lines[0].skip)
		return 0;
	int rc = evm_sender_send(m->s, secret, &m->call, 1, c->progress, c->progress_arg, e);
	struct net_claim_line *l = &c->lines[0];
	snprintf(l->txid, sizeof l->txid, "%s", m->call.txid);
	l->status = m->call.status;
	snprintf(l->error, sizeof l->error, "%s", m->call.error);
	return rc;
}

static void m_release(struct net_claim *c)
{
	struct mclaim *m = c->priv;
	if (!m)
		return;
	evm_call_release(&m->call);
	evm_sender_close(m->s);
	free(m);
	c->priv = NULL;
}

static const struct net_setting m_settings[] = {
	{"claim-file", NULL, "a Uniswap MerkleDistributor claim file (merkleRoot, claims: index, amount, proof)"},
	{"contract", NULL, "the distributor's address"},
	{"network", "ethereum", "the chain preset the distributor is on"},
	{"rpc", NULL, "RPC endpoints replacing the preset's"},
	{NULL, NULL, NULL},
};

const struct net_adapter merkle_adapter = {
	.name = "merkle",
	.title = "Merkle distributor",
	.chain = "ethereum",
	.family = "evm",
	.token = "any",
	.caps = NET_CAP_CLAIM,
	.source = {
		[5] = "a published claim file; merkleRoot() and isClaimed(index) of the distributor (Uniswap's interface)",
	},
	.missing = "no devices or earnings: it claims what a network's published claim file allots the wallet",
	.settings = m_settings,
	.claim_prepare = m_prepare,
	.claim_execute = m_execute,
	.claim_release = m_release,
};
