/* trace.c: --trace prints one line per platform call to stderr. The layer
 * below hands over the function, level, account, raw status and time; no
 * call carries a secret, so nothing here can print one. */
#include "trace.h"

#include "netapi.h"

#include <stdio.h>

static void trace_line(void *ud, const struct nu_trace_event *ev)
{
	(void)ud;
	fprintf(stderr, "trace: %-28s level %-4u %-5s %-20s status %-5u %8.3f ms\n",
		ev->function, ev->level, ev->write ? "write" : "read",
		ev->account ? ev->account : "-", ev->raw, ev->ms);
}

void cli_trace_attach(struct cli *cli)
{
	if (cli->trace && cli->conn)
		nu_set_trace(cli->conn, trace_line, NULL);
}

void cli_trace_summary(const struct cli *cli, const char *what)
{
	struct nu_stats st;

	if (!cli->trace || !cli->conn)
		return;
	nu_get_stats(cli->conn, &st);
	fprintf(stderr, "trace: %s: %lu calls (%lu reads, %lu writes, %lu round trips), %.1f ms\n",
		what, st.calls, st.reads, st.writes, st.round_trips, st.ms);
}
