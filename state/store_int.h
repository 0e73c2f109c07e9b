#pragma once
/* store_int.h: what the files of state/ share; not for other modules. */

#include "store.h"
#include "strbuf.h"

#include <sqlite3.h>

struct store {
	sqlite3 *db;
	char *path;
	char *warning;
	char *command;
	sqlite3_stmt *json_user;  /* userjson.c, prepared on first use */
	sqlite3_stmt *result_ins; /* runs.c, likewise */
	unsigned char salt[STORE_SALT_LEN];
};

/* Fills err with ACC_ESTATE: "state database PATH: WHAT: sqlite's reason",
 * or, on SQLITE_BUSY, says another process holds the database. Returns -1. */
int store_fail_sql(struct store *s, int rc, struct acc_error *err, const char *what);

/* Transactions. store_begin_immediate takes the write lock at once. */
int store_begin(struct store *s, struct acc_error *err);
int store_begin_immediate(struct store *s, struct acc_error *err);
int store_commit(struct store *s, struct acc_error *err);
void store_rollback(struct store *s);

/* Prepares sql; on failure fills err naming what. */
int store_prepare(struct store *s, const char *sql, sqlite3_stmt **st, const char *what,
		  struct acc_error *err);
/* Runs a statement that returns no rows, then resets it. */
int store_step_done(struct store *s, sqlite3_stmt *st, const char *what, struct acc_error *err);
/* Steps a statement that returns at most one row: 1 on a row (read it,
 * then reset or finalize st), 0 when there is none, -1 with err. */
int store_step_row(struct store *s, sqlite3_stmt *st, const char *what, struct acc_error *err);
/* Runs one or more statements of text. */
int store_exec(struct store *s, const char *sql, const char *what, struct acc_error *err);

/* Binds s as text, NULL as SQL NULL. */
int store_bind_str(sqlite3_stmt *st, int i, const char *s);
/* The column as a fresh string, NULL when SQL NULL. */
char *store_col_str(sqlite3_stmt *st, int i);

/* Ids: "P-17" <-> 17. store_id_parse accepts "P-17", "p-17" and "17" and
 * fills ENOTFOUND-style errors naming what (e.g. "plan"). */
int store_id_parse(const char *id, char prefix, const char *what, int64_t *n,
		   struct acc_error *err);
char *store_id_format(char prefix, int64_t n);

int64_t store_now(void);

/* A struct nu_user as JSON (every field; NULL strings as null) and back,
 * through SQLite's json_extract. */
void store_user_json(struct strbuf *sb, const struct nu_user *u);
int store_user_from_json(struct store *s, const char *json, struct nu_user *out,
			 struct acc_error *err);

/* Creates the database file (and its directories) private to the user
 * running accord before SQLite opens it, or checks that the existing file
 * and its -wal and -shm files are still private; may set s->warning.
 * POSIX: owner and mode bits (store_file_posix.c); Windows: owner SID and
 * DACL (store_file_win32.c). */
int store_prepare_file(struct store *s, struct acc_error *err);

/* Who this process is, for run and lock rows (who_posix.c, who_win32.c). */
struct store_who {
	char user[64];
	long pid;
	char host[256];
	long long start;  /* process start time (Linux: clock ticks since boot;
			   * Windows: FILETIME), 0 = unknown */
};
void store_who_self(struct store_who *w);
/* True when pid (on this host) is alive and, when start is known, still the
 * same process. */
bool store_pid_alive(long pid, long long start);

/* Schema (schema.c): store_schema_check only reads, and refuses a file that
 * is not an accord database or is newer than this accord; store_migrate
 * then applies the missing migrations. */
int store_schema_check(struct store *s, struct acc_error *err);
int store_migrate(struct store *s, struct acc_error *err);

/* Fingerprints are lowercase hex of STORE_FP_MIN to STORE_FP_MAX digits:
 * what a KDF prints, never what a person types as a password. */
#define STORE_FP_MIN 16
#define STORE_FP_MAX 128
bool store_is_fingerprint(const char *s);

/* The index of name in names[0..n), -1 when absent: stored names back to
 * enum values. */
int store_name_index(const char *name, const char *const *names, int n);
/* Likewise, fallback when absent (a name written by a newer accord). */
int store_name_parse(const char *name, const char *const *names, int n, int fallback);
/* names[i], "unknown" when i is outside [0..n): enum values to stored names. */
const char *store_name_at(const char *const *names, int n, int i);
#define STORE_NELEM(a) ((int)(sizeof(a) / sizeof((a)[0])))

/* Ends the running runs of server started by pid on host as
 * "interrupted" (their plans "failed"); inside the caller's transaction. */
int store_runs_interrupt(struct store *s, const char *server, long pid, const char *host,
			 struct acc_error *err);

/* Servers are stored as given; NULL (the local machine) as "". */
const char *store_server_key(const char *server);

/* Steps st to its end, appending one zeroed element of elem bytes per row,
 * which fill fills from the row. Returns 0 with *out and *n set (the
 * caller's), or -1 with err and nothing handed out (release frees the
 * elements filled so far). */
int store_collect(struct store *s, sqlite3_stmt *st, size_t elem,
		  void (*fill)(sqlite3_stmt *st, void *e), void (*release)(void *v, size_t n),
		  void **out, size_t *n, const char *what, struct acc_error *err);
