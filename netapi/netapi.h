#pragma once
/* netapi.h: accord's one door to the platform account API (NetUser*).
 *
 * Speaks NetUser semantics in UTF-8 whatever is below: Samba's libnetapi
 * plus its SAMR client on Linux (nu_samba*.c), netapi32 on Windows
 * (nu_win32.c). Nothing else in accord calls the platform API.
 *
 * RULE: one process talks to one server. libnetapi keeps one global context
 * and caches IPC$ connections and SAMR handles that are not keyed by server,
 * so a second nu_connect() to another server (or with other credentials) in
 * the same process is refused with NU_INVALID_PARAM. Fan out across servers
 * with processes, not threads. A connection is not thread-safe.
 *
 * Ownership: every struct the layer fills (nu_user, nu_lgroup, arrays) is
 * owned by the caller and released with the matching _free/_release; outputs
 * are untouched on failure. Every call takes a struct nu_result that, on
 * failure, holds the portable status, the raw platform code and a message
 * that never contains a password. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* UF_* account flags, fixed by MS-SAMR 2.2.1.12 / lmaccess.h. Samba's
 * netapi.h does not define them; netapi32's lmaccess.h does. */
#ifndef UF_SCRIPT
#define UF_SCRIPT               0x00000001
#define UF_ACCOUNTDISABLE       0x00000002
#define UF_HOMEDIR_REQUIRED     0x00000008
#define UF_LOCKOUT              0x00000010
#define UF_PASSWD_NOTREQD       0x00000020
#define UF_PASSWD_CANT_CHANGE   0x00000040
#define UF_NORMAL_ACCOUNT       0x00000200
#define UF_DONT_EXPIRE_PASSWD   0x00010000
#define UF_PASSWORD_EXPIRED     0x00800000
#endif

/* Flags accord manages; the others are left as the server has them. */
#define NU_MANAGED_FLAGS (UF_ACCOUNTDISABLE | UF_PASSWD_CANT_CHANGE | UF_DONT_EXPIRE_PASSWD)

/* UF_* bits nu_user_enum cannot see in bulk: "cannot change password" is a
 * right in the account's DACL, lockout and password expiry are computed by
 * the server. Only nu_user_get reports them; compare them only after a get. */
#define NU_ENUM_UNSEEN_FLAGS (UF_PASSWD_CANT_CHANGE | UF_LOCKOUT | UF_PASSWORD_EXPIRED)

#define NU_EXPIRES_NEVER INT64_C(-1)  /* acct_expires: account never expires */

enum nu_status {
	NU_OK = 0,
	NU_NOT_FOUND,          /* 2221 NERR_UserNotFound; Samba: 1332 */
	NU_EXISTS,             /* 2224 NERR_UserExists; 1316 */
	NU_PASSWORD_POLICY,    /* 2245 NERR_PasswordTooShort; 1325 */
	NU_ACCESS_DENIED,      /* 5 */
	NU_LAST_ADMIN,         /* 2452 NERR_LastAdmin */
	NU_UNREACHABLE,        /* 53, 1003, 1326 (logon failure), 2152 */
	NU_GROUP_NOT_FOUND,    /* 2220; 1376 */
	NU_ALREADY_MEMBER,     /* 1378 */
	NU_NOT_MEMBER,         /* 1377 */
	NU_NOT_SUPPORTED,      /* 50 */
	NU_INVALID_PARAM,      /* 87; parm_err names the field */
	NU_OTHER,
};

struct nu_result {
	enum nu_status status;
	uint32_t raw;       /* NET_API_STATUS / WERROR / NTSTATUS as returned */
	uint32_t parm_err;  /* index of the offending field on 87, else 0 */
	char msg[256];      /* lowercase; names the call and, where known, why */
};

/* Stable name of a status ("not_found", "exists", ...), for JSON and SQL. */
const char *nu_status_name(enum nu_status st);

/* Fields of one account, as bits of a mask (changed fields, what is known). */
enum nu_field {
	NU_F_FULL_NAME        = 1u << 0,   /* usri_full_name (1011) */
	NU_F_COMMENT          = 1u << 1,   /* usri_comment = description (1007) */
	NU_F_USR_COMMENT      = 1u << 2,   /* usri_usr_comment (1012) */
	NU_F_FLAGS            = 1u << 3,   /* usri_flags, NU_MANAGED_FLAGS bits (1008) */
	NU_F_ACCT_EXPIRES     = 1u << 4,   /* usri_acct_expires (1017) */
	NU_F_PASSWORD_EXPIRED = 1u << 5,   /* must change at next logon */
	NU_F_HOME_DIR         = 1u << 6,   /* 1006 */
	NU_F_SCRIPT_PATH      = 1u << 7,   /* 1009 */
	NU_F_PROFILE          = 1u << 8,   /* 1052 */
	NU_F_PASSWORD         = 1u << 9,   /* 1003; write only */
	NU_F_NAME             = 1u << 10,  /* rename (level 0) */
};

