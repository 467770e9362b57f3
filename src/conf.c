#include "config.h"
#include "conf.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ini.h>

static const struct {
	const char *name;
	enum conf_family family;
	unsigned long long chain_id;
	const char *rpc;
} presets[] = {
	{"solana", CONF_SOLANA, 0, "https://api.mainnet-beta.solana.com"},
	{"solana-devnet", CONF_SOLANA, 0, "https://api.devnet.solana.com"},
	{"localnet", CONF_SOLANA, 0, "http://127.0.0.1:8899"},
	{"ethereum", CONF_EVM, 1, "https://ethereum-rpc.publicnode.com"},
	{"arbitrum", CONF_EVM, 42161, "https://arb1.arbitrum.io/rpc"},
	{"polygon", CONF_EVM, 137, "https://polygon-rpc.com"},
	{"base", CONF_EVM, 8453, "https://mainnet.base.org"},
	{"optimism", CONF_EVM, 10, "https://mainnet.optimism.io"},
	{"filecoin", CONF_EVM, 314, "https://api.node.glif.io/rpc/v1"},
	{"anvil", CONF_EVM, 31337, "http://127.0.0.1:8545"},
};

void conf_default_path(char *out, size_t out_size)
{
	const char *env = getenv("DEPINCTL_CONFIG");
	const char *xdg = getenv("XDG_CONFIG_HOME");
	const char *home = getenv("HOME");
	if (env && *env)
		snprintf(out, out_size, "%s", env);
	else if (xdg && *xdg)
		snprintf(out, out_size, "%s/depinctl/config", xdg);
	else
		snprintf(out, out_size, "%s/.config/depinctl/config", home ? home : ".");
}

const struct conf_network *conf_network(const struct conf *conf, const char *name)
{
	for (int i = 0; i < conf->nnetworks; i++)
		if (strcmp(conf->networks[i].name, name) == 0)
			return &conf->networks[i];
	return NULL;
}

int conf_network_check(const struct conf *conf, const char *name, struct error *e)
{
	if (conf_network(conf, name))
		return 0;
	char list[1024] = "";
	for (int i = 0; i < conf->nnetworks; i++) {
		strncat(list, i ? ", " : "", sizeof list - strlen(list) - 1);
		strncat(list, conf->networks[i].name, sizeof list - strlen(list) - 1);
	}
	return error_set(e, ERR_USAGE, "unknown network '%s' (known: %s)", name, list);
}

static struct conf_network *network_get(struct conf *conf, const char *name)
{
	struct conf_network *n = (struct conf_network *)conf_network(conf, name);
	if (n || conf->nnetworks == CONF_MAX_NETWORKS)
		return n;
	n = &conf->networks[conf->nnetworks++];
	memset(n, 0, sizeof *n);
	snprintf(n->name, sizeof n->name, "%s", name);
	n->family = CONF_EVM;
	return n;
}

static int set_rpc(struct conf_network *n, const char *value)
{
	/* a comma- or space-separated list, tried in order */
	char buf[CONF_MAX_RPC * 512];
	snprintf(buf, sizeof buf, "%s", value);
	n->nrpc = 0;
	for (char *save, *tok = strtok_r(buf, ", \t", &save); tok; tok = strtok_r(NULL, ", \t", &save)) {
		if (n->nrpc == CONF_MAX_RPC || strlen(tok) >= sizeof n->rpc[0])
			return 0;
		if (strncmp(tok, "http://", 7) && strncmp(tok, "https://", 8))
			return 0;
		snprintf(n->rpc[n->nrpc++], sizeof n->rpc[0], "%s", tok);
	}
	return n->nrpc > 0;
}

struct parse {
	struct conf *conf;
	char why[256];
};

