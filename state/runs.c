/* runs.c: apply runs and their per-operation results. */
#include "store_int.h"

#include "xalloc.h"

#include <stdlib.h>
#include <string.h>

static const char *const run_status_names[] = {
	[STORE_RUN_RUNNING] = "running", [STORE_RUN_SUCCEEDED] = "succeeded",
	[STORE_RUN_FAILED] = "failed", [STORE_RUN_INTERRUPTED] = "interrupted",
};

const char *store_run_status_name(enum store_run_status st)
{
	return store_name_at(run_status_names, STORE_NELEM(run_status_names), (int)st);
}

static enum store_run_status run_status_parse(const char *name)
{
	return (enum store_run_status)store_name_parse(name, run_status_names,
						       STORE_NELEM(run_status_names), STORE_RUN_FAILED);
}

static int insert_run(struct store *s, int64_t plan, int64_t *run, struct acc_error *err)
{
	static const char sql[] =
		"INSERT INTO runs (plan_id, server, started_at, unix_user, pid, host, command)"
		" SELECT id, server, ?2, ?3, ?4, ?5, ?6 FROM plans WHERE id = ?1";
	struct store_who who;
	sqlite3_stmt *st = NULL;
	int ret = -1;

	store_who_self(&who);
	if (store_prepare(s, sql, &st, "starting an apply run", err) < 0)
		return -1;
	sqlite3_bind_int64(st, 1, plan);
	sqlite3_bind_int64(st, 2, store_now());
	store_bind_str(st, 3, who.user);
	sqlite3_bind_int64(st, 4, who.pid);
	store_bind_str(st, 5, who.host);
	store_bind_str(st, 6, s->command);
	if (store_step_done(s, st, "starting an apply run", err) < 0)
		goto out;
	if (sqlite3_changes(s->db) == 0) {
		acc_fail(err, ACC_ENOTFOUND, 0, "no plan P-%lld in state database %s; "
			 "`accord show` lists the plans", (long long)plan, s->path);
		goto out;
	}
	*run = sqlite3_last_insert_rowid(s->db);
	ret = 0;
out:
	sqlite3_finalize(st);
	return ret;
}

int store_run_begin(struct store *s, const char *plan_id, char **run_id, struct acc_error *err)
{
	int64_t plan = 0, run = 0;

	if (store_id_parse(plan_id, 'P', "plan", &plan, err) < 0 ||
	    store_begin_immediate(s, err) < 0)
		return -1;
	if (insert_run(s, plan, &run, err) < 0 ||
	    store_plan_set_status(s, plan_id, STORE_PLAN_APPLYING, err) < 0 ||
	    store_commit(s, err) < 0) {
		store_rollback(s);
		return -1;
	}
	*run_id = store_id_format('R', run);
	return 0;
}

int store_result_record(struct store *s, const char *run_id, const struct store_result *r,
			struct acc_error *err)
{
	/* Only into a running run: a result after finish would change counts
	 * already shown. */
	static const char sql[] =
		"INSERT INTO results (run_id, op_id, status, raw, parm_err, message, ms, calls,"
		" finished_at) SELECT id, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9 FROM runs"
		" WHERE id = ?1 AND status = 'running'";
	sqlite3_stmt *st;
	int64_t run = 0;

	if (store_id_parse(run_id, 'R', "run", &run, err) < 0)
		return -1;
	if (!r->status || !*r->status)
		return acc_fail(err, ACC_EINVAL, 0, "a result of op %u has no status", r->op_id);
	/* Kept prepared: an apply records thousands, one transaction each. */
	if (!s->result_ins &&
	    store_prepare(s, sql, &s->result_ins, "recording a result", err) < 0)
		return -1;
	st = s->result_ins;
	sqlite3_bind_int64(st, 1, run);
	sqlite3_bind_int64(st, 2, r->op_id);
	store_bind_str(st, 3, r->status);
	sqlite3_bind_int64(st, 4, r->raw);
	sqlite3_bind_int64(st, 5, r->parm_err);
	store_bind_str(st, 6, r->message);
	sqlite3_bind_double(st, 7, r->ms);
	sqlite3_bind_int64(st, 8, r->calls);
	sqlite3_bind_int64(st, 9, r->finished_at ? r->finished_at : store_now());
	if (store_step_done(s, st, "recording a result", err) < 0)
		return -1;
	if (sqlite3_changes(s->db) == 0)
		return acc_fail(err, ACC_ENOTFOUND, 0, "run R-%lld in state database %s does "
				"not exist or has ended; results go into a running run",
				(long long)run, s->path);
	return 0;
}

