/* cmd_show.c: `accord show [ID]`: saved plans, apply runs and drift reports. */
#include "verbs.h"

#include "store.h"
#include "strbuf.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char *when(int64_t t, char *buf, size_t n)
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (!t || !localtime_r(&tt, &tm))
		return "-";
	strftime(buf, n, "%Y-%m-%d %H:%M:%S", &tm);
	return buf;
}

static int list_all(struct cli *cli)
{
	struct store_plan_summary *plans = NULL;
	struct store_run_summary *runs = NULL;
	struct acc_error err = { 0 };
	size_t np = 0, nr = 0;
	char b1[32], b2[32];
	int rc = 1;

	if (store_plan_list(cli->store, NULL, 20, &plans, &np, &err) < 0 ||
	    store_run_list(cli->store, NULL, 20, &runs, &nr, &err) < 0) {
		rc = cli_error(&err);
		goto out;
	}
	if (cli->format == CLI_JSON) {
		struct strbuf sb = STRBUF_INIT;

		sb_init(&sb);
		sb_adds(&sb, "{\"format_version\":1,\"plans\":[");
		for (size_t i = 0; i < np; i++) {
			sb_addf(&sb, "%s{\"id\":", i ? "," : "");
			sb_add_json_str(&sb, plans[i].id);
			sb_add_json_member(&sb, ",\"server\":", plans[i].server);
			sb_add_json_member(&sb, ",\"source\":", plans[i].source_path);
			sb_addf(&sb, ",\"created_at\":%lld,\"status\":\"%s\",\"add\":%u,"
				"\"change\":%u,\"destroy\":%u}",
				(long long)plans[i].created_at,
				store_plan_status_name(plans[i].status), plans[i].add,
				plans[i].change, plans[i].destroy);
		}
		sb_adds(&sb, "],\"runs\":[");
		for (size_t i = 0; i < nr; i++) {
			sb_addf(&sb, "%s{\"id\":", i ? "," : "");
			sb_add_json_str(&sb, runs[i].id);
			sb_add_json_member(&sb, ",\"plan_id\":", runs[i].plan_id);
			sb_addf(&sb, ",\"started_at\":%lld,\"ended_at\":%lld,\"status\":\"%s\","
				"\"ok\":%u,\"failed\":%u,\"skipped\":%u}",
				(long long)runs[i].started_at, (long long)runs[i].ended_at,
				store_run_status_name(runs[i].status), runs[i].n_ok,
				runs[i].n_failed, runs[i].n_skipped);
		}
		sb_adds(&sb, "]}\n");
		fputs(sb.buf, stdout);
		sb_release(&sb);
		rc = 0;
		goto out;
	}
	printf("%-8s %-19s %-11s %-5s %-6s %-7s %s\n", "PLAN", "CREATED", "STATUS", "ADD",
	       "CHANGE", "DESTROY", "SERVER / SOURCE");
	for (size_t i = 0; i < np; i++)
		printf("%-8s %-19s %-11s %-5u %-6u %-7u %s %s\n", plans[i].id,
		       when(plans[i].created_at, b1, sizeof(b1)),
		       store_plan_status_name(plans[i].status), plans[i].add, plans[i].change,
		       plans[i].destroy, plans[i].server ? plans[i].server : "(local)",
		       plans[i].source_path ? plans[i].source_path : "");
	printf("\n%-8s %-8s %-19s %-19s %-11s %-4s %-6s %s\n", "RUN", "PLAN", "STARTED",
	       "ENDED", "STATUS", "OK", "FAILED", "SKIPPED");
	for (size_t i = 0; i < nr; i++)
		printf("%-8s %-8s %-19s %-19s %-11s %-4u %-6u %u\n", runs[i].id, runs[i].plan_id,
		       when(runs[i].started_at, b1, sizeof(b1)),
		       when(runs[i].ended_at, b2, sizeof(b2)),
		       store_run_status_name(runs[i].status), runs[i].n_ok, runs[i].n_failed,
		       runs[i].n_skipped);
	rc = 0;
out:
	store_plan_summaries_free(plans, np);
	store_run_summaries_free(runs, nr);
	return rc;
}

