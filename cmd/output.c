/* output.c: one shape for every message accord prints. */
#include "cli.h"

#include "diag.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* the newest error printed, for verbs that record it (drift) */
static char last_error[512];

int cli_error(const struct acc_error *err)
{
	if (err->where[0])
		snprintf(last_error, sizeof(last_error), "%s: %s", err->where, err->msg);
	else
		snprintf(last_error, sizeof(last_error), "%s", err->msg[0] ? err->msg : "unknown error");
	fprintf(stderr, "accord: %s\n", last_error);
	return 1;
}

int cli_errorf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(last_error, sizeof(last_error), fmt, ap);
	va_end(ap);
	fputs("accord: ", stderr);
	va_start(ap, fmt);  /* printed whole: last_error may be cut short */
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return 1;
}

const char *cli_last_error(void)
{
	return last_error[0] ? last_error : NULL;
}

void cli_warnf(const char *fmt, ...)
{
	va_list ap;

	fputs("accord: warning: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

const char *cli_color(const struct cli *cli, const char *code)
{
	static char buf[4][16];
	static unsigned i;

	if (!cli->color)
		return "";
	i = (i + 1) % 4;
	snprintf(buf[i], sizeof(buf[i]), "\033[%sm", code);
	return buf[i];
}

void cli_verb_help(const struct verb *v, FILE *f)
{
	fprintf(f, "usage: accord [global options] %s\n\n%s\n", v->usage, v->help);
	if (v->options)
		fprintf(f, "\noptions:\n%s", v->options);
	fputs("\nglobal options: see 'accord --help'\n", f);
}

bool cli_wants_help(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--"))
			break;
		if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help"))
			return true;
	}
	return false;
}

void cli_print_diags(const char *path, const struct diags *d)
{
	for (size_t i = 0; i < d->n; i++) {
		const struct diag *g = &d->v[i];

		fprintf(stderr, "%s", g->file ? g->file : path);
		if (g->line)
			fprintf(stderr, ":%u:%u", g->line, g->col);
		fprintf(stderr, ": %s: %s\n", g->severity == DIAG_ERROR ? "error" : "warning",
			g->msg);
	}
}
