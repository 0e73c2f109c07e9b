/* gpp_filters.c: an item's <Filters>, item-level targeting (MS-GPPREF
 * 2.2.1.22), into a targeting tree (target.h).
 *
 * Every child of <Filters> is a filter: one accord knows how to evaluate
 * becomes its own kind; any other (FilterRegistry, FilterWmi, FilterGroup,
 * a name accord has never seen, ...) becomes TF_OTHER, which evaluates as
 * unknown, so the item does not apply unless the admin opts in. An element
 * is never ignored: ignoring a filter would widen the item's scope.
 * GPMC writes "FilterComputer"; the specification's own sample writes
 * "filterComputer", so names compare case-insensitively. */
#include "gpp_rd.h"

#include "target.h"
#include "xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Nested collections deeper than this are refused (a hostile file could
 * otherwise exhaust the stack of the reader and of the evaluator). */
#define GPP_FILTER_DEPTH 32

static const char *const common_attrs[] = { "bool", "not", "hidden", "uid", "id", NULL };

struct filter_kind {
	const char *element;
	enum tf_kind kind;
	const char *const *attrs;  /* besides common_attrs */
};

static const struct filter_kind kinds[] = {
	{ "FilterCollection", TF_COLLECTION, (const char *const[]){ "name", NULL } },
	{ "FilterComputer", TF_COMPUTER, (const char *const[]){ "name", "type", NULL } },
	{ "FilterDomain", TF_DOMAIN, (const char *const[]){ "name", "userContext", NULL } },
	{ "FilterOs", TF_OS,
	  (const char *const[]){ "class", "version", "type", "edition", "sp", NULL } },
	{ "FilterIpRange", TF_IPRANGE, (const char *const[]){ "min", "max", "useIPv6", NULL } },
	{ "FilterDate", TF_DATE,
	  (const char *const[]){ "period", "dow", "day", "month", "year", NULL } },
	{ "FilterTime", TF_TIME, (const char *const[]){ "begin", "end", NULL } },
};

static void attrs_check(struct gpp_rd *r, const xmlNode *n, const char *const *own)
{
	const char *all[16];
	size_t k = 0;

	for (size_t i = 0; common_attrs[i]; i++)
		all[k++] = common_attrs[i];
	for (size_t i = 0; own[i] && k < 15; i++)
		all[k++] = own[i];
	all[k] = NULL;
	rd_check_attrs(r, n, all);
}

static void bad_value(struct gpp_rd *r, const xmlNode *n, const char *attr, const char *v,
		      const char *want)
{
	char q[48];

	rd_diag(r, DIAG_ERROR, gpp_attr_pos(&r->src, n, attr), "<%s> %s=\"%s\" is not valid; %s",
		(const char *)n->name, attr, v ? rd_quote(v, q) : "", want);
}

static void missing(struct gpp_rd *r, const xmlNode *n, const char *attr, const char *want)
{
	rd_diag(r, DIAG_ERROR, gpp_node_pos(&r->src, n), "<%s> has no %s; %s",
		(const char *)n->name, attr, want);
}

/* A whole number in [lo, hi]; *out untouched otherwise. */
static bool parse_int(const char *s, int lo, int hi, int *out)
{
	char *end;
	long v;

	if (!s || !*s)
		return false;
	v = strtol(s, &end, 10);
	if (*end || v < lo || v > hi)
		return false;
	*out = (int)v;
	return true;
}

/* "HH:MM:SS" or "HH:MM" into seconds since midnight. */
static bool parse_clock(const char *s, int *out)
{
	int h, m, sec = 0, n = 0;

	if (!s || (sscanf(s, "%2d:%2d:%2d%n", &h, &m, &sec, &n) != 3 &&
		   sscanf(s, "%2d:%2d%n", &h, &m, &n) != 2) || s[n] ||
	    h < 0 || h > 23 || m < 0 || m > 59 || sec < 0 || sec > 59)
		return false;
	*out = h * 3600 + m * 60 + sec;
	return true;
}

