/* target.c: item-level targeting trees and their three-valued evaluation
 * (see target.h for the rules). */
#include "target.h"

#include "names.h"
#include "netapi.h"
#include "xalloc.h"

#ifdef _WIN32
#include <ws2tcpip.h>
#else
#include <arpa/inet.h>
#endif
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* --- trees ---------------------------------------------------------------- */

static void node_release(struct tf_node *t)
{
	for (size_t i = 0; i < t->n_kids; i++)
		node_release(&t->kids[i]);
	free(t->kids);
	for (size_t i = 0; i < t->n_attrs; i++)
		free(t->attrs[i]);
	free(t->attrs);
	free(t->element);
	free(t->name);
	free(t->os_version);
	free(t->os_type);
	free(t->os_edition);
	free(t->os_sp);
}

void tf_free(struct tf_node *t)
{
	if (!t)
		return;
	node_release(t);
	free(t);
}

struct tf_node *tf_add_kid(struct tf_node *coll)
{
	XGROW(coll->kids, coll->alloc_kids, coll->n_kids + 1);
	memset(&coll->kids[coll->n_kids], 0, sizeof(*coll->kids));
	return &coll->kids[coll->n_kids++];
}

static char *dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

static void node_copy(struct tf_node *dst, const struct tf_node *src)
{
	*dst = *src;
	dst->element = dup_or_null(src->element);
	dst->name = dup_or_null(src->name);
	dst->os_version = dup_or_null(src->os_version);
	dst->os_type = dup_or_null(src->os_type);
	dst->os_edition = dup_or_null(src->os_edition);
	dst->os_sp = dup_or_null(src->os_sp);
	dst->attrs = src->n_attrs ? xcalloc(src->n_attrs, sizeof(*dst->attrs)) : NULL;
	for (size_t i = 0; i < src->n_attrs; i++)
		dst->attrs[i] = xstrdup(src->attrs[i]);
	dst->kids = NULL;
	dst->n_kids = dst->alloc_kids = 0;
	for (size_t i = 0; i < src->n_kids; i++)
		node_copy(tf_add_kid(dst), &src->kids[i]);
}

static void node_reintern(struct tf_node *t, struct model *m)
{
	t->pos.file = model_intern(m, t->pos.file);
	for (size_t i = 0; i < t->n_kids; i++)
		node_reintern(&t->kids[i], m);
}

struct tf_node *tf_copy_into(const struct tf_node *t, struct model *m)
{
	struct tf_node *c = tf_copy(t);

	if (c)
		node_reintern(c, m);
	return c;
}

struct tf_node *tf_copy(const struct tf_node *t)
{
	struct tf_node *c;

	if (!t)
		return NULL;
	c = xcalloc(1, sizeof(*c));
	node_copy(c, t);
	return c;
}

static bool str_eq(const char *a, const char *b)
{
	return (!a && !b) || (a && b && !strcmp(a, b));
}

bool tf_equal(const struct tf_node *a, const struct tf_node *b)
{
	if (!a || !b)
		return a == b;
	if (a->kind != b->kind || a->or_ != b->or_ || a->not_ != b->not_ || a->dns != b->dns ||
	    a->user_context != b->user_context || a->period != b->period || a->dow != b->dow ||
	    a->day != b->day || a->month != b->month || a->year != b->year ||
	    a->begin != b->begin || a->end != b->end || a->n_kids != b->n_kids ||
	    a->n_attrs != b->n_attrs ||
	    memcmp(a->ip_min, b->ip_min, 16) || memcmp(a->ip_max, b->ip_max, 16) ||
	    (a->kind == TF_OTHER && !str_eq(a->element, b->element)) || !str_eq(a->name, b->name) ||
	    !str_eq(a->os_version, b->os_version) || !str_eq(a->os_type, b->os_type) ||
	    !str_eq(a->os_edition, b->os_edition) || !str_eq(a->os_sp, b->os_sp))
		return false;
	for (size_t i = 0; i < a->n_attrs; i++)
		if (strcmp(a->attrs[i], b->attrs[i]))
			return false;
	for (size_t i = 0; i < a->n_kids; i++)
		if (!tf_equal(&a->kids[i], &b->kids[i]))
			return false;
	return true;
}

bool tf_parse_ip(const char *s, uint8_t out[16])
{
	struct in_addr v4;
	struct in6_addr v6;

	if (inet_pton(AF_INET, s, &v4) == 1) {
		memset(out, 0, 10);
		out[10] = out[11] = 0xff;
		memcpy(out + 12, &v4, 4);
		return true;
	}
	if (inet_pton(AF_INET6, s, &v6) == 1) {
		memcpy(out, &v6, 16);
		return true;
	}
	return false;
}

