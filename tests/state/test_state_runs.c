/* test_state_runs.c: apply runs and results, committed one by one. */
#include "state_helpers.h"
#include "test_state_groups.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* Saves a plan of n ops on server and returns its id (caller frees). */
static char *saved_plan(struct store *s, const char *server, size_t n)
{
	struct plan *p = state_sample_plan(server, n);
	struct acc_error err = { 0 };
	char *id;

	if (store_plan_save(s, p, NULL, NULL, 0, &err) < 0)
		fail_msg("%s", err.msg);
	id = p->id;
	p->id = NULL;
	plan_free(p);
	return id;
}

static void record(struct store *s, const char *run, unsigned op, const char *status)
{
	struct store_result r = { .op_id = op, .status = status, .raw = 2221, .parm_err = 0,
				  .message = "netusersetinfo: user not found", .ms = 1.5,
				  .calls = 2 };
	struct acc_error err = { 0 };

	if (store_result_record(s, run, &r, &err) < 0)
		fail_msg("%s", err.msg);
}

static void test_runs__result_visible_to_another_connection_at_once(void **state)
{
	const char *path = state_path(0, "state.db");
	struct store *a = state_open(path), *b = state_open(path);
	struct store_run_summary *run = NULL;
	struct store_result_row *res = NULL;
	struct acc_error err = { 0 };
	char *plan = saved_plan(a, "srv", 3), *run_id = NULL;
	size_t n = 0;

	(void)state;
	assert_int_equal(store_run_begin(a, plan, &run_id, &err), 0);
	assert_string_equal(run_id, "R-1");
	record(a, run_id, 1, "ok");
	assert_int_equal(store_run_load(b, run_id, &run, &res, &n, &err), 0);
	assert_int_equal(n, 1);
	assert_int_equal(run->status, STORE_RUN_RUNNING);
	assert_int_equal(run->n_ok, 1);
	assert_string_equal(run->plan_id, plan);
	assert_int_equal(run->pid, (long)getpid());
	assert_string_equal(run->command, "accord");
	assert_int_equal(res[0].op_id, 1);
	assert_int_equal(res[0].raw, 2221);
	assert_int_equal(res[0].calls, 2);
	assert_string_equal(res[0].message, "netusersetinfo: user not found");
	store_run_summaries_free(run, 1);
	store_result_rows_free(res, n);
	free(plan);
	free(run_id);
	store_close(a);
	store_close(b);
}

/* The child records 3 results and dies before finishing the run: the
 * parent finds exactly those 3, the run still "running". */
static void test_runs__crash_keeps_recorded_results(void **state)
{
	const char *path = state_path(0, "state.db");
	struct store *s = state_open(path);
	struct store_run_summary *run = NULL;
	struct store_result_row *res = NULL;
	struct acc_error err = { 0 };
	char *plan = saved_plan(s, "srv", 5), *run_id = NULL;
	size_t n = 0;
	int status = 0;
	pid_t pid;

	(void)state;
	store_close(s);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		struct store *c = NULL;

		if (store_open(path, &c, &err) < 0 || store_run_begin(c, plan, &run_id, &err) < 0)
			_exit(1);
		for (unsigned op = 1; op <= 3; op++) {
			struct store_result r = { .op_id = op, .status = "ok", .ms = 3 };

			if (store_result_record(c, run_id, &r, &err) < 0)
				_exit(2);
		}
		_exit(9);  /* no finish, no close: a crash mid-run */
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 9);
	s = state_open(path);
	assert_int_equal(store_run_load(s, "R-1", &run, &res, &n, &err), 0);
	assert_int_equal(n, 3);
	assert_int_equal(run->status, STORE_RUN_RUNNING);
	assert_int_equal(run->pid, (long)pid);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(res[i].op_id, i + 1);
	store_run_summaries_free(run, 1);
	store_result_rows_free(res, n);
	free(plan);
	store_close(s);
}

