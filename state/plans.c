/* plans.c: saved plans: their ops, warnings, texts and live snapshots. */
#include "store_int.h"

#include "xalloc.h"

#include <stdlib.h>
#include <string.h>

static const char *const plan_status_names[] = {
	[STORE_PLAN_PLANNED] = "planned", [STORE_PLAN_APPLYING] = "applying",
	[STORE_PLAN_APPLIED] = "applied", [STORE_PLAN_FAILED] = "failed",
	[STORE_PLAN_SUPERSEDED] = "superseded",
};

static const char *const pw_kind_names[] = {
	[PW_NONE] = "none", [PW_ENV] = "env", [PW_FILE] = "file",
	[PW_CPASSWORD] = "cpassword", [PW_LITERAL] = "literal",
};

const char *store_plan_status_name(enum store_plan_status st)
{
	return store_name_at(plan_status_names, STORE_NELEM(plan_status_names), (int)st);
}

static enum store_plan_status plan_status_parse(const char *name)
{
	return (enum store_plan_status)store_name_parse(name, plan_status_names,
							 STORE_NELEM(plan_status_names),
							 STORE_PLAN_PLANNED);
}

/* What must never reach the file: a pw_ref that is the secret itself, or a
 * "fingerprint" that does not look like one. */
static int check_ops(const struct plan *p, struct acc_error *err)
{
	for (size_t i = 0; i < p->n_ops; i++) {
		const struct plan_op *op = &p->ops[i];

		if ((op->pw_kind == PW_CPASSWORD || op->pw_kind == PW_LITERAL) && op->pw_ref)
			return acc_fail(err, ACC_EINVAL, 0, "op %u of the plan carries a %s "
					"password reference, which is the secret itself; the "
					"store keeps no secret", op->id, pw_kind_names[op->pw_kind]);
		if (op->pw_fingerprint && !store_is_fingerprint(op->pw_fingerprint))
			return acc_fail(err, ACC_EINVAL, 0, "op %u of the plan has a password "
					"fingerprint that is not %d to %d lowercase hex digits",
					op->id, STORE_FP_MIN, STORE_FP_MAX);
		if ((unsigned)op->pw_kind >= (unsigned)STORE_NELEM(pw_kind_names))
			return acc_fail(err, ACC_EINVAL, 0, "op %u of the plan has an unknown "
					"password kind %d", op->id, (int)op->pw_kind);
	}
	return 0;
}

static int insert_plan_row(struct store *s, const struct plan *p, const struct store_plan_text *t,
			   int64_t created, int64_t *id, struct acc_error *err)
{
	static const char sql[] =
		"INSERT INTO plans (created_at, server, source_path, source_sha256, model, text,"
		" json, n_ops, n_add, n_change, n_destroy)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)";
	sqlite3_stmt *st = NULL;
	unsigned add, change, destroy;
	int ret = -1;

	plan_counts(p, &add, &change, &destroy);
	if (store_prepare(s, sql, &st, "saving a plan", err) < 0)
		return -1;
	sqlite3_bind_int64(st, 1, created);
	store_bind_str(st, 2, store_server_key(p->server));
	store_bind_str(st, 3, p->n_sources ? p->sources[0] : NULL);
	store_bind_str(st, 4, p->source_sha256[0] ? p->source_sha256 : NULL);
	store_bind_str(st, 5, t ? t->model : NULL);
	store_bind_str(st, 6, t ? t->text : NULL);
	store_bind_str(st, 7, t ? t->json : NULL);
	sqlite3_bind_int64(st, 8, (int64_t)p->n_ops);
	sqlite3_bind_int(st, 9, (int)add);
	sqlite3_bind_int(st, 10, (int)change);
	sqlite3_bind_int(st, 11, (int)destroy);
	if (store_step_done(s, st, "saving a plan", err) < 0)
		goto out;
	*id = sqlite3_last_insert_rowid(s->db);
	ret = 0;
out:
	sqlite3_finalize(st);
	return ret;
}

