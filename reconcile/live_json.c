/* live_json.c: live snapshots to and from JSON (golden tests, offline
 * plans). Strict: an unknown member is an error, so a typo in a test's
 * live.json cannot silently mean "field absent". */
#include "compat.h"
#include "live.h"

#include "error.h"
#include "json.h"
#include "strbuf.h"
#include "xalloc.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct jctx {
	const char *name;
	struct acc_error *err;
};

static int bad(struct jctx *c, const struct json *v, const char *fmt, ...)
	ACC_PRINTF(3, 4);

static int bad(struct jctx *c, const struct json *v, const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return acc_fail(c->err, ACC_EPARSE, 0, "%s:%u:%u: %s", c->name, v->line, v->col, msg);
}

static int want(struct jctx *c, const struct json *v, enum json_type t, const char *key)
{
	if (v->type == t)
		return 0;
	return acc_fail(c->err, ACC_EPARSE, 0, "%s:%u:%u: '%s' must be a %s, not a %s", c->name,
			v->line, v->col, key, json_type_name(t), json_type_name(v->type));
}

static int get_string(struct jctx *c, const struct json *v, const char *key, char **out)
{
	if (v->type == JSON_NULL)
		return 0;
	if (want(c, v, JSON_STRING, key) < 0)
		return -1;
	free(*out);
	*out = xstrdup(v->string);
	return 0;
}

static int get_int(struct jctx *c, const struct json *v, const char *key, int64_t lo, int64_t hi,
		   int64_t *out)
{
	if (v->type != JSON_NUMBER || !v->is_int || v->integer < lo || v->integer > hi)
		return bad(c, v, "'%s' must be an integer in range", key);
	*out = v->integer;
	return 0;
}

static int get_u32(struct jctx *c, const struct json *v, const char *key, uint32_t *out)
{
	int64_t x = 0;

	if (get_int(c, v, key, 0, UINT32_MAX, &x) < 0)
		return -1;
	*out = (uint32_t)x;
	return 0;
}

static const struct { const char *name; uint32_t bit; } flag_names[] = {
	{ "script", UF_SCRIPT }, { "accountdisable", UF_ACCOUNTDISABLE },
	{ "homedir_required", UF_HOMEDIR_REQUIRED }, { "lockout", UF_LOCKOUT },
	{ "passwd_notreqd", UF_PASSWD_NOTREQD }, { "passwd_cant_change", UF_PASSWD_CANT_CHANGE },
	{ "normal_account", UF_NORMAL_ACCOUNT }, { "dont_expire_passwd", UF_DONT_EXPIRE_PASSWD },
	{ "password_expired", UF_PASSWORD_EXPIRED },
};

/* flags: a number, or a list of UF_ names in lower case without "UF_". */
static int get_flags(struct jctx *c, const struct json *v, uint32_t *out)
{
	uint32_t flags = 0;

	if (v->type == JSON_NUMBER)
		return get_u32(c, v, "flags", out);
	if (want(c, v, JSON_ARRAY, "flags") < 0)
		return -1;
	for (size_t i = 0; i < v->n; i++) {
		const struct json *f = &v->items[i];
		size_t k;

		if (want(c, f, JSON_STRING, "flags[]") < 0)
			return -1;
		for (k = 0; k < sizeof(flag_names) / sizeof(flag_names[0]); k++)
			if (!strcmp(flag_names[k].name, f->string))
				break;
		if (k == sizeof(flag_names) / sizeof(flag_names[0]))
			return bad(c, f, "unknown flag '%s'", f->string);
		flags |= flag_names[k].bit;
	}
	*out = flags;
	return 0;
}

static int get_expires(struct jctx *c, const struct json *v, int64_t *out)
{
	if (v->type == JSON_STRING && !strcmp(v->string, "never")) {
		*out = NU_EXPIRES_NEVER;
		return 0;
	}
	return get_int(c, v, "acct_expires", -1, INT64_MAX, out);
}

