/* test_apply_fake_nu.c: an in-memory NetUser backend for the apply
 * engine's ordering and skip tests only (the real calls are proven by
 * tests/integration against Samba). It keeps a call log and counters and
 * fails the calls a test names. */
#include "test_apply_fake_nu.h"

#include "xalloc.h"

#include <stdio.h>
#include <string.h>

struct nu_conn {
	int unused;
};

struct fake_nu fake;
static struct nu_conn the_conn;

struct nu_conn *fake_nu_reset(void)
{
	memset(&fake, 0, sizeof(fake));
	return &the_conn;
}

void fake_nu_fail(const char *call, const char *account, enum nu_status st)
{
	struct fake_failure *f = &fake.fail[fake.n_fail++];

	snprintf(f->call, sizeof(f->call), "%s", call);
	snprintf(f->account, sizeof(f->account), "%s", account);
	f->status = st;
}

/* Logs the call, counts it; returns -1 with res filled if the test asked
 * this call on this account to fail. */
static int fake_call(const char *call, const char *account, bool write, struct nu_result *res)
{
	size_t len = strlen(fake.log);

	snprintf(fake.log + len, sizeof(fake.log) - len, "%s%s:%s", len ? " " : "", call,
		 account ? account : "");
	fake.stats.calls++;
	fake.stats.round_trips++;
	if (write)
		fake.stats.writes++;
	else
		fake.stats.reads++;
	for (size_t i = 0; i < fake.n_fail; i++) {
		if (strcmp(fake.fail[i].call, call) || strcmp(fake.fail[i].account, account ? account : ""))
			continue;
		res->status = fake.fail[i].status;
		res->raw = 1000 + (uint32_t)fake.fail[i].status;
		snprintf(res->msg, sizeof(res->msg), "%s %s: injected %s", call, account,
			 nu_status_name(fake.fail[i].status));
		return -1;
	}
	return 0;
}

void nu_get_stats(const struct nu_conn *c, struct nu_stats *out)
{
	(void)c;
	*out = fake.stats;
}

int nu_user_get(struct nu_conn *c, const char *name, struct nu_user *out, struct nu_result *res)
{
	(void)c;
	if (fake_call("get", name, false, res) < 0)
		return -1;
	memset(out, 0, sizeof(*out));
	out->name = xstrdup(name);
	out->rid = 1000 + (uint32_t)strlen(name);
	out->sid = xasprintf("S-1-5-21-1-2-3-%u", out->rid);
	out->flags = UF_NORMAL_ACCOUNT | fake.live_flags;
	out->password_age = 7;
	return 0;
}

int nu_user_add(struct nu_conn *c, const struct nu_user *u, unsigned mask,
		const char *password, uint32_t *rid, struct nu_result *res)
{
	(void)c;
	(void)mask;
	if (rid)
		*rid = fake.add_tells_rid ? 1000 + (uint32_t)strlen(u->name) : 0;
	if (password)
		snprintf(fake.last_password, sizeof(fake.last_password), "%s", password);
	return fake_call("add", u->name, true, res);
}

int nu_user_set(struct nu_conn *c, const char *name, const struct nu_user *u,
		unsigned mask, struct nu_result *res)
{
	(void)c;
	fake.last_set_mask = mask;
	fake.last_set_flags = u->flags;
	return fake_call("set", name, true, res);
}

int nu_user_set_password(struct nu_conn *c, const char *name, const char *password,
			 struct nu_result *res)
{
	(void)c;
	snprintf(fake.last_password, sizeof(fake.last_password), "%s", password);
	return fake_call("setpw", name, true, res);
}

int nu_user_rename(struct nu_conn *c, const char *name, const char *new_name,
		   struct nu_result *res)
{
	(void)c;
	(void)new_name;
	return fake_call("rename", name, true, res);
}

int nu_user_del(struct nu_conn *c, const char *name, struct nu_result *res)
{
	(void)c;
	return fake_call("del", name, true, res);
}

int nu_lgroup_add_member(struct nu_conn *c, const char *group, const char *sid,
			 struct nu_result *res)
{
	(void)c;
	(void)group;
	return fake_call("gadd", sid, true, res);
}

int nu_lgroup_del_member(struct nu_conn *c, const char *group, const char *sid,
			 struct nu_result *res)
{
	(void)c;
	(void)group;
	return fake_call("gdel", sid, true, res);
}

const char *nu_domain_sid(const struct nu_conn *c)
{
	(void)c;
	return "S-1-5-21-1-2-3";
}
