/* nu_win32_lgroup.c: local groups (aliases) over netapi32, and their SIDs
 * through the server's LSA. */
#include "nu_win32.h"

#include "xalloc.h"

#include <ntsecapi.h>
#include <sddl.h>

#include <stdlib.h>
#include <string.h>

/* ntsecapi.h of mingw-w64 lacks these; values from MS-LSAT 2.2.16 / 3.1.4.9 */
#define WIN_LSA_LOOKUP_ISOLATED_AS_LOCAL 0x80000000u
#define WIN_STATUS_NONE_MAPPED ((NTSTATUS)0xC0000073L)
#define WIN_LSA_MAX 1000  /* MS-LSAT: at most 1000 names in one lookup */

/* Ends an LSA call: the NTSTATUS becomes the Win32 code that the rest of
 * this backend (and its status mapping) speaks, as netapi32 would give. */
static int win_lsa_end(struct nu_conn *c, struct win_call *k, NTSTATUS nt,
		       struct nu_result *res)
{
	return win_call_end(c, k, nt == 0 ? 0 : (uint32_t)LsaNtStatusToWinError(nt), 0, res);
}

static void win_lsa_string(LSA_UNICODE_STRING *s, wchar_t *w)
{
	size_t n = w ? wcslen(w) * sizeof(wchar_t) : 0;

	s->Buffer = w;
	s->Length = (USHORT)n;
	s->MaximumLength = (USHORT)(n + (w ? sizeof(wchar_t) : 0));
}

/* Fills v[i].sid for up to WIN_LSA_MAX groups with one LsaLookupNames2
 * call. Names are looked up as the server's own (isolated names as local):
 * they came from its NetLocalGroupEnum, and a domain account of the same
 * name must not win. */
static int win_lsa_lookup(struct nu_conn *c, LSA_HANDLE pol, struct nu_lgroup *v, size_t n,
			  struct nu_result *res)
{
	LSA_UNICODE_STRING names[WIN_LSA_MAX];
	PLSA_REFERENCED_DOMAIN_LIST doms = NULL;
	PLSA_TRANSLATED_SID2 sids = NULL;
	wchar_t *w[WIN_LSA_MAX] = { NULL };
	struct win_call k;
	NTSTATUS nt;
	int rc = -1;

	for (size_t i = 0; i < n; i++) {
		if (win_wide(v[i].name, "group name", &w[i], res))
			goto out;
		win_lsa_string(&names[i], w[i]);
	}
	win_call_begin(&k, "LsaLookupNames2", 0, NULL, false);
	nt = LsaLookupNames2(pol, WIN_LSA_LOOKUP_ISOLATED_AS_LOCAL, (ULONG)n, names, &doms, &sids);
	/* some or none mapped: the unmapped keep sid NULL */
	if (win_lsa_end(c, &k, nt == WIN_STATUS_NONE_MAPPED ? 0 : nt, res))
		goto out;
	for (size_t i = 0; sids && i < n; i++)
		if (sids[i].Use != SidTypeUnknown && sids[i].Use != SidTypeInvalid)
			v[i].sid = win_sid_string(sids[i].Sid);
	rc = 0;
out:
	if (sids)
		LsaFreeMemory(sids);
	if (doms)
		LsaFreeMemory(doms);
	for (size_t i = 0; i < n; i++)
		free(w[i]);
	return rc;
}

/* Fills v[i].sid for every group through the server's LSA: one policy
 * handle, one lookup per WIN_LSA_MAX names. */
static int win_lgroup_sids(struct nu_conn *c, struct nu_lgroup *v, size_t n,
			   struct nu_result *res)
{
	LSA_OBJECT_ATTRIBUTES oa;
	LSA_UNICODE_STRING server;
	LSA_HANDLE pol = NULL;
	struct win_call k;
	int rc = -1;

	if (!n)
		return 0;
	memset(&oa, 0, sizeof(oa));
	win_lsa_string(&server, c->server_w);
	win_call_begin(&k, "LsaOpenPolicy", 0, NULL, false);
	if (win_lsa_end(c, &k, LsaOpenPolicy(c->server_w ? &server : NULL, &oa,
					     POLICY_LOOKUP_NAMES, &pol), res))
		return -1;
	for (size_t i = 0; i < n; i += WIN_LSA_MAX)
		if (win_lsa_lookup(c, pol, v + i, n - i < WIN_LSA_MAX ? n - i : WIN_LSA_MAX, res))
			goto out;
	rc = 0;
out:
	win_call_begin(&k, "LsaClose", 0, NULL, false);
	win_lsa_end(c, &k, LsaClose(pol), NULL);
	return rc;
}

int nu_lgroup_enum(struct nu_conn *c, struct nu_lgroup **out, size_t *n, struct nu_result *res)
{
	struct nu_lgroup *v = NULL;
	size_t nv = 0, alloc = 0;
	DWORD_PTR resume = 0;
	NET_API_STATUS st;
	int rc = -1;

	nu_ok(res);
	do {
		LOCALGROUP_INFO_1 *e = NULL;
		DWORD got = 0, total = 0;
		struct win_call k;

		win_call_begin(&k, "NetLocalGroupEnum", 1, NULL, false);
		st = NetLocalGroupEnum(c->server_w, 1, (LPBYTE *)&e, MAX_PREFERRED_LENGTH,
				       &got, &total, &resume);
		if (win_call_end(c, &k, st, 0, res)) {
			if (e)
				NetApiBufferFree(e);
			goto out;
		}
		XGROW(v, alloc, nv + got);
		for (DWORD j = 0; j < got; j++, nv++) {
			v[nv].name = win_utf8(e[j].lgrpi1_name);
			v[nv].sid = NULL;
			v[nv].comment = win_utf8(e[j].lgrpi1_comment);
		}
		if (e)
			NetApiBufferFree(e);
		if (!got)
			break;
	} while (st == ERROR_MORE_DATA);
	if (win_lgroup_sids(c, v, nv, res))
		goto out;
	*out = v;
	*n = nv;
	v = NULL;
	rc = 0;
out:
	nu_lgroups_free(v, nv);
	return rc;
}