static void test_runs__finish_counts_and_sets_statuses(void **state)
{
	struct store *s = state_open(state_path(0, "state.db"));
	struct store_plan_summary *plans = NULL;
	struct store_run_summary *runs = NULL;
	enum store_run_status st;
	struct acc_error err = { 0 };
	char *p1 = saved_plan(s, "a", 3), *p2 = saved_plan(s, "b", 2), *r1 = NULL, *r2 = NULL;
	size_t n = 0;

	(void)state;
	assert_int_equal(store_run_begin(s, p1, &r1, &err), 0);
	record(s, r1, 1, "ok");
	record(s, r1, 2, "password_policy");
	record(s, r1, 3, "skipped");
	assert_int_equal(store_run_finish(s, r1, &st, &err), 0);
	assert_int_equal(st, STORE_RUN_FAILED);
	assert_int_equal(store_run_begin(s, p2, &r2, &err), 0);
	record(s, r2, 1, "ok");
	assert_int_equal(store_run_finish(s, r2, &st, &err), 0);
	assert_int_equal(st, STORE_RUN_SUCCEEDED);

	assert_int_equal(store_run_list(s, NULL, 0, &runs, &n, &err), 0);
	assert_int_equal(n, 2);
	assert_string_equal(runs[0].id, r2);
	assert_string_equal(runs[1].id, r1);
	assert_int_equal(runs[1].n_ok, 1);
	assert_int_equal(runs[1].n_failed, 1);
	assert_int_equal(runs[1].n_skipped, 1);
	assert_true(runs[1].ended_at >= runs[1].started_at && runs[1].ended_at > 0);
	store_run_summaries_free(runs, n);
	assert_int_equal(store_plan_list(s, NULL, 0, &plans, &n, &err), 0);
	assert_int_equal(plans[0].status, STORE_PLAN_APPLIED);
	assert_int_equal(plans[1].status, STORE_PLAN_FAILED);
	assert_string_equal(plans[1].last_run, r1);
	store_plan_summaries_free(plans, n);

	/* An ended run takes no more results and cannot end twice. */
	{
		struct store_result r = { .op_id = 4, .status = "ok" };

		assert_int_equal(store_result_record(s, r1, &r, &err), -1);
		assert_int_equal(err.code, ACC_ENOTFOUND);
		assert_int_equal(store_run_finish(s, r1, &st, &err), -1);
	}
	/* A stopped run: interrupted ops count as not done, the run as
	 * interrupted, the plan as failed. */
	{
		char *p3 = saved_plan(s, "c", 3), *r3 = NULL;
		struct store_run_summary *run = NULL;
		struct store_result_row *res = NULL;
		size_t nres = 0;

		assert_int_equal(store_run_begin(s, p3, &r3, &err), 0);
		record(s, r3, 1, "ok");
		record(s, r3, 2, "interrupted");
		assert_int_equal(store_run_finish(s, r3, &st, &err), 0);
		assert_int_equal(st, STORE_RUN_INTERRUPTED);
		assert_int_equal(store_run_load(s, r3, &run, &res, &nres, &err), 0);
		assert_int_equal(run->n_ok, 1);
		assert_int_equal(run->n_skipped, 1);
		assert_int_equal(run->n_failed, 0);
		store_run_summaries_free(run, 1);
		store_result_rows_free(res, nres);
		free(p3);
		free(r3);
	}
	assert_int_equal(store_run_begin(s, "P-77", &r1, &err), -1);
	assert_int_equal(err.code, ACC_ENOTFOUND);
	free(p1);
	free(p2);
	free(r1);
	free(r2);
	store_close(s);
}

static void test_runs__last_applied_finds_successful_ops_only(void **state)
{
	struct store *s = state_open(state_path(0, "state.db"));
	struct acc_error err = { 0 };
	struct nu_user after = { 0 };
	char *plan = saved_plan(s, "srv", 4), *run = NULL;  /* op 2 creates user1 */
	int64_t at = 0;

	(void)state;
	assert_int_equal(store_last_applied(s, "srv", "USER1", NU_F_FULL_NAME, &after, &at,
					    &err), 0);
	assert_int_equal(store_run_begin(s, plan, &run, &err), 0);
	record(s, run, 2, "ok");
	record(s, run, 4, "access_denied");  /* user3's update failed */
	assert_int_equal(store_last_applied(s, "srv", "USER1", NU_F_FULL_NAME, &after, &at,
					    &err), 1);
	assert_string_equal(after.name, "user1");
	assert_non_null(after.full_name);
	assert_true(at > 0);
	nu_user_release(&after);
	assert_int_equal(store_last_applied(s, "srv", "user3", NU_F_FULL_NAME, NULL, NULL,
					    &err), 0);
	assert_int_equal(store_last_applied(s, "srv", "user1", NU_F_HOME_DIR, NULL, NULL,
					    &err), 0);
	assert_int_equal(store_last_applied(s, "other", "user1", NU_F_FULL_NAME, NULL, NULL,
					    &err), 0);
	free(plan);
	free(run);
	store_close(s);
}

/* Each result is its own transaction (WAL, synchronous=NORMAL): measured,
 * and bounded loosely so a regression to fsync-per-result shows. */
static void test_runs__10000_results_one_transaction_each(void **state)
{
	struct store *s = state_open(state_path(0, "state.db"));
	struct store_run_summary *run = NULL;
	struct store_result_row *res = NULL;
	struct acc_error err = { 0 };
	char *plan = saved_plan(s, "srv", 1), *run_id = NULL;
	size_t n = 0;
	double t0, ms;

	(void)state;
	assert_int_equal(store_run_begin(s, plan, &run_id, &err), 0);
	t0 = state_ms();
	for (unsigned i = 1; i <= 10000; i++)
		record(s, run_id, i, "ok");
	ms = state_ms() - t0;
	printf("# 10000 results, one transaction each: %.1f ms, %.3f ms/result\n", ms,
	       ms / 10000);
	assert_int_equal(store_run_load(s, run_id, &run, &res, &n, &err), 0);
	assert_int_equal(n, 10000);
	store_run_summaries_free(run, 1);
	store_result_rows_free(res, n);
	free(plan);
	free(run_id);
	store_close(s);
}

int state_runs_tests(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_runs__result_visible_to_another_connection_at_once,
						state_dir_setup, state_dir_teardown),
		cmocka_unit_test_setup_teardown(test_runs__crash_keeps_recorded_results,
						state_dir_setup, state_dir_teardown),
		cmocka_unit_test_setup_teardown(test_runs__finish_counts_and_sets_statuses,
						state_dir_setup, state_dir_teardown),
		cmocka_unit_test_setup_teardown(test_runs__last_applied_finds_successful_ops_only,
						state_dir_setup, state_dir_teardown),
		cmocka_unit_test_setup_teardown(test_runs__10000_results_one_transaction_each,
						state_dir_setup, state_dir_teardown),
	};

	return cmocka_run_group_tests_name("store_runs", tests, NULL, NULL);
}
