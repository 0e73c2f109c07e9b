/* test_formats_corpus.c: every file of tests/data/formats/<format>/{good,bad}/
 * through the code `accord validate` runs (formats_load: the reader of the
 * detected format, then model_validate). One cmocka test per file, named
 * test_formats__<format>_<good|bad>_<case>.
 *
 * <case>.expected lists the diagnostics, sorted by position, one a line as
 * "LINE:COL: error|warning: TEXT" where TEXT must occur in the message (the
 * YAML cases hold whole messages); every diagnostic must match one line and
 * no line may be left over (gpp's convention, test_gpp_read.c). A bad case must have one and give at least one error; a good case must give no error (and exactly its
 * .expected warnings, none without one), and must survive the trip through
 * the YAML writer: write, read back, same model (secrets as env references). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "diag.h"
#include "error.h"
#include "formats.h"
#include "model.h"
#include "strbuf.h"
#include "xalloc.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct corpus_case {
	char *path;      /* .../bad/<case>.yaml */
	char *expected;  /* .../bad/<case>.expected */
	bool bad;
	enum format fmt;
};

static void diag_line(struct strbuf *sb, const struct diag *g, const char *path)
{
	if (g->file && strcmp(g->file, path))
		sb_addf(sb, "(in %s) ", g->file);
	sb_addf(sb, "%u:%u: %s: %s\n", g->line, g->col,
		g->severity == DIAG_ERROR ? "error" : "warning", g->msg);
}

static char *diags_text(const struct diags *d, const char *path)
{
	struct strbuf sb = STRBUF_INIT;

	sb_init(&sb);
	for (size_t i = 0; i < d->n; i++)
		diag_line(&sb, &d->v[i], path);
	return sb_detach(&sb);
}

/* Does the expectation line e (len bytes) match diagnostic g: the same
 * "LINE:COL: SEVERITY: " and a message holding the rest? */
static bool line_matches(const char *e, size_t len, const struct diag *g)
{
	char head[64];
	size_t hl;
	char *text = NULL;
	bool ok;

	hl = (size_t)snprintf(head, sizeof(head), "%u:%u: %s: ", g->line, g->col,
			      g->severity == DIAG_ERROR ? "error" : "warning");
	if (len < hl || strncmp(e, head, hl))
		return false;
	text = strndup(e + hl, len - hl);
	ok = strstr(g->msg, text) != NULL;
	free(text);
	return ok;
}

/* True when each diagnostic matches one line of want and no line is left. */
static bool diags_match(const struct diags *d, const char *want)
{
	const char *lines[256];
	size_t lens[256], n = 0;
	bool used[256] = { false };

	for (const char *p = want; *p && n < 256;) {
		size_t len = strcspn(p, "\n");

		if (len) {
			lines[n] = p;
			lens[n++] = len;
		}
		p += len;
		if (*p == '\n')
			p++;
	}
	if (n != d->n)
		return false;
	for (size_t i = 0; i < d->n; i++) {
		size_t k = 0;

		while (k < n && (used[k] || !line_matches(lines[k], lens[k], &d->v[i])))
			k++;
		if (k == n)
			return false;
		used[k] = true;
	}
	return true;
}

static char *read_text(const char *path)
{
	char *buf = NULL;
	size_t len = 0;
	struct acc_error err = { 0 };

	if (formats_slurp(path, &buf, &len, &err) < 0)
		return NULL;
	return buf;
}

/* cmocka cuts long messages: print first, then fail. */
#define fail_print(...) do { fprintf(stderr, __VA_ARGS__); fputc('\n', stderr); fail(); } while (0)

static void round_trip(const char *path, struct model *a)
{
	struct formats_pw_refs refs = FORMATS_PW_REFS_INIT;
	struct strbuf out = STRBUF_INIT;
	struct acc_error err = { 0 };
	struct diags d = DIAGS_INIT;
	struct model *b = model_new();
	char why[512];
	char *text = NULL;

	sb_init(&out);
	/* Groups.xml targeting that YAML cannot say is refused, never dropped:
	 * such a file goes round through Groups.xml */
	if (yaml_write(a, &out, &refs, &err) < 0 && strstr(err.msg, "item-level targeting")) {
		sb_release(&out);
		sb_init(&out);
		if (gpp_write(a, &out, &refs, &err) < 0 ||
		    formats_load_buf(out.buf, out.len, "written.xml", FORMAT_GPP, b, &d, &err) < 0)
			fail_msg("%s: through Groups.xml: %s", path, err.msg);
	} else if (err.msg[0]) {
		fail_msg("%s: yaml_write: %s", path, err.msg);
	} else if (formats_load_buf(out.buf, out.len, "written.yaml", FORMAT_YAML, b, &d, &err) < 0) {
		text = diags_text(&d, "written.yaml");
		fail_print("%s: the written yaml does not read back:\n%s\n%s", path, text, out.buf);
	}
	formats_pw_refs_apply(a, &refs);
	if (!model_equal(a, b, why, sizeof(why)))
		fail_print("%s: write + read changed the model: %s\n%s", path, why, out.buf);
	free(text);
	diags_release(&d);
	model_free(b);
	sb_release(&out);
	formats_pw_refs_release(&refs);
}

