#pragma once
/* nu_win32.h: private to the netapi32 backend (nu_win32*.c).
 *
 * struct nu_conn of the Windows build, and the few helpers every Net* call
 * goes through: UTF-8 <-> UTF-16 at the edge, one traced and counted call,
 * one way to turn a NET_API_STATUS into a struct nu_result. */

#include "netapi.h"
#include "nu_internal.h"
#include "nu_utf16.h"

#include <windows.h>
#include <lm.h>

struct nu_conn {
	wchar_t *server_w;   /* "\\\\host" for netapi32; NULL = local machine */
	char *server;        /* host as given, or the local computer name */
	wchar_t *ipc_w;      /* "\\\\host\\IPC$" while our WNetAddConnection2 holds it */
	char *domain_sid;    /* account domain, "S-1-5-21-..." */
	struct nu_tracer tr;
};

/* One platform call in flight: started by win_call_begin, counted, timed,
 * traced and judged by win_call_end. */
struct win_call {
	const char *function;
	uint32_t level;
	const char *account;  /* UTF-8, may be NULL; never a password */
	bool write;
	double t0;
};

void win_call_begin(struct win_call *k, const char *function, uint32_t level,
		    const char *account, bool write);
/* Ends call k with its raw status. NERR_Success and ERROR_MORE_DATA (a
 * page of a longer answer) return 0; anything else fills res, if not NULL,
 * through nu_fail_win32 ("<call> level <n> on '<account>': <reason>") and
 * returns -1. */
int win_call_end(struct nu_conn *c, struct win_call *k, uint32_t raw, uint32_t parm_err,
		 struct nu_result *res);

/* Fills res for a bad argument caught before any platform call:
 * NU_INVALID_PARAM with raw 87 (ERROR_INVALID_PARAMETER), as the Samba
 * backend reports it. Returns -1. */
int win_invalid(struct nu_result *res, const char *fmt, ...)
	__attribute__((format(gnu_printf, 2, 3)));

/* UTF-8 argument -> UTF-16; what names the argument in the message.
 * NULL in gives NULL out. Invalid UTF-8 fails with NU_INVALID_PARAM. */
int win_wide(const char *s, const char *what, wchar_t **out, struct nu_result *res);

/* Like win_wide but refuses NULL and "" (account and group names). */
int win_wide_name(const char *s, const char *what, wchar_t **out, struct nu_result *res);

/* UTF-16 from netapi32 -> UTF-8 (NULL stays NULL). */
char *win_utf8(const wchar_t *w);

/* "S-1-..." of a binary SID, NULL if it cannot be converted. */
char *win_sid_string(PSID sid);
