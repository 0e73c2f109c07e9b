#pragma once
/* drift.h: what `accord drift` (cmd_drift.c) and its helpers share.
 *
 * A drift check is a plan that is never saved nor applied: every change
 * apply would make becomes one drift item (account, field, expected, live
 * value, origin) of a store_drift_report, which is recorded whatever the
 * outcome (errors too) and then rendered as text, JSON (docs/drift-json.md)
 * or JUnit XML (docs/drift-junit.md). No renderer prints; no secret is
 * ever rendered or stored (password items read "(sensitive)").
 *
 * struct drift_result owns everything it points at; release it with
 * drift_result_release. */

#include "cli.h"
#include "model_conflict.h"
#include "store.h"

#include <stdbool.h>
#include <stddef.h>

struct apply_planned;
struct strbuf;

/* Version of the JSON documents of `accord drift --format json` and
 * `accord drift --history --format json`; bumped on incompatible change. */
#define DRIFT_JSON_FORMAT_VERSION 1

#define DRIFT_SENSITIVE "(sensitive)"

struct drift_result {
	struct store_drift_report *report;
	char **accounts;        /* the file's accounts, in file order, for JUnit */
	size_t n_accounts;
	double seconds;         /* wall time of the check */
	struct m_conflicts conflicts;  /* between the -f files, as the plan lists them */
};

/* Adds one item per drifted field of pl->plan to res->report (which must
 * exist), with its origin from the store: "outside" when the value accord
 * last applied to that field equals the desired one (so the live value
 * moved away afterwards), else "never_applied". Fills res->accounts from
 * pl->model. Returns 0, or -1 with err (a store failure). */
int drift_collect(struct cli *cli, const struct apply_planned *pl, struct drift_result *res,
		  struct acc_error *err);
void drift_result_release(struct drift_result *res);

/* `accord drift` text: one block per drifted account, the conflicts between
 * the files (as in the plan), then a summary line.
 * color adds ANSI colours. */
void drift_render_text(const struct drift_result *res, bool color, struct strbuf *out);
/* docs/drift-json.md: one document with a trailing newline. */
void drift_render_json(const struct drift_result *res, struct strbuf *out);
/* docs/drift-junit.md: one testsuite, one testcase per account. */
void drift_render_junit(const struct drift_result *res, struct strbuf *out);

/* `accord drift --history`: reports (no items) newest first. */
void drift_render_history_text(const struct store_drift_report *v, size_t n,
			       struct strbuf *out);
void drift_render_history_json(const struct store_drift_report *v, size_t n,
			       struct strbuf *out);

/* One line for syslog and mail subjects: "drift D-7 on HOST: 2 accounts
 * drifted (2 fields: 2 outside accord, 0 never applied)". */
void drift_summary_line(const struct store_drift_report *r, struct strbuf *out);

/* An inline SVG chart of drifted accounts over time of v (newest first,
 * as store_drift_list gives them): a line per server, a point per report
 * coloured by status, errors as red marks on the time axis, axis labels,
 * and a <title> tooltip on every point. A paragraph instead when n is 0. */
void drift_plot_svg(const struct store_drift_report *v, size_t n, struct strbuf *out);

/* A report's items grouped by account (case-insensitively), accounts in
 * the order they first appear, items in report order within one: the
 * items of group k are order[start[k]] .. order[start[k + 1] - 1].
 * Linear in the number of items. */
struct drift_groups {
	size_t *order;
	size_t *start;          /* n + 1 entries */
	size_t n;
	struct nmap *map;       /* account -> group */
};
void drift_groups_init(struct drift_groups *g, const struct store_drift_report *r);
/* The group of account, or (size_t)-1 when it did not drift. */
size_t drift_groups_find(const struct drift_groups *g, const char *account);
void drift_groups_release(struct drift_groups *g);

/* Appends s with &, <, >, " and ' escaped, control characters that XML
 * 1.0 cannot hold replaced by U+FFFD: safe as HTML or XML text and inside
 * quoted attributes. NULL appends nothing. */
void drift_add_escaped(struct strbuf *sb, const char *s);
/* Local time "YYYY-MM-DD HH:MM:SS" of unix seconds t (iso: "YYYY-MM-DDTHH:MM:SS"). */
const char *drift_time(int64_t t, bool iso, char *buf, size_t n);
