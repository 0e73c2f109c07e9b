/* secret_file_posix.c: secret_file.h by mode bits. */
#include "secret_file.h"

int secret_file_check_private(int fd, const struct stat *st, const char *path,
			      struct acc_error *err)
{
	(void)fd;
	if (st->st_mode & (S_IRGRP | S_IROTH))
		return acc_fail(err, ACC_EPOLICY, 0,
				"password file '%s' is readable by %s (mode %04o); run "
				"'chmod 600 %s'", path,
				st->st_mode & S_IROTH ? "others" : "its group",
				(unsigned)(st->st_mode & 07777), path);
	return 0;
}
