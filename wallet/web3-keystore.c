/* Web3 Secret Storage v3, written from the Ethereum wiki's "Web3 Secret
 * Storage Definition": scrypt (libsodium) or PBKDF2-HMAC-SHA256 (OpenSSL)
 * derives a key from the password; its first 16 bytes are the AES-128-CTR
 * key, and keccak256(derived[16..32] || ciphertext) is the MAC. */
#include "config.h"
#include "web3-keystore.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cjson/cJSON.h>
#include <openssl/evp.h>
#include <sodium.h>

#include "hex.h"
#include "keccak.h"
#include "wallet/secp.h"

#define DK_MAX 64
#define SALT_MAX 128

/* The KDF half of a parsed file, or of the caller's params for encrypt. */
struct kdf {
	enum web3_kdf kdf;
	uint64_t n;
	uint32_t r, p, c;
	size_t dklen;
	uint8_t salt[SALT_MAX];
	size_t salt_len;
};

static int check_scrypt(uint64_t n, uint32_t r, uint32_t p, struct error *e)
{
	if (n < 2 || (n & (n - 1)) != 0)
		return error_set(e, ERR_USAGE, "keystore scrypt n must be a power of two greater than 1");
	if (r < 1 || p < 1)
		return error_set(e, ERR_USAGE, "keystore scrypt r and p must be at least 1");
	if (n > WEB3_SCRYPT_MAX_MEMORY || r > WEB3_SCRYPT_MAX_MEMORY ||
	    n * r > WEB3_SCRYPT_MAX_MEMORY / 128)
		return error_set(e, ERR_USAGE, "keystore scrypt parameters need more than %llu MiB of memory (n=%llu r=%u)",
				 WEB3_SCRYPT_MAX_MEMORY >> 20, (unsigned long long)n, r);
	if (n * r > WEB3_SCRYPT_MAX_WORK / p)
		return error_set(e, ERR_USAGE, "keystore scrypt cost n*r*p is beyond the limit of %llu",
				 WEB3_SCRYPT_MAX_WORK);
	return 0;
}

static int check_pbkdf2(uint32_t c, struct error *e)
{
	if (c < 1 || c > WEB3_PBKDF2_MAX_C)
		return error_set(e, ERR_USAGE, "keystore pbkdf2 iteration count must be 1..%u", WEB3_PBKDF2_MAX_C);
	return 0;
}

/* Fills dk (k->dklen bytes) from the password. */
static int kdf_derive(uint8_t *dk, const struct kdf *k, const char *password, struct error *e)
{
	size_t pwlen = strlen(password);
	if (k->kdf == WEB3_KDF_SCRYPT) {
		if (crypto_pwhash_scryptsalsa208sha256_ll((const uint8_t *)password, pwlen, k->salt, k->salt_len,
							  k->n, k->r, k->p, dk, k->dklen) != 0)
			return error_set(e, ERR_FAIL, "scrypt failed (out of memory?)");
		return 0;
	}
	if (PKCS5_PBKDF2_HMAC(password, (int)pwlen, k->salt, (int)k->salt_len, (int)k->c, EVP_sha256(),
			      (int)k->dklen, dk) != 1)
		return error_set(e, ERR_FAIL, "pbkdf2 failed");
	return 0;
}

/* AES-128-CTR; encrypting and decrypting are the same operation. */
static int aes128ctr(uint8_t *out, const uint8_t *in, size_t len, const uint8_t key[16], const uint8_t iv[16],
		     struct error *e)
{
	EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
	int n = 0, fin = 0, ok;
	if (!ctx)
		return error_set(e, ERR_FAIL, "out of memory");
	ok = EVP_EncryptInit_ex(ctx, EVP_aes_128_ctr(), NULL, key, iv) == 1 &&
	     EVP_EncryptUpdate(ctx, out, &n, in, (int)len) == 1 &&
	     EVP_EncryptFinal_ex(ctx, out + n, &fin) == 1 && (size_t)n + (size_t)fin == len;
	EVP_CIPHER_CTX_free(ctx);
	return ok ? 0 : error_set(e, ERR_FAIL, "aes-128-ctr failed");
}

static void keystore_mac(uint8_t mac[32], const uint8_t *dk, const uint8_t *ct, size_t ct_len)
{
	struct keccak k;
	keccak_init(&k);
	keccak_update(&k, dk + 16, 16);
	keccak_update(&k, ct, ct_len);
	keccak_final(&k, mac);
}

/* An integer member in [min, max]. */
static int json_uint(uint64_t *out, const cJSON *obj, const char *name, uint64_t min, uint64_t max,
		     struct error *e)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, name);
	if (!v)
		return error_set(e, ERR_USAGE, "keystore has no \"%s\"", name);
	double d = v->valuedouble;
	if (!cJSON_IsNumber(v) || d != floor(d) || d < (double)min || d > (double)max)
		return error_set(e, ERR_USAGE, "keystore \"%s\" must be an integer %llu..%llu", name,
				 (unsigned long long)min, (unsigned long long)max);
	*out = (uint64_t)d;
	return 0;
}

