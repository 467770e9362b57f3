/* depinctl balance / send / tx: the wallet commands over a chain family's
 * client (chains/chain.h) and the journal. */
#include "config.h"
#include "commands.h"
#include "file.h"
#include "journal.h"
#include "opts.h"
#include "output.h"
#include "prompt.h"
#include "chains/chain.h"
#include "chains/evm/tokens.h"
#include "wallet/address.h"
#include "wallet/key.h"
#include "wallet/keystore.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sodium.h>

#define BATCH_MAX 100000

/* The network a wallet command runs on: --network, else the config's default. */
static int pick_network(const struct conf_network **net, const char **name, struct ctx *ctx)
{
	int rc = opts_load_conf(ctx);
	if (rc)
		return rc;
	*name = ctx->network ? ctx->network : ctx->conf.network[0] ? ctx->conf.network : NULL;
	if (!*name)
		return error_set(&ctx->err, ERR_USAGE, "no network: pass --network NAME or set network in the config");
	*net = conf_network(&ctx->conf, *name);
	if (!*net)
		return conf_network_check(&ctx->conf, *name, &ctx->err);
	return 0;
}

static const struct chain_ops *ops_for(const struct conf_network *net)
{
	return net->family == CONF_SOLANA ? &solana_chain_ops : &evm_chain_ops;
}

/* Options every wallet command shares. */
struct wallet_opts {
	const char *token;
	const char *batch;
	const char *priority;
	const char *commitment;
	unsigned confirmations;
	int sign_only;
	long timeout_s;
};

enum { O_TOKEN = 1, O_BATCH, O_SIGN_ONLY, O_PRIORITY, O_COMMITMENT, O_CONFIRMATIONS, O_TIMEOUT };

static const struct opt send_opts[] = {
	{"token", 0, 1, O_TOKEN}, {"batch", 0, 1, O_BATCH}, {"sign-only", 0, 0, O_SIGN_ONLY},
	{"priority-fee", 0, 1, O_PRIORITY}, {"commitment", 0, 1, O_COMMITMENT},
	{"confirmations", 0, 1, O_CONFIRMATIONS}, {"timeout", 0, 1, O_TIMEOUT}, {0, 0, 0, 0},
};
static const struct opt status_opts[] = {
	{"commitment", 0, 1, O_COMMITMENT}, {"confirmations", 0, 1, O_CONFIRMATIONS}, {"timeout", 0, 1, O_TIMEOUT},
	{0, 0, 0, 0},
};

static int wallet_opt(void *user, int id, const char *v, struct error *e)
{
	struct wallet_opts *o = user;
	unsigned n;
	switch (id) {
	case O_TOKEN: o->token = v; break;
	case O_BATCH: o->batch = v; break;
	case O_SIGN_ONLY: o->sign_only = 1; break;
	case O_PRIORITY: o->priority = v; break;
	case O_COMMITMENT:
		if (strcmp(v, "confirmed") && strcmp(v, "finalized"))
			return error_set(e, ERR_USAGE, "--commitment must be confirmed or finalized, not '%s'", v);
		o->commitment = v;
		break;
	case O_CONFIRMATIONS:
		if (opts_u32(&n, "--confirmations", v, e))
			return ERR_USAGE;
		o->confirmations = n;
		break;
	case O_TIMEOUT:
		if (opts_u32(&n, "--timeout", v, e) || n == 0)
			return error_set(e, ERR_USAGE, "--timeout must be a positive number of seconds, not '%s'", v);
		o->timeout_s = n;
		break;
	}
	return 0;
}

/* --priority-fee MIN or MIN:MAX (micro-lamports per compute unit). */
static int parse_priority(struct chain_options *co, const char *v, struct error *e)
{
	char *end;
	errno = 0;
	unsigned long long lo = strtoull(v, &end, 10), hi = 0;
	if (errno || end == v || *v == '-')
		goto bad;
	if (*end == ':') {
		const char *h = end + 1;
		hi = strtoull(h, &end, 10);
		if (errno || end == h || *h == '-' || hi < lo)
			goto bad;
	}
	if (*end)
		goto bad;
	co->priority_min = lo;
	co->priority_max = hi;
	return 0;
bad:
	return error_set(e, ERR_USAGE, "--priority-fee takes MIN or MIN:MAX micro-lamports per compute unit, not '%s'", v);
}

