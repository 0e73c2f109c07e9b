/* gpp_read.c: Groups.xml (MS-GPPREF 2.2.1.11) into the model, with libxml2.
 * Positions of nodes and attributes come from gpp_pos.c; the reader's SAX
 * start-element hook records, for each element, where its start tag was
 * parsed (see there). */
#include "formats.h"
#include "gpp.h"
#include "gpp_pos.h"
#include "gpp_rd.h"

#include "cpassword.h"
#include "diag.h"
#include "error.h"
#include "model.h"
#include "target.h"
#include "xalloc.h"

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/tree.h>

#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


/* Unknown attributes warned about by name on one element. */
#define RD_MAX_UNKNOWN 8

static const char *const item_attrs[] = {
	"clsid", "name", "image", "changed", "uid", "disabled", "desc",
	"bypassErrors", "userContext", "removePolicy", "status", NULL,
};

static const char *const user_attrs[] = {
	"action", "userName", "newName", "fullName", "description", "cpassword",
	"changeLogon", "noChange", "nochange", "neverExpires", "acctDisabled",
	"expires", "subAuthority", NULL,
};

static const char *const group_attrs[] = {
	"action", "groupName", "groupSid", "newName", "description",
	"deleteAllUsers", "deleteAllGroups", "removeAccounts", "userAction", NULL,
};

static const char *const member_attrs[] = { "name", "sid", "action", NULL };

/* --- diagnostics -------------------------------------------------------- */

void rd_diag(struct gpp_rd *r, enum diag_severity sev, struct src_pos p,
		    const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	diags_add(r->d, sev, p.file, p.line, p.col, "%s", msg);
}

/* A value quoted for a message: at most 40 bytes, cut on a character. */
const char *rd_quote(const char *v, char out[48])
{
	size_t n = strlen(v);

	if (n <= 40)
		return strcpy(out, v);
	n = 40;
	while (n > 0 && ((unsigned char)v[n] & 0xC0) == 0x80)
		n--;
	memcpy(out, v, n);
	strcpy(out + n, "...");
	return out;
}

/* --- libxml2 hooks ------------------------------------------------------ */

static void rd_sax_start(void *ctx, const xmlChar *localname, const xmlChar *prefix,
			 const xmlChar *uri, int nb_ns, const xmlChar **ns,
			 int nb_attrs, int nb_defaulted, const xmlChar **attrs)
{
	xmlParserCtxtPtr ctxt = ctx;
	struct gpp_rd *r = ctxt->_private;
	/* with a converter, offsets are not into our buffer (and costly) */
	bool raw = ctxt->input && !(ctxt->input->buf && ctxt->input->buf->encoder);
	long off = raw ? xmlByteConsumed(ctxt) : -1;

	r->sax_start(ctx, localname, prefix, uri, nb_ns, ns, nb_attrs, nb_defaulted, attrs);
	if (ctxt->node && off >= 0 && (unsigned long)off < r->src.len)
		ctxt->node->_private = (void *)(uintptr_t)(off + 1);
}

/* A DOCTYPE could declare entities; Groups.xml never has one, so stop. */
static void rd_sax_subset(void *ctx, const xmlChar *name, const xmlChar *ext,
			  const xmlChar *sys)
{
	xmlParserCtxtPtr ctxt = ctx;
	struct gpp_rd *r = ctxt->_private;

	(void)name, (void)ext, (void)sys;
	r->doctype = true;
	r->doctype_line = ctxt->input ? (unsigned)ctxt->input->line : 0;
	xmlStopParser(ctxt);
}

/* libxml2's structured errors: report the first one, positioned. */
static void rd_report_error(struct gpp_rd *r, xmlErrorPtr e)
{
	struct src_pos p = { r->src.file, 0, 0 };
	char msg[256];
	size_t n;

	if (r->xml_failed || r->doctype || e->level < XML_ERR_ERROR)
		return;
	r->xml_failed = true;
	snprintf(msg, sizeof(msg), "%s", e->message ? e->message : "parse error");
	n = strlen(msg);
	while (n > 0 && (msg[n - 1] == '\n' || msg[n - 1] == ' ' || msg[n - 1] == '.'))
		msg[--n] = '\0';
	if (msg[0] >= 'A' && msg[0] <= 'Z')
		msg[0] = (char)(msg[0] - 'A' + 'a');
	p.line = e->line > 0 ? (unsigned)e->line : 0;
	p.col = e->int2 > 0 ? (unsigned)e->int2 : 0;
	rd_diag(r, DIAG_ERROR, p, "malformed XML: %s", msg);
}