/* Counts results into the run row and sets the statuses; inside the
 * caller's transaction. */
static int close_run(struct store *s, int64_t run, enum store_run_status *out,
		     bool interrupted, struct acc_error *err)
{
	static const char count_sql[] =
		"UPDATE runs SET ended_at = ?2,"
		" n_ok = (SELECT count(*) FROM results WHERE run_id = ?1 AND status = 'ok'),"
		" n_skipped = (SELECT count(*) FROM results WHERE run_id = ?1"
		"  AND status IN ('skipped', 'interrupted')),"
		" n_failed = (SELECT count(*) FROM results WHERE run_id = ?1"
		"  AND status NOT IN ('ok', 'skipped', 'interrupted'))"
		" WHERE id = ?1 AND status = 'running' RETURNING n_failed, plan_id,"
		" EXISTS (SELECT 1 FROM results WHERE run_id = ?1 AND status = 'interrupted')";
	static const char status_sql[] =
		"UPDATE runs SET status = ?2 WHERE id = ?1";
	static const char plan_sql[] =
		"UPDATE plans SET status = ?2 WHERE id = ?1";
	sqlite3_stmt *cnt = NULL, *rst = NULL, *pst = NULL;
	enum store_run_status status;
	int64_t plan;
	int rc, ret = -1;

	if (store_prepare(s, count_sql, &cnt, "ending an apply run", err) < 0 ||
	    store_prepare(s, status_sql, &rst, "ending an apply run", err) < 0 ||
	    store_prepare(s, plan_sql, &pst, "ending an apply run", err) < 0)
		goto out;
	sqlite3_bind_int64(cnt, 1, run);
	sqlite3_bind_int64(cnt, 2, store_now());
	rc = store_step_row(s, cnt, "ending an apply run", err);
	if (rc == 0)
		acc_fail(err, ACC_ENOTFOUND, 0, "run R-%lld in state database %s does not "
			 "exist or has ended already", (long long)run, s->path);
	if (rc <= 0)
		goto out;
	status = interrupted || sqlite3_column_int(cnt, 2) ? STORE_RUN_INTERRUPTED :
		sqlite3_column_int64(cnt, 0) ? STORE_RUN_FAILED : STORE_RUN_SUCCEEDED;
	plan = sqlite3_column_int64(cnt, 1);
	sqlite3_reset(cnt);
	sqlite3_bind_int64(rst, 1, run);
	store_bind_str(rst, 2, store_run_status_name(status));
	sqlite3_bind_int64(pst, 1, plan);
	store_bind_str(pst, 2, store_plan_status_name(status == STORE_RUN_SUCCEEDED ?
						       STORE_PLAN_APPLIED : STORE_PLAN_FAILED));
	if (store_step_done(s, rst, "ending an apply run", err) < 0 ||
	    store_step_done(s, pst, "ending an apply run", err) < 0)
		goto out;
	if (out)
		*out = status;
	ret = 0;
out:
	sqlite3_finalize(cnt);
	sqlite3_finalize(rst);
	sqlite3_finalize(pst);
	return ret;
}

int store_run_finish(struct store *s, const char *run_id, enum store_run_status *status_out,
		     struct acc_error *err)
{
	enum store_run_status status;
	int64_t run = 0;

	if (store_id_parse(run_id, 'R', "run", &run, err) < 0 ||
	    store_begin_immediate(s, err) < 0)
		return -1;
	if (close_run(s, run, &status, false, err) < 0 || store_commit(s, err) < 0) {
		store_rollback(s);
		return -1;
	}
	if (status_out)
		*status_out = status;
	return 0;
}

int store_runs_interrupt(struct store *s, const char *server, long pid, const char *host,
			 struct acc_error *err)
{
	sqlite3_stmt *st = NULL;
	int64_t *runs = NULL;
	size_t n = 0, alloc = 0;
	int rc, ret = -1;

