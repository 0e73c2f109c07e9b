/* cmd_export.c: `accord export [--as yaml|gpp] [-o FILE]`: the server's
 * accounts as a desired-state file that, planned against the same server,
 * changes nothing. No secrets: passwords are not readable and not written. */
#include "verbs.h"

#include "apply_pipeline.h"
#include "live_read.h"
#include "formats.h"
#include "live.h"
#include "model.h"
#include "setup.h"
#include "strbuf.h"
#include "xalloc.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static enum m_bool flag(uint32_t flags, uint32_t bit)
{
	return flags & bit ? M_TRUE : M_FALSE;
}

/* Expiry as the file states it: a date means 23:59 local time that day
 * (MS-GPPREF), and the diff compares by local calendar day. */
static void set_expiry(struct m_expiry *e, int64_t at)
{
	time_t t = (time_t)at;
	struct tm tm;

	if (at == NU_EXPIRES_NEVER || !localtime_r(&t, &tm)) {
		e->kind = EXP_NEVER;
		return;
	}
	e->kind = EXP_DATE;
	e->year = tm.tm_year + 1900;
	e->month = tm.tm_mon + 1;
	e->day = tm.tm_mday;
}

static void export_user(struct model *m, const struct live *l, const struct nu_user *u)
{
	struct m_user *mu = model_add_user(m);

	mu->name = xstrdup(u->name);
	mu->action = M_UPDATE;
	mu->full_name = xstrdup(u->full_name);
	mu->description = xstrdup(u->comment);
	mu->usr_comment = xstrdup(u->usr_comment);
	mu->must_change_password = u->password_expired ? M_TRUE : M_FALSE;
	mu->cannot_change_password = flag(u->flags, UF_PASSWD_CANT_CHANGE);
	mu->password_never_expires = flag(u->flags, UF_DONT_EXPIRE_PASSWD);
	mu->disabled = flag(u->flags, UF_ACCOUNTDISABLE);
	set_expiry(&mu->expires, u->acct_expires);
	mu->home_dir = xstrdup(u->home_dir);
	mu->logon_script = xstrdup(u->script_path);
	mu->profile = xstrdup(u->profile);
	for (size_t g = 0; u->sid && g < l->n_groups; g++)
		for (size_t k = 0; k < l->groups[g].n_members; k++)
			if (l->groups[g].members[k].sid && !strcmp(l->groups[g].members[k].sid, u->sid))
				m_user_add_group(mu, l->groups[g].name);
}

static int write_out(const char *path, const struct strbuf *sb)
{
	FILE *f = path ? fopen(path, "w") : stdout;

	if (!f)
		return cli_errorf("export: cannot write '%s': %s", path, strerror(errno));
	fwrite(sb->buf, 1, sb->len, f);
	if (path && fclose(f) != 0)
		return cli_errorf("export: cannot write '%s': %s", path, strerror(errno));
	return 0;
}

int cmd_export(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "as", required_argument, NULL, 'a' },
		{ "output", required_argument, NULL, 'o' },
		{ NULL, 0, NULL, 0 },
	};
	enum format fmt = FORMAT_YAML;
	struct strbuf sb = STRBUF_INIT;
	struct acc_error err = { 0 };
	struct live *l = NULL;
	struct model *m = NULL;
	const char *out = NULL;
	int c, rc = 1;

	opterr = 0;
	while ((c = getopt_long(argc, argv, "o:", opts, NULL)) != -1) {
		if (c == 'o') {
			out = optarg;
		} else if (c == 'a' && formats_parse_name(optarg, &fmt) == 0 && fmt != FORMAT_AUTO) {
			continue;
		} else {
			return cli_errorf("export: bad option '%s'; see 'accord export --help'",
					  argv[optind - 1]);
		}
	}
	if (optind < argc)
		return cli_errorf("export: unexpected argument '%s'", argv[optind]);
	rc = cli_connect(cli);
	if (rc)
		return rc;
	rc = 1;
	sb_init(&sb);
	if (cli_read_live_all(cli, &l, &err) < 0) {
		rc = cli_error(&err);
		goto out;
	}
	m = model_new();
	m->policy.unmanaged = UNMANAGED_IGNORE;
	for (size_t i = 0; i < l->n_users; i++)
		export_user(m, l, &l->users[i]);
	sb_addf(&sb, "# accord export of %s: %zu accounts; no passwords (they cannot be read)\n",
		l->server ? l->server : "the local machine", l->n_users);
	if (fmt == FORMAT_GPP)
		sb_reset(&sb);  /* XML: nothing before the declaration */
	if (formats_write(m, fmt, &sb, NULL, &err) < 0) {
		rc = cli_error(&err);
		goto out;
	}
	rc = write_out(out, &sb);
out:
	sb_release(&sb);
	model_free(m);
	live_free(l);
	return rc;
}
