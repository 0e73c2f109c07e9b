#pragma once
/* model_conflict.h: a field that two desired-state files state with
 * different values, as model_merge records it and a plan keeps it (the
 * plan's text and JSON, the state store). A conflict never holds a
 * password: for one, only the positions are kept. */

#include <stdbool.h>
#include <stddef.h>

struct strbuf;

/* One side of a conflict: where a file states the field, and its value as
 * text (NULL for a password: never kept). */
struct m_conflict_side {
	char *file;
	unsigned line, col;
	char *value;
};

/* A field two files state differently; `now` (the later file) won. */
struct m_conflict {
	char *kind;       /* "user", "group" or "policy" */
	char *account;    /* the user or group; NULL for the policy */
	char *field;      /* the YAML key: "description", "password", "member alice", ... */
	bool sensitive;   /* a password: values are never kept, only positions */
	struct m_conflict_side was, now;
};

/* Owns every string it holds; m_conflicts_release on an empty list is a
 * no-op. */
struct m_conflicts {
	struct m_conflict *v;
	size_t n, alloc;
};

#define M_CONFLICTS_INIT { NULL, 0, 0 }

/* Appends a zeroed conflict with copies of kind, account and field. */
struct m_conflict *m_conflicts_add(struct m_conflicts *c, const char *kind,
				   const char *account, const char *field);
void m_conflicts_release(struct m_conflicts *c);
/* Moves every conflict of src to the end of dst; src is left empty. */
void m_conflicts_move(struct m_conflicts *dst, struct m_conflicts *src);

/* One conflict as one line, no newline, values quoted and escaped:
 *   user "alice" description: base.yaml:3:5 "A" overridden by host.xml:7:3 "B"
 *   user "alice" password: base.yaml:3:5 overridden by host.xml:7:3 (values not shown) */
void m_conflict_format(const struct m_conflict *c, struct strbuf *out);
/* One conflict as one JSON object on one line (docs/plan-json.md):
 *   {"kind": "user", "account": "alice", "field": "description",
 *    "sensitive": false, "was": {"file": "base.yaml", "line": 3, "col": 5,
 *    "value": "A"}, "now": {...}}; "value" is left out when sensitive. */
void m_conflict_json(const struct m_conflict *c, struct strbuf *out);