static int insert_ops(struct store *s, const struct plan *p, int64_t id, struct acc_error *err)
{
	static const char sql[] =
		"INSERT INTO plan_ops (plan_id, op_id, kind, account, new_name, grp, member_sid,"
		" member_name, mask, before, after, rid, pw_kind, pw_ref, pw_fingerprint,"
		" depends_on, reason, src_file, src_line, src_col, must_change, must_change_at)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15,"
		" ?16, ?17, ?18, ?19, ?20, ?21, ?22)";
	struct strbuf before = STRBUF_INIT, after = STRBUF_INIT;
	sqlite3_stmt *st = NULL;
	int ret = -1;

	sb_init(&before);
	sb_init(&after);
	if (store_prepare(s, sql, &st, "saving a plan's operations", err) < 0)
		goto out;
	sqlite3_bind_int64(st, 1, id);
	for (size_t i = 0; i < p->n_ops; i++) {
		const struct plan_op *op = &p->ops[i];

		sb_reset(&before);
		sb_reset(&after);
		store_user_json(&before, &op->before);
		store_user_json(&after, &op->after);
		sqlite3_bind_int64(st, 2, op->id);
		store_bind_str(st, 3, op_kind_name(op->kind));
		store_bind_str(st, 4, op->account);
		store_bind_str(st, 5, op->new_name);
		store_bind_str(st, 6, op->group);
		store_bind_str(st, 7, op->member_sid);
		store_bind_str(st, 8, op->member_name);
		sqlite3_bind_int64(st, 9, op->mask);
		sqlite3_bind_text(st, 10, before.buf, (int)before.len, SQLITE_STATIC);
		sqlite3_bind_text(st, 11, after.buf, (int)after.len, SQLITE_STATIC);
		sqlite3_bind_int64(st, 12, op->rid);
		store_bind_str(st, 13, pw_kind_names[op->pw_kind]);
		store_bind_str(st, 14, op->pw_ref);
		store_bind_str(st, 15, op->pw_fingerprint);
		sqlite3_bind_int64(st, 16, op->depends_on);
		store_bind_str(st, 17, op->reason);
		store_bind_str(st, 18, op->src_file);
		sqlite3_bind_int64(st, 19, op->src_line);
		sqlite3_bind_int64(st, 20, op->src_col);
		store_bind_str(st, 21, op_must_change_name(op->must_change));
		sqlite3_bind_int64(st, 22, op->must_change_at);
		if (store_step_done(s, st, "saving a plan's operations", err) < 0)
			goto out;
	}
	ret = 0;
out:
	sqlite3_finalize(st);
	sb_release(&before);
	sb_release(&after);
	return ret;
}

/* One row (plan_id, seq, text) per string of v, seq from 1; st is such an
 * INSERT, prepared. */
static int insert_seq(struct store *s, sqlite3_stmt *st, int64_t id, char *const *v, size_t n,
		      const char *what, struct acc_error *err)
{
	sqlite3_bind_int64(st, 1, id);
	for (size_t i = 0; i < n; i++) {
		sqlite3_bind_int64(st, 2, (int64_t)i + 1);
		store_bind_str(st, 3, v[i]);
		if (store_step_done(s, st, what, err) < 0)
			return -1;
	}
	return 0;
}

