#include "config.h"
#include "opts.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

enum {
	G_JSON = 1000, G_QUIET, G_VERBOSE, G_YES, G_DRY_RUN, G_CONFIG, G_NETWORK, G_RPC, G_KEY, G_ACCOUNT,
	G_PASSWORD_FILE, G_INSECURE,
};

const struct opt opts_global[] = {
	{"json", 0, 0, G_JSON},
	{"quiet", 'q', 0, G_QUIET},
	{"verbose", 'v', 0, G_VERBOSE},
	{"yes", 'y', 0, G_YES},
	{"dry-run", 0, 0, G_DRY_RUN},
	{"config", 0, 1, G_CONFIG},
	{"network", 0, 1, G_NETWORK},
	{"rpc", 0, 1, G_RPC},
	{"key", 0, 1, G_KEY},
	{"account", 0, 1, G_ACCOUNT},
	{"password-file", 0, 1, G_PASSWORD_FILE},
	{"insecure", 0, 0, G_INSECURE},
	{0, 0, 0, 0},
};

int opts_u32(unsigned *out, const char *what, const char *value, struct error *e)
{
	char *end;
	errno = 0;
	if (!value)
		return error_set(e, ERR_USAGE, "%s needs a value", what);
	if (!*value || *value == '-' || *value == '+')
		return error_set(e, ERR_USAGE, "%s must be a non-negative integer, not '%s'", what, value);
	unsigned long v = strtoul(value, &end, 10);
	if (errno || *end || v > 0x7fffffffUL)
		return error_set(e, ERR_USAGE, "%s must be an integer from 0 to 2147483647, not '%s'", what, value);
	*out = (unsigned)v;
	return 0;
}

static int global(struct ctx *ctx, int id, const char *v, struct error *e)
{
	switch (id) {
	case G_JSON: ctx->json = 1; break;
	case G_QUIET: ctx->quiet = 1; break;
	case G_VERBOSE: ctx->verbose++; break;
	case G_YES: ctx->yes = 1; break;
	case G_DRY_RUN: ctx->dry_run = 1; break;
	case G_INSECURE: ctx->insecure = 1; break;
	case G_CONFIG: ctx->config_path = v; break;
	case G_NETWORK: ctx->network = v; break;
	case G_RPC: ctx->rpc = v; break;
	case G_KEY: ctx->key = v; break;
	case G_PASSWORD_FILE: ctx->password_file = v; break;
	case G_ACCOUNT:
		ctx->account_set = 1;
		return opts_u32(&ctx->account, "--account", v, e);
	}
	return 0;
}

static const struct opt *find_long(const struct opt *t, const char *name, size_t len)
{
	for (; t && t->name; t++)
		if (strlen(t->name) == len && strncmp(t->name, name, len) == 0)
			return t;
	return NULL;
}

static const struct opt *find_short(const struct opt *t, char c)
{
	for (; t && t->name; t++)
		if (t->short_name == c)
			return t;
	return NULL;
}

static int apply(struct ctx *ctx, const struct opt *o, int is_global, const char *v, opts_cb cb, void *user,
		 struct error *e)
{
	if (is_global)
		return global(ctx, o->id, v, e);
	return cb ? cb(user, o->id, v, e) : 0;
}

int opts_parse(struct ctx *ctx, const char *cmd, int argc, char **argv, const struct opt *opts, opts_cb cb,
	       void *user, char **pos, int *npos, int max_pos)
{
	int only_pos = 0;
	*npos = 0;
	for (int i = 0; i < argc; i++) {
		char *a = argv[i];
		if (only_pos || a[0] != '-' || a[1] == '\0') {
			if (*npos == max_pos)
				return error_set(&ctx->err, ERR_USAGE, "too many arguments for '%s' at '%s'", cmd, a);
			pos[(*npos)++] = a;
			continue;
		}
		if (strcmp(a, "--") == 0) {
			only_pos = 1;
			continue;
		}
		const struct opt *o;
		int is_global = 0;
		const char *val = NULL;
		if (a[1] == '-') {
			const char *name = a + 2, *eq = strchr(name, '=');
			size_t len = eq ? (size_t)(eq - name) : strlen(name);
			o = find_long(opts, name, len);
			if (!o && (o = find_long(opts_global, name, len)))
				is_global = 1;
			if (!o)
				return error_set(&ctx->err, ERR_USAGE, "unknown option '--%.*s' for '%s' (see: depinctl help %s)",
						 (int)len, name, cmd, cmd);
			if (eq && !o->has_arg)
				return error_set(&ctx->err, ERR_USAGE, "option '--%s' takes no value", o->name);
			val = eq ? eq + 1 : NULL;
		} else {
			if (a[2])
				return error_set(&ctx->err, ERR_USAGE, "unknown option '%s' for '%s' (options are separate: -q -y, not -qy)", a, cmd);
			o = find_short(opts, a[1]);
			if (!o && (o = find_short(opts_global, a[1])))
				is_global = 1;
			if (!o)
				return error_set(&ctx->err, ERR_USAGE, "unknown option '%s' for '%s' (see: depinctl help %s)", a, cmd, cmd);
		}
		if (o->has_arg && !val) {
			if (i + 1 >= argc)
				return error_set(&ctx->err, ERR_USAGE, "option '--%s' needs a value", o->name);
			val = argv[++i];
		}
		int rc = apply(ctx, o, is_global, val, cb, user, &ctx->err);
		if (rc)
			return rc;
	}
	return 0;
}

void opts_resolve_home(struct ctx *ctx)
{
	const char *h = getenv("DEPINCTL_HOME");
	const char *xdg = getenv("XDG_DATA_HOME");
	const char *home = getenv("HOME");
	if (h && *h)
		snprintf(ctx->home, sizeof ctx->home, "%s", h);
	else if (xdg && *xdg)
		snprintf(ctx->home, sizeof ctx->home, "%s/depinctl", xdg);
	else
		snprintf(ctx->home, sizeof ctx->home, "%s/.local/share/depinctl", home ? home : ".");
}

int opts_load_conf(struct ctx *ctx)
{
	char path[4096];
	if (ctx->config_path)
		snprintf(path, sizeof path, "%s", ctx->config_path);
	else
		conf_default_path(path, sizeof path);
	int rc = conf_load(&ctx->conf, path, ctx->config_path != NULL, &ctx->err);
	if (rc)
		return rc;
	if (ctx->network)
		return conf_network_check(&ctx->conf, ctx->network, &ctx->err);
	return 0;
}
