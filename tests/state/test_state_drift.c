/* test_state_drift.c: drift reports, their history and --since. */
#include "state_helpers.h"
#include "test_state_groups.h"

#include "xalloc.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

static char *save_report(struct store *s, const char *server, int64_t at,
			 enum store_drift_status st, unsigned n_items)
{
	struct store_drift_report *r = store_drift_report_new(server, "/srv/users.yaml", st);
	struct acc_error err = { 0 };
	char *id;

	r->at = at;
	for (unsigned i = 0; i < n_items; i++)
		store_drift_add(r, i % 2 ? "Bob" : "bob", "full_name", "Bob B", "Bobby",
				i % 3 ? STORE_ORIGIN_OUTSIDE : STORE_ORIGIN_NEVER_APPLIED);
	if (st == STORE_DRIFT_ERROR)
		r->error = xstrdup("cannot reach dc1: logon failure");
	if (store_drift_save(s, r, &err) < 0)
		fail_msg("%s", err.msg);
	id = r->id;
	r->id = NULL;
	store_drift_report_free(r);
	return id;
}

static void test_drift__round_trip_counts_and_masks(void **state)
{
	struct store *s = state_open(state_path(0, "state.db"));
	struct store_drift_report *r = store_drift_report_new("dc1", "/srv/u.yaml",
							      STORE_DRIFT_DRIFT);
	struct store_drift_report *back = NULL;
	struct acc_error err = { 0 };

	(void)state;
	store_drift_add(r, "alice", "full_name", "Alice", "Alicia", STORE_ORIGIN_OUTSIDE);
	store_drift_add(r, "ALICE", "groups", "Users", "Users, Administrators",
			STORE_ORIGIN_OUTSIDE);
	store_drift_add(r, "bob", "password", "fingerprint 1a2b", "changed",
			STORE_ORIGIN_NEVER_APPLIED);
	assert_int_equal(store_drift_save(s, r, &err), 0);
	assert_string_equal(r->id, "D-1");
	assert_true(r->at > 0);
	assert_int_equal(r->n_fields, 3);
	assert_int_equal(r->n_accounts, 2);
	assert_int_equal(r->n_outside, 2);
	assert_int_equal(r->n_never_applied, 1);
	assert_int_equal(store_drift_load(s, "d-1", &back, &err), 0);
	assert_int_equal(back->status, STORE_DRIFT_DRIFT);
	assert_string_equal(back->server, "dc1");
	assert_int_equal(back->n_items, 3);
	assert_int_equal(back->n_accounts, 2);
	assert_string_equal(back->items[1].actual, "Users, Administrators");
	assert_string_equal(back->items[2].expected, "(sensitive)");
	assert_string_equal(back->items[2].actual, "(sensitive)");
	assert_int_equal(back->items[2].origin, STORE_ORIGIN_NEVER_APPLIED);
	store_drift_report_free(back);
	store_drift_report_free(r);
	store_close(s);
}

static void test_drift__history_since_filter_newest_first(void **state)
{
	struct store *s = state_open(state_path(0, "state.db"));
	struct store_drift_report *v = NULL;
	struct acc_error err = { 0 };
	int64_t now = 1717243200, since = 0;  /* 2024-06-01 12:00 UTC */
	char *ids[4];
	size_t n = 0;

	(void)state;
	ids[0] = save_report(s, "dc1", now - 10 * 86400, STORE_DRIFT_IN_SYNC, 0);
	ids[1] = save_report(s, "dc1", now - 2 * 86400, STORE_DRIFT_DRIFT, 4);
	ids[2] = save_report(s, "dc2", now - 86400, STORE_DRIFT_ERROR, 0);
	ids[3] = save_report(s, "dc1", now, STORE_DRIFT_IN_SYNC, 0);
	assert_int_equal(store_parse_since("3d", now, &since, &err), 0);
	assert_int_equal(since, now - 3 * 86400);
	assert_int_equal(store_drift_list(s, NULL, since, 0, &v, &n, &err), 0);
	assert_int_equal(n, 3);
	assert_string_equal(v[0].id, ids[3]);
	assert_string_equal(v[1].id, ids[2]);
	assert_string_equal(v[1].error, "cannot reach dc1: logon failure");
	assert_string_equal(v[2].id, ids[1]);
	assert_int_equal(v[2].n_fields, 4);
	assert_int_equal(v[2].n_accounts, 1);  /* bob and Bob are one account */
	assert_int_equal(v[2].n_never_applied, 2);
	assert_null(v[2].items);
	store_drift_reports_free(v, n);
	assert_int_equal(store_drift_list(s, "dc1", since, 0, &v, &n, &err), 0);
	assert_int_equal(n, 2);
	store_drift_reports_free(v, n);
	assert_int_equal(store_drift_list(s, "dc1", 0, 1, &v, &n, &err), 0);
	assert_int_equal(n, 1);
	assert_string_equal(v[0].id, ids[3]);
	store_drift_reports_free(v, n);
	for (int i = 0; i < 4; i++)
		free(ids[i]);
	store_close(s);
}

static void test_drift__parse_since_dates_and_ages(void **state)
{
	struct acc_error err = { 0 };
	int64_t now = 1717243200, t = 42;
	struct tm tm = { .tm_year = 124, .tm_mon = 4, .tm_mday = 1, .tm_isdst = -1 };
	int64_t midnight = (int64_t)mktime(&tm);

	(void)state;
	assert_int_equal(store_parse_since("2024-05-01", now, &t, &err), 0);
	assert_int_equal(t, midnight);
	assert_int_equal(store_parse_since("2024-05-01T10:30", now, &t, &err), 0);
	assert_int_equal(t, midnight + 10 * 3600 + 30 * 60);
	assert_int_equal(store_parse_since("2024-05-01 10:30:15", now, &t, &err), 0);
	assert_int_equal(t, midnight + 10 * 3600 + 30 * 60 + 15);
	assert_int_equal(store_parse_since("90m", now, &t, &err), 0);
	assert_int_equal(t, now - 90 * 60);
	assert_int_equal(store_parse_since("2w", now, &t, &err), 0);
	assert_int_equal(t, now - 14 * 86400);
	t = 42;
	assert_int_equal(store_parse_since("2024-02-31", now, &t, &err), -1);
	assert_int_equal(store_parse_since("yesterday", now, &t, &err), -1);
	assert_int_equal(store_parse_since("7x", now, &t, &err), -1);
	assert_int_equal(store_parse_since("-7d", now, &t, &err), -1);
	assert_int_equal(store_parse_since("2024-05-01junk", now, &t, &err), -1);
	assert_int_equal(err.code, ACC_EUSAGE);
	assert_int_equal(t, 42);
}

int state_drift_tests(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_drift__round_trip_counts_and_masks,
						state_dir_setup, state_dir_teardown),
		cmocka_unit_test_setup_teardown(test_drift__history_since_filter_newest_first,
						state_dir_setup, state_dir_teardown),
		cmocka_unit_test(test_drift__parse_since_dates_and_ages),
	};

	return cmocka_run_group_tests_name("store_drift", tests, NULL, NULL);
}