static int handler(void *user, const char *section, const char *name, const char *value)
{
	struct parse *p = user;
	struct conf *c = p->conf;
	if (strcmp(section, "depinctl") == 0 || strcmp(section, "") == 0) {
		if (strcmp(name, "network") == 0) {
			snprintf(c->network, sizeof c->network, "%s", value);
			return 1;
		}
		if (strcmp(name, "key") == 0) {
			snprintf(c->key, sizeof c->key, "%s", value);
			return 1;
		}
		if (strcmp(name, "kdf") == 0) {
			if (strcmp(value, "moderate") && strcmp(value, "sensitive") && strcmp(value, "interactive")) {
				snprintf(p->why, sizeof p->why, "kdf must be interactive, moderate or sensitive, not '%s'", value);
				return 0;
			}
			snprintf(c->kdf, sizeof c->kdf, "%s", value);
			return 1;
		}
		snprintf(p->why, sizeof p->why, "unknown setting '%s' in [depinctl]", name);
		return 0;
	}
	if (strncmp(section, "network.", 8) == 0 && section[8]) {
		if (strlen(section + 8) >= sizeof c->networks[0].name) {
			snprintf(p->why, sizeof p->why, "network name '%s' is too long", section + 8);
			return 0;
		}
		struct conf_network *n = network_get(c, section + 8);
		if (!n) {
			snprintf(p->why, sizeof p->why, "more than %d networks", CONF_MAX_NETWORKS);
			return 0;
		}
		if (strcmp(name, "rpc") == 0) {
			if (!set_rpc(n, value)) {
				snprintf(p->why, sizeof p->why, "rpc must be up to %d http(s) URLs, not '%s'", CONF_MAX_RPC, value);
				return 0;
			}
			return 1;
		}
		if (strcmp(name, "family") == 0) {
			if (strcmp(value, "solana") == 0)
				n->family = CONF_SOLANA;
			else if (strcmp(value, "evm") == 0)
				n->family = CONF_EVM;
			else {
				snprintf(p->why, sizeof p->why, "family must be solana or evm, not '%s'", value);
				return 0;
			}
			return 1;
		}
		if (strcmp(name, "chain-id") == 0) {
			char *end;
			errno = 0;
			unsigned long long v = strtoull(value, &end, 10);
			if (errno || *end || !*value || v == 0) {
				snprintf(p->why, sizeof p->why, "chain-id must be a positive integer, not '%s'", value);
				return 0;
			}
			n->chain_id = v;
			return 1;
		}
		snprintf(p->why, sizeof p->why, "unknown setting '%s' in [%s]", name, section);
		return 0;
	}
	/* anything else is a network adapter's section, checked by its registry */
	if (strlen(section) >= sizeof c->settings[0].section || strlen(name) >= sizeof c->settings[0].key ||
	    strlen(value) >= sizeof c->settings[0].value) {
		snprintf(p->why, sizeof p->why, "[%.40s] %.40s: too long", section, name);
		return 0;
	}
	struct conf_setting *s = NULL;
	for (int i = 0; i < c->nsettings && !s; i++)
		if (!strcmp(c->settings[i].section, section) && !strcmp(c->settings[i].key, name))
			s = &c->settings[i];
	if (!s) {
		if (c->nsettings == CONF_MAX_SETTINGS) {
			snprintf(p->why, sizeof p->why, "more than %d network settings", CONF_MAX_SETTINGS);
			return 0;
		}
		s = &c->settings[c->nsettings++];
	}
	snprintf(s->section, sizeof s->section, "%s", section);
	snprintf(s->key, sizeof s->key, "%s", name);
	snprintf(s->value, sizeof s->value, "%s", value);
	return 1;
}

const char *conf_setting(const struct conf *conf, const char *section, const char *key)
{
	for (int i = 0; i < conf->nsettings; i++)
		if (!strcmp(conf->settings[i].section, section) && !strcmp(conf->settings[i].key, key))
			return conf->settings[i].value;
	return NULL;
}

/* What users of cast and the Solana CLI already set: $ETH_RPC_URL becomes the
 * network "eth-rpc-url" (EVM, chain id taken from the node), the Solana CLI's
 * config.yml json_rpc_url the network "solana-cli". When exactly one of them
 * exists it is the default network, unless the config file names one. */
