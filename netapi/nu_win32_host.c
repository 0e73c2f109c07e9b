/* nu_win32_host.c: nu_host_get over netapi32: two calls.
 *
 *   NetServerGetInfo 101                  computer name, OS version, server
 *                                         type bits
 *   DsRoleGetPrimaryDomainInformation     machine role (workgroup, member,
 *                                         DC), NetBIOS and DNS domain names
 *
 * A Samba server answers both too, but its OS version is an imitation
 * (always 6.1); it marks itself with SV_TYPE_SERVER_UNIX, so the version is
 * only reported without that bit. A call the server refuses leaves its
 * fields unknown; only a failed connection fails nu_host_get. */
#include "nu_win32.h"

#include "xalloc.h"

#include <dsrole.h>

#include <stdlib.h>
#include <string.h>

/* Whether raw says the server could not be reached, rather than "no". */
static bool win_unreachable(uint32_t raw)
{
	return nu_status_from_win32(raw) == NU_UNREACHABLE;
}

static int win_server_info(struct nu_conn *c, struct nu_host *h, struct nu_result *res)
{
	SERVER_INFO_101 *si = NULL;
	struct win_call k;
	NET_API_STATUS st;

	win_call_begin(&k, "NetServerGetInfo", 101, NULL, false);
	st = NetServerGetInfo(c->server_w, 101, (LPBYTE *)&si);
	if (win_call_end(c, &k, st, 0, win_unreachable(st) ? res : NULL))
		return win_unreachable(st) ? -1 : 0;
	h->computer = win_utf8(si->sv101_name);
	if (si->sv101_platform_id == SV_PLATFORM_ID_NT && !(si->sv101_type & SV_TYPE_SERVER_UNIX)) {
		h->os_known = true;
		h->os_major = si->sv101_version_major & MAJOR_VERSION_MASK;
		h->os_minor = si->sv101_version_minor;
		h->os_server = (si->sv101_type & (SV_TYPE_SERVER_NT | SV_TYPE_DOMAIN_CTRL |
						  SV_TYPE_DOMAIN_BAKCTRL)) != 0;
	}
	NetApiBufferFree(si);
	return 0;
}

static int win_domain_info(struct nu_conn *c, struct nu_host *h, struct nu_result *res)
{
	DSROLE_PRIMARY_DOMAIN_INFO_BASIC *di = NULL;
	struct win_call k;
	DWORD st;

	win_call_begin(&k, "DsRoleGetPrimaryDomainInformation", DsRolePrimaryDomainInfoBasic, NULL,
		       false);
	st = DsRoleGetPrimaryDomainInformation(c->server_w, DsRolePrimaryDomainInfoBasic,
					       (PBYTE *)&di);
	if (win_call_end(c, &k, st, 0, win_unreachable(st) ? res : NULL))
		return win_unreachable(st) ? -1 : 0;
	h->domain_known = true;
	h->is_dc = di->MachineRole == DsRole_RoleBackupDomainController ||
		   di->MachineRole == DsRole_RolePrimaryDomainController;
	h->joined = h->is_dc || di->MachineRole == DsRole_RoleMemberWorkstation ||
		    di->MachineRole == DsRole_RoleMemberServer;
	h->domain = win_utf8(di->DomainNameFlat);
	if (h->joined)
		h->dns_domain = win_utf8(di->DomainNameDns);
	DsRoleFreeMemory(di);
	return 0;
}

/* This machine's fully qualified DNS name, when it has a DNS suffix. */
static char *win_local_dns_name(void)
{
	wchar_t name[256];
	DWORD n = sizeof(name) / sizeof(name[0]);
	char *s = NULL;

	if (GetComputerNameExW(ComputerNameDnsFullyQualified, name, &n))
		s = win_utf8(name);
	if (s && !strchr(s, '.')) {
		free(s);
		s = NULL;
	}
	return s;
}

int nu_host_get(struct nu_conn *c, struct nu_host *out, struct nu_result *res)
{
	struct nu_host h;

	memset(&h, 0, sizeof(h));
	if (win_server_info(c, &h, res) < 0 || win_domain_info(c, &h, res) < 0) {
		nu_host_release(&h);
		return -1;
	}
	if (!c->server_w) {
		h.dns_name = win_local_dns_name();
	} else {
		/* c->server is the host as given, without the leading "\\" */
		h.address = nu_host_address(c->server);
	}
	nu_host_settle(&h);
	*out = h;
	return nu_ok(res);
}