static void rd_sax_error(void *ctx, xmlErrorPtr e)
{
	xmlParserCtxtPtr ctxt = ctx;

	rd_report_error(ctxt->_private, e);
}

/* Errors raised outside the parser context (the encoding converters).
 * They carry no position, and where the parser stands is not where the bad
 * bytes are (libxml2 converts ahead), so the position stays unknown; the
 * message names the bytes. */
static void rd_global_error(void *r, xmlErrorPtr e)
{
	rd_report_error(r, e);
}

/* libxml2 prints some errors through its generic handler: library code
 * never prints, and the structured handlers above already report them. */
static void rd_silent(void *ctx, const char *fmt, ...)
{
	(void)ctx, (void)fmt;
}

/* --- attributes --------------------------------------------------------- */

static bool rd_known(const char *const *known, const char *name)
{
	for (; *known; known++)
		if (!strcmp(*known, name))
			return true;
	return false;
}

/* Warns about unknown attributes: a few by name, then a count, so that a
 * tag with thousands of them costs no more than one scan of it per name. */
void rd_check_attrs(struct gpp_rd *r, const xmlNode *n, const char *const *known)
{
	size_t unknown = 0;

	for (const xmlAttr *a = n->properties; a; a = a->next) {
		const char *name = (const char *)a->name;

		if (!a->ns && rd_known(known, name))
			continue;
		if (++unknown == RD_MAX_UNKNOWN + 1)
			rd_diag(r, DIAG_WARNING, gpp_node_pos(&r->src, n),
				"more unknown attributes on <%s> ignored", (const char *)n->name);
		if (unknown <= RD_MAX_UNKNOWN)
			rd_diag(r, DIAG_WARNING, gpp_attr_pos(&r->src, n, name),
				"unknown attribute '%s%s%s' on <%s> ignored",
				a->ns && a->ns->prefix ? (const char *)a->ns->prefix : "",
				a->ns && a->ns->prefix ? ":" : "", name, (const char *)n->name);
	}
}

/* The attribute's value as a heap string; NULL when absent. */
char *rd_attr(const xmlNode *n, const char *name)
{
	xmlChar *v = xmlGetNoNsProp(n, (const xmlChar *)name);
	char *s;

	if (!v)
		return NULL;
	s = xstrdup((const char *)v);
	xmlFree(v);
	return s;
}

/* An attribute where empty means "not stated": NULL for absent or "". */
char *rd_attr_set(const xmlNode *n, const char *name)
{
	char *s = rd_attr(n, name);

	if (s && !*s) {
		free(s);
		s = NULL;
	}
	return s;
}

/* "0"/"1"; absent is M_UNSET; anything else is an error (and M_UNSET). */
enum m_bool rd_bool(struct gpp_rd *r, const xmlNode *n, const char *name)
{
	char *v = rd_attr(n, name), q[48];
	enum m_bool b = M_UNSET;

	if (!v)
		return M_UNSET;
	if (!strcmp(v, "1"))
		b = M_TRUE;
	else if (!strcmp(v, "0"))
		b = M_FALSE;
	else
		rd_diag(r, DIAG_ERROR, gpp_attr_pos(&r->src, n, name),
			"%s=\"%s\" is not a boolean; use \"0\" or \"1\"", name, rd_quote(v, q));
	free(v);
	return b;
}

static enum m_action rd_action(struct gpp_rd *r, const xmlNode *n)
{
	char *v = rd_attr(n, "action"), q[48];
	enum m_action a = M_UPDATE;

	if (!v || !*v || !strcmp(v, "U"))
		a = M_UPDATE;
	else if (!strcmp(v, "C"))
		a = M_CREATE;
	else if (!strcmp(v, "R"))
		a = M_REPLACE;
	else if (!strcmp(v, "D"))
		a = M_DELETE;
	else
		rd_diag(r, DIAG_ERROR, gpp_attr_pos(&r->src, n, "action"),
			"action=\"%s\" is not an action; use C (create), R (replace), "
			"U (update) or D (delete)", rd_quote(v, q));
	free(v);
	return a;
}

