#pragma once
/* apply.h: the apply engine. Executes a plan's operations against one
 * NetUser connection with the fewest calls, in a safe order, and hands
 * every result to the caller the moment it is known.
 *
 * The engine knows neither files nor the state store: secrets come from a
 * get_secret hook (cmd/ resolves them with formats/), results leave through
 * on_result (cmd/ commits them to state/). That keeps reconcile/ below both.
 *
 * Order, whatever order the plan's array holds: renames, creates and
 * replaces, updates, group membership, disables and deletes (stable within
 * a phase). REPORT and NOTE ops change nothing and are not executed.
 *
 * A failed (or skipped) operation skips the operations that depend on it:
 * its op->depends_on dependants, and every later op on the account it was
 * to create, replace or rename (both the old and the new name). The rest
 * continue. A stop request (*hooks->stop set, e.g. by SIGINT) is honoured
 * between operations: the current one finishes and is reported, the
 * remaining ones are reported as skipped "interrupted".
 *
 * Nothing here prints. Passwords live only in memory the engine wipes
 * (explicit_bzero) after the call that needed them. */

#include "plan.h"

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>

struct acc_error;
struct nu_conn;

enum apply_status {
	APPLY_OK = 0,
	APPLY_FAILED,   /* a call failed, or the engine refused the op */
	APPLY_SKIPPED,  /* not attempted: a dependency failed, or interrupted */
};

/* Why an op was skipped (APPLY_SKIPPED only). */
enum apply_skip {
	APPLY_SKIP_NONE = 0,
	APPLY_SKIP_DEPENDENCY,   /* cause_op failed or was skipped */
	APPLY_SKIP_INTERRUPTED,  /* a stop was requested before it ran */
};

/* The outcome of one op. msg never holds a secret. */
struct apply_result {
	enum apply_status status;
	enum apply_skip skip;
	unsigned cause_op;        /* SKIPPED by dependency: the op that failed first */
	enum nu_status nu_status; /* of the failing call; NU_OK otherwise */
	uint32_t raw;             /* raw platform status of the failing call */
	uint32_t parm_err;        /* field index on NU_INVALID_PARAM */
	char msg[512];            /* what was done, or what failed and why */
	double ms;                /* wall time of the op */
	unsigned long calls;      /* platform calls made (nu_get_stats difference) */
	unsigned long writes;     /* of which writes */
	/* Read back after a create, replace or password change (known_after). */
	bool known_after;
	uint32_t rid_after;       /* RID of the account after the op */
	uint32_t password_age;    /* seconds, after a password was set */
	bool password_set;        /* the op set a password */
	const char *pw_fingerprint; /* fingerprint of the secret set (from get_secret) */
};

/* Progress, for a terminal display. */
struct apply_progress {
	size_t done, total;       /* ops finished (any status) / to run */
	const struct plan_op *current; /* op about to run; NULL at the end */
	double elapsed_ms;
};

struct apply_hooks {
	void *ud;
	/* Returns in *secret (heap, the engine wipes and frees it) the password
	 * op->account must get, read from its source now, and in *fingerprint
	 * (heap, freed by the engine) the fingerprint of that secret computed as
	 * the plan computed op->pw_fingerprint. Returns 0, or -1 with err (the op
	 * fails with err's message). Required when the plan sets passwords. */
	int (*get_secret)(void *ud, const struct plan_op *op, char **secret,
			  char **fingerprint, struct acc_error *err);
	/* Before the op's first call (a crash after this leaves it "started"). */
	int (*on_start)(void *ud, const struct plan_op *op);
	/* Every executable op's result, as soon as it is known (also skipped
	 * ones). A non-zero return stops the apply at once: the caller could not
	 * record it, so nothing more may be done. */
	int (*on_result)(void *ud, const struct plan_op *op, const struct apply_result *r);
	void (*on_progress)(void *ud, const struct apply_progress *p);
	volatile sig_atomic_t *stop;  /* may be NULL */
};

struct apply_summary {
	size_t total;             /* executable ops */
	size_t ok, failed, skipped;
	bool interrupted;         /* stopped by *hooks->stop */
	unsigned long calls, writes;
	double ms;
};

/* Checks that p can be executed: op ids are 1..n in array order,
 * depends_on names an op that runs earlier, each op has what its kind needs
 * (new_name for a rename, group and member for a group op). Returns 0, or
 * -1 with err (ACC_EINVAL) naming the first bad op. Makes no call. */
int apply_check(const struct plan *p, struct acc_error *err);

/* Executes p's ops on c (see the file comment). sum (may be NULL) receives
 * the totals. Returns 0 when every op succeeded, 1 when some failed or were
 * skipped (all of them reported through on_result), -1 with err when the
 * plan is invalid (nothing done) or a hook refused (on_result non-zero,
 * on_start non-zero): then the ops after it are neither run nor reported. */
int apply_run(struct nu_conn *c, const struct plan *p, const struct apply_hooks *h,
	      struct apply_summary *sum, struct acc_error *err);

/* True for the kinds apply executes (not REPORT or NOTE). */
bool apply_op_executable(enum op_kind k);

const char *apply_status_name(enum apply_status st);  /* "ok", "failed", "skipped" */
const char *apply_skip_name(enum apply_skip s);       /* "", "dependency", "interrupted" */

/* ---- saved plans: is the server still as the plan saw it? (apply_stale.c) */

struct strbuf;

/* The account names p's executable ops act on (each op's account, and a
 * rename's new name), each once (case-insensitively), in plan order. The
 * array is the caller's (free()); the strings point into p. */
const char **apply_touched(const struct plan *p, size_t *n);

/* Compares name's record as the plan saw it (snap, NULL = absent then) with
 * what the server has now (live, NULL = absent now). Fields are compared
 * where both records know them: RID, full name, description, user comment,
 * the NU_MANAGED_FLAGS bits, account expiry, must-change-at-logon, home
 * directory, logon script, profile, and when the password was last set
 * (from password_age, planned_at and now, with 2 s of slack). Appends one
 * line per difference to out ("  ann: full name 'A' -> 'B'\n"); returns
 * their number. Never prints a secret: none is in a nu_user. */
size_t apply_stale_diff(const char *name, const struct nu_user *snap, const struct nu_user *live,
			int64_t planned_at, int64_t now, struct strbuf *out);
