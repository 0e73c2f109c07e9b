/* test_netapi_live: the NetUser layer against a real Samba server
 * (tests/samba profiles standalone and addc; ACCORD_TEST_SERVER,
 * ACCORD_TEST_AUTH, ACCORD_TEST_PROFILE).
 *
 * Every value written is read back by a fresh process (this binary run
 * as "--child ..."): libnetapi and the server-side handles cache per
 * process, and a read in the writing process could hide a lost write. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "netapi.h"
#include "names.h"
#include "nu_testenv.h"
#include "xalloc.h"

#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/wait.h>
#include <unistd.h>

#define T_USER   "nut_fields"
#define T_LOW    "nut_low"
#define T_ADD    "nut_add"
#define T_REN    "nut_renamed"
#define T_BULK   "nutb"
#define T_PW     "Nu-Test-Pw-2718x"
#define T_PW2    "Nu-Test-Pw-3141y"
#define BULK_N   2000

static struct nu_testenv env;
static struct nu_conn *conn;
static bool is_addc;

/* ---------------------------------------------------------------- child */

static void put(const char *k, const char *v)
{
	printf("%s\t%s\n", k, v ? v : "");
}

/* --child get NAME: prints the record, or "status\tNAME" */
static int child_get(const char *name)
{
	struct nu_creds cr = nu_testenv_creds(&env);
	struct nu_conn *c = NULL;
	struct nu_result res = { 0 };
	struct nu_user u = { 0 };

	if (nu_connect(&cr, &c, &res) < 0 || nu_user_get(c, name, &u, &res) < 0) {
		put("status", nu_status_name(res.status));
		nu_disconnect(c);
		return 0;
	}
	put("status", "ok");
	put("name", u.name);
	put("full_name", u.full_name);
	put("comment", u.comment);
	put("usr_comment", u.usr_comment);
	put("home_dir", u.home_dir);
	put("script_path", u.script_path);
	put("profile", u.profile);
	put("sid", u.sid);
	printf("rid\t%u\nflags\t%u\nacct_expires\t%" PRId64 "\npassword_expired\t%d\n", u.rid,
	       u.flags, u.acct_expires, u.password_expired);
	nu_user_release(&u);
	nu_disconnect(c);
	return 0;
}

/* --child as USER PASSWORD [setcomment NAME]: connects as USER, prints
 * the status of the connect or of the write */
static int child_as(const char *user, const char *pw, const char *cmd, const char *name)
{
	struct nu_creds cr = nu_testenv_creds(&env);
	struct nu_conn *c = NULL;
	struct nu_result res = { 0 };
	struct nu_user u = { .comment = "written by a non-admin" };

	cr.user = user;
	cr.password = pw;
	if (nu_connect(&cr, &c, &res) == 0 && cmd && strcmp(cmd, "setcomment") == 0)
		nu_user_set(c, name, &u, NU_F_COMMENT, &res);
	put("status", nu_status_name(res.status));
	put("msg", res.msg);
	nu_disconnect(c);
	return 0;
}

/* ---------------------------------------------------------------- parent side */

struct kv {
	char out[8192];
};

static int run_child(struct kv *kv, const char *a1, const char *a2, const char *a3,
		     const char *a4, const char *a5)
{
	int fd[2], status = 0;
	ssize_t got;
	size_t len = 0;
	pid_t pid;

	memset(kv, 0, sizeof(*kv));
	if (pipe(fd) < 0)
		return -1;
	fflush(NULL);
	pid = fork();
	if (pid == 0) {
		dup2(fd[1], 1);
		close(fd[0]);
		close(fd[1]);
		execl("/proc/self/exe", "test_netapi_live", "--child", a1, a2, a3, a4, a5,
		      (char *)NULL);
		_exit(127);
	}
	close(fd[1]);
	while ((got = read(fd[0], kv->out + len, sizeof(kv->out) - 1 - len)) > 0)
		len += (size_t)got;
	close(fd[0]);
	waitpid(pid, &status, 0);
	return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -1;
}

