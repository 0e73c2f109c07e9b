/* store.c: opening the state database: pragmas, schema, salt (the file
 * itself: store_file_posix.c, store_file_win32.c). */
#include "store_int.h"

#include "xalloc.h"

#include <openssl/rand.h>
#include <stdlib.h>
#include <string.h>

#define STORE_BUSY_TIMEOUT_MS 5000

static int load_salt(struct store *s, struct acc_error *err)
{
	unsigned char fresh[STORE_SALT_LEN];
	sqlite3_stmt *ins = NULL, *sel = NULL;
	int rc, ret = -1;

	if (store_begin_immediate(s, err) < 0)
		return -1;
	if (store_prepare(s, "INSERT OR IGNORE INTO meta (key, value) VALUES ('salt', ?1), "
			  "('created_at', ?2)", &ins, "storing the salt", err) < 0 ||
	    store_prepare(s, "SELECT value FROM meta WHERE key = 'salt'", &sel,
			  "reading the salt", err) < 0)
		goto out;
	if (RAND_bytes(fresh, sizeof(fresh)) != 1) {
		acc_fail(err, ACC_ECRYPTO, 0, "cannot make the state database's salt: the "
			 "random generator failed");
		goto out;
	}
	sqlite3_bind_blob(ins, 1, fresh, sizeof(fresh), SQLITE_STATIC);
	sqlite3_bind_int64(ins, 2, store_now());
	if (store_step_done(s, ins, "storing the salt", err) < 0)
		goto out;
	rc = sqlite3_step(sel);
	if (rc != SQLITE_ROW) {
		store_fail_sql(s, rc, err, "reading the salt");
		goto out;
	}
	if (sqlite3_column_bytes(sel, 0) != STORE_SALT_LEN) {
		acc_fail(err, ACC_ESTATE, 0, "state database %s is damaged: its salt is %d "
			 "bytes, not %d", s->path, sqlite3_column_bytes(sel, 0), STORE_SALT_LEN);
		goto out;
	}
	memcpy(s->salt, sqlite3_column_blob(sel, 0), STORE_SALT_LEN);
	sqlite3_finalize(sel);
	sel = NULL;
	ret = store_commit(s, err);
out:
	if (ret < 0)
		store_rollback(s);
	sqlite3_finalize(ins);
	sqlite3_finalize(sel);
	return ret;
}

static int set_journal_wal(struct store *s, struct acc_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc, ret = -1;

	if (store_prepare(s, "PRAGMA journal_mode = WAL", &st, "turning on WAL", err) < 0)
		return -1;
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		store_fail_sql(s, rc, err, "turning on WAL");
		goto out;
	}
	if (strcmp((const char *)sqlite3_column_text(st, 0), "wal") != 0) {
		acc_fail(err, ACC_ESTATE, 0, "state database %s cannot use WAL (journal mode "
			 "stays %s); put it on a local file system", s->path,
			 (const char *)sqlite3_column_text(st, 0));
		goto out;
	}
	ret = 0;
out:
	sqlite3_finalize(st);
	return ret;
}

int store_open(const char *path, struct store **out, struct acc_error *err)
{
	struct store *s = xcalloc(1, sizeof(*s));
	int rc, ret = -1;

	s->path = xstrdup(path);
	s->command = xstrdup("accord");
	if (!path || !*path) {
		acc_fail(err, ACC_EINVAL, 0, "no state database path given");
		goto out;
	}
	if (store_prepare_file(s, err) < 0)
		goto out;
	rc = sqlite3_open_v2(path, &s->db, SQLITE_OPEN_READWRITE, NULL);
	if (rc != SQLITE_OK) {
		store_fail_sql(s, rc, err, "opening");
		goto out;
	}
	sqlite3_extended_result_codes(s->db, 1);
	sqlite3_busy_timeout(s->db, STORE_BUSY_TIMEOUT_MS);
	/* Identity first: WAL would rewrite another program's file header. */
	if (store_schema_check(s, err) < 0 ||
	    set_journal_wal(s, err) < 0 ||
	    store_exec(s, "PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON",
		       "setting pragmas", err) < 0 ||
	    store_migrate(s, err) < 0 ||
	    load_salt(s, err) < 0)
		goto out;
	*out = s;
	s = NULL;
	ret = 0;
out:
	store_close(s);
	return ret;
}

void store_close(struct store *s)
{
	if (!s)
		return;
	sqlite3_finalize(s->json_user);
	sqlite3_finalize(s->result_ins);
	sqlite3_close_v2(s->db);
	free(s->path);
	free(s->warning);
	free(s->command);
	free(s);
}

const char *store_path(const struct store *s)
{
	return s->path;
}

const char *store_warning(const struct store *s)
{
	return s->warning;
}

const unsigned char *store_salt(const struct store *s)
{
	return s->salt;
}

void store_set_command(struct store *s, const char *command)
{
	free(s->command);
	s->command = xstrdup(command ? command : "accord");
}
