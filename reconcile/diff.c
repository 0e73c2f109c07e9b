/* diff.c: the diff's driver: indexes, unmanaged accounts, apply order. */
#include "diff_int.h"

#include "error.h"
#include "names.h"
#include "strbuf.h"
#include "target.h"
#include "xalloc.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

void pw_history_add(struct pw_history *h, const char *account, uint32_t rid,
		    const char *fingerprint, uint32_t password_age, int64_t applied_at)
{
	struct pw_record *r;

	XGROW(h->v, h->alloc, h->n + 1);
	r = &h->v[h->n++];
	r->account = xstrdup(account);
	r->rid = rid;
	r->fingerprint = xstrdup(fingerprint);
	r->password_age = password_age;
	r->applied_at = applied_at;
}

void pw_history_release(struct pw_history *h)
{
	for (size_t i = 0; h && i < h->n; i++) {
		free(h->v[i].account);
		free(h->v[i].fingerprint);
	}
	if (h) {
		free(h->v);
		h->v = NULL;
		h->n = h->alloc = 0;
	}
}

void mc_history_add(struct mc_history *h, const char *sid, const char *account,
		    enum op_must_change how, int64_t applied_at)
{
	struct mc_record *r;

	XGROW(h->v, h->alloc, h->n + 1);
	r = &h->v[h->n++];
	r->sid = xstrdup(sid);
	r->account = xstrdup(account);
	r->how = how;
	r->applied_at = applied_at;
}

void mc_history_release(struct mc_history *h)
{
	for (size_t i = 0; h && i < h->n; i++) {
		free(h->v[i].sid);
		free(h->v[i].account);
	}
	if (h) {
		free(h->v);
		h->v = NULL;
		h->n = h->alloc = 0;
	}
}

bool diff_rid_protected(uint32_t rid)
{
	return rid == 500 || rid == 501 || rid == 503 || rid == 504;
}

bool diff_protected(const struct diff_ctx *c, const struct nu_user *lu)
{
	size_t dummy;

	return diff_rid_protected(lu->rid) || nmap_get(&c->protected_names, lu->name, &dummy);
}

struct plan_op *diff_op(struct diff_ctx *c, enum op_kind kind, const char *account,
			const struct src_pos *pos, ssize_t live, unsigned dep_seq)
{
	struct plan_op *op = plan_add_op(c->p, kind, account);

	XGROW(c->info, c->alloc_info, c->p->n_ops);
	c->info[c->p->n_ops - 1].live = live;
	c->info[c->p->n_ops - 1].dep_seq = dep_seq;
	if (pos && pos->file) {
		op->src_file = xstrdup(pos->file);
		op->src_line = pos->line;
		op->src_col = pos->col;
	}
	if (live >= 0)
		op->rid = c->l->users[live].rid;
	return op;
}

int diff_fail(struct diff_ctx *c, const struct src_pos *pos, int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	acc_failv(c->err, code, 0, fmt, ap);
	va_end(ap);
	if (c->err && pos && pos->file)
		snprintf(c->err->where, sizeof(c->err->where), "%s:%u:%u", pos->file, pos->line,
			 pos->col);
	return -1;
}

void diff_reason(struct plan_op *op, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;

	sb_init(&sb);
	if (op->reason) {
		sb_adds(&sb, op->reason);
		sb_adds(&sb, "; ");
	}
	va_start(ap, fmt);
	sb_vaddf(&sb, fmt, ap);
	va_end(ap);
	free(op->reason);
	op->reason = sb_detach(&sb);
}

void diff_fmt_time(int64_t t, char *buf, size_t size)
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (!localtime_r(&tt, &tm) || !strftime(buf, size, "%Y-%m-%d %H:%M", &tm))
		snprintf(buf, size, "@%lld", (long long)t);
}

ssize_t diff_find_user(const struct diff_ctx *c, const char *name)
{
	size_t i;

	return name && nmap_get(&c->users, name, &i) ? (ssize_t)i : -1;
}

ssize_t diff_find_sid(const struct diff_ctx *c, const char *sid)
{
	size_t i;

	return sid && nmap_get(&c->sids, sid, &i) ? (ssize_t)i : -1;
}

