/* verbs.c: the verb table. One line a verb; handlers live in cmd_<verb>.c. */
#include "cli.h"
#include "verbs.h"

const struct verb cli_verbs[] = {
	{ "validate", cmd_validate, 0, "validate -f FILE [--as yaml|gpp]",
	  "check a desired-state file (YAML or Groups.xml) without a server",
	  "  -f, --file FILE   the file to check\n"
	  "      --as FORMAT   yaml, gpp or auto (default: '<' first means Groups.xml)\n"
	  "Prints every problem as FILE:LINE:COL: error|warning: MESSAGE, then a summary;\n"
	  "with --format json, a JSON array of diagnostics. Exits 0 when valid, else 1.\n" },
	{ NULL, NULL, 0, NULL, NULL, NULL },
};
