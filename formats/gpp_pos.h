#pragma once
/* gpp_pos.h: positions (file, line, column) of Groups.xml nodes and
 * attributes in the input text, for the reader (gpp_read.c). A node's
 * _private holds 1 + the byte offset at which libxml2 parsed its start tag
 * (0: unknown), as the reader's SAX hook records it. */

#include "model.h"

#include <libxml/tree.h>

#include <stddef.h>

struct gpp_src {
	const char *buf;       /* the input */
	size_t len;
	size_t *lines;         /* byte offset of the start of each line; the caller frees */
	size_t n_lines;
	const char *file;      /* interned in the model */
};

/* Fills s->lines from buf and len. */
void gpp_src_index(struct gpp_src *s);
/* Line and column (characters, 1-based; a byte order mark is no column) of
 * byte offset off into p. */
void gpp_src_offset_pos(const struct gpp_src *s, size_t off, struct src_pos *p);
/* Where n's start tag begins; xmlGetLineNo's line and column 0 when the
 * offset is unknown (input libxml2 converted from another encoding). */
struct src_pos gpp_node_pos(const struct gpp_src *s, const xmlNode *n);
/* Where attribute name stands in n's start tag; the tag's own if not found. */
struct src_pos gpp_attr_pos(const struct gpp_src *s, const xmlNode *n, const char *name);
