/* test_diff.c: the diff's rules on models and snapshots built in memory
 * (the golden cases of test_plan_golden cover the same through files). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "diff.h"
#include "error.h"
#include "fingerprint.h"
#include "live.h"
#include "model.h"
#include "plan.h"
#include "xalloc.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

static struct nu_user *add_live(struct live *l, const char *name, uint32_t rid, uint32_t flags)
{
	struct nu_user *u = live_add_user(l);

	u->name = xstrdup(name);
	u->rid = rid;
	u->sid = xasprintf("S-1-5-21-1-2-3-%u", (unsigned)rid);
	u->flags = flags | UF_NORMAL_ACCOUNT;
	u->acct_expires = NU_EXPIRES_NEVER;
	u->full_name = xstrdup("");
	u->comment = xstrdup("");
	return u;
}

static struct m_user *add_want(struct model *m, const char *name, enum m_action a)
{
	struct m_user *u = model_add_user(m);

	u->name = xstrdup(name);
	u->action = a;
	u->pos.file = model_intern(m, "t.yaml");
	u->pos.line = (unsigned)m->n_users;
	u->pos.col = 3;
	return u;
}

static struct plan *plan_ok(const struct model *m, const struct live *l,
			    const struct pw_history *h, const struct desired_secrets *s)
{
	struct acc_error err = { 0 };
	struct plan *p = NULL;

	if (reconcile_plan(m, l, h, s, &p, &err) < 0)
		fail_msg("%s: %s", err.where, err.msg);
	return p;
}

static void test_diff__update_keeps_unlisted_fields(void **state)
{
	struct model *m = model_new();
	struct live *l = live_new();
	struct plan *p;

	(void)state;
	add_live(l, "alice", 1001, UF_DONT_EXPIRE_PASSWD)->comment = xstrdup("keep");
	add_want(m, "ALICE", M_UPDATE)->disabled = M_TRUE;
	p = plan_ok(m, l, NULL, NULL);
	assert_int_equal(p->n_ops, 1);
	assert_int_equal(p->ops[0].kind, OP_UPDATE);
	assert_int_equal(p->ops[0].mask, NU_F_FLAGS);
	assert_int_equal(p->ops[0].after.flags,
			 UF_NORMAL_ACCOUNT | UF_DONT_EXPIRE_PASSWD | UF_ACCOUNTDISABLE);
	assert_string_equal(p->ops[0].src_file, "t.yaml");
	plan_free(p);
	live_free(l);
	model_free(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_diff__update_keeps_unlisted_fields),
	};

	setenv("TZ", "UTC", 1);
	tzset();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