	if (store_prepare(s, "SELECT id FROM runs WHERE server = ?1 AND pid = ?2 AND "
			  "host = ?3 AND status = 'running'", &st, "finding interrupted runs",
			  err) < 0)
		return -1;
	store_bind_str(st, 1, server);
	sqlite3_bind_int64(st, 2, pid);
	store_bind_str(st, 3, host);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		XGROW(runs, alloc, n + 1);
		runs[n++] = sqlite3_column_int64(st, 0);
	}
	if (rc != SQLITE_DONE) {
		store_fail_sql(s, rc, err, "finding interrupted runs");
		goto out;
	}
	for (size_t i = 0; i < n; i++)
		if (close_run(s, runs[i], NULL, true, err) < 0)
			goto out;
	ret = 0;
out:
	free(runs);
	sqlite3_finalize(st);
	return ret;
}

#define RUN_COLUMNS \
	"r.id, r.plan_id, r.server, r.unix_user, r.host, r.command, r.pid," \
	" r.started_at, r.ended_at, r.status, r.n_ok, r.n_failed, r.n_skipped"

static void run_from_row(sqlite3_stmt *st, void *out)
{
	struct store_run_summary *e = out;

	memset(e, 0, sizeof(*e));
	e->id = store_id_format('R', sqlite3_column_int64(st, 0));
	e->plan_id = store_id_format('P', sqlite3_column_int64(st, 1));
	e->server = store_col_str(st, 2);
	e->user = store_col_str(st, 3);
	e->host = store_col_str(st, 4);
	e->command = store_col_str(st, 5);
	e->pid = (long)sqlite3_column_int64(st, 6);
	e->started_at = sqlite3_column_int64(st, 7);
	e->ended_at = sqlite3_column_int64(st, 8);
	e->status = run_status_parse((const char *)sqlite3_column_text(st, 9));
	e->n_ok = (unsigned)sqlite3_column_int64(st, 10);
	e->n_failed = (unsigned)sqlite3_column_int64(st, 11);
	e->n_skipped = (unsigned)sqlite3_column_int64(st, 12);
}

static void runs_release(void *v, size_t n)
{
	store_run_summaries_free(v, n);
}

int store_run_list(struct store *s, const char *server, size_t limit,
		   struct store_run_summary **out, size_t *n, struct acc_error *err)
{
	static const char sql[] =
		"SELECT " RUN_COLUMNS " FROM runs r WHERE ?1 IS NULL OR r.server = ?1"
		" ORDER BY r.id DESC LIMIT ?2";
	sqlite3_stmt *st = NULL;
	void *v = NULL;
	int ret;

	if (store_prepare(s, sql, &st, "listing apply runs", err) < 0)
		return -1;
	store_bind_str(st, 1, server);
	sqlite3_bind_int64(st, 2, limit ? (int64_t)limit : -1);
	ret = store_collect(s, st, sizeof(**out), run_from_row, runs_release, &v, n,
			    "listing apply runs", err);
	if (ret == 0)
		*out = v;
	sqlite3_finalize(st);
	return ret;
}

static void result_from_row(sqlite3_stmt *st, void *out)
{
	struct store_result_row *e = out;

	e->op_id = (unsigned)sqlite3_column_int64(st, 0);
	e->status = store_col_str(st, 1);
	e->raw = (uint32_t)sqlite3_column_int64(st, 2);
	e->parm_err = (uint32_t)sqlite3_column_int64(st, 3);
	e->message = store_col_str(st, 4);
	e->ms = sqlite3_column_double(st, 5);
	e->calls = (unsigned)sqlite3_column_int64(st, 6);
	e->finished_at = sqlite3_column_int64(st, 7);
}

static void results_release(void *v, size_t n)
{
	store_result_rows_free(v, n);
}

static int load_results(struct store *s, int64_t run, struct store_result_row **out,
			size_t *n, struct acc_error *err)
{
	static const char sql[] =
		"SELECT op_id, status, raw, parm_err, message, ms, calls, finished_at"
		" FROM results WHERE run_id = ?1 ORDER BY id";
	sqlite3_stmt *st = NULL;
	void *v = NULL;
	int ret;

	if (store_prepare(s, sql, &st, "loading a run's results", err) < 0)
		return -1;
	sqlite3_bind_int64(st, 1, run);
	ret = store_collect(s, st, sizeof(**out), result_from_row, results_release, &v, n,
			    "loading a run's results", err);
	if (ret == 0)
		*out = v;
	sqlite3_finalize(st);
	return ret;
}

