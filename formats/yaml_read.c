/* yaml_read.c: the YAML desired-state file (docs/yaml-schema.md) -> model.
 *
 * YAML-specific checks live here: syntax, unknown or duplicate keys (with a
 * did-you-mean), value types, enum words, the shape of dates and password
 * sources. What holds whatever the format (names, duplicates, renames,
 * contradictory flags, calendar dates) is model_validate's job. Messages
 * never quote a password value. The password mapping is read in
 * yaml_password.c. */
#include "formats.h"
#include "yaml_read_int.h"
#include "yaml_tree.h"

#include "diag.h"
#include "error.h"
#include "model.h"
#include "xalloc.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- words and suggestions ---- */

static size_t min3(size_t a, size_t b, size_t c)
{
	size_t m = a < b ? a : b;

	return m < c ? m : c;
}

/* Levenshtein distance, capped: keys are short, longer words are no match. */
static size_t edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), row[64];

	if (la >= 63 || lb >= 63)
		return (size_t)-1;
	for (size_t j = 0; j <= lb; j++)
		row[j] = j;
	for (size_t i = 1; i <= la; i++) {
		size_t diag = row[0];

		row[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t up = row[j];

			row[j] = min3(row[j] + 1, row[j - 1] + 1,
				      diag + (a[i - 1] == b[j - 1] ? 0 : 1));
			diag = up;
		}
	}
	return row[lb];
}

/* The closest word of words (NULL entries skipped) within distance 2. */
static const char *suggest(const char *word, const char *const *words, size_t n)
{
	const char *best = NULL;
	size_t best_d = 3;

	for (size_t i = 0; i < n; i++) {
		size_t dist;

		if (!words[i])
			continue;
		dist = edit_distance(word, words[i]);
		if (dist < best_d) {
			best_d = dist;
			best = words[i];
		}
	}
	return best;
}

/* ---- the key tables ---- */

static const char *const action_words[] = { "update", "create", "replace", "delete" };
static const char *const pwu_words[] = { "enforce", "on_create" };
static const char *const builtin_words[] = { NULL, "administrator", "guest" };
static const char *const unmanaged_words[] = { "ignore", "report", "disable", "delete" };

_Static_assert(sizeof(enum m_action) == sizeof(int) && sizeof(enum m_pw_update) == sizeof(int) &&
	       sizeof(enum m_builtin) == sizeof(int) && sizeof(enum m_unmanaged) == sizeof(int),
	       "set_field stores enums as int");

#define WORDS(w) w, sizeof(w) / sizeof(w[0])
#define U(f) offsetof(struct m_user, f)
#define G(f) offsetof(struct m_group, f)

static const struct field user_fields[] = {
	{ "name", F_STR, U(name), NULL, 0 },
	{ "action", F_ENUM, U(action), WORDS(action_words) },
	{ "new_name", F_STR, U(new_name), NULL, 0 },
	{ "full_name", F_STR, U(full_name), NULL, 0 },
	{ "description", F_STR, U(description), NULL, 0 },
	{ "user_comment", F_STR, U(usr_comment), NULL, 0 },
	{ "password", F_PASSWORD, U(password), NULL, 0 },
	{ "password_update", F_ENUM, U(password_update), WORDS(pwu_words) },
	{ "must_change_password", F_MBOOL, U(must_change_password), NULL, 0 },
	{ "cannot_change_password", F_MBOOL, U(cannot_change_password), NULL, 0 },
	{ "password_never_expires", F_MBOOL, U(password_never_expires), NULL, 0 },
	{ "disabled", F_MBOOL, U(disabled), NULL, 0 },
	{ "expires", F_EXPIRY, U(expires), NULL, 0 },
	{ "home_dir", F_STR, U(home_dir), NULL, 0 },
	{ "logon_script", F_STR, U(logon_script), NULL, 0 },
	{ "profile", F_STR, U(profile), NULL, 0 },
	{ "groups", F_STRLIST, 0, NULL, 0 },
	{ "builtin", F_ENUM, U(builtin), WORDS(builtin_words) },
	{ "override_protection", F_BOOL, U(override_protection), NULL, 0 },
	{ "hosts", F_HOSTS, U(target), NULL, 0 },
};

