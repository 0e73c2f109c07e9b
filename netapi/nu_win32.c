/* nu_win32.c: the NetUser layer over netapi32 (Windows build): connection,
 * credentials and the one path every platform call takes (trace, status).
 * Account calls are in nu_win32_user.c, local groups in nu_win32_lgroup.c. */
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

void win_call_begin(struct win_call *k, const char *function, uint32_t level,
		    const char *account, bool write)
{
	k->function = function;
	k->level = level;
	k->account = account;
	k->write = write;
	k->t0 = nu_now_ms();
}

int win_call_end(struct nu_conn *c, struct win_call *k, uint32_t raw, uint32_t parm_err,
		 struct nu_result *res)
{
	char what[128];

	/* with server NULL the call stays on this machine: no round trip */
	nu_trace_call(&c->tr, k->function, k->level, k->account, raw, k->t0, k->write,
		      c->server_w != NULL);
	if (raw == NERR_Success || raw == ERROR_MORE_DATA)
		return 0;
	if (!res)
		return -1;
	if (k->account)
		snprintf(what, sizeof(what), "%s level %u on '%s'", k->function,
			 (unsigned)k->level, k->account);
	else
		snprintf(what, sizeof(what), "%s level %u", k->function, (unsigned)k->level);
	return nu_fail_win32(res, raw, parm_err, what);
}

int win_invalid(struct nu_result *res, const char *fmt, ...)
{
	char msg[sizeof(res->msg)];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return nu_fail(res, NU_INVALID_PARAM, ERROR_INVALID_PARAMETER, "%s", msg);
}

int win_wide(const char *s, const char *what, wchar_t **out, struct nu_result *res)
{
	if (nu_utf8_to_utf16(s, out) < 0)
		return win_invalid(res, "%s is not valid UTF-8: fix the encoding of the input",
				   what);
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
	if (win_call_end(c, &k, st, 0, res)) {
		free(c->ipc_w);
		c->ipc_w = NULL;
		if (st == ERROR_SESSION_CREDENTIAL_CONFLICT)
			snprintf(res->msg, sizeof(res->msg), "connecting to '%s' as '%s' failed: this "
				 "logon session already holds a connection to it with other "
				 "credentials; remove it with 'net use \\\\%s\\IPC$ /delete' (code 1219)",
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
	if (win_call_end(c, &k, st, 0, res))
		goto out;
	c->domain_sid = win_sid_string(m->usrmod2_domain_id);
	if (!c->domain_sid) {
		nu_fail(res, NU_OTHER, 0, "the server's account domain SID is not valid");
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

	nu_ok(res);
	if (!creds || !out)
		return win_invalid(res, "nu_connect needs credentials and an output");
	host = win_host(creds->server);
	user = creds->user && *creds->user ? creds->user : NULL;
	if (user && !host)
		return win_invalid(res, "credentials for user '%s' were given for the local "
				   "machine: run accord as that user instead, or name a server",
				   user);
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

struct nu_tracer *nu_conn_tracer(struct nu_conn *c)
{
	return &c->tr;
}
