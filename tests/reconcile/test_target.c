/* test_target: item-level targeting, from the file's text (Groups.xml
 * <Filters>, YAML hosts:) through the reader to tf_eval and tf_select, on
 * hosts described in memory. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "diag.h"
#include "error.h"
#include "formats.h"
#include "model.h"
#include "model_conflict.h"
#include "names.h"
#include "netapi.h"
#include "plan.h"
#include "strbuf.h"
#include "target.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <locale.h>
#include <time.h>
#include <unistd.h>

#define USER_OPEN "<User clsid=\"{DF5F1855-51E5-4d24-8B1A-D9BDE98BA1D1}\" name=\"bob\">" \
		  "<Properties action=\"D\" userName=\"bob\"/><Filters>"
#define USER_CLOSE "</Filters></User>"

static struct nu_host standalone = {
	.computer = "ACCORDSA", .domain_known = true, .joined = false, .domain = "ACCORDWG",
	.address = "127.0.0.1",
};

static struct nu_host dc = {
	.computer = "DC1", .dns_name = "dc1.accord.test", .domain_known = true, .joined = true,
	.is_dc = true, .domain = "ACCORD", .dns_domain = "accord.test", .address = "10.1.2.3",
};

static struct nu_host win = {
	.computer = "WS01", .dns_name = "ws01.corp.example", .domain_known = true,
	.joined = true, .domain = "CORP", .dns_domain = "corp.example", .os_known = true,
	.os_major = 6, .os_minor = 3, .os_server = false, .address = "192.168.7.20",
};

/* 2026-12-07 (a Monday) 10:30:00 UTC; the tests run with TZ=UTC */
#define MONDAY_1030 ((time_t)1796639400)

static struct model *read_gpp(const char *filters)
{
	char buf[4096];
	struct model *m = model_new();
	struct diags d = DIAGS_INIT;
	struct acc_error err = { 0 };

	snprintf(buf, sizeof(buf), "<Groups clsid=\"{3125E937-EB16-4b4c-9934-544FC6D24D26}\">"
		 USER_OPEN "%s" USER_CLOSE "</Groups>", filters);
	if (formats_load_buf(buf, strlen(buf), "t.xml", FORMAT_GPP, m, &d, &err) < 0) {
		for (size_t i = 0; i < d.n; i++)
			fprintf(stderr, "%u:%u: %s\n", d.v[i].line, d.v[i].col, d.v[i].msg);
		fail_msg("t.xml: %s", err.msg);
	}
	diags_release(&d);
	assert_int_equal(m->n_users, 1);
	return m;
}

/* The verdict of filters for host h at time now. */
static bool applies_at(const char *filters, const struct nu_host *h, time_t now, bool match,
		       struct tf_verdict *out)
{
	struct model *m = read_gpp(filters);
	struct tf_host th = { h, now };
	struct tf_verdict v;

	tf_eval(m->users[0].target, &th, match, &v);
	if (out) {
		*out = v;
		out->filter = NULL;  /* it points into the model freed below */
	}
	model_free(m);
	return v.applies;
}

static bool applies(const char *filters, const struct nu_host *h)
{
	return applies_at(filters, h, MONDAY_1030, false, NULL);
}

static void test_target__computer_netbios_exact_and_case(void **state)
{
	(void)state;
	assert_true(applies("<FilterComputer bool=\"AND\" not=\"0\" type=\"NETBIOS\" name=\"accordsa\"/>",
			    &standalone));
	assert_false(applies("<FilterComputer bool=\"AND\" not=\"0\" type=\"NETBIOS\" name=\"WS01\"/>",
			     &standalone));
}

static void test_target__computer_wildcards(void **state)
{
	(void)state;
	assert_true(applies("<FilterComputer bool=\"AND\" not=\"0\" type=\"NETBIOS\" name=\"ACC*\"/>",
			    &standalone));
	assert_true(applies("<FilterComputer bool=\"AND\" not=\"0\" type=\"NETBIOS\" name=\"*SA\"/>",
			    &standalone));
	assert_true(applies("<FilterComputer bool=\"AND\" not=\"0\" type=\"NETBIOS\" name=\"ACCORDS?\"/>",
			    &standalone));
	assert_false(applies("<FilterComputer bool=\"AND\" not=\"0\" type=\"NETBIOS\" name=\"ACCORD?\"/>",
			     &standalone));
	assert_false(applies("<FilterComputer bool=\"AND\" not=\"0\" type=\"NETBIOS\" name=\"WS*\"/>",
			     &standalone));
	assert_true(acc_name_match("*", ""));
	assert_true(acc_name_match("a*b*c", "aXXbYYc"));
	assert_false(acc_name_match("a*b*c", "aXXbYY"));
	assert_true(acc_name_match("ÄB?", "äbx"));
}

