-- A state database as accord wrote it at schema version 1, with one plan,
-- one run and one result: test_store__migrates_v1 opens it with the
-- current accord. Frozen: do not edit when the schema changes.
PRAGMA application_id = 1094927172;
CREATE TABLE meta (key TEXT PRIMARY KEY, value BLOB NOT NULL);
CREATE TABLE plans (
 id INTEGER PRIMARY KEY AUTOINCREMENT,
 created_at INTEGER NOT NULL,
 server TEXT NOT NULL,
 source_path TEXT,
 source_sha256 TEXT,
 status TEXT NOT NULL DEFAULT 'planned' CHECK (status IN
  ('planned', 'applying', 'applied', 'failed', 'superseded')),
 model TEXT, text TEXT, json TEXT,
 n_ops INTEGER NOT NULL, n_add INTEGER NOT NULL,
 n_change INTEGER NOT NULL, n_destroy INTEGER NOT NULL);
CREATE INDEX plans_by_server ON plans (server, id);
CREATE TABLE plan_warnings (
 plan_id INTEGER NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
 seq INTEGER NOT NULL, message TEXT NOT NULL,
 PRIMARY KEY (plan_id, seq)) WITHOUT ROWID;
CREATE TABLE plan_ops (
 plan_id INTEGER NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
 op_id INTEGER NOT NULL,
 kind TEXT NOT NULL,
 account TEXT, new_name TEXT, grp TEXT, member_sid TEXT, member_name TEXT,
 mask INTEGER NOT NULL,
 before TEXT NOT NULL, after TEXT NOT NULL,
 rid INTEGER NOT NULL,
 pw_kind TEXT NOT NULL, pw_ref TEXT, pw_fingerprint TEXT,
 depends_on INTEGER NOT NULL, reason TEXT,
 src_file TEXT, src_line INTEGER NOT NULL, src_col INTEGER NOT NULL,
 PRIMARY KEY (plan_id, op_id)) WITHOUT ROWID;
CREATE INDEX plan_ops_by_account ON plan_ops (account COLLATE NOCASE);
CREATE TABLE plan_snapshots (
 plan_id INTEGER NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
 account TEXT NOT NULL COLLATE NOCASE,
 user_json TEXT NOT NULL,
 PRIMARY KEY (plan_id, account)) WITHOUT ROWID;
CREATE TABLE runs (
 id INTEGER PRIMARY KEY AUTOINCREMENT,
 plan_id INTEGER NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
 server TEXT NOT NULL,
 started_at INTEGER NOT NULL, ended_at INTEGER,
 unix_user TEXT, pid INTEGER, host TEXT, command TEXT,
 status TEXT NOT NULL DEFAULT 'running' CHECK (status IN
  ('running', 'succeeded', 'failed', 'interrupted')),
 n_ok INTEGER NOT NULL DEFAULT 0, n_failed INTEGER NOT NULL DEFAULT 0,
 n_skipped INTEGER NOT NULL DEFAULT 0);
CREATE INDEX runs_by_plan ON runs (plan_id);
CREATE INDEX runs_by_server ON runs (server, id);
CREATE TABLE results (
 id INTEGER PRIMARY KEY,
 run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
 op_id INTEGER NOT NULL,
 status TEXT NOT NULL, raw INTEGER NOT NULL, parm_err INTEGER NOT NULL,
 message TEXT, ms REAL NOT NULL, calls INTEGER NOT NULL,
 finished_at INTEGER NOT NULL);
CREATE INDEX results_by_run ON results (run_id, id);

INSERT INTO meta (key, value) VALUES
 ('salt', x'0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20'),
 ('created_at', 1690000000);
INSERT INTO plans (id, created_at, server, source_path, source_sha256, status, model,
 text, json, n_ops, n_add, n_change, n_destroy)
 VALUES (4, 1690000100, 'dc1', '/srv/users.yaml', NULL, 'applied', 'users: []',
 'Plan: 1 to add, 0 to change, 0 to destroy.', '{"ops":[]}', 1, 1, 0, 0);
INSERT INTO plan_ops VALUES (4, 1, 'create', 'alice', NULL, NULL, NULL, NULL, 1,
 '{"name":null,"rid":0,"known":0}',
 '{"name":"alice","rid":0,"full_name":"Alice A","flags":512,"known":1}',
 0, 'none', NULL, NULL, 0, 'new account', '/srv/users.yaml', 3, 1);
INSERT INTO runs (id, plan_id, server, started_at, ended_at, unix_user, pid, host,
 command, status, n_ok) VALUES (2, 4, 'dc1', 1690000200, 1690000201, 'admin', 42,
 'mgmt', 'accord', 'succeeded', 1);
INSERT INTO results (run_id, op_id, status, raw, parm_err, message, ms, calls,
 finished_at) VALUES (2, 1, 'ok', 0, 0, NULL, 12.5, 2, 1690000201);
PRAGMA user_version = 1;
