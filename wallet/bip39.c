/* BIP39 (bitcoin/bips bip-0039.mediawiki): entropy <-> mnemonic, seed. */
#include "config.h"
#include "bip39.h"

#include <limits.h>
#include <string.h>
#include <sodium.h>
#include <openssl/evp.h>

/* The longest English word has 8 letters. */
#define WORD_MAX 8
/* 24 words x 11 bits = 264 bits. */
#define BITS_MAX 33

static int is_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

static char lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

static int is_ascii(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s >= 0x80)
			return 0;
	return 1;
}

static unsigned get11(const uint8_t *bits, unsigned at)
{
	unsigned v = 0;
	for (unsigned i = at; i < at + 11; i++)
		v = (v << 1) | ((bits[i / 8] >> (7 - i % 8)) & 1u);
	return v;
}

static void put11(uint8_t *bits, unsigned at, unsigned v)
{
	for (unsigned i = 0; i < 11; i++)
		if (v & (1u << (10 - i)))
			bits[(at + i) / 8] |= (uint8_t)(0x80u >> ((at + i) % 8));
}

const char *bip39_word(unsigned index)
{
	return index < BIP39_WORDS ? bip39_english[index] : NULL;
}

int bip39_word_index(const char *word)
{
	int lo = 0, hi = BIP39_WORDS - 1;
	if (!word)
		return -1;
	while (lo <= hi) {
		int mid = lo + (hi - lo) / 2;
		int c = strcmp(word, bip39_english[mid]);
		if (c == 0)
			return mid;
		if (c < 0)
			hi = mid - 1;
		else
			lo = mid + 1;
	}
	return -1;
}

