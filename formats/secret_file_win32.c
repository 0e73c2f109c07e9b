/* secret_file_win32.c: secret_file.h by the file's DACL (msvcrt's st_mode
 * copies the owner's bits to group and others, so it says nothing). */
#include "secret_file.h"

#include <aclapi.h>
#include <io.h>
#include <stdbool.h>
#include <windows.h>

#define READ_RIGHTS (FILE_READ_DATA | GENERIC_READ | GENERIC_ALL)

static bool is_sid(PSID sid, WELL_KNOWN_SID_TYPE type)
{
	BYTE buf[SECURITY_MAX_SID_SIZE];
	DWORD n = sizeof(buf);

	return CreateWellKnownSid(type, NULL, buf, &n) && EqualSid(sid, (PSID)buf);
}

static bool is_me(PSID sid)
{
	BYTE buf[256];
	DWORD n;
	HANDLE tok;
	bool me = false;

	if (OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, &tok)) {
		if (GetTokenInformation(tok, TokenUser, buf, sizeof(buf), &n))
			me = EqualSid(sid, ((TOKEN_USER *)buf)->User.Sid);
		CloseHandle(tok);
	}
	return me;
}

int secret_file_check_private(int fd, const struct stat *st, const char *path,
			      struct acc_error *err)
{
	PSECURITY_DESCRIPTOR sd = NULL;
	PSID owner = NULL;
	PACL dacl = NULL;
	DWORD rc;
	int ret = -1;

	(void)st;
	rc = GetSecurityInfo((HANDLE)_get_osfhandle(fd), SE_FILE_OBJECT,
			     OWNER_SECURITY_INFORMATION | DACL_SECURITY_INFORMATION, &owner,
			     NULL, &dacl, NULL, &sd);
	if (rc != ERROR_SUCCESS)
		return acc_fail(err, ACC_EIO, (long)rc, "cannot read the ACL of password file "
				"'%s': Windows error %lu", path, (unsigned long)rc);
	if (!dacl) {
		acc_fail(err, ACC_EPOLICY, 0, "password file '%s' has no ACL, so everyone may "
			 "read it; run 'icacls \"%s\" /inheritance:r /grant:r \"%%USERNAME%%:F\"'",
			 path, path);
		goto out;
	}
	for (DWORD i = 0; i < dacl->AceCount; i++) {
		ACE_HEADER *h;
		ACCESS_ALLOWED_ACE *a;
		PSID sid;

		if (!GetAce(dacl, i, (void **)&h) || h->AceType != ACCESS_ALLOWED_ACE_TYPE ||
		    (h->AceFlags & INHERIT_ONLY_ACE))
			continue;
		a = (ACCESS_ALLOWED_ACE *)h;
		sid = (PSID)&a->SidStart;
		if (!(a->Mask & READ_RIGHTS) || (owner && EqualSid(sid, owner)) || is_me(sid) ||
		    is_sid(sid, WinLocalSystemSid) || is_sid(sid, WinBuiltinAdministratorsSid))
			continue;
		acc_fail(err, ACC_EPOLICY, 0, "password file '%s' is readable by others than "
			 "its owner, SYSTEM and Administrators; run 'icacls \"%s\" "
			 "/inheritance:r /grant:r \"%%USERNAME%%:F\"'", path, path);
		goto out;
	}
	ret = 0;
out:
	LocalFree(sd);
	return ret;
}
