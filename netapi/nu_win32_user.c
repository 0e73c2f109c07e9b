/* nu_win32_user.c: user accounts and password policy over netapi32. */
#include "nu_win32.h"

#include "names.h"
#include "xalloc.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define WIN_NONE ((size_t)-1)

/* The string fields of an account: where they are in struct nu_user, the
 * USER_INFO_10xx level that sets each alone (a struct of one LPWSTR), and
 * where they are in USER_INFO_4 and USER_INFO_1 (the add level). */
static const struct win_str_field {
	unsigned bit;
	DWORD level;
	size_t off_nu, off4, off1;
	const char *what;
} win_str_fields[] = {
	{ NU_F_FULL_NAME, 1011, offsetof(struct nu_user, full_name),
	  offsetof(USER_INFO_4, usri4_full_name), WIN_NONE, "full name" },
	{ NU_F_COMMENT, 1007, offsetof(struct nu_user, comment),
	  offsetof(USER_INFO_4, usri4_comment), offsetof(USER_INFO_1, usri1_comment), "comment" },
	{ NU_F_USR_COMMENT, 1012, offsetof(struct nu_user, usr_comment),
	  offsetof(USER_INFO_4, usri4_usr_comment), WIN_NONE, "user comment" },
	{ NU_F_HOME_DIR, 1006, offsetof(struct nu_user, home_dir),
	  offsetof(USER_INFO_4, usri4_home_dir), offsetof(USER_INFO_1, usri1_home_dir), "home directory" },
	{ NU_F_SCRIPT_PATH, 1009, offsetof(struct nu_user, script_path),
	  offsetof(USER_INFO_4, usri4_script_path), offsetof(USER_INFO_1, usri1_script_path), "script path" },
	{ NU_F_PROFILE, 1052, offsetof(struct nu_user, profile),
	  offsetof(USER_INFO_4, usri4_profile), WIN_NONE, "profile path" },
};
#define WIN_N_STR (sizeof(win_str_fields) / sizeof(win_str_fields[0]))

#define WIN_SETTABLE (NU_F_FULL_NAME | NU_F_COMMENT | NU_F_USR_COMMENT | NU_F_FLAGS | \
		      NU_F_ACCT_EXPIRES | NU_F_PASSWORD_EXPIRED | NU_F_HOME_DIR | \
		      NU_F_SCRIPT_PATH | NU_F_PROFILE)

/* The wanted values of the fields in mask, converted and checked before the
 * first write so that bad input never leaves an account half-changed. */
struct win_values {
	unsigned mask;
	wchar_t *str[WIN_N_STR];   /* NULL where the field is not in mask */
	DWORD acct_expires;
};

static const char *const *win_field_str(const struct nu_user *u, const struct win_str_field *f)
{
	return (const char *const *)((const char *)u + f->off_nu);
}

static LPWSTR *win_info_str(void *info, size_t off)
{
	return (LPWSTR *)((char *)info + off);
}

static void win_values_release(struct win_values *v)
{
	for (size_t i = 0; i < WIN_N_STR; i++)
		free(v->str[i]);
	memset(v, 0, sizeof(*v));
}

static int win_values_load(const struct nu_user *u, unsigned mask, struct win_values *v,
			   struct nu_result *res)
{
	memset(v, 0, sizeof(*v));
	v->mask = mask;
	for (size_t i = 0; i < WIN_N_STR; i++) {
		const struct win_str_field *f = &win_str_fields[i];
		const char *s = *win_field_str(u, f);

		if (!(mask & f->bit))
			continue;
		/* a field asked for without a value is set empty */
		if (win_wide(s ? s : "", f->what, &v->str[i], res))
			goto fail;
	}
	if (mask & NU_F_ACCT_EXPIRES) {
		if (u->acct_expires == NU_EXPIRES_NEVER) {
			v->acct_expires = TIMEQ_FOREVER;
		} else if (u->acct_expires < 0 || u->acct_expires >= (int64_t)TIMEQ_FOREVER) {
			win_invalid(res, "account expiry %lld is out of range: netapi32 takes "
				    "1970-01-01 to 2106-02-07 or never", (long long)u->acct_expires);
			goto fail;
		} else {
			v->acct_expires = (DWORD)u->acct_expires;
		}
	}
	return 0;
fail:
	win_values_release(v);
	return -1;
}

