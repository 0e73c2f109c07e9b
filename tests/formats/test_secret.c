/* test_secret: password references resolved from the environment, files
 * beside the source file, GPP cpasswords and literals. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "cpassword.h"
#include "diag.h"
#include "error.h"
#include "model.h"
#include "secret.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct fixture {
	char dir[64];
	char source[96];   /* dir/desired.yaml: the file that states the reference */
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	strcpy(f->dir, "/tmp/accord-test-secret-XXXXXX");
	if (!mkdtemp(f->dir))
		return -1;
	snprintf(f->source, sizeof(f->source), "%s/desired.yaml", f->dir);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	char cmd[128];

#ifdef _WIN32
	/* cmd.exe's rmdir; "/tmp/..." is on the current drive (wine's Z:) */
	snprintf(cmd, sizeof(cmd), "rmdir /s /q \"%s\"", f->dir);
	for (char *c = cmd; *c; c++)
		if (*c == '/' && c > cmd + 9)
			*c = '\\';
#else
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", f->dir);
#endif
	if (system(cmd) != 0)
		return -1;
	free(f);
	return 0;
}

static void write_file(const struct fixture *f, const char *name, const char *data, mode_t mode)
{
	char path[160];
	int fd;

#ifdef _WIN32
	if (under_wine())
		skip();
#endif
	snprintf(path, sizeof(path), "%s/%s", f->dir, name);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, data, strlen(data)), (ssize_t)strlen(data));
	assert_int_equal(fchmod(fd, mode), 0);
	close(fd);
}

static char *resolve_ok(const struct fixture *f, enum m_pw_kind kind, const char *ref)
{
	struct m_password pw = { kind, (char *)ref };
	struct acc_error err = { 0 };
	char *out = NULL;

	if (secret_resolve(&pw, f->source, &out, NULL, &err) < 0)
		fail_msg("resolving %s: %s", ref, err.msg);
	return out;
}

static struct acc_error resolve_fail(const struct fixture *f, enum m_pw_kind kind,
				     const char *ref)
{
	struct m_password pw = { kind, (char *)ref };
	struct acc_error err = { 0 };
	char *out = (char *)"untouched";

	assert_int_equal(secret_resolve(&pw, f->source, &out, NULL, &err), -1);
	assert_string_equal(out, "untouched");
	return err;
}

static void test_secret__env_reads_the_variable(void **state)
{
	char *pw;

	setenv("ACCORD_TEST_PW", "s3cret value", 1);
	pw = resolve_ok(*state, PW_ENV, "ACCORD_TEST_PW");
	assert_string_equal(pw, "s3cret value");
	secret_free(pw);
	unsetenv("ACCORD_TEST_PW");
}

static void test_secret__env_unset_or_empty_is_an_error(void **state)
{
	struct acc_error err;

	unsetenv("ACCORD_TEST_PW");
	err = resolve_fail(*state, PW_ENV, "ACCORD_TEST_PW");
	assert_non_null(strstr(err.msg, "'ACCORD_TEST_PW' is not set"));
#ifdef _WIN32
	return; /* the C runtime's _putenv removes a variable set to "" */
#endif
	setenv("ACCORD_TEST_PW", "", 1);
	err = resolve_fail(*state, PW_ENV, "ACCORD_TEST_PW");
	assert_non_null(strstr(err.msg, "is empty"));
	unsetenv("ACCORD_TEST_PW");
}

static void test_secret__file_is_relative_to_the_source_file(void **state)
{
	struct fixture *f = *state;
	char *pw;

	write_file(f, "alice.pw", "first line\nsecond line\n", 0600);
	pw = resolve_ok(f, PW_FILE, "alice.pw");
	assert_string_equal(pw, "first line");
	secret_free(pw);
	/* CRLF and no line end at all */
	write_file(f, "crlf.pw", "windows\r\nmore", 0400);
	pw = resolve_ok(f, PW_FILE, "crlf.pw");
	assert_string_equal(pw, "windows");
	secret_free(pw);
	write_file(f, "bare.pw", "no newline", 0600);
	pw = resolve_ok(f, PW_FILE, "bare.pw");
	assert_string_equal(pw, "no newline");
	secret_free(pw);
}

static void test_secret__file_absolute_path(void **state)
{
	struct fixture *f = *state;
	char path[160], *pw;

	write_file(f, "abs.pw", "absolute\n", 0600);
	snprintf(path, sizeof(path), "%s/abs.pw", f->dir);
	pw = resolve_ok(f, PW_FILE, path);
	assert_string_equal(pw, "absolute");
	secret_free(pw);
}

