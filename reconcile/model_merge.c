/* model_merge.c: a later desired-state file over an earlier one; the rules
 * are in model_merge.h. */
#include "model_merge.h"

#include "name_map.h"
#include "names.h"
#include "strbuf.h"
#include "target.h"
#include "xalloc.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- the merge ---- */

struct merge {
	struct model *dst;
	struct m_conflicts *out;
	const char *kind, *account;  /* the item being merged */
};

static struct src_pos pos_in(struct model *dst, const struct src_pos *p)
{
	return (struct src_pos){ model_intern(dst, p->file), p->line, p->col };
}

static void conflict(struct merge *mg, const char *field, const struct src_pos *was,
		     const char *was_value, const struct src_pos *now, const char *now_value)
{
	struct m_conflict *k = m_conflicts_add(mg->out, mg->kind, mg->account, field);

	k->was = (struct m_conflict_side){ xstrdup(was->file), was->line, was->col,
					   xstrdup(was_value) };
	k->now = (struct m_conflict_side){ xstrdup(now->file), now->line, now->col,
					   xstrdup(now_value) };
}

static void sensitive_conflict(struct merge *mg, const char *field, const struct src_pos *was,
			       const struct src_pos *now)
{
	conflict(mg, field, was, NULL, now, NULL);
	mg->out->v[mg->out->n - 1].sensitive = true;
}

static char **str_at(void *item, size_t off)
{
	return (char **)((char *)item + off);
}

static enum m_bool *mbool_at(void *item, size_t off)
{
	return (enum m_bool *)((char *)item + off);
}

/* A stated string field: the later value replaces the earlier one. */
static void take_str(struct merge *mg, const char *field, char **d, const char *s,
		     struct src_pos *origin, const struct src_pos *now)
{
	if (!s)
		return;
	if (*d && strcmp(*d, s))
		conflict(mg, field, origin, *d, now, s);
	free(*d);
	*d = xstrdup(s);
	*origin = *now;
}

static const char *mbool_name(enum m_bool b)
{
	return b == M_TRUE ? "true" : "false";
}

static void take_mbool(struct merge *mg, const char *field, enum m_bool *d, enum m_bool s,
		       struct src_pos *origin, const struct src_pos *now)
{
	if (s == M_UNSET)
		return;
	if (*d != M_UNSET && *d != s)
		conflict(mg, field, origin, mbool_name(*d), now, mbool_name(s));
	*d = s;
	*origin = *now;
}

static void take_action(struct merge *mg, enum m_action *d, enum m_action s,
			struct src_pos *origin, const struct src_pos *now)
{
	if (*d != s)
		conflict(mg, "action", origin, m_action_name(*d), now, m_action_name(s));
	*d = s;
	*origin = *now;
}

static struct src_pos *origins_of(struct src_pos **origins, size_t n, const struct src_pos *pos)
{
	if (!*origins) {
		*origins = xcalloc(n, sizeof(**origins));
		for (size_t i = 0; i < n; i++)
			(*origins)[i] = *pos;
	}
	return *origins;
}

static struct src_pos *origins_copy(struct model *dst, const struct src_pos *o, size_t n)
{
	struct src_pos *v;

	if (!o)
		return NULL;
	v = xcalloc(n, sizeof(*v));
	for (size_t i = 0; i < n; i++)
		v[i] = pos_in(dst, &o[i]);
	return v;
}

/* ---- users ---- */

enum user_field {
	UF_ACTION, UF_NEW_NAME, UF_FULL_NAME, UF_DESCRIPTION, UF_USR_COMMENT, UF_HOME_DIR,
	UF_LOGON_SCRIPT, UF_PROFILE, UF_PASSWORD, UF_MUST_CHANGE, UF_CANNOT_CHANGE,
	UF_NEVER_EXPIRES, UF_DISABLED, UF_EXPIRES, UF_BUILTIN, UF_COUNT
};

#define U(f) offsetof(struct m_user, f)

static const struct { enum user_field id; const char *key; size_t off; } user_strs[] = {
	{ UF_NEW_NAME, "new_name", U(new_name) },
	{ UF_FULL_NAME, "full_name", U(full_name) },
	{ UF_DESCRIPTION, "description", U(description) },
	{ UF_USR_COMMENT, "user_comment", U(usr_comment) },
	{ UF_HOME_DIR, "home_dir", U(home_dir) },
	{ UF_LOGON_SCRIPT, "logon_script", U(logon_script) },
	{ UF_PROFILE, "profile", U(profile) },
};

