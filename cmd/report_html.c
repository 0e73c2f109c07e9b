/* report_html.c: the drift report page; see report_html.h. */
#include "report_html.h"

#include "drift.h"
#include "strbuf.h"

#include <string.h>

#define HISTORY_ROWS 30

static const char css[] =
	":root{--ok:#1a7f37;--drift:#bc4c00;--err:#cf222e;--ink:#1f2328;--muted:#59636e;"
	"--line:#d1d9e0;--bg:#f6f8fa}\n"
	"*{box-sizing:border-box}\n"
	"body{margin:0;font:15px/1.5 system-ui,-apple-system,\"Segoe UI\",Roboto,\"Noto Sans\","
	"\"Helvetica Neue\",Arial,sans-serif;color:var(--ink);background:var(--bg)}\n"
	"header{background:#1f2328;color:#fff;padding:22px 0}\n"
	".wrap{max-width:1120px;margin:0 auto;padding:0 28px}\n"
	"header h1{margin:0;font-size:22px;font-weight:600;letter-spacing:-.01em}\n"
	"header p{margin:4px 0 0;color:#b7bdc8;font-size:13px}\n"
	"main.wrap{padding-top:24px;padding-bottom:40px}\n"
	"td.nowrap{white-space:nowrap}\n"
	".card{background:#fff;border:1px solid var(--line);border-radius:10px;padding:20px 24px;"
	"margin-bottom:20px;box-shadow:0 1px 2px rgba(31,35,40,.04)}\n"
	"h2{margin:0 0 14px;font-size:17px;font-weight:600}\n"
	"h2 small{font-weight:400;color:var(--muted);font-size:13px;margin-left:8px}\n"
	".summary{display:flex;gap:36px;align-items:center;flex-wrap:wrap}\n"
	".pill{display:inline-block;padding:5px 14px;border-radius:999px;font-weight:600;"
	"color:#fff;font-size:14px;white-space:nowrap;text-transform:capitalize}\n"
	".pill.in_sync{background:var(--ok)}.pill.drift{background:var(--drift)}"
	".pill.error{background:var(--err)}\n"
	".kpi strong{display:block;font-size:28px;font-weight:600;line-height:1.1}\n"
	".kpi span{color:var(--muted);font-size:12px;text-transform:uppercase;letter-spacing:.05em}\n"
	".meta{color:var(--muted);font-size:13px;margin-top:12px}\n"
	".errmsg{margin-top:12px;padding:10px 14px;border-left:4px solid var(--err);"
	"background:#ffebe9;border-radius:4px;color:#82071e}\n"
	"table{border-collapse:collapse;width:100%;font-size:14px}\n"
	"th{text-align:left;font-weight:600;color:var(--muted);font-size:12px;text-transform:"
	"uppercase;letter-spacing:.05em;border-bottom:2px solid var(--line);padding:8px 10px}\n"
	"td{border-bottom:1px solid #eef1f4;padding:8px 10px;vertical-align:top}\n"
	"tr.first td{border-top:1px solid var(--line)}\n"
	"td.acct{font-weight:600}td.num{text-align:right;font-variant-numeric:tabular-nums}\n"
	"th.num{text-align:right}\n"
	"code{font:13px ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;padding:1px 6px;"
	"border-radius:4px;word-break:break-all}\n"
	"td.live code{background:#ffebe9;color:#82071e}td.want code{background:#dafbe1;color:#116329}\n"
	".badge{font-size:12px;padding:2px 9px;border-radius:999px;border:1px solid;white-space:nowrap}\n"
	".badge.outside{color:#953800;border-color:#ffb77c;background:#fff1e5}\n"
	".badge.never_applied{color:#59636e;border-color:#d1d9e0;background:#f6f8fa}\n"
	".dot{display:inline-block;width:9px;height:9px;border-radius:50%;margin-right:6px}\n"
	".dot.in_sync{background:var(--ok)}.dot.drift{background:var(--drift)}"
	".dot.error{background:var(--err)}\n"
	".empty{color:var(--muted);font-style:italic;font-size:13px}\n"
	".ok-note{color:var(--ok);font-weight:600}\n"
	"svg.trend{width:100%;height:auto;display:block}\n"
	"svg .grid{stroke:#eef1f4}svg .axis{stroke:#8c959f}\n"
	"svg .tick{fill:#59636e;font-size:12px}svg .label{fill:#1f2328;font-size:13px;font-weight:600}\n"
	"svg .line{fill:none;stroke-width:2.5;stroke-linejoin:round}\n"
	"svg .area{fill:#0969da;opacity:.08}\n"
	"svg .pt circle{stroke:#fff;stroke-width:2}svg .pt:hover circle{r:7}\n"
	"svg .in_sync,svg .pt.in_sync circle{fill:var(--ok)}svg .drift,svg .pt.drift circle"
	"{fill:var(--drift)}\n"
	"svg .error,svg .pt.error path{fill:var(--err)}\n"
	"svg .legend text{fill:#59636e;font-size:12px}\n"
	"footer{color:var(--muted);font-size:12px;padding-bottom:24px}\n";

