/* nu_status.c: one meaning for the raw codes of every platform.
 *
 * netapi32 answers with NERR_* codes (2221 user not found, ...), Samba's
 * libnetapi with Win32 ERROR_* codes for the same cases (1332, ...), and
 * Samba's SAMR client with NTSTATUS. accord only ever sees enum nu_status;
 * the raw code stays in nu_result.raw for traces. */
#include "nu_internal.h"

#include <stdio.h>
#include <string.h>

struct code_map {
	uint32_t code;
	enum nu_status st;
};

static const struct code_map win32_map[] = {
	{ 2221, NU_NOT_FOUND },        /* NERR_UserNotFound */
	{ 1332, NU_NOT_FOUND },        /* ERROR_NONE_MAPPED (Samba, unknown user) */
	{ 1317, NU_NOT_FOUND },        /* ERROR_NO_SUCH_USER */
	{ 2224, NU_EXISTS },           /* NERR_UserExists */
	{ 1316, NU_EXISTS },           /* ERROR_USER_EXISTS */
	{ 2223, NU_EXISTS },           /* NERR_GroupExists */
	{ 1379, NU_EXISTS },           /* ERROR_ALIAS_EXISTS */
	{ 2245, NU_PASSWORD_POLICY },  /* NERR_PasswordTooShort */
	{ 2244, NU_PASSWORD_POLICY },  /* NERR_PasswordHistConflict */
	{ 1325, NU_PASSWORD_POLICY },  /* ERROR_PASSWORD_RESTRICTION */
	{ 5, NU_ACCESS_DENIED },       /* ERROR_ACCESS_DENIED */
	{ 2452, NU_LAST_ADMIN },       /* NERR_LastAdmin */
	{ 53, NU_UNREACHABLE },        /* ERROR_BAD_NETPATH */
	{ 51, NU_UNREACHABLE },        /* ERROR_REM_NOT_LIST */
	{ 67, NU_UNREACHABLE },        /* ERROR_BAD_NET_NAME */
	{ 1003, NU_UNREACHABLE },      /* Samba: cannot connect to IPC$ */
	{ 1326, NU_UNREACHABLE },      /* ERROR_LOGON_FAILURE */
	{ 1327, NU_UNREACHABLE },      /* ERROR_ACCOUNT_RESTRICTION */
	{ 1330, NU_UNREACHABLE },      /* ERROR_PASSWORD_EXPIRED (our own logon) */
	{ 1331, NU_UNREACHABLE },      /* ERROR_ACCOUNT_DISABLED (our own logon) */
	{ 1909, NU_UNREACHABLE },      /* ERROR_ACCOUNT_LOCKED_OUT (our own logon) */
	{ 1311, NU_UNREACHABLE },      /* ERROR_NO_LOGON_SERVERS */
	{ 1722, NU_UNREACHABLE },      /* RPC_S_SERVER_UNAVAILABLE */
	{ 2152, NU_UNREACHABLE },      /* Samba: cannot open the pipe */
	{ 2351, NU_UNREACHABLE },      /* NERR_InvalidComputer */
	{ 2220, NU_GROUP_NOT_FOUND },  /* NERR_GroupNotFound */
	{ 1376, NU_GROUP_NOT_FOUND },  /* ERROR_NO_SUCH_ALIAS */
	{ 1319, NU_GROUP_NOT_FOUND },  /* ERROR_NO_SUCH_GROUP */
	{ 1378, NU_ALREADY_MEMBER },   /* ERROR_MEMBER_IN_ALIAS */
	{ 1320, NU_ALREADY_MEMBER },   /* ERROR_MEMBER_IN_GROUP */
	{ 1377, NU_NOT_MEMBER },       /* ERROR_MEMBER_NOT_IN_ALIAS */
	{ 1321, NU_NOT_MEMBER },       /* ERROR_MEMBER_NOT_IN_GROUP */
	{ 50, NU_NOT_SUPPORTED },      /* ERROR_NOT_SUPPORTED */
	{ 124, NU_NOT_SUPPORTED },     /* ERROR_INVALID_LEVEL */
	{ 87, NU_INVALID_PARAM },      /* ERROR_INVALID_PARAMETER */
	{ 1315, NU_INVALID_PARAM },    /* ERROR_INVALID_ACCOUNT_NAME */
	{ 123, NU_INVALID_PARAM },     /* ERROR_INVALID_NAME */
};