static const struct { enum user_field id; const char *key; size_t off; } user_bools[] = {
	{ UF_MUST_CHANGE, "must_change_password", U(must_change_password) },
	{ UF_CANNOT_CHANGE, "cannot_change_password", U(cannot_change_password) },
	{ UF_NEVER_EXPIRES, "password_never_expires", U(password_never_expires) },
	{ UF_DISABLED, "disabled", U(disabled) },
};

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

static void expiry_text(const struct m_expiry *e, char *buf, size_t n)
{
	if (e->kind == EXP_NEVER)
		snprintf(buf, n, "never");
	else
		snprintf(buf, n, "%04d-%02d-%02d", e->year, e->month, e->day);
}

static bool expiry_eq(const struct m_expiry *a, const struct m_expiry *b)
{
	return a->kind == b->kind && (a->kind != EXP_DATE || (a->year == b->year &&
		a->month == b->month && a->day == b->day));
}

static const char *builtin_name(enum m_builtin b)
{
	return b == BUILTIN_ADMIN ? "administrator" : b == BUILTIN_GUEST ? "guest" : "none";
}

static bool has_str(char **v, size_t n, const char *s)
{
	for (size_t i = 0; i < n; i++)
		if (acc_name_eq(v[i], s))
			return true;
	return false;
}

static void take_password(struct merge *mg, struct m_user *d, const struct m_user *s,
			  struct src_pos *origin, const struct src_pos *now)
{
	if (s->password.kind == PW_NONE)
		return;
	if (d->password.kind != PW_NONE && (d->password.kind != s->password.kind ||
	    strcmp(d->password.ref ? d->password.ref : "", s->password.ref ? s->password.ref : "")))
		sensitive_conflict(mg, "password", origin, now);
	free(d->password.ref);
	d->password.kind = s->password.kind;
	d->password.ref = xstrdup(s->password.ref);
	/* when to set it goes with the password the later file states */
	d->password_update = s->password_update;
	*origin = *now;
}

static void take_expiry(struct merge *mg, struct m_user *d, const struct m_user *s,
			struct src_pos *origin, const struct src_pos *now)
{
	char was[16], is[16];

	if (s->expires.kind == EXP_UNSET)
		return;
	if (d->expires.kind != EXP_UNSET && !expiry_eq(&d->expires, &s->expires)) {
		expiry_text(&d->expires, was, sizeof(was));
		expiry_text(&s->expires, is, sizeof(is));
		conflict(mg, "expires", origin, was, now, is);
	}
	d->expires = s->expires;
	*origin = *now;
}

static void take_builtin(struct merge *mg, struct m_user *d, const struct m_user *s,
			 struct src_pos *origin, const struct src_pos *now)
{
	if (s->builtin == BUILTIN_NONE)
		return;
	if (d->builtin != BUILTIN_NONE && d->builtin != s->builtin)
		conflict(mg, "builtin", origin, builtin_name(d->builtin), now,
			 builtin_name(s->builtin));
	d->builtin = s->builtin;
	*origin = *now;
}

/* A later delete: nothing earlier files state about the account would be
 * applied, so none of it stays (the name, the built-in RID it targets and
 * a permission to override protection do). */
static void forget_user(struct m_user *d)
{
	for (size_t i = 0; i < NELEM(user_strs); i++) {
		free(*str_at(d, user_strs[i].off));
		*str_at(d, user_strs[i].off) = NULL;
	}
	free(d->password.ref);
	d->password = (struct m_password){ PW_NONE, NULL };
	d->password_update = PWU_ENFORCE;
	for (size_t i = 0; i < NELEM(user_bools); i++)
		*mbool_at(d, user_bools[i].off) = M_UNSET;
	d->expires = (struct m_expiry){ EXP_UNSET, 0, 0, 0 };
	for (size_t i = 0; i < d->n_groups; i++)
		free(d->groups[i]);
	free(d->groups);
	d->groups = NULL;
	d->n_groups = 0;
}

