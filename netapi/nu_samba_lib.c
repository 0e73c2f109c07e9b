/* nu_samba_lib.c: the calls accord makes through Samba's libnetapi, where
 * libnetapi 4.17 does them right (see the table in nu_samba.c).
 *
 * libnetapi keeps one context per process whose cached IPC$ connection and
 * SAMR handles are not keyed by server, so the process is bound to the
 * first server and credentials it is given. Every output buffer is NULL
 * before a call: an uninitialised one aborts the process inside talloc
 * ("Bad talloc magic value") when the call fails. */
#include "nu_samba.h"

#include "xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include NU_SAMBA_NETAPI_H

static struct {
	struct libnetapi_ctx *ctx;
	char *server;
	char *user;
	char *domain;
	uint64_t pw_hash;   /* FNV-1a: compares credentials without keeping them */
} bound;

static uint64_t fnv1a(const char *s)
{
	uint64_t h = UINT64_C(14695981039346656037);

	for (; s && *s; s++)
		h = (h ^ (unsigned char)*s) * UINT64_C(1099511628211);
	return h;
}

static char *dup0(const char *s)
{
	return xstrdup(s ? s : "");
}

static bool same(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "") == 0;
}

int nu_lib_bind(const struct nu_creds *creds, struct nu_result *res)
{
	struct libnetapi_ctx *ctx = NULL;
	NET_API_STATUS st;

	if (bound.ctx) {
		if (same(bound.server, creds->server) && same(bound.user, creds->user) &&
		    same(bound.domain, creds->domain) && bound.pw_hash == fnv1a(creds->password))
			return nu_ok(res);
		return nu_fail(res, NU_INVALID_PARAM, 0,
			       "cannot connect to '%s' as '%s': this process already talks to '%s' "
			       "as '%s'; samba's libnetapi keeps one connection cache per process "
			       "that is not keyed by server, so use one process per server",
			       creds->server ? creds->server : "", creds->user ? creds->user : "",
			       bound.server ? bound.server : "", bound.user ? bound.user : "");
	}
	st = libnetapi_init(&ctx);
	if (st != 0 || !ctx)
		return nu_fail(res, NU_OTHER, st, "cannot initialise samba's libnetapi (code %u)", st);
	/* always a password, empty if none: libnetapi prompts on the
	 * terminal when it has none */
	libnetapi_set_username(ctx, creds->user ? creds->user : "");
	libnetapi_set_password(ctx, creds->password ? creds->password : "");
	if (creds->domain && *creds->domain)
		libnetapi_set_workgroup(ctx, creds->domain);
	bound.ctx = ctx;
	bound.server = xstrdup(creds->server);
	bound.user = xstrdup(creds->user);
	bound.domain = xstrdup(creds->domain);
	bound.pw_hash = fnv1a(creds->password);
	return nu_ok(res);
}

/* libnetapi_get_error_string() returns the last message ever stored in the
 * context, never cleared, and each call leaks a copy on talloc's NULL
 * context: it is asked only after a connection failure, and its text is
 * added only when it differs from what the previous failure was told. */
struct lib_call {
	double t0;
};

static void call_begin(struct lib_call *lc)
{
	lc->t0 = nu_now_ms();
}

static int call_fail(struct nu_result *res, const struct lib_call *lc, uint32_t st,
		     uint32_t parm_err, const char *what)
{
	static char last_seen[256];
	const char *e = NULL;

	(void)lc;
	nu_fail_win32(res, st, parm_err, what);
	if (res->status != NU_UNREACHABLE)
		return -1;
	e = libnetapi_get_error_string(bound.ctx, st);
	if (e && *e && strcmp(e, last_seen) != 0) {
		size_t len = strlen(res->msg);

		snprintf(res->msg + len, sizeof(res->msg) - len, ": %s", e);
		snprintf(last_seen, sizeof(last_seen), "%s", e);
	}
	return -1;
}

static void done(struct nu_tracer *tr, const struct lib_call *lc, const char *fn, uint32_t level,
		 const char *account, uint32_t st, bool write)
{
	nu_trace_call(tr, fn, level, account, st, lc->t0, write, true);
}

