/* test_state_plans.c: saving, loading and listing plans. */
#include "state_helpers.h"
#include "test_state_groups.h"

#include "xalloc.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void assert_str_same(const char *a, const char *b)
{
	if (!a || !b)
		assert_ptr_equal(a, b);  /* NULL stays NULL, "" stays "" */
	else
		assert_string_equal(a, b);
}

static void assert_user_same(const struct nu_user *a, const struct nu_user *b)
{
	assert_str_same(a->name, b->name);
	assert_int_equal(a->rid, b->rid);
	assert_str_same(a->sid, b->sid);
	assert_str_same(a->full_name, b->full_name);
	assert_str_same(a->comment, b->comment);
	assert_str_same(a->usr_comment, b->usr_comment);
	assert_int_equal(a->flags, b->flags);
	assert_int_equal(a->acct_expires, b->acct_expires);
	assert_int_equal(a->password_expired, b->password_expired);
	assert_int_equal(a->password_age, b->password_age);
	assert_int_equal(a->priv, b->priv);
	assert_str_same(a->home_dir, b->home_dir);
	assert_str_same(a->script_path, b->script_path);
	assert_str_same(a->profile, b->profile);
	assert_int_equal(a->last_logon, b->last_logon);
	assert_int_equal(a->known, b->known);
}

static void assert_op_same(const struct plan_op *a, const struct plan_op *b)
{
	assert_int_equal(a->id, b->id);
	assert_int_equal(a->kind, b->kind);
	assert_str_same(a->account, b->account);
	assert_str_same(a->new_name, b->new_name);
	assert_str_same(a->group, b->group);
	assert_str_same(a->member_sid, b->member_sid);
	assert_str_same(a->member_name, b->member_name);
	assert_int_equal(a->mask, b->mask);
	assert_user_same(&a->before, &b->before);
	assert_user_same(&a->after, &b->after);
	assert_int_equal(a->rid, b->rid);
	assert_int_equal(a->pw_kind, b->pw_kind);
	assert_str_same(a->pw_ref, b->pw_ref);
	assert_str_same(a->pw_fingerprint, b->pw_fingerprint);
	assert_int_equal(a->depends_on, b->depends_on);
	assert_str_same(a->reason, b->reason);
	assert_str_same(a->src_file, b->src_file);
	assert_int_equal(a->src_line, b->src_line);
	assert_int_equal(a->src_col, b->src_col);
	assert_int_equal(a->must_change, b->must_change);
	assert_int_equal(a->must_change_at, b->must_change_at);
}

static const char plan_text[] =
	"  + create alice\n      full_name: \"Alice \\\"A\\\"\"\n  ~ update bob\n"
	"\nPlan: 1 to add, 1 to change, 0 to destroy.\n";
static const char plan_json[] = "{\"ops\":[{\"kind\":\"create\",\"account\":\"alice\"}],"
	"\"note\":\"ünïcode\\u0000\"}";

static void test_plans__round_trip_keeps_every_field(void **state)
{
	struct store *s = state_open(state_path(0, "state.db"));
	struct store_plan_text text = { "users:\n  - name: alice\n", plan_text, plan_json };
	struct plan *p = state_sample_plan("dc1.example.org", 23);
	struct store_plan_record *r = NULL;
	struct acc_error err = { 0 };
	struct nu_user snaps[2] = { 0 };

	(void)state;
	snaps[0] = p->ops[1].before;   /* shallow: the plan keeps ownership */
	snaps[1] = p->ops[2].after;
	assert_int_equal(store_plan_save(s, p, &text, snaps, 2, &err), 0);
	assert_string_equal(p->id, "P-1");
	assert_int_equal(store_plan_load(s, p->id, &r, &err), 0);
	assert_int_equal(r->status, STORE_PLAN_PLANNED);
	assert_string_equal(r->text, plan_text);
	assert_string_equal(r->json, plan_json);
	assert_string_equal(r->model, text.model);
	assert_string_equal(r->plan->id, "P-1");
	assert_string_equal(r->plan->server, p->server);
	assert_int_equal(r->plan->n_sources, 1);
	assert_string_equal(r->plan->sources[0], p->sources[0]);
	assert_string_equal(r->plan->source_sha256, p->source_sha256);
	assert_int_equal(r->plan->created_at, p->created_at);
	assert_int_equal(r->plan->n_ops, p->n_ops);
	for (size_t i = 0; i < p->n_ops; i++)
		assert_op_same(&r->plan->ops[i], &p->ops[i]);
	assert_int_equal(r->plan->n_warnings, 2);
	assert_string_equal(r->plan->warnings[1], "second: détail");
	assert_int_equal(r->n_snapshots, 2);
	assert_user_same(&r->snapshots[0], &snaps[0]);  /* user1 < user2 */
	assert_user_same(&r->snapshots[1], &snaps[1]);
	store_plan_record_free(r);
	plan_free(p);
	store_close(s);
}

