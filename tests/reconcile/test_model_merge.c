/* test_model_merge.c: several desired-state files in order (model_merge):
 * which item is the same account, which field wins, what is a conflict
 * and where it says each value came from. Models are built in memory as
 * the readers fill them. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "diag.h"
#include "model.h"
#include "model_merge.h"
#include "strbuf.h"
#include "xalloc.h"

#include <locale.h>
#include <stdlib.h>
#include <string.h>

static struct model *file_model(const char *file)
{
	struct model *m = model_new();

	model_intern(m, file);
	return m;
}

static struct src_pos at(struct model *m, const char *file, unsigned line)
{
	return (struct src_pos){ model_intern(m, file), line, 5 };
}

static struct m_user *user(struct model *m, const char *file, unsigned line, const char *name)
{
	struct m_user *u = model_add_user(m);

	u->pos = at(m, file, line);
	u->name = xstrdup(name);
	return u;
}

static struct m_group *group(struct model *m, const char *file, unsigned line, const char *name,
			     const char *sid)
{
	struct m_group *g = model_add_group(m);

	g->pos = at(m, file, line);
	g->name = xstrdup(name);
	g->sid = xstrdup(sid);
	return g;
}

static void member(struct model *m, struct m_group *g, unsigned line, const char *name,
		   enum m_member_action act)
{
	struct m_member *mb = m_group_add_member(g);

	mb->pos = at(m, g->pos.file, line);
	mb->name = xstrdup(name);
	mb->action = act;
}

static void assert_side(const struct m_conflict_side *s, const char *file, unsigned line,
			const char *value)
{
	assert_string_equal(s->file, file);
	assert_int_equal(s->line, line);
	if (value)
		assert_string_equal(s->value, value);
	else
		assert_null(s->value);
}

static char *line_of(const struct m_conflict *c)
{
	struct strbuf sb = STRBUF_INIT;

	sb_init(&sb);
	m_conflict_format(c, &sb);
	return sb_detach(&sb);
}

static void test_merge__later_file_wins_per_field_and_unstated_fields_stay(void **state)
{
	struct model *base = file_model("base.yaml"), *host = file_model("host.xml");
	struct m_conflicts c = M_CONFLICTS_INIT;
	struct m_user *u;
	char *text;

	(void)state;
	u = user(base, "base.yaml", 3, "alice");
	u->full_name = xstrdup("Alice Base");
	u->description = xstrdup("A");
	u->home_dir = xstrdup("\\\\srv\\alice");
	u->disabled = M_FALSE;
	u = user(host, "host.xml", 7, "alice");
	u->description = xstrdup("B");
	u->full_name = xstrdup("Alice Base");  /* the same value: no conflict */
	u->disabled = M_TRUE;
	model_merge(base, host, &c);
	model_free(host);  /* base owns what it took */
	assert_int_equal(base->n_users, 1);
	u = &base->users[0];
	assert_string_equal(u->description, "B");
	assert_string_equal(u->full_name, "Alice Base");
	assert_string_equal(u->home_dir, "\\\\srv\\alice");
	assert_int_equal(u->disabled, M_TRUE);
	assert_string_equal(u->pos.file, "host.xml");  /* the latest item */
	assert_int_equal(u->pos.line, 7);
	assert_int_equal(c.n, 2);
	assert_string_equal(c.v[0].kind, "user");
	assert_string_equal(c.v[0].account, "alice");
	assert_string_equal(c.v[0].field, "description");
	assert_false(c.v[0].sensitive);
	assert_side(&c.v[0].was, "base.yaml", 3, "A");
	assert_side(&c.v[0].now, "host.xml", 7, "B");
	assert_string_equal(c.v[1].field, "disabled");
	assert_side(&c.v[1].was, "base.yaml", 3, "false");
	assert_side(&c.v[1].now, "host.xml", 7, "true");
	text = line_of(&c.v[0]);
	assert_string_equal(text, "user \"alice\" description: base.yaml:3:5 \"A\" overridden by "
			    "host.xml:7:5 \"B\"");
	free(text);
	m_conflicts_release(&c);
	model_free(base);
}

