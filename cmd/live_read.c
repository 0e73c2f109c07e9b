/* live_read.c: live snapshot from the server, for plan, apply and drift. */
#include "live_read.h"

#include "live.h"
#include "model.h"
#include "names.h"
#include "netapi.h"
#include "xalloc.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

unsigned cli_fields_beyond_bulk(const struct m_user *u)
{
	unsigned f = 0;

	if (u->usr_comment)
		f |= NU_F_USR_COMMENT;
	if (u->expires.kind != EXP_UNSET)
		f |= NU_F_ACCT_EXPIRES;
	if (u->must_change_password != M_UNSET)
		f |= NU_F_PASSWORD_EXPIRED;
	/* the bulk read carries the flags, but not every bit of them
	 * (NU_ENUM_UNSEEN_FLAGS): cannot-change needs the whole record */
	if (u->cannot_change_password != M_UNSET)
		f |= NU_F_FLAGS;
	if (u->home_dir)
		f |= NU_F_HOME_DIR;
	if (u->logon_script)
		f |= NU_F_SCRIPT_PATH;
	if (u->profile)
		f |= NU_F_PROFILE;
	/* the password rules read the live password age and must-change flag */
	if (u->password.kind != PW_NONE)
		f |= NU_F_PASSWORD | NU_F_PASSWORD_EXPIRED;
	return f;
}

static int fail_nu(struct acc_error *err, const struct nu_result *res, const char *what)
{
	return acc_fail(err, ACC_ENETAPI, (long)res->raw, "%s: %s", what, res->msg);
}

/* The desired user a live account answers to: by name, by new name (a
 * rename already done), or by built-in RID. */
static const struct m_user *desired_for(const struct model *m, const struct nu_user *lu)
{
	for (size_t i = 0; i < m->n_users; i++) {
		const struct m_user *u = &m->users[i];

		if ((u->builtin == BUILTIN_ADMIN && lu->rid == 500) ||
		    (u->builtin == BUILTIN_GUEST && lu->rid == 501))
			return u;
		if (acc_name_eq(u->name, lu->name) ||
		    (u->new_name && acc_name_eq(u->new_name, lu->name)))
			return u;
	}
	return NULL;
}

static int read_full_records(struct cli *cli, const struct model *m, struct live *l,
			     struct acc_error *err)
{
	for (size_t i = 0; i < l->n_users; i++) {
		struct nu_user *lu = &l->users[i];
		const struct m_user *u = desired_for(m, lu);
		struct nu_user full = { 0 };
		struct nu_result res = { 0 };

		if (!u || !cli_fields_beyond_bulk(u))
			continue;
		if (nu_user_get(cli->conn, lu->name, &full, &res) < 0) {
			if (res.status == NU_NOT_FOUND)  /* deleted since the listing */
				continue;
			return fail_nu(err, &res, lu->name);
		}
		nu_user_release(lu);
		*lu = full;
	}
	return 0;
}

static bool model_names_group(const struct model *m, const struct nu_lgroup *g)
{
	if (!strcmp(g->sid ? g->sid : "", LIVE_SID_ADMINISTRATORS))
		return true;
	for (size_t i = 0; i < m->n_groups; i++) {
		const struct m_group *mg = &m->groups[i];

		if (mg->sid ? (g->sid && !strcmp(mg->sid, g->sid))
			    : acc_name_eq(mg->name, g->name))
			return true;
	}
	for (size_t i = 0; i < m->n_users; i++)
		for (size_t j = 0; j < m->users[i].n_groups; j++)
			if (acc_name_eq(m->users[i].groups[j], g->name))
				return true;
	return false;
}

static int read_groups(struct cli *cli, const struct model *m, struct live *l,
		       struct acc_error *err)
{
	struct nu_lgroup *groups = NULL;
	struct nu_result res = { 0 };
	size_t n = 0;
	int rc = -1;

	if (nu_lgroup_enum(cli->conn, &groups, &n, &res) < 0) {
		/* a server without local groups (or without the right to list
		 * them) still has accounts to manage, unless the model asks */
		if (m->n_groups == 0) {
			rc = 0;
			goto out;
		}
		fail_nu(err, &res, "listing local groups");
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		struct nu_member *mem = NULL;
		struct live_group *lg;
		size_t nm = 0;

		if (!model_names_group(m, &groups[i]))
			continue;
		lg = live_add_group(l, groups[i].name, groups[i].sid, groups[i].comment);
		if (nu_lgroup_members(cli->conn, groups[i].name, &mem, &nm, &res) < 0) {
			/* listed but not usable (a BUILTIN group a standalone
			 * server has not mapped): it has no members to judge */
			if (res.status == NU_GROUP_NOT_FOUND || res.status == NU_NOT_FOUND)
				continue;
			fail_nu(err, &res, groups[i].name);
			goto out;
		}
		for (size_t j = 0; j < nm; j++)
			live_group_add_member(lg, mem[j].sid, mem[j].name);
		nu_members_free(mem, nm);
	}
	rc = 0;
out:
	nu_lgroups_free(groups, n);
	return rc;
}

static bool model_states_password(const struct model *m)
{
	for (size_t i = 0; i < m->n_users; i++)
		if (m->users[i].password.kind != PW_NONE)
			return true;
	return false;
}

int cli_read_live(struct cli *cli, const struct model *m, struct live **out,
		  struct acc_error *err)
{
	struct live *l = live_new();
	struct nu_user *users = NULL;
	struct nu_result res = { 0 };
	size_t n = 0;

	l->taken_at = (int64_t)time(NULL);
	l->server = xstrdup(nu_server(cli->conn));
	l->domain_sid = xstrdup(nu_domain_sid(cli->conn));
	if (cli->user)
		l->connected_as = cli->domain ? xasprintf("%s\\%s", cli->domain, cli->user)
					      : xstrdup(cli->user);
	if (nu_user_enum(cli->conn, &users, &n, &res) < 0) {
		fail_nu(err, &res, "listing accounts");
		goto fail;
	}
	for (size_t i = 0; i < n; i++)
		*live_add_user(l) = users[i];  /* the snapshot takes the strings */
	free(users);
	if (read_full_records(cli, m, l, err) < 0 || read_groups(cli, m, l, err) < 0)
		goto fail;
	if (model_states_password(m)) {
		if (nu_modals_get(cli->conn, &l->modals, &res) < 0) {
			fail_nu(err, &res, "reading the password policy");
			goto fail;
		}
		l->has_modals = true;
	}
	*out = l;
	return 0;
fail:
	live_free(l);
	return -1;
}
