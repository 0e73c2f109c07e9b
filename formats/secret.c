/* secret.c: password references to passwords (env, file, cpassword, literal). */
#include "secret.h"
#include "secret_file.h"

#include "cpassword.h"
#include "error.h"
#include "model.h"
#include "xalloc.h"

#include <openssl/crypto.h>

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Longest first line accepted from a {file:} source, newline excluded. */
#define SECRET_LINE_MAX 1024

static char *path_beside(const char *source_file, const char *path)
{
	const char *slash;

	if (path[0] == '/' || !source_file)
		return xstrdup(path);
	slash = strrchr(source_file, '/');
	if (!slash)
		return xstrdup(path);
	return xasprintf("%.*s/%s", (int)(slash - source_file), source_file, path);
}

static int secret_from_env(const char *name, char **out, struct acc_error *err)
{
	const char *v = getenv(name);

	if (!v)
		return acc_fail(err, ACC_EINVAL, 0,
				"environment variable '%s' is not set; export it before running accord",
				name);
	if (!*v)
		return acc_fail(err, ACC_EINVAL, 0,
				"environment variable '%s' is empty; set it to the password", name);
	*out = xstrdup(v);
	return 0;
}

static int secret_from_file(const char *ref, const char *source_file, char **out,
			    struct acc_error *err)
{
	char *path = path_beside(source_file, ref);
	char buf[SECRET_LINE_MAX + 2];
	size_t n = 0, line;
	struct stat st;
	int fd = -1, rc = -1;

	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0) {
		acc_fail(err, ACC_EIO, errno, "cannot open password file '%s': %s", path,
			 strerror(errno));
		goto out;
	}
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		acc_fail(err, ACC_EIO, errno, "password file '%s' is not a regular file", path);
		goto out;
	}
	/* checked on the open descriptor, so a rename in between cannot fool it */
	if (secret_file_check_private(fd, &st, path, err) < 0)
		goto out;
	while (n < sizeof(buf) - 1) {
		ssize_t r = read(fd, buf + n, sizeof(buf) - 1 - n);

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			acc_fail(err, ACC_EIO, errno, "cannot read password file '%s': %s", path,
				 strerror(errno));
			goto out;
		}
		if (r == 0)
			break;
		n += (size_t)r;
		if (memchr(buf, '\n', n))
			break;
	}
	buf[n] = '\0';
	line = strcspn(buf, "\n");
	if (line > 0 && buf[line - 1] == '\r')
		line--;
	if (line > SECRET_LINE_MAX) {
		acc_fail(err, ACC_EINVAL, 0,
			 "password file '%s': first line is longer than %d bytes", path,
			 SECRET_LINE_MAX);
		goto out;
	}
	if (line == 0 || memchr(buf, '\0', line)) {
		acc_fail(err, ACC_EINVAL, 0, "password file '%s': first line is %s", path,
			 line ? "not text (holds a NUL byte)" : "empty");
		goto out;
	}
	*out = xstrndup(buf, line);
	rc = 0;
out:
	OPENSSL_cleanse(buf, sizeof(buf));
	if (fd >= 0)
		close(fd);
	free(path);
	return rc;
}

static int secret_resolve_at(const struct m_password *pw, const struct src_pos *pos,
			     char **out, struct diags *warn, struct acc_error *err)
{
	switch (pw->kind) {
	case PW_ENV:
		return secret_from_env(pw->ref, out, err);
	case PW_FILE:
		return secret_from_file(pw->ref, pos->file, out, err);
	case PW_CPASSWORD:
		return cpassword_decrypt(pw->ref, out, warn, pos, err);
	case PW_LITERAL:
		*out = xstrdup(pw->ref);
		return 0;
	case PW_NONE:
		break;
	}
	return acc_fail(err, ACC_EINVAL, 0, "no password is stated");
}

int secret_resolve(const struct m_password *pw, const char *source_file, char **out,
		   struct diags *warn, struct acc_error *err)
{
	struct src_pos pos = { source_file, 0, 0 };

	if (pw->kind != PW_NONE && !pw->ref)
		return acc_fail(err, ACC_EINVAL, 0, "password reference is missing");
	return secret_resolve_at(pw, &pos, out, warn, err);
}

int secret_resolve_user(const struct m_user *u, char **out, struct diags *warn,
			struct acc_error *err)
{
	if (u->password.kind != PW_NONE && !u->password.ref)
		acc_fail(err, ACC_EINVAL, 0, "password reference is missing");
	else if (secret_resolve_at(&u->password, &u->pos, out, warn, err) == 0)
		return 0;
	return acc_wrap(err, "%s:%u:%u: password of user '%s'",
			u->pos.file ? u->pos.file : "-", u->pos.line, u->pos.col,
			u->name ? u->name : "?");
}

void secret_free(char *s)
{
	if (!s)
		return;
	OPENSSL_cleanse(s, strlen(s));
	free(s);
}
