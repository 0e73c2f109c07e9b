/* test_json.c: common/json.c, the DOM parser accord reads its own JSON with. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "error.h"
#include "json.h"

#include <string.h>

static struct json *parse_ok(const char *text)
{
	struct acc_error err = { 0 };
	struct json *v = NULL;

	if (json_parse(text, strlen(text), "t", &v, &err) < 0)
		fail_msg("%s", err.msg);
	return v;
}

static void parse_bad(const char *text, const char *want)
{
	struct acc_error err = { 0 };
	struct json *v = NULL;

	assert_int_equal(json_parse(text, strlen(text), "t", &v, &err), -1);
	assert_null(v);
	assert_int_equal(err.code, ACC_EPARSE);
	if (!strstr(err.msg, want))
		fail_msg("'%s' does not contain '%s'", err.msg, want);
}

static void test_json__object_members_keep_order_and_types(void **state)
{
	struct json *v = parse_ok("{\"b\": 1, \"a\": [true, null, -2.5e1], \"s\": \"x\"}");
	const struct json *a;
	int64_t i = 0;

	(void)state;
	assert_int_equal(v->type, JSON_OBJECT);
	assert_int_equal(v->n, 3);
	assert_string_equal(v->keys[0], "b");
	assert_true(json_get_int(v, "b", &i));
	assert_int_equal(i, 1);
	a = json_get(v, "a");
	assert_int_equal(a->n, 3);
	assert_true(a->items[0].boolean);
	assert_int_equal(a->items[1].type, JSON_NULL);
	assert_false(a->items[2].is_int);
	assert_true(a->items[2].number == -25.0);
	assert_false(json_get_int(v, "s", &i));
	json_free(v);
}

static void test_json__escapes_decode_to_utf8(void **state)
{
	struct json *v = parse_ok("\"a\\n\\\"\\u00e9\\ud83d\\ude00\\/\"");

	(void)state;
	assert_string_equal(v->string, "a\n\"\xc3\xa9\xf0\x9f\x98\x80/");
	json_free(v);
}

static void test_json__large_integers_stay_exact(void **state)
{
	struct json *v = parse_ok("[9007199254740993, -1, 99999999999999999999]");

	(void)state;
	assert_true(v->items[0].is_int);
	assert_true(v->items[0].integer == 9007199254740993LL);
	assert_true(v->items[1].integer == -1);
	assert_false(v->items[2].is_int);  /* out of int64: a double only */
	json_free(v);
}

static void test_json__errors_say_where(void **state)
{
	(void)state;
	parse_bad("{\"a\": 1,\n  \"a\": 2}", "t:2:");
	parse_bad("{\"a\": 1,\n  \"a\": 2}", "duplicate member name");
	parse_bad("[1, 2", "expected ',' or ']'");
	parse_bad("[01]", "leading zero");
	parse_bad("\"\\u0000\"", "\\u0000");
	parse_bad("\"\\ud800\"", "unpaired surrogate");
	parse_bad("{} x", "trailing characters");
	parse_bad("\"tab\there\"", "control character");
	parse_bad("tru", "unexpected character");
	parse_bad("", "unexpected end");
}

static void test_json__depth_is_limited(void **state)
{
	char deep[JSON_MAX_DEPTH + 2];

	(void)state;
	memset(deep, '[', sizeof(deep) - 1);
	deep[sizeof(deep) - 1] = '\0';
	parse_bad(deep, "nested too deeply");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_json__object_members_keep_order_and_types),
		cmocka_unit_test(test_json__escapes_decode_to_utf8),
		cmocka_unit_test(test_json__large_integers_stay_exact),
		cmocka_unit_test(test_json__errors_say_where),
		cmocka_unit_test(test_json__depth_is_limited),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