static int open_chain(struct chain **c, const struct chain_ops **ops, struct journal **j, struct ctx *ctx,
		      const struct wallet_opts *wo, const struct conf_network *net, const char *netname)
{
	int rc;
	if (wo->priority && net->family != CONF_SOLANA)
		return error_set(&ctx->err, ERR_USAGE, "--priority-fee is for Solana networks; EVM fees come from eth_feeHistory");
	struct chain_options co = {
		.network = netname, .net = net, .rpc = ctx->rpc, .insecure = ctx->insecure, .verbose = ctx->verbose,
		.confirm_timeout_s = wo->timeout_s, .commitment = wo->commitment, .confirmations = wo->confirmations,
	};
	if (wo->priority && (rc = parse_priority(&co, wo->priority, &ctx->err)))
		return rc;
	if ((rc = journal_open(j, ctx->home, &ctx->err)))
		return rc;
	*ops = ops_for(net);
	if ((rc = (*ops)->open(c, &co, *j, &ctx->err))) {
		journal_close(*j);
		*j = NULL;
	}
	return rc;
}

/* Tells about transactions a previous run signed but did not see confirmed. */
static int count_open(void *user, const struct journal_tx *t)
{
	(void)t;
	(*(int *)user)++;
	return 0;
}

static void report_open(struct ctx *ctx, struct journal *j)
{
	int n = 0;
	struct error ignore;
	if (journal_each(j, 1, 0, count_open, &n, &ignore) == 0 && n)
		output_warn(ctx, "%d transaction%s signed earlier not known to be confirmed: depinctl tx list, tx status ID, tx resend ID",
			    n, n == 1 ? "" : "s");
}

static const char *key_name(struct ctx *ctx)
{
	return ctx->key ? ctx->key : ctx->conf.key[0] ? ctx->conf.key : NULL;
}

int cmd_balance(int argc, char **argv, struct ctx *ctx)
{
	struct wallet_opts wo = {0};
	char *pos[2];
	int npos, rc;
	if ((rc = opts_parse(ctx, "balance", argc - 1, argv + 1, status_opts, wallet_opt, &wo, pos, &npos, 1)))
		return rc;
	const struct conf_network *net;
	const char *netname;
	if ((rc = pick_network(&net, &netname, ctx)))
		return rc;
	int solana = net->family == CONF_SOLANA;
	char addr[100] = "";
	const char *who = npos ? pos[0] : key_name(ctx);
	if (!who)
		return error_set(&ctx->err, ERR_USAGE, "whose balance? give a key name or an address, or --key NAME");
	/* A key name, else an address of this chain. */
	struct key_info info;
	struct error probe = {0, ""};
	if (keystore_name_check(who, NULL) == 0 && keystore_info(&info, ctx->home, who, &probe) != ERR_NOTFOUND) {
		if ((rc = key_account(ctx, who, solana, addr, NULL)))
			return rc;
	} else {
		uint8_t raw[32];
		if (solana ? address_solana_parse(raw, who, &ctx->err) : address_evm_parse(raw, who, &ctx->err))
			return error_set(&ctx->err, ERR_USAGE, "'%s' is neither a key name nor a %s address", who,
					 solana ? "Solana" : "EVM");
		snprintf(addr, sizeof addr, "%s", who);
	}
	struct chain *c;
	const struct chain_ops *ops;
	struct journal *j;
	if ((rc = open_chain(&c, &ops, &j, ctx, &wo, net, netname)))
		return rc;
	struct chain_balance *b = NULL;
	size_t n = 0;
	if ((rc = ops->balances(c, addr, &b, &n, &ctx->err)))
		goto out;
	if (ctx->json) {
		cJSON *doc = cJSON_CreateObject(), *arr;
		cJSON_AddStringToObject(doc, "network", netname);
		cJSON_AddStringToObject(doc, "address", addr);
		arr = cJSON_AddArrayToObject(doc, "balances");
		for (size_t i = 0; i < n; i++) {
			cJSON *o = cJSON_CreateObject();
			cJSON_AddStringToObject(o, "token", b[i].token);
			if (b[i].id[0])
				cJSON_AddStringToObject(o, "id", b[i].id);
			else
				cJSON_AddNullToObject(o, "id");
			cJSON_AddStringToObject(o, "amount", b[i].amount);
			cJSON_AddNumberToObject(o, "decimals", b[i].decimals);
			cJSON_AddItemToArray(arr, o);
		}
		output_json(ctx, doc);
	} else {
		if (!ctx->quiet)
			printf("%s on %s\n", addr, netname);
		static const char *const head[] = {"TOKEN", "AMOUNT", "MINT / CONTRACT"};
		struct table t;
		table_init(&t, 3, head);
		for (size_t i = 0; i < n; i++) {
			const char *row[] = {b[i].token[0] ? b[i].token : "?", b[i].amount, b[i].id[0] ? b[i].id : "-"};
			table_add(&t, row);
		}
		table_print(&t, stdout);
		table_release(&t);
	}
	free(b);
	report_open(ctx, j);
out:
	ops->close(c);
	journal_close(j);
	return rc;
}

