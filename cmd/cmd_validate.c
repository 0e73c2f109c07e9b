/* cmd_validate.c: `accord validate -f FILE [-f FILE...] [--as yaml|gpp]`:
 * checks desired-state files without a server and prints every problem at
 * once; several files are checked each on its own and merged, and every
 * field they state differently is a warning. */
#include "cli.h"
#include "desired.h"
#include "verbs.h"

#include "diag.h"
#include "error.h"
#include "formats.h"
#include "model.h"
#include "model_conflict.h"
#include "strbuf.h"
#include "xalloc.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *plural(size_t n, const char *one, const char *many)
{
	return n == 1 ? one : many;
}

/* Names in messages come from the file: keep their control characters
 * (escape sequences) off the terminal. */
static void put_clean(const char *s)
{
	for (; *s; s++)
		fputc((unsigned char)*s < 0x20 || *s == 0x7f ? '?' : *s, stdout);
}

static void print_text(const struct cli *cli, const char *path, const struct diags *d,
		       const struct model *m, const char *fmt)
{
	size_t n_warn = d->n - d->n_errors;

	for (size_t i = 0; i < d->n; i++) {
		const struct diag *g = &d->v[i];
		bool err = g->severity == DIAG_ERROR;

		put_clean(g->file ? g->file : path);
		if (g->line)
			printf(":%u:%u", g->line, g->col);
		printf(": %s%s%s: ", cli_color(cli, err ? CLI_RED : CLI_YELLOW),
		       err ? "error" : "warning", cli_color(cli, CLI_RESET));
		put_clean(g->msg);
		fputc('\n', stdout);
	}
	if (d->n_errors)
		printf("%s: invalid: %zu %s, %zu %s\n", path, d->n_errors,
		       plural(d->n_errors, "error", "errors"), n_warn,
		       plural(n_warn, "warning", "warnings"));
	else
		printf("%s: valid %s: %zu %s, %zu %s, %zu %s\n", path, fmt,
		       m->n_users, plural(m->n_users, "user", "users"), m->n_groups,
		       plural(m->n_groups, "group", "groups"), n_warn,
		       plural(n_warn, "warning", "warnings"));
}

static void print_json(const char *path, const struct diags *d)
{
	struct strbuf sb = STRBUF_INIT;

	sb_init(&sb);
	sb_addc(&sb, '[');
	for (size_t i = 0; i < d->n; i++) {
		const struct diag *g = &d->v[i];

		sb_add_json_member(&sb, i ? ",\n {\"file\": " : "\n {\"file\": ",
				   g->file ? g->file : path);
		sb_addf(&sb, ", \"line\": %u, \"column\": %u, \"severity\": \"%s\", \"message\": ",
			g->line, g->col, g->severity == DIAG_ERROR ? "error" : "warning");
		sb_add_json_str(&sb, g->msg);
		sb_addc(&sb, '}');
	}
	sb_adds(&sb, d->n ? "\n]\n" : "]\n");
	fputs(sb.buf, stdout);
	sb_release(&sb);
}

static int parse_args(int argc, char **argv, struct cli_files *files, enum format *fmt)
{
	static const struct option opts[] = {
		{ "file", required_argument, NULL, 'f' },
		{ "as", required_argument, NULL, 'a' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	while ((c = getopt_long(argc, argv, "f:", opts, NULL)) != -1) {
		switch (c) {
		case 'f':
			cli_files_add(files, optarg);
			break;
		case 'a':
			if (formats_parse_name(optarg, fmt) < 0)
				return cli_errorf("validate: unknown --as '%s' (expected yaml, gpp or auto)",
						  optarg);
			break;
		default:
			return cli_errorf("validate: unknown or incomplete option '%s'; see "
					  "'accord validate --help'", argv[optind - 1]);
		}
	}
	if (optind < argc)
		return cli_errorf("validate: unexpected argument '%s'", argv[optind]);
	if (!files->n)
		return cli_errorf("validate: which file? use -f FILE");
	return 0;
}

/* What only the server can settle, said where the file states it: a
 * DOMAIN\ prefix and item-level targeting are judged at plan time. */
static void note_server_checks(const struct model *m, struct diags *d)
{
	for (size_t i = 0; i < m->n_users; i++) {
		const struct m_user *u = &m->users[i];
		const char *bs = u->name ? strchr(u->name, '\\') : NULL;

		if (bs)
			diags_add(d, DIAG_WARNING, u->pos.file, u->pos.line, u->pos.col,
				  "user '%s': the prefix '%.*s' is checked against the server at "
				  "plan time: it must be the server's computer name, or its domain "
				  "on a domain controller", u->name, (int)(bs - u->name), u->name);
	}
}

/* A conflict is a warning at the later file's item, which wins. */
static void add_conflicts(struct diags *d, const struct m_conflicts *c)
{
	struct strbuf sb = STRBUF_INIT;

	sb_init(&sb);
	for (size_t i = 0; i < c->n; i++) {
		sb_reset(&sb);
		m_conflict_format(&c->v[i], &sb);
		diags_add(d, DIAG_WARNING, c->v[i].now.file, c->v[i].now.line, c->v[i].now.col,
			  "conflict: %s", sb.buf);
	}
	sb_release(&sb);
}

/* "yaml", or "yaml + gpp" for several files. */
static char *formats_text(const enum format *fmts, size_t n)
{
	struct strbuf sb = STRBUF_INIT;

	sb_init(&sb);
	for (size_t i = 0; i < n; i++)
		sb_addf(&sb, "%s%s", i ? " + " : "", formats_name(fmts[i]));
	return sb_detach(&sb);
}

int cmd_validate(struct cli *cli, int argc, char **argv)
{
	struct cli_files files = CLI_FILES_INIT;
	struct m_conflicts conflicts = M_CONFLICTS_INIT;
	struct formats_files in = { .fmt = FORMAT_AUTO };
	struct acc_error err = { 0 };
	struct diags d = DIAGS_INIT;
	struct model *m = NULL;
	enum format *fmts = NULL;
	char *path = NULL, *fmt = NULL;
	int rc;

	rc = parse_args(argc, argv, &files, &in.fmt);
	if (rc)
		goto out;
	in.paths = files.v;
	in.n = files.n;
	path = cli_files_text(files.v, files.n);
	fmts = xcalloc(files.n, sizeof(*fmts));  /* FORMAT_AUTO: not read */
	if (formats_load_files(&in, &m, &conflicts, fmts, &d, &err) < 0 && !d.n_errors) {
		/* a file that could not be read at all: the first not read */
		size_t i = 0;

		while (i + 1 < files.n && fmts[i] != FORMAT_AUTO)
			i++;
		if (cli->format == CLI_JSON) {
			diags_add(&d, DIAG_ERROR, files.v[i], 0, 0, "%s", err.msg);
			print_json(files.v[i], &d);
		}
		rc = cli_error(&err);
		goto out;
	}
	add_conflicts(&d, &conflicts);
	if (m)
		note_server_checks(m, &d);
	diags_sort(&d);
	fmt = formats_text(fmts, files.n);
	if (cli->format == CLI_JSON)
		print_json(files.v[0], &d);
	else
		print_text(cli, path, &d, m, fmt);
	rc = d.n_errors ? 1 : 0;
out:
	model_free(m);
	m_conflicts_release(&conflicts);
	diags_release(&d);
	cli_files_release(&files);
	free(fmts);
	free(path);
	free(fmt);
	return rc;
}
