#pragma once
/* diff.h: desired model + live snapshot + what accord recorded -> plan.
 *
 * The diff is a pure function: no I/O, no clock, no environment. Everything
 * it decides from is an argument: the model, the live snapshot (which
 * carries the time it was taken, the password policy and the account
 * accord is connected as), the password history and the must-change
 * records accord kept after earlier applies, and the fingerprints and lengths of the desired secrets
 * (computed by the caller, desired_secrets_compute in fingerprint.h,
 * because reading a secret is I/O).
 *
 * What it decides (MS-GPPREF 2.2.1.11.2 for the actions):
 * - create never modifies an existing account; delete of a missing account
 *   and create of an existing one produce no op and no error; replace
 *   deletes and recreates (OP_REPLACE: the SID changes); update changes
 *   only the fields the file states and creates a missing account.
 * - rename (update with new_name): old exists, new does not -> OP_RENAME;
 *   old missing, new exists -> already renamed, the new one is updated;
 *   both exist -> the diff fails naming both; neither -> created as new.
 * - values compare as Windows stores them: names case-insensitively;
 *   expiry by local calendar day (the date means 23:59 local time, as
 *   MS-GPPREF says: the diff uses mktime/localtime, so TZ must be the
 *   server's zone; golden tests run with TZ=UTC); flags only in the bits
 *   the file states.
 * - protections (ACC_EPOLICY failures with the position): RID 500, 501,
 *   503, 504 are never deleted, disabled, replaced or renamed unless the
 *   item says override_protection; the account accord is connected as is
 *   never deleted, disabled or replaced; the plan may not leave the server
 *   without an enabled member of Administrators (NERR_LastAdmin); a
 *   password shorter than the server's minimum is refused at plan time.
 * - passwords: see DIFF_PW_AGE_SLACK and docs/plan-json.md ("passwords").
 * - must_change_password: true is applied once per account (SID): with the
 *   password accord sets, or else the first time accord manages the
 *   account (no record for its SID); once recorded, never again, whatever
 *   the user did since (a note says which; see docs/plan-json.md). Never
 *   on an account that keeps "cannot change password" or "password never
 *   expires" (a note says why).
 *
 * Outputs are untouched on failure. */

#include "live.h"
#include "model.h"
#include "plan.h"

#include <stdint.h>

struct acc_error;

/* What accord recorded right after it set an account's password. */
struct pw_record {
	char *account;
	uint32_t rid;           /* 0 = not recorded; else must match the live RID */
	char *fingerprint;      /* hex, fp_compute over the store's salt */
	uint32_t password_age;  /* seconds, as read right after the set */
	int64_t applied_at;     /* unix seconds */
};

/* Owns its strings; pw_history_release on an empty history is a no-op. */
struct pw_history {
	struct pw_record *v;
	size_t n, alloc;
};
#define PW_HISTORY_INIT { NULL, 0, 0 }

/* Appends a record (strings copied). */
void pw_history_add(struct pw_history *h, const char *account, uint32_t rid,
		    const char *fingerprint, uint32_t password_age, int64_t applied_at);
void pw_history_release(struct pw_history *h);

/* What accord recorded after it applied "must change the password at next
 * logon" to an account: once per account, keyed by the account's SID (a
 * rename keeps it, a recreated account has a new one). */
struct mc_record {
	char *sid;                 /* "S-1-5-21-...-RID" */
	char *account;             /* the account's name then, for messages */
	enum op_must_change how;   /* OP_MC_FIRST_MANAGED or OP_MC_WITH_PASSWORD */
	int64_t applied_at;        /* unix seconds, accord's clock */
};

/* Owns its strings; mc_history_release on an empty history is a no-op. */
struct mc_history {
	struct mc_record *v;
	size_t n, alloc;
};
#define MC_HISTORY_INIT { NULL, 0, 0 }

/* Appends a record (strings copied). */
void mc_history_add(struct mc_history *h, const char *sid, const char *account,
		    enum op_must_change how, int64_t applied_at);
void mc_history_release(struct mc_history *h);

/* The desired secret of one user, without the secret. */
struct desired_secret {
	char *fingerprint;  /* hex; NULL when the user states no password */
	long length;        /* in characters (code points), for the policy check */
};

/* v[i] belongs to model->users[i]; n == model->n_users (or 0 when the
 * model states no password). Owns its strings. */
struct desired_secrets {
	struct desired_secret *v;
	size_t n;
};
#define DESIRED_SECRETS_INIT { NULL, 0 }
void desired_secrets_release(struct desired_secrets *s);

/* A live password younger than (age recorded at apply + time elapsed since
 * the apply - this slack) was set by someone else since accord set it.
 * The slack absorbs the seconds between the set and the read-back and the
 * rounding of ages; clock skew between accord and the server cancels out
 * because both ages are the server's. */
#define DIFF_PW_AGE_SLACK 300

/* Protected built-in accounts (by RID): Administrator, Guest,
 * DefaultAccount, WDAGUtilityAccount. */
bool diff_rid_protected(uint32_t rid);

/* Adds to p the operations that bring live to m, in apply order (see
 * plan.h), with ids 1..n. hist, mc and secrets may be NULL (nothing
 * recorded; no user states a password). Returns 0, or -1 with err
 * (ACC_EPOLICY for refused plans, ACC_EINVAL for inputs that cannot be
 * planned, where = "file:line:col" of the item) and p untouched. */
int diff_run(const struct model *m, const struct live *live, const struct pw_history *hist,
	     const struct mc_history *mc, const struct desired_secrets *secrets, struct plan *p,
	     struct acc_error *err);

/* The whole plan pipeline that `accord plan` runs after reading its
 * inputs: a new plan for live->server made by diff_run, created_at =
 * live->taken_at. *out is the caller's (plan_free). */
int reconcile_plan(const struct model *m, const struct live *live, const struct pw_history *hist,
		   const struct mc_history *mc, const struct desired_secrets *secrets,
		   struct plan **out, struct acc_error *err);
