/* model_conflict.c: the conflicts between desired-state files and their
 * one-line form; see model_conflict.h. */
#include "model_conflict.h"

#include "strbuf.h"
#include "xalloc.h"

#include <stdlib.h>
#include <string.h>

struct m_conflict *m_conflicts_add(struct m_conflicts *c, const char *kind,
				   const char *account, const char *field)
{
	struct m_conflict *k;

	XGROW(c->v, c->alloc, c->n + 1);
	k = &c->v[c->n++];
	memset(k, 0, sizeof(*k));
	k->kind = xstrdup(kind);
	k->account = xstrdup(account);
	k->field = xstrdup(field);
	return k;
}

void m_conflicts_release(struct m_conflicts *c)
{
	for (size_t i = 0; i < c->n; i++) {
		free(c->v[i].kind);
		free(c->v[i].account);
		free(c->v[i].field);
		free(c->v[i].was.file);
		free(c->v[i].was.value);
		free(c->v[i].now.file);
		free(c->v[i].now.value);
	}
	free(c->v);
	memset(c, 0, sizeof(*c));
}

void m_conflicts_move(struct m_conflicts *dst, struct m_conflicts *src)
{
	XGROW(dst->v, dst->alloc, dst->n + src->n);
	if (src->n)
		memcpy(dst->v + dst->n, src->v, src->n * sizeof(*src->v));
	dst->n += src->n;
	free(src->v);
	memset(src, 0, sizeof(*src));
}

static void side_format(const struct m_conflict_side *s, bool sensitive, struct strbuf *out)
{
	sb_addf(out, "%s:%u:%u", s->file ? s->file : "?", s->line, s->col);
	if (!sensitive) {
		sb_addc(out, ' ');
		sb_add_json_str(out, s->value);
	}
}

void m_conflict_format(const struct m_conflict *c, struct strbuf *out)
{
	sb_adds(out, c->kind);
	if (c->account) {
		sb_addc(out, ' ');
		sb_add_json_str(out, c->account);
	}
	sb_addf(out, " %s: ", c->field);
	side_format(&c->was, c->sensitive, out);
	sb_adds(out, " overridden by ");
	side_format(&c->now, c->sensitive, out);
	if (c->sensitive)
		sb_adds(out, " (values not shown)");
}

static void side_json(struct strbuf *sb, const char *key, const struct m_conflict_side *s,
		      bool sensitive)
{
	sb_add_json_member(sb, key, s->file);
	sb_addf(sb, ", \"line\": %u, \"col\": %u", s->line, s->col);
	if (!sensitive)
		sb_add_json_member(sb, ", \"value\": ", s->value);
	sb_adds(sb, "}");
}

void m_conflict_json(const struct m_conflict *c, struct strbuf *out)
{
	sb_add_json_member(out, "{\"kind\": ", c->kind);
	sb_add_json_member(out, ", \"account\": ", c->account);
	sb_add_json_member(out, ", \"field\": ", c->field);
	sb_addf(out, ", \"sensitive\": %s", c->sensitive ? "true" : "false");
	side_json(out, ", \"was\": {\"file\": ", &c->was, c->sensitive);
	side_json(out, ", \"now\": {\"file\": ", &c->now, c->sensitive);
	sb_adds(out, "}");
}
