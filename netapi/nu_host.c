/* nu_host.c: the parts of nu_host_get both backends share: the record's
 * lifetime, the spelling of names, and the numeric address of the server
 * (getaddrinfo, which POSIX and Winsock both have). */
#include "nu_internal.h"

#include "xalloc.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#ifdef _WIN32
#include <winsock2.h>
#include <ws2tcpip.h>
#else
#include <netdb.h>
#include <sys/socket.h>
#endif

void nu_host_release(struct nu_host *h)
{
	if (!h)
		return;
	free(h->computer);
	free(h->dns_name);
	free(h->domain);
	free(h->dns_domain);
	free(h->address);
	memset(h, 0, sizeof(*h));
}

/* NetBIOS and DNS names are ASCII; other bytes are left as they are. */
static void fold(char *s, int (*to)(int))
{
	for (; s && *s; s++)
		if (!((unsigned char)*s & 0x80))
			*s = (char)to((unsigned char)*s);
}

void nu_host_settle(struct nu_host *h)
{
	fold(h->computer, toupper);
	fold(h->domain, toupper);
	if (h->dns_domain && !*h->dns_domain) {
		free(h->dns_domain);
		h->dns_domain = NULL;
	}
	if (!h->dns_name && h->joined && h->computer && h->dns_domain)
		h->dns_name = xasprintf("%s.%s", h->computer, h->dns_domain);
	fold(h->dns_domain, tolower);
	fold(h->dns_name, tolower);
}

char *nu_host_address(const char *host)
{
	struct addrinfo hints, *ai = NULL;
	char buf[64];
	char *out = NULL;

	if (!host || !*host)
		return NULL;
	while (*host == '\\' || *host == '/')
		host++;
#ifdef _WIN32
	{
		WSADATA wsa;

		if (WSAStartup(MAKEWORD(2, 2), &wsa) != 0)
			return NULL;
	}
#endif
	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	/* the first answer is the one a client connects to first */
	if (getaddrinfo(host, NULL, &hints, &ai) == 0 && ai &&
	    getnameinfo(ai->ai_addr, (socklen_t)ai->ai_addrlen, buf, sizeof(buf), NULL, 0,
			NI_NUMERICHOST) == 0)
		out = xstrdup(buf);
	if (ai)
		freeaddrinfo(ai);
#ifdef _WIN32
	WSACleanup();
#endif
	return out;
}
