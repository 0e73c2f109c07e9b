/* store_file_win32.c: the state database's file on Windows, the form of
 * store_file_posix.c's rules that Windows has: mode bits become the DACL,
 * the owning uid becomes the owner SID.
 *
 * Created files and directories get a protected DACL (nothing inherited
 * from %ProgramData%, which lets Users read) with full access for SYSTEM and
 * Administrators only, plus the user running accord when that user is
 * neither (a non-elevated user's own --state file). An existing file must be
 * owned by SYSTEM, Administrators or that user, and no ACE may let anyone
 * else write it (refused: saved plans may have been altered); ACEs that let
 * others only read it are removed, with a warning (the salt and fingerprints
 * would let a reader guess passwords offline). */
#include "store_int.h"

#include "xalloc.h"

#include <aclapi.h>
#include <stdlib.h>
#include <string.h>
#include <windows.h>

/* What counts as writing: changing the data, the DACL or the owner. */
#define WRITE_RIGHTS (FILE_WRITE_DATA | FILE_APPEND_DATA | WRITE_DAC | WRITE_OWNER | DELETE | \
		      GENERIC_WRITE | GENERIC_ALL)

struct sids {
	BYTE system[SECURITY_MAX_SID_SIZE];
	BYTE admins[SECURITY_MAX_SID_SIZE];
	BYTE user_buf[256];
	PSID user; /* the token's user; NULL when unknown */
};

static void sids_init(struct sids *k)
{
	DWORD n = sizeof(k->system);
	HANDLE tok;

	CreateWellKnownSid(WinLocalSystemSid, NULL, k->system, &n);
	n = sizeof(k->admins);
	CreateWellKnownSid(WinBuiltinAdministratorsSid, NULL, k->admins, &n);
	k->user = NULL;
	if (OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, &tok)) {
		if (GetTokenInformation(tok, TokenUser, k->user_buf, sizeof(k->user_buf), &n))
			k->user = ((TOKEN_USER *)k->user_buf)->User.Sid;
		CloseHandle(tok);
	}
}

static bool trusted(const struct sids *k, PSID sid)
{
	return EqualSid(sid, (PSID)k->system) || EqualSid(sid, (PSID)k->admins) ||
	       (k->user && EqualSid(sid, k->user));
}

/* The protected DACL of a new file or directory (see the top). acl must hold
 * 512 bytes. */
static bool private_dacl(const struct sids *k, ACL *acl, SECURITY_DESCRIPTOR *sd)
{
	DWORD inherit = OBJECT_INHERIT_ACE | CONTAINER_INHERIT_ACE;

	if (!InitializeAcl(acl, 512, ACL_REVISION) ||
	    !AddAccessAllowedAceEx(acl, ACL_REVISION, inherit, FILE_ALL_ACCESS, (PSID)k->system) ||
	    !AddAccessAllowedAceEx(acl, ACL_REVISION, inherit, FILE_ALL_ACCESS, (PSID)k->admins))
		return false;
	if (k->user && !EqualSid(k->user, (PSID)k->system) &&
	    !AddAccessAllowedAceEx(acl, ACL_REVISION, inherit, FILE_ALL_ACCESS, k->user))
		return false;
	return InitializeSecurityDescriptor(sd, SECURITY_DESCRIPTOR_REVISION) &&
	       SetSecurityDescriptorDacl(sd, TRUE, acl, FALSE) &&
	       SetSecurityDescriptorControl(sd, SE_DACL_PROTECTED, SE_DACL_PROTECTED);
}

static wchar_t *wide(const char *s)
{
	int n = MultiByteToWideChar(CP_UTF8, 0, s, -1, NULL, 0);
	wchar_t *w;

	if (n <= 0)
		return NULL;
	w = xmalloc((size_t)n * sizeof(*w));
	MultiByteToWideChar(CP_UTF8, 0, s, -1, w, n);
	return w;
}

static int win_fail(struct acc_error *err, int code, const char *what, const char *path)
{
	DWORD e = GetLastError();

	return acc_fail(err, code, (long)e, "%s %s: Windows error %lu", what, path,
			(unsigned long)e);
}

/* Creates the missing directories above path with the private DACL. */
static int make_parent(SECURITY_ATTRIBUTES *sa, const char *path,
		       struct acc_error *err)
{
	char *dir = xstrdup(path);
	wchar_t *w = NULL;
	int ret = -1;
	char *p, *last = NULL;

	for (p = dir; *p; p++)
		if (*p == '/' || *p == '\\')
			last = p;
	if (!last || last == dir) {
		ret = 0;
		goto out;
	}
	*last = '\0';
	/* skip "C:\" and "\\server\share\" */
	p = dir;
	if (p[0] && p[1] == ':')
		p += 2;
	for (p++; ; p++) {
		bool end = *p == '\0';
		char c = *p;

		if (c != '/' && c != '\\' && !end)
			continue;
		*p = '\0';
		free(w);
		w = wide(dir);
		if (w && !CreateDirectoryW(w, sa) && GetLastError() != ERROR_ALREADY_EXISTS &&
		    GetLastError() != ERROR_ACCESS_DENIED) {
			win_fail(err, ACC_EIO, "cannot create directory for the state database", dir);
			goto out;
		}
		if (end)
			break;
		*p = c;
	}
	ret = 0;
out:
	free(w);
	free(dir);
	return ret;
}

