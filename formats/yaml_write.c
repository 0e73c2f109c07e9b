/* yaml_write.c: model -> the YAML desired-state file (docs/yaml-schema.md).
 *
 * libyaml's emitter does the quoting, so any string survives the trip back
 * through yaml_read. Only stated fields are written (an unset field stays
 * "leave as is"), and no secret is ever written: literal and cpassword
 * passwords become {env: ACCORD_PW_<NAME>} references (formats.h). */
#include "formats.h"

#include "error.h"
#include "model.h"
#include "strbuf.h"
#include "target.h"
#include "xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

struct wr {
	yaml_emitter_t e;
	bool failed;
	char problem[128];
};

static int write_out(void *data, unsigned char *buf, size_t size)
{
	sb_add(data, buf, size);
	return 1;
}

static void emit(struct wr *w, yaml_event_t *ev, int made)
{
	if (w->failed)
		return;
	if (!made || !yaml_emitter_emit(&w->e, ev)) {
		w->failed = true;
		snprintf(w->problem, sizeof(w->problem), "%s",
			 w->e.problem ? w->e.problem : "cannot build a yaml event");
	}
}

/* Plain text that yaml_read would take for "no value" must be quoted. */
static bool reads_as_null(const char *s)
{
	return !*s || !strcmp(s, "~") || !strcmp(s, "null") || !strcmp(s, "Null") ||
	       !strcmp(s, "NULL");
}

static void scalar(struct wr *w, const char *s)
{
	yaml_event_t ev;
	yaml_scalar_style_t style = reads_as_null(s) ? YAML_DOUBLE_QUOTED_SCALAR_STYLE :
				    YAML_ANY_SCALAR_STYLE;

	emit(w, &ev, yaml_scalar_event_initialize(&ev, NULL, NULL, (yaml_char_t *)s,
						  (int)strlen(s), 1, 1, style));
}

static void map_start(struct wr *w, bool flow)
{
	yaml_event_t ev;

	emit(w, &ev, yaml_mapping_start_event_initialize(&ev, NULL, NULL, 1,
		flow ? YAML_FLOW_MAPPING_STYLE : YAML_BLOCK_MAPPING_STYLE));
}

static void map_end(struct wr *w)
{
	yaml_event_t ev;

	emit(w, &ev, yaml_mapping_end_event_initialize(&ev));
}

static void seq_start(struct wr *w, bool flow)
{
	yaml_event_t ev;

	emit(w, &ev, yaml_sequence_start_event_initialize(&ev, NULL, NULL, 1,
		flow ? YAML_FLOW_SEQUENCE_STYLE : YAML_BLOCK_SEQUENCE_STYLE));
}

static void seq_end(struct wr *w)
{
	yaml_event_t ev;

	emit(w, &ev, yaml_sequence_end_event_initialize(&ev));
}

/* key: value, when the value is stated. */
static void kv(struct wr *w, const char *key, const char *value)
{
	if (!value)
		return;
	scalar(w, key);
	scalar(w, value);
}

static void kv_mbool(struct wr *w, const char *key, enum m_bool b)
{
	if (b != M_UNSET)
		kv(w, key, b == M_TRUE ? "true" : "false");
}

static void kv_list(struct wr *w, const char *key, char *const *v, size_t n)
{
	if (!n)
		return;
	scalar(w, key);
	seq_start(w, true);
	for (size_t i = 0; i < n; i++)
		scalar(w, v[i]);
	seq_end(w);
}

static void write_password(struct wr *w, const struct m_password *pw, const char *env_ref)
{
	const char *kind = pw->kind == PW_FILE ? "file" : "env";

	if (pw->kind == PW_NONE)
		return;
	scalar(w, "password");
	map_start(w, true);
	kv(w, kind, env_ref ? env_ref : pw->ref ? pw->ref : "");
	map_end(w);
}

static int write_expiry(struct wr *w, const struct m_user *u, struct acc_error *err)
{
	char date[16];
	const struct m_expiry *e = &u->expires;

	if (e->kind == EXP_NEVER)
		kv(w, "expires", "never");
	if (e->kind != EXP_DATE)
		return 0;
	if (e->year < 0 || e->year > 9999 || e->month < 0 || e->month > 99 ||
	    e->day < 0 || e->day > 99)
		return acc_fail(err, ACC_EINVAL, 0, "user '%s': expiry %d-%d-%d cannot be written as YYYY-MM-DD",
				u->name ? u->name : "", e->year, e->month, e->day);
	snprintf(date, sizeof(date), "%04d-%02d-%02d", e->year, e->month, e->day);
	kv(w, "expires", date);
	return 0;
}

/* The leaf of a hosts: list (yaml_hosts.c), as its item. */
static bool hosts_leaf(const struct tf_node *t, bool excl)
{
	return t->kind == TF_COMPUTER && t->not_ == excl && t->name &&
	       (strchr(t->name, '.') != NULL) == t->dns && t->name[0] != '!';
}

