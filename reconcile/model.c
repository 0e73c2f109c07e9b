#include "model.h"

#include "names.h"
#include "target.h"
#include "xalloc.h"

#include <stdlib.h>
#include <string.h>

struct model *model_new(void)
{
	return xcalloc(1, sizeof(struct model));
}

static void strv_free(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

static void user_release(struct m_user *u)
{
	free(u->name);
	free(u->new_name);
	free(u->full_name);
	free(u->description);
	free(u->usr_comment);
	free(u->password.ref);
	free(u->home_dir);
	free(u->logon_script);
	free(u->profile);
	strv_free(u->groups, u->n_groups);
	tf_free(u->target);
}

static void group_release(struct m_group *g)
{
	free(g->name);
	free(g->sid);
	free(g->new_name);
	free(g->description);
	for (size_t i = 0; i < g->n_members; i++) {
		free(g->members[i].name);
		free(g->members[i].sid);
	}
	free(g->members);
	tf_free(g->target);
}

void model_free(struct model *m)
{
	if (!m)
		return;
	for (size_t i = 0; i < m->n_users; i++)
		user_release(&m->users[i]);
	free(m->users);
	for (size_t i = 0; i < m->n_groups; i++)
		group_release(&m->groups[i]);
	free(m->groups);
	strv_free(m->policy.protected_accounts, m->policy.n_protected);
	strv_free(m->files, m->n_files);
	for (size_t i = 0; i < m->n_skipped; i++) {
		free(m->skipped[i].name);
		free(m->skipped[i].why);
	}
	free(m->skipped);
	free(m);
}

const char *model_intern(struct model *m, const char *file)
{
	if (!file)
		return NULL;
	for (size_t i = 0; i < m->n_files; i++)
		if (!strcmp(m->files[i], file))
			return m->files[i];
	XGROW(m->files, m->alloc_files, m->n_files + 1);
	m->files[m->n_files] = xstrdup(file);
	return m->files[m->n_files++];
}

struct m_user *model_add_user(struct model *m)
{
	XGROW(m->users, m->alloc_users, m->n_users + 1);
	memset(&m->users[m->n_users], 0, sizeof(struct m_user));
	return &m->users[m->n_users++];
}

struct m_group *model_add_group(struct model *m)
{
	XGROW(m->groups, m->alloc_groups, m->n_groups + 1);
	memset(&m->groups[m->n_groups], 0, sizeof(struct m_group));
	return &m->groups[m->n_groups++];
}

struct m_member *m_group_add_member(struct m_group *g)
{
	g->members = xrealloc(g->members, (g->n_members + 1) * sizeof(*g->members));
	memset(&g->members[g->n_members], 0, sizeof(*g->members));
	return &g->members[g->n_members++];
}

static void strv_push(char ***v, size_t *n, const char *s)
{
	*v = xrealloc(*v, (*n + 1) * sizeof(**v));
	(*v)[(*n)++] = xstrdup(s);
}

void m_user_add_group(struct m_user *u, const char *group)
{
	strv_push(&u->groups, &u->n_groups, group);
}

void m_policy_add_protected(struct m_policy *p, const char *name)
{
	strv_push(&p->protected_accounts, &p->n_protected, name);
}

struct m_user *model_find_user(const struct model *m, const char *name)
{
	for (size_t i = 0; i < m->n_users; i++)
		if (acc_name_eq(m->users[i].name, name))
			return &m->users[i];
	return NULL;
}

struct m_group *model_find_group(const struct model *m, const char *name)
{
	for (size_t i = 0; i < m->n_groups; i++)
		if (m->groups[i].name && acc_name_eq(m->groups[i].name, name))
			return &m->groups[i];
	return NULL;
}

const char *m_action_name(enum m_action a)
{
	switch (a) {
	case M_CREATE: return "create";
	case M_REPLACE: return "replace";
	case M_DELETE: return "delete";
	case M_UPDATE: break;
	}
	return "update";
}

const char *m_unmanaged_name(enum m_unmanaged u)
{
	switch (u) {
	case UNMANAGED_REPORT: return "report";
	case UNMANAGED_DISABLE: return "disable";
	case UNMANAGED_DELETE: return "delete";
	case UNMANAGED_IGNORE: break;
	}
	return "ignore";
}

void model_remove_user(struct model *m, size_t i)
{
	user_release(&m->users[i]);
	memmove(&m->users[i], &m->users[i + 1], (m->n_users - i - 1) * sizeof(*m->users));
	m->n_users--;
}

void model_remove_group(struct model *m, size_t i)
{
	group_release(&m->groups[i]);
	memmove(&m->groups[i], &m->groups[i + 1], (m->n_groups - i - 1) * sizeof(*m->groups));
	m->n_groups--;
}
