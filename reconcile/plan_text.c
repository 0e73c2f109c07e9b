/* plan_text.c: a plan as people read it, in the manner of terraform. */
#include "plan_render.h"

#include "strbuf.h"

#include <stdio.h>
#include <string.h>

#define C_RED "\033[31m"
#define C_GREEN "\033[32m"
#define C_YELLOW "\033[33m"
#define C_BOLD "\033[1m"
#define C_RESET "\033[0m"

struct out {
	struct strbuf *sb;
	bool color;
};

static const char *col(const struct out *o, const char *code)
{
	return o->color ? code : "";
}

static const char *symbol(enum op_kind k, const char **code)
{
	switch (k) {
	case OP_CREATE: *code = C_GREEN; return "  +";
	case OP_REPLACE: *code = C_RED; return "-/+";
	case OP_DELETE: *code = C_RED; return "  -";
	case OP_REPORT: case OP_NOTE: case OP_SKIP: *code = C_YELLOW; return "  !";
	case OP_GROUP_ADD: *code = C_GREEN; return "  +";
	case OP_GROUP_REMOVE: *code = C_RED; return "  -";
	case OP_RENAME: case OP_UPDATE: case OP_DISABLE: break;
	}
	*code = C_YELLOW;
	return "  ~";
}

static const char *headline(const struct plan_op *op, char *buf, size_t size)
{
	switch (op->kind) {
	case OP_CREATE: return "will be created";
	case OP_REPLACE: return "will be replaced";
	case OP_UPDATE: return "will be updated in place";
	case OP_RENAME: return "will be renamed";
	case OP_DISABLE: return "will be disabled";
	case OP_DELETE: return "will be deleted";
	case OP_GROUP_ADD:
		snprintf(buf, size, "will be added to group \"%s\"", op->group);
		return buf;
	case OP_GROUP_REMOVE:
		snprintf(buf, size, "will be removed from group \"%s\"", op->group);
		return buf;
	case OP_REPORT: return "is not in the file";
	case OP_NOTE: case OP_SKIP: break;
	}
	return "note";
}

static void add_pos(struct strbuf *sb, const struct plan_op *op)
{
	if (op->src_file)
		sb_addf(sb, " (%s:%u:%u)", op->src_file, op->src_line, op->src_col);
	else
		sb_adds(sb, " (unmanaged policy)");
}

struct fields {
	struct out *o;
	const struct plan_op *op;
};

static void field_line(void *ud, const char *field, const char *before, const char *after,
		       bool sensitive)
{
	struct fields *f = ud;
	struct strbuf *sb = f->o->sb;
	const char *mc = NULL;

	if (f->op->kind == OP_RENAME && !strcmp(field, "name"))
		return;  /* the headline says it */
	sb_addf(sb, "      %s:%*s", field, (int)(24 - strlen(field)), "");
	if (sensitive) {
		sb_adds(sb, "(sensitive)\n");
		return;
	}
	if (!strcmp(field, "must_change_password") && f->op->must_change == OP_MC_FIRST_MANAGED)
		mc = "once: the first time accord manages this account";
	else if (!strcmp(field, "must_change_password") && f->op->must_change == OP_MC_WITH_PASSWORD)
		mc = "with the password accord sets";
	if (before && strcmp(before, after))
		sb_addf(sb, "%s -> %s", before, after);
	else if (before)  /* set again although equal: must-change after a password */
		sb_addf(sb, "%s (set again%s%s)", after, mc ? "; " : "", mc ? mc : "");
	else
		sb_adds(sb, after);
	if (mc && !(before && !strcmp(before, after)))
		sb_addf(sb, " (%s)", mc);
	sb_addc(sb, '\n');
}

static void add_subject(struct strbuf *sb, const struct plan_op *op)
{
	if (op->kind == OP_GROUP_ADD || op->kind == OP_GROUP_REMOVE) {
		sb_addf(sb, "member ");
		sb_add_json_str(sb, op->member_name ? op->member_name : op->member_sid);
		if (op->member_name && op->member_sid)
			sb_addf(sb, " (%s)", op->member_sid);
		return;
	}
	sb_adds(sb, "user ");
	sb_add_json_str(sb, op->account);
	if (op->kind == OP_RENAME) {
		sb_adds(sb, " -> ");
		sb_add_json_str(sb, op->new_name);
	}
}

