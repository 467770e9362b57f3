/* Command-line parsing shared by every command: the global options (DESIGN.md)
 * are accepted anywhere, beside the command's own. Re-entrant, so the shell
 * can run commands over and over. */
#ifndef DEPINCTL_OPTS_H
#define DEPINCTL_OPTS_H

#include "ctx.h"

struct opt {
	const char *name; /* long name without "--" */
	char short_name;  /* or 0 */
	int has_arg;
	int id;           /* passed to the callback */
};

typedef int (*opts_cb)(void *user, int id, const char *value, struct error *e);

/* Parses argv[0..argc) (argv[0] is not the program name: it is the first
 * argument). Global options set ctx; the command's options (opts, ending with
 * a zero entry) call cb; everything else is copied to pos (at most max_pos).
 * "--" ends options. Unknown options and missing values: ERR_USAGE naming cmd. */
int opts_parse(struct ctx *ctx, const char *cmd, int argc, char **argv, const struct opt *opts, opts_cb cb,
	       void *user, char **pos, int *npos, int max_pos) WUR;

/* The names of the global options, for help and completions. */
extern const struct opt opts_global[];
/* Fills ctx->home from $DEPINCTL_HOME or $XDG_DATA_HOME/depinctl. */
void opts_resolve_home(struct ctx *ctx);
/* Loads the configuration named by --config / $DEPINCTL_CONFIG / the default path. */
int opts_load_conf(struct ctx *ctx) WUR;
/* Parses a decimal u32 option value. */
int opts_u32(unsigned *out, const char *what, const char *value, struct error *e) WUR;

#endif
