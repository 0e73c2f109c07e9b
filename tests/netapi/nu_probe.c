/* nu-probe: drives the NetUser layer by hand, for manual checks and
 * benchmarks; prints the call counters (and with -t every call).
 *
 *   nu-probe [-t] [-s SERVER -A AUTHFILE] COMMAND ARGS...
 *
 * Without -s/-A it reads ACCORD_TEST_SERVER and ACCORD_TEST_AUTH. The
 * commands are listed by usage(). Passwords given on the command line are
 * for throwaway test accounts only. */
#include "netapi.h"
#include "nu_testenv.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void usage(void)
{
	fputs("usage: nu-probe [-t] [-s SERVER -A AUTHFILE] COMMAND ARGS...\n"
	      "  list | get NAME | add NAME [PASSWORD] | del NAME | passwd NAME PASSWORD\n"
	      "  set NAME KEY=VALUE... (full_name comment usr_comment home script profile\n"
	      "      disabled noexpire cantchange mustchange: 0/1, expires: never|UNIXTIME)\n"
	      "  rename OLD NEW | modals | lgroups | usergroups NAME | members GROUP\n"
	      "  addmem GROUP SID | delmem GROUP SID | seed PREFIX COUNT PASSWORD | unseed PREFIX\n"
	      "  bench NAME REPS (average cost of enum/get/set on a warm connection)\n"
	      "  host (what nu_host_get reads of the server, for item-level targeting)\n",
	      stderr);
}

static void print_user(const struct nu_user *u)
{
	printf("name=%s rid=%u sid=%s flags=0x%08x full_name=\"%s\" comment=\"%s\"", u->name, u->rid,
	       u->sid ? u->sid : "", u->flags, u->full_name ? u->full_name : "",
	       u->comment ? u->comment : "");
	if (u->known & NU_F_ACCT_EXPIRES)
		printf(" usr_comment=\"%s\" expires=%" PRId64 " must_change=%d age=%u priv=%u "
		       "home=\"%s\" script=\"%s\" profile=\"%s\" last_logon=%" PRId64,
		       u->usr_comment, u->acct_expires, u->password_expired, u->password_age,
		       u->priv, u->home_dir, u->script_path, u->profile, u->last_logon);
	putchar('\n');
}

static int flag_arg(struct nu_user *u, const char *v, uint32_t bit)
{
	if (strcmp(v, "1") == 0)
		u->flags |= bit;
	else
		u->flags &= ~bit;
	return NU_F_FLAGS;
}

static unsigned parse_set(struct nu_user *u, char **kv, int n)
{
	unsigned mask = 0;

	for (int i = 0; i < n; i++) {
		char *eq = strchr(kv[i], '=');
		const char *k = kv[i], *v = NULL;

		if (!eq)
			return 0;
		*eq = '\0';
		v = eq + 1;
		if (strcmp(k, "full_name") == 0)
			free(u->full_name), u->full_name = strdup(v), mask |= NU_F_FULL_NAME;
		else if (strcmp(k, "comment") == 0)
			free(u->comment), u->comment = strdup(v), mask |= NU_F_COMMENT;
		else if (strcmp(k, "usr_comment") == 0)
			free(u->usr_comment), u->usr_comment = strdup(v), mask |= NU_F_USR_COMMENT;
		else if (strcmp(k, "home") == 0)
			free(u->home_dir), u->home_dir = strdup(v), mask |= NU_F_HOME_DIR;
		else if (strcmp(k, "script") == 0)
			free(u->script_path), u->script_path = strdup(v), mask |= NU_F_SCRIPT_PATH;
		else if (strcmp(k, "profile") == 0)
			free(u->profile), u->profile = strdup(v), mask |= NU_F_PROFILE;
		else if (strcmp(k, "disabled") == 0)
			mask |= flag_arg(u, v, UF_ACCOUNTDISABLE);
		else if (strcmp(k, "noexpire") == 0)
			mask |= flag_arg(u, v, UF_DONT_EXPIRE_PASSWD);
		else if (strcmp(k, "cantchange") == 0)
			mask |= flag_arg(u, v, UF_PASSWD_CANT_CHANGE);
		else if (strcmp(k, "mustchange") == 0)
			u->password_expired = strcmp(v, "1") == 0, mask |= NU_F_PASSWORD_EXPIRED;
		else if (strcmp(k, "expires") == 0)
			u->acct_expires = strcmp(v, "never") == 0 ? NU_EXPIRES_NEVER : strtoll(v, NULL, 10),
			mask |= NU_F_ACCT_EXPIRES;
		else
			return 0;
	}
	return mask;
}