static void test_target__computer_dns_unknown_on_standalone(void **state)
{
	struct tf_verdict v;

	(void)state;
	assert_true(applies("<FilterComputer bool=\"AND\" not=\"0\" type=\"DNS\" name=\"*.accord.test\"/>",
			    &dc));
	assert_false(applies_at("<FilterComputer bool=\"AND\" not=\"0\" type=\"DNS\" name=\"x.y\"/>",
				&standalone, MONDAY_1030, false, &v));
	assert_true(v.unknown);
	assert_non_null(strstr(v.why, "DNS name is not known"));
	/* the explicit opt-in counts it as true */
	assert_true(applies_at("<FilterComputer bool=\"AND\" not=\"0\" type=\"DNS\" name=\"x.y\"/>",
			       &standalone, MONDAY_1030, true, NULL));
}

static void test_target__not_inverts(void **state)
{
	struct tf_verdict v;

	(void)state;
	assert_false(applies_at("<FilterComputer bool=\"AND\" not=\"1\" type=\"NETBIOS\" name=\"ACCORDSA\"/>",
				&standalone, MONDAY_1030, false, &v));
	assert_false(v.unknown);
	assert_non_null(strstr(v.why, "FilterComputer NETBIOS 'ACCORDSA' not=\"1\" (t.xml:1:"));
	assert_non_null(strstr(v.why, "this host is 'ACCORDSA'"));
	assert_true(applies("<FilterComputer bool=\"AND\" not=\"1\" type=\"NETBIOS\" name=\"WS01\"/>",
			    &standalone));
}

static void test_target__and_or_left_to_right(void **state)
{
	(void)state;
	/* WS01 OR ACCORDSA */
	assert_true(applies("<FilterComputer bool=\"AND\" not=\"0\" type=\"NETBIOS\" name=\"WS01\"/>"
			    "<FilterComputer bool=\"OR\" not=\"0\" type=\"NETBIOS\" name=\"ACCORDSA\"/>",
			    &standalone));
	/* ACCORDSA AND WS01 */
	assert_false(applies("<FilterComputer bool=\"AND\" not=\"0\" type=\"NETBIOS\" name=\"ACCORDSA\"/>"
			     "<FilterComputer bool=\"AND\" not=\"0\" type=\"NETBIOS\" name=\"WS01\"/>",
			     &standalone));
	/* (ACCORDSA OR WS01) AND NOT ACC* : left to right */
	assert_false(applies("<FilterComputer bool=\"AND\" not=\"0\" type=\"NETBIOS\" name=\"ACCORDSA\"/>"
			     "<FilterComputer bool=\"OR\" not=\"0\" type=\"NETBIOS\" name=\"WS01\"/>"
			     "<FilterComputer bool=\"AND\" not=\"1\" type=\"NETBIOS\" name=\"ACC*\"/>",
			     &standalone));
}

static void test_target__nested_collections(void **state)
{
	(void)state;
	/* WS01 OR (ACCORD* AND NOT *SA) -> false on ACCORDSA */
	assert_false(applies("<FilterComputer bool=\"AND\" not=\"0\" type=\"NETBIOS\" name=\"WS01\"/>"
			     "<FilterCollection bool=\"OR\" not=\"0\" name=\"lab\">"
			     "<FilterComputer bool=\"AND\" not=\"0\" type=\"NETBIOS\" name=\"ACCORD*\"/>"
			     "<FilterComputer bool=\"AND\" not=\"1\" type=\"NETBIOS\" name=\"*SA\"/>"
			     "</FilterCollection>", &standalone));
	/* the same collection with not="1" -> true */
	assert_true(applies("<FilterComputer bool=\"AND\" not=\"0\" type=\"NETBIOS\" name=\"WS01\"/>"
			    "<FilterCollection bool=\"OR\" not=\"1\">"
			    "<FilterComputer bool=\"AND\" not=\"0\" type=\"NETBIOS\" name=\"ACCORD*\"/>"
			    "<FilterComputer bool=\"AND\" not=\"1\" type=\"NETBIOS\" name=\"*SA\"/>"
			    "</FilterCollection>", &standalone));
}

