/* nu_samba_log.c: keeps Samba's own debug output off the terminal.
 *
 * libnetapi and the SAMR client both log through Samba's debug subsystem
 * (libsamba-debug-samba4), which writes level-0 notes such as "WARNING: no
 * network interfaces found" to stderr. Library code never prints: route
 * them to a callback that drops them. DEBUG_CALLBACK outranks the
 * DEBUG_STDERR that libnetapi_init() asks for, so this holds afterwards. */
#include "nu_samba.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <util/debug.h>

static void drop(void *ud, int level, const char *msg)
{
	(void)ud;
	(void)level;
	(void)msg;
}

void nu_samba_quiet(void)
{
	debug_set_callback(NULL, drop);
}