int nu_lib_display_users(struct nu_tracer *tr, const char *server, struct nu_user **out,
			 size_t *n, struct nu_result *res)
{
	struct nu_user *v = NULL;
	size_t cnt = 0, alloc = 0;
	uint32_t idx = 0, st = 0;
	struct lib_call lc;
	int ret = -1;

	do {
		void *buf = NULL;
		uint32_t got = 0;
		struct NET_DISPLAY_USER *du = NULL;

		call_begin(&lc);
		st = NetQueryDisplayInformation(server, 1, idx, 1000, (uint32_t)-1, &got, &buf);
		done(tr, &lc, "NetQueryDisplayInformation", 1, NULL, st, false);
		if (st != 0 && st != ERROR_MORE_DATA) {
			NetApiBufferFree(buf);
			call_fail(res, &lc, st, 0, "NetQueryDisplayInformation 1");
			goto out;
		}
		du = buf;
		for (uint32_t i = 0; i < got; i++) {
			struct nu_user *u = NULL;

			XGROW(v, alloc, cnt + 1);
			u = &v[cnt++];
			memset(u, 0, sizeof(*u));
			u->name = dup0(du[i].usri1_name);
			u->rid = du[i].usri1_user_id;
			u->full_name = dup0(du[i].usri1_full_name);
			u->comment = dup0(du[i].usri1_comment);
			/* libnetapi 4.17 hands the ACB_* word through unconverted */
			u->flags = nu_acb_to_uf(du[i].usri1_flags);
			u->known = NU_F_NAME | NU_F_FULL_NAME | NU_F_COMMENT | NU_F_FLAGS;
		}
		if (got > 0)
			idx = du[got - 1].usri1_next_index;
		NetApiBufferFree(buf);
		if (got == 0)
			break;
	} while (st == ERROR_MORE_DATA);
	*out = v;
	*n = cnt;
	v = NULL;
	ret = nu_ok(res);
out:
	nu_users_free(v, cnt);
	return ret;
}

int nu_lib_user_add(struct nu_tracer *tr, const char *server, const char *name,
		    const char *password, struct nu_result *res)
{
	/* Level 1 is the only add level libnetapi 4.17 takes, and it sends
	 * usri1_flags unconverted as ACB_* bits: send 0 (it adds ACB_NORMAL)
	 * and set every other field afterwards through SAMR. */
	struct USER_INFO_1 u1 = {
		.usri1_name = name, .usri1_password = password, .usri1_priv = USER_PRIV_USER,
	};
	uint32_t parm_err = 0, st;
	struct lib_call lc;
	char what[120];

	call_begin(&lc);
	st = NetUserAdd(server, 1, (uint8_t *)&u1, &parm_err);
	done(tr, &lc, "NetUserAdd", 1, name, st, true);
	if (st == 0)
		return nu_ok(res);
	snprintf(what, sizeof(what), "NetUserAdd '%s'", name);
	return call_fail(res, &lc, st, parm_err, what);
}

static int set_info(struct nu_tracer *tr, const char *server, const char *name, uint32_t level,
		    void *buf, const char *what, struct nu_result *res)
{
	uint32_t parm_err = 0, st;
	struct lib_call lc;
	char w[160];

	call_begin(&lc);
	st = NetUserSetInfo(server, name, level, buf, &parm_err);
	done(tr, &lc, "NetUserSetInfo", level, name, st, true);
	if (st == 0)
		return nu_ok(res);
	snprintf(w, sizeof(w), "NetUserSetInfo %u (%s) '%s'", level, what, name);
	return call_fail(res, &lc, st, parm_err, w);
}

int nu_lib_set_password(struct nu_tracer *tr, const char *server, const char *name,
			const char *password, struct nu_result *res)
{
	struct USER_INFO_1003 u = { .usri1003_password = password ? password : "" };

	return set_info(tr, server, name, 1003, &u, "password", res);
}

int nu_lib_rename(struct nu_tracer *tr, const char *server, const char *name,
		  const char *new_name, struct nu_result *res)
{
	struct USER_INFO_0 u = { .usri0_name = new_name };

	return set_info(tr, server, name, 0, &u, "rename", res);
}

int nu_lib_user_del(struct nu_tracer *tr, const char *server, const char *name,
		    struct nu_result *res)
{
	struct lib_call lc;
	uint32_t st;
	char what[120];

