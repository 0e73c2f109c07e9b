/* nu_wine_check.c: checks of the netapi32 backend that Wine's netapi32 can
 * answer (the local machine; NetUserAdd/NetUserDel on its in-process list;
 * no NetUserSetInfo, which aborts under Wine). Each case goes through the
 * public interface and the real netapi32 of the host; run by
 * tests/windows/wine-smoke.sh after scripts/build-windows.sh --tests, or by hand on Windows
 * (where it adds and deletes the local account "accordwine1").
 * Exit status: the number of failed cases. */
#include "names.h"
#include "netapi.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int failures;

#define CHECK(cond)                                                                 \
	do {                                                                        \
		if (!(cond)) {                                                      \
			fprintf(stderr, "%s:%d: %s: check failed: %s\n", __FILE__,  \
				__LINE__, __func__, #cond);                         \
			failures++;                                                 \
			return;                                                     \
		}                                                                   \
	} while (0)

#define BAD_UTF8 "bad\xc3\x28"
#define TEST_USER "accordwine1"

static unsigned long calls(struct nu_conn *c)
{
	struct nu_stats st;

	nu_get_stats(c, &st);
	return st.calls;
}

static void test_nu_win32__domain_sid_is_an_account_domain(struct nu_conn *c)
{
	CHECK(nu_domain_sid(c) != NULL);
	CHECK(strncmp(nu_domain_sid(c), "S-1-5-", 6) == 0);
	CHECK(nu_server(c) != NULL && *nu_server(c));
}

static void test_nu_win32__enum_is_sorted_with_sids_in_one_call(struct nu_conn *c)
{
	struct nu_user *v = NULL;
	struct nu_result res;
	size_t n = 0, len = strlen(nu_domain_sid(c));
	unsigned long before = calls(c);

	CHECK(nu_user_enum(c, &v, &n, &res) == 0);
	CHECK(res.status == NU_OK);
	CHECK(calls(c) == before + 1);  /* one page holds a small machine */
	CHECK(n >= 1);
	for (size_t i = 0; i < n; i++) {
		char rid[16];

		snprintf(rid, sizeof(rid), "-%u", (unsigned)v[i].rid);
		CHECK(v[i].flags & UF_NORMAL_ACCOUNT);
		CHECK(v[i].known == (NU_F_FULL_NAME | NU_F_COMMENT | NU_F_FLAGS));
		CHECK(strncmp(v[i].sid, nu_domain_sid(c), len) == 0);
		CHECK(strcmp(v[i].sid + len, rid) == 0);
		if (i)
			CHECK(acc_name_cmp(v[i - 1].name, v[i].name) <= 0);
	}
	nu_users_free(v, n);
}

static void test_nu_win32__invalid_utf8_refused_without_calls(struct nu_conn *c)
{
	struct nu_user u = { .name = "ok", .comment = BAD_UTF8 }, got = { 0 };
	struct nu_member *m = NULL;
	struct nu_result res;
	unsigned long before = calls(c);
	char **g = NULL;
	size_t n = 0;

	CHECK(nu_user_get(c, BAD_UTF8, &got, &res) == -1 && res.status == NU_INVALID_PARAM);
	CHECK(res.raw == 87);
	CHECK(nu_user_set(c, "ok", &u, NU_F_COMMENT, &res) == -1 &&
	      res.status == NU_INVALID_PARAM);
	CHECK(nu_user_add(c, &u, NU_F_COMMENT, "pw", NULL, &res) == -1 &&
	      res.status == NU_INVALID_PARAM);
	u.comment = "fine";
	CHECK(nu_user_add(c, &u, NU_F_COMMENT, BAD_UTF8, NULL, &res) == -1 &&
	      res.status == NU_INVALID_PARAM);
	CHECK(strstr(res.msg, BAD_UTF8) == NULL);  /* the password is never echoed */
	CHECK(nu_user_set_password(c, "ok", BAD_UTF8, &res) == -1 &&
	      res.status == NU_INVALID_PARAM);
	CHECK(nu_user_rename(c, BAD_UTF8, "ok2", &res) == -1 && res.status == NU_INVALID_PARAM);
	CHECK(nu_user_del(c, BAD_UTF8, &res) == -1 && res.status == NU_INVALID_PARAM);
	CHECK(nu_user_lgroups(c, BAD_UTF8, &g, &n, &res) == -1 &&
	      res.status == NU_INVALID_PARAM);
	CHECK(nu_lgroup_members(c, BAD_UTF8, &m, &n, &res) == -1 &&
	      res.status == NU_INVALID_PARAM);
	CHECK(nu_lgroup_add_member(c, "Administrators", "S-1-5-bogus", &res) == -1 &&
	      res.status == NU_INVALID_PARAM);
	CHECK(calls(c) == before);
	CHECK(g == NULL && m == NULL && got.name == NULL);  /* outputs untouched */
}

static void test_nu_win32__unknown_user_is_not_found(struct nu_conn *c)
{
	struct nu_user u = { 0 };
	struct nu_result res;

	CHECK(nu_user_get(c, "accord-no-such", &u, &res) == -1);
	CHECK(res.status == NU_NOT_FOUND);
	CHECK(strstr(res.msg, "accord-no-such") != NULL);
	CHECK(nu_user_del(c, "accord-no-such", &res) == -1 && res.status == NU_NOT_FOUND);
}

static void test_nu_win32__add_del_counted_as_writes(struct nu_conn *c)
{
	struct nu_user u = { .name = TEST_USER, .comment = "accord wine check",
			     .acct_expires = NU_EXPIRES_NEVER };
	struct nu_stats st;
	struct nu_result res;

	nu_reset_stats(c);
	/* comment and flags ride in NetUserAdd level 1: no NetUserSetInfo */
	CHECK(nu_user_add(c, &u, NU_F_COMMENT | NU_F_FLAGS | NU_F_ACCT_EXPIRES,
			  "Accord-Wine-1", NULL, &res) == 0);
	/* (a second add is not checked: Wine's in-process list takes duplicates) */
	CHECK(nu_user_del(c, TEST_USER, &res) == 0);
	CHECK(nu_user_del(c, TEST_USER, &res) == -1 && res.status == NU_NOT_FOUND);
	nu_get_stats(c, &st);
	CHECK(st.calls == 3 && st.writes == 3 && st.reads == 0);
}

static void test_nu_win32__bad_names_refused_before_add(struct nu_conn *c)
{
	struct nu_user u = { .name = "a/b" };
	struct nu_result res;
	unsigned long before = calls(c);

	CHECK(nu_user_add(c, &u, 0, NULL, NULL, &res) == -1 && res.status == NU_INVALID_PARAM);
	u.name = "abcdefghijklmnopqrstu";  /* 21 characters */
	CHECK(nu_user_add(c, &u, 0, NULL, NULL, &res) == -1 && res.status == NU_INVALID_PARAM);
	CHECK(nu_user_rename(c, "x", "", &res) == -1 && res.status == NU_INVALID_PARAM);
	CHECK(nu_user_set(c, "x", &u, NU_F_NAME, &res) == -1 && res.status == NU_INVALID_PARAM);
	CHECK(calls(c) == before);
}

/* Wine's netapi32 stubs some of these calls: only the shape is checked,
 * never what the machine reports. */
static void test_nu_win32__host_facts_of_local_machine_in_two_calls(struct nu_conn *c)
{
	struct nu_host h;
	struct nu_result res;
	unsigned long before = calls(c);

	CHECK(nu_host_get(c, &h, &res) == 0);
	CHECK(calls(c) == before + 2);
	CHECK(h.address == NULL);  /* the local machine */
	for (const char *p = h.computer; p && *p; p++)
		CHECK(!(*p >= 'a' && *p <= 'z'));
	CHECK(h.joined || h.dns_domain == NULL);
	nu_host_release(&h);
	CHECK(h.computer == NULL);
}

static void test_nu_win32__second_server_refused(void)
{
	struct nu_creds other = { .server = "accord-other-host" };
	struct nu_conn *c2 = NULL;
	struct nu_result res;

	CHECK(nu_connect(&other, &c2, &res) == -1);
	CHECK(res.status == NU_INVALID_PARAM && c2 == NULL);
}

static void trace_count(void *ud, const struct nu_trace_event *ev)
{
	(void)ev;
	++*(unsigned *)ud;
}

static void test_nu_win32__trace_sees_every_call(struct nu_conn *c)
{
	struct nu_modals m;
	struct nu_result res;
	unsigned seen = 0;
	unsigned long before = calls(c);
	char **g = NULL;
	size_t n = 0;

	nu_set_trace(c, trace_count, &seen);
	nu_modals_get(c, &m, &res);  /* Wine answers 2140: still one call */
	if (nu_user_lgroups(c, "Administrator", &g, &n, &res) == 0)
		nu_strv_free(g, n);
	nu_set_trace(c, NULL, NULL);
	CHECK(seen == 2);
	CHECK(calls(c) == before + 2);
}

int main(void)
{
	struct nu_creds local = { 0 };
	struct nu_conn *c = NULL;
	struct nu_result res;

	if (nu_connect(&local, &c, &res)) {
		fprintf(stderr, "nu_wine_check: %s\n", res.msg);
		return 1;
	}
	test_nu_win32__domain_sid_is_an_account_domain(c);
	test_nu_win32__enum_is_sorted_with_sids_in_one_call(c);
	test_nu_win32__invalid_utf8_refused_without_calls(c);
	test_nu_win32__unknown_user_is_not_found(c);
	test_nu_win32__add_del_counted_as_writes(c);
	test_nu_win32__bad_names_refused_before_add(c);
	test_nu_win32__host_facts_of_local_machine_in_two_calls(c);
	test_nu_win32__second_server_refused();
	test_nu_win32__trace_sees_every_call(c);
	nu_disconnect(c);
	printf("nu_wine_check: %d failed\n", failures);
	return failures;
}