static uint32_t win_merge_flags(uint32_t current, uint32_t wanted)
{
	return (current & ~(uint32_t)NU_MANAGED_FLAGS) | (wanted & NU_MANAGED_FLAGS);
}

static int win_set_info(struct nu_conn *c, const wchar_t *name_w, const char *name,
			DWORD level, void *buf, struct nu_result *res)
{
	struct win_call k;
	DWORD parm_err = 0;
	NET_API_STATUS st;

	win_call_begin(&k, "NetUserSetInfo", level, name, true);
	st = NetUserSetInfo(c->server_w, name_w, level, (LPBYTE)buf, &parm_err);
	return win_call_end(c, &k, st, parm_err, res);
}

static int win_get_info(struct nu_conn *c, const wchar_t *name_w, const char *name,
			DWORD level, void **buf, struct nu_result *res)
{
	struct win_call k;
	NET_API_STATUS st;

	win_call_begin(&k, "NetUserGetInfo", level, name, false);
	st = NetUserGetInfo(c->server_w, name_w, level, (LPBYTE *)buf);
	if (!win_call_end(c, &k, st, 0, res))
		return 0;
	if (*buf) {
		NetApiBufferFree(*buf);
		*buf = NULL;
	}
	return -1;
}

static void win_user_from_info4(const USER_INFO_4 *i, struct nu_user *u)
{
	memset(u, 0, sizeof(*u));
	u->name = win_utf8(i->usri4_name);
	u->sid = win_sid_string(i->usri4_user_sid);
	if (i->usri4_user_sid && IsValidSid(i->usri4_user_sid))
		u->rid = *GetSidSubAuthority(i->usri4_user_sid,
					     *GetSidSubAuthorityCount(i->usri4_user_sid) - 1u);
	u->full_name = win_utf8(i->usri4_full_name);
	u->comment = win_utf8(i->usri4_comment);
	u->usr_comment = win_utf8(i->usri4_usr_comment);
	u->flags = i->usri4_flags;
	u->acct_expires = i->usri4_acct_expires == TIMEQ_FOREVER ? NU_EXPIRES_NEVER
								  : (int64_t)i->usri4_acct_expires;
	u->password_expired = i->usri4_password_expired != 0;
	u->password_age = i->usri4_password_age;
	u->priv = i->usri4_priv;
	u->home_dir = win_utf8(i->usri4_home_dir);
	u->script_path = win_utf8(i->usri4_script_path);
	u->profile = win_utf8(i->usri4_profile);
	u->last_logon = i->usri4_last_logon;
	u->known = WIN_SETTABLE | NU_F_NAME;  /* all but the write-only password */
}

int nu_user_get(struct nu_conn *c, const char *name, struct nu_user *out, struct nu_result *res)
{
	USER_INFO_4 *i = NULL;
	wchar_t *name_w = NULL;
	int rc = -1;

	nu_ok(res);
	if (win_wide_name(name, "account name", &name_w, res) ||
	    win_get_info(c, name_w, name, 4, (void **)&i, res))
		goto out;
	win_user_from_info4(i, out);
	rc = 0;
out:
	if (i)
		NetApiBufferFree(i);
	free(name_w);
	return rc;
}

/* Windows has no batched name lookup in netapi32 and no listing cache to
 * outrun: one NetUserGetInfo level 20 (it carries the RID) a name. */
int nu_user_lookup(struct nu_conn *c, const char *const *names, size_t n, uint32_t *rids,
		   struct nu_result *res)
{
	nu_ok(res);
	for (size_t k = 0; k < n; k++) {
		USER_INFO_20 *i = NULL;
		wchar_t *name_w = NULL;
		int rc;

		rids[k] = 0;
		if (win_wide_name(names[k], "account name", &name_w, res))
			return -1;
		rc = win_get_info(c, name_w, names[k], 20, (void **)&i, res);
		free(name_w);
		if (rc == 0) {
			rids[k] = i->usri20_user_id;
			NetApiBufferFree(i);
		} else if (res->status != NU_NOT_FOUND) {
			return -1;
		}
	}
	return nu_ok(res);
}

