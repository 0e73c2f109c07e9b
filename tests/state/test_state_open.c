/* test_state_open.c: creating, opening, refusing and migrating databases. */
#include "state_helpers.h"
#include "test_state_groups.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static unsigned mode_of(const char *path)
{
	struct stat st;

	assert_int_equal(stat(path, &st), 0);
	return (unsigned)(st.st_mode & 07777);
}

static void expect_open_fails(const char *path, int code, const char *words)
{
	struct acc_error err = { 0 };
	struct store *s = NULL;

	assert_int_equal(store_open(path, &s, &err), -1);
	assert_null(s);
	assert_int_equal(err.code, code);
	if (!strstr(err.msg, words))
		fail_msg("message '%s' lacks '%s'", err.msg, words);
	if (!strstr(err.msg, path))
		fail_msg("message '%s' does not name %s", err.msg, path);
}

static void test_store__creates_private_file_and_dirs(void **state)
{
	const char *path = state_path(0, "a/b/state.db");
	char wal[600];
	mode_t old = umask(0);  /* the modes must not come from the umask */
	struct store *s;
	struct acc_error err = { 0 };
	struct plan *p = state_sample_plan("srv", 1);

	(void)state;
	s = state_open(path);
	umask(old);
	assert_int_equal(mode_of(path), 0600);
	assert_int_equal(mode_of(state_path(1, "a/b")), 0700);
	assert_int_equal(mode_of(state_path(1, "a")), 0700);
	assert_null(store_warning(s));
	assert_int_equal(store_plan_save(s, p, NULL, NULL, 0, &err), 0);
	snprintf(wal, sizeof(wal), "%s-wal", path);
	assert_int_equal(mode_of(wal), 0600);
	assert_string_equal(p->id, "P-1");
	plan_free(p);
	store_close(s);
}

static void test_store__pragmas_wal_and_schema_version(void **state)
{
	const char *path = state_path(0, "state.db");
	struct store *s = state_open(path);
	sqlite3 *db = state_raw(path);
	sqlite3_stmt *st = NULL;

	(void)state;
	assert_int_equal(state_raw_int(db, "PRAGMA user_version"), store_schema_version());
	assert_int_equal(state_raw_int(db, "PRAGMA application_id"), 0x41434344);
	assert_int_equal(sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(st, 0), "wal");
	sqlite3_finalize(st);
	sqlite3_close(db);
	store_close(s);
}

static void test_store__readable_file_is_tightened_with_warning(void **state)
{
	const char *path = state_path(0, "state.db");
	struct store *s = state_open(path);

	(void)state;
	store_close(s);
	assert_int_equal(chmod(path, 0644), 0);
	s = state_open(path);
	assert_non_null(store_warning(s));
	assert_non_null(strstr(store_warning(s), "made it 0600"));
	assert_int_equal(mode_of(path), 0600);
	store_close(s);
}

static void test_store__group_writable_file_is_refused(void **state)
{
	const char *path = state_path(0, "state.db");

	(void)state;
	store_close(state_open(path));
	assert_int_equal(chmod(path, 0660), 0);
	expect_open_fails(path, ACC_ESTATE, "written by group or others");
	assert_int_equal(mode_of(path), 0660);  /* left for the admin to check */
}

static void test_store__newer_schema_is_refused(void **state)
{
	const char *path = state_path(0, "state.db");
	char words[96];
	sqlite3 *db;

	(void)state;
	store_close(state_open(path));
	db = state_raw(path);
	state_raw_exec(db, "PRAGMA user_version = 99");
	sqlite3_close(db);
	snprintf(words, sizeof(words), "was written by a newer accord (schema 99, this "
		 "accord knows %d)", store_schema_version());
	expect_open_fails(path, ACC_ESTATE, words);
}

static void test_store__foreign_sqlite_file_is_refused_untouched(void **state)
{
	const char *path = state_path(0, "other.db");
	sqlite3 *db = state_raw(path);

	(void)state;
	state_raw_exec(db, "CREATE TABLE songs (title TEXT)");
	sqlite3_close(db);
	assert_int_equal(chmod(path, 0600), 0);
	expect_open_fails(path, ACC_ESTATE, "is not an accord database");
	db = state_raw(path);
	assert_int_equal(state_raw_int(db, "SELECT count(*) FROM sqlite_master WHERE "
				       "name = 'plans'"), 0);
	sqlite3_close(db);
	{
		/* Header bytes 18-19 are 2 in WAL mode: the file was not switched. */
		size_t len = 0;
		unsigned char *bytes = state_read_file(path, &len);

		assert_true(len > 20);
		assert_int_equal(bytes[18], 1);
		free(bytes);
	}
}

static void test_store__non_sqlite_file_is_refused(void **state)
{
	const char *path = state_path(0, "notes.txt");
	FILE *f = fopen(path, "w");

	(void)state;
	assert_non_null(f);
	fputs("these are not the tables you are looking for, not even close, no\n", f);
	fclose(f);
	assert_int_equal(chmod(path, 0600), 0);
	expect_open_fails(path, ACC_ESTATE, "is not an accord database");
}

