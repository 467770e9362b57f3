#include "config.h"
#include "key.h"
#include "bip39.h"
#include "hd.h"
#include "address.h"
#include "helium-wallet.h"

#include <string.h>
#include <sodium.h>

struct key_secret *key_secret_new(void)
{
	struct key_secret *s = sodium_malloc(sizeof *s);
	if (s)
		sodium_memzero(s, sizeof *s);
	return s;
}

void key_secret_free(struct key_secret *s)
{
	if (s)
		sodium_free(s); /* wipes */
}

const char *key_kind_name(enum key_kind kind)
{
	switch (kind) {
	case KEY_MNEMONIC: return "mnemonic";
	case KEY_ED25519: return "ed25519";
	case KEY_SECP256K1: return "secp256k1";
	}
	return "unknown";
}

const char *key_derivation_name(enum key_derivation d)
{
	return d == KEY_DERIV_HELIUM ? "helium-wallet" : "bip44";
}

int key_holds_solana(const struct key_secret *s)
{
	return s->kind == KEY_MNEMONIC || s->kind == KEY_ED25519;
}

int key_holds_evm(const struct key_secret *s)
{
	return (s->kind == KEY_MNEMONIC && s->derivation == KEY_DERIV_STANDARD) || s->kind == KEY_SECP256K1;
}

/* BIP39 seed of a mnemonic key, in sodium memory. */
static int mnemonic_seed(uint8_t **seed, const struct key_secret *s, struct error *e)
{
	*seed = sodium_malloc(64);
	if (!*seed)
		return error_set(e, ERR_FAIL, "out of memory");
	int rc = bip39_seed(*seed, s->mnemonic, s->passphrase);
	if (rc) {
		sodium_free(*seed);
		return error_set(e, rc, "cannot derive the BIP39 seed");
	}
	return 0;
}

/* Account N of a mnemonic key through its BIP39 seed. */
static int derive(uint8_t out[32], const struct key_secret *s, uint32_t account,
		  int (*path)(uint8_t out[32], const uint8_t seed[64], uint32_t account), const char *chain, struct error *e)
{
	if (account >= HD_HARDENED)
		return error_set(e, ERR_USAGE, "account %u is out of range", account);
	uint8_t *bseed;
	int rc = mnemonic_seed(&bseed, s, e);
	if (rc)
		return rc;
	rc = path(out, bseed, account);
	sodium_free(bseed);
	return rc ? error_set(e, rc, "cannot derive %s account %u", chain, account) : 0;
}

int key_solana_seed(uint8_t seed[32], const struct key_secret *s, uint32_t account, struct error *e)
{
	if (!key_holds_solana(s))
		return error_set(e, ERR_USAGE, "this %s key holds no Solana account", key_kind_name(s->kind));
	if (s->kind == KEY_ED25519 || s->derivation == KEY_DERIV_HELIUM) {
		if (account)
			return error_set(e, ERR_USAGE, "this key holds a single Solana account: --account %u does not apply", account);
		if (s->kind == KEY_ED25519) {
			memcpy(seed, s->raw, 32);
			return 0;
		}
		uint8_t ent[32];
		size_t n;
		char words[KEY_MNEMONIC_MAX];
		int rc = helium_wallet_mnemonic(words, sizeof words, ent, sizeof ent, &n, s->mnemonic, e);
		if (!rc)
			rc = helium_wallet_seed_from_entropy(seed, ent, n);
		sodium_memzero(ent, sizeof ent);
		sodium_memzero(words, sizeof words);
		return rc ? error_set(e, rc, "cannot derive the helium-wallet key") : 0;
	}
	return derive(seed, s, account, hd_solana_account, "Solana", e);
}

int key_evm_seckey(uint8_t seckey[32], const struct key_secret *s, uint32_t account, struct error *e)
{
	if (!key_holds_evm(s))
		return error_set(e, ERR_USAGE, "this %s key holds no EVM account",
				 s->derivation == KEY_DERIV_HELIUM ? "helium-wallet" : key_kind_name(s->kind));
	if (s->kind == KEY_SECP256K1) {
		if (account)
			return error_set(e, ERR_USAGE, "this key holds a single EVM account: --account %u does not apply", account);
		memcpy(seckey, s->raw, 32);
		return 0;
	}
	return derive(seckey, s, account, hd_evm_account, "EVM", e);
}

int key_addresses(char solana[45], char evm[43], const struct key_secret *s, uint32_t account, struct error *e)
{
	uint8_t *sk = sodium_malloc(64 + 32);
	int rc = 0;
	if (!sk)
		return error_set(e, ERR_FAIL, "out of memory");
	solana[0] = evm[0] = '\0';
	if (key_holds_solana(s)) {
		uint8_t pk[32];
		rc = key_solana_seed(sk + 64, s, account, e);
		if (!rc && crypto_sign_seed_keypair(pk, sk, sk + 64))
			rc = error_set(e, ERR_FAIL, "cannot make the ed25519 key pair");
		if (!rc && address_solana(solana, 45, pk))
			rc = error_set(e, ERR_FAIL, "cannot encode the Solana address");
	}
	if (!rc && key_holds_evm(s)) {
		rc = key_evm_seckey(sk, s, account, e);
		if (!rc && address_evm_from_seckey(evm, 43, sk))
			rc = error_set(e, ERR_USAGE, "the secp256k1 secret key is not valid (zero or not below the curve order)");
	}
	sodium_free(sk);
	return rc;
}
