/* depinctl shell: a readline prompt that runs any subcommand, with history in
 * the data folder (never holding a line that looks like a secret) and
 * completion of commands, verbs, options, key names and networks. */
#include "config.h"
#include "commands.h"
#include "conf.h"
#include "file.h"
#include "opts.h"
#include "output.h"
#include "prompt.h"
#include "wallet/bip39.h"
#include "wallet/keystore.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <readline/readline.h>
#include <readline/history.h>

#define SHELL_LINE_MAX 8192
#define SHELL_ARGS_MAX 128

/* Splits a line into words with sh-like quoting ('...', "...", \x).
 * Returns the count, or -1 on an unterminated quote. */
static int split(char *buf, size_t buf_size, char **argv, int max, const char *line)
{
	int argc = 0;
	size_t o = 0;
	const char *p = line;
	for (;;) {
		while (*p && isspace((unsigned char)*p))
			p++;
		if (!*p)
			break;
		if (argc == max || o >= buf_size - 1)
			return -1;
		argv[argc++] = buf + o;
		char quote = 0;
		for (; *p && (quote || !isspace((unsigned char)*p)); p++) {
			if (o >= buf_size - 1)
				return -1;
			if (quote) {
				if (*p == quote)
					quote = 0;
				else if (*p == '\\' && quote == '"' && p[1])
					buf[o++] = *++p;
				else
					buf[o++] = *p;
			} else if (*p == '\'' || *p == '"') {
				quote = *p;
			} else if (*p == '\\' && p[1]) {
				buf[o++] = *++p;
			} else {
				buf[o++] = *p;
			}
		}
		if (quote)
			return -1;
		buf[o++] = '\0';
	}
	return argc;
}

/* A line that may hold a secret never reaches the history file: a run of
 * BIP39 words, or a long hex or base58 string. */
static int looks_secret(const char *line)
{
	char buf[SHELL_LINE_MAX];
	snprintf(buf, sizeof buf, "%s", line);
	int words = 0;
	for (char *save, *w = strtok_r(buf, " \t'\"", &save); w; w = strtok_r(NULL, " \t'\"", &save)) {
		size_t n = strlen(w);
		words = bip39_word_index(w) >= 0 ? words + 1 : 0;
		if (words >= 6)
			return 1;
		size_t hex = strspn(w[0] == '0' && w[1] == 'x' ? w + 2 : w, "0123456789abcdefABCDEF");
		if (hex >= 60)
			return 1;
		if (n >= 80 && strspn(w, "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz") == n)
			return 1;
		if (strchr(w, '[') && strchr(w, ','))
			return 1; /* a pasted keypair array */
	}
	return 0;
}

/* --- completion ------------------------------------------------------- */

static char **names;
static size_t nnames;
static struct ctx *shell_ctx;

static void names_reset(void)
{
	for (size_t i = 0; i < nnames; i++)
		free(names[i]);
	free(names);
	names = NULL;
	nnames = 0;
}

static void names_add(const char *s)
{
	char **n = realloc(names, (nnames + 1) * sizeof *names);
	if (!n)
		return;
	names = n;
	names[nnames++] = strdup(s);
}

static void names_add_words(const char *list)
{
	char buf[1024];
	snprintf(buf, sizeof buf, "%s", list ? list : "");
	for (char *save, *w = strtok_r(buf, " ", &save); w; w = strtok_r(NULL, " ", &save))
		names_add(w);
}

static void names_add_keys(void)
{
	struct key_info *keys;
	size_t n;
	struct error quiet = {0, ""};
	if (keystore_list(&keys, &n, shell_ctx->home, &quiet) == 0) {
		for (size_t i = 0; i < n; i++)
			names_add(keys[i].name);
		free(keys);
	}
}

static void names_add_networks(void)
{
	for (int i = 0; i < shell_ctx->conf.nnetworks; i++)
		names_add(shell_ctx->conf.networks[i].name);
}

static char *generator(const char *text, int state)
{
	static size_t i;
	if (!state)
		i = 0;
	while (i < nnames)
		if (strncmp(names[i++], text, strlen(text)) == 0)
			return strdup(names[i - 1]);
	return NULL;
}

