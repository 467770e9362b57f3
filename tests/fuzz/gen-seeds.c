/* Writes the seeds that need the library: key files encrypted with the
 * password "fuzz" at the smallest KDF costs (so the fuzz targets decrypt
 * them fast), and ABI encodings of values for fuzz-abi's tuple types.
 *
 *   make tests/fuzz/gen-seeds && tests/fuzz/gen-seeds tests/fuzz/corpus
 *
 * The random salts and IVs make the bytes differ from run to run; the
 * checked-in seeds are one such run. (make-corpus.py writes the rest.) */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <openssl/evp.h>
#include <sodium.h>

#include "chains/evm/abi.h"
#include "wallet/helium-wallet.h"
#include "wallet/keystore.h"
#include "wallet/solana-keypair.h"
#include "wallet/web3-keystore.h"

#define PASSWORD "fuzz"

static const char *out_dir;

static void die(const char *what, const struct error *e)
{
	fprintf(stderr, "gen-seeds: %s: %s\n", what, e ? e->msg : strerror(errno));
	exit(1);
}

static void put(const char *target, const char *name, const void *data, size_t len)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/%s", out_dir, target);
	if (mkdir(path, 0755) != 0 && errno != EEXIST)
		die(path, NULL);
	snprintf(path, sizeof path, "%s/%s/%s", out_dir, target, name);
	FILE *f = fopen(path, "wb");
	if (!f || fwrite(data, 1, len, f) != len || fclose(f) != 0)
		die(path, NULL);
}

static void keystore_seeds(void)
{
	struct error e = {0};
	struct keystore_kdf kdf = { crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN };
	struct key_info info;
	char home[] = "/tmp/gen-seeds-XXXXXX", path[4096];
	static const struct {
		const char *name;
		enum key_kind kind;
		enum key_derivation d;
		const char *words;
	} keys[] = {
		{ "mnemonic", KEY_MNEMONIC, KEY_DERIV_STANDARD,
		  "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about" },
		{ "helium-mnemonic", KEY_MNEMONIC, KEY_DERIV_HELIUM,
		  "ritual ice harbor gas modify seed control solve burden people stay million" },
		{ "ed25519", KEY_ED25519, KEY_DERIV_STANDARD, NULL },
		{ "secp256k1", KEY_SECP256K1, KEY_DERIV_STANDARD, NULL },
	};

	if (!mkdtemp(home))
		die("mkdtemp", NULL);
	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
		struct key_secret *s = key_secret_new();
		if (!s)
			die("key_secret_new", NULL);
		s->kind = keys[i].kind;
		s->derivation = keys[i].d;
		if (keys[i].words)
			snprintf(s->mnemonic, sizeof s->mnemonic, "%s", keys[i].words);
		for (int b = 0; b < 32; b++)
			s->raw[b] = (uint8_t)(b + 1);
		if (keystore_create(&info, home, keys[i].name, s, PASSWORD, &kdf, &e) != 0)
			die(keys[i].name, &e);
		key_secret_free(s);
		keystore_path(path, sizeof path, home, keys[i].name);
		FILE *f = fopen(path, "rb");
		char buf[16384];
		size_t n = f ? fread(buf, 1, sizeof buf, f) : 0;
		if (!f || n == 0)
			die(path, NULL);
		fclose(f);
		unlink(path);
		put("keystore", keys[i].name, buf, n);
	}
	snprintf(path, sizeof path, "%s/keys", home);
	rmdir(path);
	rmdir(home);
}

static void web3_seeds(void)
{
	struct error e = {0};
	uint8_t key[32];
	char *json;
	const struct web3_kdf_params scrypt = { WEB3_KDF_SCRYPT, 2, 1, 1, 0 };
	const struct web3_kdf_params pbkdf2 = { WEB3_KDF_PBKDF2, 0, 0, 0, 1 };

	for (int i = 0; i < 32; i++)
		key[i] = (uint8_t)(0x40 + i);
	if (web3_keystore_encrypt(&json, key, PASSWORD, &scrypt, &e) != 0)
		die("web3 scrypt", &e);
	put("web3-keystore", "fuzz-scrypt", json, strlen(json));
	free(json);
	if (web3_keystore_encrypt(&json, key, PASSWORD, &pbkdf2, &e) != 0)
		die("web3 pbkdf2", &e);
	put("web3-keystore", "fuzz-pbkdf2", json, strlen(json));
	free(json);
}

static void put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

/* A basic v1 or v2 wallet with PBKDF2 at one iteration, as the layout in
 * helium-wallet.h has it (helium_wallet_encrypt writes v3 only). */
