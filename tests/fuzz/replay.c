/* Replays inputs through a fuzz target's LLVMFuzzerTestOneInput without
 * libFuzzer, so the regression inputs and the seed corpus run in make check
 * with the ordinary build (and under valgrind or the sanitizers).
 *
 *   replay-NAME            every file of $srcdir/tests/fuzz/regressions/NAME
 *                          and $srcdir/tests/fuzz/corpus/NAME, as TAP
 *   replay-NAME PATH...    those files, or every file of those folders
 *
 * NAME comes from the program's own name. Each input's path is written to
 * stderr (the test log) before it runs, so a crash names its input. */
#include "config.h"
#include "fuzz.h"

#include <dirent.h>
#include <errno.h>
#include <sys/stat.h>

int LLVMFuzzerInitialize(int *argc, char ***argv) __attribute__((weak));

static int read_file(uint8_t **out, size_t *out_len, const char *path)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf = NULL;
	size_t len = 0, cap = 0;
	if (!f)
		return -1;
	for (;;) {
		if (len == cap) {
			size_t ncap = cap ? cap * 2 : 4096;
			uint8_t *n = realloc(buf, ncap);
			if (!n) {
				free(buf);
				fclose(f);
				return -1;
			}
			buf = n;
			cap = ncap;
		}
		size_t got = fread(buf + len, 1, cap - len, f);
		len += got;
		if (got == 0)
			break;
	}
	int bad = ferror(f);
	fclose(f);
	if (bad) {
		free(buf);
		return -1;
	}
	*out = buf;
	*out_len = len;
	return 0;
}

/* Runs one file through the target; -1 if it cannot be read. */
static int replay_file(const char *path)
{
	uint8_t *data = NULL, *exact;
	size_t len = 0;
	if (read_file(&data, &len, path) != 0) {
		fprintf(stderr, "cannot read '%s': %s\n", path, strerror(errno));
		return -1;
	}
	/* a buffer of exactly the input's size, as libFuzzer passes it */
	exact = fuzz_copy(data, len);
	free(data);
	fprintf(stderr, "%s\n", path);
	LLVMFuzzerTestOneInput(exact, len);
	free(exact);
	return 0;
}

static int skip_name(const struct dirent *d)
{
	return d->d_name[0] != '.' && strcmp(d->d_name, "README.md") != 0;
}

/* Every file of dir, in name order; *count gets how many ran. -1 if dir
 * cannot be read, -2 if a file cannot. */
static int replay_dir(const char *dir, size_t *count)
{
	struct dirent **names;
	int n = scandir(dir, &names, skip_name, alphasort), rc = 0;
	*count = 0;
	if (n < 0)
		return -1;
	for (int i = 0; i < n; i++) {
		char path[4096];
		snprintf(path, sizeof path, "%s/%s", dir, names[i]->d_name);
		if (rc == 0 && replay_file(path) != 0)
			rc = -2;
		else if (rc == 0)
			(*count)++;
		free(names[i]);
	}
	free(names);
	return rc;
}

static int is_dir(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

int main(int argc, char **argv)
{
	const char *base = strrchr(argv[0], '/');
	const char *name = base ? base + 1 : argv[0];
	const char *srcdir = getenv("srcdir");
	int failed = 0;

	if (strncmp(name, "replay-", 7) == 0)
		name += 7;
	if (LLVMFuzzerInitialize)
		LLVMFuzzerInitialize(&argc, &argv);

	if (argc > 1) {
		for (int i = 1; i < argc; i++) {
			size_t count;
			if (is_dir(argv[i]) ? replay_dir(argv[i], &count) != 0 : replay_file(argv[i]) != 0)
				failed = 1;
		}
		return failed;
	}

	/* make check: the regressions (may be none yet) and the seed corpus (required) */
	static const char *const kinds[] = { "regressions", "corpus" };
	printf("1..2\n");
	for (int k = 0; k < 2; k++) {
		char dir[4096];
		size_t count = 0;
		snprintf(dir, sizeof dir, "%s/tests/fuzz/%s/%s", srcdir ? srcdir : ".", kinds[k], name);
		int rc = replay_dir(dir, &count);
		if (rc == -1 && k == 0 && errno == ENOENT)
			rc = 0;
		if (rc == 0 && k == 1 && count == 0)
			rc = -1;
		printf("%s %d - fuzz-%s: %zu %s input%s%s\n", rc == 0 ? "ok" : "not ok", k + 1, name, count,
		       k == 0 ? "regression" : "seed corpus", count == 1 ? "" : "s",
		       rc == -1 ? " (folder missing or empty)" : rc == -2 ? " (a file cannot be read)" : "");
		fflush(stdout);
		if (rc)
			failed = 1;
	}
	return failed;
}
