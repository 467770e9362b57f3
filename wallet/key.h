/* A key: what kind it is, its secret (in sodium_malloc'd memory) and the
 * accounts it holds. A mnemonic holds a Solana account (m/44'/501'/N'/0') and
 * an EVM account (m/44'/60'/0'/0/N); a mnemonic made by helium-wallet holds
 * one Solana account whose seed is the BIP39 entropy; raw keys hold one chain. */
#ifndef DEPINCTL_KEY_H
#define DEPINCTL_KEY_H

#include <stdint.h>
#include "error.h"

enum key_kind { KEY_MNEMONIC = 1, KEY_ED25519, KEY_SECP256K1 };
enum key_derivation { KEY_DERIV_STANDARD = 0, KEY_DERIV_HELIUM };

#define KEY_NAME_MAX 64
#define KEY_MNEMONIC_MAX 512
#define KEY_PASSPHRASE_MAX 1024

struct key_secret {
	enum key_kind kind;
	enum key_derivation derivation;
	char mnemonic[KEY_MNEMONIC_MAX];     /* KEY_MNEMONIC: normalized words */
	char passphrase[KEY_PASSPHRASE_MAX]; /* KEY_MNEMONIC: BIP39 passphrase, may be empty */
	uint8_t raw[32];                     /* ed25519 seed or secp256k1 secret */
};

/* The public part, stored in the clear and bound to the ciphertext. */
struct key_info {
	char name[KEY_NAME_MAX + 1];
	enum key_kind kind;
	enum key_derivation derivation;
	char solana[45]; /* account 0, or "" */
	char evm[43];    /* account 0, or "" */
	char created[32];
};

struct key_secret *key_secret_new(void);
void key_secret_free(struct key_secret *s);

const char *key_kind_name(enum key_kind kind);
const char *key_derivation_name(enum key_derivation d);
int key_holds_solana(const struct key_secret *s);
int key_holds_evm(const struct key_secret *s);

/* The ed25519 seed / secp256k1 secret of account N. ERR_USAGE when the key
 * does not hold that chain, or holds a single account and N > 0. */
int key_solana_seed(uint8_t seed[32], const struct key_secret *s, uint32_t account, struct error *e) WUR;
int key_evm_seckey(uint8_t seckey[32], const struct key_secret *s, uint32_t account, struct error *e) WUR;
/* Both addresses of account N ("" for a chain the key does not hold). */
int key_addresses(char solana[45], char evm[43], const struct key_secret *s, uint32_t account, struct error *e) WUR;

#endif
