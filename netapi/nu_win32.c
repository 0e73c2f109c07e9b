/* nu_win32.c: the NetUser layer over netapi32 (Windows build): connection,
 * credentials, tracing and error text. Account calls are in
 * nu_win32_user.c, local groups in nu_win32_lgroup.c. */
#include "nu_win32.h"

#include "names.h"
#include "xalloc.h"

#include <sddl.h>
#include <winnetwk.h>

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* netapi.h's rule "one process talks to one server" exists because Samba's
 * libnetapi caches one connection per process. netapi32 has no such limit,
 * but the Windows build keeps the same contract so that nothing written
 * against it breaks on Linux. */
static struct {
	unsigned open;
	char *server;
	char *user;
} win_bound;

static double win_ms_since(const LARGE_INTEGER *t0)
{
	LARGE_INTEGER now, freq;

	QueryPerformanceCounter(&now);
	QueryPerformanceFrequency(&freq);
	return (double)(now.QuadPart - t0->QuadPart) * 1000.0 / (double)freq.QuadPart;
}

void win_call_begin(struct win_call *k, const char *function, uint32_t level,
		    const char *account, bool write)
{
	k->function = function;
	k->level = level;
	k->account = account;
	k->write = write;
	QueryPerformanceCounter(&k->t0);
}

void win_call_end(struct nu_conn *c, struct win_call *k, uint32_t raw)
{
	struct nu_trace_event ev = {
		.function = k->function, .level = k->level, .account = k->account,
		.raw = raw, .ms = win_ms_since(&k->t0), .write = k->write,
	};

	c->stats.calls++;
	if (k->write)
		c->stats.writes++;
	else
		c->stats.reads++;
	/* every Net*, WNet* and Lsa* call is an RPC to the server (to the
	 * local SAM/LSA service when server is NULL) */
	c->stats.round_trips++;
	c->stats.ms += ev.ms;
	if (c->trace_fn)
		c->trace_fn(c->trace_ud, &ev);
}

void win_res_clear(struct nu_result *res)
{
	if (res)
		memset(res, 0, sizeof(*res));
}

/* The system's text for raw (NERR_* codes live in netmsg.dll), lowercased
 * at its start and without the trailing full stop, as accord's messages are. */
static void win_error_text(uint32_t raw, char *buf, size_t size)
{
	DWORD flags = FORMAT_MESSAGE_ALLOCATE_BUFFER | FORMAT_MESSAGE_IGNORE_INSERTS;
	wchar_t *w = NULL;
	HMODULE netmsg = NULL;
	char *s = NULL;
	size_t n;

	buf[0] = '\0';
	if (raw >= NERR_BASE && raw <= MAX_NERR)
		netmsg = LoadLibraryExW(L"netmsg.dll", NULL, LOAD_LIBRARY_AS_DATAFILE);
	if (!FormatMessageW(flags | (netmsg ? FORMAT_MESSAGE_FROM_HMODULE : FORMAT_MESSAGE_FROM_SYSTEM),
			    netmsg, raw, 0, (LPWSTR)&w, 0, NULL))
		goto out;
	s = win_utf8(w);
	n = strlen(s);
	while (n && (s[n - 1] == '\n' || s[n - 1] == '\r' || s[n - 1] == ' ' || s[n - 1] == '.'))
		s[--n] = '\0';
	if (s[0] >= 'A' && s[0] <= 'Z' && !(s[1] >= 'A' && s[1] <= 'Z'))
		s[0] = (char)(s[0] - 'A' + 'a');
	snprintf(buf, size, "%s", s);
out:
	free(s);
	if (w)
		LocalFree(w);
	if (netmsg)
		FreeLibrary(netmsg);
}

int win_fail(struct nu_result *res, const struct win_call *k, uint32_t raw,
	     uint32_t parm_err)
{
	char why[160];

	if (!res)
		return -1;
	win_error_text(raw, why, sizeof(why));
	res->status = nu_status_from_raw(raw);
	res->raw = raw;
	res->parm_err = raw == ERROR_INVALID_PARAMETER ? parm_err : 0;
	snprintf(res->msg, sizeof(res->msg), "%s level %u%s%s%s failed: %s (%u)",
		 k->function, (unsigned)k->level, k->account ? " on '" : "",
		 k->account ? k->account : "", k->account ? "'" : "",
		 why[0] ? why : nu_status_name(res->status), (unsigned)raw);
	return -1;
}

