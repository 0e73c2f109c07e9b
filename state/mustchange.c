/* mustchange.c: the accounts accord applied "must change the password at
 * next logon" to, per server and account SID: the diff applies it once per
 * account and never again once recorded (diff.h). */
#include "store_int.h"

#include <string.h>

int store_mc_set(struct store *s, const char *server, const char *sid, const char *account,
		 enum op_must_change how, int64_t applied_at, struct acc_error *err)
{
	sqlite3_stmt *st = NULL;
	int ret;

	if (!sid || strncmp(sid, "S-1-", 4))
		return acc_fail(err, ACC_EINVAL, 0, "recording must-change of '%s': '%s' is not an "
				"account SID", account ? account : "", sid ? sid : "(none)");
	if (!account || !*account)
		return acc_fail(err, ACC_EINVAL, 0, "recording must-change of %s: no account name",
				sid);
	if (how != OP_MC_FIRST_MANAGED && how != OP_MC_WITH_PASSWORD)
		return acc_fail(err, ACC_EINVAL, 0, "recording must-change of '%s': case '%s' does "
				"not apply it", account, op_must_change_name(how));
	if (store_prepare(s, "INSERT OR REPLACE INTO must_change_applied (server, sid, account, "
			  "how, applied_at) VALUES (?1, ?2, ?3, ?4, ?5)", &st,
			  "recording a must-change", err) < 0)
		return -1;
	store_bind_str(st, 1, store_server_key(server));
	store_bind_str(st, 2, sid);
	store_bind_str(st, 3, account);
	store_bind_str(st, 4, op_must_change_name(how));
	sqlite3_bind_int64(st, 5, applied_at ? applied_at : store_now());
	ret = store_step_done(s, st, "recording a must-change", err);
	sqlite3_finalize(st);
	return ret;
}

int store_mc_history(struct store *s, const char *server, struct mc_history *out,
		     struct acc_error *err)
{
	struct mc_history h = MC_HISTORY_INIT;
	sqlite3_stmt *st = NULL;
	int rc, ret = -1;

	if (store_prepare(s, "SELECT sid, account, how, applied_at FROM must_change_applied "
			  "WHERE server = ?1 ORDER BY sid", &st, "reading the must-change records",
			  err) < 0)
		return -1;
	store_bind_str(st, 1, store_server_key(server));
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *how = (const char *)sqlite3_column_text(st, 2);
		enum op_must_change c;

		/* the table's CHECK admits only these two */
		if (!op_must_change_parse(how, &c)) {
			acc_fail(err, ACC_ESTATE, 0, "state database %s: must-change record of %s "
				 "has an unknown case '%s'", s->path,
				 (const char *)sqlite3_column_text(st, 0), how ? how : "");
			goto out;
		}
		mc_history_add(&h, (const char *)sqlite3_column_text(st, 0),
			       (const char *)sqlite3_column_text(st, 1), c,
			       sqlite3_column_int64(st, 3));
	}
	if (rc != SQLITE_DONE) {
		store_fail_sql(s, rc, err, "reading the must-change records");
		goto out;
	}
	for (size_t i = 0; i < h.n; i++)
		mc_history_add(out, h.v[i].sid, h.v[i].account, h.v[i].how, h.v[i].applied_at);
	ret = 0;
out:
	mc_history_release(&h);
	sqlite3_finalize(st);
	return ret;
}
