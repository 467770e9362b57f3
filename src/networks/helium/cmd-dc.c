/* `depinctl dc ...` (Helium data credits) and `depinctl stake --network
 * helium VERB` (veHNT positions): read the accounts over Solana RPC, show
 * what the programs will do (the DC a mint yields at the price the program
 * uses, veHNT, pending delegation rewards), build the instructions, and send
 * them through the journaled sender. --dry-run builds and prints, signs
 * nothing. */
#include "config.h"
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cjson/cJSON.h>
#include <sodium.h>
#include "amount.h"
#include "base58.h"
#include "commands.h"
#include "journal.h"
#include "opts.h"
#include "output.h"
#include "prompt.h"
#include "chains/solana/anchor.h"
#include "chains/solana/pda.h"
#include "chains/solana/programs.h"
#include "chains/solana/rpc.h"
#include "chains/solana/sender.h"
#include "chains/solana/tx.h"
#include "networks/helium/dc.h"
#include "networks/helium/vehnt.h"
#include "wallet/address.h"
#include "wallet/key.h"
#include "wallet/keystore.h"

#define HNT_DECIMALS_SHOWN 8
#define MAX_POSITIONS 256
#define MAX_EPOCHS 128
#define CLAIMS_PER_TX 5

/* ---- shared ------------------------------------------------------------------------------- */

static void b58(char out[64], const uint8_t key[32])
{
	if (base58_encode(out, 64, key, 32))
		snprintf(out, 64, "?");
}

static const char *key_name(struct ctx *ctx)
{
	return ctx->key ? ctx->key : ctx->conf.key[0] ? ctx->conf.key : NULL;
}

static const char *net_name(const struct ctx *ctx)
{
	return ctx->network ? ctx->network : ctx->conf.network[0] ? ctx->conf.network : "solana";
}

/* ERR_FAIL unless the account is owned by program (base58). */
static int owned(struct ctx *ctx, const struct sol_rpc_account *a, const uint8_t key[32], const char *program,
		 const char *what)
{
	uint8_t p[32];
	dc_key(p, program);
	if (!memcmp(a->owner, p, 32))
		return 0;
	char k[64];
	b58(k, key);
	return error_set(&ctx->err, ERR_FAIL, "%s '%s' is not owned by %s", what, k, program);
}

static int open_rpc(struct ctx *ctx, struct sol_rpc *r)
{
	const char *urls[CONF_MAX_RPC];
	size_t n = 0;
	const char *set = conf_setting(&ctx->conf, "helium", "rpc");
	if (ctx->rpc) {
		urls[n++] = ctx->rpc;
	} else if (set) {
		urls[n++] = set;
	} else {
		const char *name = net_name(ctx);
		const struct conf_network *net = conf_network(&ctx->conf, name);
		if (!net)
			return conf_network_check(&ctx->conf, name, &ctx->err);
		if (net->family != CONF_SOLANA)
			return error_set(&ctx->err, ERR_USAGE, "network '%s' is not a Solana network", name);
		for (int i = 0; i < net->nrpc; i++)
			urls[n++] = net->rpc[i];
	}
	if (!n)
		return error_set(&ctx->err, ERR_USAGE, "no Solana RPC endpoint: pass --rpc URL");
	return sol_rpc_open(r, urls, n, ctx->insecure, 0, &ctx->err);
}

/* The Solana address of a key (no password needed for account 0) or an address. */
static int resolve_owner(struct ctx *ctx, uint8_t out[32], const char *who)
{
	if (!who)
		who = key_name(ctx);
	if (!who)
		return error_set(&ctx->err, ERR_USAGE, "which wallet? give --key NAME (or set key in the config)");
	struct key_info info;
	struct error probe = {0, ""};
	if (keystore_name_check(who, NULL) == 0 && keystore_info(&info, ctx->home, who, &probe) == 0) {
		if (!info.solana[0])
			return error_set(&ctx->err, ERR_USAGE, "key '%s' holds no Solana account", who);
		if (ctx->account == 0)
			return address_solana_parse(out, info.solana, &ctx->err);
		struct key_secret *s = NULL;
		char sol[45], evm[43];
		int rc = key_unlock_prompt(&s, NULL, ctx, who);
		if (!rc)
			rc = key_addresses(sol, evm, s, ctx->account, &ctx->err);
		key_secret_free(s);
		return rc ? rc : address_solana_parse(out, sol, &ctx->err);
	}
	if (address_solana_parse(out, who, &ctx->err))
		return error_set(&ctx->err, ERR_USAGE, "'%s' is neither a key name nor a Solana address", who);
	return 0;
}

static int unlock_seed(struct ctx *ctx, uint8_t seed[32], const uint8_t owner[32])
{
	const char *name = key_name(ctx);
	if (!name)
		return error_set(&ctx->err, ERR_USAGE, "signing needs --key NAME");
	struct key_secret *s = NULL;
	int rc = key_unlock_prompt(&s, NULL, ctx, name);
	if (!rc)
		rc = key_solana_seed(seed, s, ctx->account, &ctx->err);
	key_secret_free(s);
	if (rc)
		return rc;
	uint8_t pk[32], sk[64];
	crypto_sign_seed_keypair(pk, sk, seed);
	sodium_memzero(sk, sizeof sk);
	if (memcmp(pk, owner, 32)) {
		sodium_memzero(seed, 32);
		return error_set(&ctx->err, ERR_REFUSED, "key '%s' does not hold the wallet shown", name);
	}
	return 0;
}

/* Reads n accounts; a missing one is left !exists. */
static int fetch(struct ctx *ctx, struct sol_rpc *r, struct sol_rpc_account *out, const uint8_t (*keys)[32], size_t n)
{
	int rc = sol_rpc_accounts(r, out, keys, n, &ctx->err);
	return rc;
}

static int need(struct ctx *ctx, const struct sol_rpc_account *a, const uint8_t key[32], const char *what)
{
	if (a->exists && a->data)
		return 0;
	char k[64];
	b58(k, key);
	return error_set(&ctx->err, ERR_NOTFOUND, "%s '%s' not found on chain", what, k);
}

static void fmt_units(char *out, size_t size, uint64_t v, unsigned decimals)
{
	if (amount_format_u64(out, size, v, decimals))
		snprintf(out, size, "%" PRIu64, v);
}

static void fmt_u128(char *out, size_t size, vehnt_u128 v, unsigned decimals)
{
	struct u256 u;
	memset(&u, 0, sizeof u);
	uint8_t be[32] = {0};
	for (int i = 0; i < 16; i++)
		be[31 - i] = (uint8_t)(v >> (8 * i));
	u256_from_be(&u, be);
	if (amount_format(out, size, &u, decimals))
		snprintf(out, size, "?");
}

static void fmt_date(char *out, size_t size, int64_t ts)
{
	time_t t = (time_t)ts;
	struct tm tm;
	if (ts <= 0 || !gmtime_r(&t, &tm) || !strftime(out, size, "%Y-%m-%d", &tm))
		snprintf(out, size, "-");
}

/* Names of the instructions depinctl builds, by discriminator. */
static const char *ix_name(const struct sol_compiled_instruction *ci)
{
	static const char *names[] = {"mint_data_credits_v0", "delegate_data_credits_v0", "initialize_position_v0",
				      "deposit_v0",           "delegate_v0",              "close_delegation_v0",
				      "claim_rewards_v1"};
	for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
		uint8_t d[8];
		anchor_instruction_discriminator(d, names[i]);
		if (ci->data_len >= 8 && !memcmp(ci->data, d, 8))
			return names[i];
	}
	return "(other)";
}

