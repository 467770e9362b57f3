/* Web3 Secret Storage v3: the published vectors (scrypt and pbkdf2, and
 * geth's 31- and 30-byte keys), keystores written by Foundry's cast, round
 * trips, and hostile files. */
#include "config.h"
#include "tap.h"

#include <ctype.h>
#include <cjson/cJSON.h>

#include "hex.h"
#include "wallet/address.h"
#include "wallet/web3-keystore.h"

static const char *VECTORS = "tests/fixtures/vectors/web3-keystore-v3-vectors.json";

/* A copy of the keystore JSON with one member replaced (val) or removed
 * (val NULL); path names the object holding it: "", "crypto",
 * "crypto.kdfparams", "crypto.cipherparams". */
static char *with(const char *json, const char *path, const char *key, cJSON *val)
{
	cJSON *root = cJSON_Parse(json), *obj = root;
	char buf[64], *save = NULL;
	snprintf(buf, sizeof buf, "%s", path);
	for (char *part = strtok_r(buf, ".", &save); part; part = strtok_r(NULL, ".", &save))
		obj = cJSON_GetObjectItemCaseSensitive(obj, part);
	if (val) {
		if (cJSON_GetObjectItemCaseSensitive(obj, key))
			cJSON_ReplaceItemInObjectCaseSensitive(obj, key, val);
		else
			cJSON_AddItemToObject(obj, key, val);
	} else {
		cJSON_DeleteItemFromObjectCaseSensitive(obj, key);
	}
	char *out = cJSON_PrintUnformatted(root);
	cJSON_Delete(root);
	return out;
}

static int is_zero(const uint8_t *p, size_t n)
{
	uint8_t acc = 0;
	for (size_t i = 0; i < n; i++)
		acc |= p[i];
	return acc == 0;
}

/* Decrypting a hostile file fails with ERR_USAGE, a message containing
 * want, and a zeroed key. Frees json. */
static void refused(char *json, const char *want, const char *what)
{
	uint8_t key[32];
	struct error e = { 0 };
	memset(key, 0xaa, sizeof key);
	int rc = web3_keystore_decrypt(key, NULL, json, "foo", &e);
	is_int(rc, ERR_USAGE, "%s is refused as a usage error", what);
	ok(strstr(e.msg, want) != NULL, "%s: message '%s' mentions '%s'", what, e.msg, want);
	ok(is_zero(key, sizeof key), "%s: the key buffer is wiped", what);
	free(json);
}

static void vectors(void)
{
	char *text = tap_slurp(VECTORS);
	cJSON *all = cJSON_Parse(text);
	int count = 0;
	ok(all != NULL, "the vectors file parses");
	for (cJSON *v = all ? all->child : NULL; v; v = v->next) {
		const char *password = cJSON_GetObjectItem(v, "password")->valuestring;
		const char *priv = cJSON_GetObjectItem(v, "priv")->valuestring;
		char *json = cJSON_PrintUnformatted(cJSON_GetObjectItem(v, "json"));
		uint8_t key[32], want[32] = { 0 };
		size_t len = 0, want_len = strlen(priv) / 2;
		struct error e = { 0 };
		char hex[65];

		if (hex_decode_exact(want + 32 - want_len, want_len, priv) != 0)
			printf("Bail out! bad priv in %s\n", v->string);
		int rc = web3_keystore_decrypt(key, &len, json, password, &e);
		is_int(rc, 0, "vector %s decrypts (%s)", v->string, e.msg);
		hex_encode(hex, sizeof hex, key + 32 - want_len, want_len);
		is_str(hex, priv, "vector %s: the secret key", v->string);
		ok(memcmp(key, want, 32) == 0, "vector %s: left-padded to 32 bytes", v->string);
		is_int(len, want_len, "vector %s: the file held %zu bytes", v->string, want_len);

		rc = web3_keystore_decrypt(key, &len, json, "not the password", &e);
		is_int(rc, ERR_REFUSED, "vector %s: a wrong password is refused", v->string);
		free(json);
		count++;
	}
	is_int(count, 4, "all four published vectors ran");
	cJSON_Delete(all);
	free(text);
}