/* Whether t is what yaml_get_hosts makes: patterns joined by OR, then
 * exclusions joined by AND. Any other tree (most of Groups.xml's filters)
 * has no YAML form. */
static bool hosts_shaped(const struct tf_node *t)
{
	size_t i = 0;

	if (t->kind != TF_COLLECTION || t->not_ || !t->n_kids)
		return false;
	for (; i < t->n_kids && !t->kids[i].not_; i++)
		if (!hosts_leaf(&t->kids[i], false) || (i > 0) != t->kids[i].or_)
			return false;
	for (; i < t->n_kids; i++)
		if (!hosts_leaf(&t->kids[i], true) || t->kids[i].or_)
			return false;
	return true;
}

static int write_hosts(struct wr *w, const struct tf_node *t, const char *kind,
		       const char *name, const struct src_pos *pos, struct acc_error *err)
{
	if (!t)
		return 0;
	if (!hosts_shaped(t))
		return acc_fail(err, ACC_EINVAL, 0, "%s:%u:%u: %s '%s' has item-level targeting that "
				"YAML's hosts: cannot say (only computer-name patterns); keep this "
				"item in Groups.xml", pos->file ? pos->file : "-", pos->line, pos->col,
				kind, name);
	scalar(w, "hosts");
	seq_start(w, true);
	for (size_t i = 0; i < t->n_kids; i++) {
		char *s = xasprintf("%s%s", t->kids[i].not_ ? "!" : "", t->kids[i].name);

		scalar(w, s);
		free(s);
	}
	seq_end(w);
	return 0;
}

static int write_user(struct wr *w, const struct m_user *u, const char *env_ref,
		      struct acc_error *err)
{
	static const char *const builtin[] = { NULL, "administrator", "guest" };

	map_start(w, false);
	kv(w, "name", u->name ? u->name : "");
	if (u->builtin != BUILTIN_NONE)
		kv(w, "builtin", builtin[u->builtin]);
	if (u->action != M_UPDATE)
		kv(w, "action", m_action_name(u->action));
	kv(w, "new_name", u->new_name);
	kv(w, "full_name", u->full_name);
	kv(w, "description", u->description);
	kv(w, "user_comment", u->usr_comment);
	write_password(w, &u->password, env_ref);
	if (u->password_update == PWU_ON_CREATE)
		kv(w, "password_update", "on_create");
	kv_mbool(w, "must_change_password", u->must_change_password);
	kv_mbool(w, "cannot_change_password", u->cannot_change_password);
	kv_mbool(w, "password_never_expires", u->password_never_expires);
	kv_mbool(w, "disabled", u->disabled);
	if (write_expiry(w, u, err) < 0)
		return -1;
	kv(w, "home_dir", u->home_dir);
	kv(w, "logon_script", u->logon_script);
	kv(w, "profile", u->profile);
	kv_list(w, "groups", u->groups, u->n_groups);
	if (u->override_protection)
		kv(w, "override_protection", "true");
	if (write_hosts(w, u->target, "user", u->name ? u->name : "", &u->pos, err) < 0)
		return -1;
	map_end(w);
	return 0;
}

/* What yaml_read takes for a SID when written as a bare string. */
static bool looks_like_sid(const char *s)
{
	return (s[0] == 'S' || s[0] == 's') && s[1] == '-';
}

static void write_member(struct wr *w, const struct m_member *mb)
{
	if (mb->sid && !mb->name && looks_like_sid(mb->sid)) {
		scalar(w, mb->sid);
		return;
	}
	if (mb->name && !mb->sid && !looks_like_sid(mb->name)) {
		scalar(w, mb->name);
		return;
	}
	map_start(w, true);
	kv(w, "name", mb->name);
	kv(w, "sid", mb->sid);
	map_end(w);
}

static void write_members(struct wr *w, const struct m_group *g, const char *key,
			  enum m_member_action act, bool always)
{
	size_t n = 0;

	for (size_t i = 0; i < g->n_members; i++)
		n += g->members[i].action == act;
	if (!n && !always)
		return;
	scalar(w, key);
	seq_start(w, true);
	for (size_t i = 0; i < g->n_members; i++)
		if (g->members[i].action == act)
			write_member(w, &g->members[i]);
	seq_end(w);
}