static int insert_extras(struct store *s, const struct plan *p, int64_t id,
			 const struct nu_user *snaps, size_t n_snaps, struct acc_error *err)
{
	sqlite3_stmt *warn = NULL, *snap = NULL;
	struct strbuf sb = STRBUF_INIT;
	int ret = -1;

	sb_init(&sb);
	if (store_prepare(s, "INSERT INTO plan_warnings (plan_id, seq, message) "
			  "VALUES (?1, ?2, ?3)", &warn, "saving a plan's warnings", err) < 0 ||
	    store_prepare(s, "INSERT OR REPLACE INTO plan_snapshots (plan_id, account, "
			  "user_json) VALUES (?1, ?2, ?3)", &snap, "saving a plan's snapshots",
			  err) < 0)
		goto out;
	if (insert_seq(s, warn, id, p->warnings, p->n_warnings, "saving a plan's warnings",
		       err) < 0)
		goto out;
	sqlite3_bind_int64(snap, 1, id);
	for (size_t i = 0; i < n_snaps; i++) {
		if (!snaps[i].name) {
			acc_fail(err, ACC_EINVAL, 0, "cannot save a live snapshot without an "
				 "account name in state database %s", s->path);
			goto out;
		}
		sb_reset(&sb);
		store_user_json(&sb, &snaps[i]);
		store_bind_str(snap, 2, snaps[i].name);
		sqlite3_bind_text(snap, 3, sb.buf, (int)sb.len, SQLITE_STATIC);
		if (store_step_done(s, snap, "saving a plan's snapshots", err) < 0)
			goto out;
	}
	ret = 0;
out:
	sqlite3_finalize(warn);
	sqlite3_finalize(snap);
	sb_release(&sb);
	return ret;
}

static void bind_side(sqlite3_stmt *st, int col, const struct m_conflict_side *side,
		      bool sensitive)
{
	store_bind_str(st, col, side->file);
	sqlite3_bind_int64(st, col + 1, side->line);
	sqlite3_bind_int64(st, col + 2, side->col);
	store_bind_str(st, col + 3, sensitive ? NULL : side->value);
}

/* The files the plan was made from, in merge order, and their conflicts. */
static int insert_sources(struct store *s, const struct plan *p, int64_t id,
			  struct acc_error *err)
{
	sqlite3_stmt *src = NULL, *con = NULL;
	int ret = -1;

	if (store_prepare(s, "INSERT INTO plan_sources (plan_id, seq, path) VALUES (?1, ?2, ?3)",
			  &src, "saving a plan's files", err) < 0 ||
	    store_prepare(s, "INSERT INTO plan_conflicts (plan_id, seq, kind, account, field,"
			  " sensitive, was_file, was_line, was_col, was_value, now_file, now_line,"
			  " now_col, now_value) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10,"
			  " ?11, ?12, ?13, ?14)", &con, "saving a plan's conflicts", err) < 0)
		goto out;
	if (insert_seq(s, src, id, p->sources, p->n_sources, "saving a plan's files", err) < 0)
		goto out;
	sqlite3_bind_int64(con, 1, id);
	for (size_t i = 0; i < p->conflicts.n; i++) {
		const struct m_conflict *c = &p->conflicts.v[i];

		sqlite3_bind_int64(con, 2, (int64_t)i + 1);
		store_bind_str(con, 3, c->kind);
		store_bind_str(con, 4, c->account);
		store_bind_str(con, 5, c->field);
		sqlite3_bind_int(con, 6, c->sensitive);
		bind_side(con, 7, &c->was, c->sensitive);
		bind_side(con, 11, &c->now, c->sensitive);
		if (store_step_done(s, con, "saving a plan's conflicts", err) < 0)
			goto out;
	}
	ret = 0;
out:
	sqlite3_finalize(src);
	sqlite3_finalize(con);
	return ret;
}

int store_plan_save(struct store *s, struct plan *p, const struct store_plan_text *text,
		    const struct nu_user *snapshots, size_t n_snapshots, struct acc_error *err)
{
	int64_t created = p->created_at ? p->created_at : store_now(), id = 0;
	sqlite3_stmt *st = NULL;
	int ret = -1;

	if (check_ops(p, err) < 0 || store_begin_immediate(s, err) < 0)
		return -1;
	if (store_prepare(s, "UPDATE plans SET status = 'superseded' WHERE server = ?1 AND "
			  "status = 'planned'", &st, "superseding older plans", err) < 0)
		goto out;
	store_bind_str(st, 1, store_server_key(p->server));
	if (store_step_done(s, st, "superseding older plans", err) < 0 ||
	    insert_plan_row(s, p, text, created, &id, err) < 0 ||
	    insert_ops(s, p, id, err) < 0 ||
	    insert_extras(s, p, id, snapshots, n_snapshots, err) < 0 ||
	    insert_sources(s, p, id, err) < 0 ||
	    store_commit(s, err) < 0)
		goto out;
	free(p->id);
	p->id = store_id_format('P', id);
	p->created_at = created;
	ret = 0;
out:
	if (ret < 0)
		store_rollback(s);
	sqlite3_finalize(st);
	return ret;
}

