#pragma once
/* plan.h: an ordered list of account operations.
 *
 * Operations are data: printing (text, JSON), SQLite rows and apply all read
 * the same struct. A plan owns every string it holds; plan_free(NULL) is a
 * no-op. Ops are kept in apply order: renames, creates (and replaces), updates,
 * group membership, then disables and deletes; REPORT/NOTE/SKIP ops change
 * nothing. */

#include "compat.h"
#include "model.h"
#include "model_conflict.h"
#include "netapi.h"

#include <stdint.h>

enum op_kind {
	OP_RENAME = 0,   /* account -> new_name (level 0) */
	OP_CREATE,       /* new account with the after fields */
	OP_REPLACE,      /* delete and recreate: the SID changes */
	OP_UPDATE,       /* set the fields in mask (may include NU_F_PASSWORD) */
	OP_GROUP_ADD,    /* add member_sid to group */
	OP_GROUP_REMOVE, /* remove member_sid from group */
	OP_DISABLE,      /* unmanaged account, policy disable */
	OP_DELETE,
	OP_REPORT,       /* unmanaged account, policy report: no change */
	OP_NOTE,         /* an explanation (e.g. must-change-at-logon not fought) */
	OP_SKIP,         /* an item not for this host (target.h): reason says which
			  * filter excluded it; group is set for a group item */
};

/* "Must change the password at next logon" is applied once per account
 * (by SID): which case an op or note is. Set on a create, replace or
 * update that sets must-change (mask has NU_F_PASSWORD_EXPIRED, after
 * true): apply records those in the state when the op succeeds. Set on a
 * note that says why must-change is not applied. */
enum op_must_change {
	OP_MC_NONE = 0,
	OP_MC_FIRST_MANAGED,  /* first time accord manages this account */
	OP_MC_WITH_PASSWORD,  /* with the password accord sets */
	OP_MC_ALREADY,        /* note: applied on must_change_at; not again */
	OP_MC_CANNOT_CHANGE,  /* note: the account keeps "cannot change password" */
	OP_MC_NEVER_EXPIRES,  /* note: the account keeps "password never expires" */
};

struct plan_op {
	unsigned id;            /* 1-based position in the plan */
	enum op_kind kind;
	char *account;          /* live (or to-be-created) account name */
	char *new_name;         /* OP_RENAME */
	char *group;            /* OP_GROUP_* */
	char *member_sid;       /* OP_GROUP_* */
	char *member_name;      /* OP_GROUP_*, for display */
	unsigned mask;          /* enum nu_field bits that change */
	struct nu_user before;  /* live values of mask fields (empty for create) */
	struct nu_user after;   /* desired values of mask fields */
	uint32_t rid;           /* live RID before the op (0 when new) */
	/* Password to set (mask has NU_F_PASSWORD): where apply reads it and the
	 * fingerprint it must still have. For PW_CPASSWORD and PW_LITERAL the ref
	 * is NULL: the secret is read again from the source file. */
	enum m_pw_kind pw_kind;
	char *pw_ref;
	char *pw_fingerprint;   /* hex; never the secret */
	unsigned depends_on;    /* id of an op that must succeed first, 0 = none */
	char *reason;           /* why, for the reader: "replace recreates the account (new SID)" */
	enum op_must_change must_change;
	int64_t must_change_at; /* OP_MC_ALREADY: when accord applied it (unix seconds) */
	char *src_file;         /* what asked for it */
	unsigned src_line, src_col;
};

struct plan {
	char *id;               /* assigned by the state store; NULL until saved */
	char *server;
	char **sources;         /* the desired-state files, in merge order (later wins) */
	size_t n_sources;
	char source_sha256[65];
	int64_t created_at;     /* unix seconds */
	struct plan_op *ops;
	size_t n_ops, alloc_ops;
	char **warnings;
	size_t n_warnings;
	struct m_conflicts conflicts;  /* fields the files state differently (model_merge) */
};

struct plan *plan_new(void);
void plan_free(struct plan *p);
/* Appends a zeroed op with id set; valid until the next append. */
struct plan_op *plan_add_op(struct plan *p, enum op_kind kind, const char *account);
void plan_add_warning(struct plan *p, const char *fmt, ...) ACC_PRINTF(2, 3);
/* Appends a copy of path to p->sources. */
void plan_add_source(struct plan *p, const char *path);

/* Counts for "Plan: N to add, N to change, N to destroy." */
void plan_counts(const struct plan *p, unsigned *add, unsigned *change, unsigned *destroy);
/* True when applying the plan would change nothing. */
bool plan_is_empty(const struct plan *p);

const char *op_kind_name(enum op_kind k);  /* "rename", "create", ... */
/* "" for OP_MC_NONE, else "first_managed", "with_password", "already_applied",
 * "cannot_change", "never_expires" (JSON and the state store). */
const char *op_must_change_name(enum op_must_change c);
/* The case named name (as op_must_change_name gives it); false when unknown. */
bool op_must_change_parse(const char *name, enum op_must_change *out);
/* Phase of an op kind in apply order (see the top of this file): 0 renames,
 * 1 creates and replaces, 2 updates, 3 group membership, 4 disables and
 * deletes, 5 reports and notes. */
unsigned plan_op_phase(enum op_kind k);
