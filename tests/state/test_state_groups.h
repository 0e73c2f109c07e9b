#pragma once
/* test_state_groups.h: each test_state_*.c runs its cmocka group and
 * returns the number of failed tests. */
int state_open_tests(void);
int state_plans_tests(void);
int state_runs_tests(void);
int state_lock_tests(void);
int state_drift_tests(void);
int state_secrets_tests(void);
int state_mustchange_tests(void);