static int load_user(struct jctx *c, const struct json *o, const char *domain_sid, struct nu_user *u)
{
	int64_t x = 0;

	if (want(c, o, JSON_OBJECT, "users[]") < 0)
		return -1;
	u->acct_expires = NU_EXPIRES_NEVER;
	u->flags = UF_NORMAL_ACCOUNT;
	u->priv = 1;  /* USER_PRIV_USER */
	for (size_t i = 0; i < o->n; i++) {
		const char *k = o->keys[i];
		const struct json *v = &o->items[i];
		int r;

		if (!strcmp(k, "name")) r = get_string(c, v, k, &u->name);
		else if (!strcmp(k, "rid")) r = get_u32(c, v, k, &u->rid);
		else if (!strcmp(k, "sid")) r = get_string(c, v, k, &u->sid);
		else if (!strcmp(k, "full_name")) r = get_string(c, v, k, &u->full_name);
		else if (!strcmp(k, "comment")) r = get_string(c, v, k, &u->comment);
		else if (!strcmp(k, "usr_comment")) r = get_string(c, v, k, &u->usr_comment);
		else if (!strcmp(k, "flags")) r = get_flags(c, v, &u->flags);
		else if (!strcmp(k, "acct_expires")) r = get_expires(c, v, &u->acct_expires);
		else if (!strcmp(k, "password_expired"))
			r = v->type == JSON_BOOL ? (u->password_expired = v->boolean, 0)
						 : want(c, v, JSON_BOOL, k);
		else if (!strcmp(k, "password_age")) r = get_u32(c, v, k, &u->password_age);
		else if (!strcmp(k, "priv")) r = get_u32(c, v, k, &u->priv);
		else if (!strcmp(k, "home_dir")) r = get_string(c, v, k, &u->home_dir);
		else if (!strcmp(k, "script_path")) r = get_string(c, v, k, &u->script_path);
		else if (!strcmp(k, "profile")) r = get_string(c, v, k, &u->profile);
		else if (!strcmp(k, "last_logon"))
			r = get_int(c, v, k, 0, INT64_MAX, &x) < 0 ? -1 : (u->last_logon = x, 0);
		else r = bad(c, v, "unknown member '%s' in a user", k);
		if (r < 0)
			return -1;
	}
	if (!u->name)
		return bad(c, o, "%s", "a user has no 'name'");
	if (!u->sid && domain_sid && u->rid)
		u->sid = nu_sid_append_rid(domain_sid, u->rid);
	u->known = ~(unsigned)(NU_F_PASSWORD | NU_F_NAME) & ((NU_F_NAME << 1) - 1);
	return 0;
}

static int load_group(struct jctx *c, const struct json *o, struct live *l)
{
	const char *name = NULL, *sid = NULL, *comment = NULL;
	const struct json *members = NULL;
	struct live_group *g;

	if (want(c, o, JSON_OBJECT, "groups[]") < 0)
		return -1;
	for (size_t i = 0; i < o->n; i++) {
		const char *k = o->keys[i];
		const struct json *v = &o->items[i];

		if (!strcmp(k, "members")) {
			if (want(c, v, JSON_ARRAY, k) < 0)
				return -1;
			members = v;
			continue;
		}
		if (strcmp(k, "name") && strcmp(k, "sid") && strcmp(k, "comment"))
			return bad(c, v, "unknown member '%s' in a group", k);
		if (v->type != JSON_NULL && want(c, v, JSON_STRING, k) < 0)
			return -1;
		if (v->type == JSON_NULL)
			continue;
		if (!strcmp(k, "name")) name = v->string;
		else if (!strcmp(k, "sid")) sid = v->string;
		else comment = v->string;
	}
	if (!name)
		return bad(c, o, "%s", "a group has no 'name'");
	g = live_add_group(l, name, sid, comment);
	for (size_t i = 0; members && i < members->n; i++) {
		const struct json *m = &members->items[i];
		const char *msid = NULL, *mname = NULL;

		if (m->type == JSON_STRING) {  /* shorthand: just the SID */
			live_group_add_member(g, m->string, NULL);
			continue;
		}
		if (want(c, m, JSON_OBJECT, "members[]") < 0)
			return -1;
		for (size_t k = 0; k < m->n; k++)
			if (strcmp(m->keys[k], "sid") && strcmp(m->keys[k], "name"))
				return bad(c, &m->items[k], "unknown member '%s' in a group member",
					   m->keys[k]);
		json_get_str(m, "sid", &msid);
		json_get_str(m, "name", &mname);
		if (!msid && !mname)
			return bad(c, m, "%s", "a group member has neither 'sid' nor 'name'");
		live_group_add_member(g, msid, mname);
	}
	return 0;
}

static int load_modals(struct jctx *c, const struct json *o, struct nu_modals *md)
{
	if (want(c, o, JSON_OBJECT, "modals") < 0)
		return -1;
	md->max_passwd_age = UINT32_MAX;
	for (size_t i = 0; i < o->n; i++) {
		const char *k = o->keys[i];
		const struct json *v = &o->items[i];
		uint32_t *dst = !strcmp(k, "min_passwd_len") ? &md->min_passwd_len
			: !strcmp(k, "max_passwd_age") ? &md->max_passwd_age
			: !strcmp(k, "min_passwd_age") ? &md->min_passwd_age
			: !strcmp(k, "password_hist_len") ? &md->password_hist_len
			: !strcmp(k, "force_logoff") ? &md->force_logoff : NULL;

		if (!dst)
			return bad(c, v, "unknown member '%s' in modals", k);
		if (get_u32(c, v, k, dst) < 0)
			return -1;
	}
	return 0;
}

