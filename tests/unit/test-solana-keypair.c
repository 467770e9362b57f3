/* solana-keygen keypair files: a file written by @solana/web3.js, round
 * trips, and hostile inputs. */
#include "config.h"
#include "tap.h"

#include <sodium.h>

#include "wallet/address.h"
#include "wallet/solana-keypair.h"

/* "[a,b,...]" from 64 bytes, with an optional tail after the array. */
static char *array_of(const uint8_t b[64], int count, const char *sep, const char *tail)
{
	char *s = malloc(2048);
	size_t pos = 0;
	s[pos++] = '[';
	for (int i = 0; i < count; i++)
		pos += (size_t)snprintf(s + pos, 2048 - pos, "%s%u", i ? sep : "", b[i % 64]);
	snprintf(s + pos, 2048 - pos, "]%s", tail);
	return s;
}

static void refused(char *json, const char *want, const char *what)
{
	uint8_t seed[32];
	struct error e = { 0 };
	memset(seed, 0xaa, sizeof seed);
	int rc = solana_keypair_parse(seed, json, &e);
	is_int(rc, ERR_USAGE, "%s is refused", what);
	ok(strstr(e.msg, want) != NULL, "%s: message '%s' mentions '%s'", what, e.msg, want);
	uint8_t acc = 0;
	for (int i = 0; i < 32; i++)
		acc |= seed[i];
	ok(acc == 0, "%s: the seed buffer is wiped", what);
	free(json);
}

int main(void)
{
	uint8_t seed[32], pk[32], sk[64], got[32];
	struct error e = { 0 };
	char *s = NULL;
	int rc;

	if (sodium_init() < 0)
		return 1;

	/* written by @solana/web3.js 1.99.0 (tests/fixtures/keyfiles/README.md) */
	{
		char *json = tap_slurp("tests/fixtures/keyfiles/web3js-keypair.json");
		char addr[ADDRESS_SOLANA_MAX];
		rc = solana_keypair_parse(got, json, &e);
		is_int(rc, 0, "the web3.js keypair parses (%s)", e.msg);
		crypto_sign_seed_keypair(pk, sk, got);
		ok(address_solana(addr, sizeof addr, pk) == 0, "its address encodes");
		is_str(addr, "6HdAenPmGJnR8KwGXQ5Yor7r7LHbVayYU8ysqhyYWZ4c", "the public key web3.js printed");
		rc = solana_keypair_format(&s, got);
		is_int(rc, 0, "format succeeds");
		is_str(s, json, "format writes the same bytes web3.js wrote");
		free(s);
		free(json);
	}

	/* round trip of a random seed */
	randombytes_buf(seed, sizeof seed);
	rc = solana_keypair_format(&s, seed);
	is_int(rc, 0, "format a random seed");
	ok(s && s[0] == '[' && s[strlen(s) - 1] == ']' && !strchr(s, ' ') && !strchr(s, '\n'),
	   "format: one line, no spaces");
	rc = solana_keypair_parse(got, s, &e);
	ok(rc == 0 && memcmp(got, seed, 32) == 0, "parse(format(seed)) == seed");
	free(s);

	/* a fixed seed: 0..31; the public half derived by libsodium */
	for (int i = 0; i < 32; i++)
		seed[i] = (uint8_t)i;
	crypto_sign_seed_keypair(pk, sk, seed);
	rc = solana_keypair_format(&s, seed);
	ok(rc == 0 && strncmp(s, "[0,1,2,3,4,5,6,7,8,9,10,", 24) == 0, "format starts with the seed bytes");
	free(s);

	/* whitespace as a pretty-printer writes it */
	s = array_of(sk, 64, " ,\n  ", " \n");
	rc = solana_keypair_parse(got, s, &e);
	ok(rc == 0 && memcmp(got, seed, 32) == 0, "whitespace between items and a trailing newline are fine");
	free(s);
	{
		char *t = array_of(sk, 64, ",", "");
		char *u = malloc(strlen(t) + 4);
		sprintf(u, " \t%s", t);
		rc = solana_keypair_parse(got, u, &e);
		is_int(rc, 0, "leading whitespace is fine");
		free(t);
		free(u);
	}

	/* hostile inputs */
	refused(array_of(sk, 63, ",", ""), "63 numbers", "63 numbers");
	refused(array_of(sk, 65, ",", ""), "more than 64", "65 numbers");
	refused(strdup("[]"), "0 numbers", "an empty array");
	refused(array_of(sk, 64, ",", " x"), "after the array", "trailing junk");
	refused(array_of(sk, 64, ",", ","), "after the array", "a trailing comma after the array");
	refused(array_of(sk, 64, ",", "]"), "after the array", "two closing brackets");
	{
		uint8_t b[64];
		memcpy(b, sk, 64);
		char *t = array_of(b, 64, ",", "");
		/* replace the first number with 256 / -1 / 1.0 / 1e2 / [1] / "1" / 007 */
		const char *bad[] = { "256", "-1", "1.0", "1e2", "[1]", "\"1\"", "007", "1000", "", "null" };
		const char *why[] = { "256", "-1", "a float", "an exponent", "a nested array", "a string",
				      "a leading zero", "1000", "an empty item", "null" };
		const char *want[] = { "item 1", "item 1", "item 1", "item 1", "item 1", "item 1", "leading zero",
				       "item 1", "item 1", "item 1" };
		const char *rest = strchr(t, ',');
		for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
			char *u = malloc(strlen(t) + 16);
			sprintf(u, "[%s%s", bad[i], rest);
			refused(u, want[i], why[i]);
		}
		free(t);
	}
	refused(strdup("{\"key\": [1,2]}"), "not a JSON array", "an object");
	refused(strdup(""), "not a JSON array", "an empty file");
	refused(strdup("[1,2,3"), "item 3", "a truncated array");
	{
		/* the public half does not match the seed */
		uint8_t b[64];
		memcpy(b, sk, 64);
		b[40] ^= 1;
		refused(array_of(b, 64, ",", ""), "public key does not match", "a wrong public half");
		memcpy(b, sk, 64);
		b[3] ^= 1;
		refused(array_of(b, 64, ",", ""), "public key does not match", "a changed seed");
	}
	return tap_done();
}
