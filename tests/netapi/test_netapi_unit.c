/* test_netapi_unit: the platform-independent parts of the NetUser layer:
 * raw code mapping, UF_* <-> ACB_* conversion, trace counters. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "nu_samba.h"

static void test_nu_status__win32_and_nerr_codes_agree(void **state)
{
	(void)state;
	assert_int_equal(nu_status_from_win32(0), NU_OK);
	assert_int_equal(nu_status_from_win32(2221), NU_NOT_FOUND);
	assert_int_equal(nu_status_from_win32(1332), NU_NOT_FOUND);
	assert_int_equal(nu_status_from_win32(2224), NU_EXISTS);
	assert_int_equal(nu_status_from_win32(1316), NU_EXISTS);
	assert_int_equal(nu_status_from_win32(2245), NU_PASSWORD_POLICY);
	assert_int_equal(nu_status_from_win32(1325), NU_PASSWORD_POLICY);
	assert_int_equal(nu_status_from_win32(5), NU_ACCESS_DENIED);
	assert_int_equal(nu_status_from_win32(2452), NU_LAST_ADMIN);
	assert_int_equal(nu_status_from_win32(53), NU_UNREACHABLE);
	assert_int_equal(nu_status_from_win32(1003), NU_UNREACHABLE);
	assert_int_equal(nu_status_from_win32(1326), NU_UNREACHABLE);
	assert_int_equal(nu_status_from_win32(2152), NU_UNREACHABLE);
	assert_int_equal(nu_status_from_win32(2220), NU_GROUP_NOT_FOUND);
	assert_int_equal(nu_status_from_win32(1376), NU_GROUP_NOT_FOUND);
	assert_int_equal(nu_status_from_win32(1378), NU_ALREADY_MEMBER);
	assert_int_equal(nu_status_from_win32(1377), NU_NOT_MEMBER);
	assert_int_equal(nu_status_from_win32(50), NU_NOT_SUPPORTED);
	assert_int_equal(nu_status_from_win32(87), NU_INVALID_PARAM);
	assert_int_equal(nu_status_from_win32(31), NU_OTHER);
}

static void test_nu_status__ntstatus_codes(void **state)
{
	(void)state;
	assert_int_equal(nu_status_from_ntstatus(0), NU_OK);
	assert_int_equal(nu_status_from_ntstatus(0xC0000073), NU_NOT_FOUND);
	assert_int_equal(nu_status_from_ntstatus(0xC0000064), NU_NOT_FOUND);
	assert_int_equal(nu_status_from_ntstatus(0xC0000063), NU_EXISTS);
	assert_int_equal(nu_status_from_ntstatus(0xC000006C), NU_PASSWORD_POLICY);
	assert_int_equal(nu_status_from_ntstatus(0xC0000022), NU_ACCESS_DENIED);
	assert_int_equal(nu_status_from_ntstatus(0xC000006D), NU_UNREACHABLE);
	assert_int_equal(nu_status_from_ntstatus(0xC0000236), NU_UNREACHABLE);
	assert_int_equal(nu_status_from_ntstatus(0xC0000151), NU_GROUP_NOT_FOUND);
	assert_int_equal(nu_status_from_ntstatus(0xC0000153), NU_ALREADY_MEMBER);
	assert_int_equal(nu_status_from_ntstatus(0xC0000152), NU_NOT_MEMBER);
	assert_int_equal(nu_status_from_ntstatus(0xC000000D), NU_INVALID_PARAM);
	assert_int_equal(nu_status_from_ntstatus(0xC0000001), NU_OTHER);
}

static void test_nu_status__names_are_stable(void **state)
{
	(void)state;
	assert_string_equal(nu_status_name(NU_NOT_FOUND), "not_found");
	assert_string_equal(nu_status_name(NU_PASSWORD_POLICY), "password_policy");
	assert_string_equal(nu_status_name((enum nu_status)99), "other");
}

static void test_nu_status__invalid_param_names_the_field(void **state)
{
	struct nu_result res;

	(void)state;
	assert_int_equal(nu_fail_win32(&res, 87, 11, "NetUserSetInfo 3 'bob'"), -1);
	assert_int_equal(res.status, NU_INVALID_PARAM);
	assert_int_equal(res.raw, 87);
	assert_int_equal(res.parm_err, 11);
	assert_non_null(strstr(res.msg, "full_name"));
	assert_non_null(strstr(res.msg, "'bob'"));
	assert_int_equal(nu_ok(&res), 0);
	assert_int_equal(res.status, NU_OK);
	assert_string_equal(res.msg, "");
}

static void test_nu_acb__known_words(void **state)
{
	(void)state;
	/* a normal enabled account: netapi32 reports UF_SCRIPT too */
	assert_int_equal(nu_acb_to_uf(0x10), UF_SCRIPT | UF_NORMAL_ACCOUNT);
	assert_int_equal(nu_uf_to_acb(UF_NORMAL_ACCOUNT | UF_ACCOUNTDISABLE | UF_DONT_EXPIRE_PASSWD),
			 NU_ACB_NORMAL | NU_ACB_DISABLED | NU_ACB_PWNOEXP);
	/* DISABLED|HOMDIRREQ|NORMAL|PWNOEXP|DONT_REQUIRE_PREAUTH */
	assert_int_equal(nu_acb_to_uf(0x10213), UF_SCRIPT | UF_ACCOUNTDISABLE | UF_HOMEDIR_REQUIRED |
			 UF_NORMAL_ACCOUNT | UF_DONT_EXPIRE_PASSWD | 0x400000);
	assert_int_equal(nu_acb_to_uf(NU_ACB_PW_EXPIRED) & UF_PASSWORD_EXPIRED, UF_PASSWORD_EXPIRED);
	assert_int_equal(nu_acb_to_uf(NU_ACB_AUTOLOCK) & UF_LOCKOUT, UF_LOCKOUT);
}

