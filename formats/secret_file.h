#pragma once
/* secret_file.h: is a {file:} password source private to its owner?
 * POSIX: no group or other read bits (secret_file_posix.c); Windows: no
 * ACE that lets anyone but the owner, the user running accord, SYSTEM and
 * Administrators read it (secret_file_win32.c). */

#include "error.h"

#include <sys/stat.h>

/* fd and st: the open file and its fstat. 0 when private, else -1 with err
 * (ACC_EPOLICY, saying how to fix it; never the file's content). */
int secret_file_check_private(int fd, const struct stat *st, const char *path,
			      struct acc_error *err);
