/* apply_pipeline.c: desired-state file -> saved plan; see apply_pipeline.h. */
#include "apply_pipeline.h"

#include "apply.h"
#include "desired.h"
#include "live_read.h"
#include "diag.h"
#include "diff.h"
#include "fingerprint.h"
#include "formats.h"
#include "live.h"
#include "model.h"
#include "netapi.h"
#include "plan.h"
#include "plan_render.h"
#include "secret.h"
#include "store.h"
#include "strbuf.h"
#include "target.h"
#include "xalloc.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int secret_of(void *ud, const struct m_user *u, char **secret, struct acc_error *err)
{
	(void)ud;
	return secret_resolve_user(u, secret, NULL, err);
}

int apply_pipeline_plan(struct cli *cli, const char *const *files, size_t n_files,
			struct apply_planned *out)
{
	struct m_conflicts conflicts = M_CONFLICTS_INIT;
	struct pw_history hist = PW_HISTORY_INIT;
	struct mc_history mc = MC_HISTORY_INIT;
	struct desired_secrets sec = DESIRED_SECRETS_INIT;
	struct strbuf sb = STRBUF_INIT;
	struct acc_error err = { 0 };
	int rc = cli_load_desired(cli, files, n_files, &out->model, &conflicts);

	if (rc)
		goto out;
	rc = 1;
	if (cli_read_live(cli, out->model, &out->live, &err) < 0 ||
	    store_pw_history(cli->store, out->live->server, &hist, &err) < 0 ||
	    store_mc_history(cli->store, out->live->server, &mc, &err) < 0 ||
	    desired_secrets_compute(out->model, store_salt(cli->store), STORE_SALT_LEN, secret_of,
				    secret_free, NULL, &sec, &err) < 0 ||
	    reconcile_plan(out->model, out->live, &hist, &mc, &sec, &out->plan, &err) < 0) {
		cli_error(&err);
		goto out;
	}
	switch (cli_live_confirm(cli, out->model, out->live, out->plan, &err)) {
	case -1:
		cli_error(&err);
		goto out;
	case 0:
		break;
	default:  /* some bulk values were stale: plan from the whole records */
		plan_free(out->plan);
		out->plan = NULL;
		if (reconcile_plan(out->model, out->live, &hist, &mc, &sec, &out->plan, &err) < 0) {
			cli_error(&err);
			goto out;
		}
	}
	for (size_t i = 0; i < n_files; i++)
		plan_add_source(out->plan, files[i]);
	m_conflicts_move(&out->plan->conflicts, &conflicts);
	sb_init(&sb);
	/* what the store keeps is the plain text; a terminal gets colours
	 * through cli_plan_print */
	plan_render_text(out->plan, false, &sb);
	out->text = sb_detach(&sb);
	sb_init(&sb);
	plan_render_json(out->plan, 0, &sb);
	out->json = sb_detach(&sb);
	rc = 0;
out:
	m_conflicts_release(&conflicts);
	pw_history_release(&hist);
	mc_history_release(&mc);
	desired_secrets_release(&sec);
	return rc;
}

int apply_pipeline_save(struct cli *cli, struct apply_planned *pl)
{
	struct store_plan_text text = { .text = pl->text, .json = pl->json };
	struct acc_error err = { 0 };
	struct nu_user *snaps = NULL;
	const char **touched = NULL;
	size_t n_touched = 0, n = 0;
	int rc = 0;

	touched = apply_touched(pl->plan, &n_touched);
	snaps = xcalloc(n_touched + 1, sizeof(*snaps));
	for (size_t i = 0; i < n_touched; i++) {
		const struct nu_user *u = live_find_user(pl->live, touched[i]);

		if (u)
			snaps[n++] = *u;  /* shallow: the store only reads them */
	}
	if (store_plan_save(cli->store, pl->plan, &text, snaps, n, &err) < 0)
		rc = cli_error(&err);
	free(snaps);
	free(touched);
	return rc;
}

