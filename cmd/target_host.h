#pragma once
/* target_host.h: item-level targeting (reconcile/target.h) and DOMAIN\name
 * account names against the server the command talks to. */
#include "cli.h"

struct acc_error;
struct diags;
struct model;

/* The per-file step of formats_load_files (ud: the struct cli, connected):
 * removes from m the items not for cli's server (recorded in m->skipped)
 * and resolves DOMAIN\ prefixes (a foreign one is a diagnostic in d).
 * Returns 1 when it changed m, 0 for a file with neither (no call made). Reads the server's facts (nu_host_get) and accord's
 * clock the first time a file needs them, so every file of one run is
 * judged alike. Returns -1 (err set) only when the server cannot be read. */
int cli_target_step(void *ud, const char *path, struct model *m, struct diags *d,
		    struct acc_error *err);
/* Frees what cli_target_step read; safe when it read nothing. */
void cli_target_release(struct cli *cli);