static void merge_user(struct merge *mg, struct m_user *d, const struct m_user *s)
{
	struct src_pos now = pos_in(mg->dst, &s->pos);
	struct src_pos *o = origins_of(&d->origins, UF_COUNT, &d->pos);

	mg->kind = "user";
	mg->account = d->name;
	if (s->action == M_DELETE && d->action != M_DELETE)
		forget_user(d);
	take_action(mg, &d->action, s->action, &o[UF_ACTION], &now);
	for (size_t i = 0; i < NELEM(user_strs); i++)
		take_str(mg, user_strs[i].key, str_at(d, user_strs[i].off),
			 *str_at((void *)s, user_strs[i].off), &o[user_strs[i].id], &now);
	take_password(mg, d, s, &o[UF_PASSWORD], &now);
	for (size_t i = 0; i < NELEM(user_bools); i++)
		take_mbool(mg, user_bools[i].key, mbool_at(d, user_bools[i].off),
			   *mbool_at((void *)s, user_bools[i].off), &o[user_bools[i].id], &now);
	take_expiry(mg, d, s, &o[UF_EXPIRES], &now);
	take_builtin(mg, d, s, &o[UF_BUILTIN], &now);
	for (size_t i = 0; i < s->n_groups; i++)
		if (!has_str(d->groups, d->n_groups, s->groups[i]))
			m_user_add_group(d, s->groups[i]);
	d->override_protection |= s->override_protection;
	d->pos = now;
}

static void copy_user(struct model *dst, const struct m_user *s)
{
	struct m_user *d = model_add_user(dst);

	*d = *s;
	d->pos = pos_in(dst, &s->pos);
	d->name = xstrdup(s->name);
	for (size_t i = 0; i < NELEM(user_strs); i++)
		*str_at(d, user_strs[i].off) = xstrdup(*str_at((void *)s, user_strs[i].off));
	d->password.ref = xstrdup(s->password.ref);
	d->groups = NULL;
	d->n_groups = 0;
	for (size_t i = 0; i < s->n_groups; i++)
		m_user_add_group(d, s->groups[i]);
	d->origins = origins_copy(dst, s->origins, UF_COUNT);
	d->target = tf_copy_into(s->target, dst);
}

/* The dst user that s states, or -1: by built-in RID first, then by name.
 * An item without the RID that names the built-in account otherwise is
 * another item: only the server knows that name (the diff then refuses
 * two items for one account). */
static ssize_t find_user(const struct model *dst, const struct nmap *names, const struct m_user *s)
{
	size_t k;

	if (s->builtin != BUILTIN_NONE)
		for (size_t i = 0; i < dst->n_users; i++)
			if (dst->users[i].builtin == s->builtin)
				return (ssize_t)i;
	if (s->name && nmap_get(names, s->name, &k))
		return (ssize_t)k;
	return -1;
}

static void merge_users(struct merge *mg, const struct model *src)
{
	struct model *dst = mg->dst;
	struct nmap names = NMAP_INIT;

	for (size_t i = 0; i < dst->n_users; i++)
		if (dst->users[i].name)
			nmap_put(&names, dst->users[i].name, i);
	for (size_t i = 0; i < src->n_users; i++) {
		const struct m_user *s = &src->users[i];
		ssize_t k = find_user(dst, &names, s);

		/* items for some hosts only stay apart: which of them
		 * applies is for the server to say (a run against one judges
		 * each file first, and its items reach here untargeted) */
		if (k >= 0 && !s->target && !dst->users[k].target) {
			merge_user(mg, &dst->users[k], s);
			continue;
		}
		if (s->name)
			nmap_put(&names, s->name, dst->n_users);
		copy_user(dst, s);
	}
	nmap_release(&names);
}

/* ---- groups ---- */

enum group_field { GF_ACTION, GF_NEW_NAME, GF_DESCRIPTION, GF_SID, GF_MEMBERS, GF_COUNT };

static bool same_member(const struct m_member *a, const struct m_member *b)
{
	if (a->sid && b->sid)
		return !strcasecmp(a->sid, b->sid);
	return !a->sid && !b->sid && a->name && b->name && acc_name_eq(a->name, b->name);
}

static const char *member_label(const struct m_member *m)
{
	return m->name ? m->name : m->sid ? m->sid : "";
}

/* A group's whole member statement as text, for a "members" conflict:
 * "exactly alice, bob", "remove all users, then add carol". */
static char *members_text(const struct m_group *g)
{
	struct strbuf sb = STRBUF_INIT;

	sb_init(&sb);
	if (g->exact)
		sb_adds(&sb, "exactly");
	else if (g->delete_all_users && g->delete_all_groups)
		sb_adds(&sb, "remove all users and groups, then");
	else if (g->delete_all_users)
		sb_adds(&sb, "remove all users, then");
	else if (g->delete_all_groups)
		sb_adds(&sb, "remove all groups, then");
	for (size_t i = 0; i < g->n_members; i++) {
		const struct m_member *m = &g->members[i];

		sb_adds(&sb, i ? ", " : sb.len ? " " : "");
		if (!g->exact)
			sb_adds(&sb, m->action == MEM_ADD ? "add " : "remove ");
		sb_adds(&sb, member_label(m));
	}
	if (!g->n_members)
		sb_adds(&sb, sb.len ? " no members" : "no members");
	return sb_detach(&sb);
}

