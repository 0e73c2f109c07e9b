/* test_state_lock.c: the per-server apply lock across processes. */
#include "state_helpers.h"
#include "test_state_groups.h"

#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* A child that opens path, starts a run of a fresh plan, takes server's
 * lock, writes one byte to the parent and waits for one byte (or death). */
static pid_t spawn_holder(const char *path, const char *server, int *to_child, int *from_child)
{
	int down[2], up[2];
	pid_t pid;
	char c = 0;

	assert_int_equal(pipe(down), 0);
	assert_int_equal(pipe(up), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		struct acc_error err = { 0 };
		struct plan *p = state_sample_plan(server, 2);
		struct store *s = NULL;
		char *run = NULL;

		close(down[1]);
		close(up[0]);
		if (store_open(path, &s, &err) < 0)
			_exit(1);
		store_set_command(s, "apply P-1");
		if (store_plan_save(s, p, NULL, NULL, 0, &err) < 0 ||
		    store_run_begin(s, p->id, &run, &err) < 0 ||
		    store_lock_acquire(s, server, NULL, &err) != 0)
			_exit(2);
		if (write(up[1], "L", 1) != 1 || read(down[0], &c, 1) != 1)
			_exit(3);
		if (store_lock_release(s, server, &err) < 0)
			_exit(4);
		store_close(s);
		_exit(0);
	}
	close(down[0]);
	close(up[1]);
	assert_int_equal(read(up[0], &c, 1), 1);
	assert_int_equal(c, 'L');
	*to_child = down[1];
	*from_child = up[0];
	return pid;
}

static void test_lock__second_process_is_refused_and_told_who(void **state)
{
	const char *path = state_path(0, "state.db");
	struct store_lock_holder h;
	struct acc_error err = { 0 };
	struct store *s = state_open(path);
	int to_child, from_child, status = 0;
	char pidstr[32];
	pid_t pid;

	(void)state;
	pid = spawn_holder(path, "dc1", &to_child, &from_child);
	memset(&h, 0, sizeof(h));
	assert_int_equal(store_lock_acquire(s, "dc1", &h, &err), -1);
	assert_int_equal(err.code, ACC_ELOCKED);
	assert_int_equal(h.pid, (long)pid);
	assert_string_equal(h.command, "apply P-1");
	assert_true(h.since > 0);
	snprintf(pidstr, sizeof(pidstr), "pid %ld", (long)pid);
	assert_non_null(strstr(err.msg, pidstr));
	assert_non_null(strstr(err.msg, h.host));
	assert_non_null(strstr(err.msg, h.user));
	assert_non_null(strstr(err.msg, "apply P-1"));
	/* Another server's lock is free meanwhile. */
	assert_int_equal(store_lock_acquire(s, "dc2", NULL, &err), 0);
	assert_int_equal(store_lock_release(s, "dc2", &err), 0);

	assert_int_equal(write(to_child, "x", 1), 1);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	assert_int_equal(store_lock_acquire(s, "dc1", &h, &err), 0);
	assert_int_equal(store_lock_heartbeat(s, "dc1", &err), 0);
	/* This process holds it now: a second acquire is refused too. */
	assert_int_equal(store_lock_acquire(s, "dc1", NULL, &err), -1);
	assert_int_equal(err.code, ACC_ELOCKED);
	assert_int_equal(store_lock_release(s, "dc1", &err), 0);
	assert_int_equal(store_lock_heartbeat(s, "dc1", &err), -1);
	assert_int_equal(err.code, ACC_ELOCKED);
	close(to_child);
	close(from_child);
	store_close(s);
}

/* The holder is killed with SIGKILL (not even reaped yet): its lock is
 * taken over, its run marked interrupted and its plan failed. */
static void test_lock__lock_of_killed_process_is_taken_over(void **state)
{
	const char *path = state_path(0, "state.db");
	struct store_run_summary *runs = NULL;
	struct store_plan_summary *plans = NULL;
	struct store_lock_holder h;
	struct acc_error err = { 0 };
	struct store *s = state_open(path);
	int to_child, from_child, status = 0;
	size_t n = 0;
	pid_t pid;

	(void)state;
	pid = spawn_holder(path, "dc1", &to_child, &from_child);
	assert_int_equal(kill(pid, SIGKILL), 0);
	/* Wait until it is dead (a zombie), without reaping it. */
	for (int i = 0; i < 500; i++) {
		char buf[64], st = 0;
		FILE *f;

		snprintf(buf, sizeof(buf), "/proc/%ld/stat", (long)pid);
		f = fopen(buf, "r");
		if (f && fscanf(f, "%*d %*s %c", &st) == 1 && st == 'Z') {
			fclose(f);
			break;
		}
		if (f)
			fclose(f);
		usleep(10000);
	}
	memset(&h, 0, sizeof(h));
	assert_int_equal(store_lock_acquire(s, "dc1", &h, &err), 1);
	assert_int_equal(h.pid, (long)pid);
	assert_int_equal(store_run_list(s, "dc1", 0, &runs, &n, &err), 0);
	assert_int_equal(n, 1);
	assert_int_equal(runs[0].status, STORE_RUN_INTERRUPTED);
	assert_true(runs[0].ended_at > 0);
	store_run_summaries_free(runs, n);
	assert_int_equal(store_plan_list(s, "dc1", 0, &plans, &n, &err), 0);
	assert_int_equal(plans[0].status, STORE_PLAN_FAILED);
	store_plan_summaries_free(plans, n);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFSIGNALED(status));
	assert_int_equal(store_lock_release(s, "dc1", &err), 0);
	close(to_child);
	close(from_child);
	store_close(s);
}

/* From another host only the heartbeat tells: fresh is live, old is dead. */
static void test_lock__other_host_goes_by_heartbeat(void **state)
{
	const char *path = state_path(0, "state.db");
	struct store *s = state_open(path);
	struct store_lock_holder h;
	struct acc_error err = { 0 };
	sqlite3 *db = state_raw(path);

	(void)state;
	state_raw_exec(db, "INSERT INTO locks VALUES ('dc1', 'admin', 1, 'elsewhere.example', "
		       "0, 'apply P-9', strftime('%s','now') - 7200, strftime('%s','now') - 60)");
	assert_int_equal(store_lock_acquire(s, "dc1", &h, &err), -1);
	assert_int_equal(err.code, ACC_ELOCKED);
	assert_string_equal(h.host, "elsewhere.example");
	state_raw_exec(db, "UPDATE locks SET heartbeat = strftime('%s','now') - 11 * 60");
	assert_int_equal(store_lock_acquire(s, "dc1", &h, &err), 1);
	assert_string_equal(h.host, "elsewhere.example");
	assert_int_equal(state_raw_int(db, "SELECT pid FROM locks WHERE server = 'dc1'"),
			 (long long)getpid());
	sqlite3_close(db);
	store_close(s);
}

int state_lock_tests(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_lock__second_process_is_refused_and_told_who,
						state_dir_setup, state_dir_teardown),
		cmocka_unit_test_setup_teardown(test_lock__lock_of_killed_process_is_taken_over,
						state_dir_setup, state_dir_teardown),
		cmocka_unit_test_setup_teardown(test_lock__other_host_goes_by_heartbeat,
						state_dir_setup, state_dir_teardown),
	};

	return cmocka_run_group_tests_name("store_lock", tests, NULL, NULL);
}