static void test_store__salt_is_random_and_kept(void **state)
{
	unsigned char a[STORE_SALT_LEN], b[STORE_SALT_LEN], zero[STORE_SALT_LEN] = { 0 };
	struct store *s1 = state_open(state_path(0, "one.db"));
	struct store *s2 = state_open(state_path(1, "two.db"));

	(void)state;
	memcpy(a, store_salt(s1), sizeof(a));
	memcpy(b, store_salt(s2), sizeof(b));
	assert_memory_not_equal(a, b, sizeof(a));
	assert_memory_not_equal(a, zero, sizeof(a));
	store_close(s1);
	s1 = state_open(state_path(0, "one.db"));
	assert_memory_equal(a, store_salt(s1), sizeof(a));
	store_close(s1);
	store_close(s2);
}

/* A database written at schema 1 (the frozen fixture) is migrated forward;
 * its plan, run and salt survive and the newer tables work. */
static void test_store__migrates_v1(void **state)
{
	const char *path = state_path(0, "v1.db");
	struct store_lock_holder h;
	struct store_plan_record *r = NULL;
	struct store_run_summary *run = NULL;
	struct store_result_row *res = NULL;
	struct acc_error err = { 0 };
	size_t len = 0, n = 0;
	char *sql = (char *)state_read_file(STATE_TEST_DATA "/schema-v1.sql", &len);
	sqlite3 *db = state_raw(path);
	struct store *s;

	(void)state;
	assert_non_null(sql);
	sql = realloc(sql, len + 1);
	sql[len] = '\0';
	state_raw_exec(db, sql);
	free(sql);
	assert_int_equal(state_raw_int(db, "PRAGMA user_version"), 1);
	sqlite3_close(db);
	assert_int_equal(chmod(path, 0600), 0);

	s = state_open(path);
	db = state_raw(path);
	assert_int_equal(state_raw_int(db, "PRAGMA user_version"), store_schema_version());
	sqlite3_close(db);
	assert_int_equal(store_salt(s)[0], 1);
	assert_int_equal(store_salt(s)[31], 0x20);
	assert_int_equal(store_plan_load(s, "P-4", &r, &err), 0);
	assert_int_equal(r->status, STORE_PLAN_APPLIED);
	assert_string_equal(r->text, "Plan: 1 to add, 0 to change, 0 to destroy.");
	assert_int_equal(r->plan->n_ops, 1);
	assert_int_equal(r->plan->ops[0].kind, OP_CREATE);
	assert_string_equal(r->plan->ops[0].after.full_name, "Alice A");
	assert_int_equal(r->plan->ops[0].after.flags, 512);
	assert_int_equal(store_run_load(s, "R-2", &run, &res, &n, &err), 0);
	assert_int_equal(n, 1);
	assert_string_equal(res[0].status, "ok");
	assert_int_equal(store_lock_acquire(s, "dc1", &h, &err), 0);   /* schema 2 */
	assert_int_equal(store_pw_set_rid(s, "dc1", "alice", 1104, "0123456789abcdef0123", 5, 0,
					  &err), 0);   /* schema 3 */
	/* schema 6: the migrated op says nothing about must-change; records work */
	assert_int_equal(r->plan->ops[0].must_change, OP_MC_NONE);
	assert_int_equal(store_mc_set(s, "dc1", "S-1-5-21-1-2-3-1104", "alice",
				      OP_MC_WITH_PASSWORD, 0, &err), 0);
	/* New ids continue after the migrated ones. */
	{
		struct plan *p = state_sample_plan("dc1", 2);

		assert_int_equal(store_plan_save(s, p, NULL, NULL, 0, &err), 0);
		assert_string_equal(p->id, "P-5");
		plan_free(p);
	}
	store_run_summaries_free(run, 1);
	store_result_rows_free(res, n);
	store_plan_record_free(r);
	store_close(s);
}

int state_open_tests(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_store__creates_private_file_and_dirs,
						state_dir_setup, state_dir_teardown),
		cmocka_unit_test_setup_teardown(test_store__pragmas_wal_and_schema_version,
						state_dir_setup, state_dir_teardown),
		cmocka_unit_test_setup_teardown(test_store__readable_file_is_tightened_with_warning,
						state_dir_setup, state_dir_teardown),
		cmocka_unit_test_setup_teardown(test_store__group_writable_file_is_refused,
						state_dir_setup, state_dir_teardown),
		cmocka_unit_test_setup_teardown(test_store__newer_schema_is_refused,
						state_dir_setup, state_dir_teardown),
		cmocka_unit_test_setup_teardown(test_store__foreign_sqlite_file_is_refused_untouched,
						state_dir_setup, state_dir_teardown),
		cmocka_unit_test_setup_teardown(test_store__non_sqlite_file_is_refused,
						state_dir_setup, state_dir_teardown),
		cmocka_unit_test_setup_teardown(test_store__salt_is_random_and_kept,
						state_dir_setup, state_dir_teardown),
		cmocka_unit_test_setup_teardown(test_store__migrates_v1,
						state_dir_setup, state_dir_teardown),
	};

	return cmocka_run_group_tests_name("store_open", tests, NULL, NULL);
}
