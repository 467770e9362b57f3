#include "config.h"
#include "keystore.h"
#include "file.h"
#include "hex.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>
#include <cjson/cJSON.h>
#include <sodium.h>

#define KEYFILE_MAX (64 * 1024)
#define SUFFIX ".key"

int keystore_kdf_level(struct keystore_kdf *out, const char *level, struct error *e)
{
	if (!level || strcmp(level, "moderate") == 0) {
		out->opslimit = crypto_pwhash_OPSLIMIT_MODERATE;
		out->memlimit = crypto_pwhash_MEMLIMIT_MODERATE;
	} else if (strcmp(level, "sensitive") == 0) {
		out->opslimit = crypto_pwhash_OPSLIMIT_SENSITIVE;
		out->memlimit = crypto_pwhash_MEMLIMIT_SENSITIVE;
	} else if (strcmp(level, "interactive") == 0) {
		out->opslimit = crypto_pwhash_OPSLIMIT_INTERACTIVE;
		out->memlimit = crypto_pwhash_MEMLIMIT_INTERACTIVE;
	} else {
		return error_set(e, ERR_USAGE, "unknown kdf level '%s' (interactive, moderate or sensitive)", level);
	}
	return 0;
}

int keystore_name_check(const char *name, struct error *e)
{
	size_t n = strlen(name);
	if (n == 0 || n > KEY_NAME_MAX)
		return error_set(e, ERR_USAGE, "a key name has 1 to %d characters", KEY_NAME_MAX);
	if (name[0] == '.' || name[0] == '-')
		return error_set(e, ERR_USAGE, "key name '%s' must not start with '.' or '-'", name);
	for (size_t i = 0; i < n; i++) {
		char c = name[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-'))
			return error_set(e, ERR_USAGE, "key name '%s' may hold only letters, digits, '.', '_' and '-'", name);
	}
	return 0;
}

static void keys_dir(char *out, size_t out_size, const char *home)
{
	snprintf(out, out_size, "%s/keys", home);
}

void keystore_path(char *out, size_t out_size, const char *home, const char *name)
{
	snprintf(out, out_size, "%s/keys/%s" SUFFIX, home, name);
}

/* Associated data: every public field a reader trusts. */
static size_t associated_data(char *out, size_t out_size, const struct key_info *i)
{
	int n = snprintf(out, out_size, "depinctl-key/%d%c%s%c%s%c%s%c%s", KEYSTORE_VERSION, 0,
			 key_kind_name(i->kind), 0, key_derivation_name(i->derivation), 0, i->solana, 0, i->evm);
	return n < 0 ? 0 : (size_t)n;
}

/* The secret as bytes: a mnemonic and its passphrase, or 32 raw bytes. */
static size_t plaintext_len(const struct key_secret *s)
{
	if (s->kind == KEY_MNEMONIC)
		return strlen(s->mnemonic) + 1 + strlen(s->passphrase) + 1;
	return 32;
}

static void plaintext_write(uint8_t *out, const struct key_secret *s)
{
	if (s->kind == KEY_MNEMONIC) {
		size_t a = strlen(s->mnemonic) + 1;
		memcpy(out, s->mnemonic, a);
		memcpy(out + a, s->passphrase, strlen(s->passphrase) + 1);
	} else {
		memcpy(out, s->raw, 32);
	}
}

static int plaintext_read(struct key_secret *s, const uint8_t *in, size_t len)
{
	if (s->kind != KEY_MNEMONIC) {
		if (len != 32)
			return ERR_USAGE;
		memcpy(s->raw, in, 32);
		return 0;
	}
	const uint8_t *z = memchr(in, 0, len);
	if (!z || (size_t)(z - in) >= sizeof s->mnemonic)
		return ERR_USAGE;
	size_t a = (size_t)(z - in) + 1;
	if (len - a == 0 || in[len - 1] != 0 || len - a > sizeof s->passphrase || memchr(in + a, 0, len - a) != in + len - 1)
		return ERR_USAGE;
	memcpy(s->mnemonic, in, a);
	memcpy(s->passphrase, in + a, len - a);
	return 0;
}

static int derive_key(uint8_t key[32], const char *password, const uint8_t salt[16], const struct keystore_kdf *kdf,
		      struct error *e)
{
	if (crypto_pwhash(key, 32, password, strlen(password), salt, kdf->opslimit, kdf->memlimit,
			  crypto_pwhash_ALG_ARGON2ID13))
		return error_set(e, ERR_FAIL, "argon2id needs %zu MiB of memory and could not get it", kdf->memlimit >> 20);
	return 0;
}

/* Core dumps off while any key is unlocked in this process. */
static void no_core_dumps(void)
{
	struct rlimit rl = {0, 0};
	setrlimit(RLIMIT_CORE, &rl);
	prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
}

static char *render(const struct key_info *info, const struct keystore_kdf *kdf, const uint8_t salt[16],
		    const uint8_t nonce[24], const uint8_t *ct, size_t ct_len)
{
	char hex[KEYFILE_MAX];
	cJSON *doc = cJSON_CreateObject();
	cJSON_AddNumberToObject(doc, "depinctl-key", KEYSTORE_VERSION);
	cJSON_AddStringToObject(doc, "kind", key_kind_name(info->kind));
	if (info->kind == KEY_MNEMONIC)
		cJSON_AddStringToObject(doc, "derivation", key_derivation_name(info->derivation));
	if (info->solana[0])
		cJSON_AddStringToObject(doc, "solana", info->solana);
	if (info->evm[0])
		cJSON_AddStringToObject(doc, "evm", info->evm);
	cJSON_AddStringToObject(doc, "created", info->created);
	cJSON *k = cJSON_AddObjectToObject(doc, "kdf");
	cJSON_AddStringToObject(k, "name", "argon2id");
	cJSON_AddNumberToObject(k, "opslimit", (double)kdf->opslimit);
	cJSON_AddNumberToObject(k, "memlimit", (double)kdf->memlimit);
	hex_encode(hex, sizeof hex, salt, 16);
	cJSON_AddStringToObject(k, "salt", hex);
	cJSON *c = cJSON_AddObjectToObject(doc, "cipher");
	cJSON_AddStringToObject(c, "name", "xchacha20poly1305");
	hex_encode(hex, sizeof hex, nonce, 24);
	cJSON_AddStringToObject(c, "nonce", hex);
	hex_encode(hex, sizeof hex, ct, ct_len);
	cJSON_AddStringToObject(doc, "ciphertext", hex);
	char *s = cJSON_Print(doc);
	cJSON_Delete(doc);
	return s;
}

static int seal_and_write(struct key_info *info, const char *home, const char *name, const struct key_secret *s,
			  const char *password, const struct keystore_kdf *kdf, int excl, struct error *e)
{
	char dir[4096], path[4096], ad[256];
	keys_dir(dir, sizeof dir, home);
	int rc = file_mkdirs(dir, 0700, e);
	if (rc)
		return rc;
	keystore_path(path, sizeof path, home, name);

	uint8_t salt[16], nonce[24];
	randombytes_buf(salt, sizeof salt);
	randombytes_buf(nonce, sizeof nonce);
	size_t pl = plaintext_len(s);
	uint8_t *pt = sodium_malloc(pl);
	uint8_t *key = sodium_malloc(32);
	uint8_t *ct = malloc(pl + crypto_aead_xchacha20poly1305_ietf_ABYTES);
	if (!pt || !key || !ct) {
		rc = error_set(e, ERR_FAIL, "out of memory");
		goto out;
	}
	plaintext_write(pt, s);
	rc = derive_key(key, password, salt, kdf, e);
	if (rc)
		goto out;
	size_t adl = associated_data(ad, sizeof ad, info);
	unsigned long long ctl;
	crypto_aead_xchacha20poly1305_ietf_encrypt(ct, &ctl, pt, pl, (const uint8_t *)ad, adl, NULL, nonce, key);
	char *text = render(info, kdf, salt, nonce, ct, (size_t)ctl);
	if (!text) {
		rc = error_set(e, ERR_FAIL, "out of memory");
		goto out;
	}
	rc = file_write_atomic(path, text, strlen(text), 0600, excl, e);
	free(text);
	if (rc == ERR_USAGE && excl)
		rc = error_set(e, ERR_USAGE, "a key named '%s' already exists", name);
out:
	if (pt)
		sodium_free(pt);
	if (key)
		sodium_free(key);
	free(ct);
	return rc;
}

static void now_utc(char *out, size_t out_size)
{
	time_t t = time(NULL);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, out_size, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

int keystore_create(struct key_info *info, const char *home, const char *name, const struct key_secret *s,
		    const char *password, const struct keystore_kdf *kdf, struct error *e)
{
	int rc = keystore_name_check(name, e);
	if (rc)
		return rc;
	char path[4096];
	keystore_path(path, sizeof path, home, name);
	if (access(path, F_OK) == 0)
		return error_set(e, ERR_USAGE, "a key named '%s' already exists", name);
	memset(info, 0, sizeof *info);
	snprintf(info->name, sizeof info->name, "%s", name);
	info->kind = s->kind;
	info->derivation = s->derivation;
	now_utc(info->created, sizeof info->created);
	rc = key_addresses(info->solana, info->evm, s, 0, e);
	if (rc)
		return rc;
	return seal_and_write(info, home, name, s, password, kdf, 1, e);
}

static const char *str_field(const cJSON *o, const char *name)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);
	return cJSON_IsString(v) ? v->valuestring : NULL;
}