int nu_user_lgroups(struct nu_conn *c, const char *name, char ***out, size_t *n,
		    struct nu_result *res)
{
	LOCALGROUP_USERS_INFO_0 *e = NULL;
	wchar_t *name_w = NULL;
	DWORD got = 0, total = 0;
	struct win_call k;
	NET_API_STATUS st;
	char **v = NULL;
	int rc = -1;

	nu_ok(res);
	if (win_wide_name(name, "account name", &name_w, res))
		goto out;
	/* flags 0: direct membership only, which is what accord manages;
	 * MAX_PREFERRED_LENGTH returns every entry in one buffer */
	win_call_begin(&k, "NetUserGetLocalGroups", 0, name, false);
	st = NetUserGetLocalGroups(c->server_w, name_w, 0, 0, (LPBYTE *)&e,
				   MAX_PREFERRED_LENGTH, &got, &total);
	if (win_call_end(c, &k, st, 0, res))
		goto out;
	v = xcalloc(got ? got : 1, sizeof(*v));
	for (DWORD j = 0; j < got; j++)
		v[j] = win_utf8(e[j].lgrui0_name);
	*out = v;
	*n = got;
	rc = 0;
out:
	if (e)
		NetApiBufferFree(e);
	free(name_w);
	return rc;
}

int nu_lgroup_members(struct nu_conn *c, const char *group, struct nu_member **out,
		      size_t *n, struct nu_result *res)
{
	struct nu_member *v = NULL;
	size_t nv = 0, alloc = 0;
	wchar_t *group_w = NULL;
	DWORD_PTR resume = 0;
	NET_API_STATUS st;
	int rc = -1;

	nu_ok(res);
	if (win_wide_name(group, "group name", &group_w, res))
		goto out;
	do {
		LOCALGROUP_MEMBERS_INFO_2 *e = NULL;
		DWORD got = 0, total = 0;
		struct win_call k;

		win_call_begin(&k, "NetLocalGroupGetMembers", 2, group, false);
		st = NetLocalGroupGetMembers(c->server_w, group_w, 2, (LPBYTE *)&e,
					     MAX_PREFERRED_LENGTH, &got, &total, &resume);
		if (win_call_end(c, &k, st, 0, res)) {
			if (e)
				NetApiBufferFree(e);
			goto out;
		}
		XGROW(v, alloc, nv + got);
		for (DWORD j = 0; j < got; j++, nv++) {
			SID_NAME_USE use = e[j].lgrmi2_sidusage;

			v[nv].sid = win_sid_string(e[j].lgrmi2_sid);
			/* a deleted or unresolvable member has no name, only its SID */
			v[nv].name = use == SidTypeDeletedAccount || use == SidTypeUnknown ||
					     use == SidTypeInvalid
					     ? NULL
					     : win_utf8(e[j].lgrmi2_domainandname);
		}
		if (e)
			NetApiBufferFree(e);
		if (!got)
			break;
	} while (st == ERROR_MORE_DATA);
	*out = v;
	*n = nv;
	v = NULL;
	rc = 0;
out:
	nu_members_free(v, nv);
	free(group_w);
	return rc;
}

/* NetLocalGroupAddMembers / DelMembers with one LOCALGROUP_MEMBERS_INFO_0. */
static int win_lgroup_change(struct nu_conn *c, const char *group, const char *sid, bool add,
			     struct nu_result *res)
{
	LOCALGROUP_MEMBERS_INFO_0 m = { NULL };
	wchar_t *group_w = NULL, *sid_w = NULL;
	struct win_call k;
	NET_API_STATUS st;
	int rc = -1;

	nu_ok(res);
	if (win_wide_name(group, "group name", &group_w, res) ||
	    win_wide_name(sid, "member SID", &sid_w, res))
		goto out;
	if (!ConvertStringSidToSidW(sid_w, &m.lgrmi0_sid)) {
		m.lgrmi0_sid = NULL;
		win_invalid(res, "member '%s' of group '%s' is not a SID: give it as S-1-...",
			    sid, group);
		goto out;
	}
	if (add) {
		win_call_begin(&k, "NetLocalGroupAddMembers", 0, group, true);
		st = NetLocalGroupAddMembers(c->server_w, group_w, 0, (LPBYTE)&m, 1);
	} else {
		win_call_begin(&k, "NetLocalGroupDelMembers", 0, group, true);
		st = NetLocalGroupDelMembers(c->server_w, group_w, 0, (LPBYTE)&m, 1);
	}
	rc = win_call_end(c, &k, st, 0, res);
out:
	if (m.lgrmi0_sid)
		LocalFree(m.lgrmi0_sid);
	free(sid_w);
	free(group_w);
	return rc;
}

int nu_lgroup_add_member(struct nu_conn *c, const char *group, const char *sid,
			 struct nu_result *res)
{
	return win_lgroup_change(c, group, sid, true, res);
}

int nu_lgroup_del_member(struct nu_conn *c, const char *group, const char *sid,
			 struct nu_result *res)
{
	return win_lgroup_change(c, group, sid, false, res);
}