static const char *server_label(const struct store_drift_report *r)
{
	return r->server && *r->server ? r->server : "local machine";
}

static void kpi(struct strbuf *out, unsigned v, const char *what)
{
	sb_addf(out, "<div class=\"kpi\"><strong>%u</strong><span>%s</span></div>", v, what);
}

static const char *const status_text[] = {
	[STORE_DRIFT_IN_SYNC] = "in sync", [STORE_DRIFT_DRIFT] = "drift",
	[STORE_DRIFT_ERROR] = "error",
};

static void status_pill(struct strbuf *out, enum store_drift_status st)
{
	sb_addf(out, "<span class=\"pill %s\">%s</span>", store_drift_status_name(st),
		status_text[st]);
}

/* An empty value would be an empty chip: say so instead. */
static void value_cell(struct strbuf *out, const char *v)
{
	if (!v || !*v) {
		sb_adds(out, "<span class=\"empty\">(empty)</span>");
		return;
	}
	sb_adds(out, "<code>");
	drift_add_escaped(out, v);
	sb_adds(out, "</code>");
}

static void items_table(const struct store_drift_report *r, struct strbuf *out)
{
	struct drift_groups g = { 0 };

	drift_groups_init(&g, r);
	sb_adds(out, "<table class=\"items\">\n<thead><tr><th>Account</th><th>Field</th>"
		"<th>Live value</th><th>Expected</th><th>Origin</th></tr></thead>\n<tbody>\n");
	for (size_t k = 0; k < g.n; k++) {
		for (size_t j = g.start[k]; j < g.start[k + 1]; j++) {
			const struct store_drift_item *it = &r->items[g.order[j]];

			sb_adds(out, j == g.start[k] ? "<tr class=\"first\"><td class=\"acct\">"
						     : "<tr><td class=\"acct\">");
			if (j == g.start[k])
				drift_add_escaped(out, it->account);
			sb_adds(out, "</td><td>");
			drift_add_escaped(out, it->field);
			sb_adds(out, "</td><td class=\"live\">");
			value_cell(out, it->actual);
			sb_adds(out, "</td><td class=\"want\">");
			value_cell(out, it->expected);
			sb_addf(out, "</td><td><span class=\"badge %s\">%s</span></td></tr>\n",
				store_drift_origin_name(it->origin),
				it->origin == STORE_ORIGIN_OUTSIDE ? "changed outside accord"
								   : "never applied");
		}
	}
	sb_adds(out, "</tbody>\n</table>\n");
	drift_groups_release(&g);
}

