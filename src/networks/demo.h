/* The demo fleet (`depinctl dash --demo`, `devices --demo`, `export --demo`):
 * the real adapters against recorded responses bundled with depinctl
 * (ui/demo/NETWORK/routes.json, installed under $(pkgdatadir)/demo), and
 * the settings each network's folder gives (ui/demo/NETWORK/settings:
 * "key = value" lines of the adapter's config section). */
#ifndef DEPINCTL_NET_DEMO_H
#define DEPINCTL_NET_DEMO_H

#include <stddef.h>
#include "conf.h"
#include "error.h"
#include "networks/network.h"

/* The folder: $DEPINCTL_DEMO, else the source tree's ui/demo when it is
 * there, else $(pkgdatadir)/demo. ERR_NOTFOUND when none exists. */
int net_demo_folder(char *out, size_t out_size, struct error *e) WUR;
/* Adds the folder's settings to conf and makes env serve every request from
 * its recorded responses. */
int net_demo_setup(struct net_env *env, struct conf *conf, struct error *e) WUR;

#endif
