/* test_state_secrets.c: no plaintext password reaches the database file.
 *
 * The passwords below are what a caller resolved (from the environment, a
 * file, a cpassword). Everything a real apply stores about them goes
 * through the store: the plan op (reference + fingerprint), the result,
 * the fingerprint row, a drift row on the password field. Then the raw
 * bytes of the database and its WAL are searched. The fingerprint itself
 * must be found there: that proves the search reads what was written. */
#include "state_helpers.h"
#include "test_state_groups.h"

#include "xalloc.h"

#include "fingerprint.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const secrets[] = { "Corr3ct-Horse-Battery!", "Tr0ub4dor&3zebra" };

/* The fingerprint as apply computes it (reconcile/fingerprint.h) over the
 * database's salt. */
static void fingerprint(struct store *s, const char *password, char hex[FP_HEX_LEN + 1])
{
	struct acc_error err = { 0 };

	assert_int_equal(fp_compute(store_salt(s), STORE_SALT_LEN, password, hex, &err), 0);
}

static void store_everything(struct store *s, char fps[2][FP_HEX_LEN + 1])
{
	struct store_plan_text text = { "users:\n  - name: alice\n    password: {env: "
					"ACCORD_PW_ALICE}\n", "~ update alice\n    password: "
					"(sensitive)\n", "{\"password\":\"(sensitive)\"}" };
	struct store_drift_report *d = store_drift_report_new("dc1", "/srv/u.yaml",
							      STORE_DRIFT_DRIFT);
	struct store_result res = { .op_id = 1, .status = "ok", .message = "password set",
				    .ms = 20, .calls = 1 };
	struct plan *p = plan_new();
	struct acc_error err = { 0 };
	char *run = NULL;

	p->server = xstrdup("dc1");
	for (int i = 0; i < 2; i++) {
		struct plan_op *op = plan_add_op(p, OP_UPDATE, i ? "bob" : "alice");

		fingerprint(s, secrets[i], fps[i]);
		op->mask = NU_F_PASSWORD;
		op->pw_kind = PW_ENV;
		op->pw_ref = xstrdup(i ? "ACCORD_PW_BOB" : "ACCORD_PW_ALICE");
		op->pw_fingerprint = xstrdup(fps[i]);
	}
	assert_int_equal(store_plan_save(s, p, &text, NULL, 0, &err), 0);
	assert_int_equal(store_lock_acquire(s, "dc1", NULL, &err), 0);
	assert_int_equal(store_run_begin(s, p->id, &run, &err), 0);
	for (int i = 0; i < 2; i++) {
		res.op_id = (unsigned)i + 1;
		assert_int_equal(store_result_record(s, run, &res, &err), 0);
		assert_int_equal(store_pw_set_rid(s, "dc1", i ? "bob" : "alice", 1000u + (unsigned)i,
						  fps[i], 3, 0, &err), 0);
		/* A plaintext where a fingerprint belongs is refused. */
		assert_int_equal(store_pw_set(s, "dc1", "alice", secrets[i], 3, 0, &err), -1);
		assert_int_equal(err.code, ACC_EINVAL);
		assert_null(strstr(err.msg, secrets[i]));
		/* A careless caller puts the secret in a drift row: it is masked. */
		store_drift_add(d, i ? "bob" : "alice", "password", secrets[i], secrets[i],
				STORE_ORIGIN_OUTSIDE);
	}
	assert_int_equal(store_run_finish(s, run, NULL, &err), 0);
	assert_int_equal(store_drift_save(s, d, &err), 0);
	assert_int_equal(store_lock_release(s, "dc1", &err), 0);
	store_drift_report_free(d);
	plan_free(p);
	free(run);
}

static bool db_contains(const char *path, const char *needle)
{
	char side[600];

	snprintf(side, sizeof(side), "%s-wal", path);
	return state_file_contains(path, needle) || state_file_contains(side, needle);
}

static void test_secrets__database_bytes_hold_no_plaintext(void **state)
{
	const char *path = state_path(0, "state.db");
	struct store *s = state_open(path);
	struct store_pw pw = { 0 };
	struct acc_error err = { 0 };
	char fps[2][FP_HEX_LEN + 1];

	(void)state;
	store_everything(s, fps);
	assert_int_equal(store_pw_get(s, "dc1", "ALICE", &pw, &err), 1);
	assert_string_equal(pw.fingerprint, fps[0]);
	assert_int_equal(pw.password_age, 3);
	assert_int_equal(pw.rid, 1000);
	store_pw_release(&pw);
	{
		struct pw_history h = PW_HISTORY_INIT;

		assert_int_equal(store_pw_history(s, "dc1", &h, &err), 0);
		assert_int_equal(h.n, 2);
		assert_string_equal(h.v[1].account, "bob");
		assert_int_equal(h.v[1].rid, 1001);
		assert_string_equal(h.v[1].fingerprint, fps[1]);
		assert_true(h.v[1].applied_at > 0);
		pw_history_release(&h);
		assert_int_equal(store_pw_history(s, "dc2", &h, &err), 0);
		assert_int_equal(h.n, 0);
	}
	/* While open the newest pages sit in the WAL; after close, in the file. */
	for (int pass = 0; pass < 2; pass++) {
		for (int i = 0; i < 2; i++) {
			assert_true(db_contains(path, fps[i]));
			assert_false(db_contains(path, secrets[i]));
		}
		assert_true(db_contains(path, "ACCORD_PW_BOB"));
		if (pass == 0) {
			store_close(s);
			s = NULL;
		}
	}
}

int state_secrets_tests(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_secrets__database_bytes_hold_no_plaintext,
						state_dir_setup, state_dir_teardown),
	};

	return cmocka_run_group_tests_name("store_secrets", tests, NULL, NULL);
}