/* NetUserGetInfo takes names only: the RID saves nothing here. */
int nu_user_get_rid(struct nu_conn *c, const char *name, uint32_t rid, struct nu_user *out,
		    struct nu_result *res)
{
	(void)rid;
	return nu_user_get(c, name, out, res);
}

static int win_cmp_user(const void *a, const void *b)
{
	return acc_name_cmp(((const struct nu_user *)a)->name, ((const struct nu_user *)b)->name);
}

int nu_user_enum(struct nu_conn *c, struct nu_user **out, size_t *n, struct nu_result *res)
{
	struct nu_user *v = NULL;
	size_t nv = 0, alloc = 0;
	NET_API_STATUS st;
	DWORD index = 0;
	int rc = -1;

	nu_ok(res);
	do {
		NET_DISPLAY_USER *e = NULL;
		DWORD got = 0;
		struct win_call k;

		/* pages of at most 100 entries, the most the server sends */
		win_call_begin(&k, "NetQueryDisplayInformation", 1, NULL, false);
		st = NetQueryDisplayInformation(c->server_w, 1, index, 100, MAX_PREFERRED_LENGTH,
						&got, (PVOID *)&e);
		if (win_call_end(c, &k, st, 0, res)) {
			if (e)
				NetApiBufferFree(e);
			goto out;
		}
		for (DWORD j = 0; j < got; j++) {
			struct nu_user *u;

			if (!(e[j].usri1_flags & UF_NORMAL_ACCOUNT))
				continue;
			XGROW(v, alloc, nv + 1);
			u = &v[nv++];
			memset(u, 0, sizeof(*u));
			u->name = win_utf8(e[j].usri1_name);
			u->rid = e[j].usri1_user_id;
			u->sid = nu_sid_append_rid(c->domain_sid, u->rid);
			u->full_name = win_utf8(e[j].usri1_full_name);
			u->comment = win_utf8(e[j].usri1_comment);
			u->flags = e[j].usri1_flags;
			u->known = NU_F_FULL_NAME | NU_F_COMMENT | NU_F_FLAGS;
		}
		if (got)
			index = e[got - 1].usri1_next_index;
		if (e)
			NetApiBufferFree(e);
		if (!got)
			break;
	} while (st == ERROR_MORE_DATA);
	if (nv)
		qsort(v, nv, sizeof(*v), win_cmp_user);
	*out = v;
	*n = nv;
	v = NULL;
	rc = 0;
out:
	nu_users_free(v, nv);
	return rc;
}

/* Puts the wanted value in *slot if it differs; returns whether it did. */
static bool win_put_str(LPWSTR *slot, wchar_t *want)
{
	if (*slot && !wcscmp(*slot, want))
		return false;
	*slot = want;
	return true;
}

/* Sets the fields of v through one level 4 read-modify-write. This is the
 * only way to set "must change password at next logon": usri_password_expired
 * is its documented switch and no USER_INFO_10xx level carries it
 * (UF_PASSWORD_EXPIRED in usri_flags is the server's report of it), and
 * levels 3/4 write every field, so the others must go back exactly as read.
 * Since this costs a read anyway, every other field in v rides in the same
 * write. Windows does not let a zero clear a password that has already
 * expired by age. */
