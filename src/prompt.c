#include "config.h"
#include "prompt.h"
#include "file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>
#include <sodium.h>

int prompt_read_line(char *out, size_t out_size, int fd)
{
	size_t n = 0;
	int got = 0;
	for (;;) {
		char c;
		ssize_t r = read(fd, &c, 1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return ERR_FAIL;
		if (r == 0)
			break;
		got = 1;
		if (c == '\n')
			break;
		if (n + 1 >= out_size) {
			sodium_memzero(out, out_size);
			return ERR_USAGE;
		}
		out[n++] = c;
	}
	if (n && out[n - 1] == '\r')
		n--;
	out[n] = '\0';
	return got;
}

/* A no-echo prompt on the controlling terminal. */
static int tty_read(char *out, size_t out_size, const char *label, int echo, struct error *e)
{
	int fd = open("/dev/tty", O_RDWR | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return error_set(e, ERR_USAGE, "no terminal to ask for the %s: use --password-file, "
				 "DEPINCTL_PASSWORD_FILE or standard input", label);
	struct termios old, raw;
	int have_tio = tcgetattr(fd, &old) == 0;
	if (have_tio && !echo) {
		raw = old;
		raw.c_lflag &= ~(tcflag_t)(ECHO | ECHONL);
		raw.c_lflag |= ICANON;
		tcsetattr(fd, TCSAFLUSH, &raw);
	}
	dprintf(fd, "%s: ", label);
	int rc = prompt_read_line(out, out_size, fd);
	if (have_tio && !echo) {
		tcsetattr(fd, TCSAFLUSH, &old);
		dprintf(fd, "\n");
	}
	close(fd);
	if (rc == ERR_USAGE)
		return error_set(e, ERR_USAGE, "the %s is longer than %zu bytes", label, out_size - 1);
	if (rc <= 0)
		return error_set(e, ERR_USAGE, "no %s given", label);
	return 0;
}

int prompt_secret(char *out, size_t out_size, const char *label, struct error *e)
{
	if (!isatty(STDIN_FILENO)) {
		int rc = prompt_read_line(out, out_size, STDIN_FILENO);
		if (rc == ERR_USAGE)
			return error_set(e, ERR_USAGE, "the %s on standard input is longer than %zu bytes", label, out_size - 1);
		if (rc <= 0)
			return error_set(e, ERR_USAGE, "expected the %s on standard input, found nothing", label);
		return 0;
	}
	return tty_read(out, out_size, label, 0, e);
}

static int from_file(char *out, size_t out_size, const char *path, struct error *e)
{
	int rc = file_check_private(path, "password file", e);
	if (rc)
		return rc;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return error_set(e, ERR_NOTFOUND, "cannot open password file '%s': %s", path, strerror(errno));
	rc = prompt_read_line(out, out_size, fd);
	close(fd);
	if (rc == ERR_USAGE)
		return error_set(e, ERR_USAGE, "password file '%s' holds a line longer than %zu bytes", path, out_size - 1);
	if (rc < 0)
		return error_set(e, ERR_FAIL, "cannot read password file '%s'", path);
	if (rc == 0)
		out[0] = '\0';
	return 0;
}

/* 1 if a non-interactive source gave the password, 0 if none applies. */
static int from_sources(char *out, size_t out_size, struct ctx *ctx, struct error *e, int *rc)
{
	const char *file = ctx->password_file ? ctx->password_file : getenv("DEPINCTL_PASSWORD_FILE");
	if (file && *file) {
		*rc = from_file(out, out_size, file, e);
		return 1;
	}
	const char *env = getenv("DEPINCTL_PASSWORD");
	if (env) {
		if (strlen(env) >= out_size) {
			*rc = error_set(e, ERR_USAGE, "DEPINCTL_PASSWORD is longer than %zu bytes", out_size - 1);
			return 1;
		}
		strcpy(out, env);
		*rc = 0;
		return 1;
	}
	return 0;
}

int prompt_password(char *out, size_t out_size, struct ctx *ctx, const char *label, struct error *e)
{
	int rc;
	if (from_sources(out, out_size, ctx, e, &rc))
		return rc;
	return prompt_secret(out, out_size, label, e);
}

int prompt_new_password(char *out, size_t out_size, struct ctx *ctx, const char *label, struct error *e)
{
	int rc;
	if (!from_sources(out, out_size, ctx, e, &rc)) {
		if (!isatty(STDIN_FILENO)) {
			rc = prompt_secret(out, out_size, label, e);
		} else {
			rc = tty_read(out, out_size, label, 0, e);
			if (!rc) {
				char *again = sodium_malloc(out_size);
				if (!again)
					return error_set(e, ERR_FAIL, "out of memory");
				char label2[128];
				snprintf(label2, sizeof label2, "%s (again)", label);
				rc = tty_read(again, out_size, label2, 0, e);
				if (!rc && strcmp(out, again))
					rc = error_set(e, ERR_USAGE, "the two passwords differ");
				sodium_free(again);
			}
		}
	}
	if (rc)
		return rc;
	if (!out[0])
		return error_set(e, ERR_USAGE, "an empty password is refused: a key file is only as safe as its password");
	return 0;
}

int prompt_confirm(struct ctx *ctx, const char *question, struct error *e)
{
	if (ctx->yes)
		return 0;
	char answer[16];
	int fd = open("/dev/tty", O_RDWR | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return error_set(e, ERR_REFUSED, "%s: no terminal to confirm on; pass --yes to confirm", question);
	dprintf(fd, "%s [y/N] ", question);
	int rc = prompt_read_line(answer, sizeof answer, fd);
	close(fd);
	if (rc > 0 && (strcmp(answer, "y") == 0 || strcmp(answer, "yes") == 0 || strcmp(answer, "Y") == 0))
		return 0;
	return error_set(e, ERR_REFUSED, "declined: %s", question);
}
