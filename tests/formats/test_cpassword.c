/* test_cpassword: GPP cpassword decryption against vectors that the openssl
 * command-line tool makes here and now from UTF-16LE text made by iconv, so
 * that accord is checked against an independent implementation. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "cpassword.h"
#include "diag.h"
#include "error.h"
#include "model.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define KEY_HEX "4e9906e8fcb66cc9faf49310620ffee8f496e806cc057990209b09a433b66c1b"
#define OPENSSL_ENC "openssl enc -aes-256-cbc -K " KEY_HEX \
	" -iv 00000000000000000000000000000000 -base64 -A"

/* Runs cmd with CPW_IN in its environment and returns its first output
 * line (heap). The input goes through the environment, not the command
 * line, so no quoting can change it. */
static char *run(const char *cmd, const char *in)
{
	char buf[4096];
	FILE *p;
	size_t n;

#ifdef _WIN32
	/* the vectors come from the host's openssl and iconv through a POSIX
	 * shell, which the Windows build (under wine) has not got */
	(void)cmd;
	(void)in;
	(void)buf;
	(void)p;
	(void)n;
	skip();
#endif
	assert_int_equal(setenv("CPW_IN", in, 1), 0);
	p = popen(cmd, "r");
	assert_non_null(p);
	n = fread(buf, 1, sizeof(buf) - 1, p);
	assert_int_equal(pclose(p), 0);
	buf[n] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	unsetenv("CPW_IN");
	return strdup(buf);
}

/* openssl's cpassword for a UTF-8 plaintext, with '=' padding. */
static char *openssl_encrypt(const char *plain)
{
	return run("printf '%s' \"$CPW_IN\" | iconv -f UTF-8 -t UTF-16LE | " OPENSSL_ENC, plain);
}

static char *strip_padding(const char *b64)
{
	char *s = strdup(b64);
	size_t n = strlen(s);

	while (n > 0 && s[n - 1] == '=')
		s[--n] = '\0';
	return s;
}

static void check_decrypts(const char *b64, const char *want)
{
	struct diags d = DIAGS_INIT;
	struct acc_error err = { 0 };
	char *got = NULL;

	if (cpassword_decrypt(b64, &got, &d, NULL, &err) < 0)
		fail_msg("decrypting %s: %s", b64, err.msg);
	assert_string_equal(got, want);
	assert_int_equal(d.n, 1);
	cpassword_free(got);
	diags_release(&d);
}

static size_t count_char(const char *s, char c)
{
	size_t n = 0;

	for (; *s; s++)
		n += *s == c;
	return n;
}

/* 16, 32 and 48 ciphertext bytes give "==", "=" and no padding. */
static void test_cpassword__decrypts_openssl_vectors_all_paddings(void **state)
{
	static const struct { const char *plain; size_t pad; } v[] = {
		{ "Pa55w0rd", 1 },             /* 16 bytes UTF-16 + a padding block */
		{ "short", 2 },                /* 10 bytes: one block */
		{ "Twenty-three chars long", 0 }, /* 46 bytes: three blocks */
	};

	(void)state;
	for (size_t i = 0; i < sizeof(v) / sizeof(*v); i++) {
		char *b64 = openssl_encrypt(v[i].plain), *bare = strip_padding(b64);

		assert_int_equal(count_char(b64, '='), v[i].pad);
		check_decrypts(b64, v[i].plain);
		check_decrypts(bare, v[i].plain);
		free(b64);
		free(bare);
	}
}

/* Non-ASCII: two-byte, three-byte and astral (surrogate pair) characters. */
static void test_cpassword__decrypts_non_ascii_and_surrogate_pairs(void **state)
{
	static const char *const plains[] = {
		"p\xc3\xa4ssw\xc3\xb6rd\xc3\x9f",           /* pässwörß */
		"\xe5\xaf\x86\xe7\xa0\x81-\xe2\x82\xac",   /* 密码-€ */
		"key\xf0\x9f\x94\x91\xf0\x9d\x84\x9e!",    /* key🔑𝄞! */
	};

	(void)state;
	for (size_t i = 0; i < sizeof(plains) / sizeof(*plains); i++) {
		char *b64 = openssl_encrypt(plains[i]);

		check_decrypts(b64, plains[i]);
		free(b64);
	}
}

/* accord's encryption equals openssl's, less the '=' padding GPMC omits,
 * and decrypts back. */
static void test_cpassword__encrypt_matches_openssl(void **state)
{
	static const char *const plains[] = { "a", "Pa55w0rd", "\xf0\x9f\x94\x91 emoji" };

	(void)state;
	for (size_t i = 0; i < sizeof(plains) / sizeof(*plains); i++) {
		struct acc_error err = { 0 };
		char *mine = NULL, *ref = openssl_encrypt(plains[i]), *bare = strip_padding(ref);

		assert_int_equal(cpassword_encrypt(plains[i], &mine, &err), 0);
		assert_string_equal(mine, bare);
		check_decrypts(mine, plains[i]);
		free(mine);
		free(ref);
		free(bare);
	}
}

