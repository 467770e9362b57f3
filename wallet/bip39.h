/* BIP39 mnemonics with the English word list.
 *
 * Unicode: BIP39 runs NFKD over the mnemonic and the passphrase. The English
 * words are ASCII (NFKD leaves ASCII alone), and this module accepts an ASCII
 * passphrase only: anything else is refused with ERR_USAGE rather than hashed
 * in a form another wallet might normalize differently. */
#ifndef DEPINCTL_BIP39_H
#define DEPINCTL_BIP39_H

#include <stddef.h>
#include <stdint.h>
#include "error.h"

#define BIP39_WORDS 2048
/* The longest phrase: 24 words of at most 8 letters, 23 spaces, a NUL. */
#define BIP39_MNEMONIC_MAX (24 * 8 + 23 + 1)
#define BIP39_SEED_LEN 64

/* The word list, sorted (wallet/bip39-english.c); prefer bip39_word(). */
extern const char *const bip39_english[BIP39_WORDS];

/* A new mnemonic of words (12, 15, 18, 21 or 24) words from randombytes_buf
 * entropy: lower case, single spaces. ERR_USAGE on another count or if out is
 * too small (BIP39_MNEMONIC_MAX always suffices). */
int bip39_generate(char *out, size_t out_size, unsigned words) WUR;
/* The mnemonic for len bytes of entropy (16..32, a multiple of 4). */
int bip39_from_entropy(char *out, size_t out_size, const uint8_t *entropy, size_t len) WUR;
/* Validates a mnemonic and recovers its entropy: the word count (12, 15, 18,
 * 21 or 24), every word in the list, the checksum. Words may be in any case
 * and separated by any whitespace. *out_len gets 16..32. ERR_USAGE with a
 * message naming the word's position, never the word. */
int bip39_to_entropy(uint8_t *out, size_t out_size, size_t *out_len, const char *mnemonic,
		     struct error *e) WUR;
/* Lower-cases ASCII letters, trims leading and trailing whitespace and turns
 * every run of whitespace (spaces, tabs, newlines) into one space. ERR_USAGE
 * if out is too small (strlen(in) + 1 always suffices). */
int bip39_normalize(char *out, size_t out_size, const char *in) WUR;
/* The 64-byte seed: PBKDF2-HMAC-SHA512, 2048 iterations, password the
 * mnemonic, salt "mnemonic" + passphrase (NULL means ""). The mnemonic is
 * first normalized as bip39_normalize does (a canonical phrase is unchanged);
 * the passphrase is used as given. The checksum is not checked here: call
 * bip39_to_entropy for that. ERR_USAGE on non-ASCII input. */
int bip39_seed(uint8_t out[64], const char *mnemonic, const char *passphrase) WUR;
/* The word at index (0..2047), or NULL. */
const char *bip39_word(unsigned index);
/* The index of a lower-case word, or -1. */
int bip39_word_index(const char *word);
/* For interactive entry: the number of words that begin with prefix (case
 * ignored; at most 8 letters), *first gets the index of the first one. Every
 * word is unique in its first 4 letters. */
unsigned bip39_complete(unsigned *first, const char *prefix);

#endif
