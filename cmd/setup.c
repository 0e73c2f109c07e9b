/* setup.c: credentials, connection and state for the verb about to run. */
#include "setup.h"

#include "xalloc.h"

#include <stdlib.h>
#include <string.h>

static int resolve_creds(struct cli *cli)
{
	struct acc_error err = { 0 };
	const char *env;

	if (cli->auth_file && cli_read_auth_file(cli, cli->auth_file, &err) < 0)
		return cli_error(&err);
	env = getenv("ACCORD_PASSWORD");
	if (env && *env && !cli->password)
		cli->password = xstrdup(env);
	return 0;
}

int cli_setup(struct cli *cli)
{
	unsigned flags = cli->verb->flags;

	if (flags & (NEEDS_CREDS | NEEDS_SERVER)) {
		int rc = resolve_creds(cli);

		if (rc)
			return rc;
	}
	return 0;
}

void cli_teardown(struct cli *cli)
{
	(void)cli;
}
