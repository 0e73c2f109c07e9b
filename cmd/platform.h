#pragma once
/* platform.h: what cmd/ does differently on POSIX and on Windows, one
 * function each, implemented in platform_posix.c and platform_win32.c
 * (chosen by cmd/CMakeLists.txt). Nothing here prints. */

#include <signal.h>

/* Called first in main(): on Windows, UTF-8 console input and output (the
 * manifest already makes the process code page UTF-8); nothing on POSIX. */
void plat_console_init(void);

/* Between plat_stop_begin and plat_stop_end, the first interrupt (SIGINT,
 * SIGTERM; on Windows Ctrl+C, Ctrl+Break, closing the console, log-off,
 * shut-down) sets *flag to the signal's number (SIGINT or SIGTERM) and lets
 * the call in flight finish; a second one ends the process. */
void plat_stop_begin(volatile sig_atomic_t *flag);
void plat_stop_end(void);

enum plat_log_level { PLAT_LOG_INFO, PLAT_LOG_WARNING, PLAT_LOG_ERR };

/* Sends one line to the system log: syslog (facility user, tag "accord")
 * on POSIX, the Application event log (source "accord") on Windows. Best
 * effort: a log that cannot be reached is not an error. */
void plat_log_line(enum plat_log_level level, const char *line);
