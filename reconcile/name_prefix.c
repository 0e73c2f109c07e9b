/* name_prefix.c: account names written DOMAIN\name (Groups.xml from a
 * domain's GPO writes "active.htb\SVC_TGS"), resolved against the server.
 *
 * accord manages the accounts of the server's own SAM. Those are named
 * COMPUTER\name on any host, and DOMAIN\name on a domain controller, whose
 * SAM is the domain's. Any other prefix names an account accord does not
 * manage there (a domain account seen from a member server, another
 * machine's account): managing the local account of that bare name instead
 * would touch the wrong account, so it is refused. */
#include "target.h"

#include "diag.h"
#include "names.h"
#include "netapi.h"
#include "xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Whether prefix (n bytes) names the SAM of host h. */
static bool own_prefix(const char *prefix, size_t n, const struct nu_host *h)
{
	char *p = xstrndup(prefix, n);
	bool own = (h->computer && acc_name_eq(p, h->computer)) ||
		   (h->dns_name && acc_name_eq(p, h->dns_name)) ||
		   (h->is_dc && ((h->domain && acc_name_eq(p, h->domain)) ||
				 (h->dns_domain && acc_name_eq(p, h->dns_domain))));

	free(p);
	return own;
}

static void host_says(const struct nu_host *h, char *buf, size_t n)
{
	if (h->is_dc)
		snprintf(buf, n, "accounts of domain controller %s: %s\\ or %s\\ (or %s\\)",
			 h->computer ? h->computer : "?", h->domain ? h->domain : "?",
			 h->dns_domain ? h->dns_domain : "?", h->computer ? h->computer : "?");
	else
		snprintf(buf, n, "local accounts of %s: %s\\%s", h->computer ? h->computer : "?",
			 h->computer ? h->computer : "?",
			 h->joined ? " (a domain's accounts are not in a member's SAM)" : "");
}

static void resolve(char **name, const struct src_pos *pos, const char *what,
		    const struct nu_host *h, struct diags *d, size_t *bad)
{
	const char *bs = *name ? strchr(*name, '\\') : NULL;
	char says[256], *bare;

	if (!bs)
		return;
	if (!own_prefix(*name, (size_t)(bs - *name), h)) {
		host_says(h, says, sizeof(says));
		diags_add(d, DIAG_ERROR, pos->file, pos->line, pos->col,
			  "%s '%s': the prefix '%.*s' is not this server; accord manages the %s",
			  what, *name, (int)(bs - *name), *name, says);
		(*bad)++;
		return;
	}
	bare = xstrdup(bs + 1);
	free(*name);
	*name = bare;
}

size_t model_resolve_prefixes(struct model *m, const struct nu_host *h, struct diags *d)
{
	size_t bad = 0;

	for (size_t i = 0; i < m->n_users; i++) {
		struct m_user *u = &m->users[i];

		resolve(&u->name, &u->pos, "user", h, d, &bad);
		resolve(&u->new_name, &u->pos, "new name of user", h, d, &bad);
	}
	return bad;
}

bool model_has_prefixes(const struct model *m)
{
	for (size_t i = 0; i < m->n_users; i++)
		if ((m->users[i].name && strchr(m->users[i].name, '\\')) ||
		    (m->users[i].new_name && strchr(m->users[i].new_name, '\\')))
			return true;
	return false;
}
