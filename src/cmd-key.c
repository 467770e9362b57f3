/* depinctl key: new, import, list, show, rename, remove, passwd, export. */
#include "config.h"
#include "commands.h"
#include "file.h"
#include "hex.h"
#include "base58.h"
#include "opts.h"
#include "output.h"
#include "prompt.h"
#include "wallet/address.h"
#include "wallet/bip39.h"
#include "wallet/helium-wallet.h"
#include "wallet/key.h"
#include "wallet/keystore.h"
#include "wallet/solana-keypair.h"
#include "wallet/web3-keystore.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sodium.h>

enum {
	O_WORDS = 1, O_PASSPHRASE, O_MNEMONIC, O_DERIVATION, O_PRIVATE_KEY, O_SOLANA_KEYPAIR, O_KEYSTORE,
	O_HELIUM_WALLET, O_NEW_PASSWORD_FILE, O_FORMAT, O_OUTPUT,
};

struct key_opts {
	unsigned words;
	int passphrase;
	int source; /* O_MNEMONIC ... O_HELIUM_WALLET */
	const char *source_file;
	const char *derivation;
	const char *new_password_file;
	const char *format;
	const char *output;
};

static int key_opt(void *user, int id, const char *v, struct error *e)
{
	struct key_opts *o = user;
	switch (id) {
	case O_WORDS:
		if (strcmp(v, "12") && strcmp(v, "24"))
			return error_set(e, ERR_USAGE, "--words must be 12 or 24, not '%s'", v);
		o->words = strcmp(v, "12") == 0 ? 12 : 24;
		break;
	case O_PASSPHRASE: o->passphrase = 1; break;
	case O_DERIVATION:
		if (strcmp(v, "bip44") && strcmp(v, "helium-wallet"))
			return error_set(e, ERR_USAGE, "--derivation must be bip44 or helium-wallet, not '%s'", v);
		o->derivation = v;
		break;
	case O_MNEMONIC: case O_PRIVATE_KEY: case O_SOLANA_KEYPAIR: case O_KEYSTORE: case O_HELIUM_WALLET:
		if (o->source)
			return error_set(e, ERR_USAGE, "import takes one of --mnemonic, --private-key, --solana-keypair, "
					 "--keystore, --helium-wallet");
		o->source = id;
		o->source_file = v;
		break;
	case O_NEW_PASSWORD_FILE: o->new_password_file = v; break;
	case O_FORMAT:
		if (strcmp(v, "mnemonic") && strcmp(v, "solana-keypair") && strcmp(v, "keystore"))
			return error_set(e, ERR_USAGE, "--format must be mnemonic, solana-keypair or keystore, not '%s'", v);
		o->format = v;
		break;
	case O_OUTPUT: o->output = v; break;
	}
	return 0;
}

/* Each verb accepts only its own options. */
static const struct opt new_opts[] = {{"words", 0, 1, O_WORDS}, {"passphrase", 0, 0, O_PASSPHRASE}, {0, 0, 0, 0}};
static const struct opt import_opts[] = {
	{"mnemonic", 0, 0, O_MNEMONIC}, {"passphrase", 0, 0, O_PASSPHRASE}, {"derivation", 0, 1, O_DERIVATION},
	{"private-key", 0, 0, O_PRIVATE_KEY}, {"solana-keypair", 0, 1, O_SOLANA_KEYPAIR}, {"keystore", 0, 1, O_KEYSTORE},
	{"helium-wallet", 0, 1, O_HELIUM_WALLET}, {0, 0, 0, 0},
};
static const struct opt passwd_opts[] = {{"new-password-file", 0, 1, O_NEW_PASSWORD_FILE}, {0, 0, 0, 0}};
static const struct opt export_opts[] = {{"format", 0, 1, O_FORMAT}, {"output", 'o', 1, O_OUTPUT}, {0, 0, 0, 0}};
static const struct opt no_opts[] = {{0, 0, 0, 0}};

/* The Argon2id limits for new files: $DEPINCTL_KDF, else the config's kdf. */
static int kdf_for_new(struct keystore_kdf *kdf, struct ctx *ctx)
{
	const char *env = getenv("DEPINCTL_KDF");
	return keystore_kdf_level(kdf, env && *env ? env : ctx->conf.kdf, &ctx->err);
}