static int write_group(struct wr *w, const struct m_group *g, struct acc_error *err)
{
	for (size_t i = 0; i < g->n_members; i++) {
		const struct m_member *mb = &g->members[i];

		if (!mb->name && !mb->sid)
			return acc_fail(err, ACC_EINVAL, 0, "group '%s': a member without name or SID cannot be written",
					g->name ? g->name : g->sid ? g->sid : "");
		if (g->exact && mb->action == MEM_REMOVE)
			return acc_fail(err, ACC_EINVAL, 0, "group '%s': an exact member list with removals cannot be written",
					g->name ? g->name : g->sid ? g->sid : "");
	}
	map_start(w, false);
	kv(w, "name", g->name);
	kv(w, "sid", g->sid);
	if (!g->name && !g->sid)
		kv(w, "name", "");
	if (g->action != M_UPDATE)
		kv(w, "action", m_action_name(g->action));
	kv(w, "new_name", g->new_name);
	kv(w, "description", g->description);
	if (g->exact) {
		write_members(w, g, "members", MEM_ADD, true);
	} else {
		write_members(w, g, "add", MEM_ADD, false);
		write_members(w, g, "remove", MEM_REMOVE, false);
		if (g->delete_all_users)
			kv(w, "remove_all_users", "true");
		if (g->delete_all_groups)
			kv(w, "remove_all_groups", "true");
	}
	if (g->override_protection)
		kv(w, "override_protection", "true");
	if (write_hosts(w, g->target, "group", g->name ? g->name : g->sid ? g->sid : "",
			&g->pos, err) < 0)
		return -1;
	map_end(w);
	return 0;
}

static void write_policy(struct wr *w, const struct m_policy *p)
{
	if (p->unmanaged == UNMANAGED_IGNORE && !p->n_protected)
		return;
	scalar(w, "policy");
	map_start(w, false);
	if (p->unmanaged != UNMANAGED_IGNORE)
		kv(w, "unmanaged", m_unmanaged_name(p->unmanaged));
	kv_list(w, "protected", p->protected_accounts, p->n_protected);
	map_end(w);
}

/* The comment on top: which variables to set for the secrets left out. */
static void write_header(struct strbuf *out, const struct formats_pw_refs *refs, size_t first)
{
	sb_addf(out, "# accord desired state (docs/yaml-schema.md), written by accord %s\n",
		ACCORD_VERSION);
	if (first == refs->n)
		return;
	sb_adds(out, "# Passwords are not written here. Set these environment variables\n"
		     "# before 'accord plan' or 'accord apply':\n");
	for (size_t i = first; i < refs->n; i++)
		sb_addf(out, "#   %s  (password of %s)\n", refs->v[i].var, refs->v[i].account);
}

static int write_doc(struct wr *w, const struct model *m, const char **env_refs,
		     struct acc_error *err)
{
	yaml_event_t ev;

	emit(w, &ev, yaml_stream_start_event_initialize(&ev, YAML_UTF8_ENCODING));
	emit(w, &ev, yaml_document_start_event_initialize(&ev, NULL, NULL, NULL, 1));
	map_start(w, false);
	kv(w, "version", "1");
	write_policy(w, &m->policy);
	if (m->n_users) {
		scalar(w, "users");
		seq_start(w, false);
		for (size_t i = 0; i < m->n_users; i++)
			if (write_user(w, &m->users[i], env_refs[i], err) < 0)
				return -1;
		seq_end(w);
	}
	if (m->n_groups) {
		scalar(w, "groups");
		seq_start(w, false);
		for (size_t i = 0; i < m->n_groups; i++)
			if (write_group(w, &m->groups[i], err) < 0)
				return -1;
		seq_end(w);
	}
	map_end(w);
	emit(w, &ev, yaml_document_end_event_initialize(&ev, 1));
	emit(w, &ev, yaml_stream_end_event_initialize(&ev));
	if (w->failed)
		return acc_fail(err, ACC_EINVAL, 0, "cannot write yaml: %s", w->problem);
	return 0;
}

int yaml_write(const struct model *m, struct strbuf *out,
	       struct formats_pw_refs *refs, struct acc_error *err)
{
	struct formats_pw_refs own = FORMATS_PW_REFS_INIT;
	struct formats_pw_refs *r = refs ? refs : &own;
	struct strbuf body = STRBUF_INIT;
	const char **env_refs = xcalloc(m->n_users + 1, sizeof(*env_refs));
	size_t first = r->n;
	struct wr w = { .failed = false };
	int rc = -1;

	sb_init(&body);
	for (size_t i = 0; i < m->n_users; i++) {
		const struct m_user *u = &m->users[i];

		if (u->password.kind == PW_LITERAL || u->password.kind == PW_CPASSWORD)
			env_refs[i] = formats_pw_ref_add(r, u->name ? u->name : "", u->password.kind);
	}
	if (!yaml_emitter_initialize(&w.e)) {
		acc_fail(err, ACC_ENOMEM, 0, "cannot start the yaml emitter");
		goto out;
	}
	yaml_emitter_set_output(&w.e, write_out, &body);
	yaml_emitter_set_unicode(&w.e, 1);
	yaml_emitter_set_width(&w.e, -1);
	yaml_emitter_set_indent(&w.e, 2);
	rc = write_doc(&w, m, env_refs, err);
	yaml_emitter_delete(&w.e);
	if (rc == 0) {
		write_header(out, r, first);
		sb_add(out, body.buf, body.len);
	}
out:
	while (rc < 0 && r->n > first) { /* outputs untouched on failure */
		r->n--;
		free(r->v[r->n].var);
		free(r->v[r->n].account);
	}
	sb_release(&body);
	free(env_refs);
	formats_pw_refs_release(&own);
	return rc;
}
