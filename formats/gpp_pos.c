/* gpp_pos.c: where a node or an attribute of Groups.xml stands in the input.
 *
 * libxml2's tree keeps only a line per node (xmlGetLineNo), and
 * that line is where the start tag ends. To point at the start of a tag or
 * at one attribute, the reader hooks the SAX start-element callback and
 * keeps in node->_private the byte offset at which the start tag was parsed;
 * the tag starts at the last '<' before it (attribute values cannot hold a
 * raw '<'). Lines and columns (in characters, 1-based) are then counted in
 * the input. When the input is not UTF-8 (libxml2 converted it) the offset
 * does not point into our buffer: the reader falls back to xmlGetLineNo and
 * column 0 ("unknown"). */
#include "gpp_pos.h"

#include "xalloc.h"

#include <limits.h>
#include <stdint.h>
#include <string.h>

void gpp_src_index(struct gpp_src *s)
{
	size_t alloc = 0;

	XGROW(s->lines, alloc, 1);
	s->lines[s->n_lines++] = 0;
	for (size_t i = 0; i < s->len; i++) {
		if (s->buf[i] != '\n')
			continue;
		XGROW(s->lines, alloc, s->n_lines + 1);
		s->lines[s->n_lines++] = i + 1;
	}
}

void gpp_src_offset_pos(const struct gpp_src *s, size_t off, struct src_pos *p)
{
	size_t lo = 0, hi = s->n_lines;
	unsigned col = 1;

	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;

		if (s->lines[mid] <= off)
			lo = mid;
		else
			hi = mid;
	}
	size_t i = s->lines[lo];

	/* a byte order mark is not a column */
	if (i == 0 && s->len >= 3 && !memcmp(s->buf, "\xEF\xBB\xBF", 3) && off >= 3)
		i = 3;
	for (; i < off; i++)
		if (((unsigned char)s->buf[i] & 0xC0) != 0x80)
			col++;
	p->line = (unsigned)(lo + 1);
	p->col = col;
}

/* Byte offset of n's '<' in the input, or SIZE_MAX if not known. */
static size_t tag_start(const struct gpp_src *s, const xmlNode *n)
{
	size_t off, nlen = strlen((const char *)n->name);
	char after;

	if (!n->_private)
		return SIZE_MAX;
	off = (size_t)(uintptr_t)n->_private - 1;
	if (off >= s->len)
		return SIZE_MAX;
	while (off > 0 && s->buf[off] != '<')
		off--;
	if (s->buf[off] != '<' || s->len - off < nlen + 2 ||
	    memcmp(s->buf + off + 1, n->name, nlen))
		return SIZE_MAX;
	after = s->buf[off + 1 + nlen];
	if (after != ' ' && after != '\t' && after != '\r' && after != '\n' &&
	    after != '/' && after != '>')
		return SIZE_MAX;
	return off;
}

struct src_pos gpp_node_pos(const struct gpp_src *s, const xmlNode *n)
{
	struct src_pos p = { s->file, 0, 0 };
	size_t off = tag_start(s, n);
	long line;

	if (off != SIZE_MAX) {
		gpp_src_offset_pos(s, off, &p);
		return p;
	}
	line = xmlGetLineNo(n);
	p.line = line > 0 && line < INT_MAX ? (unsigned)line : 0;
	return p;
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* Position of attribute name in n's start tag; the tag's own if not found.
 * The tag is well-formed (libxml2 parsed it), so a plain scan suffices. */
struct src_pos gpp_attr_pos(const struct gpp_src *s, const xmlNode *n, const char *name)
{
	size_t i = tag_start(s, n), nlen = strlen(name);
	struct src_pos p = gpp_node_pos(s, n);

	if (i == SIZE_MAX)
		return p;
	i += 1 + strlen((const char *)n->name);
	while (i < s->len) {
		size_t start;
		char q;

		while (i < s->len && is_space(s->buf[i]))
			i++;
		if (i >= s->len || s->buf[i] == '/' || s->buf[i] == '>')
			break;
		start = i;
		while (i < s->len && !is_space(s->buf[i]) && s->buf[i] != '=')
			i++;
		if (i - start == nlen && !memcmp(s->buf + start, name, nlen)) {
			gpp_src_offset_pos(s, start, &p);
			break;
		}
		while (i < s->len && s->buf[i] != '"' && s->buf[i] != '\'')
			i++;
		if (i >= s->len)
			break;
		q = s->buf[i++];
		while (i < s->len && s->buf[i] != q)
			i++;
		i++;
	}
	return p;
}