enum { MEMBERS_ADD, MEMBERS_REMOVE, MEMBERS_EXACT };

static const struct field group_fields[] = {
	{ "name", F_STR, G(name), NULL, 0 },
	{ "sid", F_STR, G(sid), NULL, 0 },
	{ "action", F_ENUM, G(action), WORDS(action_words) },
	{ "new_name", F_STR, G(new_name), NULL, 0 },
	{ "description", F_STR, G(description), NULL, 0 },
	{ "add", F_MEMBERS, MEMBERS_ADD, NULL, 0 },
	{ "remove", F_MEMBERS, MEMBERS_REMOVE, NULL, 0 },
	{ "members", F_MEMBERS, MEMBERS_EXACT, NULL, 0 },
	{ "remove_all_users", F_BOOL, G(delete_all_users), NULL, 0 },
	{ "remove_all_groups", F_BOOL, G(delete_all_groups), NULL, 0 },
	{ "override_protection", F_BOOL, G(override_protection), NULL, 0 },
	{ "hosts", F_HOSTS, G(target), NULL, 0 },
};

static const struct field policy_fields[] = {
	{ "unmanaged", F_ENUM, offsetof(struct m_policy, unmanaged), WORDS(unmanaged_words) },
	{ "protected", F_STRLIST, 0, NULL, 0 },
};

static const struct field top_fields[] = {
	{ "version", F_VERSION, 0, NULL, 0 },
	{ "policy", F_SECTION, 0, NULL, 0 },
	{ "users", F_SECTION, 0, NULL, 0 },
	{ "groups", F_SECTION, 0, NULL, 0 },
};

/* ---- mappings ---- */

/* Walks the pairs of a mapping: reports keys that are not scalars, appear
 * twice or are unknown (with a suggestion), and returns for each pair the
 * field it names (NULL: skip the pair). The caller frees the array. */
const struct field **yaml_map_fields(struct yaml_rd *r, const struct ynode *map,
				     const char *what, const struct field *fields, size_t n_fields)
{
	const struct field **found = xcalloc(map->n / 2 + 1, sizeof(*found));
	const struct ynode *first[32] = { NULL }; /* where each known key was seen */
	const char *words[32];

	if (n_fields > 32)
		n_fields = 32; /* no table is that long */
	for (size_t i = 0; i < n_fields; i++)
		words[i] = fields[i].key;
	for (size_t i = 0; i + 1 < map->n; i += 2) {
		const struct ynode *k = map->kids[i];
		size_t j = 0;
		const char *hint;

		found[i / 2] = NULL;
		if (k->type != YN_SCALAR) {
			RD_ERR(r, k, "a key in %s must be a plain word, not a %s", what,
			       k->type == YN_MAP ? "mapping" : "list");
			continue;
		}
		if (strlen(k->str) != k->len) { /* "name\0x" must not pass for "name" */
			RD_ERR(r, k, "a key in %s contains a NUL character", what);
			continue;
		}
		while (j < n_fields && strcmp(fields[j].key, k->str))
			j++;
		if (j == n_fields) {
			hint = suggest(k->str, words, n_fields);
			if (hint)
				RD_ERR(r, k, "unknown key '%s' in %s; did you mean '%s'?", k->str,
				       what, hint);
			else
				RD_ERR(r, k, "unknown key '%s' in %s; see docs/yaml-schema.md for the keys",
				       k->str, what);
			continue;
		}
		if (first[j]) {
			RD_ERR(r, k, "duplicate key '%s' in %s (first at %u:%u)", k->str, what,
			       first[j]->line, first[j]->col);
			continue;
		}
		first[j] = k;
		/* an alias was reported already: nothing more to say about it */
		found[i / 2] = map->kids[i + 1]->poisoned ? NULL : &fields[j];
	}
	return found;
}

