/* nu_user.c: platform-independent parts of the NetUser layer: record
 * lifetimes and status names. */
#include "netapi.h"

#include "xalloc.h"

#include <stdlib.h>
#include <string.h>

char *nu_sid_append_rid(const char *domain_sid, uint32_t rid)
{
	return xasprintf("%s-%u", domain_sid, rid);
}

void nu_user_release(struct nu_user *u)
{
	if (!u)
		return;
	free(u->name);
	free(u->sid);
	free(u->full_name);
	free(u->comment);
	free(u->usr_comment);
	free(u->home_dir);
	free(u->script_path);
	free(u->profile);
	memset(u, 0, sizeof(*u));
}

void nu_users_free(struct nu_user *v, size_t n)
{
	for (size_t i = 0; v && i < n; i++)
		nu_user_release(&v[i]);
	free(v);
}

void nu_user_copy(struct nu_user *dst, const struct nu_user *src)
{
	*dst = *src;
	dst->name = xstrdup(src->name);
	dst->sid = xstrdup(src->sid);
	dst->full_name = xstrdup(src->full_name);
	dst->comment = xstrdup(src->comment);
	dst->usr_comment = xstrdup(src->usr_comment);
	dst->home_dir = xstrdup(src->home_dir);
	dst->script_path = xstrdup(src->script_path);
	dst->profile = xstrdup(src->profile);
}

void nu_lgroups_free(struct nu_lgroup *v, size_t n)
{
	for (size_t i = 0; v && i < n; i++) {
		free(v[i].name);
		free(v[i].sid);
		free(v[i].comment);
	}
	free(v);
}

void nu_members_free(struct nu_member *v, size_t n)
{
	for (size_t i = 0; v && i < n; i++) {
		free(v[i].sid);
		free(v[i].name);
	}
	free(v);
}

void nu_strv_free(char **v, size_t n)
{
	for (size_t i = 0; v && i < n; i++)
		free(v[i]);
	free(v);
}

const char *nu_status_name(enum nu_status st)
{
	static const char *const names[] = {
		[NU_OK] = "ok", [NU_NOT_FOUND] = "not_found", [NU_EXISTS] = "exists",
		[NU_PASSWORD_POLICY] = "password_policy", [NU_ACCESS_DENIED] = "access_denied",
		[NU_LAST_ADMIN] = "last_admin", [NU_UNREACHABLE] = "unreachable",
		[NU_GROUP_NOT_FOUND] = "group_not_found", [NU_ALREADY_MEMBER] = "already_member",
		[NU_NOT_MEMBER] = "not_member", [NU_NOT_SUPPORTED] = "not_supported",
		[NU_INVALID_PARAM] = "invalid_param", [NU_OTHER] = "other",
	};

	return (unsigned)st < sizeof(names) / sizeof(names[0]) ? names[st] : "other";
}