int win_invalid(struct nu_result *res, const char *fmt, ...)
{
	va_list ap;

	if (!res)
		return -1;
	memset(res, 0, sizeof(*res));
	res->status = NU_INVALID_PARAM;
	va_start(ap, fmt);
	vsnprintf(res->msg, sizeof(res->msg), fmt, ap);
	va_end(ap);
	return -1;
}

int win_wide(const char *s, const char *what, wchar_t **out, struct nu_result *res)
{
	if (nu_utf8_to_utf16(s, out) < 0)
		return win_invalid(res, "%s is not valid UTF-8: fix the encoding of the input", what);
	return 0;
}

int win_wide_name(const char *s, const char *what, wchar_t **out, struct nu_result *res)
{
	if (!s || !*s)
		return win_invalid(res, "%s is missing", what);
	return win_wide(s, what, out, res);
}

char *win_utf8(const wchar_t *w)
{
	return nu_utf16_to_utf8(w);
}

char *win_sid_string(PSID sid)
{
	wchar_t *w = NULL;
	char *s = NULL;

	if (sid && ConvertSidToStringSidW(sid, &w)) {
		s = win_utf8(w);
		LocalFree(w);
	}
	return s;
}

/* Strips the "\\" a caller may have written before the host name. */
static const char *win_host(const char *server)
{
	if (!server)
		return NULL;
	while (*server == '\\' || *server == '/')
		server++;
	return *server ? server : NULL;
}

static int win_bind_check(const char *host, const char *user, struct nu_result *res)
{
	if (!win_bound.open)
		return 0;
	if (acc_name_eq(win_bound.server ? win_bound.server : "", host ? host : "") &&
	    acc_name_eq(win_bound.user ? win_bound.user : "", user ? user : ""))
		return 0;
	return win_invalid(res, "this process is already connected to '%s': one process "
			   "talks to one server with one account; start another process",
			   win_bound.server ? win_bound.server : "the local machine");
}

static void win_bind(const char *host, const char *user)
{
	if (!win_bound.open++) {
		win_bound.server = xstrdup(host);
		win_bound.user = xstrdup(user);
	}
}

static void win_unbind(void)
{
	if (win_bound.open && !--win_bound.open) {
		free(win_bound.server);
		free(win_bound.user);
		win_bound.server = win_bound.user = NULL;
	}
}

/* Opens \\host\IPC$ with the given account: netapi32 then runs every Net*
 * call to that host in this logon session as that account. */
static int win_ipc_connect(struct nu_conn *c, const struct nu_creds *cr, struct nu_result *res)
{
	NETRESOURCEW nr;
	struct win_call k;
	wchar_t *user_w = NULL, *pass_w = NULL;
	char *account = NULL;
	DWORD st;
	int rc = -1;

	/* "DOMAIN\user" unless the user is already qualified */
	if (cr->domain && *cr->domain && !strchr(cr->user, '\\') && !strchr(cr->user, '@'))
		account = xasprintf("%s\\%s", cr->domain, cr->user);
	else
		account = xstrdup(cr->user);
	if (win_wide(account, "user name", &user_w, res) ||
	    win_wide(cr->password, "password", &pass_w, res))
		goto out;
	c->ipc_w = xmalloc((wcslen(c->server_w) + 6) * sizeof(wchar_t));
	wcscpy(c->ipc_w, c->server_w);
	wcscat(c->ipc_w, L"\\IPC$");
	memset(&nr, 0, sizeof(nr));
	nr.dwType = RESOURCETYPE_ANY;
	nr.lpRemoteName = c->ipc_w;
	win_call_begin(&k, "WNetAddConnection2", 0, account, false);
	st = WNetAddConnection2W(&nr, pass_w, user_w, 0);
	win_call_end(c, &k, st);
	if (st != NO_ERROR) {
		free(c->ipc_w);
		c->ipc_w = NULL;
		win_fail(res, &k, st, 0);
		if (st == ERROR_SESSION_CREDENTIAL_CONFLICT && res)
			snprintf(res->msg, sizeof(res->msg), "connecting to '%s' as '%s' failed: this "
				 "logon session already holds a connection to it with other "
				 "credentials; remove it with 'net use \\\\%s\\IPC$ /delete' (1219)",
				 c->server, account, c->server);
		goto out;
	}
	rc = 0;
out:
	nu_utf16_free_secret(pass_w);
	free(user_w);
	free(account);
	return rc;
}

