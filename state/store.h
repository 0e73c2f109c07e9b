#pragma once
/* store.h: accord's state database (one SQLite file).
 *
 * What holds:
 * - The file is created 0600 (its parent directory 0700 when missing) and
 *   opened in WAL mode with synchronous=NORMAL, foreign keys on and a busy
 *   timeout. An existing file that group or others may write is refused
 *   (saved plans could have been altered); one they may only read is
 *   tightened to 0600 and store_warning() says so. A file owned by another
 *   user is refused.
 * - The schema is versioned by PRAGMA user_version and moved forward by the
 *   migrations of schema.c, each in one transaction. A database written by a
 *   newer accord is refused, never downgraded.
 * - No plaintext secret is ever written: no function here takes a password.
 *   Password fingerprints are hex strings computed by the caller with the
 *   per-database salt (store_salt()); the store refuses anything that is not
 *   lowercase hex. Drift items on the field "password" are stored masked.
 * - Ids are short and typable: plans "P-<n>", apply runs "R-<n>", drift
 *   reports "D-<n>", n increasing per database (never reused). Lookups accept
 *   "P-17", "p-17" or "17".
 * - Results of an apply are committed one by one, as each operation ends, so
 *   a crash loses at most the operation in flight.
 * - Times are unix seconds (UTC). A server NULL (the local machine) is
 *   stored, and returned, as "".
 *
 * Who owns what: struct store is owned by the caller of store_open and
 * released by store_close(NULL is a no-op). Every string or array a store_
 * function hands out is owned by the caller and released with the matching
 * _free/_release function named beside its type; inputs are only read.
 * Outputs are untouched on failure, which returns -1 and fills err
 * (ACC_ESTATE with the sqlite rc in sys, ACC_ENOTFOUND, ACC_ELOCKED,
 * ACC_EINVAL or ACC_EIO with errno). A store is not thread-safe; several
 * processes may use one file at once. */

#include "diff.h"
#include "error.h"
#include "netapi.h"
#include "plan.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define STORE_SALT_LEN 32
/* A lock whose heartbeat is older than this, held from another host, is
 * taken over. On this host the holder's pid decides instead. */
#define STORE_LOCK_STALE_SECONDS (10 * 60)

struct store;

/* ---- opening ---------------------------------------------------------- */

/* Opens the state database at path, creating it (and its parent directory)
 * when missing and migrating it to the current schema. */
int store_open(const char *path, struct store **out, struct acc_error *err);
void store_close(struct store *s);

/* The path given to store_open. */
const char *store_path(const struct store *s);
/* A note for the user about what opening had to do (e.g. permissions
 * tightened), or NULL. cmd/ prints it as a warning. */
const char *store_warning(const struct store *s);
/* The schema version this accord writes (the database's after open). */
int store_schema_version(void);
/* The database's 32 random bytes, made at creation with RAND_bytes: the salt
 * of the password fingerprint KDF. Valid until store_close. */
const unsigned char *store_salt(const struct store *s);
/* What the lock and run rows name as the command ("apply P-17"); default
 * "accord". It must not hold a secret. */
void store_set_command(struct store *s, const char *command);

/* ---- plans ------------------------------------------------------------ */

enum store_plan_status {
	STORE_PLAN_PLANNED = 0,  /* saved, not applied */
	STORE_PLAN_APPLYING,     /* a run has started */
	STORE_PLAN_APPLIED,      /* a run finished with every op ok */
	STORE_PLAN_FAILED,       /* a run finished with failures or was interrupted */
	STORE_PLAN_SUPERSEDED,   /* a newer plan for the same server was saved */
};
const char *store_plan_status_name(enum store_plan_status st); /* "planned", ... */

/* What the caller serialised when the plan was made. */
struct store_plan_text {
	const char *model;  /* the desired model, as text */
	const char *text;   /* the plan as printed (text form) */
	const char *json;   /* the plan as printed (JSON form) */
};