static const struct code_map ntstatus_map[] = {
	{ 0xC0000073, NU_NOT_FOUND },        /* NT_STATUS_NONE_MAPPED */
	{ 0xC0000064, NU_NOT_FOUND },        /* NT_STATUS_NO_SUCH_USER */
	{ 0xC0000063, NU_EXISTS },           /* NT_STATUS_USER_EXISTS */
	{ 0xC0000065, NU_EXISTS },           /* NT_STATUS_GROUP_EXISTS */
	{ 0xC0000154, NU_EXISTS },           /* NT_STATUS_ALIAS_EXISTS */
	{ 0xC000006C, NU_PASSWORD_POLICY },  /* NT_STATUS_PASSWORD_RESTRICTION */
	{ 0xC0000022, NU_ACCESS_DENIED },    /* NT_STATUS_ACCESS_DENIED */
	{ 0xC0000069, NU_LAST_ADMIN },       /* NT_STATUS_LAST_ADMIN */
	{ 0xC000006D, NU_UNREACHABLE },      /* NT_STATUS_LOGON_FAILURE */
	{ 0xC000006E, NU_UNREACHABLE },      /* NT_STATUS_ACCOUNT_RESTRICTION */
	{ 0xC0000071, NU_UNREACHABLE },      /* NT_STATUS_PASSWORD_EXPIRED */
	{ 0xC0000072, NU_UNREACHABLE },      /* NT_STATUS_ACCOUNT_DISABLED */
	{ 0xC0000224, NU_UNREACHABLE },      /* NT_STATUS_PASSWORD_MUST_CHANGE */
	{ 0xC0000234, NU_UNREACHABLE },      /* NT_STATUS_ACCOUNT_LOCKED_OUT */
	{ 0xC0000236, NU_UNREACHABLE },      /* NT_STATUS_CONNECTION_REFUSED */
	{ 0xC000023C, NU_UNREACHABLE },      /* NT_STATUS_NETWORK_UNREACHABLE */
	{ 0xC000023D, NU_UNREACHABLE },      /* NT_STATUS_HOST_UNREACHABLE */
	{ 0xC00000B5, NU_UNREACHABLE },      /* NT_STATUS_IO_TIMEOUT */
	{ 0xC000020C, NU_UNREACHABLE },      /* NT_STATUS_CONNECTION_DISCONNECTED */
	{ 0xC000020D, NU_UNREACHABLE },      /* NT_STATUS_CONNECTION_RESET */
	{ 0xC0000241, NU_UNREACHABLE },      /* NT_STATUS_CONNECTION_ABORTED */
	{ 0xC00000BE, NU_UNREACHABLE },      /* NT_STATUS_BAD_NETWORK_PATH */
	{ 0xC00000CC, NU_UNREACHABLE },      /* NT_STATUS_BAD_NETWORK_NAME */
	{ 0xC0000122, NU_UNREACHABLE },      /* NT_STATUS_INVALID_COMPUTER_NAME */
	{ 0xC000015B, NU_UNREACHABLE },      /* NT_STATUS_LOGON_TYPE_NOT_GRANTED */
	{ 0xC0000151, NU_GROUP_NOT_FOUND },  /* NT_STATUS_NO_SUCH_ALIAS */
	{ 0xC0000066, NU_GROUP_NOT_FOUND },  /* NT_STATUS_NO_SUCH_GROUP */
	{ 0xC0000153, NU_ALREADY_MEMBER },   /* NT_STATUS_MEMBER_IN_ALIAS */
	{ 0xC0000067, NU_ALREADY_MEMBER },   /* NT_STATUS_MEMBER_IN_GROUP */
	{ 0xC0000152, NU_NOT_MEMBER },       /* NT_STATUS_MEMBER_NOT_IN_ALIAS */
	{ 0xC0000068, NU_NOT_MEMBER },       /* NT_STATUS_MEMBER_NOT_IN_GROUP */
	{ 0xC00000BB, NU_NOT_SUPPORTED },    /* NT_STATUS_NOT_SUPPORTED */
	{ 0xC0000002, NU_NOT_SUPPORTED },    /* NT_STATUS_NOT_IMPLEMENTED */
	{ 0xC0000003, NU_NOT_SUPPORTED },    /* NT_STATUS_INVALID_INFO_CLASS */
	{ 0xC002002E, NU_NOT_SUPPORTED },    /* NT_STATUS_RPC_PROCNUM_OUT_OF_RANGE */
	{ 0xC000000D, NU_INVALID_PARAM },    /* NT_STATUS_INVALID_PARAMETER */
	{ 0xC0000062, NU_INVALID_PARAM },    /* NT_STATUS_INVALID_ACCOUNT_NAME */
};

