/* Placeholder until this command lands (replaced by its owner this session). */
#include "config.h"
#include "commands.h"
int cmd_dc(int argc, char **argv, struct ctx *ctx)
{
	(void)argc;
	(void)argv;
	return error_set(&ctx->err, ERR_FAIL, "not built yet");
}
