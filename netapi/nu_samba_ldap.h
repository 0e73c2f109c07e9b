#pragma once
/* nu_samba_ldap.h: "user cannot change password" and the DC's own names
 * over LDAP, for a Samba AD DC (see nu_samba_ldap.c). Used by
 * nu_samba_samr.c only; speaks Samba's types. */

#include "nu_samba.h"

#include <talloc.h>
#include <tevent.h>
#include <credentials.h>
#include <param.h>

struct nu_ldap;

/* Connects to ldap://server with cc; the result hangs off mem. NULL and res
 * filled on failure. */
struct nu_ldap *nu_ldap_open(TALLOC_CTX *mem, struct tevent_context *ev,
			     struct loadparm_context *lp, struct cli_credentials *cc,
			     const char *server, struct nu_tracer *tr, struct nu_result *res);
/* Whether the DACL of the account with SID sid denies Everyone/SELF the
 * User-Change-Password right. */
int nu_ldap_cant_change_get(struct nu_ldap *l, const char *sid, bool *cant,
			    struct nu_result *res);
/* Denies (cant) or allows that right; nothing is written when it already
 * reads as asked. */
int nu_ldap_cant_change_set(struct nu_ldap *l, const char *sid, bool cant,
			    struct nu_result *res);
/* The DC's names from its rootDSE: *dns_host its dnsHostName, *netbios the
 * CN of its serverName; each NULL when absent, else hanging off mem. */
int nu_ldap_host_names(struct nu_ldap *l, TALLOC_CTX *mem, const char **dns_host,
		       const char **netbios, struct nu_result *res);
