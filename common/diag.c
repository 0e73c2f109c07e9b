#include "diag.h"
#include "strbuf.h"
#include "xalloc.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

void diags_add(struct diags *d, enum diag_severity sev, const char *file,
	       unsigned line, unsigned col, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	struct diag *g;
	va_list ap;

	va_start(ap, fmt);
	sb_init(&sb);
	sb_vaddf(&sb, fmt, ap);
	va_end(ap);
	XGROW(d->v, d->alloc, d->n + 1);
	g = &d->v[d->n++];
	g->severity = sev;
	g->file = xstrdup(file);
	g->line = line;
	g->col = col;
	g->msg = sb_detach(&sb);
	if (sev == DIAG_ERROR)
		d->n_errors++;
}

static int diag_cmp(const struct diag *a, const struct diag *b)
{
	int c = strcmp(a->file ? a->file : "", b->file ? b->file : "");

	if (c)
		return c;
	if (a->line != b->line)
		return a->line < b->line ? -1 : 1;
	if (a->col != b->col)
		return a->col < b->col ? -1 : 1;
	return 0;
}

void diags_sort(struct diags *d)
{
	/* insertion sort: stable, and lists are short */
	for (size_t i = 1; i < d->n; i++) {
		struct diag t = d->v[i];
		size_t j = i;

		while (j > 0 && diag_cmp(&d->v[j - 1], &t) > 0) {
			d->v[j] = d->v[j - 1];
			j--;
		}
		d->v[j] = t;
	}
}

void diags_release(struct diags *d)
{
	for (size_t i = 0; i < d->n; i++) {
		free(d->v[i].file);
		free(d->v[i].msg);
	}
	free(d->v);
	memset(d, 0, sizeof(*d));
}
