/* depinctl sign / verify: Solana off-chain messages (ed25519 over the bytes),
 * EIP-191 personal_sign and EIP-712 typed data. */
#include "config.h"
#include "commands.h"
#include "base58.h"
#include "file.h"
#include "hex.h"
#include "opts.h"
#include "output.h"
#include "prompt.h"
#include "chains/evm/eip191.h"
#include "chains/evm/eip712.h"
#include "wallet/address.h"
#include "wallet/key.h"
#include "wallet/keystore.h"
#include "wallet/signer.h"

#include <stdlib.h>
#include <string.h>
#include <sodium.h>

#define MESSAGE_MAX (16 << 20)

enum { O_CHAIN = 1, O_FILE, O_TYPED };

struct sign_opts {
	const char *chain;
	const char *file;
	const char *typed;
};

static const struct opt sign_opts_table[] = {
	{"chain", 0, 1, O_CHAIN}, {"file", 0, 1, O_FILE}, {"typed-data", 0, 1, O_TYPED}, {0, 0, 0, 0},
};

static int sign_opt(void *user, int id, const char *v, struct error *e)
{
	struct sign_opts *o = user;
	switch (id) {
	case O_CHAIN:
		if (strcmp(v, "solana") && strcmp(v, "evm"))
			return error_set(e, ERR_USAGE, "--chain must be solana or evm, not '%s'", v);
		o->chain = v;
		break;
	case O_FILE: o->file = v; break;
	case O_TYPED: o->typed = v; break;
	}
	return 0;
}

/* The bytes to sign: MESSAGE, --file, or (for typed data) the JSON text. */
struct message {
	char *data; /* malloc'd, or points into argv */
	size_t len;
	int owned;
};

static int load_message(struct message *m, struct ctx *ctx, const struct sign_opts *o, const char *arg)
{
	memset(m, 0, sizeof *m);
	if ((o->file != NULL) + (o->typed != NULL) + (arg != NULL) != 1)
		return error_set(&ctx->err, ERR_USAGE, "give exactly one of MESSAGE, --file FILE or --typed-data FILE");
	if (arg) {
		m->data = (char *)arg;
		m->len = strlen(arg);
		return 0;
	}
	const char *path = o->file ? o->file : o->typed;
	int rc = file_read(&m->data, &m->len, strcmp(path, "-") == 0 ? "/dev/stdin" : path, MESSAGE_MAX, &ctx->err);
	if (rc)
		return rc;
	m->owned = 1;
	return 0;
}

static void message_release(struct message *m)
{
	if (m->owned)
		free(m->data);
}

/* The 32-byte digest an EVM signature covers. */
static int evm_digest(uint8_t digest[32], struct ctx *ctx, const struct sign_opts *o, const struct message *m)
{
	if (o->typed)
		return eip712_hash(digest, m->data, &ctx->err);
	eip191_hash(digest, (const uint8_t *)m->data, m->len);
	return 0;
}

static void report(struct ctx *ctx, const char *chain, const char *address, const char *sig, const char *kind,
		   const uint8_t *digest)
{
	if (!ctx->json) {
		puts(sig);
		return;
	}
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "chain", chain);
	cJSON_AddStringToObject(o, "address", address);
	cJSON_AddStringToObject(o, "type", kind);
	if (digest) {
		char hex[67] = "0x";
		hex_encode(hex + 2, sizeof hex - 2, digest, 32);
		cJSON_AddStringToObject(o, "digest", hex);
	}
	cJSON_AddStringToObject(o, "signature", sig);
	output_json(ctx, o);
}

