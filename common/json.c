/* json.c: recursive-descent JSON parser (RFC 8259) into a DOM. */
#include "json.h"

#include "error.h"
#include "strbuf.h"
#include "xalloc.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

struct parser {
	const char *p, *end;
	const char *name;
	unsigned line, col;
	struct acc_error *err;
};

static int fail(struct parser *ps, const char *what)
{
	return acc_fail(ps->err, ACC_EPARSE, 0, "%s:%u:%u: invalid JSON: %s",
			ps->name ? ps->name : "<json>", ps->line, ps->col, what);
}

static void advance(struct parser *ps)
{
	if (*ps->p == '\n') {
		ps->line++;
		ps->col = 1;
	} else if (((unsigned char)*ps->p & 0xc0) != 0x80) {
		ps->col++;  /* count code points, not continuation bytes */
	}
	ps->p++;
}

static void skip_space(struct parser *ps)
{
	while (ps->p < ps->end && (*ps->p == ' ' || *ps->p == '\t' || *ps->p == '\n' || *ps->p == '\r'))
		advance(ps);
}

static bool literal(struct parser *ps, const char *word)
{
	size_t n = strlen(word);

	if ((size_t)(ps->end - ps->p) < n || memcmp(ps->p, word, n))
		return false;
	for (size_t i = 0; i < n; i++)
		advance(ps);
	return true;
}

static void json_release(struct json *v)
{
	free(v->string);
	for (size_t i = 0; i < v->n; i++) {
		json_release(&v->items[i]);
		if (v->keys)
			free(v->keys[i]);
	}
	free(v->items);
	free(v->keys);
}

static int hex4(struct parser *ps, unsigned *out)
{
	unsigned v = 0;

	for (int i = 0; i < 4; i++) {
		char c = ps->p < ps->end ? *ps->p : '\0';

		if (c >= '0' && c <= '9')
			v = v * 16 + (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'f')
			v = v * 16 + (unsigned)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			v = v * 16 + (unsigned)(c - 'A' + 10);
		else
			return fail(ps, "bad \\u escape");
		advance(ps);
	}
	*out = v;
	return 0;
}

static void add_utf8(struct strbuf *sb, unsigned cp)
{
	if (cp < 0x80) {
		sb_addc(sb, (char)cp);
	} else if (cp < 0x800) {
		sb_addc(sb, (char)(0xc0 | (cp >> 6)));
		sb_addc(sb, (char)(0x80 | (cp & 0x3f)));
	} else if (cp < 0x10000) {
		sb_addc(sb, (char)(0xe0 | (cp >> 12)));
		sb_addc(sb, (char)(0x80 | ((cp >> 6) & 0x3f)));
		sb_addc(sb, (char)(0x80 | (cp & 0x3f)));
	} else {
		sb_addc(sb, (char)(0xf0 | (cp >> 18)));
		sb_addc(sb, (char)(0x80 | ((cp >> 12) & 0x3f)));
		sb_addc(sb, (char)(0x80 | ((cp >> 6) & 0x3f)));
		sb_addc(sb, (char)(0x80 | (cp & 0x3f)));
	}
}

static int parse_escape(struct parser *ps, struct strbuf *sb)
{
	static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
	const char *hit;
	unsigned cp, lo;

	advance(ps);  /* the backslash */
	if (ps->p >= ps->end)
		return fail(ps, "unterminated string");
	if (*ps->p != 'u') {
		hit = strchr(from, *ps->p);
		if (!hit || !*ps->p)
			return fail(ps, "bad escape");
		sb_addc(sb, to[hit - from]);
		advance(ps);
		return 0;
	}
	advance(ps);
	if (hex4(ps, &cp) < 0)
		return -1;
	if (cp >= 0xd800 && cp <= 0xdbff) {
		if (!literal(ps, "\\u") || hex4(ps, &lo) < 0 || lo < 0xdc00 || lo > 0xdfff)
			return fail(ps, "unpaired surrogate in \\u escape");
		cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
	} else if (cp >= 0xdc00 && cp <= 0xdfff) {
		return fail(ps, "unpaired surrogate in \\u escape");
	}
	if (cp == 0)
		return fail(ps, "\\u0000 is not supported");
	add_utf8(sb, cp);
	return 0;
}

