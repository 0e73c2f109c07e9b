/* nu_samba_samr.c: Samba's own SAMR client (dcerpc_samr_*), for the parts
 * of the NetUser API that libnetapi 4.17 gets wrong or cannot do (see the
 * table in nu_samba.c). One pipe per connection, opened at connect and
 * reused; the connect, account-domain and builtin-domain handles are
 * cached for the connection's life. Every call is traced. */
#include "nu_samba.h"
#include "nu_samba_ldap.h"
#include "nu_samba_lsa.h"

#include "names.h"

#include "xalloc.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <talloc.h>
#include <tevent.h>
#include <dcerpc.h>
#include <credentials.h>
#include <param.h>
#include <gen_ndr/ndr_samr_c.h>

/* libdcerpc's public header does not declare it; dcerpc_pipe_connect fails
 * with "Could not find GENSEC backend" without it. */
NTSTATUS dcerpc_init(void);

#define NU_NT_NEVER      UINT64_C(0x7FFFFFFFFFFFFFFF)
#define NU_NT_EPOCH_DIFF INT64_C(11644473600)
/* What Samba's nt_time_to_unix() turns "never" into: read as never too. */
#define NU_UNIX_NEVER_CLAMP INT64_C(2085923199)
/* Least rights asked for, as netapi32 does: Samba's file server lets any
 * user write a description through a handle opened with
 * SEC_FLAG_MAXIMUM_ALLOWED (its SetUserInfo access map omits
 * SAMR_FIELD_DESCRIPTION), so never open with MAXIMUM_ALLOWED. */
#define NU_CONNECT_ACCESS (SAMR_ACCESS_ENUM_DOMAINS | SAMR_ACCESS_LOOKUP_DOMAIN)
#define NU_DOMAIN_ACCESS (SAMR_DOMAIN_ACCESS_LOOKUP_INFO_1 | SAMR_DOMAIN_ACCESS_LOOKUP_INFO_2 | \
			  SAMR_DOMAIN_ACCESS_ENUM_ACCOUNTS | SAMR_DOMAIN_ACCESS_OPEN_ACCOUNT | \
			  SAMR_DOMAIN_ACCESS_LOOKUP_ALIAS)
#define NU_USER_READ (GENERIC_RIGHTS_USER_READ | SAMR_USER_ACCESS_GET_NAME_ETC)
#define NU_SID_NAME_USER 1
#define NU_SID_NAME_ALIAS 4

struct nu_samr {
	TALLOC_CTX *mem;
	struct tevent_context *ev;
	struct dcerpc_pipe *pipe;
	struct dcerpc_binding_handle *b;
	struct policy_handle connect_h;
	struct policy_handle domain_h;
	struct policy_handle builtin_h;
	bool have_builtin;
	struct dom_sid domain_sid;
	char *domain_sid_str;
	char *domain_name;
	struct nu_tracer *tr;
	/* for the LDAP connection of a Samba AD DC, opened when first needed */
	struct loadparm_context *lp;
	struct cli_credentials *cc;
	char *server;
	struct nu_ldap *ldap;
};

/* ---------------------------------------------------------------- SIDs */

static char *sid_to_str(const struct dom_sid *sid)
{
	uint64_t auth = 0;
	char buf[256];
	size_t len;

	for (int i = 0; i < 6; i++)
		auth = (auth << 8) | sid->id_auth[i];
	len = (size_t)snprintf(buf, sizeof(buf), "S-%u-%llu", sid->sid_rev_num,
			       (unsigned long long)auth);
	for (int i = 0; i < sid->num_auths && len < sizeof(buf); i++)
		len += (size_t)snprintf(buf + len, sizeof(buf) - len, "-%u", sid->sub_auths[i]);
	return xstrdup(buf);
}

static bool sid_parse(const char *s, struct dom_sid *sid)
{
	char *end = NULL;
	unsigned long long v;

	memset(sid, 0, sizeof(*sid));
	if ((s[0] != 'S' && s[0] != 's') || s[1] != '-')
		return false;
	v = strtoull(s + 2, &end, 10);
	if (end == s + 2 || *end != '-' || v != 1)
		return false;
	sid->sid_rev_num = 1;
	s = end + 1;
	v = strtoull(s, &end, 10);
	if (end == s || v >= (1ULL << 48))
		return false;
	for (int i = 5; i >= 0; i--, v >>= 8)
		sid->id_auth[i] = (uint8_t)(v & 0xff);
	while (*end == '-') {
		s = end + 1;
		v = strtoull(s, &end, 10);
		if (end == s || v > UINT32_MAX || sid->num_auths >= 15)
			return false;
		sid->sub_auths[sid->num_auths++] = (uint32_t)v;
	}
	return *end == '\0';
}

static bool sid_in_domain(const struct dom_sid *sid, const struct dom_sid *dom, uint32_t *rid)
{
	if (sid->num_auths != dom->num_auths + 1 || sid->sid_rev_num != dom->sid_rev_num ||
	    memcmp(sid->id_auth, dom->id_auth, 6) != 0)
		return false;
	for (int i = 0; i < dom->num_auths; i++)
		if (sid->sub_auths[i] != dom->sub_auths[i])
			return false;
	*rid = sid->sub_auths[dom->num_auths];
	return true;
}

static bool sid_equal(const struct dom_sid *a, const struct dom_sid *b)
{
	return a->sid_rev_num == b->sid_rev_num && a->num_auths == b->num_auths &&
	       a->num_auths >= 0 && memcmp(a->id_auth, b->id_auth, 6) == 0 &&
	       memcmp(a->sub_auths, b->sub_auths, sizeof(uint32_t) * (size_t)a->num_auths) == 0;
}

static void sid_compose(struct dom_sid *out, const struct dom_sid *dom, uint32_t rid)
{
	*out = *dom;
	out->sub_auths[out->num_auths++] = rid;
}

/* S-1-5-32: the BUILTIN domain */
static const struct dom_sid builtin_sid = {
	.sid_rev_num = 1, .num_auths = 1, .id_auth = { 0, 0, 0, 0, 0, 5 }, .sub_auths = { 32 },
};

/* ---------------------------------------------------------------- time */