int cmd_sign(int argc, char **argv, struct ctx *ctx)
{
	struct sign_opts o = {0};
	char *pos[3];
	int npos, rc;
	if ((rc = opts_parse(ctx, "sign", argc - 1, argv + 1, sign_opts_table, sign_opt, &o, pos, &npos, 2)))
		return rc;
	const char *name = ctx->key, *arg = NULL;
	if (npos == 2) {
		name = pos[0];
		arg = pos[1];
	} else if (npos == 1 && (o.file || o.typed || ctx->key)) {
		if (o.file || o.typed)
			name = pos[0];
		else
			arg = pos[0];
	} else if (npos == 1) {
		name = pos[0];
	}
	if (!name)
		return error_set(&ctx->err, ERR_USAGE, "usage: depinctl sign NAME [--chain solana|evm] (MESSAGE | --file FILE | --typed-data FILE)");
	if (o.typed && o.chain && strcmp(o.chain, "evm"))
		return error_set(&ctx->err, ERR_USAGE, "--typed-data is EIP-712: it signs on evm only");
	struct key_info info;
	if ((rc = keystore_info(&info, ctx->home, name, &ctx->err)))
		return rc;
	const char *chain = o.chain ? o.chain : o.typed ? "evm" : NULL;
	if (!chain) {
		if (info.solana[0] && info.evm[0])
			return error_set(&ctx->err, ERR_USAGE, "key '%s' holds Solana and EVM accounts: pick one with --chain solana|evm", name);
		chain = info.solana[0] ? "solana" : "evm";
	}
	int evm = strcmp(chain, "evm") == 0;
	if (evm ? !info.evm[0] : !info.solana[0])
		return error_set(&ctx->err, ERR_USAGE, "key '%s' holds no %s account", name, evm ? "EVM" : "Solana");

	struct message m;
	if ((rc = load_message(&m, ctx, &o, arg)))
		return rc;
	uint8_t digest[32];
	if (evm && (rc = evm_digest(digest, ctx, &o, &m))) {
		message_release(&m);
		return rc;
	}
	/* Unlock only once the input is known to be good. */
	uint8_t *sk = sodium_malloc(32);
	struct key_secret *s = NULL;
	if (!sk) {
		rc = error_set(&ctx->err, ERR_FAIL, "out of memory");
		goto out;
	}
	if ((rc = key_unlock_prompt(&s, NULL, ctx, name)))
		goto out;
	char sol[45], eaddr[43];
	if ((rc = key_addresses(sol, eaddr, s, ctx->account, &ctx->err)))
		goto out;
	if (evm) {
		uint8_t sig[65];
		char hex[2 + 130 + 1] = "0x";
		if ((rc = key_evm_seckey(sk, s, ctx->account, &ctx->err)))
			goto out;
		if ((rc = signer_secp256k1_sign(sig, sk, digest))) {
			error_set(&ctx->err, rc, "signing failed");
			goto out;
		}
		hex_encode(hex + 2, sizeof hex - 2, sig, sizeof sig);
		report(ctx, "evm", eaddr, hex, o.typed ? "eip712" : "eip191", digest);
	} else {
		uint8_t sig[64];
		char b58[100];
		if ((rc = key_solana_seed(sk, s, ctx->account, &ctx->err)))
			goto out;
		if ((rc = signer_ed25519_sign(sig, sk, (const uint8_t *)m.data, m.len))) {
			error_set(&ctx->err, rc, "signing failed");
			goto out;
		}
		if (base58_encode(b58, sizeof b58, sig, sizeof sig)) {
			rc = error_set(&ctx->err, ERR_FAIL, "cannot encode the signature");
			goto out;
		}
		report(ctx, "solana", sol, b58, "ed25519", NULL);
	}
out:
	if (sk)
		sodium_free(sk);
	key_secret_free(s);
	message_release(&m);
	return rc;
}

int cmd_verify(int argc, char **argv, struct ctx *ctx)
{
	struct sign_opts o = {0};
	char *pos[4];
	int npos, rc;
	if ((rc = opts_parse(ctx, "verify", argc - 1, argv + 1, sign_opts_table, sign_opt, &o, pos, &npos, 3)))
		return rc;
	int with_file = o.file || o.typed;
	if (!o.chain || npos != (with_file ? 2 : 3))
		return error_set(&ctx->err, ERR_USAGE,
				 "usage: depinctl verify --chain solana|evm ADDRESS (MESSAGE | --file FILE | --typed-data FILE) SIGNATURE");
	if (o.typed && strcmp(o.chain, "evm"))
		return error_set(&ctx->err, ERR_USAGE, "--typed-data is EIP-712: it verifies on evm only");
	const char *address = pos[0], *sigtext = pos[npos - 1];
	struct message m;
	if ((rc = load_message(&m, ctx, &o, with_file ? NULL : pos[1])))
		return rc;
	int valid = 0;
	if (strcmp(o.chain, "evm") == 0) {
		uint8_t want[20], sig[65], digest[32], pub[64];
		char got[43];
		if ((rc = address_evm_parse(want, address, &ctx->err)))
			goto out;
		if (hex_decode_exact(sig, sizeof sig, sigtext)) {
			rc = error_set(&ctx->err, ERR_USAGE, "'%s' is not a 65-byte hex signature", sigtext);
			goto out;
		}
		if ((rc = evm_digest(digest, ctx, &o, &m)))
			goto out;
		if (signer_secp256k1_recover(pub, sig, digest, &ctx->err) == 0 &&
		    address_evm_from_pubkey(got, sizeof got, pub) == 0) {
			uint8_t g[20];
			valid = address_evm_parse(g, got, NULL) == 0 && memcmp(g, want, 20) == 0;
		}
	} else {
		uint8_t pk[32], sig[64];
		size_t n;
		if ((rc = address_solana_parse(pk, address, &ctx->err)))
			goto out;
		if (base58_decode(sig, sizeof sig, &n, sigtext) || n != 64) {
			rc = error_set(&ctx->err, ERR_USAGE, "'%s' is not a 64-byte base58 signature", sigtext);
			goto out;
		}
		valid = signer_ed25519_verify(sig, pk, (const uint8_t *)m.data, m.len) == 0;
	}
	if (ctx->json) {
		cJSON *j = cJSON_CreateObject();
		cJSON_AddStringToObject(j, "chain", o.chain);
		cJSON_AddStringToObject(j, "address", address);
		cJSON_AddBoolToObject(j, "valid", valid);
		output_json(ctx, j);
	} else if (!ctx->quiet) {
		printf("%s\n", valid ? "valid" : "invalid");
	}
	rc = valid ? 0 : ERR_REFUSED;
	if (!valid)
		error_set(&ctx->err, ERR_REFUSED, "the signature is not %s's", address);
out:
	message_release(&m);
	return rc;
}