/* The account domain's SID (NetUserModalsGet level 2). Being the first call
 * to the server, it is also what checks the credentials at connect time. */
static int win_load_domain_sid(struct nu_conn *c, struct nu_result *res)
{
	USER_MODALS_INFO_2 *m = NULL;
	struct win_call k;
	NET_API_STATUS st;
	int rc = -1;

	win_call_begin(&k, "NetUserModalsGet", 2, NULL, false);
	st = NetUserModalsGet(c->server_w, 2, (LPBYTE *)&m);
	win_call_end(c, &k, st);
	if (st != NERR_Success) {
		win_fail(res, &k, st, 0);
		goto out;
	}
	c->domain_sid = win_sid_string(m->usrmod2_domain_id);
	if (!c->domain_sid) {
		win_fail(res, &k, GetLastError(), 0);
		goto out;
	}
	rc = 0;
out:
	if (m)
		NetApiBufferFree(m);
	return rc;
}

static char *win_local_name(void)
{
	wchar_t name[MAX_COMPUTERNAME_LENGTH + 1];
	DWORD n = MAX_COMPUTERNAME_LENGTH + 1;

	return GetComputerNameW(name, &n) ? win_utf8(name) : xstrdup("localhost");
}

int nu_connect(const struct nu_creds *creds, struct nu_conn **out, struct nu_result *res)
{
	struct nu_conn *c = NULL;
	const char *host, *user;
	wchar_t *host_w = NULL;
	int rc = -1;

	win_res_clear(res);
	if (!creds || !out)
		return win_invalid(res, "nu_connect needs credentials and an output");
	host = win_host(creds->server);
	user = creds->user && *creds->user ? creds->user : NULL;
	if (user && !host)
		return win_invalid(res, "credentials for user '%s' were given for the local "
				   "machine: run accord as that user instead, or name a server", user);
	if (win_bind_check(host, user, res) || win_wide(host, "server name", &host_w, res))
		return -1;
	c = xcalloc(1, sizeof(*c));
	win_bind(host, user);
	if (host_w) {
		c->server_w = xmalloc((wcslen(host_w) + 3) * sizeof(wchar_t));
		wcscpy(c->server_w, L"\\\\");
		wcscat(c->server_w, host_w);
		c->server = xstrdup(host);
	} else {
		c->server = win_local_name();
	}
	if (user && win_ipc_connect(c, creds, res))
		goto out;
	if (win_load_domain_sid(c, res))
		goto out;
	*out = c;
	c = NULL;
	rc = 0;
out:
	nu_disconnect(c);
	free(host_w);
	return rc;
}

void nu_disconnect(struct nu_conn *c)
{
	if (!c)
		return;
	/* not forced: if the logon session uses the same IPC$ connection for
	 * something else, Windows keeps it for that user */
	if (c->ipc_w)
		WNetCancelConnection2W(c->ipc_w, 0, FALSE);
	free(c->ipc_w);
	free(c->server_w);
	free(c->server);
	free(c->domain_sid);
	free(c);
	win_unbind();
}

const char *nu_server(const struct nu_conn *c)
{
	return c->server;
}

const char *nu_domain_sid(const struct nu_conn *c)
{
	return c->domain_sid;
}

void nu_set_trace(struct nu_conn *c, nu_trace_fn fn, void *ud)
{
	c->trace_fn = fn;
	c->trace_ud = ud;
}

void nu_get_stats(const struct nu_conn *c, struct nu_stats *out)
{
	*out = c->stats;
}

void nu_reset_stats(struct nu_conn *c)
{
	memset(&c->stats, 0, sizeof(c->stats));
}
