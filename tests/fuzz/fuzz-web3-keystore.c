/* Web3 Secret Storage v3 files (wallet/web3-keystore.h), as cast, geth or
 * MetaMask write them: the address read without the password, and a full
 * decryption with the password "fuzz".
 *
 * The KDF cost is the file's: scrypt at geth's n = 262144 takes a quarter of
 * a second and 256 MiB, far too slow to fuzz. So before decrypting, the
 * target lowers scrypt's n, r, p and PBKDF2's c in the file's JSON to small
 * values (n <= 16, r <= 8, p <= 2, c <= 64), re-printed; every other byte of
 * the JSON reaches the parser as the input has it. The seeds are files made
 * with such small costs and the password "fuzz", so the MAC, the cipher and
 * the address check are reached too. */
#include "config.h"
#include "fuzz.h"

#include <cjson/cJSON.h>
#include "wallet/web3-keystore.h"

#define PASSWORD "fuzz"

/* Lowers a number member to at most max; returns 1 if it changed it. */
static int cap(cJSON *obj, const char *name, double max)
{
	cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, name);
	if (cJSON_IsNumber(v) && v->valuedouble > max) {
		cJSON_SetNumberValue(v, max);
		return 1;
	}
	return 0;
}

/* The text to decrypt: the input, or a cheaper copy (malloc'd) when its
 * parameters are costly. NULL means use the input. */
static char *cheaper(const char *s)
{
	cJSON *root = cJSON_Parse(s);
	char *out = NULL;
	int changed = 0;
	if (!root)
		return NULL;
	cJSON *crypto = cJSON_GetObjectItemCaseSensitive(root, "crypto");
	if (!crypto)
		crypto = cJSON_GetObjectItemCaseSensitive(root, "Crypto");
	cJSON *kp = cJSON_GetObjectItemCaseSensitive(crypto, "kdfparams");
	if (cJSON_IsObject(kp)) {
		changed |= cap(kp, "n", 16);
		changed |= cap(kp, "r", 8);
		changed |= cap(kp, "p", 2);
		changed |= cap(kp, "c", 64);
	}
	if (changed) {
		out = cJSON_PrintUnformatted(root);
		FUZZ_CHECK(out != NULL);
	}
	cJSON_Delete(root);
	return out;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct error e = {0};
	char *s = fuzz_string(data, size), *cheap;
	char addr[43];
	uint8_t seckey[32];
	size_t seckey_len = 0;
	static const uint8_t zero[32];

	int rc = web3_keystore_address(addr, sizeof addr, s, &e);
	FUZZ_CHECK(rc == 0 || rc == ERR_USAGE || rc == ERR_NOTFOUND);
	if (rc == 0)
		FUZZ_CHECK(strlen(addr) == 42 && addr[0] == '0' && addr[1] == 'x');

	cheap = cheaper(s);
	rc = web3_keystore_decrypt(seckey, &seckey_len, cheap ? cheap : s, PASSWORD, &e);
	FUZZ_CHECK(rc == 0 || rc == ERR_USAGE || rc == ERR_REFUSED);
	if (rc == 0) {
		FUZZ_CHECK(seckey_len >= 1 && seckey_len <= 32);
	} else {
		FUZZ_CHECK(memcmp(seckey, zero, 32) == 0); /* wiped */
		FUZZ_CHECK(e.msg[0] && !strstr(e.msg, PASSWORD));
	}
	free(cheap);
	free(s);
	return 0;
}