/* Drops GPMC's " (built-in)" label from a name, in place; every copy of
 * it, so that what the writer labels again reads back the same. */
static void rd_strip_builtin(char *name)
{
	size_t n, k = strlen(GPP_BUILTIN_SUFFIX);

	if (!name)
		return;
	n = strlen(name);
	while (n > k && !strcmp(name + n - k, GPP_BUILTIN_SUFFIX)) {
		n -= k;
		name[n] = '\0';
	}
}

int rd_days_in_month(int y, int mo)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	if (mo == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return days[mo - 1];
}

/* YYYY-MM-DD, a real calendar date. */
static bool rd_parse_date(const char *s, struct m_expiry *e)
{
	int v[3] = { 0, 0, 0 }, widths[3] = { 4, 2, 2 };
	const char *p = s;

	for (int f = 0; f < 3; f++) {
		for (int i = 0; i < widths[f]; i++, p++) {
			if (*p < '0' || *p > '9')
				return false;
			v[f] = v[f] * 10 + (*p - '0');
		}
		if (f < 2 && *p++ != '-')
			return false;
	}
	if (*p || v[0] < 1 || v[1] < 1 || v[1] > 12 || v[2] < 1 ||
	    v[2] > rd_days_in_month(v[0], v[1]))
		return false;
	e->kind = EXP_DATE;
	e->year = v[0];
	e->month = v[1];
	e->day = v[2];
	return true;
}

/* --- items -------------------------------------------------------------- */

bool rd_is_elem(const xmlNode *n, const char *name)
{
	return n->type == XML_ELEMENT_NODE && !n->ns && !strcmp((const char *)n->name, name);
}

void rd_unknown_elem(struct gpp_rd *r, const xmlNode *n, const xmlNode *parent)
{
	rd_diag(r, DIAG_WARNING, gpp_node_pos(&r->src, n), "unknown element <%s> in <%s> ignored",
		(const char *)n->name, (const char *)parent->name);
}

static void rd_user_password(struct gpp_rd *r, const xmlNode *props, struct m_user *u)
{
	char *v = rd_attr_set(props, "cpassword"), *plain = NULL;
	struct src_pos p = gpp_attr_pos(&r->src, props, "cpassword");
	struct acc_error err = { 0 };

	if (!v)
		return;
	/* decrypted once, only to report a broken cpassword here and now */
	if (cpassword_decrypt(v, &plain, r->d, &p, &err) < 0)
		rd_diag(r, DIAG_ERROR, p, "user '%s': %s", u->name, err.msg);
	cpassword_free(plain);
	u->password.kind = PW_CPASSWORD;
	u->password.ref = v;
}

static void rd_user_expiry(struct gpp_rd *r, const xmlNode *props, struct m_user *u)
{
	char *v = rd_attr_set(props, "expires"), q[48];

	if (!v)
		return;
	if (u->password_never_expires == M_TRUE)
		rd_diag(r, DIAG_WARNING, gpp_attr_pos(&r->src, props, "expires"),
			"expires=\"%s\" of user '%s' is ignored: neverExpires=\"1\" "
			"supersedes it (MS-GPPREF 2.2.1.11.2)", rd_quote(v, q), u->name);
	else if (!rd_parse_date(v, &u->expires))
		rd_diag(r, DIAG_ERROR, gpp_attr_pos(&r->src, props, "expires"),
			"expires=\"%s\" is not a date; use YYYY-MM-DD (a real calendar day)",
			rd_quote(v, q));
	free(v);
}

static void rd_user_builtin(struct gpp_rd *r, const xmlNode *props, struct m_user *u)
{
	char *v = rd_attr_set(props, "subAuthority"), q[48];

	if (!v)
		return;
	if (!strcmp(v, "RID_ADMIN"))
		u->builtin = BUILTIN_ADMIN;
	else if (!strcmp(v, "RID_GUEST"))
		u->builtin = BUILTIN_GUEST;
	else
		rd_diag(r, DIAG_ERROR, gpp_attr_pos(&r->src, props, "subAuthority"),
			"subAuthority=\"%s\" is not known; use RID_ADMIN or RID_GUEST",
			rd_quote(v, q));
	free(v);
}