static void test_target__unknown_filter_skips_unless_opted_in(void **state)
{
	const char *reg = "<FilterRegistry bool=\"AND\" not=\"0\" type=\"KEYEXISTS\" hive=\"HKLM\" key=\"X\"/>";
	struct tf_verdict v;

	(void)state;
	assert_false(applies_at(reg, &standalone, MONDAY_1030, false, &v));
	assert_true(v.unknown);
	assert_non_null(strstr(v.why, "FilterRegistry"));
	assert_non_null(strstr(v.why, "cannot be evaluated"));
	assert_true(applies_at(reg, &standalone, MONDAY_1030, true, NULL));
}

static void test_target__kleene_false_and_unknown_is_false(void **state)
{
	struct tf_verdict v;

	(void)state;
	/* a computer that excludes wins over an unknown filter beside it */
	assert_false(applies_at("<FilterWmi bool=\"AND\" not=\"0\" query=\"x\"/>"
				"<FilterComputer bool=\"AND\" not=\"0\" type=\"NETBIOS\" name=\"WS01\"/>",
				&standalone, MONDAY_1030, true, &v));
	assert_false(v.unknown);
	/* ... and a match ORed with an unknown one applies */
	assert_true(applies("<FilterWmi bool=\"AND\" not=\"0\" query=\"x\"/>"
			    "<FilterComputer bool=\"OR\" not=\"0\" type=\"NETBIOS\" name=\"ACCORDSA\"/>",
			    &standalone));
}

static void test_target__domain(void **state)
{
	struct tf_verdict v;

	(void)state;
	assert_true(applies("<FilterDomain bool=\"AND\" not=\"0\" name=\"ACCORD\" userContext=\"0\"/>", &dc));
	assert_true(applies("<FilterDomain bool=\"AND\" not=\"0\" name=\"Accord.Test\" userContext=\"0\"/>", &dc));
	assert_false(applies("<FilterDomain bool=\"AND\" not=\"0\" name=\"CORP\" userContext=\"0\"/>", &dc));
	/* a workgroup is no domain, even one of the same name */
	assert_false(applies_at("<FilterDomain bool=\"AND\" not=\"0\" name=\"ACCORDWG\" userContext=\"0\"/>",
				&standalone, MONDAY_1030, false, &v));
	assert_false(v.unknown);
	assert_non_null(strstr(v.why, "workgroup 'ACCORDWG'"));
	assert_false(applies_at("<FilterDomain bool=\"AND\" not=\"0\" name=\"ACCORD\" userContext=\"1\"/>",
				&dc, MONDAY_1030, false, &v));
	assert_true(v.unknown);
}

static void test_target__os(void **state)
{
	struct tf_verdict v;

	(void)state;
	assert_true(applies("<FilterOs bool=\"AND\" not=\"0\" class=\"NT\" version=\"WIN81\" type=\"NE\" edition=\"NE\" sp=\"NE\"/>", &win));
	assert_false(applies("<FilterOs bool=\"AND\" not=\"0\" class=\"NT\" version=\"2K12R2\" type=\"NE\" edition=\"NE\" sp=\"NE\"/>", &win));
	assert_false(applies("<FilterOs bool=\"AND\" not=\"0\" class=\"NT\" version=\"WIN10\" type=\"NE\" edition=\"NE\" sp=\"NE\"/>", &win));
	/* Samba reports no Windows version: unknown */
	assert_false(applies_at("<FilterOs bool=\"AND\" not=\"0\" class=\"NT\" version=\"WIN10\"/>",
				&standalone, MONDAY_1030, false, &v));
	assert_true(v.unknown);
}

