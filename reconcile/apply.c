/* apply.c: executes a plan's operations; see apply.h. */
#include "apply.h"

#include "error.h"
#include "name_map.h"
#include "names.h"
#include "xalloc.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

/* What the run knows about accounts whose create, replace or rename did
 * not happen: later ops on them are skipped, naming the op that failed. */
struct broken {
	const char *name;
	unsigned op;
};

struct run {
	struct nu_conn *conn;
	const struct plan *plan;
	const struct apply_hooks *h;
	char *failed;            /* by op index: failed or skipped */
	unsigned *cause;         /* by op index: root op that failed */
	struct broken *broken;
	size_t n_broken, alloc_broken;
	struct nmap created;     /* accounts this run created, to their RID */
};

bool apply_op_executable(enum op_kind k)
{
	return k != OP_REPORT && k != OP_NOTE && k != OP_SKIP;
}

const char *apply_status_name(enum apply_status st)
{
	switch (st) {
	case APPLY_OK: return "ok";
	case APPLY_FAILED: return "failed";
	case APPLY_SKIPPED: return "skipped";
	}
	return "unknown";
}

const char *apply_skip_name(enum apply_skip s)
{
	switch (s) {
	case APPLY_SKIP_NONE: return "";
	case APPLY_SKIP_DEPENDENCY: return "dependency";
	case APPLY_SKIP_INTERRUPTED: return "interrupted";
	}
	return "unknown";
}

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* Execution order: indexes of the executable ops, stably sorted by phase. */
static size_t *exec_order(const struct plan *p, size_t *n_out)
{
	size_t *order = xcalloc(p->n_ops + 1, sizeof(*order));
	size_t n = 0;

	for (unsigned phase = 0; phase < 5; phase++)
		for (size_t i = 0; i < p->n_ops; i++)
			if (apply_op_executable(p->ops[i].kind) && plan_op_phase(p->ops[i].kind) == phase)
				order[n++] = i;
	*n_out = n;
	return order;
}

static int check_op(const struct plan *p, const struct plan_op *op, const size_t *rank,
		    struct acc_error *err)
{
	if (!op->account || !*op->account)
		return acc_fail(err, ACC_EINVAL, 0, "plan op %u (%s) names no account",
				op->id, op_kind_name(op->kind));
	if (op->kind == OP_RENAME && (!op->new_name || !*op->new_name))
		return acc_fail(err, ACC_EINVAL, 0, "plan op %u renames '%s' to no name",
				op->id, op->account);
	if ((op->kind == OP_GROUP_ADD || op->kind == OP_GROUP_REMOVE) &&
	    (!op->group || (!op->member_sid && !op->member_name && !op->account)))
		return acc_fail(err, ACC_EINVAL, 0, "plan op %u changes a group without group or member",
				op->id);
	if (!apply_op_executable(op->kind) || !op->depends_on)
		return 0;
	if (op->depends_on > p->n_ops || op->depends_on == op->id)
		return acc_fail(err, ACC_EINVAL, 0, "plan op %u depends on op %u, which does not exist",
				op->id, op->depends_on);
	if (!apply_op_executable(p->ops[op->depends_on - 1].kind) ||
	    rank[op->depends_on - 1] >= rank[op->id - 1])
		return acc_fail(err, ACC_EINVAL, 0,
				"plan op %u depends on op %u, which does not run before it",
				op->id, op->depends_on);
	return 0;
}

int apply_check(const struct plan *p, struct acc_error *err)
{
	size_t n = 0, *order = NULL, *rank = NULL;
	int rc = -1;

	for (size_t i = 0; i < p->n_ops; i++)
		if (p->ops[i].id != i + 1)
			return acc_fail(err, ACC_EINVAL, 0,
					"plan op at position %zu has id %u; the plan is damaged",
					i + 1, p->ops[i].id);
	order = exec_order(p, &n);
	rank = xcalloc(p->n_ops + 1, sizeof(*rank));
	for (size_t i = 0; i < p->n_ops; i++)
		rank[i] = SIZE_MAX;
	for (size_t r = 0; r < n; r++)
		rank[order[r]] = r;
	for (size_t i = 0; i < p->n_ops; i++)
		if (check_op(p, &p->ops[i], rank, err) < 0)
			goto out;
	rc = 0;
out:
	free(rank);
	free(order);
	return rc;
}