/* value of key in a child's output, or "" */
static const char *kv_get(const struct kv *kv, const char *key, char *buf, size_t n)
{
	size_t kl = strlen(key);
	const char *p = kv->out;

	buf[0] = '\0';
	while (p && *p) {
		const char *eol = strchr(p, '\n');
		size_t ll = eol ? (size_t)(eol - p) : strlen(p);

		if (ll > kl && strncmp(p, key, kl) == 0 && p[kl] == '\t') {
			snprintf(buf, n, "%.*s", (int)(ll - kl - 1), p + kl + 1);
			break;
		}
		p = eol ? eol + 1 : NULL;
	}
	return buf;
}

/* fresh-process read of one field */
static const char *fresh(const char *name, const char *key, char *buf, size_t n)
{
	struct kv kv;
	char st[64];

	assert_int_equal(run_child(&kv, "get", name, NULL, NULL, NULL), 0);
	kv_get(&kv, "status", st, sizeof(st));
	if (strcmp(st, "ok") != 0) {
		snprintf(buf, n, "status:%s", st);
		return buf;
	}
	return kv_get(&kv, key, buf, n);
}

static uint32_t fresh_u32(const char *name, const char *key)
{
	char buf[64];

	return (uint32_t)strtoul(fresh(name, key, buf, sizeof(buf)), NULL, 10);
}

static void expect_ok(int rc, const struct nu_result *res)
{
	if (rc != 0)
		fail_msg("%s [%s, raw %u]", res->msg, nu_status_name(res->status), res->raw);
}

static void del_quiet(const char *name)
{
	struct nu_result res;

	nu_user_del(conn, name, &res);
}

static void add_user(const char *name, const char *pw)
{
	struct nu_user u = { .name = (char *)name };
	struct nu_result res;

	del_quiet(name);
	expect_ok(nu_user_add(conn, &u, 0, pw, NULL, &res), &res);
}

static int group_setup(void **state)
{
	struct nu_creds cr;
	struct nu_result res;

	(void)state;
	if (nu_testenv_load(&env) < 0) {
		fprintf(stderr, "test_netapi_live: ACCORD_TEST_SERVER/ACCORD_TEST_AUTH not set\n");
		return -1;
	}
	is_addc = strcmp(env.profile, "addc") == 0;
	cr = nu_testenv_creds(&env);
	if (nu_connect(&cr, &conn, &res) < 0) {
		fprintf(stderr, "test_netapi_live: %s\n", res.msg);
		return -1;
	}
	add_user(T_USER, T_PW);
	return 0;
}

static int group_teardown(void **state)
{
	(void)state;
	del_quiet(T_USER);
	del_quiet(T_REN);
	del_quiet(T_LOW);
	del_quiet(T_ADD);
	nu_disconnect(conn);
	return 0;
}

/* ---------------------------------------------------------------- connect */

static void test_netapi__wrong_password_fails_at_connect(void **state)
{
	struct nu_creds cr = nu_testenv_creds(&env);
	struct nu_conn *c = NULL;
	struct nu_result res;

	(void)state;
	cr.password = "not-the-password";
	assert_int_equal(nu_connect(&cr, &c, &res), -1);
	assert_int_equal(res.status, NU_UNREACHABLE);
	assert_non_null(strstr(res.msg, env.server));
	assert_null(c);
}

static void test_netapi__unreachable_server_fails_at_connect(void **state)
{
	struct nu_creds cr = nu_testenv_creds(&env);
	struct nu_conn *c = NULL;
	struct nu_result res;

	(void)state;
	cr.server = "127.0.0.9";  /* nothing listens there */
	assert_int_equal(nu_connect(&cr, &c, &res), -1);
	assert_int_equal(res.status, NU_UNREACHABLE);
	assert_non_null(strstr(res.msg, "127.0.0.9"));
}

static void test_netapi__second_server_in_process_refused(void **state)
{
	struct nu_creds cr = nu_testenv_creds(&env);
	struct nu_conn *c = NULL;
	struct nu_result res;

	(void)state;
	cr.server = "localhost";  /* the same server by another name: still refused */
	assert_int_equal(nu_connect(&cr, &c, &res), -1);
	assert_int_equal(res.status, NU_INVALID_PARAM);
	assert_non_null(strstr(res.msg, "one process per server"));
	/* the same server and credentials again is fine */
	cr = nu_testenv_creds(&env);
	expect_ok(nu_connect(&cr, &c, &res), &res);
	nu_disconnect(c);
}