/* The 31-byte vector (scrypt n=2) is cheap: tampering and hostile params. */
static void tampering(void)
{
	char *text = tap_slurp(VECTORS);
	cJSON *all = cJSON_Parse(text);
	char *base = cJSON_PrintUnformatted(cJSON_GetObjectItem(cJSON_GetObjectItem(all, "31_byte_key"), "json"));
	uint8_t key[32];
	struct error e = { 0 };
	char *j;
	int rc;

	rc = web3_keystore_decrypt(key, NULL, base, "bar", &e);
	is_int(rc, ERR_REFUSED, "wrong password refused");
	is_str(e.msg, "wrong password for keystore (MAC mismatch)", "wrong password message");
	ok(is_zero(key, 32), "wrong password leaves a zeroed key");

	j = with(base, "crypto", "ciphertext",
		 cJSON_CreateString("9517cd5bdbe69076f9bf5057248c6c050141e970efa36ce53692d5d59a3985"));
	rc = web3_keystore_decrypt(key, NULL, j, "foo", &e);
	is_int(rc, ERR_REFUSED, "a flipped ciphertext bit is refused");
	free(j);
	j = with(base, "crypto", "mac",
		 cJSON_CreateString("d5e116151c6aa71470e67a7d42c9620c75c4d23229847dcc127794f0732b0db4"));
	rc = web3_keystore_decrypt(key, NULL, j, "foo", &e);
	is_int(rc, ERR_REFUSED, "a flipped mac bit is refused");
	free(j);
	j = with(base, "crypto.kdfparams", "salt",
		 cJSON_CreateString("711f816911c92d649fb4c84b047915679933555030b3552c1212609b38208c64"));
	rc = web3_keystore_decrypt(key, NULL, j, "foo", &e);
	is_int(rc, ERR_REFUSED, "a changed salt is refused");
	free(j);

	/* "Crypto", as some old files spell it */
	{
		cJSON *root = cJSON_Parse(base);
		cJSON *c = cJSON_DetachItemFromObject(root, "crypto");
		cJSON_AddItemToObject(root, "Crypto", c);
		j = cJSON_PrintUnformatted(root);
		cJSON_Delete(root);
		size_t len = 0;
		rc = web3_keystore_decrypt(key, &len, j, "foo", &e);
		ok(rc == 0 && len == 31 && key[0] == 0 && key[1] == 0xfa, "\"Crypto\" (upper case) is read");
		free(j);
	}

	/* hostile parameters */
	refused(with(base, "crypto.kdfparams", "n", cJSON_CreateNumber(3)), "power of two", "scrypt n = 3");
	refused(with(base, "crypto.kdfparams", "n", cJSON_CreateNumber(1)), "power of two", "scrypt n = 1");
	refused(with(base, "crypto.kdfparams", "n", cJSON_CreateNumber(4096.5)), "integer", "scrypt n = 4096.5");
	refused(with(base, "crypto.kdfparams", "n", cJSON_CreateNumber(-4096)), "integer", "scrypt n = -4096");
	refused(with(base, "crypto.kdfparams", "n", cJSON_CreateString("4096")), "integer", "scrypt n as a string");
	refused(with(base, "crypto.kdfparams", "n", cJSON_CreateNumber(1u << 30)), "memory", "scrypt n = 2^30");
	refused(with(base, "crypto.kdfparams", "n", cJSON_CreateNumber(1099511627776.0)), "memory", "scrypt n = 2^40");
	refused(with(base, "crypto.kdfparams", "n", cJSON_CreateNumber(1e300)), "integer", "scrypt n = 1e300");
	refused(with(base, "crypto.kdfparams", "r", cJSON_CreateNumber(1 << 24)), "memory", "scrypt r = 2^24");
	refused(with(base, "crypto.kdfparams", "r", cJSON_CreateNumber(0)), "at least 1", "scrypt r = 0");
	refused(with(base, "crypto.kdfparams", "p", cJSON_CreateNumber(1 << 30)), "cost", "scrypt p = 2^30");
	refused(with(base, "crypto.kdfparams", "dklen", cJSON_CreateNumber(16)), "dklen", "dklen 16");
	refused(with(base, "crypto.kdfparams", "salt", NULL), "salt", "a missing salt");
	refused(with(base, "crypto.kdfparams", "salt", cJSON_CreateString("xyz1")), "not hex", "a non-hex salt");
	refused(with(base, "crypto", "kdfparams", NULL), "kdfparams", "missing kdfparams");
	refused(with(base, "crypto", "kdf", cJSON_CreateString("argon2id")), "not supported", "an unknown kdf");
	refused(with(base, "crypto", "mac", NULL), "mac", "a missing mac");
	refused(with(base, "crypto", "mac", cJSON_CreateString("d5e1")), "shorter", "a short mac");
	refused(with(base, "crypto", "ciphertext", cJSON_CreateString("")), "shorter", "an empty ciphertext");
	refused(with(base, "crypto", "ciphertext", cJSON_CreateString(
		"9517cd5bdbe69076f9bf5057248c6c050141e970efa36ce53692d5d59a398400aa")), "longer", "a 33-byte ciphertext");
	refused(with(base, "crypto", "cipher", cJSON_CreateString("aes-128-cbc")), "cipher", "aes-128-cbc");
	refused(with(base, "crypto.cipherparams", "iv", cJSON_CreateString("e0c41130a323adc1446fc82f724bcaZZ")),
		"not hex", "a non-hex iv");
	refused(with(base, "crypto.cipherparams", "iv", cJSON_CreateString("e0c41130a323adc1446fc82f724bca")),
		"shorter", "a 15-byte iv");
	refused(with(base, "crypto.cipherparams", "iv", cJSON_CreateNumber(7)), "iv", "a numeric iv");
	refused(with(base, "crypto", "cipherparams", NULL), "cipherparams", "missing cipherparams");
	refused(with(base, "", "crypto", NULL), "crypto", "a missing crypto object");
	refused(with(base, "", "version", cJSON_CreateNumber(4)), "version", "version 4");
	refused(with(base, "", "version", NULL), "version", "no version");
	refused(strdup("{\"crypto\": "), "not valid JSON", "truncated JSON");
	refused(strdup("[1,2,3]"), "not a JSON object", "a JSON array");
	refused(strdup(""), "not valid JSON", "an empty file");

	/* pbkdf2 hostile params, on the pbkdf2 vector */
	{
		char *pb = cJSON_PrintUnformatted(
			cJSON_GetObjectItem(cJSON_GetObjectItem(all, "wikipage_test_vector_pbkdf2"), "json"));
		refused(with(pb, "crypto.kdfparams", "c", cJSON_CreateNumber(0)), "iteration", "pbkdf2 c = 0");
		refused(with(pb, "crypto.kdfparams", "c", cJSON_CreateNumber(5e9)), "\"c\"", "pbkdf2 c = 5e9");
		refused(with(pb, "crypto.kdfparams", "c", cJSON_CreateNumber(2e7)), "iteration", "pbkdf2 c = 2e7");
		refused(with(pb, "crypto.kdfparams", "prf", cJSON_CreateString("hmac-sha512")), "prf", "prf hmac-sha512");
		refused(with(pb, "crypto.kdfparams", "prf", NULL), "prf", "a missing prf");
		free(pb);
	}
	free(base);
	cJSON_Delete(all);
	free(text);
}

