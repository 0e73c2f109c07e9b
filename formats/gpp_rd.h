#pragma once
/* gpp_rd.h: the Groups.xml reader's state and helpers, shared by the item
 * reader (gpp_read.c) and the targeting reader (gpp_filters.c). Internal to
 * formats/. */

#include "compat.h"
#include "diag.h"
#include "gpp_pos.h"
#include "model.h"

#include <libxml/parser.h>
#include <libxml/tree.h>

#include <stdbool.h>

struct tf_node;

struct gpp_rd {
	struct gpp_src src;    /* the input, for positions */
	struct model *m;
	struct diags *d;
	startElementNsSAX2Func sax_start; /* libxml2's own, which we wrap */
	bool doctype;
	unsigned doctype_line;
	bool xml_failed;       /* first parser error already reported */
};

void rd_diag(struct gpp_rd *r, enum diag_severity sev, struct src_pos p,
	     const char *fmt, ...) ACC_PRINTF(4, 5);
/* A value quoted for a message: at most 40 bytes, cut on a character. */
const char *rd_quote(const char *v, char out[48]);
/* Warns about attributes of n not in the NULL-terminated list known. */
void rd_check_attrs(struct gpp_rd *r, const xmlNode *n, const char *const *known);
/* The attribute's value as a heap string; NULL when absent. */
char *rd_attr(const xmlNode *n, const char *name);
/* An attribute where empty means "not stated": NULL for absent or "". */
char *rd_attr_set(const xmlNode *n, const char *name);
/* "0"/"1"; absent is M_UNSET; anything else is an error (and M_UNSET). */
enum m_bool rd_bool(struct gpp_rd *r, const xmlNode *n, const char *name);
bool rd_is_elem(const xmlNode *n, const char *name);
void rd_unknown_elem(struct gpp_rd *r, const xmlNode *n, const xmlNode *parent);
int rd_days_in_month(int y, int mo);

/* An item's <Filters> (MS-GPPREF 2.2.1.22) as a targeting tree; errors and
 * warnings at their positions (gpp_filters.c). Returns NULL only for an
 * empty <Filters>. */
struct tf_node *gpp_read_filters(struct gpp_rd *r, const xmlNode *filters);
