/* helium-wallet-rs wallet files; the layout is described in helium-wallet.h.
 * AES-256-GCM comes from OpenSSL (libsodium's needs AES-NI), PBKDF2 from
 * OpenSSL, Argon2id from libsodium. */
#include "config.h"
#include "helium-wallet.h"
#include "bip39.h"

#include <stdlib.h>
#include <string.h>
#include <openssl/evp.h>
#include <sodium.h>

#define KIND_BASIC_V1 0x0001
#define KIND_BASIC_V2 0x0002
#define KIND_BASIC_V3 0x0003
#define KIND_SHARDED_V1 0x0101
#define KIND_SHARDED_V2 0x0102
#define KIND_SHARDED_V3 0x0103

#define KEYTYPE_ECC_COMPACT 0x0
#define KEYTYPE_ED25519 0x1
#define KEYTYPE_SECP256K1 0x3

#define IV_LEN 12
#define TAG_LEN 16
#define PBKDF2_SALT_LEN 8
#define ARGON2_SALT_LEN 16

/* A parsed file: pointers into the caller's bytes. */
struct parsed {
	unsigned version;      /* 1, 2, 3 */
	enum helium_pwhash pwhash;
	const uint8_t *aad;    /* the clear public key as the AAD covers it */
	size_t aad_len;        /* 32 (v3) or 33 (v1 / v2) */
	const uint8_t *pubkey; /* its 32 key bytes */
	const uint8_t *iv, *salt, *tag, *ct;
	size_t salt_len, ct_len;
	uint32_t iterations, opslimit, memlimit;
};

struct reader {
	const uint8_t *p;
	size_t left;
};

static const uint8_t *take(struct reader *r, size_t n)
{
	if (r->left < n)
		return NULL;
	const uint8_t *p = r->p;
	r->p += n;
	r->left -= n;
	return p;
}

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static const char *keytype_name(unsigned t)
{
	switch (t) {
	case KEYTYPE_ECC_COMPACT:
		return "an ecc_compact";
	case KEYTYPE_ED25519:
		return "an ed25519";
	case KEYTYPE_SECP256K1:
		return "a secp256k1";
	case 4:
		return "an rsa";
	default:
		return "an unknown";
	}
}

static int truncated(struct error *e)
{
	return error_set(e, ERR_USAGE, "helium wallet file is truncated");
}

