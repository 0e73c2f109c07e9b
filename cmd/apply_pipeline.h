#pragma once
/* apply_pipeline.h: from desired-state files to a saved plan, for
 * `accord apply -f FILE...`: read, check and merge the files, read the
 * server, read the password history and the must-change records and
 * fingerprint the desired secrets, diff, render, and save the plan with the
 * live records it was made from.
 *
 * Every function prints its error (once) and returns the exit code. */

#include "cli.h"

#include <stddef.h>

struct live;
struct model;
struct nu_user;
struct plan;

struct apply_planned {
	struct model *model;
	struct live *live;
	struct plan *plan;
	char *text;   /* the plan as shown */
	char *json;   /* the plan as JSON, for the store */
};

/* Reads the desired-state files (cli_load_desired: several are merged in
 * order), the server (cli->conn) and the store's password history and
 * must-change records, and makes the plan; the plan names the files and
 * lists their conflicts. */
int apply_pipeline_plan(struct cli *cli, const char *const *files, size_t n_files,
			struct apply_planned *out);
/* Saves pl->plan in the store with its texts and the live records of the
 * accounts it touches; sets pl->plan->id. */
int apply_pipeline_save(struct cli *cli, struct apply_planned *pl);
/* The model of a saved plan's files, read again (merged again in the same
 * order, judged for the server again) when a password op needs it (a
 * cpassword or literal password) or the files can be read: then targeting
 * must still select the items the plan was made with (date and time
 * filters move with the clock), else the plan is refused naming what
 * moved. *m stays NULL when the files are not needed and cannot be read. */
int apply_pipeline_model_for(struct cli *cli, const struct plan *p, struct model **m);
void apply_planned_release(struct apply_planned *pl);

/* Prints plan p as text: plain (as stored) or, on a colour terminal,
 * rendered again with colours (cmd_plan.c). */
void cli_plan_print(const struct cli *cli, const struct plan *p, const char *plain);
/* Stores the texts of saved plan pl (which name its id) and prints them in
 * the global --format (cmd_plan.c). */
int cli_plan_publish(struct cli *cli, struct apply_planned *pl);

