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
#include <stdbool.h>
#include <sys/stat.h>
#include <windows.h>
#include <aclapi.h>

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

/* Wine derives a file's DACL from its Unix mode and keeps no other: tests
 * of accord's DACL checks skip there (they need Windows itself). */
static inline bool under_wine(void)
{
	return GetProcAddress(GetModuleHandleA("ntdll.dll"), "wine_get_version") != NULL;
}

/* Mode bits as a protected DACL: full access for the owner, and read for
 * Everyone when the group or other read bits are set (what accord's
 * Windows checks look at; under wine it becomes the Unix mode again). */
static inline int fchmod(int fd, int mode)
{
	BYTE owner_buf[256], everyone[SECURITY_MAX_SID_SIZE];
	union { ACL acl; BYTE buf[256]; } acl;
	DWORD n = sizeof(everyone);
	HANDLE tok;
	PSID me;

	if (!OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, &tok))
		return -1;
	if (!GetTokenInformation(tok, TokenUser, owner_buf, sizeof(owner_buf), &n)) {
		CloseHandle(tok);
		return -1;
	}
	CloseHandle(tok);
	me = ((TOKEN_USER *)owner_buf)->User.Sid;
	n = sizeof(everyone);
	if (!CreateWellKnownSid(WinWorldSid, NULL, everyone, &n) ||
	    !InitializeAcl(&acl.acl, sizeof(acl), ACL_REVISION) ||
	    !AddAccessAllowedAce(&acl.acl, ACL_REVISION, FILE_ALL_ACCESS, me))
		return -1;
	if ((mode & 044) && !AddAccessAllowedAce(&acl.acl, ACL_REVISION, FILE_GENERIC_READ,
						 (PSID)everyone))
		return -1;
	/* the descriptor's handle may lack WRITE_DAC: a second handle has it */
	HANDLE h = ReOpenFile((HANDLE)_get_osfhandle(fd), WRITE_DAC | READ_CONTROL,
			      FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, 0);
	DWORD rc;

	if (h == INVALID_HANDLE_VALUE)
		return -1;
	rc = SetSecurityInfo(h, SE_FILE_OBJECT,
			     DACL_SECURITY_INFORMATION | PROTECTED_DACL_SECURITY_INFORMATION,
			     NULL, NULL, &acl.acl, NULL);
	CloseHandle(h);
	return rc == ERROR_SUCCESS ? 0 : -1;
}
#endif
