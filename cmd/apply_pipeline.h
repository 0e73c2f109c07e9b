#pragma once
/* apply_pipeline.h: from a desired-state file to a saved plan, for
 * `accord apply -f FILE`: read and check the file, read the server, read
 * the password history and the must-change records and fingerprint the
 * desired secrets, diff, render,
 * and save the plan with the live records it was made from.
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

/* Reads file, the server (cli->conn) and the store's password history and
 * must-change records, and makes the plan. */
int apply_pipeline_plan(struct cli *cli, const char *file, struct apply_planned *out);
/* Saves pl->plan in the store with its texts and the live records of the
 * accounts it touches; sets pl->plan->id. */
int apply_pipeline_save(struct cli *cli, struct apply_planned *pl);
/* The model a saved plan's passwords are stated in, read again from its
 * source file, when an op needs it (a cpassword or literal password); *m
 * stays NULL when none does. */
int apply_pipeline_model_for(struct cli *cli, const struct plan *p, struct model **m);
void apply_planned_release(struct apply_planned *pl);

/* Prints plan p as text: plain (as stored) or, on a colour terminal,
 * rendered again with colours (cmd_plan.c). */
void cli_plan_print(const struct cli *cli, const struct plan *p, const char *plain);
/* Stores the texts of saved plan pl (which name its id) and prints them in
 * the global --format (cmd_plan.c). */
int cli_plan_publish(struct cli *cli, struct apply_planned *pl);

