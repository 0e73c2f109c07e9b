/* apply_exec.c: one apply run, wired to the store; see apply_exec.h. */
#include "apply_exec.h"

#include "fingerprint.h"
#include "model.h"
#include "netapi.h"
#include "platform.h"
#include "secret.h"
#include "store.h"
#include "xalloc.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* Refresh the lock's heartbeat this often during a long run. */
#define APPLY_BEAT_MS 30000.0

static volatile sig_atomic_t stop_signal;

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* The model's user an op sets the password of: by name, or by the name a
 * rename gives it (indexed once: plans can hold thousands of ops). */
static const struct m_user *stated_user(struct apply_exec *x, const char *account)
{
	size_t i;

	if (!x->model)
		return NULL;
	if (!x->users_indexed) {
		for (size_t k = x->model->n_users; k-- > 0;) {  /* first wins */
			nmap_put(&x->users, x->model->users[k].name, k);
			if (x->model->users[k].new_name)
				nmap_put(&x->users, x->model->users[k].new_name, k);
		}
		x->users_indexed = true;
	}
	return nmap_get(&x->users, account, &i) ? &x->model->users[i] : NULL;
}

/* The fingerprint of secret s: scrypt is slow on purpose, and a file that
 * gives many accounts one secret should pay for it once. */
static int fingerprint(struct apply_exec *x, const char *s, char **fp, struct acc_error *err)
{
	char hex[FP_HEX_LEN + 1];

	if (!x->fp_secret || strcmp(x->fp_secret, s)) {
		if (fp_compute(store_salt(x->cli->store), STORE_SALT_LEN, s, hex, err) < 0)
			return -1;
		secret_free(x->fp_secret);
		free(x->fp_hex);
		x->fp_secret = xstrdup(s);
		x->fp_hex = xstrdup(hex);
	}
	*fp = xstrdup(x->fp_hex);
	return 0;
}

static int hook_secret(void *ud, const struct plan_op *op, char **secret, char **fp,
		       struct acc_error *err)
{
	struct apply_exec *x = ud;
	const struct m_user *u = stated_user(x, op->account);
	char *s = NULL;

	if (u && u->password.kind != PW_NONE) {
		if (secret_resolve_user(u, &s, NULL, err) < 0)
			return -1;
	} else if (op->pw_kind == PW_ENV || op->pw_kind == PW_FILE) {
		struct m_password pw = { op->pw_kind, op->pw_ref };

		if (secret_resolve(&pw, op->src_file, &s, NULL, err) < 0)
			return -1;
	} else {
		return acc_fail(err, ACC_EINVAL, 0, "the password source of '%s' is in %s, "
				"which no longer states it", op->account,
				op->src_file ? op->src_file : "the desired-state file");
	}
	if (fingerprint(x, s, fp, err) < 0) {
		secret_free(s);
		return -1;
	}
	*secret = s;
	return 0;
}

static int hook_start(void *ud, const struct plan_op *op)
{
	struct apply_exec *x = ud;
	double t = now_ms();

	(void)op;
	if (t - x->last_beat < APPLY_BEAT_MS)
		return 0;
	x->last_beat = t;
	if (store_lock_heartbeat(x->cli->store, nu_server(x->cli->conn), &x->hook_err) < 0)
		return 1;
	return 0;
}

/* What the store's status column says: "ok", "skipped" (a dependency
 * failed), "interrupted" (counted as not done), or the failing call's
 * nu_status name ("refused" when the engine refused without a call). */
static const char *stored_status(const struct apply_result *r)
{
	if (r->status == APPLY_OK)
		return "ok";
	if (r->status == APPLY_SKIPPED)
		return r->skip == APPLY_SKIP_INTERRUPTED ? "interrupted" : "skipped";
	return r->nu_status == NU_OK ? "refused" : nu_status_name(r->nu_status);
}

/* An op that applied must-change (first time accord manages the account,
 * or with the password it set) succeeded: record it by the account's SID,
 * so no later plan asks again. The SID of a new account is the domain's
 * with the RID the create read back. */