static void test_merge__names_compare_case_insensitively(void **state)
{
	struct model *a = file_model("a.yaml"), *b = file_model("b.yaml");
	struct m_conflicts c = M_CONFLICTS_INIT;

	(void)state;
	user(a, "a.yaml", 1, "Alice")->full_name = xstrdup("A");
	user(b, "b.yaml", 1, "ALICE")->usr_comment = xstrdup("c");
	user(b, "b.yaml", 2, "bob");
	model_merge(a, b, &c);
	assert_int_equal(a->n_users, 2);
	assert_string_equal(a->users[0].name, "Alice");  /* the first spelling stays */
	assert_string_equal(a->users[0].full_name, "A");
	assert_string_equal(a->users[0].usr_comment, "c");
	assert_string_equal(a->users[1].name, "bob");
	assert_string_equal(a->users[1].pos.file, "b.yaml");
	assert_int_equal(c.n, 0);
	m_conflicts_release(&c);
	model_free(a);
	model_free(b);
}

static void test_merge__builtin_account_is_found_by_rid_whatever_its_name(void **state)
{
	struct model *a = file_model("a.xml"), *b = file_model("b.xml"), *c3 = file_model("c.yaml");
	struct m_conflicts c = M_CONFLICTS_INIT;
	struct m_user *u;

	(void)state;
	u = user(a, "a.xml", 1, "Administrator");
	u->builtin = BUILTIN_ADMIN;
	u->new_name = xstrdup("root-admin");
	u = user(b, "b.xml", 1, "Admin");
	u->builtin = BUILTIN_ADMIN;
	u->description = xstrdup("managed");
	/* without the RID, a name is only a name: only the server knows
	 * whether "admin" is RID 500 (the diff refuses two items for one) */
	user(c3, "c.yaml", 1, "admin")->disabled = M_FALSE;
	model_merge(a, b, &c);
	model_merge(a, c3, &c);
	assert_int_equal(a->n_users, 2);
	assert_string_equal(a->users[0].name, "Administrator");
	assert_int_equal(a->users[0].builtin, BUILTIN_ADMIN);
	assert_string_equal(a->users[0].new_name, "root-admin");
	assert_string_equal(a->users[0].description, "managed");
	assert_int_equal(a->users[0].disabled, M_UNSET);
	assert_string_equal(a->users[1].name, "admin");
	assert_int_equal(c.n, 0);
	m_conflicts_release(&c);
	model_free(a);
	model_free(b);
	model_free(c3);
}

static void test_merge__password_conflict_keeps_only_positions(void **state)
{
	struct model *a = file_model("a.yaml"), *b = file_model("b.xml");
	struct m_conflicts c = M_CONFLICTS_INIT;
	struct m_user *u;
	char *text;

	(void)state;
	u = user(a, "a.yaml", 4, "alice");
	u->password = (struct m_password){ PW_LITERAL, xstrdup("Old-S3cret!") };
	u->password_update = PWU_ON_CREATE;
	u = user(b, "b.xml", 9, "alice");
	u->password = (struct m_password){ PW_CPASSWORD, xstrdup("New-S3cret!") };
	model_merge(a, b, &c);
	assert_int_equal(a->users[0].password.kind, PW_CPASSWORD);
	assert_string_equal(a->users[0].password.ref, "New-S3cret!");
	/* when to set it goes with the password that won */
	assert_int_equal(a->users[0].password_update, PWU_ENFORCE);
	assert_int_equal(c.n, 1);
	assert_string_equal(c.v[0].field, "password");
	assert_true(c.v[0].sensitive);
	assert_side(&c.v[0].was, "a.yaml", 4, NULL);
	assert_side(&c.v[0].now, "b.xml", 9, NULL);
	text = line_of(&c.v[0]);
	assert_null(strstr(text, "S3cret"));
	assert_string_equal(text, "user \"alice\" password: a.yaml:4:5 overridden by b.xml:9:5 "
			    "(values not shown)");
	free(text);
	m_conflicts_release(&c);
	model_free(a);
	model_free(b);
}

/* A file that states another field must not hide where the first stated
 * the one a third file overrides. */
