/* depinctl's key files and the key model: round trips of every kind, wrong
 * passwords, tampering with the clear fields, hostile files, names, modes. */
#include "config.h"
#include "tap.h"
#include "wallet/key.h"
#include "wallet/keystore.h"

#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>
#include <sodium.h>

static char home[256];
static struct keystore_kdf kdf;

static struct key_secret *mnemonic(const char *words, const char *pass, enum key_derivation d)
{
	struct key_secret *s = key_secret_new();
	s->kind = KEY_MNEMONIC;
	s->derivation = d;
	snprintf(s->mnemonic, sizeof s->mnemonic, "%s", words);
	snprintf(s->passphrase, sizeof s->passphrase, "%s", pass);
	return s;
}

static char *slurp_abs(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	char *buf = calloc(1, 65536);
	size_t n = fread(buf, 1, 65535, f);
	buf[n] = 0;
	fclose(f);
	return buf;
}

static void spit(const char *path, const char *text)
{
	FILE *f = fopen(path, "wb");
	fputs(text, f);
	fclose(f);
	chmod(path, 0600);
}

/* Replaces the first occurrence of from with to in the key file. */
static void edit(const char *name, const char *from, const char *to)
{
	char path[512];
	keystore_path(path, sizeof path, home, name);
	char *t = slurp_abs(path), *p = strstr(t, from);
	if (!p) {
		printf("# '%s' not in %s\n", from, path);
		free(t);
		return;
	}
	char out[65536];
	snprintf(out, sizeof out, "%.*s%s%s", (int)(p - t), t, to, p + strlen(from));
	spit(path, out);
	free(t);
}

