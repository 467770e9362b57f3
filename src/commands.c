#include "config.h"
#include "commands.h"
#include "conf.h"
#include "opts.h"
#include "output.h"
#include "networks/network.h"
#include "wallet/keystore.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Global options that take a file, a network or a key as their value. */

const struct command commands[] = {
	{"dash", cmd_dash, "the dashboard: devices, earnings, wallets and networks",
	 "usage: depinctl dash [--demo] [--network NET[,NET...]] [--on-alert CMD] [--offline-after MINUTES]\n"
	 "\n"
	 "An ncurses view of every device of every configured network: status,\n"
	 "earnings, pending rewards; wallets; network metrics. --demo runs on the\n"
	 "bundled demo fleet (no network, no keys). --network shows only those\n"
	 "networks (\"prices\" for the USD prices). A device offline longer than\n"
	 "--offline-after minutes (60) raises an alert; --on-alert CMD runs CMD\n"
	 "through /bin/sh once per alert, the event in DEPINCTL_ALERT_NETWORK,\n"
	 "DEPINCTL_ALERT_DEVICE, DEPINCTL_ALERT_NAME, DEPINCTL_ALERT_STATUS,\n"
	 "DEPINCTL_ALERT_SINCE and as JSON on its stdin. Press ? inside for the keys.\n"
	 "See depinctl-dash(1).\n",
	 NULL, "--demo --on-alert --offline-after", NULL, 0},
	{"networks", cmd_networks, "the DePIN networks depinctl knows and what each supports",
	 "usage: depinctl networks [NET]\n"
	 "\n"
	 "One row per network: chain, token, what it supports (devices, status,\n"
	 "location, earnings, pending, claim, stake, metrics) and where each figure\n"
	 "comes from; what is missing and what the operator can supply instead.\n",
	 NULL, "", "network", 0},
	{"devices", cmd_devices, "owned devices: status, location, earnings",
	 "usage: depinctl devices [--network NET] [--demo]\n"
	 "\n"
	 "Every device of the configured wallets (the keystore's addresses, or a\n"
	 "network's wallets / devices settings), every network at once.\n",
	 NULL, "--demo", NULL, 0},
	{"rewards", cmd_rewards, "pending and lifetime rewards per device",
	 "usage: depinctl rewards [--network NET] [--demo]\n",
	 NULL, "--demo", NULL, 0},
	{"metrics", cmd_metrics, "supply and demand figures per network",
	 "usage: depinctl metrics [NET] [--demo]\n"
	 "\n"
	 "Active devices, emissions, burns and revenue, the burn-to-emission ratio and\n"
	 "the token price, with where each figure comes from.\n",
	 NULL, "--demo", "network", 0},
	{"claim", cmd_claim, "claim a network's pending rewards",
	 "usage: depinctl claim --network NET [--all | DEVICE...] [--key NAME] [--to ADDRESS]\n"
	 "       depinctl claim --network merkle|glow --claim-file FILE [--contract ADDRESS]\n"
	 "\n"
	 "--timeout S gives up after S seconds (exit 4); what was signed stays in the\n"
	 "journal and a rerun resumes it.\n"
	 "\n"
	 "Every claim is checked and shown before anything is signed; --dry-run shows\n"
	 "per device what would be claimed. Transactions go through the journal: an\n"
	 "interrupted claim run again resumes without claiming twice.\n",
	 NULL, "--all --to --claim-file --contract --timeout", NULL, 0},
	{"stake", cmd_stake, "a network's staking: positions, create, delegate, withdraw, claim",
	 "usage: depinctl stake --network NET [VERB ARGS...]\n"
	 "\n"
	 "Without VERB, the stakes of the key. The verbs depend on the network:\n"
	 "'depinctl stake --network NET --help' lists them.\n",
	 NULL, "", NULL, 0},
	{"dc", cmd_dc, "Helium data credits: mint, delegate, balance",
	 "usage: depinctl dc mint (--hnt AMOUNT | --dc AMOUNT) [--key NAME]\n"
	 "       depinctl dc delegate --subnetwork iot|mobile ROUTER_KEY AMOUNT\n"
	 "       depinctl dc balance [NAME|ADDRESS]\n",
	 "mint delegate balance", "--hnt --dc --subnetwork", NULL, 0},
	{"export", cmd_export, "earnings history as CSV, or the fleet as Prometheus metrics",
	 "usage: depinctl export --format csv|prometheus [--output FILE] [--since DATE] [--demo]\n",
	 NULL, "--format --output --since --demo", NULL, 0},
	{"exporter", cmd_exporter, "serve the fleet's metrics to Prometheus",
	 "usage: depinctl exporter --listen ADDR:PORT [--demo]\n",
	 NULL, "--listen --demo", NULL, 0},
	{"key", cmd_key, "create, import, list, export and manage keys",
	 "usage: depinctl key new NAME [--words 12|24] [--passphrase]\n"
	 "       depinctl key import NAME --mnemonic [--passphrase] [--derivation bip44|helium-wallet]\n"
	 "       depinctl key import NAME --private-key\n"
	 "       depinctl key import NAME --solana-keypair FILE | --keystore FILE | --helium-wallet FILE\n"
	 "       depinctl key list\n"
	 "       depinctl key show NAME [--account N]\n"
	 "       depinctl key rename OLD NEW\n"
	 "       depinctl key remove NAME\n"
	 "       depinctl key passwd NAME [--new-password-file FILE]\n"
	 "       depinctl key export NAME --format mnemonic|solana-keypair|keystore [--output FILE] [--account N]\n"
	 "\n"
	 "Secrets (mnemonics, private keys, passwords) are never read from the command\n"
	 "line: they come from standard input, a no-echo prompt, --password-file,\n"
	 "DEPINCTL_PASSWORD_FILE or DEPINCTL_PASSWORD. See depinctl-key(1).\n",
	 "new import list show rename remove passwd export",
	 "--words --passphrase --mnemonic --derivation --private-key --solana-keypair --keystore --helium-wallet "
	 "--new-password-file --format --output",
	 "key", 0},
	{"sign", cmd_sign, "sign a message or EIP-712 typed data with a key",
	 "usage: depinctl sign NAME [--chain solana|evm] (MESSAGE | --file FILE | --typed-data FILE)\n"
	 "\n"
	 "Solana: ed25519 over the message bytes, printed in base58.\n"
	 "EVM: EIP-191 personal_sign of the message, or EIP-712 of a typed-data JSON\n"
	 "file (the shape eth_signTypedData_v4 takes), printed as 0x r||s||v.\n"
	 "--chain may be left out when the key holds one chain; --typed-data implies evm.\n",
	 NULL, "--chain --file --typed-data", "key", 0},
	{"verify", cmd_verify, "verify a signature made by an address",
	 "usage: depinctl verify --chain solana|evm ADDRESS (MESSAGE | --file FILE | --typed-data FILE) SIGNATURE\n"
	 "\n"
	 "Exits 0 when the signature is valid for ADDRESS, 5 when it is not.\n",
	 NULL, "--chain --file --typed-data", NULL, 0},
	{"balance", cmd_balance, "balances of a key or address: the native coin and every token",
	 "usage: depinctl balance [NAME|ADDRESS] [--network NET]\n"
	 "\n"
	 "Solana: SOL and every SPL Token / Token-2022 account of the owner, with symbols\n"
	 "and decimals for known mints. EVM: the native coin and the network's known\n"
	 "tokens (ERC-20 balanceOf). Without NAME, the --key or config key.\n",
	 NULL, "--commitment --timeout", "key", 0},
	{"send", cmd_send, "send coins or tokens; one transfer or a batch file",
	 "usage: depinctl send TO AMOUNT [--token SYMBOL|MINT|CONTRACT] [--network NET] [--key NAME]\n"
	 "       depinctl send --batch FILE     one transfer a line: TO,AMOUNT[,TOKEN]; - reads stdin\n"
	 "\n"
	 "AMOUNT is an exact decimal (\"1.5\", \"0.000000001\") or \"max\". A summary (from,\n"
	 "to, amount, token, fee, network) is shown and confirmed before anything is\n"
	 "signed, unless --yes. --dry-run simulates and signs nothing; --sign-only prints\n"
	 "the signed transaction without sending it. Every transaction is written to the\n"
	 "journal before it is broadcast; a batch rerun skips what already landed.\n"
	 "Solana: --priority-fee MIN[:MAX] (micro-lamports per compute unit),\n"
	 "--commitment confirmed|finalized. EVM: --confirmations N. --timeout S.\n",
	 NULL, "--token --batch --sign-only --priority-fee --commitment --confirmations --timeout", NULL, 0},
	{"tx", cmd_tx, "the transaction journal: list, status, resend",
	 "usage: depinctl tx list\n"
	 "       depinctl tx status ID     ask the network and update the journal\n"
	 "       depinctl tx resend ID     rebroadcast the same signed bytes and wait\n"
	 "\n"
	 "ID is the journal's number or the transaction's signature / hash.\n",
	 "list status resend", "--commitment --confirmations --timeout", NULL, 0},
	{"shell", cmd_shell, "an interactive prompt that runs any subcommand",
	 "usage: depinctl shell\n"
	 "\n"
	 "Runs commands without the leading 'depinctl', with history (kept in the data\n"
	 "folder, never holding secrets) and tab completion of commands, options, key\n"
	 "names and networks. 'exit', 'quit' or Ctrl-D leaves.\n",
	 NULL, "", NULL, 0},
	{"completion", cmd_completion, "print the completion script for bash, zsh or fish",
	 "usage: depinctl completion bash|zsh|fish\n",
	 "bash zsh fish", "", NULL, 0},
	{"help", cmd_help, "show help for a command",
	 "usage: depinctl help [COMMAND]\n", NULL, "", "command", 0},
	{"version", cmd_version, "print the version",
	 "usage: depinctl version\n", NULL, "", NULL, 0},
	{"__complete", cmd_complete, "names for completion scripts: keys, networks, commands",
	 "usage: depinctl __complete keys|networks|commands\n", NULL, "", NULL, 1},
	{NULL, NULL, NULL, NULL, NULL, NULL, NULL, 0},
};