static int seed(struct nu_conn *c, const char *prefix, long count, const char *pw,
		struct nu_result *res)
{
	for (long i = 0; i < count; i++) {
		struct nu_user u = { 0 };
		char name[32];

		snprintf(name, sizeof(name), "%s%05ld", prefix, i);
		u.name = name;
		if (nu_user_add(c, &u, 0, pw, NULL, res) < 0 && res->status != NU_EXISTS)
			return -1;
	}
	return 0;
}

static int unseed(struct nu_conn *c, const char *prefix, struct nu_result *res)
{
	struct nu_user *v = NULL;
	size_t n = 0;
	int ret = 0;

	if (nu_user_enum(c, &v, &n, res) < 0)
		return -1;
	for (size_t i = 0; i < n && ret == 0; i++)
		if (strncmp(v[i].name, prefix, strlen(prefix)) == 0)
			ret = nu_user_del(c, v[i].name, res);
	nu_users_free(v, n);
	return ret;
}

/* Average cost of the common operations on a warm connection. */
static int bench(struct nu_conn *c, const char *name, long reps, struct nu_result *res)
{
	static const char *const ops[] = { "enum", "get", "set 1 field", "set 6 fields",
					   "set flags", "user local groups" };
	struct nu_user five = { .full_name = "Bench", .comment = "b", .usr_comment = "b",
				.home_dir = "h", .script_path = "s" };
	struct nu_stats st;

	for (size_t op = 0; op < sizeof(ops) / sizeof(ops[0]); op++) {
		nu_reset_stats(c);
		for (long i = 0; i < reps; i++) {
			struct nu_user u = { .comment = i % 2 ? "bench odd" : "bench even",
					     .flags = i % 2 ? UF_ACCOUNTDISABLE : 0 };
			struct nu_user *v = NULL;
			char **g = NULL;
			size_t n = 0;
			int rc = 0;

			if (op == 0) {
				rc = nu_user_enum(c, &v, &n, res);
				nu_users_free(v, n);
			} else if (op == 1) {
				rc = nu_user_get(c, name, &u, res);
				nu_user_release(&u);
			} else if (op == 2) {
				rc = nu_user_set(c, name, &u, NU_F_COMMENT, res);
			} else if (op == 3) {
				five.profile = i % 2 ? "p1" : "p2";
				rc = nu_user_set(c, name, &five, NU_F_FULL_NAME | NU_F_COMMENT |
						 NU_F_USR_COMMENT | NU_F_HOME_DIR | NU_F_SCRIPT_PATH |
						 NU_F_PROFILE, res);
			} else if (op == 4) {
				rc = nu_user_set(c, name, &u, NU_F_FLAGS, res);
			} else {
				rc = nu_user_lgroups(c, name, &g, &n, res);
				nu_strv_free(g, n);
			}
			if (rc < 0)
				return -1;
		}
		nu_get_stats(c, &st);
		printf("%-18s %8.3f ms/op  %5.1f calls/op  %5.1f round trips/op  %4.1f writes/op\n",
		       ops[op], st.ms / (double)reps, (double)st.calls / (double)reps,
		       (double)st.round_trips / (double)reps, (double)st.writes / (double)reps);
	}
	return 0;
}

