/* floor.c: the floor of the server benchmark (tests/bench/run.sh). The same
 * work as accord's verbs, done with the fewest NetUser calls and nothing
 * else: no YAML, no diff engine, no state database, no fingerprints. It
 * links only accord's netapi layer, so its call counts are directly
 * comparable with accord's --trace counts, and its time is the least any
 * tool on that layer can spend.
 *
 *   floor SERVER AUTHFILE seed   LIST   add every account of LIST (full name,
 *                                       description; password $BENCH_PW if set)
 *   floor SERVER AUTHFILE delete LIST   delete every account of LIST
 *   floor SERVER AUTHFILE plan   LIST [--full]
 *                                       bulk read; with --full, whole records
 *                                       of LIST's accounts and the password
 *                                       policy (what a stated password needs);
 *                                       without, each account the bulk read
 *                                       shows as differing is read again on
 *                                       its own (Samba answers the bulk read
 *                                       from a cache that can lag ~10 s behind
 *                                       writes: a plan that trusts it proposes
 *                                       changes already made); counts the
 *                                       accounts that differ
 *   floor SERVER AUTHFILE report LIST   drift report: the same as plan
 *   floor SERVER AUTHFILE bulk   LIST   what the bulk read alone shows as
 *                                       differing (the benchmark's evidence
 *                                       of that cache)
 *   floor SERVER AUTHFILE apply  LIST [--full]
 *                                       plan, then one set per differing account
 *   floor SERVER AUTHFILE drift  LIST   out of band: sets every listed account's
 *                                       full name to "Drifted NAME" (no reads)
 *
 * LIST: one account a line, "name<TAB>full name<TAB>description".
 * Prints one JSON line: the counters of nu_get_stats and what was found.
 * The password is taken from the environment and never printed. */
#include "names.h"
#include "netapi.h"
#include "xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct want {
	char *name;
	char *full_name;
	char *comment;
};

/* "key = value" of an smbclient-style auth file, into buf. */
static const char *auth_field(const char *path, const char *key, char *buf, size_t size)
{
	FILE *f = fopen(path, "r");
	char line[512];
	const char *found = NULL;

	if (!f)
		return NULL;
	while (!found && fgets(line, sizeof(line), f)) {
		char *eq = strchr(line, '=');
		char *k = line, *v;

		if (!eq)
			continue;
		*eq = '\0';
		v = eq + 1;
		k[strcspn(k, " \t")] = '\0';
		v += strspn(v, " \t");
		v[strcspn(v, "\r\n")] = '\0';
		if (!strcmp(k, key)) {
			snprintf(buf, size, "%s", v);
			found = buf;
		}
	}
	fclose(f);
	return found;
}

static struct want *read_list(const char *path, size_t *n)
{
	FILE *f = fopen(path, "r");
	struct want *v = NULL;
	size_t cnt = 0, alloc = 0;
	char line[1024];

	if (!f) {
		perror(path);
		exit(2);
	}
	while (fgets(line, sizeof(line), f)) {
		char *fields[3] = { line, NULL, NULL };

		line[strcspn(line, "\r\n")] = '\0';
		for (int i = 1; i < 3; i++) {
			char *tab = fields[i - 1] ? strchr(fields[i - 1], '\t') : NULL;

			if (tab) {
				*tab = '\0';
				fields[i] = tab + 1;
			}
		}
		if (!*line)
			continue;
		XGROW(v, alloc, cnt + 1);
		v[cnt].name = xstrdup(fields[0]);
		v[cnt].full_name = xstrdup(fields[1] ? fields[1] : "");
		v[cnt].comment = xstrdup(fields[2] ? fields[2] : "");
		cnt++;
	}
	fclose(f);
	*n = cnt;
	return v;
}

static int cmp_live(const void *key, const void *elem)
{
	return acc_name_cmp(key, ((const struct nu_user *)elem)->name);
}

static int fail(const char *what, const struct nu_result *res)
{
	fprintf(stderr, "floor: %s: %s\n", what, res->msg);
	return 1;
}

static unsigned differs(const struct want *w, const struct nu_user *u)
{
	unsigned mask = 0;

	if (!u->full_name || strcmp(u->full_name, w->full_name))
		mask |= NU_F_FULL_NAME;
	if (!u->comment || strcmp(u->comment, w->comment))
		mask |= NU_F_COMMENT;
	return mask;
}

enum converge_mode { BULK, PLAN, APPLY };

/* plan, report and apply: the bulk read, whole records where asked or a
 * fresh record of each account the bulk read shows as differing, then
 * (apply) one set per differing account. */
static int converge(struct nu_conn *c, const struct want *w, size_t n, bool full,
		    enum converge_mode mode, size_t *changed)
{
	struct nu_user *live = NULL;
	struct nu_result res = { 0 };
	size_t nl = 0;
	int rc = 1;