static int parse(struct parsed *w, const uint8_t *file, size_t file_len, struct error *e)
{
	struct reader r = { file, file_len };
	const uint8_t *p;
	unsigned kind;

	memset(w, 0, sizeof *w);
	if (!(p = take(&r, 2)))
		return truncated(e);
	kind = (unsigned)p[0] | (unsigned)p[1] << 8;
	switch (kind) {
	case KIND_BASIC_V1:
	case KIND_BASIC_V2:
	case KIND_BASIC_V3:
		w->version = kind;
		break;
	case KIND_SHARDED_V1:
	case KIND_SHARDED_V2:
	case KIND_SHARDED_V3:
		/* the share count and threshold follow the pwhash byte (v2, v3) */
		p = take(&r, kind == KIND_SHARDED_V1 ? 0 : 1);
		p = p ? take(&r, 2) : NULL;
		if (p)
			return error_set(e, ERR_USAGE,
					 "helium wallet is one shard of a sharded wallet (%u of %u shards needed), which is not "
					 "supported: export it with 'helium-wallet -f SHARD... export --output key' and "
					 "import that as a solana keypair", p[1], p[0]);
		return error_set(e, ERR_USAGE, "helium wallet is one shard of a sharded wallet, which is not supported");
	default:
		return error_set(e, ERR_USAGE, "helium wallet file has an unknown kind 0x%04x (not a helium-wallet file?)", kind);
	}

	w->pwhash = HELIUM_PWHASH_PBKDF2;
	if (w->version >= 2) {
		if (!(p = take(&r, 1)))
			return truncated(e);
		if (*p > HELIUM_PWHASH_ARGON2ID)
			return error_set(e, ERR_USAGE, "helium wallet has an unknown password hash kind %u", *p);
		w->pwhash = (enum helium_pwhash)*p;
	}

	if (w->version == 3) {
		if (!(p = take(&r, 32)))
			return truncated(e);
		w->aad = w->pubkey = p;
		w->aad_len = 32;
	} else {
		if (!(p = take(&r, 1)))
			return truncated(e);
		unsigned type = *p & 0x0f, net = *p >> 4;
		if (net > 1)
			return error_set(e, ERR_USAGE, "helium wallet public key has an unknown network tag 0x%02x", *p);
		if (type != KEYTYPE_ED25519)
			return error_set(e, ERR_USAGE, "helium wallet holds %s key; only ed25519 keys are supported",
					 keytype_name(type));
		if (!take(&r, 32))
			return truncated(e);
		w->aad = p;
		w->aad_len = 33;
		w->pubkey = p + 1;
	}

	if (!(w->iv = take(&r, IV_LEN)))
		return truncated(e);
	if (w->pwhash == HELIUM_PWHASH_PBKDF2) {
		w->salt_len = PBKDF2_SALT_LEN;
		if (!(w->salt = take(&r, w->salt_len)) || !(p = take(&r, 4)))
			return truncated(e);
		w->iterations = le32(p);
		if (w->iterations < 1 || w->iterations > HELIUM_PBKDF2_MAX_ITERATIONS)
			return error_set(e, ERR_USAGE, "helium wallet pbkdf2 iteration count %u is outside 1..%u",
					 w->iterations, HELIUM_PBKDF2_MAX_ITERATIONS);
	} else {
		w->salt_len = ARGON2_SALT_LEN;
		if (!(w->salt = take(&r, w->salt_len)) || !(p = take(&r, 8)))
			return truncated(e);
		w->memlimit = le32(p);
		w->opslimit = le32(p + 4);
		if (w->memlimit < crypto_pwhash_argon2id_MEMLIMIT_MIN || w->memlimit > HELIUM_ARGON2_MAX_MEMLIMIT)
			return error_set(e, ERR_USAGE, "helium wallet argon2id memory limit %u is outside %u..%u bytes",
					 w->memlimit, (unsigned)crypto_pwhash_argon2id_MEMLIMIT_MIN,
					 HELIUM_ARGON2_MAX_MEMLIMIT);
		if (w->opslimit < crypto_pwhash_argon2id_OPSLIMIT_MIN || w->opslimit > HELIUM_ARGON2_MAX_OPSLIMIT)
			return error_set(e, ERR_USAGE, "helium wallet argon2id ops limit %u is outside %u..%u",
					 w->opslimit, (unsigned)crypto_pwhash_argon2id_OPSLIMIT_MIN,
					 HELIUM_ARGON2_MAX_OPSLIMIT);
	}
	if (!(w->tag = take(&r, TAG_LEN)))
		return truncated(e);
	w->ct = r.p;
	w->ct_len = r.left;
	size_t want = w->version == 3 ? 64 : 65;
	if (w->ct_len < want)
		return truncated(e);
	if (w->ct_len > want)
		return error_set(e, ERR_USAGE, "helium wallet file has %zu bytes more than its format holds",
				 w->ct_len - want);
	return 0;
}

static int derive(uint8_t key[32], const struct parsed *w, const char *password, struct error *e)
{
	size_t pwlen = strlen(password);
	if (w->pwhash == HELIUM_PWHASH_PBKDF2) {
		if (PKCS5_PBKDF2_HMAC(password, (int)pwlen, w->salt, (int)w->salt_len, (int)w->iterations,
				      EVP_sha256(), 32, key) != 1)
			return error_set(e, ERR_FAIL, "pbkdf2 failed");
		return 0;
	}
	if (crypto_pwhash(key, 32, password, pwlen, w->salt, w->opslimit, w->memlimit,
			  crypto_pwhash_ALG_ARGON2ID13) != 0)
		return error_set(e, ERR_FAIL, "argon2id failed (out of memory?)");
	return 0;
}

/* AES-256-GCM with a 12-byte IV and a detached 16-byte tag. dir 1 encrypts
 * (tag is written), 0 decrypts (tag is checked; returns 1 if it fails). */
static int gcm(uint8_t *out, const uint8_t *in, size_t len, const uint8_t key[32], const uint8_t iv[IV_LEN],
	       const uint8_t *aad, size_t aad_len, uint8_t tag[TAG_LEN], int enc)
{
	EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
	int n = 0, fin = 0, rc = -1;
	if (!ctx)
		return -1;
	if (EVP_CipherInit_ex(ctx, EVP_aes_256_gcm(), NULL, NULL, NULL, enc) != 1 ||
	    EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_IVLEN, IV_LEN, NULL) != 1 ||
	    EVP_CipherInit_ex(ctx, NULL, NULL, key, iv, enc) != 1 ||
	    EVP_CipherUpdate(ctx, NULL, &n, aad, (int)aad_len) != 1 ||
	    EVP_CipherUpdate(ctx, out, &n, in, (int)len) != 1)
		goto out;
	if (!enc && EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_TAG, TAG_LEN, tag) != 1)
		goto out;
	if (EVP_CipherFinal_ex(ctx, out + n, &fin) != 1) {
		rc = enc ? -1 : 1;
		goto out;
	}
	if (enc && EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_GET_TAG, TAG_LEN, tag) != 1)
		goto out;
	rc = 0;