static void test_plans__ids_are_short_and_parse_leniently(void **state)
{
	struct store *s = state_open(state_path(0, "state.db"));
	struct store_plan_record *r = NULL;
	struct acc_error err = { 0 };
	char *latest = NULL;

	(void)state;
	for (int i = 1; i <= 3; i++) {
		struct plan *p = state_sample_plan("srv", 1);
		char want[8];

		assert_int_equal(store_plan_save(s, p, NULL, NULL, 0, &err), 0);
		snprintf(want, sizeof(want), "P-%d", i);
		assert_string_equal(p->id, want);
		plan_free(p);
	}
	assert_int_equal(store_plan_load(s, "p-2", &r, &err), 0);
	assert_string_equal(r->plan->id, "P-2");
	store_plan_record_free(r);
	assert_int_equal(store_plan_load(s, "3", &r, &err), 0);
	store_plan_record_free(r);
	r = NULL;
	assert_int_equal(store_plan_load(s, "P-99", &r, &err), -1);
	assert_int_equal(err.code, ACC_ENOTFOUND);
	assert_non_null(strstr(err.msg, "no plan P-99"));
	assert_int_equal(store_plan_load(s, "R-2", &r, &err), -1);
	assert_int_equal(err.code, ACC_EINVAL);
	assert_int_equal(store_plan_load(s, "P-", &r, &err), -1);
	assert_null(r);
	assert_int_equal(store_plan_latest(s, "srv", &latest, &err), 0);
	assert_string_equal(latest, "P-3");
	free(latest);
	assert_int_equal(store_plan_latest(s, "other", &latest, &err), -1);
	assert_int_equal(err.code, ACC_ENOTFOUND);
	store_close(s);
}

static void save_plan(struct store *s, const char *server, size_t n_ops)
{
	struct plan *p = state_sample_plan(server, n_ops);
	struct acc_error err = { 0 };

	if (store_plan_save(s, p, NULL, NULL, 0, &err) < 0)
		fail_msg("%s", err.msg);
	plan_free(p);
}

static void test_plans__list_newest_first_and_supersede(void **state)
{
	struct store *s = state_open(state_path(0, "state.db"));
	struct store_plan_summary *v = NULL;
	struct acc_error err = { 0 };
	size_t n = 0;

	(void)state;
	save_plan(s, "a", 10);  /* P-1: superseded by P-2 */
	save_plan(s, "a", 3);   /* P-2 */
	save_plan(s, "b", 1);   /* P-3 */
	save_plan(s, NULL, 1);  /* P-4, the local machine */
	assert_int_equal(store_plan_list(s, NULL, 0, &v, &n, &err), 0);
	assert_int_equal(n, 4);
	assert_string_equal(v[0].id, "P-4");
	assert_string_equal(v[0].server, "");
	assert_string_equal(v[3].id, "P-1");
	assert_int_equal(v[3].status, STORE_PLAN_SUPERSEDED);
	assert_int_equal(v[2].status, STORE_PLAN_PLANNED);
	assert_int_equal(v[1].status, STORE_PLAN_PLANNED);   /* other server: kept */
	/* 10 ops cycle through the kinds: create, replace / rename, update,
	 * group_add, group_remove, disable / replace, delete. */
	assert_int_equal(v[3].n_ops, 10);
	assert_int_equal(v[3].add, 2);
	assert_int_equal(v[3].change, 5);
	assert_int_equal(v[3].destroy, 2);
	assert_null(v[3].last_run);
	store_plan_summaries_free(v, n);
	assert_int_equal(store_plan_list(s, "a", 1, &v, &n, &err), 0);
	assert_int_equal(n, 1);
	assert_string_equal(v[0].id, "P-2");
	store_plan_summaries_free(v, n);
	store_close(s);
}

