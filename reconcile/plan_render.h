#pragma once
/* plan_render.h: a plan as text (terraform-like) or JSON
 * (docs/plan-json.md). Renderers append to a strbuf and never print; no
 * secret is ever rendered (passwords show as "(sensitive)").
 *
 * Times (expiry dates, "changed since") are shown in the process's local
 * time zone; golden tests run with TZ=UTC. */

#include "plan.h"

#include <stdbool.h>

struct strbuf;

#define PLAN_JSON_FORMAT_VERSION "1.1"

/* One changed field of an op, values as JSON literals ("\"Bob\"", "true",
 * "\"2025-12-31\""); before is NULL for a new account, both are NULL for a
 * sensitive field. */
typedef void (*plan_change_fn)(void *ud, const char *field, const char *before,
			       const char *after, bool sensitive);
/* Calls fn for each field in op->mask, in a fixed order: name, full_name,
 * description, usr_comment, disabled, cannot_change_password,
 * password_never_expires, expires, home_dir, logon_script, profile,
 * password, must_change_password. Flag bits are reported one by one, and
 * only those that change (all three for a new account). */
void plan_op_changes(const struct plan_op *op, plan_change_fn fn, void *ud);

/* The text of `accord plan`: one block per op in plan order, notes and
 * reports, the conflicts between the files (m_conflict_format), warnings, then "Plan: N to add, N to change, N to destroy."
 * and "Saved plan: ID" when p->id is set. color adds ANSI colours (the
 * caller decides: terminal, NO_COLOR, --no-color). */
void plan_render_text(const struct plan *p, bool color, struct strbuf *out);

enum plan_json_flags {
	/* Include each password op's fingerprint (for the state store's own
	 * copy; output for people leaves it out). */
	PLAN_JSON_FINGERPRINTS = 1u << 0,
};
/* The JSON of `accord plan --format json` (docs/plan-json.md), one
 * document with a trailing newline. */
void plan_render_json(const struct plan *p, unsigned flags, struct strbuf *out);
