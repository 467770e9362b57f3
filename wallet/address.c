#include "config.h"
#include "address.h"
#include "base58.h"
#include "hex.h"
#include "keccak.h"
#include "secp.h"

#include <stdio.h>
#include <string.h>
#include <sodium.h>

/* Error messages quote what the user gave only when it is address-sized:
 * a longer string may be a secret key pasted in the wrong place. */
#define QUOTE_MAX 44

static int printable(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || (unsigned char)*s >= 0x7f)
			return 0;
	return 1;
}

static int quotable(const char *s)
{
	return strlen(s) <= QUOTE_MAX && printable(s);
}

int address_solana(char *out, size_t out_size, const uint8_t pubkey[32])
{
	if (out_size)
		out[0] = '\0';
	return base58_encode(out, out_size, pubkey, 32) < 0 ? ERR_USAGE : 0;
}

int address_solana_parse(uint8_t out[32], const char *s, struct error *e)
{
	uint8_t buf[128];
	size_t n = 0;
	const char *why = NULL;
	char whybuf[64];

	size_t len = strlen(s);
	if (len == 0)
		return error_set(e, ERR_USAGE, "an empty string is not a Solana address");
	if (len > 90 || base58_decode(buf, sizeof buf, &n, s) < 0) {
		why = len > 90 ? "too long" : "not base58";
	} else if (n != 32) {
		if (n == 64)
			why = "it decodes to 64 bytes, like a keypair: a secret key is not an address";
		else {
			snprintf(whybuf, sizeof whybuf, "it decodes to %zu bytes, not 32", n);
			why = whybuf;
		}
	}
	if (why) {
		sodium_memzero(buf, sizeof buf);
		if (quotable(s))
			return error_set(e, ERR_USAGE, "'%s' is not a Solana address (%s)", s, why);
		return error_set(e, ERR_USAGE, "the %zu characters given are not a Solana address (%s)", len, why);
	}
	memcpy(out, buf, 32);
	return 0;
}

int address_eip55(char *out, size_t out_size, const uint8_t addr[20])
{
	char hex[41];
	uint8_t h[32];

	if (out_size)
		out[0] = '\0';
	if (out_size < ADDRESS_EVM_MAX)
		return ERR_USAGE;
	hex_encode(hex, sizeof hex, addr, 20);
	keccak256(h, hex, 40);
	out[0] = '0';
	out[1] = 'x';
	for (int i = 0; i < 40; i++) {
		char c = hex[i];
		unsigned nib = (i % 2 ? h[i / 2] : h[i / 2] >> 4) & 0xf;
		if (c >= 'a' && c <= 'f' && nib >= 8)
			c = (char)(c - 'a' + 'A');
		out[2 + i] = c;
	}
	out[42] = '\0';
	return 0;
}

int address_evm_from_pubkey(char *out, size_t out_size, const uint8_t pub64[64])
{
	uint8_t h[32];
	keccak256(h, pub64, 64);
	return address_eip55(out, out_size, h + 12);
}

int address_evm_from_seckey(char *out, size_t out_size, const uint8_t seckey[32])
{
	uint8_t pub[64];
	if (out_size)
		out[0] = '\0';
	int rc = secp_pubkey64(pub, seckey);
	if (rc < 0)
		return rc;
	return address_evm_from_pubkey(out, out_size, pub);
}

int address_evm_parse(uint8_t out[20], const char *s, struct error *e)
{
	size_t len = strlen(s);
	int lower = 0, upper = 0;

	if (len < 2 || s[0] != '0' || s[1] != 'x') {
		if (len == 40 && quotable(s))
			return error_set(e, ERR_USAGE, "'%s' is not an EVM address (it lacks the 0x prefix)", s);
		goto bad;
	}
	if (len != 42)
		goto bad;
	for (size_t i = 2; i < len; i++) {
		char c = s[i];
		if (c >= 'a' && c <= 'f')
			lower = 1;
		else if (c >= 'A' && c <= 'F')
			upper = 1;
		else if (c < '0' || c > '9')
			goto bad;
	}
	uint8_t a[20];
	if (hex_decode_exact(a, 20, s + 2) < 0)
		goto bad;
	if (lower && upper) {
		char want[ADDRESS_EVM_MAX];
		if (address_eip55(want, sizeof want, a) < 0 || strcmp(want + 2, s + 2) != 0)
			return error_set(e, ERR_USAGE, "'%s' has a bad EIP-55 checksum", s);
	}
	memcpy(out, a, 20);
	return 0;
bad:
	if (quotable(s))
		return error_set(e, ERR_USAGE, "'%s' is not an EVM address (0x and 40 hex digits expected)", s);
	return error_set(e, ERR_USAGE, "the %zu characters given are not an EVM address (0x and 40 hex digits expected)", len);
}
