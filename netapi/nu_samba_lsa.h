#pragma once
/* nu_samba_lsa.h: the host's domain membership from LSA (MS-LSAD), for
 * nu_host_get on Samba (see nu_samba_lsa.c). Used by nu_samba_samr.c only;
 * speaks Samba's types. */

#include "nu_samba.h"

#include <talloc.h>
#include <dcerpc.h>
#include <credentials.h>
#include <param.h>

/* The primary domain, as the host's LSA policy says (MS-LSAD 2.2.4.4,
 * 2.2.4.14). Strings and SID hang off the mem given to the call. */
struct nu_lsa_domain {
	const char *name;        /* NetBIOS domain, or the workgroup */
	const char *dns_domain;  /* NULL when not told (not joined, or no DNS domain) */
	struct dom_sid *sid;     /* NULL: not a domain member */
};

/* Opens \pipe\lsarpc beside samr_pipe, on its SMB session, and reads the
 * primary domain. A transport failure fills res and returns -1; an error
 * the server answers returns 1 with *out unset (the facts are unknown, not
 * a failure); 0 with *out filled. */
int nu_lsa_primary_domain(TALLOC_CTX *mem, struct dcerpc_pipe *samr_pipe,
			  struct cli_credentials *cc, struct loadparm_context *lp,
			  const char *server, struct nu_tracer *tr, struct nu_lsa_domain *out,
			  struct nu_result *res);
