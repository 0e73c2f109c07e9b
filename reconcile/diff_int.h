#pragma once
/* diff_int.h: what the parts of the diff share (diff.c: driver, ordering,
 * unmanaged accounts; diff_user.c: one desired user; diff_group.c: local
 * group membership; diff_admin.c: the last-administrator guard). Private
 * to reconcile/. */

#include "compat.h"
#include "diff.h"
#include "name_map.h"

#include <sys/types.h>

/* What the plan does to a live account, as the diff goes. */
struct diff_acct {
	size_t item;         /* model user index + 1 that targets it; 0 = unmanaged */
};

/* A live group with its members indexed by SID and by name. */
struct diff_group {
	const struct live_group *g;
	struct nmap by_sid, by_name;  /* member index */
};

/* Per staged op: what ordering and the guards need. */
struct diff_opinfo {
	ssize_t live;        /* live user index, -1 for none */
	unsigned dep_seq;    /* staged id this op depends on, 0 = none */
};

struct diff_ctx {
	const struct model *m;
	const struct live *l;
	const struct pw_history *hist;
	const struct mc_history *mc;
	const struct desired_secrets *sec;
	struct acc_error *err;
	struct plan *p;              /* staging: ops in generation order */
	struct diff_opinfo *info;    /* parallel to p->ops */
	size_t alloc_info;
	struct diff_acct *acct;      /* parallel to l->users */
	struct nmap users;           /* live user name -> index */
	struct nmap sids;            /* live user SID -> index */
	struct nmap history;         /* account -> hist index */
	struct nmap mc_sids;         /* account SID -> mc index */
	struct nmap created;         /* name of an account the plan creates -> staged op id */
	struct nmap planned;         /* "group\x1fmember" of planned group ops */
	struct nmap protected_names; /* policy.protected_accounts */
	struct diff_group *groups;   /* parallel to l->groups */
};

/* True when the account may not be deleted, disabled, replaced or renamed
 * without override_protection: RID 500/501/503/504 or in policy.protected. */
bool diff_protected(const struct diff_ctx *c, const struct nu_user *lu);

/* A new staged op with the item's position (pos may be NULL: policy). */
struct plan_op *diff_op(struct diff_ctx *c, enum op_kind kind, const char *account,
			const struct src_pos *pos, ssize_t live, unsigned dep_seq);
/* Fails with code, err->where = pos, message from fmt. Returns -1. */
int diff_fail(struct diff_ctx *c, const struct src_pos *pos, int code, const char *fmt, ...)
	ACC_PRINTF(4, 5);
/* Appends "; text" (or text) to op->reason. */
void diff_reason(struct plan_op *op, const char *fmt, ...) ACC_PRINTF(2, 3);
/* "YYYY-MM-DD HH:MM" in local time. */
void diff_fmt_time(int64_t t, char *buf, size_t size);

ssize_t diff_find_user(const struct diff_ctx *c, const char *name);
ssize_t diff_find_sid(const struct diff_ctx *c, const char *sid);
/* A live group by SID (when sid) or name ("BUILTIN\x" matches "x"). */
ssize_t diff_find_group(const struct diff_ctx *c, const char *name, const char *sid);
/* True when sid (or, without one, name) is a member of live group gi. */
bool diff_is_member(const struct diff_ctx *c, size_t gi, const char *sid, const char *name);
/* Plans adding member (sid may be NULL for an account the plan creates)
 * to group gi unless it is there or already planned. */
void diff_group_add(struct diff_ctx *c, size_t gi, const char *sid, const char *name,
		    const struct src_pos *pos, unsigned dep_seq);

int diff_user(struct diff_ctx *c, size_t ui);
int diff_group(struct diff_ctx *c, size_t gi);
/* Refuses a plan that leaves no enabled member of Administrators. */
int diff_check_last_admin(struct diff_ctx *c);
