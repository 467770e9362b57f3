/* Placeholder until the network commands land (this session). */
#include "config.h"
#include "commands.h"
#define STUB(fn) int fn(int argc, char **argv, struct ctx *ctx) { (void)argc; (void)argv; return error_set(&ctx->err, ERR_FAIL, "not built yet"); }
STUB(cmd_networks)
STUB(cmd_devices)
STUB(cmd_rewards)
STUB(cmd_metrics)
STUB(cmd_claim)
STUB(cmd_stake)