static int record_must_change(struct apply_exec *x, const struct plan_op *op,
			      const struct apply_result *r)
{
	const char *dom = nu_domain_sid(x->cli->conn);
	char *sid = NULL;
	int rc;

	if (op->must_change != OP_MC_FIRST_MANAGED && op->must_change != OP_MC_WITH_PASSWORD)
		return 0;
	if (op->kind == OP_UPDATE && op->before.sid)
		sid = xstrdup(op->before.sid);
	else if ((op->kind == OP_CREATE || op->kind == OP_REPLACE) && r->known_after &&
		 r->rid_after && dom)
		sid = nu_sid_append_rid(dom, r->rid_after);
	else if (op->kind == OP_UPDATE && op->rid && dom)
		sid = nu_sid_append_rid(dom, op->rid);
	if (!sid) {  /* the read-back after a create failed: ask once more */
		struct nu_user u = { 0 };
		struct nu_result res = { 0 };

		if (nu_user_get(x->cli->conn, op->account, &u, &res) < 0 || !u.sid) {
			acc_fail(&x->hook_err, ACC_ENETAPI, (long)res.raw, "%s: must-change was "
				 "applied but the account's SID could not be read to record it: %s",
				 op->account, res.msg[0] ? res.msg : "the server gave no SID");
			nu_user_release(&u);
			return 1;
		}
		sid = u.sid;
		u.sid = NULL;
		nu_user_release(&u);
	}
	rc = store_mc_set(x->cli->store, nu_server(x->cli->conn), sid, op->account,
			  op->must_change, (int64_t)time(NULL), &x->hook_err);
	free(sid);
	return rc < 0 ? 1 : 0;
}

static int hook_result(void *ud, const struct plan_op *op, const struct apply_result *r)
{
	struct apply_exec *x = ud;
	struct store *st = x->cli->store;
	struct store_result row = {
		.op_id = op->id, .status = stored_status(r), .raw = r->raw,
		.parm_err = r->parm_err, .message = r->msg, .ms = r->ms,
		.calls = (unsigned)r->calls,
	};
	struct apply_exec_result *e;

	if (store_result_record(st, x->run_id, &row, &x->hook_err) < 0)
		return 1;
	if (r->status == APPLY_OK && r->password_set && r->pw_fingerprint &&
	    store_pw_set_rid(st, nu_server(x->cli->conn), op->account,
			 r->known_after ? r->rid_after : 0, r->pw_fingerprint, r->password_age, (int64_t)time(NULL), &x->hook_err) < 0)
		return 1;
	if (r->status == APPLY_OK && record_must_change(x, op, r))
		return 1;
	XGROW(x->res, x->alloc_res, x->n_res + 1);
	e = &x->res[x->n_res++];
	e->op = op->id;
	e->r = *r;
	e->r.pw_fingerprint = NULL;
	return 0;
}

/* "[ 37/500]  12.3/s  update ann", redrawn in place on stderr. */
static void hook_progress(void *ud, const struct apply_progress *p)
{
	struct apply_exec *x = ud;
	double t = now_ms();

	if (!x->progress)
		return;
	if (!p->current) {
		fputs("\r\033[K", stderr);
		return;
	}
	if (t - x->last_draw < 100.0 && p->done)
		return;
	x->last_draw = t;
	fprintf(stderr, "\r\033[K[%*zu/%zu] %6.1f/s  %s %s", p->total > 999 ? 4 : 3, p->done,
		p->total, p->elapsed_ms > 0 ? (double)p->done * 1e3 / p->elapsed_ms : 0.0,
		op_kind_name(p->current->kind), p->current->account);
	fflush(stderr);
}

int apply_exec_run(struct apply_exec *x)
{
	struct apply_hooks h = {
		.ud = x, .get_secret = hook_secret, .on_start = hook_start,
		.on_result = hook_result, .on_progress = hook_progress, .stop = &stop_signal,
	};
	enum store_run_status st = STORE_RUN_FAILED;
	struct acc_error err = { 0 };
	int rc, ret = 1;

	x->progress = x->cli->format == CLI_TEXT && isatty(STDERR_FILENO);
	x->t0 = x->last_beat = now_ms();
	if (store_run_begin(x->cli->store, x->plan->id, &x->run_id, &err) < 0)
		return cli_error(&err);
	/* The first signal asks for a clean stop after the current op; a second
	 * one kills (platform.h). */
	stop_signal = 0;
	plat_stop_begin(&stop_signal);
	rc = apply_run(x->cli->conn, x->plan, &h, &x->sum, &err);
	plat_stop_end();
	x->signo = stop_signal;
	if (rc < 0) {
		if (x->hook_err.msg[0])
			acc_wrap(&err, "%s", x->hook_err.msg);
		cli_error(&err);
	}
	if (store_run_finish(x->cli->store, x->run_id, &st, &err) < 0)
		return cli_error(&err);
	x->run_status = x->sum.interrupted ? "interrupted" : store_run_status_name(st);
	if (rc == 0)
		ret = 0;
	if (x->sum.interrupted)
		ret = 128 + (x->signo ? x->signo : SIGINT);
	return ret;
}

void apply_exec_release(struct apply_exec *x)
{
	free(x->run_id);
	free(x->res);
	nmap_release(&x->users);
	secret_free(x->fp_secret);
	free(x->fp_hex);
	memset(x, 0, sizeof(*x));
}
