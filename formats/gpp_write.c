/* gpp_write.c: the model as a Groups.xml that GPMC and gpp_read.c accept. */
#include "formats.h"
#include "gpp.h"

#include "diag.h"
#include "error.h"
#include "model.h"
#include "strbuf.h"
#include "target.h"
#include "xalloc.h"

#include <openssl/evp.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef _WIN32
#include <ws2tcpip.h>
#else
#include <arpa/inet.h>
#endif

struct gpp_wr {
	struct strbuf *out;
	struct diags *d;
	size_t n_diags;
};

static void wr_lost(struct gpp_wr *w, const struct src_pos *p, const char *kind,
		    const char *name, const char *what)
{
	diags_add(w->d, DIAG_WARNING, p->file, p->line, p->col,
		  "%s '%s': %s cannot be expressed in Groups.xml and is left out",
		  kind, name ? name : "?", what);
	w->n_diags++;
}

/* An attribute value: XML-escaped, with tabs and line ends as character
 * references so that attribute-value normalisation keeps them. */
static void wr_attr(struct gpp_wr *w, const char *name, const char *value)
{
	sb_addf(w->out, " %s=\"", name);
	for (const char *p = value; *p; p++) {
		switch (*p) {
		case '&': sb_adds(w->out, "&amp;"); break;
		case '<': sb_adds(w->out, "&lt;"); break;
		case '>': sb_adds(w->out, "&gt;"); break;
		case '"': sb_adds(w->out, "&quot;"); break;
		case '\t': sb_adds(w->out, "&#9;"); break;
		case '\n': sb_adds(w->out, "&#10;"); break;
		case '\r': sb_adds(w->out, "&#13;"); break;
		default: sb_addc(w->out, *p);
		}
	}
	sb_addc(w->out, '"');
}

/* A string field: written when stated; "set to empty" has no spelling,
 * because readers (GPMC's too) take an empty attribute as "not stated". */
static void wr_str(struct gpp_wr *w, const char *attr, const char *value,
		   const struct src_pos *p, const char *kind, const char *item)
{
	char what[64];

	if (!value)
		return;
	if (*value) {
		wr_attr(w, attr, value);
		return;
	}
	snprintf(what, sizeof(what), "an empty %s", attr);
	wr_lost(w, p, kind, item, what);
}

static void wr_bool(struct gpp_wr *w, const char *attr, enum m_bool b)
{
	if (b != M_UNSET)
		wr_attr(w, attr, b == M_TRUE ? "1" : "0");
}

/* A stable uid per item, so that writing the same model twice gives the
 * same file: a GUID made of the SHA-256 of the item's kind and name. */
static void wr_uid(struct gpp_wr *w, const char *kind, const char *name)
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int n = 0;
	char hex[33], guid[40];
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();

	memset(md, 0, sizeof(md));
	if (ctx && EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) == 1 &&
	    EVP_DigestUpdate(ctx, kind, strlen(kind) + 1) == 1 &&
	    EVP_DigestUpdate(ctx, name, strlen(name)) == 1)
		EVP_DigestFinal_ex(ctx, md, &n);
	EVP_MD_CTX_free(ctx);
	for (int i = 0; i < 16; i++)
		snprintf(hex + 2 * i, 3, "%02X", md[i]);
	snprintf(guid, sizeof(guid), "{%.8s-%.4s-%.4s-%.4s-%.12s}", hex, hex + 8, hex + 12,
		 hex + 16, hex + 20);
	wr_attr(w, "uid", guid);
}

/* <User|Group clsid= name= image= uid=>: image is GPMC's icon per action. */
static void wr_item_open(struct gpp_wr *w, const char *elem, const char *clsid,
			 const char *label, int action)
{
	static const char *const images[] = { "2", "0", "1", "3" }; /* U C R D */

	sb_addf(w->out, "\t<%s", elem);
	wr_attr(w, "clsid", clsid);
	wr_attr(w, "name", label);
	wr_attr(w, "image", images[action >= 0 && action < 4 ? action : 0]);
	wr_uid(w, elem, label);
	sb_adds(w->out, ">\n\t\t<Properties");
	wr_attr(w, "action", gpp_action_letter(action));
}

static const char *wr_pw_lost(const struct m_password *pw);