out:
	EVP_CIPHER_CTX_free(ctx);
	return rc;
}

int helium_wallet_decrypt(uint8_t seed[32], const uint8_t *file, size_t file_len, const char *password,
			  struct error *e)
{
	struct parsed w;
	uint8_t tag[TAG_LEN], pk[32];
	uint8_t *key = NULL, *pt = NULL, *sk = NULL;
	int rc;

	memset(seed, 0, 32);
	if (sodium_init() < 0)
		return error_set(e, ERR_FAIL, "libsodium failed to initialize");
	if ((rc = parse(&w, file, file_len, e)) < 0)
		return rc;
	key = sodium_malloc(32);
	pt = sodium_malloc(65);
	sk = sodium_malloc(64);
	if (!key || !pt || !sk) {
		rc = error_set(e, ERR_FAIL, "out of memory");
		goto out;
	}
	if ((rc = derive(key, &w, password, e)) < 0)
		goto out;
	memcpy(tag, w.tag, TAG_LEN);
	rc = gcm(pt, w.ct, w.ct_len, key, w.iv, w.aad, w.aad_len, tag, 0);
	if (rc == 1) {
		rc = error_set(e, ERR_REFUSED, "wrong password for helium wallet (or the file is damaged)");
		goto out;
	}
	if (rc < 0) {
		rc = error_set(e, ERR_FAIL, "aes-256-gcm failed");
		goto out;
	}
	const uint8_t *kp = pt;
	if (w.version < 3) {
		/* the plaintext repeats the key tag; helium-wallet reads only its type */
		if ((pt[0] & 0x0f) != KEYTYPE_ED25519) {
			rc = error_set(e, ERR_USAGE, "helium wallet holds %s key; only ed25519 keys are supported",
				       keytype_name(pt[0] & 0x0f));
			goto out;
		}
		kp = pt + 1;
	}
	if (crypto_sign_seed_keypair(pk, sk, kp) != 0) {
		rc = error_set(e, ERR_FAIL, "ed25519 key derivation failed");
		goto out;
	}
	if (sodium_memcmp(pk, kp + 32, 32) != 0 || sodium_memcmp(pk, w.pubkey, 32) != 0) {
		rc = error_set(e, ERR_USAGE, "helium wallet's public key does not match its secret key");
		goto out;
	}
	memcpy(seed, kp, 32);
	rc = 0;
out:
	sodium_free(key);
	sodium_free(pt);
	sodium_free(sk);
	return rc;
}

int helium_wallet_pubkey(uint8_t pubkey[32], const uint8_t *file, size_t file_len, struct error *e)
{
	struct parsed w;
	int rc = parse(&w, file, file_len, e);
	if (rc < 0)
		return rc;
	memcpy(pubkey, w.pubkey, 32);
	return 0;
}

static void put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

int helium_wallet_encrypt(uint8_t **out, size_t *out_len, const uint8_t seed[32], const char *password,
			  const struct helium_wallet_kdf *kdf, struct error *e)
{
	struct helium_wallet_kdf k = { HELIUM_PWHASH_ARGON2ID, 0, HELIUM_ARGON2_OPSLIMIT, HELIUM_ARGON2_MEMLIMIT };
	struct parsed w;
	uint8_t *buf, *key = NULL, *sk = NULL;
	uint8_t pk[32];
	size_t len, pos = 0;
	int rc;

	*out = NULL;
	*out_len = 0;
	if (sodium_init() < 0)
		return error_set(e, ERR_FAIL, "libsodium failed to initialize");
	if (kdf)
		k = *kdf;
	if (k.pwhash != HELIUM_PWHASH_PBKDF2 && k.pwhash != HELIUM_PWHASH_ARGON2ID)
		return error_set(e, ERR_USAGE, "unknown helium wallet password hash");
	len = 2 + 1 + 32 + IV_LEN + (k.pwhash == HELIUM_PWHASH_PBKDF2 ? PBKDF2_SALT_LEN + 4 : ARGON2_SALT_LEN + 8) +
	      TAG_LEN + 64;
	buf = malloc(len);
	if (!buf)
		return error_set(e, ERR_FAIL, "out of memory");
	buf[pos++] = KIND_BASIC_V3 & 0xff;
	buf[pos++] = KIND_BASIC_V3 >> 8;
	buf[pos++] = (uint8_t)k.pwhash;
	size_t pk_at = pos;
	pos += 32;
	size_t iv_at = pos;
	randombytes_buf(buf + pos, IV_LEN);
	pos += IV_LEN;
	if (k.pwhash == HELIUM_PWHASH_PBKDF2) {
		randombytes_buf(buf + pos, PBKDF2_SALT_LEN);
		pos += PBKDF2_SALT_LEN;
		put32(buf + pos, k.iterations);
		pos += 4;
	} else {
		randombytes_buf(buf + pos, ARGON2_SALT_LEN);
		pos += ARGON2_SALT_LEN;
		put32(buf + pos, k.memlimit);
		put32(buf + pos + 4, k.opslimit);
		pos += 8;
	}
	size_t tag_at = pos;
	pos += TAG_LEN;
	size_t ct_at = pos;

	key = sodium_malloc(32);
	sk = sodium_malloc(64);
	if (!key || !sk) {
		rc = error_set(e, ERR_FAIL, "out of memory");
		goto out;
	}
	crypto_sign_seed_keypair(pk, sk, seed);
	memcpy(buf + pk_at, pk, 32);
	memset(buf + tag_at, 0, TAG_LEN);
	/* parse what we wrote: it checks the limits and points into buf */
	if ((rc = parse(&w, buf, len, e)) < 0)
		goto out;
	if ((rc = derive(key, &w, password, e)) < 0)
		goto out;
	if (gcm(buf + ct_at, sk, 64, key, buf + iv_at, pk, 32, buf + tag_at, 1) != 0) {
		rc = error_set(e, ERR_FAIL, "aes-256-gcm failed");
		goto out;
	}
	*out = buf;
	*out_len = len;
	buf = NULL;
	rc = 0;
out:
	free(buf);
	sodium_free(key);
	sodium_free(sk);
	return rc;
}