static cJSON *info_json(const struct key_info *k, const char *solana, const char *evm)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "name", k->name);
	cJSON_AddStringToObject(o, "kind", key_kind_name(k->kind));
	if (k->kind == KEY_MNEMONIC)
		cJSON_AddStringToObject(o, "derivation", key_derivation_name(k->derivation));
	if (solana[0])
		cJSON_AddStringToObject(o, "solana", solana);
	else
		cJSON_AddNullToObject(o, "solana");
	if (evm[0])
		cJSON_AddStringToObject(o, "evm", evm);
	else
		cJSON_AddNullToObject(o, "evm");
	cJSON_AddStringToObject(o, "created", k->created);
	return o;
}

static void print_info(const struct key_info *k, const char *solana, const char *evm, unsigned account)
{
	printf("name     %s\n", k->name);
	printf("kind     %s%s%s\n", key_kind_name(k->kind), k->kind == KEY_MNEMONIC ? ", " : "",
	       k->kind == KEY_MNEMONIC ? key_derivation_name(k->derivation) : "");
	if (account)
		printf("account  %u\n", account);
	if (solana[0])
		printf("solana   %s\n", solana);
	if (evm[0])
		printf("evm      %s\n", evm);
	printf("created  %s\n", k->created);
}

/* Saves a new key and reports it; the secret stays the caller's. */
static int save_new(struct ctx *ctx, const char *name, const struct key_secret *s, const char *show_mnemonic)
{
	struct keystore_kdf kdf;
	struct key_info info;
	int rc = keystore_name_check(name, &ctx->err);
	if (rc)
		return rc;
	char path[4096];
	keystore_path(path, sizeof path, ctx->home, name);
	if (access(path, F_OK) == 0)
		return error_set(&ctx->err, ERR_USAGE, "a key named '%s' already exists", name);
	if ((rc = kdf_for_new(&kdf, ctx)))
		return rc;
	char *pw = sodium_malloc(PROMPT_SECRET_MAX);
	if (!pw)
		return error_set(&ctx->err, ERR_FAIL, "out of memory");
	rc = prompt_new_password(pw, PROMPT_SECRET_MAX, ctx, "new password for the key", &ctx->err);
	if (!rc)
		rc = keystore_create(&info, ctx->home, name, s, pw, &kdf, &ctx->err);
	sodium_free(pw);
	if (rc)
		return rc;
	if (ctx->json) {
		cJSON *o = info_json(&info, info.solana, info.evm);
		if (show_mnemonic)
			cJSON_AddStringToObject(o, "mnemonic", show_mnemonic);
		output_json(ctx, o);
		return 0;
	}
	if (!ctx->quiet)
		printf("saved key '%s'\n", name);
	print_info(&info, info.solana, info.evm, 0);
	if (show_mnemonic) {
		printf("\nWrite these words down and keep them offline: they are the only way to\n"
		       "recover this key if its file or password is lost.\n\n");
		char words[KEY_MNEMONIC_MAX];
		snprintf(words, sizeof words, "%s", show_mnemonic);
		int n = 0;
		for (char *save, *w = strtok_r(words, " ", &save); w; w = strtok_r(NULL, " ", &save)) {
			n++;
			printf("%3d %-9s%s", n, w, n % 6 == 0 ? "\n" : " ");
		}
		if (n % 6)
			putchar('\n');
		sodium_memzero(words, sizeof words);
	}
	return 0;
}

static int verb_new(struct ctx *ctx, int argc, char **argv)
{
	struct key_opts o = {.words = 24};
	char *pos[2];
	int npos, rc;
	if ((rc = opts_parse(ctx, "key new", argc, argv, new_opts, key_opt, &o, pos, &npos, 1)))
		return rc;
	if (npos != 1)
		return error_set(&ctx->err, ERR_USAGE, "usage: depinctl key new NAME [--words 12|24] [--passphrase]");
	if ((rc = opts_load_conf(ctx)) || (rc = keystore_name_check(pos[0], &ctx->err)))
		return rc;
	struct key_secret *s = key_secret_new();
	if (!s)
		return error_set(&ctx->err, ERR_FAIL, "out of memory");
	s->kind = KEY_MNEMONIC;
	rc = bip39_generate(s->mnemonic, sizeof s->mnemonic, o.words);
	if (rc)
		error_set(&ctx->err, rc, "cannot generate a mnemonic");
	if (!rc && o.passphrase)
		rc = prompt_secret(s->passphrase, sizeof s->passphrase, "BIP39 passphrase", &ctx->err);
	if (!rc)
		rc = save_new(ctx, pos[0], s, s->mnemonic);
	key_secret_free(s);
	return rc;
}