static void copy_member(struct model *dst, struct m_group *d, const struct m_member *s)
{
	struct m_member *m = m_group_add_member(d);

	m->pos = pos_in(dst, &s->pos);
	m->name = xstrdup(s->name);
	m->sid = xstrdup(s->sid);
	m->action = s->action;
}

static void drop_members(struct m_group *g)
{
	for (size_t i = 0; i < g->n_members; i++) {
		free(g->members[i].name);
		free(g->members[i].sid);
	}
	free(g->members);
	g->members = NULL;
	g->n_members = 0;
}

/* The later item empties the group first: its list and flags replace. */
static void replace_members(struct merge *mg, struct m_group *d, const struct m_group *s,
			    struct src_pos *origin, const struct src_pos *now)
{
	bool stated = d->n_members || d->exact || d->delete_all_users || d->delete_all_groups;
	char *was = members_text(d), *is = members_text(s);

	if (stated && strcmp(was, is))
		conflict(mg, "members", origin, was, now, is);
	free(was);
	free(is);
	drop_members(d);
	for (size_t i = 0; i < s->n_members; i++)
		copy_member(mg->dst, d, &s->members[i]);
	d->exact = s->exact;
	d->delete_all_users = s->delete_all_users;
	d->delete_all_groups = s->delete_all_groups;
	*origin = *now;
}

static void remove_member(struct m_group *g, size_t i)
{
	free(g->members[i].name);
	free(g->members[i].sid);
	memmove(&g->members[i], &g->members[i + 1], (g->n_members - i - 1) * sizeof(*g->members));
	g->n_members--;
}

static void add_members(struct merge *mg, struct m_group *d, const struct m_group *s)
{
	for (size_t i = 0; i < s->n_members; i++) {
		const struct m_member *sm = &s->members[i];
		struct src_pos now = pos_in(mg->dst, &sm->pos);
		size_t k = 0;
		char field[300];

		while (k < d->n_members && !same_member(&d->members[k], sm))
			k++;
		if (k == d->n_members) {
			/* an exact list already leaves out what a later file removes */
			if (!(d->exact && sm->action == MEM_REMOVE))
				copy_member(mg->dst, d, sm);
			continue;
		}
		if (d->members[k].action != sm->action) {
			snprintf(field, sizeof(field), "member %s", member_label(sm));
			conflict(mg, field, &d->members[k].pos,
				 d->members[k].action == MEM_ADD ? "add" : "remove", &now,
				 sm->action == MEM_ADD ? "add" : "remove");
		}
		if (d->exact && sm->action == MEM_REMOVE) {
			remove_member(d, k);
			continue;
		}
		d->members[k].action = sm->action;
		d->members[k].pos = now;
		if (sm->name && !d->members[k].name)
			d->members[k].name = xstrdup(sm->name);
	}
}

static void merge_group(struct merge *mg, struct m_group *d, const struct m_group *s)
{
	struct src_pos now = pos_in(mg->dst, &s->pos);
	struct src_pos *o = origins_of(&d->origins, GF_COUNT, &d->pos);

	mg->kind = "group";
	mg->account = d->name ? d->name : d->sid;
	if (s->action == M_DELETE && d->action != M_DELETE) {
		/* as for a user: what earlier files say of a deleted group goes */
		free(d->new_name);
		free(d->description);
		d->new_name = d->description = NULL;
		drop_members(d);
		d->exact = d->delete_all_users = d->delete_all_groups = false;
	}
	take_action(mg, &d->action, s->action, &o[GF_ACTION], &now);
	take_str(mg, "new_name", &d->new_name, s->new_name, &o[GF_NEW_NAME], &now);
	take_str(mg, "description", &d->description, s->description, &o[GF_DESCRIPTION], &now);
	/* matched by name: the SID is one more stated field; matched by SID,
	 * the name is only what each file calls the group, and the first stays */
	if (!d->sid || !s->sid)
		take_str(mg, "sid", &d->sid, s->sid, &o[GF_SID], &now);
	if (!d->name)
		d->name = xstrdup(s->name);
	if (s->exact || s->delete_all_users || s->delete_all_groups)
		replace_members(mg, d, s, &o[GF_MEMBERS], &now);
	else
		add_members(mg, d, s);
	d->override_protection |= s->override_protection;
	d->pos = now;
}

