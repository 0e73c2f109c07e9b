/* drift_seed.c: records a history of drift reports in a state database, as
 * daily `accord drift` runs over past days would have left it, so that the
 * report page has a trend to draw. Goes through the store's own API.
 *
 *   drift_seed STATE_DB SERVER DAYS
 *
 * One report a day, oldest first, ending a day ago: mostly in sync, a
 * drift episode that grows and is fixed, one error (unreachable), and one
 * report whose account, values and error carry HTML markup, for the
 * page's escaping test. */
#include "error.h"
#include "store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static int save(struct store *s, struct store_drift_report *r, int64_t at)
{
	struct acc_error err = { 0 };

	r->at = at;
	if (store_drift_save(s, r, &err) < 0) {
		fprintf(stderr, "drift_seed: %s\n", err.msg);
		return -1;
	}
	return 0;
}

static void add_drift(struct store_drift_report *r, int k)
{
	char acct[32], was[32];

	for (int i = 0; i < k; i++) {
		snprintf(acct, sizeof(acct), "seed%02d", i);
		snprintf(was, sizeof(was), "Old Name %d", i);
		store_drift_add(r, acct, "full_name", "Seed User", was,
				i % 3 ? STORE_ORIGIN_OUTSIDE : STORE_ORIGIN_NEVER_APPLIED);
		if (i % 2)
			store_drift_add(r, acct, "disabled", "false", "true", STORE_ORIGIN_OUTSIDE);
	}
}

int main(int argc, char **argv)
{
	struct store *s = NULL;
	struct acc_error err = { 0 };
	int64_t now = (int64_t)time(NULL);
	int days, rc = 1;

	if (argc != 4 || (days = atoi(argv[3])) < 3) {
		fprintf(stderr, "usage: drift_seed STATE_DB SERVER DAYS (DAYS >= 3)\n");
		return 2;
	}
	if (store_open(argv[1], &s, &err) < 0) {
		fprintf(stderr, "drift_seed: %s\n", err.msg);
		return 1;
	}
	for (int d = days; d >= 1; d--) {
		int64_t at = now - (int64_t)d * 86400 + (d % 5) * 600;
		struct store_drift_report *r = NULL;
		int episode = days - d;  /* days since the start */

		if (d == days / 2) {
			r = store_drift_report_new(argv[2], "users.yaml", STORE_DRIFT_ERROR);
			r->error = strdup("cannot connect to server: cannot reach it");
		} else if (d == 2) {
			r = store_drift_report_new(argv[2], "<b>users</b>.yaml", STORE_DRIFT_DRIFT);
			store_drift_add(r, "<img src=x onerror=alert(1)>", "full_name",
					"</code><script>alert('x')</script>", "a & b < c \"q\"",
					STORE_ORIGIN_OUTSIDE);
		} else if (episode >= 3 && episode <= 8) {
			r = store_drift_report_new(argv[2], "users.yaml", STORE_DRIFT_DRIFT);
			add_drift(r, episode <= 6 ? episode - 1 : 9 - episode);
		} else {
			r = store_drift_report_new(argv[2], "users.yaml", STORE_DRIFT_IN_SYNC);
		}
		if (r->n_items == 0 && r->status == STORE_DRIFT_DRIFT)
			r->status = STORE_DRIFT_IN_SYNC;
		if (save(s, r, at) < 0) {
			store_drift_report_free(r);
			goto out;
		}
		store_drift_report_free(r);
	}
	rc = 0;
out:
	store_close(s);
	return rc;
}
