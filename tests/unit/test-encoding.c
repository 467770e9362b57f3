/* hex, base58 / base58check and Keccak-256 against published vectors. */
#include "config.h"
#include "tap.h"
#include "hex.h"
#include "base58.h"
#include "keccak.h"

static void keccak_vector(const char *msg, size_t len, const char *want)
{
	uint8_t h[32];
	char hex[65];
	keccak256(h, msg, len);
	hex_encode(hex, sizeof hex, h, 32);
	is_str(hex, want, "keccak256 of %zu bytes", len);
}

int main(void)
{
	/* Keccak-256: the empty string, "abc", a 200-byte message crossing the rate. */
	keccak_vector("", 0, "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470");
	keccak_vector("abc", 3, "4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45");
	keccak_vector("testing", 7, "5f16f4c7f149ac4f9510d9cf8cf384038ad348b3bcdc01915f95de12df9d1b02");
	/* Ethereum's function selector for transfer(address,uint256) */
	{
		uint8_t h[32];
		keccak256(h, "transfer(address,uint256)", 25);
		char hex[9];
		hex_encode(hex, sizeof hex, h, 4);
		is_str(hex, "a9059cbb", "selector of transfer(address,uint256)");
	}
	/* streaming in odd pieces equals one shot across the 136-byte rate */
	{
		char msg[300];
		for (int i = 0; i < 300; i++)
			msg[i] = (char)i;
		uint8_t a[32], b[32];
		keccak256(a, msg, 300);
		struct keccak k;
		keccak_init(&k);
		keccak_update(&k, msg, 7);
		keccak_update(&k, msg + 7, 130);
		keccak_update(&k, msg + 137, 163);
		keccak_final(&k, b);
		ok(memcmp(a, b, 32) == 0, "keccak streaming equals one shot");
	}

	/* hex */
	{
		uint8_t b[4];
		size_t n;
		ok(hex_decode(b, sizeof b, &n, "0xDEADbeef") == 0 && n == 4 && b[0] == 0xde && b[3] == 0xef, "hex decodes 0x-prefixed mixed case");
		ok(hex_decode(b, sizeof b, &n, "abc") < 0, "hex refuses odd length");
		ok(hex_decode(b, sizeof b, &n, "zz") < 0, "hex refuses a non-digit");
		ok(hex_decode(b, sizeof b, &n, "0102030405") < 0, "hex refuses overflow");
		ok(hex_decode_exact(b, 4, "010203") < 0, "hex_decode_exact refuses a short input");
		char s[9];
		hex_encode(s, sizeof s, (const uint8_t *)"\x01\xab\xff\x00", 4);
		is_str(s, "01abff00", "hex encodes");
	}

	/* base58: vectors from the Bitcoin Core base58_encode_decode.json set */
	{
		static const struct { const char *hex, *b58; } v[] = {
			{"", ""},
			{"61", "2g"},
			{"626262", "a3gV"},
			{"636363", "aPEr"},
			{"73696d706c792061206c6f6e6720737472696e67", "2cFupjhnEsSn59qHXstmK2ffpLv2"},
			{"00eb15231dfceb60925886b67d065299925915aeb172c06647", "1NS17iag9jJgTHD1VXjvLCEnZuQ3rJDE9L"},
			{"516b6fcd0f", "ABnLTmg"},
			{"bf4f89001e670274dd", "3SEo3LWLoPntC"},
			{"572e4794", "3EFU7m"},
			{"ecac89cad93923c02321", "EJDM8drfXA6uyA"},
			{"10c8511e", "Rt5zm"},
			{"00000000000000000000", "1111111111"},
		};
		for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
			uint8_t raw[64], back[64];
			size_t n, m;
			char enc[128];
			ok(hex_decode(raw, sizeof raw, &n, v[i].hex) == 0, "vector %zu hex", i);
			ok(base58_encode(enc, sizeof enc, raw, n) == 0, "vector %zu encodes", i);
			is_str(enc, v[i].b58, "base58 of %s", v[i].hex);
			ok(base58_decode(back, sizeof back, &m, v[i].b58) == 0 && m == n && memcmp(back, raw, n) == 0,
			   "base58 decodes %s", v[i].b58);
		}
		uint8_t out[64];
		size_t n;
		ok(base58_decode(out, sizeof out, &n, "0OIl") < 0, "base58 refuses 0, O, I and l");
		ok(base58_decode(out, 2, &n, "3SEo3LWLoPntC") < 0, "base58 refuses overflow");
		char small[4];
		ok(base58_encode(small, sizeof small, (const uint8_t *)"\xbf\x4f\x89\x00\x1e", 5) < 0, "base58 refuses a small buffer");
	}
	/* base58check: the P2PKH address of the genesis coinbase (version 0 + hash160) */
	{
		uint8_t raw[21], back[32];
		size_t n;
		char enc[64];
		ok(hex_decode_exact(raw, 21, "0062e907b15cbf27d5425399ebf6f0fb50ebb88f18") == 0, "p2pkh payload");
		ok(base58check_encode(enc, sizeof enc, raw, 21) == 0, "base58check encodes");
		is_str(enc, "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa", "base58check address (the genesis coinbase)");
		ok(base58check_decode(back, sizeof back, &n, enc) == 0 && n == 21 && memcmp(back, raw, 21) == 0, "base58check round trip");
		ok(base58check_decode(back, sizeof back, &n, "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNb") < 0, "base58check refuses a bad checksum");
	}
	return tap_done();
}
