/* apply_stale.c: is the server still as a saved plan saw it? See apply.h. */
#include "apply.h"

#include "names.h"
#include "strbuf.h"
#include "xalloc.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

const char **apply_touched(const struct plan *p, size_t *n)
{
	const char **v = xcalloc(2 * p->n_ops + 1, sizeof(*v));
	size_t k = 0;

	for (size_t i = 0; i < p->n_ops; i++) {
		const struct plan_op *op = &p->ops[i];
		const char *names[2] = { op->account, op->kind == OP_RENAME ? op->new_name : NULL };

		if (!apply_op_executable(op->kind))
			continue;
		for (int j = 0; j < 2; j++) {
			bool seen = false;

			if (!names[j])
				continue;
			for (size_t m = 0; m < k && !seen; m++)
				seen = acc_name_eq(v[m], names[j]);
			if (!seen)
				v[k++] = names[j];
		}
	}
	*n = k;
	return v;
}

static const char *show(const char *s)
{
	return s ? s : "(unset)";
}

static size_t str_field(const char *name, const char *what, unsigned bit,
			const struct nu_user *a, const struct nu_user *b,
			const char *va, const char *vb, struct strbuf *out)
{
	if (!(a->known & b->known & bit))
		return 0;
	if ((!va && !vb) || (va && vb && !strcmp(va, vb)))
		return 0;
	sb_addf(out, "  %s: %s '%s' -> '%s'\n", name, what, show(va), show(vb));
	return 1;
}

size_t apply_stale_diff(const char *name, const struct nu_user *snap, const struct nu_user *live,
			int64_t planned_at, int64_t now, struct strbuf *out)
{
	size_t n = 0;

	if (!snap && !live)
		return 0;
	if (!snap) {
		sb_addf(out, "  %s: exists now (rid %" PRIu32 "); it did not when planned\n",
			name, live->rid);
		return 1;
	}
	if (!live) {
		sb_addf(out, "  %s: no longer exists\n", name);
		return 1;
	}
	if (snap->rid && live->rid && snap->rid != live->rid) {
		sb_addf(out, "  %s: rid %" PRIu32 " -> %" PRIu32 " (the account was recreated)\n",
			name, snap->rid, live->rid);
		n++;
	}
	n += str_field(name, "full name", NU_F_FULL_NAME, snap, live, snap->full_name, live->full_name, out);
	n += str_field(name, "description", NU_F_COMMENT, snap, live, snap->comment, live->comment, out);
	n += str_field(name, "user comment", NU_F_USR_COMMENT, snap, live, snap->usr_comment,
		       live->usr_comment, out);
	n += str_field(name, "home directory", NU_F_HOME_DIR, snap, live, snap->home_dir, live->home_dir, out);
	n += str_field(name, "logon script", NU_F_SCRIPT_PATH, snap, live, snap->script_path,
		       live->script_path, out);
	n += str_field(name, "profile", NU_F_PROFILE, snap, live, snap->profile, live->profile, out);
	if ((snap->known & live->known & NU_F_FLAGS) &&
	    ((snap->flags ^ live->flags) & NU_MANAGED_FLAGS)) {
		sb_addf(out, "  %s: flags 0x%" PRIx32 " -> 0x%" PRIx32 "\n", name,
			snap->flags & NU_MANAGED_FLAGS, live->flags & NU_MANAGED_FLAGS);
		n++;
	}
	if ((snap->known & live->known & NU_F_ACCT_EXPIRES) && snap->acct_expires != live->acct_expires) {
		sb_addf(out, "  %s: account expiry %" PRId64 " -> %" PRId64 "\n", name,
			snap->acct_expires, live->acct_expires);
		n++;
	}
	if ((snap->known & live->known & NU_F_PASSWORD_EXPIRED) &&
	    snap->password_expired != live->password_expired) {
		sb_addf(out, "  %s: must change password at next logon %s -> %s\n", name,
			snap->password_expired ? "yes" : "no", live->password_expired ? "yes" : "no");
		n++;
	}
	/* password_age grows with time; when it was set must not move. Only
	 * full records carry it (nu_user_get: known has NU_F_PROFILE). */
	if ((snap->known & live->known & NU_F_PROFILE) && planned_at && now) {
		int64_t then = planned_at - (int64_t)snap->password_age;
		int64_t set_now = now - (int64_t)live->password_age;

		if (set_now - then > 2 || then - set_now > 2) {
			sb_addf(out, "  %s: password was set again since the plan was made\n", name);
			n++;
		}
	}
	return n;
}
