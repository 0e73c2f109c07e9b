/* nu_samba.c: netapi.h on Linux, over Samba 4.17's two clients.
 *
 * Which client does what, and why (every such decision is made here):
 *
 *   operation                 client     call(s)
 *   connect, credentials      SAMR       dcerpc_pipe_connect + Connect2,
 *                                        EnumDomains, LookupDomain, OpenDomain
 *                                        (proves server and password at once;
 *                                        gives the domain SID once)
 *   enumerate accounts        libnetapi  NetQueryDisplayInformation level 1,
 *                                        pages of 1000; its flags are raw ACB_*
 *                                        (libnetapi defect) and are converted;
 *                             SAMR       a Samba AD DC sends acct_flags 0 there
 *                                        (its QueryDisplayInfo does not read
 *                                        userAccountControl): then one
 *                                        EnumDomainUsers filtered per stored ACB
 *                                        bit fills them, a fixed number of calls
 *                                        whatever the number of accounts
 *   read one account          SAMR       (LookupNames unless the RID is known
 *                                        from a listing) OpenUser,
 *                                        QueryUserInfo 21 + QuerySecurity:
 *                                        NetUserGetInfo cannot report
 *                                        UF_PASSWD_CANT_CHANGE (a DACL right)
 *                                        and costs the same round trips; on a
 *                                        Samba AD DC plus one LDAP search (below)
 *   look names up             SAMR       LookupNames, 1,000 names a call
 *   add                       libnetapi  NetUserAdd level 1 (encrypts the
 *                                        password with the session key) with
 *                                        flags 0: it sends UF_* unconverted and
 *                                        takes no other level; then SAMR below
 *   change fields             SAMR       one SetUserInfo2 level 21 with
 *                                        fields_present for every changed field:
 *                                        libnetapi refuses 1008 (flags) and 1017
 *                                        (expiry) with 50 and 1006/1009 with 87,
 *                                        its level 3 sends flags unconverted,
 *                                        never sends the expiry and skips zero
 *                                        numbers; must-change is
 *                                        SAMR_FIELD_EXPIRED_FLAG; "cannot change
 *                                        password" is the account's DACL
 *                                        (QuerySecurity/SetSecurity), cleared
 *                                        before SetUserInfo2 and set after it:
 *                                        the file server drops must-change
 *                                        while the right is off
 *                             LDAP       on a Samba AD DC, which refuses
 *                                        SetSecurity and answers QuerySecurity
 *                                        with a fixed descriptor: the
 *                                        change-password right in
 *                                        nTSecurityDescriptor (nu_samba_ldap.c)
 *   password                  libnetapi  NetUserSetInfo 1003
 *   rename                    libnetapi  NetUserSetInfo 0
 *   delete                    libnetapi  NetUserDel
 *   password policy           libnetapi  NetUserModalsGet 0
 *   explain refused password  SAMR       QueryDomainInfo 1 (length and
 *                                        complexity in one call)
 *   local groups              libnetapi  NetLocalGroupEnum 1 (comments), plus
 *                             SAMR       EnumDomainAliases for their SIDs
 *   a user's local groups     libnetapi  NetUserGetLocalGroups 0
 *   a group's members         SAMR       GetMembersInAlias + LookupRids:
 *                                        NetLocalGroupGetMembers answers 50
 *   add/remove a member       SAMR       AddAliasMember / DeleteAliasMember:
 *                                        NetLocalGroupAddMembers level 3 aborts
 *                                        the process; level 0 would need the same
 *                                        alias lookup we already make
 *   host facts                LSA        a second pipe on the SAMR pipe's SMB
 *                                        session: OpenPolicy2, QueryInfoPolicy
 *                                        12 (3 where the file server refuses
 *                                        12): domain, DNS domain, SID (none: a
 *                                        workgroup; the account domain's: a DC);
 *                                        libnetapi's NetServerGetInfo and
 *                                        NetGetJoinInformation answer a loopback
 *                                        server from the local smb.conf
 *                             SAMR       the computer: a non-DC's account domain
 *                                        (already read at connect)
 *                             LDAP       on a DC: rootDSE dnsHostName, serverName
 *                                        (OS version: Samba imitates Windows 6.1
 *                                        there, so it is not reported)
 *
 * Both clients get the same credentials. libnetapi binds the process to
 * one server (nu_lib_bind); the SAMR pipe belongs to the connection. */