static int64_t nt_to_unix(NTTIME nt)
{
	if (nt == 0)
		return 0;
	return (int64_t)(nt / 10000000u) - NU_NT_EPOCH_DIFF;
}

static int64_t nt_to_expiry(NTTIME nt)
{
	int64_t t;

	/* SAMR says "never" with 0 or the largest NTTIME; Samba's unix
	 * conversions clamp it to NU_UNIX_NEVER_CLAMP. */
	if (nt == 0 || nt >= NU_NT_NEVER)
		return NU_EXPIRES_NEVER;
	t = nt_to_unix(nt);
	return t >= NU_UNIX_NEVER_CLAMP ? NU_EXPIRES_NEVER : t;
}

static NTTIME expiry_to_nt(int64_t t)
{
	/* "never" is written as 0: Samba's file server turns the largest
	 * NTTIME into a date in 1975, and both servers read 0 as never */
	if (t == NU_EXPIRES_NEVER || t >= NU_UNIX_NEVER_CLAMP || t <= 0)
		return 0;
	return (NTTIME)(t + NU_NT_EPOCH_DIFF) * 10000000u;
}

/* ---------------------------------------------------------------- calls */

/* Records one SAMR call and folds the transport status and the call's
 * result into one NTSTATUS value. */
static uint32_t traced(struct nu_samr *s, const char *fn, uint32_t level, const char *account,
		       bool write, double t0, NTSTATUS st, NTSTATUS result)
{
	uint32_t raw = NT_STATUS_V(NT_STATUS_IS_OK(st) ? result : st);

	nu_trace_call(s->tr, fn, level, account, raw, t0, write, true);
	return raw;
}

static void close_handle(struct nu_samr *s, TALLOC_CTX *mem, struct policy_handle *h)
{
	NTSTATUS result = NT_STATUS_OK, st;
	double t0 = nu_now_ms();

	st = dcerpc_samr_Close(s->b, mem, h, &result);
	traced(s, "samr_Close", 0, NULL, false, t0, st, result);
}

static int samr_fail(struct nu_result *res, uint32_t raw, const char *fn, const char *account)
{
	char what[160];

	if (account)
		snprintf(what, sizeof(what), "%s '%s'", fn, account);
	else
		snprintf(what, sizeof(what), "%s", fn);
	return nu_fail_ntstatus(res, raw, what);
}

static int connect_fail(struct nu_result *res, uint32_t raw, const char *server)
{
	enum nu_status st = nu_status_from_ntstatus(raw);
	const char *why = "cannot reach it";

	if (raw == 0xC000006D)
		why = "logon failure: wrong user name or password";
	else if (raw == 0xC0000236)
		why = "connection refused: is smbd running and listening on port 445?";
	else if (raw == 0xC0000022)
		why = "access denied to the account database";
	else if (st == NU_UNREACHABLE)
		why = nu_status_reason(st);
	else
		st = NU_UNREACHABLE;
	return nu_fail(res, st, raw, "cannot connect to server '%s': %s (NTSTATUS 0x%08x)",
		       server, why, raw);
}

static int open_domains(struct nu_samr *s, const char *server, struct nu_result *res)
{
	TALLOC_CTX *mem = talloc_new(s->mem);
	struct samr_SamArray *sam = NULL;
	struct dom_sid2 *sid = NULL;
	struct lsa_String lname;
	uint32_t resume = 0, count = 0, raw;
	NTSTATUS result = NT_STATUS_OK, st;
	const char *dom = NULL;
	int ret = -1;
	double t0;

	t0 = nu_now_ms();
	st = dcerpc_samr_Connect2(s->b, mem, server, NU_CONNECT_ACCESS, &s->connect_h,
				  &result);
	if ((raw = traced(s, "samr_Connect2", 0, NULL, false, t0, st, result))) {
		connect_fail(res, raw, server);
		goto out;
	}
	t0 = nu_now_ms();
	st = dcerpc_samr_EnumDomains(s->b, mem, &s->connect_h, &resume, &sam, 0xffff, &count,
				     &result);
	if ((raw = traced(s, "samr_EnumDomains", 0, NULL, false, t0, st, result))) {
		samr_fail(res, raw, "samr_EnumDomains", NULL);
		goto out;
	}
	for (uint32_t i = 0; sam && i < sam->count; i++) {
		const char *n = sam->entries[i].name.string;

		if (n && strcasecmp(n, "Builtin") != 0) {
			dom = n;
			break;
		}
	}
	if (!dom) {
		nu_fail(res, NU_OTHER, 0, "server '%s' lists no account domain", server);
		goto out;
	}
	s->domain_name = xstrdup(dom);
	lname.string = dom;
	t0 = nu_now_ms();
	st = dcerpc_samr_LookupDomain(s->b, mem, &s->connect_h, &lname, &sid, &result);
	if ((raw = traced(s, "samr_LookupDomain", 0, dom, false, t0, st, result))) {
		samr_fail(res, raw, "samr_LookupDomain", dom);
		goto out;
	}
	s->domain_sid = *sid;
	s->domain_sid_str = sid_to_str(sid);
	t0 = nu_now_ms();
	st = dcerpc_samr_OpenDomain(s->b, mem, &s->connect_h, NU_DOMAIN_ACCESS, &s->domain_sid,
				    &s->domain_h, &result);
	if ((raw = traced(s, "samr_OpenDomain", 0, dom, false, t0, st, result))) {
		samr_fail(res, raw, "samr_OpenDomain", dom);
		goto out;
	}
	ret = 0;
out:
	talloc_free(mem);
	return ret;
}

int nu_samr_open(struct nu_tracer *tr, const struct nu_creds *creds, struct nu_samr **out,
		 struct nu_result *res)
{
	struct nu_samr *s = NULL;
	struct loadparm_context *lp = NULL;
	struct cli_credentials *cc = NULL;
	const char *server = creds->server && *creds->server ? creds->server : "127.0.0.1";
	char *binding = NULL;
	NTSTATUS st;
	double t0;
	int ret = -1;