static void test_target__ip_range(void **state)
{
	(void)state;
	assert_true(applies("<FilterIpRange bool=\"AND\" not=\"0\" min=\"127.0.0.0\" max=\"127.255.255.255\"/>",
			    &standalone));
	assert_false(applies("<FilterIpRange bool=\"AND\" not=\"0\" min=\"10.0.0.1\" max=\"10.0.0.10\"/>",
			     &standalone));
	assert_true(applies("<FilterIpRange bool=\"AND\" not=\"0\" min=\"10.0.0.1\" max=\"10.255.0.0\"/>",
			    &dc));
}

static void test_target__date_and_time(void **state)
{
	struct tf_verdict v;

	(void)state;
	assert_true(applies_at("<FilterDate bool=\"AND\" not=\"0\" period=\"WEEKLY\" dow=\"MON\"/>",
			       &standalone, MONDAY_1030, false, &v));
	assert_true(v.clock);
	assert_false(applies("<FilterDate bool=\"AND\" not=\"0\" period=\"WEEKLY\" dow=\"TUE\"/>", &standalone));
	assert_true(applies("<FilterDate bool=\"AND\" not=\"0\" period=\"MONTHLY\" day=\"7\"/>", &standalone));
	assert_true(applies("<FilterDate bool=\"AND\" not=\"0\" period=\"YEARLY\" day=\"7\" month=\"12\"/>", &standalone));
	assert_false(applies("<FilterDate bool=\"AND\" not=\"0\" period=\"NONE\" day=\"7\" month=\"12\" year=\"2025\"/>", &standalone));
	assert_true(applies("<FilterTime bool=\"AND\" not=\"0\" begin=\"08:00:00\" end=\"17:00:00\"/>", &standalone));
	assert_false(applies("<FilterTime bool=\"AND\" not=\"0\" begin=\"22:00:00\" end=\"06:00:00\"/>", &standalone));
	assert_true(applies_at("<FilterTime bool=\"AND\" not=\"0\" begin=\"22:00:00\" end=\"06:00:00\"/>",
			       &standalone, MONDAY_1030 + 13 * 3600, false, NULL));
}

static void expect_error(const char *filters, const char *text)
{
	char buf[4096];
	struct model *m = model_new();
	struct diags d = DIAGS_INIT;
	struct acc_error err = { 0 };
	bool found = false;

	snprintf(buf, sizeof(buf), "<Groups clsid=\"{3125E937-EB16-4b4c-9934-544FC6D24D26}\">"
		 USER_OPEN "%s" USER_CLOSE "</Groups>", filters);
	assert_int_equal(formats_load_buf(buf, strlen(buf), "t.xml", FORMAT_GPP, m, &d, &err), -1);
	for (size_t i = 0; i < d.n; i++)
		if (d.v[i].severity == DIAG_ERROR && strstr(d.v[i].msg, text) && d.v[i].line == 1 &&
		    d.v[i].col > 0)
			found = true;
	if (!found)
		fail_msg("no positioned error '%s' (got %zu diagnostics)", text, d.n);
	diags_release(&d);
	model_free(m);
}

static void test_target__bad_filters_are_positioned_errors(void **state)
{
	(void)state;
	expect_error("<FilterComputer bool=\"XOR\" not=\"0\" type=\"NETBIOS\" name=\"A\"/>",
		     "bool=\"XOR\" is not valid");
	expect_error("<FilterComputer bool=\"AND\" not=\"2\" type=\"NETBIOS\" name=\"A\"/>",
		     "not=\"2\" is not a boolean");
	expect_error("<FilterComputer bool=\"AND\" not=\"0\" type=\"WINS\" name=\"A\"/>",
		     "type=\"WINS\" is not valid");
	expect_error("<FilterComputer bool=\"AND\" not=\"0\" type=\"NETBIOS\"/>", "has no name");
	expect_error("<FilterIpRange bool=\"AND\" not=\"0\" min=\"10.0.0.300\" max=\"10.0.0.1\"/>",
		     "min=\"10.0.0.300\" is not valid");
	expect_error("<FilterIpRange bool=\"AND\" not=\"0\" min=\"10.0.0.9\" max=\"10.0.0.1\"/>",
		     "is above max");
	expect_error("<FilterDate bool=\"AND\" not=\"0\" period=\"NONE\" day=\"30\" month=\"2\" year=\"2027\"/>",
		     "fewer days");
	expect_error("<FilterTime bool=\"AND\" not=\"0\" begin=\"25:00:00\" end=\"06:00:00\"/>",
		     "begin=\"25:00:00\" is not valid");
	expect_error("</Filters><Filters><FilterComputer bool=\"AND\" not=\"0\" type=\"NETBIOS\" name=\"A\"/>",
		     "a second <Filters>");
}