static const char *json_str(const cJSON *obj, const char *name)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, name);
	return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* A hex string member of min..max bytes. */
static int json_hex(uint8_t *out, size_t *out_len, const cJSON *obj, const char *name, size_t min, size_t max,
		    struct error *e)
{
	const char *s = json_str(obj, name);
	size_t n = 0;
	if (!s)
		return error_set(e, ERR_USAGE, "keystore has no \"%s\" string", name);
	if (hex_decode(out, max, &n, s) != 0) {
		size_t digits = strlen(s) - ((s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) ? 2 : 0);
		if (digits / 2 > max && strspn(s, "0123456789abcdefABCDEFxX") == strlen(s))
			return error_set(e, ERR_USAGE, "keystore \"%s\" is longer than %zu bytes", name, max);
		return error_set(e, ERR_USAGE, "keystore \"%s\" is not hex", name);
	}
	if (n < min)
		return error_set(e, ERR_USAGE, "keystore \"%s\" is shorter than %zu bytes", name, min);
	if (out_len)
		*out_len = n;
	return 0;
}

static int parse_kdf(struct kdf *k, const cJSON *crypto, struct error *e)
{
	const char *name = json_str(crypto, "kdf");
	const cJSON *kp = cJSON_GetObjectItemCaseSensitive(crypto, "kdfparams");
	uint64_t v;
	int rc;

	if (!name)
		return error_set(e, ERR_USAGE, "keystore has no \"kdf\" string");
	if (!cJSON_IsObject(kp))
		return error_set(e, ERR_USAGE, "keystore has no \"kdfparams\" object");
	if (strcmp(name, "scrypt") == 0) {
		k->kdf = WEB3_KDF_SCRYPT;
		if ((rc = json_uint(&k->n, kp, "n", 0, 1ull << 40, e)) < 0)
			return rc;
		if ((rc = json_uint(&v, kp, "r", 0, UINT32_MAX, e)) < 0)
			return rc;
		k->r = (uint32_t)v;
		if ((rc = json_uint(&v, kp, "p", 0, UINT32_MAX, e)) < 0)
			return rc;
		k->p = (uint32_t)v;
		if ((rc = check_scrypt(k->n, k->r, k->p, e)) < 0)
			return rc;
	} else if (strcmp(name, "pbkdf2") == 0) {
		const char *prf = json_str(kp, "prf");
		k->kdf = WEB3_KDF_PBKDF2;
		if (!prf || strcmp(prf, "hmac-sha256") != 0)
			return error_set(e, ERR_USAGE, "keystore pbkdf2 \"prf\" must be \"hmac-sha256\"");
		if ((rc = json_uint(&v, kp, "c", 0, UINT32_MAX, e)) < 0)
			return rc;
		k->c = (uint32_t)v;
		if ((rc = check_pbkdf2(k->c, e)) < 0)
			return rc;
	} else {
		return error_set(e, ERR_USAGE, "keystore kdf is not supported (only scrypt and pbkdf2)");
	}
	if ((rc = json_uint(&v, kp, "dklen", 32, DK_MAX, e)) < 0)
		return rc;
	k->dklen = (size_t)v;
	return json_hex(k->salt, &k->salt_len, kp, "salt", 1, SALT_MAX, e);
}

/* The lower-case hex address, no 0x: the last 20 bytes of keccak256(X || Y). */
static int evm_address_hex(char out[41], const uint8_t seckey[32], struct error *e)
{
	uint8_t pub[64], h[32];
	if (secp_pubkey64(pub, seckey) != 0)
		return error_set(e, ERR_USAGE, "secret key is not a valid secp256k1 key");
	keccak256(h, pub, sizeof pub);
	hex_encode(out, 41, h + 12, 20);
	return 0;
}

int web3_keystore_decrypt(uint8_t seckey[32], size_t *seckey_len, const char *json, const char *password,
			  struct error *e)
{
	cJSON *root = NULL;
	const cJSON *crypto, *cp, *ver;
	struct kdf k;
	uint8_t iv[16], ct[32], mac[32], want[32], want_addr[20];
	uint8_t *dk = NULL, *pt = NULL;
	size_t ct_len = 0, iv_len = 0;
	int rc;

