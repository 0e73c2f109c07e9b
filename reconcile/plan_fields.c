/* plan_fields.c: an op's changed fields as display values, the one place
 * text and JSON rendering take them from. */
#include "plan_render.h"

#include "strbuf.h"

#include <inttypes.h>
#include <stddef.h>
#include <time.h>

static void add_expiry(struct strbuf *sb, int64_t t)
{
	time_t tt = (time_t)t;
	struct tm tm;
	char day[16];

	if (t == NU_EXPIRES_NEVER) {
		sb_adds(sb, "\"never\"");
	} else if (localtime_r(&tt, &tm) && strftime(day, sizeof(day), "%Y-%m-%d", &tm)) {
		sb_addf(sb, "\"%s\"", day);
	} else {
		sb_addf(sb, "%" PRId64, t);
	}
}

struct emit {
	plan_change_fn fn;
	void *ud;
	struct strbuf b, a;
	bool is_new;
};

static void send(struct emit *e, const char *field)
{
	e->fn(e->ud, field, e->is_new ? NULL : e->b.buf, e->a.buf, false);
	sb_reset(&e->b);
	sb_reset(&e->a);
}

static void str_change(struct emit *e, const char *field, const char *before, const char *after)
{
	sb_add_json_str(&e->b, before ? before : "");
	sb_add_json_str(&e->a, after ? after : "");
	send(e, field);
}

static void bool_change(struct emit *e, const char *field, bool before, bool after)
{
	sb_adds(&e->b, before ? "true" : "false");
	sb_adds(&e->a, after ? "true" : "false");
	send(e, field);
}

static void flag_changes(struct emit *e, const struct plan_op *op)
{
	static const struct { const char *field; uint32_t bit; } bits[] = {
		{ "disabled", UF_ACCOUNTDISABLE },
		{ "cannot_change_password", UF_PASSWD_CANT_CHANGE },
		{ "password_never_expires", UF_DONT_EXPIRE_PASSWD },
	};

	for (size_t i = 0; i < sizeof(bits) / sizeof(bits[0]); i++) {
		bool b = op->before.flags & bits[i].bit, a = op->after.flags & bits[i].bit;

		if (e->is_new || a != b)
			bool_change(e, bits[i].field, b, a);
	}
}

void plan_op_changes(const struct plan_op *op, plan_change_fn fn, void *ud)
{
	struct emit e = { fn, ud, STRBUF_INIT, STRBUF_INIT,
			  op->kind == OP_CREATE || op->kind == OP_REPLACE };
	unsigned m = op->mask;

	sb_init(&e.b);
	sb_init(&e.a);
	if (m & NU_F_NAME)
		str_change(&e, "name", op->before.name, op->after.name);
	if (m & NU_F_FULL_NAME)
		str_change(&e, "full_name", op->before.full_name, op->after.full_name);
	if (m & NU_F_COMMENT)
		str_change(&e, "description", op->before.comment, op->after.comment);
	if (m & NU_F_USR_COMMENT)
		str_change(&e, "usr_comment", op->before.usr_comment, op->after.usr_comment);
	if (m & NU_F_FLAGS)
		flag_changes(&e, op);
	if (m & NU_F_ACCT_EXPIRES) {
		add_expiry(&e.b, op->before.acct_expires);
		add_expiry(&e.a, op->after.acct_expires);
		send(&e, "expires");
	}
	if (m & NU_F_HOME_DIR)
		str_change(&e, "home_dir", op->before.home_dir, op->after.home_dir);
	if (m & NU_F_SCRIPT_PATH)
		str_change(&e, "logon_script", op->before.script_path, op->after.script_path);
	if (m & NU_F_PROFILE)
		str_change(&e, "profile", op->before.profile, op->after.profile);
	if (m & NU_F_PASSWORD)
		fn(ud, "password", NULL, NULL, true);
	if (m & NU_F_PASSWORD_EXPIRED)
		bool_change(&e, "must_change_password", op->before.password_expired,
			    op->after.password_expired);
	sb_release(&e.b);
	sb_release(&e.a);
}
