/* test_apply_stale.c: how a saved plan's snapshot is compared with the
 * server as it is now (apply_stale.c). */
#include "apply.h"
#include "strbuf.h"
#include "xalloc.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

static struct nu_user full(const char *name, uint32_t rid)
{
	struct nu_user u = { 0 };

	u.name = xstrdup(name);
	u.rid = rid;
	u.full_name = xstrdup("Ann Smith");
	u.comment = xstrdup("");
	u.flags = UF_NORMAL_ACCOUNT | UF_DONT_EXPIRE_PASSWD;
	u.acct_expires = NU_EXPIRES_NEVER;
	u.password_age = 100;
	u.known = NU_F_FULL_NAME | NU_F_COMMENT | NU_F_USR_COMMENT | NU_F_FLAGS |
		NU_F_ACCT_EXPIRES | NU_F_PASSWORD_EXPIRED | NU_F_HOME_DIR |
		NU_F_SCRIPT_PATH | NU_F_PROFILE;
	return u;
}

static void test_apply_stale__same_record_later_is_not_stale(void **state)
{
	struct nu_user a = full("ann", 1001), b = full("ann", 1001);
	struct strbuf sb = STRBUF_INIT;

	(void)state;
	sb_init(&sb);
	b.password_age = 160;  /* a minute later, same set time */
	b.flags |= UF_LOCKOUT; /* not a managed flag */
	assert_int_equal(apply_stale_diff("ann", &a, &b, 1000, 1060, &sb), 0);
	assert_string_equal(sb.buf, "");
	sb_release(&sb);
	nu_user_release(&a);
	nu_user_release(&b);
}

static void test_apply_stale__changes_are_each_named(void **state)
{
	struct nu_user a = full("ann", 1001), b = full("ann", 1002);
	struct strbuf sb = STRBUF_INIT;

	(void)state;
	sb_init(&sb);
	free(b.full_name);
	b.full_name = xstrdup("Ann Jones");
	b.flags |= UF_ACCOUNTDISABLE;
	b.password_age = 5;    /* set again a moment ago */
	assert_int_equal(apply_stale_diff("ann", &a, &b, 1000, 1060, &sb), 4);
	assert_non_null(strstr(sb.buf, "ann: rid 1001 -> 1002"));
	assert_non_null(strstr(sb.buf, "ann: full name 'Ann Smith' -> 'Ann Jones'"));
	assert_non_null(strstr(sb.buf, "ann: flags 0x10000 -> 0x10002"));
	assert_non_null(strstr(sb.buf, "ann: password was set again"));
	sb_release(&sb);
	nu_user_release(&a);
	nu_user_release(&b);
}

static void test_apply_stale__appeared_and_vanished_accounts(void **state)
{
	struct nu_user a = full("ann", 1001);
	struct strbuf sb = STRBUF_INIT;

	(void)state;
	sb_init(&sb);
	assert_int_equal(apply_stale_diff("ann", NULL, &a, 1000, 1060, &sb), 1);
	assert_int_equal(apply_stale_diff("ann", &a, NULL, 1000, 1060, &sb), 1);
	assert_int_equal(apply_stale_diff("ann", NULL, NULL, 1000, 1060, &sb), 0);
	assert_non_null(strstr(sb.buf, "ann: exists now (rid 1001)"));
	assert_non_null(strstr(sb.buf, "ann: no longer exists"));
	sb_release(&sb);
	nu_user_release(&a);
}

static void test_apply_stale__fields_unknown_to_the_snapshot_are_not_compared(void **state)
{
	struct nu_user a = full("ann", 1001), b = full("ann", 1001);
	struct strbuf sb = STRBUF_INIT;

	(void)state;
	sb_init(&sb);
	a.known = NU_F_FULL_NAME | NU_F_COMMENT | NU_F_FLAGS;  /* as enumerated */
	free(b.profile);
	b.profile = xstrdup("\\\\srv\\p");
	b.password_age = 1;
	assert_int_equal(apply_stale_diff("ann", &a, &b, 1000, 1060, &sb), 0);
	sb_release(&sb);
	nu_user_release(&a);
	nu_user_release(&b);
}

static void test_apply_stale__touched_names_once_with_rename_targets(void **state)
{
	struct plan *p = plan_new();
	struct plan_op *op;
	const char **v;
	size_t n;

	(void)state;
	op = plan_add_op(p, OP_RENAME, "old");
	op->new_name = xstrdup("new");
	plan_add_op(p, OP_UPDATE, "New");
	plan_add_op(p, OP_REPORT, "stray");
	plan_add_op(p, OP_DELETE, "gone");
	v = apply_touched(p, &n);
	assert_int_equal(n, 3);
	assert_string_equal(v[0], "old");
	assert_string_equal(v[1], "new");
	assert_string_equal(v[2], "gone");
	free(v);
	plan_free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_apply_stale__same_record_later_is_not_stale),
		cmocka_unit_test(test_apply_stale__changes_are_each_named),
		cmocka_unit_test(test_apply_stale__appeared_and_vanished_accounts),
		cmocka_unit_test(test_apply_stale__fields_unknown_to_the_snapshot_are_not_compared),
		cmocka_unit_test(test_apply_stale__touched_names_once_with_rename_targets),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