/* --- targeting: the tree back as <Filters> (MS-GPPREF 2.2.1.22) --------- */

static const char *const wr_filter_names[] = {
	[TF_COLLECTION] = "FilterCollection", [TF_COMPUTER] = "FilterComputer",
	[TF_DOMAIN] = "FilterDomain", [TF_OS] = "FilterOs", [TF_IPRANGE] = "FilterIpRange",
	[TF_DATE] = "FilterDate", [TF_TIME] = "FilterTime",
};

static void wr_opt(struct gpp_wr *w, const char *name, const char *value)
{
	if (value)
		wr_attr(w, name, value);
}

static void wr_ip(struct gpp_wr *w, const char *name, const uint8_t ip[16])
{
	static const uint8_t v4[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff };
	char buf[INET6_ADDRSTRLEN];

	if (!memcmp(ip, v4, 12))
		inet_ntop(AF_INET, ip + 12, buf, sizeof(buf));
	else
		inet_ntop(AF_INET6, ip, buf, sizeof(buf));
	wr_attr(w, name, buf);
}

static void wr_filter_attrs(struct gpp_wr *w, const struct tf_node *t)
{
	static const char *const periods[] = { "NONE", "WEEKLY", "MONTHLY", "YEARLY" };
	static const char *const dows[] = { "SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT" };
	char buf[32];

	switch (t->kind) {
	case TF_COLLECTION: wr_opt(w, "name", t->name); break;
	case TF_COMPUTER:
		wr_attr(w, "type", t->dns ? "DNS" : "NETBIOS");
		wr_opt(w, "name", t->name);
		break;
	case TF_DOMAIN:
		wr_opt(w, "name", t->name);
		wr_attr(w, "userContext", t->user_context ? "1" : "0");
		break;
	case TF_OS:
		wr_attr(w, "class", "NT");
		wr_opt(w, "version", t->os_version);
		wr_opt(w, "type", t->os_type);
		wr_opt(w, "edition", t->os_edition);
		wr_opt(w, "sp", t->os_sp);
		break;
	case TF_IPRANGE:
		wr_ip(w, "min", t->ip_min);
		wr_ip(w, "max", t->ip_max);
		wr_attr(w, "useIPv6", t->dns ? "1" : "0");
		break;
	case TF_DATE:
		wr_attr(w, "period", periods[t->period]);
		if (t->period == TFP_WEEKLY)
			wr_attr(w, "dow", dows[t->dow % 7]);
		snprintf(buf, sizeof(buf), "%d", t->day);
		if (t->period != TFP_WEEKLY)
			wr_attr(w, "day", buf);
		snprintf(buf, sizeof(buf), "%d", t->month);
		if (t->period == TFP_YEARLY || t->period == TFP_NONE)
			wr_attr(w, "month", buf);
		snprintf(buf, sizeof(buf), "%d", t->year);
		if (t->period == TFP_NONE)
			wr_attr(w, "year", buf);
		break;
	case TF_TIME:
		snprintf(buf, sizeof(buf), "%02d:%02d:%02d", t->begin / 3600 % 24,
			 t->begin / 60 % 60, t->begin % 60);
		wr_attr(w, "begin", buf);
		snprintf(buf, sizeof(buf), "%02d:%02d:%02d", t->end / 3600 % 24, t->end / 60 % 60,
			 t->end % 60);
		wr_attr(w, "end", buf);
		break;
	case TF_OTHER:
		for (size_t i = 0; i + 1 < t->n_attrs; i += 2)
			wr_attr(w, t->attrs[i], t->attrs[i + 1]);
		break;
	}
}

static void wr_filter(struct gpp_wr *w, const struct tf_node *t, unsigned depth)
{
	const char *el = t->kind == TF_OTHER ? t->element : wr_filter_names[t->kind];

	for (unsigned i = 0; i < depth; i++)
		sb_addc(w->out, '\t');
	sb_addf(w->out, "<%s", el);
	wr_attr(w, "bool", t->or_ ? "OR" : "AND");
	wr_attr(w, "not", t->not_ ? "1" : "0");
	wr_filter_attrs(w, t);
	if (!t->n_kids) {
		sb_adds(w->out, "/>\n");
		return;
	}
	sb_adds(w->out, ">\n");
	for (size_t i = 0; i < t->n_kids; i++)
		wr_filter(w, &t->kids[i], depth + 1);
	for (unsigned i = 0; i < depth; i++)
		sb_addc(w->out, '\t');
	sb_addf(w->out, "</%s>\n", el);
}