static int parse_string(struct parser *ps, char **out)
{
	struct strbuf sb = STRBUF_INIT;
	int ret = -1;

	sb_init(&sb);
	advance(ps);  /* opening quote */
	for (;;) {
		unsigned char c;

		if (ps->p >= ps->end) {
			fail(ps, "unterminated string");
			goto out;
		}
		c = (unsigned char)*ps->p;
		if (c == '"')
			break;
		if (c < 0x20) {
			fail(ps, "control character in string");
			goto out;
		}
		if (c == '\\') {
			if (parse_escape(ps, &sb) < 0)
				goto out;
			continue;
		}
		sb_addc(&sb, (char)c);
		advance(ps);
	}
	advance(ps);  /* closing quote */
	*out = sb_detach(&sb);
	ret = 0;
out:
	sb_release(&sb);
	return ret;
}

static int parse_number(struct parser *ps, struct json *v)
{
	const char *start = ps->p;
	bool integral = true;
	char buf[64];
	size_t n;

	if (ps->p < ps->end && *ps->p == '-')
		advance(ps);
	if (ps->p >= ps->end || *ps->p < '0' || *ps->p > '9')
		return fail(ps, "bad number");
	if (*ps->p == '0' && ps->p + 1 < ps->end && ps->p[1] >= '0' && ps->p[1] <= '9')
		return fail(ps, "leading zero in number");
	while (ps->p < ps->end && *ps->p >= '0' && *ps->p <= '9')
		advance(ps);
	if (ps->p < ps->end && *ps->p == '.') {
		integral = false;
		advance(ps);
		if (ps->p >= ps->end || *ps->p < '0' || *ps->p > '9')
			return fail(ps, "bad number");
		while (ps->p < ps->end && *ps->p >= '0' && *ps->p <= '9')
			advance(ps);
	}
	if (ps->p < ps->end && (*ps->p == 'e' || *ps->p == 'E')) {
		integral = false;
		advance(ps);
		if (ps->p < ps->end && (*ps->p == '+' || *ps->p == '-'))
			advance(ps);
		if (ps->p >= ps->end || *ps->p < '0' || *ps->p > '9')
			return fail(ps, "bad number");
		while (ps->p < ps->end && *ps->p >= '0' && *ps->p <= '9')
			advance(ps);
	}
	n = (size_t)(ps->p - start);
	if (n >= sizeof(buf))
		return fail(ps, "number too long");
	memcpy(buf, start, n);
	buf[n] = '\0';
	v->type = JSON_NUMBER;
	v->number = strtod(buf, NULL);
	if (integral) {
		errno = 0;
		v->integer = strtoll(buf, NULL, 10);
		v->is_int = errno != ERANGE;
	}
	return 0;
}

static int parse_value(struct parser *ps, struct json *v, unsigned depth);

static int parse_container(struct parser *ps, struct json *v, unsigned depth, bool object)
{
	char close = object ? '}' : ']';
	size_t alloc = 0, kalloc = 0;

	if (depth >= JSON_MAX_DEPTH)
		return fail(ps, "nested too deeply");
	v->type = object ? JSON_OBJECT : JSON_ARRAY;
	advance(ps);
	skip_space(ps);
	if (ps->p < ps->end && *ps->p == close) {
		advance(ps);
		return 0;
	}
	for (;;) {
		char *key = NULL;

		skip_space(ps);
		if (object) {
			if (ps->p >= ps->end || *ps->p != '"')
				return fail(ps, "expected a member name");
			if (parse_string(ps, &key) < 0)
				return -1;
			for (size_t i = 0; i < v->n; i++) {
				if (!strcmp(v->keys[i], key)) {
					free(key);
					return fail(ps, "duplicate member name");
				}
			}
			skip_space(ps);
			if (ps->p >= ps->end || *ps->p != ':') {
				free(key);
				return fail(ps, "expected ':'");
			}
			advance(ps);
			XGROW(v->keys, kalloc, v->n + 1);
			v->keys[v->n] = key;
		}
		XGROW(v->items, alloc, v->n + 1);
		memset(&v->items[v->n], 0, sizeof(v->items[0]));
		v->n++;  /* counted now so a failure below frees it */
		if (parse_value(ps, &v->items[v->n - 1], depth + 1) < 0)
			return -1;
		skip_space(ps);
		if (ps->p < ps->end && *ps->p == ',') {
			advance(ps);
			continue;
		}
		if (ps->p < ps->end && *ps->p == close) {
			advance(ps);
			return 0;
		}
		return fail(ps, object ? "expected ',' or '}'" : "expected ',' or ']'");
	}
}