static enum nu_status lookup(const struct code_map *m, size_t n, uint32_t code)
{
	if (code == 0)
		return NU_OK;
	for (size_t i = 0; i < n; i++)
		if (m[i].code == code)
			return m[i].st;
	return NU_OTHER;
}

enum nu_status nu_status_from_win32(uint32_t code)
{
	return lookup(win32_map, sizeof(win32_map) / sizeof(win32_map[0]), code);
}

enum nu_status nu_status_from_ntstatus(uint32_t nt)
{
	return lookup(ntstatus_map, sizeof(ntstatus_map) / sizeof(ntstatus_map[0]), nt);
}

const char *nu_status_reason(enum nu_status st)
{
	static const char *const reasons[] = {
		[NU_OK] = "success",
		[NU_NOT_FOUND] = "no such account",
		[NU_EXISTS] = "the account already exists",
		[NU_PASSWORD_POLICY] = "the password does not meet the password policy",
		[NU_ACCESS_DENIED] = "access denied (the connecting account lacks the right)",
		[NU_LAST_ADMIN] = "that would remove the last administrator",
		[NU_UNREACHABLE] = "server unreachable or logon failed",
		[NU_GROUP_NOT_FOUND] = "no such local group",
		[NU_ALREADY_MEMBER] = "already a member of the group",
		[NU_NOT_MEMBER] = "not a member of the group",
		[NU_NOT_SUPPORTED] = "not supported by this server",
		[NU_INVALID_PARAM] = "invalid parameter",
		[NU_OTHER] = "unexpected error",
	};

	return (unsigned)st < sizeof(reasons) / sizeof(reasons[0]) ? reasons[st] : "unexpected error";
}

const char *nu_parm_name(uint32_t parm_err)
{
	/* USER_*_PARMNUM, lmaccess.h: the level that sets the field alone. */
	static const struct {
		uint32_t num;
		const char *name;
	} names[] = {
		{ 1, "name" }, { 3, "password" }, { 4, "password_age" }, { 5, "priv" },
		{ 6, "home_dir" }, { 7, "comment" }, { 8, "flags" }, { 9, "script_path" },
		{ 10, "auth_flags" }, { 11, "full_name" }, { 12, "usr_comment" },
		{ 13, "parms" }, { 14, "workstations" }, { 17, "acct_expires" },
		{ 18, "max_storage" }, { 20, "logon_hours" }, { 24, "country_code" },
		{ 25, "code_page" }, { 51, "primary_group_id" }, { 52, "profile" },
		{ 53, "home_dir_drive" },
	};

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (names[i].num == parm_err)
			return names[i].name;
	return NULL;
}

int nu_ok(struct nu_result *res)
{
	memset(res, 0, sizeof(*res));
	return 0;
}

int nu_fail(struct nu_result *res, enum nu_status st, uint32_t raw, const char *fmt, ...)
{
	va_list ap;

	res->status = st;
	res->raw = raw;
	res->parm_err = 0;
	va_start(ap, fmt);
	vsnprintf(res->msg, sizeof(res->msg), fmt, ap);
	va_end(ap);
	return -1;
}

int nu_fail_win32(struct nu_result *res, uint32_t code, uint32_t parm_err, const char *what)
{
	enum nu_status st = nu_status_from_win32(code);
	const char *field = parm_err ? nu_parm_name(parm_err) : NULL;

	if (field)
		nu_fail(res, st, code, "%s: %s (field %s, code %u)", what, nu_status_reason(st),
			field, code);
	else
		nu_fail(res, st, code, "%s: %s (code %u)", what, nu_status_reason(st), code);
	res->parm_err = parm_err;
	return -1;
}

int nu_fail_ntstatus(struct nu_result *res, uint32_t nt, const char *what)
{
	enum nu_status st = nu_status_from_ntstatus(nt);

	return nu_fail(res, st, nt, "%s: %s (NTSTATUS 0x%08x)", what, nu_status_reason(st), nt);
}
