/* userjson.c: struct nu_user as JSON text in the database (plan ops'
 * before/after, snapshots). Written here, read back with SQLite's own
 * json_extract, so state/ needs no JSON parser. */
#include "store_int.h"

#include "xalloc.h"

#include <inttypes.h>
#include <string.h>

void store_user_json(struct strbuf *sb, const struct nu_user *u)
{
	sb_add_json_member(sb, "{\"name\":", u->name);
	sb_addf(sb, ",\"rid\":%" PRIu32 ",\"sid\":", u->rid);
	sb_add_json_str(sb, u->sid);
	sb_add_json_member(sb, ",\"full_name\":", u->full_name);
	sb_add_json_member(sb, ",\"comment\":", u->comment);
	sb_add_json_member(sb, ",\"usr_comment\":", u->usr_comment);
	sb_addf(sb, ",\"flags\":%" PRIu32 ",\"acct_expires\":%" PRId64
		",\"password_expired\":%s,\"password_age\":%" PRIu32 ",\"priv\":%" PRIu32,
		u->flags, u->acct_expires, u->password_expired ? "true" : "false",
		u->password_age, u->priv);
	sb_add_json_member(sb, ",\"home_dir\":", u->home_dir);
	sb_add_json_member(sb, ",\"script_path\":", u->script_path);
	sb_add_json_member(sb, ",\"profile\":", u->profile);
	sb_addf(sb, ",\"last_logon\":%" PRId64 ",\"known\":%u}", u->last_logon, u->known);
}

static const char json_user_sql[] =
	"SELECT json_extract(?1, '$.name'), json_extract(?1, '$.rid'),"
	" json_extract(?1, '$.sid'), json_extract(?1, '$.full_name'),"
	" json_extract(?1, '$.comment'), json_extract(?1, '$.usr_comment'),"
	" json_extract(?1, '$.flags'), json_extract(?1, '$.acct_expires'),"
	" json_extract(?1, '$.password_expired'), json_extract(?1, '$.password_age'),"
	" json_extract(?1, '$.priv'), json_extract(?1, '$.home_dir'),"
	" json_extract(?1, '$.script_path'), json_extract(?1, '$.profile'),"
	" json_extract(?1, '$.last_logon'), json_extract(?1, '$.known')";

int store_user_from_json(struct store *s, const char *json, struct nu_user *out,
			 struct acc_error *err)
{
	struct nu_user u;
	sqlite3_stmt *st;
	int rc, ret = -1;

	/* Kept prepared: a plan load decodes two records per op. */
	if (!s->json_user &&
	    store_prepare(s, json_user_sql, &s->json_user, "decoding an account record", err) < 0)
		return -1;
	st = s->json_user;
	memset(&u, 0, sizeof(u));
	sqlite3_bind_text(st, 1, json ? json : "{}", -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		store_fail_sql(s, rc, err, "decoding an account record");
		goto out;
	}
	u.name = store_col_str(st, 0);
	u.rid = (uint32_t)sqlite3_column_int64(st, 1);
	u.sid = store_col_str(st, 2);
	u.full_name = store_col_str(st, 3);
	u.comment = store_col_str(st, 4);
	u.usr_comment = store_col_str(st, 5);
	u.flags = (uint32_t)sqlite3_column_int64(st, 6);
	u.acct_expires = sqlite3_column_int64(st, 7);
	u.password_expired = sqlite3_column_int(st, 8) != 0;
	u.password_age = (uint32_t)sqlite3_column_int64(st, 9);
	u.priv = (uint32_t)sqlite3_column_int64(st, 10);
	u.home_dir = store_col_str(st, 11);
	u.script_path = store_col_str(st, 12);
	u.profile = store_col_str(st, 13);
	u.last_logon = sqlite3_column_int64(st, 14);
	u.known = (unsigned)sqlite3_column_int64(st, 15);
	*out = u;
	ret = 0;
out:
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return ret;
}