static void test_nu_acb__whole_word_round_trips(void **state)
{
	(void)state;
	/* every ACB bit SAMR defines (0x1 .. 0x200000) maps to one UF bit
	 * and back; so does every combination of them */
	for (uint32_t bit = 1; bit <= 0x200000; bit <<= 1) {
		uint32_t uf = nu_acb_to_uf(bit);

		assert_int_equal(__builtin_popcount(uf & ~(uint32_t)UF_SCRIPT), 1);
		assert_int_equal(nu_uf_to_acb(uf), bit);
	}
	for (uint32_t acb = 0; acb < 0x400000; acb += 0x1357) {
		uint32_t uf = nu_acb_to_uf(acb);

		assert_int_equal(nu_uf_to_acb(uf), acb);
		assert_int_equal(nu_acb_to_uf(nu_uf_to_acb(uf)), uf);
	}
}

static void test_nu_acb__cant_change_and_script_have_no_acb_bit(void **state)
{
	(void)state;
	assert_int_equal(nu_uf_to_acb(UF_PASSWD_CANT_CHANGE), 0);
	assert_int_equal(nu_uf_to_acb(UF_SCRIPT), 0);
	for (uint32_t bit = 1; bit; bit <<= 1)
		assert_int_equal(nu_acb_to_uf(bit) & UF_PASSWD_CANT_CHANGE, 0);
}

static void test_nu_sid__append_rid(void **state)
{
	char *s = nu_sid_append_rid("S-1-5-21-1-2-3", 1105);

	(void)state;
	assert_string_equal(s, "S-1-5-21-1-2-3-1105");
	free(s);
}

static int last_raw;

static void count_event(void *ud, const struct nu_trace_event *ev)
{
	(*(int *)ud)++;
	last_raw = (int)ev->raw;
}

static void test_nu_trace__counts_reads_writes_round_trips(void **state)
{
	struct nu_tracer t = { 0 };
	int events = 0;

	(void)state;
	t.fn = count_event;
	t.ud = &events;
	nu_trace_call(&t, "NetUserSetInfo", 1003, "bob", 0, nu_now_ms(), true, true);
	nu_trace_call(&t, "samr_QueryUserInfo", 21, "bob", 5, nu_now_ms(), false, true);
	nu_trace_call(&t, "local", 0, NULL, 0, nu_now_ms(), false, false);
	assert_int_equal(events, 3);
	assert_int_equal(last_raw, 0);
	assert_int_equal(t.st.calls, 3);
	assert_int_equal(t.st.writes, 1);
	assert_int_equal(t.st.reads, 2);
	assert_int_equal(t.st.round_trips, 2);
	assert_true(t.st.ms >= 0.0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_nu_status__win32_and_nerr_codes_agree),
		cmocka_unit_test(test_nu_status__ntstatus_codes),
		cmocka_unit_test(test_nu_status__names_are_stable),
		cmocka_unit_test(test_nu_status__invalid_param_names_the_field),
		cmocka_unit_test(test_nu_acb__known_words),
		cmocka_unit_test(test_nu_acb__whole_word_round_trips),
		cmocka_unit_test(test_nu_acb__cant_change_and_script_have_no_acb_bit),
		cmocka_unit_test(test_nu_sid__append_rid),
		cmocka_unit_test(test_nu_trace__counts_reads_writes_round_trips),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