/* ---------------------------------------------------------------- fields */

struct str_field {
	unsigned bit;
	const char *key;
	size_t off;
};

#define SF(bit, key, member) { bit, key, offsetof(struct nu_user, member) }

static void test_netapi__string_fields_round_trip(void **state)
{
	static const struct str_field fields[] = {
		SF(NU_F_FULL_NAME, "full_name", full_name),
		SF(NU_F_COMMENT, "comment", comment),
		SF(NU_F_USR_COMMENT, "usr_comment", usr_comment),
		SF(NU_F_HOME_DIR, "home_dir", home_dir),
		SF(NU_F_SCRIPT_PATH, "script_path", script_path),
		SF(NU_F_PROFILE, "profile", profile),
	};
	struct nu_result res;
	char before[512], after[512], want[128];

	(void)state;
	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
		struct nu_user u = { 0 };
		struct nu_stats st;

		fresh(T_USER, fields[i].key, before, sizeof(before));
		snprintf(want, sizeof(want), "\\\\srv\\%s \xc3\xa9t\xc3\xa9 %zu", fields[i].key, i);
		*(char **)((char *)&u + fields[i].off) = want;
		nu_reset_stats(conn);
		expect_ok(nu_user_set(conn, T_USER, &u, fields[i].bit, &res), &res);
		nu_get_stats(conn, &st);
		assert_int_equal(st.writes, 1);  /* one changed field, one write */
		assert_string_equal(fresh(T_USER, fields[i].key, after, sizeof(after)), want);
		*(char **)((char *)&u + fields[i].off) = before;
		expect_ok(nu_user_set(conn, T_USER, &u, fields[i].bit, &res), &res);
		assert_string_equal(fresh(T_USER, fields[i].key, after, sizeof(after)), before);
	}
}

static void test_netapi__many_fields_one_write(void **state)
{
	struct nu_user u = {
		.full_name = "Many Fields", .comment = "d", .usr_comment = "u", .home_dir = "h",
		.script_path = "s", .profile = "p", .acct_expires = 1900000000,
		.flags = UF_DONT_EXPIRE_PASSWD,
	};
	unsigned mask = NU_F_FULL_NAME | NU_F_COMMENT | NU_F_USR_COMMENT | NU_F_HOME_DIR |
			NU_F_SCRIPT_PATH | NU_F_PROFILE | NU_F_ACCT_EXPIRES | NU_F_FLAGS;
	struct nu_result res;
	struct nu_stats st;
	char buf[128];

	(void)state;
	nu_reset_stats(conn);
	expect_ok(nu_user_set(conn, T_USER, &u, mask, &res), &res);
	nu_get_stats(conn, &st);
	assert_int_equal(st.writes, 1);
	assert_string_equal(fresh(T_USER, "profile", buf, sizeof(buf)), "p");
	assert_string_equal(fresh(T_USER, "acct_expires", buf, sizeof(buf)), "1900000000");
	u.flags = 0;
	u.acct_expires = NU_EXPIRES_NEVER;
	expect_ok(nu_user_set(conn, T_USER, &u, NU_F_FLAGS | NU_F_ACCT_EXPIRES, &res), &res);
}

static void set_flags(uint32_t flags)
{
	struct nu_user u = { .flags = flags };
	struct nu_result res;

	expect_ok(nu_user_set(conn, T_USER, &u, NU_F_FLAGS, &res), &res);
}

static void test_netapi__each_managed_flag_round_trips(void **state)
{
	static const uint32_t bits[] = { UF_ACCOUNTDISABLE, UF_DONT_EXPIRE_PASSWD,
					 UF_PASSWD_CANT_CHANGE };
	const uint32_t base = UF_SCRIPT | UF_NORMAL_ACCOUNT;

	(void)state;
	assert_int_equal(fresh_u32(T_USER, "flags"), base);
	for (size_t i = 0; i < sizeof(bits) / sizeof(bits[0]); i++) {
		set_flags(bits[i]);
		assert_int_equal(fresh_u32(T_USER, "flags"), base | bits[i]);  /* whole word */
		set_flags(0);
		assert_int_equal(fresh_u32(T_USER, "flags"), base);
	}
}