/* One account. Strings are UTF-8, NULL when unknown, "" when empty. */
struct nu_user {
	char *name;
	uint32_t rid;
	char *sid;              /* "S-1-5-21-...-RID" */
	char *full_name;
	char *comment;          /* description */
	char *usr_comment;
	uint32_t flags;         /* whole UF_* word as read */
	int64_t acct_expires;   /* unix seconds, NU_EXPIRES_NEVER = never */
	bool password_expired;  /* must change password at next logon */
	uint32_t password_age;  /* seconds since last set */
	uint32_t priv;          /* USER_PRIV_* */
	char *home_dir;
	char *script_path;
	char *profile;
	int64_t last_logon;     /* unix seconds, 0 = never */
	unsigned known;         /* enum nu_field bits that were read */
};

void nu_user_release(struct nu_user *u);  /* frees strings, zeroes *u */
void nu_users_free(struct nu_user *v, size_t n);
/* The SID of account rid in domain_sid ("S-1-5-21-a-b-c"): a new string. */
char *nu_sid_append_rid(const char *domain_sid, uint32_t rid);
/* Deep copy; dst is overwritten. */
void nu_user_copy(struct nu_user *dst, const struct nu_user *src);

struct nu_creds {
	const char *server;     /* NULL or "" = the local machine */
	const char *domain;     /* may be NULL */
	const char *user;       /* NULL = the caller's token (Windows) */
	const char *password;   /* never logged */
};

/* Password policy, NetUserModalsGet level 0. */
struct nu_modals {
	uint32_t min_passwd_len;
	uint32_t max_passwd_age;   /* seconds; UINT32_MAX = unlimited */
	uint32_t min_passwd_age;
	uint32_t password_hist_len;
	uint32_t force_logoff;
};

struct nu_lgroup {
	char *name;
	char *sid;
	char *comment;
};
void nu_lgroups_free(struct nu_lgroup *v, size_t n);

struct nu_member {
	char *sid;
	char *name;  /* DOMAIN\name where it resolves, else NULL */
};
void nu_members_free(struct nu_member *v, size_t n);

/* One traced call, handed to the trace callback after it returns. */
struct nu_trace_event {
	const char *function;   /* "NetUserSetInfo", "samr_SetUserInfo2", ... */
	uint32_t level;
	const char *account;    /* may be NULL */
	uint32_t raw;           /* raw status */
	double ms;
	bool write;
};
typedef void (*nu_trace_fn)(void *ud, const struct nu_trace_event *ev);

/* Counters, for tests, benchmarks and --trace summaries. */
struct nu_stats {
	unsigned long calls;       /* every platform call, reads and writes */
	unsigned long reads;
	unsigned long writes;
	unsigned long round_trips; /* calls that went to the server */
	double ms;                 /* total time inside platform calls */
};

struct nu_conn;

/* Connects (or binds to the local machine). Checks credentials at once, so a
 * wrong password or unreachable server fails here with NU_UNREACHABLE. */
int nu_connect(const struct nu_creds *creds, struct nu_conn **out, struct nu_result *res);
void nu_disconnect(struct nu_conn *c);  /* NULL is a no-op */
const char *nu_server(const struct nu_conn *c);
/* SID of the domain (or machine) the accounts live in. */
const char *nu_domain_sid(const struct nu_conn *c);

void nu_set_trace(struct nu_conn *c, nu_trace_fn fn, void *ud);
void nu_get_stats(const struct nu_conn *c, struct nu_stats *out);
void nu_reset_stats(struct nu_conn *c);

/* Every normal account (UF_NORMAL_ACCOUNT) in bulk: name, rid, sid,
 * full_name, comment, flags (known = NU_F_FULL_NAME|NU_F_COMMENT|NU_F_FLAGS),
 * with the cheapest calls the platform has. Sorted by name. The flags lack
 * the NU_ENUM_UNSEEN_FLAGS bits. */
int nu_user_enum(struct nu_conn *c, struct nu_user **out, size_t *n, struct nu_result *res);

/* One account's whole record (every NU_F_* bit but PASSWORD in known).
 * flags has UF_PASSWORD_EXPIRED set exactly when password_expired is. */
int nu_user_get(struct nu_conn *c, const char *name, struct nu_user *out, struct nu_result *res);
/* nu_user_get for an account whose RID the caller has from nu_user_enum:
 * one round trip fewer on Samba (no name look-up). NU_NOT_FOUND when that
 * RID holds no account of that name any more. */
int nu_user_get_rid(struct nu_conn *c, const char *name, uint32_t rid, struct nu_user *out,
		    struct nu_result *res);

/* Which of names[0..n) exist as normal accounts: rids[i] is the account's
 * RID, or 0 where there is none. Batched (one call per 1,000 names on
 * Samba), so it is the cheap way to ask before creating accounts. */
int nu_user_lookup(struct nu_conn *c, const char *const *names, size_t n, uint32_t *rids,
		   struct nu_result *res);

