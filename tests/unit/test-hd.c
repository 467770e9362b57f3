/* SLIP-10 ed25519 and BIP32 secp256k1 against the published vectors, path
 * parsing, RIPEMD-160, and the well-known wallet addresses. */
#include "config.h"
#include "tap.h"
#include "hex.h"
#include "wallet/bip39.h"
#include "wallet/hd.h"
#include "wallet/address.h"

#include <sodium.h>
#include <cjson/cJSON.h>

/* BIP32 test vectors 1 and 2 (bitcoin/bips bip-0032.mediawiki): the xpub and
 * xprv of each chain step, in the order of slip10-vectors.json. */
static const char *const bip32_x[2][6][2] = {
	{
		{ "xpub661MyMwAqRbcFtXgS5sYJABqqG9YLmC4Q1Rdap9gSE8NqtwybGhePY2gZ29ESFjqJoCu1Rupje8YtGqsefD265TMg7usUDFdp6W1EGMcet8",
		  "xprv9s21ZrQH143K3QTDL4LXw2F7HEK3wJUD2nW2nRk4stbPy6cq3jPPqjiChkVvvNKmPGJxWUtg6LnF5kejMRNNU3TGtRBeJgk33yuGBxrMPHi" },
		{ "xpub68Gmy5EdvgibQVfPdqkBBCHxA5htiqg55crXYuXoQRKfDBFA1WEjWgP6LHhwBZeNK1VTsfTFUHCdrfp1bgwQ9xv5ski8PX9rL2dZXvgGDnw",
		  "xprv9uHRZZhk6KAJC1avXpDAp4MDc3sQKNxDiPvvkX8Br5ngLNv1TxvUxt4cV1rGL5hj6KCesnDYUhd7oWgT11eZG7XnxHrnYeSvkzY7d2bhkJ7" },
		{ "xpub6ASuArnXKPbfEwhqN6e3mwBcDTgzisQN1wXN9BJcM47sSikHjJf3UFHKkNAWbWMiGj7Wf5uMash7SyYq527Hqck2AxYysAA7xmALppuCkwQ",
		  "xprv9wTYmMFdV23N2TdNG573QoEsfRrWKQgWeibmLntzniatZvR9BmLnvSxqu53Kw1UmYPxLgboyZQaXwTCg8MSY3H2EU4pWcQDnRnrVA1xe8fs" },
		{ "xpub6D4BDPcP2GT577Vvch3R8wDkScZWzQzMMUm3PWbmWvVJrZwQY4VUNgqFJPMM3No2dFDFGTsxxpG5uJh7n7epu4trkrX7x7DogT5Uv6fcLW5",
		  "xprv9z4pot5VBttmtdRTWfWQmoH1taj2axGVzFqSb8C9xaxKymcFzXBDptWmT7FwuEzG3ryjH4ktypQSAewRiNMjANTtpgP4mLTj34bhnZX7UiM" },
		{ "xpub6FHa3pjLCk84BayeJxFW2SP4XRrFd1JYnxeLeU8EqN3vDfZmbqBqaGJAyiLjTAwm6ZLRQUMv1ZACTj37sR62cfN7fe5JnJ7dh8zL4fiyLHV",
		  "xprvA2JDeKCSNNZky6uBCviVfJSKyQ1mDYahRjijr5idH2WwLsEd4Hsb2Tyh8RfQMuPh7f7RtyzTtdrbdqqsunu5Mm3wDvUAKRHSC34sJ7in334" },
		{ "xpub6H1LXWLaKsWFhvm6RVpEL9P4KfRZSW7abD2ttkWP3SSQvnyA8FSVqNTEcYFgJS2UaFcxupHiYkro49S8yGasTvXEYBVPamhGW6cFJodrTHy",
		  "xprvA41z7zogVVwxVSgdKUHDy1SKmdb533PjDz7J6N6mV6uS3ze1ai8FHa8kmHScGpWmj4WggLyQjgPie1rFSruoUihUZREPSL39UNdE3BBDu76" },
	},
	{
		{ "xpub661MyMwAqRbcFW31YEwpkMuc5THy2PSt5bDMsktWQcFF8syAmRUapSCGu8ED9W6oDMSgv6Zz8idoc4a6mr8BDzTJY47LJhkJ8UB7WEGuduB",
		  "xprv9s21ZrQH143K31xYSDQpPDxsXRTUcvj2iNHm5NUtrGiGG5e2DtALGdso3pGz6ssrdK4PFmM8NSpSBHNqPqm55Qn3LqFtT2emdEXVYsCzC2U" },
		{ "xpub69H7F5d8KSRgmmdJg2KhpAK8SR3DjMwAdkxj3ZuxV27CprR9LgpeyGmXUbC6wb7ERfvrnKZjXoUmmDznezpbZb7ap6r1D3tgFxHmwMkQTPH",
		  "xprv9vHkqa6EV4sPZHYqZznhT2NPtPCjKuDKGY38FBWLvgaDx45zo9WQRUT3dKYnjwih2yJD9mkrocEZXo1ex8G81dwSM1fwqWpWkeS3v86pgKt" },
		{ "xpub6ASAVgeehLbnwdqV6UKMHVzgqAG8Gr6riv3Fxxpj8ksbH9ebxaEyBLZ85ySDhKiLDBrQSARLq1uNRts8RuJiHjaDMBU4Zn9h8LZNnBC5y4a",
		  "xprv9wSp6B7kry3Vj9m1zSnLvN3xH8RdsPP1Mh7fAaR7aRLcQMKTR2vidYEeEg2mUCTAwCd6vnxVrcjfy2kRgVsFawNzmjuHc2YmYRmagcEPdU9" },
		{ "xpub6DF8uhdarytz3FWdA8TvFSvvAh8dP3283MY7p2V4SeE2wyWmG5mg5EwVvmdMVCQcoNJxGoWaU9DCWh89LojfZ537wTfunKau47EL2dhHKon",
		  "xprv9zFnWC6h2cLgpmSA46vutJzBcfJ8yaJGg8cX1e5StJh45BBciYTRXSd25UEPVuesF9yog62tGAQtHjXajPPdbRCHuWS6T8XA2ECKADdw4Ef" },
		{ "xpub6ERApfZwUNrhLCkDtcHTcxd75RbzS1ed54G1LkBUHQVHQKqhMkhgbmJbZRkrgZw4koxb5JaHWkY4ALHY2grBGRjaDMzQLcgJvLJuZZvRcEL",
		  "xprvA1RpRA33e1JQ7ifknakTFpgNXPmW2YvmhqLQYMmrj4xJXXWYpDPS3xz7iAxn8L39njGVyuoseXzU6rcxFLJ8HFsTjSyQbLYnMpCqE2VbFWc" },
		{ "xpub6FnCn6nSzZAw5Tw7cgR9bi15UV96gLZhjDstkXXxvCLsUXBGXPdSnLFbdpq8p9HmGsApME5hQTZ3emM2rnY5agb9rXpVGyy3bdW6EEgAtqt",
		  "xprvA2nrNbFZABcdryreWet9Ea4LvTJcGsqrMzxHx98MMrotbir7yrKCEXw7nadnHM8Dq38EGfSh6dqA9QWTyefMLEcBYJUuekgW4BYPJcr9E7j" },
	},
};

