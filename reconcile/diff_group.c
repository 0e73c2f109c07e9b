/* diff_group.c: local group membership (MS-GPPREF 2.2.1.11.1 Group):
 * members added, removed, or the exact list (deleteAllUsers +
 * deleteAllGroups + the listed members). accord neither creates, deletes
 * nor renames local groups: it has no call for it in netapi/. */
#include "diff_int.h"

#include "error.h"
#include "names.h"
#include "strbuf.h"
#include "xalloc.h"

#include <stdlib.h>
#include <string.h>

ssize_t diff_find_group(const struct diff_ctx *c, const char *name, const char *sid)
{
	const char *bare = name ? strrchr(name, '\\') : NULL;

	for (size_t i = 0; i < c->l->n_groups; i++) {
		const struct live_group *g = &c->l->groups[i];

		if (sid ? (g->sid && acc_name_eq(g->sid, sid))
			: (acc_name_eq(g->name, name) || (bare && acc_name_eq(g->name, bare + 1))))
			return (ssize_t)i;
	}
	return -1;
}

static ssize_t member_index(const struct diff_ctx *c, size_t gi, const char *sid, const char *name)
{
	size_t k;

	if (sid)
		return nmap_get(&c->groups[gi].by_sid, sid, &k) ? (ssize_t)k : -1;
	return nmap_get(&c->groups[gi].by_name, name, &k) ? (ssize_t)k : -1;
}

bool diff_is_member(const struct diff_ctx *c, size_t gi, const char *sid, const char *name)
{
	return member_index(c, gi, sid, name) >= 0;
}

/* One key per (group, member) so the same change is planned once, whether
 * a user's groups or a group's members asked for it. */
static bool plan_once(struct diff_ctx *c, size_t gi, const char *sid, const char *name)
{
	struct strbuf key = STRBUF_INIT;
	bool fresh;

	sb_init(&key);
	sb_addf(&key, "%zu\x1f%s", gi, sid ? sid : name);
	fresh = nmap_put(&c->planned, key.buf, gi);
	sb_release(&key);
	return fresh;
}

void diff_group_add(struct diff_ctx *c, size_t gi, const char *sid, const char *name,
		    const struct src_pos *pos, unsigned dep_seq)
{
	const struct live_group *g = c->groups[gi].g;
	struct plan_op *op;

	/* without a SID the account is one this plan creates (or recreates):
	 * a live member of that name is not it */
	if ((sid && diff_is_member(c, gi, sid, name)) || !plan_once(c, gi, sid, name))
		return;
	op = diff_op(c, OP_GROUP_ADD, name ? name : sid, pos, sid ? diff_find_sid(c, sid) : -1,
		     dep_seq);
	op->group = xstrdup(g->name);
	op->member_sid = xstrdup(sid);
	op->member_name = xstrdup(name);
	if (!sid)
		diff_reason(op, "the member's SID is known once the account exists");
}

static void group_remove(struct diff_ctx *c, size_t gi, size_t k, const struct src_pos *pos,
			 const char *why)
{
	const struct live_member *mb = &c->groups[gi].g->members[k];
	struct plan_op *op;
	ssize_t li;

	if (!plan_once(c, gi, mb->sid, mb->name))
		return;
	li = diff_find_sid(c, mb->sid);

	op = diff_op(c, OP_GROUP_REMOVE, li >= 0 ? c->l->users[li].name : mb->name ? mb->name : mb->sid,
		     pos, li, 0);
	op->group = xstrdup(c->groups[gi].g->name);
	op->member_sid = xstrdup(mb->sid);
	op->member_name = xstrdup(mb->name);
	if (why)
		diff_reason(op, "%s", why);
}

/* Members an exact list never removes without the group's override: the
 * built-in Administrator (RID 500), Domain Admins (512), Enterprise Admins
 * (519) of any domain, and, from Administrators, the account accord is
 * connected as. */
static bool member_protected(const struct diff_ctx *c, size_t gi, const struct live_member *mb)
{
	const char *dash = mb->sid ? strrchr(mb->sid, '-') : NULL;
	ssize_t li;

	if (dash && !strncmp(mb->sid, "S-1-5-21-", 9) &&
	    (!strcmp(dash, "-500") || !strcmp(dash, "-512") || !strcmp(dash, "-519")))
		return true;
	if (!c->groups[gi].g->sid || strcmp(c->groups[gi].g->sid, LIVE_SID_ADMINISTRATORS))
		return false;
	li = diff_find_sid(c, mb->sid);
	return (li >= 0 && live_is_connected_as(c->l, c->l->users[li].name)) ||
	       (mb->name && live_is_connected_as(c->l, mb->name));
}

/* A desired member as (sid, name): by SID when stated; else a live user,
 * an account this plan creates (no SID yet), a live group, or an existing
 * member of this group with that name. */
