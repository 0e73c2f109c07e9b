/* drift_render.c: a drift report as text, JSON and JUnit XML. */
#include "drift.h"

#include "name_map.h"
#include "strbuf.h"
#include "xalloc.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#define C_RED "\033[31m"
#define C_GREEN "\033[32m"
#define C_YELLOW "\033[33m"
#define C_BOLD "\033[1m"
#define C_DIM "\033[2m"
#define C_OFF "\033[0m"

const char *drift_time(int64_t t, bool iso, char *buf, size_t n)
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (!t || !localtime_r(&tt, &tm) ||
	    !strftime(buf, n, iso ? "%Y-%m-%dT%H:%M:%S" : "%Y-%m-%d %H:%M:%S", &tm))
		return "-";
	return buf;
}

void drift_result_release(struct drift_result *res)
{
	store_drift_report_free(res->report);
	for (size_t i = 0; i < res->n_accounts; i++)
		free(res->accounts[i]);
	free(res->accounts);
	m_conflicts_release(&res->conflicts);
	memset(res, 0, sizeof(*res));
}

void drift_add_escaped(struct strbuf *sb, const char *s)
{
	for (; s && *s; s++) {
		unsigned char ch = (unsigned char)*s;

		switch (ch) {
		case '&': sb_adds(sb, "&amp;"); break;
		case '<': sb_adds(sb, "&lt;"); break;
		case '>': sb_adds(sb, "&gt;"); break;
		case '"': sb_adds(sb, "&quot;"); break;
		case '\'': sb_adds(sb, "&#39;"); break;
		default:
			if (ch < 0x20 && ch != '\t' && ch != '\n' && ch != '\r')
				sb_adds(sb, "\xef\xbf\xbd");
			else
				sb_addc(sb, (char)ch);
		}
	}
}

static const char *server_name(const struct store_drift_report *r)
{
	return r->server && *r->server ? r->server : "the local machine";
}

void drift_summary_line(const struct store_drift_report *r, struct strbuf *out)
{
	sb_addf(out, "drift %s on %s: ", r->id ? r->id : "(unsaved)", server_name(r));
	switch (r->status) {
	case STORE_DRIFT_IN_SYNC:
		sb_adds(out, "in sync");
		break;
	case STORE_DRIFT_DRIFT:
		sb_addf(out, "%u account%s drifted (%u field%s: %u changed outside accord, "
			"%u never applied)", r->n_accounts, r->n_accounts == 1 ? "" : "s",
			r->n_fields, r->n_fields == 1 ? "" : "s", r->n_outside, r->n_never_applied);
		break;
	case STORE_DRIFT_ERROR:
		sb_addf(out, "error: %s", r->error ? r->error : "unknown");
		break;
	}
}

static const char *shown(const char *v)
{
	return v && *v ? v : "(empty)";
}

static const char *origin_text(enum store_drift_origin o)
{
	return o == STORE_ORIGIN_OUTSIDE ? "changed outside accord" : "never applied";
}

void drift_groups_init(struct drift_groups *g, const struct store_drift_report *r)
{
	size_t *group_of = xcalloc(r->n_items + 1, sizeof(*group_of));
	size_t *fill = NULL;

	g->map = xcalloc(1, sizeof(*g->map));
	g->n = 0;
	for (size_t i = 0; i < r->n_items; i++) {
		if (nmap_put(g->map, r->items[i].account, g->n))
			g->n++;
		nmap_get(g->map, r->items[i].account, &group_of[i]);
	}
	g->start = xcalloc(g->n + 1, sizeof(*g->start));
	for (size_t i = 0; i < r->n_items; i++)
		g->start[group_of[i] + 1]++;
	for (size_t k = 0; k < g->n; k++)
		g->start[k + 1] += g->start[k];
	fill = xcalloc(g->n + 1, sizeof(*fill));
	memcpy(fill, g->start, g->n * sizeof(*fill));
	g->order = xcalloc(r->n_items + 1, sizeof(*g->order));
	for (size_t i = 0; i < r->n_items; i++)
		g->order[fill[group_of[i]]++] = i;
	free(fill);
	free(group_of);
}

size_t drift_groups_find(const struct drift_groups *g, const char *account)
{
	size_t k;

	return nmap_get(g->map, account, &k) ? k : (size_t)-1;
}

void drift_groups_release(struct drift_groups *g)
{
	if (g->map)
		nmap_release(g->map);
	free(g->map);
	free(g->order);
	free(g->start);
	memset(g, 0, sizeof(*g));
}