static void build_indexes(struct diff_ctx *c)
{
	const struct live *l = c->l;

	c->acct = xcalloc(l->n_users ? l->n_users : 1, sizeof(*c->acct));
	for (size_t i = 0; i < l->n_users; i++) {
		/* Two live accounts cannot share a name in SAM; if a snapshot
		 * says otherwise, the first wins, as a lookup by name would. */
		if (l->users[i].name)
			nmap_put(&c->users, l->users[i].name, i);
		/* only group members are looked up by SID */
		if (l->users[i].sid && l->n_groups)
			nmap_put(&c->sids, l->users[i].sid, i);
	}
	for (size_t i = 0; i < c->m->policy.n_protected; i++)
		nmap_put(&c->protected_names, c->m->policy.protected_accounts[i], i);
	for (size_t i = 0; c->hist && i < c->hist->n; i++)
		if (c->hist->v[i].account)
			nmap_put(&c->history, c->hist->v[i].account, i);
	for (size_t i = 0; c->mc && i < c->mc->n; i++)
		if (c->mc->v[i].sid)
			nmap_put(&c->mc_sids, c->mc->v[i].sid, i);
	c->groups = xcalloc(l->n_groups ? l->n_groups : 1, sizeof(*c->groups));
	for (size_t i = 0; i < l->n_groups; i++) {
		struct diff_group *g = &c->groups[i];

		g->g = &l->groups[i];
		for (size_t k = 0; k < g->g->n_members; k++) {
			const struct live_member *mb = &g->g->members[k];
			const char *bare = mb->name ? strrchr(mb->name, '\\') : NULL;

			if (mb->sid)
				nmap_put(&g->by_sid, mb->sid, k);
			if (mb->name)
				nmap_put(&g->by_name, mb->name, k);
			if (bare)
				nmap_put(&g->by_name, bare + 1, k);
		}
	}
}

static void ctx_release(struct diff_ctx *c)
{
	for (size_t i = 0; c->groups && i < c->l->n_groups; i++) {
		nmap_release(&c->groups[i].by_sid);
		nmap_release(&c->groups[i].by_name);
	}
	free(c->groups);
	free(c->acct);
	free(c->info);
	nmap_release(&c->users);
	nmap_release(&c->sids);
	nmap_release(&c->history);
	nmap_release(&c->mc_sids);
	nmap_release(&c->created);
	nmap_release(&c->planned);
	nmap_release(&c->protected_names);
	plan_free(c->p);
}

struct named {
	const char *name;
	size_t i;
};

static int cmp_named(const void *a, const void *b)
{
	const struct named *x = a, *y = b;
	int r = acc_name_cmp(x->name, y->name);

	return r ? r : (x->i > y->i) - (x->i < y->i);
}

/* Live accounts the file does not mention, by policy, in name order. */
static void diff_unmanaged(struct diff_ctx *c)
{
	const struct m_policy *pol = &c->m->policy;
	const char *pname = m_unmanaged_name(pol->unmanaged);
	struct named *order = NULL;
	size_t n = 0;

	if (pol->unmanaged == UNMANAGED_IGNORE)
		return;
	order = xmalloc((c->l->n_users ? c->l->n_users : 1) * sizeof(*order));
	for (size_t i = 0; i < c->l->n_users; i++) {
		size_t dummy;

		if (!c->acct[i].item && c->l->users[i].name &&
		    !nmap_get(&c->protected_names, c->l->users[i].name, &dummy))
			order[n++] = (struct named){ c->l->users[i].name, i };
	}
	qsort(order, n, sizeof(*order), cmp_named);
	for (size_t k = 0; k < n; k++) {
		const struct nu_user *lu = &c->l->users[order[k].i];
		ssize_t li = (ssize_t)order[k].i;
		struct plan_op *op;

		if (pol->unmanaged == UNMANAGED_REPORT) {
			op = diff_op(c, OP_REPORT, lu->name, NULL, li, 0);
			diff_reason(op, "not in the file (unmanaged: report)");
			continue;
		}
		if (pol->unmanaged == UNMANAGED_DISABLE && (lu->flags & UF_ACCOUNTDISABLE))
			continue;
		if (diff_rid_protected(lu->rid)) {
			op = diff_op(c, OP_NOTE, lu->name, NULL, li, 0);
			diff_reason(op, "built-in account (RID %u) is protected: unmanaged policy '%s' "
				    "leaves it (name it in the file with override_protection to manage it)",
				    (unsigned)lu->rid, pname);
			continue;
		}
		if (live_is_connected_as(c->l, lu->name)) {
			op = diff_op(c, OP_NOTE, lu->name, NULL, li, 0);
			diff_reason(op, "accord is connected as this account: unmanaged policy '%s' "
				    "leaves it", pname);
			continue;
		}
		if (pol->unmanaged == UNMANAGED_DISABLE) {
			op = diff_op(c, OP_DISABLE, lu->name, NULL, li, 0);
			op->mask = NU_F_FLAGS;
			op->before.flags = lu->flags;
			op->after.flags = lu->flags | UF_ACCOUNTDISABLE;
			diff_reason(op, "not in the file (unmanaged: disable)");
		} else {
			op = diff_op(c, OP_DELETE, lu->name, NULL, li, 0);
			nu_user_copy(&op->before, lu);
			diff_reason(op, "not in the file (unmanaged: delete)");
		}
	}
	free(order);
}