/* An EVM private key in hex, or a Solana secret key in base58 (64 bytes, as
 * Phantom exports it) or hex (32-byte seed is ambiguous, so refused). */
static int parse_private_key(struct key_secret *s, const char *text, struct error *e)
{
	uint8_t buf[64];
	size_t n;
	const char *t = text;
	if (t[0] == '0' && (t[1] == 'x' || t[1] == 'X'))
		t += 2;
	if (strlen(t) == 64 && hex_decode(buf, sizeof buf, &n, t) == 0 && n == 32) {
		s->kind = KEY_SECP256K1;
		memcpy(s->raw, buf, 32);
		sodium_memzero(buf, sizeof buf);
		char evm[43];
		if (address_evm_from_seckey(evm, sizeof evm, s->raw))
			return error_set(e, ERR_USAGE, "the private key is not a valid secp256k1 key (zero or not below the curve order)");
		return 0;
	}
	if (base58_decode(buf, sizeof buf, &n, text) == 0 && n == 64) {
		uint8_t pk[32], sk[64];
		crypto_sign_seed_keypair(pk, sk, buf);
		int match = sodium_memcmp(pk, buf + 32, 32) == 0;
		sodium_memzero(sk, sizeof sk);
		if (!match) {
			sodium_memzero(buf, sizeof buf);
			return error_set(e, ERR_USAGE, "the Solana secret key's public half does not match its seed");
		}
		s->kind = KEY_ED25519;
		memcpy(s->raw, buf, 32);
		sodium_memzero(buf, sizeof buf);
		return 0;
	}
	sodium_memzero(buf, sizeof buf);
	return error_set(e, ERR_USAGE, "the private key is neither 32 bytes of hex (EVM) nor a 64-byte base58 "
			 "Solana secret key");
}

static int read_source_file(char **out, size_t *len, const char *path, const char *what, struct error *e)
{
	int rc = file_read(out, len, strcmp(path, "-") == 0 ? "/dev/stdin" : path, 1 << 20, e);
	if (rc)
		return error_wrap(e, "%s", what);
	return 0;
}

