/* depinctl's own key files: one file per key in <data>/keys/NAME.key, 0600 in
 * a 0700 folder, written atomically. Format version 1 (depinctl(1), KEY FILES):
 * a JSON object with the public part in the clear (kind, derivation, account-0
 * addresses, creation time), the Argon2id parameters, and the secret sealed
 * with XChaCha20-Poly1305 using the public part as associated data. */
#ifndef DEPINCTL_KEYSTORE_H
#define DEPINCTL_KEYSTORE_H

#include <stddef.h>
#include "error.h"
#include "key.h"

#define KEYSTORE_VERSION 1

/* Argon2id limits for new files: "interactive", "moderate" (default) or "sensitive". */
struct keystore_kdf {
	unsigned long long opslimit;
	size_t memlimit;
};
int keystore_kdf_level(struct keystore_kdf *out, const char *level, struct error *e) WUR;

/* Names: 1..64 of [A-Za-z0-9._-], not starting with '.' or '-'. */
int keystore_name_check(const char *name, struct error *e) WUR;
void keystore_path(char *out, size_t out_size, const char *home, const char *name);

/* Writes a new key file; ERR_USAGE if the name is taken. info gets the public part. */
int keystore_create(struct key_info *info, const char *home, const char *name, const struct key_secret *s,
		    const char *password, const struct keystore_kdf *kdf, struct error *e) WUR;
/* Re-encrypts an existing key under a new password (atomic replace). */
int keystore_rewrap(const char *home, const char *name, const struct key_secret *s, const char *password,
		    const struct keystore_kdf *kdf, struct error *e) WUR;
/* The public part, without the password. Checks the file's mode. */
int keystore_info(struct key_info *info, const char *home, const char *name, struct error *e) WUR;
/* Every key, sorted by name; *out is malloc'd. Unreadable files are reported
 * in e and skipped (the return is still 0 when at least the folder reads). */
int keystore_list(struct key_info **out, size_t *n, const char *home, struct error *e) WUR;
/* Decrypts a key: ERR_REFUSED on a wrong password or a tampered file. */
int keystore_unlock(struct key_secret **out, struct key_info *info, const char *home, const char *name,
		    const char *password, struct error *e) WUR;
int keystore_rename(const char *home, const char *from, const char *to, struct error *e) WUR;
int keystore_remove(const char *home, const char *name, struct error *e) WUR;

/* Parses and checks a key file's text (exposed for tests and fuzzing). */
struct keystore_file {
	struct key_info info;
	struct keystore_kdf kdf;
	uint8_t salt[16];
	uint8_t nonce[24];
	uint8_t *ct; /* malloc'd */
	size_t ct_len;
};
int keystore_parse(struct keystore_file *f, const char *text, struct error *e) WUR;
void keystore_file_release(struct keystore_file *f);

#endif