	memset(seckey, 0, 32);
	memset(&k, 0, sizeof k);
	if (sodium_init() < 0)
		return error_set(e, ERR_FAIL, "libsodium failed to initialize");
	root = cJSON_Parse(json);
	if (!root)
		return error_set(e, ERR_USAGE, "keystore is not valid JSON");
	if (!cJSON_IsObject(root)) {
		rc = error_set(e, ERR_USAGE, "keystore is not a JSON object");
		goto out;
	}
	ver = cJSON_GetObjectItemCaseSensitive(root, "version");
	if (!cJSON_IsNumber(ver)) {
		rc = error_set(e, ERR_USAGE, "keystore has no \"version\" number");
		goto out;
	}
	if (ver->valuedouble != 3) {
		rc = error_set(e, ERR_USAGE, "keystore version %g is not supported (only 3)", ver->valuedouble);
		goto out;
	}
	crypto = cJSON_GetObjectItemCaseSensitive(root, "crypto");
	if (!crypto)
		crypto = cJSON_GetObjectItemCaseSensitive(root, "Crypto");
	if (!cJSON_IsObject(crypto)) {
		rc = error_set(e, ERR_USAGE, "keystore has no \"crypto\" object");
		goto out;
	}
	const char *cipher = json_str(crypto, "cipher");
	if (!cipher || strcmp(cipher, "aes-128-ctr") != 0) {
		rc = error_set(e, ERR_USAGE, "keystore cipher is not supported (only aes-128-ctr)");
		goto out;
	}
	cp = cJSON_GetObjectItemCaseSensitive(crypto, "cipherparams");
	if (!cJSON_IsObject(cp)) {
		rc = error_set(e, ERR_USAGE, "keystore has no \"cipherparams\" object");
		goto out;
	}
	if ((rc = json_hex(iv, &iv_len, cp, "iv", 16, 16, e)) < 0)
		goto out;
	if ((rc = json_hex(ct, &ct_len, crypto, "ciphertext", 1, 32, e)) < 0)
		goto out;
	if ((rc = json_hex(want, NULL, crypto, "mac", 32, 32, e)) < 0)
		goto out;
	if ((rc = parse_kdf(&k, crypto, e)) < 0)
		goto out;
	/* geth writes the address and checks it against the decrypted key */
	const char *addr = json_str(root, "address");
	if (addr && hex_decode_exact(want_addr, sizeof want_addr, addr) != 0) {
		rc = error_set(e, ERR_USAGE, "keystore \"address\" is not 20 hex bytes");
		goto out;
	}

	dk = sodium_malloc(DK_MAX);
	pt = sodium_malloc(32);
	if (!dk || !pt) {
		rc = error_set(e, ERR_FAIL, "out of memory");
		goto out;
	}
	if ((rc = kdf_derive(dk, &k, password, e)) < 0)
		goto out;
	keystore_mac(mac, dk, ct, ct_len);
	if (sodium_memcmp(mac, want, 32) != 0) {
		rc = error_set(e, ERR_REFUSED, "wrong password for keystore (MAC mismatch)");
		goto out;
	}
	if ((rc = aes128ctr(pt, ct, ct_len, dk, iv, e)) < 0)
		goto out;
	memcpy(seckey + 32 - ct_len, pt, ct_len);
	if (addr) {
		char got[41], wanted[41];
		if ((rc = evm_address_hex(got, seckey, e)) < 0) {
			error_set(e, ERR_USAGE, "keystore holds an invalid secp256k1 key");
			goto out;
		}
		hex_encode(wanted, sizeof wanted, want_addr, sizeof want_addr);
		if (strcmp(got, wanted) != 0) {
			rc = error_set(e, ERR_USAGE, "keystore's \"address\" does not match its key");
			goto out;
		}
	}
	if (seckey_len)
		*seckey_len = ct_len;
	rc = 0;
out:
	if (rc < 0)
		sodium_memzero(seckey, 32);
	sodium_free(dk);
	sodium_free(pt);
	sodium_memzero(&k, sizeof k);
	cJSON_Delete(root);
	return rc;
}