int helium_wallet_seed_from_entropy(uint8_t seed[32], const uint8_t *entropy, size_t len)
{
	if (len == 32) {
		memcpy(seed, entropy, 32);
		return 0;
	}
	if (len == 16) {
		memcpy(seed, entropy, 16);
		memcpy(seed + 16, entropy, 16);
		return 0;
	}
	return ERR_USAGE;
}

int helium_wallet_mnemonic(char *out, size_t out_size, uint8_t *entropy, size_t entropy_size, size_t *entropy_len,
			   const char *words, struct error *e)
{
	char norm[BIP39_MNEMONIC_MAX + 64];
	unsigned idx[24];
	size_t n = 0, o = 0;
	if (bip39_normalize(norm, sizeof norm, words))
		return error_set(e, ERR_USAGE, "the mnemonic is too long");
	for (char *save, *w = strtok_r(norm, " ", &save); w; w = strtok_r(NULL, " ", &save)) {
		unsigned first, count = strlen(w) >= 4 ? bip39_complete(&first, w) : 0;
		int exact = bip39_word_index(w);
		if (n == 24) {
			sodium_memzero(norm, sizeof norm);
			return error_set(e, ERR_USAGE, "a helium-wallet mnemonic has 12 or 24 words, not more");
		}
		if (exact < 0 && !(strlen(w) == 4 && count == 1)) {
			sodium_memzero(norm, sizeof norm);
			return error_set(e, ERR_USAGE, "word %zu is not in the BIP39 English word list (nor its first 4 letters)", n + 1);
		}
		idx[n] = exact >= 0 ? (unsigned)exact : first;
		const char *full = bip39_word(idx[n]);
		size_t l = strlen(full);
		if (o + l + 2 > out_size) {
			sodium_memzero(norm, sizeof norm);
			return error_set(e, ERR_USAGE, "the mnemonic is too long");
		}
		if (o)
			out[o++] = ' ';
		memcpy(out + o, full, l);
		o += l;
		out[o] = '\0';
		n++;
	}
	sodium_memzero(norm, sizeof norm);
	if (n != 12 && n != 24)
		return error_set(e, ERR_USAGE, "a helium-wallet mnemonic has 12 or 24 words, not %zu", n);
	if (bip39_to_entropy(entropy, entropy_size, entropy_len, out, NULL) == 0)
		return 0;
	/* 12 words: 128 bits of entropy and 4 checksum bits, which the old
	 * hotspot app left zero. */
	if (n == 12 && entropy_size >= 16) {
		uint8_t bits[17] = {0};
		for (size_t i = 0; i < 12; i++)
			for (int b = 0; b < 11; b++)
				if (idx[i] >> (10 - b) & 1)
					bits[(i * 11 + (size_t)b) / 8] |= (uint8_t)(0x80 >> ((i * 11 + (size_t)b) % 8));
		int zero_checksum = (bits[16] & 0xf0) == 0;
		memcpy(entropy, bits, 16);
		sodium_memzero(bits, sizeof bits);
		if (zero_checksum) {
			*entropy_len = 16;
			return 0;
		}
		sodium_memzero(entropy, 16);
	}
	return error_set(e, ERR_USAGE, "mnemonic checksum does not match (a word is wrong or misplaced)");
}