static void vector(cJSON *root, const char *name, int ed25519, int which)
{
	cJSON *v = cJSON_GetObjectItemCaseSensitive(root, name);
	const char *seed_hex = cJSON_GetObjectItemCaseSensitive(v, "seed")->valuestring;
	uint8_t seed[64];
	size_t seed_len;
	int step = 0;
	cJSON *c;

	ok(hex_decode(seed, sizeof seed, &seed_len, seed_hex) == 0, "%s: seed", name);
	cJSON_ArrayForEach(c, cJSON_GetObjectItemCaseSensitive(v, "chains")) {
		const char *path = cJSON_GetObjectItemCaseSensitive(c, "path")->valuestring;
		const char *fp = cJSON_GetObjectItemCaseSensitive(c, "fingerprint")->valuestring;
		const char *cc = cJSON_GetObjectItemCaseSensitive(c, "chain_code")->valuestring;
		const char *priv = cJSON_GetObjectItemCaseSensitive(c, "private")->valuestring;
		const char *pub = cJSON_GetObjectItemCaseSensitive(c, "public")->valuestring;
		uint32_t p[16];
		size_t depth = 0;
		struct hd_node node;
		char hex[67], fph[9], x[HD_XKEY_MAX];
		uint8_t pk[33], fpb[4];
		int rc;

		ok(hd_path_parse(p, 16, &depth, path) == 0, "%s: parse %s", name, path);
		is_int(depth, step, "%s %s: depth", name, path);
		if (ed25519)
			rc = hd_slip10_ed25519(&node, seed, seed_len, p, depth);
		else
			rc = hd_bip32_secp256k1(&node, seed, seed_len, p, depth);
		is_int(rc, 0, "%s %s: derive", name, path);
		is_int(node.depth, depth, "%s %s: node depth", name, path);
		is_int(node.child, depth ? p[depth - 1] : 0, "%s %s: child index", name, path);
		fpb[0] = (uint8_t)(node.parent_fingerprint >> 24);
		fpb[1] = (uint8_t)(node.parent_fingerprint >> 16);
		fpb[2] = (uint8_t)(node.parent_fingerprint >> 8);
		fpb[3] = (uint8_t)node.parent_fingerprint;
		hex_encode(fph, sizeof fph, fpb, 4);
		is_str(fph, fp, "%s %s: parent fingerprint", name, path);
		hex_encode(hex, sizeof hex, node.chain, 32);
		is_str(hex, cc, "%s %s: chain code", name, path);
		hex_encode(hex, sizeof hex, node.key, 32);
		is_str(hex, priv, "%s %s: private key", name, path);
		if (ed25519) {
			pk[0] = 0x00;
			hd_ed25519_pubkey(pk + 1, &node);
		} else {
			ok(hd_secp256k1_pubkey(pk, &node) == 0, "%s %s: public key computed", name, path);
		}
		hex_encode(hex, sizeof hex, pk, 33);
		is_str(hex, pub, "%s %s: public key", name, path);
		if (!ed25519 && step < 6) {
			ok(hd_xpub(x, sizeof x, &node) == 0, "%s %s: xpub", name, path);
			is_str(x, bip32_x[which][step][0], "%s %s: xpub value", name, path);
			ok(hd_xprv(x, sizeof x, &node) == 0, "%s %s: xprv", name, path);
			is_str(x, bip32_x[which][step][1], "%s %s: xprv value", name, path);
		}
		step++;
	}
	is_int(step, 6, "%s: 6 chain steps", name);
}