static int verb_import(struct ctx *ctx, int argc, char **argv)
{
	struct key_opts o = {0};
	char *pos[2];
	int npos, rc;
	if ((rc = opts_parse(ctx, "key import", argc, argv, import_opts, key_opt, &o, pos, &npos, 1)))
		return rc;
	if (npos != 1 || !o.source)
		return error_set(&ctx->err, ERR_USAGE, "usage: depinctl key import NAME --mnemonic | --private-key | "
				 "--solana-keypair FILE | --keystore FILE | --helium-wallet FILE");
	if (o.source != O_MNEMONIC && (o.passphrase || o.derivation))
		return error_set(&ctx->err, ERR_USAGE, "--passphrase and --derivation go with --mnemonic");
	if ((rc = opts_load_conf(ctx)) || (rc = keystore_name_check(pos[0], &ctx->err)))
		return rc;
	char path[4096];
	keystore_path(path, sizeof path, ctx->home, pos[0]);
	if (access(path, F_OK) == 0)
		return error_set(&ctx->err, ERR_USAGE, "a key named '%s' already exists", pos[0]);

	struct key_secret *s = key_secret_new();
	char *line = sodium_malloc(PROMPT_SECRET_MAX);
	char *file = NULL;
	size_t flen = 0;
	if (!s || !line) {
		rc = error_set(&ctx->err, ERR_FAIL, "out of memory");
		goto out;
	}
	switch (o.source) {
	case O_MNEMONIC: {
		uint8_t ent[32];
		size_t n;
		s->kind = KEY_MNEMONIC;
		s->derivation = o.derivation && strcmp(o.derivation, "helium-wallet") == 0 ? KEY_DERIV_HELIUM : KEY_DERIV_STANDARD;
		if ((rc = prompt_secret(line, PROMPT_SECRET_MAX, "mnemonic", &ctx->err)))
			break;
		if (s->derivation == KEY_DERIV_HELIUM)
			rc = helium_wallet_mnemonic(s->mnemonic, sizeof s->mnemonic, ent, sizeof ent, &n, line, &ctx->err);
		else if (bip39_normalize(s->mnemonic, sizeof s->mnemonic, line))
			rc = error_set(&ctx->err, ERR_USAGE, "the mnemonic is too long");
		else
			rc = bip39_to_entropy(ent, sizeof ent, &n, s->mnemonic, &ctx->err);
		if (rc)
			break;
		sodium_memzero(ent, sizeof ent);
		if (o.passphrase) {
			if (s->derivation == KEY_DERIV_HELIUM) {
				rc = error_set(&ctx->err, ERR_USAGE, "helium-wallet mnemonics take no BIP39 passphrase");
				break;
			}
			rc = prompt_secret(s->passphrase, sizeof s->passphrase, "BIP39 passphrase", &ctx->err);
		}
		break;
	}
	case O_PRIVATE_KEY:
		if (!(rc = prompt_secret(line, PROMPT_SECRET_MAX, "private key", &ctx->err)))
			rc = parse_private_key(s, line, &ctx->err);
		break;
	case O_SOLANA_KEYPAIR:
		if ((rc = read_source_file(&file, &flen, o.source_file, "solana keypair", &ctx->err)))
			break;
		s->kind = KEY_ED25519;
		rc = solana_keypair_parse(s->raw, file, &ctx->err);
		break;
	case O_KEYSTORE:
		if ((rc = read_source_file(&file, &flen, o.source_file, "keystore", &ctx->err)))
			break;
		if ((rc = prompt_secret(line, PROMPT_SECRET_MAX, "password of the keystore file", &ctx->err)))
			break;
		s->kind = KEY_SECP256K1;
		rc = web3_keystore_decrypt(s->raw, NULL, file, line, &ctx->err);
		break;
	case O_HELIUM_WALLET:
		if ((rc = read_source_file(&file, &flen, o.source_file, "helium wallet", &ctx->err)))
			break;
		if ((rc = prompt_secret(line, PROMPT_SECRET_MAX, "password of the helium wallet", &ctx->err)))
			break;
		s->kind = KEY_ED25519;
		rc = helium_wallet_decrypt(s->raw, (const uint8_t *)file, flen, line, &ctx->err);
		break;
	}
	if (!rc)
		rc = save_new(ctx, pos[0], s, NULL);
out:
	if (file) {
		sodium_memzero(file, flen);
		free(file);
	}
	if (line)
		sodium_free(line);
	key_secret_free(s);
	return rc;
}

static int verb_list(struct ctx *ctx, int argc, char **argv)
{
	char *pos[1];
	int npos, rc;
	if ((rc = opts_parse(ctx, "key list", argc, argv, no_opts, NULL, NULL, pos, &npos, 0)))
		return rc;
	struct key_info *keys;
	size_t n;
	if ((rc = keystore_list(&keys, &n, ctx->home, &ctx->err)))
		return rc;
	if (ctx->err.msg[0])
		output_warn(ctx, "%s (skipped)", ctx->err.msg);
	if (ctx->json) {
		cJSON *a = cJSON_CreateArray();
		for (size_t i = 0; i < n; i++)
			cJSON_AddItemToArray(a, info_json(&keys[i], keys[i].solana, keys[i].evm));
		output_json(ctx, a);
	} else if (n == 0) {
		if (!ctx->quiet)
			fprintf(stderr, "no keys yet: depinctl key new NAME, or depinctl key import NAME ...\n");
	} else {
		static const char *const head[] = {"NAME", "KIND", "SOLANA", "EVM", "CREATED"};
		struct table t;
		table_init(&t, 5, head);
		for (size_t i = 0; i < n; i++) {
			const char *row[] = {keys[i].name, key_kind_name(keys[i].kind),
					     keys[i].solana[0] ? keys[i].solana : "-", keys[i].evm[0] ? keys[i].evm : "-",
					     keys[i].created};
			table_add(&t, row);
		}
		table_print(&t, stdout);
		table_release(&t);
	}
	free(keys);
	error_clear(&ctx->err);
	return 0;
}

