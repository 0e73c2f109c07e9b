/* test_gpp_read: Groups.xml into the model.
 *
 * The corpus tests/data/formats/gpp/{good,bad}/<case>.xml runs through
 * gpp_read_file, the code the CLI runs. <case>.expected lists every
 * diagnostic the case must give, one a line, as
 *     LINE:COL: error|warning: TEXT
 * where TEXT must occur in the message; a diagnostic not listed fails the
 * case, and so does a listed one that is not given. Bad cases must fail,
 * good ones must succeed (a good case without .expected gives none). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "diag.h"
#include "error.h"
#include "formats.h"
#include "model.h"
#include "target.h"

#include <dirent.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define GPP_DATA ACCORD_TEST_DATA "/formats/gpp"

struct expect {
	unsigned line, col;
	enum diag_severity sev;
	char text[400];
	bool seen;
};

static size_t load_expected(const char *path, struct expect *e, size_t max)
{
	char line[512];
	size_t n = 0;
	FILE *f = fopen(path, "r");

	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f)) {
		char sev[16];
		int off = 0;

		line[strcspn(line, "\n")] = '\0';
		if (!*line)
			continue;
		assert_true(n < max);
		if (sscanf(line, "%u:%u: %15[a-z]: %n", &e[n].line, &e[n].col, sev, &off) != 3 || !off)
			fail_msg("%s: cannot read expectation '%s'", path, line);
		e[n].sev = !strcmp(sev, "error") ? DIAG_ERROR : DIAG_WARNING;
		snprintf(e[n].text, sizeof(e[n].text), "%s", line + off);
		e[n].seen = false;
		n++;
	}
	fclose(f);
	return n;
}

static bool expect_matches(const struct expect *e, const struct diag *g)
{
	return e->line == g->line && e->col == g->col && e->sev == g->severity &&
	       strstr(g->msg, e->text);
}

static void run_case(const char *dir, const char *name, bool good)
{
	char xml[512], exp[512];
	struct expect e[32];
	struct diags d = DIAGS_INIT;
	struct acc_error err = { 0 };
	struct model *m = model_new();
	size_t ne;
	int rc;

	snprintf(xml, sizeof(xml), "%s/%s.xml", dir, name);
	snprintf(exp, sizeof(exp), "%s/%s.expected", dir, name);
	ne = load_expected(exp, e, 32);
	if (!good && ne == 0)
		fail_msg("bad case %s has no expectations", name);
	rc = gpp_read_file(xml, m, &d, &err);
	if (good && rc != 0)
		fail_msg("good case %s failed: %s", name, err.msg);
	if (!good && rc != -1)
		fail_msg("bad case %s was accepted", name);
	for (size_t i = 0; i < d.n; i++) {
		bool found = false;

		for (size_t k = 0; k < ne && !found; k++)
			if (!e[k].seen && expect_matches(&e[k], &d.v[i]))
				e[k].seen = found = true;
		if (!found)
			fail_msg("%s: unexpected %u:%u: %s: %s", name, d.v[i].line, d.v[i].col,
				 d.v[i].severity == DIAG_ERROR ? "error" : "warning", d.v[i].msg);
		assert_string_equal(d.v[i].file, xml);
	}
	for (size_t k = 0; k < ne; k++)
		if (!e[k].seen)
			fail_msg("%s: missing %u:%u: %s", name, e[k].line, e[k].col, e[k].text);
	diags_release(&d);
	model_free(m);
}

static size_t run_corpus(const char *sub, bool good)
{
	char dir[256];
	DIR *dh;
	struct dirent *de;
	size_t n = 0;

	snprintf(dir, sizeof(dir), "%s/%s", GPP_DATA, sub);
	dh = opendir(dir);
	assert_non_null(dh);
	while ((de = readdir(dh))) {
		size_t len = strlen(de->d_name);
		char name[256];

		if (len < 5 || strcmp(de->d_name + len - 4, ".xml"))
			continue;
#ifdef _WIN32
		/* libxml2 is built without iconv for Windows: it says the file's
		 * SHIFT_JIS is unsupported instead (tests/windows/wine-smoke.sh) */
		if (!strcmp(de->d_name, "encoding_invalid_bytes.xml"))
			continue;
#endif
		snprintf(name, sizeof(name), "%.*s", (int)(len - 4), de->d_name);
		run_case(dir, name, good);
		n++;
	}
	closedir(dh);
	return n;
}

static void test_gpp__corpus_bad_files_give_message_and_position(void **state)
{
	(void)state;
	assert_true(run_corpus("bad", false) >= 15);
}