/* Saves p in one transaction: the plan, its ops and warnings, the texts and
 * the live snapshot of each affected account (the records the plan was
 * computed from). Sets p->id ("P-<n>") and, when 0, p->created_at. Earlier
 * plans of the same server still "planned" become "superseded". Every
 * op's pw_fingerprint must be NULL or lowercase hex. */
int store_plan_save(struct store *s, struct plan *p, const struct store_plan_text *text,
		    const struct nu_user *snapshots, size_t n_snapshots, struct acc_error *err);

/* A saved plan with everything store_plan_save kept. */
struct store_plan_record {
	struct plan *plan;
	enum store_plan_status status;
	char *model, *text, *json;
	struct nu_user *snapshots;
	size_t n_snapshots;
};
void store_plan_record_free(struct store_plan_record *r);

/* Loads plan id ("P-17", "17"); ACC_ENOTFOUND when there is none. */
int store_plan_load(struct store *s, const char *id, struct store_plan_record **out,
		    struct acc_error *err);
/* The newest plan of server (any status); ACC_ENOTFOUND when none. */
int store_plan_latest(struct store *s, const char *server, char **id_out, struct acc_error *err);
/* Sets the texts of saved plan id (model kept when t->model is NULL): the
 * text names the plan's id, so it is rendered after store_plan_save.
 * Refused (ACC_ENOTFOUND) once the plan is applying or applied: the text
 * is then what the user approved. */
int store_plan_set_text(struct store *s, const char *id, const struct store_plan_text *t,
			struct acc_error *err);
int store_plan_set_status(struct store *s, const char *id, enum store_plan_status st,
			  struct acc_error *err);

struct store_plan_summary {
	char *id, *server, *source_path;
	int64_t created_at;
	enum store_plan_status status;
	unsigned n_ops, add, change, destroy;
	char *last_run;  /* newest run of the plan, or NULL */
};
void store_plan_summaries_free(struct store_plan_summary *v, size_t n);
/* Plans newest first; server NULL = all; limit 0 = no limit. */
int store_plan_list(struct store *s, const char *server, size_t limit,
		    struct store_plan_summary **out, size_t *n, struct acc_error *err);

/* ---- apply runs --------------------------------------------------------- */

enum store_run_status {
	STORE_RUN_RUNNING = 0,
	STORE_RUN_SUCCEEDED,     /* no op failed or was interrupted */
	STORE_RUN_FAILED,        /* at least one op failed */
	STORE_RUN_INTERRUPTED,   /* stopped by a signal, or the process died (found by a
				  * lock takeover) */
};
const char *store_run_status_name(enum store_run_status st);

/* Starts a run of plan_id: records who (unix user, pid, host, command) and
 * now, and marks the plan "applying". Sets *run_id ("R-<n>", caller frees). */
int store_run_begin(struct store *s, const char *plan_id, char **run_id, struct acc_error *err);

/* One operation's outcome. status is "ok"; "skipped" (a dependency
 * failed) or "interrupted" (the run was stopped first), neither done nor
 * failed; anything else (nu_status_name(), "refused") is a failure. */
struct store_result {
	unsigned op_id;         /* plan_op.id */
	const char *status;
	uint32_t raw;           /* raw platform status */
	uint32_t parm_err;
	const char *message;    /* nu_result.msg or why skipped; never a secret */
	double ms;              /* time the op took */
	unsigned calls;         /* platform calls it made */
	int64_t finished_at;    /* 0 = now */
};

/* Records one result in its own transaction: visible to other connections
 * (and kept through a crash of this process) when it returns. */
int store_result_record(struct store *s, const char *run_id, const struct store_result *r,
			struct acc_error *err);

/* Ends a run: counts its results (n_skipped counts "skipped" and
 * "interrupted"), sets its status (interrupted when a result says so, else
 * failed when one is a failure, else succeeded) and the plan's (applied
 * after a succeeded run, else failed). */