void drift_render_text(const struct drift_result *res, bool color, struct strbuf *out)
{
	const struct store_drift_report *r = res->report;
	const char *on = color ? C_BOLD : "", *off = color ? C_OFF : "";
	struct drift_groups g = { 0 };
	char when[32];

	drift_groups_init(&g, r);
	sb_addf(out, "%sDrift report %s%s, %s, %s against %s\n", on, r->id ? r->id : "", off,
		drift_time(r->at, false, when, sizeof(when)), server_name(r),
		r->source_path ? r->source_path : "-");
	for (size_t k = 0; k < g.n; k++) {
		sb_addf(out, "\n  %s%s%s%s\n", color ? C_YELLOW : "", on,
			r->items[g.order[g.start[k]]].account, off);
		for (size_t j = g.start[k]; j < g.start[k + 1]; j++) {
			const struct store_drift_item *it = &r->items[g.order[j]];

			sb_addf(out, "    %-24s live %s%s%s, expected %s%s%s  %s(%s)%s\n", it->field,
				color ? C_RED : "", shown(it->actual), off, color ? C_GREEN : "",
				shown(it->expected), off, color ? C_DIM : "", origin_text(it->origin),
				off);
		}
	}
	drift_groups_release(&g);
	sb_addc(out, '\n');
	if (res->conflicts.n) {
		sb_adds(out, "Conflicts between the files (the later file wins):\n");
		for (size_t i = 0; i < res->conflicts.n; i++) {
			sb_adds(out, "  ~ ");
			m_conflict_format(&res->conflicts.v[i], out);
			sb_addc(out, '\n');
		}
		sb_addc(out, '\n');
	}
	switch (r->status) {
	case STORE_DRIFT_IN_SYNC:
		sb_addf(out, "%sIn sync:%s %zu account%s match the file.\n",
			color ? C_GREEN : "", off, res->n_accounts, res->n_accounts == 1 ? "" : "s");
		break;
	case STORE_DRIFT_DRIFT:
		sb_addf(out, "%sDrift:%s %u account%s, %u field%s (%u changed outside accord, "
			"%u never applied).\n", color ? C_YELLOW : "", off, r->n_accounts,
			r->n_accounts == 1 ? "" : "s", r->n_fields, r->n_fields == 1 ? "" : "s",
			r->n_outside, r->n_never_applied);
		break;
	case STORE_DRIFT_ERROR:
		sb_addf(out, "%sError:%s %s\n", color ? C_RED : "", off, r->error ? r->error : "");
		break;
	}
}

static void json_report_head(const struct store_drift_report *r, struct strbuf *sb)
{
	char iso[32];

	sb_adds(sb, "\"id\":");
	sb_add_json_str(sb, r->id);
	sb_addf(sb, ",\"at\":%lld,\"at_local\":\"%s\",\"server\":", (long long)r->at,
		drift_time(r->at, true, iso, sizeof(iso)));
	sb_add_json_str(sb, r->server ? r->server : "");
	sb_adds(sb, ",\"source\":");
	sb_add_json_str(sb, r->source_path);
	sb_addf(sb, ",\"status\":\"%s\",\"error\":", store_drift_status_name(r->status));
	sb_add_json_str(sb, r->error);
	sb_addf(sb, ",\"counts\":{\"accounts\":%u,\"fields\":%u,\"outside\":%u,"
		"\"never_applied\":%u}", r->n_accounts, r->n_fields, r->n_outside,
		r->n_never_applied);
}

void drift_render_json(const struct drift_result *res, struct strbuf *out)
{
	const struct store_drift_report *r = res->report;

	sb_addf(out, "{\"format_version\":%d,", DRIFT_JSON_FORMAT_VERSION);
	json_report_head(r, out);
	sb_addf(out, ",\"seconds\":%.3f,\"accounts_checked\":[", res->seconds);
	for (size_t i = 0; i < res->n_accounts; i++) {
		if (i)
			sb_addc(out, ',');
		sb_add_json_str(out, res->accounts[i]);
	}
	sb_adds(out, "],\"items\":[");
	for (size_t i = 0; i < r->n_items; i++) {
		const struct store_drift_item *it = &r->items[i];

		sb_adds(out, i ? ",{\"account\":" : "{\"account\":");
		sb_add_json_str(out, it->account);
		sb_adds(out, ",\"field\":");
		sb_add_json_str(out, it->field);
		sb_adds(out, ",\"expected\":");
		sb_add_json_str(out, it->expected);
		sb_adds(out, ",\"actual\":");
		sb_add_json_str(out, it->actual);
		sb_addf(out, ",\"origin\":\"%s\"}", store_drift_origin_name(it->origin));
	}
	sb_adds(out, "],\"conflicts\":[");
	for (size_t i = 0; i < res->conflicts.n; i++) {
		if (i)
			sb_addc(out, ',');
		m_conflict_json(&res->conflicts.v[i], out);
	}
	sb_adds(out, "]}\n");
}

void drift_render_history_json(const struct store_drift_report *v, size_t n,
			       struct strbuf *out)
{
	sb_addf(out, "{\"format_version\":%d,\"reports\":[", DRIFT_JSON_FORMAT_VERSION);
	for (size_t i = 0; i < n; i++) {
		sb_adds(out, i ? ",{" : "{");
		json_report_head(&v[i], out);
		sb_addc(out, '}');
	}
	sb_adds(out, "]}\n");
}

void drift_render_history_text(const struct store_drift_report *v, size_t n,
			       struct strbuf *out)
{
	char when[32];

