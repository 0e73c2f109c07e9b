/* nu_smoke.c: a small Windows program over netapi.h, built by the cross
 * compile so that every nu_* function of the netapi32 backend is linked, and
 * usable by hand on a Windows host to try the layer against a real server.
 *
 *   nu_smoke [-t] [-u [DOMAIN\]USER] SERVER|. [COMMAND [ARGS]]
 *
 * "." is the local machine. Without -u the caller's token is used; with -u
 * the password is read from ACCORD_SMOKE_PASSWORD, never from the command
 * line. The default command, users, only reads; so do user, modals, lgroups,
 * user-lgroups and members, which is what runs under Wine (whose
 * NetUserSetInfo aborts the process). Counters go to stderr at the end. */
#include "netapi.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct smoke {
	struct nu_conn *c;
	struct nu_result res;
};

static const char *str(const char *s)
{
	return s ? s : "-";
}

static void trace(void *ud, const struct nu_trace_event *ev)
{
	(void)ud;
	fprintf(stderr, "trace: %s level %u %s -> %u, %.2f ms%s\n", ev->function,
		(unsigned)ev->level, str(ev->account), (unsigned)ev->raw, ev->ms,
		ev->write ? " (write)" : "");
}

static int cmd_users(struct smoke *s, char **argv)
{
	struct nu_user *v = NULL;
	size_t n = 0;

	(void)argv;
	if (nu_user_enum(s->c, &v, &n, &s->res))
		return -1;
	for (size_t i = 0; i < n; i++)
		printf("%-20s %-46s flags=0x%06x full_name=%s comment=%s\n", v[i].name,
		       str(v[i].sid), (unsigned)v[i].flags, str(v[i].full_name), str(v[i].comment));
	printf("%zu users\n", n);
	nu_users_free(v, n);
	return 0;
}

static int cmd_user(struct smoke *s, char **argv)
{
	struct nu_user u = { 0 }, copy;

	if (nu_user_get(s->c, argv[0], &u, &s->res))
		return -1;
	nu_user_copy(&copy, &u);
	printf("name=%s rid=%u sid=%s\nfull_name=%s\ncomment=%s\nusr_comment=%s\n"
	       "flags=0x%06x priv=%u acct_expires=%lld password_expired=%d password_age=%u\n"
	       "home_dir=%s script_path=%s profile=%s last_logon=%lld known=0x%x\n",
	       copy.name, (unsigned)copy.rid, str(copy.sid), str(copy.full_name),
	       str(copy.comment), str(copy.usr_comment), (unsigned)copy.flags,
	       (unsigned)copy.priv, (long long)copy.acct_expires, copy.password_expired,
	       (unsigned)copy.password_age, str(copy.home_dir), str(copy.script_path),
	       str(copy.profile), (long long)copy.last_logon, copy.known);
	nu_user_release(&copy);
	nu_user_release(&u);
	return 0;
}

static int cmd_modals(struct smoke *s, char **argv)
{
	struct nu_modals m;

	(void)argv;
	if (nu_modals_get(s->c, &m, &s->res))
		return -1;
	printf("min_passwd_len=%u max_passwd_age=%u min_passwd_age=%u "
	       "password_hist_len=%u force_logoff=%u\n",
	       (unsigned)m.min_passwd_len, (unsigned)m.max_passwd_age,
	       (unsigned)m.min_passwd_age, (unsigned)m.password_hist_len,
	       (unsigned)m.force_logoff);
	return 0;
}

static int cmd_lgroups(struct smoke *s, char **argv)
{
	struct nu_lgroup *v = NULL;
	size_t n = 0;

	(void)argv;
	if (nu_lgroup_enum(s->c, &v, &n, &s->res))
		return -1;
	for (size_t i = 0; i < n; i++)
		printf("%-32s %-16s %s\n", v[i].name, str(v[i].sid), str(v[i].comment));
	nu_lgroups_free(v, n);
	return 0;
}

static int cmd_user_lgroups(struct smoke *s, char **argv)
{
	char **v = NULL;
	size_t n = 0;

	if (nu_user_lgroups(s->c, argv[0], &v, &n, &s->res))
		return -1;
	for (size_t i = 0; i < n; i++)
		printf("%s\n", v[i]);
	nu_strv_free(v, n);
	return 0;
}

static int cmd_members(struct smoke *s, char **argv)
{
	struct nu_member *v = NULL;
	size_t n = 0;

	if (nu_lgroup_members(s->c, argv[0], &v, &n, &s->res))
		return -1;
	for (size_t i = 0; i < n; i++)
		printf("%-46s %s\n", v[i].sid, str(v[i].name));
	nu_members_free(v, n);
	return 0;
}

/* add NAME: the new password comes from ACCORD_SMOKE_NEW_PASSWORD */
static int cmd_add(struct smoke *s, char **argv)
{
	struct nu_user u = { .name = argv[0], .comment = "added by nu_smoke",
			     .acct_expires = NU_EXPIRES_NEVER };

	return nu_user_add(s->c, &u, NU_F_COMMENT, getenv("ACCORD_SMOKE_NEW_PASSWORD"), NULL, &s->res);
}

static int cmd_del(struct smoke *s, char **argv)
{
	return nu_user_del(s->c, argv[0], &s->res);
}

static int cmd_rename(struct smoke *s, char **argv)
{
	return nu_user_rename(s->c, argv[0], argv[1], &s->res);
}

static int cmd_passwd(struct smoke *s, char **argv)
{
	return nu_user_set_password(s->c, argv[0], getenv("ACCORD_SMOKE_NEW_PASSWORD"), &s->res);
}