static void rd_computer(struct gpp_rd *r, const xmlNode *n, struct tf_node *t)
{
	char *type = rd_attr(n, "type");

	t->name = rd_attr_set(n, "name");
	if (!t->name)
		missing(r, n, "name", "give the computer name to match (* and ? allowed)");
	if (!type)
		missing(r, n, "type", "use type=\"NETBIOS\" or type=\"DNS\"");
	else if (!strcasecmp(type, "DNS"))
		t->dns = true;
	else if (strcasecmp(type, "NETBIOS"))
		bad_value(r, n, "type", type, "use \"NETBIOS\" or \"DNS\"");
	free(type);
}

static void rd_domain(struct gpp_rd *r, const xmlNode *n, struct tf_node *t)
{
	t->name = rd_attr_set(n, "name");
	if (!t->name)
		missing(r, n, "name", "give the domain's NetBIOS or DNS name");
	t->user_context = rd_bool(r, n, "userContext") == M_TRUE;
}

static void rd_os(struct gpp_rd *r, const xmlNode *n, struct tf_node *t)
{
	char *cls = rd_attr_set(n, "class");

	(void)r;
	t->os_version = rd_attr_set(n, "version");
	t->os_type = rd_attr_set(n, "type");
	t->os_edition = rd_attr_set(n, "edition");
	t->os_sp = rd_attr_set(n, "sp");
	/* only the NT family answers NetUser calls: another class never matches */
	if (cls && strcmp(cls, "NT") && strcmp(cls, "NE")) {
		free(t->os_version);
		t->os_version = xstrdup(cls);  /* an unknown token: unknown, never true */
	}
	free(cls);
}

static void rd_iprange(struct gpp_rd *r, const xmlNode *n, struct tf_node *t)
{
	char *min = rd_attr_set(n, "min"), *max = rd_attr_set(n, "max");
	bool ok = true;

	if (!min || !tf_parse_ip(min, t->ip_min)) {
		bad_value(r, n, "min", min, "give an IPv4 or IPv6 address");
		ok = false;
	}
	if (!max || !tf_parse_ip(max, t->ip_max)) {
		bad_value(r, n, "max", max, "give an IPv4 or IPv6 address");
		ok = false;
	}
	if (ok && memcmp(t->ip_min, t->ip_max, 16) > 0)
		rd_diag(r, DIAG_ERROR, gpp_node_pos(&r->src, n),
			"<%s> min=\"%s\" is above max=\"%s\"", (const char *)n->name, min, max);
	t->dns = rd_bool(r, n, "useIPv6") == M_TRUE;
	free(min);
	free(max);
}

static const char *const dows[] = { "SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT" };

static void rd_date(struct gpp_rd *r, const xmlNode *n, struct tf_node *t)
{
	char *period = rd_attr_set(n, "period"), *dow = rd_attr_set(n, "dow");
	char *day = rd_attr_set(n, "day"), *month = rd_attr_set(n, "month");
	char *year = rd_attr_set(n, "year");

	if (!period || !strcasecmp(period, "NONE"))
		t->period = TFP_NONE;
	else if (!strcasecmp(period, "WEEKLY"))
		t->period = TFP_WEEKLY;
	else if (!strcasecmp(period, "MONTHLY"))
		t->period = TFP_MONTHLY;
	else if (!strcasecmp(period, "YEARLY"))
		t->period = TFP_YEARLY;
	else
		bad_value(r, n, "period", period, "use WEEKLY, MONTHLY, YEARLY or NONE");
	t->dow = -1;
	for (int i = 0; dow && i < 7; i++)
		if (!strncasecmp(dow, dows[i], 3))
			t->dow = i;
	if (t->period == TFP_WEEKLY && t->dow < 0)
		bad_value(r, n, "dow", dow, "use SUN, MON, TUE, WED, THU, FRI or SAT");
	if (t->period != TFP_WEEKLY && !parse_int(day, 1, 31, &t->day))
		bad_value(r, n, "day", day, "give a day of the month, 1 to 31");
	if ((t->period == TFP_YEARLY || t->period == TFP_NONE) &&
	    !parse_int(month, 1, 12, &t->month))
		bad_value(r, n, "month", month, "give a month, 1 to 12");
	if (t->period == TFP_NONE && !parse_int(year, 1601, 9999, &t->year))
		bad_value(r, n, "year", year, "give a year, such as 2027");
	else if (t->period == TFP_NONE && t->month && t->day > rd_days_in_month(t->year, t->month))
		bad_value(r, n, "day", day, "that month has fewer days");
	free(period);
	free(dow);
	free(day);
	free(month);
	free(year);
}

