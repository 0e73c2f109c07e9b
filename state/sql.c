/* sql.c: small SQLite helpers shared by the files of state/, and ids. */
#include "store_int.h"

#include "xalloc.h"

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

int store_fail_sql(struct store *s, int rc, struct acc_error *err, const char *what)
{
	switch (rc & 0xff) {
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return acc_fail(err, ACC_ESTATE, rc, "state database %s is locked by another "
				"process (%s); try again when it ends", s->path, what);
	case SQLITE_NOTADB:
		return acc_fail(err, ACC_ESTATE, rc, "state database %s is not an accord "
				"database (not a SQLite file); give another path with --state",
				s->path);
	case SQLITE_READONLY:
	case SQLITE_CANTOPEN:
	case SQLITE_PERM:
		return acc_fail(err, ACC_ESTATE, rc, "state database %s: %s failed: %s; check "
				"that the file and its directory are writable", s->path, what,
				sqlite3_errstr(rc));
	default:
		return acc_fail(err, ACC_ESTATE, rc, "state database %s: %s failed: %s",
				s->path, what, s->db ? sqlite3_errmsg(s->db) : sqlite3_errstr(rc));
	}
}

int store_exec(struct store *s, const char *sql, const char *what, struct acc_error *err)
{
	int rc = sqlite3_exec(s->db, sql, NULL, NULL, NULL);

	return rc == SQLITE_OK ? 0 : store_fail_sql(s, rc, err, what);
}

int store_begin(struct store *s, struct acc_error *err)
{
	return store_exec(s, "BEGIN", "starting a transaction", err);
}

int store_begin_immediate(struct store *s, struct acc_error *err)
{
	return store_exec(s, "BEGIN IMMEDIATE", "starting a write transaction", err);
}

int store_commit(struct store *s, struct acc_error *err)
{
	return store_exec(s, "COMMIT", "committing", err);
}

void store_rollback(struct store *s)
{
	if (!sqlite3_get_autocommit(s->db))
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
}

int store_prepare(struct store *s, const char *sql, sqlite3_stmt **st, const char *what,
		  struct acc_error *err)
{
	int rc = sqlite3_prepare_v2(s->db, sql, -1, st, NULL);

	return rc == SQLITE_OK ? 0 : store_fail_sql(s, rc, err, what);
}

int store_step_done(struct store *s, sqlite3_stmt *st, const char *what, struct acc_error *err)
{
	int rc = sqlite3_step(st);

	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : store_fail_sql(s, rc, err, what);
}

int store_step_row(struct store *s, sqlite3_stmt *st, const char *what, struct acc_error *err)
{
	int rc = sqlite3_step(st);

	if (rc == SQLITE_ROW)
		return 1;
	return rc == SQLITE_DONE ? 0 : store_fail_sql(s, rc, err, what);
}

int store_bind_str(sqlite3_stmt *st, int i, const char *s)
{
	return s ? sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT) : sqlite3_bind_null(st, i);
}

char *store_col_str(sqlite3_stmt *st, int i)
{
	const unsigned char *t = sqlite3_column_text(st, i);

	return t ? xstrdup((const char *)t) : NULL;
}

int store_id_parse(const char *id, char prefix, const char *what, int64_t *n,
		   struct acc_error *err)
{
	const char *p = id;
	char *end = NULL;
	long long v;

	if (p && toupper((unsigned char)p[0]) == prefix && p[1] == '-')
		p += 2;
	if (!p || !isdigit((unsigned char)*p))
		goto bad;
	errno = 0;
	v = strtoll(p, &end, 10);
	if (errno || *end || v <= 0)
		goto bad;
	*n = v;
	return 0;
bad:
	return acc_fail(err, ACC_EINVAL, 0, "'%s' is not a %s id (%s ids look like %c-17)",
			id ? id : "", what, what, prefix);
}

char *store_id_format(char prefix, int64_t n)
{
	return xasprintf("%c-%" PRId64, prefix, n);
}

int64_t store_now(void)
{
	return (int64_t)time(NULL);
}

int store_name_index(const char *name, const char *const *names, int n)
{
	for (int i = 0; name && i < n; i++)
		if (names[i] && strcmp(name, names[i]) == 0)
			return i;
	return -1;
}

int store_name_parse(const char *name, const char *const *names, int n, int fallback)
{
	int i = store_name_index(name, names, n);

	return i < 0 ? fallback : i;
}

const char *store_name_at(const char *const *names, int n, int i)
{
	return i >= 0 && i < n ? names[i] : "unknown";
}

bool store_is_fingerprint(const char *s)
{
	size_t n = 0;

	if (!s)
		return false;
	for (; s[n]; n++)
		if (!isdigit((unsigned char)s[n]) && !(s[n] >= 'a' && s[n] <= 'f'))
			return false;
	return n >= STORE_FP_MIN && n <= STORE_FP_MAX;
}

const char *store_server_key(const char *server)
{
	return server ? server : "";
}

int store_collect(struct store *s, sqlite3_stmt *st, size_t elem,
		  void (*fill)(sqlite3_stmt *st, void *e), void (*release)(void *v, size_t n),
		  void **out, size_t *n, const char *what, struct acc_error *err)
{
	char *v = NULL;
	size_t count = 0, alloc = 0;
	int rc;

	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (count == alloc) {
			alloc = alloc ? 2 * alloc : 16;
			v = xrealloc(v, alloc * elem);
		}
		memset(v + count * elem, 0, elem);
		fill(st, v + count * elem);
		count++;
	}
	if (rc != SQLITE_DONE) {
		release(v, count);
		return store_fail_sql(s, rc, err, what);
	}
	*out = v;
	*n = count;
	return 0;
}
