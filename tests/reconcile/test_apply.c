/* test_apply.c: the apply engine's order, skip and stop logic, against the
 * in-memory NetUser calls of test_apply_fake_nu.c. */
#include "apply.h"
#include "error.h"
#include "test_apply_fake_nu.h"
#include "xalloc.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

/* What the hooks saw, in order. */
struct seen {
	struct apply_result r[32];
	unsigned op[32];
	char fp[32][16];
	size_t n;
	size_t stop_after;        /* set *stop after this many results (0 = never) */
	volatile sig_atomic_t stop;
	int refuse_result;        /* on_result returns this */
	const char *secret;       /* what get_secret hands out */
	const char *fingerprint;
};

static int seen_result(void *ud, const struct plan_op *op, const struct apply_result *r)
{
	struct seen *s = ud;

	s->op[s->n] = op->id;
	s->r[s->n] = *r;
	snprintf(s->fp[s->n], sizeof(s->fp[0]), "%s", r->pw_fingerprint ? r->pw_fingerprint : "");
	s->r[s->n].pw_fingerprint = NULL;
	s->n++;
	if (s->stop_after && s->n == s->stop_after)
		s->stop = 1;
	return s->refuse_result;
}

static int seen_secret(void *ud, const struct plan_op *op, char **secret, char **fp,
		       struct acc_error *err)
{
	struct seen *s = ud;

	if (!s->secret)
		return acc_fail(err, ACC_EINVAL, 0, "variable for '%s' is not set", op->account);
	*secret = xstrdup(s->secret);
	*fp = xstrdup(s->fingerprint);
	return 0;
}

/* The result reported for op id. */
static const struct apply_result *result_of(const struct seen *s, unsigned id)
{
	for (size_t i = 0; i < s->n; i++)
		if (s->op[i] == id)
			return &s->r[i];
	fail_msg("no result for op %u", id);
	return NULL;
}

static struct apply_hooks hooks_for(struct seen *s)
{
	struct apply_hooks h = {
		.ud = s, .on_result = seen_result, .get_secret = seen_secret, .stop = &s->stop,
	};
	return h;
}

/* What every case starts from: an empty plan, hooks that record, a fresh
 * in-memory backend. */
struct fx {
	struct plan *p;
	struct seen s;
	struct apply_hooks h;
	struct nu_conn *c;
	struct apply_summary sum;
	struct acc_error err;
};

static int fx_setup(void **state)
{
	struct fx *f = xcalloc(1, sizeof(*f));

	f->p = plan_new();
	f->h = hooks_for(&f->s);
	f->c = fake_nu_reset();
	*state = f;
	return 0;
}

static int fx_teardown(void **state)
{
	struct fx *f = *state;

	plan_free(f->p);
	free(f);
	return 0;
}

static int run(struct fx *f)
{
	return apply_run(f->c, f->p, &f->h, &f->sum, &f->err);
}

static struct plan_op *add(struct plan *p, enum op_kind k, const char *account)
{
	return plan_add_op(p, k, account);
}

static struct plan_op *add_update(struct plan *p, const char *account, unsigned mask)
{
	struct plan_op *op = add(p, OP_UPDATE, account);

	op->mask = mask;
	op->after.full_name = xstrdup("Full");
	op->after.comment = xstrdup("desc");
	return op;
}

static struct plan_op *add_group(struct plan *p, const char *account, const char *sid)
{
	struct plan_op *op = add(p, OP_GROUP_ADD, account);

	op->group = xstrdup("Users");
	op->member_name = xstrdup(account);
	op->member_sid = xstrdup(sid);
	return op;
}

