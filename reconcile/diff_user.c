/* diff_user.c: one desired user against the live account it targets
 * (MS-GPPREF 2.2.1.11.2 for what each action does). */
#include "diff_int.h"

#include "error.h"
#include "names.h"
#include "xalloc.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const struct {
	unsigned bit;
	size_t m_off, nu_off;
} str_fields[] = {
	{ NU_F_FULL_NAME, offsetof(struct m_user, full_name), offsetof(struct nu_user, full_name) },
	{ NU_F_COMMENT, offsetof(struct m_user, description), offsetof(struct nu_user, comment) },
	{ NU_F_USR_COMMENT, offsetof(struct m_user, usr_comment), offsetof(struct nu_user, usr_comment) },
	{ NU_F_HOME_DIR, offsetof(struct m_user, home_dir), offsetof(struct nu_user, home_dir) },
	{ NU_F_SCRIPT_PATH, offsetof(struct m_user, logon_script), offsetof(struct nu_user, script_path) },
	{ NU_F_PROFILE, offsetof(struct m_user, profile), offsetof(struct nu_user, profile) },
};
#define STR_AT(base, off) (*(char **)((char *)(base) + (off)))

/* MS-GPPREF: "The time is assumed to be 23:59 on the assigned date", local
 * time: mktime in the process's zone, which must be the server's. */
static int64_t expiry_time(const struct m_expiry *e)
{
	struct tm tm = { 0 };

	if (e->kind == EXP_NEVER)
		return NU_EXPIRES_NEVER;
	tm.tm_year = e->year - 1900;
	tm.tm_mon = e->month - 1;
	tm.tm_mday = e->day;
	tm.tm_hour = 23;
	tm.tm_min = 59;
	tm.tm_isdst = -1;
	return (int64_t)mktime(&tm);
}

/* Windows keeps the exact instant; the file states a day: compare the live
 * value's local calendar day. */
static bool expiry_same(int64_t live, const struct m_expiry *e)
{
	time_t t = (time_t)live;
	struct tm tm;

	if (e->kind == EXP_NEVER)
		return live == NU_EXPIRES_NEVER;
	if (live == NU_EXPIRES_NEVER || !localtime_r(&t, &tm))
		return false;
	return tm.tm_year + 1900 == e->year && tm.tm_mon + 1 == e->month && tm.tm_mday == e->day;
}

static void flag_bit(enum m_bool b, uint32_t bit, uint32_t *on, uint32_t *off)
{
	if (b == M_TRUE)
		*on |= bit;
	else if (b == M_FALSE)
		*off |= bit;
}

/* Fields the file states that differ from lu; every stated field when lu
 * is NULL (a new account). Passwords and must-change are decided apart. */
static unsigned diff_fields(const struct m_user *u, const struct nu_user *lu,
			    struct nu_user *before, struct nu_user *after)
{
	uint32_t on = 0, off = 0, base, want;
	unsigned mask = 0;

	for (size_t i = 0; i < sizeof(str_fields) / sizeof(str_fields[0]); i++) {
		const char *w = STR_AT(u, str_fields[i].m_off);
		const char *have = lu ? STR_AT(lu, str_fields[i].nu_off) : NULL;

		if (!w || (lu && !strcmp(have ? have : "", w)))
			continue;
		mask |= str_fields[i].bit;
		STR_AT(after, str_fields[i].nu_off) = xstrdup(w);
		if (lu)
			STR_AT(before, str_fields[i].nu_off) = xstrdup(have ? have : "");
	}
	flag_bit(u->disabled, UF_ACCOUNTDISABLE, &on, &off);
	flag_bit(u->cannot_change_password, UF_PASSWD_CANT_CHANGE, &on, &off);
	flag_bit(u->password_never_expires, UF_DONT_EXPIRE_PASSWD, &on, &off);
	base = lu ? lu->flags : UF_NORMAL_ACCOUNT;
	want = (base & ~off) | on;
	if (lu ? ((want ^ base) & NU_MANAGED_FLAGS) != 0 : (on | off) != 0) {
		mask |= NU_F_FLAGS;
		before->flags = lu ? base : 0;
		after->flags = want;
	}
	if (u->expires.kind != EXP_UNSET && !(lu && expiry_same(lu->acct_expires, &u->expires))) {
		mask |= NU_F_ACCT_EXPIRES;
		after->acct_expires = expiry_time(&u->expires);
		before->acct_expires = lu ? lu->acct_expires : 0;
	}
	return mask;
}