static int op_kind_parse(const char *name)
{
	for (int k = 0; name && k <= OP_SKIP; k++)
		if (strcmp(op_kind_name((enum op_kind)k), name) == 0)
			return k;
	return -1;
}

static int load_ops(struct store *s, struct plan *p, int64_t id, struct acc_error *err)
{
	static const char sql[] =
		"SELECT op_id, kind, account, new_name, grp, member_sid, member_name, mask,"
		" before, after, rid, pw_kind, pw_ref, pw_fingerprint, depends_on, reason,"
		" src_file, src_line, src_col, must_change, must_change_at FROM plan_ops"
		" WHERE plan_id = ?1 ORDER BY op_id";
	sqlite3_stmt *st = NULL;
	int rc, ret = -1;

	if (store_prepare(s, sql, &st, "loading a plan's operations", err) < 0)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *kind = (const char *)sqlite3_column_text(st, 1);
		int k = op_kind_parse(kind);
		int pw = store_name_index((const char *)sqlite3_column_text(st, 11),
					  pw_kind_names, STORE_NELEM(pw_kind_names));
		const char *mc = (const char *)sqlite3_column_text(st, 19);
		enum op_must_change mck = OP_MC_NONE;
		struct plan_op *op;

		if (k < 0 || pw < 0) {
			acc_fail(err, ACC_ESTATE, 0, "state database %s: plan P-%lld has an "
				 "operation of unknown kind '%s'; was it written by a newer "
				 "accord?", s->path, (long long)id, kind ? kind : "");
			goto out;
		}
		if (!op_must_change_parse(mc, &mck)) {
			acc_fail(err, ACC_ESTATE, 0, "state database %s: plan P-%lld: operation "
				 "%lld has an unknown must-change case '%s'; was it written by a "
				 "newer accord?", s->path, (long long)id,
				 (long long)sqlite3_column_int64(st, 0), mc ? mc : "");
			goto out;
		}
		op = plan_add_op(p, (enum op_kind)k, (const char *)sqlite3_column_text(st, 2));
		op->id = (unsigned)sqlite3_column_int64(st, 0);
		op->new_name = store_col_str(st, 3);
		op->group = store_col_str(st, 4);
		op->member_sid = store_col_str(st, 5);
		op->member_name = store_col_str(st, 6);
		op->mask = (unsigned)sqlite3_column_int64(st, 7);
		if (store_user_from_json(s, (const char *)sqlite3_column_text(st, 8),
					 &op->before, err) < 0 ||
		    store_user_from_json(s, (const char *)sqlite3_column_text(st, 9),
					 &op->after, err) < 0)
			goto out;
		op->rid = (uint32_t)sqlite3_column_int64(st, 10);
		op->pw_kind = (enum m_pw_kind)pw;
		op->pw_ref = store_col_str(st, 12);
		op->pw_fingerprint = store_col_str(st, 13);
		op->depends_on = (unsigned)sqlite3_column_int64(st, 14);
		op->reason = store_col_str(st, 15);
		op->src_file = store_col_str(st, 16);
		op->src_line = (unsigned)sqlite3_column_int64(st, 17);
		op->src_col = (unsigned)sqlite3_column_int64(st, 18);
		op->must_change = mck;
		op->must_change_at = sqlite3_column_int64(st, 20);
	}
	if (rc != SQLITE_DONE) {
		store_fail_sql(s, rc, err, "loading a plan's operations");
		goto out;
	}
	ret = 0;
out:
	sqlite3_finalize(st);
	return ret;
}

static int load_extras(struct store *s, struct store_plan_record *r, int64_t id,
		       struct acc_error *err)
{
	sqlite3_stmt *warn = NULL, *snap = NULL;
	size_t alloc = 0;
	int rc, ret = -1;