static bool needs_secret(const struct plan *p)
{
	for (size_t i = 0; i < p->n_ops; i++) {
		const struct plan_op *op = &p->ops[i];

		if ((op->mask & NU_F_PASSWORD) && !op->pw_ref && op->pw_kind != PW_NONE)
			return true;
	}
	return false;
}

static bool has_skips(const struct plan *p)
{
	for (size_t i = 0; i < p->n_ops; i++)
		if (p->ops[i].kind == OP_SKIP)
			return true;
	return false;
}

static bool sources_readable(const struct plan *p)
{
	for (size_t i = 0; i < p->n_sources; i++)
		if (access(p->sources[i], R_OK))
			return false;
	return p->n_sources > 0;
}

/* The plan's SKIP op for the item at pos, or NULL. */
static const struct plan_op *skip_op_at(const struct plan *p, const struct src_pos *pos)
{
	for (size_t i = 0; i < p->n_ops; i++) {
		const struct plan_op *op = &p->ops[i];

		if (op->kind == OP_SKIP && op->src_file && pos->file &&
		    !strcmp(op->src_file, pos->file) && op->src_line == pos->line &&
		    op->src_col == pos->col)
			return op;
	}
	return NULL;
}

static bool skipped_at(const struct model *m, const char *file, unsigned line, unsigned col)
{
	for (size_t i = 0; i < m->n_skipped; i++) {
		const struct src_pos *q = &m->skipped[i].pos;

		if (q->file && file && !strcmp(q->file, file) && q->line == line && q->col == col)
			return true;
	}
	return false;
}

/* Targeting judged again now selects the items the plan was made with
 * (date and time filters move with the clock). Prints what moved. */
static int check_selection(const struct plan *p, const struct model *m)
{
	struct strbuf why = STRBUF_INIT;
	int rc = 0;

	sb_init(&why);
	for (size_t i = 0; i < m->n_skipped; i++)
		if (!skip_op_at(p, &m->skipped[i].pos))
			sb_addf(&why, "  %s '%s' (%s:%u:%u) is no longer for this server: %s\n",
				m->skipped[i].group ? "group" : "user", m->skipped[i].name,
				m->skipped[i].pos.file, m->skipped[i].pos.line, m->skipped[i].pos.col,
				m->skipped[i].why);
	for (size_t i = 0; i < p->n_ops; i++) {
		const struct plan_op *op = &p->ops[i];

		if (op->kind == OP_SKIP && !skipped_at(m, op->src_file, op->src_line, op->src_col))
			sb_addf(&why, "  %s '%s' (%s:%u:%u) is now for this server\n",
				op->group ? "group" : "user", op->account, op->src_file ? op->src_file : "-",
				op->src_line, op->src_col);
	}
	if (why.len)
		rc = cli_errorf("plan %s was made for other items than its files now select for "
				"this server; nothing was changed:\n%s"
				"make a new plan with 'accord plan' (or 'accord apply -f FILE')",
				p->id, why.buf);
	sb_release(&why);
	return rc;
}

int apply_pipeline_model_for(struct cli *cli, const struct plan *p, struct model **m)
{
	bool secret = needs_secret(p), skips = has_skips(p);

	*m = NULL;
	if (secret && !p->n_sources)
		return cli_errorf("plan %s sets a password stated in a file it does not name", p->id);
	if (skips && !sources_readable(p))
		return cli_errorf("plan %s leaves out items for other hosts: its files are needed to "
				  "check that they still do, and cannot be read; make a new plan",
				  p->id);
	/* a plan of files without targeting (nothing left out) needs them
	 * only for a secret; where they can be read, targeting is judged again */
	if (!secret && !sources_readable(p))
		return 0;
	/* the same files in the same order, judged for this server again: the
	 * same merge */
	if (cli_load_desired(cli, (const char *const *)p->sources, p->n_sources, m, NULL))
		return 1;
	return check_selection(p, *m);
}

void apply_planned_release(struct apply_planned *pl)
{
	model_free(pl->model);
	live_free(pl->live);
	plan_free(pl->plan);
	free(pl->text);
	free(pl->json);
	memset(pl, 0, sizeof(*pl));
}