static int num_field(double *out, const cJSON *o, const char *name)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);
	if (!cJSON_IsNumber(v))
		return -1;
	*out = v->valuedouble;
	return 0;
}

void keystore_file_release(struct keystore_file *f)
{
	free(f->ct);
	f->ct = NULL;
}

int keystore_parse(struct keystore_file *f, const char *text, struct error *e)
{
	memset(f, 0, sizeof *f);
	cJSON *doc = cJSON_Parse(text);
	int rc = ERR_USAGE;
	double ver, ops, mem;
	const char *s;
	if (!doc || !cJSON_IsObject(doc)) {
		error_set(e, ERR_USAGE, "not a depinctl key file (not a JSON object)");
		goto out;
	}
	if (num_field(&ver, doc, "depinctl-key")) {
		error_set(e, ERR_USAGE, "not a depinctl key file (no \"depinctl-key\" version)");
		goto out;
	}
	if (ver != KEYSTORE_VERSION) {
		error_set(e, ERR_USAGE, "key file format version %g is not supported (this depinctl reads version %d)", ver, KEYSTORE_VERSION);
		goto out;
	}
	s = str_field(doc, "kind");
	if (s && strcmp(s, "mnemonic") == 0)
		f->info.kind = KEY_MNEMONIC;
	else if (s && strcmp(s, "ed25519") == 0)
		f->info.kind = KEY_ED25519;
	else if (s && strcmp(s, "secp256k1") == 0)
		f->info.kind = KEY_SECP256K1;
	else {
		error_set(e, ERR_USAGE, "key file has an unknown kind");
		goto out;
	}
	s = str_field(doc, "derivation");
	if (f->info.kind == KEY_MNEMONIC && s && strcmp(s, "helium-wallet") == 0)
		f->info.derivation = KEY_DERIV_HELIUM;
	else if (f->info.kind == KEY_MNEMONIC && !(s && strcmp(s, "bip44") == 0)) {
		error_set(e, ERR_USAGE, "key file has an unknown derivation");
		goto out;
	}
	if ((s = str_field(doc, "solana")) && strlen(s) < sizeof f->info.solana)
		strcpy(f->info.solana, s);
	if ((s = str_field(doc, "evm")) && strlen(s) < sizeof f->info.evm)
		strcpy(f->info.evm, s);
	if ((s = str_field(doc, "created")) && strlen(s) < sizeof f->info.created)
		strcpy(f->info.created, s);
	if (!f->info.solana[0] && !f->info.evm[0]) {
		error_set(e, ERR_USAGE, "key file holds no address");
		goto out;
	}
	const cJSON *k = cJSON_GetObjectItemCaseSensitive(doc, "kdf");
	const cJSON *c = cJSON_GetObjectItemCaseSensitive(doc, "cipher");
	if (!cJSON_IsObject(k) || !(s = str_field(k, "name")) || strcmp(s, "argon2id") || num_field(&ops, k, "opslimit") ||
	    num_field(&mem, k, "memlimit") || !str_field(k, "salt") ||
	    hex_decode_exact(f->salt, sizeof f->salt, str_field(k, "salt"))) {
		error_set(e, ERR_USAGE, "key file's kdf is missing or malformed");
		goto out;
	}
	/* Refuse parameters a hostile file could use to exhaust memory or time. */
	if (ops < crypto_pwhash_OPSLIMIT_MIN || ops > 64 || mem < crypto_pwhash_MEMLIMIT_MIN || mem > 4294967296.0 ||
	    ops != (double)(unsigned long long)ops || mem != (double)(size_t)mem) {
		error_set(e, ERR_USAGE, "key file's kdf limits are out of range (opslimit %g, memlimit %g)", ops, mem);
		goto out;
	}
	f->kdf.opslimit = (unsigned long long)ops;
	f->kdf.memlimit = (size_t)mem;
	if (!cJSON_IsObject(c) || !(s = str_field(c, "name")) || strcmp(s, "xchacha20poly1305") || !str_field(c, "nonce") ||
	    hex_decode_exact(f->nonce, sizeof f->nonce, str_field(c, "nonce"))) {
		error_set(e, ERR_USAGE, "key file's cipher is missing or malformed");
		goto out;
	}
	s = str_field(doc, "ciphertext");
	size_t hl = s ? strlen(s) : 0;
	if (!s || hl < 2 * (crypto_aead_xchacha20poly1305_ietf_ABYTES + 32) || hl > 2 * 4096) {
		error_set(e, ERR_USAGE, "key file's ciphertext is missing or truncated");
		goto out;
	}
	f->ct = malloc(hl / 2 + 1);
	if (!f->ct || hex_decode(f->ct, hl / 2 + 1, &f->ct_len, s)) {
		error_set(e, ERR_USAGE, "key file's ciphertext is not hex");
		goto out;
	}
	/* the length above counted a 0x prefix, which hex_decode skips */
	if (f->ct_len < crypto_aead_xchacha20poly1305_ietf_ABYTES + 32) {
		error_set(e, ERR_USAGE, "key file's ciphertext is missing or truncated");
		goto out;
	}
	rc = 0;
out:
	if (rc)
		keystore_file_release(f);
	cJSON_Delete(doc);
	return rc;
}

