#pragma once
/* verbs.h: handlers of the verbs in the table (verbs.c). */
#include "cli.h"

/* accord validate -f FILE [--as yaml|gpp] (cmd_validate.c) */
int cmd_validate(struct cli *cli, int argc, char **argv);
