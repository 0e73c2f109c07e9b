/* verbs.c: the verb table. One line a verb; handlers live in cmd_<verb>.c. */
#include "cli.h"
#include "verbs.h"

const struct verb cli_verbs[] = {
	{ NULL, NULL, 0, NULL, NULL, NULL },
};