static int win_set_by_info4(struct nu_conn *c, const wchar_t *name_w, const char *name,
			    const struct nu_user *u, struct win_values *v, struct nu_result *res)
{
	USER_INFO_4 *i = NULL;
	bool changed = false;
	uint32_t flags;
	int rc = -1;

	if (win_get_info(c, name_w, name, 4, (void **)&i, res))
		goto out;
	i->usri4_password = NULL;  /* NULL keeps the password */
	for (size_t j = 0; j < WIN_N_STR; j++)
		if (v->str[j])
			changed |= win_put_str(win_info_str(i, win_str_fields[j].off4), v->str[j]);
	flags = i->usri4_flags;
	if (v->mask & NU_F_FLAGS)
		flags = win_merge_flags(flags, u->flags);
	if (v->mask & NU_F_ACCT_EXPIRES && i->usri4_acct_expires != v->acct_expires) {
		i->usri4_acct_expires = v->acct_expires;
		changed = true;
	}
	if ((i->usri4_password_expired != 0) != u->password_expired) {
		i->usri4_password_expired = u->password_expired;
		changed = true;
	}
	/* UF_PASSWORD_EXPIRED and UF_LOCKOUT go back as read, as net.exe's
	 * /logonpasswordchg does: usri4_password_expired is what counts */
	if (flags != i->usri4_flags) {
		i->usri4_flags = flags;
		changed = true;
	}
	if (changed && win_set_info(c, name_w, name, 4, i, res))
		goto out;
	rc = 0;
out:
	if (i)
		NetApiBufferFree(i);
	return rc;
}

/* usri_flags through level 1008, after reading the current word (level 1)
 * so that only NU_MANAGED_FLAGS bits change; no write if none would. */
static int win_set_flags(struct nu_conn *c, const wchar_t *name_w, const char *name,
			 uint32_t wanted, struct nu_result *res)
{
	USER_INFO_1 *i = NULL;
	USER_INFO_1008 f;
	int rc = -1;

	if (win_get_info(c, name_w, name, 1, (void **)&i, res))
		goto out;
	/* UF_SCRIPT "must be set" on write (USER_INFO_1008); reads show it */
	f.usri1008_flags = win_merge_flags(i->usri1_flags, wanted) | UF_SCRIPT;
	if (f.usri1008_flags != i->usri1_flags && win_set_info(c, name_w, name, 1008, &f, res))
		goto out;
	rc = 0;
out:
	if (i)
		NetApiBufferFree(i);
	return rc;
}

/* One USER_INFO_10xx call per field; the order follows enum nu_field. */
static int win_set_each(struct nu_conn *c, const wchar_t *name_w, const char *name,
			const struct nu_user *u, struct win_values *v, struct nu_result *res)
{
	for (size_t j = 0; j < WIN_N_STR; j++) {
		if (!v->str[j])
			continue;
		/* USER_INFO_1006, 1007, 1009, 1011, 1012, 1052: one LPWSTR each */
		if (win_set_info(c, name_w, name, win_str_fields[j].level, &v->str[j], res))
			return -1;
	}
	if (v->mask & NU_F_FLAGS && win_set_flags(c, name_w, name, u->flags, res))
		return -1;
	if (v->mask & NU_F_ACCT_EXPIRES) {
		USER_INFO_1017 e = { .usri1017_acct_expires = v->acct_expires };

		if (win_set_info(c, name_w, name, 1017, &e, res))
			return -1;
	}
	return 0;
}

static int win_user_set(struct nu_conn *c, const char *name, const wchar_t *name_w,
			const struct nu_user *u, unsigned mask, struct nu_result *res)
{
	struct win_values v;
	int rc;

	if (win_values_load(u, mask, &v, res))
		return -1;
	if (mask & NU_F_PASSWORD_EXPIRED)
		rc = win_set_by_info4(c, name_w, name, u, &v, res);
	else
		rc = win_set_each(c, name_w, name, u, &v, res);
	win_values_release(&v);
	return rc;
}

int nu_user_set(struct nu_conn *c, const char *name, const struct nu_user *u,
		unsigned mask, struct nu_result *res)
{
	wchar_t *name_w = NULL;
	int rc = -1;

	nu_ok(res);
	if (mask & ~(unsigned)WIN_SETTABLE) {
		win_invalid(res, "nu_user_set cannot change the name or the password of '%s': "
			    "use nu_user_rename or nu_user_set_password", name ? name : "");
		goto out;
	}
	if (win_wide_name(name, "account name", &name_w, res))
		goto out;
	rc = mask ? win_user_set(c, name, name_w, u, mask, res) : 0;
out:
	free(name_w);
	return rc;
}

