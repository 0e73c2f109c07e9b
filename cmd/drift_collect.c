/* drift_collect.c: a plan's changes as drift items, each with its origin. */
#include "drift.h"

#include "apply_pipeline.h"
#include "json.h"
#include "model.h"
#include "plan.h"
#include "plan_render.h"
#include "xalloc.h"

#include <stdlib.h>
#include <string.h>

/* What a group op of an earlier run did, for the origin of group drift. */
struct applied_member {
	enum op_kind kind;
	char *group, *sid, *name;
};

struct collect {
	struct cli *cli;
	const char *server;
	struct store_drift_report *r;
	const struct plan_op *op;
	struct acc_error *err;
	int failed;
	/* group ops of every earlier successful run, newest first; read once,
	 * and only when a group membership drifted */
	struct applied_member *members;
	size_t n_members, alloc_members;
	bool members_read;
};

/* A display value from plan_op_changes' JSON literal: strings unquoted,
 * true/false/dates as they are. */
static char *display_of(const char *literal)
{
	struct json *j = NULL;
	struct acc_error err = { 0 };
	char *s;

	if (!literal)
		return NULL;
	if (json_parse(literal, strlen(literal), NULL, &j, &err) == 0 && j->type == JSON_STRING)
		s = xstrdup(j->string);
	else
		s = xstrdup(literal);
	json_free(j);
	return s;
}

static unsigned field_bit(const char *field)
{
	static const struct { const char *field; unsigned bit; } map[] = {
		{ "name", NU_F_NAME }, { "full_name", NU_F_FULL_NAME },
		{ "description", NU_F_COMMENT }, { "usr_comment", NU_F_USR_COMMENT },
		{ "disabled", NU_F_FLAGS }, { "cannot_change_password", NU_F_FLAGS },
		{ "password_never_expires", NU_F_FLAGS }, { "expires", NU_F_ACCT_EXPIRES },
		{ "home_dir", NU_F_HOME_DIR }, { "logon_script", NU_F_SCRIPT_PATH },
		{ "profile", NU_F_PROFILE }, { "password", NU_F_PASSWORD },
		{ "must_change_password", NU_F_PASSWORD_EXPIRED },
	};

	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (!strcmp(map[i].field, field))
			return map[i].bit;
	return 0;
}

struct find_field {
	const char *field;
	char *literal;
};

static void on_find(void *ud, const char *field, const char *before, const char *after,
		    bool sensitive)
{
	struct find_field *f = ud;

	(void)before;
	(void)sensitive;
	if (!f->literal && !strcmp(field, f->field) && after)
		f->literal = xstrdup(after);
}

/* The value accord last applied to field of account, as the same JSON
 * literal plan_op_changes gives for the desired one; NULL when accord never
 * set that field there. Rendering the stored op through the same function
 * makes the comparison field-independent. */
static char *last_applied_literal(struct collect *c, const char *account, const char *field)
{
	struct plan_op tmp = { .kind = OP_CREATE };  /* a create reports every flag bit */
	struct find_field f = { field, NULL };
	unsigned bit = field_bit(field);
	int rc;

	if (!bit || bit == NU_F_PASSWORD)
		return NULL;
	rc = store_last_applied(c->cli->store, c->server, account, bit, &tmp.after, NULL, c->err);
	if (rc < 0)
		c->failed = 1;
	if (rc <= 0)
		return NULL;
	tmp.mask = bit;
	plan_op_changes(&tmp, on_find, &f);
	nu_user_release(&tmp.after);
	return f.literal;
}

/* A password drifts when the server's password is not the one the file
 * states: outside when the one accord last set is the desired one. */
static enum store_drift_origin password_origin(struct collect *c, const char *account)
{
	struct store_pw pw = { 0 };
	enum store_drift_origin o = STORE_ORIGIN_NEVER_APPLIED;
	int rc = store_pw_get(c->cli->store, c->server, account, &pw, c->err);

	if (rc < 0)
		c->failed = 1;
	if (rc > 0 && c->op->pw_fingerprint && !strcmp(pw.fingerprint, c->op->pw_fingerprint))
		o = STORE_ORIGIN_OUTSIDE;
	store_pw_release(&pw);
	return o;
}

static void add_item(struct collect *c, const char *account, const char *field,
		     const char *expected, const char *actual, enum store_drift_origin o)
{
	store_drift_add(c->r, account, field, expected ? expected : "", actual ? actual : "", o);
}

static void on_change(void *ud, const char *field, const char *before, const char *after,
		      bool sensitive)
{
	struct collect *c = ud;
	const char *account = c->op->account;
	enum store_drift_origin o = STORE_ORIGIN_NEVER_APPLIED;
	char *exp = NULL, *act = NULL, *last = NULL;

	if (sensitive) {
		o = password_origin(c, account);
		add_item(c, account, field, DRIFT_SENSITIVE, DRIFT_SENSITIVE, o);
		return;
	}
	/* set again although the server has it (must-change next to a
	 * password, or applied once to record it): the server is as wanted */
	if (before && after && !strcmp(before, after))
		return;
	last = last_applied_literal(c, account, field);
	if (last && after && !strcmp(last, after))
		o = STORE_ORIGIN_OUTSIDE;
	exp = display_of(after);
	act = display_of(before);
	add_item(c, account, field, exp, act, o);
	free(last);
	free(exp);
	free(act);
}

/* Reads the group ops of every run of the server that ended ok, newest
 * first. */