static void paths(void)
{
	uint32_t p[8];
	size_t d = 99;

	ok(hd_path_parse(p, 8, &d, "m") == 0 && d == 0, "m is the root");
	ok(hd_path_parse(p, 8, &d, "m/44'/501'/0'/0'") == 0 && d == 4 && p[0] == (44 | HD_HARDENED) &&
	   p[1] == (501 | HD_HARDENED) && p[2] == HD_HARDENED && p[3] == HD_HARDENED, "the Solana path");
	ok(hd_path_parse(p, 8, &d, "m/44h/60H/0h/0/7") == 0 && d == 5 && p[1] == (60 | HD_HARDENED) &&
	   p[3] == 0 && p[4] == 7, "h and H mark hardened");
	ok(hd_path_parse(p, 8, &d, "m/2147483647'") == 0 && d == 1 && p[0] == 0xffffffffu, "the largest index");
	static const char *const bad[] = {
		"", "M/0", "44'/0'", "m/", "m//0", "m/0/", "m/-1", "m/+1", "m/1x", "m/1''", "m/0'h",
		"m/2147483648", "m/2147483648'", "m/4294967296", "m/99999999999999999999", "m/01",
		" m/0", "m/0 ", "m/a", "m/0/1/2/3/4/5/6/7/8",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		d = 99;
		ok(hd_path_parse(p, 8, &d, bad[i]) == ERR_USAGE && d == 0, "path '%s' is refused", bad[i]);
	}
	char deep[2048] = "m";
	for (int i = 0; i < 256; i++)
		strcat(deep, "/1");
	uint32_t many[300];
	is_int(hd_path_parse(many, 300, &d, deep), ERR_USAGE, "256 levels are too deep for BIP32");
	deep[strlen(deep) - 2] = '\0';
	ok(hd_path_parse(many, 300, &d, deep) == 0 && d == 255, "255 levels are fine");

	uint8_t seed[64] = { 0 }, key[32];
	struct hd_node n;
	uint32_t soft[2] = { HD_HARDENED, 1 };
	is_int(hd_slip10_ed25519(&n, seed, 16, soft, 2), ERR_USAGE, "ed25519 refuses a normal level");
	is_int(hd_slip10_ed25519(&n, seed, 15, soft, 0), ERR_USAGE, "a 15-byte seed is refused");
	is_int(hd_bip32_secp256k1(&n, seed, 15, soft, 0), ERR_USAGE, "a 15-byte seed is refused (secp256k1)");
	char x[HD_XKEY_MAX];
	ok(hd_bip32_secp256k1(&n, seed, 16, soft, 2) == 0, "derive for the buffer test");
	is_int(hd_xprv(x, 111, &n), ERR_USAGE, "xprv refuses a 111-byte buffer");
	is_int(hd_solana_account(key, seed, HD_HARDENED), ERR_USAGE, "account 2^31 is refused");
	is_int(hd_evm_account(key, seed, HD_HARDENED), ERR_USAGE, "EVM account 2^31 is refused");
}