/* set NAME FIELD VALUE, FIELD one of the names below */
static int cmd_set(struct smoke *s, char **argv)
{
	static const struct { const char *name; unsigned bit; } fields[] = {
		{ "full_name", NU_F_FULL_NAME }, { "comment", NU_F_COMMENT },
		{ "usr_comment", NU_F_USR_COMMENT }, { "flags", NU_F_FLAGS },
		{ "expires", NU_F_ACCT_EXPIRES }, { "must_change", NU_F_PASSWORD_EXPIRED },
		{ "home_dir", NU_F_HOME_DIR }, { "script_path", NU_F_SCRIPT_PATH },
		{ "profile", NU_F_PROFILE },
	};
	const char *val = argv[2];
	struct nu_user u = { .full_name = argv[2], .comment = argv[2], .usr_comment = argv[2],
			     .home_dir = argv[2], .script_path = argv[2], .profile = argv[2] };
	unsigned mask = 0;

	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
		if (!strcmp(argv[1], fields[i].name))
			mask = fields[i].bit;
	if (!mask) {
		fprintf(stderr, "nu_smoke: unknown field '%s'\n", argv[1]);
		return -1;
	}
	u.flags = (uint32_t)strtoul(val, NULL, 0);
	u.acct_expires = !strcmp(val, "never") ? NU_EXPIRES_NEVER : strtoll(val, NULL, 0);
	u.password_expired = !strcmp(val, "yes");
	return nu_user_set(s->c, argv[0], &u, mask, &s->res);
}

static int cmd_add_member(struct smoke *s, char **argv)
{
	return nu_lgroup_add_member(s->c, argv[0], argv[1], &s->res);
}

static int cmd_del_member(struct smoke *s, char **argv)
{
	return nu_lgroup_del_member(s->c, argv[0], argv[1], &s->res);
}

static int cmd_host(struct smoke *s, char **argv)
{
	struct nu_host h;

	(void)argv;
	if (nu_host_get(s->c, &h, &s->res))
		return -1;
	printf("computer %s dns_name %s address %s\n", str(h.computer), str(h.dns_name),
	       str(h.address));
	if (h.domain_known)
		printf("domain %s dns_domain %s joined %d is_dc %d\n", str(h.domain),
		       str(h.dns_domain), h.joined, h.is_dc);
	if (h.os_known)
		printf("os %u.%u server %d\n", (unsigned)h.os_major, (unsigned)h.os_minor,
		       h.os_server);
	nu_host_release(&h);
	return 0;
}

static const struct smoke_cmd {
	const char *name;
	int nargs;
	int (*fn)(struct smoke *s, char **argv);
} smoke_cmds[] = {
	{ "users", 0, cmd_users }, { "user", 1, cmd_user }, { "modals", 0, cmd_modals },
	{ "lgroups", 0, cmd_lgroups }, { "user-lgroups", 1, cmd_user_lgroups },
	{ "members", 1, cmd_members }, { "add", 1, cmd_add }, { "del", 1, cmd_del },
	{ "rename", 2, cmd_rename }, { "passwd", 1, cmd_passwd }, { "set", 3, cmd_set },
	{ "add-member", 2, cmd_add_member }, { "del-member", 2, cmd_del_member },
	{ "host", 0, cmd_host },
};

static int usage(void)
{
	fprintf(stderr, "usage: nu_smoke [-t] [-u [DOMAIN\\]USER] SERVER|. [COMMAND [ARGS]]\n"
		"commands:");
	for (size_t i = 0; i < sizeof(smoke_cmds) / sizeof(smoke_cmds[0]); i++)
		fprintf(stderr, " %s", smoke_cmds[i].name);
	fprintf(stderr, "\n");
	return 2;
}

int main(int argc, char **argv)
{
	struct nu_creds creds = { 0 };
	struct smoke s = { 0 };
	const struct smoke_cmd *cmd = &smoke_cmds[0];
	struct nu_stats st;
	bool tracing = false;
	int i = 1, rc = 1;

	for (; i < argc && argv[i][0] == '-'; i++) {
		if (!strcmp(argv[i], "-t"))
			tracing = true;
		else if (!strcmp(argv[i], "-u") && i + 1 < argc)
			creds.user = argv[++i];
		else
			return usage();
	}
	if (i >= argc)
		return usage();
	creds.server = strcmp(argv[i], ".") ? argv[i] : NULL;
	creds.password = creds.user ? getenv("ACCORD_SMOKE_PASSWORD") : NULL;
	if (++i < argc) {
		cmd = NULL;
		for (size_t j = 0; j < sizeof(smoke_cmds) / sizeof(smoke_cmds[0]); j++)
			if (!strcmp(argv[i], smoke_cmds[j].name))
				cmd = &smoke_cmds[j];
		if (!cmd || argc - i - 1 != cmd->nargs)
			return usage();
		i++;
	}
	if (nu_connect(&creds, &s.c, &s.res))
		goto out;
	if (tracing)
		nu_set_trace(s.c, trace, NULL);
	printf("server %s, domain %s\n", nu_server(s.c), nu_domain_sid(s.c));
	nu_reset_stats(s.c);
	if (cmd->fn(&s, &argv[i]))
		goto out;
	rc = 0;
out:
	if (s.res.status != NU_OK)
		fprintf(stderr, "nu_smoke: %s [%s, raw %u]\n", s.res.msg,
			nu_status_name(s.res.status), (unsigned)s.res.raw);
	if (s.c) {
		nu_get_stats(s.c, &st);
		fprintf(stderr, "calls=%lu reads=%lu writes=%lu round_trips=%lu ms=%.2f\n",
			st.calls, st.reads, st.writes, st.round_trips, st.ms);
	}
	nu_disconnect(s.c);
	return rc;
}
