/* HD derivation paths (wallet/hd.h hd_path_parse): any text. A path that
 * parses is written back in the canonical form (m/44'/0), which parses to
 * the same components. */
#include "config.h"
#include "fuzz.h"

#include "wallet/hd.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_string(data, size);
	uint32_t path[HD_DEPTH_MAX], again[HD_DEPTH_MAX];
	size_t depth = 0, depth2 = 0;

	if (hd_path_parse(path, HD_DEPTH_MAX, &depth, s) == 0) {
		char canon[HD_DEPTH_MAX * 12 + 2];
		size_t o = 0;
		FUZZ_CHECK(depth <= HD_DEPTH_MAX);
		canon[o++] = 'm';
		for (size_t i = 0; i < depth; i++)
			o += (size_t)snprintf(canon + o, sizeof canon - o, "/%u%s", path[i] & ~HD_HARDENED,
					      (path[i] & HD_HARDENED) ? "'" : "");
		canon[o] = '\0';
		FUZZ_CHECK(hd_path_parse(again, HD_DEPTH_MAX, &depth2, canon) == 0);
		FUZZ_CHECK(depth2 == depth && memcmp(again, path, depth * sizeof *path) == 0);
		/* a shorter limit refuses a longer path */
		if (depth > 0)
			FUZZ_CHECK(hd_path_parse(again, depth - 1, &depth2, s) != 0);
	}
	/* the five levels a wallet uses */
	(void)!hd_path_parse(path, 5, &depth, s);
	free(s);
	return 0;
}
