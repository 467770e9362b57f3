/* What every command receives: the global options, the configuration, the
 * data folder, and the error buffer library code fills. */
#ifndef DEPINCTL_CTX_H
#define DEPINCTL_CTX_H

#include <stdio.h>
#include "error.h"
#include "conf.h"

struct ctx {
	/* global options (DESIGN.md's CLI contract) */
	int json, quiet, verbose, yes, dry_run, insecure;
	const char *config_path;   /* --config, $DEPINCTL_CONFIG, or the XDG default */
	const char *network;       /* --network preset name */
	const char *rpc;           /* --rpc URL */
	const char *key;           /* --key NAME */
	unsigned account;          /* --account N */
	int account_set;
	const char *password_file; /* --password-file FILE */

	char home[4096];           /* data folder: $DEPINCTL_HOME or $XDG_DATA_HOME/depinctl */
	struct conf conf;
	struct error err;
	int in_shell;              /* running inside `depinctl shell` */
};

#endif
