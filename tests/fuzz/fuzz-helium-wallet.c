/* helium-wallet files (wallet/helium-wallet.h): the public key read without
 * the password, and a decryption with the password "fuzz" when the file's
 * own KDF cost is small (PBKDF2 up to 64 iterations, Argon2id up to 64 KiB
 * and 2 passes; the seeds are such files): helium-wallet's real costs take
 * seconds per try. */
#include "config.h"
#include "fuzz.h"

#include "wallet/helium-wallet.h"

#define PASSWORD "fuzz"

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* Whether decrypting would be cheap, read from the layout in helium-wallet.h
 * (a file that is not laid out so is refused before any KDF runs). */
static int cheap(const uint8_t *p, size_t n)
{
	size_t off = 2;
	unsigned kind, pwhash = 0;
	if (n < 2)
		return 1;
	kind = (unsigned)p[0] | (unsigned)p[1] << 8;
	if (kind < 1 || kind > 3)
		return 1;
	if (kind >= 2) {
		if (off >= n)
			return 1;
		pwhash = p[off++];
	}
	off += kind == 3 ? 32 : 33; /* the public key */
	off += 12;                  /* the IV */
	if (pwhash == 0) {
		off += 8;
		return off + 4 > n || le32(p + off) <= 64;
	}
	off += 16;
	return off + 8 > n || (le32(p + off) <= 65536 && le32(p + off + 4) <= 2);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct error e = {0};
	uint8_t *in = fuzz_copy(data, size), pubkey[32], seed[32];
	static const uint8_t zero[32];

	int rc = helium_wallet_pubkey(pubkey, in, size, &e);
	FUZZ_CHECK(rc == 0 || rc == ERR_USAGE);
	if (cheap(in, size)) {
		int rc2 = helium_wallet_decrypt(seed, in, size, PASSWORD, &e);
		FUZZ_CHECK(rc2 == 0 || rc2 == ERR_USAGE || rc2 == ERR_REFUSED || rc2 == ERR_FAIL);
		if (rc2 != 0)
			FUZZ_CHECK(memcmp(seed, zero, 32) == 0);
		/* a file that decrypts has a readable public key */
		FUZZ_CHECK(rc2 != 0 || rc == 0);
	}
	free(in);
	return 0;
}