static void test_formats__corpus_case(void **state)
{
	const struct corpus_case *c = *state;
	struct model *m = model_new();
	struct diags d = DIAGS_INIT;
	struct acc_error err = { 0 };
	char *got = NULL, *want = NULL;

	/* by extension: an empty .xml is a broken Groups.xml, not an empty YAML */
	formats_load(c->path, c->fmt, m, &d, &err);
	diags_sort(&d);
	got = diags_text(&d, c->path);
	want = read_text(c->expected);
	if (c->bad && !want)
		fail_msg("bad case %s has no %s", c->path, c->expected);
	if (c->bad && !d.n_errors)
		fail_msg("bad case %s was accepted", c->path);
	if (!c->bad && d.n_errors)
		fail_print("good case %s gives errors:\n%s", c->path, got);
	if (!diags_match(&d, want ? want : ""))
		fail_print("%s: diagnostics differ\n--- expected\n%s--- got\n%s", c->path,
			 want ? want : "", got);
	if (!c->bad)
		round_trip(c->path, m);
	free(got);
	free(want);
	diags_release(&d);
	model_free(m);
}

static int by_name(const void *a, const void *b)
{
	return strcmp(((const struct CMUnitTest *)a)->name, ((const struct CMUnitTest *)b)->name);
}

/* Adds one test per <case>.yaml / <case>.xml of dir. */
static void collect(const char *fmt, const char *kind, struct CMUnitTest **tests,
		    size_t *n, size_t *alloc)
{
	char *dir = xasprintf("%s/formats/%s/%s", ACCORD_TEST_DATA, fmt, kind);
	DIR *dh = opendir(dir);
	struct dirent *de;

	while (dh && (de = readdir(dh))) {
		const char *dot = strrchr(de->d_name, '.');
		struct corpus_case *c;
		struct CMUnitTest *t;

		if (!dot || (strcmp(dot, ".yaml") && strcmp(dot, ".xml")))
			continue;
#ifdef _WIN32
		/* libxml2 is built without iconv for Windows: it says the file's
		 * SHIFT_JIS is unsupported instead (tests/windows/wine-smoke.sh) */
		if (!strcmp(de->d_name, "encoding_invalid_bytes.xml"))
			continue;
#endif
		c = xcalloc(1, sizeof(*c));
		c->path = xasprintf("%s/%s", dir, de->d_name);
		c->expected = xasprintf("%s/%.*s.expected", dir, (int)(dot - de->d_name), de->d_name);
		c->bad = !strcmp(kind, "bad");
		c->fmt = !strcmp(dot, ".xml") ? FORMAT_GPP : FORMAT_YAML;
		XGROW(*tests, *alloc, *n + 1);
		t = &(*tests)[(*n)++];
		memset(t, 0, sizeof(*t));
		t->name = xasprintf("test_formats__%s_%s_%.*s", fmt, kind, (int)(dot - de->d_name),
				    de->d_name);
		t->test_func = test_formats__corpus_case;
		t->initial_state = c;
	}
	if (dh)
		closedir(dh);
	free(dir);
}

int main(int argc, char **argv)
{
	static const char *const fmts[] = { "yaml", "gpp" };
	struct CMUnitTest *tests = NULL;
	size_t n = 0, alloc = 0, n_bad_yaml = 0;
	int rc;

	for (size_t f = 0; f < 2; f++) {
		size_t before = n;

		collect(fmts[f], "bad", &tests, &n, &alloc);
		if (f == 0)
			n_bad_yaml = n - before;
		collect(fmts[f], "good", &tests, &n, &alloc);
	}
	if (n_bad_yaml < 25) {
		fprintf(stderr, "only %zu bad yaml cases in %s/formats/yaml/bad (want 25 or more)\n",
			n_bad_yaml, ACCORD_TEST_DATA);
		return 1;
	}
	qsort(tests, n, sizeof(*tests), by_name);
	/* optional filter: run only the cases whose name contains argv[1] */
	if (argc > 1)
		cmocka_set_test_filter(argv[1]);
	rc = _cmocka_run_group_tests("formats_corpus", tests, n, NULL, NULL);
	for (size_t i = 0; i < n; i++) {
		struct corpus_case *c = (struct corpus_case *)tests[i].initial_state;

		free(c->path);
		free(c->expected);
		free(c);
		free((char *)tests[i].name);
	}
	free(tests);
	return rc;
}
