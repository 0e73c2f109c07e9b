/* nu_samba_lsa.c: which domain the host belongs to, from its LSA policy.
 *
 * libnetapi's NetGetJoinInformation and NetServerGetInfo cannot be used:
 * libnetapi takes a server named by a loopback address for "this machine"
 * and answers from the local smb.conf, not from the server (every test
 * server is 127.0.0.1 in its own network namespace). So accord asks the
 * server over RPC: one more named pipe, \pipe\lsarpc, opened on the SMB
 * session the SAMR pipe already holds (no second logon), then
 * OpenPolicy2 and QueryInfoPolicy. Not QueryInfoPolicy2, which takes the
 * same levels: Samba 4.17's file server does not implement it (the call
 * faults with RPC_NT_PROCNUM_OUT_OF_RANGE). The policy handle is not
 * closed: the pipe is dropped right after, and the server drops its
 * handles with it. */
#include "nu_samba_lsa.h"

#include <stdint.h>
#include <stdio.h>

#include <gen_ndr/lsa.h>

/* Exported by libndr-standard and by Samba's private libdcerpc-samba-samba4
 * (the pidl-generated LSA client), but not declared in the public headers.
 * The prototypes are pidl's for librpc/idl/lsa.idl, argument for argument
 * the in/out members of struct lsa_OpenPolicy2 / lsa_QueryInfoPolicy in
 * the installed <gen_ndr/lsa.h>. */
extern const struct ndr_interface_table ndr_table_lsarpc;
NTSTATUS dcerpc_lsa_OpenPolicy2(struct dcerpc_binding_handle *h, TALLOC_CTX *mem_ctx,
				const char *_system_name, struct lsa_ObjectAttribute *_attr,
				uint32_t _access_mask, struct policy_handle *_handle,
				NTSTATUS *result);
NTSTATUS dcerpc_lsa_QueryInfoPolicy(struct dcerpc_binding_handle *h, TALLOC_CTX *mem_ctx,
				    struct policy_handle *_handle, enum lsa_PolicyInfo _level,
				    union lsa_PolicyInformation **_info, NTSTATUS *result);

/* Whether a refused info level means "ask with the older one": Samba 4.17's
 * file server refuses LSA_POLICY_INFO_DNS with NT_STATUS_INVALID_INFO_CLASS
 * (measured; its passdb is not an AD one). */
static bool level_refused(NTSTATUS result)
{
	return NT_STATUS_EQUAL(result, NT_STATUS_INVALID_INFO_CLASS) ||
	       NT_STATUS_EQUAL(result, NT_STATUS_INVALID_PARAMETER) ||
	       NT_STATUS_EQUAL(result, NT_STATUS_NOT_SUPPORTED) ||
	       NT_STATUS_EQUAL(result, NT_STATUS_NOT_IMPLEMENTED);
}

static int transport_fail(struct nu_result *res, NTSTATUS st, const char *fn,
			  const char *server)
{
	return nu_fail(res, NU_UNREACHABLE, NT_STATUS_V(st), "%s on server '%s': the connection "
		       "failed (NTSTATUS 0x%08x)", fn, server, NT_STATUS_V(st));
}

/* One QueryInfoPolicy at level; 1 when the server refused it. */
static int query(TALLOC_CTX *mem, struct dcerpc_binding_handle *b, struct policy_handle *ph,
		 enum lsa_PolicyInfo level, const char *server, struct nu_tracer *tr,
		 union lsa_PolicyInformation **info, NTSTATUS *result, struct nu_result *res)
{
	double t0 = nu_now_ms();
	NTSTATUS st;

	*result = NT_STATUS_OK;
	st = dcerpc_lsa_QueryInfoPolicy(b, mem, ph, level, info, result);
	nu_trace_call(tr, "lsa_QueryInfoPolicy", level, NULL,
		      NT_STATUS_V(NT_STATUS_IS_OK(st) ? *result : st), t0, false, true);
	if (!NT_STATUS_IS_OK(st))
		return transport_fail(res, st, "lsa_QueryInfoPolicy", server);
	return NT_STATUS_IS_OK(*result) && *info ? 0 : 1;
}

int nu_lsa_primary_domain(TALLOC_CTX *mem, struct dcerpc_pipe *samr_pipe,
			  struct cli_credentials *cc, struct loadparm_context *lp,
			  const char *server, struct nu_tracer *tr, struct nu_lsa_domain *out,
			  struct nu_result *res)
{
	struct dcerpc_binding *bd = dcerpc_binding_dup(mem, samr_pipe->binding);
	struct dcerpc_pipe *p = NULL;
	struct lsa_ObjectAttribute attr = { 0 };
	struct policy_handle ph = { 0 };
	union lsa_PolicyInformation *info = NULL;
	NTSTATUS st, result = NT_STATUS_OK;
	double t0;
	int ret;

	if (!bd || !NT_STATUS_IS_OK(dcerpc_binding_set_string_option(bd, "endpoint",
								     "\\pipe\\lsarpc")))
		return nu_fail(res, NU_OTHER, 0, "open the LSA pipe on server '%s': out of memory",
			       server);
	t0 = nu_now_ms();
	st = dcerpc_secondary_auth_connection(samr_pipe, bd, &ndr_table_lsarpc, cc, lp, mem, &p);
	nu_trace_call(tr, "dcerpc_secondary_auth_connection", 0, "lsarpc", NT_STATUS_V(st), t0,
		      false, true);
	if (!NT_STATUS_IS_OK(st))
		return transport_fail(res, st, "open the LSA pipe", server);
	/* MS-LSAD 3.1.4.4.9: the attributes are ignored; all zero */
	t0 = nu_now_ms();
	st = dcerpc_lsa_OpenPolicy2(p->binding_handle, mem, server, &attr,
				    LSA_POLICY_VIEW_LOCAL_INFORMATION, &ph, &result);
	nu_trace_call(tr, "lsa_OpenPolicy2", 0, NULL,
		      NT_STATUS_V(NT_STATUS_IS_OK(st) ? result : st), t0, false, true);
	if (!NT_STATUS_IS_OK(st))
		return transport_fail(res, st, "lsa_OpenPolicy2", server);
	if (!NT_STATUS_IS_OK(result))
		return 1;
	/* level 12 has the DNS domain too; a host that refuses it (a Samba
	 * file server or member) still answers level 3: name and SID */
	ret = query(mem, p->binding_handle, &ph, LSA_POLICY_INFO_DNS, server, tr, &info, &result,
		    res);
	if (ret == 0) {
		out->name = info->dns.name.string;
		out->dns_domain = info->dns.dns_domain.string;
		out->sid = info->dns.sid;
		return 0;
	}
	if (ret < 0 || !level_refused(result))
		return ret;
	ret = query(mem, p->binding_handle, &ph, LSA_POLICY_INFO_DOMAIN, server, tr, &info,
		    &result, res);
	if (ret == 0) {
		out->name = info->domain.name.string;
		out->dns_domain = NULL;
		out->sid = info->domain.sid;
	}
	return ret;
}