	st = dcerpc_init();
	if (!NT_STATUS_IS_OK(st)) {
		nu_fail(res, NU_OTHER, NT_STATUS_V(st), "cannot initialise samba's rpc client "
			"(NTSTATUS 0x%08x)", NT_STATUS_V(st));
		goto out;
	}
	s = xcalloc(1, sizeof(*s));
	s->tr = tr;
	s->mem = talloc_new(NULL);
	s->ev = tevent_context_init(s->mem);
	lp = loadparm_init_global(true);
	cc = cli_credentials_init(s->mem);
	if (!s->ev || !lp || !cc) {
		nu_fail(res, NU_OTHER, 0, "cannot initialise samba's rpc client (out of memory "
			"or no smb.conf)");
		goto out;
	}
	cli_credentials_set_conf(cc, lp);
	cli_credentials_set_username(cc, creds->user ? creds->user : "", CRED_SPECIFIED);
	if (creds->domain && *creds->domain)
		cli_credentials_set_domain(cc, creds->domain, CRED_SPECIFIED);
	/* always a password, empty if none: never a prompt */
	cli_credentials_set_password(cc, creds->password ? creds->password : "", CRED_SPECIFIED);
	/* servers are named by address; NTLM is what works without a KDC
	 * lookup, as libnetapi does */
	cli_credentials_set_kerberos_state(cc, CRED_USE_KERBEROS_DISABLED, CRED_SPECIFIED);

	binding = xasprintf("ncacn_np:%s", server);
	t0 = nu_now_ms();
	st = dcerpc_pipe_connect(s->mem, &s->pipe, binding, &ndr_table_samr, cc, s->ev, lp);
	nu_trace_call(tr, "dcerpc_pipe_connect", 0, NULL, NT_STATUS_V(st), t0, false, true);
	if (!NT_STATUS_IS_OK(st)) {
		connect_fail(res, NT_STATUS_V(st), server);
		goto out;
	}
	s->b = s->pipe->binding_handle;
	s->lp = lp;
	s->cc = cc;
	s->server = talloc_strdup(s->mem, server);
	if (open_domains(s, server, res) < 0)
		goto out;
	*out = s;
	s = NULL;
	ret = 0;
out:
	free(binding);
	nu_samr_close(s);
	return ret;
}

void nu_samr_close(struct nu_samr *s)
{
	if (!s)
		return;
	talloc_free(s->mem);  /* closes the pipe; the server drops its handles */
	free(s->domain_sid_str);
	free(s->domain_name);
	free(s);
}

const char *nu_samr_domain_sid(const struct nu_samr *s)
{
	return s->domain_sid_str;
}

const char *nu_samr_domain_name(const struct nu_samr *s)
{
	return s->domain_name;
}

static int open_builtin(struct nu_samr *s, TALLOC_CTX *mem, struct nu_result *res)
{
	struct dom_sid2 sid = builtin_sid;
	NTSTATUS result = NT_STATUS_OK, st;
	uint32_t raw;
	double t0;

	if (s->have_builtin)
		return 0;
	t0 = nu_now_ms();
	st = dcerpc_samr_OpenDomain(s->b, mem, &s->connect_h, NU_DOMAIN_ACCESS, &sid,
				    &s->builtin_h, &result);
	if ((raw = traced(s, "samr_OpenDomain", 0, "BUILTIN", false, t0, st, result)))
		return samr_fail(res, raw, "samr_OpenDomain", "BUILTIN");
	s->have_builtin = true;
	return 0;
}

/* RID of name in the domain behind dh, if it is of type want. */
static int lookup_rid(struct nu_samr *s, TALLOC_CTX *mem, struct policy_handle *dh,
		      const char *name, uint32_t want, uint32_t *rid, struct nu_result *res)
{
	struct lsa_String lname = { .string = name };
	struct samr_Ids rids = { 0 }, types = { 0 };
	NTSTATUS result = NT_STATUS_OK, st;
	uint32_t raw;
	double t0 = nu_now_ms();

	st = dcerpc_samr_LookupNames(s->b, mem, dh, 1, &lname, &rids, &types, &result);
	raw = traced(s, "samr_LookupNames", 0, name, false, t0, st, result);
	if (raw == 0 && (rids.count != 1 || types.count != 1 || types.ids[0] != want))
		raw = NT_STATUS_V(NT_STATUS_NONE_MAPPED);
	if (raw)
		return samr_fail(res, raw, "samr_LookupNames", name);
	*rid = rids.ids[0];
	return 0;
}

/* The most names one LookupNames takes (samr.idl: range(0,1000)). */
#define LOOKUP_MAX 1000

int nu_samr_lookup_users(struct nu_samr *s, const char *const *names, size_t n, uint32_t *rids,
			 struct nu_result *res)
{
	TALLOC_CTX *mem = talloc_new(s->mem);
	struct lsa_String *ls = talloc_zero_array(mem, struct lsa_String, LOOKUP_MAX);
	int ret = -1;

	for (size_t at = 0; at < n; at += LOOKUP_MAX) {
		uint32_t cnt = (uint32_t)(n - at < LOOKUP_MAX ? n - at : LOOKUP_MAX), raw;
		struct samr_Ids r = { 0 }, t = { 0 };
		NTSTATUS result = NT_STATUS_OK, st;
		double t0 = nu_now_ms();

		for (uint32_t i = 0; i < cnt; i++)
			ls[i].string = names[at + i];
		st = dcerpc_samr_LookupNames(s->b, mem, &s->domain_h, cnt, ls, &r, &t, &result);
		raw = traced(s, "samr_LookupNames", 0, cnt == 1 ? names[at] : NULL, false, t0, st,
			     result);
		if (raw == NT_STATUS_V(NT_STATUS_NONE_MAPPED)) {
			memset(rids + at, 0, cnt * sizeof(*rids));
			continue;
		}
		if ((raw && raw != NT_STATUS_V(NT_STATUS_SOME_NOT_MAPPED)) || r.count != cnt ||
		    t.count != cnt) {
			samr_fail(res, raw ? raw : NT_STATUS_V(NT_STATUS_INVALID_NETWORK_RESPONSE),
				  "samr_LookupNames", cnt == 1 ? names[at] : NULL);
			goto out;
		}
		for (uint32_t i = 0; i < cnt; i++)
			rids[at + i] = t.ids[i] == NU_SID_NAME_USER ? r.ids[i] : 0;
	}
	ret = nu_ok(res);
out:
	talloc_free(mem);
	return ret;
}