static void test_target__deep_nesting_refused(void **state)
{
	char f[4096] = "";

	(void)state;
	for (int i = 0; i < 40; i++)
		strcat(f, "<FilterCollection bool=\"AND\" not=\"0\">");
	for (int i = 0; i < 40; i++)
		strcat(f, "</FilterCollection>");
	expect_error(f, "nests deeper than");
}

static struct model *read_yaml(const char *text)
{
	struct model *m = model_new();
	struct diags d = DIAGS_INIT;
	struct acc_error err = { 0 };

	if (formats_load_buf(text, strlen(text), "t.yaml", FORMAT_YAML, m, &d, &err) < 0)
		fail_msg("t.yaml: %s (%s)", err.msg, d.n ? d.v[0].msg : "");
	diags_release(&d);
	return m;
}

static void test_target__yaml_hosts(void **state)
{
	struct model *m = read_yaml("version: 1\nusers:\n"
				    "  - name: bob\n    hosts: [\"WS*\", \"ACCORD*\", \"!*SA\"]\n"
				    "  - name: carol\n    hosts: [\"ACCORDSA\"]\n"
				    "  - name: dave\n    hosts: [\"!WS99\"]\n"
				    "  - name: erin\n");
	struct tf_host h = { &standalone, MONDAY_1030 };

	(void)state;
	assert_int_equal(tf_select(m, &h, false), 1);
	assert_int_equal(m->n_users, 3);
	assert_null(model_find_user(m, "bob"));
	assert_non_null(model_find_user(m, "carol"));
	assert_null(model_find_user(m, "carol")->target);  /* judged: dropped */
	assert_int_equal(m->n_skipped, 1);
	assert_string_equal(m->skipped[0].name, "bob");
	assert_non_null(strstr(m->skipped[0].why, "hosts NETBIOS '*SA' not=\"1\" (t.yaml:4:"));
	model_free(m);
}

static void test_target__same_account_in_items_for_other_hosts(void **state)
{
	/* one account in two items: valid, since each is for other hosts */
	const char *xml =
		"<Groups clsid=\"{3125E937-EB16-4b4c-9934-544FC6D24D26}\">"
		"<User clsid=\"{DF5F1855-51E5-4d24-8B1A-D9BDE98BA1D1}\" name=\"bob\">"
		"<Properties action=\"U\" userName=\"bob\" description=\"workstations\"/>"
		"<Filters><FilterComputer bool=\"AND\" not=\"0\" type=\"NETBIOS\" name=\"WS*\"/></Filters></User>"
		"<User clsid=\"{DF5F1855-51E5-4d24-8B1A-D9BDE98BA1D1}\" name=\"bob\">"
		"<Properties action=\"D\" userName=\"bob\"/>"
		"<Filters><FilterComputer bool=\"AND\" not=\"1\" type=\"NETBIOS\" name=\"WS*\"/></Filters></User>"
		"</Groups>";
	struct model *m = model_new();
	struct diags d = DIAGS_INIT;
	struct acc_error err = { 0 };
	struct tf_host h = { &win, MONDAY_1030 };

	(void)state;
	assert_int_equal(formats_load_buf(xml, strlen(xml), "t.xml", FORMAT_GPP, m, &d, &err), 0);
	assert_int_equal(tf_select(m, &h, false), 1);
	assert_int_equal(m->n_users, 1);
	assert_int_equal(m->users[0].action, M_UPDATE);
	assert_int_equal(model_validate(m, &d), 0);
	diags_release(&d);
	model_free(m);
}

/* m written as fmt reads back as the same model; the text holds contains
 * (when not NULL). */