static void test_gpp__corpus_good_files_read_with_expected_warnings(void **state)
{
	(void)state;
	assert_true(run_corpus("good", true) >= 4);
}

static struct model *read_ok(const char *path, struct diags *d)
{
	struct model *m = model_new();
	struct acc_error err = { 0 };

	if (gpp_read_file(path, m, d, &err) < 0)
		fail_msg("%s: %s", path, err.msg);
	return m;
}

static size_t count_warnings(const struct diags *d, const char *text)
{
	size_t n = 0;

	for (size_t i = 0; i < d->n; i++)
		n += d->v[i].severity == DIAG_WARNING && strstr(d->v[i].msg, text) != NULL;
	return n;
}

/* examples/Groups.xml states every attribute; check each lands. */
static void test_gpp__example_users_every_attribute(void **state)
{
	struct diags d = DIAGS_INIT;
	struct model *m = read_ok(ACCORD_EXAMPLES "/Groups.xml", &d);
	const struct m_user *u;

	(void)state;
	assert_int_equal(m->n_users, 6); /* "temp" is disabled="1": skipped */
	assert_null(model_find_user(m, "temp"));

	u = model_find_user(m, "alice");
	assert_non_null(u);
	assert_int_equal(u->action, M_UPDATE);
	assert_string_equal(u->new_name, "alice.smith");
	assert_string_equal(u->full_name, "Alice Smith");
	assert_string_equal(u->description, "Accounting");
	assert_int_equal(u->password.kind, PW_CPASSWORD);
	assert_string_equal(u->password.ref, "OOUfK5Ew2nt6+sBUlFySr4qr7VEjEY+ONldUPpI42rs");
	assert_int_equal(u->must_change_password, M_FALSE);
	assert_int_equal(u->cannot_change_password, M_FALSE);
	assert_int_equal(u->password_never_expires, M_TRUE);
	assert_int_equal(u->disabled, M_FALSE);
	assert_int_equal(u->expires.kind, EXP_UNSET); /* neverExpires supersedes */
	assert_int_equal(u->builtin, BUILTIN_NONE);
	assert_int_equal(u->pos.line, 13);
	assert_int_equal(u->pos.col, 2);

	u = model_find_user(m, "bob");
	assert_int_equal(u->action, M_CREATE);
	assert_null(u->new_name);     /* absent */
	assert_null(u->description);  /* "" is "not stated" */
	assert_int_equal(u->password.kind, PW_NONE);
	assert_int_equal(u->expires.kind, EXP_DATE);
	assert_int_equal(u->expires.year, 2029);
	assert_int_equal(u->expires.month, 2);
	assert_int_equal(u->expires.day, 28);
	assert_int_equal(u->password_never_expires, M_FALSE);
	assert_int_equal(u->must_change_password, M_TRUE);

	assert_int_equal(model_find_user(m, "kiosk")->action, M_REPLACE);
	assert_int_equal(model_find_user(m, "kiosk")->cannot_change_password, M_TRUE);
	u = model_find_user(m, "olduser");
	assert_int_equal(u->action, M_DELETE);
	assert_int_equal(u->disabled, M_UNSET); /* absent booleans are unset */

	u = model_find_user(m, "Administrator");  /* " (built-in)" dropped */
	assert_non_null(u);
	assert_int_equal(u->builtin, BUILTIN_ADMIN);
	assert_int_equal(u->disabled, M_TRUE);
	u = model_find_user(m, "Guest");
	assert_int_equal(u->builtin, BUILTIN_GUEST);
	assert_non_null(u->target);  /* for KIOSK01 only */
	assert_int_equal(u->target->n_kids, 1);
	assert_int_equal(u->target->kids[0].kind, TF_COMPUTER);
	assert_string_equal(u->target->kids[0].name, "KIOSK01");

	assert_int_equal(count_warnings(&d, "MS14-025"), 2);
	assert_int_equal(count_warnings(&d, "neverExpires=\"1\" supersedes it"), 1);
	assert_int_equal(d.n, 3);
	model_free(m);
	diags_release(&d);
}