/* Opens account name; *rid is its RID: given by the caller (from a
 * listing) or, when 0, looked up by name. */
static int open_user(struct nu_samr *s, TALLOC_CTX *mem, const char *name, uint32_t access,
		     struct policy_handle *uh, uint32_t *rid, struct nu_result *res)
{
	NTSTATUS result = NT_STATUS_OK, st;
	uint32_t raw;
	double t0;

	if (!*rid && lookup_rid(s, mem, &s->domain_h, name, NU_SID_NAME_USER, rid, res) < 0)
		return -1;
	t0 = nu_now_ms();
	st = dcerpc_samr_OpenUser(s->b, mem, &s->domain_h, access, *rid, uh, &result);
	if ((raw = traced(s, "samr_OpenUser", 0, name, false, t0, st, result)))
		return samr_fail(res, raw, "samr_OpenUser", name);
	return 0;
}

int nu_samr_password_policy(struct nu_samr *s, uint32_t *min_len, bool *complex,
			    struct nu_result *res)
{
	TALLOC_CTX *mem = talloc_new(s->mem);
	union samr_DomainInfo *info = NULL;
	NTSTATUS result = NT_STATUS_OK, st;
	uint32_t raw;
	int ret = -1;
	double t0 = nu_now_ms();

	st = dcerpc_samr_QueryDomainInfo(s->b, mem, &s->domain_h, DomainPasswordInformation, &info,
					 &result);
	if ((raw = traced(s, "samr_QueryDomainInfo", 1, NULL, false, t0, st, result))) {
		samr_fail(res, raw, "samr_QueryDomainInfo 1", NULL);
		goto out;
	}
	*min_len = info->info1.min_password_length;
	*complex = (info->info1.password_properties & DOMAIN_PASSWORD_COMPLEX) != 0;
	ret = nu_ok(res);
out:
	talloc_free(mem);
	return ret;
}

/* ---------------------------------------------------------------- users */

/* The LDAP connection of a Samba AD DC, opened the first time it is
 * needed; NULL and res filled when it cannot be opened. */
static struct nu_ldap *ldap_of(struct nu_samr *s, struct nu_result *res)
{
	if (!s->ldap)
		s->ldap = nu_ldap_open(s->mem, s->ev, s->lp, s->cc, s->server, s->tr, res);
	return s->ldap;
}

/* Reads (set < 0) or sets "cannot change password" of account rid over
 * LDAP, where a Samba AD DC keeps it (nu_samba_ldap.c). */
static int cant_change_ldap(struct nu_samr *s, uint32_t rid, int set, bool *cant,
			    struct nu_result *res)
{
	char *sid = nu_sid_append_rid(s->domain_sid_str, rid);
	int ret;

	if (!ldap_of(s, res))
		ret = -1;
	else if (set < 0)
		ret = nu_ldap_cant_change_get(s->ldap, sid, cant, res);
	else
		ret = nu_ldap_cant_change_set(s->ldap, sid, set > 0, res);
	free(sid);
	return ret;
}

/* UF_PASSWD_CANT_CHANGE has no ACB bit: Windows and Samba's file server
 * keep it as the SAMR_USER_ACCESS_CHANGE_PASSWORD right of the account's
 * own ACE in its DACL. Samba's AD DC answers QuerySecurity with a fixed
 * descriptor without such an ACE (and refuses SetSecurity): there the right
 * is read and written over LDAP (cant_change_ldap). */
static struct security_ace *self_ace(struct sec_desc_buf *sdb, const struct dom_sid *user)
{
	struct security_acl *dacl = sdb && sdb->sd ? sdb->sd->dacl : NULL;

	for (uint32_t i = 0; dacl && i < dacl->num_aces; i++)
		if (sid_equal(&dacl->aces[i].trustee, user))
			return &dacl->aces[i];
	return NULL;
}

static int query_sd(struct nu_samr *s, TALLOC_CTX *mem, struct policy_handle *uh,
		    const char *name, struct sec_desc_buf **sdb, struct nu_result *res)
{
	NTSTATUS result = NT_STATUS_OK, st;
	uint32_t raw;
	double t0 = nu_now_ms();

	*sdb = NULL;
	st = dcerpc_samr_QuerySecurity(s->b, mem, uh, SECINFO_DACL, sdb, &result);
	if ((raw = traced(s, "samr_QuerySecurity", SECINFO_DACL, name, false, t0, st, result)))
		return samr_fail(res, raw, "samr_QuerySecurity", name);
	return 0;
}

static char *dup_lsa(const struct lsa_String *ls)
{
	return xstrdup(ls->string ? ls->string : "");
}

/* The string fields: where each lives in struct nu_user and in UserInfo21,
 * and its SAMR_FIELD_* bit. */
static const struct {
	unsigned nu;
	uint32_t samr;
	size_t in_user;    /* char * in struct nu_user */
	size_t in_info21;  /* struct lsa_String in struct samr_UserInfo21 */
} string_fields[] = {
#define NU_STRF(nu, samr, um, im) \
	{ nu, samr, offsetof(struct nu_user, um), offsetof(struct samr_UserInfo21, im) }
	NU_STRF(NU_F_FULL_NAME, SAMR_FIELD_FULL_NAME, full_name, full_name),
	NU_STRF(NU_F_COMMENT, SAMR_FIELD_DESCRIPTION, comment, description),
	NU_STRF(NU_F_USR_COMMENT, SAMR_FIELD_COMMENT, usr_comment, comment),
	NU_STRF(NU_F_HOME_DIR, SAMR_FIELD_HOME_DIRECTORY, home_dir, home_directory),
	NU_STRF(NU_F_SCRIPT_PATH, SAMR_FIELD_LOGON_SCRIPT, script_path, logon_script),
	NU_STRF(NU_F_PROFILE, SAMR_FIELD_PROFILE_PATH, profile, profile_path),
#undef NU_STRF
};

static void from_info21(struct nu_samr *s, const struct samr_UserInfo21 *i, bool cant_change,
			struct nu_user *u)
{
	int64_t now = (int64_t)time(NULL), set = nt_to_unix(i->last_password_change);

