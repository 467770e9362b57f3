/* Secrets and confirmations. Secrets never come from argv: a password is read
 * from --password-file, $DEPINCTL_PASSWORD_FILE, $DEPINCTL_PASSWORD, a line of
 * standard input when it is not a terminal, or a no-echo prompt on the
 * terminal, in that order. Buffers are the caller's (sodium_malloc'd). */
#ifndef DEPINCTL_PROMPT_H
#define DEPINCTL_PROMPT_H

#include <stddef.h>
#include "ctx.h"

#define PROMPT_SECRET_MAX 1024

/* Reads one line of a secret (the imported mnemonic or key): from standard
 * input when it is not a terminal, else a no-echo prompt showing label. */
int prompt_secret(char *out, size_t out_size, const char *label, struct error *e) WUR;
/* The password of an existing key, from the sources above. */
int prompt_password(char *out, size_t out_size, struct ctx *ctx, const char *label, struct error *e) WUR;
/* A new password: from the same sources; on a terminal, asked twice. Empty
 * passwords are refused. */
int prompt_new_password(char *out, size_t out_size, struct ctx *ctx, const char *label, struct error *e) WUR;
/* Asks "question [y/N]" on the terminal unless --yes; ERR_REFUSED if declined
 * or if there is no terminal to ask on. */
int prompt_confirm(struct ctx *ctx, const char *question, struct error *e) WUR;
/* Reads a line from a file descriptor into out without stdio buffering (so no
 * copy of a secret stays in libc's buffers); strips the newline. 1 on a line,
 * 0 at end of input, negative on error. */
int prompt_read_line(char *out, size_t out_size, int fd) WUR;

#endif
