#pragma once
/* yaml_read_int.h: what the files of the YAML reader share (yaml_read.c,
 * yaml_password.c); not for other modules. */

#include "diag.h"
#include "model.h"
#include "yaml_tree.h"

#include <stdbool.h>
#include <stddef.h>

struct tf_node;

struct yaml_rd {
	const char *file;  /* interned in the model */
	struct model *m;
	struct diags *d;
};

#define RD_ERR(r, n, ...) diags_add((r)->d, DIAG_ERROR, (r)->file, (n)->line, (n)->col, __VA_ARGS__)
#define RD_WARN(r, n, ...) diags_add((r)->d, DIAG_WARNING, (r)->file, (n)->line, (n)->col, __VA_ARGS__)

/* ---- the key tables ---- */

enum fkind {
	F_STR,       /* char * */
	F_MBOOL,     /* enum m_bool */
	F_BOOL,      /* bool */
	F_ENUM,      /* an enum, words in field.words (index = value) */
	F_EXPIRY,    /* struct m_expiry */
	F_PASSWORD,  /* struct m_password */
	F_STRLIST,   /* a list of names (custom) */
	F_MEMBERS,   /* group members (custom) */
	F_HOSTS,     /* hosts: name patterns, a targeting tree (yaml_hosts.c) */
	F_VERSION,
	F_SECTION,   /* a nested mapping or list handled by the caller */
};

struct field {
	const char *key;
	enum fkind kind;
	size_t off;
	const char *const *words;
	size_t n_words;
};

#define NFIELDS(t) (sizeof(t) / sizeof(t[0]))

/* Walks the pairs of a mapping: reports keys that are not scalars, appear
 * twice or are unknown (with a suggestion), and returns for each pair the
 * field it names (NULL: skip the pair). The caller frees the array. */
const struct field **yaml_map_fields(struct yaml_rd *r, const struct ynode *map,
				     const char *what, const struct field *fields, size_t n_fields);
/* "a mapping", "a list", "empty" or "a single value", for messages. */
const char *yaml_node_kind(const struct ynode *n);
/* A plain true or false into *out; otherwise an error naming key, -1. */
int yaml_get_bool(struct yaml_rd *r, const struct ynode *v, const char *key, bool *out);
/* The password mapping v of account into *out (yaml_password.c): one
 * source, checked in shape, never quoted in a message; a literal needs its
 * acknowledgement. On any error *out is left as it was. */
/* The hosts: list v into a targeting tree (target.h) in *out: items are
 * computer-name patterns (* and ?; one with a dot matches the DNS name),
 * "!pattern" excludes. The item applies where any plain pattern matches (or
 * there is none) and no excluding one does. *out untouched on error. */
void yaml_get_hosts(struct yaml_rd *r, const struct ynode *v, struct tf_node **out);
void yaml_get_password(struct yaml_rd *r, const struct ynode *v, const char *account,
		       struct m_password *out);
