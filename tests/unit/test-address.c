/* Solana and EVM addresses: EIP-55 (ethereum/EIPs EIPS/eip-55.md examples),
 * parsing and its refusals. */
#include "config.h"
#include "tap.h"
#include "hex.h"
#include "base58.h"
#include "wallet/address.h"

#include <ctype.h>
#include <sodium.h>

static void eip55(void)
{
	static const char *const v[] = {
		/* all caps */
		"0x52908400098527886E0F7030069857D2E4169EE7",
		"0x8617E340B3D01FA5F11F306F4090FD50E238070D",
		/* all lower */
		"0xde709f2102306220921060314715629080e2fb77",
		"0x27b1fdb04752bbc536007a920d24acb045561c26",
		/* mixed */
		"0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
		"0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359",
		"0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB",
		"0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb",
	};
	for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
		uint8_t a[20], b[20];
		char out[ADDRESS_EVM_MAX];
		struct error e = { 0 };
		ok(hex_decode_exact(a, 20, v[i] + 2) == 0, "decode %s", v[i]);
		ok(address_eip55(out, sizeof out, a) == 0, "checksum %s", v[i]);
		is_str(out, v[i], "EIP-55 of %s", v[i]);
		ok(address_evm_parse(b, v[i], &e) == 0 && memcmp(a, b, 20) == 0, "parse %s (%s)", v[i], e.msg);

		/* the lower-case form is accepted as is */
		char low[ADDRESS_EVM_MAX];
		for (size_t k = 0; k < sizeof low; k++)
			low[k] = (char)tolower((unsigned char)out[k]);
		ok(address_evm_parse(b, low, &e) == 0 && memcmp(a, b, 20) == 0, "lower-case %s accepted", low);
	}

	/* the upper-case form ("0x" + capitals) is accepted too */
	uint8_t b[20];
	struct error e = { 0 };
	ok(address_evm_parse(b, "0x5AAEB6053F3E94C9B9A09F33669435E7EF1BEAED", &e) == 0 && b[0] == 0x5a && b[19] == 0xed,
	   "all upper case accepted");

	/* one letter's case flipped */
	is_int(address_evm_parse(b, "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD", &e), ERR_USAGE, "bad checksum refused");
	is_str(e.msg, "'0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD' has a bad EIP-55 checksum", "bad checksum message");
	is_int(address_evm_parse(b, "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeA", &e), ERR_USAGE, "39 digits refused");
	is_str(e.msg, "'0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeA' is not an EVM address (0x and 40 hex digits expected)",
	       "short address message");
	is_int(address_evm_parse(b, "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed00", &e), ERR_USAGE, "42 digits refused");
	is_int(address_evm_parse(b, "5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", &e), ERR_USAGE, "no 0x refused");
	is_int(address_evm_parse(b, "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeg", &e), ERR_USAGE, "a non-hex digit refused");
	is_int(address_evm_parse(b, "", &e), ERR_USAGE, "empty refused");
	/* something key-sized is refused without being repeated */
	static const char key[] = "0x4646464646464646464646464646464646464646464646464646464646464646";
	is_int(address_evm_parse(b, key, &e), ERR_USAGE, "a 32-byte hex string refused");
	ok(strstr(e.msg, "4646464646") == NULL, "... and not quoted in the message");

	/* from a public key: the EIP-155 example key 0x4646...46 is 0x9d8A62f6...; use
	 * the secret key path through address_evm_from_seckey */
	uint8_t sk[32];
	char out[ADDRESS_EVM_MAX];
	memset(sk, 0x46, 32);
	ok(address_evm_from_seckey(out, sizeof out, sk) == 0, "address of key 0x46..46");
	is_str(out, "0x9d8A62f656a8d1615C1294fd71e9CFb3E4855A4F", "address of the EIP-155 example key");
	memset(sk, 0, 32);
	is_int(address_evm_from_seckey(out, sizeof out, sk), ERR_USAGE, "a zero secret key refused");
	ok(address_eip55(out, 42, b) < 0, "a 42-byte buffer is too small");
}

static void solana(void)
{
	uint8_t pk[32], zero[32] = { 0 };
	char s[ADDRESS_SOLANA_MAX];
	struct error e = { 0 };

	ok(address_solana_parse(pk, "11111111111111111111111111111111", &e) == 0 && memcmp(pk, zero, 32) == 0,
	   "the system program is 32 zero bytes");
	ok(address_solana(s, sizeof s, zero) == 0, "encode 32 zero bytes");
	is_str(s, "11111111111111111111111111111111", "... as the system program");

	/* a round trip of a real address */
	static const char token[] = "TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA";
	ok(address_solana_parse(pk, token, &e) == 0, "parse the token program");
	ok(address_solana(s, sizeof s, pk) == 0, "encode it back");
	is_str(s, token, "token program round trip");
	ok(address_solana(s, 43, pk) < 0, "a 43-byte buffer is too small for a 43-character address");

	/* 31 bytes: 31 ones */
	is_int(address_solana_parse(pk, "1111111111111111111111111111111", &e), ERR_USAGE, "31 bytes refused");
	is_str(e.msg, "'1111111111111111111111111111111' is not a Solana address (it decodes to 31 bytes, not 32)",
	       "31-byte message");
	/* 31 non-zero bytes */
	uint8_t b31[31];
	memset(b31, 0xab, sizeof b31);
	char enc[64];
	ok(base58_encode(enc, sizeof enc, b31, sizeof b31) == 0, "encode 31 bytes");
	is_int(address_solana_parse(pk, enc, &e), ERR_USAGE, "31 non-zero bytes refused");
	is_int(address_solana_parse(pk, "TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5D0", &e), ERR_USAGE, "a 0 (not base58) refused");
	is_str(e.msg, "'TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5D0' is not a Solana address (not base58)", "not base58 message");
	is_int(address_solana_parse(pk, "", &e), ERR_USAGE, "empty refused");

	/* a 64-byte keypair pasted as an address: refused, not quoted */
	uint8_t kp[64];
	memset(kp, 0x77, sizeof kp);
	char kps[100];
	ok(base58_encode(kps, sizeof kps, kp, sizeof kp) == 0, "encode 64 bytes");
	is_int(address_solana_parse(pk, kps, &e), ERR_USAGE, "a 64-byte keypair refused");
	ok(strstr(e.msg, kps) == NULL && strstr(e.msg, "64 bytes") != NULL, "... named as such, not quoted (%s)", e.msg);
}

int main(void)
{
	if (sodium_init() < 0)
		return 1;
	eip55();
	solana();
	return tap_done();
}