static void test_gpp__example_groups_exact_sid_members(void **state)
{
	struct diags d = DIAGS_INIT;
	struct model *m = read_ok(ACCORD_EXAMPLES "/Groups.xml", &d);
	const struct m_group *g;

	(void)state;
	assert_int_equal(m->n_groups, 4);
	g = model_find_group(m, "Administrators");
	assert_non_null(g);
	assert_string_equal(g->sid, "S-1-5-32-544");
	assert_string_equal(g->description, "Full control");
	assert_true(g->delete_all_users && g->delete_all_groups && g->exact);
	assert_int_equal(g->n_members, 2);
	assert_string_equal(g->members[0].name, "Administrator");
	assert_null(g->members[0].sid);
	assert_string_equal(g->members[1].sid, "S-1-5-21-1004336348-1177238915-682003330-512");
	assert_int_equal(g->members[1].action, MEM_ADD);
	assert_int_equal(g->members[1].pos.line, 52);
	assert_int_equal(g->members[1].pos.col, 5);

	g = model_find_group(m, "accounting");
	assert_int_equal(g->action, M_CREATE);
	assert_false(g->exact);
	assert_int_equal(g->members[1].action, MEM_REMOVE);
	assert_string_equal(model_find_group(m, "printers")->new_name, "print-operators");
	assert_int_equal(model_find_group(m, "legacy")->action, M_DELETE);
	model_free(m);
	diags_release(&d);
}

/* Both delete-all flags make an exact list only with ADD members; one
 * flag alone is kept as stated. */
static void test_gpp__exact_needs_both_flags_and_add_members(void **state)
{
	static const struct { const char *flags, *members; bool exact; } v[] = {
		{ "deleteAllUsers=\"1\" deleteAllGroups=\"1\"", "<Member name=\"a\" action=\"ADD\"/>", true },
		{ "deleteAllUsers=\"1\" deleteAllGroups=\"0\"", "<Member name=\"a\" action=\"ADD\"/>", false },
		{ "deleteAllUsers=\"0\" deleteAllGroups=\"1\"", "<Member name=\"a\" action=\"ADD\"/>", false },
		{ "deleteAllUsers=\"1\" deleteAllGroups=\"1\"", "<Member name=\"a\" action=\"REMOVE\"/>", false },
		{ "deleteAllUsers=\"1\" deleteAllGroups=\"1\"", "", false },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(v) / sizeof(*v); i++) {
		char xml[512];
		struct diags d = DIAGS_INIT;
		struct acc_error err = { 0 };
		struct model *m = model_new();

		snprintf(xml, sizeof(xml),
			 "<Groups><Group name=\"g\"><Properties groupName=\"g\" %s>"
			 "<Members>%s</Members></Properties></Group></Groups>", v[i].flags, v[i].members);
		assert_int_equal(gpp_read_buf(xml, strlen(xml), "t.xml", m, &d, &err), 0);
		assert_int_equal(m->n_groups, 1);
		if (m->groups[0].exact != v[i].exact)
			fail_msg("case %zu: exact is %d", i, m->groups[0].exact);
		model_free(m);
		diags_release(&d);
	}
}

/* groupSid alone names the group; names keep entities decoded. */
static void test_gpp__sid_only_group_and_entities(void **state)
{
	const char *xml =
		"<Groups><Group name=\"x\"><Properties groupSid=\"S-1-5-32-555\" "
		"description=\"a &amp; b &lt;c&gt; &#x263A;\"/></Group></Groups>";
	struct diags d = DIAGS_INIT;
	struct acc_error err = { 0 };
	struct model *m = model_new();

	(void)state;
	assert_int_equal(gpp_read_buf(xml, strlen(xml), "t.xml", m, &d, &err), 0);
	assert_null(m->groups[0].name);
	assert_string_equal(m->groups[0].sid, "S-1-5-32-555");
	assert_string_equal(m->groups[0].description, "a & b <c> \xe2\x98\xba");
	assert_int_equal(m->groups[0].pos.col, 9);
	model_free(m);
	diags_release(&d);
}

/* The reader keeps going: one run reports every problem, and the model
 * still receives what could be read. */
static void test_gpp__errors_keep_going_and_keep_items(void **state)
{
	struct diags d = DIAGS_INIT;
	struct acc_error err = { 0 };
	struct model *m = model_new();

	(void)state;
	assert_int_equal(gpp_read_file(GPP_DATA "/bad/multiple.xml", m, &d, &err), -1);
	assert_int_equal(d.n_errors, 4);
	assert_non_null(strstr(err.msg, "4 errors"));
	assert_int_equal(m->n_users, 1);
	assert_int_equal(m->n_groups, 1);
	model_free(m);
	diags_release(&d);
}

