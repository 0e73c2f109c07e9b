#pragma once
/* nu_internal.h: what every NetUser backend shares (nu_samba*.c, nu_win32.c):
 * the call tracer behind nu_set_trace/nu_get_stats and the mapping of raw
 * platform codes to enum nu_status. Not for use outside netapi/. */

#include "compat.h"
#include "netapi.h"

#include <stdarg.h>

/* Per-connection trace state; a backend embeds one in its struct nu_conn
 * and hands it out through nu_conn_tracer(). */
struct nu_tracer {
	nu_trace_fn fn;
	void *ud;
	struct nu_stats st;
};

/* Implemented by each backend: the tracer of connection c. */
struct nu_tracer *nu_conn_tracer(struct nu_conn *c);

/* Monotonic milliseconds, for the start of a traced call. */
double nu_now_ms(void);

/* Records one platform call that started at t0 (nu_now_ms()): counts it
 * (a round trip when remote) and hands it to the trace callback. account
 * may be NULL. Never pass anything that holds a password. */
void nu_trace_call(struct nu_tracer *t, const char *function, uint32_t level,
		   const char *account, uint32_t raw, double t0, bool write, bool remote);

/* Maps a NET_API_STATUS / WERROR / Win32 code (both the NERR_* family that
 * netapi32 returns and the ERROR_* family Samba's libnetapi returns). */
enum nu_status nu_status_from_win32(uint32_t code);
/* Maps an NTSTATUS (Samba's SAMR client; netapi32 never returns one). */
enum nu_status nu_status_from_ntstatus(uint32_t nt);

/* Short lowercase reason for a status: "no such account", ... */
const char *nu_status_reason(enum nu_status st);
/* Name of the USER_INFO field a parm_err index points at, or NULL. */
const char *nu_parm_name(uint32_t parm_err);

/* Clears res to NU_OK. Returns 0. */
int nu_ok(struct nu_result *res);
/* Fills res and returns -1. The message is built from fmt. */
int nu_fail(struct nu_result *res, enum nu_status st, uint32_t raw, const char *fmt, ...)
	ACC_PRINTF(4, 5);
/* Fills res from a raw Win32/NERR code: "<what>: <reason>" (naming the
 * field when parm_err is set). Returns -1. */
int nu_fail_win32(struct nu_result *res, uint32_t code, uint32_t parm_err, const char *what);
/* Same for an NTSTATUS. Returns -1. */
int nu_fail_ntstatus(struct nu_result *res, uint32_t nt, const char *what);

/* ---- nu_host_get (nu_host.c) ---- */

/* Spells a filled record as netapi.h says: computer and domain upper case,
 * DNS names lower case, an empty dns_domain NULL, and dns_name derived as
 * computer.dns_domain for a joined host whose DNS name the backend could
 * not read. */
void nu_host_settle(struct nu_host *h);
/* Numeric address ("127.0.0.1", "fe80::1") of host ("name", \\name or
 * an address): the first that getaddrinfo gives, as a client connects to it.
 * NULL for NULL/"" (the local machine) or when the name does not resolve. */
char *nu_host_address(const char *host);