static const char *str_or_null(const char *s)
{
	return s ? s : "(null)";
}

static void print_host(const struct nu_host *h)
{
	printf("computer=%s\ndns_name=%s\naddress=%s\n", str_or_null(h->computer),
	       str_or_null(h->dns_name), str_or_null(h->address));
	if (h->domain_known)
		printf("joined=%d\nis_dc=%d\ndomain=%s\ndns_domain=%s\n", h->joined, h->is_dc,
		       str_or_null(h->domain), str_or_null(h->dns_domain));
	else
		puts("domain: unknown");
	if (h->os_known)
		printf("os=%u.%u\nos_server=%d\n", h->os_major, h->os_minor, h->os_server);
	else
		puts("os: unknown");
}

static int run(struct nu_conn *c, int argc, char **argv, struct nu_result *res)
{
	const char *cmd = argv[0];
	struct nu_user u = { 0 };
	int ret = -1;

	if (strcmp(cmd, "list") == 0 && argc == 1) {
		struct nu_user *v = NULL;
		size_t n = 0;

		if ((ret = nu_user_enum(c, &v, &n, res)) == 0) {
			for (size_t i = 0; i < n; i++)
				print_user(&v[i]);
			printf("%zu accounts\n", n);
		}
		nu_users_free(v, n);
	} else if (strcmp(cmd, "get") == 0 && argc == 2) {
		if ((ret = nu_user_get(c, argv[1], &u, res)) == 0)
			print_user(&u);
	} else if (strcmp(cmd, "add") == 0 && (argc == 2 || argc == 3)) {
		u.name = strdup(argv[1]);
		ret = nu_user_add(c, &u, 0, argc == 3 ? argv[2] : NULL, NULL, res);
	} else if (strcmp(cmd, "del") == 0 && argc == 2) {
		ret = nu_user_del(c, argv[1], res);
	} else if (strcmp(cmd, "passwd") == 0 && argc == 3) {
		ret = nu_user_set_password(c, argv[1], argv[2], res);
	} else if (strcmp(cmd, "rename") == 0 && argc == 3) {
		ret = nu_user_rename(c, argv[1], argv[2], res);
	} else if (strcmp(cmd, "set") == 0 && argc >= 3) {
		unsigned mask = 0;

		if ((ret = nu_user_get(c, argv[1], &u, res)) == 0) {
			mask = parse_set(&u, argv + 2, argc - 2);
			if (!mask) {
				usage();
				ret = -1;
			} else {
				ret = nu_user_set(c, argv[1], &u, mask, res);
			}
		}
	} else if (strcmp(cmd, "modals") == 0 && argc == 1) {
		struct nu_modals m;

		if ((ret = nu_modals_get(c, &m, res)) == 0)
			printf("min_passwd_len=%u max_passwd_age=%u min_passwd_age=%u history=%u "
			       "force_logoff=%u\n", m.min_passwd_len, m.max_passwd_age,
			       m.min_passwd_age, m.password_hist_len, m.force_logoff);
	} else if (strcmp(cmd, "lgroups") == 0 && argc == 1) {
		struct nu_lgroup *v = NULL;
		size_t n = 0;

		if ((ret = nu_lgroup_enum(c, &v, &n, res)) == 0)
			for (size_t i = 0; i < n; i++)
				printf("%s %s \"%s\"\n", v[i].name, v[i].sid ? v[i].sid : "-",
				       v[i].comment ? v[i].comment : "");
		nu_lgroups_free(v, n);
	} else if (strcmp(cmd, "usergroups") == 0 && argc == 2) {
		char **v = NULL;
		size_t n = 0;

		if ((ret = nu_user_lgroups(c, argv[1], &v, &n, res)) == 0)
			for (size_t i = 0; i < n; i++)
				printf("%s\n", v[i]);
		nu_strv_free(v, n);
	} else if (strcmp(cmd, "members") == 0 && argc == 2) {
		struct nu_member *v = NULL;
		size_t n = 0;

		if ((ret = nu_lgroup_members(c, argv[1], &v, &n, res)) == 0)
			for (size_t i = 0; i < n; i++)
				printf("%s %s\n", v[i].sid, v[i].name ? v[i].name : "-");
		nu_members_free(v, n);
	} else if (strcmp(cmd, "addmem") == 0 && argc == 3) {
		ret = nu_lgroup_add_member(c, argv[1], argv[2], res);
	} else if (strcmp(cmd, "delmem") == 0 && argc == 3) {
		ret = nu_lgroup_del_member(c, argv[1], argv[2], res);
	} else if (strcmp(cmd, "seed") == 0 && argc == 4) {
		ret = seed(c, argv[1], strtol(argv[2], NULL, 10), argv[3], res);
	} else if (strcmp(cmd, "bench") == 0 && argc == 3) {
		ret = bench(c, argv[1], strtol(argv[2], NULL, 10), res);
	} else if (strcmp(cmd, "host") == 0 && argc == 1) {
		struct nu_host h;

		if ((ret = nu_host_get(c, &h, res)) == 0) {
			print_host(&h);
			nu_host_release(&h);
		}
	} else if (strcmp(cmd, "unseed") == 0 && argc == 2) {
		ret = unseed(c, argv[1], res);
	} else {
		usage();
		nu_user_release(&u);
		return 2;
	}
	nu_user_release(&u);
	return ret;
}

