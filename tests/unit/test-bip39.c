/* BIP39 against every English vector of trezor/python-mnemonic, the word
 * list's published hash, and the error cases. */
#include "config.h"
#include "tap.h"
#include "hex.h"
#include "wallet/bip39.h"
#include "wallet/hd.h"

#include <sodium.h>
#include <cjson/cJSON.h>

static void vectors(void)
{
	char *text = tap_slurp("tests/fixtures/vectors/bip39-trezor-vectors.json");
	cJSON *root = cJSON_Parse(text);
	cJSON *en = cJSON_GetObjectItemCaseSensitive(root, "english");
	ok(cJSON_IsArray(en) && cJSON_GetArraySize(en) == 24, "24 English vectors");
	int i = 0;
	cJSON *v;
	cJSON_ArrayForEach(v, en) {
		const char *ent_hex = cJSON_GetArrayItem(v, 0)->valuestring;
		const char *mnemonic = cJSON_GetArrayItem(v, 1)->valuestring;
		const char *seed_hex = cJSON_GetArrayItem(v, 2)->valuestring;
		const char *xprv = cJSON_GetArrayItem(v, 3)->valuestring;
		uint8_t ent[32], back[32], seed[64];
		size_t n = 0, m = 0;
		char phrase[BIP39_MNEMONIC_MAX], hex[129], x[HD_XKEY_MAX];
		struct error e = { 0 };
		struct hd_node node;

		i++;
		ok(hex_decode(ent, sizeof ent, &n, ent_hex) == 0, "vector %d: entropy hex", i);
		ok(bip39_from_entropy(phrase, sizeof phrase, ent, n) == 0, "vector %d: from entropy", i);
		is_str(phrase, mnemonic, "vector %d: mnemonic", i);
		ok(bip39_to_entropy(back, sizeof back, &m, mnemonic, &e) == 0, "vector %d: to entropy (%s)", i, e.msg);
		ok(m == n && memcmp(back, ent, n) == 0, "vector %d: entropy round trip", i);
		ok(bip39_seed(seed, mnemonic, "TREZOR") == 0, "vector %d: seed", i);
		hex_encode(hex, sizeof hex, seed, 64);
		is_str(hex, seed_hex, "vector %d: seed value", i);
		ok(hd_bip32_secp256k1(&node, seed, 64, NULL, 0) == 0 && hd_xprv(x, sizeof x, &node) == 0,
		   "vector %d: master node", i);
		is_str(x, xprv, "vector %d: xprv", i);
	}
	cJSON_Delete(root);
	free(text);
}

static void wordlist(void)
{
	crypto_hash_sha256_state st;
	uint8_t h[32];
	char hex[65];
	crypto_hash_sha256_init(&st);
	for (unsigned i = 0; i < BIP39_WORDS; i++) {
		crypto_hash_sha256_update(&st, (const uint8_t *)bip39_word(i), strlen(bip39_word(i)));
		crypto_hash_sha256_update(&st, (const uint8_t *)"\n", 1);
	}
	crypto_hash_sha256_final(&st, h);
	hex_encode(hex, sizeof hex, h, 32);
	is_str(hex, "2f5eed53a4727b4bf8880d8f3f199efc90e58503646d9ff8eff3a2ed3b24dbda", "word list sha256");

	/* and it is the fixture file, word for word */
	char *text = tap_slurp("tests/fixtures/vectors/bip39-english.txt");
	int same = 1;
	char *p = text;
	for (unsigned i = 0; i < BIP39_WORDS && same; i++) {
		size_t l = strlen(bip39_word(i));
		same = strncmp(p, bip39_word(i), l) == 0 && p[l] == '\n';
		p += l + 1;
	}
	ok(same && *p == '\0', "word list equals tests/fixtures/vectors/bip39-english.txt");
	free(text);

	is_str(bip39_word(0), "abandon", "word 0");
	is_str(bip39_word(2047), "zoo", "word 2047");
	ok(bip39_word(2048) == NULL, "word 2048 is NULL");
	int all = 1;
	for (unsigned i = 0; i < BIP39_WORDS; i++)
		if (bip39_word_index(bip39_word(i)) != (int)i)
			all = 0;
	ok(all, "bip39_word_index finds every word at its index");
	is_int(bip39_word_index("zzz"), -1, "an unknown word has no index");
	is_int(bip39_word_index("Abandon"), -1, "the index is case sensitive");
	is_int(bip39_word_index(""), -1, "the empty word has no index");

	unsigned first = 99;
	is_int(bip39_complete(&first, "aban"), 1, "one word begins with aban");
	is_int(first, 0, "... abandon");
	is_int(bip39_complete(&first, "ZO"), 2, "two words begin with zo (zone, zoo)");
	is_int(first, 2046, "... the first is zone");
	is_int(bip39_complete(&first, ""), 2048, "every word begins with nothing");
	is_int(bip39_complete(&first, "qqq"), 0, "no word begins with qqq");
	is_int(bip39_complete(&first, "abandonabandon"), 0, "no word is longer than 8 letters");
}