static void test_apply__runs_phases_in_order_whatever_the_array_says(void **state)
{
	struct fx *f = *state;
	struct plan *p = f->p;
	struct seen *s = &f->s;
	struct plan_op *op;

	add(p, OP_DELETE, "gone");
	add_group(p, "ann", "S-1-5-21-9");
	add_update(p, "bob", NU_F_FULL_NAME);
	add(p, OP_CREATE, "ann");
	op = add(p, OP_RENAME, "old");
	op->new_name = xstrdup("new");
	add(p, OP_NOTE, "bob");
	add(p, OP_DISABLE, "idle")->before.known = NU_F_FLAGS;
	assert_int_equal(run(f), 0);
	assert_string_equal(fake.log, "rename:old add:ann get:ann set:bob gadd:S-1-5-21-9 "
			    "del:gone set:idle");
	assert_int_equal(s->n, 6);  /* the note is not an operation */
	assert_int_equal(s->op[0], 5);
	assert_int_equal(s->op[5], 7);
}

/* An add that tells the RID needs no read-back, and a group op for the
 * account it created takes the member's SID from that RID. */
static void test_apply__create_that_tells_its_rid_reads_nothing(void **state)
{
	struct fx *f = *state;
	struct plan *p = f->p;
	struct seen *s = &f->s;
	struct plan_op *op;

	fake.add_tells_rid = true;
	add(p, OP_CREATE, "ann");
	op = add(p, OP_GROUP_ADD, "ann");
	op->group = xstrdup("Users");
	op->member_name = xstrdup("ann");
	assert_int_equal(run(f), 0);
	assert_string_equal(fake.log, "add:ann gadd:S-1-5-21-1-2-3-1003");
	assert_true(s->r[0].known_after);
	assert_int_equal(s->r[0].rid_after, 1003);
	assert_int_equal(s->r[0].calls, 1);
}

static void test_apply__failed_create_skips_later_ops_on_that_account(void **state)
{
	struct fx *f = *state;
	struct plan *p = f->p;
	struct seen *s = &f->s;

	add(p, OP_CREATE, "ann");
	add(p, OP_CREATE, "bob");
	add_update(p, "ANN", NU_F_COMMENT);  /* names compare case-insensitively */
	add_group(p, "ann", "S-1-5-21-9");
	add_group(p, "bob", "S-1-5-21-8");
	fake_nu_fail("add", "ann", NU_PASSWORD_POLICY);
	assert_int_equal(run(f), 1);
	assert_string_equal(fake.log, "add:ann add:bob get:bob gadd:S-1-5-21-8");
	assert_int_equal(f->sum.ok, 2);
	assert_int_equal(f->sum.failed, 1);
	assert_int_equal(f->sum.skipped, 2);
	assert_int_equal(s->r[0].status, APPLY_FAILED);
	assert_int_equal(s->r[0].nu_status, NU_PASSWORD_POLICY);
	assert_int_equal(s->r[0].raw, 1000 + NU_PASSWORD_POLICY);
	assert_int_equal(s->r[2].status, APPLY_SKIPPED);
	assert_int_equal(s->r[2].skip, APPLY_SKIP_DEPENDENCY);
	assert_int_equal(s->r[2].cause_op, 1);
	assert_non_null(strstr(s->r[2].msg, "op 1 (create 'ann')"));
	assert_int_equal(s->r[2].calls, 0);
	assert_int_equal(s->r[3].cause_op, 1);
	assert_int_equal(s->r[4].status, APPLY_OK);
}

static void test_apply__depends_on_skips_transitively_naming_the_root(void **state)
{
	struct fx *f = *state;
	struct plan *p = f->p;
	struct seen *s = &f->s;
	struct plan_op *op;

	add_update(p, "ann", NU_F_COMMENT);
	op = add_update(p, "bob", NU_F_COMMENT);
	op->depends_on = 1;
	op = add_group(p, "cy", "S-1-5-21-7");
	op->depends_on = 2;
	add(p, OP_DELETE, "dan");
	fake_nu_fail("set", "ann", NU_ACCESS_DENIED);
	assert_int_equal(run(f), 1);
	assert_string_equal(fake.log, "set:ann del:dan");
	assert_int_equal(s->r[1].cause_op, 1);
	assert_int_equal(s->r[2].cause_op, 1);
	assert_int_equal(s->r[3].status, APPLY_OK);
}

