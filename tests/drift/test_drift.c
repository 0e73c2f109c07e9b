/* test_drift.c: drift's renderers (text, JSON, JUnit, summary line) and the
 * report page, on reports saved to and loaded from a real state database,
 * so the counts are the store's own. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "drift.h"
#include "json.h"
#include "report_html.h"
#include "store.h"
#include "strbuf.h"
#include "xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct fixture {
	char dir[64];
	struct store *store;
};

static int setup(void **state)
{
	struct fixture *f = xcalloc(1, sizeof(*f));
	struct acc_error err = { 0 };
	char *path;

	strcpy(f->dir, "/tmp/test_drift.XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	path = xasprintf("%s/state.db", f->dir);
	assert_int_equal(store_open(path, &f->store, &err), 0);
	free(path);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	char *cmd = xasprintf("rm -rf '%s'", f->dir);

	store_close(f->store);
	assert_int_equal(system(cmd), 0);
	free(cmd);
	free(f);
	return 0;
}

/* Saves r and loads it back, as `accord show` and the page see it. */
static struct store_drift_report *round_trip(struct fixture *f, struct store_drift_report *r)
{
	struct store_drift_report *back = NULL;
	struct acc_error err = { 0 };

	assert_int_equal(store_drift_save(f->store, r, &err), 0);
	assert_int_equal(store_drift_load(f->store, r->id, &back, &err), 0);
	store_drift_report_free(r);
	return back;
}

static size_t count(const char *hay, const char *needle)
{
	size_t n = 0;

	for (const char *p = strstr(hay, needle); p; p = strstr(p + 1, needle))
		n++;
	return n;
}

/* bob drifted twice (one change is a password), carol once; x is not in
 * the file (unmanaged: disable). */
static struct drift_result sample(struct fixture *f)
{
	static const char *const accounts[] = { "alice", "bob", "carol" };
	struct store_drift_report *r = store_drift_report_new("srv1", "users.yaml",
							      STORE_DRIFT_DRIFT);
	struct drift_result res = { 0 };

	store_drift_add(r, "bob", "full_name", "Bob", "Robert", STORE_ORIGIN_OUTSIDE);
	store_drift_add(r, "carol", "disabled", "false", "true", STORE_ORIGIN_NEVER_APPLIED);
	store_drift_add(r, "x", "disabled", "true", "false", STORE_ORIGIN_NEVER_APPLIED);
	store_drift_add(r, "BOB", "password", DRIFT_SENSITIVE, DRIFT_SENSITIVE,
			STORE_ORIGIN_OUTSIDE);
	res.report = round_trip(f, r);
	res.accounts = xcalloc(3, sizeof(char *));
	for (size_t i = 0; i < 3; i++)
		res.accounts[res.n_accounts++] = xstrdup(accounts[i]);
	return res;
}

static void test_drift__groups_keep_first_appearance(void **state)
{
	struct drift_result res = sample(*state);
	struct drift_groups g = { 0 };

	drift_groups_init(&g, res.report);
	assert_int_equal(g.n, 3);
	/* bob's two items (case-insensitive), then carol, then x */
	assert_int_equal(g.start[1] - g.start[0], 2);
	assert_int_equal(g.order[0], 0);
	assert_int_equal(g.order[1], 3);
	assert_int_equal(g.order[2], 1);
	assert_int_equal(drift_groups_find(&g, "Carol"), 1);
	assert_int_equal(drift_groups_find(&g, "alice"), (size_t)-1);
	drift_groups_release(&g);
	drift_result_release(&res);
}

static void test_drift__json_is_versioned_and_complete(void **state)
{
	struct drift_result res = sample(*state);
	struct strbuf sb = STRBUF_INIT;
	struct acc_error err = { 0 };
	struct json *j = NULL;
	const struct json *items, *counts;
	int64_t v = 0;
	const char *s = NULL;

	sb_init(&sb);
	drift_render_json(&res, &sb);
	assert_int_equal(json_parse(sb.buf, sb.len, "drift", &j, &err), 0);
	assert_true(json_get_int(j, "format_version", &v));
	assert_int_equal(v, DRIFT_JSON_FORMAT_VERSION);
	assert_true(json_get_str(j, "status", &s));
	assert_string_equal(s, "drift");
	assert_true(json_get_str(j, "id", &s));
	assert_string_equal(s, res.report->id);
	counts = json_get(j, "counts");
	assert_true(json_get_int(counts, "accounts", &v));
	assert_int_equal(v, 3);
	assert_true(json_get_int(counts, "fields", &v));
	assert_int_equal(v, 4);
	assert_true(json_get_int(counts, "outside", &v));
	assert_int_equal(v, 2);
	items = json_get(j, "items");
	assert_int_equal(items->n, 4);
	assert_true(json_get_str(&items->items[3], "expected", &s));
	assert_string_equal(s, "(sensitive)");
	assert_true(json_get_str(&items->items[0], "origin", &s));
	assert_string_equal(s, "outside");
	assert_int_equal(json_get(j, "accounts_checked")->n, 3);
	assert_int_equal(json_get(j, "error")->type, JSON_NULL);
	json_free(j);
	sb_release(&sb);
	drift_result_release(&res);
}