static void errors(void)
{
	uint8_t ent[32], seed[64], seed2[64];
	size_t n = 99;
	struct error e = { 0 };
	static const char zero12[] = "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about";

	is_int(bip39_to_entropy(ent, sizeof ent, &n,
				"abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon", &e),
	       ERR_USAGE, "a wrong checksum is refused");
	is_str(e.msg, "mnemonic checksum does not match (a word is wrong or misplaced)", "checksum message");
	is_int(n, 0, "no entropy on failure");

	/* swapping two words breaks the checksum too */
	is_int(bip39_to_entropy(ent, sizeof ent, &n,
				"legal winner thank year wave sausage worth useful legal winner yellow thank", &e),
	       ERR_USAGE, "two swapped words are refused");
	is_str(e.msg, "mnemonic checksum does not match (a word is wrong or misplaced)", "swapped words: checksum message");

	is_int(bip39_to_entropy(ent, sizeof ent, &n,
				"abandon abandon abandon abandon abandon abandon xyzzy abandon abandon abandon abandon about", &e),
	       ERR_USAGE, "an unknown word is refused");
	is_str(e.msg, "word 7 is not in the BIP39 English word list", "unknown word message");
	ok(strstr(e.msg, "xyzzy") == NULL, "the message does not repeat the word");

	is_int(bip39_to_entropy(ent, sizeof ent, &n,
				"abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandonabandon about", &e),
	       ERR_USAGE, "a word longer than any in the list is refused");
	is_str(e.msg, "word 11 is not in the BIP39 English word list", "long word message");

	is_int(bip39_to_entropy(ent, sizeof ent, &n,
				"abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about", &e),
	       ERR_USAGE, "11 words are refused");
	is_str(e.msg, "a mnemonic has 12, 15, 18, 21 or 24 words, not 11", "word count message");
	is_int(bip39_to_entropy(ent, sizeof ent, &n, " \n\t", &e), ERR_USAGE, "an empty mnemonic is refused");
	is_int(bip39_to_entropy(ent, 15, &n, zero12, &e), ERR_USAGE, "a 15-byte entropy buffer is too small for 12 words");

	/* whitespace and case */
	static const char messy[] = "  Abandon\tabandon  abandon\nabandon abandon abandon\r\nabandon abandon abandon abandon abandon ABOUT\n";
	char norm[sizeof messy];
	ok(bip39_normalize(norm, sizeof norm, messy) == 0, "normalize");
	is_str(norm, zero12, "normalize trims, collapses whitespace, lower-cases");
	ok(bip39_normalize(norm, 10, messy) < 0, "normalize refuses a small buffer");
	ok(bip39_normalize(norm, sizeof norm, "") == 0 && norm[0] == '\0', "normalize of nothing is nothing");
	uint8_t zeros[16] = { 0 };
	ok(bip39_to_entropy(ent, sizeof ent, &n, messy, &e) == 0 && n == 16 && memcmp(ent, zeros, 16) == 0,
	   "extra whitespace and capitals are accepted");
	ok(bip39_seed(seed, zero12, "") == 0 && bip39_seed(seed2, messy, NULL) == 0 && memcmp(seed, seed2, 64) == 0,
	   "the seed of a messy phrase is the seed of its normal form");
	ok(bip39_seed(seed2, zero12, "TREZOR") == 0 && memcmp(seed, seed2, 64) != 0, "the passphrase changes the seed");
	is_int(bip39_seed(seed, zero12, "caf\xc3\xa9"), ERR_USAGE, "a non-ASCII passphrase is refused");
	is_int(bip39_seed(seed, "\xc3\xa9", ""), ERR_USAGE, "a non-ASCII mnemonic is refused");

	char phrase[BIP39_MNEMONIC_MAX];
	is_int(bip39_from_entropy(phrase, sizeof phrase, zeros, 15), ERR_USAGE, "15 bytes of entropy are refused");
	is_int(bip39_from_entropy(phrase, sizeof phrase, zeros, 12), ERR_USAGE, "12 bytes of entropy are refused");
	uint8_t big[36] = { 0 };
	is_int(bip39_from_entropy(phrase, sizeof phrase, big, 36), ERR_USAGE, "36 bytes of entropy are refused");
	is_int(bip39_from_entropy(phrase, 20, zeros, 16), ERR_USAGE, "from_entropy refuses a small buffer");
}

static unsigned count_words(const char *s)
{
	unsigned n = 0;
	for (const char *p = s; *p; p++)
		if (p == s || p[-1] == ' ')
			n++;
	return n;
}

static void generate(void)
{
	static const unsigned counts[] = { 12, 15, 18, 21, 24 };
	char a[BIP39_MNEMONIC_MAX], b[BIP39_MNEMONIC_MAX], norm[BIP39_MNEMONIC_MAX];
	uint8_t ent[32];
	size_t n;
	struct error e = { 0 };

	for (size_t i = 0; i < sizeof counts / sizeof counts[0]; i++) {
		unsigned w = counts[i];
		ok(bip39_generate(a, sizeof a, w) == 0, "generate %u words", w);
		is_int(count_words(a), w, "%u words generated", w);
		ok(bip39_normalize(norm, sizeof norm, a) == 0 && strcmp(norm, a) == 0, "%u-word phrase is normal", w);
		ok(bip39_to_entropy(ent, sizeof ent, &n, a, &e) == 0 && n == w / 3 * 4, "%u-word phrase validates", w);
		ok(bip39_from_entropy(b, sizeof b, ent, n) == 0 && strcmp(a, b) == 0, "%u-word phrase round trips", w);
	}
	ok(bip39_generate(a, sizeof a, 24) == 0 && bip39_generate(b, sizeof b, 24) == 0 && strcmp(a, b) != 0,
	   "two generated phrases differ");
	is_int(bip39_generate(a, sizeof a, 13), ERR_USAGE, "13 words are refused");
	is_int(bip39_generate(a, sizeof a, 27), ERR_USAGE, "27 words are refused");
	is_int(bip39_generate(a, 30, 24), ERR_USAGE, "generate refuses a small buffer");
}

int main(void)
{
	if (sodium_init() < 0)
		return 1;
	vectors();
	wordlist();
	errors();
	generate();
	return tap_done();
}
