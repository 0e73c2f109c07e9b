/* platform_win32.c: platform.h and cli_default_state_path on Windows. */
#include "platform.h"

#include "cli.h"
#include "xalloc.h"

#include <shlobj.h>
#include <stdlib.h>
#include <windows.h>

static volatile sig_atomic_t *stop_flag;

/* The console's control events are the Windows form of SIGINT and SIGTERM.
 * The handler runs on a thread of its own: it only sets the flag. Returning
 * FALSE the second time passes the event on to the default handler, which
 * ends the process (as SA_RESETHAND does on POSIX). */
static BOOL WINAPI on_ctrl(DWORD ev)
{
	if (*stop_flag)
		return FALSE;
	*stop_flag = (ev == CTRL_C_EVENT || ev == CTRL_BREAK_EVENT) ? SIGINT : SIGTERM;
	return TRUE;
}

void plat_console_init(void)
{
	/* argv, fopen and getenv are UTF-8 by the manifest (accord.rc); the
	 * console's own code page still decides how printed bytes look */
	SetConsoleOutputCP(CP_UTF8);
	SetConsoleCP(CP_UTF8);
}

void plat_stop_begin(volatile sig_atomic_t *flag)
{
	stop_flag = flag;
	SetConsoleCtrlHandler(on_ctrl, TRUE);
}

void plat_stop_end(void)
{
	SetConsoleCtrlHandler(on_ctrl, FALSE);
}

void plat_log_line(enum plat_log_level level, const char *line)
{
	static const WORD type[] = {
		[PLAT_LOG_INFO] = EVENTLOG_INFORMATION_TYPE,
		[PLAT_LOG_WARNING] = EVENTLOG_WARNING_TYPE,
		[PLAT_LOG_ERR] = EVENTLOG_ERROR_TYPE,
	};
	int n = MultiByteToWideChar(CP_UTF8, 0, line, -1, NULL, 0);
	wchar_t *w;
	HANDLE h;

	if (n <= 0)
		return;
	w = xmalloc((size_t)n * sizeof(*w));
	MultiByteToWideChar(CP_UTF8, 0, line, -1, w, n);
	/* No message file is registered: the Event Viewer shows the line
	 * after its note that the description of event 1 was not found. */
	h = RegisterEventSourceW(NULL, L"accord");
	if (h) {
		const wchar_t *strs[] = { w };

		ReportEventW(h, type[level], 0, 1, NULL, 1, 0, strs, NULL);
		DeregisterEventSource(h);
	}
	free(w);
}

/* %ProgramData%\accord\state.db: one database per machine, as
 * /var/lib/accord is for root on Linux (accord manages the local accounts
 * from an elevated prompt or as SYSTEM). store_file_win32.c creates the
 * directory and the file with access for SYSTEM and Administrators only. */
char *cli_default_state_path(void)
{
	const char *env = getenv("ACCORD_STATE");
	wchar_t *dir = NULL;
	char *ret = NULL, *utf8 = NULL;
	int n;

	if (env && *env)
		return xstrdup(env);
	if (SHGetKnownFolderPath(&FOLDERID_ProgramData, 0, NULL, &dir) == S_OK &&
	    (n = WideCharToMultiByte(CP_UTF8, 0, dir, -1, NULL, 0, NULL, NULL)) > 0) {
		utf8 = xmalloc((size_t)n);
		WideCharToMultiByte(CP_UTF8, 0, dir, -1, utf8, n, NULL, NULL);
		ret = xasprintf("%s\\accord\\state.db", utf8);
	} else {
		ret = xstrdup("C:\\ProgramData\\accord\\state.db");
	}
	CoTaskMemFree(dir);
	free(utf8);
	return ret;
}
