#pragma once
/* yaml_tree.h: the YAML reader's positioned tree (yaml_tree.c).
 *
 * The reader first turns libyaml's events into a small tree that keeps the
 * 1-based line and column of every node and whether a scalar was written
 * plain (unquoted): "null" means no value only when plain. Aliases are
 * refused (no expansion bombs, no cycles) and nesting is bounded, so any
 * input gives a finite tree or a syntax diagnostic. A tree owns its nodes. */

#include <stdbool.h>
#include <stddef.h>

struct diags;

enum ynode_type { YN_SCALAR, YN_SEQ, YN_MAP };

struct ynode {
	enum ynode_type type;
	unsigned line, col;     /* 1-based */
	bool plain;             /* scalar written without quotes or block style */
	bool poisoned;          /* stands for an alias already reported: skip it */
	char *str;              /* scalar: the value, NUL-terminated */
	size_t len;             /* scalar: bytes in str (may hold a NUL) */
	struct ynode **kids;    /* seq: items; map: key, value, key, value, ... */
	size_t n, alloc;
};

#define YAML_MAX_DEPTH 64

/* Parses buf into *root (NULL for an empty stream). Adds a DIAG_ERROR to d
 * for every syntax problem, alias or unsupported construct, positioned in
 * file. Returns 0 when the tree is complete, -1 when parsing stopped early
 * (*root then NULL). */
int ytree_parse(const char *buf, size_t len, const char *file,
		struct ynode **root, struct diags *d);
void ynode_free(struct ynode *n);

/* True for a plain scalar YAML reads as null: empty, "~" or "null". */
bool ynode_is_null(const struct ynode *n);
