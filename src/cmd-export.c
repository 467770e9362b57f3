/* Placeholder until this command lands (replaced by its owner this session). */
#include "config.h"
#include "commands.h"
int cmd_export(int argc, char **argv, struct ctx *ctx)
{
	(void)argc;
	(void)argv;
	return error_set(&ctx->err, ERR_FAIL, "not built yet");
}
int cmd_exporter(int argc, char **argv, struct ctx *ctx)
{
	(void)argc;
	(void)argv;
	return error_set(&ctx->err, ERR_FAIL, "not built yet");
}
