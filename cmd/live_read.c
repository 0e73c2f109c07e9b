/* live_read.c: live snapshot from the server, for plan, apply and drift. */
#include "live_read.h"

#include "live.h"
#include "model.h"
#include "name_map.h"
#include "names.h"
#include "plan.h"
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

/* What nu_user_enum carries for every account (netapi.h). */
#define BULK_FIELDS (NU_F_FULL_NAME | NU_F_COMMENT | NU_F_FLAGS)
#define BULK_KNOWN (BULK_FIELDS | NU_F_NAME)

static int fail_nu(struct acc_error *err, const struct nu_result *res, const char *what)
{
	return acc_fail(err, ACC_ENETAPI, (long)res->raw, "%s: %s", what, res->msg);
}

/* Indexes the desired users whose stated fields a bulk read lacks, by name
 * and new name; built-in targets are found by RID. */
struct full_index {
	struct nmap names;
	bool admin, guest;  /* builtin administrator / guest needs a whole record */
};

static void full_index_build(struct full_index *x, const struct model *m)
{
	for (size_t i = 0; i < m->n_users; i++) {
		const struct m_user *u = &m->users[i];

		if (!cli_fields_beyond_bulk(u))
			continue;
		if (u->builtin == BUILTIN_ADMIN)
			x->admin = true;
		else if (u->builtin == BUILTIN_GUEST)
			x->guest = true;
		nmap_put(&x->names, u->name, i);
		if (u->new_name)
			nmap_put(&x->names, u->new_name, i);
	}
}

static bool full_index_wants(const struct full_index *x, const struct nu_user *lu)
{
	size_t i;

	return (x->admin && lu->rid == 500) || (x->guest && lu->rid == 501) ||
	       nmap_get(&x->names, lu->name, &i);
}

/* Replaces l->users[i] with its whole record (by the listed RID: no name
 * look-up). Where that RID no longer holds the account, the name is looked
 * up: Samba's cached listing can still show an account deleted and added
 * again in the last seconds, under its old RID. An account gone by now is
 * left as listed: the diff then plans as the listing said. */
static int read_full(struct cli *cli, struct live *l, size_t i, struct acc_error *err)
{
	struct nu_user full = { 0 };
	struct nu_result res = { 0 };

	if (nu_user_get_rid(cli->conn, l->users[i].name, l->users[i].rid, &full, &res) < 0 &&
	    (res.status != NU_NOT_FOUND ||
	     nu_user_get(cli->conn, l->users[i].name, &full, &res) < 0)) {
		if (res.status == NU_NOT_FOUND)
			return 0;
		return fail_nu(err, &res, l->users[i].name);
	}
	nu_user_release(&l->users[i]);
	l->users[i] = full;
	return 1;
}

static int read_full_records(struct cli *cli, const struct model *m, struct live *l,
			     struct acc_error *err)
{
	struct full_index x = { .names = NMAP_INIT };
	int rc = 0;

	full_index_build(&x, m);
	for (size_t i = 0; rc >= 0 && (x.names.n || x.admin || x.guest) && i < l->n_users; i++)
		if (full_index_wants(&x, &l->users[i]))
			rc = read_full(cli, l, i, err);
	nmap_release(&x.names);
	return rc < 0 ? -1 : 0;
}

/* Whether the plan may take an enabled administrator away (delete, replace,
 * disable, rename): only then does the last-admin rule need the members of
 * Administrators. */
static bool model_may_remove_admin(const struct model *m)
{
	if (m->policy.unmanaged == UNMANAGED_DISABLE || m->policy.unmanaged == UNMANAGED_DELETE)
		return true;
	for (size_t i = 0; i < m->n_users; i++) {
		const struct m_user *u = &m->users[i];

		if (u->action == M_DELETE || u->action == M_REPLACE || u->new_name ||
		    u->disabled == M_TRUE)
			return true;
	}
	return false;
}

static bool model_names_groups(const struct model *m)
{
	if (m->n_groups)
		return true;
	for (size_t i = 0; i < m->n_users; i++)
		if (m->users[i].n_groups)
			return true;
	return false;
}

