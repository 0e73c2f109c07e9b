/* nu_samba_ldap.c: what a Samba AD DC keeps only in its directory: "user
 * cannot change password", and the DC's own names (for nu_host_get).
 *
 * The right is the User-Change-Password control access right (MS-ADTS
 * 5.1.3.2.1) in the account's nTSecurityDescriptor: denied to Everyone and
 * SELF means the user cannot change the password. netapi32 reaches it
 * through SAMR's SetSecurity, which a Windows DC maps onto the directory;
 * Samba's AD DC refuses SetSecurity and answers QuerySecurity with a fixed
 * descriptor, so accord reads and writes the DACL over LDAP instead, on one
 * connection opened the first time it is needed, with the SAMR pipe's
 * credentials.
 *
 * A DC's SAM is the domain's, so SAMR cannot tell the DC's own computer
 * name (a member's account domain is named after the computer); the
 * rootDSE (MS-ADTS 3.1.1.3.2) tells it: dnsHostName, and serverName, the
 * DN of the DC's server object, named after its NetBIOS name. */
#include "nu_samba_ldap.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <ldb.h>
#include <ldb_wrap.h>
#include <ndr.h>
#include <gen_ndr/security.h>

/* exported by libsamba-security, not declared in the public headers */
enum ndr_err_code ndr_pull_security_descriptor(struct ndr_pull *ndr, int ndr_flags,
					       struct security_descriptor *r);
enum ndr_err_code ndr_push_security_descriptor(struct ndr_push *ndr, int ndr_flags,
					       const struct security_descriptor *r);

#define NU_GUID_CHANGE_PASSWORD "ab721a53-1e2f-11d0-9819-00aa0040529b"

struct nu_ldap {
	struct ldb_context *ldb;
	struct nu_tracer *tr;
	struct GUID change_pw;
};

/* Everyone (S-1-1-0) and SELF (S-1-5-10) */
static const struct dom_sid sid_everyone = {
	.sid_rev_num = 1, .num_auths = 1, .id_auth = { 0, 0, 0, 0, 0, 1 }, .sub_auths = { 0 },
};
static const struct dom_sid sid_self = {
	.sid_rev_num = 1, .num_auths = 1, .id_auth = { 0, 0, 0, 0, 0, 5 }, .sub_auths = { 10 },
};

static bool same_sid(const struct dom_sid *a, const struct dom_sid *b)
{
	return a->sid_rev_num == b->sid_rev_num && a->num_auths == b->num_auths &&
	       memcmp(a->id_auth, b->id_auth, 6) == 0 &&
	       memcmp(a->sub_auths, b->sub_auths, sizeof(uint32_t) * (size_t)a->num_auths) == 0;
}

struct nu_ldap *nu_ldap_open(TALLOC_CTX *mem, struct tevent_context *ev,
			     struct loadparm_context *lp, struct cli_credentials *cc,
			     const char *server, struct nu_tracer *tr, struct nu_result *res)
{
	struct nu_ldap *l = talloc_zero(mem, struct nu_ldap);
	char *url = talloc_asprintf(l, "ldap://%s", server);
	double t0 = nu_now_ms();

	l->tr = tr;
	GUID_from_string(NU_GUID_CHANGE_PASSWORD, &l->change_pw);
	l->ldb = ldb_wrap_connect(l, ev, lp, url, NULL, cc, 0);
	nu_trace_call(tr, "ldap_connect", 0, NULL, l->ldb ? 0 : 1, t0, false, true);
	if (!l->ldb) {
		nu_fail(res, NU_UNREACHABLE, 0, "cannot open LDAP to '%s', where a samba AD DC keeps "
			"'cannot change password'", server);
		talloc_free(l);
		return NULL;
	}
	return l;
}

static struct ldb_control **sd_dacl_only(struct nu_ldap *l, TALLOC_CTX *mem)
{
	const char *ctrl[] = { "sd_flags:1:4", NULL };  /* SECINFO_DACL */

	return ldb_parse_control_strings(l->ldb, mem, ctrl);
}

/* The DACL of the account with SID sid. */
static int read_sd(struct nu_ldap *l, TALLOC_CTX *mem, const char *sid, struct ldb_dn **dn,
		   struct security_descriptor **sd, struct nu_result *res)
{
	const char *attrs[] = { "nTSecurityDescriptor", NULL };
	struct ldb_result *r = talloc_zero(mem, struct ldb_result);
	struct ldb_request *req = NULL;
	const struct ldb_val *val = NULL;
	double t0 = nu_now_ms();
	int ret;