	if (store_prepare(s, "SELECT message FROM plan_warnings WHERE plan_id = ?1 ORDER BY "
			  "seq", &warn, "loading a plan's warnings", err) < 0 ||
	    store_prepare(s, "SELECT user_json FROM plan_snapshots WHERE plan_id = ?1 "
			  "ORDER BY account", &snap, "loading a plan's snapshots", err) < 0)
		goto out;
	sqlite3_bind_int64(warn, 1, id);
	while ((rc = sqlite3_step(warn)) == SQLITE_ROW)
		plan_add_warning(r->plan, "%s", (const char *)sqlite3_column_text(warn, 0));
	if (rc != SQLITE_DONE) {
		store_fail_sql(s, rc, err, "loading a plan's warnings");
		goto out;
	}
	sqlite3_bind_int64(snap, 1, id);
	while ((rc = sqlite3_step(snap)) == SQLITE_ROW) {
		XGROW(r->snapshots, alloc, r->n_snapshots + 1);
		if (store_user_from_json(s, (const char *)sqlite3_column_text(snap, 0),
					 &r->snapshots[r->n_snapshots], err) < 0)
			goto out;
		r->n_snapshots++;
	}
	if (rc != SQLITE_DONE) {
		store_fail_sql(s, rc, err, "loading a plan's snapshots");
		goto out;
	}
	ret = 0;
out:
	sqlite3_finalize(warn);
	sqlite3_finalize(snap);
	return ret;
}

static void side_from_row(sqlite3_stmt *st, int col, struct m_conflict_side *side)
{
	side->file = store_col_str(st, col);
	side->line = (unsigned)sqlite3_column_int64(st, col + 1);
	side->col = (unsigned)sqlite3_column_int64(st, col + 2);
	side->value = store_col_str(st, col + 3);
}

static int load_sources(struct store *s, struct plan *p, int64_t id, struct acc_error *err)
{
	sqlite3_stmt *src = NULL, *con = NULL;
	bool first = true;
	int rc, ret = -1;

	if (store_prepare(s, "SELECT path FROM plan_sources WHERE plan_id = ?1 ORDER BY seq",
			  &src, "loading a plan's files", err) < 0 ||
	    store_prepare(s, "SELECT kind, account, field, sensitive, was_file, was_line,"
			  " was_col, was_value, now_file, now_line, now_col, now_value"
			  " FROM plan_conflicts WHERE plan_id = ?1 ORDER BY seq", &con,
			  "loading a plan's conflicts", err) < 0)
		goto out;
	sqlite3_bind_int64(src, 1, id);
	while ((rc = sqlite3_step(src)) == SQLITE_ROW) {
		/* the whole list replaces plans.source_path, its first file */
		for (; first && p->n_sources; p->n_sources--)
			free(p->sources[p->n_sources - 1]);
		first = false;
		plan_add_source(p, (const char *)sqlite3_column_text(src, 0));
	}
	if (rc != SQLITE_DONE) {
		store_fail_sql(s, rc, err, "loading a plan's files");
		goto out;
	}
	sqlite3_bind_int64(con, 1, id);
	while ((rc = sqlite3_step(con)) == SQLITE_ROW) {
		struct m_conflict *c = m_conflicts_add(&p->conflicts,
			(const char *)sqlite3_column_text(con, 0),
			(const char *)sqlite3_column_text(con, 1),
			(const char *)sqlite3_column_text(con, 2));

		c->sensitive = sqlite3_column_int(con, 3) != 0;
		side_from_row(con, 4, &c->was);
		side_from_row(con, 8, &c->now);
	}
	if (rc != SQLITE_DONE) {
		store_fail_sql(s, rc, err, "loading a plan's conflicts");
		goto out;
	}
	ret = 0;
out:
	sqlite3_finalize(src);
	sqlite3_finalize(con);
	return ret;
}

static int load_plan_row(struct store *s, struct store_plan_record *r, int64_t id,
			 struct acc_error *err)
{
	static const char sql[] =
		"SELECT created_at, server, source_path, source_sha256, status, model, text, json"
		" FROM plans WHERE id = ?1";
	sqlite3_stmt *st = NULL;
	const char *sha;
	int rc, ret = -1;