int store_run_finish(struct store *s, const char *run_id, enum store_run_status *status_out,
		     struct acc_error *err);

struct store_run_summary {
	char *id, *plan_id, *server, *user, *host, *command;
	long pid;
	int64_t started_at, ended_at;  /* ended_at 0 while running */
	enum store_run_status status;
	unsigned n_ok, n_failed, n_skipped;
};
void store_run_summaries_free(struct store_run_summary *v, size_t n);

/* A stored result; strings owned by the array. */
struct store_result_row {
	unsigned op_id;
	char *status;
	uint32_t raw, parm_err;
	char *message;
	double ms;
	unsigned calls;
	int64_t finished_at;
};
void store_result_rows_free(struct store_result_row *v, size_t n);

/* Runs newest first; server NULL = all; limit 0 = no limit. */
int store_run_list(struct store *s, const char *server, size_t limit,
		   struct store_run_summary **out, size_t *n, struct acc_error *err);
/* One run with its results in the order they were recorded. Counts of a
 * running run are counted live. */
int store_run_load(struct store *s, const char *run_id, struct store_run_summary **run,
		   struct store_result_row **results, size_t *n, struct acc_error *err);

/* The newest successful op of a run on server that set field (an
 * enum nu_field bit) of account: its after values and when. Returns 1 and
 * fills the outputs when found, 0 when accord never applied that field. For
 * drift: live != desired and desired == last applied means changed
 * outside accord. */
int store_last_applied(struct store *s, const char *server, const char *account,
		       unsigned field, struct nu_user *after, int64_t *at, struct acc_error *err);

/* ---- the per-server apply lock ---------------------------------------- */

struct store_lock_holder {
	char user[64];
	long pid;
	char host[256];
	char command[128];
	int64_t since, heartbeat;
};

/* Takes the apply lock of server in one IMMEDIATE transaction. Returns 0
 * when taken; 1 when taken over from a dead holder (holder describes it:
 * its pid is gone from this host, or, from another host, its heartbeat is
 * older than STORE_LOCK_STALE_SECONDS), whose running runs become
 * "interrupted". Refuses at once with ACC_ELOCKED and holder filled when a
 * live process holds it (this one included). holder may be NULL. */
int store_lock_acquire(struct store *s, const char *server, struct store_lock_holder *holder,
		       struct acc_error *err);
/* Refreshes the heartbeat; ACC_ELOCKED when the lock is no longer ours. */
int store_lock_heartbeat(struct store *s, const char *server, struct acc_error *err);
/* Releases the lock if this process holds it; 0 also when it did not. */
int store_lock_release(struct store *s, const char *server, struct acc_error *err);

/* ---- drift reports ---------------------------------------------------- */

enum store_drift_status { STORE_DRIFT_IN_SYNC = 0, STORE_DRIFT_DRIFT, STORE_DRIFT_ERROR };
const char *store_drift_status_name(enum store_drift_status st);

enum store_drift_origin {
	STORE_ORIGIN_OUTSIDE = 0,    /* accord applied it; changed since */
	STORE_ORIGIN_NEVER_APPLIED,  /* accord never applied the desired value */
};
const char *store_drift_origin_name(enum store_drift_origin o);

struct store_drift_item {
	char *account;
	char *field;      /* "full_name", "flags", "groups", "password", ... */
	char *expected;   /* display form; "password" is stored as "(sensitive)" */
	char *actual;
	enum store_drift_origin origin;
};

struct store_drift_report {
	char *id;              /* set by store_drift_save */
	int64_t at;            /* 0 = now, on save */
	char *server, *source_path;
	enum store_drift_status status;
	char *error;           /* STORE_DRIFT_ERROR: what failed */
	/* Counted on save: drift rows, distinct accounts, rows by origin. */
	unsigned n_fields, n_accounts, n_outside, n_never_applied;
	struct store_drift_item *items;
	size_t n_items, alloc_items;
};
/* A new report (strings copied) with no items; set error for
 * STORE_DRIFT_ERROR with xstrdup. */
