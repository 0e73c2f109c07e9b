#pragma once
/* nu_samba.h: the Samba backend's inner parts (not for use outside netapi/).
 *
 * nu_samba.c implements netapi.h and decides, per call and per field,
 * which of the two Samba clients does the work:
 *   nu_samba_lib.c   Samba's public libnetapi (NetUser* as on Windows);
 *   nu_samba_samr.c  Samba's SAMR client (dcerpc_samr_*), for what
 *                    libnetapi 4.17 gets wrong or cannot do;
 *   nu_samba_acb.c   exact UF_* <-> ACB_* conversion;
 *   nu_samba_log.c   keeps Samba's debug output off the terminal.
 * The two clients never include each other's headers (Samba's netapi.h
 * and its NDR headers do not mix in one translation unit), so this header
 * speaks plain C only. */

#include "nu_internal.h"

/* ---- UF_* <-> ACB_* (MS-SAMR 2.2.1.12 and 2.2.1.13) ---- */

#define NU_ACB_DISABLED   0x00000001u
#define NU_ACB_NORMAL     0x00000010u
#define NU_ACB_PWNOEXP    0x00000200u
#define NU_ACB_AUTOLOCK   0x00000400u
#define NU_ACB_PW_EXPIRED 0x00020000u

/* UF_* word for a SAMR acct_flags word. UF_SCRIPT is always set, as
 * netapi32 reports it; UF_PASSWD_CANT_CHANGE has no ACB bit (it lives in
 * the account's DACL) and is never set here. */
uint32_t nu_acb_to_uf(uint32_t acb);
/* ACB_* word for a UF_* word. UF_SCRIPT and UF_PASSWD_CANT_CHANGE have no
 * ACB bit and are dropped. */
uint32_t nu_uf_to_acb(uint32_t uf);

/* Routes Samba's debug output away from stderr (nu_samba_log.c). */
void nu_samba_quiet(void);

/* ---- SAMR client (nu_samba_samr.c) ---- */

struct nu_samr;

/* Opens one SAMR pipe to creds->server (dcerpc_init, credentials, pipe,
 * Connect2, the account domain's handle and SID). Checks the credentials:
 * a wrong password or unreachable server fails here. */
int nu_samr_open(struct nu_tracer *tr, const struct nu_creds *creds, struct nu_samr **out,
		 struct nu_result *res);
void nu_samr_close(struct nu_samr *s);
const char *nu_samr_domain_sid(const struct nu_samr *s);
const char *nu_samr_domain_name(const struct nu_samr *s);

/* Minimum password length and whether complexity is required
 * (QueryDomainInfo level 1: both in one call, which NetUserModalsGet 0
 * cannot say). */
int nu_samr_password_policy(struct nu_samr *s, uint32_t *min_len, bool *complex,
			    struct nu_result *res);

/* Whole record of one account from QueryUserInfo level 21 plus the
 * account's DACL (UF_PASSWD_CANT_CHANGE). rid: the account's RID when the
 * caller has it (no LookupNames then), else 0. */
int nu_samr_user_get(struct nu_samr *s, const char *name, uint32_t rid, struct nu_user *out,
		     struct nu_result *res);
/* Writes the fields of mask (NU_F_* but NAME and PASSWORD) in one
 * SetUserInfo2 level 21; NU_F_FLAGS also reads the ACB word first and
 * changes the DACL when UF_PASSWD_CANT_CHANGE changes. *rid_out (if not
 * NULL) is the account's RID, which the call looks up anyway. */
int nu_samr_user_set(struct nu_samr *s, const char *name, const struct nu_user *u,
		     unsigned mask, uint32_t *rid_out, struct nu_result *res);
/* nu_user_lookup: LookupNames in the account domain, 1,000 names a call. */
int nu_samr_lookup_users(struct nu_samr *s, const char *const *names, size_t n, uint32_t *rids,
			 struct nu_result *res);

/* RIDs of the accounts whose stored ACB word has bit acb set (one
 * EnumDomainUsers per page, filtered by the server). */
int nu_samr_users_with_acb(struct nu_samr *s, uint32_t acb, uint32_t **rids, size_t *n,
			   struct nu_result *res);

/* Local groups (aliases) of the builtin and the account domain. */
struct nu_samr_alias {
	char *name;
	char *sid;
};
int nu_samr_aliases(struct nu_samr *s, struct nu_samr_alias **out, size_t *n,
		    struct nu_result *res);
void nu_samr_aliases_free(struct nu_samr_alias *v, size_t n);
int nu_samr_alias_members(struct nu_samr *s, const char *group, struct nu_member **out,
			  size_t *n, struct nu_result *res);
int nu_samr_alias_member(struct nu_samr *s, const char *group, const char *sid, bool add,
			 struct nu_result *res);

/* Host facts for nu_host_get but the address: domain membership from LSA
 * (nu_samba_lsa.c), the computer's names from the account domain or, on a
 * DC, from LDAP. Fails only when the LSA pipe cannot be used. */
int nu_samr_host(struct nu_samr *s, struct nu_host *h, struct nu_result *res);

/* ---- libnetapi (nu_samba_lib.c) ---- */

/* Binds the process's libnetapi context to creds (once per process; a
 * different server or credentials later is refused). Never prompts. */
int nu_lib_bind(const struct nu_creds *creds, struct nu_result *res);
/* Every user account, NetQueryDisplayInformation level 1 pages:
 * name, rid, full_name, comment, flags (converted from ACB). */
int nu_lib_display_users(struct nu_tracer *tr, const char *server, struct nu_user **out,
			 size_t *n, struct nu_result *res);
int nu_lib_user_add(struct nu_tracer *tr, const char *server, const char *name,
		    const char *password, struct nu_result *res);
int nu_lib_set_password(struct nu_tracer *tr, const char *server, const char *name,
			const char *password, struct nu_result *res);
int nu_lib_rename(struct nu_tracer *tr, const char *server, const char *name,
		  const char *new_name, struct nu_result *res);
int nu_lib_user_del(struct nu_tracer *tr, const char *server, const char *name,
		    struct nu_result *res);
int nu_lib_modals(struct nu_tracer *tr, const char *server, struct nu_modals *out,
		  struct nu_result *res);
/* Local groups with comments, NetLocalGroupEnum level 1 (no SIDs). */
int nu_lib_lgroups(struct nu_tracer *tr, const char *server, struct nu_lgroup **out,
		   size_t *n, struct nu_result *res);
int nu_lib_user_lgroups(struct nu_tracer *tr, const char *server, const char *name,
			char ***out, size_t *n, struct nu_result *res);