static int resolve_member(struct diff_ctx *c, size_t gi, const struct m_member *mb,
			  const char **sid, const char **name)
{
	ssize_t li, k;
	size_t dummy;

	*sid = mb->sid;
	*name = mb->name;
	if (mb->sid) {
		li = diff_find_sid(c, mb->sid);
		if (li >= 0)
			*name = c->l->users[li].name;
		return 0;
	}
	if (!mb->name)
		return diff_fail(c, &mb->pos, ACC_EINVAL, "a group member has neither name nor sid");
	li = strchr(mb->name, '\\') ? -1 : diff_find_user(c, mb->name);
	if (li >= 0 && c->acct[li].item && c->m->users[c->acct[li].item - 1].action == M_DELETE)
		li = -1;
	if (li >= 0) {
		*sid = c->l->users[li].sid;
		*name = c->l->users[li].name;
		return 0;
	}
	if (nmap_get(&c->created, mb->name, &dummy))
		return 0;
	k = diff_find_group(c, mb->name, NULL);
	if (k >= 0 && c->l->groups[k].sid) {
		*sid = c->l->groups[k].sid;
		return 0;
	}
	k = member_index(c, gi, NULL, mb->name);
	if (k >= 0 && c->groups[gi].g->members[k].sid) {
		*sid = c->groups[gi].g->members[k].sid;
		*name = c->groups[gi].g->members[k].name;
		return 0;
	}
	return diff_fail(c, &mb->pos, ACC_EINVAL,
			 "group '%s': member '%s' is neither a local account, an account this "
			 "plan creates, a local group nor a current member; state its sid",
			 c->groups[gi].g->name, mb->name);
}

/* With exact or delete-all, live members the file does not list go;
 * protected ones stay (with a note) unless the group says override. */
static void remove_unlisted(struct diff_ctx *c, const struct m_group *g, size_t gi,
			    const bool *listed)
{
	const struct live_group *lg = c->groups[gi].g;

	for (size_t k = 0; k < lg->n_members; k++) {
		const struct live_member *mb = &lg->members[k];
		bool is_user = diff_find_sid(c, mb->sid) >= 0;
		struct plan_op *op;

		if (listed[k])
			continue;
		if (!g->exact && !(g->delete_all_users && is_user) &&
		    !(g->delete_all_groups && !is_user))
			continue;
		if (member_protected(c, gi, mb) && !g->override_protection) {
			op = diff_op(c, OP_NOTE, mb->name ? mb->name : mb->sid, &g->pos, -1, 0);
			op->group = xstrdup(lg->name);
			op->member_sid = xstrdup(mb->sid);
			op->member_name = xstrdup(mb->name);
			diff_reason(op, "protected member of '%s' is kept although the file does not "
				    "list it (set override_protection on the group to remove it)",
				    lg->name);
			continue;
		}
		group_remove(c, gi, k, &g->pos, g->exact ? "not in the exact member list" :
			     "the group deletes all unlisted members");
	}
}

int diff_group(struct diff_ctx *c, size_t i)
{
	const struct m_group *g = &c->m->groups[i];
	const char *label = g->name ? g->name : g->sid;
	ssize_t gi = diff_find_group(c, g->name, g->sid);
	bool *listed = NULL;
	int ret = -1;

	if (!label)
		return diff_fail(c, &g->pos, ACC_EINVAL, "a group item has neither name nor sid");
	if (g->new_name && g->action == M_UPDATE) {
		ssize_t ni = diff_find_group(c, g->new_name, NULL);

		if (gi >= 0 && gi != ni)
			return diff_fail(c, &g->pos, ACC_EINVAL,
					 "local group '%s': accord does not rename local groups "
					 "(rename it to '%s' by hand; the item then finds it)",
					 label, g->new_name);
		gi = ni;  /* already renamed */
		label = g->new_name;
	}
	if (gi < 0) {
		if (g->action == M_DELETE)
			return 0;
		return diff_fail(c, &g->pos, ACC_EINVAL,
				 "local group '%s' does not exist on the server; accord does not "
				 "create local groups (create it first)", label);
	}
	if (g->action == M_DELETE || g->action == M_REPLACE)
		return diff_fail(c, &g->pos, ACC_EINVAL,
				 "local group '%s': accord does not %s local groups (it would change "
				 "the group's SID); use update, with exact: true for the member list",
				 label, m_action_name(g->action));
	if (g->action == M_CREATE)
		return 0;  /* exists: MS-GPPREF create does not modify it */
	if (g->description && strcmp(g->description, c->l->groups[gi].comment ?
				     c->l->groups[gi].comment : ""))
		plan_add_warning(c->p, "group %s: description is not managed by accord; left as "
				 "the server has it", label);
	listed = xcalloc(c->l->groups[gi].n_members + 1, sizeof(*listed));
	for (size_t k = 0; k < g->n_members; k++) {
		const struct m_member *mb = &g->members[k];
		const char *sid, *name;
		ssize_t at;
		size_t dep = 0;

		if (resolve_member(c, (size_t)gi, mb, &sid, &name) < 0)
			goto out;
		at = member_index(c, (size_t)gi, sid, name);
		if (mb->action == MEM_REMOVE) {
			if (at >= 0)
				group_remove(c, (size_t)gi, (size_t)at, &mb->pos, NULL);
			continue;
		}
		if (at >= 0) {
			listed[at] = true;
			continue;
		}
		if (!sid)
			nmap_get(&c->created, name, &dep);
		diff_group_add(c, (size_t)gi, sid, name, &mb->pos, (unsigned)dep);
	}
	if (g->exact || g->delete_all_users || g->delete_all_groups)
		remove_unlisted(c, g, (size_t)gi, listed);
	ret = 0;
out:
	free(listed);
	return ret;
}