	if (nu_user_enum(c, &live, &nl, &res) < 0)
		return fail("listing accounts", &res);
	for (size_t i = 0; i < n; i++) {
		struct nu_user *u = bsearch(w[i].name, live, nl, sizeof(*live), cmp_live);
		struct nu_user t = { 0 };
		unsigned mask;

		if (!u) {
			fprintf(stderr, "floor: %s: not on the server\n", w[i].name);
			goto out;
		}
		if (full) {
			if (nu_user_get_rid(c, u->name, u->rid, &t, &res) < 0) {
				fail(u->name, &res);
				goto out;
			}
			nu_user_release(u);
			*u = t;
		}
		mask = differs(&w[i], u);
		if (mask && !full && mode != BULK) {
			if (nu_user_get_rid(c, u->name, u->rid, &t, &res) < 0) {
				fail(u->name, &res);
				goto out;
			}
			mask = differs(&w[i], &t);
			nu_user_release(&t);
		}
		if (!mask)
			continue;
		(*changed)++;
		if (mode != APPLY)
			continue;
		t = (struct nu_user){ .full_name = w[i].full_name, .comment = w[i].comment };
		if (nu_user_set(c, u->name, &t, mask, &res) < 0) {
			fail(u->name, &res);
			goto out;
		}
	}
	if (full) {
		struct nu_modals m;

		if (nu_modals_get(c, &m, &res) < 0) {
			fail("reading the password policy", &res);
			goto out;
		}
	}
	rc = 0;
out:
	nu_users_free(live, nl);
	return rc;
}

static int run(struct nu_conn *c, const char *op, const struct want *w, size_t n, bool full,
	       size_t *changed)
{
	struct nu_result res = { 0 };

	if (!strcmp(op, "plan") || !strcmp(op, "report"))
		return converge(c, w, n, full, PLAN, changed);
	if (!strcmp(op, "bulk"))
		return converge(c, w, n, full, BULK, changed);
	if (!strcmp(op, "apply"))
		return converge(c, w, n, full, APPLY, changed);
	for (size_t i = 0; i < n; i++) {
		struct nu_user u = { .name = w[i].name, .full_name = w[i].full_name,
				     .comment = w[i].comment };
		char *drifted = NULL;
		int r;

		if (!strcmp(op, "seed")) {
			r = nu_user_add(c, &u, NU_F_FULL_NAME | NU_F_COMMENT, getenv("BENCH_PW"), NULL, &res);
		} else if (!strcmp(op, "delete")) {
			r = nu_user_del(c, w[i].name, &res);
		} else {
			u.full_name = drifted = xasprintf("Drifted %s", w[i].name);
			r = nu_user_set(c, w[i].name, &u, NU_F_FULL_NAME, &res);
			free(drifted);
		}
		if (r < 0)
			return fail(w[i].name, &res);
		(*changed)++;
	}
	return 0;
}

static bool known_op(const char *op)
{
	static const char *const ops[] = { "seed", "delete", "plan", "report", "bulk", "apply",
					     "drift" };

	for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++)
		if (!strcmp(op, ops[i]))
			return true;
	return false;
}

int main(int argc, char **argv)
{
	char user[256], pass[256], dom[256];
	struct nu_creds cr = { 0 };
	struct nu_conn *c = NULL;
	struct nu_result res = { 0 };
	struct nu_stats st = { 0 };
	struct want *w = NULL;
	size_t n = 0, changed = 0;
	bool full = argc == 6 && !strcmp(argv[5], "--full");
	const char *op = argc > 3 ? argv[3] : "";
	int rc = 1;

	if ((argc != 5 && !full) || !known_op(op)) {
		fputs("usage: floor SERVER AUTHFILE seed|delete|plan|report|bulk|apply|drift LIST [--full]\n",
		      stderr);
		return 2;
	}
	w = read_list(argv[4], &n);
	cr.server = argv[1];
	cr.user = auth_field(argv[2], "username", user, sizeof(user));
	cr.password = auth_field(argv[2], "password", pass, sizeof(pass));
	cr.domain = auth_field(argv[2], "domain", dom, sizeof(dom));
	if (nu_connect(&cr, &c, &res) < 0) {
		rc = fail("connecting", &res);
		goto out;
	}
	rc = run(c, op, w, n, full, &changed);
	nu_get_stats(c, &st);
	printf("{\"op\":\"%s\",\"accounts\":%zu,\"changed\":%zu,\"calls\":%lu,\"reads\":%lu,"
	       "\"writes\":%lu,\"round_trips\":%lu,\"netapi_ms\":%.1f}\n",
	       op, n, changed, st.calls, st.reads, st.writes, st.round_trips, st.ms);
out:
	memset(pass, 0, sizeof(pass));
	nu_disconnect(c);
	for (size_t i = 0; i < n; i++) {
		free(w[i].name);
		free(w[i].full_name);
		free(w[i].comment);
	}
	free(w);
	return rc;
}