int key_account(struct ctx *ctx, const char *name, int solana, char addr[100], uint8_t *secret)
{
	struct key_info info;
	int rc = keystore_info(&info, ctx->home, name, &ctx->err);
	if (rc)
		return rc;
	const char *have = solana ? info.solana : info.evm;
	if (!have[0])
		return error_set(&ctx->err, ERR_USAGE, "key '%s' holds no %s account", name, solana ? "Solana" : "EVM");
	if (!secret && ctx->account == 0) {
		snprintf(addr, 100, "%s", have);
		return 0;
	}
	struct key_secret *s = NULL;
	if ((rc = key_unlock_prompt(&s, NULL, ctx, name)))
		return rc;
	char sol[45], evm[43];
	rc = key_addresses(sol, evm, s, ctx->account, &ctx->err);
	if (!rc)
		snprintf(addr, 100, "%s", solana ? sol : evm);
	if (!rc && secret)
		rc = solana ? key_solana_seed(secret, s, ctx->account, &ctx->err) : key_evm_seckey(secret, s, ctx->account, &ctx->err);
	key_secret_free(s);
	return rc;
}

int key_unlock_prompt(struct key_secret **s, struct key_info *info, struct ctx *ctx, const char *name)
{
	struct key_info tmp;
	int rc = keystore_info(&tmp, ctx->home, name, &ctx->err);
	if (rc)
		return rc;
	char *pw = sodium_malloc(PROMPT_SECRET_MAX);
	if (!pw)
		return error_set(&ctx->err, ERR_FAIL, "out of memory");
	char label[128];
	snprintf(label, sizeof label, "password for key '%s'", name);
	rc = prompt_password(pw, PROMPT_SECRET_MAX, ctx, label, &ctx->err);
	if (!rc)
		rc = keystore_unlock(s, info, ctx->home, name, pw, &ctx->err);
	sodium_free(pw);
	return rc;
}

static int verb_show(struct ctx *ctx, int argc, char **argv)
{
	char *pos[2];
	int npos, rc;
	if ((rc = opts_parse(ctx, "key show", argc, argv, no_opts, NULL, NULL, pos, &npos, 1)))
		return rc;
	const char *name = npos ? pos[0] : ctx->key;
	if (!name)
		return error_set(&ctx->err, ERR_USAGE, "usage: depinctl key show NAME [--account N]");
	struct key_info info;
	char sol[45], evm[43];
	if (ctx->account) {
		/* Other accounts are derived from the secret. */
		struct key_secret *s;
		if ((rc = key_unlock_prompt(&s, &info, ctx, name)))
			return rc;
		rc = key_addresses(sol, evm, s, ctx->account, &ctx->err);
		key_secret_free(s);
		if (rc)
			return rc;
		snprintf(info.name, sizeof info.name, "%s", name);
	} else {
		if ((rc = keystore_info(&info, ctx->home, name, &ctx->err)))
			return rc;
		memcpy(sol, info.solana, sizeof sol);
		memcpy(evm, info.evm, sizeof evm);
	}
	if (ctx->json) {
		cJSON *o = info_json(&info, sol, evm);
		cJSON_AddNumberToObject(o, "account", ctx->account);
		char path[4096];
		keystore_path(path, sizeof path, ctx->home, name);
		cJSON_AddStringToObject(o, "file", path);
		output_json(ctx, o);
	} else {
		print_info(&info, sol, evm, ctx->account);
	}
	return 0;
}

static int verb_rename(struct ctx *ctx, int argc, char **argv)
{
	char *pos[3];
	int npos, rc;
	if ((rc = opts_parse(ctx, "key rename", argc, argv, no_opts, NULL, NULL, pos, &npos, 2)))
		return rc;
	if (npos != 2)
		return error_set(&ctx->err, ERR_USAGE, "usage: depinctl key rename OLD NEW");
	if ((rc = keystore_rename(ctx->home, pos[0], pos[1], &ctx->err)))
		return rc;
	if (ctx->json) {
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "renamed", pos[0]);
		cJSON_AddStringToObject(o, "name", pos[1]);
		output_json(ctx, o);
	} else if (!ctx->quiet) {
		printf("renamed key '%s' to '%s'\n", pos[0], pos[1]);
	}
	return 0;
}