static void test_netapi__flags_word_round_trips_exactly(void **state)
{
	const uint32_t base = UF_SCRIPT | UF_NORMAL_ACCOUNT;
	uint32_t all = UF_ACCOUNTDISABLE | UF_DONT_EXPIRE_PASSWD | UF_PASSWD_CANT_CHANGE;

	(void)state;
	set_flags(all);
	assert_int_equal(fresh_u32(T_USER, "flags"), base | all);
	set_flags(UF_DONT_EXPIRE_PASSWD);
	assert_int_equal(fresh_u32(T_USER, "flags"), base | UF_DONT_EXPIRE_PASSWD);
	set_flags(0);
	assert_int_equal(fresh_u32(T_USER, "flags"), base);
}

static void test_netapi__must_change_round_trips(void **state)
{
	struct nu_user u = { .password_expired = true };
	struct nu_result res;
	char buf[64];

	(void)state;
	assert_string_equal(fresh(T_USER, "password_expired", buf, sizeof(buf)), "0");
	expect_ok(nu_user_set(conn, T_USER, &u, NU_F_PASSWORD_EXPIRED, &res), &res);
	assert_string_equal(fresh(T_USER, "password_expired", buf, sizeof(buf)), "1");
	u.password_expired = false;
	expect_ok(nu_user_set(conn, T_USER, &u, NU_F_PASSWORD_EXPIRED, &res), &res);
	assert_string_equal(fresh(T_USER, "password_expired", buf, sizeof(buf)), "0");
}

/* Must-change and clearing "cannot change password" in one call: Samba's
 * file server drops must-change while the right is off, so the layer
 * clears the right first; both hold on both servers. */
static void test_netapi__must_change_with_cannot_change_cleared(void **state)
{
	struct nu_user u = { .password_expired = true, .flags = 0 };
	struct nu_result res;
	char buf[64];

	(void)state;
	set_flags(UF_PASSWD_CANT_CHANGE);
	expect_ok(nu_user_set(conn, T_USER, &u, NU_F_PASSWORD_EXPIRED | NU_F_FLAGS, &res), &res);
	assert_string_equal(fresh(T_USER, "password_expired", buf, sizeof(buf)), "1");
	assert_int_equal(fresh_u32(T_USER, "flags") & UF_PASSWD_CANT_CHANGE, 0);
	u.password_expired = false;
	expect_ok(nu_user_set(conn, T_USER, &u, NU_F_PASSWORD_EXPIRED, &res), &res);
	assert_string_equal(fresh(T_USER, "password_expired", buf, sizeof(buf)), "0");
}

static void test_netapi__expiry_date_and_never_round_trip(void **state)
{
	struct nu_user u = { .acct_expires = 1900000000 };
	struct nu_result res;
	char buf[64];

	(void)state;
	assert_string_equal(fresh(T_USER, "acct_expires", buf, sizeof(buf)), "-1");
	expect_ok(nu_user_set(conn, T_USER, &u, NU_F_ACCT_EXPIRES, &res), &res);
	assert_string_equal(fresh(T_USER, "acct_expires", buf, sizeof(buf)), "1900000000");
	u.acct_expires = NU_EXPIRES_NEVER;
	expect_ok(nu_user_set(conn, T_USER, &u, NU_F_ACCT_EXPIRES, &res), &res);
	assert_string_equal(fresh(T_USER, "acct_expires", buf, sizeof(buf)), "-1");
}

static void test_netapi__password_change_takes_effect(void **state)
{
	struct nu_result res;
	struct kv kv;
	char buf[64];

	(void)state;
	expect_ok(nu_user_set_password(conn, T_USER, T_PW2, &res), &res);
	assert_int_equal(run_child(&kv, "as", T_USER, T_PW2, NULL, NULL), 0);
	assert_string_equal(kv_get(&kv, "status", buf, sizeof(buf)), "ok");
	if (!is_addc) {
		/* an AD DC keeps taking the previous password over NTLM for
		 * "old password allowed period" (60 minutes) */
		assert_int_equal(run_child(&kv, "as", T_USER, T_PW, NULL, NULL), 0);
		assert_string_equal(kv_get(&kv, "status", buf, sizeof(buf)), "unreachable");
	}
	expect_ok(nu_user_set_password(conn, T_USER, T_PW, &res), &res);
	assert_int_equal(run_child(&kv, "as", T_USER, T_PW, NULL, NULL), 0);
	assert_string_equal(kv_get(&kv, "status", buf, sizeof(buf)), "ok");
}

