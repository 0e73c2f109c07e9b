/* auth.c: where credentials and the state path come from. Passwords come
 * from an authentication file or $ACCORD_PASSWORD, never from argv. */
#include "cli.h"

#include "xalloc.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

static char *trim(char *s)
{
	char *e;

	while (isspace((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = '\0';
	return s;
}

void cli_set_user(struct cli *cli, const char *arg)
{
	const char *bs = strchr(arg, '\\');

	if (bs) {
		free(cli->domain);
		cli->domain = xstrndup(arg, (size_t)(bs - arg));
		arg = bs + 1;
	}
	free(cli->user);
	cli->user = xstrdup(arg);
}

int cli_read_auth_file(struct cli *cli, const char *path, struct acc_error *err)
{
	char line[1024];
	unsigned lineno = 0;
	FILE *f = fopen(path, "r");

	if (!f)
		return acc_fail(err, ACC_EIO, errno, "cannot read authentication file %s: %s",
				path, strerror(errno));
	while (fgets(line, sizeof(line), f)) {
		char *key, *val, *eq;

		lineno++;
		key = trim(line);
		if (!*key || *key == '#' || *key == ';')
			continue;
		eq = strchr(key, '=');
		if (!eq) {
			fclose(f);
			return acc_fail(err, ACC_EPARSE, 0,
					"%s:%u: expected 'key = value' (username, password, domain)",
					path, lineno);
		}
		*eq = '\0';
		key = trim(key);
		val = trim(eq + 1);
		if (!strcmp(key, "username")) {
			cli_set_user(cli, val);
		} else if (!strcmp(key, "password")) {
			if (cli->password)
				explicit_bzero(cli->password, strlen(cli->password));
			free(cli->password);
			cli->password = xstrdup(val);
		} else if (!strcmp(key, "domain")) {
			if (!cli->domain) {
				cli->domain = xstrdup(val);
			}
		} else {
			fclose(f);
			return acc_fail(err, ACC_EPARSE, 0,
					"%s:%u: unknown key '%s' (expected username, password or domain)",
					path, lineno, key);
		}
	}
	explicit_bzero(line, sizeof(line));
	fclose(f);
	return 0;
}