static int parse_value(struct parser *ps, struct json *v, unsigned depth)
{
	skip_space(ps);
	v->line = ps->line;
	v->col = ps->col;
	if (ps->p >= ps->end)
		return fail(ps, "unexpected end of input");
	switch (*ps->p) {
	case '{':
		return parse_container(ps, v, depth, true);
	case '[':
		return parse_container(ps, v, depth, false);
	case '"':
		v->type = JSON_STRING;
		return parse_string(ps, &v->string);
	case 't':
	case 'f':
		v->type = JSON_BOOL;
		v->boolean = *ps->p == 't';
		if (literal(ps, v->boolean ? "true" : "false"))
			return 0;
		break;
	case 'n':
		v->type = JSON_NULL;
		if (literal(ps, "null"))
			return 0;
		break;
	default:
		if (*ps->p == '-' || (*ps->p >= '0' && *ps->p <= '9'))
			return parse_number(ps, v);
	}
	return fail(ps, "unexpected character");
}

int json_parse(const char *text, size_t len, const char *name, struct json **out,
	       struct acc_error *err)
{
	struct parser ps = { text, text + len, name, 1, 1, err };
	struct json *root = xcalloc(1, sizeof(*root));
	int ret = -1;

	if (len >= 3 && !memcmp(text, "\xef\xbb\xbf", 3))
		ps.p += 3;  /* byte order mark */
	if (memchr(text, '\0', len)) {
		acc_fail(err, ACC_EPARSE, 0, "%s: invalid JSON: NUL byte in input",
			 name ? name : "<json>");
		goto out;
	}
	if (parse_value(&ps, root, 0) < 0)
		goto out;
	skip_space(&ps);
	if (ps.p != ps.end) {
		fail(&ps, "trailing characters after the value");
		goto out;
	}
	*out = root;
	root = NULL;
	ret = 0;
out:
	json_free(root);
	return ret;
}

void json_free(struct json *root)
{
	if (!root)
		return;
	json_release(root);
	free(root);
}

const struct json *json_get(const struct json *obj, const char *key)
{
	if (!obj || obj->type != JSON_OBJECT)
		return NULL;
	for (size_t i = 0; i < obj->n; i++)
		if (!strcmp(obj->keys[i], key))
			return &obj->items[i];
	return NULL;
}

bool json_get_str(const struct json *obj, const char *key, const char **out)
{
	const struct json *v = json_get(obj, key);

	if (!v || v->type != JSON_STRING)
		return false;
	*out = v->string;
	return true;
}

bool json_get_int(const struct json *obj, const char *key, int64_t *out)
{
	const struct json *v = json_get(obj, key);

	if (!v || v->type != JSON_NUMBER || !v->is_int)
		return false;
	*out = v->integer;
	return true;
}

bool json_get_bool(const struct json *obj, const char *key, bool *out)
{
	const struct json *v = json_get(obj, key);

	if (!v || v->type != JSON_BOOL)
		return false;
	*out = v->boolean;
	return true;
}

const char *json_type_name(enum json_type t)
{
	switch (t) {
	case JSON_BOOL: return "boolean";
	case JSON_NUMBER: return "number";
	case JSON_STRING: return "string";
	case JSON_ARRAY: return "array";
	case JSON_OBJECT: return "object";
	case JSON_NULL: break;
	}
	return "null";
}