static void test_netapi__rename_round_trips(void **state)
{
	struct nu_result res;
	struct nu_user u = { 0 };
	struct nu_stats by_rid, by_name;
	char sid[128], buf[128];
	uint32_t rid;

	(void)state;
	fresh(T_USER, "sid", sid, sizeof(sid));
	rid = fresh_u32(T_USER, "rid");
	expect_ok(nu_user_rename(conn, T_USER, T_REN, &res), &res);
	assert_string_equal(fresh(T_REN, "sid", buf, sizeof(buf)), sid);
	assert_string_equal(fresh(T_USER, "sid", buf, sizeof(buf)), "status:not_found");
	/* a RID from an older listing: the old name is not found, the new
	 * one is read with one call fewer than by name (Samba) */
	assert_int_equal(nu_user_get_rid(conn, T_USER, rid, &u, &res), -1);
	assert_int_equal(res.status, NU_NOT_FOUND);
	assert_non_null(strstr(res.msg, T_REN));
	nu_reset_stats(conn);
	expect_ok(nu_user_get_rid(conn, T_REN, rid, &u, &res), &res);
	nu_get_stats(conn, &by_rid);
	assert_string_equal(u.name, T_REN);
	assert_int_equal(u.rid, rid);
	nu_user_release(&u);
	nu_reset_stats(conn);
	expect_ok(nu_user_get(conn, T_REN, &u, &res), &res);
	nu_get_stats(conn, &by_name);
	nu_user_release(&u);
	print_message("whole record: %lu calls by name, %lu by RID\n", by_name.calls, by_rid.calls);
	assert_true(by_rid.calls <= by_name.calls);
	if (!strcmp(env.profile, "standalone") || !strcmp(env.profile, "addc"))
		assert_int_equal(by_rid.calls + 1, by_name.calls);
	expect_ok(nu_user_rename(conn, T_REN, T_USER, &res), &res);
	assert_string_equal(fresh(T_USER, "sid", buf, sizeof(buf)), sid);
}

/* ---------------------------------------------------------------- errors */

static void test_netapi__add_then_delete(void **state)
{
	struct nu_user u = { .name = T_ADD, .full_name = "Added", .comment = "by test",
			     .flags = UF_ACCOUNTDISABLE, .password_expired = true };
	struct nu_result res;
	char buf[128];
	uint32_t rid = 0;

	(void)state;
	del_quiet(T_ADD);
	expect_ok(nu_user_add(conn, &u, NU_F_FULL_NAME | NU_F_COMMENT | NU_F_FLAGS |
			      NU_F_PASSWORD_EXPIRED, T_PW, &rid, &res), &res);
	/* the add tells the new RID, as a fresh process reads it */
	assert_int_not_equal(rid, 0);
	assert_int_equal(fresh_u32(T_ADD, "rid"), rid);
	assert_string_equal(fresh(T_ADD, "full_name", buf, sizeof(buf)), "Added");
	assert_string_equal(fresh(T_ADD, "comment", buf, sizeof(buf)), "by test");
	assert_int_equal(fresh_u32(T_ADD, "flags"), UF_SCRIPT | UF_NORMAL_ACCOUNT | UF_ACCOUNTDISABLE |
			 UF_PASSWORD_EXPIRED);
	assert_string_equal(fresh(T_ADD, "password_expired", buf, sizeof(buf)), "1");
	assert_int_equal(nu_user_add(conn, &u, 0, T_PW, NULL, &res), -1);
	assert_int_equal(res.status, NU_EXISTS);
	expect_ok(nu_user_del(conn, T_ADD, &res), &res);
	assert_string_equal(fresh(T_ADD, "name", buf, sizeof(buf)), "status:not_found");
}

