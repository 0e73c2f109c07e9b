/* test_formats_files.c: formats_load_files, what every verb reads its -f
 * files with: each file checked on its own, the per-file step, the merge in
 * order, every problem of every file reported at once. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "diag.h"
#include "error.h"
#include "formats.h"
#include "model.h"
#include "model_conflict.h"
#include "xalloc.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct dir {
	char path[64];
	char *files[4];
	size_t n;
};

static const char base_yaml[] =
	"version: 1\n"
	"users:\n"
	"  - name: alice\n"
	"    full_name: Alice Base\n"
	"    description: from base\n";

static const char host_xml[] =
	"<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
	"<Groups clsid=\"{3125E937-EB16-4b4c-9934-544FC6D24D26}\">\n"
	"  <User clsid=\"{DF5F1855-51E5-4d24-8B1A-D9BDE98BA1D1}\" name=\"alice\">\n"
	"    <Properties action=\"U\" fullName=\"Alice Host\" userName=\"alice\"/>\n"
	"  </User>\n"
	"  <User clsid=\"{DF5F1855-51E5-4d24-8B1A-D9BDE98BA1D1}\" name=\"bob\">\n"
	"    <Properties action=\"D\" userName=\"bob\"/>\n"
	"  </User>\n"
	"</Groups>\n";

static int dir_setup(void **state)
{
	struct dir *d = xcalloc(1, sizeof(*d));

	strcpy(d->path, "/tmp/accord-test-files-XXXXXX");
	if (!mkdtemp(d->path))
		return -1;
	*state = d;
	return 0;
}

static int dir_teardown(void **state)
{
	struct dir *d = *state;

	for (size_t i = 0; i < d->n; i++) {
		unlink(d->files[i]);
		free(d->files[i]);
	}
	rmdir(d->path);
	free(d);
	return 0;
}

static const char *put(struct dir *d, const char *name, const char *text)
{
	char *path = xasprintf("%s/%s", d->path, name);
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	d->files[d->n++] = path;
	return path;
}

static void test_files__yaml_then_groups_xml_later_wins(void **state)
{
	struct dir *d = *state;
	const char *paths[2] = { put(d, "base.yaml", base_yaml), put(d, "host.xml", host_xml) };
	struct formats_files in = { .paths = paths, .n = 2, .fmt = FORMAT_AUTO };
	struct m_conflicts c = M_CONFLICTS_INIT;
	enum format fmts[2] = { FORMAT_AUTO, FORMAT_AUTO };
	struct acc_error err = { 0 };
	struct diags dg = DIAGS_INIT;
	struct model *m = NULL;

	if (formats_load_files(&in, &m, &c, fmts, &dg, &err) < 0)
		fail_msg("%s", err.msg);
	assert_int_equal(fmts[0], FORMAT_YAML);
	assert_int_equal(fmts[1], FORMAT_GPP);
	assert_int_equal(m->n_users, 2);
	assert_string_equal(m->users[0].full_name, "Alice Host");
	assert_string_equal(m->users[0].description, "from base");
	assert_int_equal(m->users[1].action, M_DELETE);
	assert_int_equal(c.n, 1);
	assert_string_equal(c.v[0].field, "full_name");
	assert_string_equal(c.v[0].was.file, paths[0]);
	assert_int_equal(c.v[0].was.line, 3);
	assert_string_equal(c.v[0].now.file, paths[1]);
	assert_int_equal(c.v[0].now.line, 3);
	m_conflicts_release(&c);
	diags_release(&dg);
	model_free(m);
}

struct step_seen {
	size_t calls;
	size_t users_seen[2];
};

/* A per-file step as targeting will be one: drops the item named bob. */
static int drop_bob(void *data, const char *path, struct model *m, struct diags *d,
		    struct acc_error *err)
{
	struct step_seen *seen = data;

	(void)path;
	(void)d;
	(void)err;
	seen->users_seen[seen->calls++] = m->n_users;
	/* bob is the last item of host.xml and states nothing but his name */
	if (m->n_users && !strcmp(m->users[m->n_users - 1].name, "bob")) {
		assert_null(m->users[m->n_users - 1].full_name);
		free(m->users[m->n_users - 1].name);
		m->n_users--;
	}
	return 0;
}

