/* The command table (git's builtin table): every command is a row, every
 * cmd_<name> has the same signature. Help, the shell and the completion
 * scripts are generated from it. */
#ifndef DEPINCTL_COMMANDS_H
#define DEPINCTL_COMMANDS_H

#include <stdint.h>
#include "ctx.h"

typedef int (*command_fn)(int argc, char **argv, struct ctx *ctx);

struct command {
	const char *name;
	command_fn fn;
	const char *summary; /* one line for `depinctl --help` */
	const char *usage;   /* `depinctl help NAME` */
	const char *verbs;   /* nested verbs, space-separated, or NULL */
	const char *options; /* the command's own long options, space-separated */
	const char *complete; /* what its arguments are: "key", "network", "file", or NULL */
	int hidden;
};

extern const struct command commands[];
const struct command *command_find(const char *name);
/* Runs a command line without the program name: global options, then a
 * command and its arguments. Returns the exit status. */
int command_dispatch(int argc, char **argv, struct ctx *ctx);
/* Runs argv[0] as a command (argv[0] is the command name). Returns the exit status. */
int command_run(int argc, char **argv, struct ctx *ctx);

int cmd_help(int argc, char **argv, struct ctx *ctx);
int cmd_version(int argc, char **argv, struct ctx *ctx);
int cmd_key(int argc, char **argv, struct ctx *ctx);
int cmd_sign(int argc, char **argv, struct ctx *ctx);
int cmd_verify(int argc, char **argv, struct ctx *ctx);
int cmd_shell(int argc, char **argv, struct ctx *ctx);
int cmd_balance(int argc, char **argv, struct ctx *ctx);
int cmd_send(int argc, char **argv, struct ctx *ctx);
int cmd_tx(int argc, char **argv, struct ctx *ctx);
int cmd_completion(int argc, char **argv, struct ctx *ctx);
int cmd_complete(int argc, char **argv, struct ctx *ctx);
/* src/cmd-net.c: the network adapters' commands */
int cmd_networks(int argc, char **argv, struct ctx *ctx);
int cmd_devices(int argc, char **argv, struct ctx *ctx);
int cmd_rewards(int argc, char **argv, struct ctx *ctx);
int cmd_metrics(int argc, char **argv, struct ctx *ctx);
int cmd_claim(int argc, char **argv, struct ctx *ctx);
int cmd_stake(int argc, char **argv, struct ctx *ctx);
/* ui/cmd-dash.c */
int cmd_dash(int argc, char **argv, struct ctx *ctx);
/* src/networks/helium/cmd-dc.c */
int cmd_dc(int argc, char **argv, struct ctx *ctx);
/* src/cmd-export.c */
int cmd_export(int argc, char **argv, struct ctx *ctx);
int cmd_exporter(int argc, char **argv, struct ctx *ctx);

/* Unlocks key NAME with a password from the usual sources (for commands). */
struct key_secret;
struct key_info;
int key_unlock_prompt(struct key_secret **s, struct key_info *info, struct ctx *ctx, const char *name) WUR;
/* The address of key NAME on a chain (solana: base58, else an EVM 0x
 * address) for --account, and with secret (32 bytes, the caller's
 * sodium_malloc'd buffer) its ed25519 seed or secp256k1 key. Account 0's
 * address needs no password; another account or the secret unlocks the key. */
int key_account(struct ctx *ctx, const char *name, int solana, char addr[100], uint8_t *secret) WUR;

/* `depinctl --help`: global usage. */
void commands_print_usage(FILE *out);
/* Handles -h/--help anywhere in a command's arguments: prints its usage, returns 1. */
int command_wants_help(const struct command *c, int argc, char **argv);

#endif
