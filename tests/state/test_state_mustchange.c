/* test_state_mustchange.c: the must-change records (state/mustchange.c):
 * one per server and account SID, what the diff reads back. */
#include "state_helpers.h"
#include "test_state_groups.h"

#include <string.h>

/* A second apply of the same SID (a password accord set later) replaces
 * the record; the SID, not the name, is the key (a rename keeps it). */
static void test_mustchange__one_record_per_server_and_sid(void **state)
{
	struct store *s = state_open(state_path(0, "state.db"));
	struct mc_history h = MC_HISTORY_INIT;
	struct acc_error err = { 0 };

	(void)state;
	assert_int_equal(store_mc_set(s, "dc1", "S-1-5-21-1-2-3-1002", "bob",
				      OP_MC_FIRST_MANAGED, 1700000000, &err), 0);
	assert_int_equal(store_mc_set(s, "dc1", "S-1-5-21-1-2-3-1001", "alice",
				      OP_MC_WITH_PASSWORD, 1700000100, &err), 0);
	assert_int_equal(store_mc_set(s, "dc2", "S-1-5-21-1-2-3-1002", "bob",
				      OP_MC_FIRST_MANAGED, 1700000200, &err), 0);
	/* bob renamed to robert, then a password with must-change again */
	assert_int_equal(store_mc_set(s, "dc1", "S-1-5-21-1-2-3-1002", "robert",
				      OP_MC_WITH_PASSWORD, 1700000300, &err), 0);
	assert_int_equal(store_mc_history(s, "dc1", &h, &err), 0);
	assert_int_equal(h.n, 2);
	assert_string_equal(h.v[0].sid, "S-1-5-21-1-2-3-1001");
	assert_string_equal(h.v[0].account, "alice");
	assert_int_equal(h.v[0].how, OP_MC_WITH_PASSWORD);
	assert_int_equal(h.v[0].applied_at, 1700000100);
	assert_string_equal(h.v[1].sid, "S-1-5-21-1-2-3-1002");
	assert_string_equal(h.v[1].account, "robert");
	assert_int_equal(h.v[1].how, OP_MC_WITH_PASSWORD);
	assert_int_equal(h.v[1].applied_at, 1700000300);
	mc_history_release(&h);
	assert_int_equal(store_mc_history(s, "dc3", &h, &err), 0);
	assert_int_equal(h.n, 0);
	/* the local machine (server NULL) is its own server */
	assert_int_equal(store_mc_set(s, NULL, "S-1-5-21-9-9-9-1000", "local", OP_MC_FIRST_MANAGED,
				      0, &err), 0);
	assert_int_equal(store_mc_history(s, NULL, &h, &err), 0);
	assert_int_equal(h.n, 1);
	assert_true(h.v[0].applied_at > 1700000000);  /* 0 = now */
	mc_history_release(&h);
	store_close(s);
}

/* Only an SID, a name and a case that applies must-change are recorded. */
static void test_mustchange__refuses_what_is_not_a_record(void **state)
{
	struct store *s = state_open(state_path(0, "state.db"));
	struct mc_history h = MC_HISTORY_INIT;
	struct acc_error err = { 0 };

	(void)state;
	assert_int_equal(store_mc_set(s, "dc1", "bob", "bob", OP_MC_FIRST_MANAGED, 0, &err), -1);
	assert_int_equal(err.code, ACC_EINVAL);
	assert_non_null(strstr(err.msg, "'bob' is not an account SID"));
	assert_int_equal(store_mc_set(s, "dc1", NULL, "bob", OP_MC_FIRST_MANAGED, 0, &err), -1);
	assert_int_equal(store_mc_set(s, "dc1", "S-1-5-21-1-2-3-1002", "", OP_MC_FIRST_MANAGED, 0,
				      &err), -1);
	assert_non_null(strstr(err.msg, "no account name"));
	assert_int_equal(store_mc_set(s, "dc1", "S-1-5-21-1-2-3-1002", "bob", OP_MC_ALREADY, 0,
				      &err), -1);
	assert_non_null(strstr(err.msg, "case 'already_applied' does not apply it"));
	assert_int_equal(store_mc_history(s, "dc1", &h, &err), 0);
	assert_int_equal(h.n, 0);
	store_close(s);
}

/* Appending to a history that holds records keeps them (the caller's out
 * is only appended to). */
static void test_mustchange__history_appends(void **state)
{
	struct store *s = state_open(state_path(0, "state.db"));
	struct mc_history h = MC_HISTORY_INIT;
	struct acc_error err = { 0 };

	(void)state;
	mc_history_add(&h, "S-1-5-21-1-2-3-5000", "mine", OP_MC_FIRST_MANAGED, 1);
	assert_int_equal(store_mc_set(s, "dc1", "S-1-5-21-1-2-3-1002", "bob",
				      OP_MC_FIRST_MANAGED, 5, &err), 0);
	assert_int_equal(store_mc_history(s, "dc1", &h, &err), 0);
	assert_int_equal(h.n, 2);
	assert_string_equal(h.v[0].account, "mine");
	assert_string_equal(h.v[1].account, "bob");
	mc_history_release(&h);
	mc_history_release(&h);  /* released twice: a no-op */
	store_close(s);
}

int state_mustchange_tests(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_mustchange__one_record_per_server_and_sid,
						state_dir_setup, state_dir_teardown),
		cmocka_unit_test_setup_teardown(test_mustchange__refuses_what_is_not_a_record,
						state_dir_setup, state_dir_teardown),
		cmocka_unit_test_setup_teardown(test_mustchange__history_appends,
						state_dir_setup, state_dir_teardown),
	};

	return cmocka_run_group_tests_name("store_mustchange", tests, NULL, NULL);
}
