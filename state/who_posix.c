/* who_posix.c: who this process is (for run and lock rows) and whether
 * another process on this host still lives; Windows: who_win32.c. */
#include "store_int.h"

#include <errno.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Field 22 of /proc/PID/stat, the start time in clock ticks since boot: a
 * pid reused by another process has another start time. 0 when unknown.
 * *state gets field 3 ('Z' for a zombie), '?' when unknown. */
static long long proc_stat(long pid, char *state)
{
	char path[64], buf[1024];
	const char *p;
	long long start = 0;
	size_t n;
	FILE *f;

	*state = '?';
	snprintf(path, sizeof(path), "/proc/%ld/stat", pid);
	f = fopen(path, "re");
	if (!f)
		return 0;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	/* The command name (field 2) may hold spaces and parentheses. */
	p = strrchr(buf, ')');
	if (!p)
		return 0;
	p++;
	if (p[0] == ' ' && p[1])
		*state = p[1];
	for (int field = 3; field < 22 && p; field++)
		p = strchr(p + 1, ' ');
	if (p)
		start = strtoll(p + 1, NULL, 10);
	return start;
}

void store_who_self(struct store_who *w)
{
	struct passwd *pw = getpwuid(geteuid());
	char state;

	memset(w, 0, sizeof(*w));
	if (pw && pw->pw_name)
		snprintf(w->user, sizeof(w->user), "%s", pw->pw_name);
	else
		snprintf(w->user, sizeof(w->user), "uid %u", (unsigned)geteuid());
	w->pid = (long)getpid();
	if (gethostname(w->host, sizeof(w->host) - 1) < 0)
		snprintf(w->host, sizeof(w->host), "localhost");
	w->start = proc_stat(w->pid, &state);
}

bool store_pid_alive(long pid, long long start)
{
	long long now_start;
	char state;

	if (pid <= 0)
		return false;
	if (kill((pid_t)pid, 0) < 0 && errno != EPERM)
		return false;
	/* A killed process its parent has not reaped yet is dead too. */
	now_start = proc_stat(pid, &state);
	if (state == 'Z' || state == 'X')
		return false;
	return start == 0 || now_start == 0 || now_start == start;
}