/* Dates: leap years, the 23:59 day is all we keep. */
static void test_gpp__expires_real_calendar_days(void **state)
{
	static const struct { const char *date; bool ok; } v[] = {
		{ "2024-02-29", true }, { "2000-02-29", true }, { "1900-02-29", false },
		{ "2023-04-31", false }, { "2023-12-31", true }, { "2023-00-10", false },
		{ "2023-1-10", false }, { "20231-01-10", false }, { "2023-01-10 ", false },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(v) / sizeof(*v); i++) {
		char xml[256];
		struct diags d = DIAGS_INIT;
		struct acc_error err = { 0 };
		struct model *m = model_new();
		int rc;

		snprintf(xml, sizeof(xml), "<Groups><User><Properties userName=\"u\" "
			 "expires=\"%s\"/></User></Groups>", v[i].date);
		rc = gpp_read_buf(xml, strlen(xml), "t.xml", m, &d, &err);
		if ((rc == 0) != v[i].ok)
			fail_msg("%s: rc %d", v[i].date, rc);
		model_free(m);
		diags_release(&d);
	}
}

/* A UTF-16 file is converted by libxml2: lines still known, columns not. */
static void test_gpp__utf16_input_lines_without_columns(void **state)
{
	const char *xml = "<?xml version=\"1.0\" encoding=\"UTF-16\"?>\n<Groups>\n"
			  " <User><Properties userName=\"u\" changeLogon=\"x\"/></User>\n</Groups>\n";
	size_t n = strlen(xml), k = 2;
	char *u16 = calloc(1, 2 * n + 2);
	struct diags d = DIAGS_INIT;
	struct acc_error err = { 0 };
	struct model *m = model_new();

	(void)state;
	u16[0] = (char)0xFF;
	u16[1] = (char)0xFE;
	for (size_t i = 0; i < n; i++, k += 2)
		u16[k] = xml[i];
	assert_int_equal(gpp_read_buf(u16, k, "t.xml", m, &d, &err), -1);
	assert_int_equal(d.n_errors, 1);
	assert_int_equal(d.v[0].line, 3);
	assert_non_null(strstr(d.v[0].msg, "changeLogon=\"x\""));
	assert_int_equal(m->n_users, 1);
	free(u16);
	model_free(m);
	diags_release(&d);
}

static void test_gpp__huge_file_refused_before_parsing(void **state)
{
	struct diags d = DIAGS_INIT;
	struct acc_error err = { 0 };
	struct model *m = model_new();
	size_t n = 17u * 1024 * 1024;
	char *big = malloc(n);

	(void)state;
	memset(big, ' ', n);
	assert_int_equal(gpp_read_buf(big, n, "big.xml", m, &d, &err), -1);
	assert_int_equal(d.n, 0);
	assert_non_null(strstr(err.msg, "too large"));
	free(big);
	model_free(m);
	diags_release(&d);
}

/* Library code never prints: libxml2's own error printing (parser and
 * encoding converters) is silenced, its errors become diagnostics. */
static void test_gpp__libxml2_never_prints(void **state)
{
	static const char *const files[] = {
		"encoding_invalid_bytes.xml", "tag_mismatch.xml", "doctype.xml", "not_xml.xml",
	};
	char tmpl[] = "/tmp/accord-test-stderr-XXXXXX";
	int fd = mkstemp(tmpl), saved = dup(2);
	struct stat st;

	(void)state;
	assert_true(fd >= 0 && saved >= 0);
	fflush(stderr);
	dup2(fd, 2);
	for (size_t i = 0; i < sizeof(files) / sizeof(*files); i++) {
		char path[256];
		struct diags d = DIAGS_INIT;
		struct acc_error err = { 0 };
		struct model *m = model_new();

		snprintf(path, sizeof(path), "%s/bad/%s", GPP_DATA, files[i]);
		assert_int_equal(gpp_read_file(path, m, &d, &err), -1);
		assert_int_equal(d.n_errors, 1);
		model_free(m);
		diags_release(&d);
	}
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	assert_int_equal(fstat(fd, &st), 0);
	close(fd);
	unlink(tmpl);
	assert_int_equal(st.st_size, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_gpp__corpus_bad_files_give_message_and_position),
		cmocka_unit_test(test_gpp__corpus_good_files_read_with_expected_warnings),
		cmocka_unit_test(test_gpp__example_users_every_attribute),
		cmocka_unit_test(test_gpp__example_groups_exact_sid_members),
		cmocka_unit_test(test_gpp__exact_needs_both_flags_and_add_members),
		cmocka_unit_test(test_gpp__sid_only_group_and_entities),
		cmocka_unit_test(test_gpp__errors_keep_going_and_keep_items),
		cmocka_unit_test(test_gpp__expires_real_calendar_days),
		cmocka_unit_test(test_gpp__utf16_input_lines_without_columns),
		cmocka_unit_test(test_gpp__huge_file_refused_before_parsing),
		cmocka_unit_test(test_gpp__libxml2_never_prints),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