/* --- leaves --------------------------------------------------------------- */

/* A leaf's own result (before not="1") and, in val, what the host has. */
static enum tf_value leaf_computer(const struct tf_node *t, const struct nu_host *h,
				   char *val, size_t n)
{
	const char *mine = !h ? NULL : t->dns ? h->dns_name : h->computer;

	if (!mine) {
		snprintf(val, n, "this host's %s name is not known",
			 t->dns ? "DNS" : "NetBIOS");
		return TF_UNKNOWN;
	}
	snprintf(val, n, "this host is '%s'", mine);
	return acc_name_match(t->name ? t->name : "", mine) ? TF_TRUE : TF_FALSE;
}

static enum tf_value leaf_domain(const struct tf_node *t, const struct nu_host *h,
				 char *val, size_t n)
{
	const char *want = t->name ? t->name : "";

	if (t->user_context) {
		snprintf(val, n, "userContext=\"1\" asks for the logged-on user's domain, "
			 "which accord cannot know");
		return TF_UNKNOWN;
	}
	if (!h || !h->domain_known) {
		snprintf(val, n, "this host's domain membership is not known");
		return TF_UNKNOWN;
	}
	if (!h->joined) {
		snprintf(val, n, "this host is in no domain (workgroup '%s')",
			 h->domain ? h->domain : "");
		return TF_FALSE;
	}
	snprintf(val, n, "this host is in domain '%s'%s%s%s", h->domain ? h->domain : "",
		 h->dns_domain ? " ('" : "", h->dns_domain ? h->dns_domain : "",
		 h->dns_domain ? "')" : "");
	return (h->domain && acc_name_eq(want, h->domain)) ||
	       (h->dns_domain && acc_name_eq(want, h->dns_domain)) ? TF_TRUE : TF_FALSE;
}

/* GPMC's FilterOs version tokens. Several products share a kernel version
 * (10.0 is Windows 10, 11 and Server 2016 to 2025): NetServerGetInfo cannot
 * tell them apart, so those compare as unknown when the version matches. */
static const struct os_token {
	const char *token;
	unsigned major, minor;
	int server;      /* 1 server, 0 workstation, -1 either */
	bool ambiguous;
} os_tokens[] = {
	{ "2K", 5, 0, -1, false },     { "XP", 5, 1, 0, false },
	{ "2K3", 5, 2, 1, false },     { "VISTA", 6, 0, 0, false },
	{ "2K8", 6, 0, 1, false },     { "WIN7", 6, 1, 0, false },
	{ "2K8R2", 6, 1, 1, false },   { "WIN8", 6, 2, 0, false },
	{ "2K12", 6, 2, 1, false },    { "WIN81", 6, 3, 0, false },
	{ "2K12R2", 6, 3, 1, false },  { "WIN10", 10, 0, 0, true },
	{ "WIN11", 10, 0, 0, true },   { "2K16", 10, 0, 1, true },
	{ "2K19", 10, 0, 1, true },    { "2K22", 10, 0, 1, true },
};

static bool os_any(const char *v)
{
	return !v || !*v || !strcmp(v, "NE");
}

static enum tf_value leaf_os(const struct tf_node *t, const struct nu_host *h, char *val, size_t n)
{
	const struct os_token *tok = NULL;
	enum tf_value v = TF_TRUE;

	if (!h || !h->os_known) {
		snprintf(val, n, "this host does not report its Windows version");
		return TF_UNKNOWN;
	}
	snprintf(val, n, "this host reports version %u.%u, %s", h->os_major, h->os_minor,
		 h->os_server ? "server" : "workstation");
	if (!os_any(t->os_version)) {
		for (size_t i = 0; i < sizeof(os_tokens) / sizeof(*os_tokens); i++)
			if (!strcmp(os_tokens[i].token, t->os_version))
				tok = &os_tokens[i];
		if (!tok)
			return TF_UNKNOWN;
		if (tok->major != h->os_major || tok->minor != h->os_minor ||
		    (tok->server >= 0 && tok->server != (int)h->os_server))
			return TF_FALSE;
		if (tok->ambiguous)
			v = TF_UNKNOWN;
	}
	if (!os_any(t->os_type) || !os_any(t->os_edition) || !os_any(t->os_sp))
		v = TF_UNKNOWN;  /* product type, edition and service pack are not reported */
	return v;
}

