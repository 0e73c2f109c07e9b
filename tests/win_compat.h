#pragma once
/* win_compat.h: the POSIX calls the unit tests use that mingw-w64 lacks,
 * for the Windows build of the tests only (tests/CMakeLists.txt includes it
 * first in every test file there; accord itself uses common/compat.h). */
#ifdef _WIN32
#include <direct.h>
#include <errno.h>
#include <io.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static inline int setenv(const char *name, const char *value, int overwrite)
{
	if (!overwrite && getenv(name))
		return 0;
	return _putenv_s(name, value) ? -1 : 0;
}

static inline int unsetenv(const char *name)
{
	return _putenv_s(name, "") ? -1 : 0;
}

static inline char *strndup(const char *s, size_t n)
{
	size_t len = strnlen(s, n);
	char *p = malloc(len + 1);

	if (p) {
		memcpy(p, s, len);
		p[len] = '\0';
	}
	return p;
}

/* "PREFIXXXXXXX": the X's replaced until a new directory is made */
static inline char *mkdtemp(char *tmpl)
{
	size_t n = strlen(tmpl);

	if (n < 6 || strcmp(tmpl + n - 6, "XXXXXX"))
		return errno = EINVAL, NULL;
	for (int tries = 0; tries < 100; tries++) {
		for (size_t i = n - 6; i < n; i++)
			tmpl[i] = "abcdefghijklmnopqrstuvwxyz0123456789"[rand() % 36];
		if (_mkdir(tmpl) == 0)
			return tmpl;
		if (errno != EEXIST)
			return NULL;
	}
	return NULL;
}

/* Windows has no mode bits beyond read-only: only that one is kept. */
static inline int fchmod(int fd, int mode)
{
	(void)fd;
	(void)mode;
	return 0;
}
#endif