/* Adds an account with password (may be NULL where policy allows) and the
 * fields in mask taken from u; u->name is the new account's name. Leaves the
 * account as stated, whatever the platform's add levels can carry. *rid (if
 * rid is not NULL) is the new account's RID, or 0 where the calls made did
 * not tell it. */
int nu_user_add(struct nu_conn *c, const struct nu_user *u, unsigned mask,
		const char *password, uint32_t *rid, struct nu_result *res);

/* Sets the fields in mask (NU_F_* but NAME and PASSWORD) of account name
 * to the values in u, with the fewest calls the platform allows. For
 * NU_F_FLAGS only the NU_MANAGED_FLAGS bits of u->flags are applied.
 * NAME or PASSWORD in mask is NU_INVALID_PARAM. On a Samba file server
 * "must change at next logon" is ignored while the account cannot change
 * its password (setting it then leaves it off, and clearing cannot-change
 * later does not bring it back): when mask clears cannot-change, that is
 * done first, so both in one call work. The diff never asks for
 * must-change on an account that keeps cannot-change (diff.h). */
int nu_user_set(struct nu_conn *c, const char *name, const struct nu_user *u,
		unsigned mask, struct nu_result *res);

int nu_user_set_password(struct nu_conn *c, const char *name, const char *password,
			 struct nu_result *res);
int nu_user_rename(struct nu_conn *c, const char *name, const char *new_name,
		   struct nu_result *res);
int nu_user_del(struct nu_conn *c, const char *name, struct nu_result *res);

int nu_modals_get(struct nu_conn *c, struct nu_modals *out, struct nu_result *res);

/* Local groups (aliases): BUILTIN and the domain's/machine's own. */
int nu_lgroup_enum(struct nu_conn *c, struct nu_lgroup **out, size_t *n, struct nu_result *res);
/* Local groups account name belongs to (NetUserGetLocalGroups). */
int nu_user_lgroups(struct nu_conn *c, const char *name, char ***out, size_t *n,
		    struct nu_result *res);
int nu_lgroup_members(struct nu_conn *c, const char *group, struct nu_member **out,
		      size_t *n, struct nu_result *res);
/* Adds/removes a member given by SID ("S-1-..."). */
int nu_lgroup_add_member(struct nu_conn *c, const char *group, const char *sid,
			 struct nu_result *res);
int nu_lgroup_del_member(struct nu_conn *c, const char *group, const char *sid,
			 struct nu_result *res);

void nu_strv_free(char **v, size_t n);

/* What accord can learn of the host it manages, for item-level targeting
 * (GPP FilterComputer, FilterDomain, FilterOs, FilterIpRange). Strings are
 * UTF-8, NULL where the platform does not tell. */
struct nu_host {
	char *computer;      /* NetBIOS computer name, upper case ("WS01") */
	char *dns_name;      /* fully qualified DNS name ("ws01.corp.example"), or NULL;
			      * where the platform does not tell it (a remote
			      * member, a remote Windows DC): computer + "." +
			      * dns_domain, derived, lower case */
	bool domain_known;   /* whether the fields below were read */
	bool joined;         /* member of a domain, or its DC (false: workgroup/standalone) */
	bool is_dc;          /* a domain controller: its SAM is the domain's */
	char *domain;        /* NetBIOS domain name when joined ("CORP"); the workgroup otherwise */
	char *dns_domain;    /* DNS domain name when joined ("corp.example"), else NULL */
	bool os_known;       /* os_* were reported by a Windows host (not a Samba imitation) */
	uint32_t os_major, os_minor;
	bool os_server;      /* a server product (SV_TYPE_SERVER_NT or DC), else workstation */
	char *address;       /* numeric IP address accord connects to ("127.0.0.1", "fe80::1"),
			      * or NULL (local machine) */
};
void nu_host_release(struct nu_host *h);  /* frees strings, zeroes *h; NULL is a no-op */
/* Reads the facts above with the fewest calls (each is a few round trips;
 * call once per run). Fills what can be known; a field the platform does not
 * tell stays NULL/false and is not an error. Fails only when the connection
 * fails; *out is then untouched. On Samba: a second pipe (LSA) on the
 * connection's SMB session, OpenPolicy2 and QueryInfoPolicy, 4 calls on a
 * Samba file server (it refuses the DNS level, the older one follows); on a
 * DC also LDAP's rootDSE for the DC's own names, 5 calls (the LDAP
 * connection is the one its account reads use later; when LDAP cannot be
 * reached, computer and dns_name stay NULL). On Windows: NetServerGetInfo
 * 101 and DsRoleGetPrimaryDomainInformation, 2 calls. The OS of a Samba
 * server is never reported (it imitates Windows 6.1). address is the server
 * name resolved here with getaddrinfo (not a counted call). */
int nu_host_get(struct nu_conn *c, struct nu_host *out, struct nu_result *res);