	ret = ldb_build_search_req(&req, l->ldb, mem, ldb_get_default_basedn(l->ldb),
				   LDB_SCOPE_SUBTREE, talloc_asprintf(mem, "(objectSid=%s)", sid), attrs,
				   sd_dacl_only(l, mem), r, ldb_search_default_callback, NULL);
	if (ret == LDB_SUCCESS)
		ret = ldb_request(l->ldb, req);
	if (ret == LDB_SUCCESS)
		ret = ldb_wait(req->handle, LDB_WAIT_ALL);
	nu_trace_call(l->tr, "ldap_search", 0, sid, (uint32_t)ret, t0, false, true);
	if (ret != LDB_SUCCESS || r->count != 1)
		return nu_fail(res, ret == LDB_ERR_INSUFFICIENT_ACCESS_RIGHTS ? NU_ACCESS_DENIED
			       : NU_NOT_FOUND, (uint32_t)ret, "read the security descriptor of %s "
			       "over LDAP: %s", sid, ret != LDB_SUCCESS ? ldb_errstring(l->ldb)
			       : "no such object");
	val = ldb_msg_find_ldb_val(r->msgs[0], "nTSecurityDescriptor");
	*sd = talloc_zero(mem, struct security_descriptor);
	if (!val || ndr_pull_struct_blob(val, *sd, *sd,
					 (ndr_pull_flags_fn_t)ndr_pull_security_descriptor) !=
		    NDR_ERR_SUCCESS || !(*sd)->dacl)
		return nu_fail(res, NU_OTHER, 0, "read the security descriptor of %s over LDAP: "
			       "no DACL came back", sid);
	*dn = r->msgs[0]->dn;
	return 0;
}

/* An explicit ACE on the change-password right for Everyone or SELF. */
static bool is_change_pw_ace(struct nu_ldap *l, const struct security_ace *a)
{
	if (a->type != SEC_ACE_TYPE_ACCESS_ALLOWED_OBJECT &&
	    a->type != SEC_ACE_TYPE_ACCESS_DENIED_OBJECT)
		return false;
	if ((a->flags & SEC_ACE_FLAG_INHERITED_ACE) ||
	    !(a->object.object.flags & SEC_ACE_OBJECT_TYPE_PRESENT) ||
	    !GUID_equal(&a->object.object.type.type, &l->change_pw))
		return false;
	return same_sid(&a->trustee, &sid_everyone) || same_sid(&a->trustee, &sid_self);
}

static bool denies_change(struct nu_ldap *l, const struct security_acl *dacl)
{
	for (uint32_t i = 0; i < dacl->num_aces; i++)
		if (is_change_pw_ace(l, &dacl->aces[i]) &&
		    dacl->aces[i].type == SEC_ACE_TYPE_ACCESS_DENIED_OBJECT &&
		    (dacl->aces[i].access_mask & SEC_ADS_CONTROL_ACCESS))
			return true;
	return false;
}

int nu_ldap_cant_change_get(struct nu_ldap *l, const char *sid, bool *cant,
			    struct nu_result *res)
{
	TALLOC_CTX *mem = talloc_new(l);
	struct security_descriptor *sd = NULL;
	struct ldb_dn *dn = NULL;
	int ret = -1;

	if (read_sd(l, mem, sid, &dn, &sd, res) == 0) {
		*cant = denies_change(l, sd->dacl);
		ret = 0;
	}
	talloc_free(mem);
	return ret;
}

/* Replaces the explicit change-password ACEs of Everyone and SELF by two
 * new ones: denied first in the DACL, or allowed after the explicit denies
 * (canonical order). */
static void rewrite_dacl(struct nu_ldap *l, struct security_acl *dacl, bool cant)
{
	const struct dom_sid *who[2] = { &sid_everyone, &sid_self };
	struct security_ace *v = talloc_zero_array(dacl, struct security_ace, dacl->num_aces + 2);
	uint32_t n = 0, at = 0;

	for (uint32_t i = 0; i < dacl->num_aces; i++)
		if (!is_change_pw_ace(l, &dacl->aces[i]))
			v[n++] = dacl->aces[i];
	if (!cant)
		while (at < n && !(v[at].flags & SEC_ACE_FLAG_INHERITED_ACE) &&
		       (v[at].type == SEC_ACE_TYPE_ACCESS_DENIED ||
			v[at].type == SEC_ACE_TYPE_ACCESS_DENIED_OBJECT))
			at++;
	memmove(&v[at + 2], &v[at], sizeof(*v) * (n - at));
	for (int k = 0; k < 2; k++) {
		struct security_ace *a = &v[at + (uint32_t)k];

		memset(a, 0, sizeof(*a));
		a->type = cant ? SEC_ACE_TYPE_ACCESS_DENIED_OBJECT : SEC_ACE_TYPE_ACCESS_ALLOWED_OBJECT;
		a->access_mask = SEC_ADS_CONTROL_ACCESS;
		a->object.object.flags = SEC_ACE_OBJECT_TYPE_PRESENT;
		a->object.object.type.type = l->change_pw;
		a->trustee = *who[k];
	}
	dacl->aces = v;
	dacl->num_aces = n + 2;
}

