/* drift.c: drift reports and their per-account, per-field rows. */
#include "store_int.h"

#include "xalloc.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define MASKED "(sensitive)"

static const char *const drift_status_names[] = {
	[STORE_DRIFT_IN_SYNC] = "in_sync", [STORE_DRIFT_DRIFT] = "drift",
	[STORE_DRIFT_ERROR] = "error",
};

static const char *const origin_names[] = {
	[STORE_ORIGIN_OUTSIDE] = "outside", [STORE_ORIGIN_NEVER_APPLIED] = "never_applied",
};

const char *store_drift_status_name(enum store_drift_status st)
{
	return store_name_at(drift_status_names, STORE_NELEM(drift_status_names), (int)st);
}

const char *store_drift_origin_name(enum store_drift_origin o)
{
	return store_name_at(origin_names, STORE_NELEM(origin_names), (int)o);
}

struct store_drift_report *store_drift_report_new(const char *server, const char *source_path,
						 enum store_drift_status status)
{
	struct store_drift_report *r = xcalloc(1, sizeof(*r));

	r->server = xstrdup(server);
	r->source_path = xstrdup(source_path);
	r->status = status;
	return r;
}

struct store_drift_item *store_drift_add(struct store_drift_report *r, const char *account,
					 const char *field, const char *expected,
					 const char *actual, enum store_drift_origin origin)
{
	struct store_drift_item *it;

	XGROW(r->items, r->alloc_items, r->n_items + 1);
	it = &r->items[r->n_items++];
	it->account = xstrdup(account);
	it->field = xstrdup(field);
	it->expected = xstrdup(expected);
	it->actual = xstrdup(actual);
	it->origin = origin;
	return it;
}

/* A secret's value, or anything about it, never reaches the file. */
static const char *masked(const struct store_drift_item *it, const char *value)
{
	return value && strcasecmp(it->field, "password") == 0 ? MASKED : value;
}

static int insert_items(struct store *s, const struct store_drift_report *r, int64_t id,
			struct acc_error *err)
{
	sqlite3_stmt *st = NULL;
	int ret = -1;

	if (store_prepare(s, "INSERT INTO drift_items (report_id, seq, account, field, "
			  "expected, actual, origin) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)", &st,
			  "saving drift rows", err) < 0)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	for (size_t i = 0; i < r->n_items; i++) {
		const struct store_drift_item *it = &r->items[i];

		if (!it->account || !it->field) {
			acc_fail(err, ACC_EINVAL, 0, "drift row %zu has no account or field", i + 1);
			goto out;
		}
		sqlite3_bind_int64(st, 2, (int64_t)i + 1);
		store_bind_str(st, 3, it->account);
		store_bind_str(st, 4, it->field);
		store_bind_str(st, 5, masked(it, it->expected));
		store_bind_str(st, 6, masked(it, it->actual));
		store_bind_str(st, 7, store_drift_origin_name(it->origin));
		if (store_step_done(s, st, "saving drift rows", err) < 0)
			goto out;
	}
	ret = 0;
out:
	sqlite3_finalize(st);
	return ret;
}

/* Counts the rows just written into the report row and into r. */
static int count_items(struct store *s, struct store_drift_report *r, int64_t id,
		       struct acc_error *err)
{
	static const char sql[] =
		"UPDATE drift_reports SET"
		" n_items = (SELECT count(*) FROM drift_items WHERE report_id = ?1),"
		" n_accounts = (SELECT count(DISTINCT lower(account)) FROM drift_items"
		"  WHERE report_id = ?1),"
		" n_outside = (SELECT count(*) FROM drift_items WHERE report_id = ?1"
		"  AND origin = 'outside'),"
		" n_never_applied = (SELECT count(*) FROM drift_items WHERE report_id = ?1"
		"  AND origin = 'never_applied')"
		" WHERE id = ?1 RETURNING n_items, n_accounts, n_outside, n_never_applied";
	sqlite3_stmt *st = NULL;
	int rc, ret = -1;

	if (store_prepare(s, sql, &st, "counting drift rows", err) < 0)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		store_fail_sql(s, rc, err, "counting drift rows");
		goto out;
	}
	r->n_fields = (unsigned)sqlite3_column_int64(st, 0);
	r->n_accounts = (unsigned)sqlite3_column_int64(st, 1);
	r->n_outside = (unsigned)sqlite3_column_int64(st, 2);
	r->n_never_applied = (unsigned)sqlite3_column_int64(st, 3);
	ret = 0;
out:
	sqlite3_finalize(st);
	return ret;
}

int store_drift_save(struct store *s, struct store_drift_report *r, struct acc_error *err)
{
	int64_t at = r->at ? r->at : store_now(), id;
	sqlite3_stmt *st = NULL;
	int ret = -1;

	if (store_begin_immediate(s, err) < 0)
		return -1;
	if (store_prepare(s, "INSERT INTO drift_reports (at, server, source_path, status, "
			  "error, n_items, n_accounts, n_outside, n_never_applied) VALUES (?1, "
			  "?2, ?3, ?4, ?5, 0, 0, 0, 0)", &st, "saving a drift report", err) < 0)
		goto out;
	sqlite3_bind_int64(st, 1, at);
	store_bind_str(st, 2, store_server_key(r->server));
	store_bind_str(st, 3, r->source_path);
	store_bind_str(st, 4, store_drift_status_name(r->status));
	store_bind_str(st, 5, r->error);
	if (store_step_done(s, st, "saving a drift report", err) < 0)
		goto out;
	id = sqlite3_last_insert_rowid(s->db);
	if (insert_items(s, r, id, err) < 0 || count_items(s, r, id, err) < 0 ||
	    store_commit(s, err) < 0)
		goto out;
	free(r->id);
	r->id = store_id_format('D', id);
	r->at = at;
	ret = 0;
out:
	if (ret < 0)
		store_rollback(s);
	sqlite3_finalize(st);
	return ret;
}