/* The public vector everyone knows from MS14-025 write-ups is not needed:
 * openssl decrypting accord's output proves the key and the IV too. */
static void test_cpassword__openssl_decrypts_accord_output(void **state)
{
	struct acc_error err = { 0 };
	char *mine = NULL, *back = NULL, *padded = NULL;
	const char *cmd;
	size_t n;

	(void)state;
	assert_int_equal(cpassword_encrypt("R\xc3\xa9sum\xc3\xa9-42", &mine, &err), 0);
	n = strlen(mine);
	padded = calloc(1, n + 3);
	memcpy(padded, mine, n);
	while (n % 4)
		padded[n++] = '=';
	cmd = "printf '%s' \"$CPW_IN\" | " OPENSSL_ENC " -d | iconv -f UTF-16LE -t UTF-8";
	back = run(cmd, padded);
	assert_string_equal(back, "R\xc3\xa9sum\xc3\xa9-42");
	free(mine);
	free(padded);
	free(back);
}

static void test_cpassword__every_decryption_warns_ms14_025(void **state)
{
	struct diags d = DIAGS_INIT;
	struct acc_error err = { 0 };
	struct src_pos pos = { "Groups.xml", 7, 42 };
	char *b64 = openssl_encrypt("x"), *got = NULL;

	(void)state;
	for (int i = 0; i < 3; i++) {
		assert_int_equal(cpassword_decrypt(b64, &got, &d, &pos, &err), 0);
		cpassword_free(got);
		got = NULL;
	}
	assert_int_equal(d.n, 3);
	assert_int_equal(d.n_errors, 0);
	assert_int_equal(d.v[2].line, 7);
	assert_int_equal(d.v[2].col, 42);
	assert_string_equal(d.v[2].file, "Groups.xml");
	assert_non_null(strstr(d.v[2].msg, "MS14-025"));
	assert_non_null(strstr(d.v[2].msg, "as good as plaintext"));
	free(b64);
	diags_release(&d);
}

static void expect_reject(const char *b64, const char *why)
{
	struct diags d = DIAGS_INIT;
	struct acc_error err = { 0 };
	char *got = (char *)"untouched";

	assert_int_equal(cpassword_decrypt(b64, &got, &d, NULL, &err), -1);
	assert_string_equal(got, "untouched");
	assert_int_equal(err.code, ACC_ECRYPTO);
	if (!strstr(err.msg, why))
		fail_msg("for '%s' expected '%s' in '%s'", b64, why, err.msg);
	assert_int_equal(d.n, 0); /* no warning: nothing was decrypted */
	diags_release(&d);
}

static void test_cpassword__rejects_malformed_input(void **state)
{
	/* one block encrypted without PKCS#7 padding: its last byte is 0x00 */
	char *nopad = run("printf '%s' \"$CPW_IN\" | iconv -f UTF-8 -t UTF-16LE | "
			  OPENSSL_ENC " -nopad", "Pa55w0rd");
	char *lone = run("printf 'a\\000\\000\\330' | " OPENSSL_ENC, "");

	(void)state;
	expect_reject("", "empty");
	expect_reject("not base64!", "not valid base64");
	expect_reject("AAAAA", "not valid base64");      /* 5 chars: 1 left over */
	expect_reject("AAA=A", "not valid base64");      /* '=' inside */
	expect_reject("AA=", "not valid base64");        /* incomplete padding */
	expect_reject("AAB", "not valid base64");        /* non-zero trailing bits */
	expect_reject("AAAAAAAA", "not a whole number of AES blocks");
	expect_reject("QUNDT1JELU5PVC1BLUtFWQ", "bad padding");
	expect_reject(nopad, "bad padding");
	expect_reject(lone, "invalid UTF-16LE");
	free(nopad);
	free(lone);
}

static void test_cpassword__encrypt_rejects_invalid_utf8(void **state)
{
	static const char *const bad[] = {
		"\xc3", "\xc0\xaf", "\xed\xa0\x80", "\xf4\x90\x80\x80", "ok\xff",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		struct acc_error err = { 0 };
		char *out = NULL;

		assert_int_equal(cpassword_encrypt(bad[i], &out, &err), -1);
		assert_null(out);
		assert_non_null(strstr(err.msg, "not valid UTF-8"));
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cpassword__decrypts_openssl_vectors_all_paddings),
		cmocka_unit_test(test_cpassword__decrypts_non_ascii_and_surrogate_pairs),
		cmocka_unit_test(test_cpassword__encrypt_matches_openssl),
		cmocka_unit_test(test_cpassword__openssl_decrypts_accord_output),
		cmocka_unit_test(test_cpassword__every_decryption_warns_ms14_025),
		cmocka_unit_test(test_cpassword__rejects_malformed_input),
		cmocka_unit_test(test_cpassword__encrypt_rejects_invalid_utf8),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
