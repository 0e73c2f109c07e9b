/* drift_plot.c: drifted accounts over time as an inline SVG line chart. */
#include "drift.h"

#include "strbuf.h"
#include "xalloc.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#define W 1000.0
#define H 300.0
#define LEFT 64.0
#define RIGHT 24.0
#define TOP 24.0
#define BOTTOM 56.0
#define MAX_SERIES 8

static const char *const series_color[MAX_SERIES] = {
	"#0969da", "#8250df", "#1b7c83", "#bf3989", "#4d2d00", "#57606a", "#0550ae", "#6e7781",
};

struct axes {
	int64_t t0, t1;
	double top;     /* y value at the top of the plot */
	double step;    /* between horizontal grid lines */
};

static double x_of(const struct axes *a, int64_t t)
{
	return LEFT + (W - LEFT - RIGHT) * (double)(t - a->t0) / (double)(a->t1 - a->t0);
}

static double y_of(const struct axes *a, double v)
{
	return H - BOTTOM - (H - TOP - BOTTOM) * v / a->top;
}

/* 1, 2 or 5 times a power of ten, so that about four steps cover max. */
static void nice_scale(unsigned max, struct axes *a)
{
	double raw = max < 4 ? 1 : max / 4.0, p = 1;

	while (p * 10 <= raw)
		p *= 10;
	a->step = raw <= p ? p : raw <= 2 * p ? 2 * p : raw <= 5 * p ? 5 * p : 10 * p;
	a->top = a->step * (double)(unsigned)((max + a->step - 1) / a->step);
	if (a->top < a->step * 2)
		a->top = a->step * 2;
}

static size_t series_of(const char **names, size_t *n, const char *server)
{
	const char *s = server ? server : "";

	for (size_t i = 0; i < *n; i++)
		if (!strcmp(names[i], s))
			return i;
	if (*n == MAX_SERIES)
		return MAX_SERIES - 1;  /* the rest share the last colour */
	names[*n] = s;
	return (*n)++;
}

static void tooltip(const struct store_drift_report *r, struct strbuf *out)
{
	char when[32];

	sb_adds(out, "<title>");
	drift_add_escaped(out, r->id);
	sb_addf(out, " \xc2\xb7 %s \xc2\xb7 ", drift_time(r->at, false, when, sizeof(when)));
	drift_add_escaped(out, r->server && *r->server ? r->server : "local machine");
	sb_addc(out, '\n');
	if (r->status == STORE_DRIFT_ERROR) {
		sb_adds(out, "error: ");
		drift_add_escaped(out, r->error);
	} else if (r->status == STORE_DRIFT_DRIFT) {
		sb_addf(out, "drift: %u account%s, %u field%s (%u outside accord, %u never applied)",
			r->n_accounts, r->n_accounts == 1 ? "" : "s", r->n_fields,
			r->n_fields == 1 ? "" : "s", r->n_outside, r->n_never_applied);
	} else {
		sb_adds(out, "in sync");
	}
	sb_adds(out, "</title>");
}

static void grid(const struct axes *a, struct strbuf *out)
{
	int64_t span = a->t1 - a->t0;
	int style = span > 3 * 86400 ? 0 : span > 86400 ? 1 : 2;

	for (double v = 0; v <= a->top + 1e-9; v += a->step) {
		double y = y_of(a, v);

		sb_addf(out, "<line class=\"grid\" x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\"/>"
			"<text class=\"tick\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">%.0f</text>\n",
			LEFT, W - RIGHT, y, y, LEFT - 8, y + 4, v);
	}
	for (int i = 0; i <= 5; i++) {
		int64_t t = a->t0 + span * i / 5;
		time_t tt = (time_t)t;
		struct tm tm;
		char label[32] = "";
		double x = x_of(a, t);

		if (!localtime_r(&tt, &tm))
			;  /* no label */
		else if (style == 0)
			strftime(label, sizeof(label), "%b %d", &tm);
		else if (style == 1)
			strftime(label, sizeof(label), "%b %d %H:%M", &tm);
		else
			strftime(label, sizeof(label), "%H:%M", &tm);
		sb_addf(out, "<line class=\"axis\" x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\"/>"
			"<text class=\"tick\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%s</text>\n",
			x, x, H - BOTTOM, H - BOTTOM + 5, x, H - BOTTOM + 20, label);
	}
	sb_addf(out, "<line class=\"axis\" x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\"/>\n",
		LEFT, W - RIGHT, H - BOTTOM, H - BOTTOM);
	sb_addf(out, "<text class=\"label\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">"
		"time (local)</text>\n", LEFT + (W - LEFT - RIGHT) / 2, H - 12);
	sb_addf(out, "<text class=\"label\" transform=\"translate(18 %.1f) rotate(-90)\" "
		"text-anchor=\"middle\">drifted accounts</text>\n", TOP + (H - TOP - BOTTOM) / 2);
}