int main(int argc, char **argv)
{
	struct nu_testenv env;
	struct nu_creds creds;
	struct nu_conn *c = NULL;
	struct nu_result res = { 0 };
	struct nu_stats st;
	const char *server = NULL, *auth = NULL;
	bool trace = false;
	int opt, ret;

	while ((opt = getopt(argc, argv, "ts:A:")) != -1) {
		if (opt == 't')
			trace = true;
		else if (opt == 's')
			server = optarg;
		else if (opt == 'A')
			auth = optarg;
		else
			return usage(), 2;
	}
	if (optind >= argc)
		return usage(), 2;
	if (server && auth) {
		memset(&env, 0, sizeof(env));
		snprintf(env.server, sizeof(env.server), "%s", server);
		if (nu_testenv_read_auth(auth, &env) < 0) {
			fprintf(stderr, "nu-probe: cannot read auth file %s\n", auth);
			return 1;
		}
	} else if (nu_testenv_load(&env) < 0) {
		fprintf(stderr, "nu-probe: give -s SERVER -A AUTHFILE or set ACCORD_TEST_SERVER "
			"and ACCORD_TEST_AUTH\n");
		return 2;
	}
	creds = nu_testenv_creds(&env);
	if (nu_connect(&creds, &c, &res) < 0) {
		fprintf(stderr, "nu-probe: %s [%s, raw %u]\n", res.msg, nu_status_name(res.status),
			res.raw);
		return 1;
	}
	if (trace)
		nu_set_trace(c, nu_testenv_print_trace, stderr);
	nu_get_stats(c, &st);
	fprintf(stderr, "connect: calls=%lu round_trips=%lu ms=%.3f\n", st.calls, st.round_trips,
		st.ms);
	nu_reset_stats(c);
	ret = run(c, argc - optind, argv + optind, &res);
	nu_get_stats(c, &st);
	fprintf(stderr, "stats: calls=%lu reads=%lu writes=%lu round_trips=%lu ms=%.3f\n", st.calls,
		st.reads, st.writes, st.round_trips, st.ms);
	if (ret == -1)
		fprintf(stderr, "nu-probe: %s [%s, raw %u]\n", res.msg, nu_status_name(res.status),
			res.raw);
	nu_disconnect(c);
	return ret == 0 ? 0 : ret == 2 ? 2 : 1;
}