int main(void)
{
	struct error e = {0, ""};
	struct key_info info, got;
	struct key_secret *s, *u;
	char sol[45], evm[43];

	if (sodium_init() < 0)
		return 1;
	snprintf(home, sizeof home, "/tmp/depinctl-ks-%d", (int)getpid());
	ok(keystore_kdf_level(&kdf, "interactive", &e) == 0, "interactive limits");
	ok(keystore_kdf_level(&kdf, "weak", &e) == ERR_USAGE, "unknown kdf level refused");
	ok(keystore_kdf_level(&kdf, "interactive", &e) == 0, "interactive again");

	/* Derivations through the key model. */
	s = mnemonic("abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about", "",
		     KEY_DERIV_STANDARD);
	ok(key_addresses(sol, evm, s, 0, &e) == 0, "addresses of abandon x11 about");
	is_str(sol, "HAgk14JpMQLgt6rVgv7cBQFJWFto5Dqxi472uT3DKpqk", "Solana account 0");
	is_str(evm, "0x9858EfFD232B4033E47d90003D41EC34EcaEda94", "EVM account 0 (MetaMask's for these words)");
	key_secret_free(s);
	s = mnemonic("test test test test test test test test test test test junk", "", KEY_DERIV_STANDARD);
	ok(key_addresses(sol, evm, s, 0, &e) == 0, "addresses of test x11 junk");
	is_str(evm, "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266", "EVM account 0 is anvil's first");
	ok(key_addresses(sol, evm, s, 9, &e) == 0, "account 9");
	is_str(evm, "0xa0Ee7A142d267C1f36714E4a8F75612F20a79720", "EVM account 9 is anvil's tenth");
	ok(key_addresses(sol, evm, s, 0x80000000u, &e) == ERR_USAGE, "account 2^31 refused");

	/* Round trip of every kind. */
	ok(keystore_create(&info, home, "m", s, "pw", &kdf, &e) == 0, "create a mnemonic key");
	is_str(info.evm, "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266", "info carries the EVM address");
	ok(keystore_create(&info, home, "m", s, "pw", &kdf, &e) == ERR_USAGE, "same name refused");
	ok(keystore_unlock(&u, &got, home, "m", "pw", &e) == 0, "unlock");
	is_str(u->mnemonic, s->mnemonic, "the mnemonic comes back");
	is_str(u->passphrase, "", "the empty passphrase comes back");
	ok(u->kind == KEY_MNEMONIC && u->derivation == KEY_DERIV_STANDARD, "kind and derivation come back");
	key_secret_free(u);
	ok(keystore_unlock(&u, &got, home, "m", "PW", &e) == ERR_REFUSED, "wrong password refused");
	ok(strstr(e.msg, "wrong password") != NULL, "the error says wrong password");
	key_secret_free(s);

	s = mnemonic("abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about", "TREZOR",
		     KEY_DERIV_STANDARD);
	ok(keystore_create(&info, home, "p", s, "pw", &kdf, &e) == 0, "create with a passphrase");
	ok(keystore_unlock(&u, &got, home, "p", "pw", &e) == 0, "unlock");
	is_str(u->passphrase, "TREZOR", "the passphrase comes back");
	key_secret_free(u);
	key_secret_free(s);

	s = key_secret_new();
	s->kind = KEY_SECP256K1;
	for (int i = 0; i < 32; i++)
		s->raw[i] = (uint8_t)(i + 1);
	ok(keystore_create(&info, home, "raw", s, "pw", &kdf, &e) == 0, "create a secp256k1 key");
	ok(info.solana[0] == 0 && info.evm[0] == '0', "a secp256k1 key holds EVM only");
	ok(keystore_unlock(&u, &got, home, "raw", "pw", &e) == 0 && memcmp(u->raw, s->raw, 32) == 0, "the raw key comes back");
	key_secret_free(u);
	uint8_t sk[32];
	ok(key_evm_seckey(sk, s, 1, &e) == ERR_USAGE, "a raw key has no account 1");
	ok(key_solana_seed(sk, s, 0, &e) == ERR_USAGE, "a secp256k1 key has no Solana account");
	s->kind = KEY_ED25519;
	ok(keystore_create(&info, home, "ed", s, "pw", &kdf, &e) == 0, "create an ed25519 key");
	ok(info.evm[0] == 0 && info.solana[0] != 0, "an ed25519 key holds Solana only");
	key_secret_free(s);

	/* The clear fields are bound to the ciphertext. */
	ok(keystore_info(&info, home, "raw", &e) == 0, "info without a password");
	edit("raw", "\"secp256k1\"", "\"ed25519\"");
	ok(keystore_unlock(&u, &got, home, "raw", "pw", &e) == ERR_REFUSED, "a changed kind is refused");
	edit("raw", "\"ed25519\"", "\"secp256k1\"");
	ok(keystore_unlock(&u, &got, home, "raw", "pw", &e) == 0, "restored, it opens");
	key_secret_free(u);
	edit("m", "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266", "0x70997970C51812dc3A010C7d01b50e0d17dc79C8");
	ok(keystore_unlock(&u, &got, home, "m", "pw", &e) == ERR_REFUSED, "a swapped address is refused");
	edit("m", "\"bip44\"", "\"helium-wallet\"");
	ok(keystore_unlock(&u, &got, home, "m", "pw", &e) == ERR_REFUSED, "a changed derivation is refused");

	/* Modes */
	char path[512];
	keystore_path(path, sizeof path, home, "ed");
	chmod(path, 0640);
	ok(keystore_info(&info, home, "ed", &e) == ERR_REFUSED, "a group-readable key file is refused");
	ok(strstr(e.msg, "chmod 600") != NULL, "the message says how to fix it");
	chmod(path, 0600);
	ok(keystore_info(&info, home, "ed", &e) == 0, "0600 is accepted");
	ok(keystore_info(&info, home, "nope", &e) == ERR_NOTFOUND, "an unknown key is not found");

	/* Names */
	ok(keystore_name_check("ops-1.main_2", &e) == 0, "a plain name");
	ok(keystore_name_check("", &e) == ERR_USAGE, "empty name refused");
	ok(keystore_name_check("a/b", &e) == ERR_USAGE, "a slash refused");
	ok(keystore_name_check("..", &e) == ERR_USAGE, "dot-dot refused");
	ok(keystore_name_check("-x", &e) == ERR_USAGE, "a leading dash refused");
	ok(keystore_name_check("é", &e) == ERR_USAGE, "non-ASCII refused");
	char longname[80];
	memset(longname, 'a', 65);
	longname[65] = 0;
	ok(keystore_name_check(longname, &e) == ERR_USAGE, "65 characters refused");

	/* Hostile files never crash and are refused. */
	struct keystore_file f;
	static const char *bad[] = {
		"",
		"[]",
		"{\"depinctl-key\":2}",
		"{\"depinctl-key\":1,\"kind\":\"rsa\"}",
		"{\"depinctl-key\":1,\"kind\":\"ed25519\",\"solana\":\"x\"}",
		"{\"depinctl-key\":1,\"kind\":\"ed25519\",\"solana\":\"x\",\"kdf\":{\"name\":\"argon2id\",\"opslimit\":3,\"memlimit\":1e15,\"salt\":\"00000000000000000000000000000000\"}}",
		"{\"depinctl-key\":1,\"kind\":\"ed25519\",\"solana\":\"x\",\"kdf\":{\"name\":\"argon2id\",\"opslimit\":3,\"memlimit\":67108864,\"salt\":\"zz\"}}",
		"{\"depinctl-key\":1,\"kind\":\"ed25519\",\"solana\":\"x\",\"kdf\":{\"name\":\"argon2id\",\"opslimit\":3,\"memlimit\":67108864,\"salt\":\"00000000000000000000000000000000\"},\"cipher\":{\"name\":\"xchacha20poly1305\",\"nonce\":\"00\"}}",
		"{\"depinctl-key\":1,\"kind\":\"ed25519\",\"solana\":\"x\",\"kdf\":{\"name\":\"argon2id\",\"opslimit\":3,\"memlimit\":67108864,\"salt\":\"00000000000000000000000000000000\"},\"cipher\":{\"name\":\"xchacha20poly1305\",\"nonce\":\"000000000000000000000000000000000000000000000000\"},\"ciphertext\":\"00\"}",
		"{\"depinctl-key\":1,\"kind\":\"ed25519\",\"solana\":\"x\",\"kdf\":{\"name\":\"argon2id\",\"opslimit\":3.5,\"memlimit\":67108864,\"salt\":\"00000000000000000000000000000000\"}}",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		ok(keystore_parse(&f, bad[i], &e) == ERR_USAGE, "hostile key file %zu refused: %s", i, e.msg);

	/* rename / remove */
	ok(keystore_rename(home, "ed", "p", &e) == ERR_USAGE, "rename onto an existing key refused");
	ok(keystore_info(&info, home, "ed", &e) == 0 && keystore_info(&info, home, "p", &e) == 0, "both survive");
	ok(keystore_rename(home, "ed", "ed2", &e) == 0, "rename");
	ok(keystore_info(&info, home, "ed2", &e) == 0 && strcmp(info.name, "ed2") == 0, "renamed key opens under its new name");
	struct key_info *list;
	size_t n = 0;
	/* the call first: the arguments of ok() are evaluated in no set order */
	int listed = keystore_list(&list, &n, home, &e);
	ok(listed == 0 && n == 4, "four keys listed (%zu)", n);
	ok(n == 4 && strcmp(list[0].name, "ed2") == 0 && strcmp(list[3].name, "raw") == 0, "sorted by name");
	free(list);
	ok(keystore_remove(home, "ed2", &e) == 0, "remove");
	ok(keystore_remove(home, "ed2", &e) == ERR_NOTFOUND, "remove again: not found");

	char cmd[600];
	snprintf(cmd, sizeof cmd, "rm -rf %s", home);
	if (system(cmd) != 0)
		printf("# could not remove %s\n", home);
	return tap_done();
}
