/* secp256k1 signing / recovery with EIP-191 digests, and Ed25519.
 *
 * Where the expected values come from:
 *  - EIP-191 digests and signatures: Foundry's cast 1.7.1 (npm
 *    @foundry-rs/cast@1.7.1), with anvil's first development key
 *    0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80
 *    (address 0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266):
 *      cast hash-message MSG
 *      cast wallet sign --private-key KEY MSG
 *      cast wallet sign --private-key KEY --no-hash DIGEST
 *      cast wallet public-key --private-key KEY
 *  - Ed25519: RFC 8032 section 7.1, TEST 1, TEST 2 and TEST 3. */
#include "config.h"
#include "tap.h"
#include "hex.h"
#include "wallet/signer.h"
#include "wallet/address.h"
#include "chains/evm/eip191.h"

#define ANVIL_KEY "ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80"
#define ANVIL_ADDR "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266"

/* the secp256k1 group order */
static const char order_hex[] = "fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141";

static uint8_t anvil[32];

static void hexstr(char *out, size_t out_size, const uint8_t *b, size_t n)
{
	out[0] = '0';
	out[1] = 'x';
	hex_encode(out + 2, out_size - 2, b, n);
}

/* The address that sig over digest recovers to, or "" if recovery fails. */
static int recover_addr(char out[ADDRESS_EVM_MAX], const uint8_t sig[65], const uint8_t digest[32], struct error *e)
{
	uint8_t pub[64];
	int rc = signer_secp256k1_recover(pub, sig, digest, e);
	out[0] = '\0';
	if (rc)
		return rc;
	return address_evm_from_pubkey(out, ADDRESS_EVM_MAX, pub);
}

static void personal_sign(const char *msg, size_t len, const char *want_hash, const char *want_sig)
{
	uint8_t digest[32], sig[65];
	char hex[140], addr[ADDRESS_EVM_MAX];
	struct error e = {0};

	eip191_hash(digest, (const uint8_t *)msg, len);
	hexstr(hex, sizeof hex, digest, 32);
	is_str(hex, want_hash, "eip191 digest of a %zu-byte message", len);
	ok(signer_secp256k1_sign(sig, anvil, digest) == 0, "sign the %zu-byte message", len);
	hexstr(hex, sizeof hex, sig, 65);
	is_str(hex, want_sig, "personal_sign signature of the %zu-byte message (cast)", len);
	ok(recover_addr(addr, sig, digest, &e) == 0, "recover from the %zu-byte message's signature", len);
	is_str(addr, ANVIL_ADDR, "recovers the signer's address (%zu bytes)", len);
}

