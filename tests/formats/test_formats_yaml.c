/* test_formats_yaml.c: the YAML reader and writer beyond the corpus:
 * unset vs empty fields, positions, suggestions, the writer's secret
 * handling and a round trip of a model that states every field. */
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

#include <stdlib.h>
#include <string.h>

struct loaded {
	struct model *m;
	struct diags d;
	int rc;
};

static struct loaded load(const char *text)
{
	struct loaded l = { model_new(), DIAGS_INIT, 0 };
	struct acc_error err = { 0 };

	l.rc = formats_load_buf(text, strlen(text), "t.yaml", FORMAT_AUTO, l.m, &l.d, &err);
	diags_sort(&l.d);
	return l;
}

static void unload(struct loaded *l)
{
	model_free(l->m);
	diags_release(&l->d);
}

static void test_yaml__detect_xml_by_first_character(void **state)
{
	(void)state;
	assert_int_equal(formats_detect("  \n\t<?xml version=\"1.0\"?>", 26), FORMAT_GPP);
	assert_int_equal(formats_detect("\xEF\xBB\xBF<Groups/>", 12), FORMAT_GPP);
	assert_int_equal(formats_detect("version: 1\n", 11), FORMAT_YAML);
	assert_int_equal(formats_detect("# <not xml>\n", 12), FORMAT_YAML);
	assert_int_equal(formats_detect("", 0), FORMAT_YAML);
}

static void test_yaml__left_out_fields_stay_unset(void **state)
{
	struct loaded l = load("version: 1\nusers:\n  - name: alice\n");
	const struct m_user *u;

	(void)state;
	assert_int_equal(l.rc, 0);
	assert_int_equal(l.m->n_users, 1);
	u = &l.m->users[0];
	assert_string_equal(u->name, "alice");
	assert_int_equal(u->action, M_UPDATE);
	assert_null(u->full_name);
	assert_null(u->description);
	assert_null(u->home_dir);
	assert_int_equal(u->password.kind, PW_NONE);
	assert_int_equal(u->disabled, M_UNSET);
	assert_int_equal(u->must_change_password, M_UNSET);
	assert_int_equal(u->expires.kind, EXP_UNSET);
	assert_int_equal(u->builtin, BUILTIN_NONE);
	assert_int_equal(l.m->policy.unmanaged, UNMANAGED_IGNORE);
	unload(&l);
}

static void test_yaml__empty_string_sets_empty(void **state)
{
	struct loaded l = load("version: 1\nusers:\n  - name: alice\n    description: \"\"\n"
			       "    disabled: false\n");

	(void)state;
	assert_int_equal(l.rc, 0);
	assert_non_null(l.m->users[0].description);
	assert_string_equal(l.m->users[0].description, "");
	assert_int_equal(l.m->users[0].disabled, M_FALSE);
	unload(&l);
}

static void test_yaml__items_remember_one_based_positions(void **state)
{
	struct loaded l = load("version: 1\nusers:\n  - name: alice\n  -   name: bob\n"
			       "groups:\n  - name: g\n    add: [alice, S-1-5-32-544]\n");

	(void)state;
	assert_int_equal(l.rc, 0);
	assert_string_equal(l.m->users[0].pos.file, "t.yaml");
	assert_int_equal(l.m->users[0].pos.line, 3);
	assert_int_equal(l.m->users[0].pos.col, 5);
	assert_int_equal(l.m->users[1].pos.line, 4);
	assert_int_equal(l.m->users[1].pos.col, 7);
	assert_int_equal(l.m->groups[0].members[1].pos.line, 7);
	assert_int_equal(l.m->groups[0].members[1].pos.col, 18);
	assert_string_equal(l.m->groups[0].members[1].sid, "S-1-5-32-544");
	assert_null(l.m->groups[0].members[1].name);
	unload(&l);
}