static void test_merge__third_file_conflict_names_the_file_that_stated_the_field(void **state)
{
	struct model *a = file_model("a.yaml"), *b = file_model("b.xml"), *d = file_model("d.yaml");
	struct m_conflicts c = M_CONFLICTS_INIT;

	(void)state;
	user(a, "a.yaml", 2, "alice")->description = xstrdup("first");
	user(b, "b.xml", 5, "alice")->full_name = xstrdup("Alice");
	user(d, "d.yaml", 8, "alice")->description = xstrdup("third");
	model_merge(a, b, &c);
	model_merge(a, d, &c);
	assert_int_equal(c.n, 1);
	assert_side(&c.v[0].was, "a.yaml", 2, "first");
	assert_side(&c.v[0].now, "d.yaml", 8, "third");
	assert_string_equal(a->users[0].full_name, "Alice");
	m_conflicts_release(&c);
	model_free(a);
	model_free(b);
	model_free(d);
}

static void test_merge__action_always_comes_from_the_later_item(void **state)
{
	struct model *a = file_model("a.yaml"), *b = file_model("b.xml");
	struct m_conflicts c = M_CONFLICTS_INIT;
	struct diags d = DIAGS_INIT;
	struct m_user *u;

	(void)state;
	u = user(a, "a.yaml", 1, "bob");
	u->full_name = xstrdup("Bob");
	u->new_name = xstrdup("robert");
	m_user_add_group(u, "Staff");
	user(b, "b.xml", 3, "bob")->action = M_DELETE;
	model_merge(a, b, &c);
	assert_int_equal(a->users[0].action, M_DELETE);
	/* none of what the earlier file said of bob would be applied */
	assert_null(a->users[0].full_name);
	assert_null(a->users[0].new_name);
	assert_int_equal(a->users[0].n_groups, 0);
	assert_int_equal(model_validate(a, &d), 0);
	diags_release(&d);
	assert_int_equal(c.n, 1);
	assert_string_equal(c.v[0].field, "action");
	assert_side(&c.v[0].was, "a.yaml", 1, "update");
	assert_side(&c.v[0].now, "b.xml", 3, "delete");
	m_conflicts_release(&c);
	model_free(a);
	model_free(b);
}

static void test_merge__expiry_and_user_groups(void **state)
{
	struct model *a = file_model("a.yaml"), *b = file_model("b.yaml");
	struct m_conflicts c = M_CONFLICTS_INIT;
	struct m_user *u;

	(void)state;
	u = user(a, "a.yaml", 1, "carol");
	u->expires = (struct m_expiry){ EXP_DATE, 2030, 6, 30 };
	m_user_add_group(u, "Staff");
	u = user(b, "b.yaml", 1, "carol");
	u->expires = (struct m_expiry){ EXP_NEVER, 0, 0, 0 };
	m_user_add_group(u, "STAFF");
	m_user_add_group(u, "Printers");
	model_merge(a, b, &c);
	u = &a->users[0];
	assert_int_equal(u->expires.kind, EXP_NEVER);
	assert_int_equal(u->n_groups, 2);  /* a union, names case-insensitively */
	assert_string_equal(u->groups[0], "Staff");
	assert_string_equal(u->groups[1], "Printers");
	assert_int_equal(c.n, 1);
	assert_side(&c.v[0].was, "a.yaml", 1, "2030-06-30");
	assert_side(&c.v[0].now, "b.yaml", 1, "never");
	m_conflicts_release(&c);
	model_free(a);
	model_free(b);
}

