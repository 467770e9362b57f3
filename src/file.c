#include "config.h"
#include "file.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int file_read(char **out, size_t *out_len, const char *path, size_t max, struct error *e)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return error_set(e, errno == ENOENT ? ERR_NOTFOUND : ERR_FAIL, "cannot open '%s': %s", path, strerror(errno));
	struct stat st;
	if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
		close(fd);
		return error_set(e, ERR_USAGE, "'%s' is a folder, not a file", path);
	}
	size_t cap = 4096, len = 0;
	char *buf = malloc(cap);
	if (!buf) {
		close(fd);
		return error_set(e, ERR_FAIL, "out of memory reading '%s'", path);
	}
	for (;;) {
		if (len + 1 >= cap) {
			if (cap > max + 1) {
				free(buf);
				close(fd);
				return error_set(e, ERR_USAGE, "'%s' is larger than %zu bytes", path, max);
			}
			char *nb = realloc(buf, cap * 2);
			if (!nb) {
				free(buf);
				close(fd);
				return error_set(e, ERR_FAIL, "out of memory reading '%s'", path);
			}
			buf = nb;
			cap *= 2;
		}
		ssize_t n = read(fd, buf + len, cap - len - 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			int err = errno;
			free(buf);
			close(fd);
			return error_set(e, ERR_FAIL, "cannot read '%s': %s", path, strerror(err));
		}
		if (n == 0)
			break;
		len += (size_t)n;
		if (len > max) {
			free(buf);
			close(fd);
			return error_set(e, ERR_USAGE, "'%s' is larger than %zu bytes", path, max);
		}
	}
	close(fd);
	buf[len] = '\0';
	*out = buf;
	if (out_len)
		*out_len = len;
	return 0;
}

static int sync_dir_of(const char *path)
{
	char tmp[PATH_MAX];
	snprintf(tmp, sizeof tmp, "%s", path);
	int fd = open(dirname(tmp), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	int rc = fsync(fd);
	close(fd);
	return rc;
}

static int write_all(int fd, const void *data, size_t len)
{
	const char *p = data;
	while (len) {
		ssize_t n = write(fd, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

int file_write_atomic(const char *path, const void *data, size_t len, mode_t mode, int excl, struct error *e)
{
	char tmp[PATH_MAX];
	if (snprintf(tmp, sizeof tmp, "%s.tmp.XXXXXX", path) >= (int)sizeof tmp)
		return error_set(e, ERR_USAGE, "path too long: '%s'", path);
	if (excl && access(path, F_OK) == 0)
		return error_set(e, ERR_USAGE, "'%s' already exists", path);
	int fd = mkstemp(tmp);
	if (fd < 0)
		return error_set(e, ERR_FAIL, "cannot create a file beside '%s': %s", path, strerror(errno));
	int err = 0;
	if (fchmod(fd, mode) || write_all(fd, data, len) || fsync(fd))
		err = errno;
	if (close(fd) && !err)
		err = errno;
	if (err) {
		unlink(tmp);
		return error_set(e, ERR_FAIL, "cannot write '%s': %s", path, strerror(err ? err : EIO));
	}
	if (excl) {
		/* link(2) fails if the target appeared meanwhile: never replace. */
		if (link(tmp, path)) {
			err = errno;
			unlink(tmp);
			if (err == EEXIST)
				return error_set(e, ERR_USAGE, "'%s' already exists", path);
			return error_set(e, ERR_FAIL, "cannot write '%s': %s", path, strerror(err));
		}
		unlink(tmp);
	} else if (rename(tmp, path)) {
		err = errno;
		unlink(tmp);
		return error_set(e, ERR_FAIL, "cannot replace '%s': %s", path, strerror(err));
	}
	if (sync_dir_of(path))
		return error_set(e, ERR_FAIL, "cannot sync the folder of '%s': %s", path, strerror(errno));
	return 0;
}

int file_rename_noreplace(const char *from, const char *to, struct error *e)
{
	if (link(from, to)) {
		if (errno == EEXIST)
			return error_set(e, ERR_USAGE, "'%s' already exists", to);
		if (errno == ENOENT)
			return error_set(e, ERR_NOTFOUND, "'%s' does not exist", from);
		return error_set(e, ERR_FAIL, "cannot rename '%s': %s", from, strerror(errno));
	}
	/* Both names exist now; after a crash here the next run sees a duplicate,
	 * never a loss. */
	if (unlink(from))
		return error_set(e, ERR_FAIL, "cannot remove '%s': %s", from, strerror(errno));
	if (sync_dir_of(to))
		return error_set(e, ERR_FAIL, "cannot sync the folder of '%s': %s", to, strerror(errno));
	return 0;
}

int file_mkdirs(const char *path, mode_t mode, struct error *e)
{
	char tmp[PATH_MAX];
	if (snprintf(tmp, sizeof tmp, "%s", path) >= (int)sizeof tmp)
		return error_set(e, ERR_USAGE, "path too long: '%s'", path);
	for (char *p = tmp + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(tmp, 0700) && errno != EEXIST)
			return error_set(e, ERR_FAIL, "cannot create folder '%s': %s", tmp, strerror(errno));
		*p = '/';
	}
	if (mkdir(tmp, mode) && errno != EEXIST)
		return error_set(e, ERR_FAIL, "cannot create folder '%s': %s", tmp, strerror(errno));
	struct stat st;
	if (stat(tmp, &st) || !S_ISDIR(st.st_mode))
		return error_set(e, ERR_FAIL, "'%s' is not a folder", tmp);
	return 0;
}

int file_check_private(const char *path, const char *what, struct error *e)
{
	struct stat st;
	if (stat(path, &st))
		return error_set(e, errno == ENOENT ? ERR_NOTFOUND : ERR_FAIL, "cannot open %s '%s': %s", what, path, strerror(errno));
	if (st.st_uid != geteuid())
		return error_set(e, ERR_REFUSED, "%s '%s' belongs to another user (uid %u): refusing to use it", what, path, (unsigned)st.st_uid);
	if (st.st_mode & 077)
		return error_set(e, ERR_REFUSED,
				 "%s '%s' is accessible by others (mode %04o): refusing to use it; "
				 "if it is yours, run: chmod 600 '%s'",
				 what, path, (unsigned)(st.st_mode & 07777), path);
	return 0;
}

int file_remove(const char *path, struct error *e)
{
	if (unlink(path))
		return error_set(e, errno == ENOENT ? ERR_NOTFOUND : ERR_FAIL, "cannot remove '%s': %s", path, strerror(errno));
	sync_dir_of(path);
	return 0;
}