static const struct desired_secret *secret_of(const struct diff_ctx *c, size_t ui)
{
	if (!c->sec || ui >= c->sec->n || !c->sec->v[ui].fingerprint)
		return NULL;
	return &c->sec->v[ui];
}

/* The password check the server would make (NetUserModalsGet level 0),
 * done at plan time so the plan, not the apply, fails. */
static int check_secret(struct diff_ctx *c, size_t ui, const char *account)
{
	const struct m_user *u = &c->m->users[ui];
	const struct desired_secret *s = secret_of(c, ui);

	if (!s)
		return diff_fail(c, &u->pos, ACC_EINVAL,
				 "%s: the password source was not read before planning "
				 "(desired secrets are missing)", account);
	if (c->l->has_modals && s->length < (long)c->l->modals.min_passwd_len)
		return diff_fail(c, &u->pos, ACC_EPOLICY,
				 "%s: password is %ld characters, the server requires at least %u "
				 "(NERR_PasswordTooShort)", account, s->length,
				 (unsigned)c->l->modals.min_passwd_len);
	return 0;
}

/* Puts must-change into op (case mc), after what the server has now. */
static void set_must_change(struct plan_op *op, enum op_must_change mc, bool expired_before)
{
	op->mask |= NU_F_PASSWORD_EXPIRED;
	op->before.password_expired = expired_before;
	op->after.password_expired = true;
	op->must_change = mc;
}

/* Puts the password of user ui into op (check_secret passed). A set
 * password clears "must change at next logon" (SAM's pwdLastSet), so a
 * must-change the caller decided on (with_mc) is set again after it. */
static void set_password(struct diff_ctx *c, size_t ui, struct plan_op *op, bool expired_before,
			 bool with_mc)
{
	const struct m_user *u = &c->m->users[ui];

	op->mask |= NU_F_PASSWORD;
	op->pw_kind = u->password.kind;
	if (u->password.kind == PW_ENV || u->password.kind == PW_FILE)
		op->pw_ref = xstrdup(u->password.ref);
	op->pw_fingerprint = xstrdup(secret_of(c, ui)->fingerprint);
	if (with_mc)
		set_must_change(op, OP_MC_WITH_PASSWORD, expired_before);
}

static const struct pw_record *history_of(const struct diff_ctx *c, const struct nu_user *lu,
					  const char *final, uint32_t *rid_then)
{
	const struct pw_record *r = NULL;
	size_t i;

	static const struct pw_record recreated;

	if (nmap_get(&c->history, final, &i) || nmap_get(&c->history, lu->name, &i))
		r = &c->hist->v[i];
	/* a recorded RID that differs: the account was deleted and recreated
	 * since, so what accord set is gone (a record without fingerprint) */
	if (r && r->rid && r->rid != lu->rid) {
		*rid_then = r->rid;
		return &recreated;
	}
	return r;
}

struct pw_decision {
	bool set;
	bool user_changed;   /* changed since accord set it, and must-change asked for that */
	char why[160];
	int64_t changed_at, applied_at;
};

/* Whether an existing account's password must be set again: accord never
 * reads or tests a password, it compares the fingerprint of the desired
 * secret with the one it recorded, and the live password age with the age
 * the recorded set implies. */
