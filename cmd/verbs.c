/* verbs.c: the verb table. One line a verb; handlers live in cmd_<verb>.c. */
#include "cli.h"
#include "verbs.h"

const struct verb cli_verbs[] = {
	{ "validate", cmd_validate, 0, "validate -f FILE [-f FILE...] [--as yaml|gpp]",
	  "check desired-state files (YAML or Groups.xml) without a server",
	  "  -f, --file FILE   a file to check; several are checked each on its own and\n"
	  "                    merged in order (later files win), conflicts as warnings\n"
	  "      --as FORMAT   yaml, gpp or auto (default: '<' first means Groups.xml)\n"
	  "Prints every problem as FILE:LINE:COL: error|warning: MESSAGE, then a summary;\n"
	  "with --format json, a JSON array of diagnostics. Exits 0 when valid, else 1.\n" },
	{ "plan", cmd_plan, NEEDS_CREDS | NEEDS_STATE,
	  "plan -f FILE [-f FILE...] [--detailed-exitcode]",
	  "show what apply would change on the server, and save the plan",
	  "  -f, --file FILE        the desired state (YAML or Groups.xml); repeat it to\n"
	  "                         merge files in order: a later file wins per account\n"
	  "                         and per field, and the plan lists every conflict\n"
	  "      --detailed-exitcode\n"
	  "                         exit 0 with no changes, 2 with changes, 1 on error\n"
	  "The plan is saved in the state database; its id is printed last.\n"
	  "With --format json the plan is printed as JSON (docs/plan-json.md).\n" },
	{ "show", cmd_show, NEEDS_STATE, "show [PLAN_ID|RUN_ID|DRIFT_ID]",
	  "list saved plans and apply runs, or print one",
	  "  P-N   print a saved plan exactly as it was printed when made\n"
	  "  R-N   print an apply run with each operation's result\n"
	  "  D-N   print a drift report\n"
	  "Without an id, lists the newest plans and runs.\n" },
	{ "apply", cmd_apply, NEEDS_CREDS | NEEDS_STATE,
	  "apply (-f FILE [-f FILE...] | --plan ID) [--auto-approve]",
	  "make the changes of a plan: plan FILE and apply it, or apply a saved plan",
	  "  -f, --file FILE     plan FILE against the server, show the plan, ask, apply;\n"
	  "                      repeatable: the files are merged in order, as by plan\n"
	  "      --plan ID       apply the saved plan ID (refused when an account it\n"
	  "                      touches changed since, or when it was already applied)\n"
	  "      --auto-approve  do not ask (needed when standard input is not a terminal)\n"
	  "Holds the server's apply lock while it runs; every result is recorded as it\n"
	  "ends ('accord show R-N'). Ctrl-C stops after the operation in flight.\n"
	  "Exits 0 when every operation succeeded, 1 when one failed or was skipped or\n"
	  "the plan was refused, 130/143 when stopped by SIGINT/SIGTERM.\n"
	  "With --format json: docs/apply-json.md.\n" },
	{ "export", cmd_export, NEEDS_CREDS, "export [--as yaml|gpp] [-o FILE]",
	  "write the server's accounts as a desired-state file (no passwords)",
	  "      --as FORMAT     yaml (default) or gpp\n"
	  "  -o, --output FILE   write FILE instead of standard output\n"
	  "Planned against the same server, the file changes nothing.\n" },
	{ "convert", cmd_convert, 0, "convert -f FILE [-f FILE...] [-o OUT] [--to yaml|gpp]",
	  "convert a desired-state file (Groups.xml to YAML by default), no server",
	  "  -f, --file FILE     the file to convert (YAML or Groups.xml, detected);\n"
	  "                      several are merged in order into one (later files win,\n"
	  "                      each conflict is a warning)\n"
	  "  -o, --output OUT    write OUT instead of standard output\n"
	  "      --to FORMAT     yaml (default) or gpp\n"
	  "Every cpassword (MS14-025: its key is public) and literal password becomes an\n"
	  "{env: ACCORD_PW_<NAME>} reference; the variables to set are listed on standard\n"
	  "error, the passwords never. Exits 0 when converted, 1 on errors.\n" },
	{ "drift", cmd_drift, NEEDS_CREDS | NEEDS_STATE | CREDS_AT_CONNECT,
	  "drift (-f FILE [-f FILE...] [--quiet] [--syslog] | --history [--since DATE])",
	  "report what apply would change, change nothing, record the report",
	  "  -f, --file FILE   the desired state (YAML or Groups.xml); repeatable, merged\n"
	  "                    in order as by plan\n"
	  "  -q, --quiet       print nothing when in sync (cron then mails only on drift\n"
	  "                    or error)\n"
	  "      --syslog      also send a one-line summary to syslog (info in sync,\n"
	  "                    warning on drift, err on error)\n"
	  "      --history     list the recorded reports with their counts\n"
	  "      --since DATE  with --history: YYYY-MM-DD[THH:MM[:SS]] or an age (7d, 12h)\n"
	  "Names every drifted account and field (passwords as (sensitive)) and whether\n"
	  "the live value changed outside accord after accord applied it, or the desired\n"
	  "value was never applied. Every run is recorded, errors too ('accord show D-N').\n"
	  "--format json: docs/drift-json.md; --format junit: docs/drift-junit.md.\n"
	  "Exits 0 in sync, 2 on drift, 1 on any error (never 2 for an error).\n" },
	{ "report", cmd_report, NEEDS_STATE, "report --html FILE [--since DATE]",
	  "write the recorded drift reports as one self-contained HTML page",
	  "      --html FILE   the page to write ('-' for standard output); replaced whole\n"
	  "      --since DATE  plot reports from DATE: YYYY-MM-DD[THH:MM[:SS]] or an age (30d)\n"
	  "The page shows the newest report of each server with its drifted fields, a\n"
	  "trend of drifted accounts over time and the recent checks. No scripts, no\n"
	  "external assets. Reads the state database only.\n" },
	{ NULL, NULL, 0, NULL, NULL, NULL },
};