const char *yaml_node_kind(const struct ynode *n)
{
	switch (n->type) {
	case YN_MAP: return "a mapping";
	case YN_SEQ: return "a list";
	case YN_SCALAR: break;
	}
	return ynode_is_null(n) ? "empty" : "a single value";
}

/* ---- scalars ---- */

/* A string value; NULL (with an error) if v is no usable string. */
static char *get_str(struct yaml_rd *r, const struct ynode *v, const char *key)
{
	if (v->type != YN_SCALAR) {
		RD_ERR(r, v, "'%s' must be a single value, not %s", key, yaml_node_kind(v));
		return NULL;
	}
	if (ynode_is_null(v)) {
		RD_ERR(r, v, "'%s' has no value: write \"\" to set it empty, or leave the key out "
		       "to keep the server's value", key);
		return NULL;
	}
	if (strlen(v->str) != v->len) {
		RD_ERR(r, v, "'%s' contains a NUL character", key);
		return NULL;
	}
	return xstrdup(v->str);
}

int yaml_get_bool(struct yaml_rd *r, const struct ynode *v, const char *key, bool *out)
{
	if (v->type == YN_SCALAR && v->plain && !strcasecmp(v->str, "true")) {
		*out = true;
		return 0;
	}
	if (v->type == YN_SCALAR && v->plain && !strcasecmp(v->str, "false")) {
		*out = false;
		return 0;
	}
	if (v->type == YN_SCALAR && !ynode_is_null(v))
		RD_ERR(r, v, "'%s' must be true or false, not '%s'", key, v->str);
	else
		RD_ERR(r, v, "'%s' must be true or false, not %s", key, yaml_node_kind(v));
	return -1;
}

static void join_words(char *buf, size_t n, const char *const *words, size_t n_words)
{
	size_t used = 0, k = 0, total = 0;

	for (size_t i = 0; i < n_words; i++)
		total += words[i] != NULL;
	buf[0] = '\0';
	for (size_t i = 0; i < n_words; i++) {
		const char *sep;

		if (!words[i])
			continue;
		k++;
		sep = k == 1 ? "" : k == total ? " or " : ", ";
		used += (size_t)snprintf(buf + used, used < n ? n - used : 0, "%s%s", sep, words[i]);
		if (used >= n)
			return;
	}
}

static int get_enum(struct yaml_rd *r, const struct ynode *v, const struct field *f, int *out)
{
	char expected[128];
	const char *hint;

	join_words(expected, sizeof(expected), f->words, f->n_words);
	if (v->type != YN_SCALAR || ynode_is_null(v)) {
		RD_ERR(r, v, "'%s' must be one of %s, not %s", f->key, expected, yaml_node_kind(v));
		return -1;
	}
	for (size_t i = 0; i < f->n_words; i++) {
		if (f->words[i] && !strcmp(f->words[i], v->str)) {
			*out = (int)i;
			return 0;
		}
	}
	hint = suggest(v->str, f->words, f->n_words);
	if (hint)
		RD_ERR(r, v, "'%s' must be one of %s, not '%s'; did you mean '%s'?", f->key,
		       expected, v->str, hint);
	else
		RD_ERR(r, v, "'%s' must be one of %s, not '%s'", f->key, expected, v->str);
	return -1;
}

static int two_digits(const char *s)
{
	return (s[0] - '0') * 10 + (s[1] - '0');
}

