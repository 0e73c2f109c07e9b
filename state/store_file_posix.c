/* store_file_posix.c: the state database's file on POSIX systems: created
 * 0600 in directories created 0700, owned by the user running accord. The
 * Windows form of the same rules is store_file_win32.c. */
#include "store_int.h"

#include "xalloc.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Creates the missing directories above path, 0700 each. */
static int make_parent(const char *path, struct acc_error *err)
{
	char *dir = xstrdup(path), *slash = strrchr(dir, '/');
	int ret = -1;

	if (!slash || slash == dir) {
		ret = 0;
		goto out;
	}
	*slash = '\0';
	for (char *p = dir + 1; ; p++) {
		bool end = *p == '\0';

		if (*p != '/' && !end)
			continue;
		*p = '\0';
		if (mkdir(dir, 0700) < 0 && errno != EEXIST) {
			acc_fail(err, ACC_EIO, errno, "cannot create directory %s for the state "
				 "database: %s", dir, strerror(errno));
			goto out;
		}
		if (end)
			break;
		*p = '/';
	}
	ret = 0;
out:
	free(dir);
	return ret;
}

/* Group- or world-writable: refused, someone else may have altered saved
 * plans. Only readable: tightened, since the fingerprints and their salt
 * would let a reader guess passwords offline. */
static int check_mode(struct store *s, const char *file, bool must_exist, struct acc_error *err)
{
	struct stat st;
	int fd = open(file, O_RDONLY | O_CLOEXEC), ret = -1;

	if (fd < 0) {
		if (errno == ENOENT && !must_exist)
			return 0;
		return acc_fail(err, ACC_EIO, errno, "cannot open state database %s: %s",
				file, strerror(errno));
	}
	if (fstat(fd, &st) < 0) {
		acc_fail(err, ACC_EIO, errno, "cannot stat %s: %s", file, strerror(errno));
		goto out;
	}
	if (!S_ISREG(st.st_mode)) {
		acc_fail(err, ACC_ESTATE, 0, "state database %s is not a regular file", file);
		goto out;
	}
	if (st.st_uid != geteuid()) {
		acc_fail(err, ACC_ESTATE, 0, "state database %s belongs to uid %u, not to the "
			 "user running accord (uid %u); use your own with --state PATH",
			 file, (unsigned)st.st_uid, (unsigned)geteuid());
		goto out;
	}
	if (st.st_mode & 022) {
		acc_fail(err, ACC_ESTATE, 0, "state database %s may be written by group or "
			 "others (mode %04o), so its saved plans may have been altered; check "
			 "it, then chmod 600 it", file, (unsigned)(st.st_mode & 07777));
		goto out;
	}
	if (st.st_mode & 077) {
		if (fchmod(fd, 0600) < 0) {
			acc_fail(err, ACC_EIO, errno, "cannot make %s private (chmod 600): %s",
				 file, strerror(errno));
			goto out;
		}
		free(s->warning);
		s->warning = xasprintf("state database %s was readable by group or others "
				       "(mode %04o); made it 0600", file,
				       (unsigned)(st.st_mode & 07777));
	}
	ret = 0;
out:
	close(fd);
	return ret;
}

/* Creates the file 0600 before SQLite sees it (no window where umask
 * decides), or checks the existing one and its -wal and -shm files; SQLite
 * gives those the main file's mode. */
int store_prepare_file(struct store *s, struct acc_error *err)
{
	char *side = NULL;
	int fd, ret = -1;

	if (make_parent(s->path, err) < 0)
		return -1;
	fd = open(s->path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd >= 0) {
		close(fd);
		return 0;
	}
	if (errno != EEXIST)
		return acc_fail(err, ACC_EIO, errno, "cannot create state database %s: %s",
				s->path, strerror(errno));
	if (check_mode(s, s->path, true, err) < 0)
		goto out;
	side = xasprintf("%s-wal", s->path);
	if (check_mode(s, side, false, err) < 0)
		goto out;
	free(side);
	side = xasprintf("%s-shm", s->path);
	if (check_mode(s, side, false, err) < 0)
		goto out;
	ret = 0;
out:
	free(side);
	return ret;
}