static void decide_password(const struct diff_ctx *c, size_t ui, const struct nu_user *lu,
			    const char *final, struct pw_decision *d)
{
	const struct m_user *u = &c->m->users[ui];
	const struct pw_record *r;
	int64_t elapsed, expected;
	uint32_t rid_then = 0;
	char when[32];

	memset(d, 0, sizeof(*d));
	if (u->password.kind == PW_NONE || u->password_update == PWU_ON_CREATE)
		return;
	if (!secret_of(c, ui)) {
		d->set = true;  /* check_secret then says what is missing */
		return;
	}
	r = history_of(c, lu, final, &rid_then);
	if (!r || !r->fingerprint) {
		d->set = true;
		if (r)
			snprintf(d->why, sizeof(d->why), "the account was recreated since accord set "
				 "its password (RID %u, now %u)", (unsigned)rid_then, (unsigned)lu->rid);
		else
			snprintf(d->why, sizeof(d->why), "accord has not set this password before");
		return;
	}
	d->applied_at = r->applied_at;
	if (strcmp(r->fingerprint, secret_of(c, ui)->fingerprint)) {
		d->set = true;
		snprintf(d->why, sizeof(d->why), "the password in the file changed");
		return;
	}
	elapsed = c->l->taken_at > r->applied_at ? c->l->taken_at - r->applied_at : 0;
	expected = (int64_t)r->password_age + elapsed;
	if ((int64_t)lu->password_age + DIFF_PW_AGE_SLACK >= expected)
		return;  /* converged */
	d->changed_at = c->l->taken_at - (int64_t)lu->password_age;
	if (u->must_change_password == M_TRUE) {
		d->user_changed = true;
		return;
	}
	d->set = true;
	diff_fmt_time(d->changed_at, when, sizeof(when));
	snprintf(d->why, sizeof(d->why), "password changed outside accord since %s", when);
}

/* What must_change_password: true does to an existing account. */
struct mc_decision {
	enum op_must_change kind;  /* NONE: not stated */
	const struct mc_record *rec;  /* ALREADY: accord's record, NULL for one
				       * inferred from the password history */
	int64_t applied_at;
};

/* Applied once per account: with a password accord sets, or the first time
 * accord manages the account (no record for its SID); once recorded, never
 * again (the user may have changed the password since: asking again would
 * make them change it on every run). An account that keeps "cannot change
 * password" never gets it: the user could never log on on Windows, and a
 * standalone Samba server ignores must-change then (nu_user_set); nor one
 * that keeps "password never expires": Windows and a Samba AD DC do not
 * ask for a change then (measured: must-change reads back off). */
static void decide_must_change(const struct diff_ctx *c, const struct m_user *u,
			       const struct nu_user *lu, const struct pw_decision *d,
			       struct mc_decision *mc)
{
	size_t i;

	memset(mc, 0, sizeof(*mc));
	if (u->must_change_password != M_TRUE)
		return;
	if (u->cannot_change_password != M_FALSE && (lu->flags & UF_PASSWD_CANT_CHANGE)) {
		mc->kind = OP_MC_CANNOT_CHANGE;
		return;
	}
	if (u->password_never_expires != M_FALSE && (lu->flags & UF_DONT_EXPIRE_PASSWD)) {
		mc->kind = OP_MC_NEVER_EXPIRES;
		return;
	}
	if (d->set) {
		mc->kind = OP_MC_WITH_PASSWORD;
		return;
	}
	if (lu->sid && nmap_get(&c->mc_sids, lu->sid, &i)) {
		mc->kind = OP_MC_ALREADY;
		mc->rec = &c->mc->v[i];
		mc->applied_at = mc->rec->applied_at;
		return;
	}
	/* a state from before must-change was recorded per account: the
	 * password accord set carried it, and the user changed it since */
	if (d->user_changed) {
		mc->kind = OP_MC_ALREADY;
		mc->applied_at = d->applied_at;
		return;
	}
	mc->kind = OP_MC_FIRST_MANAGED;
}