	memset(u, 0, sizeof(*u));
	u->name = dup_lsa(&i->account_name);
	u->rid = i->rid;
	u->sid = nu_sid_append_rid(s->domain_sid_str, i->rid);
	for (size_t f = 0; f < sizeof(string_fields) / sizeof(string_fields[0]); f++)
		*(char **)((char *)u + string_fields[f].in_user) =
			dup_lsa((const struct lsa_String *)((const char *)i +
							    string_fields[f].in_info21));
	u->flags = nu_acb_to_uf(i->acct_flags) | (cant_change ? UF_PASSWD_CANT_CHANGE : 0);
	u->acct_expires = nt_to_expiry(i->acct_expiry);
	u->password_expired = i->password_expired != 0;
	/* the AD DC computes ACB_PW_EXPIRED, the file server does not: say
	 * the same thing on both, as netapi32 does */
	if (u->password_expired)
		u->flags |= UF_PASSWORD_EXPIRED;
	u->password_age = set > 0 && now > set ? (uint32_t)(now - set) : 0;
	/* as netapi32 and libnetapi report it: by well-known RID */
	u->priv = i->rid == 500 ? 2 : i->rid == 501 ? 0 : 1;
	u->last_logon = nt_to_unix(i->last_logon);
	u->known = (NU_F_NAME | NU_F_FULL_NAME | NU_F_COMMENT | NU_F_USR_COMMENT | NU_F_FLAGS |
		    NU_F_ACCT_EXPIRES | NU_F_PASSWORD_EXPIRED | NU_F_HOME_DIR | NU_F_SCRIPT_PATH |
		    NU_F_PROFILE);
}

int nu_samr_user_get(struct nu_samr *s, const char *name, uint32_t rid, struct nu_user *out,
		     struct nu_result *res)
{
	TALLOC_CTX *mem = talloc_new(s->mem);
	struct policy_handle uh = { 0 };
	union samr_UserInfo *info = NULL;
	struct sec_desc_buf *sdb = NULL;
	struct security_ace *ace = NULL;
	struct dom_sid usid;
	NTSTATUS result = NT_STATUS_OK, st;
	uint32_t raw, given = rid;
	bool opened = false, cant = false;
	double t0;
	int ret = -1;

	if (open_user(s, mem, name, NU_USER_READ, &uh, &rid, res) < 0)
		goto out;
	opened = true;
	t0 = nu_now_ms();
	st = dcerpc_samr_QueryUserInfo(s->b, mem, &uh, UserAllInformation, &info, &result);
	if ((raw = traced(s, "samr_QueryUserInfo", 21, name, false, t0, st, result))) {
		samr_fail(res, raw, "samr_QueryUserInfo 21", name);
		goto out;
	}
	/* a RID from a listing may name another account by now (renamed) */
	if (given && !acc_name_eq(info->info21.account_name.string, name)) {
		nu_fail(res, NU_NOT_FOUND, NT_STATUS_V(NT_STATUS_NO_SUCH_USER), "account '%s' "
			"(RID %u) is named '%s' by now", name, given,
			info->info21.account_name.string ? info->info21.account_name.string : "");
		goto out;
	}
	if (query_sd(s, mem, &uh, name, &sdb, res) < 0)
		goto out;
	sid_compose(&usid, &s->domain_sid, rid);
	ace = self_ace(sdb, &usid);
	if (ace)
		cant = !(ace->access_mask & SAMR_USER_ACCESS_CHANGE_PASSWORD);
	else if (cant_change_ldap(s, rid, -1, &cant, res) < 0)
		goto out;
	from_info21(s, &info->info21, cant, out);
	ret = nu_ok(res);
out:
	if (opened)
		close_handle(s, mem, &uh);
	talloc_free(mem);
	return ret;
}

/* Sets or clears the change-password right of the account's own ACE. */
static int set_cant_change(struct nu_samr *s, TALLOC_CTX *mem, struct policy_handle *uh,
			   const char *name, uint32_t rid, bool cant, struct nu_result *res)
{
	struct sec_desc_buf *sdb = NULL;
	struct security_ace *ace = NULL;
	struct dom_sid usid;
	NTSTATUS result = NT_STATUS_OK, st;
	uint32_t raw;
	double t0;

	if (query_sd(s, mem, uh, name, &sdb, res) < 0)
		return -1;
	sid_compose(&usid, &s->domain_sid, rid);
	ace = self_ace(sdb, &usid);
	if (!ace)
		return cant_change_ldap(s, rid, cant, NULL, res);
	if (!(ace->access_mask & SAMR_USER_ACCESS_CHANGE_PASSWORD) == cant)
		return 0;
	if (cant)
		ace->access_mask &= ~(uint32_t)SAMR_USER_ACCESS_CHANGE_PASSWORD;
	else
		ace->access_mask |= SAMR_USER_ACCESS_CHANGE_PASSWORD;
	t0 = nu_now_ms();
	st = dcerpc_samr_SetSecurity(s->b, mem, uh, SECINFO_DACL, sdb, &result);
	if ((raw = traced(s, "samr_SetSecurity", SECINFO_DACL, name, true, t0, st, result)))
		return samr_fail(res, raw, "samr_SetSecurity (cannot change password)", name);
	return 0;
}

/* MS-SAMR 3.1.5.6.4.1: the rights SetUserInfo2 level 21 checks per field */
static uint32_t user_write_access(unsigned mask)
{
	uint32_t a = NU_USER_READ;

	if (mask & (NU_F_FULL_NAME | NU_F_COMMENT | NU_F_HOME_DIR | NU_F_SCRIPT_PATH |
		    NU_F_PROFILE | NU_F_ACCT_EXPIRES | NU_F_FLAGS))
		a |= SAMR_USER_ACCESS_SET_ATTRIBUTES;
	if (mask & NU_F_USR_COMMENT)
		a |= SAMR_USER_ACCESS_SET_LOC_COM;
	if (mask & NU_F_PASSWORD_EXPIRED)
		a |= SAMR_USER_ACCESS_SET_PASSWORD;
	if (mask & NU_F_FLAGS)
		a |= SEC_STD_WRITE_DAC;  /* UF_PASSWD_CANT_CHANGE is a DACL right */
	return a;
}