/* One batch line: TO,AMOUNT[,TOKEN]. Blank lines and # comments are skipped. */
static int parse_batch(struct chain_transfer **out, size_t *n, struct ctx *ctx, const char *path, const char *from_key,
		       const char *netname)
{
	char *text;
	int rc = file_read(&text, NULL, strcmp(path, "-") == 0 ? "/dev/stdin" : path, 64 << 20, &ctx->err);
	if (rc)
		return rc;
	size_t cap = 0;
	*out = NULL;
	*n = 0;
	int line = 0;
	for (char *save, *l = strtok_r(text, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
		line++;
		size_t len = strlen(l);
		while (len && (l[len - 1] == '\r' || l[len - 1] == ' ' || l[len - 1] == '\t'))
			l[--len] = '\0';
		while (*l == ' ' || *l == '\t')
			l++;
		if (!*l || *l == '#')
			continue;
		if (*n == BATCH_MAX) {
			rc = error_set(&ctx->err, ERR_USAGE, "batch '%s' has more than %d transfers", path, BATCH_MAX);
			break;
		}
		if (*n == cap) {
			cap = cap ? 2 * cap : 64;
			struct chain_transfer *nt = realloc(*out, cap * sizeof **out);
			if (!nt) {
				rc = error_set(&ctx->err, ERR_FAIL, "out of memory");
				break;
			}
			*out = nt;
		}
		struct chain_transfer *t = &(*out)[*n];
		memset(t, 0, sizeof *t);
		char *f[4] = {0};
		int nf = 0;
		char *fs;
		for (char *x = strtok_r(l, ",", &fs); x && nf < 4; x = strtok_r(NULL, ",", &fs)) {
			while (*x == ' ')
				x++;
			size_t xl = strlen(x);
			while (xl && x[xl - 1] == ' ')
				x[--xl] = '\0';
			f[nf++] = x;
		}
		if (nf < 2 || nf > 3 || strlen(f[0]) >= sizeof t->to || strlen(f[1]) >= sizeof t->amount ||
		    (nf == 3 && strlen(f[2]) >= sizeof t->token)) {
			rc = error_set(&ctx->err, ERR_USAGE, "batch '%s' line %d: expected TO,AMOUNT[,TOKEN]", path, line);
			break;
		}
		snprintf(t->to, sizeof t->to, "%s", f[0]);
		snprintf(t->amount, sizeof t->amount, "%s", f[1]);
		snprintf(t->token, sizeof t->token, "%s", nf == 3 ? f[2] : "");
		/* Stable across reruns of the same file: the network, the paying key
		 * and account, the line's place and content. */
		unsigned char h[32];
		char keysrc[512], hex[65];
		snprintf(keysrc, sizeof keysrc, "%s\n%s#%u\n%d\n%s\n%s\n%s", netname, from_key, ctx->account, line, t->to,
			 t->amount, t->token);
		crypto_hash_sha256(h, (const unsigned char *)keysrc, strlen(keysrc));
		for (int i = 0; i < 16; i++)
			snprintf(hex + 2 * i, 3, "%02x", h[i]);
		snprintf(t->batch_key, sizeof t->batch_key, "batch:%s", hex);
		(*n)++;
	}
	free(text);
	if (!rc && *n == 0)
		rc = error_set(&ctx->err, ERR_USAGE, "batch '%s' holds no transfer", path);
	if (rc) {
		free(*out);
		*out = NULL;
	}
	return rc;
}

static void print_summary(struct ctx *ctx, const struct chain_transfer *t, size_t n, const char *netname)
{
	FILE *o = stderr;
	if (n == 1) {
		fprintf(o, "network  %s\nfrom     %s\nto       %s\namount   %s %s%s%s%s\nfee      ~%s %s\n", netname, t->from,
			t->to, t->amount_exact, t->token_name, t->token_id[0] ? " (" : "", t->token_id, t->token_id[0] ? ")" : "",
			t->fee, t->fee_token);
		if (t->notes[0])
			fprintf(o, "note     %s\n", t->notes);
		return;
	}
	fprintf(o, "network  %s\nfrom     %s\n%zu transfers:\n", netname, t->from, n);
	for (size_t i = 0; i < n && i < 20; i++)
		fprintf(o, "  %s %s -> %s%s%s\n", t[i].amount_exact, t[i].token_name, t[i].to, t[i].notes[0] ? "  " : "",
			t[i].notes);
	if (n > 20)
		fprintf(o, "  ... and %zu more\n", n - 20);
	(void)ctx;
}

static void print_results(struct ctx *ctx, const struct chain_transfer *t, size_t n, const char *netname, int sign_only)
{
	if (ctx->json) {
		cJSON *doc = cJSON_CreateObject(), *arr;
		cJSON_AddStringToObject(doc, "network", netname);
		if (n)
			cJSON_AddStringToObject(doc, "from", t[0].from);
		arr = cJSON_AddArrayToObject(doc, "transfers");
		for (size_t i = 0; i < n; i++) {
			cJSON *o = cJSON_CreateObject();
			cJSON_AddStringToObject(o, "to", t[i].to);
			cJSON_AddStringToObject(o, "amount", t[i].amount_exact);
			cJSON_AddStringToObject(o, "token", t[i].token_name);
			if (t[i].token_id[0])
				cJSON_AddStringToObject(o, "token_id", t[i].token_id);
			cJSON_AddStringToObject(o, "fee", t[i].fee);
			if (t[i].notes[0])
				cJSON_AddStringToObject(o, "notes", t[i].notes);
			if (sign_only) {
				cJSON_AddStringToObject(o, "signed", t[i].signed_b64 ? t[i].signed_b64 : "");
			} else if (ctx->dry_run) {
				cJSON_AddStringToObject(o, "status", t[i].error[0] ? "would fail" : "simulated");
			} else {
				cJSON_AddStringToObject(o, "status", journal_status_name(t[i].status));
				cJSON_AddBoolToObject(o, "skipped", t[i].skipped);
			}
			if (t[i].txid[0])
				cJSON_AddStringToObject(o, "txid", t[i].txid);
			if (t[i].error[0])
				cJSON_AddStringToObject(o, "error", t[i].error);
			cJSON_AddItemToArray(arr, o);
		}
		output_json(ctx, doc);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		if (sign_only) {
			puts(t[i].signed_b64 ? t[i].signed_b64 : "");
		} else if (ctx->dry_run) {
			printf("%s %s -> %s: %s%s\n", t[i].amount_exact, t[i].token_name, t[i].to,
			       t[i].error[0] ? "would fail: " : "simulated ok", t[i].error);
		} else {
			printf("%s  %-9s %s %s -> %s%s%s%s\n", t[i].txid[0] ? t[i].txid : "-", journal_status_name(t[i].status),
			       t[i].amount_exact, t[i].token_name, t[i].to, t[i].skipped ? " (already sent)" : "",
			       t[i].error[0] ? ": " : "", t[i].error);
		}
	}
}

int cmd_send(int argc, char **argv, struct ctx *ctx)
{
	struct wallet_opts wo = {0};
	char *pos[3];
	int npos, rc;
	if ((rc = opts_parse(ctx, "send", argc - 1, argv + 1, send_opts, wallet_opt, &wo, pos, &npos, 2)))
		return rc;
	if (wo.batch ? npos != 0 || wo.token : npos != 2)
		return error_set(&ctx->err, ERR_USAGE, "usage: depinctl send TO AMOUNT [--token TOKEN] | depinctl send --batch FILE");
	if (wo.sign_only && ctx->dry_run)
		return error_set(&ctx->err, ERR_USAGE, "--sign-only and --dry-run exclude each other");
	if ((rc = opts_load_conf(ctx)))
		return rc;
	const char *name = key_name(ctx);
	if (!name)
		return error_set(&ctx->err, ERR_USAGE, "which key pays? pass --key NAME or set key in the config");
	const struct conf_network *net;
	const char *netname;
	if ((rc = pick_network(&net, &netname, ctx)))
		return rc;
	int solana = net->family == CONF_SOLANA;
	struct chain_transfer *t = NULL;
	size_t n = 0;
	/* Read and check the input before anything touches the network or asks
	 * for a password. */
	if (wo.batch) {
		if ((rc = parse_batch(&t, &n, ctx, wo.batch, name, netname)))
			return rc;
	} else {
		if (strlen(pos[0]) >= sizeof t->to || strlen(pos[1]) >= sizeof t->amount ||
		    (wo.token && strlen(wo.token) >= sizeof t->token))
			return error_set(&ctx->err, ERR_USAGE, "an argument is too long");
		if (!(t = calloc(1, sizeof *t)))
			return error_set(&ctx->err, ERR_FAIL, "out of memory");
		n = 1;
		snprintf(t->to, sizeof t->to, "%s", pos[0]);
		snprintf(t->amount, sizeof t->amount, "%s", pos[1]);
		snprintf(t->token, sizeof t->token, "%s", wo.token ? wo.token : "");
	}
	struct chain *c = NULL;
	const struct chain_ops *ops = NULL;
	struct journal *j = NULL;
	uint8_t *secret = NULL;
	char from[100];
	if ((rc = open_chain(&c, &ops, &j, ctx, &wo, net, netname)))
		goto out;
	if (!(secret = sodium_malloc(32))) {
		rc = error_set(&ctx->err, ERR_FAIL, "out of memory");
		goto out;
	}
	if ((rc = key_account(ctx, name, solana, from, secret)))
		goto out;
	if ((rc = ops->prepare(c, secret, t, n, &ctx->err)))
		goto out;
	if (!ctx->quiet && !ctx->json)
		print_summary(ctx, t, n, netname);
	if (ctx->dry_run) {
		rc = ops->simulate(c, secret, t, n, &ctx->err);
		print_results(ctx, t, n, netname, 0);
		goto out;
	}
	char q[160];
	snprintf(q, sizeof q, "%s %zu transfer%s on %s?", wo.sign_only ? "sign" : "sign and send", n, n == 1 ? "" : "s", netname);
	if ((rc = prompt_confirm(ctx, q, &ctx->err)))
		goto out;
	if (wo.sign_only) {
		rc = ops->sign_only(c, secret, t, n, &ctx->err);
		if (!rc)
			print_results(ctx, t, n, netname, 1);
		goto out;
	}
	rc = ops->send(c, secret, t, n, &ctx->err);
	print_results(ctx, t, n, netname, 0);
out:
	if (secret)
		sodium_free(secret);
	for (size_t i = 0; i < n && t; i++)
		free(t[i].signed_b64);
	free(t);
	if (ops && c)
		ops->close(c);
	journal_close(j);
	return rc;
}

/* --- tx list / status / resend ------------------------------------------ */

struct list_state {
	struct ctx *ctx;
	cJSON *arr;
	struct table *table;
};

static cJSON *tx_json(const struct journal_tx *t)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddNumberToObject(o, "id", (double)t->id);
	cJSON_AddStringToObject(o, "chain", t->chain);
	cJSON_AddStringToObject(o, "network", t->network);
	cJSON_AddStringToObject(o, "txid", t->txid);
	cJSON_AddStringToObject(o, "purpose", t->purpose);
	cJSON_AddStringToObject(o, "from", t->from);
	cJSON_AddStringToObject(o, "to", t->to);
	cJSON_AddStringToObject(o, "amount", t->amount);
	cJSON_AddStringToObject(o, "token", t->token);
	cJSON_AddStringToObject(o, "status", journal_status_name(t->status));
	if (t->error[0])
		cJSON_AddStringToObject(o, "error", t->error);
	cJSON_AddNumberToObject(o, "created", (double)t->created);
	cJSON_AddNumberToObject(o, "updated", (double)t->updated);
	return o;
}