/* Checks owner and DACL of an existing file (see the top). */
static int check_file(struct store *s, const struct sids *k, SECURITY_ATTRIBUTES *sa,
		      const char *file, bool must_exist, struct acc_error *err)
{
	wchar_t *w = wide(file);
	PSECURITY_DESCRIPTOR sd = NULL;
	PSID owner = NULL;
	PACL dacl = NULL;
	DWORD rc, attr;
	bool readers = false;
	int ret = -1;

	attr = w ? GetFileAttributesW(w) : INVALID_FILE_ATTRIBUTES;
	if (attr == INVALID_FILE_ATTRIBUTES) {
		if (!must_exist && (GetLastError() == ERROR_FILE_NOT_FOUND ||
				    GetLastError() == ERROR_PATH_NOT_FOUND)) {
			ret = 0;
			goto out;
		}
		win_fail(err, ACC_EIO, "cannot open state database", file);
		goto out;
	}
	if (attr & FILE_ATTRIBUTE_DIRECTORY) {
		acc_fail(err, ACC_ESTATE, 0, "state database %s is not a regular file", file);
		goto out;
	}
	rc = GetNamedSecurityInfoW(w, SE_FILE_OBJECT,
				   OWNER_SECURITY_INFORMATION | DACL_SECURITY_INFORMATION,
				   &owner, NULL, &dacl, NULL, &sd);
	if (rc != ERROR_SUCCESS) {
		SetLastError(rc);
		win_fail(err, ACC_EIO, "cannot read the owner and ACL of", file);
		goto out;
	}
	if (!owner || !trusted(k, owner)) {
		acc_fail(err, ACC_ESTATE, 0, "state database %s belongs to neither SYSTEM, "
			 "Administrators nor the user running accord; use your own with "
			 "--state PATH", file);
		goto out;
	}
	if (!dacl) {
		acc_fail(err, ACC_ESTATE, 0, "state database %s has no ACL (everyone may "
			 "write it), so its saved plans may have been altered; check it, then "
			 "give it access for SYSTEM and Administrators only", file);
		goto out;
	}
	for (DWORD i = 0; i < dacl->AceCount; i++) {
		ACE_HEADER *h;
		ACCESS_ALLOWED_ACE *a;

		if (!GetAce(dacl, i, (void **)&h) || h->AceType != ACCESS_ALLOWED_ACE_TYPE ||
		    (h->AceFlags & INHERIT_ONLY_ACE))
			continue;
		a = (ACCESS_ALLOWED_ACE *)h;
		if (trusted(k, (PSID)&a->SidStart) || EqualSid((PSID)&a->SidStart, owner))
			continue;
		if (a->Mask & WRITE_RIGHTS) {
			acc_fail(err, ACC_ESTATE, 0, "state database %s may be written by "
				 "others than SYSTEM, Administrators and its owner, so its saved "
				 "plans may have been altered; check it, then remove their access",
				 file);
			goto out;
		}
		readers = true;
	}
	if (readers) {
		rc = SetNamedSecurityInfoW(w, SE_FILE_OBJECT, DACL_SECURITY_INFORMATION |
					   PROTECTED_DACL_SECURITY_INFORMATION, NULL, NULL,
					   ((SECURITY_DESCRIPTOR *)sa->lpSecurityDescriptor)->Dacl,
					   NULL);
		if (rc != ERROR_SUCCESS) {
			SetLastError(rc);
			win_fail(err, ACC_EIO, "cannot make private (SYSTEM and Administrators only)",
				 file);
			goto out;
		}
		free(s->warning);
		s->warning = xasprintf("state database %s was readable by others than SYSTEM, "
				       "Administrators and its owner; removed their access", file);
	}
	ret = 0;
out:
	LocalFree(sd);
	free(w);
	return ret;
}

int store_prepare_file(struct store *s, struct acc_error *err)
{
	struct sids k;
	union { ACL acl; BYTE buf[512]; } acl;
	SECURITY_DESCRIPTOR sd;
	SECURITY_ATTRIBUTES sa = { sizeof(sa), &sd, FALSE };
	wchar_t *w = NULL;
	char *side = NULL;
	HANDLE h;
	int ret = -1;

	sids_init(&k);
	if (!private_dacl(&k, &acl.acl, &sd))
		return win_fail(err, ACC_EIO, "cannot build the ACL for", s->path);
	if (make_parent(&sa, s->path, err) < 0)
		return -1;
	w = wide(s->path);
	if (!w)
		return acc_fail(err, ACC_EINVAL, 0, "state database path %s is not UTF-8", s->path);
	h = CreateFileW(w, GENERIC_READ | GENERIC_WRITE, 0, &sa, CREATE_NEW,
			FILE_ATTRIBUTE_NORMAL, NULL);
	if (h != INVALID_HANDLE_VALUE) {
		CloseHandle(h);
		ret = 0;
		goto out;
	}
	if (GetLastError() != ERROR_FILE_EXISTS) {
		win_fail(err, ACC_EIO, "cannot create state database", s->path);
		goto out;
	}
	if (check_file(s, &k, &sa, s->path, true, err) < 0)
		goto out;
	side = xasprintf("%s-wal", s->path);
	if (check_file(s, &k, &sa, side, false, err) < 0)
		goto out;
	free(side);
	side = xasprintf("%s-shm", s->path);
	if (check_file(s, &k, &sa, side, false, err) < 0)
		goto out;
	ret = 0;
out:
	free(side);
	free(w);
	return ret;
}