static void copy_group(struct model *dst, const struct m_group *s)
{
	struct m_group *d = model_add_group(dst);

	*d = *s;
	d->pos = pos_in(dst, &s->pos);
	d->name = xstrdup(s->name);
	d->sid = xstrdup(s->sid);
	d->new_name = xstrdup(s->new_name);
	d->description = xstrdup(s->description);
	d->members = NULL;
	d->n_members = 0;
	for (size_t i = 0; i < s->n_members; i++)
		copy_member(dst, d, &s->members[i]);
	d->origins = origins_copy(dst, s->origins, GF_COUNT);
	d->target = tf_copy_into(s->target, dst);
}

/* Groups by SID when both give one, else by name. */
static bool same_group(const struct m_group *g, const struct m_group *s)
{
	if (s->sid && g->sid)
		return !strcasecmp(s->sid, g->sid);
	return s->name && g->name && acc_name_eq(s->name, g->name);
}

static struct m_group *find_group(const struct model *dst, const struct m_group *s)
{
	for (size_t i = 0; i < dst->n_groups; i++)
		if (same_group(&dst->groups[i], s))
			return &dst->groups[i];
	return NULL;
}

/* ---- policy ---- */

static void merge_policy(struct merge *mg, struct m_policy *d, const struct m_policy *s)
{
	struct src_pos now = pos_in(mg->dst, &s->unmanaged_pos);

	for (size_t i = 0; i < s->n_protected; i++)
		if (!has_str(d->protected_accounts, d->n_protected, s->protected_accounts[i]))
			m_policy_add_protected(d, s->protected_accounts[i]);
	if (!s->unmanaged_pos.file)
		return;
	mg->kind = "policy";
	mg->account = NULL;
	if (d->unmanaged_pos.file && d->unmanaged != s->unmanaged)
		conflict(mg, "unmanaged", &d->unmanaged_pos, m_unmanaged_name(d->unmanaged), &now,
			 m_unmanaged_name(s->unmanaged));
	d->unmanaged = s->unmanaged;
	d->unmanaged_pos = now;
}

/* Whether some two untargeted items of m state one account (the keys
 * model_merge matches by). */
static bool has_repeats(const struct model *m)
{
	struct nmap names = NMAP_INIT;
	bool rep = false;
	size_t k;

	for (size_t i = 0; i < m->n_users && !rep; i++) {
		const struct m_user *u = &m->users[i];

		if (u->target)
			continue;
		for (size_t j = 0; u->builtin != BUILTIN_NONE && j < i && !rep; j++)
			rep = !m->users[j].target && m->users[j].builtin == u->builtin;
		if (u->name && nmap_get(&names, u->name, &k))
			rep = true;
		else if (u->name)
			nmap_put(&names, u->name, i);
	}
	nmap_release(&names);
	for (size_t i = 0; i < m->n_groups && !rep; i++)
		for (size_t j = 0; j < i && !rep; j++)
			rep = !m->groups[i].target && !m->groups[j].target &&
			      same_group(&m->groups[j], &m->groups[i]);
	return rep;
}

void model_fold(struct model *m, struct m_conflicts *conflicts)
{
	struct model *folded, tmp;

	if (!has_repeats(m))
		return;
	folded = model_new();
	model_merge(folded, m, conflicts);
	/* the folded items replace m's own: swap, and free the old */
	tmp = *m;
	*m = *folded;
	*folded = tmp;
	model_free(folded);
}

void model_merge(struct model *dst, const struct model *src, struct m_conflicts *conflicts)
{
	struct merge mg = { dst, conflicts, NULL, NULL };

	for (size_t i = 0; i < src->n_files; i++)
		model_intern(dst, src->files[i]);
	merge_users(&mg, src);
	for (size_t i = 0; i < src->n_groups; i++) {
		struct m_group *d = find_group(dst, &src->groups[i]);

		if (d && !d->target && !src->groups[i].target)
			merge_group(&mg, d, &src->groups[i]);
		else
			copy_group(dst, &src->groups[i]);
	}
	merge_policy(&mg, &dst->policy, &src->policy);
	for (size_t i = 0; i < src->n_skipped; i++)
		tf_skip_copy_into(&src->skipped[i], dst);
}
