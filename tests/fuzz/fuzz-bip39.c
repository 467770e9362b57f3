/* Mnemonics (wallet/bip39.h, and helium-wallet's reading of them in
 * wallet/helium-wallet.h): any text. A phrase that gives its entropy is
 * that entropy's phrase once normalized; completion and word lookup agree
 * with the list. */
#include "config.h"
#include "fuzz.h"

#include <ctype.h>
#include "wallet/bip39.h"
#include "wallet/helium-wallet.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct error e = {0};
	char *s = fuzz_string(data, size);
	size_t n = strlen(s), len = 0;
	char *norm = malloc(n + 1), phrase[BIP39_MNEMONIC_MAX], full[BIP39_MNEMONIC_MAX * 2];
	uint8_t entropy[32];
	FUZZ_CHECK(norm != NULL);

	FUZZ_CHECK(bip39_normalize(norm, n + 1, s) == 0);
	FUZZ_CHECK(strlen(norm) <= n);
	FUZZ_CHECK(norm[0] != ' ' && (norm[0] == '\0' || norm[strlen(norm) - 1] != ' '));
	if (bip39_to_entropy(entropy, sizeof entropy, &len, s, &e) == 0) {
		FUZZ_CHECK(len >= 16 && len <= 32 && len % 4 == 0);
		FUZZ_CHECK(bip39_from_entropy(phrase, sizeof phrase, entropy, len) == 0);
		FUZZ_CHECK(strcmp(phrase, norm) == 0);
	} else {
		FUZZ_CHECK(e.code == ERR_USAGE && e.msg[0]);
	}

	e.code = 0;
	if (helium_wallet_mnemonic(full, sizeof full, entropy, sizeof entropy, &len, s, &e) == 0) {
		uint8_t seed[32];
		FUZZ_CHECK(len == 16 || len == 32);
		FUZZ_CHECK(helium_wallet_seed_from_entropy(seed, entropy, len) == 0);
		/* the full words are BIP39 words */
		char *save, *w;
		for (w = strtok_r(full, " ", &save); w; w = strtok_r(NULL, " ", &save))
			FUZZ_CHECK(bip39_word_index(w) >= 0);
	}

	/* the first token as a word and as a prefix */
	char word[16];
	size_t k = 0;
	while (k < sizeof word - 1 && s[k] && !isspace((unsigned char)s[k]))
		k++;
	memcpy(word, s, k);
	word[k] = '\0';
	int idx = bip39_word_index(word);
	if (idx >= 0)
		FUZZ_CHECK(strcmp(bip39_word(idx), word) == 0);
	unsigned first = 0, count = bip39_complete(&first, word);
	FUZZ_CHECK(count <= BIP39_WORDS);
	for (unsigned i = 0; i < count; i++) {
		const char *cand = bip39_word(first + i);
		FUZZ_CHECK(cand && strncasecmp(cand, word, strlen(word)) == 0);
	}
	free(norm);
	free(s);
	return 0;
}