/* The note of a must-change accord does not apply. */
static void note_must_change(struct diff_ctx *c, const struct m_user *u, const char *account,
			     ssize_t li, const struct mc_decision *mc)
{
	const struct nu_user *lu = &c->l->users[li];
	struct plan_op *op = diff_op(c, OP_NOTE, account, &u->pos, li, 0);
	char applied[32], changed[32];
	int64_t changed_at = c->l->taken_at - (int64_t)lu->password_age;
	const char *how;

	op->must_change = mc->kind;
	if (mc->kind == OP_MC_CANNOT_CHANGE) {
		diff_reason(op, "must_change_password is not applied: the account cannot change its "
			    "password (cannot_change_password is set on the server and the file "
			    "does not clear it), so the user could never log on, and a standalone "
			    "Samba server ignores must-change then; state cannot_change_password: "
			    "false to apply it");
		return;
	}
	if (mc->kind == OP_MC_NEVER_EXPIRES) {
		diff_reason(op, "must_change_password is not applied: the password never expires "
			    "(password_never_expires is set on the server and the file does not "
			    "clear it), and Windows and a Samba AD DC do not ask for a change of "
			    "such a password; state password_never_expires: false to apply it");
		return;
	}
	op->must_change_at = mc->applied_at;
	diff_fmt_time(mc->applied_at, applied, sizeof(applied));
	how = !mc->rec || mc->rec->how == OP_MC_WITH_PASSWORD
	      ? "with the password accord set" : "the first time accord managed this account";
	if (lu->password_expired) {
		diff_reason(op, "must_change_password already applied on %s (%s); not again: the "
			    "user has not changed the password yet", applied, how);
	} else if (changed_at + DIFF_PW_AGE_SLACK >= mc->applied_at) {
		diff_fmt_time(changed_at, changed, sizeof(changed));
		diff_reason(op, "must_change_password already applied on %s (%s); the user changed "
			    "the password on %s: not again%s", applied, how, changed,
			    u->password.kind != PW_NONE
			    ? " (change the password in the file to apply it with a new one)" : "");
	} else {
		diff_reason(op, "must_change_password already applied on %s (%s); the server no "
			    "longer asks for a change although the password is older: someone "
			    "cleared it; not again", applied, how);
	}
}

static int user_groups(struct diff_ctx *c, const struct m_user *u, const char *account,
		       const char *sid, unsigned dep)
{
	for (size_t k = 0; k < u->n_groups; k++) {
		ssize_t gi = diff_find_group(c, u->groups[k], NULL);

		if (gi < 0)
			return diff_fail(c, &u->pos, ACC_EINVAL,
					 "%s: local group '%s' does not exist on the server; accord "
					 "does not create local groups (create it first)",
					 account, u->groups[k]);
		diff_group_add(c, (size_t)gi, sid, account, &u->pos, dep);
	}
	return 0;
}

static const char *protection_of(const struct nu_user *lu, char *buf, size_t size)
{
	if (diff_rid_protected(lu->rid))
		snprintf(buf, size, "the built-in account with RID %u", (unsigned)lu->rid);
	else
		snprintf(buf, size, "an account listed in policy.protected");
	return buf;
}

/* Deleting, replacing or disabling an account: never a protected built-in
 * account without override, never the account accord is connected as. */
static int guard(struct diff_ctx *c, const struct m_user *u, const struct nu_user *lu,
		 const char *verb)
{
	char rid[64];

	if (diff_protected(c, lu) && !u->override_protection)
		return diff_fail(c, &u->pos, ACC_EPOLICY,
				 "%s: %s is protected: accord does not %s it unless the item says "
				 "override_protection: true", lu->name, protection_of(lu, rid, sizeof(rid)),
				 verb);
	if (live_is_connected_as(c->l, lu->name))
		return diff_fail(c, &u->pos, ACC_EPOLICY,
				 "%s: accord is connected as this account and does not %s it "
				 "(connect as another administrator)", lu->name, verb);
	return 0;
}

/* A new account (create, update of a missing one) or a replaced one. */
static int create(struct diff_ctx *c, size_t ui, const char *name, ssize_t li, unsigned dep,
		  const char *why)
{
	const struct m_user *u = &c->m->users[ui];
	const struct nu_user *lu = li >= 0 ? &c->l->users[li] : NULL;
	struct plan_op *op;

	if (u->password.kind != PW_NONE && check_secret(c, ui, name) < 0)
		return -1;
	op = diff_op(c, lu ? OP_REPLACE : OP_CREATE, lu ? lu->name : name, &u->pos, li, dep);
	op->mask = diff_fields(u, NULL, &op->before, &op->after);
	op->after.name = xstrdup(name);
	op->after.flags |= UF_NORMAL_ACCOUNT;
	if (lu) {
		nu_user_release(&op->before);
		nu_user_copy(&op->before, lu);
		diff_reason(op, "replace deletes and recreates the account: it gets a new SID "
			    "(the old one, %s, is gone)", lu->sid ? lu->sid : "unknown");
	}
	if (why)
		diff_reason(op, "%s", why);
	/* a new account: accord manages it from its first day */
	if (u->must_change_password == M_TRUE)
		set_must_change(op, u->password.kind != PW_NONE ? OP_MC_WITH_PASSWORD
							       : OP_MC_FIRST_MANAGED, false);
	if (u->password.kind != PW_NONE)
		set_password(c, ui, op, false, u->must_change_password == M_TRUE);
	else
		plan_add_warning(c->p, "%s: %s without a password: the file states none%s", name,
				 lu ? "recreated" : "created",
				 c->l->has_modals && c->l->modals.min_passwd_len
				 ? " and the server requires one, so it will probably refuse the account"
				 : "");
	nmap_put(&c->created, name, op->id);
	return user_groups(c, u, name, NULL, op->id);
}