	call_begin(&lc);
	st = NetUserDel(server, name);
	done(tr, &lc, "NetUserDel", 0, name, st, true);
	if (st == 0)
		return nu_ok(res);
	snprintf(what, sizeof(what), "NetUserDel '%s'", name);
	return call_fail(res, &lc, st, 0, what);
}

int nu_lib_modals(struct nu_tracer *tr, const char *server, struct nu_modals *out,
		  struct nu_result *res)
{
	uint8_t *buf = NULL;
	struct USER_MODALS_INFO_0 *m = NULL;
	struct lib_call lc;
	uint32_t st;

	call_begin(&lc);
	st = NetUserModalsGet(server, 0, &buf);
	done(tr, &lc, "NetUserModalsGet", 0, NULL, st, false);
	if (st != 0) {
		NetApiBufferFree(buf);
		return call_fail(res, &lc, st, 0, "NetUserModalsGet 0");
	}
	m = (struct USER_MODALS_INFO_0 *)buf;
	out->min_passwd_len = m->usrmod0_min_passwd_len;
	out->max_passwd_age = m->usrmod0_max_passwd_age;
	out->min_passwd_age = m->usrmod0_min_passwd_age;
	out->password_hist_len = m->usrmod0_password_hist_len;
	out->force_logoff = m->usrmod0_force_logoff;
	NetApiBufferFree(buf);
	return nu_ok(res);
}

int nu_lib_lgroups(struct nu_tracer *tr, const char *server, struct nu_lgroup **out,
		   size_t *n, struct nu_result *res)
{
	struct nu_lgroup *v = NULL;
	size_t cnt = 0, alloc = 0;
	uint32_t resume = 0, st = 0;
	struct lib_call lc;
	int ret = -1;

	do {
		uint8_t *buf = NULL;
		uint32_t got = 0, total = 0;
		struct LOCALGROUP_INFO_1 *g = NULL;

		call_begin(&lc);
		st = NetLocalGroupEnum(server, 1, &buf, (uint32_t)-1, &got, &total, &resume);
		done(tr, &lc, "NetLocalGroupEnum", 1, NULL, st, false);
		if (st != 0 && st != ERROR_MORE_DATA) {
			NetApiBufferFree(buf);
			call_fail(res, &lc, st, 0, "NetLocalGroupEnum 1");
			goto out;
		}
		g = (struct LOCALGROUP_INFO_1 *)buf;
		for (uint32_t i = 0; i < got; i++) {
			XGROW(v, alloc, cnt + 1);
			v[cnt].name = dup0(g[i].lgrpi1_name);
			v[cnt].comment = dup0(g[i].lgrpi1_comment);
			v[cnt++].sid = NULL;
		}
		NetApiBufferFree(buf);
		if (got == 0)
			break;
	} while (st == ERROR_MORE_DATA);
	*out = v;
	*n = cnt;
	v = NULL;
	ret = nu_ok(res);
out:
	nu_lgroups_free(v, cnt);
	return ret;
}

int nu_lib_user_lgroups(struct nu_tracer *tr, const char *server, const char *name,
			char ***out, size_t *n, struct nu_result *res)
{
	uint8_t *buf = NULL;
	uint32_t got = 0, total = 0, st;
	struct LOCALGROUP_USERS_INFO_0 *g = NULL;
	struct lib_call lc;
	char **v = NULL;
	char what[120];

	call_begin(&lc);
	st = NetUserGetLocalGroups(server, name, 0, 0, &buf, (uint32_t)-1, &got, &total);
	done(tr, &lc, "NetUserGetLocalGroups", 0, name, st, false);
	if (st != 0) {
		NetApiBufferFree(buf);
		snprintf(what, sizeof(what), "NetUserGetLocalGroups '%s'", name);
		return call_fail(res, &lc, st, 0, what);
	}
	g = (struct LOCALGROUP_USERS_INFO_0 *)buf;
	v = xcalloc(got ? got : 1, sizeof(*v));
	for (uint32_t i = 0; i < got; i++)
		v[i] = dup0(g[i].lgrui0_name);
	NetApiBufferFree(buf);
	*out = v;
	*n = got;
	return nu_ok(res);
}
