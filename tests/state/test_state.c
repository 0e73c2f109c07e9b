/* test_state.c: the state database's unit tests, one group per file. */
#include "state_helpers.h"

#include "test_state_groups.h"

int main(void)
{
	int failed = 0;

	failed += state_open_tests();
	failed += state_plans_tests();
	failed += state_runs_tests();
	failed += state_lock_tests();
	failed += state_drift_tests();
	failed += state_secrets_tests();
	failed += state_mustchange_tests();
	return failed ? 1 : 0;
}