static int verb_remove(struct ctx *ctx, int argc, char **argv)
{
	char *pos[2];
	int npos, rc;
	if ((rc = opts_parse(ctx, "key remove", argc, argv, no_opts, NULL, NULL, pos, &npos, 1)))
		return rc;
	if (npos != 1)
		return error_set(&ctx->err, ERR_USAGE, "usage: depinctl key remove NAME");
	struct key_info info;
	if ((rc = keystore_info(&info, ctx->home, pos[0], &ctx->err)))
		return rc;
	char q[256];
	snprintf(q, sizeof q, "remove key '%s' (%s%s%s)? Without a backup its funds are lost", pos[0],
		 info.solana, info.solana[0] && info.evm[0] ? ", " : "", info.evm);
	if ((rc = prompt_confirm(ctx, q, &ctx->err)))
		return rc;
	if ((rc = keystore_remove(ctx->home, pos[0], &ctx->err)))
		return rc;
	if (ctx->json) {
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "removed", pos[0]);
		output_json(ctx, o);
	} else if (!ctx->quiet) {
		printf("removed key '%s'\n", pos[0]);
	}
	return 0;
}

static int verb_passwd(struct ctx *ctx, int argc, char **argv)
{
	struct key_opts o = {0};
	char *pos[2];
	int npos, rc;
	if ((rc = opts_parse(ctx, "key passwd", argc, argv, passwd_opts, key_opt, &o, pos, &npos, 1)))
		return rc;
	if (npos != 1)
		return error_set(&ctx->err, ERR_USAGE, "usage: depinctl key passwd NAME [--new-password-file FILE]");
	if ((rc = opts_load_conf(ctx)))
		return rc;
	struct keystore_kdf kdf;
	if ((rc = kdf_for_new(&kdf, ctx)))
		return rc;
	struct key_secret *s;
	if ((rc = key_unlock_prompt(&s, NULL, ctx, pos[0])))
		return rc;
	char *pw = sodium_malloc(PROMPT_SECRET_MAX);
	if (!pw) {
		key_secret_free(s);
		return error_set(&ctx->err, ERR_FAIL, "out of memory");
	}
	/* The new password: its own file or variable; the old one's sources do not apply. */
	struct ctx sub = *ctx;
	const char *env_new = getenv("DEPINCTL_NEW_PASSWORD");
	sub.password_file = o.new_password_file;
	if (o.new_password_file) {
		rc = prompt_password(pw, PROMPT_SECRET_MAX, &sub, "new password", &ctx->err);
		if (!rc && !pw[0])
			rc = error_set(&ctx->err, ERR_USAGE, "an empty password is refused");
	} else if (env_new) {
		if (strlen(env_new) >= PROMPT_SECRET_MAX || !env_new[0])
			rc = error_set(&ctx->err, ERR_USAGE, "DEPINCTL_NEW_PASSWORD is empty or too long");
		else
			strcpy(pw, env_new);
	} else {
		unsetenv("DEPINCTL_PASSWORD_FILE");
		unsetenv("DEPINCTL_PASSWORD");
		rc = prompt_new_password(pw, PROMPT_SECRET_MAX, &sub, "new password", &ctx->err);
	}
	if (!rc)
		rc = keystore_rewrap(ctx->home, pos[0], s, pw, &kdf, &ctx->err);
	sodium_free(pw);
	key_secret_free(s);
	if (rc)
		return rc;
	if (ctx->json) {
		cJSON *j = cJSON_CreateObject();
		cJSON_AddStringToObject(j, "name", pos[0]);
		cJSON_AddBoolToObject(j, "password_changed", 1);
		output_json(ctx, j);
	} else if (!ctx->quiet) {
		printf("changed the password of key '%s'\n", pos[0]);
	}
	return 0;
}

/* Writes exported secret text to --output (0600, atomic, never over an
 * existing file) or stdout. */
static int emit_secret(struct ctx *ctx, const char *output, const char *text, const char *what)
{
	if (output && strcmp(output, "-")) {
		int rc = file_write_atomic(output, text, strlen(text), 0600, 1, &ctx->err);
		if (rc)
			return rc;
		if (ctx->json) {
			cJSON *o = cJSON_CreateObject();
			cJSON_AddStringToObject(o, "format", what);
			cJSON_AddStringToObject(o, "file", output);
			output_json(ctx, o);
		} else if (!ctx->quiet) {
			fprintf(stderr, "wrote %s to '%s'\n", what, output);
		}
		return 0;
	}
	if (ctx->json) {
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "format", what);
		cJSON *parsed = cJSON_Parse(text);
		if (parsed)
			cJSON_AddItemToObject(o, "data", parsed);
		else
			cJSON_AddStringToObject(o, "data", text);
		output_json(ctx, o);
	} else {
		fputs(text, stdout);
		if (text[0] && text[strlen(text) - 1] != '\n')
			fputc('\n', stdout);
	}
	return 0;
}

