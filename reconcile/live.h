#pragma once
/* live.h: a snapshot of a server's accounts, as the diff reads it.
 *
 * What holds: the snapshot is what the server said at taken_at, nothing
 * else; the diff never asks the server anything. Users are nu_user records
 * as nu_user_get fills them (every field, password_age included); local
 * groups carry their members by SID (and name where it resolved). cmd/
 * builds it from netapi; golden tests load it from JSON (live_from_json).
 *
 * A live snapshot owns every string it holds; live_free(NULL) is a no-op.
 * Pointers returned by the _add functions are valid until the next add. */

#include "netapi.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct acc_error;
struct strbuf;

/* The well-known SID of BUILTIN\Administrators. */
#define LIVE_SID_ADMINISTRATORS "S-1-5-32-544"
/* usri_priv of a member of Administrators (lmaccess.h USER_PRIV_ADMIN). */
#define LIVE_PRIV_ADMIN 2u

struct live_member {
	char *sid;    /* "S-1-..."; may be NULL only when the server gave a name alone */
	char *name;   /* "DOMAIN\name" or "name" where it resolved, else NULL */
};

struct live_group {
	char *name;
	char *sid;
	char *comment;
	struct live_member *members;
	size_t n_members, alloc_members;
};

struct live {
	char *server;           /* as connected to; NULL = local machine */
	char *domain_sid;       /* SID of the domain/machine the users live in */
	char *connected_as;     /* account accord is connected as ("DOM\name" or "name") */
	int64_t taken_at;       /* unix seconds when the snapshot was read */
	struct nu_user *users;
	size_t n_users, alloc_users;
	struct live_group *groups;
	size_t n_groups, alloc_groups;
	bool has_modals;        /* modals were read */
	struct nu_modals modals;
};

struct live *live_new(void);
void live_free(struct live *l);

/* Appends a zeroed user (caller fills it; strings become the snapshot's). */
struct nu_user *live_add_user(struct live *l);
/* Appends a group with copies of name, sid (may be NULL) and comment. */
struct live_group *live_add_group(struct live *l, const char *name, const char *sid,
				  const char *comment);
/* Appends a member with copies of sid and name (either may be NULL). */
void live_group_add_member(struct live_group *g, const char *sid, const char *name);

/* Linear lookups, for callers with a handful of queries (the diff builds
 * its own hash indexes). Names compare case-insensitively. */
const struct nu_user *live_find_user(const struct live *l, const char *name);
const struct live_group *live_find_group(const struct live *l, const char *name);

/* True when name (an account name, "DOMAIN\name" or "name@realm") is the
 * account accord is connected as. */
bool live_is_connected_as(const struct live *l, const char *name);

/* Loads a snapshot from JSON (the schema of docs/plan-json.md, "live
 * snapshot"). name is used in messages. Returns 0, or -1 with err
 * (ACC_EPARSE, with the position) and *out untouched. */
int live_from_json(const char *text, size_t len, const char *name, struct live **out,
		   struct acc_error *err);
/* Appends l as JSON in the schema live_from_json reads. */
void live_to_json(const struct live *l, struct strbuf *out);
