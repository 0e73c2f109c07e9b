/* desired.c: the -f files of a verb, read as one model; see desired.h. */
#include "desired.h"
#include "target_host.h"

#include "diag.h"
#include "formats.h"
#include "model_conflict.h"
#include "strbuf.h"
#include "xalloc.h"

#include <stdlib.h>

void cli_files_add(struct cli_files *f, const char *path)
{
	XGROW(f->v, f->alloc, f->n + 1);
	f->v[f->n++] = path;
}

void cli_files_release(struct cli_files *f)
{
	free(f->v);
	f->v = NULL;
	f->n = f->alloc = 0;
}

char *cli_files_text(const char *const *paths, size_t n)
{
	struct strbuf sb = STRBUF_INIT;

	sb_init(&sb);
	for (size_t i = 0; i < n; i++)
		sb_addf(&sb, "%s%s", i ? " + " : "", paths[i]);
	return sb_detach(&sb);
}

int cli_load_desired(struct cli *cli, const char *const *paths, size_t n, struct model **m,
		     struct m_conflicts *conflicts)
{
	struct formats_files in = { .paths = paths, .n = n, .fmt = FORMAT_AUTO };
	struct m_conflicts dropped = M_CONFLICTS_INIT;
	struct diags d = DIAGS_INIT;
	struct acc_error err = { 0 };
	int rc = 0;

	if (cli->conn) {  /* judged for the server: targeting, DOMAIN\ names */
		in.step = cli_target_step;
		in.step_data = cli;
	}

	if (formats_load_files(&in, m, conflicts ? conflicts : &dropped, NULL, &d, &err) < 0) {
		diags_sort(&d);
		rc = 1;
	}
	cli_print_diags(n ? paths[0] : "", &d);
	if (rc)
		cli_error(&err);
	m_conflicts_release(&dropped);
	diags_release(&d);
	return rc;
}