static void read_applied_members(struct collect *c)
{
	struct store_run_summary *runs = NULL;
	size_t nr = 0;

	c->members_read = true;
	if (store_run_list(c->cli->store, c->server, 0, &runs, &nr, c->err) < 0) {
		c->failed = 1;
		return;
	}
	for (size_t i = 0; i < nr && !c->failed; i++) {
		struct store_run_summary *run = NULL;
		struct store_result_row *res = NULL;
		struct store_plan_record *rec = NULL;
		size_t n = 0;

		if (store_run_load(c->cli->store, runs[i].id, &run, &res, &n, c->err) < 0 ||
		    store_plan_load(c->cli->store, runs[i].plan_id, &rec, c->err) < 0) {
			c->failed = 1;
		} else {
			for (size_t k = n; k-- > 0;) {  /* newest result first */
				const struct plan_op *op;

				if (strcmp(res[k].status, "ok") || !res[k].op_id ||
				    res[k].op_id > rec->plan->n_ops)
					continue;
				op = &rec->plan->ops[res[k].op_id - 1];
				if (op->kind != OP_GROUP_ADD && op->kind != OP_GROUP_REMOVE)
					continue;
				XGROW(c->members, c->alloc_members, c->n_members + 1);
				c->members[c->n_members++] = (struct applied_member){
					op->kind, xstrdup(op->group), xstrdup(op->member_sid),
					xstrdup(op->member_name ? op->member_name : op->account) };
			}
		}
		store_run_summaries_free(run, run ? 1 : 0);
		store_result_rows_free(res, n);
		store_plan_record_free(rec);
	}
	store_run_summaries_free(runs, nr);
}

static bool same(const char *a, const char *b)
{
	return a && b && !strcasecmp(a, b);
}

/* Outside when accord's newest change of this membership made it what the
 * file wants. */
static enum store_drift_origin group_origin(struct collect *c, const struct plan_op *op)
{
	if (!c->members_read)
		read_applied_members(c);
	for (size_t i = 0; i < c->n_members; i++) {
		const struct applied_member *m = &c->members[i];

		if (!same(m->group, op->group))
			continue;
		if (same(m->sid, op->member_sid) || same(m->name, op->member_name) ||
		    same(m->name, op->account))
			return m->kind == op->kind ? STORE_ORIGIN_OUTSIDE : STORE_ORIGIN_NEVER_APPLIED;
	}
	return STORE_ORIGIN_NEVER_APPLIED;
}

/* Outside when accord ever changed the account: it existed under accord
 * and is gone (create) or was replaced behind its back. */
static enum store_drift_origin account_origin(struct collect *c, const char *account)
{
	int rc = store_last_applied(c->cli->store, c->server, account, ~0u, NULL, NULL, c->err);

	if (rc < 0)
		c->failed = 1;
	return rc > 0 ? STORE_ORIGIN_OUTSIDE : STORE_ORIGIN_NEVER_APPLIED;
}

static void collect_op(struct collect *c, const struct plan_op *op)
{
	char *g = NULL;

	c->op = op;
	switch (op->kind) {
	case OP_UPDATE:
	case OP_DISABLE:
		plan_op_changes(op, on_change, c);
		break;
	case OP_RENAME: {
		char *last = last_applied_literal(c, op->new_name, "name");
		char *want = xasprintf("\"%s\"", op->new_name);  /* names hold no quote */

		add_item(c, op->account, "name", op->new_name, op->account,
			 last && !strcmp(last, want) ? STORE_ORIGIN_OUTSIDE
						     : STORE_ORIGIN_NEVER_APPLIED);
		free(last);
		free(want);
		break;
	}
	case OP_CREATE:
		add_item(c, op->account, "account", "present", "absent",
			 account_origin(c, op->account));
		break;
	case OP_REPLACE:
		add_item(c, op->account, "account", "recreated",
			 op->reason ? op->reason : "present", account_origin(c, op->account));
		break;
	case OP_DELETE:
		add_item(c, op->account, "account", "absent", "present",
			 STORE_ORIGIN_NEVER_APPLIED);
		break;
	case OP_GROUP_ADD:
	case OP_GROUP_REMOVE:
		g = xasprintf("member of %s", op->group);
		add_item(c, op->account, "groups",
			 op->kind == OP_GROUP_ADD ? g : "-", op->kind == OP_GROUP_ADD ? "-" : g,
			 group_origin(c, op));
		free(g);
		break;
	case OP_REPORT:
	case OP_NOTE:
	case OP_SKIP:
		break;  /* apply changes nothing for them: not drift */
	}
}

int drift_collect(struct cli *cli, const struct apply_planned *pl, struct drift_result *res,
		  struct acc_error *err)
{
	struct collect c = { .cli = cli, .server = pl->plan->server, .r = res->report,
			     .err = err };

	for (size_t i = 0; i < pl->plan->n_ops && !c.failed; i++)
		collect_op(&c, &pl->plan->ops[i]);
	for (size_t i = 0; i < c.n_members; i++) {
		free(c.members[i].group);
		free(c.members[i].sid);
		free(c.members[i].name);
	}
	free(c.members);
	if (c.failed)
		return -1;
	res->accounts = xcalloc(pl->model->n_users + 1, sizeof(*res->accounts));
	for (size_t i = 0; i < pl->model->n_users; i++) {
		const struct m_user *u = &pl->model->users[i];

		res->accounts[res->n_accounts++] = xstrdup(u->new_name ? u->new_name : u->name);
	}
	return 0;
}