/* The fields a new account has anyway, so adding need not set them. */
static unsigned win_defaults(const struct nu_user *u, unsigned mask)
{
	unsigned d = 0;

	for (size_t j = 0; j < WIN_N_STR; j++) {
		const char *s = *win_field_str(u, &win_str_fields[j]);

		if (!s || !*s)
			d |= win_str_fields[j].bit;
	}
	if (u->acct_expires == NU_EXPIRES_NEVER)
		d |= NU_F_ACCT_EXPIRES;
	if (!u->password_expired)
		d |= NU_F_PASSWORD_EXPIRED;
	return mask & d;
}

/* On a password-policy refusal, says what the policy asks for, as the Samba
 * backend does (NetUserModalsGet level 0; complexity is not visible there).
 * Returns -1 for the caller's failure path. */
static int win_explain_policy(struct nu_conn *c, struct nu_result *res)
{
	struct nu_modals m;
	struct nu_result mres;
	size_t len = strlen(res->msg);

	if (res->status != NU_PASSWORD_POLICY || nu_modals_get(c, &m, &mres))
		return -1;
	snprintf(res->msg + len, sizeof(res->msg) - len, "; the policy asks for at least %u "
		 "characters (and remembers %u old passwords); where complexity is on, also "
		 "three of upper case, lower case, digits, symbols",
		 (unsigned)m.min_passwd_len, (unsigned)m.password_hist_len);
	return -1;
}

/* After a failed follow-up set, deletes the account just added so that
 * nothing is left half made (as the Samba backend does), and says so. */
static void win_undo_add(struct nu_conn *c, const char *name, const wchar_t *name_w,
			 struct nu_result *res)
{
	size_t len = strlen(res->msg);
	struct win_call k;
	bool gone;

	win_call_begin(&k, "NetUserDel", 0, name, true);
	gone = win_call_end(c, &k, NetUserDel(c->server_w, name_w), 0, NULL) == 0;
	snprintf(res->msg + len, sizeof(res->msg) - len, "; the new account %s",
		 gone ? "was deleted again" : "is left as added");
}

int nu_user_add(struct nu_conn *c, const struct nu_user *u, unsigned mask,
		const char *password, uint32_t *rid, struct nu_result *res)
{
	USER_INFO_1 i;
	struct win_values v;
	struct win_call k;
	wchar_t *name_w = NULL, *pass_w = NULL;
	const char *why = NULL;
	DWORD parm_err = 0;
	unsigned rest;
	int rc = -1;

	nu_ok(res);
	if (rid)
		*rid = 0;  /* NetUserAdd does not tell it */
	memset(&v, 0, sizeof(v));
	mask &= ~(unsigned)(NU_F_NAME | NU_F_PASSWORD);
	if (mask & ~(unsigned)WIN_SETTABLE) {
		win_invalid(res, "nu_user_add was asked for unknown fields 0x%x", mask);
		goto out;
	}
	if (!acc_name_valid(u->name, &why)) {
		win_invalid(res, "add '%s': the name %s", u->name ? u->name : "", why);
		goto out;
	}
	if (win_wide_name(u->name, "account name", &name_w, res) ||
	    win_wide(password, "password", &pass_w, res) ||
	    win_values_load(u, mask, &v, res))
		goto out;
	memset(&i, 0, sizeof(i));
	i.usri1_name = name_w;
	i.usri1_password = pass_w;
	i.usri1_priv = USER_PRIV_USER;
	/* UF_SCRIPT is required by NetUserAdd levels 1-4 */
	i.usri1_flags = UF_SCRIPT | UF_NORMAL_ACCOUNT;
	if (mask & NU_F_FLAGS)
		i.usri1_flags |= u->flags & NU_MANAGED_FLAGS;
	for (size_t j = 0; j < WIN_N_STR; j++)
		if (v.str[j] && win_str_fields[j].off1 != WIN_NONE)
			*win_info_str(&i, win_str_fields[j].off1) = v.str[j];
	win_call_begin(&k, "NetUserAdd", 1, u->name, true);
	if (win_call_end(c, &k, NetUserAdd(c->server_w, 1, (LPBYTE)&i, &parm_err), parm_err, res)) {
		win_explain_policy(c, res);
		goto out;
	}
	rest = mask & ~(unsigned)(NU_F_FLAGS | NU_F_COMMENT | NU_F_HOME_DIR | NU_F_SCRIPT_PATH);
	rest &= ~win_defaults(u, rest);
	if (rest && win_user_set(c, u->name, name_w, u, rest, res)) {
		win_undo_add(c, u->name, name_w, res);
		goto out;
	}
	rc = 0;
out:
	win_values_release(&v);
	nu_utf16_free_secret(pass_w);
	free(name_w);
	return rc;
}