static int update(struct diff_ctx *c, size_t ui, ssize_t li, const char *final, unsigned dep)
{
	const struct m_user *u = &c->m->users[ui];
	const struct nu_user *lu = &c->l->users[li];
	struct nu_user before = { 0 }, after = { 0 };
	struct pw_decision d;
	struct mc_decision mc;
	struct plan_op *op;
	unsigned mask;

	mask = diff_fields(u, lu, &before, &after);
	if ((mask & NU_F_FLAGS) && (after.flags & ~before.flags & UF_ACCOUNTDISABLE) &&
	    guard(c, u, lu, "disable") < 0)
		goto fail;
	if (u->must_change_password == M_FALSE && lu->password_expired) {
		mask |= NU_F_PASSWORD_EXPIRED;
		before.password_expired = true;
		after.password_expired = false;
	}
	decide_password(c, ui, lu, final, &d);
	if (d.set && check_secret(c, ui, final) < 0)
		goto fail;
	decide_must_change(c, u, lu, &d, &mc);
	if (mc.kind == OP_MC_FIRST_MANAGED) {
		mask |= NU_F_PASSWORD_EXPIRED;
		before.password_expired = lu->password_expired;
		after.password_expired = true;
	}
	if (mask || d.set) {
		op = diff_op(c, OP_UPDATE, final, &u->pos, li, dep);
		op->mask = mask;
		op->before = before;
		op->after = after;
		memset(&before, 0, sizeof(before));
		memset(&after, 0, sizeof(after));
		op->before.name = xstrdup(lu->name);
		op->before.sid = xstrdup(lu->sid);
		op->before.rid = lu->rid;
		op->after.name = xstrdup(final);
		if (d.set) {
			set_password(c, ui, op, lu->password_expired,
				     mc.kind == OP_MC_WITH_PASSWORD);
			diff_reason(op, "%s", d.why);
		}
		if (mc.kind == OP_MC_FIRST_MANAGED) {
			op->must_change = OP_MC_FIRST_MANAGED;
			diff_reason(op, "must_change_password: the first time accord manages this "
				    "account (%s)%s: applied once and recorded, not again after the "
				    "user changes the password", lu->sid ? lu->sid : "no SID",
				    lu->password_expired ? "; the server already asks for a change, "
				    "set again so that accord records it" : "");
		}
	}
	if (mc.kind == OP_MC_ALREADY || mc.kind == OP_MC_CANNOT_CHANGE ||
	    mc.kind == OP_MC_NEVER_EXPIRES)
		note_must_change(c, u, final, li, &mc);
	return user_groups(c, u, final, lu->sid, dep);
fail:
	nu_user_release(&before);
	nu_user_release(&after);
	return -1;
}

/* The live account an item targets: a built-in one by RID (GPP
 * subAuthority), else by name. */
static ssize_t target_of(const struct diff_ctx *c, const struct m_user *u)
{
	uint32_t rid;

	if (u->builtin == BUILTIN_NONE)
		return diff_find_user(c, u->name);
	rid = u->builtin == BUILTIN_ADMIN ? 500 : 501;
	for (size_t i = 0; i < c->l->n_users; i++)
		if (c->l->users[i].rid == rid)
			return (ssize_t)i;
	return -1;
}