/* ---- dependencies */

static void mark_broken(struct run *r, const char *name, unsigned op)
{
	if (!name)
		return;
	XGROW(r->broken, r->alloc_broken, r->n_broken + 1);
	r->broken[r->n_broken].name = name;
	r->broken[r->n_broken].op = op;
	r->n_broken++;
}

static unsigned broken_by(const struct run *r, const char *name)
{
	for (size_t i = 0; name && i < r->n_broken; i++)
		if (acc_name_eq(r->broken[i].name, name))
			return r->broken[i].op;
	return 0;
}

/* The op that failed and keeps op from running, or 0. */
static unsigned blocking_op(const struct run *r, const struct plan_op *op)
{
	unsigned b;

	if (op->depends_on && r->failed[op->depends_on - 1])
		return r->cause[op->depends_on - 1];
	b = broken_by(r, op->account);
	if (!b && (op->kind == OP_GROUP_ADD || op->kind == OP_GROUP_REMOVE))
		b = broken_by(r, op->member_name);
	return b;
}

/* A failed or skipped op: remember it so its dependants are skipped. */
static void note_failure(struct run *r, const struct plan_op *op, unsigned cause)
{
	r->failed[op->id - 1] = 1;
	r->cause[op->id - 1] = cause ? cause : op->id;
	if (op->kind == OP_CREATE || op->kind == OP_REPLACE || op->kind == OP_RENAME) {
		mark_broken(r, op->account, r->cause[op->id - 1]);
		if (op->kind == OP_RENAME)
			mark_broken(r, op->new_name, r->cause[op->id - 1]);
	}
}

/* ---- the calls of each kind */

static void take_nu(struct apply_result *res, const struct nu_result *nr, const char *what)
{
	res->status = APPLY_FAILED;
	res->nu_status = nr->status;
	res->raw = nr->raw;
	res->parm_err = nr->parm_err;
	snprintf(res->msg, sizeof(res->msg), "%s: %s", what, nr->msg[0] ? nr->msg : nu_status_name(nr->status));
}

static void wipe_free(char *s)
{
	if (!s)
		return;
	explicit_bzero(s, strlen(s));
	free(s);
}

/* Reads the secret an op sets and checks it is the one the plan saw. */
static int fetch_secret(struct run *r, const struct plan_op *op, char **secret,
			char **fp, struct apply_result *res)
{
	struct acc_error e = { 0 };

	if (!r->h->get_secret) {
		snprintf(res->msg, sizeof(res->msg), "no password source for '%s'", op->account);
		goto fail;
	}
	if (r->h->get_secret(r->h->ud, op, secret, fp, &e) < 0) {
		snprintf(res->msg, sizeof(res->msg), "reading the password of '%s': %s",
			 op->account, e.msg);
		goto fail;
	}
	if (op->pw_fingerprint && (!*fp || strcmp(*fp, op->pw_fingerprint) != 0)) {
		snprintf(res->msg, sizeof(res->msg),
			 "password of '%s' refused: its source changed since the plan was made "
			 "(fingerprint differs); make a new plan", op->account);
		goto fail;
	}
	return 0;
fail:
	res->status = APPLY_FAILED;
	res->nu_status = NU_OK;
	wipe_free(*secret);
	*secret = NULL;
	free(*fp);
	*fp = NULL;
	return -1;
}

/* The RID and password age after a create or password change, for the
 * record (the store's password history). */
static void read_back_known(struct apply_result *res, uint32_t rid, uint32_t password_age)
{
	res->known_after = true;
	res->rid_after = rid;
	res->password_age = password_age;
}

/* After a create whose add did not tell the RID: both as the server now
 * has them. A failed read does not fail the op. */
static void read_back(struct run *r, const char *name, struct apply_result *res)
{
	struct nu_user u = { 0 };
	struct nu_result nr = { 0 };

	if (nu_user_get(r->conn, name, &u, &nr) < 0)
		return;
	read_back_known(res, u.rid, u.password_age);
	nu_user_release(&u);
}