#define REPORT_COLUMNS \
	"id, at, server, source_path, status, error, n_items, n_accounts, n_outside," \
	" n_never_applied"

static void report_from_row(sqlite3_stmt *st, void *out)
{
	struct store_drift_report *r = out;

	memset(r, 0, sizeof(*r));
	r->id = store_id_format('D', sqlite3_column_int64(st, 0));
	r->at = sqlite3_column_int64(st, 1);
	r->server = store_col_str(st, 2);
	r->source_path = store_col_str(st, 3);
	r->status = (enum store_drift_status)store_name_parse(
		(const char *)sqlite3_column_text(st, 4), drift_status_names,
		STORE_NELEM(drift_status_names), STORE_DRIFT_ERROR);
	r->error = store_col_str(st, 5);
	r->n_fields = (unsigned)sqlite3_column_int64(st, 6);
	r->n_accounts = (unsigned)sqlite3_column_int64(st, 7);
	r->n_outside = (unsigned)sqlite3_column_int64(st, 8);
	r->n_never_applied = (unsigned)sqlite3_column_int64(st, 9);
}

static int load_items(struct store *s, struct store_drift_report *r, int64_t id,
		      struct acc_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc, ret = -1;

	if (store_prepare(s, "SELECT account, field, expected, actual, origin FROM "
			  "drift_items WHERE report_id = ?1 ORDER BY seq", &st,
			  "loading drift rows", err) < 0)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int o = store_name_parse((const char *)sqlite3_column_text(st, 4), origin_names,
					 STORE_NELEM(origin_names), STORE_ORIGIN_OUTSIDE);

		store_drift_add(r, (const char *)sqlite3_column_text(st, 0),
				(const char *)sqlite3_column_text(st, 1),
				(const char *)sqlite3_column_text(st, 2),
				(const char *)sqlite3_column_text(st, 3),
				(enum store_drift_origin)o);
	}
	if (rc != SQLITE_DONE) {
		store_fail_sql(s, rc, err, "loading drift rows");
		goto out;
	}
	ret = 0;
out:
	sqlite3_finalize(st);
	return ret;
}

int store_drift_load(struct store *s, const char *id, struct store_drift_report **out,
		     struct acc_error *err)
{
	struct store_drift_report *r = NULL;
	sqlite3_stmt *st = NULL;
	int64_t n = 0;
	int rc, ret = -1;

	if (store_id_parse(id, 'D', "drift report", &n, err) < 0 || store_begin(s, err) < 0)
		return -1;
	if (store_prepare(s, "SELECT " REPORT_COLUMNS " FROM drift_reports WHERE id = ?1",
			  &st, "loading a drift report", err) < 0)
		goto out;
	sqlite3_bind_int64(st, 1, n);
	rc = store_step_row(s, st, "loading a drift report", err);
	if (rc == 0)
		acc_fail(err, ACC_ENOTFOUND, 0, "no drift report D-%lld in state database %s",
			 (long long)n, s->path);
	if (rc <= 0)
		goto out;
	r = xmalloc(sizeof(*r));
	report_from_row(st, r);
	if (load_items(s, r, n, err) < 0)
		goto out;
	*out = r;
	r = NULL;
	ret = 0;
out:
	store_rollback(s);
	sqlite3_finalize(st);
	store_drift_report_free(r);
	return ret;
}

static void reports_release(void *v, size_t n)
{
	store_drift_reports_free(v, n);
}

int store_drift_list(struct store *s, const char *server, int64_t since, size_t limit,
		     struct store_drift_report **out, size_t *n, struct acc_error *err)
{
	static const char sql[] =
		"SELECT " REPORT_COLUMNS " FROM drift_reports"
		" WHERE (?1 IS NULL OR server = ?1) AND at >= ?2 ORDER BY at DESC, id DESC"
		" LIMIT ?3";
	sqlite3_stmt *st = NULL;
	void *v = NULL;
	int ret;

	if (store_prepare(s, sql, &st, "listing drift reports", err) < 0)
		return -1;
	store_bind_str(st, 1, server);
	sqlite3_bind_int64(st, 2, since);
	sqlite3_bind_int64(st, 3, limit ? (int64_t)limit : -1);
	ret = store_collect(s, st, sizeof(**out), report_from_row, reports_release, &v, n,
			    "listing drift reports", err);
	if (ret == 0)
		*out = v;
	sqlite3_finalize(st);
	return ret;
}

static void report_release(struct store_drift_report *r)
{
	for (size_t i = 0; i < r->n_items; i++) {
		free(r->items[i].account);
		free(r->items[i].field);
		free(r->items[i].expected);
		free(r->items[i].actual);
	}
	free(r->items);
	free(r->id);
	free(r->server);
	free(r->source_path);
	free(r->error);
}

void store_drift_report_free(struct store_drift_report *r)
{
	if (!r)
		return;
	report_release(r);
	free(r);
}

void store_drift_reports_free(struct store_drift_report *v, size_t n)
{
	for (size_t i = 0; v && i < n; i++)
		report_release(&v[i]);
	free(v);
}