const struct command *command_find(const char *name)
{
	for (const struct command *c = commands; c->name; c++)
		if (strcmp(c->name, name) == 0)
			return c;
	return NULL;
}

void commands_print_usage(FILE *out)
{
	fprintf(out,
		"usage: depinctl [OPTIONS] COMMAND [ARGS]\n"
		"\n"
		"Watch DePIN devices and earnings; manage keys and sign on Solana and EVM chains.\n"
		"\n"
		"Commands:\n");
	for (const struct command *c = commands; c->name; c++)
		if (!c->hidden)
			fprintf(out, "  %-12s %s\n", c->name, c->summary);
	fprintf(out,
		"\n"
		"Options (accepted by every command):\n"
		"  --json              one JSON document on stdout (errors as JSON on stderr)\n"
		"  -q, --quiet         no warnings or progress\n"
		"  -v, --verbose       more detail on stderr\n"
		"  -y, --yes           no confirmation prompt\n"
		"  --dry-run           build and check, sign and send nothing\n"
		"  --config FILE       configuration file (default $XDG_CONFIG_HOME/depinctl/config)\n"
		"  --network NAME      solana, solana-devnet, localnet, ethereum, arbitrum, polygon,\n"
		"                      base, optimism, filecoin, anvil, or one from the config\n"
		"  --rpc URL           override the network's RPC endpoint\n"
		"  --key NAME          the key to use\n"
		"  --account N         the account of a mnemonic key (default 0)\n"
		"  --password-file F   read the key password from F (first line)\n"
		"  --insecure          allow plain http to hosts other than loopback\n"
		"  -h, --help          help; --version the version\n"
		"\n"
		"Exit status: 0 ok, 1 failed, 2 usage, 3 not found, 4 network, 5 refused.\n"
		"'depinctl help COMMAND' and depinctl(1) tell more.\n");
}

