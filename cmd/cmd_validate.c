/* cmd_validate.c: `accord validate -f FILE [--as yaml|gpp]`: checks a
 * desired-state file without a server and prints every problem at once. */
#include "cli.h"
#include "verbs.h"

#include "diag.h"
#include "error.h"
#include "formats.h"
#include "model.h"
#include "strbuf.h"

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
		       const struct model *m, enum format fmt)
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
		printf("%s: valid %s: %zu %s, %zu %s, %zu %s\n", path, formats_name(fmt),
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

static int parse_args(int argc, char **argv, const char **path, enum format *fmt)
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
			*path = optarg;
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
	if (!*path)
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

int cmd_validate(struct cli *cli, int argc, char **argv)
{
	const char *path = NULL;
	enum format fmt = FORMAT_AUTO;
	struct acc_error err = { 0 };
	struct diags d = DIAGS_INIT;
	struct model *m = NULL;
	char *buf = NULL;
	size_t len = 0;
	int rc;

	rc = parse_args(argc, argv, &path, &fmt);
	if (rc)
		goto out;
	if (formats_slurp(path, &buf, &len, &err) < 0) {
		if (cli->format == CLI_JSON) {
			diags_add(&d, DIAG_ERROR, path, 0, 0, "%s", err.msg);
			print_json(path, &d);
		}
		rc = cli_error(&err);
		goto out;
	}
	if (fmt == FORMAT_AUTO)
		fmt = formats_detect(buf, len);
	m = model_new();
	if (formats_load_buf(buf, len, path, fmt, m, &d, &err) < 0 && !d.n_errors)
		diags_add(&d, DIAG_ERROR, path, 0, 0, "%s", err.msg); /* e.g. too large */
	note_server_checks(m, &d);
	diags_sort(&d);
	if (cli->format == CLI_JSON)
		print_json(path, &d);
	else
		print_text(cli, path, &d, m, fmt);
	rc = d.n_errors ? 1 : 0;
out:
	model_free(m);
	diags_release(&d);
	free(buf);
	return rc;
}