static char **complete(const char *text, int start, int end)
{
	(void)end;
	char buf[SHELL_LINE_MAX], *argv[SHELL_ARGS_MAX];
	char before[SHELL_LINE_MAX];
	snprintf(before, sizeof before, "%.*s", start, rl_line_buffer);
	int argc = split(buf, sizeof buf, argv, SHELL_ARGS_MAX, before);
	names_reset();
	rl_attempted_completion_over = 1;
	if (argc < 0)
		return NULL;
	const char *prev = argc ? argv[argc - 1] : "";
	if (strcmp(prev, "--key") == 0) {
		names_add_keys();
	} else if (strcmp(prev, "--network") == 0) {
		names_add_networks();
	} else if (strcmp(prev, "--chain") == 0) {
		names_add_words("solana evm");
	} else if (strcmp(prev, "--format") == 0) {
		names_add_words("mnemonic solana-keypair keystore");
	} else if (strcmp(prev, "--derivation") == 0) {
		names_add_words("bip44 helium-wallet");
	} else if (strcmp(prev, "--words") == 0) {
		names_add_words("12 24");
	} else if (prev[0] == '-' && strstr(" --config --password-file --new-password-file --file --typed-data --keystore "
					     "--solana-keypair --helium-wallet --output --batch ", prev)) {
		rl_attempted_completion_over = 0; /* file names */
		return NULL;
	} else if (argc == 0) {
		for (const struct command *c = commands; c->name; c++)
			if (!c->hidden && strcmp(c->name, "shell"))
				names_add(c->name);
		names_add("exit");
	} else {
		const struct command *c = command_find(argv[0]);
		if (!c)
			return NULL;
		if (text[0] == '-') {
			names_add_words(c->options);
			for (const struct opt *g = opts_global; g->name; g++) {
				char o[64];
				snprintf(o, sizeof o, "--%s", g->name);
				names_add(o);
			}
		} else if (c->verbs && argc == 1) {
			names_add_words(c->verbs);
		} else if (c->complete && strcmp(c->complete, "key") == 0) {
			names_add_keys();
		} else if (c->complete && strcmp(c->complete, "command") == 0) {
			for (const struct command *d = commands; d->name; d++)
				if (!d->hidden)
					names_add(d->name);
		} else {
			rl_attempted_completion_over = 0;
			return NULL;
		}
	}
	return rl_completion_matches(text, generator);
}

/* --- the loop --------------------------------------------------------- */

static int run_line(struct ctx *base, const char *line)
{
	char buf[SHELL_LINE_MAX], *argv[SHELL_ARGS_MAX + 1];
	int argc = split(buf, sizeof buf, argv, SHELL_ARGS_MAX, line);
	if (argc < 0) {
		fprintf(stderr, "depinctl: unterminated quote or line too long\n");
		return 2;
	}
	if (argc == 0)
		return 0;
	if (strcmp(argv[0], "depinctl") == 0) {
		memmove(argv, argv + 1, sizeof argv[0] * (size_t)(argc - 1));
		argc--;
		if (argc == 0)
			return 0;
	}
	argv[argc] = NULL;
	struct ctx ctx = *base; /* each command starts from the shell's options */
	error_clear(&ctx.err);
	int rc = command_dispatch(argc, argv, &ctx);
	fflush(stdout);
	return rc;
}

int cmd_shell(int argc, char **argv, struct ctx *ctx)
{
	char *pos[1];
	int npos, rc;
	if ((rc = opts_parse(ctx, "shell", argc - 1, argv + 1, NULL, NULL, NULL, pos, &npos, 0)))
		return rc;
	if (ctx->in_shell)
		return error_set(&ctx->err, ERR_USAGE, "already in the shell");
	if ((rc = opts_load_conf(ctx)))
		return rc;
	ctx->in_shell = 1;
	shell_ctx = ctx;
	int interactive = isatty(STDIN_FILENO);
	char hist[4096 + 32];
	snprintf(hist, sizeof hist, "%s/shell_history", ctx->home);
	if (interactive) {
		struct error ignore;
		if (file_mkdirs(ctx->home, 0700, &ignore) == 0) {
			using_history();
			stifle_history(1000);
			read_history(hist);
		}
		rl_readline_name = "depinctl";
		rl_attempted_completion_function = complete;
		rl_completer_quote_characters = "'\"";
		printf("depinctl %s shell: commands without 'depinctl'; help, exit\n", PACKAGE_VERSION);
	}
	int last = 0;
	char *line;
	char buf[SHELL_LINE_MAX];
	for (;;) {
		if (interactive) {
			line = readline(last ? "depinctl! " : "depinctl> ");
			if (!line)
				break;
		} else {
			int r = prompt_read_line(buf, sizeof buf, STDIN_FILENO);
			if (r <= 0)
				break;
			line = strdup(buf);
			if (!line)
				break;
		}
		char *p = line;
		while (isspace((unsigned char)*p))
			p++;
		if (strcmp(p, "exit") == 0 || strcmp(p, "quit") == 0) {
			free(line);
			break;
		}
		if (*p && *p != '#') {
			if (interactive && !looks_secret(p)) {
				add_history(p);
				if (append_history(1, hist) && write_history(hist) == 0)
					history_truncate_file(hist, 1000);
				chmod(hist, 0600);
			}
			last = run_line(ctx, p);
		}
		free(line);
	}
	if (interactive)
		putchar('\n');
	names_reset();
	return last;
}
