#pragma once
/* json.h: a small JSON (RFC 8259) DOM parser, for reading accord's own
 * documents back: live snapshots in golden tests, plans from the store.
 *
 * Not a general-purpose library: no writer (strbuf's sb_add_json_str is
 * the writer), no streaming. Strings are UTF-8 and NUL-terminated, so a
 * "\u0000" escape is refused. Nesting deeper than JSON_MAX_DEPTH is
 * refused. Object keys keep their order; duplicates are refused.
 *
 * A tree is owned by its root: json_free(root) frees every node and
 * string; json_free(NULL) is a no-op. Lookups return pointers into the
 * tree, valid until it is freed. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct acc_error;

#define JSON_MAX_DEPTH 64

enum json_type { JSON_NULL = 0, JSON_BOOL, JSON_NUMBER, JSON_STRING, JSON_ARRAY, JSON_OBJECT };

struct json {
	enum json_type type;
	bool boolean;           /* JSON_BOOL */
	bool is_int;            /* JSON_NUMBER written without fraction or exponent, fits int64 */
	int64_t integer;        /* JSON_NUMBER when is_int */
	double number;          /* JSON_NUMBER, always */
	char *string;           /* JSON_STRING */
	struct json *items;     /* JSON_ARRAY elements, JSON_OBJECT values */
	char **keys;            /* JSON_OBJECT: keys[i] names items[i] */
	size_t n;               /* elements or members */
	unsigned line, col;     /* where the value starts, 1-based */
};

/* Parses text (len bytes, need not be NUL-terminated) into *out. On error
 * returns -1 with err (ACC_EPARSE, "name:line:col: what"), *out untouched.
 * name is used in messages only (may be NULL). */
int json_parse(const char *text, size_t len, const char *name, struct json **out,
	       struct acc_error *err);
void json_free(struct json *root);

/* The member key of obj, or NULL when obj is not an object or has none. */
const struct json *json_get(const struct json *obj, const char *key);
/* Typed member lookups: true and *out set when the member exists with that
 * type (json_get_int: an integral number), false otherwise (*out untouched). */
bool json_get_str(const struct json *obj, const char *key, const char **out);
bool json_get_int(const struct json *obj, const char *key, int64_t *out);
bool json_get_bool(const struct json *obj, const char *key, bool *out);

const char *json_type_name(enum json_type t);  /* "null", "boolean", ... */
