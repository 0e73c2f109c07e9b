/* who_win32.c: who this process is (for run and lock rows) and whether
 * another process on this machine still lives; POSIX: who_posix.c. */
#include "store_int.h"

#include <stdio.h>
#include <string.h>
#include <windows.h>

/* The process's creation time (FILETIME, 100 ns since 1601): a pid reused by
 * another process has another one. 0 when unknown. */
static long long process_start(HANDLE h)
{
	FILETIME created, exited, kernel, user;

	if (!GetProcessTimes(h, &created, &exited, &kernel, &user))
		return 0;
	return (long long)(((unsigned long long)created.dwHighDateTime << 32) |
			   created.dwLowDateTime);
}

/* UTF-16 to UTF-8 into a fixed buffer; false when it does not fit. */
static bool to_utf8(const wchar_t *w, char *buf, size_t n)
{
	int len = WideCharToMultiByte(CP_UTF8, 0, w, -1, buf, (int)n, NULL, NULL);

	return len > 0;
}

void store_who_self(struct store_who *w)
{
	wchar_t name[256];
	DWORD n = sizeof(name) / sizeof(name[0]);

	memset(w, 0, sizeof(*w));
	if (!GetUserNameW(name, &n) || !to_utf8(name, w->user, sizeof(w->user)))
		snprintf(w->user, sizeof(w->user), "unknown");
	w->pid = (long)GetCurrentProcessId();
	/* the DNS host name, as gethostname() gives on Linux */
	n = sizeof(name) / sizeof(name[0]);
	if (!GetComputerNameExW(ComputerNameDnsHostname, name, &n) ||
	    !to_utf8(name, w->host, sizeof(w->host)))
		snprintf(w->host, sizeof(w->host), "localhost");
	w->start = process_start(GetCurrentProcess());
}

bool store_pid_alive(long pid, long long start)
{
	HANDLE h;
	DWORD code = 0;
	long long now_start;
	bool alive;

	if (pid <= 0)
		return false;
	h = OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, FALSE, (DWORD)pid);
	if (!h)
		/* no such process, or one we may not look at: only the first is dead */
		return GetLastError() == ERROR_ACCESS_DENIED;
	/* an exited process whose handle someone still holds is dead too */
	alive = GetExitCodeProcess(h, &code) && code == STILL_ACTIVE;
	now_start = process_start(h);
	CloseHandle(h);
	return alive && (start == 0 || now_start == 0 || now_start == start);
}
