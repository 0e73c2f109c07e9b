/* test_gpp_write: the model as Groups.xml. Read, write, read again gives
 * the same model (model_equal), and writing is deterministic. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "diag.h"
#include "error.h"
#include "formats.h"
#include "gpp.h"
#include "model.h"
#include "strbuf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define GPP_GOOD ACCORD_TEST_DATA "/formats/gpp/good"

static struct model *read_buf_ok(const char *buf, size_t len, const char *name)
{
	struct model *m = model_new();
	struct diags d = DIAGS_INIT;
	struct acc_error err = { 0 };

	if (gpp_read_buf(buf, len, name, m, &d, &err) < 0)
		fail_msg("%s: %s\n%s", name, err.msg, buf);
	diags_release(&d);
	return m;
}

static char *write_ok(const struct model *m)
{
	struct strbuf sb = STRBUF_INIT;
	struct acc_error err = { 0 };

	sb_init(&sb);
	if (gpp_write(m, &sb, NULL, &err) < 0)
		fail_msg("gpp_write: %s", err.msg);
	return sb_detach(&sb);
}

/* Fails unless xml, read back, gives m again. */
static void assert_reads_back(const struct model *m, const char *xml, const char *name)
{
	struct model *back = read_buf_ok(xml, strlen(xml), name);
	char why[256];

	if (!model_equal(m, back, why, sizeof(why)))
		fail_msg("%s\n%s", why, xml);
	model_free(back);
}

static void check_round_trip(const char *path)
{
	struct model *a = model_new(), *b = NULL, *c = NULL;
	struct diags d = DIAGS_INIT;
	struct acc_error err = { 0 };
	char *x1 = NULL, *x2 = NULL, why[512];

	if (gpp_read_file(path, a, &d, &err) < 0)
		fail_msg("%s: %s", path, err.msg);
	x1 = write_ok(a);
	b = read_buf_ok(x1, strlen(x1), "written.xml");
	if (!model_equal(a, b, why, sizeof(why)))
		fail_msg("%s: round trip differs: %s\n%s", path, why, x1);
	x2 = write_ok(b);
	assert_string_equal(x1, x2); /* a fixed point: deterministic output */
	c = read_buf_ok(x2, strlen(x2), "again.xml");
	assert_true(model_equal(b, c, why, sizeof(why)));
	free(x1);
	free(x2);
	model_free(a);
	model_free(b);
	model_free(c);
	diags_release(&d);
}

static void test_gpp__round_trip_example(void **state)
{
	(void)state;
	check_round_trip(ACCORD_EXAMPLES "/Groups.xml");
}

static void test_gpp__round_trip_good_corpus(void **state)
{
	static const char *const files[] = {
		"gpmc_oneline.xml", "bom_crlf.xml", "warnings.xml", "no_items.xml",
		"disabled_collection.xml",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(files) / sizeof(*files); i++) {
		char path[256];

		snprintf(path, sizeof(path), "%s/%s", GPP_GOOD, files[i]);
		check_round_trip(path);
	}
}

/* Characters XML must escape, and whitespace that attribute normalisation
 * would otherwise turn into spaces, survive. */
static void test_gpp__round_trip_escapes(void **state)
{
	struct model *m = model_new();
	struct m_user *u = model_add_user(m);
	char *xml = NULL;

	(void)state;
	u->name = strdup("o'neil");
	u->full_name = strdup("Tom \"T\" <O'Neil> & co");
	u->description = strdup("line one\nline two\ttabbed\r\n");
	u->password.kind = PW_CPASSWORD;
	u->password.ref = strdup("sRPZmBA8guWHrzTz8GaU6g");
	xml = write_ok(m);
	assert_reads_back(m, xml, "esc.xml");
	free(xml);
	model_free(m);
}

/* What Groups.xml cannot hold is reported, each at its item, and left out;
 * gpp_write refuses a model whose password it would drop. */