static void test_plans__secret_bearing_ops_are_refused(void **state)
{
	struct store *s = state_open(state_path(0, "state.db"));
	struct plan *p = state_sample_plan("srv", 4);
	struct store_plan_summary *v = NULL;
	struct acc_error err = { 0 };
	size_t n = 0;

	(void)state;
	p->ops[3].pw_kind = PW_LITERAL;
	free(p->ops[3].pw_ref);
	p->ops[3].pw_ref = xstrdup("Hunter2!");
	assert_int_equal(store_plan_save(s, p, NULL, NULL, 0, &err), -1);
	assert_int_equal(err.code, ACC_EINVAL);
	assert_null(strstr(err.msg, "Hunter2!"));
	free(p->ops[3].pw_ref);
	p->ops[3].pw_ref = NULL;
	free(p->ops[3].pw_fingerprint);
	p->ops[3].pw_fingerprint = xstrdup("Hunter2!Hunter2!Hunter2!");
	assert_int_equal(store_plan_save(s, p, NULL, NULL, 0, &err), -1);
	assert_null(strstr(err.msg, "Hunter2!"));
	assert_null(p->id);
	assert_int_equal(store_plan_list(s, NULL, 0, &v, &n, &err), 0);
	assert_int_equal(n, 0);
	store_plan_summaries_free(v, n);
	plan_free(p);
	store_close(s);
}

static void test_plans__save_and_load_10000_ops(void **state)
{
	struct store *s = state_open(state_path(0, "state.db"));
	struct plan *p = state_sample_plan("big", 10000);
	struct store_plan_record *r = NULL;
	struct acc_error err = { 0 };
	double t0, save_ms, load_ms;

	(void)state;
	t0 = state_ms();
	assert_int_equal(store_plan_save(s, p, NULL, NULL, 0, &err), 0);
	save_ms = state_ms() - t0;
	t0 = state_ms();
	assert_int_equal(store_plan_load(s, p->id, &r, &err), 0);
	load_ms = state_ms() - t0;
	assert_int_equal(r->plan->n_ops, 10000);
	assert_string_equal(r->plan->ops[9999].account, "user9999");
	/* a number to read, not a timed assertion: speed is the benchmarks' job */
	printf("# plan of 10000 ops: save %.1f ms, load %.1f ms\n", save_ms, load_ms);
	store_plan_record_free(r);
	plan_free(p);
	store_close(s);
}

/* The text names the plan's id, so it is set after saving; once the plan
 * is being applied it stays as the user saw it. */
static void test_plans__text_set_after_save_then_frozen(void **state)
{
	struct store *s = state_open(state_path(0, "state.db"));
	struct store_plan_text first = { "model", NULL, NULL };
	struct store_plan_text text = { NULL, "Plan P-1: 1 to add.\n", "{\"id\":\"P-1\"}" };
	struct store_plan_text late = { NULL, "changed", "{}" };
	struct plan *p = state_sample_plan("srv", 2);
	struct store_plan_record *r = NULL;
	struct acc_error err = { 0 };
	char *run = NULL;

	(void)state;
	assert_int_equal(store_plan_save(s, p, &first, NULL, 0, &err), 0);
	assert_int_equal(store_plan_set_text(s, p->id, &text, &err), 0);
	assert_int_equal(store_run_begin(s, p->id, &run, &err), 0);
	assert_int_equal(store_plan_set_text(s, p->id, &late, &err), -1);
	assert_int_equal(err.code, ACC_ENOTFOUND);
	assert_int_equal(store_plan_set_text(s, "P-9", &late, &err), -1);
	assert_int_equal(store_plan_load(s, p->id, &r, &err), 0);
	assert_int_equal(r->status, STORE_PLAN_APPLYING);
	assert_string_equal(r->model, "model");
	assert_string_equal(r->text, text.text);
	assert_string_equal(r->json, text.json);
	store_plan_record_free(r);
	free(run);
	plan_free(p);
	store_close(s);
}

static void add_conflict(struct plan *p, const char *field, bool sensitive, const char *was,
			 const char *now)
{
	struct m_conflict *c = m_conflicts_add(&p->conflicts, "user", "alice", field);

	c->sensitive = sensitive;
	c->was = (struct m_conflict_side){ xstrdup("base.yaml"), 3, 5, xstrdup(was) };
	c->now = (struct m_conflict_side){ xstrdup("host.xml"), 7, 3, xstrdup(now) };
}