static void helium_v1v2(unsigned version, const uint8_t seed[32])
{
	uint8_t pk[32], sk[64], out[256], key[32], pt[65], tag[16];
	size_t o = 0;
	int n = 0, fin = 0;
	crypto_sign_seed_keypair(pk, sk, seed);
	out[o++] = (uint8_t)version;
	out[o++] = 0;
	if (version == 2)
		out[o++] = 0; /* PBKDF2 */
	size_t aad = o;
	out[o++] = 0x01; /* mainnet ed25519 */
	memcpy(out + o, pk, 32);
	o += 32;
	size_t iv = o;
	randombytes_buf(out + o, 12);
	o += 12;
	size_t salt = o;
	randombytes_buf(out + o, 8);
	o += 8;
	put32(out + o, 1);
	o += 4;
	if (PKCS5_PBKDF2_HMAC(PASSWORD, 4, out + salt, 8, 1, EVP_sha256(), 32, key) != 1)
		die("pbkdf2", NULL);
	pt[0] = 0x01;
	memcpy(pt + 1, sk, 64);
	size_t tag_at = o;
	o += 16;
	EVP_CIPHER_CTX *c = EVP_CIPHER_CTX_new();
	if (!c || EVP_EncryptInit_ex(c, EVP_aes_256_gcm(), NULL, NULL, NULL) != 1 ||
	    EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_GCM_SET_IVLEN, 12, NULL) != 1 ||
	    EVP_EncryptInit_ex(c, NULL, NULL, key, out + iv) != 1 ||
	    EVP_EncryptUpdate(c, NULL, &n, out + aad, 33) != 1 || EVP_EncryptUpdate(c, out + o, &n, pt, 65) != 1 ||
	    EVP_EncryptFinal_ex(c, out + o + n, &fin) != 1 || EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_GCM_GET_TAG, 16, tag) != 1)
		die("aes-256-gcm", NULL);
	EVP_CIPHER_CTX_free(c);
	memcpy(out + tag_at, tag, 16);
	o += 65;
	put("helium-wallet", version == 1 ? "fuzz-v1-pbkdf2" : "fuzz-v2-pbkdf2", out, o);
}

static void helium_seeds(void)
{
	struct error e = {0};
	uint8_t seed[32], *out;
	size_t len;
	const struct helium_wallet_kdf pbkdf2 = { HELIUM_PWHASH_PBKDF2, 1, 0, 0 };
	const struct helium_wallet_kdf argon = { HELIUM_PWHASH_ARGON2ID, 0, crypto_pwhash_argon2id_OPSLIMIT_MIN,
						 crypto_pwhash_argon2id_MEMLIMIT_MIN };
	char *kp;

	for (int i = 0; i < 32; i++)
		seed[i] = (uint8_t)(0x40 + i);
	if (helium_wallet_encrypt(&out, &len, seed, PASSWORD, &pbkdf2, &e) != 0)
		die("helium pbkdf2", &e);
	put("helium-wallet", "fuzz-v3-pbkdf2", out, len);
	free(out);
	if (helium_wallet_encrypt(&out, &len, seed, PASSWORD, &argon, &e) != 0)
		die("helium argon2id", &e);
	put("helium-wallet", "fuzz-v3-argon2id", out, len);
	free(out);
	helium_v1v2(1, seed);
	helium_v1v2(2, seed);

	if (solana_keypair_format(&kp, seed) != 0)
		die("solana keypair", NULL);
	put("solana-keypair", "formatted", kp, strlen(kp));
	sodium_memzero(kp, strlen(kp));
	free(kp);
}

/* fuzz-abi.c's tuple list, in its order, with a value for each. */
static const char *const abi_values[][2] = {
	{ "(uint256)", "(115792089237316195423570985008687907853269984665640564039457584007913129639935)" },
	{ "(address,uint256)", "(0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266, 1000000000000000000)" },
	{ "(bool,int8,bytes4,uint16,int256)", "(true, -128, 0xdeadbeef, 65535, -1)" },
	{ "(string)", "(\"h\xc3\xa9llo \\x01\\n\")" },
	{ "(bytes,string[])", "(0x0102, [a, \"b,c\", \"\"])" },
	{ "(uint256[])", "([1, 2, 3])" },
	{ "(uint8[3][],address)", "([[1, 2, 3], [4, 5, 6]], 0x0000000000000000000000000000000000000001)" },
	{ "((uint256,string)[],bytes32)",
	  "([(1, \"one\"), (2, \"two\")], 0xabababababababababababababababababababababababababababababababab)" },
	{ "(int256,(bool,bytes)[2],string)", "(-7, [(true, 0x), (false, 0xff)], \"x\")" },
	{ "(uint256[][][],bytes[])", "([[[1], []], [[2, 3]]], [0x01, 0x])" },
	{ "((address,(uint64,bytes))[],int24)", "([(0x3535353535353535353535353535353535353535, (9, 0x00))], -8388608)" },
	{ "(string[2][],(uint8,bytes1[])[1])", "([[a, b]], [(7, [0x01, 0x02])])" },
};

static void abi_seeds(void)
{
	struct error e = {0};
	for (size_t i = 0; i < sizeof abi_values / sizeof abi_values[0]; i++) {
		struct abi_type *t;
		struct abi_value v;
		uint8_t *enc, *buf;
		size_t len;
		char name[32];
		if (abi_type_parse(&t, abi_values[i][0], &e) != 0 || abi_value_parse(&v, t, abi_values[i][1], &e) != 0 ||
		    abi_encode_params(&enc, &len, t, &v, &e) != 0)
			die(abi_values[i][0], &e);
		buf = malloc(len + 1);
		if (!buf)
			die("malloc", NULL);
		buf[0] = (uint8_t)i; /* fuzz-abi's mode: this tuple */
		memcpy(buf + 1, enc, len);
		snprintf(name, sizeof name, "tuple-%02zu", i);
		put("abi", name, buf, len + 1);
		free(buf);
		free(enc);
		abi_value_release(&v);
		abi_type_free(t);
	}
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: gen-seeds CORPUS-FOLDER\n");
		return 2;
	}
	out_dir = argv[1];
	if (sodium_init() < 0)
		die("sodium_init", NULL);
	keystore_seeds();
	web3_seeds();
	helium_seeds();
	abi_seeds();
	return 0;
}