static void add_tool_defaults(struct conf *conf)
{
	int added = 0;
	const char *eth = getenv("ETH_RPC_URL");
	if (eth && *eth && conf->nnetworks < CONF_MAX_NETWORKS && strlen(eth) < sizeof conf->networks[0].rpc[0]) {
		struct conf_network *n = &conf->networks[conf->nnetworks++];
		memset(n, 0, sizeof *n);
		snprintf(n->name, sizeof n->name, "eth-rpc-url");
		n->family = CONF_EVM;
		snprintf(n->rpc[0], sizeof n->rpc[0], "%s", eth);
		n->nrpc = 1;
		snprintf(conf->network, sizeof conf->network, "eth-rpc-url");
		added++;
	}
	char path[4096], line[1024];
	const char *home = getenv("HOME");
	snprintf(path, sizeof path, "%s/.config/solana/cli/config.yml", home ? home : ".");
	FILE *f = fopen(path, "r");
	while (f && fgets(line, sizeof line, f)) {
		char *v = line;
		if (strncmp(v, "json_rpc_url:", 13))
			continue;
		v += 13;
		v += strspn(v, " \t\"'");
		v[strcspn(v, "\"'\r\n \t")] = '\0';
		if (!*v || conf->nnetworks == CONF_MAX_NETWORKS || strlen(v) >= sizeof conf->networks[0].rpc[0])
			break;
		struct conf_network *n = &conf->networks[conf->nnetworks++];
		memset(n, 0, sizeof *n);
		snprintf(n->name, sizeof n->name, "solana-cli");
		n->family = CONF_SOLANA;
		snprintf(n->rpc[0], sizeof n->rpc[0], "%s", v);
		n->nrpc = 1;
		snprintf(conf->network, sizeof conf->network, "solana-cli");
		added++;
		break;
	}
	if (f)
		fclose(f);
	if (added != 1)
		conf->network[0] = '\0';
}

int conf_load(struct conf *conf, const char *path, int required, struct error *e)
{
	memset(conf, 0, sizeof *conf);
	snprintf(conf->kdf, sizeof conf->kdf, "moderate");
	for (size_t i = 0; i < sizeof presets / sizeof presets[0]; i++) {
		struct conf_network *n = &conf->networks[conf->nnetworks++];
		snprintf(n->name, sizeof n->name, "%s", presets[i].name);
		n->family = presets[i].family;
		n->chain_id = presets[i].chain_id;
		snprintf(n->rpc[0], sizeof n->rpc[0], "%s", presets[i].rpc);
		n->nrpc = 1;
	}
	add_tool_defaults(conf);
	if (!path || !*path)
		return 0;
	FILE *f = fopen(path, "r");
	if (!f) {
		if (errno == ENOENT && !required)
			return 0;
		return error_set(e, errno == ENOENT ? ERR_NOTFOUND : ERR_FAIL, "cannot open config '%s': %s", path, strerror(errno));
	}
	/* libinih cuts lines longer than its buffer and reads the rest as the
	 * next line: say which line is too long instead */
	int c, n = 0, lineno = 1, longest = ini_max_line - 3;
	while ((c = getc(f)) != EOF) {
		if (c == '\n') {
			lineno++;
			n = 0;
		} else if (++n > longest) {
			fclose(f);
			return error_set(e, ERR_USAGE, "config '%s' line %d: longer than %d characters", path, lineno, longest);
		}
	}
	rewind(f);
	struct parse p = {conf, ""};
	int line = ini_parse_file(f, handler, &p);
	fclose(f);
	if (line < 0)
		return error_set(e, ERR_FAIL, "cannot read config '%s'", path);
	if (line > 0)
		return error_set(e, ERR_USAGE, "config '%s' line %d: %s", path, line, p.why[0] ? p.why : "syntax error");
	for (int i = 0; i < conf->nnetworks; i++)
		if (conf->networks[i].nrpc == 0)
			return error_set(e, ERR_USAGE, "config '%s': network '%s' has no rpc", path, conf->networks[i].name);
	if (conf->network[0] && !conf_network(conf, conf->network))
		return error_set(e, ERR_USAGE, "config '%s': default network '%s' is not defined", path, conf->network);
	snprintf(conf->path, sizeof conf->path, "%s", path);
	return 0;
}
