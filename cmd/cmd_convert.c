/* cmd_convert.c: `accord convert -f FILE [-f FILE...] [-o OUT] [--to
 * yaml|gpp]`: one desired-state format into the other, without a server;
 * several files are merged into one (later files win, conflicts warned).
 *
 * This is the way off MS14-025: a Groups.xml whose cpasswords anyone in the
 * domain can decrypt becomes a YAML file in which every such password is an
 * {env: ACCORD_PW_<NAME>} reference. The variables to set are listed on
 * standard error; the passwords themselves are never printed. */
#include "cli.h"
#include "verbs.h"

#include "desired.h"
#include "error.h"
#include "formats.h"
#include "model.h"
#include "model_conflict.h"
#include "strbuf.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct convert_args {
	struct cli_files in;
	const char *out;
	enum format to;
};

static int parse_args(int argc, char **argv, struct convert_args *a)
{
	static const struct option opts[] = {
		{ "file", required_argument, NULL, 'f' },
		{ "output", required_argument, NULL, 'o' },
		{ "to", required_argument, NULL, 't' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	opterr = 0;
	while ((c = getopt_long(argc, argv, "f:o:", opts, NULL)) != -1) {
		switch (c) {
		case 'f': cli_files_add(&a->in, optarg); break;
		case 'o': a->out = optarg; break;
		case 't':
			if (formats_parse_name(optarg, &a->to) < 0 || a->to == FORMAT_AUTO)
				return cli_errorf("convert: unknown --to '%s' (expected yaml or gpp)",
						  optarg);
			break;
		default:
			return cli_errorf("convert: unknown or incomplete option '%s'; see "
					  "'accord convert --help'", argv[optind - 1]);
		}
	}
	if (optind < argc)
		return cli_errorf("convert: unexpected argument '%s'", argv[optind]);
	if (!a->in.n)
		return cli_errorf("convert: which file? use -f FILE");
	return 0;
}

/* Names only: the variables, and whose password each must hold. */
static void print_refs(const struct formats_pw_refs *refs)
{
	if (!refs->n)
		return;
	fprintf(stderr, "accord: %zu password%s moved out of the file; set %s before "
		"'accord plan' or 'accord apply':\n", refs->n, refs->n == 1 ? " was" : "s were",
		refs->n == 1 ? "this environment variable" : "these environment variables");
	for (size_t i = 0; i < refs->n; i++)
		fprintf(stderr, "  %s  (password of %s%s)\n", refs->v[i].var, refs->v[i].account,
			refs->v[i].was == PW_CPASSWORD ? ", was a GPP cpassword" : "");
	fprintf(stderr, "accord: a GPP cpassword was readable by everyone who could read "
		"SYSVOL (MS14-025): choose new passwords rather than reuse them, and delete "
		"the Groups.xml from SYSVOL\n");
}

static int write_file(const char *path, const struct strbuf *sb)
{
	FILE *f = path ? fopen(path, "w") : stdout;

	if (!f)
		return cli_errorf("convert: cannot write '%s': %s", path, strerror(errno));
	if (fwrite(sb->buf, 1, sb->len, f) != sb->len || (path ? fclose(f) : fflush(f)) != 0)
		return cli_errorf("convert: cannot write '%s': %s", path ? path : "standard output",
				  strerror(errno));
	return 0;
}

int cmd_convert(struct cli *cli, int argc, char **argv)
{
	struct convert_args a = { CLI_FILES_INIT, NULL, FORMAT_YAML };
	struct formats_pw_refs refs = FORMATS_PW_REFS_INIT;
	struct m_conflicts conflicts = M_CONFLICTS_INIT;
	struct strbuf sb = STRBUF_INIT;
	struct acc_error err = { 0 };
	struct model *m = NULL;
	int rc;

	(void)cli;
	rc = parse_args(argc, argv, &a);
	if (rc)
		goto out;
	rc = cli_load_desired(cli, a.in.v, a.in.n, &m, &conflicts);
	if (rc)
		goto out;
	/* the written file cannot say which file stated what: say it here */
	sb_init(&sb);
	for (size_t i = 0; i < conflicts.n; i++) {
		sb_reset(&sb);
		m_conflict_format(&conflicts.v[i], &sb);
		cli_warnf("conflict: %s", sb.buf);
	}
	sb_reset(&sb);
	if (formats_write(m, a.to, &sb, &refs, &err) < 0) {
		rc = cli_error(&err);
		goto out;
	}
	rc = write_file(a.out, &sb);
	if (rc == 0)
		print_refs(&refs);
out:
	formats_pw_refs_release(&refs);
	m_conflicts_release(&conflicts);
	cli_files_release(&a.in);
	sb_release(&sb);
	model_free(m);
	return rc;
}