int main(void)
{
	if (hex_decode_exact(anvil, 32, ANVIL_KEY)) {
		printf("Bail out! bad key\n");
		return 1;
	}

	/* EIP-191 personal_sign: "hello", "" and a 225-byte message */
	personal_sign("hello", 5, "0x50b2c43fd39106bafbba0da34fc430e1f91e3c96ea2acee2bc34119f92b37750",
		      "0xf16ea9a3478698f695fd1401bfe27e9e4a7e8e3da94aa72b021125e31fa899cc"
		      "573c48ea3fe1d4ab61a9db10c19032026e3ed2dbccba5a178235ac27f94504311c");
	personal_sign("", 0, "0x5f35dce98ba4fba25530a026ed80b2cecdaa31091ba4958b99b52ea1d068adad",
		      "0xc1977b761f1dd36c29795783460d241885c8e7f9d962dbe7bba2753fd94e89b4"
		      "44a1cd9ed855dd09afa3b73f7c2bd097ec9abc2d2775d737505a02d3f0cafa591b");
	{
		char msg[226] = "";
		for (int i = 0; i < 5; i++)
			strcat(msg, "The quick brown fox jumps over the lazy dog. ");
		personal_sign(msg, strlen(msg), "0x4930c7aba9f38b245ed403c06649ece82ad1ff7a1088cb66508d5430742c2a24",
			      "0x09f05dd7a888a6fefaffb6f4d435cc196ffe5765fe2a94b2be14bb3fd7f46fa9"
			      "20b4b9875c6d75b71455a0ab0e3bcb7854ab827aae4c14337d60e7cc1d5ee8751c");
	}

	/* a raw digest (cast wallet sign --no-hash): sha256("x") */
	uint8_t digest[32], sig[65], bad[65], pub[64];
	char hex[140], addr[ADDRESS_EVM_MAX];
	struct error e = {0};
	ok(hex_decode_exact(digest, 32, "2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881") == 0,
	   "digest");
	ok(signer_secp256k1_sign(sig, anvil, digest) == 0, "sign a raw digest");
	hexstr(hex, sizeof hex, sig, 65);
	is_str(hex,
	       "0x0c6e6097ca46bd0e33d7c2d11a0f940e783fdbafeaff4ef3492f99d376afdb1e"
	       "5fa81a40d2a9b811cbfdab0665ec112e6fcf53f2daa02c66e3fc044c68c46d2d1b",
	       "signature of a raw digest (cast --no-hash)");
	ok(signer_secp256k1_recover(pub, sig, digest, &e) == 0, "recover the public key");
	hex_encode(hex, sizeof hex, pub, 64);
	is_str(hex,
	       "8318535b54105d4a7aae60c08fc45f9687181b4fdfc625bd1a753fa7397fed75"
	       "3547f11ca8696646f2f3acb08e31016afac23e630c5d11f59f61fef57b0d2aa5",
	       "recovered public key is the signer's (cast wallet public-key)");

	/* v as 0/1 is accepted too; other v values are refused */
	memcpy(bad, sig, 65);
	bad[64] = (uint8_t)(sig[64] - 27);
	ok(recover_addr(addr, bad, digest, &e) == 0 && strcmp(addr, ANVIL_ADDR) == 0, "v = %d (0/1 form) recovers",
	   bad[64]);
	static const uint8_t bad_v[] = {2, 3, 26, 29, 30, 37, 38, 255};
	for (size_t i = 0; i < sizeof bad_v; i++) {
		bad[64] = bad_v[i];
		is_int(signer_secp256k1_recover(pub, bad, digest, &e), ERR_USAGE, "v = %d is refused", bad_v[i]);
	}

	/* the other recovery id recovers someone else */
	memcpy(bad, sig, 65);
	bad[64] = (uint8_t)(sig[64] == 27 ? 28 : 27);
	ok(recover_addr(addr, bad, digest, &e) != 0 || strcmp(addr, ANVIL_ADDR) != 0, "a flipped v does not verify");

	/* a flipped bit anywhere in r or s, or in the digest, does not verify */
	{
		int all = 1;
		for (int bit = 0; bit < 512; bit += 7) {
			memcpy(bad, sig, 65);
			bad[bit / 8] ^= (uint8_t)(1u << (bit % 8));
			if (recover_addr(addr, bad, digest, &e) == 0 && strcmp(addr, ANVIL_ADDR) == 0)
				all = 0;
		}
		ok(all, "flipped bits in r or s never recover the signer");
		uint8_t d2[32];
		memcpy(d2, digest, 32);
		d2[31] ^= 1;
		ok(recover_addr(addr, sig, d2, &e) != 0 || strcmp(addr, ANVIL_ADDR) != 0,
		   "a flipped digest bit does not recover the signer");
	}

	/* high s: s' = n - s with v flipped is the same signature, refused (EIP-2) */
	{
		uint8_t n[32];
		int borrow = 0;
		if (hex_decode_exact(n, 32, order_hex))
			return 1;
		memcpy(bad, sig, 65);
		for (int i = 31; i >= 0; i--) {
			int x = n[i] - sig[32 + i] - borrow;
			borrow = x < 0;
			bad[32 + i] = (uint8_t)(x + (borrow ? 256 : 0));
		}
		bad[64] = (uint8_t)(sig[64] == 27 ? 28 : 27);
		error_clear(&e);
		is_int(signer_secp256k1_recover(pub, bad, digest, &e), ERR_USAGE, "a high-s signature is refused");
		ok(strstr(e.msg, "high s") != NULL, "the message says why: %s", e.msg);
		/* r or s >= n */
		memcpy(bad, sig, 65);
		memcpy(bad, n, 32);
		is_int(signer_secp256k1_recover(pub, bad, digest, &e), ERR_USAGE, "r = n is refused");
		memset(bad, 0, 64);
		bad[64] = 27;
		ok(signer_secp256k1_recover(pub, bad, digest, &e) < 0, "r = s = 0 is refused");

		/* signing refuses a zero key and a key >= n */
		uint8_t zero[32] = {0};
		is_int(signer_secp256k1_sign(sig, zero, digest), ERR_USAGE, "signing with a zero key is refused");
		is_int(signer_secp256k1_sign(sig, n, digest), ERR_USAGE, "signing with the group order is refused");
	}

	/* every signature is low-s, v in {27, 28}, and recovers: 200 digests */
	{
		uint8_t half[32];
		int all = 1, saw27 = 0, saw28 = 0;
		/* (n - 1) / 2 */
		if (hex_decode_exact(half, 32, "7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0"))
			return 1;
		for (int i = 0; i < 200; i++) {
			uint8_t d[32];
			char msg[16];
			int len = snprintf(msg, sizeof msg, "msg %d", i);
			eip191_hash(d, (const uint8_t *)msg, (size_t)len);
			if (signer_secp256k1_sign(sig, anvil, d) || memcmp(sig + 32, half, 32) > 0 ||
			    (sig[64] != 27 && sig[64] != 28) || recover_addr(addr, sig, d, &e) ||
			    strcmp(addr, ANVIL_ADDR) != 0)
				all = 0;
			saw27 |= sig[64] == 27;
			saw28 |= sig[64] == 28;
		}
		ok(all, "200 signatures are low-s and recover the signer");
		ok(saw27 && saw28, "both recovery ids occur");
	}

	/* Ed25519: RFC 8032 section 7.1 */
	{
		static const struct { const char *seed, *pub, *msg, *sig; } v[] = {
			{"9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
			 "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", "",
			 "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155"
			 "5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"},
			{"4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
			 "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c", "72",
			 "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da"
			 "085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00"},
			{"c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7",
			 "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025", "af82",
			 "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac"
			 "18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a"},
		};
		for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
			uint8_t seed[32], pk[32], msg[8], want[64], got[64];
			size_t len;
			if (hex_decode_exact(seed, 32, v[i].seed) || hex_decode_exact(pk, 32, v[i].pub) ||
			    hex_decode(msg, sizeof msg, &len, v[i].msg) || hex_decode_exact(want, 64, v[i].sig))
				return 1;
			ok(signer_ed25519_sign(got, seed, msg, len) == 0, "RFC 8032 TEST %zu signs", i + 1);
			hex_encode(hex, sizeof hex, got, 64);
			is_str(hex, v[i].sig, "RFC 8032 TEST %zu signature", i + 1);
			is_int(signer_ed25519_verify(want, pk, msg, len), 0, "RFC 8032 TEST %zu verifies", i + 1);
			/* tampered: one more byte, or a flipped message bit */
			msg[len] = 0;
			is_int(signer_ed25519_verify(want, pk, msg, len + 1), ERR_REFUSED,
			       "TEST %zu with a byte appended is refused", i + 1);
			if (len) {
				msg[0] ^= 1;
				is_int(signer_ed25519_verify(want, pk, msg, len), ERR_REFUSED,
				       "TEST %zu with a flipped message bit is refused", i + 1);
				msg[0] ^= 1;
			}
			want[10] ^= 0x40;
			is_int(signer_ed25519_verify(want, pk, msg, len), ERR_REFUSED,
			       "TEST %zu with a flipped signature bit is refused", i + 1);
			want[10] ^= 0x40;
			pk[0] ^= 1;
			is_int(signer_ed25519_verify(want, pk, msg, len), ERR_REFUSED,
			       "TEST %zu under another public key is refused", i + 1);
		}
	}
	return tap_done();
}
