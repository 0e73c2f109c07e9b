#pragma once
/* verbs.h: handlers of the verbs in the table (verbs.c). */
#include "cli.h"

/* accord validate -f FILE [--as yaml|gpp] (cmd_validate.c) */
int cmd_validate(struct cli *cli, int argc, char **argv);

/* accord plan -f FILE [--detailed-exitcode] (cmd_plan.c) */
int cmd_plan(struct cli *cli, int argc, char **argv);
/* accord show [ID] (cmd_show.c) */
int cmd_show(struct cli *cli, int argc, char **argv);
/* accord apply (-f FILE | --plan ID) [--auto-approve] (cmd_apply.c) */
int cmd_apply(struct cli *cli, int argc, char **argv);
/* accord export [--as yaml|gpp] [-o FILE] (cmd_export.c) */
int cmd_export(struct cli *cli, int argc, char **argv);
/* accord convert -f FILE [-o OUT] [--to yaml|gpp] (cmd_convert.c) */
int cmd_convert(struct cli *cli, int argc, char **argv);
/* accord drift (-f FILE | --history) (cmd_drift.c) */
int cmd_drift(struct cli *cli, int argc, char **argv);
/* accord report --html FILE [--since DATE] (cmd_report.c) */
int cmd_report(struct cli *cli, int argc, char **argv);
