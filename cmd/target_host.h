#pragma once
/* target_host.h: item-level targeting (reconcile/target.h) against the
 * server the command talks to. */
#include "cli.h"

struct model;

/* Removes from m the items not for cli's server (recorded in m->skipped).
 * Reads the server's facts (nu_host_get) the first time a model with a
 * target needs them, and accord's clock once per run, so every model of one
 * run is judged alike. Returns 0, or 1 after printing why. */
int cli_target(struct cli *cli, struct model *m);
/* Frees what cli_target read; safe when it read nothing. */
void cli_target_release(struct cli *cli);