static void test_drift__junit_one_case_per_account(void **state)
{
	struct drift_result res = sample(*state);
	struct strbuf sb = STRBUF_INIT;

	sb_init(&sb);
	drift_render_junit(&res, &sb);
	assert_int_equal(count(sb.buf, "<testsuite "), 1);
	assert_non_null(strstr(sb.buf, "tests=\"4\" failures=\"3\" errors=\"0\""));
	assert_int_equal(count(sb.buf, "<testcase "), 4);
	assert_int_equal(count(sb.buf, "<failure "), 3);
	/* bob's failure names both fields, the password masked */
	assert_non_null(strstr(sb.buf, "message=\"2 fields drifted\">full_name: live Robert, "
				       "expected Bob (outside)\npassword: live (sensitive)"));
	assert_non_null(strstr(sb.buf, "name=\"alice\" time=\"0\"/>"));
	sb_release(&sb);
	drift_result_release(&res);
}

static void test_drift__junit_error_run_is_one_error(void **state)
{
	struct store_drift_report *r = store_drift_report_new("srv1", "u.yaml", STORE_DRIFT_ERROR);
	struct drift_result res = { 0 };
	struct strbuf sb = STRBUF_INIT;

	r->error = xstrdup("cannot connect to server 'srv1': <unreachable> & gone");
	res.report = round_trip(*state, r);
	sb_init(&sb);
	drift_render_junit(&res, &sb);
	assert_non_null(strstr(sb.buf, "tests=\"1\" failures=\"0\" errors=\"1\""));
	assert_int_equal(count(sb.buf, "<error "), 1);
	assert_int_equal(count(sb.buf, "<failure"), 0);
	assert_non_null(strstr(sb.buf, "&lt;unreachable&gt; &amp; gone"));
	sb_release(&sb);
	drift_result_release(&res);
}

static void test_drift__text_and_summary_name_every_field(void **state)
{
	struct drift_result res = sample(*state);
	struct strbuf sb = STRBUF_INIT;

	sb_init(&sb);
	drift_render_text(&res, false, &sb);
	assert_non_null(strstr(sb.buf, "full_name                live Robert, expected Bob  "
				       "(changed outside accord)"));
	assert_non_null(strstr(sb.buf, "password                 live (sensitive)"));
	assert_non_null(strstr(sb.buf, "Drift: 3 accounts, 4 fields (2 changed outside accord, "
				       "2 never applied)."));
	assert_null(strstr(sb.buf, "\033["));
	sb_reset(&sb);
	drift_summary_line(res.report, &sb);
	assert_true(strstr(sb.buf, "on srv1: 3 accounts drifted (4 fields: 2 changed outside "
				   "accord, 2 never applied)") != NULL);
	sb_release(&sb);
	drift_result_release(&res);
}

static const char evil[] = "<script>alert('x')</script>";