static void ripemd(void)
{
	static const struct { const char *msg, *hash; } v[] = {
		{ "", "9c1185a5c5e9fc54612808977ee8f548b2258d31" },
		{ "a", "0bdc9d2d256b3ee9daae347be6f4dc835a467ffe" },
		{ "abc", "8eb208f7e05d987a9b044a8e98c6b087f15a0bfc" },
		{ "message digest", "5d0689ef49d2fae572b881b123a85ffa21595f36" },
		{ "abcdefghijklmnopqrstuvwxyz", "f71c27109c692c1b56bbdceb5b9d2865b3708dbc" },
		{ "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "12a053384a9c0c88e405a06c27dcf49ada62eb2b" },
		{ "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", "b0e20b6e3116640286ed3a87a5713079b21f5189" },
		{ "12345678901234567890123456789012345678901234567890123456789012345678901234567890",
		  "9b752e45573d4b39f4dbd3323cab82bf63326bfb" },
	};
	for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
		uint8_t h[20];
		char hex[41];
		hd_ripemd160_builtin(h, (const uint8_t *)v[i].msg, strlen(v[i].msg));
		hex_encode(hex, sizeof hex, h, 20);
		is_str(hex, v[i].hash, "built-in ripemd160 of '%s'", v[i].msg);
		hd_ripemd160(h, (const uint8_t *)v[i].msg, strlen(v[i].msg));
		hex_encode(hex, sizeof hex, h, 20);
		is_str(hex, v[i].hash, "ripemd160 of '%s'", v[i].msg);
	}
	/* a million 'a's */
	size_t n = 1000000;
	uint8_t *m = malloc(n), h[20];
	char hex[41];
	memset(m, 'a', n);
	hd_ripemd160_builtin(h, m, n);
	hex_encode(hex, sizeof hex, h, 20);
	is_str(hex, "52783243c1697bdbe16d37f97f68f08325dc1528", "built-in ripemd160 of a million a");
	free(m);
}

static void accounts(void)
{
	uint8_t seed[64], sk[32], pk[32], sk64[64];
	char addr[ADDRESS_SOLANA_MAX];

	ok(bip39_seed(seed, "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about", "") == 0,
	   "seed of abandon ... about");
	ok(hd_solana_account(sk, seed, 0) == 0, "Solana account 0");
	crypto_sign_seed_keypair(pk, sk64, sk);
	ok(address_solana(addr, sizeof addr, pk) == 0, "Solana address");
	is_str(addr, "HAgk14JpMQLgt6rVgv7cBQFJWFto5Dqxi472uT3DKpqk", "m/44'/501'/0'/0' of abandon ... about");

	/* the same through the generic path */
	uint32_t p[4];
	size_t d;
	struct hd_node n;
	ok(hd_path_parse(p, 4, &d, "m/44'/501'/0'/0'") == 0 && hd_slip10_ed25519(&n, seed, 64, p, d) == 0 &&
	   memcmp(n.key, sk, 32) == 0, "hd_solana_account is m/44'/501'/0'/0'");

	static const char *const anvil[] = {
		"0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266",
		"0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
		"0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC",
	};
	ok(bip39_seed(seed, "test test test test test test test test test test test junk", "") == 0, "seed of test ... junk");
	for (uint32_t a = 0; a < 3; a++) {
		char evm[ADDRESS_EVM_MAX];
		ok(hd_evm_account(sk, seed, a) == 0, "EVM account %u", a);
		ok(address_evm_from_seckey(evm, sizeof evm, sk) == 0, "EVM address %u", a);
		is_str(evm, anvil[a], "m/44'/60'/0'/0/%u of test ... junk (anvil)", a);
	}
	/* anvil's first private key */
	char hex[65];
	ok(hd_evm_account(sk, seed, 0) == 0, "EVM account 0 again");
	hex_encode(hex, sizeof hex, sk, 32);
	is_str(hex, "ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80", "anvil's first private key");
}

int main(void)
{
	if (sodium_init() < 0)
		return 1;
	char *text = tap_slurp("tests/fixtures/vectors/slip10-vectors.json");
	cJSON *root = cJSON_Parse(text);
	ok(root != NULL, "slip10-vectors.json parses");
	vector(root, "secp256k1_vector_1", 0, 0);
	vector(root, "secp256k1_vector_2", 0, 1);
	vector(root, "ed25519_vector_1", 1, 0);
	vector(root, "ed25519_vector_2", 1, 1);
	cJSON_Delete(root);
	free(text);
	paths();
	ripemd();
	accounts();
	return tap_done();
}