	sb_addf(out, "%-8s %-19s %-8s %8s %6s %7s %5s  %s\n", "REPORT", "WHEN", "STATUS",
		"ACCOUNTS", "FIELDS", "OUTSIDE", "NEVER", "SERVER / FILE / ERROR");
	for (size_t i = 0; i < n; i++) {
		const struct store_drift_report *r = &v[i];

		sb_addf(out, "%-8s %-19s %-8s %8u %6u %7u %5u  %s %s\n", r->id,
			drift_time(r->at, false, when, sizeof(when)),
			store_drift_status_name(r->status), r->n_accounts, r->n_fields,
			r->n_outside, r->n_never_applied, r->server && *r->server ? r->server : "(local)",
			r->status == STORE_DRIFT_ERROR && r->error ? r->error
			: r->source_path ? r->source_path : "");
	}
	if (!n)
		sb_adds(out, "(no drift reports)\n");
}

/* ---- JUnit ----------------------------------------------------------- */

static void junit_case(const char *name, struct strbuf *out)
{
	sb_adds(out, "    <testcase classname=\"accord.drift\" name=\"");
	drift_add_escaped(out, name);
	sb_adds(out, "\" time=\"0\"");
}

/* One testcase; a failure listing the account's drifted fields when k is a
 * group. */
static void junit_account(const struct store_drift_report *r, const struct drift_groups *g,
			  const char *name, size_t k, struct strbuf *out)
{
	size_t n;

	junit_case(name, out);
	if (k == (size_t)-1) {
		sb_adds(out, "/>\n");
		return;
	}
	n = g->start[k + 1] - g->start[k];
	sb_addf(out, ">\n      <failure type=\"drift\" message=\"%zu field%s drifted\">", n,
		n == 1 ? "" : "s");
	for (size_t j = g->start[k]; j < g->start[k + 1]; j++) {
		const struct store_drift_item *it = &r->items[g->order[j]];

		drift_add_escaped(out, it->field);
		sb_adds(out, ": live ");
		drift_add_escaped(out, shown(it->actual));
		sb_adds(out, ", expected ");
		drift_add_escaped(out, shown(it->expected));
		sb_addf(out, " (%s)\n", store_drift_origin_name(it->origin));
	}
	sb_adds(out, "</failure>\n    </testcase>\n");
}

static void junit_head(const struct drift_result *res, size_t tests, size_t failures,
		       struct strbuf *out)
{
	const struct store_drift_report *r = res->report;
	char iso[32];

	sb_adds(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuite name=\"accord drift ");
	drift_add_escaped(out, server_name(r));
	sb_addf(out, "\" tests=\"%zu\" failures=\"%zu\" errors=\"%d\" skipped=\"0\" "
		"time=\"%.3f\" timestamp=\"%s\" hostname=\"", tests, failures,
		r->status == STORE_DRIFT_ERROR, res->seconds, drift_time(r->at, true, iso, sizeof(iso)));
	drift_add_escaped(out, server_name(r));
	sb_adds(out, "\">\n  <properties>\n    <property name=\"drift_id\" value=\"");
	drift_add_escaped(out, r->id);
	sb_adds(out, "\"/>\n    <property name=\"source\" value=\"");
	drift_add_escaped(out, r->source_path);
	sb_addf(out, "\"/>\n    <property name=\"status\" value=\"%s\"/>\n  </properties>\n",
		store_drift_status_name(r->status));
}

void drift_render_junit(const struct drift_result *res, struct strbuf *out)
{
	const struct store_drift_report *r = res->report;
	struct drift_groups g = { 0 };
	struct nmap file = NMAP_INIT;
	size_t tests = 0, dummy;

	if (r->status == STORE_DRIFT_ERROR) {
		junit_head(res, 1, 0, out);
		junit_case("drift check", out);
		sb_adds(out, ">\n      <error type=\"error\" message=\"");
		drift_add_escaped(out, r->error);
		sb_adds(out, "\"/>\n    </testcase>\n</testsuite>\n");
		return;
	}
	drift_groups_init(&g, r);
	for (size_t i = 0; i < res->n_accounts; i++)
		if (nmap_put(&file, res->accounts[i], i))
			tests++;
	/* drifted accounts the file does not name (unmanaged: disable, delete)
	 * get a testcase too */
	for (size_t k = 0; k < g.n; k++)
		if (!nmap_get(&file, r->items[g.order[g.start[k]]].account, &dummy))
			tests++;
	junit_head(res, tests, g.n, out);
	for (size_t i = 0; i < res->n_accounts; i++) {
		size_t first;

		if (nmap_get(&file, res->accounts[i], &first) && first == i)
			junit_account(r, &g, res->accounts[i], drift_groups_find(&g, res->accounts[i]),
				      out);
	}
	for (size_t k = 0; k < g.n; k++) {
		const char *name = r->items[g.order[g.start[k]]].account;

		if (!nmap_get(&file, name, &dummy))
			junit_account(r, &g, name, k, out);
	}
	sb_adds(out, "</testsuite>\n");
	nmap_release(&file);
	drift_groups_release(&g);
}