struct store_drift_report *store_drift_report_new(const char *server, const char *source_path,
						 enum store_drift_status status);
void store_drift_report_free(struct store_drift_report *r);
/* Appends an item (strings copied); valid until the next append. */
struct store_drift_item *store_drift_add(struct store_drift_report *r, const char *account,
					 const char *field, const char *expected,
					 const char *actual, enum store_drift_origin origin);

/* Saves r with its items in one transaction; sets r->id, r->at when 0
 * and the counts. */
int store_drift_save(struct store *s, struct store_drift_report *r, struct acc_error *err);
int store_drift_load(struct store *s, const char *id, struct store_drift_report **out,
		     struct acc_error *err);
/* Reports newest first with their counts but no items; server NULL = all,
 * since 0 = from the beginning, limit 0 = no limit. */
int store_drift_list(struct store *s, const char *server, int64_t since, size_t limit,
		     struct store_drift_report **out, size_t *n, struct acc_error *err);
void store_drift_reports_free(struct store_drift_report *v, size_t n);

/* Parses a --since argument: "YYYY-MM-DD" (local midnight),
 * "YYYY-MM-DDTHH:MM[:SS]" (local time) or an age "30m", "12h", "7d", "2w" before
 * now. */
int store_parse_since(const char *arg, int64_t now, int64_t *out, struct acc_error *err);

/* ---- password fingerprints --------------------------------------------- */

struct store_pw {
	char *fingerprint;      /* lowercase hex */
	uint32_t password_age;  /* as read right after the apply set it */
	int64_t applied_at;
	uint32_t rid;           /* the account's RID then; 0 = not recorded */
};
void store_pw_release(struct store_pw *pw);

/* Remembers the fingerprint of the password accord set on (server,
 * account), replacing the previous one. fingerprint must be lowercase hex
 * of 16 to 128 digits (a KDF output over store_salt()); anything else is
 * refused with ACC_EINVAL, so a plaintext cannot be stored by mistake. */
int store_pw_set(struct store *s, const char *server, const char *account,
		 const char *fingerprint, uint32_t password_age, int64_t applied_at,
		 struct acc_error *err);
/* The same, recording the account's RID (from the read-back after the set),
 * so a later account of the same name but another RID is told apart. */
int store_pw_set_rid(struct store *s, const char *server, const char *account, uint32_t rid,
		     const char *fingerprint, uint32_t password_age, int64_t applied_at,
		     struct acc_error *err);
/* Returns 1 and fills out when known, 0 when not. Accounts compare
 * case-insensitively (ASCII). */
int store_pw_get(struct store *s, const char *server, const char *account,
		 struct store_pw *out, struct acc_error *err);
/* Appends every fingerprint recorded for server to out (diff.h's password
 * history, what diff_run takes), in one query. out is untouched on
 * failure. */
int store_pw_history(struct store *s, const char *server, struct pw_history *out,
		     struct acc_error *err);

/* ---- must-change records ----------------------------------------------- */

/* Records that accord applied "must change the password at next logon" to
 * the account with SID sid on server (account: its name then, for
 * messages), as case how (OP_MC_FIRST_MANAGED or OP_MC_WITH_PASSWORD),
 * replacing an earlier record of that SID. applied_at 0 = now. Anything
 * but an "S-1-" SID, an empty account or another case is refused with
 * ACC_EINVAL. */
int store_mc_set(struct store *s, const char *server, const char *sid, const char *account,
		 enum op_must_change how, int64_t applied_at, struct acc_error *err);
/* Appends every must-change record of server to out (diff.h's mc_history,
 * what diff_run takes), in one query. out is untouched on failure. */
int store_mc_history(struct store *s, const char *server, struct mc_history *out,
		     struct acc_error *err);
