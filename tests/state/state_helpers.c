/* state_helpers.c: fixtures and builders of the state tests. */
#include "state_helpers.h"

#include "xalloc.h"

#include <ftw.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static char dir[256];

int state_dir_setup(void **state)
{
	const char *tmp = getenv("TMPDIR");

	(void)state;
	snprintf(dir, sizeof(dir), "%s/accord-state-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	return mkdtemp(dir) ? 0 : -1;
}

static int remove_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

int state_dir_teardown(void **state)
{
	(void)state;
	return nftw(dir, remove_one, 16, FTW_DEPTH | FTW_PHYS);
}

const char *state_path(int slot, const char *name)
{
	static char paths[4][512];

	snprintf(paths[slot], sizeof(paths[slot]), "%s/%s", dir, name);
	return paths[slot];
}

struct store *state_open(const char *path)
{
	struct acc_error err = { 0 };
	struct store *s = NULL;

	if (store_open(path, &s, &err) < 0)
		fail_msg("store_open %s: %s", path, err.msg);
	return s;
}

struct sqlite3 *state_raw(const char *path)
{
	sqlite3 *db = NULL;

	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	sqlite3_busy_timeout(db, 5000);
	return db;
}

void state_raw_exec(struct sqlite3 *db, const char *sql)
{
	char *msg = NULL;

	if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK)
		fail_msg("sql %s: %s", sql, msg);
}

long long state_raw_int(struct sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st = NULL;
	long long v;

	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

static void sample_user(struct nu_user *u, const char *name, size_t i, bool empty)
{
	char buf[64];

	u->name = xstrdup(name);
	u->rid = (uint32_t)(1000 + i);
	snprintf(buf, sizeof(buf), "S-1-5-21-1-2-3-%zu", 1000 + i);
	u->sid = xstrdup(buf);
	u->full_name = xstrdup(empty ? "" : "Ann \"Quote\" Ö\nLine");
	u->comment = empty ? NULL : xstrdup("desc \\ back");
	u->usr_comment = xstrdup("");
	u->flags = UF_NORMAL_ACCOUNT | (empty ? UF_ACCOUNTDISABLE : 0);
	u->acct_expires = empty ? NU_EXPIRES_NEVER : INT64_C(1893456000);
	u->password_expired = !empty;
	u->password_age = 86400;
	u->priv = 1;
	u->home_dir = xstrdup("\\\\srv\\home");
	u->script_path = NULL;
	u->profile = xstrdup("p");
	u->last_logon = INT64_C(1700000000);
	u->known = NU_F_FULL_NAME | NU_F_COMMENT | NU_F_FLAGS;
}

struct plan *state_sample_plan(const char *server, size_t n)
{
	struct plan *p = plan_new();
	char name[32];

	p->server = xstrdup(server);
	plan_add_source(p, "/etc/accord/users.yaml");
	snprintf(p->source_sha256, sizeof(p->source_sha256), "%064d", 7);
	p->created_at = INT64_C(1700000123);
	for (size_t i = 0; i < n; i++) {
		enum op_kind kind = (enum op_kind)(i % (OP_NOTE + 1));
		struct plan_op *op;

		snprintf(name, sizeof(name), "user%zu", i);
		op = plan_add_op(p, kind, name);
		op->new_name = kind == OP_RENAME ? xasprintf("renamed%zu", i) : NULL;
		op->group = kind == OP_GROUP_ADD ? xstrdup("Remote Desktop Users") : NULL;
		op->member_sid = kind == OP_GROUP_ADD ? xstrdup("S-1-5-21-1-2-3-1001") : NULL;
		op->member_name = kind == OP_GROUP_ADD ? xstrdup("DOM\\user") : NULL;
		op->mask = NU_F_FULL_NAME | NU_F_FLAGS | (kind == OP_UPDATE ? NU_F_PASSWORD : 0);
		sample_user(&op->before, name, i, true);
		sample_user(&op->after, name, i, false);
		op->rid = (uint32_t)(1000 + i);
		op->pw_kind = kind == OP_UPDATE ? PW_ENV : PW_NONE;
		op->pw_ref = kind == OP_UPDATE ? xstrdup("ACCORD_PW_USER") : NULL;
		op->pw_fingerprint = kind == OP_UPDATE ?
			xstrdup("00112233445566778899aabbccddeeff") : NULL;
		op->depends_on = i > 0 && kind == OP_GROUP_ADD ? (unsigned)i : 0;
		op->reason = xasprintf("reason %zu", i);
		op->src_file = xstrdup("/etc/accord/users.yaml");
		op->src_line = (unsigned)(10 + i);
		op->src_col = 3;
		if (kind == OP_UPDATE)
			op->must_change = OP_MC_FIRST_MANAGED;
		if (kind == OP_NOTE) {
			op->must_change = OP_MC_ALREADY;
			op->must_change_at = INT64_C(1700000000) + (int64_t)i;
		}
	}
	plan_add_warning(p, "first warning");
	plan_add_warning(p, "second: %s", "détail");
	return p;
}

double state_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

unsigned char *state_read_file(const char *path, size_t *len)
{
	unsigned char *buf = NULL;
	size_t alloc = 0, n = 0, got;
	FILE *f = fopen(path, "rb");

	if (!f)
		return NULL;
	do {
		XGROW(buf, alloc, n + 65536);
		got = fread(buf + n, 1, alloc - n, f);
		n += got;
	} while (got > 0);
	fclose(f);
	*len = n;
	return buf;
}

bool state_file_contains(const char *path, const char *needle)
{
	size_t len = 0, nlen = strlen(needle);
	unsigned char *buf = state_read_file(path, &len);
	bool found = false;

	for (size_t i = 0; buf && !found && i + nlen <= len; i++)
		found = memcmp(buf + i, needle, nlen) == 0;
	free(buf);
	return found;
}
