/* target_host.c: what depends on which server a file is applied to:
 * item-level targeting (tf_select) and DOMAIN\name account names
 * (model_resolve_prefixes), as the per-file step of formats_load_files.
 * The server's facts are read once, and only when a file needs them, so a
 * file without either costs no call. */
#include "target_host.h"

#include "diag.h"
#include "error.h"
#include "model.h"
#include "netapi.h"
#include "target.h"
#include "xalloc.h"

#include <stdlib.h>
#include <time.h>

static int read_host(struct cli *cli, struct acc_error *err)
{
	struct nu_result res = { 0 };

	if (cli->host)
		return 0;
	cli->host = xcalloc(1, sizeof(*cli->host));
	if (nu_host_get(cli->conn, cli->host, &res) < 0) {
		free(cli->host);
		cli->host = NULL;
		return acc_fail(err, ACC_ENETAPI, res.raw, "reading what the server is (its name "
				"and domain, for the file's targeting and DOMAIN\\ names): %s", res.msg);
	}
	cli->now = time(NULL);  /* one instant for every file of the run */
	return 0;
}

int cli_target_step(void *ud, const char *path, struct model *m, struct diags *d,
		    struct acc_error *err)
{
	struct cli *cli = ud;
	struct tf_host h = { 0 };
	bool targets = model_has_targets(m), prefixes = model_has_prefixes(m);

	(void)path;
	if (!targets && !prefixes)
		return 0;  /* not one call */
	if (read_host(cli, err) < 0)
		return -1;
	h.nu = cli->host;
	h.now = cli->now;
	if (targets)
		tf_select(m, &h, cli->gpp_unknown_match);
	/* the loader then folds what names one account and checks the file
	 * again (formats_load_files) */
	if (prefixes)
		model_resolve_prefixes(m, cli->host, d);
	return 1;
}

void cli_target_release(struct cli *cli)
{
	if (cli->host)
		nu_host_release(cli->host);
	free(cli->host);
	cli->host = NULL;
}
