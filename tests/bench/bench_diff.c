/* bench_diff.c: the diff at scale (issue 8): N desired users against N
 * live ones (default 100,000), in memory. Prints the diff's wall time and
 * the process's peak RSS; exits 1 when over the budget (1 s, 200 MB), so
 * CTest (label bench) can hold the line.
 *
 *   bench_diff [N]
 *
 * The mix: every 10th desired user changes its full name, every 50th is
 * disabled, every 100th adds a group, 1% of desired users are new, 1% of
 * live users are unmanaged (policy report). */
#include "diff.h"
#include "error.h"
#include "live.h"
#include "model.h"
#include "plan.h"
#include "xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

static double now_s(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	size_t n = argc > 1 ? strtoul(argv[1], NULL, 10) : 100000;
	struct model *m = model_new();
	struct live *l = live_new();
	struct live_group *g;
	struct acc_error err = { 0 };
	struct plan *p = NULL;
	struct rusage ru;
	unsigned add, change, destroy;
	double t0, dt;
	long rss_mb;

	m->policy.unmanaged = UNMANAGED_REPORT;
	l->server = xstrdup("bench");
	l->taken_at = 1718000000;
	g = live_add_group(l, "Users", "S-1-5-32-545", NULL);
	for (size_t i = 0; i < n; i++) {
		struct nu_user *u = live_add_user(l);

		/* 1% of live accounts are not in the file */
		u->name = xasprintf(i % 100 == 99 ? "Stray%07zu" : "User%07zu", i);
		u->rid = (uint32_t)(1000 + i);
		u->sid = xasprintf("S-1-5-21-1-2-3-%u", u->rid);
		u->full_name = xasprintf("User number %zu", i);
		u->comment = xstrdup("bench");
		u->flags = UF_NORMAL_ACCOUNT;
		u->acct_expires = NU_EXPIRES_NEVER;
		u->priv = i == 0 ? 2 : 1;
		live_group_add_member(g, u->sid, NULL);
	}
	for (size_t i = 0; i < n; i++) {
		struct m_user *u = model_add_user(m);

		/* case differs from the live name: lookups fold case */
		u->name = xasprintf(i % 100 == 99 ? "new%07zu" : "user%07zu", i);
		u->pos.file = model_intern(m, "bench.yaml");
		u->pos.line = (unsigned)(i + 1);
		u->pos.col = 5;
		u->full_name = i % 10 == 0 ? xasprintf("Renamed %zu", i) : xasprintf("User number %zu", i);
		u->description = xstrdup("bench");
		u->disabled = i % 50 == 1 ? M_TRUE : M_FALSE;
		if (i % 100 == 3)
			m_user_add_group(u, "Users");
	}
	t0 = now_s();
	if (reconcile_plan(m, l, NULL, NULL, NULL, &p, &err) < 0) {
		fprintf(stderr, "bench_diff: %s\n", err.msg);
		return 2;
	}
	dt = now_s() - t0;
	getrusage(RUSAGE_SELF, &ru);
	rss_mb = ru.ru_maxrss / 1024;
	plan_counts(p, &add, &change, &destroy);
	printf("bench_diff: %zu desired x %zu live: %.3f s, peak RSS %ld MB (whole process), "
	       "%zu ops (%u add, %u change, %u destroy)\n", n, n, dt, rss_mb, p->n_ops, add, change,
	       destroy);
	plan_free(p);
	live_free(l);
	model_free(m);
	return dt < 1.0 && rss_mb < 200 ? 0 : 1;
}
