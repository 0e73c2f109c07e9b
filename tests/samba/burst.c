/* burst: NetUserAdd / NetUserEnum / NetUserDel bursts through libnetapi
 * against the server named by ACCORD_TEST_SERVER / ACCORD_TEST_AUTH (run it
 * with `tests/samba/server exec PROFILE -- burst ...`).
 *
 *   burst add N PREFIX    add PREFIX00000 .. PREFIX(N-1), level 1
 *   burst count PREFIX    print how many users start with PREFIX
 *   burst del N PREFIX    delete them again
 *
 * Exit 0 only if every call succeeded.  Prints one line of timing. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <netapi.h>

#define MAX_FIELD 256

static int auth_field(const char *path, const char *key, char *out, size_t outlen)
{
	FILE *f = fopen(path, "r");
	char line[512];
	size_t klen = strlen(key);
	int found = 0;

	if (f == NULL)
		return 0;
	while (!found && fgets(line, sizeof line, f) != NULL) {
		char *p = line;
		if (strncmp(p, key, klen) != 0)
			continue;
		p += klen;
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p != '=')
			continue;
		p++;
		while (*p == ' ' || *p == '\t')
			p++;
		p[strcspn(p, "\r\n")] = '\0';
		snprintf(out, outlen, "%s", p);
		found = 1;
	}
	fclose(f);
	return found;
}

static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static long count_prefix(const char *server, const char *prefix, struct libnetapi_ctx *ctx)
{
	uint32_t resume = 0;
	long n = 0;
	size_t plen = strlen(prefix);
	NET_API_STATUS st;

	do {
		uint8_t *buf = NULL;
		uint32_t read = 0, total = 0;
		st = NetUserEnum(server, 0, 0, &buf, (uint32_t)-1, &read, &total, &resume);
		if (st != 0 && st != ERROR_MORE_DATA) {
			fprintf(stderr, "NetUserEnum: %u %s\n", (unsigned)st,
				libnetapi_get_error_string(ctx, st));
			return -1;
		}
		for (uint32_t i = 0; i < read; i++) {
			const struct USER_INFO_0 *u = (const struct USER_INFO_0 *)buf + i;
			if (u->usri0_name != NULL && strncmp(u->usri0_name, prefix, plen) == 0)
				n++;
		}
		if (buf != NULL)
			NetApiBufferFree(buf);
	} while (st == ERROR_MORE_DATA);
	return n;
}

int main(int argc, char **argv)
{
	const char *server = getenv("ACCORD_TEST_SERVER");
	const char *authfile = getenv("ACCORD_TEST_AUTH");
	char user[MAX_FIELD], pass[MAX_FIELD], dom[MAX_FIELD];
	struct libnetapi_ctx *ctx = NULL;
	NET_API_STATUS st;
	const char *mode, *prefix;
	long n = 0, fail = 0;
	double t0, dt;

	if (argc < 3 || server == NULL || authfile == NULL) {
		fprintf(stderr, "usage (under server exec): burst add|del N PREFIX | burst count PREFIX\n");
		return 2;
	}
	mode = argv[1];
	if (strcmp(mode, "count") == 0) {
		prefix = argv[2];
	} else {
		if (argc < 4)
			return 2;
		n = strtol(argv[2], NULL, 10);
		prefix = argv[3];
	}
	if (!auth_field(authfile, "username", user, sizeof user) ||
	    !auth_field(authfile, "password", pass, sizeof pass) ||
	    !auth_field(authfile, "domain", dom, sizeof dom)) {
		fprintf(stderr, "cannot read %s\n", authfile);
		return 2;
	}
	st = libnetapi_init(&ctx);
	if (st != 0) {
		fprintf(stderr, "libnetapi_init: %u\n", (unsigned)st);
		return 1;
	}
	libnetapi_set_username(ctx, user);
	libnetapi_set_password(ctx, pass);
	libnetapi_set_workgroup(ctx, dom);

	if (strcmp(mode, "count") == 0) {
		long c = count_prefix(server, prefix, ctx);
		printf("%ld\n", c);
		libnetapi_free(ctx);
		return c < 0;
	}

	t0 = now();
	for (long i = 0; i < n; i++) {
		char name[64];
		snprintf(name, sizeof name, "%s%05ld", prefix, i);
		if (strcmp(mode, "add") == 0) {
			struct USER_INFO_1 u;
			uint32_t parm_err = 0;
			memset(&u, 0, sizeof u);
			u.usri1_name = name;
			u.usri1_password = "Burst-Pa55word!";
			u.usri1_priv = USER_PRIV_USER;
			st = NetUserAdd(server, 1, (uint8_t *)&u, &parm_err);
		} else if (strcmp(mode, "del") == 0) {
			st = NetUserDel(server, name);
		} else {
			fprintf(stderr, "unknown mode %s\n", mode);
			return 2;
		}
		if (st != 0 && fail++ < 5)
			fprintf(stderr, "%s %s: %u %s\n", mode, name, (unsigned)st,
				libnetapi_get_error_string(ctx, st));
	}
	dt = now() - t0;
	printf("%s %ld users: %ld failures, %.1f s, %.2f ms/user\n", mode, n, fail, dt,
	       n > 0 ? dt * 1000.0 / (double)n : 0.0);
	libnetapi_free(ctx);
	return fail != 0;
}