static void test_netapi__unknown_account_is_not_found(void **state)
{
	struct nu_user u = { .comment = "x" };
	struct nu_result res;

	(void)state;
	assert_int_equal(nu_user_get(conn, "nut_nobody", &u, &res), -1);
	assert_int_equal(res.status, NU_NOT_FOUND);
	assert_int_equal(nu_user_set(conn, "nut_nobody", &u, NU_F_COMMENT, &res), -1);
	assert_int_equal(res.status, NU_NOT_FOUND);
	assert_int_equal(nu_user_del(conn, "nut_nobody", &res), -1);
	assert_int_equal(res.status, NU_NOT_FOUND);
	assert_int_equal(nu_user_set_password(conn, "nut_nobody", T_PW, &res), -1);
	assert_int_equal(res.status, NU_NOT_FOUND);
}

static void test_netapi__weak_password_is_policy(void **state)
{
	struct nu_user u = { .name = T_ADD };
	struct nu_result res;

	(void)state;
	if (!is_addc) {
		/* samba's file server does not check an administrator's
		 * password set against the policy */
		skip();
	}
	del_quiet(T_ADD);
	assert_int_equal(nu_user_add(conn, &u, 0, "abc", NULL, &res), -1);
	assert_int_equal(res.status, NU_PASSWORD_POLICY);
	assert_non_null(strstr(res.msg, "at least"));
	assert_int_equal(nu_user_set_password(conn, T_USER, "abc", &res), -1);
	assert_int_equal(res.status, NU_PASSWORD_POLICY);
	assert_non_null(strstr(res.msg, "at least"));
}

static void test_netapi__non_admin_write_is_access_denied(void **state)
{
	struct kv kv;
	char buf[256];

	(void)state;
	add_user(T_LOW, T_PW);
	assert_int_equal(run_child(&kv, "as", T_LOW, T_PW, "setcomment", T_USER), 0);
	assert_string_equal(kv_get(&kv, "status", buf, sizeof(buf)), "access_denied");
	del_quiet(T_LOW);
}

/* ---------------------------------------------------------------- bulk */

/* nu_user_lookup over every listed account and one unknown name: the
 * listed RIDs, 0 for the unknown, one call per 1,000 names. */
static void lookup_names_in_batches(const struct nu_user *v, size_t n)
{
	const char **names = xcalloc(n + 1, sizeof(*names));
	uint32_t *rids = xcalloc(n + 1, sizeof(*rids));
	struct nu_result res;
	struct nu_stats st;
	size_t wrong = 0;
	uint32_t unknown;

	for (size_t i = 0; i < n; i++)
		names[i] = v[i].name;
	names[n] = "nut_nobody";
	nu_reset_stats(conn);
	expect_ok(nu_user_lookup(conn, names, n + 1, rids, &res), &res);
	nu_get_stats(conn, &st);
	for (size_t i = 0; i < n; i++)
		wrong += rids[i] != v[i].rid;
	unknown = rids[n];
	print_message("looked up %zu names in %lu calls\n", n + 1, st.calls);
	free(names);
	free(rids);
	assert_int_equal(wrong, 0);
	assert_int_equal(unknown, 0);
	assert_int_equal(st.calls, (n + 1 + 999) / 1000);
}

static void test_netapi__bulk_enum_uses_few_round_trips(void **state)
{
	struct nu_user *v = NULL;
	struct nu_result res;
	struct nu_stats st;
	size_t n = 0, found = 0, with_sid = 0, unsorted = 0;
	char name[32];
	int rc;

	(void)state;
	for (int i = 0; i < BULK_N; i++) {
		struct nu_user u = { .name = name };

		snprintf(name, sizeof(name), T_BULK "%05d", i);
		if (nu_user_add(conn, &u, 0, T_PW, NULL, &res) < 0 && res.status != NU_EXISTS)
			fail_msg("seeding %s: %s", name, res.msg);
	}
	nu_reset_stats(conn);
	rc = nu_user_enum(conn, &v, &n, &res);
	nu_get_stats(conn, &st);
	for (size_t i = 0; rc == 0 && i < n; i++) {
		if (strncmp(v[i].name, T_BULK, strlen(T_BULK)) == 0) {
			found++;
			with_sid += v[i].sid && (v[i].flags & UF_NORMAL_ACCOUNT);
		}
		unsorted += i > 0 && acc_name_cmp(v[i - 1].name, v[i].name) >= 0;
	}
	print_message("enumerated %zu accounts in %lu calls, %lu round trips, %.1f ms\n", n,
		      st.calls, st.round_trips, st.ms);
	lookup_names_in_batches(v, n);
	/* clean up before judging, so a failure leaves no 2,000 accounts */
	for (int i = 0; i < BULK_N; i++) {
		snprintf(name, sizeof(name), T_BULK "%05d", i);
		nu_user_del(conn, name, &res);
	}
	nu_users_free(v, n);
	assert_int_equal(rc, 0);
	assert_int_equal(found, BULK_N);
	assert_int_equal(with_sid, BULK_N);
	assert_int_equal(unsorted, 0);
	assert_true(st.round_trips * 100 < BULK_N);
}