static int is_uuid4(const char *s)
{
	if (strlen(s) != 36 || s[8] != '-' || s[13] != '-' || s[18] != '-' || s[23] != '-')
		return 0;
	for (int i = 0; i < 36; i++)
		if (s[i] != '-' && !(isdigit((unsigned char)s[i]) || (s[i] >= 'a' && s[i] <= 'f')))
			return 0;
	return s[14] == '4' && strchr("89ab", s[19]) != NULL;
}

static void round_trip(const char *what, const struct web3_kdf_params *p, const char *want_kdf)
{
	/* anvil's first dev account: a published key and address */
	uint8_t key[32], got[32];
	char *json = NULL, addr[ADDRESS_EVM_MAX], evm[ADDRESS_EVM_MAX];
	struct error e = { 0 };
	size_t len = 0;

	if (hex_decode_exact(key, 32, "ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80") != 0)
		printf("Bail out! bad key\n");
	int rc = web3_keystore_encrypt(&json, key, "p\xc3\xa4ssw\xc3\xb6rd", p, &e);
	is_int(rc, 0, "%s: encrypt (%s)", what, e.msg);
	if (!json)
		return;
	rc = web3_keystore_decrypt(got, &len, json, "p\xc3\xa4ssw\xc3\xb6rd", &e);
	ok(rc == 0 && len == 32 && memcmp(got, key, 32) == 0, "%s: decrypts to the same key", what);
	rc = web3_keystore_decrypt(got, &len, json, "password", &e);
	is_int(rc, ERR_REFUSED, "%s: a wrong password is refused", what);

	cJSON *root = cJSON_Parse(json);
	cJSON *crypto = cJSON_GetObjectItem(root, "crypto");
	is_str(cJSON_GetStringValue(cJSON_GetObjectItem(root, "address")), "f39fd6e51aad88f6f4ce6ab8827279cfffb92266",
	       "%s: address field, lower case without 0x", what);
	is_int(cJSON_GetObjectItem(root, "version")->valuedouble, 3, "%s: version 3", what);
	ok(is_uuid4(cJSON_GetStringValue(cJSON_GetObjectItem(root, "id"))), "%s: id is a UUIDv4", what);
	is_str(cJSON_GetStringValue(cJSON_GetObjectItem(crypto, "kdf")), want_kdf, "%s: kdf", what);
	is_str(cJSON_GetStringValue(cJSON_GetObjectItem(crypto, "cipher")), "aes-128-ctr", "%s: cipher", what);
	is_int(strlen(cJSON_GetStringValue(cJSON_GetObjectItem(cJSON_GetObjectItem(crypto, "kdfparams"), "salt"))), 64,
	       "%s: a 32-byte salt", what);
	if (p && p->kdf == WEB3_KDF_SCRYPT)
		is_int(cJSON_GetObjectItem(cJSON_GetObjectItem(crypto, "kdfparams"), "n")->valuedouble, p->n,
		       "%s: n as asked", what);
	else if (!p)
		is_int(cJSON_GetObjectItem(cJSON_GetObjectItem(crypto, "kdfparams"), "n")->valuedouble, 262144,
		       "%s: geth's standard n", what);
	cJSON_Delete(root);

	{
		char *other = with(json, "", "address", cJSON_CreateString("70997970c51812dc3a010c7d01b50e0d17dc79c8"));
		rc = web3_keystore_decrypt(got, &len, other, "p\xc3\xa4ssw\xc3\xb6rd", &e);
		is_int(rc, ERR_USAGE, "%s: an address field that is not the key's is refused", what);
		ok(strstr(e.msg, "does not match") != NULL, "%s: message '%s'", what, e.msg);
		free(other);
		other = with(json, "", "address", cJSON_CreateString("f39fd6e51aad88f6f4ce6ab8827279cfffb922"));
		rc = web3_keystore_decrypt(got, &len, other, "p\xc3\xa4ssw\xc3\xb6rd", &e);
		is_int(rc, ERR_USAGE, "%s: a 19-byte address field is refused", what);
		free(other);
		other = with(json, "", "address", cJSON_CreateString("0xF39FD6E51AAD88F6F4CE6AB8827279CFFFB92266"));
		rc = web3_keystore_decrypt(got, &len, other, "p\xc3\xa4ssw\xc3\xb6rd", &e);
		is_int(rc, 0, "%s: an upper-case 0x address field is accepted", what);
		free(other);
	}
	rc = web3_keystore_address(addr, sizeof addr, json, &e);
	ok(rc == 0 && address_evm_from_seckey(evm, sizeof evm, key) == 0, "%s: addresses read", what);
	for (char *c = evm; *c; c++)
		*c = (char)tolower((unsigned char)*c);
	is_str(addr, evm, "%s: the address field matches the key", what);
	free(json);
}