int nu_samr_user_set(struct nu_samr *s, const char *name, const struct nu_user *u,
		     unsigned mask, uint32_t *rid_out, struct nu_result *res)
{
	TALLOC_CTX *mem = talloc_new(s->mem);
	struct policy_handle uh = { 0 };
	union samr_UserInfo *cur = NULL;
	union samr_UserInfo info;
	struct samr_UserInfo21 *i = &info.info21;
	NTSTATUS result = NT_STATUS_OK, st;
	uint32_t rid = 0, raw, acb;
	bool opened = false, clear_cant_first;
	double t0;
	int ret = -1;

	memset(&info, 0, sizeof(info));
	if (open_user(s, mem, name, user_write_access(mask), &uh, &rid, res) < 0)
		goto out;
	opened = true;
	if (rid_out)
		*rid_out = rid;
	for (size_t f = 0; f < sizeof(string_fields) / sizeof(string_fields[0]); f++) {
		const char *v = *(char *const *)((const char *)u + string_fields[f].in_user);

		if (!(mask & string_fields[f].nu))
			continue;
		i->fields_present |= string_fields[f].samr;
		((struct lsa_String *)((char *)i + string_fields[f].in_info21))->string = v ? v : "";
	}
	if (mask & NU_F_ACCT_EXPIRES) {
		i->fields_present |= SAMR_FIELD_ACCT_EXPIRY;
		i->acct_expiry = expiry_to_nt(u->acct_expires);
	}
	if (mask & NU_F_PASSWORD_EXPIRED) {
		i->fields_present |= SAMR_FIELD_EXPIRED_FLAG;
		i->password_expired = u->password_expired ? PASS_MUST_CHANGE_AT_NEXT_LOGON
							  : PASS_DONT_CHANGE_AT_NEXT_LOGON;
	}
	if (mask & NU_F_FLAGS) {
		/* SAMR takes the whole ACB word: keep every bit accord does
		 * not manage as the server has it. ACB_PW_EXPIRED is computed
		 * (its setter is SAMR_FIELD_EXPIRED_FLAG), never written. */
		t0 = nu_now_ms();
		st = dcerpc_samr_QueryUserInfo(s->b, mem, &uh, UserControlInformation, &cur,
					       &result);
		if ((raw = traced(s, "samr_QueryUserInfo", 16, name, false, t0, st, result))) {
			samr_fail(res, raw, "samr_QueryUserInfo 16", name);
			goto out;
		}
		acb = cur->info16.acct_flags & ~(NU_ACB_DISABLED | NU_ACB_PWNOEXP | NU_ACB_PW_EXPIRED);
		acb |= nu_uf_to_acb(u->flags & (UF_ACCOUNTDISABLE | UF_DONT_EXPIRE_PASSWD));
		if (acb != (cur->info16.acct_flags & ~NU_ACB_PW_EXPIRED)) {
			i->fields_present |= SAMR_FIELD_ACCT_FLAGS;
			i->acct_flags = acb;
		}
	}
	/* Samba's file server drops must-change while the account cannot
	 * change its password (measured: SetUserInfo2 then clearing the right
	 * left must-change off): a right being cleared is cleared first, one
	 * being set is set after. */
	clear_cant_first = (mask & NU_F_FLAGS) && !(u->flags & UF_PASSWD_CANT_CHANGE);
	if (clear_cant_first && set_cant_change(s, mem, &uh, name, rid, false, res) < 0)
		goto out;
	if (i->fields_present) {
		t0 = nu_now_ms();
		st = dcerpc_samr_SetUserInfo2(s->b, mem, &uh, UserAllInformation, &info, &result);
		if ((raw = traced(s, "samr_SetUserInfo2", 21, name, true, t0, st, result))) {
			samr_fail(res, raw, "samr_SetUserInfo2 21", name);
			goto out;
		}
	}
	if ((mask & NU_F_FLAGS) && !clear_cant_first &&
	    set_cant_change(s, mem, &uh, name, rid, true, res) < 0)
		goto out;
	ret = nu_ok(res);
out:
	if (opened)
		close_handle(s, mem, &uh);
	talloc_free(mem);
	return ret;
}

/* RIDs of the accounts whose stored ACB word has bit acb set:
 * EnumDomainUsers with its acct_flags filter, all pages. */
int nu_samr_users_with_acb(struct nu_samr *s, uint32_t acb, uint32_t **rids, size_t *n,
			   struct nu_result *res)
{
	TALLOC_CTX *mem = talloc_new(s->mem);
	uint32_t resume = 0, count = 0, raw, *v = NULL;
	size_t cnt = 0, alloc = 0;
	NTSTATUS result = NT_STATUS_OK, st;
	int ret = -1;
	double t0;

	do {
		struct samr_SamArray *sam = NULL;

		t0 = nu_now_ms();
		st = dcerpc_samr_EnumDomainUsers(s->b, mem, &s->domain_h, &resume, acb, &sam,
						 0xffffff, &count, &result);
		raw = traced(s, "samr_EnumDomainUsers", acb, NULL, false, t0, st, result);
		if (raw && raw != NT_STATUS_V(STATUS_MORE_ENTRIES)) {
			samr_fail(res, raw, "samr_EnumDomainUsers", NULL);
			free(v);
			goto out;
		}
		for (uint32_t i = 0; sam && i < sam->count; i++) {
			XGROW(v, alloc, cnt + 1);
			v[cnt++] = sam->entries[i].idx;
		}
	} while (raw == NT_STATUS_V(STATUS_MORE_ENTRIES));
	*rids = v;
	*n = cnt;
	ret = nu_ok(res);
out:
	talloc_free(mem);
	return ret;
}

/* ---------------------------------------------------------------- aliases */

