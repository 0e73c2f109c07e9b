/* nu_testenv.c: test server credentials for netapi's tests and nu-probe. */
#include "nu_testenv.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void trim(char *s)
{
	size_t n = strlen(s);

	while (n > 0 && (s[n - 1] == '\n' || s[n - 1] == '\r' || s[n - 1] == ' '))
		s[--n] = '\0';
}

int nu_testenv_read_auth(const char *path, struct nu_testenv *env)
{
	FILE *f = fopen(path, "r");
	char line[512];

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		char *eq = strchr(line, '='), *v = NULL;

		if (!eq)
			continue;
		v = eq + 1;
		while (*v == ' ')
			v++;
		trim(v);
		*eq = '\0';
		trim(line);
		if (strcmp(line, "username") == 0)
			snprintf(env->user, sizeof(env->user), "%s", v);
		else if (strcmp(line, "password") == 0)
			snprintf(env->password, sizeof(env->password), "%s", v);
		else if (strcmp(line, "domain") == 0)
			snprintf(env->domain, sizeof(env->domain), "%s", v);
	}
	fclose(f);
	return env->user[0] ? 0 : -1;
}

int nu_testenv_load(struct nu_testenv *env)
{
	const char *server = getenv("ACCORD_TEST_SERVER");
	const char *auth = getenv("ACCORD_TEST_AUTH");
	const char *profile = getenv("ACCORD_TEST_PROFILE");

	memset(env, 0, sizeof(*env));
	if (!server || !auth)
		return -1;
	snprintf(env->server, sizeof(env->server), "%s", server);
	snprintf(env->profile, sizeof(env->profile), "%s", profile ? profile : "");
	return nu_testenv_read_auth(auth, env);
}

struct nu_creds nu_testenv_creds(const struct nu_testenv *env)
{
	struct nu_creds c = {
		.server = env->server, .domain = env->domain[0] ? env->domain : NULL,
		.user = env->user, .password = env->password,
	};

	return c;
}

void nu_testenv_print_trace(void *ud, const struct nu_trace_event *ev)
{
	fprintf((FILE *)ud, "trace: %-28s level %-4u %-5s %-20s raw 0x%08x %8.3f ms\n",
		ev->function, ev->level, ev->write ? "write" : "read",
		ev->account ? ev->account : "-", ev->raw, ev->ms);
}
