/* schema.c: the state database's tables, as forward migrations.
 *
 * PRAGMA user_version is the number of migrations applied. A migration is
 * never edited once released: change the schema by appending one. Each runs
 * in its own IMMEDIATE transaction together with the user_version bump, so a
 * crash leaves the database at the previous version, and two processes
 * opening a fresh file at once migrate it once. docs/state-schema.md
 * describes the tables. */
#include "store_int.h"

#include <stdio.h>

/* 'ACCD': tells an accord database from any other SQLite file. */
#define STORE_APPLICATION_ID 0x41434344

static const char *const migrations[] = {
	/* 1: plans, their ops and snapshots, apply runs and their results. */
	"PRAGMA application_id = 1094927172;"
	"CREATE TABLE meta (key TEXT PRIMARY KEY, value BLOB NOT NULL);"
	"CREATE TABLE plans ("
	" id INTEGER PRIMARY KEY AUTOINCREMENT,"
	" created_at INTEGER NOT NULL,"
	" server TEXT NOT NULL,"
	" source_path TEXT,"
	" source_sha256 TEXT,"
	" status TEXT NOT NULL DEFAULT 'planned' CHECK (status IN"
	"  ('planned', 'applying', 'applied', 'failed', 'superseded')),"
	" model TEXT, text TEXT, json TEXT,"
	" n_ops INTEGER NOT NULL, n_add INTEGER NOT NULL,"
	" n_change INTEGER NOT NULL, n_destroy INTEGER NOT NULL);"
	"CREATE INDEX plans_by_server ON plans (server, id);"
	"CREATE TABLE plan_warnings ("
	" plan_id INTEGER NOT NULL REFERENCES plans (id) ON DELETE CASCADE,"
	" seq INTEGER NOT NULL, message TEXT NOT NULL,"
	" PRIMARY KEY (plan_id, seq)) WITHOUT ROWID;"
	"CREATE TABLE plan_ops ("
	" plan_id INTEGER NOT NULL REFERENCES plans (id) ON DELETE CASCADE,"
	" op_id INTEGER NOT NULL,"
	" kind TEXT NOT NULL,"
	" account TEXT, new_name TEXT, grp TEXT, member_sid TEXT, member_name TEXT,"
	" mask INTEGER NOT NULL,"
	" before TEXT NOT NULL, after TEXT NOT NULL,"
	" rid INTEGER NOT NULL,"
	" pw_kind TEXT NOT NULL, pw_ref TEXT, pw_fingerprint TEXT,"
	" depends_on INTEGER NOT NULL, reason TEXT,"
	" src_file TEXT, src_line INTEGER NOT NULL, src_col INTEGER NOT NULL,"
	" PRIMARY KEY (plan_id, op_id)) WITHOUT ROWID;"
	"CREATE INDEX plan_ops_by_account ON plan_ops (account COLLATE NOCASE);"
	"CREATE TABLE plan_snapshots ("
	" plan_id INTEGER NOT NULL REFERENCES plans (id) ON DELETE CASCADE,"
	" account TEXT NOT NULL COLLATE NOCASE,"
	" user_json TEXT NOT NULL,"
	" PRIMARY KEY (plan_id, account)) WITHOUT ROWID;"
	"CREATE TABLE runs ("
	" id INTEGER PRIMARY KEY AUTOINCREMENT,"
	" plan_id INTEGER NOT NULL REFERENCES plans (id) ON DELETE CASCADE,"
	" server TEXT NOT NULL,"
	" started_at INTEGER NOT NULL, ended_at INTEGER,"
	" unix_user TEXT, pid INTEGER, host TEXT, command TEXT,"
	" status TEXT NOT NULL DEFAULT 'running' CHECK (status IN"
	"  ('running', 'succeeded', 'failed', 'interrupted')),"
	" n_ok INTEGER NOT NULL DEFAULT 0, n_failed INTEGER NOT NULL DEFAULT 0,"
	" n_skipped INTEGER NOT NULL DEFAULT 0);"
	"CREATE INDEX runs_by_plan ON runs (plan_id);"
	"CREATE INDEX runs_by_server ON runs (server, id);"
	"CREATE TABLE results ("
	" id INTEGER PRIMARY KEY,"
	" run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,"
	" op_id INTEGER NOT NULL,"
	" status TEXT NOT NULL, raw INTEGER NOT NULL, parm_err INTEGER NOT NULL,"
	" message TEXT, ms REAL NOT NULL, calls INTEGER NOT NULL,"
	" finished_at INTEGER NOT NULL);"
	"CREATE INDEX results_by_run ON results (run_id, id);",

	/* 2: the apply lock, drift reports and password fingerprints. */
	"CREATE TABLE locks ("
	" server TEXT PRIMARY KEY,"
	" unix_user TEXT, pid INTEGER NOT NULL, host TEXT NOT NULL,"
	" proc_start INTEGER NOT NULL, command TEXT,"
	" since INTEGER NOT NULL, heartbeat INTEGER NOT NULL);"
	"CREATE TABLE drift_reports ("
	" id INTEGER PRIMARY KEY AUTOINCREMENT,"
	" at INTEGER NOT NULL,"
	" server TEXT NOT NULL,"
	" source_path TEXT,"
	" status TEXT NOT NULL CHECK (status IN ('in_sync', 'drift', 'error')),"
	" error TEXT,"
	" n_items INTEGER NOT NULL, n_accounts INTEGER NOT NULL,"
	" n_outside INTEGER NOT NULL, n_never_applied INTEGER NOT NULL);"
	"CREATE INDEX drift_reports_by_time ON drift_reports (at);"
	"CREATE TABLE drift_items ("
	" report_id INTEGER NOT NULL REFERENCES drift_reports (id) ON DELETE CASCADE,"
	" seq INTEGER NOT NULL,"
	" account TEXT NOT NULL, field TEXT NOT NULL, expected TEXT, actual TEXT,"
	" origin TEXT NOT NULL CHECK (origin IN ('outside', 'never_applied')),"
	" PRIMARY KEY (report_id, seq)) WITHOUT ROWID;"
	"CREATE TABLE pw_fingerprints ("
	" server TEXT NOT NULL,"
	" account TEXT NOT NULL COLLATE NOCASE,"
	" fingerprint TEXT NOT NULL CHECK (length(fingerprint) BETWEEN 16 AND 128"
	"  AND fingerprint NOT GLOB '*[^0-9a-f]*'),"
	" password_age INTEGER NOT NULL, applied_at INTEGER NOT NULL,"
	" PRIMARY KEY (server, account)) WITHOUT ROWID;",

	/* 3: the RID a fingerprint was recorded for, so a recreated account
	 * (same name, new RID) does not inherit it. 0 = not recorded. */
	"ALTER TABLE pw_fingerprints ADD COLUMN rid INTEGER NOT NULL DEFAULT 0;",

	/* 4: what accord last applied to an account (drift's origin, one
	 * query per drifted field) is found from the account's ops, not by
	 * scanning every result of the server: 470 ms -> 2 ms for 100
	 * look-ups after a 10,000-account seed. */
	"CREATE INDEX plan_ops_by_new_name ON plan_ops (new_name COLLATE NOCASE)"
	" WHERE new_name IS NOT NULL;"
	"CREATE INDEX results_by_op ON results (run_id, op_id);",

	/* 5: plan_sources and plan_conflicts: a plan made from several
	 * desired-state files keeps every file in merge order (apply --plan
	 * reads them again, in that order) and the fields they state
	 * differently. plans.source_path keeps the first file. A conflict on
	 * a password keeps no value (the CHECK). */
	"CREATE TABLE plan_sources ("
	" plan_id INTEGER NOT NULL REFERENCES plans (id) ON DELETE CASCADE,"
	" seq INTEGER NOT NULL, path TEXT NOT NULL,"
	" PRIMARY KEY (plan_id, seq)) WITHOUT ROWID;"
	"CREATE TABLE plan_conflicts ("
	" plan_id INTEGER NOT NULL REFERENCES plans (id) ON DELETE CASCADE,"
	" seq INTEGER NOT NULL,"
	" kind TEXT NOT NULL, account TEXT, field TEXT NOT NULL,"
	" sensitive INTEGER NOT NULL CHECK (sensitive IN (0, 1)),"
	" was_file TEXT, was_line INTEGER NOT NULL, was_col INTEGER NOT NULL, was_value TEXT,"
	" now_file TEXT, now_line INTEGER NOT NULL, now_col INTEGER NOT NULL, now_value TEXT,"
	" CHECK (sensitive = 0 OR (was_value IS NULL AND now_value IS NULL)),"
	" PRIMARY KEY (plan_id, seq)) WITHOUT ROWID;",
	/* 6: must-change applied once per account. The accounts accord has
	 * applied "must change at next logon" to, by SID (a rename keeps it,
	 * a recreated account gets a new one), and the case each plan op was
	 * (apply records an op's must-change from it). */
	"CREATE TABLE must_change_applied ("
	" server TEXT NOT NULL,"
	" sid TEXT NOT NULL,"
	" account TEXT NOT NULL,"
	" how TEXT NOT NULL CHECK (how IN ('first_managed', 'with_password')),"
	" applied_at INTEGER NOT NULL,"
	" PRIMARY KEY (server, sid)) WITHOUT ROWID;"
	"ALTER TABLE plan_ops ADD COLUMN must_change TEXT NOT NULL DEFAULT '';"
	"ALTER TABLE plan_ops ADD COLUMN must_change_at INTEGER NOT NULL DEFAULT 0;",
};

