#pragma once
/* test_apply_fake_nu.h: the in-memory NetUser calls test_apply links
 * instead of netapi's platform backend. */
#include "netapi.h"

struct fake_failure {
	char call[16];
	char account[64];
	enum nu_status status;
};

struct fake_nu {
	char log[4096];          /* "call:account call:account ..." in call order */
	struct nu_stats stats;
	struct fake_failure fail[8];
	size_t n_fail;
	unsigned last_set_mask;
	uint32_t last_set_flags;
	uint32_t live_flags;     /* extra flags nu_user_get reports */
	bool add_tells_rid;      /* nu_user_add reports the new RID */
	char last_password[64];
};

extern struct fake_nu fake;

/* Empties the log, counters and failures; returns the one connection. */
struct nu_conn *fake_nu_reset(void);
/* Makes call ("add", "set", "setpw", "rename", "del", "get", "gadd",
 * "gdel") on account (a SID for gadd/gdel) fail with st. */
void fake_nu_fail(const char *call, const char *account, enum nu_status st);