static void test_yaml__suggests_keys_within_two_edits(void **state)
{
	struct loaded l = load("version: 1\nusers:\n  - name: a\n    fulname: x\n    xyzzy: 1\n"
			       "    pasword_never_expire: true\n");

	(void)state;
	assert_int_equal(l.rc, -1);
	assert_int_equal(l.d.n, 3);
	assert_string_equal(l.d.v[0].msg, "unknown key 'fulname' in a user; did you mean 'full_name'?");
	assert_non_null(strstr(l.d.v[1].msg, "unknown key 'xyzzy'"));
	assert_null(strstr(l.d.v[1].msg, "did you mean"));
	assert_string_equal(l.d.v[2].msg,
			    "unknown key 'pasword_never_expire' in a user; did you mean 'password_never_expires'?");
	unload(&l);
}

static void test_yaml__reports_every_error_not_only_the_first(void **state)
{
	struct loaded l = load("version: 1\nusers:\n  - name: a/b\n  - name: ok\n    expires: 2025-02-30\n"
			       "  - name: OK\n    action: nope\n");

	(void)state;
	assert_int_equal(l.d.n_errors, 4);
	assert_int_equal(l.d.v[0].line, 3);
	assert_int_equal(l.d.v[1].line, 4);
	assert_int_equal(l.d.v[2].line, 6);
	assert_int_equal(l.d.v[3].line, 7);
	unload(&l);
}

static void test_yaml__exact_members_means_both_delete_all(void **state)
{
	struct loaded l = load("version: 1\ngroups:\n  - name: g\n    members: [a, b]\n");

	(void)state;
	assert_int_equal(l.rc, 0);
	assert_true(l.m->groups[0].exact);
	assert_true(l.m->groups[0].delete_all_users);
	assert_true(l.m->groups[0].delete_all_groups);
	assert_int_equal(l.m->groups[0].n_members, 2);
	assert_int_equal(l.m->groups[0].members[1].action, MEM_ADD);
	unload(&l);
}

static void test_yaml__errors_never_quote_a_password(void **state)
{
	struct loaded l = load("version: 1\nusers:\n  - name: a\n    password: Hunter2Secret\n"
			       "  - name: b\n    password: {literal: Hunter2Secret}\n"
			       "  - name: c\n    password: {literal: [Hunter2Secret]}\n"
			       "  - name: d\n    password: {literal: Hunter2Secret, env: X, "
			       "i_understand_this_is_plaintext: true}\n");

	(void)state;
	assert_true(l.d.n_errors >= 4);
	for (size_t i = 0; i < l.d.n; i++)
		assert_null(strstr(l.d.v[i].msg, "Hunter2"));
	unload(&l);
}

/* A model stating every field, with strings YAML could misread. */
static struct model *every_field(void)
{
	struct model *m = model_new();
	const char *f = model_intern(m, "made.yaml");
	struct m_user *u = model_add_user(m);
	struct m_group *g;
	struct m_member *mb;