int web3_keystore_encrypt(char **json_out, const uint8_t seckey[32], const char *password,
			  const struct web3_kdf_params *params, struct error *e)
{
	struct kdf k;
	uint8_t iv[16], ct[32], mac[32], id[16];
	uint8_t *dk = NULL;
	char addr[41], iv_hex[33], ct_hex[65], mac_hex[65], salt_hex[2 * 32 + 1], kdfparams[256], uuid[37];
	int rc;

	*json_out = NULL;
	if (sodium_init() < 0)
		return error_set(e, ERR_FAIL, "libsodium failed to initialize");
	memset(&k, 0, sizeof k);
	if (params) {
		k.kdf = params->kdf;
		k.n = params->n;
		k.r = params->r;
		k.p = params->p;
		k.c = params->c;
	} else {
		k.kdf = WEB3_KDF_SCRYPT;
		k.n = WEB3_SCRYPT_N;
		k.r = WEB3_SCRYPT_R;
		k.p = WEB3_SCRYPT_P;
	}
	if (k.kdf == WEB3_KDF_SCRYPT)
		rc = check_scrypt(k.n, k.r, k.p, e);
	else if (k.kdf == WEB3_KDF_PBKDF2)
		rc = check_pbkdf2(k.c, e);
	else
		rc = error_set(e, ERR_USAGE, "unknown keystore kdf");
	if (rc < 0)
		return rc;
	if ((rc = evm_address_hex(addr, seckey, e)) < 0)
		return rc;

	k.dklen = 32;
	k.salt_len = 32;
	randombytes_buf(k.salt, k.salt_len);
	randombytes_buf(iv, sizeof iv);
	randombytes_buf(id, sizeof id);
	id[6] = (uint8_t)((id[6] & 0x0f) | 0x40); /* version 4 */
	id[8] = (uint8_t)((id[8] & 0x3f) | 0x80); /* RFC 4122 variant */

	dk = sodium_malloc(DK_MAX);
	if (!dk)
		return error_set(e, ERR_FAIL, "out of memory");
	if ((rc = kdf_derive(dk, &k, password, e)) < 0)
		goto out;
	if ((rc = aes128ctr(ct, seckey, 32, dk, iv, e)) < 0)
		goto out;
	keystore_mac(mac, dk, ct, sizeof ct);

	hex_encode(iv_hex, sizeof iv_hex, iv, sizeof iv);
	hex_encode(ct_hex, sizeof ct_hex, ct, sizeof ct);
	hex_encode(mac_hex, sizeof mac_hex, mac, sizeof mac);
	hex_encode(salt_hex, sizeof salt_hex, k.salt, k.salt_len);
	snprintf(uuid, sizeof uuid, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
		 id[0], id[1], id[2], id[3], id[4], id[5], id[6], id[7], id[8], id[9], id[10], id[11], id[12],
		 id[13], id[14], id[15]);
	if (k.kdf == WEB3_KDF_SCRYPT)
		snprintf(kdfparams, sizeof kdfparams,
			 "\"kdf\":\"scrypt\",\"kdfparams\":{\"dklen\":32,\"n\":%llu,\"p\":%u,\"r\":%u,\"salt\":\"%s\"}",
			 (unsigned long long)k.n, k.p, k.r, salt_hex);
	else
		snprintf(kdfparams, sizeof kdfparams,
			 "\"kdf\":\"pbkdf2\",\"kdfparams\":{\"c\":%u,\"dklen\":32,\"prf\":\"hmac-sha256\",\"salt\":\"%s\"}",
			 k.c, salt_hex);

#define KEYSTORE_FMT                                                                              \
	"{\"address\":\"%s\",\"crypto\":{\"cipher\":\"aes-128-ctr\",\"ciphertext\":\"%s\","                     \
	"\"cipherparams\":{\"iv\":\"%s\"},%s,\"mac\":\"%s\"},\"id\":\"%s\",\"version\":3}"
	int len = snprintf(NULL, 0, KEYSTORE_FMT, addr, ct_hex, iv_hex, kdfparams, mac_hex, uuid);
	char *json = len > 0 ? malloc((size_t)len + 1) : NULL;
	if (!json) {
		rc = error_set(e, ERR_FAIL, "out of memory");
		goto out;
	}
	snprintf(json, (size_t)len + 1, KEYSTORE_FMT, addr, ct_hex, iv_hex, kdfparams, mac_hex, uuid);
#undef KEYSTORE_FMT
	*json_out = json;
	rc = 0;
out:
	sodium_free(dk);
	sodium_memzero(&k, sizeof k);
	return rc;
}

int web3_keystore_address(char *out, size_t out_size, const char *json, struct error *e)
{
	cJSON *root = cJSON_Parse(json);
	uint8_t a[20];
	int rc;

	if (!root)
		return error_set(e, ERR_USAGE, "keystore is not valid JSON");
	if (!cJSON_IsObject(root)) {
		rc = error_set(e, ERR_USAGE, "keystore is not a JSON object");
		goto out;
	}
	const char *s = json_str(root, "address");
	if (!s) {
		rc = error_set(e, ERR_NOTFOUND, "keystore has no \"address\"");
		goto out;
	}
	if (hex_decode_exact(a, sizeof a, s) != 0) {
		rc = error_set(e, ERR_USAGE, "keystore \"address\" is not 20 hex bytes");
		goto out;
	}
	if (out_size < 43) {
		rc = error_set(e, ERR_USAGE, "address buffer too small");
		goto out;
	}
	out[0] = '0';
	out[1] = 'x';
	hex_encode(out + 2, out_size - 2, a, sizeof a);
	rc = 0;
out:
	cJSON_Delete(root);
	return rc;
}