int store_run_load(struct store *s, const char *run_id, struct store_run_summary **run,
		   struct store_result_row **results, size_t *n, struct acc_error *err)
{
	static const char sql[] = "SELECT " RUN_COLUMNS " FROM runs r WHERE r.id = ?1";
	struct store_run_summary *r = NULL;
	struct store_result_row *v = NULL;
	sqlite3_stmt *st = NULL;
	size_t count = 0;
	int64_t id = 0;
	int rc, ret = -1;

	if (store_id_parse(run_id, 'R', "run", &id, err) < 0 || store_begin(s, err) < 0)
		return -1;
	if (store_prepare(s, sql, &st, "loading a run", err) < 0)
		goto out;
	sqlite3_bind_int64(st, 1, id);
	rc = store_step_row(s, st, "loading a run", err);
	if (rc == 0)
		acc_fail(err, ACC_ENOTFOUND, 0, "no run R-%lld in state database %s; "
			 "`accord show` lists the runs", (long long)id, s->path);
	if (rc <= 0)
		goto out;
	r = xmalloc(sizeof(*r));
	run_from_row(st, r);
	if (load_results(s, id, &v, &count, err) < 0)
		goto out;
	if (r->status == STORE_RUN_RUNNING) {
		for (size_t i = 0; i < count; i++) {
			if (strcmp(v[i].status, "ok") == 0)
				r->n_ok++;
			else if (strcmp(v[i].status, "skipped") == 0 ||
				 strcmp(v[i].status, "interrupted") == 0)
				r->n_skipped++;
			else
				r->n_failed++;
		}
	}
	*run = r;
	*results = v;
	*n = count;
	r = NULL;
	v = NULL;
	count = 0;
	ret = 0;
out:
	store_rollback(s);
	sqlite3_finalize(st);
	store_run_summaries_free(r, r ? 1 : 0);
	store_result_rows_free(v, count);
	return ret;
}

void store_run_summaries_free(struct store_run_summary *v, size_t n)
{
	for (size_t i = 0; v && i < n; i++) {
		free(v[i].id);
		free(v[i].plan_id);
		free(v[i].server);
		free(v[i].user);
		free(v[i].host);
		free(v[i].command);
	}
	free(v);
}

void store_result_rows_free(struct store_result_row *v, size_t n)
{
	for (size_t i = 0; v && i < n; i++) {
		free(v[i].status);
		free(v[i].message);
	}
	free(v);
}

int store_last_applied(struct store *s, const char *server, const char *account,
		       unsigned field, struct nu_user *after, int64_t *at, struct acc_error *err)
{
	static const char sql[] =
		/* from the account's ops (indexed by account and new name) to
		 * their runs and results; CROSS JOIN keeps that order */
		"SELECT o.after, res.finished_at FROM plan_ops o"
		" CROSS JOIN runs r ON r.plan_id = o.plan_id"
		" CROSS JOIN results res ON res.run_id = r.id AND res.op_id = o.op_id"
		" WHERE r.server = ?1 AND res.status = 'ok' AND (o.mask & ?3) != 0"
		" AND (o.account = ?2 COLLATE NOCASE OR o.new_name = ?2 COLLATE NOCASE)"
		" ORDER BY res.id DESC LIMIT 1";
	sqlite3_stmt *st = NULL;
	struct nu_user u;
	int rc, ret = -1;

	if (store_prepare(s, sql, &st, "finding what was last applied", err) < 0)
		return -1;
	store_bind_str(st, 1, server);
	store_bind_str(st, 2, account);
	sqlite3_bind_int64(st, 3, field);
	rc = store_step_row(s, st, "finding what was last applied", err);
	if (rc <= 0) {
		ret = rc;
		goto out;
	}
	if (store_user_from_json(s, (const char *)sqlite3_column_text(st, 0), &u, err) < 0)
		goto out;
	if (at)
		*at = sqlite3_column_int64(st, 1);
	if (after)
		*after = u;
	else
		nu_user_release(&u);
	ret = 1;
out:
	sqlite3_finalize(st);
	return ret;
}