static void rd_user(struct gpp_rd *r, const xmlNode *item, const xmlNode *props)
{
	char *name = rd_attr_set(props, "userName");
	struct m_user *u;

	rd_check_attrs(r, props, user_attrs);
	rd_strip_builtin(name);
	if (!name || !*name) {
		rd_diag(r, DIAG_ERROR, gpp_node_pos(&r->src, props),
			"<User> has no userName; name the local user it manages");
		free(name);
		return;
	}
	u = model_add_user(r->m);
	u->pos = gpp_node_pos(&r->src, item);
	u->name = name;
	u->action = rd_action(r, props);
	u->new_name = rd_attr_set(props, "newName");
	u->full_name = rd_attr_set(props, "fullName");
	u->description = rd_attr_set(props, "description");
	u->must_change_password = rd_bool(r, props, "changeLogon");
	u->cannot_change_password = rd_bool(r, props, "noChange");
	if (u->cannot_change_password == M_UNSET)
		u->cannot_change_password = rd_bool(r, props, "nochange");
	u->password_never_expires = rd_bool(r, props, "neverExpires");
	u->disabled = rd_bool(r, props, "acctDisabled");
	rd_user_expiry(r, props, u);
	rd_user_builtin(r, props, u);
	rd_user_password(r, props, u);
}

static void rd_member(struct gpp_rd *r, const xmlNode *n, struct m_group *g)
{
	char *name = rd_attr_set(n, "name"), *sid = rd_attr_set(n, "sid");
	char *action = rd_attr(n, "action"), q[48];
	struct m_member *mb;

	rd_check_attrs(r, n, member_attrs);
	if (!name && !sid) {
		rd_diag(r, DIAG_ERROR, gpp_node_pos(&r->src, n),
			"<Member> has neither name nor sid; give at least one");
		goto out;
	}
	mb = m_group_add_member(g);
	mb->pos = gpp_node_pos(&r->src, n);
	mb->name = name;
	mb->sid = sid;
	name = sid = NULL;
	if (action && !strcmp(action, "REMOVE"))
		mb->action = MEM_REMOVE;
	else if (!action || strcmp(action, "ADD"))
		rd_diag(r, DIAG_ERROR, gpp_attr_pos(&r->src, n, "action"),
			"<Member> action=\"%s\" is not ADD or REMOVE",
			action ? rd_quote(action, q) : "");
out:
	free(name);
	free(sid);
	free(action);
}

static void rd_members(struct gpp_rd *r, const xmlNode *list, struct m_group *g)
{
	rd_check_attrs(r, list, (const char *const[]){ NULL });
	for (const xmlNode *c = list->children; c; c = c->next) {
		if (rd_is_elem(c, "Member"))
			rd_member(r, c, g);
		else if (c->type == XML_ELEMENT_NODE)
			rd_unknown_elem(r, c, list);
	}
}

/* Attributes Groups.xml can hold that accord does not act on. */
static void rd_group_unsupported(struct gpp_rd *r, const xmlNode *props)
{
	static const char *const attrs[] = { "removeAccounts", "userAction" };

	for (size_t i = 0; i < sizeof(attrs) / sizeof(*attrs); i++) {
		char *v = rd_attr_set(props, attrs[i]);

		if (v && strcmp(v, "0"))
			rd_diag(r, DIAG_WARNING, gpp_attr_pos(&r->src, props, attrs[i]),
				"%s is not supported (it concerns the logged-on user) and is ignored",
				attrs[i]);
		free(v);
	}
}

