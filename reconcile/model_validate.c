/* model_validate.c: checks of a desired-state model that hold whatever file
 * format it came from (YAML or Groups.xml). Each problem is one DIAG_ERROR at
 * the position of the item that has it; every problem is reported. */
#include "compat.h"
#include "model.h"

#include "diag.h"
#include "names.h"
#include "xalloc.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define GROUP_NAME_MAX 256 /* characters in a local group name (NetLocalGroupAdd) */

static void item_err(struct diags *d, const struct src_pos *pos, const char *fmt, ...)
	ACC_PRINTF(3, 4);

static void item_err(struct diags *d, const struct src_pos *pos, const char *fmt, ...)
{
	char msg[768];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	diags_add(d, DIAG_ERROR, pos->file, pos->line, pos->col, "%s", msg);
}

/* ---- names ---- */

/* Local group names follow the user-name characters but may be longer. */
static bool group_name_valid(const char *name, const char **why)
{
	long len = name ? acc_utf8_len(name) : 0;
	bool only_dots_spaces = true;

	if (len >= 0 && len <= ACC_NAME_MAX)
		return acc_name_valid(name, why);
	if (len < 0) {
		*why = "is not valid UTF-8";
		return false;
	}
	if (len > GROUP_NAME_MAX) {
		*why = "is longer than 256 characters";
		return false;
	}
	/* non-ASCII bytes are always allowed: probe the ASCII ones one by one */
	for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
		char probe[2] = { (char)*p, '\0' };

		if (*p == '.' || *p == ' ')
			continue;
		only_dots_spaces = false;
		if (*p < 0x80 && !acc_name_valid(probe, why))
			return false;
	}
	if (only_dots_spaces)
		*why = "consists only of dots and spaces";
	return !only_dots_spaces;
}

/* A member or group reference: DOMAIN\name or name, no control characters. */
static bool member_name_valid(const char *name, const char **why)
{
	if (!*name) {
		*why = "is empty";
		return false;
	}
	if (acc_utf8_len(name) < 0) {
		*why = "is not valid UTF-8";
		return false;
	}
	for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
		if (*p < 0x20 || *p == 0x7f) {
			*why = "contains a control character";
			return false;
		}
	}
	return true;
}

/* S-1-<authority>(-<subauthority>)*, decimal numbers. */
static bool sid_valid(const char *s)
{
	unsigned parts = 0;

	if (strncasecmp(s, "S-1-", 4))
		return false;
	s += 4;
	while (*s) {
		size_t digits = strspn(s, "0123456789");

		if (!digits || digits > 20)
			return false;
		parts++;
		s += digits;
		if (*s == '-' && s[1])
			s++;
		else if (*s)
			return false;
	}
	return parts >= 1 && parts <= 16;
}

/* ---- dates ---- */

static bool leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static void check_expiry(struct diags *d, const struct m_user *u)
{
	static const char *const month_name[] = {
		"January", "February", "March", "April", "May", "June", "July",
		"August", "September", "October", "November", "December",
	};
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	const struct m_expiry *e = &u->expires;
	int dim;

	if (e->kind != EXP_DATE)
		return;
	if (e->month < 1 || e->month > 12) {
		item_err(d, &u->pos, "user '%s': expires %04d-%02d-%02d is not a date (no month %d)",
			 u->name, e->year, e->month, e->day, e->month);
		return;
	}
	dim = days[e->month - 1] + (e->month == 2 && leap(e->year));
	if (e->day < 1 || e->day > dim) {
		item_err(d, &u->pos, "user '%s': expires %04d-%02d-%02d is not a date (%s %d has %d days)",
			 u->name, e->year, e->month, e->day, month_name[e->month - 1], e->year, dim);
		return;
	}
	/* usri_acct_expires counts seconds since 1970 in 32 bits: up to 2106-02-07 */
	if (e->year < 1970 || e->year > 2105)
		item_err(d, &u->pos, "user '%s': expires %04d-%02d-%02d is outside 1970-2105, "
			 "what Windows can store; use 'never' for no expiry",
			 u->name, e->year, e->month, e->day);
}

/* Where another item is, for a message at pos: "3:5", or "base.yaml:3:5"
 * when it is in another file (a model merged from several). */