static int verb_export(struct ctx *ctx, int argc, char **argv)
{
	struct key_opts o = {0};
	char *pos[2];
	int npos, rc;
	if ((rc = opts_parse(ctx, "key export", argc, argv, export_opts, key_opt, &o, pos, &npos, 1)))
		return rc;
	if (npos != 1 || !o.format)
		return error_set(&ctx->err, ERR_USAGE,
				 "usage: depinctl key export NAME --format mnemonic|solana-keypair|keystore [--output FILE]");
	if ((rc = opts_load_conf(ctx)))
		return rc;
	struct keystore_kdf kdf;
	if ((rc = kdf_for_new(&kdf, ctx)))
		return rc;
	if (!ctx->json && !o.output && isatty(STDOUT_FILENO) && !ctx->quiet)
		output_warn(ctx, "printing a secret on the terminal");
	struct key_secret *s;
	struct key_info info;
	if ((rc = key_unlock_prompt(&s, &info, ctx, pos[0])))
		return rc;
	uint8_t *sk = sodium_malloc(32);
	char *text = NULL;
	if (!sk) {
		rc = error_set(&ctx->err, ERR_FAIL, "out of memory");
		goto out;
	}
	if (strcmp(o.format, "mnemonic") == 0) {
		if (s->kind != KEY_MNEMONIC) {
			rc = error_set(&ctx->err, ERR_USAGE, "key '%s' is a %s key: it has no mnemonic", pos[0], key_kind_name(s->kind));
			goto out;
		}
		if (s->passphrase[0])
			output_warn(ctx, "this key also has a BIP39 passphrase, which is not printed");
		rc = emit_secret(ctx, o.output, s->mnemonic, "mnemonic");
	} else if (strcmp(o.format, "solana-keypair") == 0) {
		if ((rc = key_solana_seed(sk, s, ctx->account, &ctx->err)))
			goto out;
		if (solana_keypair_format(&text, sk)) {
			rc = error_set(&ctx->err, ERR_FAIL, "cannot format the keypair");
			goto out;
		}
		rc = emit_secret(ctx, o.output, text, "solana-keypair");
	} else {
		if ((rc = key_evm_seckey(sk, s, ctx->account, &ctx->err)))
			goto out;
		char *pw = sodium_malloc(PROMPT_SECRET_MAX);
		if (!pw) {
			rc = error_set(&ctx->err, ERR_FAIL, "out of memory");
			goto out;
		}
		rc = prompt_new_password(pw, PROMPT_SECRET_MAX, ctx, "password for the exported keystore", &ctx->err);
		/* geth's standard scrypt cost, or its light one (n 4096, p 6) when
		 * new files use interactive limits. */
		const char *level = getenv("DEPINCTL_KDF");
		struct web3_kdf_params light = {WEB3_KDF_SCRYPT, 4096, 8, 6, 0};
		int is_light = strcmp(level && *level ? level : ctx->conf.kdf, "interactive") == 0;
		if (!rc)
			rc = web3_keystore_encrypt(&text, sk, pw, is_light ? &light : NULL, &ctx->err);
		sodium_free(pw);
		if (!rc)
			rc = emit_secret(ctx, o.output, text, "keystore");
	}
out:
	if (text) {
		sodium_memzero(text, strlen(text));
		free(text);
	}
	if (sk)
		sodium_free(sk);
	key_secret_free(s);
	return rc;
}

static const struct {
	const char *name;
	int (*fn)(struct ctx *, int, char **);
} verbs[] = {
	{"new", verb_new}, {"import", verb_import}, {"list", verb_list}, {"show", verb_show},
	{"rename", verb_rename}, {"remove", verb_remove}, {"passwd", verb_passwd}, {"export", verb_export},
};

int cmd_key(int argc, char **argv, struct ctx *ctx)
{
	if (argc < 2)
		return error_set(&ctx->err, ERR_USAGE, "key needs a verb: new, import, list, show, rename, remove, passwd or export");
	for (size_t i = 0; i < sizeof verbs / sizeof verbs[0]; i++)
		if (strcmp(argv[1], verbs[i].name) == 0)
			return verbs[i].fn(ctx, argc - 2, argv + 2);
	return error_set(&ctx->err, ERR_USAGE, "unknown key verb '%s' (new, import, list, show, rename, remove, passwd, export)", argv[1]);
}
