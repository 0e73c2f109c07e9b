#pragma once
/* report_html.h: the drift report page of `accord report --html FILE`.
 *
 * One self-contained HTML5 document: inline CSS, an inline SVG trend plot
 * of drifted accounts over time (one line per server, tooltips through SVG
 * <title>), the latest report of each server as a table, and the recent
 * history. No script, no external asset, so it opens from a mail
 * attachment or a file share as it is. Every string that came from a
 * server, a file or the store is escaped (drift_add_escaped). */

#include "store.h"

#include <stddef.h>
#include <stdint.h>

struct strbuf;

struct report_html_input {
	/* every report to plot, newest first, counts only (store_drift_list) */
	const struct store_drift_report *history;
	size_t n_history;
	/* the newest report of each server, with items, in the order to show */
	struct store_drift_report *const *latest;
	size_t n_latest;
	int64_t generated_at;   /* unix seconds */
	const char *since;      /* the --since the history starts at, or NULL */
};

/* Appends the whole page to out. */
void report_html_render(const struct report_html_input *in, struct strbuf *out);
