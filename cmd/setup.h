#pragma once
/* setup.h: what main() does between finding a verb and calling it. */
#include "cli.h"

/* Credentials, server connection and state database, as the verb's flags
 * ask. Returns 0, or the exit code to stop with (the error printed). */
int cli_setup(struct cli *cli);
/* Closes what cli_setup opened; safe after a partial setup. */
void cli_teardown(struct cli *cli);
/* Connects to cli->server with the resolved credentials (once; later calls
 * return 0). Verbs that check their arguments first take NEEDS_CREDS and
 * call this themselves; NEEDS_SERVER calls it before the handler. Returns 0,
 * or 1 after printing why. */
int cli_connect(struct cli *cli);
