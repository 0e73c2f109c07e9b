/* setup.c: credentials, connection and state for the verb about to run. */
#include "setup.h"
#include "target_host.h"

#include "netapi.h"
#include "store.h"
#include "trace.h"
#include "xalloc.h"

#include <stdlib.h>
#include <string.h>

static int read_creds(struct cli *cli, struct acc_error *err)
{
	const char *env;

	if (cli->auth_file && cli_read_auth_file(cli, cli->auth_file, err) < 0)
		return -1;
	env = getenv("ACCORD_PASSWORD");
	if (env && *env && !cli->password)
		cli->password = xstrdup(env);
	if (cli->user && !cli->password && cli->server)
		return acc_fail(err, ACC_EUSAGE, 0, "no password for %s: give -A FILE or set "
				"ACCORD_PASSWORD (accord never takes a password on the command "
				"line)", cli->user);
	return 0;
}

static int resolve_creds(struct cli *cli)
{
	struct acc_error err = { 0 };

	if (read_creds(cli, &err) == 0)
		return 0;
	if (!(cli->verb->flags & CREDS_AT_CONNECT))
		return cli_error(&err);
	cli->creds_error = xmalloc(sizeof(err));
	*cli->creds_error = err;
	return 0;
}

int cli_connect(struct cli *cli)
{
	if (cli->conn)
		return 0;
	if (cli->creds_error)
		return cli_error(cli->creds_error);
	struct nu_creds creds = {
		.server = cli->server, .domain = cli->domain,
		.user = cli->user, .password = cli->password,
	};
	struct nu_result res = { 0 };

	if (nu_connect(&creds, &cli->conn, &res) < 0)
		return cli_errorf("%s", res.msg);
	cli_trace_attach(cli);
	return 0;
}

static int open_state(struct cli *cli)
{
	struct acc_error err = { 0 };

	if (store_open(cli->state_path, &cli->store, &err) < 0)
		return cli_error(&err);
	if (store_warning(cli->store))
		cli_warnf("%s", store_warning(cli->store));
	return 0;
}

int cli_setup(struct cli *cli)
{
	unsigned flags = cli->verb->flags;
	int rc = 0;

	if (flags & (NEEDS_CREDS | NEEDS_SERVER))
		rc = resolve_creds(cli);
	/* state first: a broken state file should stop us before any call */
	if (!rc && (flags & NEEDS_STATE))
		rc = open_state(cli);
	if (!rc && (flags & NEEDS_SERVER))
		rc = cli_connect(cli);
	return rc;
}

void cli_teardown(struct cli *cli)
{
	cli_trace_summary(cli, cli->verb->name);
	cli_target_release(cli);
	nu_disconnect(cli->conn);
	cli->conn = NULL;
	store_close(cli->store);
	cli->store = NULL;
	free(cli->creds_error);
	cli->creds_error = NULL;
}
