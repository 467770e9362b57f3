/* depinctl's own key files (wallet/keystore.h keystore_parse): any text.
 * What parses holds an address, sane Argon2id limits and a ciphertext of a
 * plausible length. */
#include "config.h"
#include "fuzz.h"

#include <sodium.h>
#include "wallet/keystore.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct error e = {0};
	struct keystore_file f;
	char *s = fuzz_string(data, size);

	if (keystore_parse(&f, s, &e) == 0) {
		FUZZ_CHECK(f.info.kind == KEY_MNEMONIC || f.info.kind == KEY_ED25519 || f.info.kind == KEY_SECP256K1);
		FUZZ_CHECK(f.info.solana[0] || f.info.evm[0]);
		FUZZ_CHECK(strlen(f.info.solana) < sizeof f.info.solana && strlen(f.info.evm) < sizeof f.info.evm);
		FUZZ_CHECK(f.kdf.opslimit >= crypto_pwhash_OPSLIMIT_MIN && f.kdf.opslimit <= 64);
		FUZZ_CHECK(f.kdf.memlimit >= crypto_pwhash_MEMLIMIT_MIN);
		FUZZ_CHECK(f.ct != NULL && f.ct_len >= crypto_aead_xchacha20poly1305_ietf_ABYTES + 32);
	} else {
		FUZZ_CHECK(e.code == ERR_USAGE && e.msg[0]);
	}
	keystore_file_release(&f);
	free(s);
	return 0;
}