/* The native coin of a journaled transaction's network, for display. */
static const char *native_symbol(struct ctx *ctx, const struct journal_tx *t)
{
	if (strcmp(t->chain, "solana") == 0)
		return "SOL";
	const struct conf_network *net = conf_network(&ctx->conf, t->network);
	return evm_native_symbol(net ? net->chain_id : 1);
}

static int list_cb(void *user, const struct journal_tx *t)
{
	struct list_state *s = user;
	if (s->arr) {
		cJSON_AddItemToArray(s->arr, tx_json(t));
		return 0;
	}
	char id[24], when[32];
	snprintf(id, sizeof id, "%lld", (long long)t->id);
	time_t tt = (time_t)t->created;
	struct tm tm;
	localtime_r(&tt, &tm);
	strftime(when, sizeof when, "%Y-%m-%d %H:%M", &tm);
	char amount[160];
	snprintf(amount, sizeof amount, "%s %s", t->amount, t->token[0] ? t->token : native_symbol(s->ctx, t));
	const char *row[] = {id, when, t->network, journal_status_name(t->status), t->purpose, amount, t->to, t->txid};
	table_add(s->table, row);
	return 0;
}

static int tx_load(struct ctx *ctx, const char *id, struct journal **j, struct journal_tx *t)
{
	int rc = journal_open(j, ctx->home, &ctx->err);
	if (rc)
		return rc;
	if ((rc = journal_get(*j, t, id, &ctx->err))) {
		journal_close(*j);
		*j = NULL;
	}
	return rc;
}