/* YYYY-MM-DD or never. The calendar is model_validate's (Groups.xml too). */
static void get_expiry(struct yaml_rd *r, const struct ynode *v, struct m_expiry *out)
{
	const char *s = v->type == YN_SCALAR ? v->str : "";
	bool shape = v->type == YN_SCALAR && v->len == 10 && s[4] == '-' && s[7] == '-';

	for (size_t i = 0; shape && i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			shape = false;
	if (shape) {
		out->kind = EXP_DATE;
		out->year = two_digits(s) * 100 + two_digits(s + 2);
		out->month = two_digits(s + 5);
		out->day = two_digits(s + 8);
		return;
	}
	if (v->type == YN_SCALAR && !strcmp(s, "never")) {
		out->kind = EXP_NEVER;
		return;
	}
	if (v->type == YN_SCALAR && !ynode_is_null(v))
		RD_ERR(r, v, "'expires' must be a date YYYY-MM-DD or never, not '%s'", s);
	else
		RD_ERR(r, v, "'expires' must be a date YYYY-MM-DD or never, not %s", yaml_node_kind(v));
}

/* ---- lists ---- */

static bool want_list(struct yaml_rd *r, const struct ynode *v, const char *key, const char *of)
{
	if (v->type == YN_SEQ)
		return true;
	RD_ERR(r, v, "'%s' must be a list of %s, not %s", key, of, yaml_node_kind(v));
	return false;
}

static void get_names(struct yaml_rd *r, const struct ynode *v, const char *key,
		      void (*add)(void *, const char *), void *obj)
{
	if (!want_list(r, v, key, "names"))
		return;
	for (size_t i = 0; i < v->n; i++) {
		char *s = NULL;

		if (v->kids[i]->poisoned)
			continue;
		if (v->kids[i]->type != YN_SCALAR) {
			RD_ERR(r, v->kids[i], "each item of '%s' must be a name, not %s", key,
			       yaml_node_kind(v->kids[i]));
			continue;
		}
		s = get_str(r, v->kids[i], key);

		if (s)
			add(obj, s);
		free(s);
	}
}

static void add_user_group(void *u, const char *s)
{
	m_user_add_group(u, s);
}

static void add_protected(void *p, const char *s)
{
	m_policy_add_protected(p, s);
}

static bool looks_like_sid(const char *s)
{
	return (s[0] == 'S' || s[0] == 's') && s[1] == '-';
}

static void get_member(struct yaml_rd *r, struct m_group *g, const struct ynode *v,
		       const char *key, enum m_member_action act)
{
	static const struct field member_fields[] = {
		{ "name", F_STR, offsetof(struct m_member, name), NULL, 0 },
		{ "sid", F_STR, offsetof(struct m_member, sid), NULL, 0 },
	};
	const struct field **found = NULL;
	char *name = NULL, *sid = NULL;
	struct m_member *mem;

	if (v->type == YN_SCALAR) {
		char *s = get_str(r, v, key);

		if (!s)
			return;
		if (looks_like_sid(s))
			sid = s;
		else
			name = s;
	} else if (v->type == YN_MAP) {
		found = yaml_map_fields(r, v, "a member", member_fields, NFIELDS(member_fields));
		for (size_t i = 0; i + 1 < v->n; i += 2) {
			char **dst = NULL;

			if (!found[i / 2])
				continue;
			dst = !strcmp(found[i / 2]->key, "sid") ? &sid : &name;
			free(*dst);
			*dst = get_str(r, v->kids[i + 1], found[i / 2]->key);
		}
		free(found);
		if (!name && !sid) {
			RD_ERR(r, v, "a member needs 'name' or 'sid'");
			return;
		}
	} else {
		RD_ERR(r, v, "a member of '%s' must be a name, a SID or {name: ..., sid: ...}, not %s",
		       key, yaml_node_kind(v));
		return;
	}
	mem = m_group_add_member(g);
	mem->pos.file = r->file;
	mem->pos.line = v->line;
	mem->pos.col = v->col;
	mem->name = name;
	mem->sid = sid;
	mem->action = act;
}

static void get_members(struct yaml_rd *r, struct m_group *g, const struct ynode *v,
			const char *key, size_t which)
{
	if (!want_list(r, v, key, "names or SIDs"))
		return;
	if (which == MEMBERS_EXACT) {
		/* the exact list is GPP's deleteAllUsers + deleteAllGroups + ADD */
		g->exact = true;
		g->delete_all_users = true;
		g->delete_all_groups = true;
	}
	for (size_t i = 0; i < v->n; i++)
		if (!v->kids[i]->poisoned)
			get_member(r, g, v->kids[i], key,
				   which == MEMBERS_REMOVE ? MEM_REMOVE : MEM_ADD);
}

/* ---- items ---- */

/* Sets one simple field of obj from value v. */
static void set_field(struct yaml_rd *r, void *obj, const struct field *f, const struct ynode *v)
{
	char *s = NULL;
	bool b = false;
	int e = 0;

	switch (f->kind) {
	case F_STR:
		s = get_str(r, v, f->key);
		if (s) {
			free(*(char **)((char *)obj + f->off));
			*(char **)((char *)obj + f->off) = s;
		}
		break;
	case F_MBOOL:
		if (yaml_get_bool(r, v, f->key, &b) == 0)
			*(enum m_bool *)((char *)obj + f->off) = b ? M_TRUE : M_FALSE;
		break;
	case F_BOOL:
		if (yaml_get_bool(r, v, f->key, &b) == 0)
			*(bool *)((char *)obj + f->off) = b;
		break;
	case F_ENUM:
		/* every enum of the model has int's size and starts at 0 */
		if (get_enum(r, v, f, &e) == 0)
			memcpy((char *)obj + f->off, &e, sizeof(int));
		break;
	case F_EXPIRY:
		get_expiry(r, v, (struct m_expiry *)((char *)obj + f->off));
		break;
	case F_HOSTS:
		yaml_get_hosts(r, v, (struct tf_node **)((char *)obj + f->off));
		break;
	default:
		break;
	}
}

static void set_pos(struct src_pos *pos, struct yaml_rd *r, const struct ynode *n)
{
	pos->file = r->file;
	pos->line = n->line;
	pos->col = n->col;
}

static bool want_map(struct yaml_rd *r, const struct ynode *v, const char *what)
{
	if (v->type == YN_MAP)
		return true;
	RD_ERR(r, v, "%s must be a mapping of keys, not %s", what, yaml_node_kind(v));
	return false;
}

static void read_user(struct yaml_rd *r, const struct ynode *v)
{
	const struct field **found = NULL;
	const struct ynode *pw = NULL;
	struct m_user *u;

	if (!want_map(r, v, "a user"))
		return;
	found = yaml_map_fields(r, v, "a user", user_fields, NFIELDS(user_fields));
	u = model_add_user(r->m);
	set_pos(&u->pos, r, v);
	for (size_t i = 0; i + 1 < v->n; i += 2) {
		const struct field *f = found[i / 2];

		if (!f)
			continue;
		if (f->kind == F_PASSWORD)
			pw = v->kids[i + 1];
		else if (f->kind == F_STRLIST)
			get_names(r, v->kids[i + 1], f->key, add_user_group, u);
		else
			set_field(r, u, f, v->kids[i + 1]);
	}
	free(found);
	/* after the loop: the warning names the account */
	if (pw)
		yaml_get_password(r, pw, u->name, &u->password);
}

static void read_group(struct yaml_rd *r, const struct ynode *v)
{
	const struct field **found = NULL;
	const struct ynode *exact = NULL, *partial = NULL;
	struct m_group *g;

	if (!want_map(r, v, "a group"))
		return;
	found = yaml_map_fields(r, v, "a group", group_fields, NFIELDS(group_fields));
	g = model_add_group(r->m);
	set_pos(&g->pos, r, v);
	for (size_t i = 0; i + 1 < v->n; i += 2) {
		const struct field *f = found[i / 2];

		if (!f)
			continue;
		if (f->kind == F_MEMBERS) {
			get_members(r, g, v->kids[i + 1], f->key, f->off);
			if (f->off == MEMBERS_EXACT)
				exact = v->kids[i];
			else
				partial = v->kids[i];
		} else if (f->kind == F_BOOL && f->off != G(override_protection)) {
			set_field(r, g, f, v->kids[i + 1]);
			partial = partial ? partial : v->kids[i];
		} else {
			set_field(r, g, f, v->kids[i + 1]);
		}
	}
	free(found);
	if (exact && partial)
		RD_ERR(r, exact, "'members' is the exact member list: it cannot be combined with "
		       "'%s'; use either 'members' or add/remove", partial->str);
}

static void read_items(struct yaml_rd *r, const struct ynode *v, const char *key,
		       void (*read)(struct yaml_rd *, const struct ynode *))
{
	if (ynode_is_null(v))
		return; /* "users:" with nothing under it: no users */
	if (!want_list(r, v, key, key[0] == 'u' ? "users" : "groups"))
		return;
	for (size_t i = 0; i < v->n; i++)
		if (!v->kids[i]->poisoned)
			read(r, v->kids[i]);
}

static void read_policy(struct yaml_rd *r, const struct ynode *v)
{
	const struct field **found = NULL;

	if (ynode_is_null(v) || !want_map(r, v, "'policy'"))
		return;
	found = yaml_map_fields(r, v, "policy", policy_fields, NFIELDS(policy_fields));
	for (size_t i = 0; i + 1 < v->n; i += 2) {
		const struct field *f = found[i / 2];

		if (!f)
			continue;
		if (f->kind == F_STRLIST)
			get_names(r, v->kids[i + 1], f->key, add_protected, &r->m->policy);
		else
			set_field(r, &r->m->policy, f, v->kids[i + 1]);
	}
	free(found);
}

static void read_top(struct yaml_rd *r, const struct ynode *root)
{
	const struct field **found = NULL;

	if (root->type != YN_MAP) {
		RD_ERR(r, root, "the file must be a mapping with the keys version, policy, users "
		       "and groups, not %s", yaml_node_kind(root));
		return;
	}
	found = yaml_map_fields(r, root, "the file", top_fields, NFIELDS(top_fields));
	for (size_t i = 0; i + 1 < root->n; i += 2) {
		const struct field *f = found[i / 2];
		const struct ynode *v = root->kids[i + 1];

		if (!f)
			continue;
		if (f->kind == F_VERSION) {
			if (v->type != YN_SCALAR || strcmp(v->str, "1"))
				RD_ERR(r, v, "unsupported version%s%s%s: this accord reads version 1",
				       v->type == YN_SCALAR ? " '" : "",
				       v->type == YN_SCALAR ? v->str : "",
				       v->type == YN_SCALAR ? "'" : "");
		} else if (!strcmp(f->key, "policy")) {
			read_policy(r, v);
		} else if (!strcmp(f->key, "users")) {
			read_items(r, v, "users", read_user);
		} else {
			read_items(r, v, "groups", read_group);
		}
	}
	free(found);
}

int yaml_read_buf(const char *buf, size_t len, const char *name,
		  struct model *m, struct diags *d, struct acc_error *err)
{
	struct yaml_rd r = { model_intern(m, name), m, d };
	struct ynode *root = NULL;
	size_t before = d->n_errors;

	if (ytree_parse(buf, len, r.file, &root, d) == 0) {
		if (root)
			read_top(&r, root);
		else
			diags_add(d, DIAG_WARNING, r.file, 1, 1, "the file is empty: nothing is managed");
	}
	ynode_free(root);
	if (d->n_errors == before)
		return 0;
	return acc_fail(err, ACC_EPARSE, 0, "%s: %zu error%s", name, d->n_errors - before,
			d->n_errors - before == 1 ? "" : "s");
}

int yaml_read_file(const char *path, struct model *m, struct diags *d,
		   struct acc_error *err)
{
	return formats_read_file(path, FORMAT_YAML, m, d, err);
}