static int enum_aliases(struct nu_samr *s, TALLOC_CTX *mem, struct policy_handle *dh,
			const struct dom_sid *dsid, struct nu_samr_alias **v, size_t *n,
			size_t *alloc, struct nu_result *res)
{
	struct samr_SamArray *sam = NULL;
	NTSTATUS result = NT_STATUS_OK, st;
	uint32_t resume = 0, count = 0, raw;
	struct dom_sid sid;
	double t0;

	do {
		sam = NULL;
		t0 = nu_now_ms();
		st = dcerpc_samr_EnumDomainAliases(s->b, mem, dh, &resume, &sam, 0xffff, &count,
						   &result);
		raw = traced(s, "samr_EnumDomainAliases", 0, NULL, false, t0, st, result);
		if (raw && raw != NT_STATUS_V(STATUS_MORE_ENTRIES))
			return samr_fail(res, raw, "samr_EnumDomainAliases", NULL);
		for (uint32_t i = 0; sam && i < sam->count; i++) {
			XGROW(*v, *alloc, *n + 1);
			sid_compose(&sid, dsid, sam->entries[i].idx);
			(*v)[*n].name = dup_lsa(&sam->entries[i].name);
			(*v)[*n].sid = sid_to_str(&sid);
			(*n)++;
		}
	} while (raw == NT_STATUS_V(STATUS_MORE_ENTRIES));
	return 0;
}

/* Samba's file server enumerates only builtin aliases whose group mapping
 * has type "alias", not those mapped as "builtin" (the usual way, and how
 * tests/samba maps Administrators), though it resolves them by name: look
 * the well-known ones up by name, in one call, and add what is missing. */
static void add_unlisted_builtins(struct nu_samr *s, TALLOC_CTX *mem, struct nu_samr_alias **v,
				  size_t *n, size_t *alloc)
{
	static const char *const wk[] = {
		"Administrators", "Users", "Guests", "Power Users", "Account Operators",
		"Server Operators", "Print Operators", "Backup Operators", "Replicator",
		"Remote Desktop Users", "Network Configuration Operators",
		"Performance Monitor Users", "Performance Log Users",
		"Distributed COM Users", "IIS_IUSRS", "Event Log Readers",
		"Remote Management Users",
	};
	struct lsa_String names[sizeof(wk) / sizeof(wk[0])];
	struct samr_Ids rids = { 0 }, types = { 0 };
	NTSTATUS result = NT_STATUS_OK, st;
	uint32_t raw, cnt = sizeof(wk) / sizeof(wk[0]);
	struct dom_sid sid;
	double t0;

	for (uint32_t i = 0; i < cnt; i++)
		names[i].string = wk[i];
	t0 = nu_now_ms();
	st = dcerpc_samr_LookupNames(s->b, mem, &s->builtin_h, cnt, names, &rids, &types, &result);
	raw = traced(s, "samr_LookupNames", 0, "BUILTIN", false, t0, st, result);
	if ((raw && raw != NT_STATUS_V(NT_STATUS_SOME_NOT_MAPPED)) || rids.count != cnt ||
	    types.count != cnt)
		return;
	for (uint32_t i = 0; i < cnt; i++) {
		bool listed = false;

		if (types.ids[i] != NU_SID_NAME_ALIAS)
			continue;
		for (size_t j = 0; j < *n && !listed; j++)
			listed = strcasecmp((*v)[j].name, wk[i]) == 0;
		if (listed)
			continue;
		XGROW(*v, *alloc, *n + 1);
		sid_compose(&sid, &builtin_sid, rids.ids[i]);
		(*v)[*n].name = xstrdup(wk[i]);
		(*v)[*n].sid = sid_to_str(&sid);
		(*n)++;
	}
}

int nu_samr_aliases(struct nu_samr *s, struct nu_samr_alias **out, size_t *n,
		    struct nu_result *res)
{
	TALLOC_CTX *mem = talloc_new(s->mem);
	struct nu_samr_alias *v = NULL;
	size_t cnt = 0, alloc = 0;
	int ret = -1;

	if (open_builtin(s, mem, res) < 0 ||
	    enum_aliases(s, mem, &s->builtin_h, &builtin_sid, &v, &cnt, &alloc, res) < 0 ||
	    enum_aliases(s, mem, &s->domain_h, &s->domain_sid, &v, &cnt, &alloc, res) < 0) {
		nu_samr_aliases_free(v, cnt);
		goto out;
	}
	add_unlisted_builtins(s, mem, &v, &cnt, &alloc);
	*out = v;
	*n = cnt;
	ret = nu_ok(res);
out:
	talloc_free(mem);
	return ret;
}

void nu_samr_aliases_free(struct nu_samr_alias *v, size_t n)
{
	for (size_t i = 0; v && i < n; i++) {
		free(v[i].name);
		free(v[i].sid);
	}
	free(v);
}

/* Opens local group "name", "BUILTIN\name" or "DOMAIN\name": builtin
 * first, as Windows resolves a bare alias name. */
static int open_alias(struct nu_samr *s, TALLOC_CTX *mem, const char *group, uint32_t access,
		      struct policy_handle *ah, struct nu_result *res)
{
	const char *bs = strchr(group, '\\');
	const char *name = bs ? bs + 1 : group;
	bool try_builtin = !bs || (bs - group == 7 && strncasecmp(group, "BUILTIN", 7) == 0);
	bool try_domain = !bs || !try_builtin;
	struct policy_handle *dh = NULL;
	NTSTATUS result = NT_STATUS_OK, st;
	uint32_t rid = 0, raw;
	double t0;

	if (try_builtin) {
		if (open_builtin(s, mem, res) < 0)
			return -1;
		if (lookup_rid(s, mem, &s->builtin_h, name, NU_SID_NAME_ALIAS, &rid, res) == 0)
			dh = &s->builtin_h;
	}
	if (!dh && try_domain &&
	    lookup_rid(s, mem, &s->domain_h, name, NU_SID_NAME_ALIAS, &rid, res) == 0)
		dh = &s->domain_h;
	if (!dh)
		return nu_fail(res, NU_GROUP_NOT_FOUND, res->raw, "local group '%s': %s", group,
			       nu_status_reason(NU_GROUP_NOT_FOUND));
	t0 = nu_now_ms();
	st = dcerpc_samr_OpenAlias(s->b, mem, dh, access, rid, ah, &result);
	if ((raw = traced(s, "samr_OpenAlias", 0, group, false, t0, st, result)))
		return samr_fail(res, raw, "samr_OpenAlias", group);
	return 0;
}

/* "DOMAIN\name" for the SIDs of the account or builtin domain. */
static void name_members(struct nu_samr *s, TALLOC_CTX *mem, struct policy_handle *dh,
			 const struct dom_sid *dsid, const char *dname, struct lsa_SidArray *sids,
			 struct nu_member *v)
{
	uint32_t rids[1000], idx[1000], k = 0, rid = 0, raw;
	struct lsa_Strings names = { 0 };
	struct samr_Ids types = { 0 };
	NTSTATUS result = NT_STATUS_OK, st;
	double t0;

