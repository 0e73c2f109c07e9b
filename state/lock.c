/* lock.c: one apply at a time per server, across processes and hosts
 * sharing the database. The lock is a row; taking it, or taking it over
 * from a dead holder, happens in one IMMEDIATE transaction, so two
 * processes never both believe they hold it. */
#include "store_int.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

static void format_time(int64_t t, char *buf, size_t n)
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (!localtime_r(&tt, &tm) || !strftime(buf, n, "%Y-%m-%d %H:%M:%S", &tm))
		snprintf(buf, n, "@%lld", (long long)t);
}

static void holder_from_row(sqlite3_stmt *st, struct store_lock_holder *h, long long *start)
{
	memset(h, 0, sizeof(*h));
	snprintf(h->user, sizeof(h->user), "%s", (const char *)sqlite3_column_text(st, 0) ?
		 (const char *)sqlite3_column_text(st, 0) : "?");
	h->pid = (long)sqlite3_column_int64(st, 1);
	snprintf(h->host, sizeof(h->host), "%s", (const char *)sqlite3_column_text(st, 2));
	*start = sqlite3_column_int64(st, 3);
	snprintf(h->command, sizeof(h->command), "%s", (const char *)sqlite3_column_text(st, 4) ?
		 (const char *)sqlite3_column_text(st, 4) : "?");
	h->since = sqlite3_column_int64(st, 5);
	h->heartbeat = sqlite3_column_int64(st, 6);
}

/* A holder on this host lives while its pid does (a long network call
 * sends no heartbeat); one on another host while it keeps beating. */
static bool holder_alive(const struct store_lock_holder *h, long long start,
			 const struct store_who *me)
{
	if (strcmp(h->host, me->host) == 0)
		return store_pid_alive(h->pid, start);
	return store_now() - h->heartbeat < STORE_LOCK_STALE_SECONDS;
}

/* Reads the current holder; 1 when there is one. */
static int read_holder(struct store *s, const char *server, struct store_lock_holder *h,
		       long long *start, struct acc_error *err)
{
	sqlite3_stmt *st = NULL;
	int ret;

	if (store_prepare(s, "SELECT unix_user, pid, host, proc_start, command, since, "
			  "heartbeat FROM locks WHERE server = ?1", &st, "reading the apply lock",
			  err) < 0)
		return -1;
	store_bind_str(st, 1, server);
	ret = store_step_row(s, st, "reading the apply lock", err);
	if (ret == 1)
		holder_from_row(st, h, start);
	sqlite3_finalize(st);
	return ret;
}

static int write_lock(struct store *s, const char *server, const struct store_who *me,
		      struct acc_error *err)
{
	sqlite3_stmt *st = NULL;
	int64_t now = store_now();
	int ret;

	if (store_prepare(s, "INSERT OR REPLACE INTO locks (server, unix_user, pid, host, "
			  "proc_start, command, since, heartbeat) VALUES (?1, ?2, ?3, ?4, ?5, "
			  "?6, ?7, ?7)", &st, "taking the apply lock", err) < 0)
		return -1;
	store_bind_str(st, 1, server);
	store_bind_str(st, 2, me->user);
	sqlite3_bind_int64(st, 3, me->pid);
	store_bind_str(st, 4, me->host);
	sqlite3_bind_int64(st, 5, me->start);
	store_bind_str(st, 6, s->command);
	sqlite3_bind_int64(st, 7, now);
	ret = store_step_done(s, st, "taking the apply lock", err);
	sqlite3_finalize(st);
	return ret;
}

int store_lock_acquire(struct store *s, const char *server, struct store_lock_holder *holder,
		       struct acc_error *err)
{
	const char *key = store_server_key(server);
	struct store_lock_holder h;
	struct store_who me;
	long long start = 0;
	char since[32];
	int held, ret = -1;

	store_who_self(&me);
	if (store_begin_immediate(s, err) < 0)
		return -1;
	held = read_holder(s, key, &h, &start, err);
	if (held < 0)
		goto out;
	if (held && holder_alive(&h, start, &me)) {
		format_time(h.since, since, sizeof(since));
		acc_fail(err, ACC_ELOCKED, 0, "server %s is being applied by another accord: "
			 "%s on %s, pid %ld (%s), since %s; wait for it to end",
			 *key ? key : "(local)", h.user, h.host, h.pid, h.command, since);
		if (holder)
			*holder = h;
		goto out;
	}
	if (held && store_runs_interrupt(s, key, h.pid, h.host, err) < 0)
		goto out;
	if (write_lock(s, key, &me, err) < 0 || store_commit(s, err) < 0)
		goto out;
	if (held && holder)
		*holder = h;
	ret = held ? 1 : 0;
out:
	if (ret < 0)
		store_rollback(s);
	return ret;
}

/* Runs sql (?1 server, ?2 pid, ?3 host, ?4 now) on our own lock row;
 * returns the number of rows changed. */
static int own_lock(struct store *s, const char *server, const char *sql, const char *what,
		    struct acc_error *err)
{
	sqlite3_stmt *st = NULL;
	struct store_who me;
	int ret = -1;

	store_who_self(&me);
	if (store_prepare(s, sql, &st, what, err) < 0)
		return -1;
	store_bind_str(st, 1, store_server_key(server));
	sqlite3_bind_int64(st, 2, me.pid);
	store_bind_str(st, 3, me.host);
	sqlite3_bind_int64(st, 4, store_now());
	if (store_step_done(s, st, what, err) == 0)
		ret = sqlite3_changes(s->db);
	sqlite3_finalize(st);
	return ret;
}

int store_lock_heartbeat(struct store *s, const char *server, struct acc_error *err)
{
	int n = own_lock(s, server, "UPDATE locks SET heartbeat = ?4 WHERE server = ?1 AND "
			 "pid = ?2 AND host = ?3", "refreshing the apply lock", err);

	if (n < 0)
		return -1;
	if (n == 0)
		return acc_fail(err, ACC_ELOCKED, 0, "the apply lock of server %s is no longer "
				"held by this process (taken over as stale?); stop and plan "
				"again", server && *server ? server : "(local)");
	return 0;
}

int store_lock_release(struct store *s, const char *server, struct acc_error *err)
{
	return own_lock(s, server, "DELETE FROM locks WHERE server = ?1 AND pid = ?2 AND "
			"host = ?3 AND ?4 IS NOT NULL", "releasing the apply lock", err) < 0 ? -1 : 0;
}