#include "nu_samba.h"

#include "names.h"
#include "xalloc.h"

#include <stdlib.h>
#include <string.h>

struct nu_conn {
	struct nu_tracer tr;
	char *server;          /* NULL: the local machine */
	struct nu_samr *samr;
};

struct nu_tracer *nu_conn_tracer(struct nu_conn *c)
{
	return &c->tr;
}

static const char *srv(const struct nu_conn *c)
{
	return c->server;
}

int nu_connect(const struct nu_creds *creds, struct nu_conn **out, struct nu_result *res)
{
	struct nu_conn *c = NULL;
	int ret = -1;

	if (!creds || !out)
		return nu_fail(res, NU_INVALID_PARAM, 87, "nu_connect: no credentials given");
	nu_samba_quiet();
	c = xcalloc(1, sizeof(*c));
	c->server = creds->server && *creds->server ? xstrdup(creds->server) : NULL;
	if (nu_samr_open(&c->tr, creds, &c->samr, res) < 0)
		goto out;
	if (nu_lib_bind(creds, res) < 0)
		goto out;
	*out = c;
	c = NULL;
	ret = nu_ok(res);
out:
	nu_disconnect(c);
	return ret;
}

void nu_disconnect(struct nu_conn *c)
{
	if (!c)
		return;
	nu_samr_close(c->samr);
	free(c->server);
	free(c);
}

const char *nu_server(const struct nu_conn *c)
{
	return c->server ? c->server : "";
}

const char *nu_domain_sid(const struct nu_conn *c)
{
	return nu_samr_domain_sid(c->samr);
}

static int cmp_rid(const void *a, const void *b)
{
	uint32_t x = ((const struct nu_user *)a)->rid, y = ((const struct nu_user *)b)->rid;

	return x < y ? -1 : x > y;
}

/* The ACB bits a normal account stores (MS-SAMR 2.2.1.12), but NORMAL
 * itself; AUTOLOCK and PW_EXPIRED are computed and not filtered on. */
static const uint32_t stored_acb_bits[] = {
	0x1, 0x2, 0x4, 0x8, 0x200, 0x800, 0x1000, 0x2000, 0x4000, 0x8000, 0x10000,
	0x40000, 0x80000,
};

/* Fills the flags of accounts listed without any (v sorted by rid). */
static int fill_missing_flags(struct nu_conn *c, struct nu_user *v, size_t n,
			      struct nu_result *res)
{
	uint32_t acb[n ? n : 1];

	for (size_t i = 0; i < n; i++)
		acb[i] = NU_ACB_NORMAL;  /* level 1 lists normal accounts only */
	for (size_t b = 0; b < sizeof(stored_acb_bits) / sizeof(stored_acb_bits[0]); b++) {
		uint32_t *rids = NULL;
		size_t nr = 0;

		if (nu_samr_users_with_acb(c->samr, stored_acb_bits[b], &rids, &nr, res) < 0)
			return -1;
		for (size_t j = 0; j < nr; j++) {
			struct nu_user key = { .rid = rids[j] };
			struct nu_user *u = bsearch(&key, v, n, sizeof(*v), cmp_rid);

			if (u)
				acb[u - v] |= stored_acb_bits[b];
		}
		free(rids);
	}
	for (size_t i = 0; i < n; i++)
		v[i].flags = nu_acb_to_uf(acb[i]);
	return 0;
}

static int cmp_user(const void *a, const void *b)
{
	return acc_name_cmp(((const struct nu_user *)a)->name, ((const struct nu_user *)b)->name);
}