static int tx_chain(struct ctx *ctx, const struct journal_tx *t, struct journal *j, const struct wallet_opts *wo,
		    struct chain **c, const struct chain_ops **ops)
{
	int rc = opts_load_conf(ctx);
	if (rc)
		return rc;
	if (ctx->network && strcmp(ctx->network, t->network))
		return error_set(&ctx->err, ERR_USAGE, "transaction %lld is on %s, not %s", (long long)t->id, t->network, ctx->network);
	const struct conf_network *net = conf_network(&ctx->conf, t->network);
	if (!net)
		return error_set(&ctx->err, ERR_USAGE, "transaction %lld is on network '%s', which the config no longer defines",
				 (long long)t->id, t->network);
	struct chain_options co = {
		.network = t->network, .net = net, .rpc = ctx->rpc, .insecure = ctx->insecure, .verbose = ctx->verbose,
		.confirm_timeout_s = wo->timeout_s, .commitment = wo->commitment, .confirmations = wo->confirmations,
	};
	*ops = ops_for(net);
	return (*ops)->open(c, &co, j, &ctx->err);
}

static void print_tx(struct ctx *ctx, const struct journal_tx *t)
{
	if (ctx->json) {
		output_json(ctx, tx_json(t));
		return;
	}
	printf("id       %lld\nnetwork  %s\ntxid     %s\nstatus   %s%s%s\npurpose  %s\nfrom     %s\nto       %s\namount   %s %s\n",
	       (long long)t->id, t->network, t->txid, journal_status_name(t->status), t->error[0] ? ": " : "", t->error,
	       t->purpose, t->from, t->to, t->amount, t->token);
}