unsigned bip39_complete(unsigned *first, const char *prefix)
{
	char p[WORD_MAX + 1];
	size_t n = 0;
	for (; prefix[n]; n++) {
		if (n == WORD_MAX)
			return 0;
		p[n] = lower(prefix[n]);
	}
	p[n] = '\0';
	/* the first word not below the prefix */
	unsigned lo = 0, hi = BIP39_WORDS;
	while (lo < hi) {
		unsigned mid = lo + (hi - lo) / 2;
		if (strcmp(bip39_english[mid], p) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	unsigned count = 0;
	while (lo + count < BIP39_WORDS && strncmp(bip39_english[lo + count], p, n) == 0)
		count++;
	if (first)
		*first = lo;
	return count;
}

int bip39_from_entropy(char *out, size_t out_size, const uint8_t *entropy, size_t len)
{
	uint8_t bits[BITS_MAX], hash[crypto_hash_sha256_BYTES];
	int rc = 0;

	if (out_size)
		out[0] = '\0';
	if (len < 16 || len > 32 || len % 4)
		return ERR_USAGE;
	memset(bits, 0, sizeof bits);
	memcpy(bits, entropy, len);
	crypto_hash_sha256(hash, entropy, len);
	/* the checksum is the first len*8/32 bits of the hash: at most 8 */
	bits[len] = hash[0];
	unsigned words = (unsigned)(len * 8 + len / 4) / 11;

	size_t need = 1;
	for (unsigned w = 0; w < words; w++)
		need += strlen(bip39_english[get11(bits, w * 11)]) + (w ? 1 : 0);
	if (need > out_size) {
		rc = ERR_USAGE;
		goto out;
	}
	size_t o = 0;
	for (unsigned w = 0; w < words; w++) {
		const char *word = bip39_english[get11(bits, w * 11)];
		size_t wl = strlen(word);
		if (w)
			out[o++] = ' ';
		memcpy(out + o, word, wl);
		o += wl;
	}
	out[o] = '\0';
out:
	sodium_memzero(bits, sizeof bits);
	sodium_memzero(hash, sizeof hash);
	return rc;
}

int bip39_generate(char *out, size_t out_size, unsigned words)
{
	uint8_t entropy[32];
	if (out_size)
		out[0] = '\0';
	if (words < 12 || words > 24 || words % 3)
		return ERR_USAGE;
	if (sodium_init() < 0)
		return ERR_FAIL;
	size_t len = words / 3 * 4;
	randombytes_buf(entropy, len);
	int rc = bip39_from_entropy(out, out_size, entropy, len);
	sodium_memzero(entropy, sizeof entropy);
	return rc;
}

int bip39_to_entropy(uint8_t *out, size_t out_size, size_t *out_len, const char *mnemonic,
		     struct error *e)
{
	uint8_t bits[BITS_MAX], hash[crypto_hash_sha256_BYTES];
	char word[WORD_MAX + 1];
	unsigned count = 0;
	int rc = 0;
	const char *p;

	*out_len = 0;
	for (p = mnemonic; *p;) {
		while (is_ws(*p))
			p++;
		if (!*p)
			break;
		count++;
		while (*p && !is_ws(*p))
			p++;
	}
	if (count == 0)
		return error_set(e, ERR_USAGE, "the mnemonic is empty");
	if (count < 12 || count > 24 || count % 3)
		return error_set(e, ERR_USAGE, "a mnemonic has 12, 15, 18, 21 or 24 words, not %u", count);
	size_t ent_len = count / 3 * 4;
	if (out_size < ent_len)
		return error_set(e, ERR_USAGE, "no room for %zu bytes of entropy", ent_len);

	memset(bits, 0, sizeof bits);
	unsigned w = 0;
	for (p = mnemonic; *p;) {
		while (is_ws(*p))
			p++;
		if (!*p)
			break;
		size_t n = 0;
		int too_long = 0;
		for (; *p && !is_ws(*p); p++) {
			if (n < WORD_MAX)
				word[n++] = lower(*p);
			else
				too_long = 1;
		}
		word[n] = '\0';
		int idx = too_long ? -1 : bip39_word_index(word);
		if (idx < 0) {
			rc = error_set(e, ERR_USAGE, "word %u is not in the BIP39 English word list", w + 1);
			goto out;
		}
		put11(bits, w * 11, (unsigned)idx);
		w++;
	}

	crypto_hash_sha256(hash, bits, ent_len);
	unsigned cs_bits = count / 3;
	uint8_t mask = (uint8_t)(0xffu << (8 - cs_bits));
	if ((hash[0] & mask) != (bits[ent_len] & mask)) {
		rc = error_set(e, ERR_USAGE, "mnemonic checksum does not match (a word is wrong or misplaced)");
		goto out;
	}
	memcpy(out, bits, ent_len);
	*out_len = ent_len;
out:
	sodium_memzero(bits, sizeof bits);
	sodium_memzero(hash, sizeof hash);
	sodium_memzero(word, sizeof word);
	return rc;
}

int bip39_normalize(char *out, size_t out_size, const char *in)
{
	size_t o = 0;
	int space = 0;

	if (!out_size)
		return ERR_USAGE;
	for (; *in; in++) {
		if (is_ws(*in)) {
			space = o > 0;
			continue;
		}
		if (o + space + 1 >= out_size) {
			sodium_memzero(out, out_size);
			return ERR_USAGE;
		}
		if (space)
			out[o++] = ' ';
		space = 0;
		out[o++] = lower(*in);
	}
	out[o] = '\0';
	return 0;
}

int bip39_seed(uint8_t out[64], const char *mnemonic, const char *passphrase)
{
	char *m = NULL;
	uint8_t *salt = NULL;
	int rc = ERR_FAIL;

	if (!passphrase)
		passphrase = "";
	if (!is_ascii(mnemonic) || !is_ascii(passphrase))
		return ERR_USAGE;
	size_t mlen = strlen(mnemonic), plen = strlen(passphrase);
	if (mlen >= INT_MAX || plen >= INT_MAX - 8)
		return ERR_USAGE;
	if (sodium_init() < 0)
		return ERR_FAIL;
	m = sodium_malloc(mlen + 1);
	salt = sodium_malloc(8 + plen);
	if (!m || !salt)
		goto out;
	if (bip39_normalize(m, mlen + 1, mnemonic) < 0)
		goto out;
	memcpy(salt, "mnemonic", 8);
	memcpy(salt + 8, passphrase, plen);
	if (PKCS5_PBKDF2_HMAC(m, (int)strlen(m), salt, (int)(8 + plen), 2048, EVP_sha512(),
			      BIP39_SEED_LEN, out) != 1) {
		sodium_memzero(out, BIP39_SEED_LEN);
		goto out;
	}
	rc = 0;
out:
	/* sodium_free wipes before it frees */
	sodium_free(m);
	sodium_free(salt);
	return rc;
}