#define N_MIGRATIONS ((int)(sizeof(migrations) / sizeof(migrations[0])))

int store_schema_version(void)
{
	return N_MIGRATIONS;
}

static int pragma_int(struct store *s, const char *sql, int *out, struct acc_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc, ret = -1;

	if (store_prepare(s, sql, &st, "reading the schema version", err) < 0)
		goto out;
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		store_fail_sql(s, rc, err, "reading the schema version");
		goto out;
	}
	*out = sqlite3_column_int(st, 0);
	ret = 0;
out:
	sqlite3_finalize(st);
	return ret;
}

int store_schema_check(struct store *s, struct acc_error *err)
{
	int app_id = 0, n_tables = 0, version = 0;

	if (pragma_int(s, "PRAGMA user_version", &version, err) < 0 ||
	    pragma_int(s, "PRAGMA application_id", &app_id, err) < 0)
		return -1;
	if (app_id == 0 && version == 0) {
		if (pragma_int(s, "SELECT count(*) FROM sqlite_master", &n_tables, err) < 0)
			return -1;
		if (n_tables == 0)
			return 0;  /* a new, empty file */
	}
	if (app_id != STORE_APPLICATION_ID)
		return acc_fail(err, ACC_ESTATE, 0,
				"state database %s is not an accord database (a SQLite file of "
				"another program); give another path with --state", s->path);
	if (version > N_MIGRATIONS)
		return acc_fail(err, ACC_ESTATE, 0,
				"state database %s was written by a newer accord (schema %d, this "
				"accord knows %d); upgrade accord", s->path, version, N_MIGRATIONS);
	return 0;
}

static int migrate_one(struct store *s, int to, struct acc_error *err)
{
	char what[64], bump[64];
	int version = 0;

	if (store_begin_immediate(s, err) < 0)
		return -1;
	/* Another process may have migrated while we waited for the lock. */
	if (pragma_int(s, "PRAGMA user_version", &version, err) < 0)
		goto fail;
	if (version >= to) {
		store_rollback(s);
		return 0;
	}
	snprintf(what, sizeof(what), "migrating to schema %d", to);
	snprintf(bump, sizeof(bump), "PRAGMA user_version = %d", to);
	if (store_exec(s, migrations[to - 1], what, err) < 0 ||
	    store_exec(s, bump, what, err) < 0 ||
	    store_commit(s, err) < 0)
		goto fail;
	return 0;
fail:
	store_rollback(s);
	return -1;
}

int store_migrate(struct store *s, struct acc_error *err)
{
	int version = 0;

	if (pragma_int(s, "PRAGMA user_version", &version, err) < 0)
		return -1;
	for (int to = version + 1; to <= N_MIGRATIONS; to++)
		if (migrate_one(s, to, err) < 0)
			return -1;
	return 0;
}
