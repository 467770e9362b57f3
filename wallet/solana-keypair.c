/* solana-keygen keypair files. A hand-written parser rather than cJSON:
 * the format is narrow (no floats, no nesting, no exponents), and the secret
 * bytes then never pass through memory we cannot wipe. */
#include "config.h"
#include "solana-keypair.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sodium.h>

static const char *skip_ws(const char *s)
{
	while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
		s++;
	return s;
}

int solana_keypair_parse(uint8_t seed[32], const char *json, struct error *e)
{
	uint8_t kp[64], pk[32], sk[64];
	const char *s = skip_ws(json);
	int rc = 0, i;

	memset(seed, 0, 32);
	if (*s != '[') {
		rc = error_set(e, ERR_USAGE, "keypair file is not a JSON array of 64 numbers");
		goto out;
	}
	s = skip_ws(s + 1);
	for (i = 0; i < 64; i++) {
		unsigned v = 0;
		int digits = 0;
		if (*s == ']') {
			rc = error_set(e, ERR_USAGE, "keypair file has %d numbers, not 64", i);
			goto out;
		}
		if (*s < '0' || *s > '9') {
			rc = error_set(e, ERR_USAGE, "keypair file: item %d is not an integer 0..255", i + 1);
			goto out;
		}
		if (*s == '0' && s[1] >= '0' && s[1] <= '9') {
			rc = error_set(e, ERR_USAGE, "keypair file: item %d has a leading zero", i + 1);
			goto out;
		}
		while (*s >= '0' && *s <= '9') {
			if (++digits > 3)
				break;
			v = v * 10 + (unsigned)(*s++ - '0');
		}
		if (digits > 3 || v > 255 || *s == '.' || *s == 'e' || *s == 'E') {
			rc = error_set(e, ERR_USAGE, "keypair file: item %d is not an integer 0..255", i + 1);
			goto out;
		}
		kp[i] = (uint8_t)v;
		s = skip_ws(s);
		if (i < 63) {
			if (*s == ']') {
				rc = error_set(e, ERR_USAGE, "keypair file has %d numbers, not 64", i + 1);
				goto out;
			}
			if (*s != ',') {
				rc = error_set(e, ERR_USAGE, "keypair file: expected ',' after item %d", i + 1);
				goto out;
			}
			s = skip_ws(s + 1);
		}
	}
	if (*s == ',') {
		rc = error_set(e, ERR_USAGE, "keypair file has more than 64 numbers");
		goto out;
	}
	if (*s != ']') {
		rc = error_set(e, ERR_USAGE, "keypair file: expected ']' after item 64");
		goto out;
	}
	s = skip_ws(s + 1);
	if (*s != '\0') {
		rc = error_set(e, ERR_USAGE, "keypair file has text after the array");
		goto out;
	}
	if (crypto_sign_seed_keypair(pk, sk, kp) != 0) {
		rc = error_set(e, ERR_FAIL, "ed25519 key derivation failed");
		goto out;
	}
	if (sodium_memcmp(pk, kp + 32, 32) != 0) {
		rc = error_set(e, ERR_USAGE, "keypair file's public key does not match its secret key");
		goto out;
	}
	memcpy(seed, kp, 32);
out:
	sodium_memzero(kp, sizeof kp);
	sodium_memzero(sk, sizeof sk);
	return rc;
}

int solana_keypair_format(char **out, const uint8_t seed[32])
{
	uint8_t pk[32], sk[64];
	/* 64 numbers of at most 3 digits, 63 commas, brackets, NUL */
	size_t cap = 64 * 3 + 63 + 3, pos = 0;
	char *s = malloc(cap);

	*out = NULL;
	if (!s)
		return ERR_FAIL;
	if (crypto_sign_seed_keypair(pk, sk, seed) != 0) {
		free(s);
		return ERR_FAIL;
	}
	s[pos++] = '[';
	for (int i = 0; i < 64; i++) {
		/* sk is seed || public key, the layout of the file */
		pos += (size_t)snprintf(s + pos, cap - pos, i ? ",%u" : "%u", (unsigned)sk[i]);
	}
	s[pos++] = ']';
	s[pos] = '\0';
	sodium_memzero(sk, sizeof sk);
	*out = s;
	return 0;
}
