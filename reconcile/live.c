/* live.c: the live snapshot's lifetime and small lookups. */
#include "live.h"

#include "names.h"
#include "xalloc.h"

#include <stdlib.h>
#include <string.h>

struct live *live_new(void)
{
	return xcalloc(1, sizeof(struct live));
}

static void group_release(struct live_group *g)
{
	free(g->name);
	free(g->sid);
	free(g->comment);
	for (size_t i = 0; i < g->n_members; i++) {
		free(g->members[i].sid);
		free(g->members[i].name);
	}
	free(g->members);
}

void live_free(struct live *l)
{
	if (!l)
		return;
	for (size_t i = 0; i < l->n_users; i++)
		nu_user_release(&l->users[i]);
	free(l->users);
	for (size_t i = 0; i < l->n_groups; i++)
		group_release(&l->groups[i]);
	free(l->groups);
	free(l->server);
	free(l->domain_sid);
	free(l->connected_as);
	free(l);
}

struct nu_user *live_add_user(struct live *l)
{
	XGROW(l->users, l->alloc_users, l->n_users + 1);
	memset(&l->users[l->n_users], 0, sizeof(l->users[0]));
	return &l->users[l->n_users++];
}

struct live_group *live_add_group(struct live *l, const char *name, const char *sid,
				  const char *comment)
{
	struct live_group *g;

	XGROW(l->groups, l->alloc_groups, l->n_groups + 1);
	g = &l->groups[l->n_groups++];
	memset(g, 0, sizeof(*g));
	g->name = xstrdup(name);
	g->sid = xstrdup(sid);
	g->comment = xstrdup(comment);
	return g;
}

void live_group_add_member(struct live_group *g, const char *sid, const char *name)
{
	XGROW(g->members, g->alloc_members, g->n_members + 1);
	g->members[g->n_members].sid = xstrdup(sid);
	g->members[g->n_members].name = xstrdup(name);
	g->n_members++;
}

const struct nu_user *live_find_user(const struct live *l, const char *name)
{
	for (size_t i = 0; i < l->n_users; i++)
		if (acc_name_eq(l->users[i].name, name))
			return &l->users[i];
	return NULL;
}

const struct live_group *live_find_group(const struct live *l, const char *name)
{
	for (size_t i = 0; i < l->n_groups; i++)
		if (acc_name_eq(l->groups[i].name, name))
			return &l->groups[i];
	return NULL;
}

/* "DOM\name" -> "name", "name@realm" -> "name" (copied into buf). */
static const char *bare_name(const char *s, char *buf, size_t size)
{
	const char *slash = strrchr(s, '\\');
	const char *at;
	size_t n;

	if (slash)
		s = slash + 1;
	at = strchr(s, '@');
	n = at ? (size_t)(at - s) : strlen(s);
	if (n >= size)
		n = size - 1;
	memcpy(buf, s, n);
	buf[n] = '\0';
	return buf;
}

bool live_is_connected_as(const struct live *l, const char *name)
{
	char a[256], b[256];

	if (!l->connected_as || !*l->connected_as || !name)
		return false;
	return acc_name_eq(bare_name(l->connected_as, a, sizeof(a)), bare_name(name, b, sizeof(b)));
}