static void rd_group(struct gpp_rd *r, const xmlNode *item, const xmlNode *props)
{
	char *name = rd_attr_set(props, "groupName"), *sid = rd_attr_set(props, "groupSid");
	struct m_group *g;
	bool has_add = false;

	rd_check_attrs(r, props, group_attrs);
	rd_strip_builtin(name);
	if ((!name || !*name) && !sid) {
		rd_diag(r, DIAG_ERROR, gpp_node_pos(&r->src, props),
			"<Group> has neither groupName nor groupSid; give at least one");
		free(name);
		return;
	}
	g = model_add_group(r->m);
	g->pos = gpp_node_pos(&r->src, item);
	g->name = name && *name ? name : NULL;
	if (!g->name)
		free(name);
	g->sid = sid;
	g->action = rd_action(r, props);
	g->new_name = rd_attr_set(props, "newName");
	g->description = rd_attr_set(props, "description");
	g->delete_all_users = rd_bool(r, props, "deleteAllUsers") == M_TRUE;
	g->delete_all_groups = rd_bool(r, props, "deleteAllGroups") == M_TRUE;
	rd_group_unsupported(r, props);
	for (const xmlNode *c = props->children; c; c = c->next) {
		if (rd_is_elem(c, "Members"))
			rd_members(r, c, g);
		else if (c->type == XML_ELEMENT_NODE && !rd_is_elem(c, "Filters"))
			rd_unknown_elem(r, c, props);
	}
	for (size_t i = 0; i < g->n_members; i++)
		has_add |= g->members[i].action == MEM_ADD;
	g->exact = g->delete_all_users && g->delete_all_groups && has_add;
}

/* The item's <Filters>: GPMC writes it beside <Properties>, MS-GPPREF's
 * sample (4.2.21) inside it; either is read, but only one per item. */
static void rd_item_filters(struct gpp_rd *r, const xmlNode *c, struct tf_node **target,
			    bool *seen)
{
	if (*seen) {
		rd_diag(r, DIAG_ERROR, gpp_node_pos(&r->src, c),
			"a second <Filters> on one item; put every filter in one <Filters>");
		return;
	}
	*seen = true;
	*target = gpp_read_filters(r, c);
}

/* One <User> or <Group>: its own attributes, its targeting, then
 * <Properties>. */
static void rd_item(struct gpp_rd *r, const xmlNode *item, bool user)
{
	const xmlNode *props = NULL;
	struct tf_node *target = NULL;
	size_t before = user ? r->m->n_users : r->m->n_groups;
	bool filters = false;

	rd_check_attrs(r, item, item_attrs);
	if (rd_bool(r, item, "disabled") == M_TRUE)
		return; /* GPMC's "disable this item": it does not apply */
	for (const xmlNode *c = item->children; c; c = c->next) {
		if (rd_is_elem(c, "Properties") && !props) {
			props = c;
		} else if (rd_is_elem(c, "Properties")) {
			rd_diag(r, DIAG_ERROR, gpp_node_pos(&r->src, c),
				"<%s> has a second <Properties>; an item has exactly one",
				(const char *)item->name);
		} else if (rd_is_elem(c, "Filters")) {
			rd_item_filters(r, c, &target, &filters);
		} else if (c->type == XML_ELEMENT_NODE) {
			rd_unknown_elem(r, c, item);
		}
	}
	for (const xmlNode *c = props ? props->children : NULL; c; c = c->next)
		if (rd_is_elem(c, "Filters"))
			rd_item_filters(r, c, &target, &filters);
	if (!props)
		rd_diag(r, DIAG_ERROR, gpp_node_pos(&r->src, item),
			"<%s> has no <Properties>; the settings of an item are its "
			"<Properties> attributes", (const char *)item->name);
	else if (user)
		rd_user(r, item, props);
	else
		rd_group(r, item, props);
	if (user && r->m->n_users > before)
		r->m->users[before].target = target;
	else if (!user && r->m->n_groups > before)
		r->m->groups[before].target = target;
	else
		tf_free(target);
}

static void rd_root(struct gpp_rd *r, const xmlNode *root)
{
	if (!rd_is_elem(root, "Groups")) {
		rd_diag(r, DIAG_ERROR, gpp_node_pos(&r->src, root),
			"root element is <%s>; a Groups.xml starts with <Groups>",
			(const char *)root->name);
		return;
	}
	rd_check_attrs(r, root, (const char *const[]){ "clsid", "disabled", NULL });
	if (rd_bool(r, root, "disabled") == M_TRUE) {
		rd_diag(r, DIAG_WARNING, gpp_node_pos(&r->src, root),
			"the whole collection is disabled (disabled=\"1\"): nothing applies");
		return;
	}
	for (const xmlNode *c = root->children; c; c = c->next) {
		if (rd_is_elem(c, "User"))
			rd_item(r, c, true);
		else if (rd_is_elem(c, "Group"))
			rd_item(r, c, false);
		else if (c->type == XML_ELEMENT_NODE)
			rd_unknown_elem(r, c, root);
	}
}