static void test_apply__failed_rename_skips_ops_on_old_and_new_name(void **state)
{
	struct fx *f = *state;
	struct plan *p = f->p;
	struct seen *s = &f->s;
	struct plan_op *op;

	op = add(p, OP_RENAME, "old");
	op->new_name = xstrdup("new");
	add_update(p, "new", NU_F_COMMENT);
	add_group(p, "new", "S-1-5-21-5");
	add_update(p, "other", NU_F_COMMENT);
	fake_nu_fail("rename", "old", NU_EXISTS);
	assert_int_equal(run(f), 1);
	assert_string_equal(fake.log, "rename:old set:other");
	assert_int_equal(result_of(s, 2)->status, APPLY_SKIPPED);
	assert_int_equal(result_of(s, 3)->status, APPLY_SKIPPED);
	assert_int_equal(result_of(s, 3)->cause_op, 1);
	assert_int_equal(result_of(s, 4)->status, APPLY_OK);
}

static void test_apply__stop_finishes_current_op_and_skips_the_rest(void **state)
{
	struct fx *f = *state;
	struct plan *p = f->p;
	struct seen *s = &f->s;

	s->stop_after = 2;
	for (int i = 0; i < 5; i++) {
		char name[8];

		snprintf(name, sizeof(name), "u%d", i);
		add(p, OP_DELETE, name);
	}
	assert_int_equal(run(f), 1);
	assert_string_equal(fake.log, "del:u0 del:u1");
	assert_true(f->sum.interrupted);
	assert_int_equal(f->sum.ok, 2);
	assert_int_equal(f->sum.skipped, 3);
	assert_int_equal(s->n, 5);
	assert_int_equal(s->r[4].skip, APPLY_SKIP_INTERRUPTED);
	assert_string_equal(s->r[4].msg, "interrupted: not attempted");
}

static void test_apply__changed_password_source_is_refused_without_a_call(void **state)
{
	struct fx *f = *state;
	struct plan *p = f->p;
	struct seen *s = &f->s;
	struct plan_op *op;

	s->secret = "S3cret!x";
	s->fingerprint = "bb";
	op = add_update(p, "ann", NU_F_PASSWORD | NU_F_FULL_NAME);
	op->pw_fingerprint = xstrdup("aa");
	assert_int_equal(run(f), 1);
	assert_string_equal(fake.log, "");
	assert_int_equal(s->r[0].status, APPLY_FAILED);
	assert_int_equal(s->r[0].calls, 0);
	assert_non_null(strstr(s->r[0].msg, "fingerprint differs"));
	assert_null(strstr(s->r[0].msg, "S3cret"));
}

static void test_apply__password_and_fields_make_two_writes_and_no_read(void **state)
{
	struct fx *f = *state;
	struct plan *p = f->p;
	struct seen *s = &f->s;
	struct plan_op *op;

	s->secret = "S3cret!x";
	s->fingerprint = "aa";
	op = add_update(p, "ann", NU_F_PASSWORD | NU_F_FULL_NAME | NU_F_COMMENT);
	op->pw_fingerprint = xstrdup("aa");
	op->before.rid = 1042;
	add_update(p, "bob", NU_F_FULL_NAME | NU_F_COMMENT);
	assert_int_equal(run(f), 0);
	/* the password set just now is 0 s old: nothing to read back */
	assert_string_equal(fake.log, "setpw:ann set:ann set:bob");
	assert_string_equal(fake.last_password, "S3cret!x");
	assert_int_equal(fake.last_set_mask, NU_F_FULL_NAME | NU_F_COMMENT);
	assert_int_equal(s->r[0].writes, 2);
	assert_int_equal(s->r[0].calls, 2);
	assert_true(s->r[0].password_set);
	assert_true(s->r[0].known_after);
	assert_int_equal(s->r[0].rid_after, 1042);
	assert_int_equal(s->r[0].password_age, 0);
	assert_string_equal(s->fp[0], "aa");
	assert_int_equal(s->r[1].writes, 1);
	assert_int_equal(s->r[1].calls, 1);
	assert_false(s->r[1].password_set);
}