static int load(struct keystore_file *f, const char *home, const char *name, struct error *e)
{
	char path[4096];
	int rc = keystore_name_check(name, e);
	if (rc)
		return rc;
	keystore_path(path, sizeof path, home, name);
	rc = file_check_private(path, "key file", e);
	if (rc == ERR_NOTFOUND)
		return error_set(e, ERR_NOTFOUND, "no key named '%s' (depinctl key list shows them)", name);
	if (rc)
		return rc;
	char *text;
	rc = file_read(&text, NULL, path, KEYFILE_MAX, e);
	if (rc)
		return rc;
	rc = keystore_parse(f, text, e);
	free(text);
	if (rc)
		return error_wrap(e, "key file '%s'", path);
	snprintf(f->info.name, sizeof f->info.name, "%s", name);
	return 0;
}

int keystore_info(struct key_info *info, const char *home, const char *name, struct error *e)
{
	struct keystore_file f;
	int rc = load(&f, home, name, e);
	if (rc)
		return rc;
	*info = f.info;
	keystore_file_release(&f);
	return 0;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(((const struct key_info *)a)->name, ((const struct key_info *)b)->name);
}

int keystore_list(struct key_info **out, size_t *n, const char *home, struct error *e)
{
	char dir[4096];
	keys_dir(dir, sizeof dir, home);
	*out = NULL;
	*n = 0;
	DIR *d = opendir(dir);
	if (!d)
		return 0; /* no folder yet: no keys */
	size_t cap = 0;
	struct dirent *de;
	struct error skip = {0, ""};
	while ((de = readdir(d))) {
		size_t l = strlen(de->d_name);
		if (l <= strlen(SUFFIX) || strcmp(de->d_name + l - strlen(SUFFIX), SUFFIX) || de->d_name[0] == '.')
			continue;
		char name[KEY_NAME_MAX + 8];
		if (l - strlen(SUFFIX) > KEY_NAME_MAX)
			continue;
		memcpy(name, de->d_name, l - strlen(SUFFIX));
		name[l - strlen(SUFFIX)] = '\0';
		struct key_info info;
		if (keystore_info(&info, home, name, &skip)) {
			error_set(e, skip.code, "%s", skip.msg);
			continue;
		}
		if (*n == cap) {
			cap = cap ? 2 * cap : 16;
			struct key_info *nk = realloc(*out, cap * sizeof **out);
			if (!nk) {
				closedir(d);
				return error_set(e, ERR_FAIL, "out of memory");
			}
			*out = nk;
		}
		(*out)[(*n)++] = info;
	}
	closedir(d);
	if (*n)
		qsort(*out, *n, sizeof **out, by_name);
	return 0;
}