/* ---------------------------------------------------------------- groups */

static bool has_member(const char *group, const char *sid)
{
	struct nu_member *m = NULL;
	struct nu_result res;
	size_t n = 0;
	bool found = false;

	expect_ok(nu_lgroup_members(conn, group, &m, &n, &res), &res);
	for (size_t i = 0; i < n; i++)
		found = found || strcmp(m[i].sid, sid) == 0;
	nu_members_free(m, n);
	return found;
}

static bool in_user_groups(const char *name, const char *group)
{
	char **g = NULL;
	struct nu_result res;
	size_t n = 0;
	bool found = false;

	expect_ok(nu_user_lgroups(conn, name, &g, &n, &res), &res);
	for (size_t i = 0; i < n; i++)
		found = found || strcasecmp(g[i], group) == 0;
	nu_strv_free(g, n);
	return found;
}

static void test_netapi__builtin_administrators_membership(void **state)
{
	const char *grp = "BUILTIN\\Administrators";
	struct nu_user u = { 0 };
	struct nu_lgroup *lg = NULL;
	struct nu_result res;
	size_t n = 0;
	bool listed = false;

	(void)state;
	expect_ok(nu_lgroup_enum(conn, &lg, &n, &res), &res);
	for (size_t i = 0; i < n; i++)
		listed = listed || (strcmp(lg[i].name, "Administrators") == 0 && lg[i].sid &&
				    strcmp(lg[i].sid, "S-1-5-32-544") == 0);
	nu_lgroups_free(lg, n);
	assert_true(listed);
	expect_ok(nu_user_get(conn, T_USER, &u, &res), &res);
	assert_false(has_member(grp, u.sid));
	expect_ok(nu_lgroup_add_member(conn, grp, u.sid, &res), &res);
	assert_true(has_member(grp, u.sid));
	assert_true(in_user_groups(T_USER, "Administrators"));
	assert_int_equal(nu_lgroup_add_member(conn, grp, u.sid, &res), -1);
	assert_int_equal(res.status, NU_ALREADY_MEMBER);
	expect_ok(nu_lgroup_del_member(conn, grp, u.sid, &res), &res);
	assert_false(has_member(grp, u.sid));
	assert_false(in_user_groups(T_USER, "Administrators"));
	assert_int_equal(nu_lgroup_del_member(conn, grp, u.sid, &res), -1);
	assert_int_equal(res.status, NU_NOT_MEMBER);
	assert_int_equal(nu_lgroup_add_member(conn, "nut_nogroup", u.sid, &res), -1);
	assert_int_equal(res.status, NU_GROUP_NOT_FOUND);
	nu_user_release(&u);
}

/* ---------------------------------------------------------------- host */

static void expect_str(const char *what, const char *got, const char *want)
{
	if (!got || strcmp(got, want) != 0)
		fail_msg("%s: got %s%s%s, want \"%s\"", what, got ? "\"" : "", got ? got : "NULL",
			 got ? "\"" : "", want);
}