static const char *where(const struct src_pos *other, const struct src_pos *pos, char *buf,
			 size_t n)
{
	if (other->file && (!pos->file || strcmp(other->file, pos->file)))
		snprintf(buf, n, "%s:%u:%u", other->file, other->line, other->col);
	else
		snprintf(buf, n, "%u:%u", other->line, other->col);
	return buf;
}

/* ---- items ---- */

static bool is_protected(const struct model *m, const char *name)
{
	for (size_t i = 0; i < m->policy.n_protected; i++)
		if (acc_name_eq(m->policy.protected_accounts[i], name))
			return true;
	return false;
}

static void check_rename(struct diags *d, const struct src_pos *pos, const char *what,
			 const char *name, enum m_action action, const char *new_name,
			 bool (*valid)(const char *, const char **))
{
	const char *why = NULL;

	if (!new_name)
		return;
	if (action == M_CREATE)
		item_err(d, pos, "%s '%s': create cannot rename: create the account as '%s' "
			 "(name: %s) and drop new_name", what, name ? name : "", new_name, new_name);
	else if (action != M_UPDATE)
		item_err(d, pos, "%s '%s': new_name works only with action update, not %s",
			 what, name ? name : "", m_action_name(action));
	if (!valid(new_name, &why))
		item_err(d, pos, "%s '%s': new name '%s' %s", what, name ? name : "", new_name, why);
}

/* A user's name as a file may write it: "name", or "DOMAIN\name" as Groups.xml
 * from a domain's GPO does (which domain is checked against the server at
 * plan time, model_resolve_prefixes). */
static bool user_name_valid(const char *name, const char **why)
{
	const char *bs = strchr(name, '\\');

	if (!bs)
		return acc_name_valid(name, why);
	if (bs == name || bs - name > 255 || strpbrk(bs + 1, "\\")) {
		*why = "is not NAME or DOMAIN\\NAME (one backslash, a domain before it)";
		return false;
	}
	for (const char *p = name; p < bs; p++)
		if ((unsigned char)*p < 0x20 || strchr("\"/[]:;|=,+*?<> ", *p)) {
			*why = "has a domain part that is no NetBIOS or DNS name";
			return false;
		}
	return acc_name_valid(bs + 1, why);
}

static void check_user(const struct model *m, struct diags *d, const struct m_user *u)
{
	const char *why = NULL, *n = u->name ? u->name : "";

	if (!u->name)
		item_err(d, &u->pos, "a user needs a name");
	else if (!user_name_valid(u->name, &why))
		item_err(d, &u->pos, "user name '%s' %s", n, why);
	check_rename(d, &u->pos, "user", u->name, u->action, u->new_name, acc_name_valid);
	if (u->must_change_password == M_TRUE && u->cannot_change_password == M_TRUE)
		item_err(d, &u->pos, "user '%s': must_change_password contradicts "
			 "cannot_change_password: the user could never log on", n);
	if (u->must_change_password == M_TRUE && u->password_never_expires == M_TRUE)
		item_err(d, &u->pos, "user '%s': must_change_password contradicts "
			 "password_never_expires: Windows cannot expire a password that never expires", n);
	check_expiry(d, u);
	if (u->builtin != BUILTIN_NONE && (u->action == M_CREATE || u->action == M_DELETE))
		item_err(d, &u->pos, "user '%s': the built-in %s always exists and cannot be %s",
			 n, u->builtin == BUILTIN_ADMIN ? "administrator" : "guest",
			 u->action == M_CREATE ? "created" : "deleted");
	for (size_t i = 0; i < u->n_groups; i++)
		if (!member_name_valid(u->groups[i], &why))
			item_err(d, &u->pos, "user '%s': group name '%s' %s", n, u->groups[i], why);
	if (u->password.kind != PW_NONE && (!u->password.ref || !*u->password.ref))
		item_err(d, &u->pos, "user '%s': the password source is empty", n);
	if (u->name && is_protected(m, u->name) && !u->override_protection) {
		const char *act = u->action == M_DELETE ? "deleting" : u->new_name ? "renaming" :
				  u->disabled == M_TRUE ? "disabling" : NULL;

		if (act)
			item_err(d, &u->pos, "user '%s' is protected (policy protected): %s it needs "
				 "override_protection: true", n, act);
	}
}