static int do_create(struct run *r, const struct plan_op *op, const char *secret,
		     struct apply_result *res)
{
	struct nu_user u = op->after;
	struct nu_result nr = { 0 };
	uint32_t rid = 0;

	u.name = op->account;
	if (op->kind == OP_REPLACE && nu_user_del(r->conn, op->account, &nr) < 0) {
		take_nu(res, &nr, "replace: deleting the old account");
		return -1;
	}
	if (nu_user_add(r->conn, &u, op->mask & ~(unsigned)(NU_F_PASSWORD | NU_F_NAME), secret,
			&rid, &nr) < 0) {
		take_nu(res, &nr, op->kind == OP_REPLACE
			? "replace: the old account was deleted but creating the new one failed"
			: "create");
		return -1;
	}
	/* a password set just now is 0 seconds old */
	if (rid)
		read_back_known(res, rid, 0);
	else
		read_back(r, op->account, res);
	if (res->known_after)
		nmap_put(&r->created, op->account, res->rid_after);
	return 0;
}

static int do_update(struct run *r, const struct plan_op *op, const char *secret,
		     struct apply_result *res)
{
	unsigned fields = op->mask & ~(unsigned)(NU_F_PASSWORD | NU_F_NAME);
	struct nu_result nr = { 0 };

	/* Password first: setting it clears "must change at next logon",
	 * which the fields may then set again. */
	if (secret && nu_user_set_password(r->conn, op->account, secret, &nr) < 0) {
		take_nu(res, &nr, "setting the password");
		return -1;
	}
	if (fields && nu_user_set(r->conn, op->account, &op->after, fields, &nr) < 0) {
		take_nu(res, &nr, secret ? "password set, but setting the fields" : "setting the fields");
		return -1;
	}
	return 0;
}

static int do_disable(struct run *r, const struct plan_op *op, struct apply_result *res)
{
	struct nu_user u = { 0 }, live = { 0 };
	struct nu_result nr = { 0 };
	int rc = -1;

	if (op->mask & NU_F_FLAGS) {
		u.flags = op->after.flags;
	} else if (op->before.known & NU_F_FLAGS) {
		u.flags = op->before.flags;
	} else {
		if (nu_user_get(r->conn, op->account, &live, &nr) < 0) {
			take_nu(res, &nr, "disable: reading the account's flags");
			goto out;
		}
		u.flags = live.flags;
	}
	u.flags |= UF_ACCOUNTDISABLE;
	if (nu_user_set(r->conn, op->account, &u, NU_F_FLAGS, &nr) < 0) {
		take_nu(res, &nr, "disable");
		goto out;
	}
	rc = 0;
out:
	nu_user_release(&live);
	return rc;
}

/* The member's SID: from the plan, or read now for an account the plan
 * creates (it has no SID until then). */
static int member_sid(struct run *r, const struct plan_op *op, char **sid, struct apply_result *res)
{
	struct nu_user u = { 0 };
	struct nu_result nr = { 0 };
	const char *who = op->member_name ? op->member_name : op->account;
	size_t rid;

	if (op->member_sid) {
		*sid = xstrdup(op->member_sid);
		return 0;
	}
	if (nmap_get(&r->created, who, &rid) && rid && nu_domain_sid(r->conn)) {
		*sid = nu_sid_append_rid(nu_domain_sid(r->conn), (uint32_t)rid);
		return 0;
	}
	if (nu_user_get(r->conn, who, &u, &nr) < 0) {
		take_nu(res, &nr, "looking up the member's sid");
		return -1;
	}
	*sid = u.sid;
	u.sid = NULL;
	nu_user_release(&u);
	if (!*sid) {
		res->status = APPLY_FAILED;
		snprintf(res->msg, sizeof(res->msg), "account '%s' has no sid to add to '%s'",
			 who, op->group);
		return -1;
	}
	return 0;
}

