/* helium-wallet-rs wallet files and its mnemonic-to-seed rule.
 *
 * The fixtures in tests/fixtures/keyfiles/helium-*.key follow the byte
 * layout of helium-wallet-rs (helium-wallet/src/wallet.rs, format.rs,
 * pwhash.rs; see wallet/helium-wallet.h) and were written by
 * make-helium-wallets.py beside them with Python's own PBKDF2, Argon2id,
 * AES-GCM and Ed25519, not with this code. The seed vectors are the ones in
 * helium-wallet-rs's helium-mnemonic tests (base58 of the 32-byte
 * entropy it makes from a phrase). */
#include "config.h"
#include "tap.h"

#include <sodium.h>

#include "base58.h"
#include "hex.h"
#include "wallet/address.h"
#include "wallet/bip39.h"
#include "wallet/helium-wallet.h"

#define PASSWORD "helium-test"

static uint8_t *slurp_bin(const char *rel, size_t *len)
{
	const char *srcdir = getenv("srcdir");
	char path[1024];
	snprintf(path, sizeof path, "%s/%s", srcdir ? srcdir : ".", rel);
	FILE *f = fopen(path, "rb");
	if (!f) {
		printf("Bail out! cannot open %s\n", path);
		exit(1);
	}
	uint8_t *buf = malloc(4096);
	*len = fread(buf, 1, 4096, f);
	fclose(f);
	return buf;
}

static void address_of(char out[ADDRESS_SOLANA_MAX], const uint8_t seed[32])
{
	uint8_t pk[32], sk[64];
	crypto_sign_seed_keypair(pk, sk, seed);
	if (address_solana(out, ADDRESS_SOLANA_MAX, pk) != 0)
		strcpy(out, "(error)");
}

/* A fixture decrypts to the seed whose address is want. */
static void fixture(const char *name, const char *want, const char *want_seed_hex)
{
	char rel[256], addr[ADDRESS_SOLANA_MAX], hex[65];
	uint8_t seed[32], pk[32];
	struct error e = { 0 };
	size_t len;

	snprintf(rel, sizeof rel, "tests/fixtures/keyfiles/%s", name);
	uint8_t *file = slurp_bin(rel, &len);
	int rc = helium_wallet_decrypt(seed, file, len, PASSWORD, &e);
	is_int(rc, 0, "%s decrypts (%s)", name, e.msg);
	address_of(addr, seed);
	is_str(addr, want, "%s: the expected address", name);
	if (want_seed_hex) {
		hex_encode(hex, sizeof hex, seed, 32);
		is_str(hex, want_seed_hex, "%s: the seed", name);
	}
	rc = helium_wallet_pubkey(pk, file, len, &e);
	ok(rc == 0 && address_solana(addr, sizeof addr, pk) == 0, "%s: the clear public key reads", name);
	is_str(addr, want, "%s: the clear public key is the wallet's", name);

	memset(seed, 0xaa, 32);
	rc = helium_wallet_decrypt(seed, file, len, "helium-tesT", &e);
	is_int(rc, ERR_REFUSED, "%s: a wrong password is refused", name);
	uint8_t acc = 0;
	for (int i = 0; i < 32; i++)
		acc |= seed[i];
	ok(acc == 0, "%s: and the seed buffer is wiped", name);

	/* every byte after the kind is covered: the AAD (public key), the IV,
	 * the salt, the iterations or limits, the tag and the ciphertext */
	int all_refused = 1, argon2 = file[0] >= 2 && file[2] == HELIUM_PWHASH_ARGON2ID;
	for (size_t i = 2; i < len; i++) {
		/* libsodium counts Argon2 memory in KiB: the memlimit's low 10
		 * bits (offsets 63 and 64 in a v3 file) change nothing */
		uint8_t bit = argon2 && i == 64 ? 0x04 : 0x01;
		if (argon2 && i == 63)
			continue;
		file[i] ^= bit;
		rc = helium_wallet_decrypt(seed, file, len, PASSWORD, &e);
		file[i] ^= bit;
		/* a flipped pwhash-kind or key-tag byte is a usage error, a flipped
		 * iteration count may go beyond the limit: anything but success */
		if (rc == 0) {
			all_refused = 0;
			printf("# flipping byte %zu still decrypts\n", i);
		}
	}
	ok(all_refused, "%s: flipping any bit after the kind makes it fail", name);
	rc = helium_wallet_decrypt(seed, file, len - 1, PASSWORD, &e);
	is_int(rc, ERR_USAGE, "%s: one byte short is refused", name);
	int all_usage = 1;
	for (size_t cut = 0; cut < len; cut++)
		if (helium_wallet_decrypt(seed, file, cut, PASSWORD, &e) != ERR_USAGE)
			all_usage = 0;
	ok(all_usage, "%s: every truncation is a usage error", name);
	free(file);
}

