/* pwfp.c: fingerprints of the passwords accord set, per server and account.
 * Only the fingerprint is kept: apply compares it with the desired
 * password's (same KDF, same salt) to know whether to set it again. */
#include "store_int.h"

#include <stdlib.h>
#include <string.h>

int store_pw_set(struct store *s, const char *server, const char *account,
		 const char *fingerprint, uint32_t password_age, int64_t applied_at,
		 struct acc_error *err)
{
	return store_pw_set_rid(s, server, account, 0, fingerprint, password_age, applied_at,
				err);
}

int store_pw_set_rid(struct store *s, const char *server, const char *account, uint32_t rid,
		     const char *fingerprint, uint32_t password_age, int64_t applied_at,
		     struct acc_error *err)
{
	sqlite3_stmt *st = NULL;
	int ret;

	if (!account || !*account)
		return acc_fail(err, ACC_EINVAL, 0, "a password fingerprint needs an account");
	if (!store_is_fingerprint(fingerprint))
		return acc_fail(err, ACC_EINVAL, 0, "the password fingerprint of %s is not %d to "
				"%d lowercase hex digits; the store keeps fingerprints, never "
				"passwords", account, STORE_FP_MIN, STORE_FP_MAX);
	if (store_prepare(s, "INSERT OR REPLACE INTO pw_fingerprints (server, account, "
			  "fingerprint, password_age, applied_at, rid) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
			  &st, "saving a password fingerprint", err) < 0)
		return -1;
	store_bind_str(st, 1, store_server_key(server));
	store_bind_str(st, 2, account);
	store_bind_str(st, 3, fingerprint);
	sqlite3_bind_int64(st, 4, password_age);
	sqlite3_bind_int64(st, 5, applied_at ? applied_at : store_now());
	sqlite3_bind_int64(st, 6, rid);
	ret = store_step_done(s, st, "saving a password fingerprint", err);
	sqlite3_finalize(st);
	return ret;
}

int store_pw_get(struct store *s, const char *server, const char *account,
		 struct store_pw *out, struct acc_error *err)
{
	sqlite3_stmt *st = NULL;
	int ret;

	if (store_prepare(s, "SELECT fingerprint, password_age, applied_at, rid FROM "
			  "pw_fingerprints WHERE server = ?1 AND account = ?2", &st,
			  "reading a password fingerprint", err) < 0)
		return -1;
	store_bind_str(st, 1, store_server_key(server));
	store_bind_str(st, 2, account);
	ret = store_step_row(s, st, "reading a password fingerprint", err);
	if (ret == 1) {
		out->fingerprint = store_col_str(st, 0);
		out->password_age = (uint32_t)sqlite3_column_int64(st, 1);
		out->applied_at = sqlite3_column_int64(st, 2);
		out->rid = (uint32_t)sqlite3_column_int64(st, 3);
	}
	sqlite3_finalize(st);
	return ret;
}

void store_pw_release(struct store_pw *pw)
{
	if (!pw)
		return;
	free(pw->fingerprint);
	memset(pw, 0, sizeof(*pw));
}

int store_pw_history(struct store *s, const char *server, struct pw_history *out,
		     struct acc_error *err)
{
	struct pw_history h = PW_HISTORY_INIT;
	sqlite3_stmt *st = NULL;
	int rc, ret = -1;

	if (store_prepare(s, "SELECT account, rid, fingerprint, password_age, applied_at "
			  "FROM pw_fingerprints WHERE server = ?1 ORDER BY account", &st,
			  "reading the password history", err) < 0)
		return -1;
	store_bind_str(st, 1, store_server_key(server));
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		pw_history_add(&h, (const char *)sqlite3_column_text(st, 0),
			       (uint32_t)sqlite3_column_int64(st, 1),
			       (const char *)sqlite3_column_text(st, 2),
			       (uint32_t)sqlite3_column_int64(st, 3), sqlite3_column_int64(st, 4));
	if (rc != SQLITE_DONE) {
		store_fail_sql(s, rc, err, "reading the password history");
		goto out;
	}
	for (size_t i = 0; i < h.n; i++)
		pw_history_add(out, h.v[i].account, h.v[i].rid, h.v[i].fingerprint,
			       h.v[i].password_age, h.v[i].applied_at);
	ret = 0;
out:
	pw_history_release(&h);
	sqlite3_finalize(st);
	return ret;
}