	if (store_prepare(s, sql, &st, "loading a plan", err) < 0)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	rc = store_step_row(s, st, "loading a plan", err);
	if (rc == 0)
		acc_fail(err, ACC_ENOTFOUND, 0, "no plan P-%lld in state database %s; "
			 "`accord show` lists the plans", (long long)id, s->path);
	if (rc <= 0)
		goto out;
	r->plan->id = store_id_format('P', id);
	r->plan->created_at = sqlite3_column_int64(st, 0);
	r->plan->server = store_col_str(st, 1);
	/* plans saved before plan_sources name their one file here */
	if (sqlite3_column_type(st, 2) != SQLITE_NULL)
		plan_add_source(r->plan, (const char *)sqlite3_column_text(st, 2));
	sha = (const char *)sqlite3_column_text(st, 3);
	if (sha)
		snprintf(r->plan->source_sha256, sizeof(r->plan->source_sha256), "%s", sha);
	r->status = plan_status_parse((const char *)sqlite3_column_text(st, 4));
	r->model = store_col_str(st, 5);
	r->text = store_col_str(st, 6);
	r->json = store_col_str(st, 7);
	ret = 0;
out:
	sqlite3_finalize(st);
	return ret;
}

int store_plan_load(struct store *s, const char *id, struct store_plan_record **out,
		    struct acc_error *err)
{
	struct store_plan_record *r = NULL;
	int64_t n = 0;
	int ret = -1;

	if (store_id_parse(id, 'P', "plan", &n, err) < 0 || store_begin(s, err) < 0)
		return -1;
	r = xcalloc(1, sizeof(*r));
	r->plan = plan_new();
	if (load_plan_row(s, r, n, err) < 0 ||
	    load_sources(s, r->plan, n, err) < 0 ||
	    load_ops(s, r->plan, n, err) < 0 ||
	    load_extras(s, r, n, err) < 0)
		goto out;
	*out = r;
	r = NULL;
	ret = 0;
out:
	store_rollback(s);  /* read-only: nothing to commit */
	store_plan_record_free(r);
	return ret;
}

void store_plan_record_free(struct store_plan_record *r)
{
	if (!r)
		return;
	plan_free(r->plan);
	free(r->model);
	free(r->text);
	free(r->json);
	nu_users_free(r->snapshots, r->n_snapshots);
	free(r);
}

int store_plan_latest(struct store *s, const char *server, char **id_out, struct acc_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc, ret = -1;

	if (store_prepare(s, "SELECT max(id) FROM plans WHERE server = ?1", &st,
			  "finding the latest plan", err) < 0)
		return -1;
	store_bind_str(st, 1, store_server_key(server));
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		store_fail_sql(s, rc, err, "finding the latest plan");
		goto out;
	}
	if (sqlite3_column_type(st, 0) == SQLITE_NULL) {
		acc_fail(err, ACC_ENOTFOUND, 0, "no plan for server %s in state database %s; "
			 "run `accord plan` first", server && *server ? server : "(local)", s->path);
		goto out;
	}
	*id_out = store_id_format('P', sqlite3_column_int64(st, 0));
	ret = 0;
out:
	sqlite3_finalize(st);
	return ret;
}

/* Runs st (an UPDATE of plan n, bound by the caller) and finalizes it;
 * ACC_ENOTFOUND when it changed no row. */
static int update_plan(struct store *s, int64_t n, sqlite3_stmt *st, const char *what,
		       const char *why_none, struct acc_error *err)
{
	int ret = -1;

	if (store_step_done(s, st, what, err) < 0)
		goto out;
	if (sqlite3_changes(s->db) == 0) {
		acc_fail(err, ACC_ENOTFOUND, 0, "no plan P-%lld%s in state database %s",
			 (long long)n, why_none, s->path);
		goto out;
	}
	ret = 0;
out:
	sqlite3_finalize(st);
	return ret;
}