static int claim(struct diff_ctx *c, size_t ui, ssize_t li)
{
	const struct m_user *u = &c->m->users[ui];
	size_t other = c->acct[li].item;

	if (other && other != ui + 1) {
		const struct src_pos *o = &c->m->users[other - 1].pos;

		return diff_fail(c, &u->pos, ACC_EINVAL,
				 "%s: this item and the one at %s:%u:%u both target the live account "
				 "'%s'; keep one", u->name, o->file ? o->file : "?", o->line, o->col,
				 c->l->users[li].name);
	}
	c->acct[li].item = ui + 1;
	return 0;
}

/* Rename (update with new_name). Sets *li to the account the rest of the
 * item applies to and *dep to the rename op; never guesses. */
static int rename_step(struct diff_ctx *c, size_t ui, ssize_t *li, unsigned *dep)
{
	const struct m_user *u = &c->m->users[ui];
	ssize_t ni = diff_find_user(c, u->new_name);
	const struct nu_user *lu;
	struct plan_op *op;
	char rid[64];

	if (*li >= 0 && ni >= 0 && *li != ni)
		return diff_fail(c, &u->pos, ACC_EPOLICY,
				 "rename of '%s' to '%s': both accounts exist on the server; accord "
				 "does not guess which one to keep (delete or rename one of them, or "
				 "drop new_name)", c->l->users[*li].name, c->l->users[ni].name);
	if (*li < 0) {
		*li = ni;  /* already renamed, or neither exists (then created as new_name) */
		return 0;
	}
	lu = &c->l->users[*li];
	if (!strcmp(lu->name, u->new_name))
		return 0;
	if (diff_protected(c, lu) && !u->override_protection)
		return diff_fail(c, &u->pos, ACC_EPOLICY,
				 "%s: %s is protected: accord does not rename it unless the item says "
				 "override_protection: true", lu->name, protection_of(lu, rid, sizeof(rid)));
	op = diff_op(c, OP_RENAME, lu->name, &u->pos, *li, 0);
	op->new_name = xstrdup(u->new_name);
	op->mask = NU_F_NAME;
	op->before.name = xstrdup(lu->name);
	op->after.name = xstrdup(u->new_name);
	*dep = op->id;
	return 0;
}

int diff_user(struct diff_ctx *c, size_t ui)
{
	const struct m_user *u = &c->m->users[ui];
	const char *final;
	ssize_t li;
	unsigned dep = 0;

	if (!u->name || !*u->name)
		return diff_fail(c, &u->pos, ACC_EINVAL, "a user item has no name");
	li = target_of(c, u);
	if (u->builtin != BUILTIN_NONE && li < 0) {
		plan_add_warning(c->p, "%s: the server has no built-in account with RID %u; the "
				 "item is skipped", u->name, u->builtin == BUILTIN_ADMIN ? 500u : 501u);
		return 0;
	}
	/* the account keeps its live name (SAM compares names case-insensitively) */
	final = li >= 0 ? c->l->users[li].name : u->name;
	if (u->new_name && u->action == M_UPDATE) {
		bool neither;

		if (rename_step(c, ui, &li, &dep) < 0)
			return -1;
		neither = li < 0;
		final = u->new_name;
		if (neither)
			return create(c, ui, final, -1, 0, "neither the old nor the new name exists: "
				      "update creates the account under the new name");
	}
	if (li >= 0 && claim(c, ui, li) < 0)
		return -1;
	switch (u->action) {
	case M_CREATE:
		/* MS-GPPREF: an existing account "MUST NOT be modified" */
		return li >= 0 ? 0 : create(c, ui, final, -1, 0, NULL);
	case M_DELETE:
		if (li < 0)
			return 0;
		if (guard(c, u, &c->l->users[li], "delete") < 0)
			return -1;
		nu_user_copy(&diff_op(c, OP_DELETE, c->l->users[li].name, &u->pos, li, 0)->before,
			     &c->l->users[li]);
		return 0;
	case M_REPLACE:
		if (li >= 0 && guard(c, u, &c->l->users[li], "replace") < 0)
			return -1;
		return create(c, ui, final, li, 0, NULL);
	case M_UPDATE:
		break;
	}
	if (li < 0)
		return create(c, ui, final, -1, 0, "not on the server: update creates it");
	return update(c, ui, li, final, dep);
}
