/* The demo fleet's loader. */
#include "config.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "networks/demo.h"

static int is_dir(const char *p)
{
	struct stat st;
	return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

int net_demo_folder(char *out, size_t out_size, struct error *e)
{
	const char *env = getenv("DEPINCTL_DEMO");
	if (env && *env) {
		if (!is_dir(env))
			return error_set(e, ERR_NOTFOUND, "demo fleet '%s' (DEPINCTL_DEMO): no such folder", env);
		snprintf(out, out_size, "%s", env);
		return 0;
	}
	const char *tries[] = {DEMO_SRCDIR, PKGDATADIR "/demo"};
	for (size_t i = 0; i < sizeof tries / sizeof tries[0]; i++)
		if (is_dir(tries[i])) {
			snprintf(out, out_size, "%s", tries[i]);
			return 0;
		}
	return error_set(e, ERR_NOTFOUND, "the demo fleet is not installed (looked in %s and %s)", DEMO_SRCDIR,
			 PKGDATADIR "/demo");
}

/* One folder's settings file into conf's section NAME. */
static int read_settings(struct conf *conf, const char *folder, const char *name, struct error *e)
{
	char path[4096], line[1024];
	if ((size_t)snprintf(path, sizeof path, "%s/%s/settings", folder, name) >= sizeof path)
		return error_set(e, ERR_USAGE, "demo fleet '%.200s': a path too long", folder);
	FILE *f = fopen(path, "r");
	if (!f)
		return 0;
	int rc = 0, lineno = 0;
	while (!rc && fgets(line, sizeof line, f)) {
		lineno++;
		char *p = line + strspn(line, " \t");
		p[strcspn(p, "\r\n")] = '\0';
		if (!*p || *p == '#' || *p == ';')
			continue;
		char *eq = strchr(p, '=');
		if (!eq) {
			rc = error_set(e, ERR_USAGE, "'%s' line %d: not 'key = value'", path, lineno);
			break;
		}
		char *k = p, *v = eq + 1;
		for (char *x = eq; x > k && (x[-1] == ' ' || x[-1] == '\t'); x--)
			x[-1] = '\0';
		*eq = '\0';
		v += strspn(v, " \t");
		if (conf->nsettings == CONF_MAX_SETTINGS || strlen(name) >= sizeof conf->settings[0].section ||
		    strlen(k) >= sizeof conf->settings[0].key || strlen(v) >= sizeof conf->settings[0].value) {
			rc = error_set(e, ERR_USAGE, "'%s' line %d: too long, or too many settings", path, lineno);
			break;
		}
		struct conf_setting *s = &conf->settings[conf->nsettings++];
		snprintf(s->section, sizeof s->section, "%s", name);
		snprintf(s->key, sizeof s->key, "%s", k);
		snprintf(s->value, sizeof s->value, "%s", v);
	}
	fclose(f);
	return rc;
}

int net_demo_setup(struct net_env *env, struct conf *conf, struct error *e)
{
	char folder[4096];
	int rc = net_demo_folder(folder, sizeof folder, e);
	if (rc)
		return rc;
	/* the demo's settings replace the user's: it runs on its own fleet */
	conf->nsettings = 0;
	DIR *d = opendir(folder);
	if (!d)
		return error_set(e, ERR_NOTFOUND, "demo fleet '%s': cannot open the folder", folder);
	for (struct dirent *de; !rc && (de = readdir(d));)
		if (de->d_name[0] != '.')
			rc = read_settings(conf, folder, de->d_name, e);
	closedir(d);
	if (!rc)
		rc = net_env_replay(env, folder, e);
	return rc;
}