static char *lower(char *s)
{
	for (char *p = s; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	return s;
}

/* What the test server is set up as (tests/samba/server env): its NetBIOS
 * name, workgroup or domain, realm (empty when not joined). */
static void test_netapi__host_facts_match_profile(void **state)
{
	const char *computer = getenv("ACCORD_TEST_COMPUTER");
	const char *workgroup = getenv("ACCORD_TEST_WORKGROUP");
	const char *realm_env = getenv("ACCORD_TEST_REALM");
	struct nu_creds cr = nu_testenv_creds(&env);
	struct nu_conn *c = NULL;
	struct nu_host h = { 0 };
	struct nu_result res;
	struct nu_stats st;
	char realm[128], want[300];

	(void)state;
	if (!computer || !workgroup || !realm_env) {
		print_message("ACCORD_TEST_COMPUTER/WORKGROUP/REALM not set: a server started by an "
			      "older tests/samba/server\n");
		skip();
	}
	snprintf(realm, sizeof(realm), "%s", realm_env);
	lower(realm);
	/* a connection of its own: the shared one may hold an LDAP connection
	 * already, which would hide a call from the count */
	expect_ok(nu_connect(&cr, &c, &res), &res);
	nu_reset_stats(c);
	expect_ok(nu_host_get(c, &h, &res), &res);
	nu_get_stats(c, &st);
	print_message("host %s: domain %s, dns %s, in %lu calls, %lu round trips, %.1f ms\n",
		      h.computer ? h.computer : "?", h.domain ? h.domain : "?",
		      h.dns_name ? h.dns_name : "-", st.calls, st.round_trips, st.ms);
	expect_str("computer", h.computer, computer);
	assert_true(h.domain_known);
	expect_str("domain", h.domain, workgroup);
	/* Samba imitates Windows 6.1: not an OS to target */
	assert_false(h.os_known);
	expect_str("address", h.address, env.server);
	if (is_addc) {
		assert_true(h.joined);
		assert_true(h.is_dc);
		expect_str("dns_domain", h.dns_domain, realm);
		snprintf(want, sizeof(want), "%s.%s", computer, realm);
		expect_str("dns_name", h.dns_name, lower(want));
		/* LSA pipe, OpenPolicy2, QueryInfoPolicy 12, LDAP connect, rootDSE */
		assert_int_equal(st.calls, 5);
	} else {
		assert_false(h.joined);
		assert_false(h.is_dc);
		assert_null(h.dns_domain);
		assert_null(h.dns_name);
		/* LSA pipe, OpenPolicy2, QueryInfoPolicy 12 (refused) and 3 */
		assert_int_equal(st.calls, 4);
	}
	nu_host_release(&h);
	nu_disconnect(c);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_netapi__wrong_password_fails_at_connect),
		cmocka_unit_test(test_netapi__unreachable_server_fails_at_connect),
		cmocka_unit_test(test_netapi__second_server_in_process_refused),
		cmocka_unit_test(test_netapi__host_facts_match_profile),
		cmocka_unit_test(test_netapi__string_fields_round_trip),
		cmocka_unit_test(test_netapi__many_fields_one_write),
		cmocka_unit_test(test_netapi__each_managed_flag_round_trips),
		cmocka_unit_test(test_netapi__flags_word_round_trips_exactly),
		cmocka_unit_test(test_netapi__must_change_round_trips),
		cmocka_unit_test(test_netapi__must_change_with_cannot_change_cleared),
		cmocka_unit_test(test_netapi__expiry_date_and_never_round_trip),
		cmocka_unit_test(test_netapi__password_change_takes_effect),
		cmocka_unit_test(test_netapi__rename_round_trips),
		cmocka_unit_test(test_netapi__add_then_delete),
		cmocka_unit_test(test_netapi__unknown_account_is_not_found),
		cmocka_unit_test(test_netapi__weak_password_is_policy),
		cmocka_unit_test(test_netapi__non_admin_write_is_access_denied),
		cmocka_unit_test(test_netapi__builtin_administrators_membership),
		cmocka_unit_test(test_netapi__bulk_enum_uses_few_round_trips),
	};

	if (argc >= 3 && strcmp(argv[1], "--child") == 0) {
		if (nu_testenv_load(&env) < 0)
			return 2;
		if (strcmp(argv[2], "get") == 0 && argc == 4)
			return child_get(argv[3]);
		if (strcmp(argv[2], "as") == 0 && argc >= 5)
			return child_as(argv[3], argv[4], argc > 5 ? argv[5] : NULL,
					argc > 6 ? argv[6] : NULL);
		return 2;
	}
	/* for manual runs: NU_TEST_ONLY / NU_TEST_SKIP take cmocka patterns */
	if (getenv("NU_TEST_ONLY"))
		cmocka_set_test_filter(getenv("NU_TEST_ONLY"));
	if (getenv("NU_TEST_SKIP"))
		cmocka_set_skip_filter(getenv("NU_TEST_SKIP"));
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
