/* target_host.c: what depends on which server the file is applied to:
 * item-level targeting (tf_select) and DOMAIN\name account names
 * (model_resolve_prefixes). The server's facts are read once, and only when
 * a model needs them, so a file without either costs no call. */
#include "target_host.h"

#include "diag.h"
#include "model.h"
#include "netapi.h"
#include "target.h"
#include "xalloc.h"

#include <stdlib.h>
#include <time.h>

static bool model_has_target(const struct model *m)
{
	for (size_t i = 0; i < m->n_users; i++)
		if (m->users[i].target)
			return true;
	for (size_t i = 0; i < m->n_groups; i++)
		if (m->groups[i].target)
			return true;
	return false;
}

static int read_host(struct cli *cli)
{
	struct nu_result res = { 0 };

	if (cli->host)
		return 0;
	cli->host = xcalloc(1, sizeof(*cli->host));
	if (nu_host_get(cli->conn, cli->host, &res) < 0) {
		free(cli->host);
		cli->host = NULL;
		return cli_errorf("reading what the server is (its name and domain, for the "
				  "file's targeting and DOMAIN\\ names): %s", res.msg);
	}
	return 0;
}

int cli_target(struct cli *cli, struct model *m)
{
	struct diags d = DIAGS_INIT;
	struct tf_host h = { 0 };
	bool targets = model_has_target(m), prefixes = model_has_prefixes(m);
	int rc = 0;

	if (!targets && !prefixes)
		return 0;  /* not one call */
	if (read_host(cli))
		return 1;
	if (!cli->now)
		cli->now = time(NULL);
	h.nu = cli->host;
	h.now = cli->now;
	if (targets)
		tf_select(m, &h, cli->gpp_unknown_match);
	/* the items selected for this host must make one consistent model:
	 * items for different hosts may name one account, and DOMAIN\name and
	 * name are one account once the prefix is resolved */
	if ((prefixes && model_resolve_prefixes(m, cli->host, &d)) || model_validate(m, &d)) {
		diags_sort(&d);
		cli_print_diags(NULL, &d);
		rc = cli_errorf("the file does not fit this server; nothing was changed");
	}
	diags_release(&d);
	return rc;
}

void cli_target_release(struct cli *cli)
{
	if (cli->host)
		nu_host_release(cli->host);
	free(cli->host);
	cli->host = NULL;
}