static int show_plan(struct cli *cli, const char *id)
{
	struct store_plan_record *r = NULL;
	struct acc_error err = { 0 };
	const char *body;

	if (store_plan_load(cli->store, id, &r, &err) < 0)
		return cli_error(&err);
	body = cli->format == CLI_JSON ? r->json : r->text;
	fputs(body ? body : "", stdout);
	if (cli->format != CLI_JSON)
		printf("Status: %s\n", store_plan_status_name(r->status));
	store_plan_record_free(r);
	return 0;
}

static void run_json(const struct store_run_summary *run, const struct store_result_row *res,
		     size_t n)
{
	struct strbuf sb = STRBUF_INIT;

	sb_init(&sb);
	sb_add_json_member(&sb, "{\"format_version\":1,\"run_id\":", run->id);
	sb_add_json_member(&sb, ",\"plan_id\":", run->plan_id);
	sb_add_json_member(&sb, ",\"server\":", run->server);
	sb_addf(&sb, ",\"status\":\"%s\",\"started_at\":%lld,\"ended_at\":%lld,\"results\":[",
		store_run_status_name(run->status), (long long)run->started_at,
		(long long)run->ended_at);
	for (size_t i = 0; i < n; i++) {
		sb_addf(&sb, "%s{\"op\":%u,\"status\":", i ? "," : "", res[i].op_id);
		sb_add_json_str(&sb, res[i].status);
		sb_addf(&sb, ",\"raw\":%u,\"parm_err\":%u,\"ms\":%.3f,\"calls\":%u,\"message\":",
			res[i].raw, res[i].parm_err, res[i].ms, res[i].calls);
		sb_add_json_str(&sb, res[i].message);
		sb_addc(&sb, '}');
	}
	sb_adds(&sb, "]}\n");
	fputs(sb.buf, stdout);
	sb_release(&sb);
}

static int show_run(struct cli *cli, const char *id)
{
	struct store_run_summary *run = NULL;
	struct store_result_row *res = NULL;
	struct acc_error err = { 0 };
	char b1[32], b2[32];
	size_t n = 0;

	if (store_run_load(cli->store, id, &run, &res, &n, &err) < 0)
		return cli_error(&err);
	if (cli->format == CLI_JSON) {
		run_json(run, res, n);
	} else {
		printf("Run %s of plan %s on %s: %s\n", run->id, run->plan_id,
		       run->server ? run->server : "(local)", store_run_status_name(run->status));
		printf("Started %s by %s@%s (pid %ld), ended %s\n",
		       when(run->started_at, b1, sizeof(b1)), run->user ? run->user : "?",
		       run->host ? run->host : "?", run->pid, when(run->ended_at, b2, sizeof(b2)));
		for (size_t i = 0; i < n; i++)
			printf("  op %-4u %-16s %8.1f ms %3u calls  %s\n", res[i].op_id, res[i].status,
			       res[i].ms, res[i].calls, res[i].message ? res[i].message : "");
		printf("%u ok, %u failed, %u skipped.\n", run->n_ok, run->n_failed, run->n_skipped);
	}
	store_run_summaries_free(run, 1);
	store_result_rows_free(res, n);
	return 0;
}

static int show_drift(struct cli *cli, const char *id)
{
	struct store_drift_report *r = NULL;
	struct acc_error err = { 0 };
	char b[32];

	if (store_drift_load(cli->store, id, &r, &err) < 0)
		return cli_error(&err);
	printf("Drift report %s, %s, server %s, file %s: %s\n", r->id, when(r->at, b, sizeof(b)),
	       r->server ? r->server : "(local)", r->source_path ? r->source_path : "-",
	       store_drift_status_name(r->status));
	if (r->error)
		printf("  error: %s\n", r->error);
	for (size_t i = 0; i < r->n_items; i++)
		printf("  %-20s %-16s %s -> %s (%s)\n", r->items[i].account, r->items[i].field,
		       r->items[i].actual ? r->items[i].actual : "-",
		       r->items[i].expected ? r->items[i].expected : "-",
		       store_drift_origin_name(r->items[i].origin));
	store_drift_report_free(r);
	return 0;
}

int cmd_show(struct cli *cli, int argc, char **argv)
{
	const char *id;

	if (argc > 2)
		return cli_errorf("show takes at most one id; see 'accord show --help'");
	if (argc < 2)
		return list_all(cli);
	id = argv[1];
	switch (toupper((unsigned char)id[0])) {
	case 'R':
		return show_run(cli, id);
	case 'D':
		return show_drift(cli, id);
	default:
		return show_plan(cli, id);
	}
}