/* The item's tree as <Filters>: the root is the list itself. */
static void wr_filters(struct gpp_wr *w, const struct tf_node *t)
{
	if (!t)
		return;
	sb_adds(w->out, "\t\t<Filters>\n");
	for (size_t i = 0; i < t->n_kids; i++)
		wr_filter(w, &t->kids[i], 3);
	sb_adds(w->out, "\t\t</Filters>\n");
}

static void wr_user_password(struct gpp_wr *w, const struct m_user *u)
{
	switch (u->password.kind) {
	case PW_CPASSWORD:
		/* already in the file's own (public-key) form; nothing new leaks */
		wr_attr(w, "cpassword", u->password.ref);
		break;
	case PW_ENV: case PW_FILE: case PW_LITERAL:
		wr_lost(w, &u->pos, "user", u->name, wr_pw_lost(&u->password));
		break;
	case PW_NONE:
		break;
	}
}

/* What struct m_user can state and Groups.xml cannot. */
static void wr_user_lost(struct gpp_wr *w, const struct m_user *u)
{
	const struct { bool set; const char *what; } lost[] = {
		{ u->usr_comment != NULL, "usr_comment" },
		{ u->password_update == PWU_ON_CREATE, "a password set on create only" },
		{ u->home_dir != NULL, "home_dir" },
		{ u->logon_script != NULL, "logon_script" },
		{ u->profile != NULL, "profile" },
		{ u->n_groups > 0, "a list of groups (use Group items with members)" },
		{ u->expires.kind == EXP_NEVER, "an account that never expires" },
		{ u->expires.kind == EXP_DATE && u->password_never_expires == M_TRUE,
		  "an expiry date beside neverExpires=\"1\" (GPP ignores it)" },
		{ u->override_protection, "override_protection" },
	};

	for (size_t i = 0; i < sizeof(lost) / sizeof(*lost); i++)
		if (lost[i].set)
			wr_lost(w, &u->pos, "user", u->name, lost[i].what);
}

static void wr_user(struct gpp_wr *w, const struct m_user *u)
{
	const char *name = u->name ? u->name : "";
	char *label = u->builtin ? xasprintf("%s%s", name, GPP_BUILTIN_SUFFIX) : xstrdup(name);
	char date[16];

	wr_item_open(w, "User", GPP_CLSID_USER, label, u->action);
	wr_str(w, "newName", u->new_name, &u->pos, "user", name);
	wr_str(w, "fullName", u->full_name, &u->pos, "user", name);
	wr_str(w, "description", u->description, &u->pos, "user", name);
	wr_user_password(w, u);
	wr_bool(w, "changeLogon", u->must_change_password);
	wr_bool(w, "noChange", u->cannot_change_password);
	wr_bool(w, "neverExpires", u->password_never_expires);
	wr_bool(w, "acctDisabled", u->disabled);
	if (u->expires.kind == EXP_DATE && u->password_never_expires != M_TRUE) {
		snprintf(date, sizeof(date), "%04d-%02d-%02d", u->expires.year % 10000,
			 u->expires.month % 100, u->expires.day % 100);
		wr_attr(w, "expires", date);
	}
	if (u->builtin != BUILTIN_NONE)
		wr_attr(w, "subAuthority", u->builtin == BUILTIN_ADMIN ? "RID_ADMIN" : "RID_GUEST");
	wr_attr(w, "userName", label);
	sb_adds(w->out, "/>\n");
	wr_filters(w, u->target);
	sb_adds(w->out, "\t</User>\n");
	wr_user_lost(w, u);
	free(label);
}

static void wr_members(struct gpp_wr *w, const struct m_group *g)
{
	sb_adds(w->out, ">\n\t\t\t<Members>\n");
	for (size_t i = 0; i < g->n_members; i++) {
		const struct m_member *mb = &g->members[i];

		sb_adds(w->out, "\t\t\t\t<Member");
		if (mb->name)
			wr_attr(w, "name", mb->name);
		wr_attr(w, "action", mb->action == MEM_REMOVE ? "REMOVE" : "ADD");
		if (mb->sid)
			wr_attr(w, "sid", mb->sid);
		sb_adds(w->out, "/>\n");
	}
	sb_adds(w->out, "\t\t\t</Members>\n\t\t</Properties>\n");
}