int nu_user_enum(struct nu_conn *c, struct nu_user **out, size_t *n, struct nu_result *res)
{
	struct nu_user *v = NULL;
	size_t cnt = 0, keep = 0;
	bool missing = false;

	if (nu_lib_display_users(&c->tr, srv(c), &v, &cnt, res) < 0)
		return -1;
	/* every account listed at level 1 has ACB_NORMAL: all-zero flags mean
	 * the server did not send them (Samba AD DC) */
	for (size_t i = 0; i < cnt && !missing; i++)
		missing = v[i].flags == UF_SCRIPT;
	if (missing) {
		qsort(v, cnt, sizeof(*v), cmp_rid);
		if (fill_missing_flags(c, v, cnt, res) < 0) {
			nu_users_free(v, cnt);
			return -1;
		}
	}
	for (size_t i = 0; i < cnt; i++) {
		if (!(v[i].flags & UF_NORMAL_ACCOUNT)) {
			nu_user_release(&v[i]);
			continue;
		}
		v[i].sid = nu_sid_append_rid(nu_domain_sid(c), v[i].rid);
		v[keep++] = v[i];
	}
	qsort(v, keep, sizeof(*v), cmp_user);
	*out = v;
	*n = keep;
	return nu_ok(res);
}

int nu_user_get(struct nu_conn *c, const char *name, struct nu_user *out, struct nu_result *res)
{
	return nu_samr_user_get(c->samr, name, 0, out, res);
}

int nu_user_get_rid(struct nu_conn *c, const char *name, uint32_t rid, struct nu_user *out,
		    struct nu_result *res)
{
	return nu_samr_user_get(c->samr, name, rid, out, res);
}

/* On a password-policy refusal, says what the policy asks for. */
static int explain_policy(struct nu_conn *c, struct nu_result *res)
{
	struct nu_result pres;
	uint32_t min_len = 0;
	bool complex = false;
	size_t len;

	if (res->status != NU_PASSWORD_POLICY ||
	    nu_samr_password_policy(c->samr, &min_len, &complex, &pres) < 0)
		return -1;
	len = strlen(res->msg);
	snprintf(res->msg + len, sizeof(res->msg) - len,
		 "; the policy asks for at least %u characters%s", min_len,
		 complex ? " from three of: upper case, lower case, digits, symbols, and no "
			   "part of the account name" : "");
	return -1;
}

#define NU_SETTABLE (NU_F_FULL_NAME | NU_F_COMMENT | NU_F_USR_COMMENT | NU_F_FLAGS | \
		     NU_F_ACCT_EXPIRES | NU_F_PASSWORD_EXPIRED | NU_F_HOME_DIR | \
		     NU_F_SCRIPT_PATH | NU_F_PROFILE)

int nu_user_lookup(struct nu_conn *c, const char *const *names, size_t n, uint32_t *rids,
		   struct nu_result *res)
{
	return nu_samr_lookup_users(c->samr, names, n, rids, res);
}

int nu_user_add(struct nu_conn *c, const struct nu_user *u, unsigned mask,
		const char *password, uint32_t *rid, struct nu_result *res)
{
	struct nu_result dres;
	const char *why = NULL;
	size_t len;

	if (!u || !u->name || !acc_name_valid(u->name, &why))
		return nu_fail(res, NU_INVALID_PARAM, 87, "add '%s': the name %s",
			       u && u->name ? u->name : "", why ? why : "is missing");
	if (rid)
		*rid = 0;
	if (nu_lib_user_add(&c->tr, srv(c), u->name, password, res) < 0)
		return explain_policy(c, res);
	/* the fields' write looks the new RID up anyway; without fields,
	 * *rid stays 0 rather than costing a call */
	mask &= NU_SETTABLE;
	if (!mask || nu_samr_user_set(c->samr, u->name, u, mask, rid, res) == 0)
		return nu_ok(res);
	/* leave nothing half made */
	len = strlen(res->msg);
	if (nu_lib_user_del(&c->tr, srv(c), u->name, &dres) == 0)
		snprintf(res->msg + len, sizeof(res->msg) - len, "; the new account was deleted again");
	else
		snprintf(res->msg + len, sizeof(res->msg) - len, "; the new account is left as added");
	return -1;
}