	for (uint32_t i = 0; i < sids->num_sids && k < 1000; i++)
		if (sid_in_domain(sids->sids[i].sid, dsid, &rid)) {
			rids[k] = rid;
			idx[k++] = i;
		}
	if (k == 0)
		return;
	t0 = nu_now_ms();
	st = dcerpc_samr_LookupRids(s->b, mem, dh, k, rids, &names, &types, &result);
	raw = traced(s, "samr_LookupRids", 0, NULL, false, t0, st, result);
	/* STATUS_SOME_NOT_MAPPED still names the others */
	if (raw && raw != NT_STATUS_V(NT_STATUS_SOME_NOT_MAPPED))
		return;
	for (uint32_t j = 0; j < k && j < names.count; j++)
		if (names.names[j].string)
			v[idx[j]].name = xasprintf("%s\\%s", dname, names.names[j].string);
}

int nu_samr_alias_members(struct nu_samr *s, const char *group, struct nu_member **out,
			  size_t *n, struct nu_result *res)
{
	TALLOC_CTX *mem = talloc_new(s->mem);
	struct policy_handle ah = { 0 };
	struct lsa_SidArray sids = { 0 };
	struct nu_member *v = NULL;
	NTSTATUS result = NT_STATUS_OK, st;
	bool opened = false;
	uint32_t raw;
	double t0;
	int ret = -1;

	if (open_alias(s, mem, group, SAMR_ALIAS_ACCESS_GET_MEMBERS, &ah, res) < 0)
		goto out;
	opened = true;
	t0 = nu_now_ms();
	st = dcerpc_samr_GetMembersInAlias(s->b, mem, &ah, &sids, &result);
	if ((raw = traced(s, "samr_GetMembersInAlias", 0, group, false, t0, st, result))) {
		samr_fail(res, raw, "samr_GetMembersInAlias", group);
		goto out;
	}
	v = xcalloc(sids.num_sids ? sids.num_sids : 1, sizeof(*v));
	for (uint32_t i = 0; i < sids.num_sids; i++)
		v[i].sid = sid_to_str(sids.sids[i].sid);
	name_members(s, mem, &s->domain_h, &s->domain_sid, s->domain_name, &sids, v);
	if (s->have_builtin)
		name_members(s, mem, &s->builtin_h, &builtin_sid, "BUILTIN", &sids, v);
	*out = v;
	*n = sids.num_sids;
	ret = nu_ok(res);
out:
	if (opened)
		close_handle(s, mem, &ah);
	talloc_free(mem);
	return ret;
}

int nu_samr_alias_member(struct nu_samr *s, const char *group, const char *sid, bool add,
			 struct nu_result *res)
{
	TALLOC_CTX *mem = talloc_new(s->mem);
	struct policy_handle ah = { 0 };
	struct dom_sid2 msid;
	NTSTATUS result = NT_STATUS_OK, st;
	const char *fn = add ? "samr_AddAliasMember" : "samr_DeleteAliasMember";
	bool opened = false;
	uint32_t raw;
	double t0;
	int ret = -1;

	if (!sid || !sid_parse(sid, &msid)) {
		nu_fail(res, NU_INVALID_PARAM, 0, "%s '%s': '%s' is not a SID (S-1-...)", fn, group,
			sid ? sid : "(null)");
		goto out;
	}
	if (open_alias(s, mem, group,
		       add ? SAMR_ALIAS_ACCESS_ADD_MEMBER : SAMR_ALIAS_ACCESS_REMOVE_MEMBER, &ah,
		       res) < 0)
		goto out;
	opened = true;
	t0 = nu_now_ms();
	if (add)
		st = dcerpc_samr_AddAliasMember(s->b, mem, &ah, &msid, &result);
	else
		st = dcerpc_samr_DeleteAliasMember(s->b, mem, &ah, &msid, &result);
	if ((raw = traced(s, fn, 0, sid, true, t0, st, result))) {
		char what[200];

		snprintf(what, sizeof(what), "%s '%s' in '%s'", fn, sid, group);
		nu_fail_ntstatus(res, raw, what);
		goto out;
	}
	ret = nu_ok(res);
out:
	if (opened)
		close_handle(s, mem, &ah);
	talloc_free(mem);
	return ret;
}

/* ---------------------------------------------------------------- host */

int nu_samr_host(struct nu_samr *s, struct nu_host *h, struct nu_result *res)
{
	TALLOC_CTX *mem = talloc_new(s->mem);
	struct nu_lsa_domain d = { 0 };
	struct nu_result lres;
	const char *dns_host = NULL, *netbios = NULL;
	int known, ret = -1;

	known = nu_lsa_primary_domain(mem, s->pipe, s->cc, s->lp, s->server, s->tr, &d, res);
	if (known < 0)
		goto out;
	memset(h, 0, sizeof(*h));
	if (known == 0 && d.name) {
		h->domain_known = true;
		/* the policy of a host in a workgroup has no SID; a DC's
		 * primary domain is its own account domain */
		h->joined = d.sid != NULL;
		h->is_dc = d.sid && sid_equal(d.sid, &s->domain_sid);
		h->domain = xstrdup(d.name);
		h->dns_domain = h->joined ? xstrdup(d.dns_domain) : NULL;
	}
	/* a non-DC's account domain is named after the computer; a DC's is
	 * the domain's, so a DC's names come from LDAP (unknown when LDAP
	 * cannot be reached), and nothing tells the computer of a host whose
	 * role is unknown */
	if (h->domain_known && !h->is_dc)
		h->computer = xstrdup(s->domain_name);
	else if (h->is_dc && ldap_of(s, &lres) && nu_ldap_host_names(s->ldap, mem, &dns_host, &netbios,
							 &lres) == 0) {
		h->dns_name = xstrdup(dns_host);
		if (netbios)
			h->computer = xstrdup(netbios);
		else if (dns_host)
			h->computer = xstrndup(dns_host, strcspn(dns_host, "."));
	}
	ret = nu_ok(res);
out:
	talloc_free(mem);
	return ret;
}
