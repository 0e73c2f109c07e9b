/* cmd_report.c: `accord report --html FILE`: the recorded drift reports as
 * one self-contained page (report_html.c). */
#include "verbs.h"

#include "report_html.h"
#include "store.h"
#include "strbuf.h"
#include "xalloc.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* Writes whole or not at all: a page served from a share is never seen
 * half written. */
static int write_file(const char *path, const struct strbuf *sb)
{
	char *tmp = NULL;
	FILE *f = NULL;
	int rc = 1;

	if (!strcmp(path, "-")) {
		fwrite(sb->buf, 1, sb->len, stdout);
		return fflush(stdout) ? cli_errorf("writing the page: %s", strerror(errno)) : 0;
	}
	tmp = xasprintf("%s.tmp.%ld", path, (long)getpid());
	f = fopen(tmp, "w");
	if (!f) {
		cli_errorf("cannot write %s: %s", tmp, strerror(errno));
		goto out;
	}
	if (fwrite(sb->buf, 1, sb->len, f) != sb->len || fclose(f) != 0) {
		f = NULL;
		cli_errorf("writing %s: %s", tmp, strerror(errno));
		unlink(tmp);
		goto out;
	}
	f = NULL;
	if (rename(tmp, path) < 0) {
		cli_errorf("cannot move %s to %s: %s", tmp, path, strerror(errno));
		unlink(tmp);
		goto out;
	}
	rc = 0;
out:
	if (f)
		fclose(f);
	free(tmp);
	return rc;
}

/* The newest report of each server, with its items, newest server first. */
static int load_latest(struct cli *cli, const struct store_drift_report *v, size_t n,
		       struct store_drift_report ***out, size_t *n_out)
{
	struct store_drift_report **latest = xcalloc(n + 1, sizeof(*latest));
	struct acc_error err = { 0 };
	size_t k = 0;

	for (size_t i = 0; i < n; i++) {
		bool seen = false;

		for (size_t j = 0; j < i && !seen; j++)
			seen = !strcmp(v[j].server ? v[j].server : "", v[i].server ? v[i].server : "");
		if (seen)
			continue;
		if (store_drift_load(cli->store, v[i].id, &latest[k], &err) < 0) {
			for (size_t j = 0; j < k; j++)
				store_drift_report_free(latest[j]);
			free(latest);
			return cli_error(&err);
		}
		k++;
	}
	*out = latest;
	*n_out = k;
	return 0;
}

int cmd_report(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "html", required_argument, NULL, 'H' },
		{ "since", required_argument, NULL, 's' },
		{ NULL, 0, NULL, 0 },
	};
	struct report_html_input in = { 0 };
	struct store_drift_report *v = NULL, **latest = NULL;
	struct strbuf sb = STRBUF_INIT;
	struct acc_error err = { 0 };
	const char *html = NULL, *since_arg = NULL;
	int64_t since = 0;
	size_t n = 0, n_latest = 0;
	int c, rc = 1;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'H': html = optarg; break;
		case 's': since_arg = optarg; break;
		default: return cli_errorf("see 'accord report --help'");
		}
	}
	if (!html || optind != argc)
		return cli_errorf("report needs --html FILE and nothing else; see 'accord report --help'");
	in.generated_at = (int64_t)time(NULL);
	if (since_arg && store_parse_since(since_arg, in.generated_at, &since, &err) < 0)
		return cli_error(&err);
	if (store_drift_list(cli->store, NULL, since, 0, &v, &n, &err) < 0)
		return cli_error(&err);
	if (load_latest(cli, v, n, &latest, &n_latest))
		goto out;
	in.history = v;
	in.n_history = n;
	in.latest = latest;
	in.n_latest = n_latest;
	in.since = since_arg;
	sb_init(&sb);
	report_html_render(&in, &sb);
	rc = write_file(html, &sb);
out:
	for (size_t i = 0; i < n_latest; i++)
		store_drift_report_free(latest[i]);
	free(latest);
	store_drift_reports_free(v, n);
	sb_release(&sb);
	return rc;
}
