/* test_nu_utf16.c: the netapi32 backend's UTF-8 <-> UTF-16 converter, run on
 * the Linux build so that every CI run checks what the Windows build uses. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "nu_utf16.h"

#include <stdlib.h>
#include <string.h>

static void expect_units(const char *utf8, const nu_wchar *want, size_t n)
{
	nu_wchar *w = NULL;
	char *back = NULL;

	assert_int_equal(nu_utf8_to_utf16(utf8, &w), 0);
	assert_non_null(w);
	assert_int_equal(nu_utf16_len(w), n);
	assert_memory_equal(w, want, (n + 1) * sizeof(*w));
	back = nu_utf16_to_utf8(w);
	assert_string_equal(back, utf8);
	free(back);
	free(w);
}

static void test_nu_utf16__ascii_and_empty(void **state)
{
	static const nu_wchar bob[] = { 'b', 'o', 'b', 0 }, empty[] = { 0 };

	(void)state;
	expect_units("bob", bob, 3);
	expect_units("", empty, 0);
}

static void test_nu_utf16__bmp_and_supplementary(void **state)
{
	/* "Zoë", "名前", U+1F600 as a surrogate pair, U+FFFF and U+10FFFF */
	static const nu_wchar zoe[] = { 'Z', 'o', 0x00eb, 0 };
	static const nu_wchar kanji[] = { 0x540d, 0x524d, 0 };
	static const nu_wchar emoji[] = { 'a', 0xd83d, 0xde00, 'b', 0 };
	static const nu_wchar edges[] = { 0xffff, 0xdbff, 0xdfff, 0 };

	(void)state;
	expect_units("Zo\xc3\xab", zoe, 3);
	expect_units("\xe5\x90\x8d\xe5\x89\x8d", kanji, 2);
	expect_units("a\xf0\x9f\x98\x80" "b", emoji, 4);
	expect_units("\xef\xbf\xbf\xf4\x8f\xbf\xbf", edges, 3);
}

static void test_nu_utf16__null_is_null(void **state)
{
	nu_wchar *w = (nu_wchar *)&state;  /* must be overwritten with NULL */

	assert_int_equal(nu_utf8_to_utf16(NULL, &w), 0);
	assert_null(w);
	assert_null(nu_utf16_to_utf8(NULL));
}

static void test_nu_utf16__invalid_utf8_is_refused(void **state)
{
	static const char *const bad[] = {
		"\x80",                  /* lone continuation byte */
		"a\xc3",                 /* truncated two-byte sequence */
		"\xe5\x90",              /* truncated three-byte sequence */
		"\xc0\xaf",              /* overlong '/' */
		"\xe0\x80\xaf",          /* overlong '/' in three bytes */
		"\xf0\x80\x80\xaf",      /* overlong '/' in four bytes */
		"\xed\xa0\x80",          /* encoded surrogate U+D800 */
		"\xf4\x90\x80\x80",      /* U+110000, beyond Unicode */
		"\xff",                  /* never valid */
		"ok\xfe" "ok",
	};
	nu_wchar sentinel = 0, *w = &sentinel;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(nu_utf8_to_utf16(bad[i], &w), -1);
		assert_ptr_equal(w, &sentinel);  /* output untouched */
	}
}

static void test_nu_utf16__lone_surrogate_reads_as_replacement(void **state)
{
	static const nu_wchar lone_hi[] = { 'x', 0xd800, 'y', 0 };
	static const nu_wchar lone_lo_end[] = { 0xdc00, 0 };
	char *s = NULL;

	(void)state;
	s = nu_utf16_to_utf8(lone_hi);
	assert_string_equal(s, "x\xef\xbf\xbdy");
	free(s);
	s = nu_utf16_to_utf8(lone_lo_end);
	assert_string_equal(s, "\xef\xbf\xbd");
	free(s);
}

static void test_nu_utf16__free_secret_accepts_null_and_strings(void **state)
{
	nu_wchar *w = NULL;

	(void)state;
	nu_utf16_free_secret(NULL);
	assert_int_equal(nu_utf8_to_utf16("s3cr3t!", &w), 0);
	nu_utf16_free_secret(w);  /* checked for leaks under ASan */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_nu_utf16__ascii_and_empty),
		cmocka_unit_test(test_nu_utf16__bmp_and_supplementary),
		cmocka_unit_test(test_nu_utf16__null_is_null),
		cmocka_unit_test(test_nu_utf16__invalid_utf8_is_refused),
		cmocka_unit_test(test_nu_utf16__lone_surrogate_reads_as_replacement),
		cmocka_unit_test(test_nu_utf16__free_secret_accepts_null_and_strings),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