static enum tf_value leaf_iprange(const struct tf_node *t, const struct nu_host *h,
				  char *val, size_t n)
{
	uint8_t a[16];

	if (!h || !h->address || !tf_parse_ip(h->address, a)) {
		snprintf(val, n, "the address accord connects to is not known (local machine)");
		return TF_UNKNOWN;
	}
	snprintf(val, n, "accord connects to %s", h->address);
	return memcmp(a, t->ip_min, 16) >= 0 && memcmp(a, t->ip_max, 16) <= 0 ? TF_TRUE : TF_FALSE;
}

static const char *const dow_names[] = { "Sunday", "Monday", "Tuesday", "Wednesday",
					 "Thursday", "Friday", "Saturday" };

static enum tf_value leaf_date(const struct tf_node *t, const struct tm *tm, char *val, size_t n)
{
	snprintf(val, n, "accord's clock says %s %04d-%02d-%02d", dow_names[tm->tm_wday],
		 tm->tm_year + 1900, tm->tm_mon + 1, tm->tm_mday);
	switch (t->period) {
	case TFP_WEEKLY:
		return tm->tm_wday == t->dow ? TF_TRUE : TF_FALSE;
	case TFP_MONTHLY:
		return tm->tm_mday == t->day ? TF_TRUE : TF_FALSE;
	case TFP_YEARLY:
		return tm->tm_mon + 1 == t->month && tm->tm_mday == t->day ? TF_TRUE : TF_FALSE;
	case TFP_NONE:
		break;
	}
	return tm->tm_year + 1900 == t->year && tm->tm_mon + 1 == t->month &&
	       tm->tm_mday == t->day ? TF_TRUE : TF_FALSE;
}

static enum tf_value leaf_time(const struct tf_node *t, const struct tm *tm, char *val, size_t n)
{
	int s = tm->tm_hour * 3600 + tm->tm_min * 60 + tm->tm_sec;

	snprintf(val, n, "accord's clock says %02d:%02d:%02d", tm->tm_hour, tm->tm_min, tm->tm_sec);
	if (t->begin <= t->end)
		return s >= t->begin && s <= t->end ? TF_TRUE : TF_FALSE;
	return s >= t->begin || s <= t->end ? TF_TRUE : TF_FALSE;  /* wraps midnight */
}

struct ev {
	const struct tf_host *h;
	struct tm tm;
	bool unknown_match;
	bool clock;
};

static enum tf_value leaf(struct ev *e, const struct tf_node *t, char *val, size_t n)
{
	const struct nu_host *h = e->h->nu;

	switch (t->kind) {
	case TF_COMPUTER: return leaf_computer(t, h, val, n);
	case TF_DOMAIN:   return leaf_domain(t, h, val, n);
	case TF_OS:       return leaf_os(t, h, val, n);
	case TF_IPRANGE:  return leaf_iprange(t, h, val, n);
	case TF_DATE:     e->clock = true; return leaf_date(t, &e->tm, val, n);
	case TF_TIME:     e->clock = true; return leaf_time(t, &e->tm, val, n);
	case TF_COLLECTION:
	case TF_OTHER:    break;
	}
	snprintf(val, n, "accord cannot evaluate <%s> from where it runs",
		 t->element ? t->element : "?");
	return TF_UNKNOWN;
}

/* --- evaluation ----------------------------------------------------------- */

struct res {
	enum tf_value v;
	const struct tf_node *wit;  /* the leaf that decided */
};

static struct res eval_node(struct ev *e, const struct tf_node *t);

static struct res combine(struct res acc, bool or_, struct res r)
{
	enum tf_value absorb = or_ ? TF_TRUE : TF_FALSE;

	if (acc.v == absorb)
		return acc;
	if (r.v == absorb)
		return r;
	if (acc.v == TF_UNKNOWN)
		return acc;
	return r;  /* unknown, or both the neutral value: the newer decides */
}

static struct res eval_node(struct ev *e, const struct tf_node *t)
{
	struct res r = { TF_TRUE, NULL };
	char val[160];

	if (t->kind == TF_COLLECTION) {
		for (size_t i = 0; i < t->n_kids; i++) {
			struct res k = eval_node(e, &t->kids[i]);

			r = i ? combine(r, t->kids[i].or_, k) : k;
		}
	} else {
		r.v = leaf(e, t, val, sizeof(val));
		r.wit = t;
		if (r.v == TF_UNKNOWN && e->unknown_match)
			return r = (struct res){ TF_TRUE, t };  /* opt-in: true after not */
	}
	if (t->not_ && r.v != TF_UNKNOWN)
		r.v = r.v == TF_TRUE ? TF_FALSE : TF_TRUE;
	return r;
}