static bool model_names_group(const struct model *m, const struct nu_lgroup *g, bool admins)
{
	if (admins && !strcmp(g->sid ? g->sid : "", LIVE_SID_ADMINISTRATORS))
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

/* Which groups a read takes: the model's (m), or every group (m NULL). */
struct group_pick {
	const struct model *m;
	bool admins;
};

static bool group_picked(const struct group_pick *k, const struct nu_lgroup *g)
{
	return !k->m || model_names_group(k->m, g, k->admins);
}

/* Members of g by user, where the platform cannot list a group's members
 * (NetLocalGroupGetMembers not supported): each account's own groups. */
static int members_by_user(struct cli *cli, struct live *l, struct live_group *lg,
			   const char *group, struct acc_error *err)
{
	struct nu_result res = { 0 };

	for (size_t u = 0; u < l->n_users; u++) {
		char **names = NULL;
		size_t nn = 0;

		if (nu_user_lgroups(cli->conn, l->users[u].name, &names, &nn, &res) < 0)
			return fail_nu(err, &res, "reading an account's local groups");
		for (size_t k = 0; k < nn; k++)
			if (acc_name_eq(names[k], group))
				live_group_add_member(lg, l->users[u].sid, l->users[u].name);
		nu_strv_free(names, nn);
	}
	return 0;
}

/* The picked local groups with their members. A failed listing is no
 * error when required is false. */
static int read_groups(struct cli *cli, const struct group_pick *k, bool required,
		       struct live *l, struct acc_error *err)
{
	struct nu_lgroup *groups = NULL;
	struct nu_result res = { 0 };
	size_t n = 0;
	int rc = -1;

	if (nu_lgroup_enum(cli->conn, &groups, &n, &res) < 0) {
		/* a server without local groups (or without the right to list
		 * them) still has accounts to manage, unless the model asks */
		rc = required ? fail_nu(err, &res, "listing local groups") : 0;
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		struct nu_member *mem = NULL;
		struct live_group *lg;
		size_t nm = 0;

		if (!group_picked(k, &groups[i]))
			continue;
		if (nu_lgroup_members(cli->conn, groups[i].name, &mem, &nm, &res) < 0) {
			/* listed but not usable (a BUILTIN group a standalone
			 * server has not mapped): it has no members to judge */
			if (res.status == NU_GROUP_NOT_FOUND || res.status == NU_NOT_FOUND)
				continue;
			lg = live_add_group(l, groups[i].name, groups[i].sid, groups[i].comment);
			if (res.status != NU_NOT_SUPPORTED) {
				fail_nu(err, &res, groups[i].name);
				goto out;
			}
			if (members_by_user(cli, l, lg, groups[i].name, err) < 0)
				goto out;
			continue;
		}
		lg = live_add_group(l, groups[i].name, groups[i].sid, groups[i].comment);
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

/* A snapshot of nothing yet: who was asked, when, as whom. */
static struct live *live_begin(struct cli *cli)
{
	struct live *l = live_new();

	l->taken_at = (int64_t)time(NULL);
	l->server = xstrdup(nu_server(cli->conn));
	l->domain_sid = xstrdup(nu_domain_sid(cli->conn));
	if (cli->user)
		l->connected_as = cli->domain ? xasprintf("%s\\%s", cli->domain, cli->user)
					      : xstrdup(cli->user);
	return l;
}

/* Every normal account from the bulk listing, into l. */
static int read_listing(struct cli *cli, struct live *l, struct acc_error *err)
{
	struct nu_user *users = NULL;
	struct nu_result res = { 0 };
	size_t n = 0;

	if (nu_user_enum(cli->conn, &users, &n, &res) < 0)
		return fail_nu(err, &res, "listing accounts");
	for (size_t i = 0; i < n; i++)
		*live_add_user(l) = users[i];  /* the snapshot takes the strings */
	free(users);
	return 0;
}

int cli_read_live(struct cli *cli, const struct model *m, struct live **out,
		  struct acc_error *err)
{
	struct live *l = live_begin(cli);
	struct group_pick k = { m, model_may_remove_admin(m) };
	struct nu_result res = { 0 };

	if (read_listing(cli, l, err) < 0 || read_full_records(cli, m, l, err) < 0)
		goto fail;
	/* nothing to judge: not one call */
	if ((k.admins || model_names_groups(m)) && read_groups(cli, &k, m->n_groups > 0, l, err) < 0)
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

int cli_read_live_all(struct cli *cli, struct live **out, struct acc_error *err)
{
	struct live *l = live_begin(cli);
	struct group_pick all = { NULL, false };
	struct nu_result res = { 0 };
	size_t keep = 0;
	int rc = 0;

	if (read_listing(cli, l, err) < 0)
		goto fail;
	/* an account gone (or renamed) since the listing is not exported:
	 * released (its name NULL) here, dropped below */
	for (size_t i = 0; rc >= 0 && i < l->n_users; i++)
		if ((rc = read_full(cli, l, i, err)) == 0)
			nu_user_release(&l->users[i]);
	if (rc < 0)
		goto fail;
	for (size_t i = 0; i < l->n_users; i++)
		if (l->users[i].name)
			l->users[keep++] = l->users[i];
	l->n_users = keep;
	if (read_groups(cli, &all, true, l, err) < 0)
		goto fail;
	l->has_modals = nu_modals_get(cli->conn, &l->modals, &res) == 0;
	*out = l;
	return 0;
fail:
	live_free(l);
	return -1;
}

/* Accounts the plan would create may have been added since the listing was
 * cached: one batched look-up of all of them (no whole record for each), and
 * a whole record of each that exists after all, by the RID the look-up gave.
 * So may the old name of a rename the plan makes a create of the new name
 * (neither was listed): found, the plan renames it instead. Returns how
 * many it found. */
static int read_missing(struct cli *cli, const struct model *m, struct live *l,
			const struct plan *p, struct acc_error *err)
{
	const char **names = xcalloc(p->n_ops + m->n_users + 1, sizeof(*names));
	struct nmap created = NMAP_INIT;
	uint32_t *rids = NULL;
	struct nu_result res = { 0 };
	size_t n = 0, dummy;
	int found = 0;

	for (size_t k = 0; k < p->n_ops; k++)
		if (p->ops[k].kind == OP_CREATE && p->ops[k].account) {
			nmap_put(&created, p->ops[k].account, k);
			names[n++] = p->ops[k].account;
		}
	for (size_t i = 0; created.n && i < m->n_users; i++)
		if (m->users[i].new_name && m->users[i].name && m->users[i].action == M_UPDATE &&
		    nmap_get(&created, m->users[i].new_name, &dummy))
			names[n++] = m->users[i].name;
	rids = xcalloc(n + 1, sizeof(*rids));
	if (n && nu_user_lookup(cli->conn, names, n, rids, &res) < 0) {
		found = fail_nu(err, &res, "looking up the accounts to create or rename");
		goto out;
	}
	for (size_t i = 0; i < n && found >= 0; i++) {
		struct nu_user u = { 0 };

		if (!rids[i])
			continue;
		if (nu_user_get_rid(cli->conn, names[i], rids[i], &u, &res) < 0) {
			if (res.status != NU_NOT_FOUND)
				found = fail_nu(err, &res, names[i]);
			continue;
		}
		*live_add_user(l) = u;
		found++;
	}
out:
	nmap_release(&created);
	free(names);
	free(rids);
	return found;
}

int cli_live_confirm(struct cli *cli, const struct model *m, struct live *l,
		     const struct plan *p, struct acc_error *err)
{
	struct nmap idx = NMAP_INIT;
	int n = read_missing(cli, m, l, p, err);

	for (size_t k = 0; n >= 0 && k < p->n_ops; k++) {
		const struct plan_op *op = &p->ops[k];
		size_t i;
		int got;

		if ((op->kind != OP_UPDATE && op->kind != OP_DISABLE) ||
		    !(op->mask & BULK_FIELDS) || !op->account)
			continue;
		if (!idx.n)  /* a converged plan never builds it */
			for (size_t j = 0; j < l->n_users; j++)
				nmap_put(&idx, l->users[j].name, j);
		if (!nmap_get(&idx, op->account, &i) || (l->users[i].known & ~BULK_KNOWN))
			continue;
		got = read_full(cli, l, i, err);
		n = got < 0 ? -1 : n + got;
	}
	nmap_release(&idx);
	return n;
}