static void test_files__step_runs_on_each_file_before_it_is_merged(void **state)
{
	struct dir *d = *state;
	const char *paths[2] = { put(d, "base.yaml", base_yaml), put(d, "host.xml", host_xml) };
	struct step_seen seen = { 0 };
	struct formats_files in = { .paths = paths, .n = 2, .fmt = FORMAT_AUTO,
				    .step = drop_bob, .step_data = &seen };
	struct m_conflicts c = M_CONFLICTS_INIT;
	struct acc_error err = { 0 };
	struct diags dg = DIAGS_INIT;
	struct model *m = NULL;

	if (formats_load_files(&in, &m, &c, NULL, &dg, &err) < 0)
		fail_msg("%s", err.msg);
	assert_int_equal(seen.calls, 2);
	assert_int_equal(seen.users_seen[0], 1);  /* base.yaml on its own */
	assert_int_equal(seen.users_seen[1], 2);  /* host.xml on its own */
	assert_int_equal(m->n_users, 1);
	assert_null(model_find_user(m, "bob"));
	m_conflicts_release(&c);
	diags_release(&dg);
	model_free(m);
}

/* Loads paths, which must fail: *dg and *err say why, nothing is kept. */
static void load_fails(const char *const *paths, size_t n, struct diags *dg,
		       struct acc_error *err)
{
	struct formats_files in = { .paths = paths, .n = n, .fmt = FORMAT_AUTO };
	struct m_conflicts c = M_CONFLICTS_INIT;
	struct model *m = NULL;

	assert_int_equal(formats_load_files(&in, &m, &c, NULL, dg, err), -1);
	assert_null(m);
	assert_int_equal(c.n, 0);
	m_conflicts_release(&c);
}

static void test_files__every_file_is_checked_and_every_error_reported(void **state)
{
	struct dir *d = *state;
	const char *paths[3] = {
		put(d, "a.yaml", "version: 1\nusers:\n  - name: 'bad/name'\n"),
		put(d, "b.yaml", base_yaml),
		put(d, "c.yaml", "version: 1\nusers:\n  - name: x\n    colour: red\n"),
	};
	struct acc_error err = { 0 };
	struct diags dg = DIAGS_INIT;

	load_fails(paths, 3, &dg, &err);
	assert_int_equal(dg.n_errors, 2);
	assert_string_equal(dg.v[0].file, paths[0]);
	assert_string_equal(dg.v[1].file, paths[2]);
	assert_string_equal(err.msg, "2 errors in 2 of 3 files");
	diags_release(&dg);
}

/* One bad file says it as formats_load always did. */
static void test_files__one_bad_file_is_named_in_the_error(void **state)
{
	struct dir *d = *state;
	const char *paths[2] = {
		put(d, "a.yaml", base_yaml),
		put(d, "b.yaml", "version: 1\nusers:\n  - name: 'bad/name'\n"),
	};
	struct acc_error err = { 0 };
	struct diags dg = DIAGS_INIT;
	char *want = NULL;

	load_fails(paths, 2, &dg, &err);
	want = xasprintf("%s: 1 error", paths[1]);
	assert_string_equal(err.msg, want);
	free(want);
	diags_release(&dg);
}

static void test_files__together_the_files_are_checked_again(void **state)
{
	struct dir *d = *state;
	const char *paths[2] = {
		put(d, "a.yaml", base_yaml),
		put(d, "b.yaml", "version: 1\nusers:\n  - name: bob\n    new_name: ALICE\n"),
	};
	struct acc_error err = { 0 };
	struct diags dg = DIAGS_INIT;

	load_fails(paths, 2, &dg, &err);
	assert_int_equal(dg.n_errors, 1);
	assert_string_equal(dg.v[0].file, paths[1]);
	assert_string_equal(err.msg, "the files together: 1 error");
	diags_release(&dg);
}

static void test_files__unreadable_file_stops_with_its_name(void **state)
{
	struct dir *d = *state;
	char *missing = xasprintf("%s/missing.yaml", d->path);
	const char *paths[2] = { put(d, "a.yaml", base_yaml), missing };
	struct acc_error err = { 0 };
	struct diags dg = DIAGS_INIT;

	load_fails(paths, 2, &dg, &err);
	assert_int_equal(dg.n, 0);
	assert_non_null(strstr(err.msg, missing));
	free(missing);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_files__yaml_then_groups_xml_later_wins,
						dir_setup, dir_teardown),
		cmocka_unit_test_setup_teardown(test_files__step_runs_on_each_file_before_it_is_merged,
						dir_setup, dir_teardown),
		cmocka_unit_test_setup_teardown(test_files__every_file_is_checked_and_every_error_reported,
						dir_setup, dir_teardown),
		cmocka_unit_test_setup_teardown(test_files__one_bad_file_is_named_in_the_error,
						dir_setup, dir_teardown),
		cmocka_unit_test_setup_teardown(test_files__together_the_files_are_checked_again,
						dir_setup, dir_teardown),
		cmocka_unit_test_setup_teardown(test_files__unreadable_file_stops_with_its_name,
						dir_setup, dir_teardown),
	};

	setlocale(LC_ALL, "C.UTF-8");
	return cmocka_run_group_tests_name("formats_files", tests, NULL, NULL);
}