static void latest_card(const struct store_drift_report *r, struct strbuf *out)
{
	char when[32];

	sb_adds(out, "<section class=\"card latest\">\n<h2>Latest check of ");
	drift_add_escaped(out, server_label(r));
	sb_adds(out, "<small>");
	drift_add_escaped(out, r->id);
	sb_addf(out, " \xc2\xb7 %s</small></h2>\n<div class=\"summary\">",
		drift_time(r->at, false, when, sizeof(when)));
	status_pill(out, r->status);
	if (r->status != STORE_DRIFT_ERROR) {  /* an error counted nothing */
		kpi(out, r->n_accounts, "drifted accounts");
		kpi(out, r->n_fields, "drifted fields");
		kpi(out, r->n_outside, "changed outside accord");
		kpi(out, r->n_never_applied, "never applied");
	}
	sb_adds(out, "</div>\n<div class=\"meta\">Desired state: <code>");
	drift_add_escaped(out, r->source_path ? r->source_path : "-");
	sb_adds(out, "</code></div>\n");
	if (r->status == STORE_DRIFT_ERROR) {
		sb_adds(out, "<div class=\"errmsg\">");
		drift_add_escaped(out, r->error);
		sb_adds(out, "</div>\n");
	} else if (r->n_items) {
		sb_adds(out, "<h2 style=\"margin-top:20px\">Drifted fields</h2>\n");
		items_table(r, out);
	} else {
		sb_adds(out, "<p class=\"ok-note\">Every managed account matches the file.</p>\n");
	}
	sb_adds(out, "</section>\n");
}

static void history_card(const struct report_html_input *in, struct strbuf *out)
{
	size_t n = in->n_history < HISTORY_ROWS ? in->n_history : HISTORY_ROWS;
	char when[32];

	sb_addf(out, "<section class=\"card\">\n<h2>Recent checks<small>newest first, %zu of %zu"
		"</small></h2>\n<table>\n<thead><tr><th>Report</th><th>When</th><th>Server</th>"
		"<th>Status</th><th class=\"num\">Accounts</th><th class=\"num\">Fields</th>"
		"<th class=\"num\">Outside</th><th class=\"num\">Never applied</th><th>Note</th>"
		"</tr></thead>\n<tbody>\n", n, in->n_history);
	for (size_t i = 0; i < n; i++) {
		const struct store_drift_report *r = &in->history[i];

		sb_adds(out, "<tr><td>");
		drift_add_escaped(out, r->id);
		sb_addf(out, "</td><td class=\"nowrap\">%s</td><td>",
			drift_time(r->at, false, when, sizeof(when)));
		drift_add_escaped(out, server_label(r));
		sb_addf(out, "</td><td class=\"nowrap\"><span class=\"dot %s\"></span>%s</td>"
			"<td class=\"num\">%u</td><td class=\"num\">%u</td><td class=\"num\">%u</td>"
			"<td class=\"num\">%u</td><td>", store_drift_status_name(r->status),
			status_text[r->status],
			r->n_accounts, r->n_fields, r->n_outside, r->n_never_applied);
		drift_add_escaped(out, r->status == STORE_DRIFT_ERROR ? r->error : r->source_path);
		sb_adds(out, "</td></tr>\n");
	}
	sb_adds(out, "</tbody>\n</table>\n</section>\n");
}

void report_html_render(const struct report_html_input *in, struct strbuf *out)
{
	char when[32];

	sb_addf(out, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
		"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
		"<meta name=\"generator\" content=\"accord %s\">\n<title>accord drift report</title>\n"
		"<style>\n%s</style>\n</head>\n<body>\n", ACCORD_VERSION, css);
	sb_addf(out, "<header><div class=\"wrap\"><h1>Account drift</h1><p>Generated %s by "
		"<code>accord report</code> from %zu check%s", drift_time(in->generated_at, false,
		when, sizeof(when)), in->n_history, in->n_history == 1 ? "" : "s");
	if (in->since) {
		sb_adds(out, " since ");
		drift_add_escaped(out, in->since);
	}
	sb_adds(out, "</p></div></header>\n<main class=\"wrap\">\n");
	for (size_t i = 0; i < in->n_latest; i++)
		latest_card(in->latest[i], out);
	sb_adds(out, "<section class=\"card\">\n<h2>Drifted accounts over time"
		"<small>hover a point for its report</small></h2>\n");
	drift_plot_svg(in->history, in->n_history, out);
	sb_adds(out, "</section>\n");
	if (in->n_history)
		history_card(in, out);
	sb_adds(out, "</main>\n<footer class=\"wrap\">Exit codes of <code>accord drift</code>: "
		"0 in sync, 2 drift, 1 error. Details of one check: <code>accord show D-N</code>."
		"</footer>\n</body>\n</html>\n");
}
