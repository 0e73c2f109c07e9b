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
#include "names.h"
#include "plan.h"
#include "plan_render.h"
#include "strbuf.h"
#include "xalloc.h"

#include <locale.h>

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

	if (reconcile_plan(m, l, h, NULL, s, &p, &err) < 0)
		fail_msg("%s: %s", err.where, err.msg);
	return p;
}

static void test_diff__update_keeps_unlisted_fields(void **state)
{
	struct model *m = model_new();
	struct live *l = live_new();
	struct plan *p;
	struct nu_user *lu;

	(void)state;
	lu = add_live(l, "alice", 1001, UF_DONT_EXPIRE_PASSWD);
	free(lu->comment);
	lu->comment = xstrdup("keep");
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


static void test_diff__ops_in_apply_order_with_dependencies(void **state)
{
	struct model *m = model_new();
	struct live *l = live_new();
	struct live_group *g = live_add_group(l, "Users", "S-1-5-32-545", NULL);
	struct plan *p;

	(void)state;
	(void)g;
	add_live(l, "gone", 1001, 0);
	add_live(l, "old", 1002, 0);
	add_want(m, "gone", M_DELETE);
	m_user_add_group(add_want(m, "fresh", M_UPDATE), "Users");
	add_want(m, "old", M_UPDATE)->new_name = xstrdup("new");
	m->users[2].full_name = xstrdup("New");
	p = plan_ok(m, l, NULL, NULL);
	assert_int_equal(p->n_ops, 5);
	assert_int_equal(p->ops[0].kind, OP_RENAME);
	assert_int_equal(p->ops[1].kind, OP_CREATE);
	assert_int_equal(p->ops[2].kind, OP_UPDATE);
	assert_int_equal(p->ops[3].kind, OP_GROUP_ADD);
	assert_int_equal(p->ops[4].kind, OP_DELETE);
	for (size_t i = 0; i < p->n_ops; i++)
		assert_int_equal(p->ops[i].id, i + 1);
	assert_int_equal(p->ops[2].depends_on, 1);  /* update of "new" after the rename */
	assert_int_equal(p->ops[3].depends_on, 2);  /* membership after the create */
	assert_null(p->ops[3].member_sid);
	assert_string_equal(p->ops[3].member_name, "fresh");
	plan_free(p);
	live_free(l);
	model_free(m);
}

/* The password age check at its boundary: exactly the slack is converged,
 * one second more is "changed outside accord". */
static void test_diff__password_age_slack_boundary(void **state)
{
	struct model *m = model_new();
	struct live *l = live_new();
	struct pw_history h = PW_HISTORY_INIT;
	struct desired_secret one = { "ab12", 12 };
	struct desired_secrets s = { &one, 1 };
	struct nu_user *u = add_live(l, "alice", 1001, 0);
	struct m_user *w = add_want(m, "alice", M_UPDATE);
	struct plan *p;

	(void)state;
	w->password.kind = PW_ENV;
	w->password.ref = xstrdup("X");
	l->taken_at = 100000;
	pw_history_add(&h, "ALICE", 1001, "ab12", 10, 100000 - 5000);
	{
		/* without the desired secrets the plan cannot decide: an error */
		struct acc_error err = { 0 };
		struct plan *none = NULL;

		assert_int_equal(reconcile_plan(m, l, &h, NULL, NULL, &none, &err), -1);
		assert_int_equal(err.code, ACC_EINVAL);
		assert_non_null(strstr(err.msg, "password source was not read"));
	}
	u->password_age = 10 + 5000 - DIFF_PW_AGE_SLACK;
	p = plan_ok(m, l, &h, &s);
	assert_int_equal(p->n_ops, 0);
	plan_free(p);
	u->password_age--;
	p = plan_ok(m, l, &h, &s);
	assert_int_equal(p->n_ops, 1);
	assert_int_equal(p->ops[0].mask, NU_F_PASSWORD);
	assert_string_equal(p->ops[0].pw_fingerprint, "ab12");
	assert_string_equal(p->ops[0].pw_ref, "X");
	assert_non_null(strstr(p->ops[0].reason, "changed outside accord since"));
	plan_free(p);
	pw_history_release(&h);
	live_free(l);
	model_free(m);
}

static void test_diff__failure_leaves_plan_untouched(void **state)
{
	struct model *m = model_new();
	struct live *l = live_new();
	struct plan *p = plan_new();
	struct acc_error err = { 0 };

	(void)state;
	add_live(l, "a", 1001, 0);
	add_live(l, "b", 1002, 0);
	add_want(m, "c", M_UPDATE);                       /* would be a create */
	add_want(m, "a", M_UPDATE)->new_name = xstrdup("B");  /* both exist */
	assert_int_equal(diff_run(m, l, NULL, NULL, NULL, p, &err), -1);
	assert_int_equal(err.code, ACC_EPOLICY);
	assert_string_equal(err.where, "t.yaml:2:3");
	assert_non_null(strstr(err.msg, "'a' to 'b'"));
	assert_int_equal(p->n_ops, 0);
	assert_int_equal(p->n_warnings, 0);
	plan_free(p);
	live_free(l);
	model_free(m);
}

static void test_diff__last_admin_by_priv_without_group(void **state)
{
	struct model *m = model_new();
	struct live *l = live_new();
	struct acc_error err = { 0 };
	struct plan *p = NULL;

	(void)state;
	add_live(l, "boss", 1001, 0)->priv = LIVE_PRIV_ADMIN;
	add_live(l, "worker", 1002, 0);
	m->policy.unmanaged = UNMANAGED_DISABLE;
	add_want(m, "worker", M_UPDATE);
	assert_int_equal(reconcile_plan(m, l, NULL, NULL, NULL, &p, &err), -1);
	assert_null(p);
	assert_int_equal(err.code, ACC_EPOLICY);
	assert_non_null(strstr(err.msg, "NERR_LastAdmin"));
	assert_non_null(strstr(err.msg, "disabling 'boss' (unmanaged policy)"));
	live_free(l);
	model_free(m);
}

static void test_diff__fingerprint_is_salted_scrypt_hex(void **state)
{
	unsigned char s1[32] = { 1 }, s2[32] = { 2 };
	char a[FP_HEX_LEN + 1], b[FP_HEX_LEN + 1], c[FP_HEX_LEN + 1];

	(void)state;
	assert_int_equal(fp_compute(s1, sizeof(s1), "Secret-1", a, NULL), 0);
	assert_int_equal(fp_compute(s1, sizeof(s1), "Secret-1", b, NULL), 0);
	assert_int_equal(fp_compute(s2, sizeof(s2), "Secret-1", c, NULL), 0);
	assert_string_equal(a, b);
	assert_string_not_equal(a, c);
	assert_int_equal(strlen(a), FP_HEX_LEN);
	assert_int_equal(strspn(a, "0123456789abcdef"), FP_HEX_LEN);
}

static int calls;

static void free_secret(char *s)
{
	free(s);
}

static int fake_secret(void *ud, const struct m_user *u, char **secret, struct acc_error *err)
{
	(void)ud;
	(void)err;
	calls++;
	*secret = xasprintf("pw-%s-\xc3\xa9", u->password.ref);  /* a 2-byte character */
	return 0;
}

static void test_diff__secrets_read_once_per_source(void **state)
{
	struct model *m = model_new();
	struct desired_secrets s = DESIRED_SECRETS_INIT;
	unsigned char salt[32] = { 0 };
	const char *refs[] = { "A", "B", "A", NULL };

	(void)state;
	for (size_t i = 0; i < 4; i++) {
		struct m_user *u = add_want(m, refs[i] ? refs[i] : "none", M_UPDATE);

		u->password.kind = refs[i] ? PW_ENV : PW_NONE;
		u->password.ref = xstrdup(refs[i]);
	}
	calls = 0;
	assert_int_equal(desired_secrets_compute(m, salt, sizeof(salt), fake_secret, free_secret, NULL,
						 &s, NULL), 0);
	assert_int_equal(calls, 2);
	assert_int_equal(s.n, 4);
	assert_string_equal(s.v[0].fingerprint, s.v[2].fingerprint);
	assert_string_not_equal(s.v[0].fingerprint, s.v[1].fingerprint);
	assert_int_equal(s.v[1].length, 6);  /* "pw-B-é" in characters */
	assert_null(s.v[3].fingerprint);
	desired_secrets_release(&s);
	model_free(m);
}

static void test_diff__live_json_round_trip(void **state)
{
	struct live *l = live_new(), *back = NULL;
	struct live_group *g = live_add_group(l, "Administrators", LIVE_SID_ADMINISTRATORS, NULL);
	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;
	struct acc_error err = { 0 };
	struct nu_user *u = add_live(l, "Ann \"Q\"", 1001, UF_ACCOUNTDISABLE);

	(void)state;
	u->acct_expires = 1767225540;
	u->password_age = 77;
	u->password_expired = true;
	l->has_modals = true;
	l->modals.min_passwd_len = 8;
	l->connected_as = xstrdup("DOM\\root");
	live_group_add_member(g, u->sid, "DOM\\Ann");
	sb_init(&a);
	sb_init(&b);
	live_to_json(l, &a);
	if (live_from_json(a.buf, a.len, "x", &back, &err) < 0)
		fail_msg("%s", err.msg);
	live_to_json(back, &b);
	assert_string_equal(a.buf, b.buf);
	assert_true(live_is_connected_as(back, "ROOT"));
	assert_int_equal(back->users[0].acct_expires, 1767225540);
	sb_release(&a);
	sb_release(&b);
	live_free(back);
	live_free(l);
}

static void test_diff__live_json_refuses_unknown_members(void **state)
{
	const char *text = "{\"users\": [{\"name\": \"a\", \"ful_name\": \"x\"}]}";
	struct acc_error err = { 0 };
	struct live *l = NULL;

	(void)state;
	assert_int_equal(live_from_json(text, strlen(text), "live.json", &l, &err), -1);
	assert_null(l);
	assert_non_null(strstr(err.msg, "live.json:1:"));
	assert_non_null(strstr(err.msg, "unknown member 'ful_name'"));
}

static void test_diff__name_hash_agrees_with_name_eq(void **state)
{
	(void)state;
	assert_int_equal(acc_name_hash("Administrator"), acc_name_hash("aDMINISTRATOR"));
	assert_true(acc_name_eq("\xc3\xa9mile", "\xc3\x89MILE"));  /* émile / ÉMILE */
	assert_int_equal(acc_name_hash("\xc3\xa9mile"), acc_name_hash("\xc3\x89MILE"));
}

static void test_diff__render_shows_plan_id_and_colour_only_when_asked(void **state)
{
	struct model *m = model_new();
	struct live *l = live_new();
	struct strbuf t = STRBUF_INIT, c = STRBUF_INIT, j = STRBUF_INIT;
	struct plan *p;

	(void)state;
	add_want(m, "new", M_CREATE);
	p = plan_ok(m, l, NULL, NULL);
	p->id = xstrdup("P-7");
	sb_init(&t);
	sb_init(&c);
	sb_init(&j);
	plan_render_text(p, false, &t);
	plan_render_text(p, true, &c);
	plan_render_json(p, 0, &j);
	assert_null(strchr(t.buf, '\033'));
	assert_non_null(strstr(c.buf, "\033[32m  +\033[0m user \"new\""));
	assert_non_null(strstr(t.buf, "Plan: 1 to add, 0 to change, 0 to destroy.\nSaved plan: P-7\n"));
	assert_non_null(strstr(j.buf, "\"plan_id\": \"P-7\""));
	sb_release(&t);
	sb_release(&c);
	sb_release(&j);
	plan_free(p);
	live_free(l);
	model_free(m);
}

static struct plan *plan_mc(const struct model *m, const struct live *l,
			    const struct mc_history *mc, const struct pw_history *h,
			    const struct desired_secrets *s)
{
	struct acc_error err = { 0 };
	struct plan *p = NULL;

	if (reconcile_plan(m, l, h, mc, s, &p, &err) < 0)
		fail_msg("%s: %s", err.where, err.msg);
	return p;
}

/* The only op (or note) of p on account. */
static const struct plan_op *only_op(const struct plan *p, enum op_kind kind)
{
	assert_int_equal(p->n_ops, 1);
	assert_int_equal(p->ops[0].kind, kind);
	return &p->ops[0];
}

/* An existing account the file asks must-change of, with no record: set
 * once (first time accord manages it); with the record of what that apply
 * did, never again, whether the user changed the password since or not. */
static void test_diff__must_change_applied_once_per_account(void **state)
{
	struct model *m = model_new();
	struct live *l = live_new();
	struct mc_history mc = MC_HISTORY_INIT;
	struct nu_user *lu = add_live(l, "bob", 1002, 0);
	const struct plan_op *op;
	struct plan *p;

	(void)state;
	l->taken_at = 1718000000;
	lu->password_age = 86400;
	add_want(m, "bob", M_UPDATE)->must_change_password = M_TRUE;
	p = plan_mc(m, l, &mc, NULL, NULL);
	op = only_op(p, OP_UPDATE);
	assert_int_equal(op->mask, NU_F_PASSWORD_EXPIRED);
	assert_false(op->before.password_expired);
	assert_true(op->after.password_expired);
	assert_int_equal(op->must_change, OP_MC_FIRST_MANAGED);
	assert_string_equal(op->before.sid, "S-1-5-21-1-2-3-1002");
	assert_non_null(strstr(op->reason, "the first time accord manages this account"));
	plan_free(p);

	/* apply recorded it; the server now asks for a change */
	mc_history_add(&mc, "S-1-5-21-1-2-3-1002", "bob", OP_MC_FIRST_MANAGED, 1718000100);
	l->taken_at = 1718000200;
	lu->password_expired = true;
	lu->password_age = 0;
	p = plan_mc(m, l, &mc, NULL, NULL);
	op = only_op(p, OP_NOTE);
	assert_int_equal(op->must_change, OP_MC_ALREADY);
	assert_int_equal(op->must_change_at, 1718000100);
	assert_non_null(strstr(op->reason, "already applied on"));
	assert_non_null(strstr(op->reason, "the user has not changed the password yet"));
	assert_true(plan_is_empty(p));
	plan_free(p);

	/* the user changed the password: no longer expired, a young password */
	l->taken_at = 1718090000;
	lu->password_expired = false;
	lu->password_age = 600;
	p = plan_mc(m, l, &mc, NULL, NULL);
	op = only_op(p, OP_NOTE);
	assert_int_equal(op->must_change, OP_MC_ALREADY);
	assert_non_null(strstr(op->reason, "the user changed the password on"));
	assert_non_null(strstr(op->reason, "not again"));
	assert_true(plan_is_empty(p));
	plan_free(p);
	mc_history_release(&mc);
	live_free(l);
	model_free(m);
}

/* The record is the account's SID: a renamed account keeps it, an account
 * recreated under the same name (new RID, new SID) does not. */
static void test_diff__must_change_record_follows_the_sid(void **state)
{
	struct model *m = model_new();
	struct live *l = live_new();
	struct mc_history mc = MC_HISTORY_INIT;
	struct nu_user *lu = add_live(l, "bob", 1002, 0);
	struct m_user *w = add_want(m, "bob", M_UPDATE);
	struct plan *p;

	(void)state;
	l->taken_at = 1718000000;
	lu->password_age = 3600;
	w->new_name = xstrdup("robert");
	w->must_change_password = M_TRUE;
	mc_history_add(&mc, "S-1-5-21-1-2-3-1002", "bob", OP_MC_FIRST_MANAGED, 1717990000);
	p = plan_mc(m, l, &mc, NULL, NULL);
	assert_int_equal(p->n_ops, 2);
	assert_int_equal(p->ops[0].kind, OP_RENAME);
	assert_int_equal(p->ops[1].kind, OP_NOTE);
	assert_int_equal(p->ops[1].must_change, OP_MC_ALREADY);
	assert_string_equal(p->ops[1].account, "robert");
	plan_free(p);

	/* same name, another account: the record of the old SID is not its own */
	free(lu->sid);
	lu->sid = xstrdup("S-1-5-21-1-2-3-1010");
	lu->rid = 1010;
	free(w->new_name);
	w->new_name = NULL;
	p = plan_mc(m, l, &mc, NULL, NULL);
	assert_int_equal(only_op(p, OP_UPDATE)->must_change, OP_MC_FIRST_MANAGED);
	plan_free(p);
	mc_history_release(&mc);
	live_free(l);
	model_free(m);
}

/* With a password accord sets, must-change goes with it (and is recorded
 * again), record or not; a new account gets it with its password. */
static void test_diff__must_change_with_the_password_accord_sets(void **state)
{
	struct model *m = model_new();
	struct live *l = live_new();
	struct mc_history mc = MC_HISTORY_INIT;
	struct desired_secret sec[2] = { { "ab12", 12 }, { "cd34", 12 } };
	struct desired_secrets s = { sec, 2 };
	struct m_user *w = add_want(m, "bob", M_UPDATE);
	struct plan *p;

	(void)state;
	add_live(l, "bob", 1002, 0);
	w->must_change_password = M_TRUE;
	w->password.kind = PW_ENV;
	w->password.ref = xstrdup("BOB_PW");
	w = add_want(m, "newbie", M_UPDATE);
	w->must_change_password = M_TRUE;
	w->password.kind = PW_ENV;
	w->password.ref = xstrdup("NEW_PW");
	mc_history_add(&mc, "S-1-5-21-1-2-3-1002", "bob", OP_MC_FIRST_MANAGED, 1717990000);
	p = plan_mc(m, l, &mc, NULL, &s);  /* no password record: set */
	assert_int_equal(p->n_ops, 2);
	assert_int_equal(p->ops[0].kind, OP_CREATE);
	assert_int_equal(p->ops[0].must_change, OP_MC_WITH_PASSWORD);
	assert_int_equal(p->ops[0].mask & (NU_F_PASSWORD | NU_F_PASSWORD_EXPIRED),
			 NU_F_PASSWORD | NU_F_PASSWORD_EXPIRED);
	assert_int_equal(p->ops[1].kind, OP_UPDATE);
	assert_int_equal(p->ops[1].must_change, OP_MC_WITH_PASSWORD);
	assert_int_equal(p->ops[1].mask, NU_F_PASSWORD | NU_F_PASSWORD_EXPIRED);
	assert_true(p->ops[1].after.password_expired);
	plan_free(p);
	mc_history_release(&mc);
	live_free(l);
	model_free(m);
}

/* An account that keeps "cannot change password" never gets must-change
 * (a standalone Samba server ignores it, Windows would lock the user out),
 * nor one that keeps "password never expires": a note says so, and nothing
 * is recorded. Clearing it in the file lets it be applied in the same op. */
static void test_diff__must_change_not_while_blocked_by_flags(void **state)
{
	struct model *m = model_new();
	struct live *l = live_new();
	struct desired_secret sec = { "ab12", 12 };
	struct desired_secrets s = { &sec, 1 };
	struct m_user *w = add_want(m, "bob", M_UPDATE);
	const struct plan_op *op;
	struct plan *p;

	(void)state;
	add_live(l, "bob", 1002, UF_PASSWD_CANT_CHANGE);
	w->must_change_password = M_TRUE;
	p = plan_mc(m, l, NULL, NULL, NULL);
	op = only_op(p, OP_NOTE);
	assert_int_equal(op->must_change, OP_MC_CANNOT_CHANGE);
	assert_non_null(strstr(op->reason, "standalone Samba server ignores must-change"));
	plan_free(p);

	/* a password is still set, without must-change */
	w->password.kind = PW_ENV;
	w->password.ref = xstrdup("BOB_PW");
	p = plan_mc(m, l, NULL, NULL, &s);
	assert_int_equal(p->n_ops, 2);
	assert_int_equal(p->ops[0].kind, OP_UPDATE);
	assert_int_equal(p->ops[0].mask, NU_F_PASSWORD);
	assert_int_equal(p->ops[0].must_change, OP_MC_NONE);
	assert_int_equal(p->ops[1].must_change, OP_MC_CANNOT_CHANGE);
	plan_free(p);

	w->cannot_change_password = M_FALSE;
	p = plan_mc(m, l, NULL, NULL, &s);
	op = only_op(p, OP_UPDATE);
	assert_int_equal(op->mask, NU_F_FLAGS | NU_F_PASSWORD | NU_F_PASSWORD_EXPIRED);
	assert_int_equal(op->after.flags & UF_PASSWD_CANT_CHANGE, 0);
	assert_int_equal(op->must_change, OP_MC_WITH_PASSWORD);
	plan_free(p);

	/* nor while the password never expires (an AD DC reads must-change off) */
	l->users[0].flags = UF_NORMAL_ACCOUNT | UF_DONT_EXPIRE_PASSWD;
	free(w->password.ref);
	w->password.ref = NULL;
	w->password.kind = PW_NONE;
	p = plan_mc(m, l, NULL, NULL, NULL);
	op = only_op(p, OP_NOTE);
	assert_int_equal(op->must_change, OP_MC_NEVER_EXPIRES);
	assert_non_null(strstr(op->reason, "password_never_expires: false to apply it"));
	plan_free(p);
	w->password_never_expires = M_FALSE;
	p = plan_mc(m, l, NULL, NULL, NULL);
	op = only_op(p, OP_UPDATE);
	assert_int_equal(op->mask, NU_F_FLAGS | NU_F_PASSWORD_EXPIRED);
	assert_int_equal(op->after.flags & UF_DONT_EXPIRE_PASSWD, 0);
	assert_int_equal(op->must_change, OP_MC_FIRST_MANAGED);
	plan_free(p);
	live_free(l);
	model_free(m);
}

/* A state from before must-change records (only a password history): the
 * user changed the password accord set with must-change; not again. */
static void test_diff__must_change_not_again_from_password_history(void **state)
{
	struct model *m = model_new();
	struct live *l = live_new();
	struct pw_history h = PW_HISTORY_INIT;
	struct desired_secret sec = { "ab12", 12 };
	struct desired_secrets s = { &sec, 1 };
	struct nu_user *lu = add_live(l, "bob", 1002, 0);
	struct m_user *w = add_want(m, "bob", M_UPDATE);
	const struct plan_op *op;
	struct plan *p;

	(void)state;
	l->taken_at = 1718000000;
	lu->password_age = 3600;   /* changed an hour ago */
	w->must_change_password = M_TRUE;
	w->password.kind = PW_ENV;
	w->password.ref = xstrdup("BOB_PW");
	pw_history_add(&h, "bob", 1002, "ab12", 0, 1717000000);
	p = plan_mc(m, l, NULL, &h, &s);
	op = only_op(p, OP_NOTE);
	assert_int_equal(op->must_change, OP_MC_ALREADY);
	assert_int_equal(op->must_change_at, 1717000000);
	assert_non_null(strstr(op->reason, "with the password accord set"));
	plan_free(p);
	pw_history_release(&h);
	live_free(l);
	model_free(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_diff__update_keeps_unlisted_fields),
		cmocka_unit_test(test_diff__ops_in_apply_order_with_dependencies),
		cmocka_unit_test(test_diff__password_age_slack_boundary),
		cmocka_unit_test(test_diff__failure_leaves_plan_untouched),
		cmocka_unit_test(test_diff__last_admin_by_priv_without_group),
		cmocka_unit_test(test_diff__fingerprint_is_salted_scrypt_hex),
		cmocka_unit_test(test_diff__secrets_read_once_per_source),
		cmocka_unit_test(test_diff__live_json_round_trip),
		cmocka_unit_test(test_diff__live_json_refuses_unknown_members),
		cmocka_unit_test(test_diff__name_hash_agrees_with_name_eq),
		cmocka_unit_test(test_diff__render_shows_plan_id_and_colour_only_when_asked),
		cmocka_unit_test(test_diff__must_change_applied_once_per_account),
		cmocka_unit_test(test_diff__must_change_record_follows_the_sid),
		cmocka_unit_test(test_diff__must_change_with_the_password_accord_sets),
		cmocka_unit_test(test_diff__must_change_not_while_blocked_by_flags),
		cmocka_unit_test(test_diff__must_change_not_again_from_password_history),
	};

	setenv("TZ", "UTC", 1);
	tzset();
	setlocale(LC_ALL, "C.UTF-8");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
