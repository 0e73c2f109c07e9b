/* cmd_plan.c: `accord plan -f FILE [-f FILE...]`: what apply would do,
 * printed and saved. */
#include "verbs.h"

#include "apply_pipeline.h"
#include "desired.h"
#include "formats.h"
#include "plan.h"
#include "plan_render.h"
#include "setup.h"
#include "store.h"
#include "strbuf.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void cli_plan_print(const struct cli *cli, const struct plan *p, const char *plain)
{
	struct strbuf sb = STRBUF_INIT;

	if (!cli->color) {
		fputs(plain, stdout);
		return;
	}
	sb_init(&sb);
	plan_render_text(p, true, &sb);
	fputs(sb.buf, stdout);
	sb_release(&sb);
}

/* Renders the plan the way it is printed, stores exactly that (so `accord
 * show ID` prints it again) and prints it. The plan must be saved: its text
 * names its id. */
int cli_plan_publish(struct cli *cli, struct apply_planned *pl)
{
	struct strbuf text = STRBUF_INIT, json = STRBUF_INIT, model = STRBUF_INIT;
	struct acc_error err = { 0 };
	struct store_plan_text t;
	int rc = 1;

	sb_init(&text);
	sb_init(&json);
	sb_init(&model);
	if (formats_write(pl->model, FORMAT_YAML, &model, NULL, &err) < 0) {
		cli_error(&err);
		goto out;
	}
	plan_render_text(pl->plan, false, &text);
	plan_render_json(pl->plan, 0, &json);
	t = (struct store_plan_text){ .model = model.buf, .text = text.buf, .json = json.buf };
	if (store_plan_set_text(cli->store, pl->plan->id, &t, &err) < 0) {
		cli_error(&err);
		goto out;
	}
	if (cli->format == CLI_JSON)
		fputs(json.buf, stdout);
	else
		cli_plan_print(cli, pl->plan, text.buf);
	fflush(stdout);
	rc = 0;
out:
	sb_release(&text);
	sb_release(&json);
	sb_release(&model);
	return rc;
}

int cmd_plan(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "file", required_argument, NULL, 'f' },
		{ "detailed-exitcode", no_argument, NULL, 'd' },
		{ NULL, 0, NULL, 0 },
	};
	struct apply_planned pl = { 0 };
	struct cli_files files = CLI_FILES_INIT;
	bool detailed = false;
	int c, rc;

	while ((c = getopt_long(argc, argv, "f:", opts, NULL)) != -1) {
		switch (c) {
		case 'f': cli_files_add(&files, optarg); break;
		case 'd': detailed = true; break;
		default:
			cli_files_release(&files);
			return cli_errorf("see 'accord plan --help'");
		}
	}
	if (!files.n || optind != argc) {
		cli_files_release(&files);
		return cli_errorf("plan needs -f FILE (repeatable) and nothing else; see "
				  "'accord plan --help'");
	}
	rc = cli_connect(cli);
	if (!rc)
		rc = apply_pipeline_plan(cli, files.v, files.n, &pl);
	if (!rc)
		rc = apply_pipeline_save(cli, &pl);
	if (!rc)
		rc = cli_plan_publish(cli, &pl);
	if (!rc && detailed && !plan_is_empty(pl.plan))
		rc = 2;
	apply_planned_release(&pl);
	cli_files_release(&files);
	return rc;
}