static void encrypt_cases(void)
{
	struct web3_kdf_params light = { WEB3_KDF_SCRYPT, 4096, 8, 1, 0 };
	struct web3_kdf_params pb = { WEB3_KDF_PBKDF2, 0, 0, 0, 1000 };
	round_trip("scrypt n=4096", &light, "scrypt");
	round_trip("pbkdf2 c=1000", &pb, "pbkdf2");
	round_trip("default params", NULL, "scrypt");

	/* two encryptions differ (random salt, iv, id) */
	{
		uint8_t key[32];
		char *a = NULL, *b = NULL;
		memset(key, 0x11, sizeof key);
		int ra = web3_keystore_encrypt(&a, key, "x", &light, NULL);
		int rb = web3_keystore_encrypt(&b, key, "x", &light, NULL);
		ok(ra == 0 && rb == 0 && strcmp(a, b) != 0, "two encryptions of one key differ");
		free(a);
		free(b);
	}

	uint8_t zero[32] = { 0 }, order[32], one[32];
	memset(one, 0x11, sizeof one);
	char *json = (char *)"unchanged";
	struct error e = { 0 };
	is_int(web3_keystore_encrypt(&json, zero, "x", &light, &e), ERR_USAGE, "encrypt refuses a zero key");
	ok(json == NULL, "and leaves no output");
	if (hex_decode_exact(order, 32, "fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141") != 0)
		printf("Bail out!\n");
	is_int(web3_keystore_encrypt(&json, order, "x", &light, &e), ERR_USAGE, "encrypt refuses the group order");
	struct web3_kdf_params bad = { WEB3_KDF_SCRYPT, 1000, 8, 1, 0 };
	is_int(web3_keystore_encrypt(&json, one, "x", &bad, &e), ERR_USAGE, "encrypt refuses n = 1000");
	struct web3_kdf_params badc = { WEB3_KDF_PBKDF2, 0, 0, 0, 0 };
	is_int(web3_keystore_encrypt(&json, one, "x", &badc, &e), ERR_USAGE, "encrypt refuses c = 0");
}

