#include "config.h"
#include "base58.h"

#include <string.h>
#include <sodium.h>

static const char alphabet[] = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

int base58_encode(char *out, size_t out_size, const uint8_t *in, size_t len)
{
	size_t zeros = 0;
	while (zeros < len && in[zeros] == 0)
		zeros++;
	/* log(256)/log(58) < 1.38: digits needed for the rest. */
	size_t cap = (len - zeros) * 138 / 100 + 1;
	uint8_t digits[cap ? cap : 1];
	size_t ndig = 0;
	memset(digits, 0, sizeof digits);
	for (size_t i = zeros; i < len; i++) {
		unsigned carry = in[i];
		for (size_t j = 0; j < ndig; j++) {
			carry += (unsigned)digits[j] << 8;
			digits[j] = (uint8_t)(carry % 58);
			carry /= 58;
		}
		while (carry) {
			digits[ndig++] = (uint8_t)(carry % 58);
			carry /= 58;
		}
	}
	if (zeros + ndig + 1 > out_size)
		return ERR_USAGE;
	size_t o = 0;
	for (size_t i = 0; i < zeros; i++)
		out[o++] = '1';
	while (ndig)
		out[o++] = alphabet[digits[--ndig]];
	out[o] = '\0';
	return 0;
}

int base58_decode(uint8_t *out, size_t out_size, size_t *out_len, const char *in)
{
	size_t len = strlen(in), zeros = 0;
	while (zeros < len && in[zeros] == '1')
		zeros++;
	/* k digits after the zeros (the first one not zero) are a number of at
	 * least 58^(k-1), which takes more than (k-1) * 0.732 bytes: refuse text
	 * too long for out before any work (the work and the stack below grow
	 * with the text, and hostile text can be long) */
	if (zeros > out_size || (len - zeros > 1 && (len - zeros - 1) * 73 / 100 > out_size - zeros))
		return ERR_USAGE;
	/* log(58)/log(256) < 0.74 */
	size_t cap = (len - zeros) * 74 / 100 + 1;
	uint8_t bytes[cap];
	size_t nb = 0;
	for (size_t i = zeros; i < len; i++) {
		const char *p = memchr(alphabet, in[i], sizeof alphabet - 1);
		if (!p || !in[i])
			return ERR_USAGE;
		unsigned carry = (unsigned)(p - alphabet);
		for (size_t j = 0; j < nb; j++) {
			carry += (unsigned)bytes[j] * 58;
			bytes[j] = (uint8_t)carry;
			carry >>= 8;
		}
		while (carry) {
			bytes[nb++] = (uint8_t)carry;
			carry >>= 8;
		}
	}
	if (zeros + nb > out_size)
		return ERR_USAGE;
	memset(out, 0, zeros);
	for (size_t i = 0; i < nb; i++)
		out[zeros + i] = bytes[nb - 1 - i];
	if (out_len)
		*out_len = zeros + nb;
	return 0;
}

static void checksum(uint8_t out[4], const uint8_t *in, size_t len)
{
	uint8_t h[32];
	crypto_hash_sha256(h, in, len);
	crypto_hash_sha256(h, h, sizeof h);
	memcpy(out, h, 4);
}

int base58check_encode(char *out, size_t out_size, const uint8_t *in, size_t len)
{
	uint8_t buf[len + 4];
	memcpy(buf, in, len);
	checksum(buf + len, in, len);
	return base58_encode(out, out_size, buf, len + 4);
}

int base58check_decode(uint8_t *out, size_t out_size, size_t *out_len, const char *in)
{
	size_t room = out_size + 4, n;
	uint8_t sum[4];
	if (strlen(in) < room) /* the decoding is never longer than the text */
		room = strlen(in);
	uint8_t buf[room ? room : 1];
	if (base58_decode(buf, room, &n, in) || n < 4)
		return ERR_USAGE;
	checksum(sum, buf, n - 4);
	if (memcmp(sum, buf + n - 4, 4) || n - 4 > out_size)
		return ERR_USAGE;
	memcpy(out, buf, n - 4);
	if (out_len)
		*out_len = n - 4;
	return 0;
}