static void test_drift__html_escapes_everything(void **state)
{
	struct fixture *f = *state;
	struct store_drift_report *r = store_drift_report_new("<b>srv</b>", "<i>f</i>.yaml",
							      STORE_DRIFT_DRIFT);
	struct store_drift_report *e = store_drift_report_new("<b>srv</b>", "x.yaml",
							      STORE_DRIFT_ERROR);
	struct store_drift_report *hist = NULL, *latest[1];
	struct report_html_input in = { 0 };
	struct strbuf sb = STRBUF_INIT;
	struct acc_error err = { 0 };
	size_t n = 0;

	e->error = xstrdup(evil);
	e->at = 1700000000;
	e = round_trip(f, e);
	store_drift_add(r, "<img src=x onerror=alert(1)>", "full_name", evil, "a\"b'c&d\x01",
			STORE_ORIGIN_OUTSIDE);
	r->at = 1700086400;
	latest[0] = round_trip(f, r);
	assert_int_equal(store_drift_list(f->store, NULL, 0, 0, &hist, &n, &err), 0);
	in = (struct report_html_input){ hist, n, latest, 1, 1700090000, "<since>" };
	sb_init(&sb);
	report_html_render(&in, &sb);
	assert_null(strstr(sb.buf, "<script"));
	assert_null(strstr(sb.buf, "<img"));
	assert_null(strstr(sb.buf, "<b>srv"));
	assert_null(strstr(sb.buf, "<i>f"));
	assert_null(strstr(sb.buf, "<since>"));
	assert_null(strstr(sb.buf, "\x01"));
	assert_non_null(strstr(sb.buf, "&lt;img src=x onerror=alert(1)&gt;"));
	assert_non_null(strstr(sb.buf, "a&quot;b&#39;c&amp;d\xef\xbf\xbd"));
	/* the error shows in the tooltip, the history and nowhere raw */
	assert_true(count(sb.buf, "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;") >= 3);
	/* no external asset, no script of our own */
	assert_null(strstr(sb.buf, "src=\""));
	assert_null(strstr(sb.buf, "href=\""));
	assert_null(strstr(sb.buf, "url("));
	sb_release(&sb);
	store_drift_reports_free(hist, n);
	store_drift_report_free(latest[0]);
	store_drift_report_free(e);
}

static void test_drift__html_plots_every_report(void **state)
{
	struct fixture *f = *state;
	struct store_drift_report *hist = NULL, *latest[1] = { NULL };
	struct report_html_input in = { 0 };
	struct strbuf sb = STRBUF_INIT;
	struct acc_error err = { 0 };
	size_t n = 0;

	for (int i = 0; i < 10; i++) {
		struct store_drift_report *r = store_drift_report_new(
			"srv1", "u.yaml", i == 4 ? STORE_DRIFT_ERROR
			: i % 3 || i == 9 ? STORE_DRIFT_DRIFT : STORE_DRIFT_IN_SYNC);

		if (i == 4)
			r->error = xstrdup("unreachable");
		for (int k = 0; r->status == STORE_DRIFT_DRIFT && k < i; k++) {
			char a[16];

			snprintf(a, sizeof(a), "user%d", k);
			store_drift_add(r, a, "full_name", "x", "y", STORE_ORIGIN_OUTSIDE);
		}
		r->at = 1700000000 + i * 86400;
		if (i < 9)
			store_drift_report_free(round_trip(f, r));
		else
			latest[0] = round_trip(f, r);
	}
	assert_int_equal(store_drift_list(f->store, NULL, 0, 0, &hist, &n, &err), 0);
	assert_int_equal(n, 10);
	in = (struct report_html_input){ hist, n, latest, 1, 1700000000 + 10 * 86400, NULL };
	sb_init(&sb);
	report_html_render(&in, &sb);
	assert_int_equal(count(sb.buf, "<svg "), 1);
	assert_int_equal(count(sb.buf, "<g class=\"pt "), 10);
	assert_int_equal(count(sb.buf, "<g class=\"pt error\">"), 1);
	assert_int_equal(count(sb.buf, "<polyline "), 1);
	assert_non_null(strstr(sb.buf, ">drifted accounts</text>"));
	assert_non_null(strstr(sb.buf, ">time (local)</text>"));
	/* the latest report's 9 drifted fields, one row each */
	assert_int_equal(count(sb.buf, "<td class=\"live\">"), 9);
	assert_int_equal(count(sb.buf, "<title>"), 12);  /* page, plot, 10 points */
	sb_release(&sb);
	store_drift_reports_free(hist, n);
	store_drift_report_free(latest[0]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_drift__groups_keep_first_appearance, setup, teardown),
		cmocka_unit_test_setup_teardown(test_drift__json_is_versioned_and_complete, setup, teardown),
		cmocka_unit_test_setup_teardown(test_drift__junit_one_case_per_account, setup, teardown),
		cmocka_unit_test_setup_teardown(test_drift__junit_error_run_is_one_error, setup, teardown),
		cmocka_unit_test_setup_teardown(test_drift__text_and_summary_name_every_field, setup, teardown),
		cmocka_unit_test_setup_teardown(test_drift__html_escapes_everything, setup, teardown),
		cmocka_unit_test_setup_teardown(test_drift__html_plots_every_report, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
