#include "plan.h"

#include "strbuf.h"
#include "xalloc.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

struct plan *plan_new(void)
{
	return xcalloc(1, sizeof(struct plan));
}

static void op_release(struct plan_op *op)
{
	free(op->account);
	free(op->new_name);
	free(op->group);
	free(op->member_sid);
	free(op->member_name);
	nu_user_release(&op->before);
	nu_user_release(&op->after);
	free(op->pw_ref);
	free(op->pw_fingerprint);
	free(op->reason);
	free(op->src_file);
}

void plan_free(struct plan *p)
{
	if (!p)
		return;
	for (size_t i = 0; i < p->n_ops; i++)
		op_release(&p->ops[i]);
	free(p->ops);
	for (size_t i = 0; i < p->n_warnings; i++)
		free(p->warnings[i]);
	free(p->warnings);
	free(p->id);
	free(p->server);
	for (size_t i = 0; i < p->n_sources; i++)
		free(p->sources[i]);
	free(p->sources);
	m_conflicts_release(&p->conflicts);
	free(p);
}

struct plan_op *plan_add_op(struct plan *p, enum op_kind kind, const char *account)
{
	struct plan_op *op;

	XGROW(p->ops, p->alloc_ops, p->n_ops + 1);
	op = &p->ops[p->n_ops++];
	memset(op, 0, sizeof(*op));
	op->id = (unsigned)p->n_ops;
	op->kind = kind;
	op->account = xstrdup(account);
	return op;
}

void plan_add_warning(struct plan *p, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;

	sb_init(&sb);
	va_start(ap, fmt);
	sb_vaddf(&sb, fmt, ap);
	va_end(ap);
	p->warnings = xrealloc(p->warnings, (p->n_warnings + 1) * sizeof(char *));
	p->warnings[p->n_warnings++] = sb_detach(&sb);
}

void plan_add_source(struct plan *p, const char *path)
{
	p->sources = xrealloc(p->sources, (p->n_sources + 1) * sizeof(char *));
	p->sources[p->n_sources++] = xstrdup(path);
}

void plan_counts(const struct plan *p, unsigned *add, unsigned *change, unsigned *destroy)
{
	unsigned a = 0, c = 0, d = 0;

	for (size_t i = 0; i < p->n_ops; i++) {
		switch (p->ops[i].kind) {
		case OP_CREATE: a++; break;
		case OP_REPLACE: a++; d++; break;
		case OP_RENAME: case OP_UPDATE: case OP_GROUP_ADD:
		case OP_GROUP_REMOVE: case OP_DISABLE: c++; break;
		case OP_DELETE: d++; break;
		case OP_REPORT: case OP_NOTE: case OP_SKIP: break;
		}
	}
	if (add) *add = a;
	if (change) *change = c;
	if (destroy) *destroy = d;
}

bool plan_is_empty(const struct plan *p)
{
	unsigned a, c, d;

	plan_counts(p, &a, &c, &d);
	return a + c + d == 0;
}

unsigned plan_op_phase(enum op_kind k)
{
	switch (k) {
	case OP_RENAME: return 0;
	case OP_CREATE: case OP_REPLACE: return 1;
	case OP_UPDATE: return 2;
	case OP_GROUP_ADD: case OP_GROUP_REMOVE: return 3;
	case OP_DISABLE: case OP_DELETE: return 4;
	case OP_REPORT: case OP_NOTE: case OP_SKIP: break;
	}
	return 5;
}

const char *op_kind_name(enum op_kind k)
{
	static const char *const names[] = {
		[OP_RENAME] = "rename", [OP_CREATE] = "create", [OP_REPLACE] = "replace",
		[OP_UPDATE] = "update", [OP_GROUP_ADD] = "group_add",
		[OP_GROUP_REMOVE] = "group_remove", [OP_DISABLE] = "disable",
		[OP_DELETE] = "delete", [OP_REPORT] = "report", [OP_NOTE] = "note", [OP_SKIP] = "skip",
	};

	return (unsigned)k < sizeof(names) / sizeof(names[0]) ? names[k] : "unknown";
}

static const char *const mc_names[] = {
	[OP_MC_NONE] = "", [OP_MC_FIRST_MANAGED] = "first_managed",
	[OP_MC_WITH_PASSWORD] = "with_password", [OP_MC_ALREADY] = "already_applied",
	[OP_MC_CANNOT_CHANGE] = "cannot_change", [OP_MC_NEVER_EXPIRES] = "never_expires",
};

const char *op_must_change_name(enum op_must_change c)
{
	return (unsigned)c < sizeof(mc_names) / sizeof(mc_names[0]) ? mc_names[c] : "unknown";
}

bool op_must_change_parse(const char *name, enum op_must_change *out)
{
	for (size_t i = 0; i < sizeof(mc_names) / sizeof(mc_names[0]); i++)
		if (!strcmp(mc_names[i], name ? name : "")) {
			*out = (enum op_must_change)i;
			return true;
		}
	return false;
}