int nu_ldap_cant_change_set(struct nu_ldap *l, const char *sid, bool cant,
			    struct nu_result *res)
{
	TALLOC_CTX *mem = talloc_new(l);
	struct security_descriptor *sd = NULL;
	struct ldb_message *msg = NULL;
	struct ldb_request *req = NULL;
	struct ldb_dn *dn = NULL;
	DATA_BLOB blob = { 0 };
	double t0;
	int ret = -1, lret;

	if (read_sd(l, mem, sid, &dn, &sd, res) < 0)
		goto out;
	if (denies_change(l, sd->dacl) == cant) {
		ret = nu_ok(res);
		goto out;
	}
	rewrite_dacl(l, sd->dacl, cant);
	if (ndr_push_struct_blob(&blob, mem, sd, (ndr_push_flags_fn_t)ndr_push_security_descriptor) !=
	    NDR_ERR_SUCCESS) {
		nu_fail(res, NU_OTHER, 0, "encode the security descriptor of %s", sid);
		goto out;
	}
	msg = ldb_msg_new(mem);
	msg->dn = dn;
	ldb_msg_add_empty(msg, "nTSecurityDescriptor", LDB_FLAG_MOD_REPLACE, NULL);
	ldb_msg_add_value(msg, "nTSecurityDescriptor", &blob, NULL);
	t0 = nu_now_ms();
	lret = ldb_build_mod_req(&req, l->ldb, mem, msg, sd_dacl_only(l, mem), NULL,
				 ldb_op_default_callback, NULL);
	if (lret == LDB_SUCCESS)
		lret = ldb_request(l->ldb, req);
	if (lret == LDB_SUCCESS)
		lret = ldb_wait(req->handle, LDB_WAIT_ALL);
	nu_trace_call(l->tr, "ldap_modify", 0, sid, (uint32_t)lret, t0, true, true);
	if (lret != LDB_SUCCESS) {
		nu_fail(res, lret == LDB_ERR_INSUFFICIENT_ACCESS_RIGHTS ? NU_ACCESS_DENIED : NU_OTHER,
			(uint32_t)lret, "set 'cannot change password' of %s over LDAP: %s", sid,
			ldb_errstring(l->ldb));
		goto out;
	}
	ret = nu_ok(res);
out:
	talloc_free(mem);
	return ret;
}

int nu_ldap_host_names(struct nu_ldap *l, TALLOC_CTX *mem, const char **dns_host,
		       const char **netbios, struct nu_result *res)
{
	const char *attrs[] = { "dnsHostName", "serverName", NULL };
	struct ldb_result *r = NULL;
	struct ldb_dn *server = NULL;
	const struct ldb_val *rdn = NULL;
	double t0 = nu_now_ms();
	int ret;

	ret = ldb_search(l->ldb, mem, &r, ldb_dn_new(mem, l->ldb, ""), LDB_SCOPE_BASE, attrs, NULL);
	nu_trace_call(l->tr, "ldap_search", 0, "rootDSE", (uint32_t)ret, t0, false, true);
	if (ret != LDB_SUCCESS || r->count != 1)
		return nu_fail(res, NU_OTHER, (uint32_t)ret, "read the rootDSE over LDAP: %s",
			       ret != LDB_SUCCESS ? ldb_errstring(l->ldb) : "no such object");
	*dns_host = ldb_msg_find_attr_as_string(r->msgs[0], "dnsHostName", NULL);
	server = ldb_msg_find_attr_as_dn(l->ldb, mem, r->msgs[0], "serverName");
	rdn = server ? ldb_dn_get_rdn_val(server) : NULL;
	*netbios = rdn ? talloc_strndup(mem, (const char *)rdn->data, rdn->length) : NULL;
	return 0;
}
