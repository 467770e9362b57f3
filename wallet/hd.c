/* SLIP-10 (satoshilabs/slips slip-0010.md) and BIP32 (bitcoin/bips
 * bip-0032.mediawiki) private derivation. */
#include "config.h"
#include "hd.h"
#include "secp.h"
#include "base58.h"

#include <string.h>
#include <sodium.h>
#include <openssl/evp.h>
#include <openssl/err.h>

enum hd_curve { HD_ED25519, HD_SECP256K1 };

static void be32_put(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

static uint32_t be32_get(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* ---- RIPEMD-160 (Dobbertin, Bosselaers, Preneel 1996) ---- */

static uint32_t rol32(uint32_t x, unsigned n)
{
	return (x << n) | (x >> (32 - n));
}

static uint32_t rmd_f(unsigned j, uint32_t x, uint32_t y, uint32_t z)
{
	switch (j / 16) {
	case 0: return x ^ y ^ z;
	case 1: return (x & y) | (~x & z);
	case 2: return (x | ~y) ^ z;
	case 3: return (x & z) | (y & ~z);
	default: return x ^ (y | ~z);
	}
}

static const uint8_t rmd_r[80] = {
	0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15,
	7, 4, 13, 1, 10, 6, 15, 3, 12, 0, 9, 5, 2, 14, 11, 8,
	3, 10, 14, 4, 9, 15, 8, 1, 2, 7, 0, 6, 13, 11, 5, 12,
	1, 9, 11, 10, 0, 8, 12, 4, 13, 3, 7, 15, 14, 5, 6, 2,
	4, 0, 5, 9, 7, 12, 2, 10, 14, 1, 3, 8, 11, 6, 15, 13,
};
static const uint8_t rmd_rp[80] = {
	5, 14, 7, 0, 9, 2, 11, 4, 13, 6, 15, 8, 1, 10, 3, 12,
	6, 11, 3, 7, 0, 13, 5, 10, 14, 15, 8, 12, 4, 9, 1, 2,
	15, 5, 1, 3, 7, 14, 6, 9, 11, 8, 12, 2, 10, 0, 4, 13,
	8, 6, 4, 1, 3, 11, 15, 0, 5, 12, 2, 13, 9, 7, 10, 14,
	12, 15, 10, 4, 1, 5, 8, 7, 6, 2, 13, 14, 0, 3, 9, 11,
};
static const uint8_t rmd_s[80] = {
	11, 14, 15, 12, 5, 8, 7, 9, 11, 13, 14, 15, 6, 7, 9, 8,
	7, 6, 8, 13, 11, 9, 7, 15, 7, 12, 15, 9, 11, 7, 13, 12,
	11, 13, 6, 7, 14, 9, 13, 15, 14, 8, 13, 6, 5, 12, 7, 5,
	11, 12, 14, 15, 14, 15, 9, 8, 9, 14, 5, 6, 8, 6, 5, 12,
	9, 15, 5, 11, 6, 8, 13, 12, 5, 12, 13, 14, 11, 8, 5, 6,
};
static const uint8_t rmd_sp[80] = {
	8, 9, 9, 11, 13, 15, 15, 5, 7, 7, 8, 11, 14, 14, 12, 6,
	9, 13, 15, 7, 12, 8, 9, 11, 7, 7, 12, 7, 6, 15, 13, 11,
	9, 7, 15, 11, 8, 6, 6, 14, 12, 13, 5, 14, 13, 13, 7, 5,
	15, 5, 8, 11, 14, 14, 6, 14, 6, 9, 12, 9, 12, 5, 15, 8,
	8, 5, 12, 9, 12, 5, 14, 6, 8, 13, 6, 5, 15, 13, 11, 11,
};
static const uint32_t rmd_k[5] = { 0x00000000, 0x5a827999, 0x6ed9eba1, 0x8f1bbcdc, 0xa953fd4e };
static const uint32_t rmd_kp[5] = { 0x50a28be6, 0x5c4dd124, 0x6d703ef3, 0x7a6d76e9, 0x00000000 };

static void rmd_block(uint32_t h[5], const uint8_t *block)
{
	uint32_t x[16];
	for (int i = 0; i < 16; i++)
		x[i] = (uint32_t)block[4 * i] | (uint32_t)block[4 * i + 1] << 8 |
		       (uint32_t)block[4 * i + 2] << 16 | (uint32_t)block[4 * i + 3] << 24;
	uint32_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4];
	uint32_t ap = a, bp = b, cp = c, dp = d, ep = e, t;
	for (unsigned j = 0; j < 80; j++) {
		t = rol32(a + rmd_f(j, b, c, d) + x[rmd_r[j]] + rmd_k[j / 16], rmd_s[j]) + e;
		a = e;
		e = d;
		d = rol32(c, 10);
		c = b;
		b = t;
		t = rol32(ap + rmd_f(79 - j, bp, cp, dp) + x[rmd_rp[j]] + rmd_kp[j / 16], rmd_sp[j]) + ep;
		ap = ep;
		ep = dp;
		dp = rol32(cp, 10);
		cp = bp;
		bp = t;
	}
	t = h[1] + c + dp;
	h[1] = h[2] + d + ep;
	h[2] = h[3] + e + ap;
	h[3] = h[4] + a + bp;
	h[4] = h[0] + b + cp;
	h[0] = t;
}

void hd_ripemd160_builtin(uint8_t out[20], const uint8_t *in, size_t len)
{
	uint32_t h[5] = { 0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0 };
	uint8_t tail[128];
	size_t full = len / 64 * 64, rest = len - full;

	for (size_t i = 0; i < full; i += 64)
		rmd_block(h, in + i);
	/* MD4-style padding: 0x80, zeros, the bit length as 64-bit little endian */
	memset(tail, 0, sizeof tail);
	if (rest)
		memcpy(tail, in + full, rest);
	tail[rest] = 0x80;
	size_t tlen = rest + 9 <= 64 ? 64 : 128;
	uint64_t bits = (uint64_t)len * 8;
	for (int i = 0; i < 8; i++)
		tail[tlen - 8 + i] = (uint8_t)(bits >> (8 * i));
	for (size_t i = 0; i < tlen; i += 64)
		rmd_block(h, tail + i);
	for (int i = 0; i < 5; i++)
		for (int k = 0; k < 4; k++)
			out[4 * i + k] = (uint8_t)(h[i] >> (8 * k));
	sodium_memzero(tail, sizeof tail);
}

void hd_ripemd160(uint8_t out[20], const uint8_t *in, size_t len)
{
	/* OpenSSL 3 moved RIPEMD-160 to the legacy provider before 3.0.7. */
	const EVP_MD *md = EVP_get_digestbyname("RIPEMD160");
	unsigned int n = 0;
	if (md && EVP_Digest(in, len, out, &n, md, NULL) == 1 && n == 20)
		return;
	ERR_clear_error();
	hd_ripemd160_builtin(out, in, len);
}

void hd_hash160(uint8_t out[20], const uint8_t *in, size_t len)
{
	uint8_t sha[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(sha, in, len);
	hd_ripemd160(out, sha, sizeof sha);
}

static uint32_t fingerprint(const uint8_t *pub, size_t len)
{
	uint8_t h[20];
	hd_hash160(h, pub, len);
	return be32_get(h);
}

/* ---- paths ---- */

int hd_path_parse(uint32_t *out, size_t out_max, size_t *depth, const char *path)
{
	size_t n = 0;
	const char *p = path;

	*depth = 0;
	if (*p++ != 'm')
		return ERR_USAGE;
	while (*p) {
		if (*p++ != '/')
			return ERR_USAGE;
		if (*p < '0' || *p > '9')
			return ERR_USAGE;
		if (*p == '0' && p[1] >= '0' && p[1] <= '9')
			return ERR_USAGE; /* no leading zeros */
		uint64_t v = 0;
		for (; *p >= '0' && *p <= '9'; p++) {
			v = v * 10 + (uint64_t)(*p - '0');
			if (v >= HD_HARDENED)
				return ERR_USAGE;
		}
		if (*p == '\'' || *p == 'h' || *p == 'H') {
			v |= HD_HARDENED;
			p++;
		}
		if (n >= out_max || n >= HD_DEPTH_MAX)
			return ERR_USAGE;
		out[n++] = (uint32_t)v;
	}
	*depth = n;
	return 0;
}

/* ---- derivation ---- */

static void hmac512(uint8_t out[64], const uint8_t *key, size_t key_len, const uint8_t *data, size_t len)
{
	crypto_auth_hmacsha512_state st;
	crypto_auth_hmacsha512_init(&st, key, key_len);
	crypto_auth_hmacsha512_update(&st, data, len);
	crypto_auth_hmacsha512_final(&st, out);
	sodium_memzero(&st, sizeof st);
}

void hd_ed25519_pubkey(uint8_t out[32], const struct hd_node *node)
{
	uint8_t sk[crypto_sign_SECRETKEYBYTES];
	crypto_sign_seed_keypair(out, sk, node->key);
	sodium_memzero(sk, sizeof sk);
}

int hd_secp256k1_pubkey(uint8_t out[33], const struct hd_node *node)
{
	return secp_pubkey33(out, node->key);
}

static int derive(struct hd_node *out, enum hd_curve curve, const uint8_t *seed, size_t seed_len,
		  const uint32_t *path, size_t depth)
{
	static const char ed_key[] = "ed25519 seed", k1_key[] = "Bitcoin seed";
	struct hd_node node;
	uint8_t I[64], data[1 + 32 + 4], pub[33];
	int rc = 0;

	memset(out, 0, sizeof *out);
	if (sodium_init() < 0)
		return ERR_FAIL;
	if (seed_len < 16 || seed_len > 64 || depth > HD_DEPTH_MAX)
		return ERR_USAGE;
	if (curve == HD_ED25519)
		for (size_t i = 0; i < depth; i++)
			if (!(path[i] & HD_HARDENED))
				return ERR_USAGE;

	memset(&node, 0, sizeof node);
	if (curve == HD_ED25519)
		hmac512(I, (const uint8_t *)ed_key, sizeof ed_key - 1, seed, seed_len);
	else
		hmac512(I, (const uint8_t *)k1_key, sizeof k1_key - 1, seed, seed_len);
	memcpy(node.key, I, 32);
	memcpy(node.chain, I + 32, 32);
	if (curve == HD_SECP256K1 && !secp256k1_ec_seckey_verify(secp_context(), node.key)) {
		rc = ERR_FAIL; /* an invalid master key: BIP32 says use another seed */
		goto out;
	}

	for (size_t i = 0; i < depth; i++) {
		uint32_t idx = path[i];
		/* the parent's public key: for the fingerprint, and for normal
		 * secp256k1 children the HMAC input */
		if (curve == HD_ED25519) {
			pub[0] = 0x00;
			hd_ed25519_pubkey(pub + 1, &node);
		} else if ((rc = secp_pubkey33(pub, node.key)) < 0) {
			rc = ERR_FAIL;
			goto out;
		}
		if (idx & HD_HARDENED) {
			data[0] = 0x00;
			memcpy(data + 1, node.key, 32);
		} else {
			memcpy(data, pub, 33);
		}
		be32_put(data + 33, idx);
		hmac512(I, node.chain, sizeof node.chain, data, sizeof data);

		if (curve == HD_ED25519) {
			memcpy(node.key, I, 32);
		} else if (!secp256k1_ec_seckey_tweak_add(secp_context(), node.key, I)) {
			/* IL >= n or a zero child key (BIP32 would skip to index + 1) */
			rc = ERR_FAIL;
			goto out;
		}
		memcpy(node.chain, I + 32, 32);
		node.depth = (uint8_t)(i + 1);
		node.child = idx;
		node.parent_fingerprint = fingerprint(pub, sizeof pub);
	}
	*out = node;
out:
	sodium_memzero(&node, sizeof node);
	sodium_memzero(I, sizeof I);
	sodium_memzero(data, sizeof data);
	return rc;
}

int hd_slip10_ed25519(struct hd_node *out, const uint8_t *seed, size_t seed_len,
		      const uint32_t *path, size_t depth)
{
	return derive(out, HD_ED25519, seed, seed_len, path, depth);
}

int hd_bip32_secp256k1(struct hd_node *out, const uint8_t *seed, size_t seed_len,
		       const uint32_t *path, size_t depth)
{
	return derive(out, HD_SECP256K1, seed, seed_len, path, depth);
}

/* ---- serialization ---- */

static int xkey(char *out, size_t out_size, const struct hd_node *node, int private)
{
	uint8_t b[78];
	int rc;

	if (out_size)
		out[0] = '\0';
	be32_put(b, private ? 0x0488ade4u : 0x0488b21eu);
	b[4] = node->depth;
	be32_put(b + 5, node->parent_fingerprint);
	be32_put(b + 9, node->child);
	memcpy(b + 13, node->chain, 32);
	if (private) {
		b[45] = 0x00;
		memcpy(b + 46, node->key, 32);
	} else if ((rc = secp_pubkey33(b + 45, node->key)) < 0) {
		return rc;
	}
	rc = base58check_encode(out, out_size, b, sizeof b);
	sodium_memzero(b, sizeof b);
	return rc < 0 ? ERR_USAGE : 0;
}

int hd_xprv(char *out, size_t out_size, const struct hd_node *node)
{
	return xkey(out, out_size, node, 1);
}

int hd_xpub(char *out, size_t out_size, const struct hd_node *node)
{
	return xkey(out, out_size, node, 0);
}

/* ---- accounts ---- */

int hd_solana_account(uint8_t seed32[32], const uint8_t bip39_seed[64], uint32_t account)
{
	struct hd_node node;
	if (account & HD_HARDENED)
		return ERR_USAGE;
	const uint32_t path[4] = { 44 | HD_HARDENED, 501 | HD_HARDENED, account | HD_HARDENED, 0 | HD_HARDENED };
	int rc = hd_slip10_ed25519(&node, bip39_seed, 64, path, 4);
	if (rc == 0)
		memcpy(seed32, node.key, 32);
	sodium_memzero(&node, sizeof node);
	return rc;
}

int hd_evm_account(uint8_t seckey[32], const uint8_t bip39_seed[64], uint32_t account)
{
	struct hd_node node;
	if (account & HD_HARDENED)
		return ERR_USAGE;
	const uint32_t path[5] = { 44 | HD_HARDENED, 60 | HD_HARDENED, 0 | HD_HARDENED, 0, account };
	int rc = hd_bip32_secp256k1(&node, bip39_seed, 64, path, 5);
	if (rc == 0)
		memcpy(seckey, node.key, 32);
	sodium_memzero(&node, sizeof node);
	return rc;
}