static void check_members(struct diags *d, const struct m_group *g, const char *gn)
{
	const char *why = NULL;

	for (size_t i = 0; i < g->n_members; i++) {
		const struct m_member *mb = &g->members[i];
		const struct src_pos *pos = mb->pos.line ? &mb->pos : &g->pos;

		if (!mb->name && !mb->sid)
			item_err(d, pos, "group '%s': a member needs a name or a SID", gn);
		if (mb->sid && !sid_valid(mb->sid))
			item_err(d, pos, "group '%s': member SID '%s' is not a SID (S-1-...)", gn, mb->sid);
		if (!mb->sid && mb->name && !member_name_valid(mb->name, &why))
			item_err(d, pos, "group '%s': member name '%s' %s", gn, mb->name, why);
		if (g->exact && mb->action == MEM_REMOVE)
			item_err(d, pos, "group '%s': an exact member list cannot also remove members", gn);
		for (size_t j = 0; j < i; j++) {
			const struct m_member *o = &g->members[j];
			bool same = (mb->sid && o->sid) ? !strcasecmp(mb->sid, o->sid) :
				    (!mb->sid && !o->sid && acc_name_eq(mb->name, o->name));

			if (same && o->action != mb->action) {
				item_err(d, pos, "group '%s': member '%s' is both added and removed",
					 gn, mb->sid ? mb->sid : mb->name);
				break;
			}
		}
	}
}

static void check_group(const struct model *m, struct diags *d, const struct m_group *g)
{
	char at[300];
	const char *why = NULL, *gn = g->name ? g->name : g->sid ? g->sid : "";

	if (!g->name && !g->sid)
		item_err(d, &g->pos, "a group needs a name or a SID");
	if (g->name && !group_name_valid(g->name, &why))
		item_err(d, &g->pos, "group name '%s' %s", g->name, why);
	if (g->sid && !sid_valid(g->sid))
		item_err(d, &g->pos, "group '%s': SID '%s' is not a SID (S-1-...)", gn, g->sid);
	check_rename(d, &g->pos, "group", gn, g->action, g->new_name, group_name_valid);
	check_members(d, g, gn);
	for (size_t j = 0; g->sid && j < (size_t)(g - m->groups); j++)
		if (m->groups[j].sid && !strcasecmp(m->groups[j].sid, g->sid) && !g->target &&
		    !m->groups[j].target)
			item_err(d, &g->pos, "duplicate group SID '%s' (first at %s)", g->sid,
				 where(&m->groups[j].pos, &g->pos, at, sizeof(at)));
}

/* ---- names across items ---- */

struct name_ref {
	const char *name;
	bool is_group, is_new;
	size_t idx;
	const struct src_pos *pos;
	const char *item_name; /* the item's name (for a new name: its old one) */
	bool targeted;         /* for some hosts only: checked again once selected */
};

static int ref_order(const struct name_ref *a, const struct name_ref *b)
{
	if (a->is_group != b->is_group)
		return a->is_group ? 1 : -1;
	if (a->idx != b->idx)
		return a->idx < b->idx ? -1 : 1;
	return (int)a->is_new - (int)b->is_new;
}

static int ref_cmp(const void *x, const void *y)
{
	const struct name_ref *a = x, *b = y;
	int c = acc_name_cmp(a->name, b->name);

	return c ? c : ref_order(a, b);
}

static void push_ref(struct name_ref **v, size_t *n, size_t *alloc, const char *name,
		     bool is_group, bool is_new, size_t idx, const struct src_pos *pos,
		     const char *item_name, bool targeted)
{
	/* invalid names are reported elsewhere and would not sort consistently */
	if (!name || acc_utf8_len(name) <= 0)
		return;
	XGROW(*v, *alloc, *n + 1);
	(*v)[(*n)++] = (struct name_ref){ name, is_group, is_new, idx, pos, item_name, targeted };
}