int nu_user_set(struct nu_conn *c, const char *name, const struct nu_user *u, unsigned mask,
		struct nu_result *res)
{
	if (mask & ~NU_SETTABLE)
		return nu_fail(res, NU_INVALID_PARAM, 87, "set '%s': name and password are changed "
			       "with nu_user_rename and nu_user_set_password", name);
	if (!mask)
		return nu_ok(res);
	return nu_samr_user_set(c->samr, name, u, mask, NULL, res);
}

int nu_user_set_password(struct nu_conn *c, const char *name, const char *password,
			 struct nu_result *res)
{
	if (nu_lib_set_password(&c->tr, srv(c), name, password, res) < 0)
		return explain_policy(c, res);
	return 0;
}

int nu_user_rename(struct nu_conn *c, const char *name, const char *new_name,
		   struct nu_result *res)
{
	const char *why = NULL;

	if (!new_name || !acc_name_valid(new_name, &why))
		return nu_fail(res, NU_INVALID_PARAM, 87, "rename '%s': the new name %s", name,
			       why ? why : "is missing");
	return nu_lib_rename(&c->tr, srv(c), name, new_name, res);
}

int nu_user_del(struct nu_conn *c, const char *name, struct nu_result *res)
{
	return nu_lib_user_del(&c->tr, srv(c), name, res);
}

int nu_modals_get(struct nu_conn *c, struct nu_modals *out, struct nu_result *res)
{
	return nu_lib_modals(&c->tr, srv(c), out, res);
}

int nu_lgroup_enum(struct nu_conn *c, struct nu_lgroup **out, size_t *n, struct nu_result *res)
{
	struct nu_lgroup *v = NULL;
	struct nu_samr_alias *a = NULL;
	size_t cnt = 0, na = 0, alloc;
	int ret = -1;

	if (nu_lib_lgroups(&c->tr, srv(c), &v, &cnt, res) < 0)
		goto out;
	if (nu_samr_aliases(c->samr, &a, &na, res) < 0)
		goto out;
	alloc = cnt;
	for (size_t j = 0; j < na; j++) {
		size_t i = 0;

		while (i < cnt && (v[i].sid || !acc_name_eq(v[i].name, a[j].name)))
			i++;
		if (i == cnt) {
			XGROW(v, alloc, cnt + 1);
			v[cnt].name = xstrdup(a[j].name);
			v[cnt++].comment = xstrdup("");
		}
		v[i].sid = xstrdup(a[j].sid);
	}
	*out = v;
	*n = cnt;
	v = NULL;
	ret = nu_ok(res);
out:
	nu_lgroups_free(v, cnt);
	nu_samr_aliases_free(a, na);
	return ret;
}

int nu_user_lgroups(struct nu_conn *c, const char *name, char ***out, size_t *n,
		    struct nu_result *res)
{
	return nu_lib_user_lgroups(&c->tr, srv(c), name, out, n, res);
}

int nu_lgroup_members(struct nu_conn *c, const char *group, struct nu_member **out, size_t *n,
		      struct nu_result *res)
{
	return nu_samr_alias_members(c->samr, group, out, n, res);
}

int nu_lgroup_add_member(struct nu_conn *c, const char *group, const char *sid,
			 struct nu_result *res)
{
	return nu_samr_alias_member(c->samr, group, sid, true, res);
}

int nu_lgroup_del_member(struct nu_conn *c, const char *group, const char *sid,
			 struct nu_result *res)
{
	return nu_samr_alias_member(c->samr, group, sid, false, res);
}

int nu_host_get(struct nu_conn *c, struct nu_host *out, struct nu_result *res)
{
	struct nu_host h;

	if (nu_samr_host(c->samr, &h, res) < 0)
		return -1;
	/* with no server named, the SAMR pipe went to this machine */
	h.address = nu_host_address(c->server);
	nu_host_settle(&h);
	*out = h;
	return 0;
}
