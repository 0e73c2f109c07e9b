/* platform_posix.c: platform.h and cli_default_state_path on POSIX. */
#include "platform.h"

#include "cli.h"
#include "xalloc.h"

#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <unistd.h>

static volatile sig_atomic_t *stop_flag;
static struct sigaction old_int, old_term;

static void on_signal(int signo)
{
	*stop_flag = signo;
}

void plat_console_init(void)
{
}

void plat_stop_begin(volatile sig_atomic_t *flag)
{
	struct sigaction sa = { 0 };

	/* SA_RESTART keeps the call in flight from failing half-way;
	 * SA_RESETHAND makes the second signal kill. */
	stop_flag = flag;
	sa.sa_handler = on_signal;
	sa.sa_flags = SA_RESTART | SA_RESETHAND;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, &old_int);
	sigaction(SIGTERM, &sa, &old_term);
}

void plat_stop_end(void)
{
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);
}

void plat_log_line(enum plat_log_level level, const char *line)
{
	static const int prio[] = {
		[PLAT_LOG_INFO] = LOG_INFO, [PLAT_LOG_WARNING] = LOG_WARNING,
		[PLAT_LOG_ERR] = LOG_ERR,
	};

	openlog("accord", LOG_PID, LOG_USER);
	syslog(prio[level], "%s", line);
	closelog();
}

char *cli_default_state_path(void)
{
	const char *env = getenv("ACCORD_STATE");
	const char *xdg = getenv("XDG_STATE_HOME");
	const char *home = getenv("HOME");

	if (env && *env)
		return xstrdup(env);
	if (geteuid() == 0)
		return xstrdup("/var/lib/accord/state.db");
	if (xdg && *xdg)
		return xasprintf("%s/accord/state.db", xdg);
	if (!home || !*home) {
		struct passwd *pw = getpwuid(geteuid());

		home = pw ? pw->pw_dir : "/tmp";
	}
	return xasprintf("%s/.local/state/accord/state.db", home);
}
