#pragma once
/* apply_exec.h: one apply run of a saved plan, wired to the state store.
 *
 * Wraps the engine (reconcile/apply.h) with what only cmd/ may know: the
 * store (each result committed as it comes, the new password fingerprints),
 * secrets read from their sources (formats/secret.h) and fingerprinted with
 * the store's salt, SIGINT/SIGTERM turned into a clean stop, the progress
 * line on a terminal and the text or JSON report (docs/apply-json.md). */

#include "name_map.h"
#include "apply.h"
#include "cli.h"

struct model;

struct apply_exec_result {
	unsigned op;
	struct apply_result r;   /* pw_fingerprint always NULL here */
};

struct apply_exec {
	/* in */
	struct cli *cli;
	const struct plan *plan;         /* saved: plan->id set */
	const struct model *model;       /* where passwords are stated; may be NULL */
	/* out */
	char *run_id;
	const char *run_status;          /* "succeeded", "failed", "interrupted" */
	struct apply_summary sum;
	struct apply_exec_result *res;
	size_t n_res, alloc_res;
	int signo;                       /* the signal that stopped the run, 0 = none */
	/* private */
	double t0, last_beat, last_draw;
	bool progress;
	struct acc_error hook_err;
	struct nmap users;               /* model users by name and new name */
	bool users_indexed;
	char *fp_secret, *fp_hex;        /* the last secret fingerprinted (wiped) */
};

/* Begins a run of x->plan in the store, applies it on cli->conn with the
 * engine and finishes the run. The caller holds the server's lock. Returns
 * the process exit code: 0 all ok, 1 something failed or was skipped, 130
 * (SIGINT) / 143 (SIGTERM) when stopped; the error is printed when the run
 * could not start or a result could not be recorded. */
int apply_exec_run(struct apply_exec *x);

/* Prints what the run did: text (one line per op and a summary) or JSON
 * (docs/apply-json.md). */
void apply_exec_print(const struct apply_exec *x);

void apply_exec_release(struct apply_exec *x);