	u->pos.file = f;
	u->name = strdup("alice");
	u->action = M_UPDATE;
	u->new_name = strdup("Alice2");
	u->full_name = strdup("null");
	u->description = strdup("");
	u->usr_comment = strdup("line 1\nline 2: with colon\t# and hash");
	u->password.kind = PW_FILE;
	u->password.ref = strdup("/run/secrets/alice pw");
	u->password_update = PWU_ON_CREATE;
	u->must_change_password = M_FALSE;
	u->cannot_change_password = M_TRUE;
	u->password_never_expires = M_TRUE;
	u->disabled = M_FALSE;
	u->expires.kind = EXP_DATE;
	u->expires.year = 2031;
	u->expires.month = 1;
	u->expires.day = 9;
	u->home_dir = strdup("\\\\srv\\home\\alice");
	u->logon_script = strdup("'quoted'.cmd");
	u->profile = strdup("~");
	m_user_add_group(u, "Users");
	m_user_add_group(u, "Remote Desktop Users");
	u->builtin = BUILTIN_NONE;
	u->override_protection = true;
	u = model_add_user(m);
	u->pos.file = f;
	u->name = strdup("Gast");
	u->builtin = BUILTIN_GUEST;
	u->action = M_REPLACE;
	u->password.kind = PW_ENV;
	u->password.ref = strdup("GAST_PW");
	u->expires.kind = EXP_NEVER;
	u = model_add_user(m);
	u->pos.file = f;
	u->name = strdup("true");
	u->action = M_DELETE;
	g = model_add_group(m);
	g->pos.file = f;
	g->sid = strdup("S-1-5-32-551");
	g->description = strdup("- starts like a list");
	g->delete_all_users = true;
	mb = m_group_add_member(g);
	mb->name = strdup("S-looks-like-a-sid");
	mb = m_group_add_member(g);
	mb->sid = strdup("S-1-5-21-1-2-3-500");
	mb->action = MEM_REMOVE;
	mb = m_group_add_member(g);
	mb->name = strdup("DOM\\x");
	mb->sid = strdup("S-1-5-21-1-2-3-501");
	g = model_add_group(m);
	g->pos.file = f;
	g->name = strdup("exact");
	g->action = M_CREATE;
	g->exact = g->delete_all_users = g->delete_all_groups = true;
	g->override_protection = true;
	g = model_add_group(m);
	g->pos.file = f;
	g->name = strdup("old");
	g->new_name = strdup("new");
	m->policy.unmanaged = UNMANAGED_REPORT;
	m_policy_add_protected(&m->policy, "Administrator");
	m_policy_add_protected(&m->policy, "[x]");
	return m;
}

static void test_yaml__write_then_read_gives_the_same_model(void **state)
{
	struct model *a = every_field();
	struct strbuf out = STRBUF_INIT;
	struct acc_error err = { 0 };
	struct loaded l;
	char why[256];

	(void)state;
	sb_init(&out);
	assert_int_equal(yaml_write(a, &out, NULL, &err), 0);
	l = load(out.buf);
	if (l.rc != 0)
		fail_msg("%s\n%s", l.d.n ? l.d.v[0].msg : err.msg, out.buf);
	if (!model_equal(a, l.m, why, sizeof(why)))
		fail_msg("%s\n%s", why, out.buf);
	unload(&l);
	sb_release(&out);
	model_free(a);
}

static void test_yaml__writer_turns_secrets_into_env_references(void **state)
{
	struct model *a = model_new();
	struct formats_pw_refs refs = FORMATS_PW_REFS_INIT;
	struct strbuf out = STRBUF_INIT;
	struct acc_error err = { 0 };
	struct m_user *u;
	struct loaded l;
	char why[256];

	(void)state;
	u = model_add_user(a);
	u->name = strdup("alice.b");
	u->password.kind = PW_LITERAL;
	u->password.ref = strdup("PlainSecret1");
	u = model_add_user(a);
	u->name = strdup("alice_b");
	u->password.kind = PW_CPASSWORD;
	u->password.ref = strdup("j1Uyj3Vx8TY9LtLZil2uAuZkFQA/4latT76ZwgdHdhw");
	u = model_add_user(a);
	u->name = strdup("carol");
	u->password.kind = PW_ENV;
	u->password.ref = strdup("CAROL");
	sb_init(&out);
	assert_int_equal(yaml_write(a, &out, &refs, &err), 0);
	assert_null(strstr(out.buf, "PlainSecret1"));
	assert_null(strstr(out.buf, "j1Uyj3Vx8TY9"));
	assert_int_equal(refs.n, 2);
	assert_string_equal(refs.v[0].var, "ACCORD_PW_ALICE_B");
	assert_string_equal(refs.v[0].account, "alice.b");
	assert_int_equal(refs.v[0].was, PW_LITERAL);
	assert_string_equal(refs.v[1].var, "ACCORD_PW_ALICE_B_2");
	assert_int_equal(refs.v[1].was, PW_CPASSWORD);
	assert_non_null(strstr(out.buf, "{env: ACCORD_PW_ALICE_B_2}"));
	assert_non_null(strstr(out.buf, "#   ACCORD_PW_ALICE_B  (password of alice.b)"));
	l = load(out.buf);
	assert_int_equal(l.rc, 0);
	formats_pw_refs_apply(a, &refs);
	assert_int_equal(a->users[0].password.kind, PW_ENV);
	if (!model_equal(a, l.m, why, sizeof(why)))
		fail_msg("%s", why);
	unload(&l);
	sb_release(&out);
	formats_pw_refs_release(&refs);
	model_free(a);
}