static void test_plans__several_files_and_conflicts_round_trip(void **state)
{
	const char *path = state_path(0, "state.db");
	struct store *s = state_open(path);
	struct plan *p = state_sample_plan("srv", 2);
	struct store_plan_record *r = NULL;
	struct store_plan_summary *v = NULL;
	struct acc_error err = { 0 };
	struct sqlite3 *db;
	size_t n = 0;

	(void)state;
	plan_add_source(p, "host.xml");  /* after the helper's users.yaml */
	add_conflict(p, "description", false, "A", "B");
	/* a caller that wrongly filled a password's values: none reach the file */
	add_conflict(p, "password", true, "was-Secret1", "now-Secret2");
	if (store_plan_save(s, p, NULL, NULL, 0, &err) < 0)
		fail_msg("%s", err.msg);
	db = state_raw(path);
	assert_int_equal(state_raw_int(db, "SELECT count(*) FROM plan_conflicts WHERE field = "
				       "'password' AND was_value IS NULL AND now_value IS NULL"), 1);
	assert_int_equal(state_raw_int(db, "SELECT count(*) FROM plan_conflicts WHERE "
				       "was_value LIKE '%Secret%' OR now_value LIKE '%Secret%'"), 0);
	sqlite3_close(db);
	assert_int_equal(store_plan_load(s, p->id, &r, &err), 0);
	assert_int_equal(r->plan->n_sources, 2);
	assert_string_equal(r->plan->sources[0], "/etc/accord/users.yaml");
	assert_string_equal(r->plan->sources[1], "host.xml");
	assert_int_equal(r->plan->conflicts.n, 2);
	assert_string_equal(r->plan->conflicts.v[0].kind, "user");
	assert_string_equal(r->plan->conflicts.v[0].account, "alice");
	assert_string_equal(r->plan->conflicts.v[0].field, "description");
	assert_false(r->plan->conflicts.v[0].sensitive);
	assert_string_equal(r->plan->conflicts.v[0].was.file, "base.yaml");
	assert_int_equal(r->plan->conflicts.v[0].was.line, 3);
	assert_int_equal(r->plan->conflicts.v[0].was.col, 5);
	assert_string_equal(r->plan->conflicts.v[0].was.value, "A");
	assert_string_equal(r->plan->conflicts.v[0].now.file, "host.xml");
	assert_int_equal(r->plan->conflicts.v[0].now.line, 7);
	assert_string_equal(r->plan->conflicts.v[0].now.value, "B");
	assert_true(r->plan->conflicts.v[1].sensitive);
	assert_null(r->plan->conflicts.v[1].was.value);
	assert_null(r->plan->conflicts.v[1].now.value);
	store_plan_record_free(r);
	assert_int_equal(store_plan_list(s, NULL, 0, &v, &n, &err), 0);
	assert_int_equal(n, 1);
	assert_string_equal(v[0].source_path, "/etc/accord/users.yaml + host.xml");
	store_plan_summaries_free(v, n);
	/* a plan saved before plan_sources existed names its file in plans */
	db = state_raw(path);
	state_raw_exec(db, "DELETE FROM plan_sources");
	sqlite3_close(db);
	assert_int_equal(store_plan_load(s, p->id, &r, &err), 0);
	assert_int_equal(r->plan->n_sources, 1);
	assert_string_equal(r->plan->sources[0], "/etc/accord/users.yaml");
	store_plan_record_free(r);
	plan_free(p);
	store_close(s);
}

int state_plans_tests(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_plans__round_trip_keeps_every_field,
						state_dir_setup, state_dir_teardown),
		cmocka_unit_test_setup_teardown(test_plans__ids_are_short_and_parse_leniently,
						state_dir_setup, state_dir_teardown),
		cmocka_unit_test_setup_teardown(test_plans__list_newest_first_and_supersede,
						state_dir_setup, state_dir_teardown),
		cmocka_unit_test_setup_teardown(test_plans__secret_bearing_ops_are_refused,
						state_dir_setup, state_dir_teardown),
		cmocka_unit_test_setup_teardown(test_plans__text_set_after_save_then_frozen,
						state_dir_setup, state_dir_teardown),
		cmocka_unit_test_setup_teardown(test_plans__several_files_and_conflicts_round_trip,
						state_dir_setup, state_dir_teardown),
		cmocka_unit_test_setup_teardown(test_plans__save_and_load_10000_ops,
						state_dir_setup, state_dir_teardown),
	};

	return cmocka_run_group_tests_name("store_plans", tests, NULL, NULL);
}
