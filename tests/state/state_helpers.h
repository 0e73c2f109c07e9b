#pragma once
/* state_helpers.h: what the state tests share: a fresh temporary directory
 * per test, raw SQLite access beside the store, small builders. */

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "store.h"

struct sqlite3;

/* cmocka setup/teardown: a fresh directory per test; *state unused. */
int state_dir_setup(void **state);
int state_dir_teardown(void **state);
/* A path inside the test's directory; static buffer per call slot (0..3). */
const char *state_path(int slot, const char *name);

/* Opens path with the store, failing the test with the message if not. */
struct store *state_open(const char *path);
/* Raw SQLite connection, for what the store must not be asked to do. */
struct sqlite3 *state_raw(const char *path);
void state_raw_exec(struct sqlite3 *db, const char *sql);
long long state_raw_int(struct sqlite3 *db, const char *sql);

/* A plan of server with n ops cycling through every kind, every field set. */
struct plan *state_sample_plan(const char *server, size_t n);

/* Milliseconds of a monotonic clock. */
double state_ms(void);

/* Reads a whole file; NULL when it does not exist. */
unsigned char *state_read_file(const char *path, size_t *len);
/* True when needle occurs in the bytes of path (false if no file). */
bool state_file_contains(const char *path, const char *needle);