static void rd_time(struct gpp_rd *r, const xmlNode *n, struct tf_node *t)
{
	char *begin = rd_attr_set(n, "begin"), *end = rd_attr_set(n, "end");

	if (!parse_clock(begin, &t->begin))
		bad_value(r, n, "begin", begin, "give a time of day as HH:MM:SS");
	if (!parse_clock(end, &t->end))
		bad_value(r, n, "end", end, "give a time of day as HH:MM:SS");
	free(begin);
	free(end);
}

static void rd_filter(struct gpp_rd *r, const xmlNode *n, struct tf_node *t, unsigned depth);

static void rd_kids(struct gpp_rd *r, const xmlNode *parent, struct tf_node *coll,
		    unsigned depth)
{
	for (const xmlNode *c = parent->children; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE)
			rd_filter(r, c, tf_add_kid(coll), depth + 1);
}

static void rd_filter(struct gpp_rd *r, const xmlNode *n, struct tf_node *t, unsigned depth)
{
	const char *el = (const char *)n->name;
	const struct filter_kind *k = NULL;
	char *b = rd_attr(n, "bool");

	t->pos = gpp_node_pos(&r->src, n);
	t->element = xstrdup(el);
	t->kind = TF_OTHER;
	if (n->ns)  /* whose filter it is cannot be known: refused, not ignored */
		rd_diag(r, DIAG_ERROR, t->pos, "<%s:%s> in <Filters>: MS-GPPREF filters have no "
			"namespace", n->ns->prefix ? (const char *)n->ns->prefix : "", el);
	for (size_t i = 0; !n->ns && i < sizeof(kinds) / sizeof(*kinds); i++)
		if (!strcasecmp(kinds[i].element, el))
			k = &kinds[i];
	if (b && !strcmp(b, "OR"))
		t->or_ = true;
	else if (b && strcmp(b, "AND"))
		bad_value(r, n, "bool", b, "use \"AND\" or \"OR\"");
	free(b);
	t->not_ = rd_bool(r, n, "not") == M_TRUE;
	if (!k) {
		/* TF_OTHER: its attributes are kept as written, so a writer can
		 * give the filter back; they are not accord's to judge */
		for (const xmlAttr *a = n->properties; a; a = a->next) {
			const char *an = (const char *)a->name;

			if (a->ns || !strcmp(an, "bool") || !strcmp(an, "not"))
				continue;
			t->attrs = xrealloc(t->attrs, (t->n_attrs + 2) * sizeof(*t->attrs));
			t->attrs[t->n_attrs++] = xstrdup(an);
			t->attrs[t->n_attrs++] = rd_attr(n, an);
		}
		return;
	}
	t->kind = k->kind;
	attrs_check(r, n, k->attrs);
	switch (k->kind) {
	case TF_COLLECTION:
		t->name = rd_attr_set(n, "name");
		if (depth >= GPP_FILTER_DEPTH) {
			rd_diag(r, DIAG_ERROR, t->pos, "<%s> nests deeper than %d collections",
				el, GPP_FILTER_DEPTH);
			return;
		}
		rd_kids(r, n, t, depth);
		break;
	case TF_COMPUTER: rd_computer(r, n, t); break;
	case TF_DOMAIN:   rd_domain(r, n, t); break;
	case TF_OS:       rd_os(r, n, t); break;
	case TF_IPRANGE:  rd_iprange(r, n, t); break;
	case TF_DATE:     rd_date(r, n, t); break;
	case TF_TIME:     rd_time(r, n, t); break;
	case TF_OTHER:    break;
	}
	if (k->kind != TF_COLLECTION)
		for (const xmlNode *c = n->children; c; c = c->next)
			if (c->type == XML_ELEMENT_NODE)
				rd_unknown_elem(r, c, n);
}

struct tf_node *gpp_read_filters(struct gpp_rd *r, const xmlNode *filters)
{
	struct tf_node *t = xcalloc(1, sizeof(*t));

	rd_check_attrs(r, filters, (const char *const[]){ NULL });
	t->kind = TF_COLLECTION;
	t->pos = gpp_node_pos(&r->src, filters);
	t->element = xstrdup("Filters");
	rd_kids(r, filters, t, 0);
	if (!t->n_kids) {
		tf_free(t);
		return NULL;
	}
	return t;
}
