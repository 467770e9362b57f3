/* Files the user owns: read whole, written atomically (temp file, fsync,
 * rename, fsync of the folder), private modes checked as ssh does. */
#ifndef DEPINCTL_FILE_H
#define DEPINCTL_FILE_H

#include <stddef.h>
#include <sys/types.h>
#include "error.h"

/* Reads a whole file (at most max bytes) into a malloc'd, NUL-terminated buffer. */
int file_read(char **out, size_t *out_len, const char *path, size_t max, struct error *e) WUR;
/* Writes data to path atomically with the given mode: a crash or kill at any
 * point leaves either the old file or the new one, whole. excl: fail with
 * ERR_USAGE if path exists (checked again at the rename with link(2)). */
int file_write_atomic(const char *path, const void *data, size_t len, mode_t mode, int excl, struct error *e) WUR;
/* Renames without replacing an existing target (ERR_USAGE if it exists). */
int file_rename_noreplace(const char *from, const char *to, struct error *e) WUR;
/* Creates a folder and its parents; the last one gets mode (others 0700). An
 * existing last folder keeps its mode. */
int file_mkdirs(const char *path, mode_t mode, struct error *e) WUR;
/* Refuses (ERR_REFUSED) a file that group or others can read or write, or that
 * another user owns; what names the file's role in the message ("key file"). */
int file_check_private(const char *path, const char *what, struct error *e) WUR;
/* Removes a file and syncs its folder. */
int file_remove(const char *path, struct error *e) WUR;

#endif