static int do_group(struct run *r, const struct plan_op *op, struct apply_result *res)
{
	struct nu_result nr = { 0 };
	char *sid = NULL;
	int rc = -1, call;

	if (member_sid(r, op, &sid, res) < 0)
		goto out;
	if (op->kind == OP_GROUP_ADD)
		call = nu_lgroup_add_member(r->conn, op->group, sid, &nr);
	else
		call = nu_lgroup_del_member(r->conn, op->group, sid, &nr);
	/* The wanted end state already holds (someone did it meanwhile). */
	if (call < 0 && nr.status != (op->kind == OP_GROUP_ADD ? NU_ALREADY_MEMBER : NU_NOT_MEMBER)) {
		take_nu(res, &nr, op->kind == OP_GROUP_ADD ? "adding to the group" : "removing from the group");
		goto out;
	}
	if (call < 0)
		snprintf(res->msg, sizeof(res->msg), "%s",
			 op->kind == OP_GROUP_ADD ? "already a member" : "already not a member");
	rc = 0;
out:
	free(sid);
	return rc;
}

static void describe_ok(const struct plan_op *op, struct apply_result *res)
{
	static const char *const done[] = {
		[OP_CREATE] = "created", [OP_REPLACE] = "replaced (new sid)",
		[OP_UPDATE] = "updated", [OP_DISABLE] = "disabled", [OP_DELETE] = "deleted",
	};

	if (res->msg[0])
		return;
	if (op->kind == OP_RENAME)
		snprintf(res->msg, sizeof(res->msg), "renamed '%s' to '%s'", op->account, op->new_name);
	else if (op->kind == OP_GROUP_ADD || op->kind == OP_GROUP_REMOVE)
		snprintf(res->msg, sizeof(res->msg), "%s '%s' %s '%s'",
			 op->kind == OP_GROUP_ADD ? "added" : "removed",
			 op->member_name ? op->member_name : op->account,
			 op->kind == OP_GROUP_ADD ? "to" : "from", op->group);
	else if ((unsigned)op->kind < sizeof(done) / sizeof(done[0]) && done[op->kind])
		snprintf(res->msg, sizeof(res->msg), "%s '%s'", done[op->kind], op->account);
}

/* Runs one op's calls; fills res (status, message, read-back). */
static void execute(struct run *r, const struct plan_op *op, struct apply_result *res)
{
	struct nu_result nr = { 0 };
	char *secret = NULL, *fp = NULL;
	bool wants_pw = (op->mask & NU_F_PASSWORD) &&
		(op->kind == OP_CREATE || op->kind == OP_REPLACE || op->kind == OP_UPDATE);
	int rc = -1;

	if (wants_pw && fetch_secret(r, op, &secret, &fp, res) < 0)
		goto out;
	switch (op->kind) {
	case OP_RENAME:
		rc = nu_user_rename(r->conn, op->account, op->new_name, &nr);
		if (rc < 0)
			take_nu(res, &nr, "rename");
		break;
	case OP_CREATE: case OP_REPLACE:
		rc = do_create(r, op, secret, res);
		break;
	case OP_UPDATE:
		rc = do_update(r, op, secret, res);
		break;
	case OP_GROUP_ADD: case OP_GROUP_REMOVE:
		rc = do_group(r, op, res);
		break;
	case OP_DISABLE:
		rc = do_disable(r, op, res);
		break;
	case OP_DELETE:
		rc = nu_user_del(r->conn, op->account, &nr);
		if (rc < 0)
			take_nu(res, &nr, "delete");
		break;
	case OP_REPORT: case OP_NOTE: case OP_SKIP:
		rc = 0;
		break;
	}
	if (rc < 0)
		goto out;
	res->status = APPLY_OK;
	res->password_set = secret != NULL;
	/* a password changed just now is 0 seconds old; the RID is the plan's */
	if (op->kind == OP_UPDATE && secret)
		read_back_known(res, op->before.rid, 0);
	describe_ok(op, res);
out:
	wipe_free(secret);
	/* The fingerprint outlives the call: on_result records it. */
	res->pw_fingerprint = res->password_set ? fp : NULL;
	if (!res->password_set)
		free(fp);
}

static int report(struct run *r, const struct plan_op *op, struct apply_result *res,
		  struct apply_summary *sum, struct acc_error *err)
{
	int hrc = r->h->on_result ? r->h->on_result(r->h->ud, op, res) : 0;

