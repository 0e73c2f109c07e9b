#pragma once
/* nu_testenv.h: what netapi's integration tests and nu-probe share:
 * credentials from the test server's environment (ACCORD_TEST_SERVER,
 * ACCORD_TEST_AUTH: an smbclient-style auth file) and a call counter. */

#include "netapi.h"

struct nu_testenv {
	char server[256];
	char user[128];
	char password[256];
	char domain[128];
	char profile[32];  /* ACCORD_TEST_PROFILE: "standalone", "addc" or "" */
};

/* Reads an smbclient auth file ("username = x" lines). 0 or -1. */
int nu_testenv_read_auth(const char *path, struct nu_testenv *env);
/* From ACCORD_TEST_SERVER / ACCORD_TEST_AUTH / ACCORD_TEST_PROFILE. 0 or -1. */
int nu_testenv_load(struct nu_testenv *env);
/* creds pointing into env */
struct nu_creds nu_testenv_creds(const struct nu_testenv *env);
/* A trace callback that prints one line per call to the FILE in ud. */
void nu_testenv_print_trace(void *ud, const struct nu_trace_event *ev);