static void test_yaml__writer_failure_leaves_outputs_untouched(void **state)
{
	struct model *a = model_new();
	struct formats_pw_refs refs = FORMATS_PW_REFS_INIT;
	struct strbuf out = STRBUF_INIT;
	struct acc_error err = { 0 };
	struct m_user *u = model_add_user(a);

	(void)state;
	u->name = strdup("x");
	u->password.kind = PW_LITERAL;
	u->password.ref = strdup("p");
	u->expires.kind = EXP_DATE;
	u->expires.year = 123456;
	sb_init(&out);
	assert_int_equal(yaml_write(a, &out, &refs, &err), -1);
	assert_int_equal(out.len, 0);
	assert_int_equal(refs.n, 0);
	assert_non_null(strstr(err.msg, "YYYY-MM-DD"));
	sb_release(&out);
	formats_pw_refs_release(&refs);
	model_free(a);
}

/* An example file loads with no error, the warnings and the items stated. */
static void assert_example(const char *path, size_t warnings, size_t users, size_t groups)
{
	struct model *m = model_new();
	struct diags d = DIAGS_INIT;
	struct acc_error err = { 0 };

	assert_int_equal(formats_load(path, FORMAT_AUTO, m, &d, &err), 0);
	assert_int_equal(d.n_errors, 0);
	assert_int_equal(d.n, warnings);
	assert_int_equal(m->n_users, users);
	assert_int_equal(m->n_groups, groups);
	model_free(m);
	diags_release(&d);
}

static void test_yaml__reference_example_is_valid_and_complete(void **state)
{
	(void)state;
	/* the literal and the cpassword warnings */
	assert_example(ACCORD_EXAMPLES "/reference.yaml", 2, 7, 5);
}

static void test_yaml__applicable_example_is_valid(void **state)
{
	(void)state;
	/* the cpassword warning (MS14-025) */
	assert_example(ACCORD_EXAMPLES "/users.yaml", 1, 5, 0);
}

static void test_yaml__unreadable_file_is_an_error_not_a_diag(void **state)
{
	struct model *m = model_new();
	struct diags d = DIAGS_INIT;
	struct acc_error err = { 0 };

	(void)state;
	assert_int_equal(formats_load("/nonexistent/x.yaml", FORMAT_AUTO, m, &d, &err), -1);
	assert_int_equal(err.code, ACC_EIO);
	assert_int_equal(d.n, 0);
	model_free(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_yaml__detect_xml_by_first_character),
		cmocka_unit_test(test_yaml__left_out_fields_stay_unset),
		cmocka_unit_test(test_yaml__empty_string_sets_empty),
		cmocka_unit_test(test_yaml__items_remember_one_based_positions),
		cmocka_unit_test(test_yaml__suggests_keys_within_two_edits),
		cmocka_unit_test(test_yaml__reports_every_error_not_only_the_first),
		cmocka_unit_test(test_yaml__exact_members_means_both_delete_all),
		cmocka_unit_test(test_yaml__errors_never_quote_a_password),
		cmocka_unit_test(test_yaml__write_then_read_gives_the_same_model),
		cmocka_unit_test(test_yaml__writer_turns_secrets_into_env_references),
		cmocka_unit_test(test_yaml__writer_failure_leaves_outputs_untouched),
		cmocka_unit_test(test_yaml__reference_example_is_valid_and_complete),
		cmocka_unit_test(test_yaml__applicable_example_is_valid),
		cmocka_unit_test(test_yaml__unreadable_file_is_an_error_not_a_diag),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