static void assert_reads_back(const struct model *m, enum format fmt, const char *contains)
{
	struct model *back = model_new();
	struct strbuf sb = STRBUF_INIT;
	struct diags d = DIAGS_INIT;
	struct acc_error err = { 0 };
	char why[256] = "";

	sb_init(&sb);
	assert_int_equal(formats_write(m, fmt, &sb, NULL, &err), 0);
	if (contains && !strstr(sb.buf, contains))
		fail_msg("'%s' not in:\n%s", contains, sb.buf);
	assert_int_equal(formats_load_buf(sb.buf, sb.len, "back", fmt, back, &d, &err), 0);
	if (!model_equal(m, back, why, sizeof(why)))
		fail_msg("written as %s and read back: %s\n%s", formats_name(fmt), why, sb.buf);
	sb_release(&sb);
	diags_release(&d);
	model_free(back);
}

static void test_target__gpp_round_trip(void **state)
{
	struct model *m = read_gpp(
		"<FilterComputer bool=\"AND\" not=\"0\" type=\"NETBIOS\" name=\"WS*\"/>"
		"<FilterCollection bool=\"OR\" not=\"1\">"
		"<FilterIpRange bool=\"AND\" not=\"0\" min=\"10.0.0.1\" max=\"10.0.0.9\" useIPv6=\"0\"/>"
		"<FilterTime bool=\"OR\" not=\"0\" begin=\"08:00:00\" end=\"17:30:00\"/>"
		"<FilterDate bool=\"AND\" not=\"0\" period=\"WEEKLY\" dow=\"FRI\"/>"
		"<FilterRegistry bool=\"AND\" not=\"0\" type=\"KEYEXISTS\" hive=\"HKLM\" key=\"A&amp;B\"/>"
		"</FilterCollection>");
	struct strbuf sb = STRBUF_INIT;
	struct acc_error err = { 0 };

	(void)state;
	assert_reads_back(m, FORMAT_GPP, "key=\"A&amp;B\"");
	/* YAML cannot say these filters: refused, never dropped */
	sb_init(&sb);
	assert_int_equal(formats_write(m, FORMAT_YAML, &sb, NULL, &err), -1);
	assert_non_null(strstr(err.msg, "YAML's hosts: cannot say"));
	sb_release(&sb);
	model_free(m);
}

static void test_target__yaml_hosts_round_trip(void **state)
{
	struct model *m = read_yaml("version: 1\nusers:\n"
				    "  - name: bob\n    hosts: [\"WS*\", \"srv1.corp.example\", \"!WS99\"]\n");

	(void)state;
	assert_reads_back(m, FORMAT_YAML, NULL);
	assert_reads_back(m, FORMAT_GPP, "type=\"DNS\" name=\"srv1.corp.example\"");
	model_free(m);
}

static void test_target__gpp_computer_names_convert_to_yaml_hosts(void **state)
{
	struct model *m = read_gpp(
		"<FilterComputer bool=\"AND\" not=\"0\" type=\"NETBIOS\" name=\"KIOSK*\"/>"
		"<FilterComputer bool=\"OR\" not=\"0\" type=\"DNS\" name=\"pos1.shop.example\"/>"
		"<FilterComputer bool=\"AND\" not=\"1\" type=\"NETBIOS\" name=\"KIOSK99\"/>");

	(void)state;
	assert_reads_back(m, FORMAT_YAML, "hosts: [KIOSK*, pos1.shop.example, '!KIOSK99']");
	model_free(m);
}

/* DOMAIN\\name in YAML: the server's own SAM only. */
static size_t resolve_on(const char *name, const struct nu_host *h, char **bare, char *msg,
			 size_t n)
{
	char text[256];
	struct model *m;
	struct diags d = DIAGS_INIT;
	size_t bad;

	snprintf(text, sizeof(text), "version: 1\nusers:\n  - name: '%s'\n", name);
	m = read_yaml(text);
	bad = model_resolve_prefixes(m, h, &d);
	*bare = strdup(m->users[0].name);
	snprintf(msg, n, "%s", d.n ? d.v[0].msg : "");
	diags_release(&d);
	model_free(m);
	return bad;
}