static void refused(const char *name, const char *want)
{
	char rel[256];
	uint8_t seed[32];
	struct error e = { 0 };
	size_t len;
	snprintf(rel, sizeof rel, "tests/fixtures/keyfiles/%s", name);
	uint8_t *file = slurp_bin(rel, &len);
	int rc = helium_wallet_decrypt(seed, file, len, PASSWORD, &e);
	is_int(rc, ERR_USAGE, "%s is refused", name);
	ok(strstr(e.msg, want) != NULL, "%s: message '%s' mentions '%s'", name, e.msg, want);
	free(file);
}

static void hostile(void)
{
	size_t len;
	uint8_t *file = slurp_bin("tests/fixtures/keyfiles/helium-v3-pbkdf2.key", &len);
	uint8_t *copy = malloc(len + 8);
	uint8_t seed[32];
	struct error e = { 0 };

	/* offsets in a v3 PBKDF2 file: kind 0, pwhash 2, pubkey 3, iv 35,
	 * salt 47, iterations 55, tag 59, ciphertext 75 */
	is_int(len, 139, "a v3 PBKDF2 wallet is 139 bytes");
	memcpy(copy, file, len);
	copy[55] = 0xff, copy[56] = 0xff, copy[57] = 0xff, copy[58] = 0xff;
	is_int(helium_wallet_decrypt(seed, copy, len, PASSWORD, &e), ERR_USAGE, "4294967295 iterations refused");
	ok(strstr(e.msg, "iteration") != NULL, "message names the iteration count: %s", e.msg);
	memcpy(copy, file, len);
	memset(copy + 55, 0, 4);
	is_int(helium_wallet_decrypt(seed, copy, len, PASSWORD, &e), ERR_USAGE, "0 iterations refused");
	memcpy(copy, file, len);
	copy[2] = 7;
	is_int(helium_wallet_decrypt(seed, copy, len, PASSWORD, &e), ERR_USAGE, "an unknown pwhash kind refused");
	memcpy(copy, file, len);
	copy[0] = 0x04;
	is_int(helium_wallet_decrypt(seed, copy, len, PASSWORD, &e), ERR_USAGE, "kind 0x0004 refused");
	ok(strstr(e.msg, "0x0004") != NULL, "message names the kind: %s", e.msg);
	memcpy(copy, file, len);
	copy[len] = 0;
	is_int(helium_wallet_decrypt(seed, copy, len + 1, PASSWORD, &e), ERR_USAGE, "a trailing byte refused");
	is_int(helium_wallet_decrypt(seed, copy, 0, PASSWORD, &e), ERR_USAGE, "an empty file refused");
	free(file);
	free(copy);

	/* Argon2id limits: v3 argon2 offsets: salt 47, memlimit 63, opslimit 67 */
	file = slurp_bin("tests/fixtures/keyfiles/helium-v3-argon2id.key", &len);
	copy = malloc(len);
	is_int(len, 151, "a v3 Argon2id wallet is 151 bytes");
	memcpy(copy, file, len);
	copy[63] = 0, copy[64] = 0, copy[65] = 0, copy[66] = 0x80; /* 2 GiB */
	is_int(helium_wallet_decrypt(seed, copy, len, PASSWORD, &e), ERR_USAGE, "a 2 GiB memlimit refused");
	ok(strstr(e.msg, "memory") != NULL, "message names the memory limit: %s", e.msg);
	memcpy(copy, file, len);
	copy[67] = 0;
	is_int(helium_wallet_decrypt(seed, copy, len, PASSWORD, &e), ERR_USAGE, "opslimit 0 refused");
	memcpy(copy, file, len);
	copy[67] = 200;
	is_int(helium_wallet_decrypt(seed, copy, len, PASSWORD, &e), ERR_USAGE, "opslimit 200 refused");
	free(file);
	free(copy);
}

