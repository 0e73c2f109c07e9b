#pragma once
/* desired.h: the desired-state files a verb was given (-f FILE, as many
 * times as wanted: later files win, see model_merge.h) and reading them as
 * one model. Every verb that reads desired-state files goes through
 * formats_load_files; these helpers collect the paths and print. */

#include "cli.h"

#include <stddef.h>

struct m_conflicts;
struct model;

/* The paths as given on the command line (not copied: argv outlives the
 * verb). */
struct cli_files {
	const char **v;
	size_t n, alloc;
};

#define CLI_FILES_INIT { NULL, 0, 0 }

void cli_files_add(struct cli_files *f, const char *path);
void cli_files_release(struct cli_files *f);
/* "users.yaml", "base.yaml + host.xml" for messages and reports; caller
 * frees. */
char *cli_files_text(const char *const *paths, size_t n);

/* formats_load_files on paths, printing the diagnostics (warnings too) to
 * stderr and the error once. With a connected cli, each file is judged for
 * its server first (cli_target_step: targeting, DOMAIN\ names). Conflicts
 * go to conflicts when it is not NULL (else they are dropped: the caller
 * only needs the model). Returns 0 with *m set, or 1 after printing why. */
int cli_load_desired(struct cli *cli, const char *const *paths, size_t n, struct model **m,
		     struct m_conflicts *conflicts);
