/* apply_pipeline.c: desired-state file -> saved plan; see apply_pipeline.h. */
#include "apply_pipeline.h"

#include "apply.h"
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
#include "target_host.h"
#include "xalloc.h"

#include <stdlib.h>
#include <string.h>

static int load_model(const char *file, struct model **out)
{
	struct model *m = model_new();
	struct diags d = DIAGS_INIT;
	struct acc_error err = { 0 };
	int rc = 0;

	if (formats_load(file, FORMAT_AUTO, m, &d, &err) < 0) {
		diags_sort(&d);
		cli_print_diags(file, &d);
		rc = cli_error(&err);
		model_free(m);
		m = NULL;
	} else {
		cli_print_diags(file, &d);  /* warnings */
	}
	diags_release(&d);
	*out = m;
	return rc;
}

static int secret_of(void *ud, const struct m_user *u, char **secret, struct acc_error *err)
{
	(void)ud;
	return secret_resolve_user(u, secret, NULL, err);
}

int apply_pipeline_plan(struct cli *cli, const char *file, struct apply_planned *out)
{
	struct pw_history hist = PW_HISTORY_INIT;
	struct mc_history mc = MC_HISTORY_INIT;
	struct desired_secrets sec = DESIRED_SECRETS_INIT;
	struct strbuf sb = STRBUF_INIT;
	struct acc_error err = { 0 };
	int rc = load_model(file, &out->model);

	if (!rc)
		rc = cli_target(cli, out->model);
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
	free(out->plan->source_path);
	out->plan->source_path = xstrdup(file);
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

int apply_pipeline_model_for(struct cli *cli, const struct plan *p, struct model **m)
{
	*m = NULL;
	for (size_t i = 0; i < p->n_ops; i++) {
		const struct plan_op *op = &p->ops[i];

		if ((op->mask & NU_F_PASSWORD) && !op->pw_ref && op->pw_kind != PW_NONE) {
			if (!p->source_path)
				return cli_errorf("plan %s sets a password stated in a file it does not name",
						  p->id);
			/* the same items as when planned: targeting again */
			if (load_model(p->source_path, m) || cli_target(cli, *m))
				return 1;
			return 0;
		}
	}
	return 0;
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