static void test_target__domain_prefixes(void **state)
{
	struct nu_host member = win;
	char *bare = NULL, msg[512];

	(void)state;
	assert_int_equal(resolve_on("accordsa\\bob", &standalone, &bare, msg, sizeof(msg)), 0);
	assert_string_equal(bare, "bob");
	free(bare);
	assert_int_equal(resolve_on("ACCORD\\bob", &dc, &bare, msg, sizeof(msg)), 0);
	assert_string_equal(bare, "bob");
	free(bare);
	assert_int_equal(resolve_on("accord.test\\bob", &dc, &bare, msg, sizeof(msg)), 0);
	free(bare);
	assert_int_equal(resolve_on("DC1\\bob", &dc, &bare, msg, sizeof(msg)), 0);
	free(bare);
	/* a workgroup is not the server's SAM */
	assert_int_equal(resolve_on("ACCORDWG\\bob", &standalone, &bare, msg, sizeof(msg)), 1);
	assert_string_equal(bare, "ACCORDWG\\bob");
	assert_non_null(strstr(msg, "the prefix 'ACCORDWG' is not this server"));
	assert_non_null(strstr(msg, "ACCORDSA"));
	free(bare);
	/* on a member server, the domain's accounts are not in its SAM */
	member.is_dc = false;
	assert_int_equal(resolve_on("CORP\\bob", &member, &bare, msg, sizeof(msg)), 1);
	assert_non_null(strstr(msg, "a domain's accounts are not in a member's SAM"));
	free(bare);
	assert_int_equal(resolve_on("WS01\\bob", &member, &bare, msg, sizeof(msg)), 0);
	free(bare);
}

static void test_target__domain_prefix_shapes(void **state)
{
	const char *bad[] = { "\\bob", "A\\B\\bob", "A B\\bob", "CORP\\" };
	char text[128];

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		struct model *m = model_new();
		struct diags d = DIAGS_INIT;
		struct acc_error err = { 0 };

		snprintf(text, sizeof(text), "version: 1\nusers:\n  - name: '%s'\n", bad[i]);
		if (formats_load_buf(text, strlen(text), "t.yaml", FORMAT_YAML, m, &d, &err) == 0)
			fail_msg("'%s' was accepted as a user name", bad[i]);
		diags_release(&d);
		model_free(m);
	}
}

static int select_standalone(void *ud, const char *path, struct model *m, struct diags *d,
			     struct acc_error *err)
{
	struct tf_host h = { &standalone, MONDAY_1030 };

	(void)ud, (void)path, (void)d, (void)err;
	tf_select(m, &h, false);
	return 1;
}

/* Several files: each is judged before the merge, so a later item for
 * another host does not override, and its skip line is kept. */
static void test_target__later_file_item_for_other_host_does_not_win(void **state)
{
	char base[] = "/tmp/accord-target-XXXXXX", a[64], b[64];
	const char *paths[2] = { a, b };
	struct formats_files in = { .paths = paths, .n = 2, .step = select_standalone };
	struct m_conflicts conflicts = M_CONFLICTS_INIT;
	struct model *m = NULL;
	struct diags d = DIAGS_INIT;
	struct acc_error err = { 0 };
	FILE *f;

	(void)state;
	assert_non_null(mkdtemp(base));
	snprintf(a, sizeof(a), "%s/base.yaml", base);
	snprintf(b, sizeof(b), "%s/host.yaml", base);
	f = fopen(a, "w");
	fputs("version: 1\nusers:\n  - name: bob\n    description: base\n"
	      "  - name: carol\n    description: base\n", f);
	fclose(f);
	f = fopen(b, "w");
	fputs("version: 1\nusers:\n  - name: bob\n    description: ws\n    hosts: [\"WS*\"]\n"
	      "  - name: carol\n    description: here\n    hosts: [\"ACC*\"]\n", f);
	fclose(f);
	assert_int_equal(formats_load_files(&in, &m, &conflicts, NULL, &d, &err), 0);
	assert_string_equal(model_find_user(m, "bob")->description, "base");
	assert_string_equal(model_find_user(m, "carol")->description, "here");
	assert_int_equal(conflicts.n, 1);  /* carol's description */
	assert_int_equal(m->n_skipped, 1);
	assert_string_equal(m->skipped[0].name, "bob");
	assert_string_equal(m->skipped[0].pos.file, b);
	model_free(m);
	m_conflicts_release(&conflicts);
	diags_release(&d);
	unlink(a);
	unlink(b);
	rmdir(base);
}