static void render_op(struct out *o, const struct plan_op *op)
{
	struct fields f = { o, op };
	const char *code, *sym = symbol(op->kind, &code);
	char buf[160];

	sb_addf(o->sb, "  %s# %s %s", col(o, C_BOLD), op->account, headline(op, buf, sizeof(buf)));
	add_pos(o->sb, op);
	sb_addf(o->sb, "%s\n", col(o, C_RESET));
	if (op->reason)
		sb_addf(o->sb, "  # why: %s\n", op->reason);
	sb_addf(o->sb, "%s%s%s ", col(o, code), sym, col(o, C_RESET));
	add_subject(o->sb, op);
	sb_addc(o->sb, '\n');
	plan_op_changes(op, field_line, &f);
	sb_addc(o->sb, '\n');
}

static void render_aside(struct out *o, const struct plan_op *op)
{
	sb_addf(o->sb, "  %s!%s ", col(o, C_YELLOW), col(o, C_RESET));
	sb_add_json_str(o->sb, op->account);
	if (op->kind == OP_REPORT)
		sb_adds(o->sb, ": not in the file, left as it is (unmanaged: report)");
	else if (op->reason)
		sb_addf(o->sb, ": %s", op->reason);
	if (op->src_file)  /* the others say "unmanaged" already */
		add_pos(o->sb, op);
	sb_addc(o->sb, '\n');
}

/* One line per item that is not for this host, naming the filter. */
static void render_skips(struct out *o, const struct plan *p)
{
	bool any = false;

	for (size_t i = 0; i < p->n_ops; i++) {
		const struct plan_op *op = &p->ops[i];

		if (op->kind != OP_SKIP)
			continue;
		if (!any)
			sb_adds(o->sb, "Not for this host (item-level targeting, no change):\n");
		any = true;
		sb_addf(o->sb, "  %s-%s %s ", col(o, C_YELLOW), col(o, C_RESET),
			op->group ? "group" : "user");
		sb_add_json_str(o->sb, op->account);
		add_pos(o->sb, op);
		sb_addf(o->sb, ": %s\n", op->reason ? op->reason : "");
	}
	if (any)
		sb_addc(o->sb, '\n');
}

void plan_render_text(const struct plan *p, bool color, struct strbuf *sb)
{
	struct out o = { sb, color };
	unsigned add, change, destroy, asides = 0;

	plan_counts(p, &add, &change, &destroy);
	if (plan_is_empty(p))
		sb_addf(sb, "No changes. The server's accounts match the file%s.\n\n",
			p->n_sources > 1 ? "s" : "");
	else
		sb_adds(sb, "accord will perform the following actions:\n\n");
	for (size_t i = 0; i < p->n_ops; i++) {
		if (p->ops[i].kind == OP_REPORT || p->ops[i].kind == OP_NOTE)
			asides++;
		else if (p->ops[i].kind != OP_SKIP)
			render_op(&o, &p->ops[i]);
	}
	render_skips(&o, p);
	if (asides) {
		sb_adds(sb, "Notes (no change):\n");
		for (size_t i = 0; i < p->n_ops; i++)
			if (p->ops[i].kind == OP_REPORT || p->ops[i].kind == OP_NOTE)
				render_aside(&o, &p->ops[i]);
		sb_addc(sb, '\n');
	}
	if (p->conflicts.n) {
		sb_adds(sb, "Conflicts between the files (the later file wins):\n");
		for (size_t i = 0; i < p->conflicts.n; i++) {
			sb_addf(sb, "  %s~%s ", col(&o, C_YELLOW), col(&o, C_RESET));
			m_conflict_format(&p->conflicts.v[i], sb);
			sb_addc(sb, '\n');
		}
		sb_addc(sb, '\n');
	}
	if (p->n_warnings) {
		sb_addf(sb, "%sWarnings:%s\n", col(&o, C_YELLOW), col(&o, C_RESET));
		for (size_t i = 0; i < p->n_warnings; i++)
			sb_addf(sb, "  - %s\n", p->warnings[i]);
		sb_addc(sb, '\n');
	}
	sb_addf(sb, "%sPlan:%s %u to add, %u to change, %u to destroy.\n", col(&o, C_BOLD),
		col(&o, C_RESET), add, change, destroy);
	if (p->id)
		sb_addf(sb, "Saved plan: %s\n", p->id);
}