int command_wants_help(const struct command *c, int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0)
			break;
		if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
			fputs(c->usage, stdout);
			return 1;
		}
	}
	return 0;
}

int command_run(int argc, char **argv, struct ctx *ctx)
{
	const struct command *c = command_find(argv[0]);
	if (!c) {
		error_set(&ctx->err, ERR_USAGE, "unknown command '%s' (see: depinctl --help)", argv[0]);
		return output_error(ctx, ERR_USAGE);
	}
	/* stake's verbs are the network's: it prints their usage itself */
	if (c->fn != cmd_stake && command_wants_help(c, argc, argv))
		return 0;
	error_clear(&ctx->err);
	int rc = c->fn(argc, argv, ctx);
	return rc < 0 ? output_error(ctx, rc) : rc;
}

int command_dispatch(int argc, char **argv, struct ctx *ctx)
{
	/* Global options before the command; the command sees the rest. */
	int i = 0;
	for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
		const char *a = argv[i];
		if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			commands_print_usage(stdout);
			return 0;
		}
		if (strcmp(a, "--version") == 0) {
			char *v[] = {"version", NULL};
			return command_run(1, v, ctx);
		}
		if (strcmp(a, "--") == 0) {
			i++;
			break;
		}
		/* One global option (and its value) at a time. */
		const struct opt *o = NULL;
		for (const struct opt *g = opts_global; g->name; g++) {
			size_t n = strlen(g->name);
			if ((a[1] == '-' && strncmp(a + 2, g->name, n) == 0 && (a[2 + n] == '\0' || a[2 + n] == '=')) ||
			    (a[1] != '-' && a[1] == g->short_name && !a[2]))
				o = g;
		}
		int take = o && o->has_arg && !strchr(a, '=') ? 2 : 1;
		if (i + take > argc) {
			error_set(&ctx->err, ERR_USAGE, "option '%s' needs a value", a);
			return output_error(ctx, ERR_USAGE);
		}
		char *pos[1];
		int npos;
		int rc = opts_parse(ctx, "depinctl", take, argv + i, NULL, NULL, NULL, pos, &npos, 0);
		if (rc)
			return output_error(ctx, rc);
		i += take - 1;
	}
	if (i == argc) {
		/* The dashboard on a terminal, else help. */
		if (isatty(STDIN_FILENO) && isatty(STDOUT_FILENO)) {
			static char dash[] = "dash";
			char *dash_argv[] = {dash, NULL};
			return command_run(1, dash_argv, ctx);
		}
		commands_print_usage(stdout);
		return 0;
	}
	return command_run(argc - i, argv + i, ctx);
}