/* The items targeting left out: one SKIP op each, so the plan says why. */
static void diff_skipped(struct diff_ctx *c)
{
	for (size_t i = 0; i < c->m->n_skipped; i++) {
		const struct tf_skip *s = &c->m->skipped[i];
		struct plan_op *op = diff_op(c, OP_SKIP, s->name, &s->pos, -1, 0);

		if (s->group)
			op->group = xstrdup(s->name);
		diff_reason(op, "%s item: %s", m_action_name(s->action), s->why);
		if (s->unknown)
			plan_add_warning(c->p, "%s '%s' (%s:%u:%u) is skipped: %s", s->group ? "group" : "user",
				  s->name, s->pos.file ? s->pos.file : "-", s->pos.line, s->pos.col,
				  s->why);
	}
}

static int cmp_op(const void *a, const void *b)
{
	const struct plan_op *x = a, *y = b;
	int cx = (int)plan_op_phase(x->kind), cy = (int)plan_op_phase(y->kind);

	if (cx != cy)
		return cx - cy;
	return (x->id > y->id) - (x->id < y->id);  /* generation order: stable */
}

/* Moves the staged ops into p in apply order, renumbering ids and
 * depends_on. */
static void emit(struct diff_ctx *c, struct plan *p)
{
	struct plan *s = c->p;
	unsigned *new_id = xcalloc(s->n_ops + 1, sizeof(*new_id));
	size_t base = p->n_ops;

	for (size_t i = 0; i < s->n_ops; i++)
		s->ops[i].depends_on = c->info[i].dep_seq;
	if (s->n_ops)
		qsort(s->ops, s->n_ops, sizeof(*s->ops), cmp_op);
	for (size_t i = 0; i < s->n_ops; i++)
		new_id[s->ops[i].id] = (unsigned)(base + i + 1);
	XGROW(p->ops, p->alloc_ops, base + s->n_ops);
	for (size_t i = 0; i < s->n_ops; i++) {
		struct plan_op *op = &p->ops[base + i];

		*op = s->ops[i];
		op->id = new_id[op->id];
		op->depends_on = op->depends_on ? new_id[op->depends_on] : 0;
	}
	p->n_ops = base + s->n_ops;
	for (size_t i = 0; i < s->n_warnings; i++)
		plan_add_warning(p, "%s", s->warnings[i]);
	s->n_ops = 0;  /* the ops' strings now belong to p */
	free(new_id);
}

int diff_run(const struct model *m, const struct live *live, const struct pw_history *hist,
	     const struct mc_history *mc, const struct desired_secrets *secrets, struct plan *p,
	     struct acc_error *err)
{
	struct diff_ctx c = { .m = m, .l = live, .hist = hist, .mc = mc, .sec = secrets,
			      .err = err };
	int ret = -1;

	c.p = plan_new();
	build_indexes(&c);
	for (size_t i = 0; i < m->n_users; i++)
		if (diff_user(&c, i) < 0)
			goto out;
	for (size_t i = 0; i < m->n_groups; i++)
		if (diff_group(&c, i) < 0)
			goto out;
	diff_unmanaged(&c);
	diff_skipped(&c);
	if (diff_check_last_admin(&c) < 0)
		goto out;
	emit(&c, p);
	ret = 0;
out:
	ctx_release(&c);
	return ret;
}

int reconcile_plan(const struct model *m, const struct live *live, const struct pw_history *hist,
		   const struct mc_history *mc, const struct desired_secrets *secrets,
		   struct plan **out, struct acc_error *err)
{
	struct plan *p = plan_new();

	p->server = xstrdup(live->server);
	p->created_at = live->taken_at;
	if (diff_run(m, live, hist, mc, secrets, p, err) < 0) {
		plan_free(p);
		return -1;
	}
	*out = p;
	return 0;
}
