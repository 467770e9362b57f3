/* depinctl: global options, then one command from the table (commands.c). */
#include "config.h"
#include "commands.h"
#include "opts.h"
#include "output.h"

#include <locale.h>
#include <sodium.h>

int main(int argc, char **argv)
{
	static struct ctx ctx;
	setlocale(LC_ALL, "");
	if (sodium_init() < 0) {
		fputs("depinctl: cannot initialise libsodium\n", stderr);
		return 1;
	}
	opts_resolve_home(&ctx);

	return command_dispatch(argc - 1, argv + 1, &ctx);
}
