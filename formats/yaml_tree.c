/* yaml_tree.c: libyaml events -> a positioned tree (yaml_tree.h). */
#include "yaml_tree.h"

#include "diag.h"
#include "xalloc.h"

#include <stdlib.h>
#include <string.h>
#include <yaml.h>

static struct ynode *node_new(enum ynode_type type, const yaml_mark_t *mark)
{
	struct ynode *n = xcalloc(1, sizeof(*n));

	n->type = type;
	n->line = (unsigned)mark->line + 1;
	n->col = (unsigned)mark->column + 1;
	return n;
}

void ynode_free(struct ynode *n)
{
	if (!n)
		return;
	for (size_t i = 0; i < n->n; i++)
		ynode_free(n->kids[i]);
	free(n->kids);
	free(n->str);
	free(n);
}

bool ynode_is_null(const struct ynode *n)
{
	if (n->type != YN_SCALAR || !n->plain)
		return false;
	return !strcmp(n->str, "") || !strcmp(n->str, "~") || !strcmp(n->str, "null") ||
	       !strcmp(n->str, "Null") || !strcmp(n->str, "NULL");
}

/* libyaml's reader errors carry a byte offset, not a mark. */
static void offset_to_pos(const char *buf, size_t len, size_t off,
			  unsigned *line, unsigned *col)
{
	*line = 1;
	*col = 1;
	for (size_t i = 0; i < off && i < len; i++) {
		if (buf[i] == '\n') {
			(*line)++;
			*col = 1;
		} else {
			(*col)++;
		}
	}
}

static void syntax_error(const yaml_parser_t *p, const char *buf, size_t len,
			 const char *file, struct diags *d)
{
	unsigned line, col;
	const char *problem = p->problem ? p->problem : "cannot parse";

	if (p->error == YAML_READER_ERROR) {
		offset_to_pos(buf, len, p->problem_offset, &line, &col);
		diags_add(d, DIAG_ERROR, file, line, col, "yaml syntax error: %s", problem);
		return;
	}
	line = (unsigned)p->problem_mark.line + 1;
	col = (unsigned)p->problem_mark.column + 1;
	if (p->context)
		diags_add(d, DIAG_ERROR, file, line, col,
			  "yaml syntax error: %s %s started at %u:%u", problem, p->context,
			  (unsigned)p->context_mark.line + 1, (unsigned)p->context_mark.column + 1);
	else
		diags_add(d, DIAG_ERROR, file, line, col, "yaml syntax error: %s", problem);
}

struct builder {
	struct ynode *root;
	struct ynode *stack[YAML_MAX_DEPTH];
	size_t depth;
};

static void attach(struct builder *b, struct ynode *n)
{
	struct ynode *parent;

	if (!b->depth) {
		ynode_free(b->root); /* cannot happen in a single document */
		b->root = n;
		return;
	}
	parent = b->stack[b->depth - 1];
	XGROW(parent->kids, parent->alloc, parent->n + 1);
	parent->kids[parent->n++] = n;
}

static struct ynode *scalar_new(const yaml_event_t *ev)
{
	struct ynode *n = node_new(YN_SCALAR, &ev->start_mark);

	n->len = ev->data.scalar.length;
	n->str = xmalloc(n->len + 1);
	memcpy(n->str, ev->data.scalar.value, n->len);
	n->str[n->len] = '\0';
	n->plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
	return n;
}

int ytree_parse(const char *buf, size_t len, const char *file,
		struct ynode **root, struct diags *d)
{
	yaml_parser_t p;
	yaml_event_t ev;
	struct builder b = { 0 };
	unsigned docs = 0;
	bool done = false, ok = false;

	if (!yaml_parser_initialize(&p)) {
		diags_add(d, DIAG_ERROR, file, 0, 0, "cannot start the yaml parser: out of memory");
		return -1;
	}
	yaml_parser_set_input_string(&p, (const unsigned char *)buf, len);
	while (!done) {
		struct ynode *n = NULL;

		if (!yaml_parser_parse(&p, &ev)) {
			syntax_error(&p, buf, len, file, d);
			goto out;
		}
		switch (ev.type) {
		case YAML_DOCUMENT_START_EVENT:
			if (++docs > 1) {
				diags_add(d, DIAG_ERROR, file, (unsigned)ev.start_mark.line + 1,
					  (unsigned)ev.start_mark.column + 1,
					  "only one yaml document per file: remove this '---' and what follows, or split the file");
				yaml_event_delete(&ev);
				goto out;
			}
			break;
		case YAML_SCALAR_EVENT:
			attach(&b, scalar_new(&ev));
			break;
		case YAML_ALIAS_EVENT:
			diags_add(d, DIAG_ERROR, file, (unsigned)ev.start_mark.line + 1,
				  (unsigned)ev.start_mark.column + 1,
				  "yaml aliases (*%s) are not supported: write the value out",
				  (const char *)ev.data.alias.anchor);
			/* keep the tree's shape so the rest of the file is still checked */
			n = node_new(YN_SCALAR, &ev.start_mark);
			n->str = xstrdup("");
			n->plain = true;
			n->poisoned = true;
			attach(&b, n);
			break;
		case YAML_SEQUENCE_START_EVENT:
		case YAML_MAPPING_START_EVENT:
			if (b.depth == YAML_MAX_DEPTH) {
				diags_add(d, DIAG_ERROR, file, (unsigned)ev.start_mark.line + 1,
					  (unsigned)ev.start_mark.column + 1,
					  "yaml nested deeper than %d levels", YAML_MAX_DEPTH);
				yaml_event_delete(&ev);
				goto out;
			}
			n = node_new(ev.type == YAML_MAPPING_START_EVENT ? YN_MAP : YN_SEQ,
				     &ev.start_mark);
			attach(&b, n);
			b.stack[b.depth++] = n;
			break;
		case YAML_SEQUENCE_END_EVENT:
		case YAML_MAPPING_END_EVENT:
			if (b.depth)
				b.depth--;
			break;
		case YAML_STREAM_END_EVENT:
			done = true;
			break;
		default:
			break;
		}
		yaml_event_delete(&ev);
	}
	ok = true;
out:
	yaml_parser_delete(&p);
	if (!ok) {
		ynode_free(b.root);
		b.root = NULL;
	}
	*root = b.root;
	return ok ? 0 : -1;
}