static int load_live(struct jctx *c, const struct json *root, struct live *l)
{
	const struct json *users = NULL, *groups = NULL;

	if (want(c, root, JSON_OBJECT, "snapshot") < 0)
		return -1;
	for (size_t i = 0; i < root->n; i++) {
		const char *k = root->keys[i];
		const struct json *v = &root->items[i];
		int r = 0;

		if (!strcmp(k, "server")) r = get_string(c, v, k, &l->server);
		else if (!strcmp(k, "domain_sid")) r = get_string(c, v, k, &l->domain_sid);
		else if (!strcmp(k, "connected_as")) r = get_string(c, v, k, &l->connected_as);
		else if (!strcmp(k, "taken_at")) r = get_int(c, v, k, 0, INT64_MAX, &l->taken_at);
		else if (!strcmp(k, "modals")) {
			r = load_modals(c, v, &l->modals);
			l->has_modals = true;
		} else if (!strcmp(k, "users")) r = want(c, users = v, JSON_ARRAY, k);
		else if (!strcmp(k, "groups")) r = want(c, groups = v, JSON_ARRAY, k);
		else if (!strcmp(k, "format_version")) r = 0;
		else r = bad(c, v, "unknown member '%s' in a snapshot", k);
		if (r < 0)
			return -1;
	}
	for (size_t i = 0; users && i < users->n; i++)
		if (load_user(c, &users->items[i], l->domain_sid, live_add_user(l)) < 0)
			return -1;
	for (size_t i = 0; groups && i < groups->n; i++)
		if (load_group(c, &groups->items[i], l) < 0)
			return -1;
	return 0;
}

int live_from_json(const char *text, size_t len, const char *name, struct live **out,
		   struct acc_error *err)
{
	struct jctx c = { name ? name : "<live>", err };
	struct json *root = NULL;
	struct live *l = live_new();
	int ret = -1;

	if (json_parse(text, len, c.name, &root, err) < 0)
		goto out;
	if (load_live(&c, root, l) < 0)
		goto out;
	*out = l;
	l = NULL;
	ret = 0;
out:
	json_free(root);
	live_free(l);
	return ret;
}

static void add_str_member(struct strbuf *sb, const char *key, const char *v, const char *sep)
{
	if (!v)
		return;
	sb_addf(sb, "%s\"%s\": ", sep, key);
	sb_add_json_str(sb, v);
}

void live_to_json(const struct live *l, struct strbuf *sb)
{
	sb_adds(sb, "{\n  \"format_version\": \"1.0\"");
	add_str_member(sb, "server", l->server, ",\n  ");
	add_str_member(sb, "domain_sid", l->domain_sid, ",\n  ");
	add_str_member(sb, "connected_as", l->connected_as, ",\n  ");
	sb_addf(sb, ",\n  \"taken_at\": %" PRId64, l->taken_at);
	if (l->has_modals)
		sb_addf(sb, ",\n  \"modals\": {\"min_passwd_len\": %" PRIu32 ", \"max_passwd_age\": %"
			PRIu32 ", \"min_passwd_age\": %" PRIu32 ", \"password_hist_len\": %" PRIu32
			", \"force_logoff\": %" PRIu32 "}", l->modals.min_passwd_len,
			l->modals.max_passwd_age, l->modals.min_passwd_age,
			l->modals.password_hist_len, l->modals.force_logoff);
	sb_adds(sb, ",\n  \"users\": [");
	for (size_t i = 0; i < l->n_users; i++) {
		const struct nu_user *u = &l->users[i];

		sb_adds(sb, i ? ",\n    {" : "\n    {");
		add_str_member(sb, "name", u->name, "");
		sb_addf(sb, ", \"rid\": %" PRIu32, u->rid);
		add_str_member(sb, "sid", u->sid, ", ");
		add_str_member(sb, "full_name", u->full_name, ", ");
		add_str_member(sb, "comment", u->comment, ", ");
		add_str_member(sb, "usr_comment", u->usr_comment, ", ");
		sb_addf(sb, ", \"flags\": %" PRIu32 ", \"acct_expires\": %" PRId64
			", \"password_expired\": %s, \"password_age\": %" PRIu32 ", \"priv\": %" PRIu32,
			u->flags, u->acct_expires, u->password_expired ? "true" : "false",
			u->password_age, u->priv);
		add_str_member(sb, "home_dir", u->home_dir, ", ");
		add_str_member(sb, "script_path", u->script_path, ", ");
		add_str_member(sb, "profile", u->profile, ", ");
		sb_addf(sb, ", \"last_logon\": %" PRId64 "}", u->last_logon);
	}
	sb_adds(sb, l->n_users ? "\n  ],\n  \"groups\": [" : "],\n  \"groups\": [");
	for (size_t i = 0; i < l->n_groups; i++) {
		const struct live_group *g = &l->groups[i];

		sb_adds(sb, i ? ",\n    {" : "\n    {");
		add_str_member(sb, "name", g->name, "");
		add_str_member(sb, "sid", g->sid, ", ");
		add_str_member(sb, "comment", g->comment, ", ");
		sb_adds(sb, ", \"members\": [");
		for (size_t k = 0; k < g->n_members; k++) {
			sb_adds(sb, k ? ", {" : "{");
			add_str_member(sb, "sid", g->members[k].sid, "");
			add_str_member(sb, "name", g->members[k].name,
				       g->members[k].sid ? ", " : "");
			sb_addc(sb, '}');
		}
		sb_adds(sb, "]}");
	}
	sb_adds(sb, l->n_groups ? "\n  ]\n}\n" : "]\n}\n");
}