int keystore_unlock(struct key_secret **out, struct key_info *info, const char *home, const char *name,
		    const char *password, struct error *e)
{
	struct keystore_file f;
	int rc = load(&f, home, name, e);
	if (rc)
		return rc;
	no_core_dumps();
	char ad[256];
	size_t adl = associated_data(ad, sizeof ad, &f.info);
	uint8_t *key = sodium_malloc(32);
	size_t pl = f.ct_len - crypto_aead_xchacha20poly1305_ietf_ABYTES;
	uint8_t *pt = sodium_malloc(pl ? pl : 1);
	struct key_secret *s = key_secret_new();
	if (!key || !pt || !s) {
		rc = error_set(e, ERR_FAIL, "out of memory");
		goto out;
	}
	rc = derive_key(key, password, f.salt, &f.kdf, e);
	if (rc)
		goto out;
	unsigned long long got;
	if (crypto_aead_xchacha20poly1305_ietf_decrypt(pt, &got, NULL, f.ct, f.ct_len, (const uint8_t *)ad, adl, f.nonce, key)) {
		rc = error_set(e, ERR_REFUSED, "wrong password for key '%s' (or the key file was altered)", name);
		goto out;
	}
	s->kind = f.info.kind;
	s->derivation = f.info.derivation;
	if (plaintext_read(s, pt, (size_t)got)) {
		rc = error_set(e, ERR_REFUSED, "key '%s' decrypts to a malformed secret", name);
		goto out;
	}
	/* The addresses in the clear must be the ones the secret gives. */
	char sol[45], evm[43];
	rc = key_addresses(sol, evm, s, 0, e);
	if (!rc && (strcmp(sol, f.info.solana) || strcmp(evm, f.info.evm)))
		rc = error_set(e, ERR_REFUSED, "key '%s': the stored addresses do not match the secret", name);
out:
	if (key)
		sodium_free(key);
	if (pt)
		sodium_free(pt);
	if (!rc) {
		*out = s;
		if (info)
			*info = f.info;
	} else {
		key_secret_free(s);
	}
	keystore_file_release(&f);
	return rc;
}

int keystore_rewrap(const char *home, const char *name, const struct key_secret *s, const char *password,
		    const struct keystore_kdf *kdf, struct error *e)
{
	struct key_info info;
	int rc = keystore_info(&info, home, name, e);
	if (rc)
		return rc;
	return seal_and_write(&info, home, name, s, password, kdf, 0, e);
}

int keystore_rename(const char *home, const char *from, const char *to, struct error *e)
{
	char a[4096], b[4096];
	struct key_info info;
	int rc = keystore_name_check(to, e);
	if (rc)
		return rc;
	rc = keystore_info(&info, home, from, e);
	if (rc)
		return rc;
	keystore_path(a, sizeof a, home, from);
	keystore_path(b, sizeof b, home, to);
	rc = file_rename_noreplace(a, b, e);
	if (rc == ERR_USAGE)
		return error_set(e, ERR_USAGE, "a key named '%s' already exists", to);
	return rc;
}

int keystore_remove(const char *home, const char *name, struct error *e)
{
	char path[4096];
	struct key_info info;
	int rc = keystore_info(&info, home, name, e);
	if (rc)
		return rc;
	keystore_path(path, sizeof path, home, name);
	return file_remove(path, e);
}