static void wr_group(struct gpp_wr *w, const struct m_group *g)
{
	const char *name = g->name ? g->name : g->sid ? g->sid : "";
	/* GPMC labels the groups of the BUILTIN domain so */
	bool builtin = g->name && g->sid && !strncmp(g->sid, "S-1-5-32-", 9);
	char *label = builtin ? xasprintf("%s%s", name, GPP_BUILTIN_SUFFIX) : xstrdup(name);

	wr_item_open(w, "Group", GPP_CLSID_GROUP, label, g->action);
	wr_str(w, "newName", g->new_name, &g->pos, "group", name);
	wr_str(w, "description", g->description, &g->pos, "group", name);
	/* an exact list is GPP's "delete all members, then add these" */
	wr_attr(w, "deleteAllUsers", g->delete_all_users || g->exact ? "1" : "0");
	wr_attr(w, "deleteAllGroups", g->delete_all_groups || g->exact ? "1" : "0");
	if (g->sid)
		wr_attr(w, "groupSid", g->sid);
	if (g->name)
		wr_attr(w, "groupName", label);
	if (g->n_members)
		wr_members(w, g);
	else
		sb_adds(w->out, "/>\n");
	wr_filters(w, g->target);
	sb_adds(w->out, "\t</Group>\n");
	if (g->override_protection)
		wr_lost(w, &g->pos, "group", name, "override_protection");
	free(label);
}

size_t gpp_write_diags(const struct model *m, struct strbuf *out, struct diags *d)
{
	struct gpp_wr w = { out, d, 0 };
	struct src_pos nopos = { NULL, 0, 0 };

	sb_adds(out, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<Groups");
	wr_attr(&w, "clsid", GPP_CLSID_GROUPS);
	sb_adds(out, ">\n");
	for (size_t i = 0; i < m->n_users; i++)
		wr_user(&w, &m->users[i]);
	for (size_t i = 0; i < m->n_groups; i++)
		wr_group(&w, &m->groups[i]);
	sb_adds(out, "</Groups>\n");
	if (m->policy.unmanaged != UNMANAGED_IGNORE)
		wr_lost(&w, &nopos, "policy", "unmanaged", "an unmanaged-accounts policy");
	if (m->policy.n_protected)
		wr_lost(&w, &nopos, "policy", "protected", "a list of protected accounts");
	return w.n_diags;
}

/* A password Groups.xml cannot carry; NULL when it can (or there is none). */
static const char *wr_pw_lost(const struct m_password *pw)
{
	switch (pw->kind) {
	case PW_ENV: return "an {env:} password";
	case PW_FILE: return "a {file:} password";
	case PW_LITERAL: return "a literal password";
	case PW_CPASSWORD: case PW_NONE: break;
	}
	return NULL;
}

int gpp_write(const struct model *m, struct strbuf *out,
	      struct formats_pw_refs *refs, struct acc_error *err)
{
	struct diags d = DIAGS_INIT;

	(void)refs; /* Groups.xml has no env references */
	for (size_t i = 0; i < m->n_users; i++) {
		const struct m_user *u = &m->users[i];
		const char *what = wr_pw_lost(&u->password);

		if (what)
			return acc_fail(err, ACC_EINVAL, 0,
					"%s:%u:%u: user '%s' has %s, which Groups.xml cannot hold "
					"(only a cpassword, whose key is public); keep this file in YAML",
					u->pos.file ? u->pos.file : "-", u->pos.line, u->pos.col,
					u->name ? u->name : "?", what);
	}
	/* everything else that is lost is "not managed", which is safe */
	gpp_write_diags(m, out, &d);
	diags_release(&d);
	return 0;
}

const char *gpp_action_letter(int action)
{
	switch ((enum m_action)action) {
	case M_CREATE: return "C";
	case M_REPLACE: return "R";
	case M_DELETE: return "D";
	case M_UPDATE: break;
	}
	return "U";
}