/* One server's line (and, when it is the only one, the area under it). */
static void series_line(const struct axes *a, const struct store_drift_report *v, size_t n,
			const char **names, size_t n_names, size_t s, struct strbuf *out)
{
	struct strbuf pts = STRBUF_INIT;
	double first_x = -1, last_x = 0;

	sb_init(&pts);
	for (size_t i = n; i-- > 0;) {  /* oldest first */
		double x, y;

		if (v[i].status == STORE_DRIFT_ERROR || series_of(names, &n_names, v[i].server) != s)
			continue;
		x = x_of(a, v[i].at);
		y = y_of(a, v[i].n_accounts);
		sb_addf(&pts, "%.1f,%.1f ", x, y);
		if (first_x < 0)
			first_x = x;
		last_x = x;
	}
	if (pts.len && n_names == 1)
		sb_addf(out, "<polygon class=\"area\" points=\"%.1f,%.1f %s%.1f,%.1f\"/>\n", first_x,
			H - BOTTOM, pts.buf, last_x, H - BOTTOM);
	if (pts.len)
		sb_addf(out, "<polyline class=\"line\" stroke=\"%s\" points=\"%s\"/>\n",
			series_color[s], pts.buf);
	sb_release(&pts);
}

static void points(const struct axes *a, const struct store_drift_report *v, size_t n,
		   struct strbuf *out)
{
	for (size_t i = n; i-- > 0;) {
		const struct store_drift_report *r = &v[i];
		double x = x_of(a, r->at);

		if (r->status == STORE_DRIFT_ERROR) {
			double y = H - BOTTOM;

			sb_addf(out, "<g class=\"pt error\"><path d=\"M%.1f %.1fl6 10h-12z\"/>", x, y - 12);
		} else {
			sb_addf(out, "<g class=\"pt %s\"><circle cx=\"%.1f\" cy=\"%.1f\" r=\"5\"/>",
				store_drift_status_name(r->status), x, y_of(a, r->n_accounts));
		}
		tooltip(r, out);
		sb_adds(out, "</g>\n");
	}
}

static void legend(const char **names, size_t n_names, struct strbuf *out)
{
	double x = LEFT + 8;

	sb_addf(out, "<g class=\"legend\" transform=\"translate(0 %.1f)\">", TOP - 8);
	sb_addf(out, "<circle class=\"in_sync\" cx=\"%.1f\" cy=\"0\" r=\"5\"/><text x=\"%.1f\" y=\"4\">"
		"in sync</text>", x, x + 10);
	x += 80;
	sb_addf(out, "<circle class=\"drift\" cx=\"%.1f\" cy=\"0\" r=\"5\"/><text x=\"%.1f\" y=\"4\">"
		"drift</text>", x, x + 10);
	x += 64;
	sb_addf(out, "<path class=\"error\" d=\"M%.1f -6l6 10h-12z\"/><text x=\"%.1f\" y=\"4\">"
		"error</text>", x, x + 10);
	x += 72;
	for (size_t i = 0; n_names > 1 && i < n_names; i++) {
		sb_addf(out, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"0\" y2=\"0\" stroke=\"%s\" "
			"stroke-width=\"3\"/><text x=\"%.1f\" y=\"4\">", x, x + 18, series_color[i],
			x + 24);
		drift_add_escaped(out, *names[i] ? names[i] : "local machine");
		sb_adds(out, "</text>");
		x += 40 + 8.0 * (double)strlen(names[i]);
	}
	sb_adds(out, "</g>\n");
}

void drift_plot_svg(const struct store_drift_report *v, size_t n, struct strbuf *out)
{
	const char *names[MAX_SERIES];
	struct axes a = { 0 };
	size_t n_names = 0;
	unsigned max = 0;

	if (!n) {
		sb_adds(out, "<p class=\"empty\">No drift reports yet: run <code>accord drift -f FILE"
			"</code>.</p>\n");
		return;
	}
	a.t0 = a.t1 = v[0].at;
	for (size_t i = 0; i < n; i++) {
		a.t0 = v[i].at < a.t0 ? v[i].at : a.t0;
		a.t1 = v[i].at > a.t1 ? v[i].at : a.t1;
		if (v[i].status != STORE_DRIFT_ERROR && v[i].n_accounts > max)
			max = v[i].n_accounts;
		series_of(names, &n_names, v[i].server);
	}
	if (a.t1 - a.t0 < 60) {  /* one moment: centre it in an hour */
		a.t0 -= 1800;
		a.t1 += 1800;
	} else {  /* keep the first and last points off the frame */
		int64_t pad = (a.t1 - a.t0) / 40;

		a.t0 -= pad;
		a.t1 += pad;
	}
	nice_scale(max, &a);
	sb_addf(out, "<svg class=\"trend\" viewBox=\"0 0 %.0f %.0f\" role=\"img\" "
		"aria-label=\"drifted accounts over time\" xmlns=\"http://www.w3.org/2000/svg\">\n",
		W, H);
	sb_adds(out, "<title>Drifted accounts over time</title>\n");
	grid(&a, out);
	for (size_t s = 0; s < n_names; s++)
		series_line(&a, v, n, names, n_names, s, out);
	points(&a, v, n, out);
	legend(names, n_names, out);
	sb_adds(out, "</svg>\n");
}
