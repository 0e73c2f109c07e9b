/* nu_show.c: prints one account as netapi reads it, one key=value a line,
 * for the apply integration tests to compare with what they asked for.
 *
 *   nu_show SERVER NAME     exit 0 found, 3 not found, 1 error
 *
 * Credentials come from ACCORD_TEST_USER, ACCORD_TEST_PASSWORD and
 * ACCORD_TEST_DOMAIN, as `tests/samba/server exec` exports them. */
#include "netapi.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *s(const char *v)
{
	return v ? v : "(null)";
}

int main(int argc, char **argv)
{
	struct nu_creds cr = { 0 };
	struct nu_conn *c = NULL;
	struct nu_result res = { 0 };
	struct nu_user u = { 0 };
	int rc = 1;

	if (argc != 3) {
		fputs("usage: nu_show SERVER NAME\n", stderr);
		return 2;
	}
	cr.server = argv[1];
	cr.user = getenv("ACCORD_TEST_USER");
	cr.password = getenv("ACCORD_TEST_PASSWORD");
	cr.domain = getenv("ACCORD_TEST_DOMAIN");
	if (nu_connect(&cr, &c, &res) < 0) {
		fprintf(stderr, "nu_show: %s\n", res.msg);
		goto out;
	}
	if (nu_user_get(c, argv[2], &u, &res) < 0) {
		fprintf(stderr, "nu_show: %s\n", res.msg);
		rc = res.status == NU_NOT_FOUND ? 3 : 1;
		goto out;
	}
	printf("name=%s\nrid=%" PRIu32 "\nfull_name=%s\ncomment=%s\nusr_comment=%s\n"
	       "disabled=%d\ncannot_change=%d\nnever_expires=%d\nacct_expires=%" PRId64 "\n"
	       "password_expired=%d\nhome_dir=%s\nscript_path=%s\nprofile=%s\n",
	       s(u.name), u.rid, s(u.full_name), s(u.comment), s(u.usr_comment),
	       !!(u.flags & UF_ACCOUNTDISABLE), !!(u.flags & UF_PASSWD_CANT_CHANGE),
	       !!(u.flags & UF_DONT_EXPIRE_PASSWD), u.acct_expires, u.password_expired,
	       s(u.home_dir), s(u.script_path), s(u.profile));
	rc = 0;
out:
	nu_user_release(&u);
	nu_disconnect(c);
	return rc;
}