static void test_gpp__unexpressible_content_is_reported(void **state)
{
	struct model *m = model_new();
	struct m_user *u = model_add_user(m);
	struct m_group *g = model_add_group(m);
	struct strbuf sb = STRBUF_INIT;
	struct diags d = DIAGS_INIT;
	struct acc_error err = { 0 };
	size_t n;

	(void)state;
	u->pos = (struct src_pos){ model_intern(m, "users.yaml"), 4, 3 };
	u->name = strdup("dave");
	u->password.kind = PW_ENV;
	u->password.ref = strdup("DAVE_PW");
	u->home_dir = strdup("/home/dave");
	u->full_name = strdup("");
	m_user_add_group(u, "staff");
	g->name = strdup("staff");
	g->override_protection = true;
	m->policy.unmanaged = UNMANAGED_REPORT;

	sb_init(&sb);
	n = gpp_write_diags(m, &sb, &d);
	assert_int_equal(n, 6);
	assert_int_equal(d.n, 6);
	assert_int_equal(d.n_errors, 0);
	assert_string_equal(d.v[0].file, "users.yaml");
	assert_int_equal(d.v[0].line, 4);
	assert_non_null(strstr(d.v[0].msg, "user 'dave': an empty fullName cannot be expressed"));
	assert_non_null(strstr(d.v[1].msg, "an {env:} password cannot be expressed"));
	assert_null(strstr(sb.buf, "DAVE_PW"));
	assert_null(strstr(sb.buf, "fullName"));
	assert_non_null(strstr(sb.buf, "userName=\"dave\""));
	sb_release(&sb);

	sb_init(&sb);
	sb_adds(&sb, "kept");
	assert_int_equal(gpp_write(m, &sb, NULL, &err), -1);
	assert_string_equal(sb.buf, "kept"); /* output untouched on failure */
	assert_non_null(strstr(err.msg, "users.yaml:4:3: user 'dave' has an {env:} password"));
	sb_release(&sb);

	/* without the password, the rest is left out ("not managed") */
	u->password.kind = PW_NONE;
	sb_init(&sb);
	assert_int_equal(gpp_write(m, &sb, NULL, &err), 0);
	assert_non_null(strstr(sb.buf, "userName=\"dave\""));
	assert_null(strstr(sb.buf, "/home/dave"));
	sb_release(&sb);
	diags_release(&d);
	model_free(m);
}

/* A literal password is never written, not even as a cpassword. */
static void test_gpp__literal_password_never_written(void **state)
{
	struct model *m = model_new();
	struct m_user *u = model_add_user(m);
	struct strbuf sb = STRBUF_INIT;
	struct diags d = DIAGS_INIT;

	(void)state;
	u->name = strdup("erin");
	u->password.kind = PW_LITERAL;
	u->password.ref = strdup("Plain-Text-1");
	sb_init(&sb);
	assert_int_equal(gpp_write_diags(m, &sb, &d), 1);
	assert_null(strstr(sb.buf, "cpassword"));
	assert_null(strstr(sb.buf, "Plain-Text-1"));
	assert_null(strstr(d.v[0].msg, "Plain-Text-1"));
	sb_release(&sb);
	diags_release(&d);
	model_free(m);
}

/* Exact lists, sid-only groups and builtin labels as GPMC writes them. */
static void test_gpp__group_shapes(void **state)
{
	struct model *m = model_new();
	struct m_group *g = model_add_group(m);
	struct m_member *mb;
	char *xml = NULL;

	(void)state;
	g->name = strdup("Remote Desktop Users");
	g->sid = strdup("S-1-5-32-555");
	g->exact = g->delete_all_users = g->delete_all_groups = true;
	mb = m_group_add_member(g);
	mb->sid = strdup("S-1-5-21-1-2-3-1104");
	g = model_add_group(m);
	g->sid = strdup("S-1-5-32-551");
	g->action = M_DELETE;
	xml = write_ok(m);
	assert_non_null(strstr(xml, "name=\"Remote Desktop Users (built-in)\""));
	assert_non_null(strstr(xml, "deleteAllUsers=\"1\" deleteAllGroups=\"1\""));
	assert_non_null(strstr(xml, "<Properties action=\"D\""));
	assert_reads_back(m, xml, "g.xml");
	free(xml);
	model_free(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_gpp__round_trip_example),
		cmocka_unit_test(test_gpp__round_trip_good_corpus),
		cmocka_unit_test(test_gpp__round_trip_escapes),
		cmocka_unit_test(test_gpp__unexpressible_content_is_reported),
		cmocka_unit_test(test_gpp__literal_password_never_written),
		cmocka_unit_test(test_gpp__group_shapes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