int cmd_help(int argc, char **argv, struct ctx *ctx)
{
	char *pos[2];
	int npos;
	int rc = opts_parse(ctx, "help", argc - 1, argv + 1, NULL, NULL, NULL, pos, &npos, 1);
	if (rc)
		return rc;
	const struct command *c = NULL;
	if (npos && !(c = command_find(pos[0])))
		return error_set(&ctx->err, ERR_USAGE, "unknown command '%s' (see: depinctl --help)", pos[0]);
	if (ctx->json) {
		cJSON *doc = cJSON_CreateObject(), *list = cJSON_AddArrayToObject(doc, "commands");
		for (const struct command *d = commands; d->name; d++) {
			if (d->hidden || (c && c != d))
				continue;
			cJSON *o = cJSON_CreateObject();
			cJSON_AddStringToObject(o, "name", d->name);
			cJSON_AddStringToObject(o, "summary", d->summary);
			cJSON_AddStringToObject(o, "usage", d->usage);
			cJSON_AddItemToArray(list, o);
		}
		output_json(ctx, doc);
	} else if (c) {
		fputs(c->usage, stdout);
	} else {
		commands_print_usage(stdout);
	}
	return 0;
}

int cmd_version(int argc, char **argv, struct ctx *ctx)
{
	char *pos[1];
	int npos;
	int rc = opts_parse(ctx, "version", argc - 1, argv + 1, NULL, NULL, NULL, pos, &npos, 0);
	if (rc)
		return rc;
	if (ctx->json) {
		cJSON *doc = cJSON_CreateObject();
		cJSON_AddStringToObject(doc, "name", PACKAGE_NAME);
		cJSON_AddStringToObject(doc, "version", PACKAGE_VERSION);
		output_json(ctx, doc);
	} else {
		puts(PACKAGE_STRING);
	}
	return 0;
}

/* One name: a line, or an element of the --json array. */
static void emit_name(cJSON *list, const char *name)
{
	if (list)
		cJSON_AddItemToArray(list, cJSON_CreateString(name));
	else
		puts(name);
}

int cmd_complete(int argc, char **argv, struct ctx *ctx)
{
	char *pos[1];
	int npos;
	int rc = opts_parse(ctx, "__complete", argc - 1, argv + 1, NULL, NULL, NULL, pos, &npos, 1);
	if (rc)
		return rc;
	if (npos == 0)
		return error_set(&ctx->err, ERR_USAGE, "__complete needs keys, networks or commands");
	cJSON *list = ctx->json ? cJSON_CreateArray() : NULL;
	if (strcmp(pos[0], "keys") == 0) {
		struct key_info *keys;
		size_t n;
		struct error quiet = {0, ""};
		if (keystore_list(&keys, &n, ctx->home, &quiet) == 0) {
			for (size_t i = 0; i < n; i++)
				emit_name(list, keys[i].name);
			free(keys);
		}
	} else if (strcmp(pos[0], "networks") == 0) {
		struct conf conf;
		char path[4096];
		if (ctx->config_path)
			snprintf(path, sizeof path, "%s", ctx->config_path);
		else
			conf_default_path(path, sizeof path);
		/* a broken config still completes the presets */
		if (conf_load(&conf, path, 0, NULL) && conf_load(&conf, NULL, 0, NULL)) {
			cJSON_Delete(list);
			return 0;
		}
		for (int i = 0; i < conf.nnetworks; i++)
			emit_name(list, conf.networks[i].name);
		/* and the DePIN networks (devices, claim, stake ... take them) */
		for (size_t i = 0; i < net_adapters_len; i++)
			if (!conf_network(&conf, net_adapters[i]->name))
				emit_name(list, net_adapters[i]->name);
	} else if (strcmp(pos[0], "commands") == 0) {
		for (const struct command *c = commands; c->name; c++)
			if (!c->hidden)
				emit_name(list, c->name);
	} else {
		cJSON_Delete(list);
		return error_set(&ctx->err, ERR_USAGE, "__complete: unknown list '%s'", pos[0]);
	}
	if (list)
		output_json(ctx, list);
	return 0;
}
