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
	sqlite3_stmt *st = NULL;
	int ret;

	if (!account || !*account)
		return acc_fail(err, ACC_EINVAL, 0, "a password fingerprint needs an account");
	if (!store_is_fingerprint(fingerprint))
		return acc_fail(err, ACC_EINVAL, 0, "the password fingerprint of %s is not %d to "
				"%d lowercase hex digits; the store keeps fingerprints, never "
				"passwords", account, STORE_FP_MIN, STORE_FP_MAX);
	if (store_prepare(s, "INSERT OR REPLACE INTO pw_fingerprints (server, account, "
			  "fingerprint, password_age, applied_at) VALUES (?1, ?2, ?3, ?4, ?5)",
			  &st, "saving a password fingerprint", err) < 0)
		return -1;
	store_bind_str(st, 1, store_server_key(server));
	store_bind_str(st, 2, account);
	store_bind_str(st, 3, fingerprint);
	sqlite3_bind_int64(st, 4, password_age);
	sqlite3_bind_int64(st, 5, applied_at ? applied_at : store_now());
	ret = store_step_done(s, st, "saving a password fingerprint", err);
	sqlite3_finalize(st);
	return ret;
}

int store_pw_get(struct store *s, const char *server, const char *account,
		 struct store_pw *out, struct acc_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc, ret = -1;

	if (store_prepare(s, "SELECT fingerprint, password_age, applied_at FROM "
			  "pw_fingerprints WHERE server = ?1 AND account = ?2", &st,
			  "reading a password fingerprint", err) < 0)
		return -1;
	store_bind_str(st, 1, store_server_key(server));
	store_bind_str(st, 2, account);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		out->fingerprint = store_col_str(st, 0);
		out->password_age = (uint32_t)sqlite3_column_int64(st, 1);
		out->applied_at = sqlite3_column_int64(st, 2);
		ret = 1;
	} else if (rc == SQLITE_DONE) {
		ret = 0;
	} else {
		store_fail_sql(s, rc, err, "reading a password fingerprint");
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