static void test_apply__replace_whose_add_fails_says_the_account_is_gone(void **state)
{
	struct fx *f = *state;
	struct plan *p = f->p;
	struct seen *s = &f->s;

	add(p, OP_REPLACE, "ann");
	add_update(p, "ann", NU_F_COMMENT);
	fake_nu_fail("add", "ann", NU_INVALID_PARAM);
	assert_int_equal(run(f), 1);
	assert_string_equal(fake.log, "del:ann add:ann");
	assert_int_equal(s->r[0].writes, 2);
	assert_non_null(strstr(s->r[0].msg, "old account was deleted"));
	assert_int_equal(s->r[1].status, APPLY_SKIPPED);
}

static void test_apply__disable_keeps_the_live_managed_flags(void **state)
{
	struct fx *f = *state;
	struct plan *p = f->p;

	fake.live_flags = UF_DONT_EXPIRE_PASSWD;
	add(p, OP_DISABLE, "idle");
	assert_int_equal(run(f), 0);
	assert_string_equal(fake.log, "get:idle set:idle");
	assert_int_equal(fake.last_set_mask, NU_F_FLAGS);
	assert_true(fake.last_set_flags & UF_ACCOUNTDISABLE);
	assert_true(fake.last_set_flags & UF_DONT_EXPIRE_PASSWD);
}

static void test_apply__forward_dependency_is_refused_before_any_call(void **state)
{
	struct fx *f = *state;
	struct plan *p = f->p;
	struct seen *s = &f->s;

	add_update(p, "ann", NU_F_COMMENT)->depends_on = 2;
	add(p, OP_DELETE, "bob");
	assert_int_equal(run(f), -1);
	assert_int_equal(f->err.code, ACC_EINVAL);
	assert_non_null(strstr(f->err.msg, "op 1 depends on op 2"));
	assert_string_equal(fake.log, "");
	assert_int_equal(s->n, 0);
}

static void test_apply__unrecorded_result_stops_the_run(void **state)
{
	struct fx *f = *state;
	struct plan *p = f->p;
	struct seen *s = &f->s;

	s->refuse_result = 5;
	add(p, OP_DELETE, "a");
	add(p, OP_DELETE, "b");
	assert_int_equal(run(f), -1);
	assert_string_equal(fake.log, "del:a");
	assert_non_null(strstr(f->err.msg, "could not be recorded"));
}

static void test_apply__already_member_counts_as_done(void **state)
{
	struct fx *f = *state;
	struct plan *p = f->p;
	struct seen *s = &f->s;

	add_group(p, "ann", "S-1-5-21-9");
	fake_nu_fail("gadd", "S-1-5-21-9", NU_ALREADY_MEMBER);
	assert_int_equal(run(f), 0);
	assert_int_equal(s->r[0].status, APPLY_OK);
	assert_string_equal(s->r[0].msg, "already a member");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_apply__runs_phases_in_order_whatever_the_array_says, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_apply__create_that_tells_its_rid_reads_nothing, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_apply__failed_create_skips_later_ops_on_that_account, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_apply__depends_on_skips_transitively_naming_the_root, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_apply__failed_rename_skips_ops_on_old_and_new_name, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_apply__stop_finishes_current_op_and_skips_the_rest, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_apply__changed_password_source_is_refused_without_a_call, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_apply__password_and_fields_make_two_writes_and_no_read, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_apply__replace_whose_add_fails_says_the_account_is_gone, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_apply__disable_keeps_the_live_managed_flags, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_apply__forward_dependency_is_refused_before_any_call, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_apply__unrecorded_result_stops_the_run, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_apply__already_member_counts_as_done, fx_setup, fx_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