int store_plan_set_status(struct store *s, const char *id, enum store_plan_status st_new,
			  struct acc_error *err)
{
	sqlite3_stmt *st = NULL;
	int64_t n = 0;

	if (store_id_parse(id, 'P', "plan", &n, err) < 0 ||
	    store_prepare(s, "UPDATE plans SET status = ?2 WHERE id = ?1", &st,
			  "setting a plan's status", err) < 0)
		return -1;
	sqlite3_bind_int64(st, 1, n);
	store_bind_str(st, 2, store_plan_status_name(st_new));
	return update_plan(s, n, st, "setting a plan's status", "", err);
}

int store_plan_set_text(struct store *s, const char *id, const struct store_plan_text *t,
			struct acc_error *err)
{
	/* Once applying, the text is what the user approved: kept as printed. */
	static const char sql[] =
		"UPDATE plans SET model = coalesce(?2, model), text = ?3, json = ?4"
		" WHERE id = ?1 AND status IN ('planned', 'superseded')";
	sqlite3_stmt *st = NULL;
	int64_t n = 0;

	if (store_id_parse(id, 'P', "plan", &n, err) < 0 ||
	    store_prepare(s, sql, &st, "saving a plan's text", err) < 0)
		return -1;
	sqlite3_bind_int64(st, 1, n);
	store_bind_str(st, 2, t->model);
	store_bind_str(st, 3, t->text);
	store_bind_str(st, 4, t->json);
	return update_plan(s, n, st, "saving a plan's text", " that is not yet applied", err);
}

static void plan_summary_from_row(sqlite3_stmt *st, void *out)
{
	struct store_plan_summary *e = out;

	e->id = store_id_format('P', sqlite3_column_int64(st, 0));
	e->created_at = sqlite3_column_int64(st, 1);
	e->server = store_col_str(st, 2);
	e->source_path = store_col_str(st, 3);
	e->status = plan_status_parse((const char *)sqlite3_column_text(st, 4));
	e->n_ops = (unsigned)sqlite3_column_int64(st, 5);
	e->add = (unsigned)sqlite3_column_int64(st, 6);
	e->change = (unsigned)sqlite3_column_int64(st, 7);
	e->destroy = (unsigned)sqlite3_column_int64(st, 8);
	if (sqlite3_column_type(st, 9) != SQLITE_NULL)
		e->last_run = store_id_format('R', sqlite3_column_int64(st, 9));
}

static void plan_summaries_release(void *v, size_t n)
{
	store_plan_summaries_free(v, n);
}

int store_plan_list(struct store *s, const char *server, size_t limit,
		    struct store_plan_summary **out, size_t *n, struct acc_error *err)
{
	static const char sql[] =
		"SELECT p.id, p.created_at, p.server, coalesce((SELECT group_concat(path, ' + ')"
		" FROM (SELECT path FROM plan_sources WHERE plan_id = p.id ORDER BY seq)),"
		" p.source_path), p.status, p.n_ops,"
		" p.n_add, p.n_change, p.n_destroy,"
		" (SELECT max(r.id) FROM runs r WHERE r.plan_id = p.id)"
		" FROM plans p WHERE ?1 IS NULL OR p.server = ?1 ORDER BY p.id DESC LIMIT ?2";
	sqlite3_stmt *st = NULL;
	void *v = NULL;
	int ret;

	if (store_prepare(s, sql, &st, "listing plans", err) < 0)
		return -1;
	store_bind_str(st, 1, server);
	sqlite3_bind_int64(st, 2, limit ? (int64_t)limit : -1);
	ret = store_collect(s, st, sizeof(**out), plan_summary_from_row, plan_summaries_release,
			    &v, n, "listing plans", err);
	if (ret == 0)
		*out = v;
	sqlite3_finalize(st);
	return ret;
}

void store_plan_summaries_free(struct store_plan_summary *v, size_t n)
{
	for (size_t i = 0; v && i < n; i++) {
		free(v[i].id);
		free(v[i].server);
		free(v[i].source_path);
		free(v[i].last_run);
	}
	free(v);
}
