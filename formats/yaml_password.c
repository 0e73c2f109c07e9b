/* yaml_password.c: the password mapping of a YAML user ({env: NAME},
 * {file: PATH}, {cpassword: ...}, {literal: ..., i_understand_this_is_plaintext:
 * true}). Messages never quote the value: it may be the password. */
#include "yaml_read_int.h"

#include "xalloc.h"

#include <stdlib.h>
#include <string.h>

static const struct field password_fields[] = {
	{ "env", F_STR, 0, NULL, 0 },
	{ "file", F_STR, 0, NULL, 0 },
	{ "cpassword", F_STR, 0, NULL, 0 },
	{ "literal", F_STR, 0, NULL, 0 },
	{ "i_understand_this_is_plaintext", F_BOOL, 0, NULL, 0 },
};

static bool env_name_ok(const char *s)
{
	if (!((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') || *s == '_'))
		return false;
	for (s++; *s; s++)
		if (!((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') ||
		      (*s >= '0' && *s <= '9') || *s == '_'))
			return false;
	return true;
}

static bool base64_ok(const char *s)
{
	size_t n = strlen(s);

	if (!n)
		return false;
	for (; *s; s++)
		if (!((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') ||
		      (*s >= '0' && *s <= '9') || *s == '+' || *s == '/' || *s == '='))
			return false;
	return true;
}

static const struct ynode *password_value(struct yaml_rd *r, const struct ynode *v,
					  const struct field **found, const struct ynode **src_key,
					  enum m_pw_kind *kind, const struct ynode **ack)
{
	const struct ynode *src = NULL;

	for (size_t i = 0; i + 1 < v->n; i += 2) {
		const struct ynode *k = v->kids[i];
		const struct field *f = found[i / 2];

		if (!f)
			continue;
		if (f->kind == F_BOOL) {
			*ack = v->kids[i + 1];
			continue;
		}
		if (src) {
			RD_ERR(r, k, "'password' takes one source, not both '%s' and '%s'",
			       (*src_key)->str, k->str);
			continue;
		}
		src = v->kids[i + 1];
		*src_key = k;
		*kind = !strcmp(f->key, "env") ? PW_ENV : !strcmp(f->key, "file") ? PW_FILE :
			!strcmp(f->key, "cpassword") ? PW_CPASSWORD : PW_LITERAL;
	}
	return src;
}

void yaml_get_password(struct yaml_rd *r, const struct ynode *v, const char *account,
			 struct m_password *out)
{
	const struct field **found = NULL;
	const struct ynode *src = NULL, *src_key = NULL, *ack = NULL;
	enum m_pw_kind kind = PW_NONE;
	bool acked = false;
	char *ref = NULL;

	if (v->type != YN_MAP) {
		/* never quote the value: it may be the password */
		RD_ERR(r, v, "'password' must be a mapping such as {env: NAME} or {file: PATH}, not %s; "
		       "a plaintext password needs {literal: ..., i_understand_this_is_plaintext: true}",
		       yaml_node_kind(v));
		return;
	}
	found = yaml_map_fields(r, v, "password", password_fields, NFIELDS(password_fields));
	src = password_value(r, v, found, &src_key, &kind, &ack);
	free(found);
	if (ack && yaml_get_bool(r, ack, "i_understand_this_is_plaintext", &acked) < 0)
		acked = false;
	if (!src) {
		RD_ERR(r, v, "'password' needs one of env, file, cpassword or literal");
		return;
	}
	if (ack && kind != PW_LITERAL)
		RD_ERR(r, ack, "'i_understand_this_is_plaintext' belongs only next to 'literal'");
	if (src->type != YN_SCALAR || ynode_is_null(src)) {
		RD_ERR(r, src, "'%s' must be a single value, not %s", src_key->str, yaml_node_kind(src));
		return;
	}
	if (strlen(src->str) != src->len) {
		RD_ERR(r, src, "'%s' contains a NUL character", src_key->str);
		return;
	}
	switch (kind) {
	case PW_ENV:
		if (!env_name_ok(src->str)) {
			RD_ERR(r, src, "'env' must name an environment variable ([A-Za-z_][A-Za-z0-9_]*), not '%s'",
			       src->str);
			return;
		}
		break;
	case PW_FILE:
		if (!*src->str) {
			RD_ERR(r, src, "'file' must be a path, not empty");
			return;
		}
		break;
	case PW_CPASSWORD:
		if (!base64_ok(src->str)) {
			RD_ERR(r, src, "'cpassword' is not base64");
			return;
		}
		RD_WARN(r, src_key, "the cpassword of '%s' is readable by anyone who can read this "
			"file: its AES key is public (MS14-025); prefer {env: NAME} or {file: PATH}",
			account ? account : "?");
		break;
	case PW_LITERAL:
		if (!acked) {
			RD_ERR(r, src_key, "a literal password needs 'i_understand_this_is_plaintext: true' "
			       "next to it; prefer {env: NAME} or {file: PATH}");
			return;
		}
		RD_WARN(r, src_key, "the password of '%s' is plaintext in this file; prefer "
			"{env: NAME} or {file: PATH}", account ? account : "?");
		break;
	case PW_NONE:
		return;
	}
	ref = xstrdup(src->str);
	free(out->ref);
	out->kind = kind;
	out->ref = ref;
}