/* Sets one string level of name (USER_INFO_0 rename, USER_INFO_1003
 * password: a struct of one LPWSTR); secret values are wiped after use. */
static int win_set_string(struct nu_conn *c, const char *name, DWORD level, const char *value,
			  const char *what, bool secret, struct nu_result *res)
{
	wchar_t *name_w = NULL, *value_w = NULL;
	int rc = -1;

	nu_ok(res);
	/* a new name cannot be empty; a password may be, where policy allows */
	if (win_wide_name(name, "account name", &name_w, res) ||
	    (secret ? win_wide(value, what, &value_w, res)
		    : win_wide_name(value, what, &value_w, res)))
		goto out;
	if (!value_w) {
		win_invalid(res, "no %s was given for '%s'", what, name);
		goto out;
	}
	rc = win_set_info(c, name_w, name, level, &value_w, res);
out:
	if (secret)
		nu_utf16_free_secret(value_w);
	else
		free(value_w);
	free(name_w);
	return rc;
}

int nu_user_set_password(struct nu_conn *c, const char *name, const char *password,
			 struct nu_result *res)
{
	if (win_set_string(c, name, 1003, password, "password", true, res))
		return win_explain_policy(c, res);
	return 0;
}

int nu_user_rename(struct nu_conn *c, const char *name, const char *new_name,
		   struct nu_result *res)
{
	const char *why = NULL;

	if (!acc_name_valid(new_name, &why))
		return win_invalid(res, "rename '%s': the new name %s", name ? name : "", why);
	return win_set_string(c, name, 0, new_name, "new account name", false, res);
}

int nu_user_del(struct nu_conn *c, const char *name, struct nu_result *res)
{
	wchar_t *name_w = NULL;
	struct win_call k;
	int rc = -1;

	nu_ok(res);
	if (win_wide_name(name, "account name", &name_w, res))
		goto out;
	win_call_begin(&k, "NetUserDel", 0, name, true);
	rc = win_call_end(c, &k, NetUserDel(c->server_w, name_w), 0, res);
out:
	free(name_w);
	return rc;
}

int nu_modals_get(struct nu_conn *c, struct nu_modals *out, struct nu_result *res)
{
	USER_MODALS_INFO_0 *m = NULL;
	struct win_call k;
	NET_API_STATUS st;

	nu_ok(res);
	win_call_begin(&k, "NetUserModalsGet", 0, NULL, false);
	st = NetUserModalsGet(c->server_w, 0, (LPBYTE *)&m);
	if (win_call_end(c, &k, st, 0, res)) {
		if (m)
			NetApiBufferFree(m);
		return -1;
	}
	/* TIMEQ_FOREVER (unlimited) is UINT32_MAX, as struct nu_modals says */
	out->min_passwd_len = m->usrmod0_min_passwd_len;
	out->max_passwd_age = m->usrmod0_max_passwd_age;
	out->min_passwd_age = m->usrmod0_min_passwd_age;
	out->password_hist_len = m->usrmod0_password_hist_len;
	out->force_logoff = m->usrmod0_force_logoff;
	NetApiBufferFree(m);
	return 0;
}