int cmd_tx(int argc, char **argv, struct ctx *ctx)
{
	struct wallet_opts wo = {0};
	char *pos[3];
	int npos, rc;
	if (argc < 2)
		return error_set(&ctx->err, ERR_USAGE, "tx needs a verb: list, status or resend");
	const char *verb = argv[1];
	if ((rc = opts_parse(ctx, "tx", argc - 2, argv + 2, status_opts, wallet_opt, &wo, pos, &npos, 1)))
		return rc;
	if (strcmp(verb, "list") == 0) {
		if (npos)
			return error_set(&ctx->err, ERR_USAGE, "usage: depinctl tx list");
		if ((rc = opts_load_conf(ctx)))
			return rc;
		struct journal *j;
		if ((rc = journal_open(&j, ctx->home, &ctx->err)))
			return rc;
		struct table table;
		static const char *const head[] = {"ID", "CREATED", "NETWORK", "STATUS", "PURPOSE", "AMOUNT", "TO", "TXID"};
		table_init(&table, 8, head);
		struct list_state s = {ctx, ctx->json ? cJSON_CreateArray() : NULL, &table};
		rc = journal_each(j, 0, 0, list_cb, &s, &ctx->err);
		if (!rc && s.arr)
			output_json(ctx, s.arr);
		else if (!rc && table.nrows)
			table_print(&table, stdout);
		else if (!rc && !ctx->quiet)
			fprintf(stderr, "no transactions in the journal\n");
		if (rc && s.arr)
			cJSON_Delete(s.arr);
		table_release(&table);
		journal_close(j);
		return rc;
	}
	int is_status = strcmp(verb, "status") == 0, is_resend = strcmp(verb, "resend") == 0;
	if (!is_status && !is_resend)
		return error_set(&ctx->err, ERR_USAGE, "unknown tx verb '%s' (list, status, resend)", verb);
	if (npos != 1)
		return error_set(&ctx->err, ERR_USAGE, "usage: depinctl tx %s ID", verb);
	struct journal *j;
	struct journal_tx t;
	if ((rc = tx_load(ctx, pos[0], &j, &t)))
		return rc;
	struct chain *c = NULL;
	const struct chain_ops *ops = NULL;
	if ((rc = tx_chain(ctx, &t, j, &wo, &c, &ops)))
		goto out;
	if (is_resend && t.status == JOURNAL_CONFIRMED) {
		rc = error_set(&ctx->err, ERR_USAGE, "transaction %lld is already confirmed: nothing to resend", (long long)t.id);
		goto out;
	}
	rc = is_status ? ops->status(c, &t, &ctx->err) : ops->resend(c, &t, &ctx->err);
	if (rc == ERR_REFUSED)
		rc = ERR_FAIL; /* it failed or expired on chain: the operation failed (exit 1) */
	if (!rc || rc == ERR_FAIL) {
		struct journal_tx fresh;
		if (journal_get(j, &fresh, t.txid, NULL) == 0) {
			journal_tx_release(&t);
			t = fresh;
		}
		print_tx(ctx, &t);
	}
out:
	if (ops && c)
		ops->close(c);
	journal_tx_release(&t);
	journal_close(j);
	return rc;
}