static uint64_t rd64(const uint8_t *p)
{
	uint64_t v = 0;
	for (int i = 7; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

/* What the transaction does, from its bytes: one line per instruction. */
static void describe(char *out, size_t size, const struct sol_tx *tx)
{
	size_t o = 0;
	out[0] = 0;
	for (size_t i = 0; i < tx->msg.instructions_len && o < size; i++) {
		const struct sol_compiled_instruction *ci = &tx->msg.instructions[i];
		const char *name = ix_name(ci);
		char extra[120] = "";
		if (!strcmp(name, "mint_data_credits_v0") && ci->data_len >= 10) {
			const uint8_t *d = ci->data + 8;
			if (d[0] == 1 && ci->data_len >= 18)
				snprintf(extra, sizeof extra, " hnt_amount=%" PRIu64 " dc_amount=none", rd64(d + 1));
			else if (d[0] == 0 && d[1] == 1 && ci->data_len >= 18)
				snprintf(extra, sizeof extra, " hnt_amount=none dc_amount=%" PRIu64, rd64(d + 2));
		} else if ((!strcmp(name, "delegate_data_credits_v0") || !strcmp(name, "deposit_v0") ||
			    !strcmp(name, "claim_rewards_v1")) &&
			   ci->data_len >= 16) {
			snprintf(extra, sizeof extra, " %s=%" PRIu64,
				 !strcmp(name, "claim_rewards_v1") ? "epoch" : "amount", rd64(ci->data + 8));
		} else if (!strcmp(name, "initialize_position_v0") && ci->data_len >= 13) {
			snprintf(extra, sizeof extra, " kind=%s periods=%u", vehnt_kind_name((enum vehnt_kind)ci->data[8]),
				 (unsigned)ci->data[9] | (unsigned)ci->data[10] << 8 | (unsigned)ci->data[11] << 16 |
					 (unsigned)ci->data[12] << 24);
		}
		o += (size_t)snprintf(out + o, size - o, "  %s (%zu accounts)%s\n", name, ci->accounts_len, extra);
	}
}

struct plan {
	struct sol_instruction ix[CLAIMS_PER_TX + 2];
	size_t nix;
	uint8_t cosigner[32];
	bool has_cosigner;
	char purpose[32], to[64], amount[80], token[64], batch_key[80];
};

static void plans_release(struct plan *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		sol_instructions_release(p[i].ix, p[i].nix);
		sodium_memzero(p[i].cosigner, 32);
	}
}

/* Compiles, shows (computed from the bytes), and with --dry-run prints the
 * unsigned transactions; else asks, unlocks the key and sends through the
 * journal. doc (may be NULL) gets "transactions". */
static int run_plans(struct ctx *ctx, struct sol_rpc *r, const uint8_t owner[32], struct plan *p, size_t n,
		     cJSON *doc, const char *question)
{
	uint8_t bh[32] = {0};
	uint64_t lv = 0;
	int rc = sol_rpc_latest_blockhash(r, bh, &lv, &ctx->err);
	if (rc)
		return rc;
	struct sol_sender_tx *txs = calloc(n ? n : 1, sizeof *txs);
	if (!txs)
		return error_set(&ctx->err, ERR_FAIL, "out of memory");
	for (size_t i = 0; i < n; i++)
		sol_sender_tx_init(&txs[i]);
	cJSON *arr = doc ? cJSON_AddArrayToObject(doc, "transactions") : NULL;
	size_t total = 0;
	for (size_t i = 0; i < n && !rc; i++) {
		struct sol_tx tx;
		sol_tx_init(&tx);
		rc = sol_message_compile(&txs[i].msg, SOL_MESSAGE_LEGACY, owner, bh, p[i].ix, p[i].nix, NULL, 0, &ctx->err);
		if (!rc)
			rc = sol_tx_from_message(&tx, &txs[i].msg, &ctx->err);
		char b64[SOL_TX_BASE64_MAX], what[1024];
		uint8_t wire[SOL_PACKET_MAX];
		size_t len = 0;
		if (!rc)
			rc = sol_tx_serialize(wire, sizeof wire, &len, &tx, &ctx->err);
		if (!rc)
			rc = sol_tx_base64(b64, sizeof b64, &tx, &ctx->err);
		if (!rc) {
			describe(what, sizeof what, &tx);
			total += len;
			if (!ctx->json && !ctx->quiet)
				printf("transaction %zu of %zu (%zu bytes, %zu signers):\n%s", i + 1, n, len,
				       (size_t)tx.msg.num_required_signatures, what);
			if (arr) {
				cJSON *o = cJSON_CreateObject();
				cJSON_AddNumberToObject(o, "bytes", (double)len);
				cJSON_AddNumberToObject(o, "signers", tx.msg.num_required_signatures);
				cJSON_AddStringToObject(o, "base64", b64);
				cJSON_AddItemToArray(arr, o);
			}
			if (ctx->dry_run && !ctx->json && ctx->verbose)
				printf("  %s\n", b64);
		}
		sol_tx_release(&tx);
		snprintf(txs[i].purpose, sizeof txs[i].purpose, "%s", p[i].purpose);
		snprintf(txs[i].to, sizeof txs[i].to, "%s", p[i].to);
		snprintf(txs[i].amount, sizeof txs[i].amount, "%s", p[i].amount);
		snprintf(txs[i].token, sizeof txs[i].token, "%s", p[i].token);
		snprintf(txs[i].batch_key, sizeof txs[i].batch_key, "%s", p[i].batch_key);
		if (p[i].has_cosigner) {
			memcpy(txs[i].cosigners[0], p[i].cosigner, 32);
			txs[i].ncosigners = 1;
		}
	}
	if (!rc && doc)
		cJSON_AddBoolToObject(doc, "dry_run", ctx->dry_run != 0);
	if (rc || ctx->dry_run || !n)
		goto out;
	if (!ctx->json && !ctx->quiet)
		printf("%zu transaction%s, %zu bytes, fee about %zu lamports\n", n, n == 1 ? "" : "s", total, n * 5000);
	if ((rc = prompt_confirm(ctx, question, &ctx->err)))
		goto out;
	uint8_t seed[32];
	if ((rc = unlock_seed(ctx, seed, owner)))
		goto out;
	struct journal *j = NULL;
	if ((rc = journal_open(&j, ctx->home, &ctx->err))) {
		sodium_memzero(seed, sizeof seed);
		goto out;
	}
	struct sol_sender s = {.rpc = r, .journal = j, .network = net_name(ctx)};
	rc = sol_sender_send(&s, txs, n, seed, &ctx->err);
	sodium_memzero(seed, sizeof seed);
	journal_close(j);
	for (size_t i = 0; i < n; i++) {
		if (!ctx->json && !ctx->quiet)
			printf("%s %s%s%s\n", txs[i].txid[0] ? txs[i].txid : "-", journal_status_name(txs[i].status),
			       txs[i].error[0] ? ": " : "", txs[i].error);
		if (arr) {
			cJSON *o = cJSON_GetArrayItem(arr, (int)i);
			if (o) {
				cJSON_AddStringToObject(o, "txid", txs[i].txid);
				cJSON_AddStringToObject(o, "status", journal_status_name(txs[i].status));
				if (txs[i].error[0])
					cJSON_AddStringToObject(o, "error", txs[i].error);
				cJSON_AddBoolToObject(o, "skipped", txs[i].skipped);
			}
		}
	}
out:
	sol_sender_txs_release(txs, n);
	free(txs);
	return rc;
}

/* ---- dc ----------------------------------------------------------------------------------- */

enum { O_HNT = 1, O_DC, O_SUBNET, O_RECIPIENT, O_AMOUNT, O_DAYS, O_KIND };

struct dc_opts {
	const char *hnt, *dc, *subnet, *recipient, *amount, *days, *kind;
};

static int dc_opt(void *user, int id, const char *v, struct error *e)
{
	struct dc_opts *o = user;
	const char **slot = id == O_HNT ? &o->hnt : id == O_DC ? &o->dc : id == O_SUBNET ? &o->subnet
			  : id == O_RECIPIENT ? &o->recipient : id == O_AMOUNT ? &o->amount : id == O_DAYS ? &o->days
			  : &o->kind;
	if (*slot)
		return error_set(e, ERR_USAGE, "an option is given twice");
	*slot = v;
	return 0;
}

static const struct opt mint_opts[] = {
	{"hnt", 0, 1, O_HNT}, {"dc", 0, 1, O_DC}, {0, 0, 0, 0},
};
static const struct opt delegate_opts[] = {{"subnetwork", 0, 1, O_SUBNET}, {0, 0, 0, 0}};
static const struct opt no_opts[] = {{0, 0, 0, 0}};

/* The DataCreditsV0, the price, the HNT mint's decimals, the owner's HNT. */
struct dc_state {
	struct dc_data_credits dc;
	struct dc_price price;
	uint8_t hnt_decimals;
	uint64_t hnt_balance;
	bool has_hnt_account;
};

static int dc_load(struct ctx *ctx, struct sol_rpc *r, struct dc_state *st, const uint8_t owner[32])
{
	uint8_t keys[3][32], dc_mint[32];
	struct sol_rpc_account a[3];
	dc_key(dc_mint, DC_DC_MINT);
	int rc = dc_data_credits_key(keys[0], dc_mint, &ctx->err);
	if (rc || (rc = fetch(ctx, r, a, (const uint8_t (*)[32])keys, 1)))
		return rc;
	rc = need(ctx, &a[0], keys[0], "data credits account");
	if (!rc)
		rc = owned(ctx, &a[0], keys[0], DC_PROGRAM_ID, "data credits account");
	if (!rc)
		rc = dc_data_credits_parse(&st->dc, a[0].data, a[0].data_len, &ctx->err);
	sol_rpc_accounts_release(a, 1);
	if (rc)
		return rc;
	memcpy(keys[0], st->dc.hnt_price_oracle, 32);
	memcpy(keys[1], st->dc.hnt_mint, 32);
	if ((rc = sol_pda_ata(keys[2], owner, st->dc.hnt_mint, sol_program_id_token, &ctx->err)) ||
	    (rc = fetch(ctx, r, a, (const uint8_t (*)[32])keys, 3)))
		return rc;
	if (!(rc = need(ctx, &a[0], keys[0], "HNT price account")))
		rc = dc_price_parse(&st->price, a[0].data, a[0].data_len, &ctx->err);
	if (!rc)
		rc = dc_price_check(&st->price, a[0].owner, (int64_t)time(NULL), &ctx->err);
	if (!rc && !(rc = need(ctx, &a[1], keys[1], "HNT mint")))
		rc = dc_mint_info(&st->hnt_decimals, NULL, a[1].data, a[1].data_len, &ctx->err);
	st->has_hnt_account = !rc && a[2].exists && a[2].data;
	if (st->has_hnt_account)
		rc = dc_token_account(&st->hnt_balance, NULL, NULL, NULL, a[2].data, a[2].data_len, &ctx->err);
	sol_rpc_accounts_release(a, 3);
	return rc;
}

static int dc_mint_cmd(int argc, char **argv, struct ctx *ctx)
{
	struct dc_opts o = {0};
	char *pos[1];
	int npos, rc;
	if ((rc = opts_parse(ctx, "dc mint", argc - 1, argv + 1, mint_opts, dc_opt, &o, pos, &npos, 0)))
		return rc;
	if ((o.hnt != NULL) == (o.dc != NULL))
		return error_set(&ctx->err, ERR_USAGE, "dc mint needs --hnt AMOUNT or --dc AMOUNT (one of them)");
	uint8_t owner[32], recipient[32];
	if ((rc = opts_load_conf(ctx)) || (rc = resolve_owner(ctx, owner, NULL)))
		return rc;
	memcpy(recipient, owner, 32); /* the builder can mint to another wallet; the command mints to the key's */
	struct sol_rpc r;
	if ((rc = open_rpc(ctx, &r)))
		return rc;
	struct dc_state st;
	memset(&st, 0, sizeof st);
	uint64_t hnt = 0, dc = 0;
	int is_max = 0;
	int64_t pwc = 0;
	cJSON *doc = NULL;
	struct plan p;
	memset(&p, 0, sizeof p);
	if ((rc = dc_load(ctx, &r, &st, owner)))
		goto out;
	if (o.hnt) {
		if ((rc = amount_parse_u64(&hnt, &is_max, o.hnt, st.hnt_decimals, &ctx->err)) || is_max || !hnt) {
			rc = error_set(&ctx->err, ERR_USAGE, "--hnt '%s' is not an amount of HNT above 0 (at most %u decimals)",
				       o.hnt, st.hnt_decimals);
			goto out;
		}
		if ((rc = dc_from_hnt(&dc, &st.price, st.hnt_decimals, hnt, &ctx->err)))
			goto out;
		if (!dc) {
			rc = error_set(&ctx->err, ERR_USAGE, "--hnt %s mints 0 DC at this price", o.hnt);
			goto out;
		}
	} else {
		if ((rc = amount_parse_u64(&dc, &is_max, o.dc, DC_DECIMALS, &ctx->err)) || is_max || !dc) {
			rc = error_set(&ctx->err, ERR_USAGE, "--dc '%s' is not a whole number of DC above 0", o.dc);
			goto out;
		}
		if ((rc = dc_hnt_for_dc(&hnt, &st.price, st.hnt_decimals, dc, &ctx->err)))
			goto out;
	}
	(void)!dc_price_for_mint(&pwc, &st.price, &ctx->err);
	char s_hnt[AMOUNT_FMT_MAX], s_bal[AMOUNT_FMT_MAX], s_price[64], s_ema[64], s_conf[64], s_usd[64], s_rec[64];
	fmt_units(s_hnt, sizeof s_hnt, hnt, st.hnt_decimals);
	fmt_units(s_bal, sizeof s_bal, st.hnt_balance, st.hnt_decimals);
	int neg = st.price.exponent < 0 ? -st.price.exponent : 0;
	fmt_units(s_price, sizeof s_price, (uint64_t)pwc, (unsigned)neg);
	fmt_units(s_ema, sizeof s_ema, (uint64_t)st.price.ema_price, (unsigned)neg);
	fmt_units(s_conf, sizeof s_conf, st.price.ema_conf, (unsigned)neg);
	fmt_units(s_usd, sizeof s_usd, dc, DC_USD_EXPONENT);
	b58(s_rec, recipient);
	long age = (long)((int64_t)time(NULL) - st.price.publish_time);
	if (!st.has_hnt_account || st.hnt_balance < hnt) {
		rc = error_set(&ctx->err, ERR_FAIL, "not enough HNT: %s HNT needed, the wallet holds %s", s_hnt, s_bal);
		goto out;
	}
	if (ctx->json) {
		doc = cJSON_CreateObject();
		cJSON_AddStringToObject(doc, "hnt", s_hnt);
		char u[32];
		snprintf(u, sizeof u, "%" PRIu64, hnt);
		cJSON_AddStringToObject(doc, "hnt_base_units", u);
		snprintf(u, sizeof u, "%" PRIu64, dc);
		cJSON_AddStringToObject(doc, "dc", u);
		cJSON_AddStringToObject(doc, "usd", s_usd);
		cJSON_AddStringToObject(doc, "recipient", s_rec);
		cJSON *pr = cJSON_AddObjectToObject(doc, "price");
		cJSON_AddStringToObject(pr, "usd_per_hnt", s_price);
		cJSON_AddStringToObject(pr, "ema", s_ema);
		cJSON_AddStringToObject(pr, "ema_conf", s_conf);
		cJSON_AddNumberToObject(pr, "exponent", st.price.exponent);
		cJSON_AddNumberToObject(pr, "publish_time", (double)st.price.publish_time);
		char k[64];
		b58(k, st.dc.hnt_price_oracle);
		cJSON_AddStringToObject(pr, "account", k);
	} else if (!ctx->quiet) {
		printf("HNT price the program uses: $%s (Pyth EMA $%s - 2 x confidence $%s, published %ld s ago)\n", s_price,
		       s_ema, s_conf, age);
		printf("burn %s HNT -> %" PRIu64 " DC ($%s) to %s\n", s_hnt, dc, s_usd, s_rec);
	}
	struct dc_mint_args ma = {.owner = owner, .recipient = recipient, .dc = &st.dc};
	if (o.hnt)
		ma.hnt = hnt;
	else
		ma.dc_amount = dc;
	sol_instruction_init(&p.ix[0], owner);
	p.nix = 1;
	if ((rc = dc_build_mint(&p.ix[0], &ma, &ctx->err)))
		goto out;
	snprintf(p.purpose, sizeof p.purpose, "dc-mint");
	snprintf(p.to, sizeof p.to, "%s", s_rec);
	snprintf(p.amount, sizeof p.amount, "%.79s", s_hnt);
	snprintf(p.token, sizeof p.token, "HNT");
	char q[600];
	snprintf(q, sizeof q, "Burn %s HNT for %" PRIu64 " DC?", s_hnt, dc);
	rc = run_plans(ctx, &r, owner, &p, 1, doc, q);
out:
	plans_release(&p, 1);
	if (!rc && doc) {
		output_json(ctx, doc);
		doc = NULL;
	}
	cJSON_Delete(doc);
	sol_rpc_close(&r);
	return rc;
}

static int dc_delegate_cmd(int argc, char **argv, struct ctx *ctx)
{
	struct dc_opts o = {0};
	char *pos[2];
	int npos, rc;
	if ((rc = opts_parse(ctx, "dc delegate", argc - 1, argv + 1, delegate_opts, dc_opt, &o, pos, &npos, 2)))
		return rc;
	if (!o.subnet || npos != 2)
		return error_set(&ctx->err, ERR_USAGE, "usage: depinctl dc delegate --subnetwork iot|mobile ROUTER_KEY AMOUNT");
	uint8_t dnt[32], sub_dao[32], dao[32], hnt_mint[32], dc_mint[32], owner[32], ata[32];
	uint64_t amount = 0, have = 0;
	int is_max = 0;
	if ((rc = dc_subnetwork_mint(dnt, o.subnet, &ctx->err)))
		return rc;
	if (amount_parse_u64(&amount, &is_max, pos[1], DC_DECIMALS, &ctx->err) || is_max || !amount)
		return error_set(&ctx->err, ERR_USAGE, "amount '%s' is not a whole number of DC above 0", pos[1]);
	size_t klen = strlen(pos[0]);
	if (!klen || klen > 200)
		return error_set(&ctx->err, ERR_USAGE, "router key '%s' is not a valid key", pos[0]);
	dc_key(hnt_mint, DC_HNT_MINT);
	dc_key(dc_mint, DC_DC_MINT);
	if ((rc = opts_load_conf(ctx)) || (rc = resolve_owner(ctx, owner, NULL)) ||
	    (rc = dc_sub_dao_key(sub_dao, dnt, &ctx->err)) || (rc = dc_dao_key(dao, hnt_mint, &ctx->err)) ||
	    (rc = sol_pda_ata(ata, owner, dc_mint, sol_program_id_token, &ctx->err)))
		return rc;
	struct sol_rpc r;
	if ((rc = open_rpc(ctx, &r)))
		return rc;
	struct sol_rpc_account a[1];
	struct plan p;
	memset(&p, 0, sizeof p);
	cJSON *doc = NULL;
	if ((rc = fetch(ctx, &r, a, (const uint8_t (*)[32])&ata, 1)))
		goto out;
	if (a[0].exists && a[0].data)
		rc = dc_token_account(&have, NULL, NULL, NULL, a[0].data, a[0].data_len, &ctx->err);
	sol_rpc_accounts_release(a, 1);
	if (rc)
		goto out;
	if (have < amount) {
		rc = error_set(&ctx->err, ERR_FAIL, "not enough DC: %" PRIu64 " needed, the wallet holds %" PRIu64, amount, have);
		goto out;
	}
	if (ctx->json) {
		doc = cJSON_CreateObject();
		char u[32];
		snprintf(u, sizeof u, "%" PRIu64, amount);
		cJSON_AddStringToObject(doc, "dc", u);
		cJSON_AddStringToObject(doc, "subnetwork", o.subnet);
		cJSON_AddStringToObject(doc, "router_key", pos[0]);
	} else if (!ctx->quiet) {
		printf("delegate %" PRIu64 " DC to router %s on %s\n", amount, pos[0], o.subnet);
	}
	sol_instruction_init(&p.ix[0], owner);
	p.nix = 1;
	if ((rc = dc_build_delegate(&p.ix[0], owner, dc_mint, dao, sub_dao, pos[0], amount, &ctx->err)))
		goto out;
	snprintf(p.purpose, sizeof p.purpose, "dc-delegate");
	snprintf(p.to, sizeof p.to, "%.63s", pos[0]);
	snprintf(p.amount, sizeof p.amount, "%" PRIu64, amount);
	snprintf(p.token, sizeof p.token, "DC");
	char q[300];
	snprintf(q, sizeof q, "Delegate %" PRIu64 " DC to %s on %s?", amount, pos[0], o.subnet);
	rc = run_plans(ctx, &r, owner, &p, 1, doc, q);
out:
	plans_release(&p, 1);
	if (!rc && doc) {
		output_json(ctx, doc);
		doc = NULL;
	}
	cJSON_Delete(doc);
	sol_rpc_close(&r);
	return rc;
}

static int dc_balance_cmd(int argc, char **argv, struct ctx *ctx)
{
	char *pos[1];
	int npos, rc;
	if ((rc = opts_parse(ctx, "dc balance", argc - 1, argv + 1, no_opts, dc_opt, NULL, pos, &npos, 1)))
		return rc;
	uint8_t owner[32], dc_mint[32], ata[32];
	dc_key(dc_mint, DC_DC_MINT);
	if ((rc = opts_load_conf(ctx)) || (rc = resolve_owner(ctx, owner, npos ? pos[0] : NULL)) ||
	    (rc = sol_pda_ata(ata, owner, dc_mint, sol_program_id_token, &ctx->err)))
		return rc;
	struct sol_rpc r;
	if ((rc = open_rpc(ctx, &r)))
		return rc;
	struct sol_rpc_account a[1];
	uint64_t amount = 0;
	bool frozen = false;
	uint8_t mint[32], who[32];
	if ((rc = fetch(ctx, &r, a, (const uint8_t (*)[32])&ata, 1)))
		goto out;
	if (a[0].exists && a[0].data) {
		rc = dc_token_account(&amount, mint, who, &frozen, a[0].data, a[0].data_len, &ctx->err);
		if (!rc && (memcmp(mint, dc_mint, 32) || memcmp(who, owner, 32)))
			rc = error_set(&ctx->err, ERR_FAIL, "the DC account of the wallet holds another mint or owner");
	}
	sol_rpc_accounts_release(a, 1);
	if (rc)
		goto out;
	char addr[64], acc[64], usd[64], u[32];
	b58(addr, owner);
	b58(acc, ata);
	fmt_units(usd, sizeof usd, amount, DC_USD_EXPONENT);
	snprintf(u, sizeof u, "%" PRIu64, amount);
	if (ctx->json) {
		cJSON *doc = cJSON_CreateObject();
		cJSON_AddStringToObject(doc, "address", addr);
		cJSON_AddStringToObject(doc, "account", acc);
		cJSON_AddStringToObject(doc, "dc", u);
		cJSON_AddStringToObject(doc, "usd", usd);
		cJSON_AddBoolToObject(doc, "frozen", frozen);
		output_json(ctx, doc);
	} else {
		printf("%s: %s DC ($%s)\n", addr, u, usd);
	}
out:
	sol_rpc_close(&r);
	return rc;
}

int cmd_dc(int argc, char **argv, struct ctx *ctx)
{
	if (argc < 2)
		return error_set(&ctx->err, ERR_USAGE, "dc needs a verb: mint, delegate or balance (see: depinctl help dc)");
	if (!strcmp(argv[1], "mint"))
		return dc_mint_cmd(argc - 1, argv + 1, ctx);
	if (!strcmp(argv[1], "delegate"))
		return dc_delegate_cmd(argc - 1, argv + 1, ctx);
	if (!strcmp(argv[1], "balance"))
		return dc_balance_cmd(argc - 1, argv + 1, ctx);
	return error_set(&ctx->err, ERR_USAGE, "dc: unknown verb '%s' (mint, delegate, balance)", argv[1]);
}

/* ---- stake (veHNT) ------------------------------------------------------------------------ */

struct pos {
	uint8_t key[32];
	struct vehnt_position p;
	bool delegated;
	struct vehnt_delegation d;
	uint64_t epochs[MAX_EPOCHS];  /* unclaimed */
	size_t nepochs;
	bool ready[MAX_EPOCHS];       /* its rewards are issued: claimable */
	uint64_t pending;             /* HNT base units */
	uint64_t burnt;               /* would be burnt (not enough votes) */
	vehnt_u128 power;
};

struct stake_state {
	uint8_t owner[32];
	uint8_t dao_key[32];
	struct vehnt_dao dao;
	struct vehnt_registrar reg;
	int64_t now;
	struct pos *pos;
	size_t npos;
};

static void stake_release(struct stake_state *s)
{
	free(s->pos);
	s->pos = NULL;
	s->npos = 0;
}

static const char *sub_dao_name(const uint8_t key[32])
{
	uint8_t m[32], k[32];
	struct error e;
	if (dc_subnetwork_mint(m, "iot", &e) == 0 && dc_sub_dao_key(k, m, &e) == 0 && !memcmp(k, key, 32))
		return "iot";
	if (dc_subnetwork_mint(m, "mobile", &e) == 0 && dc_sub_dao_key(k, m, &e) == 0 && !memcmp(k, key, 32))
		return "mobile";
	return "other";
}

/* The DAO and its registrar. */
static int stake_base(struct ctx *ctx, struct sol_rpc *r, struct stake_state *s)
{
	uint8_t hnt[32], keys[1][32];
	struct sol_rpc_account a[1];
	dc_key(hnt, DC_HNT_MINT);
	int rc = dc_dao_key(s->dao_key, hnt, &ctx->err);
	memcpy(keys[0], s->dao_key, 32);
	if (rc || (rc = fetch(ctx, r, a, (const uint8_t (*)[32])keys, 1)))
		return rc;
	if (!(rc = need(ctx, &a[0], keys[0], "Helium DAO")) &&
	    !(rc = owned(ctx, &a[0], keys[0], DC_HELIUM_SUB_DAOS_ID, "Helium DAO")))
		rc = vehnt_dao_parse(&s->dao, a[0].data, a[0].data_len, &ctx->err);
	sol_rpc_accounts_release(a, 1);
	if (rc)
		return rc;
	memcpy(keys[0], s->dao.registrar, 32);
	if ((rc = fetch(ctx, r, a, (const uint8_t (*)[32])keys, 1)))
		return rc;
	if (!(rc = need(ctx, &a[0], keys[0], "registrar")) &&
	    !(rc = owned(ctx, &a[0], keys[0], VEHNT_VSR_ID, "registrar")))
		rc = vehnt_registrar_parse(&s->reg, a[0].data, a[0].data_len, &ctx->err);
	sol_rpc_accounts_release(a, 1);
	s->now = (int64_t)time(NULL);
	return rc;
}

/* The owner's positions (NFTs held), their delegations and pending rewards. */
static int stake_load(struct ctx *ctx, struct sol_rpc *r, struct stake_state *s)
{
	int rc = stake_base(ctx, r, s);
	if (rc)
		return rc;
	struct sol_rpc_keyed *tk = NULL;
	size_t ntk = 0;
	uint8_t progs[1][32];
	memcpy(progs[0], sol_program_id_token, 32);
	if ((rc = sol_rpc_token_accounts(r, &tk, &ntk, s->owner, (const uint8_t (*)[32])progs, 1, &ctx->err)))
		return rc;
	uint8_t (*keys)[32] = calloc(ntk + 1, 32);
	struct sol_rpc_account *acc = calloc(ntk + 1, sizeof *acc);
	s->pos = calloc(ntk + 1, sizeof *s->pos);
	size_t n = 0;
	if (!keys || !acc || !s->pos) {
		rc = error_set(&ctx->err, ERR_FAIL, "out of memory");
		goto out;
	}
	for (size_t i = 0; i < ntk && !rc; i++) {
		uint64_t amount = 0;
		uint8_t mint[32];
		if (dc_token_account(&amount, mint, NULL, NULL, tk[i].account.data, tk[i].account.data_len, &ctx->err) ||
		    amount != 1)
			continue;
		memcpy(s->pos[n].p.mint, mint, 32);
		rc = vehnt_position_key(keys[n], mint, &ctx->err);
		n++;
	}
	if (rc || !n || (rc = fetch(ctx, r, acc, (const uint8_t (*)[32])keys, n)))
		goto out;
	size_t m = 0;
	uint8_t vsr[32];
	dc_key(vsr, VEHNT_VSR_ID);
	for (size_t i = 0; i < n; i++) {
		struct vehnt_position p;
		struct error ignore;
		if (!acc[i].exists || !acc[i].data || memcmp(acc[i].owner, vsr, 32) ||
		    vehnt_position_parse(&p, acc[i].data, acc[i].data_len, &ignore) ||
		    memcmp(p.registrar, s->dao.registrar, 32) || memcmp(p.mint, s->pos[i].p.mint, 32))
			continue;
		memcpy(s->pos[m].key, keys[i], 32);
		s->pos[m].p = p;
		m++;
	}
	sol_rpc_accounts_release(acc, n);
	s->npos = m;
	/* delegations */
	for (size_t i = 0; i < m && !rc; i++)
		rc = vehnt_delegation_key(keys[i], s->pos[i].key, &ctx->err);
	if (rc || !m || (rc = fetch(ctx, r, acc, (const uint8_t (*)[32])keys, m)))
		goto out;
	int64_t clock = vehnt_clock(&s->reg, s->now);
	for (size_t i = 0; i < m && !rc; i++) {
		struct pos *ps = &s->pos[i];
		if ((rc = vehnt_power(&ps->power, &ps->p, &s->reg, clock, &ctx->err)))
			break;
		if (!acc[i].exists || !acc[i].data)
			continue;
		if ((rc = owned(ctx, &acc[i], keys[i], DC_HELIUM_SUB_DAOS_ID, "delegated position")) ||
		    (rc = vehnt_delegation_parse(&ps->d, acc[i].data, acc[i].data_len, &ctx->err)))
			break;
		if (memcmp(ps->d.position, ps->key, 32)) {
			rc = error_set(&ctx->err, ERR_FAIL, "a delegated position names another position");
			break;
		}
		ps->delegated = true;
		ps->nepochs = vehnt_unclaimed(ps->epochs, MAX_EPOCHS, &ps->d, clock);
	}
	sol_rpc_accounts_release(acc, m);
	/* pending rewards: the dao epoch infos of the unclaimed epochs */
	for (size_t i = 0; i < m && !rc; i++) {
		struct pos *ps = &s->pos[i];
		if (!ps->nepochs)
			continue;
		uint8_t (*ek)[32] = calloc(ps->nepochs, 32);
		struct sol_rpc_account *ea = calloc(ps->nepochs, sizeof *ea);
		if (!ek || !ea) {
			free(ek);
			free(ea);
			rc = error_set(&ctx->err, ERR_FAIL, "out of memory");
			break;
		}
		for (size_t k = 0; k < ps->nepochs && !rc; k++)
			rc = vehnt_dao_epoch_key(ek[k], s->dao_key, ps->epochs[k], &ctx->err);
		bool got = false;
		if (!rc)
			got = !(rc = fetch(ctx, r, ea, (const uint8_t (*)[32])ek, ps->nepochs));
		for (size_t k = 0; k < ps->nepochs && !rc; k++) {
			struct vehnt_dao_epoch de;
			uint64_t v;
			bool burnt;
			if (!ea[k].exists || !ea[k].data)
				continue;
			if ((rc = owned(ctx, &ea[k], ek[k], DC_HELIUM_SUB_DAOS_ID, "DAO epoch info")) ||
			    (rc = vehnt_dao_epoch_parse(&de, ea[k].data, ea[k].data_len, &ctx->err)))
				break;
			if (de.epoch != ps->epochs[k]) {
				rc = error_set(&ctx->err, ERR_FAIL, "DAO epoch info of epoch %" PRIu64 " says epoch %" PRIu64,
					       ps->epochs[k], de.epoch);
				break;
			}
			if (!de.done_issuing_rewards || !de.delegation_rewards_issued)
				continue;
			ps->ready[k] = true;
			if ((rc = vehnt_epoch_reward(&v, &burnt, &ps->p, &s->reg, &ps->d, &de, &ctx->err)))
				break;
			if (burnt)
				ps->burnt += v;
			else
				ps->pending += v;
		}
		if (got)
			sol_rpc_accounts_release(ea, ps->nepochs);
		free(ek);
		free(ea);
	}
out:
	free(keys);
	free(acc);
	sol_rpc_keyed_free(tk, ntk);
	return rc;
}

static int stake_open(struct ctx *ctx, struct sol_rpc *r, struct stake_state *s, const char *who)
{
	memset(s, 0, sizeof *s);
	int rc = opts_load_conf(ctx);
	if (rc || (rc = resolve_owner(ctx, s->owner, who)))
		return rc;
	return open_rpc(ctx, r);
}

static int stake_list(int argc, char **argv, struct ctx *ctx)
{
	char *pos[1];
	int npos, rc;
	if ((rc = opts_parse(ctx, "stake list", argc - 1, argv + 1, no_opts, dc_opt, NULL, pos, &npos, 1)))
		return rc;
	struct sol_rpc r;
	struct stake_state s;
	if ((rc = stake_open(ctx, &r, &s, npos ? pos[0] : NULL)))
		return rc;
	if ((rc = stake_load(ctx, &r, &s)))
		goto out;
	cJSON *doc = ctx->json ? cJSON_CreateObject() : NULL, *arr = NULL;
	char addr[64];
	b58(addr, s.owner);
	if (doc) {
		cJSON_AddStringToObject(doc, "address", addr);
		arr = cJSON_AddArrayToObject(doc, "positions");
	}
	struct table t;
	static const char *const head[] = {"POSITION", "LOCKUP", "HNT", "START", "END", "VEHNT", "DELEGATED", "PENDING HNT",
					   "EPOCHS"};
	table_init(&t, 9, head);
	for (size_t i = 0; i < s.npos; i++) {
		struct pos *ps = &s.pos[i];
		char mint[64], amt[AMOUNT_FMT_MAX], ve[AMOUNT_FMT_MAX], pend[AMOUNT_FMT_MAX], burnt[AMOUNT_FMT_MAX];
		char st[32], en[32], ne[32], pkey[64];
		b58(mint, ps->p.mint);
		b58(pkey, ps->key);
		fmt_units(amt, sizeof amt, ps->p.amount, HNT_DECIMALS_SHOWN);
		fmt_u128(ve, sizeof ve, ps->power, HNT_DECIMALS_SHOWN);
		fmt_units(pend, sizeof pend, ps->pending, HNT_DECIMALS_SHOWN);
		fmt_units(burnt, sizeof burnt, ps->burnt, HNT_DECIMALS_SHOWN);
		fmt_date(st, sizeof st, ps->p.lockup.start_ts);
		if (ps->p.lockup.kind == VEHNT_CONSTANT)
			snprintf(en, sizeof en, "%" PRId64 "d", (ps->p.lockup.end_ts - ps->p.lockup.start_ts) / 86400);
		else
			fmt_date(en, sizeof en, ps->p.lockup.end_ts);
		snprintf(ne, sizeof ne, "%zu", ps->nepochs);
		const char *sub = ps->delegated ? sub_dao_name(ps->d.sub_dao) : "-";
		if (doc) {
			cJSON *o = cJSON_CreateObject();
			cJSON_AddStringToObject(o, "mint", mint);
			cJSON_AddStringToObject(o, "position", pkey);
			cJSON_AddStringToObject(o, "lockup", vehnt_kind_name(ps->p.lockup.kind));
			cJSON_AddNumberToObject(o, "start_ts", (double)ps->p.lockup.start_ts);
			cJSON_AddNumberToObject(o, "end_ts", (double)ps->p.lockup.end_ts);
			cJSON_AddStringToObject(o, "hnt", amt);
			cJSON_AddStringToObject(o, "vehnt", ve);
			cJSON_AddStringToObject(o, "delegated", sub);
			if (ps->delegated) {
				char sd[64];
				b58(sd, ps->d.sub_dao);
				cJSON_AddStringToObject(o, "sub_dao", sd);
				cJSON_AddNumberToObject(o, "expiration_ts", (double)ps->d.expiration_ts);
			}
			cJSON_AddStringToObject(o, "pending_hnt", pend);
			cJSON_AddStringToObject(o, "burnt_hnt", burnt);
			cJSON *ep = cJSON_AddArrayToObject(o, "unclaimed_epochs");
			for (size_t k = 0; k < ps->nepochs; k++)
				cJSON_AddItemToArray(ep, cJSON_CreateNumber((double)ps->epochs[k]));
			cJSON_AddItemToArray(arr, o);
		} else {
			const char *row[] = {mint, vehnt_kind_name(ps->p.lockup.kind), amt, st, en, ve, sub, pend, ne};
			table_add(&t, row);
		}
	}
	if (doc) {
		output_json(ctx, doc);
	} else if (!s.npos) {
		printf("%s: no veHNT positions\n", addr);
	} else {
		table_print(&t, stdout);
	}
	table_release(&t);
out:
	stake_release(&s);
	sol_rpc_close(&r);
	return rc;
}

static int stake_create(int argc, char **argv, struct ctx *ctx)
{
	static const struct opt o_create[] = {
		{"amount", 0, 1, O_AMOUNT}, {"days", 0, 1, O_DAYS}, {"kind", 0, 1, O_KIND}, {0, 0, 0, 0}};
	struct dc_opts o = {0};
	char *pos[1];
	int npos, rc;
	if ((rc = opts_parse(ctx, "stake create", argc - 1, argv + 1, o_create, dc_opt, &o, pos, &npos, 0)))
		return rc;
	if (!o.amount || !o.days)
		return error_set(&ctx->err, ERR_USAGE, "usage: depinctl stake --network helium create --amount HNT --days N "
						       "[--kind cliff|constant]");
	enum vehnt_kind kind = !o.kind || !strcmp(o.kind, "cliff") ? VEHNT_CLIFF
			       : !strcmp(o.kind, "constant")     ? VEHNT_CONSTANT
								 : VEHNT_NONE;
	if (kind == VEHNT_NONE)
		return error_set(&ctx->err, ERR_USAGE, "--kind '%s': cliff or constant", o.kind);
	unsigned days = 0;
	if (opts_u32(&days, "--days", o.days, &ctx->err) || !days || days > VEHNT_MAX_LOCKUP_DAYS)
		return error_set(&ctx->err, ERR_USAGE, "--days '%s': 1 to %d days", o.days, VEHNT_MAX_LOCKUP_DAYS);
	uint64_t amount = 0;
	int is_max = 0;
	if (amount_parse_u64(&amount, &is_max, o.amount, HNT_DECIMALS_SHOWN, &ctx->err) || is_max || !amount)
		return error_set(&ctx->err, ERR_USAGE, "--amount '%s' is not an amount of HNT above 0", o.amount);
	struct sol_rpc r;
	struct stake_state s;
	struct plan p;
	memset(&p, 0, sizeof p);
	cJSON *doc = NULL;
	if ((rc = stake_open(ctx, &r, &s, NULL)))
		return rc;
	if ((rc = stake_base(ctx, &r, &s)))
		goto out;
	/* the owner's HNT */
	uint8_t src[32];
	struct sol_rpc_account a[1];
	uint64_t have = 0;
	if ((rc = sol_pda_ata(src, s.owner, s.dao.hnt_mint, sol_program_id_token, &ctx->err)) ||
	    (rc = fetch(ctx, &r, a, (const uint8_t (*)[32])&src, 1)))
		goto out;
	if (a[0].exists && a[0].data)
		rc = dc_token_account(&have, NULL, NULL, NULL, a[0].data, a[0].data_len, &ctx->err);
	sol_rpc_accounts_release(a, 1);
	char s_amt[AMOUNT_FMT_MAX], s_have[AMOUNT_FMT_MAX], s_ve[AMOUNT_FMT_MAX], s_mint[64];
	fmt_units(s_amt, sizeof s_amt, amount, HNT_DECIMALS_SHOWN);
	fmt_units(s_have, sizeof s_have, have, HNT_DECIMALS_SHOWN);
	if (!rc && have < amount)
		rc = error_set(&ctx->err, ERR_FAIL, "not enough HNT: %s HNT to lock, the wallet holds %s", s_amt, s_have);
	if (rc)
		goto out;
	/* a fresh position NFT mint, signing too */
	uint8_t mint[32], sk[64];
	randombytes_buf(p.cosigner, 32);
	crypto_sign_seed_keypair(mint, sk, p.cosigner);
	sodium_memzero(sk, sizeof sk);
	p.has_cosigner = true;
	b58(s_mint, mint);
	/* the veHNT it will have */
	struct vehnt_position np;
	memset(&np, 0, sizeof np);
	int64_t clock = vehnt_clock(&s.reg, s.now);
	np.lockup.kind = kind;
	np.lockup.start_ts = clock;
	np.lockup.end_ts = clock + (int64_t)days * 86400;
	np.amount = amount;
	vehnt_u128 ve = 0;
	(void)!vehnt_power(&ve, &np, &s.reg, clock, &ctx->err);
	fmt_u128(s_ve, sizeof s_ve, ve, HNT_DECIMALS_SHOWN);
	if (ctx->json) {
		doc = cJSON_CreateObject();
		cJSON_AddStringToObject(doc, "mint", s_mint);
		cJSON_AddStringToObject(doc, "hnt", s_amt);
		cJSON_AddStringToObject(doc, "lockup", vehnt_kind_name(kind));
		cJSON_AddNumberToObject(doc, "days", days);
		cJSON_AddStringToObject(doc, "vehnt", s_ve);
	} else if (!ctx->quiet) {
		printf("lock %s HNT, %s, %u days -> about %s veHNT (position NFT %s)\n", s_amt, vehnt_kind_name(kind), days,
		       s_ve, s_mint);
	}
	struct vehnt_ctx c = {.owner = s.owner, .registrar_key = s.dao.registrar, .registrar = &s.reg,
			      .dao_key = s.dao_key, .dao = &s.dao, .now = s.now};
	if ((rc = vehnt_build_create(p.ix, &c, mint, kind, days, amount, &ctx->err)))
		goto out;
	p.nix = 2;
	snprintf(p.purpose, sizeof p.purpose, "stake");
	snprintf(p.to, sizeof p.to, "%s", s_mint);
	snprintf(p.amount, sizeof p.amount, "%.79s", s_amt);
	snprintf(p.token, sizeof p.token, "HNT");
	char q[600];
	snprintf(q, sizeof q, "Lock %s HNT for %u days (%s)?", s_amt, days, vehnt_kind_name(kind));
	rc = run_plans(ctx, &r, s.owner, &p, 1, doc, q);
out:
	plans_release(&p, 1);
	if (!rc && doc) {
		output_json(ctx, doc);
		doc = NULL;
	}
	cJSON_Delete(doc);
	stake_release(&s);
	sol_rpc_close(&r);
	return rc;
}

/* The position named by its NFT mint or its address. */
static struct pos *find_pos(struct ctx *ctx, struct stake_state *s, const char *name)
{
	uint8_t k[32];
	if (address_solana_parse(k, name, &ctx->err)) {
		error_set(&ctx->err, ERR_USAGE, "'%s' is not a position (its NFT mint or address)", name);
		return NULL;
	}
	for (size_t i = 0; i < s->npos; i++)
		if (!memcmp(s->pos[i].p.mint, k, 32) || !memcmp(s->pos[i].key, k, 32))
			return &s->pos[i];
	error_set(&ctx->err, ERR_NOTFOUND, "position '%s' is not held by the wallet", name);
	return NULL;
}

static int stake_delegate(int argc, char **argv, struct ctx *ctx)
{
	struct dc_opts o = {0};
	char *pos[1];
	int npos, rc;
	if ((rc = opts_parse(ctx, "stake delegate", argc - 1, argv + 1, delegate_opts, dc_opt, &o, pos, &npos, 1)))
		return rc;
	if (npos != 1 || !o.subnet)
		return error_set(&ctx->err, ERR_USAGE,
				 "usage: depinctl stake --network helium delegate POSITION --subnetwork iot|mobile");
	uint8_t dnt[32], sub_dao[32];
	if ((rc = dc_subnetwork_mint(dnt, o.subnet, &ctx->err)) || (rc = dc_sub_dao_key(sub_dao, dnt, &ctx->err)))
		return rc;
	struct sol_rpc r;
	struct stake_state s;
	struct plan p;
	memset(&p, 0, sizeof p);
	cJSON *doc = NULL;
	if ((rc = stake_open(ctx, &r, &s, NULL)))
		return rc;
	struct pos *ps;
	if ((rc = stake_load(ctx, &r, &s)))
		goto out;
	if (!(ps = find_pos(ctx, &s, pos[0]))) {
		rc = ctx->err.code;
		goto out;
	}
	if (ps->delegated) {
		rc = error_set(&ctx->err, ERR_REFUSED, "position '%s' is already delegated to %s: undelegate it first", pos[0],
			       sub_dao_name(ps->d.sub_dao));
		goto out;
	}
	struct sol_rpc_account a[1];
	struct vehnt_proxy_config proxy;
	if ((rc = fetch(ctx, &r, a, (const uint8_t (*)[32])&s.reg.proxy_config, 1)))
		goto out;
	if (!(rc = need(ctx, &a[0], s.reg.proxy_config, "proxy config")))
		rc = vehnt_proxy_config_parse(&proxy, a[0].data, a[0].data_len, &ctx->err);
	sol_rpc_accounts_release(a, 1);
	if (rc)
		goto out;
	struct vehnt_ctx c = {.owner = s.owner, .registrar_key = s.dao.registrar, .registrar = &s.reg,
			      .dao_key = s.dao_key, .dao = &s.dao, .now = s.now};
	sol_instruction_init(&p.ix[0], s.owner);
	p.nix = 1;
	if ((rc = vehnt_build_delegate(&p.ix[0], &c, &ps->p, sub_dao, &proxy, &ctx->err)))
		goto out;
	char mint[64], ve[AMOUNT_FMT_MAX];
	b58(mint, ps->p.mint);
	fmt_u128(ve, sizeof ve, ps->power, HNT_DECIMALS_SHOWN);
	if (ctx->json) {
		doc = cJSON_CreateObject();
		cJSON_AddStringToObject(doc, "mint", mint);
		cJSON_AddStringToObject(doc, "subnetwork", o.subnet);
		cJSON_AddStringToObject(doc, "vehnt", ve);
	} else if (!ctx->quiet) {
		printf("delegate position %s (%s veHNT) to %s\n", mint, ve, o.subnet);
	}
	snprintf(p.purpose, sizeof p.purpose, "stake");
	snprintf(p.to, sizeof p.to, "%s", o.subnet);
	snprintf(p.token, sizeof p.token, "veHNT");
	snprintf(p.amount, sizeof p.amount, "%.79s", ve);
	char q[600];
	snprintf(q, sizeof q, "Delegate the position to %s?", o.subnet);
	rc = run_plans(ctx, &r, s.owner, &p, 1, doc, q);
out:
	plans_release(&p, 1);
	if (!rc && doc) {
		output_json(ctx, doc);
		doc = NULL;
	}
	cJSON_Delete(doc);
	stake_release(&s);
	sol_rpc_close(&r);
	return rc;
}

static int stake_undelegate(int argc, char **argv, struct ctx *ctx)
{
	char *pos[1];
	int npos, rc;
	if ((rc = opts_parse(ctx, "stake undelegate", argc - 1, argv + 1, no_opts, dc_opt, NULL, pos, &npos, 1)))
		return rc;
	if (npos != 1)
		return error_set(&ctx->err, ERR_USAGE, "usage: depinctl stake --network helium undelegate POSITION");
	struct sol_rpc r;
	struct stake_state s;
	struct plan p;
	memset(&p, 0, sizeof p);
	cJSON *doc = NULL;
	if ((rc = stake_open(ctx, &r, &s, NULL)))
		return rc;
	struct pos *ps;
	if ((rc = stake_load(ctx, &r, &s)))
		goto out;
	if (!(ps = find_pos(ctx, &s, pos[0]))) {
		rc = ctx->err.code;
		goto out;
	}
	if (!ps->delegated) {
		rc = error_set(&ctx->err, ERR_USAGE, "position '%s' is not delegated", pos[0]);
		goto out;
	}
	struct vehnt_ctx c = {.owner = s.owner, .registrar_key = s.dao.registrar, .registrar = &s.reg,
			      .dao_key = s.dao_key, .dao = &s.dao, .now = s.now};
	sol_instruction_init(&p.ix[0], s.owner);
	p.nix = 1;
	if ((rc = vehnt_build_undelegate(&p.ix[0], &c, &ps->p, &ps->d, &ctx->err)))
		goto out;
	char mint[64];
	b58(mint, ps->p.mint);
	if (ctx->json) {
		doc = cJSON_CreateObject();
		cJSON_AddStringToObject(doc, "mint", mint);
		cJSON_AddStringToObject(doc, "from", sub_dao_name(ps->d.sub_dao));
	} else if (!ctx->quiet) {
		printf("undelegate position %s from %s\n", mint, sub_dao_name(ps->d.sub_dao));
	}
	snprintf(p.purpose, sizeof p.purpose, "stake");
	snprintf(p.to, sizeof p.to, "%s", mint);
	char q[600];
	snprintf(q, sizeof q, "Undelegate the position from %s?", sub_dao_name(ps->d.sub_dao));
	rc = run_plans(ctx, &r, s.owner, &p, 1, doc, q);
out:
	plans_release(&p, 1);
	if (!rc && doc) {
		output_json(ctx, doc);
		doc = NULL;
	}
	cJSON_Delete(doc);
	stake_release(&s);
	sol_rpc_close(&r);
	return rc;
}

static int stake_claim(int argc, char **argv, struct ctx *ctx)
{
	char *pos[MAX_POSITIONS];
	int npos, rc;
	if ((rc = opts_parse(ctx, "stake claim", argc - 1, argv + 1, no_opts, dc_opt, NULL, pos, &npos, MAX_POSITIONS)))
		return rc;
	struct sol_rpc r;
	struct stake_state s;
	struct plan *p = NULL;
	size_t np = 0, cap = 0;
	cJSON *doc = NULL;
	uint64_t total = 0;
	if ((rc = stake_open(ctx, &r, &s, NULL)))
		return rc;
	if ((rc = stake_load(ctx, &r, &s)))
		goto out;
	bool *want = calloc(s.npos + 1, sizeof *want);
	if (!want) {
		rc = error_set(&ctx->err, ERR_FAIL, "out of memory");
		goto out;
	}
	for (int i = 0; i < npos; i++) {
		struct pos *ps = find_pos(ctx, &s, pos[i]);
		if (!ps) {
			free(want);
			rc = ctx->err.code;
			goto out;
		}
		want[ps - s.pos] = true;
	}
	struct vehnt_ctx c = {.owner = s.owner, .registrar_key = s.dao.registrar, .registrar = &s.reg,
			      .dao_key = s.dao_key, .dao = &s.dao, .now = s.now};
	if (ctx->json)
		doc = cJSON_CreateObject();
	cJSON *arr = doc ? cJSON_AddArrayToObject(doc, "positions") : NULL;
	for (size_t i = 0; i < s.npos && !rc; i++) {
		struct pos *ps = &s.pos[i];
		if ((npos && !want[i]) || !ps->delegated)
			continue;
		char mint[64], pend[AMOUNT_FMT_MAX];
		b58(mint, ps->p.mint);
		fmt_units(pend, sizeof pend, ps->pending, HNT_DECIMALS_SHOWN);
		size_t nready = 0;
		for (size_t k = 0; k < ps->nepochs; k++)
			nready += ps->ready[k];
		if (arr) {
			cJSON *o = cJSON_CreateObject();
			cJSON_AddStringToObject(o, "mint", mint);
			cJSON_AddStringToObject(o, "pending_hnt", pend);
			cJSON *ep = cJSON_AddArrayToObject(o, "epochs");
			for (size_t k = 0; k < ps->nepochs; k++)
				if (ps->ready[k])
					cJSON_AddItemToArray(ep, cJSON_CreateNumber((double)ps->epochs[k]));
			cJSON_AddItemToArray(arr, o);
		} else if (!ctx->quiet) {
			printf("position %s: %zu epoch%s to claim, %s HNT\n", mint, nready, nready == 1 ? "" : "s", pend);
		}
		total += ps->pending;
		for (size_t k = 0; k < ps->nepochs && !rc;) {
			if (!ps->ready[k]) {
				k++;
				continue;
			}
			if (np == cap) {
				size_t nc = cap ? cap * 2 : 8;
				struct plan *q = realloc(p, nc * sizeof *p);
				if (!q) {
					rc = error_set(&ctx->err, ERR_FAIL, "out of memory");
					break;
				}
				p = q;
				cap = nc;
			}
			struct plan *pl = &p[np++];
			memset(pl, 0, sizeof *pl);
			uint64_t first = ps->epochs[k], last = first;
			while (k < ps->nepochs && pl->nix < CLAIMS_PER_TX && !rc) {
				if (ps->ready[k]) {
					sol_instruction_init(&pl->ix[pl->nix], s.owner);
					rc = vehnt_build_claim(&pl->ix[pl->nix], &c, &ps->p, &ps->d, ps->epochs[k], &ctx->err);
					if (!rc)
						pl->nix++;
					last = ps->epochs[k];
				}
				k++;
			}
			snprintf(pl->purpose, sizeof pl->purpose, "stake-claim");
			snprintf(pl->to, sizeof pl->to, "%s", mint);
			snprintf(pl->token, sizeof pl->token, "HNT");
			snprintf(pl->batch_key, sizeof pl->batch_key, "vehnt:%s:%" PRIu64 "-%" PRIu64, mint, first, last);
		}
	}
	free(want);
	if (rc)
		goto out;
	char s_total[AMOUNT_FMT_MAX];
	fmt_units(s_total, sizeof s_total, total, HNT_DECIMALS_SHOWN);
	if (doc)
		cJSON_AddStringToObject(doc, "pending_hnt", s_total);
	if (!np) {
		if (!ctx->json && !ctx->quiet)
			printf("nothing to claim\n");
		if (doc)
			cJSON_AddItemToObject(doc, "transactions", cJSON_CreateArray());
		goto out;
	}
	char q[600];
	snprintf(q, sizeof q, "Claim %s HNT of delegation rewards (%zu transaction%s)?", s_total, np, np == 1 ? "" : "s");
	rc = run_plans(ctx, &r, s.owner, p, np, doc, q);
out:
	plans_release(p, np);
	free(p);
	if (!rc && doc) {
		output_json(ctx, doc);
		doc = NULL;
	}
	cJSON_Delete(doc);
	stake_release(&s);
	sol_rpc_close(&r);
	return rc;
}

const struct net_verb helium_stake_verbs[] = {
	{"list", stake_list, "list [NAME|ADDRESS]   veHNT positions: lockup, HNT, veHNT, delegation, pending rewards"},
	{"create", stake_create, "create --amount HNT --days N [--kind cliff|constant]   lock HNT in a new position"},
	{"delegate", stake_delegate, "delegate POSITION --subnetwork iot|mobile   delegate a position's veHNT"},
	{"undelegate", stake_undelegate, "undelegate POSITION   close a delegation (claim its rewards first)"},
	{"claim", stake_claim, "claim [POSITION...]   claim the delegation rewards of every unclaimed epoch"},
	{NULL, NULL, NULL},
};
