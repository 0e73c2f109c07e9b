#pragma once
/* trace.h: --trace, every NetUser call on stderr, and the closing count. */
#include "cli.h"

struct nu_conn;

/* Installs the stderr trace on conn when cli->trace is set. */
void cli_trace_attach(struct cli *cli);
/* Prints "netapi: N calls (R reads, W writes), T ms" when tracing. */
void cli_trace_summary(const struct cli *cli, const char *what);
