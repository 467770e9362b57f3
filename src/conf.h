/* The configuration file (INI, read with libinih): defaults and network
 * presets with their RPC endpoints. Documented in depinctl.conf(5). */
#ifndef DEPINCTL_CONF_H
#define DEPINCTL_CONF_H

#include <stddef.h>
#include "error.h"

#define CONF_MAX_NETWORKS 32
#define CONF_MAX_RPC 8

enum conf_family { CONF_SOLANA, CONF_EVM };

struct conf_network {
	char name[32];
	enum conf_family family;
	unsigned long long chain_id; /* EVM only; 0: whatever eth_chainId answers */
	char rpc[CONF_MAX_RPC][512]; /* failover order */
	int nrpc;
};

/* A setting of a network adapter's section ([helium] oracle = URL): kept
 * as text, checked against the adapter's list by net_conf_check. */
#define CONF_MAX_SETTINGS 96
struct conf_setting {
	char section[32];
	char key[32];
	char value[512];
};

struct conf {
	char network[32]; /* default --network */
	char key[64];     /* default --key */
	char kdf[16];     /* interactive | moderate | sensitive: Argon2id limits for new key files */
	struct conf_network networks[CONF_MAX_NETWORKS];
	int nnetworks;
	struct conf_setting settings[CONF_MAX_SETTINGS];
	int nsettings;
	char path[4096];  /* the file read, or "" */
};

/* Fills conf with the built-in presets, then reads path if it exists
 * (required: a missing file is an error only when required). */
int conf_load(struct conf *conf, const char *path, int required, struct error *e) WUR;
/* The default path: $DEPINCTL_CONFIG, else $XDG_CONFIG_HOME/depinctl/config,
 * else ~/.config/depinctl/config. */
void conf_default_path(char *out, size_t out_size);
const struct conf_network *conf_network(const struct conf *conf, const char *name);
/* Checks a network name against the presets and the file's networks. */
int conf_network_check(const struct conf *conf, const char *name, struct error *e) WUR;

/* The value of key in section [section]; NULL when the file does not set it. */
const char *conf_setting(const struct conf *conf, const char *section, const char *key);

#endif
