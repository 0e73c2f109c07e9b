/* plan_json.c: a plan as JSON, schema in docs/plan-json.md. Members are
 * written in a fixed order and ops in plan order, so equal plans give
 * byte-equal documents. */
#include "plan_render.h"

#include "strbuf.h"

#include <inttypes.h>
#include <string.h>

static void str_member(struct strbuf *sb, const char *key, const char *v)
{
	sb_addf(sb, ", \"%s\": ", key);
	sb_add_json_str(sb, v);
}

static void change_json(void *ud, const char *field, const char *before, const char *after,
			bool sensitive)
{
	struct strbuf *sb = ud;

	if (sb->buf[sb->len - 1] != '[')
		sb_adds(sb, ",");
	sb_addf(sb, "\n        {\"field\": \"%s\"", field);
	if (sensitive) {
		sb_adds(sb, ", \"sensitive\": true}");
		return;
	}
	sb_addf(sb, ", \"before\": %s, \"after\": %s}", before ? before : "null", after);
}

/* The fields of mask, raw, as apply reads them back. */
static void raw_user(struct strbuf *sb, const struct nu_user *u, unsigned mask)
{
	sb_add_json_member(sb, "{\"name\": ", u->name);
	if (mask & NU_F_FULL_NAME)
		str_member(sb, "full_name", u->full_name);
	if (mask & NU_F_COMMENT)
		str_member(sb, "comment", u->comment);
	if (mask & NU_F_USR_COMMENT)
		str_member(sb, "usr_comment", u->usr_comment);
	if (mask & NU_F_FLAGS)
		sb_addf(sb, ", \"flags\": %" PRIu32, u->flags);
	if (mask & NU_F_ACCT_EXPIRES)
		sb_addf(sb, ", \"acct_expires\": %" PRId64, u->acct_expires);
	if (mask & NU_F_PASSWORD_EXPIRED)
		sb_addf(sb, ", \"password_expired\": %s", u->password_expired ? "true" : "false");
	if (mask & NU_F_HOME_DIR)
		str_member(sb, "home_dir", u->home_dir);
	if (mask & NU_F_SCRIPT_PATH)
		str_member(sb, "script_path", u->script_path);
	if (mask & NU_F_PROFILE)
		str_member(sb, "profile", u->profile);
	sb_adds(sb, "}");
}

static const char *pw_source_name(enum m_pw_kind k)
{
	switch (k) {
	case PW_ENV: return "env";
	case PW_FILE: return "file";
	case PW_CPASSWORD: return "cpassword";
	case PW_LITERAL: return "literal";
	case PW_NONE: break;
	}
	return "none";
}

static void op_json(struct strbuf *sb, const struct plan_op *op, unsigned flags)
{
	sb_addf(sb, "\n    {\"id\": %u, \"kind\": \"%s\"", op->id, op_kind_name(op->kind));
	str_member(sb, "account", op->account);
	sb_addf(sb, ", \"rid\": %" PRIu32, op->rid);
	if (op->new_name)
		str_member(sb, "new_name", op->new_name);
	if (op->group) {
		str_member(sb, "group", op->group);
		str_member(sb, "member_sid", op->member_sid);
		str_member(sb, "member_name", op->member_name);
	}
	sb_adds(sb, ",\n      \"changes\": [");
	plan_op_changes(op, change_json, sb);
	sb_adds(sb, sb->buf[sb->len - 1] == '[' ? "]" : "\n      ]");
	if (op->mask & NU_F_PASSWORD) {
		sb_addf(sb, ",\n      \"password\": {\"source\": \"%s\"", pw_source_name(op->pw_kind));
		str_member(sb, "ref", op->pw_ref);
		if (flags & PLAN_JSON_FINGERPRINTS)
			str_member(sb, "fingerprint", op->pw_fingerprint);
		sb_adds(sb, "}");
	}
	if (op->must_change != OP_MC_NONE) {
		sb_addf(sb, ",\n      \"must_change\": {\"case\": \"%s\", \"applied_at\": ",
			op_must_change_name(op->must_change));
		if (op->must_change == OP_MC_ALREADY)
			sb_addf(sb, "%" PRId64 "}", op->must_change_at);
		else
			sb_adds(sb, "null}");
	}
	sb_adds(sb, ",\n      ");
	if (op->depends_on)
		sb_addf(sb, "\"depends_on\": %u", op->depends_on);
	else
		sb_adds(sb, "\"depends_on\": null");
	str_member(sb, "reason", op->reason);
	if (op->src_file) {
		sb_add_json_member(sb, ", \"source\": {\"file\": ", op->src_file);
		sb_addf(sb, ", \"line\": %u, \"col\": %u}", op->src_line, op->src_col);
	} else {
		sb_adds(sb, ", \"source\": null");
	}
	sb_addf(sb, ",\n      \"raw\": {\"mask\": %u, \"before\": ", op->mask);
	raw_user(sb, &op->before, op->mask);
	sb_adds(sb, ", \"after\": ");
	raw_user(sb, &op->after, op->mask);
	sb_adds(sb, "}}");
}

void plan_render_json(const struct plan *p, unsigned flags, struct strbuf *sb)
{
	unsigned add, change, destroy;

	plan_counts(p, &add, &change, &destroy);
	sb_add_json_member(sb, "{\n  \"format_version\": \"" PLAN_JSON_FORMAT_VERSION
			   "\",\n  \"plan_id\": ", p->id);
	sb_add_json_member(sb, ",\n  \"server\": ", p->server);
	sb_add_json_member(sb, ",\n  \"source_path\": ", p->n_sources ? p->sources[0] : NULL);
	sb_add_json_member(sb, ",\n  \"source_sha256\": ",
			   p->source_sha256[0] ? p->source_sha256 : NULL);
	sb_adds(sb, ",\n  \"sources\": [");
	for (size_t i = 0; i < p->n_sources; i++)
		sb_add_json_member(sb, i ? ", " : "", p->sources[i]);
	sb_adds(sb, "]");
	sb_addf(sb, ",\n  \"created_at\": %" PRId64, p->created_at);
	sb_addf(sb, ",\n  \"summary\": {\"add\": %u, \"change\": %u, \"destroy\": %u, "
		"\"empty\": %s}", add, change, destroy, plan_is_empty(p) ? "true" : "false");
	sb_adds(sb, ",\n  \"operations\": [");
	for (size_t i = 0; i < p->n_ops; i++) {
		if (i)
			sb_addc(sb, ',');
		op_json(sb, &p->ops[i], flags);
	}
	sb_adds(sb, p->n_ops ? "\n  ],\n  \"conflicts\": [" : "],\n  \"conflicts\": [");
	for (size_t i = 0; i < p->conflicts.n; i++) {
		sb_adds(sb, i ? ",\n    " : "\n    ");
		m_conflict_json(&p->conflicts.v[i], sb);
	}
	sb_adds(sb, p->conflicts.n ? "\n  ],\n  \"warnings\": [" : "],\n  \"warnings\": [");
	for (size_t i = 0; i < p->n_warnings; i++) {
		sb_adds(sb, i ? ",\n    " : "\n    ");
		sb_add_json_str(sb, p->warnings[i]);
	}
	sb_adds(sb, p->n_warnings ? "\n  ]\n}\n" : "]\n}\n");
}