static void test_secret__file_readable_by_others_is_refused(void **state)
{
	struct fixture *f = *state;
	struct acc_error err;

	write_file(f, "open.pw", "hunter2\n", 0644);
	err = resolve_fail(f, PW_FILE, "open.pw");
	assert_int_equal(err.code, ACC_EPOLICY);
	assert_non_null(strstr(err.msg, "readable by others"));
#ifdef _WIN32
	/* the DACL has no group of its own: one case, fixed with icacls */
	assert_non_null(strstr(err.msg, "icacls"));
	assert_null(strstr(err.msg, "hunter2"));
	return;
#endif
	assert_non_null(strstr(err.msg, "chmod 600"));
	assert_null(strstr(err.msg, "hunter2"));
	write_file(f, "group.pw", "hunter2\n", 0640);
	err = resolve_fail(f, PW_FILE, "group.pw");
	assert_non_null(strstr(err.msg, "readable by its group"));
}

static void test_secret__file_missing_empty_or_directory(void **state)
{
	struct fixture *f = *state;
	struct acc_error err;

	err = resolve_fail(f, PW_FILE, "nope.pw");
	assert_int_equal(err.code, ACC_EIO);
	assert_non_null(strstr(err.msg, "cannot open password file"));
	write_file(f, "empty.pw", "\nsecond\n", 0600);
	err = resolve_fail(f, PW_FILE, "empty.pw");
	assert_non_null(strstr(err.msg, "first line is empty"));
	err = resolve_fail(f, PW_FILE, ".");
	assert_non_null(strstr(err.msg, "not a regular file"));
}

static void test_secret__file_first_line_too_long(void **state)
{
	struct fixture *f = *state;
	char *big = malloc(3000);
	struct acc_error err;

	memset(big, 'x', 2999);
	big[2999] = '\0';
	write_file(f, "big.pw", big, 0600);
	err = resolve_fail(f, PW_FILE, "big.pw");
	assert_non_null(strstr(err.msg, "longer than"));
	free(big);
}

static void test_secret__cpassword_is_decrypted_with_a_warning(void **state)
{
	struct m_password pw = { PW_CPASSWORD, NULL };
	struct diags d = DIAGS_INIT;
	struct acc_error err = { 0 };
	char *out = NULL;

	(void)state;
	assert_int_equal(cpassword_encrypt("from-gpp", &pw.ref, &err), 0);
	assert_int_equal(secret_resolve(&pw, "Groups.xml", &out, &d, &err), 0);
	assert_string_equal(out, "from-gpp");
	assert_int_equal(d.n, 1);
	assert_non_null(strstr(d.v[0].msg, "MS14-025"));
	secret_free(out);
	free(pw.ref);
	diags_release(&d);
}

static void test_secret__literal_and_none(void **state)
{
	char *pw = resolve_ok(*state, PW_LITERAL, "as written");
	struct acc_error err;

	assert_string_equal(pw, "as written");
	secret_free(pw);
	err = resolve_fail(*state, PW_NONE, NULL);
	assert_non_null(strstr(err.msg, "no password"));
}

/* The user variant names the account and its position, never the secret. */
static void test_secret__user_errors_name_account_not_secret(void **state)
{
	struct fixture *f = *state;
	struct m_user u = { 0 };
	struct acc_error err = { 0 };
	char *out = NULL;

	write_file(f, "carol.pw", "TopSecret-99\n", 0644);
	u.pos.file = f->source;
	u.pos.line = 12;
	u.pos.col = 5;
	u.name = "carol";
	u.password.kind = PW_FILE;
	u.password.ref = "carol.pw";
	assert_int_equal(secret_resolve_user(&u, &out, NULL, &err), -1);
	assert_null(out);
	assert_non_null(strstr(err.msg, ":12:5: password of user 'carol': "));
	assert_null(strstr(err.msg, "TopSecret"));
	/* and a bad cpassword's error holds no plaintext either */
	u.password.kind = PW_CPASSWORD;
	u.password.ref = "QUNDT1JELU5PVC1BLUtFWQ";
	assert_int_equal(secret_resolve_user(&u, &out, NULL, &err), -1);
	assert_non_null(strstr(err.msg, "user 'carol'"));
	assert_non_null(strstr(err.msg, "bad padding"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_secret__env_reads_the_variable, setup, teardown),
		cmocka_unit_test_setup_teardown(test_secret__env_unset_or_empty_is_an_error, setup, teardown),
		cmocka_unit_test_setup_teardown(test_secret__file_is_relative_to_the_source_file, setup, teardown),
		cmocka_unit_test_setup_teardown(test_secret__file_absolute_path, setup, teardown),
		cmocka_unit_test_setup_teardown(test_secret__file_readable_by_others_is_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_secret__file_missing_empty_or_directory, setup, teardown),
		cmocka_unit_test_setup_teardown(test_secret__file_first_line_too_long, setup, teardown),
		cmocka_unit_test_setup_teardown(test_secret__cpassword_is_decrypted_with_a_warning, setup, teardown),
		cmocka_unit_test_setup_teardown(test_secret__literal_and_none, setup, teardown),
		cmocka_unit_test_setup_teardown(test_secret__user_errors_name_account_not_secret, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