static void report_clash(struct diags *d, const struct name_ref *first, const struct name_ref *r)
{
	const char *kind = r->is_group ? "group" : "user";
	const char *fkind = first->is_group ? "group" : "user";
	char buf[300];
	const char *at = where(first->pos, r->pos, buf, sizeof(buf));

	if (!r->is_new && !first->is_new && r->is_group == first->is_group)
		item_err(d, r->pos, "duplicate %s '%s' (first at %s; names compare case-insensitively)",
			 kind, r->name, at);
	else if (!r->is_new && !first->is_new)
		item_err(d, r->pos, "%s '%s' has the name of %s '%s' at %s: users and local "
			 "groups share one namespace", kind, r->name, fkind, first->name, at);
	else if (r->is_new && !first->is_new)
		item_err(d, r->pos, "%s '%s' is renamed to '%s', the name of %s '%s' at %s",
			 kind, r->item_name, r->name, fkind, first->name, at);
	else if (!r->is_new)
		item_err(d, r->pos, "%s '%s' has the name that %s '%s' at %s is renamed to",
			 kind, r->name, fkind, first->item_name, at);
	else
		item_err(d, r->pos, "%s '%s' is renamed to '%s', as is %s '%s' at %s",
			 kind, r->item_name, r->name, fkind, first->item_name, at);
}

static void check_names(const struct model *m, struct diags *d)
{
	struct name_ref *v = NULL;
	size_t n = 0, alloc = 0;

	for (size_t i = 0; i < m->n_users; i++) {
		const struct m_user *u = &m->users[i];

		push_ref(&v, &n, &alloc, u->name, false, false, i, &u->pos, u->name, u->target != NULL);
		push_ref(&v, &n, &alloc, u->new_name, false, true, i, &u->pos, u->name, u->target != NULL);
	}
	for (size_t i = 0; i < m->n_groups; i++) {
		const struct m_group *g = &m->groups[i];

		push_ref(&v, &n, &alloc, g->name, true, false, i, &g->pos, g->name, g->target != NULL);
		push_ref(&v, &n, &alloc, g->new_name, true, true, i, &g->pos,
			 g->name ? g->name : g->sid, g->target != NULL);
	}
	if (n)
		qsort(v, n, sizeof(*v), ref_cmp);
	for (size_t i = 0; i < n;) {
		size_t j = i + 1;

		for (; j < n && !acc_name_cmp(v[i].name, v[j].name); j++) {
			/* a case-only rename of the same item is fine */
			if (v[j].is_group == v[i].is_group && v[j].idx == v[i].idx)
				continue;
			/* items for different hosts may name one account; the
			 * check runs again on what targeting selects */
			if (v[i].targeted || v[j].targeted)
				continue;
			report_clash(d, &v[i], &v[j]);
		}
		i = j;
	}
	free(v);
}

static void check_builtins(const struct model *m, struct diags *d)
{
	const struct m_user *first[3] = { NULL, NULL, NULL }; /* by enum m_builtin */
	char at[300];

	for (size_t i = 0; i < m->n_users; i++) {
		const struct m_user *u = &m->users[i], *f;

		if ((u->builtin != BUILTIN_ADMIN && u->builtin != BUILTIN_GUEST) || u->target)
			continue;
		f = first[u->builtin];
		if (!f) {
			first[u->builtin] = u;
			continue;
		}
		item_err(d, &u->pos, "user '%s': the built-in %s is already described by "
			 "user '%s' at %s", u->name ? u->name : "",
			 u->builtin == BUILTIN_ADMIN ? "administrator" : "guest",
			 f->name ? f->name : "", where(&f->pos, &u->pos, at, sizeof(at)));
	}
}

size_t model_validate(const struct model *m, struct diags *d)
{
	size_t before = d->n_errors;
	struct src_pos file_pos = { m->n_files ? m->files[0] : NULL, 0, 0 };
	const char *why = NULL;

	for (size_t i = 0; i < m->n_users; i++)
		check_user(m, d, &m->users[i]);
	for (size_t i = 0; i < m->n_groups; i++)
		check_group(m, d, &m->groups[i]);
	check_names(m, d);
	check_builtins(m, d);
	for (size_t i = 0; i < m->policy.n_protected; i++)
		if (!member_name_valid(m->policy.protected_accounts[i], &why))
			item_err(d, &file_pos, "policy: protected account '%s' %s",
				 m->policy.protected_accounts[i], why);
	return d->n_errors - before;
}