static void test_merge__group_by_sid_whatever_its_name_else_by_name(void **state)
{
	struct model *a = file_model("a.xml"), *b = file_model("b.xml");
	struct m_conflicts c = M_CONFLICTS_INIT;
	struct diags d = DIAGS_INIT;

	(void)state;
	group(a, "a.xml", 1, "Administrators", "S-1-5-32-544")->description = xstrdup("x");
	group(a, "a.xml", 2, "Staff", NULL);
	/* the same group in another language */
	group(b, "b.xml", 1, "Administratoren", "s-1-5-32-544");
	/* by name: the later file adds the SID */
	group(b, "b.xml", 2, "STAFF", "S-1-5-21-1-2-3-1010");
	model_merge(a, b, &c);
	assert_int_equal(a->n_groups, 2);
	assert_string_equal(a->groups[0].name, "Administrators");
	assert_string_equal(a->groups[0].description, "x");
	assert_string_equal(a->groups[1].sid, "S-1-5-21-1-2-3-1010");
	assert_int_equal(c.n, 0);
	model_free(b);
	/* the same name with another SID is another group: refused as a whole */
	b = file_model("c.xml");
	group(b, "c.xml", 4, "Staff", "S-1-5-21-1-2-3-1099");
	model_merge(a, b, &c);
	assert_int_equal(a->n_groups, 3);
	assert_true(model_validate(a, &d) > 0);
	diags_release(&d);
	m_conflicts_release(&c);
	model_free(a);
	model_free(b);
}

static void test_merge__members_add_up_and_the_later_action_wins(void **state)
{
	struct model *a = file_model("a.yaml"), *b = file_model("b.xml");
	struct m_conflicts c = M_CONFLICTS_INIT;
	struct m_group *g;

	(void)state;
	g = group(a, "a.yaml", 1, "Staff", NULL);
	member(a, g, 2, "alice", MEM_ADD);
	member(a, g, 3, "bob", MEM_ADD);
	g = group(b, "b.xml", 5, "staff", NULL);
	member(b, g, 6, "BOB", MEM_REMOVE);
	member(b, g, 7, "carol", MEM_ADD);
	member(b, g, 8, "alice", MEM_ADD);
	model_merge(a, b, &c);
	g = &a->groups[0];
	assert_int_equal(g->n_members, 3);
	assert_string_equal(g->members[0].name, "alice");
	assert_int_equal(g->members[0].action, MEM_ADD);
	assert_string_equal(g->members[1].name, "bob");
	assert_int_equal(g->members[1].action, MEM_REMOVE);
	assert_string_equal(g->members[1].pos.file, "b.xml");
	assert_string_equal(g->members[2].name, "carol");
	assert_int_equal(c.n, 1);
	assert_string_equal(c.v[0].kind, "group");
	assert_string_equal(c.v[0].account, "Staff");
	assert_string_equal(c.v[0].field, "member BOB");
	assert_side(&c.v[0].was, "a.yaml", 3, "add");
	assert_side(&c.v[0].now, "b.xml", 6, "remove");
	m_conflicts_release(&c);
	model_free(a);
	model_free(b);
}

/* A later GPO that empties the group first leaves nothing of the earlier
 * list; an earlier exact list takes the later additions and removals. */
static void test_merge__exact_or_remove_all_list_replaces_the_earlier_one(void **state)
{
	struct model *a = file_model("a.yaml"), *b = file_model("b.xml"), *d = file_model("d.yaml");
	struct m_conflicts c = M_CONFLICTS_INIT;
	struct m_group *g;

	(void)state;
	g = group(a, "a.yaml", 1, "Staff", NULL);
	member(a, g, 2, "alice", MEM_ADD);
	member(a, g, 3, "dave", MEM_REMOVE);
	g = group(b, "b.xml", 4, "Staff", NULL);
	g->exact = g->delete_all_users = g->delete_all_groups = true;
	member(b, g, 5, "bob", MEM_ADD);
	member(b, g, 6, "carol", MEM_ADD);
	model_merge(a, b, &c);
	g = &a->groups[0];
	assert_true(g->exact);
	assert_int_equal(g->n_members, 2);
	assert_string_equal(g->members[0].name, "bob");
	assert_int_equal(c.n, 1);
	assert_string_equal(c.v[0].field, "members");
	assert_side(&c.v[0].was, "a.yaml", 1, "add alice, remove dave");
	assert_side(&c.v[0].now, "b.xml", 4, "exactly bob, carol");
	g = group(d, "d.yaml", 9, "Staff", NULL);
	member(d, g, 10, "carol", MEM_REMOVE);
	member(d, g, 11, "erin", MEM_ADD);
	model_merge(a, d, &c);
	g = &a->groups[0];
	assert_true(g->exact);
	assert_int_equal(g->n_members, 2);  /* carol removed from the exact list */
	assert_string_equal(g->members[0].name, "bob");
	assert_string_equal(g->members[1].name, "erin");
	assert_int_equal(c.n, 2);
	assert_string_equal(c.v[1].field, "member carol");
	m_conflicts_release(&c);
	model_free(a);
	model_free(b);
	model_free(d);
}