/* "FilterComputer NETBIOS 'WS01' (f.xml:4:9)" */
static void describe(const struct tf_node *t, char *out, size_t n)
{
	char what[96] = "";

	switch (t->kind) {
	case TF_COMPUTER:
		snprintf(what, sizeof(what), " %s '%s'", t->dns ? "DNS" : "NETBIOS",
			 t->name ? t->name : "");
		break;
	case TF_DOMAIN:
		snprintf(what, sizeof(what), " '%s'", t->name ? t->name : "");
		break;
	case TF_OS:
		snprintf(what, sizeof(what), " version '%s'", t->os_version ? t->os_version : "");
		break;
	default:
		break;
	}
	snprintf(out, n, "%s%s%s (%s:%u:%u)", t->element ? t->element : "filter", what,
		 t->not_ ? " not=\"1\"" : "", t->pos.file ? t->pos.file : "-", t->pos.line,
		 t->pos.col);
}

void tf_eval(const struct tf_node *t, const struct tf_host *h, bool unknown_match,
	     struct tf_verdict *out)
{
	struct ev e = { .h = h, .unknown_match = unknown_match };
	char desc[160], val[160];
	struct res r;

	memset(out, 0, sizeof(*out));
	out->applies = true;
	if (!t)
		return;
#ifdef _WIN32
	localtime_s(&e.tm, &h->now);
#else
	localtime_r(&h->now, &e.tm);
#endif
	r = eval_node(&e, t);
	out->clock = e.clock;
	out->filter = r.wit;
	out->applies = r.v == TF_TRUE;
	out->unknown = r.v == TF_UNKNOWN;
	if (out->applies || !r.wit)
		return;
	describe(r.wit, desc, sizeof(desc));
	leaf(&e, r.wit, val, sizeof(val));
	if (out->unknown)
		snprintf(out->why, sizeof(out->why), "%s cannot be evaluated: %s "
			 "(--gpp-unknown-filters=match counts it as true)", desc, val);
	else
		snprintf(out->why, sizeof(out->why), "%s excludes it: %s", desc, val);
}

/* --- selection ------------------------------------------------------------ */

static struct tf_skip *skip_add(struct model *m, bool group, const char *name, enum m_action a,
				struct src_pos pos, const char *why, bool unknown)
{
	struct tf_skip *s;

	XGROW(m->skipped, m->alloc_skipped, m->n_skipped + 1);
	s = &m->skipped[m->n_skipped++];
	s->group = group;
	s->name = xstrdup(name ? name : "");
	s->action = a;
	s->pos = pos;
	s->pos.file = model_intern(m, pos.file);
	s->why = xstrdup(why);
	s->unknown = unknown;
	return s;
}

void tf_skip_copy_into(const struct tf_skip *s, struct model *m)
{
	skip_add(m, s->group, s->name, s->action, s->pos, s->why, s->unknown);
}

bool model_has_targets(const struct model *m)
{
	for (size_t i = 0; i < m->n_users; i++)
		if (m->users[i].target)
			return true;
	for (size_t i = 0; i < m->n_groups; i++)
		if (m->groups[i].target)
			return true;
	return false;
}

size_t tf_select(struct model *m, const struct tf_host *h, bool unknown_match)
{
	struct tf_verdict v;
	size_t removed = 0;

	for (size_t i = 0; i < m->n_users;) {
		struct m_user *u = &m->users[i];

		tf_eval(u->target, h, unknown_match, &v);
		if (v.applies) {
			tf_free(u->target);  /* judged: the item is for this host */
			u->target = NULL;
			i++;
			continue;
		}
		skip_add(m, false, u->name, u->action, u->pos, v.why, v.unknown);
		model_remove_user(m, i);
		removed++;
	}
	for (size_t i = 0; i < m->n_groups;) {
		struct m_group *g = &m->groups[i];

		tf_eval(g->target, h, unknown_match, &v);
		if (v.applies) {
			tf_free(g->target);
			g->target = NULL;
			i++;
			continue;
		}
		skip_add(m, true, g->name ? g->name : g->sid, g->action, g->pos, v.why, v.unknown);
		model_remove_group(m, i);
		removed++;
	}
	return removed;
}