	if (res->status == APPLY_OK)
		sum->ok++;
	else if (res->status == APPLY_FAILED)
		sum->failed++;
	else
		sum->skipped++;
	sum->calls += res->calls;
	sum->writes += res->writes;
	free((char *)res->pw_fingerprint);
	res->pw_fingerprint = NULL;
	if (hrc)
		return acc_fail(err, ACC_ESTATE, hrc,
				"stopped after op %u: its result could not be recorded", op->id);
	return 0;
}

static void skip_result(struct apply_result *res, enum apply_skip why, unsigned cause,
			const struct plan *p)
{
	memset(res, 0, sizeof(*res));
	res->status = APPLY_SKIPPED;
	res->skip = why;
	res->cause_op = cause;
	if (why == APPLY_SKIP_INTERRUPTED) {
		snprintf(res->msg, sizeof(res->msg), "interrupted: not attempted");
		return;
	}
	const struct plan_op *c = &p->ops[cause - 1];
	snprintf(res->msg, sizeof(res->msg), "skipped: op %u (%s '%s') did not succeed",
		 cause, op_kind_name(c->kind), c->account);
}

static int run_one(struct run *r, const struct plan_op *op, struct apply_summary *sum,
		   struct acc_error *err)
{
	struct apply_result res = { 0 };
	struct nu_stats before = { 0 }, after = { 0 };
	unsigned cause = blocking_op(r, op);
	double t0;

	if (cause) {
		skip_result(&res, APPLY_SKIP_DEPENDENCY, cause, r->plan);
		note_failure(r, op, cause);
		return report(r, op, &res, sum, err);
	}
	if (r->h->on_start && r->h->on_start(r->h->ud, op) != 0)
		return acc_fail(err, ACC_ESTATE, 0,
				"stopped before op %u: its start could not be recorded", op->id);
	nu_get_stats(r->conn, &before);
	t0 = now_ms();
	execute(r, op, &res);
	res.ms = now_ms() - t0;
	nu_get_stats(r->conn, &after);
	res.calls = after.calls - before.calls;
	res.writes = after.writes - before.writes;
	if (res.status != APPLY_OK)
		note_failure(r, op, 0);
	return report(r, op, &res, sum, err);
}

int apply_run(struct nu_conn *c, const struct plan *p, const struct apply_hooks *h,
	      struct apply_summary *sum, struct acc_error *err)
{
	static const struct apply_hooks none = { 0 };
	struct apply_summary local = { 0 };
	struct run r = { .conn = c, .plan = p, .h = h ? h : &none, .created = NMAP_INIT };
	struct apply_progress prog = { 0 };
	size_t n = 0, *order = NULL;
	double t0 = now_ms();
	int rc = -1;

	if (!sum)
		sum = &local;
	memset(sum, 0, sizeof(*sum));
	if (apply_check(p, err) < 0)
		goto out;
	order = exec_order(p, &n);
	r.failed = xcalloc(p->n_ops + 1, 1);
	r.cause = xcalloc(p->n_ops + 1, sizeof(*r.cause));
	sum->total = prog.total = n;
	for (size_t k = 0; k < n; k++) {
		const struct plan_op *op = &p->ops[order[k]];

		if (r.h->stop && *r.h->stop && !sum->interrupted)
			sum->interrupted = true;
		if (sum->interrupted) {
			struct apply_result res;

			skip_result(&res, APPLY_SKIP_INTERRUPTED, 0, p);
			if (report(&r, op, &res, sum, err) < 0)
				goto out;
			continue;
		}
		prog.done = k;
		prog.current = op;
		prog.elapsed_ms = now_ms() - t0;
		if (r.h->on_progress)
			r.h->on_progress(r.h->ud, &prog);
		if (run_one(&r, op, sum, err) < 0)
			goto out;
	}
	prog.done = n;
	prog.current = NULL;
	prog.elapsed_ms = now_ms() - t0;
	if (r.h->on_progress)
		r.h->on_progress(r.h->ud, &prog);
	rc = sum->failed || sum->skipped ? 1 : 0;
out:
	sum->ms = now_ms() - t0;
	free(order);
	free(r.failed);
	free(r.cause);
	free(r.broken);
	nmap_release(&r.created);
	return rc;
}
