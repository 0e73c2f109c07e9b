/* diff_admin.c: the plan may not leave the server without an enabled
 * member of BUILTIN\Administrators (what NetUserDel/NetUserSetInfo refuse
 * with NERR_LastAdmin, checked before anything is applied).
 *
 * The end state is simulated from the live snapshot and the staged ops:
 * who is an administrator (a member of Administrators, or usri_priv ==
 * USER_PRIV_ADMIN when the server cannot list the group's members) and
 * who is enabled and still exists. Members that are not local accounts
 * (domain users or groups, e.g. Domain Admins) count as administrators
 * that remain: the snapshot cannot see inside them. */
#include "diff_int.h"

#include "error.h"
#include "names.h"
#include "strbuf.h"
#include "xalloc.h"

#include <stdlib.h>
#include <string.h>

struct admin_sim {
	bool *admin, *enabled, *gone;     /* per live user */
	long others;                      /* non-user members of Administrators */
	struct nmap created;              /* created account -> index in c_admin/c_enabled */
	bool *c_admin, *c_enabled;
	struct strbuf culprits;
	unsigned n_culprits;
	const struct plan_op *first;      /* first culprit with a position */
};

static bool is_admin_now(const struct admin_sim *s, ssize_t li)
{
	return li >= 0 && s->admin[li] && s->enabled[li] && !s->gone[li];
}

static void blame(struct admin_sim *s, const struct plan_op *op, const char *verb)
{
	if (s->n_culprits++ < 4) {
		sb_addf(&s->culprits, "%s%s '%s'", s->n_culprits > 1 ? ", " : "", verb, op->account);
		if (op->src_file)
			sb_addf(&s->culprits, " (%s:%u:%u)", op->src_file, op->src_line, op->src_col);
		else
			sb_adds(&s->culprits, " (unmanaged policy)");
	} else if (s->n_culprits == 5) {
		sb_adds(&s->culprits, ", ...");
	}
	if (!s->first && op->src_file)
		s->first = op;
}

static void apply_op(struct diff_ctx *c, struct admin_sim *s, ssize_t gi, size_t i)
{
	const struct plan_op *op = &c->p->ops[i];
	ssize_t li = c->info[i].live;
	bool was = is_admin_now(s, li), on_group;
	size_t k;

	on_group = gi >= 0 && op->group && acc_name_eq(op->group, c->l->groups[gi].name);
	switch (op->kind) {
	case OP_REPLACE:
	case OP_CREATE:
		if (op->kind == OP_REPLACE)
			s->gone[li] = true;  /* the recreated account is a new one */
		nmap_put(&s->created, op->after.name, i);
		s->c_enabled[i] = !(op->after.flags & UF_ACCOUNTDISABLE);
		break;
	case OP_UPDATE:
		if (op->mask & NU_F_FLAGS)
			s->enabled[li] = !(op->after.flags & UF_ACCOUNTDISABLE);
		break;
	case OP_DISABLE:
		s->enabled[li] = false;
		break;
	case OP_DELETE:
		s->gone[li] = true;
		break;
	case OP_GROUP_ADD:
		if (!on_group)
			break;
		if (li >= 0)
			s->admin[li] = true;
		else if (!op->member_sid && nmap_get(&s->created, op->member_name, &k))
			s->c_admin[k] = true;
		else
			s->others++;
		break;
	case OP_GROUP_REMOVE:
		if (!on_group)
			break;
		if (li >= 0)
			s->admin[li] = false;
		else
			s->others--;
		break;
	case OP_RENAME: case OP_REPORT: case OP_NOTE: case OP_SKIP:
		break;
	}
	if (was && !is_admin_now(s, li))
		blame(s, op, op->kind == OP_GROUP_REMOVE ? "removing" :
		      op->kind == OP_DELETE || op->kind == OP_REPLACE ? "deleting" : "disabling");
}

static long count(const struct diff_ctx *c, const struct admin_sim *s)
{
	long n = s->others;

	for (size_t i = 0; i < c->l->n_users; i++)
		n += is_admin_now(s, (ssize_t)i);
	for (size_t i = 0; i < c->p->n_ops; i++)
		n += s->c_admin[i] && s->c_enabled[i];
	return n;
}

int diff_check_last_admin(struct diff_ctx *c)
{
	struct admin_sim s = { .created = NMAP_INIT, .culprits = STRBUF_INIT };
	size_t nu = c->l->n_users ? c->l->n_users : 1, no = c->p->n_ops ? c->p->n_ops : 1;
	ssize_t gi = diff_find_group(c, NULL, LIVE_SID_ADMINISTRATORS);
	int ret = -1;

	if (gi < 0)
		gi = diff_find_group(c, "Administrators", NULL);
	s.admin = xcalloc(nu, sizeof(bool));
	s.enabled = xcalloc(nu, sizeof(bool));
	s.gone = xcalloc(nu, sizeof(bool));
	s.c_admin = xcalloc(no, sizeof(bool));
	s.c_enabled = xcalloc(no, sizeof(bool));
	sb_init(&s.culprits);
	for (size_t i = 0; i < c->l->n_users; i++) {
		const struct nu_user *u = &c->l->users[i];

		s.admin[i] = u->priv == LIVE_PRIV_ADMIN ||
			     (gi >= 0 && diff_is_member(c, (size_t)gi, u->sid, u->sid ? NULL : u->name));
		s.enabled[i] = !(u->flags & UF_ACCOUNTDISABLE);
	}
	for (size_t k = 0; gi >= 0 && k < c->l->groups[gi].n_members; k++)
		s.others += diff_find_sid(c, c->l->groups[gi].members[k].sid) < 0;
	if (count(c, &s) == 0) {  /* no enabled administrator known: nothing to keep */
		ret = 0;
		goto out;
	}
	for (size_t i = 0; i < c->p->n_ops; i++)
		apply_op(c, &s, gi, i);
	if (count(c, &s) > 0) {
		ret = 0;
		goto out;
	}
	diff_fail(c, s.first ? &(struct src_pos){ s.first->src_file, s.first->src_line,
						  s.first->src_col } : NULL,
		  ACC_EPOLICY, "plan refused: it would leave the server without an enabled member "
		  "of Administrators (NERR_LastAdmin): %s; keep at least one administrator enabled",
		  s.culprits.buf);
out:
	free(s.admin);
	free(s.enabled);
	free(s.gone);
	free(s.c_admin);
	free(s.c_enabled);
	nmap_release(&s.created);
	sb_release(&s.culprits);
	return ret;
}