/* Files written by Foundry's cast 1.7.1 (see tests/fixtures/keyfiles/README.md). */
static void cast_file(const char *file, const char *password, const char *want_addr, const char *want_key)
{
	char *json = tap_slurp(file);
	uint8_t key[32];
	size_t len = 0;
	char addr[ADDRESS_EVM_MAX], hex[65];
	struct error e = { 0 };

	int rc = web3_keystore_decrypt(key, &len, json, password, &e);
	ok(rc == 0 && len == 32, "%s decrypts (%s)", file, e.msg);
	rc = address_evm_from_seckey(addr, sizeof addr, key);
	is_int(rc, 0, "%s: a valid secp256k1 key", file);
	is_str(addr, want_addr, "%s: the address cast printed", file);
	if (want_key) {
		hex_encode(hex, sizeof hex, key, 32);
		is_str(hex, want_key, "%s: the key cast imported", file);
	}
	is_int(web3_keystore_decrypt(key, &len, json, "wrong", &e), ERR_REFUSED, "%s: wrong password refused", file);
	is_int(web3_keystore_address(addr, sizeof addr, json, &e), ERR_NOTFOUND, "%s: cast writes no address field",
	       file);
	free(json);
}

int main(void)
{
	vectors();
	tampering();
	encrypt_cases();
	cast_file("tests/fixtures/keyfiles/cast-import.json", "depinctl-test",
		  "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266",
		  "ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80");
	cast_file("tests/fixtures/keyfiles/cast-new.json", "correct horse battery staple",
		  "0xCaBEE8FF5a43F71a5303865aaD9DF28d22E6Aec3", NULL);
	return tap_done();
}