static void round_trip(void)
{
	uint8_t seed[32], got[32], *out = NULL;
	size_t len = 0;
	struct error e = { 0 };
	struct helium_wallet_kdf a = { HELIUM_PWHASH_ARGON2ID, 0, 2, 8u << 20 };
	struct helium_wallet_kdf p = { HELIUM_PWHASH_PBKDF2, 1000, 0, 0 };

	randombytes_buf(seed, sizeof seed);
	int rc = helium_wallet_encrypt(&out, &len, seed, "pw", &a, &e);
	ok(rc == 0 && len == 151 && out[0] == 3 && out[1] == 0 && out[2] == 1, "encrypt argon2id: a v3 file (%s)",
	   e.msg);
	rc = helium_wallet_decrypt(got, out, len, "pw", &e);
	ok(rc == 0 && memcmp(got, seed, 32) == 0, "argon2id round trip");
	free(out);
	rc = helium_wallet_encrypt(&out, &len, seed, "pw", &p, &e);
	ok(rc == 0 && len == 139 && out[2] == 0, "encrypt pbkdf2: a v3 file");
	rc = helium_wallet_decrypt(got, out, len, "pw", &e);
	ok(rc == 0 && memcmp(got, seed, 32) == 0, "pbkdf2 round trip");
	is_int(helium_wallet_decrypt(got, out, len, "PW", &e), ERR_REFUSED, "round trip: wrong password refused");
	free(out);
	struct helium_wallet_kdf bad = { HELIUM_PWHASH_PBKDF2, 0, 0, 0 };
	is_int(helium_wallet_encrypt(&out, &len, seed, "pw", &bad, &e), ERR_USAGE, "encrypt refuses 0 iterations");
	ok(out == NULL, "and returns nothing");
}

/* helium-wallet-rs's helium-mnemonic tests: a phrase, and base58 of the 32
 * bytes it makes of it (the 12-word entropy repeated). */
static void mnemonic(const char *phrase, const char *want_b58)
{
	uint8_t ent[32], seed[32], want[32];
	size_t n = 0, wn = 0;
	struct error e = { 0 };
	int rc = bip39_to_entropy(ent, sizeof ent, &n, phrase, &e);
	ok(rc == 0, "%zu-byte entropy of a %s-word phrase", n, n == 16 ? "12" : "24");
	rc = helium_wallet_seed_from_entropy(seed, ent, n);
	ok(rc == 0 && base58_decode(want, sizeof want, &wn, want_b58) == 0 && wn == 32, "seed made");
	ok(memcmp(seed, want, 32) == 0, "seed is helium-wallet's %s", want_b58);
}

int main(void)
{
	if (sodium_init() < 0)
		return 1;

	/* addresses cross-checked with @solana/web3.js Keypair.fromSeed */
	fixture("helium-v3-argon2id.key", "79eNbWjsiHKMq8QzAFUt7tP9xVhvUcs2fFZFfjjb1Vww",
		"ba8e05a43008eb85cbde771e945b53c6ba8e05a43008eb85cbde771e945b53c6");
	fixture("helium-v3-pbkdf2.key", "G7MNGqYa8uJxZkxvgZjnkd9fLkaznXEXC5zf12F6JfMC",
		"a25a2f741551c8df96dca228389425477e33d0b94d0b99084738263952c76678");
	fixture("helium-v2-pbkdf2.key", "79eNbWjsiHKMq8QzAFUt7tP9xVhvUcs2fFZFfjjb1Vww", NULL);
	fixture("helium-v1-pbkdf2.key", "3WTypo2uYrwMHJ5yFFwUPX6T25n39PwNwke7pz22P4Ut",
		"404142434445464748494a4b4c4d4e4f505152535455565758595a5b5c5d5e5f");
	refused("helium-v3-sharded.key.1", "shard");
	refused("helium-v2-ecc-compact.key", "ecc_compact");
	hostile();
	round_trip();

	mnemonic("ritual ice harbor gas modify seed control solve burden people stay million",
		 "DZESLNVfmfzdkwAPEjyUXQ8cBtLDCHX13wXMA6pyP7uP");
	mnemonic("pelican sphere tackle click broken hurt fork nephew choice seven announce moment tobacco tribe "
		 "topple pause october drama sock erase news glove okay bubble",
		 "BvkoqCYcm8Ukcm6tsuRyovQRxMPNwvc6Ag3LR1ZfjRPm");
	/* the legacy helium-hotspot-app phrase ends in "figure" (checksum 0);
	 * "firm" is the same entropy with a valid BIP39 checksum */
	mnemonic("catch poet clog intact scare jacket throw palm illegal buyer allow firm",
		 "3RrA1FDa6mdw5JwKbUxEbZbMcJgSyWjhNwxsbX5pSos8");
	{
		uint8_t seed[32], ent[20] = { 0 };
		is_int(helium_wallet_seed_from_entropy(seed, ent, 20), ERR_USAGE, "20 bytes of entropy refused");
		is_int(helium_wallet_seed_from_entropy(seed, ent, 0), ERR_USAGE, "no entropy refused");
	}
	return tap_done();
}