/* One file, two items for one account that both apply here: applied in
 * file order (later wins per field), the difference a conflict. */
static void test_target__items_of_one_file_for_one_account_fold_in_order(void **state)
{
	char dir[] = "/tmp/accord-target-XXXXXX", a[64];
	const char *paths[1] = { a };
	struct formats_files in = { .paths = paths, .n = 1, .step = select_standalone };
	struct m_conflicts conflicts = M_CONFLICTS_INIT;
	struct model *m = NULL;
	struct diags d = DIAGS_INIT;
	struct acc_error err = { 0 };
	FILE *f;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(a, sizeof(a), "%s/Groups.xml", dir);
	f = fopen(a, "w");
	fputs("<Groups clsid=\"{3125E937-EB16-4b4c-9934-544FC6D24D26}\">\n"
	      "<User clsid=\"{DF5F1855-51E5-4d24-8B1A-D9BDE98BA1D1}\" name=\"bob\">"
	      "<Properties action=\"U\" userName=\"bob\" description=\"all\" fullName=\"Bob\"/></User>\n"
	      "<User clsid=\"{DF5F1855-51E5-4d24-8B1A-D9BDE98BA1D1}\" name=\"bob\">"
	      "<Properties action=\"U\" userName=\"bob\" description=\"lab\"/>"
	      "<Filters><FilterComputer bool=\"AND\" not=\"0\" type=\"NETBIOS\" name=\"ACC*\"/></Filters></User>\n"
	      "<User clsid=\"{DF5F1855-51E5-4d24-8B1A-D9BDE98BA1D1}\" name=\"bob\">"
	      "<Properties action=\"U\" userName=\"bob\" description=\"kiosk\"/>"
	      "<Filters><FilterComputer bool=\"AND\" not=\"0\" type=\"NETBIOS\" name=\"KIOSK*\"/></Filters></User>\n"
	      "</Groups>\n", f);
	fclose(f);
	assert_int_equal(formats_load_files(&in, &m, &conflicts, NULL, &d, &err), 0);
	assert_int_equal(m->n_users, 1);
	assert_string_equal(m->users[0].description, "lab");
	assert_string_equal(m->users[0].full_name, "Bob");
	assert_int_equal(conflicts.n, 1);
	assert_int_equal(conflicts.v[0].was.line, 2);
	assert_int_equal(conflicts.v[0].now.line, 3);
	assert_int_equal(m->n_skipped, 1);
	assert_int_equal(m->skipped[0].pos.line, 4);
	model_free(m);
	m_conflicts_release(&conflicts);
	diags_release(&d);
	unlink(a);
	rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_target__computer_netbios_exact_and_case),
		cmocka_unit_test(test_target__computer_wildcards),
		cmocka_unit_test(test_target__computer_dns_unknown_on_standalone),
		cmocka_unit_test(test_target__not_inverts),
		cmocka_unit_test(test_target__and_or_left_to_right),
		cmocka_unit_test(test_target__nested_collections),
		cmocka_unit_test(test_target__unknown_filter_skips_unless_opted_in),
		cmocka_unit_test(test_target__kleene_false_and_unknown_is_false),
		cmocka_unit_test(test_target__domain),
		cmocka_unit_test(test_target__os),
		cmocka_unit_test(test_target__ip_range),
		cmocka_unit_test(test_target__date_and_time),
		cmocka_unit_test(test_target__bad_filters_are_positioned_errors),
		cmocka_unit_test(test_target__deep_nesting_refused),
		cmocka_unit_test(test_target__yaml_hosts),
		cmocka_unit_test(test_target__same_account_in_items_for_other_hosts),
		cmocka_unit_test(test_target__gpp_round_trip),
		cmocka_unit_test(test_target__yaml_hosts_round_trip),
		cmocka_unit_test(test_target__gpp_computer_names_convert_to_yaml_hosts),
		cmocka_unit_test(test_target__domain_prefixes),
		cmocka_unit_test(test_target__domain_prefix_shapes),
		cmocka_unit_test(test_target__later_file_item_for_other_host_does_not_win),
		cmocka_unit_test(test_target__items_of_one_file_for_one_account_fold_in_order),
	};

	setlocale(LC_CTYPE, "C.UTF-8");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