static void test_merge__policy_stated_later_wins_and_protected_lists_unite(void **state)
{
	struct model *a = file_model("a.yaml"), *b = file_model("b.xml"), *d = file_model("d.yaml");
	struct m_conflicts c = M_CONFLICTS_INIT;

	(void)state;
	a->policy.unmanaged = UNMANAGED_DELETE;
	a->policy.unmanaged_pos = at(a, "a.yaml", 2);
	m_policy_add_protected(&a->policy, "Administrator");
	/* a Groups.xml states no policy */
	model_merge(a, b, &c);
	assert_int_equal(a->policy.unmanaged, UNMANAGED_DELETE);
	m_policy_add_protected(&d->policy, "administrator");
	m_policy_add_protected(&d->policy, "svc-backup");
	d->policy.unmanaged = UNMANAGED_REPORT;
	d->policy.unmanaged_pos = at(d, "d.yaml", 3);
	model_merge(a, d, &c);
	assert_int_equal(a->policy.unmanaged, UNMANAGED_REPORT);
	assert_int_equal(a->policy.n_protected, 2);
	assert_string_equal(a->policy.protected_accounts[1], "svc-backup");
	assert_int_equal(c.n, 1);
	assert_string_equal(c.v[0].kind, "policy");
	assert_null(c.v[0].account);
	assert_side(&c.v[0].was, "a.yaml", 2, "delete");
	assert_side(&c.v[0].now, "d.yaml", 3, "report");
	m_conflicts_release(&c);
	model_free(a);
	model_free(b);
	model_free(d);
}

/* Together the files may say what neither says alone. */
static void test_merge__merged_model_is_checked_as_a_whole(void **state)
{
	struct model *a = file_model("a.yaml"), *b = file_model("b.xml");
	struct m_conflicts c = M_CONFLICTS_INIT;
	struct diags d = DIAGS_INIT;

	(void)state;
	user(a, "a.yaml", 1, "alice");
	user(b, "b.xml", 1, "bob")->new_name = xstrdup("Alice");
	assert_int_equal(model_validate(a, &d), 0);
	assert_int_equal(model_validate(b, &d), 0);
	model_merge(a, b, &c);
	assert_int_equal(model_validate(a, &d), 1);
	assert_string_equal(d.v[0].file, "b.xml");
	/* the other item is in another file: the message names it */
	assert_string_equal(d.v[0].msg, "user 'bob' is renamed to 'Alice', the name of user "
			    "'alice' at a.yaml:1:5");
	diags_release(&d);
	m_conflicts_release(&c);
	model_free(a);
	model_free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_merge__later_file_wins_per_field_and_unstated_fields_stay),
		cmocka_unit_test(test_merge__names_compare_case_insensitively),
		cmocka_unit_test(test_merge__builtin_account_is_found_by_rid_whatever_its_name),
		cmocka_unit_test(test_merge__password_conflict_keeps_only_positions),
		cmocka_unit_test(test_merge__third_file_conflict_names_the_file_that_stated_the_field),
		cmocka_unit_test(test_merge__action_always_comes_from_the_later_item),
		cmocka_unit_test(test_merge__expiry_and_user_groups),
		cmocka_unit_test(test_merge__group_by_sid_whatever_its_name_else_by_name),
		cmocka_unit_test(test_merge__members_add_up_and_the_later_action_wins),
		cmocka_unit_test(test_merge__exact_or_remove_all_list_replaces_the_earlier_one),
		cmocka_unit_test(test_merge__policy_stated_later_wins_and_protected_lists_unite),
		cmocka_unit_test(test_merge__merged_model_is_checked_as_a_whole),
	};

	setlocale(LC_ALL, "C.UTF-8");
	return cmocka_run_group_tests_name("model_merge", tests, NULL, NULL);
}