/* --- entry points ------------------------------------------------------- */

static xmlDocPtr rd_parse(struct gpp_rd *r)
{
	xmlGenericErrorFunc old_generic = xmlGenericError;
	void *old_generic_ctx = xmlGenericErrorContext;
	xmlStructuredErrorFunc old_structured = xmlStructuredError;
	void *old_structured_ctx = xmlStructuredErrorContext;
	xmlParserCtxtPtr ctxt = NULL;
	xmlDocPtr doc = NULL;

	xmlSetGenericErrorFunc(NULL, rd_silent);
	xmlSetStructuredErrorFunc(r, rd_global_error);
	ctxt = xmlCreateMemoryParserCtxt(r->src.buf, (int)r->src.len);
	if (!ctxt)
		goto out;
	ctxt->_private = r;
	r->sax_start = ctxt->sax->startElementNs;
	ctxt->sax->startElementNs = rd_sax_start;
	ctxt->sax->internalSubset = rd_sax_subset;
	ctxt->sax->serror = rd_sax_error;
	/* no network, no external entities, no DTD loading, no error printing */
	xmlCtxtUseOptions(ctxt, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	xmlParseDocument(ctxt);
	doc = ctxt->myDoc;
	ctxt->myDoc = NULL;
	if (r->doctype) {
		struct src_pos p = { r->src.file, r->doctype_line, 0 };
		const char *dt = memmem(r->src.buf, r->src.len, "<!DOCTYPE", 9);

		if (dt)
			gpp_src_offset_pos(&r->src, (size_t)(dt - r->src.buf), &p);
		rd_diag(r, DIAG_ERROR, p, "a DOCTYPE is not allowed in Groups.xml; remove it");
	} else if (!ctxt->wellFormed && !r->xml_failed) {
		struct src_pos p = { r->src.file, 0, 0 };

		rd_diag(r, DIAG_ERROR, p, "malformed XML");
	}
	if (r->doctype || !ctxt->wellFormed) {
		xmlFreeDoc(doc);
		doc = NULL;
	}
out:
	xmlFreeParserCtxt(ctxt);
	xmlSetGenericErrorFunc(old_generic_ctx, old_generic);
	xmlSetStructuredErrorFunc(old_structured_ctx, old_structured);
	return doc;
}

int gpp_read_buf(const char *buf, size_t len, const char *name,
		 struct model *m, struct diags *d, struct acc_error *err)
{
	struct gpp_rd r = { 0 };
	size_t errors = d->n_errors;
	xmlDocPtr doc = NULL;
	xmlNodePtr root;
	int rc = -1;

	if (len > GPP_MAX_FILE) {
		acc_fail(err, ACC_EPARSE, 0, "%s: %zu bytes is too large for a Groups.xml "
			 "(limit %u)", name, len, GPP_MAX_FILE);
		goto out;
	}
	if (len == 0) {
		struct src_pos p = { model_intern(m, name), 1, 1 };

		diags_add(d, DIAG_ERROR, p.file, p.line, p.col,
			  "the file is empty; a Groups.xml starts with <Groups>");
		acc_fail(err, ACC_EPARSE, 0, "%s: 1 error", name);
		goto out;
	}
	xmlInitParser();
	r.src.buf = buf;
	r.src.len = len;
	r.src.file = model_intern(m, name);
	r.m = m;
	r.d = d;
	gpp_src_index(&r.src);
	doc = rd_parse(&r);
	if (doc) {
		root = xmlDocGetRootElement(doc);
		if (root)
			rd_root(&r, root);
	} else if (d->n_errors == errors) {
		struct src_pos p = { r.src.file, 0, 0 };

		rd_diag(&r, DIAG_ERROR, p, "cannot parse the XML (libxml2 gave no reason)");
	}
	if (d->n_errors == errors)
		rc = 0;
	else
		acc_fail(err, ACC_EPARSE, 0, "%s: %zu error%s", name, d->n_errors - errors,
			 d->n_errors - errors == 1 ? "" : "s");
out:
	xmlFreeDoc(doc);
	free(r.src.lines);
	return rc;
}

int gpp_read_file(const char *path, struct model *m, struct diags *d,
		  struct acc_error *err)
{
	return formats_read_file(path, FORMAT_GPP, m, d, err);
}
