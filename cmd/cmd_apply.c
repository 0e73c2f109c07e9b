/* cmd_apply.c: `accord apply -f FILE [-f FILE...] | --plan ID [--auto-approve]`.
 *
 * Holds the server's apply lock from before the plan is made (or checked)
 * until the last result is recorded, so what was planned is what is
 * applied and no two applies interleave on one server. */
#include "verbs.h"

#include "apply_exec.h"
#include "apply_pipeline.h"
#include "apply_print.h"
#include "desired.h"
#include "setup.h"
#include "model.h"
#include "names.h"
#include "netapi.h"
#include "store.h"
#include "strbuf.h"
#include "xalloc.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

struct apply_opts {
	struct cli_files files;
	const char *plan_id;
	bool auto_approve;
};

static int parse_opts(int argc, char **argv, struct apply_opts *o)
{
	static const struct option opts[] = {
		{ "file", required_argument, NULL, 'f' },
		{ "plan", required_argument, NULL, 'p' },
		{ "auto-approve", no_argument, NULL, 'y' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	opterr = 0;
	while ((c = getopt_long(argc, argv, "f:", opts, NULL)) != -1) {
		switch (c) {
		case 'f': cli_files_add(&o->files, optarg); break;
		case 'p': o->plan_id = optarg; break;
		case 'y': o->auto_approve = true; break;
		default:
			return cli_errorf("apply: unknown or incomplete option '%s'; see 'accord apply --help'",
					  argv[optind - 1]);
		}
	}
	if (optind < argc)
		return cli_errorf("apply: unexpected argument '%s'", argv[optind]);
	if (!o->files.n == !o->plan_id)
		return cli_errorf("apply: give either -f FILE (repeatable) or --plan ID");
	return 0;
}

/* Asks on the terminal; only "yes" applies. */
static bool confirmed(const char *what)
{
	char line[64];

	printf("\nDo you want to apply %s?\n  Only 'yes' will be accepted.\n\n  Enter a value: ", what);
	fflush(stdout);
	if (!fgets(line, sizeof(line), stdin))
		return false;
	line[strcspn(line, "\r\n")] = '\0';
	return !strcmp(line, "yes");
}

static int refuse_locked(struct cli *cli, const char *server, const struct store_lock_holder *h,
			 const struct acc_error *err)
{
	char since[32] = "an unknown time";
	time_t t = (time_t)h->since;
	struct tm tm;

	if (h->since && localtime_r(&t, &tm))
		strftime(since, sizeof(since), "%Y-%m-%d %H:%M:%S", &tm);
	if (cli->format == CLI_JSON) {
		struct strbuf sb = STRBUF_INIT;

		sb_init(&sb);
		apply_json_open(&sb, server, NULL, NULL, "locked");
		sb_add_json_member(&sb, ",\"holder\":{\"user\":", h->user);
		sb_addf(&sb, ",\"pid\":%ld,\"host\":", h->pid);
		sb_add_json_str(&sb, h->host);
		sb_add_json_member(&sb, ",\"command\":", h->command);
		sb_addf(&sb, ",\"since\":%lld}", (long long)h->since);
		apply_json_close(&sb, cli->conn);
		sb_release(&sb);
	}
	if (!h->pid)
		return cli_error(err);
	return cli_errorf("server %s is locked by another apply: %s (pid %ld on %s, '%s') "
			  "since %s; wait for it to finish", server, h->user, h->pid, h->host,
			  h->command, since);
}

/* A saved plan may run only once, and only on the server it saw. */
static int check_saved(struct cli *cli, const struct store_plan_record *rec)
{
	const struct plan *p = rec->plan;
	struct strbuf diffs = STRBUF_INIT;
	int64_t now = (int64_t)time(NULL);
	size_t n_touched = 0, n_diff = 0;
	const char **touched = NULL;
	int rc = 1;

	sb_init(&diffs);
	if (rec->status != STORE_PLAN_PLANNED && rec->status != STORE_PLAN_SUPERSEDED) {
		sb_addf(&diffs, "  it was already applied (status %s); make a new plan\n",
			store_plan_status_name(rec->status));
		n_diff++;
	} else if (p->server && strcmp(p->server, nu_server(cli->conn))) {
		sb_addf(&diffs, "  it was made for server %s, not %s\n", p->server, nu_server(cli->conn));
		n_diff++;
	} else {
		touched = apply_touched(p, &n_touched);
	}
	for (size_t i = 0; i < n_touched; i++) {
		const struct nu_user *snap = NULL;
		struct nu_user live = { 0 };
		struct nu_result res = { 0 };
		bool exists;

		for (size_t k = 0; k < rec->n_snapshots && !snap; k++)
			if (rec->snapshots[k].name && acc_name_eq(rec->snapshots[k].name, touched[i]))
				snap = &rec->snapshots[k];
		exists = nu_user_get(cli->conn, touched[i], &live, &res) == 0;
		if (!exists && res.status != NU_NOT_FOUND) {
			cli_errorf("cannot check plan %s: reading '%s': %s", p->id, touched[i], res.msg);
			goto out;
		}
		n_diff += apply_stale_diff(touched[i], snap, exists ? &live : NULL, p->created_at,
					   now, &diffs);
		nu_user_release(&live);
	}
	if (!n_diff) {
		rc = 0;
		goto out;
	}
	if (cli->format == CLI_JSON) {
		struct strbuf sb = STRBUF_INIT;

		sb_init(&sb);
		apply_json_open(&sb, nu_server(cli->conn), p->id, NULL, "stale");
		sb_add_json_member(&sb, ",\"differences\":", diffs.buf);
		apply_json_close(&sb, cli->conn);
		sb_release(&sb);
	}
	cli_errorf("plan %s is stale; nothing was changed:\n%s"
		   "make a new plan with 'accord plan' (or 'accord apply -f FILE')", p->id, diffs.buf);
out:
	free(touched);
	sb_release(&diffs);
	return rc;
}

static int print_no_changes(struct cli *cli, const struct cli_files *files)
{
	if (cli->format == CLI_JSON) {
		struct strbuf sb = STRBUF_INIT;

		sb_init(&sb);
		apply_json_open(&sb, nu_server(cli->conn), NULL, NULL, "no_changes");
		sb_adds(&sb, ",\"summary\":{\"total\":0,\"ok\":0,\"failed\":0,\"skipped\":0,"
			"\"interrupted\":false,\"calls\":0,\"writes\":0,\"ms\":0},\"results\":[]");
		apply_json_close(&sb, cli->conn);
		sb_release(&sb);
	} else {
		char *what = cli_files_text(files->v, files->n);

		printf("No changes. %s matches %s.\n", nu_server(cli->conn), what);
		free(what);
	}
	return 0;
}

static int run_plan(struct cli *cli, const struct plan *p, const struct model *m)
{
	struct apply_exec x = { .cli = cli, .plan = p, .model = m };
	int rc;

	store_set_command(cli->store, "apply");
	rc = apply_exec_run(&x);
	if (x.run_id)
		apply_exec_print(&x);
	apply_exec_release(&x);
	return rc;
}

static int apply_file(struct cli *cli, const struct apply_opts *o)
{
	struct apply_planned pl = { 0 };
	int rc;

	rc = apply_pipeline_plan(cli, o->files.v, o->files.n, &pl);
	if (rc)
		goto out;
	if (plan_is_empty(pl.plan)) {
		rc = print_no_changes(cli, &o->files);
		goto out;
	}
	if (cli->format != CLI_JSON)
		cli_plan_print(cli, pl.plan, pl.text);
	if (!o->auto_approve && !confirmed("these changes")) {
		rc = cli_errorf("apply cancelled; nothing was changed");
		goto out;
	}
	rc = apply_pipeline_save(cli, &pl);
	if (rc)
		goto out;
	rc = run_plan(cli, pl.plan, pl.model);
out:
	apply_planned_release(&pl);
	return rc;
}

static int apply_saved(struct cli *cli, const struct apply_opts *o)
{
	struct store_plan_record *rec = NULL;
	struct model *m = NULL;
	struct acc_error err = { 0 };
	char *what = NULL;
	int rc;

	if (store_plan_load(cli->store, o->plan_id, &rec, &err) < 0) {
		rc = cli_error(&err);
		goto out;
	}
	rc = check_saved(cli, rec);
	if (rc)
		goto out;
	if (cli->format != CLI_JSON && rec->text)
		fputs(rec->text, stdout);
	what = xasprintf("plan %s", rec->plan->id);
	if (!o->auto_approve && !confirmed(what)) {
		rc = cli_errorf("apply cancelled; nothing was changed");
		goto out;
	}
	/* GPP cpasswords and literals are read again from the file that
	 * states them; env and file references need no model. */
	rc = apply_pipeline_model_for(cli, rec->plan, &m);
	if (rc)
		goto out;
	rc = run_plan(cli, rec->plan, m);
out:
	free(what);
	model_free(m);
	store_plan_record_free(rec);
	return rc;
}

int cmd_apply(struct cli *cli, int argc, char **argv)
{
	struct apply_opts o = { 0 };
	struct store_lock_holder holder = { 0 };
	struct acc_error err = { 0 };
	const char *server;
	int rc;

	rc = parse_opts(argc, argv, &o);
	if (rc)
		goto out;
	if (!o.auto_approve && !isatty(STDIN_FILENO)) {
		rc = cli_errorf("apply: refusing to change %s without confirmation: standard "
				"input is not a terminal; review the plan and pass --auto-approve",
				cli->server ? cli->server : "the server");
		goto out;
	}
	rc = cli_connect(cli);
	if (rc)
		goto out;
	server = nu_server(cli->conn);
	store_set_command(cli->store, o.files.n ? "apply -f" : "apply --plan");
	if (store_lock_acquire(cli->store, server, &holder, &err) < 0) {
		rc = refuse_locked(cli, server, &holder, &err);
		goto out;
	}
	rc = o.files.n ? apply_file(cli, &o) : apply_saved(cli, &o);
	if (store_lock_release(cli->store, server, &err) < 0)
		rc = cli_error(&err);
out:
	cli_files_release(&o.files);
	return rc;
}
