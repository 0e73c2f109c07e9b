/* cmd_drift.c: `accord drift`: what apply would change, reported, recorded,
 * never changed; `accord drift --history`: the recorded reports.
 *
 * Exit codes are for schedulers and monitoring: 0 in sync, 2 drift, 1 any
 * error (usage errors included, so that 2 always means drift). */
#include "verbs.h"

#include "apply_pipeline.h"
#include "desired.h"
#include "drift.h"
#include "platform.h"
#include "setup.h"
#include "strbuf.h"
#include "xalloc.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct drift_opts {
	struct cli_files files;
	const char *since;
	bool history, quiet, syslog;
};

static double now_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int history(struct cli *cli, const struct drift_opts *o)
{
	struct store_drift_report *v = NULL;
	struct strbuf sb = STRBUF_INIT;
	struct acc_error err = { 0 };
	int64_t since = 0;
	size_t n = 0;

	if (o->since && store_parse_since(o->since, (int64_t)time(NULL), &since, &err) < 0)
		return cli_error(&err);
	if (store_drift_list(cli->store, NULL, since, 0, &v, &n, &err) < 0)
		return cli_error(&err);
	sb_init(&sb);
	if (cli->format == CLI_JSON)
		drift_render_history_json(v, n, &sb);
	else
		drift_render_history_text(v, n, &sb);
	fputs(sb.buf, stdout);
	sb_release(&sb);
	store_drift_reports_free(v, n);
	return 0;
}

static void send_syslog(const struct store_drift_report *r)
{
	static const enum plat_log_level level[] = {
		[STORE_DRIFT_IN_SYNC] = PLAT_LOG_INFO, [STORE_DRIFT_DRIFT] = PLAT_LOG_WARNING,
		[STORE_DRIFT_ERROR] = PLAT_LOG_ERR,
	};
	struct strbuf sb = STRBUF_INIT;

	sb_init(&sb);
	drift_summary_line(r, &sb);
	plat_log_line(level[r->status], sb.buf);
	sb_release(&sb);
}

static void print_result(struct cli *cli, const struct drift_result *res,
			 const struct drift_opts *o)
{
	const struct store_drift_report *r = res->report;
	struct strbuf sb = STRBUF_INIT;

	if (o->quiet && r->status == STORE_DRIFT_IN_SYNC)
		return;
	sb_init(&sb);
	if (cli->format == CLI_JSON)
		drift_render_json(res, &sb);
	else if (cli->format == CLI_JUNIT)
		drift_render_junit(res, &sb);
	else if (r->status != STORE_DRIFT_ERROR)
		drift_render_text(res, cli->color, &sb);
	else if (r->id)  /* the error itself is on stderr already */
		fprintf(stderr, "accord: the error is recorded as drift report %s\n", r->id);
	fputs(sb.buf, stdout);
	fflush(stdout);
	sb_release(&sb);
}

/* Reads the file and the server, never writes to it; records the outcome,
 * whatever it is. */
static int check(struct cli *cli, const struct drift_opts *o)
{
	struct apply_planned pl = { 0 };
	struct drift_result res = { 0 };
	struct acc_error err = { 0 };
	double t0 = now_seconds();
	char *sources = cli_files_text(o->files.v, o->files.n);
	int rc;

	res.report = store_drift_report_new(cli->server ? cli->server : "", sources,
					    STORE_DRIFT_IN_SYNC);
	free(sources);
	rc = cli_connect(cli);
	if (!rc)
		rc = apply_pipeline_plan(cli, o->files.v, o->files.n, &pl);
	if (!rc && drift_collect(cli, &pl, &res, &err) < 0)
		rc = cli_error(&err);
	if (!rc)
		m_conflicts_move(&res.conflicts, &pl.plan->conflicts);
	if (rc) {
		const char *why = cli_last_error();

		res.report->status = STORE_DRIFT_ERROR;
		res.report->error = xstrdup(why ? why : "the drift check failed");
		rc = 1;
	} else if (res.report->n_items) {
		res.report->status = STORE_DRIFT_DRIFT;
		rc = 2;
	}
	res.seconds = now_seconds() - t0;
	if (store_drift_save(cli->store, res.report, &err) < 0) {
		cli_error(&err);
		rc = 1;
	}
	print_result(cli, &res, o);
	if (o->syslog)
		send_syslog(res.report);
	drift_result_release(&res);
	apply_planned_release(&pl);
	return rc;
}

int cmd_drift(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "file", required_argument, NULL, 'f' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "syslog", no_argument, NULL, 'S' },
		{ "history", no_argument, NULL, 'H' },
		{ "since", required_argument, NULL, 's' },
		{ NULL, 0, NULL, 0 },
	};
	struct drift_opts o = { 0 };
	int c, rc;

	while ((c = getopt_long(argc, argv, "f:q", opts, NULL)) != -1) {
		switch (c) {
		case 'f': cli_files_add(&o.files, optarg); break;
		case 'q': o.quiet = true; break;
		case 'S': o.syslog = true; break;
		case 'H': o.history = true; break;
		case 's': o.since = optarg; break;
		default:
			rc = cli_errorf("see 'accord drift --help'");
			goto out;
		}
	}
	if (optind != argc)
		rc = cli_errorf("drift takes no arguments but options; see 'accord drift --help'");
	else if (o.history && (o.files.n || cli->format == CLI_JUNIT))
		rc = cli_errorf("--history lists reports: no -f, no --format junit");
	else if (o.history)
		rc = history(cli, &o);
	else if (o.since)
		rc = cli_errorf("--since goes with --history");
	else if (!o.files.n)
		rc = cli_errorf("drift needs -f FILE (or --history); see 'accord drift --help'");
	else
		rc = check(cli, &o);
out:
	cli_files_release(&o.files);
	return rc;
}
