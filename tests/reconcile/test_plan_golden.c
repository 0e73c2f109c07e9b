/* test_plan_golden.c: golden plans. Each directory of tests/data/plan/
 * is one case, run through the code `accord plan` runs: formats_load_files,
 * secret resolution and fingerprints (desired_secrets_compute with
 * secret_resolve_user), reconcile_plan, plan_render_text/json.
 *
 *   desired.yaml | desired.xml  the file
 *   files.txt                   or: the files, one a line, merged in order
 *                               (as `accord plan -f A -f B`)
 *   live.json                   the live snapshot (live_from_json)
 *   state.json                  optional: what accord recorded, see below
 *   env.txt                     optional: VAR=value lines set while planning
 *   expected.txt, expected.json the plan; or expected.err: "where: message"
 *
 * state.json: {"passwords": [{"account": "bob", "rid": 1001,
 *   "fingerprint_of": "the secret set then" | "fingerprint": "hex",
 *   "password_age": 0, "applied_at": 1700000000}],
 *   "must_change": [{"sid": "S-1-5-21-1-2-3-1001", "account": "bob",
 *   "how": "first_managed" | "with_password", "applied_at": 1700000000}]};
 * fingerprints are computed with the fixed test salt (bytes 0..31).
 *
 * ACCORD_UPDATE_GOLDEN=1 rewrites the expected files (review the diff!).
 * Runs with TZ=UTC (set by CTest and again here). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "diag.h"
#include "diff.h"
#include "error.h"
#include "fingerprint.h"
#include "formats.h"
#include "json.h"
#include "live.h"
#include "model.h"
#include "model_conflict.h"
#include "plan_render.h"
#include "secret.h"
#include "strbuf.h"
#include "xalloc.h"

#include <dirent.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#ifndef GOLDEN_DIR
#error GOLDEN_DIR must name tests/data/plan
#endif

static unsigned char test_salt[32];

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	struct strbuf sb = STRBUF_INIT;
	char buf[4096];
	size_t n;

	if (!f)
		return NULL;
	sb_init(&sb);
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		sb_add(&sb, buf, n);
	fclose(f);
	if (len)
		*len = sb.len;
	return sb_detach(&sb);
}

static void spit(const char *path, const char *text)
{
	FILE *f = fopen(path, "wb");

	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static char *case_path(const char *dir, const char *file)
{
	return xasprintf("%s/%s", dir, file);
}

/* env.txt: VAR=value per line; names are collected so they can be unset. */
static void set_env(const char *dir, char ***names, size_t *n)
{
	char *path = case_path(dir, "env.txt");
	char *text = slurp(path, NULL), *line, *save = NULL;

	free(path);
	for (line = text ? strtok_r(text, "\n", &save) : NULL; line; line = strtok_r(NULL, "\n", &save)) {
		char *eq = strchr(line, '=');

		if (!eq || line[0] == '#')
			continue;
		*eq = '\0';
		setenv(line, eq + 1, 1);
		*names = xrealloc(*names, (*n + 1) * sizeof(char *));
		(*names)[(*n)++] = xstrdup(line);
	}
	free(text);
}

static int load_must_change(const struct json *root, struct mc_history *mc, struct acc_error *err)
{
	const struct json *recs = json_get(root, "must_change");

	for (size_t i = 0; recs && i < recs->n; i++) {
		const struct json *r = &recs->items[i];
		const char *sid = NULL, *account = NULL, *how = NULL;
		enum op_must_change c;
		int64_t at = 0;

		json_get_str(r, "sid", &sid);
		json_get_str(r, "account", &account);
		json_get_str(r, "how", &how);
		json_get_int(r, "applied_at", &at);
		if (!op_must_change_parse(how, &c))
			return acc_fail(err, ACC_EPARSE, 0, "must_change[%zu]: unknown how '%s'", i,
					how ? how : "");
		mc_history_add(mc, sid, account, c, at);
	}
	return 0;
}

static int load_history(const char *dir, struct pw_history *h, struct mc_history *mc,
			struct acc_error *err)
{
	char *path = case_path(dir, "state.json");
	size_t len = 0;
	char *text = slurp(path, &len);
	struct json *root = NULL;
	const struct json *pws;
	int ret = -1;

	if (!text) {
		ret = 0;
		goto out;
	}
	if (json_parse(text, len, path, &root, err) < 0)
		goto out;
	pws = json_get(root, "passwords");
	for (size_t i = 0; pws && i < pws->n; i++) {
		const struct json *r = &pws->items[i];
		const char *account = NULL, *fp = NULL, *secret = NULL;
		int64_t rid = 0, age = 0, at = 0;
		char buf[FP_HEX_LEN + 1];

		json_get_str(r, "account", &account);
		json_get_str(r, "fingerprint", &fp);
		json_get_int(r, "rid", &rid);
		json_get_int(r, "password_age", &age);
		json_get_int(r, "applied_at", &at);
		if (json_get_str(r, "fingerprint_of", &secret)) {
			if (fp_compute(test_salt, sizeof(test_salt), secret, buf, err) < 0)
				goto out;
			fp = buf;
		}
		pw_history_add(h, account, (uint32_t)rid, fp, (uint32_t)age, at);
	}
	if (load_must_change(root, mc, err) < 0)
		goto out;
	ret = 0;
out:
	json_free(root);
	free(text);
	free(path);
	return ret;
}

static int get_secret(void *ud, const struct m_user *u, char **secret, struct acc_error *err)
{
	return secret_resolve_user(u, secret, ud, err);
}

/* The case's desired-state files, as paths relative to the data directory. */
static size_t case_files(const char *dir, char ***files)
{
	char *list = case_path(dir, "files.txt"), *text = slurp(list, NULL), *line, *save = NULL;
	char *one = case_path(dir, "desired.yaml");
	size_t n = 0;

	for (line = text ? strtok_r(text, "\n", &save) : NULL; line;
	     line = strtok_r(NULL, "\n", &save)) {
		*files = xrealloc(*files, (n + 1) * sizeof(char *));
		(*files)[n++] = case_path(dir, line);
	}
	if (!text) {
		if (access(one, R_OK)) {
			free(one);
			one = case_path(dir, "desired.xml");
		}
		*files = xrealloc(*files, sizeof(char *));
		(*files)[n++] = one;
		one = NULL;
	}
	free(one);
	free(text);
	free(list);
	return n;
}

/* Runs the case; returns the plan text, JSON, or the error line. */
static void run_case(const char *dir, char **text, char **json, char **errline)
{
	struct m_conflicts conflicts = M_CONFLICTS_INIT;
	struct formats_files in = { .fmt = FORMAT_AUTO };
	struct model *m = NULL;
	struct diags d = DIAGS_INIT;
	struct acc_error err = { 0 };
	struct pw_history hist = PW_HISTORY_INIT;
	struct mc_history mc = MC_HISTORY_INIT;
	struct desired_secrets sec = DESIRED_SECRETS_INIT;
	struct live *live = NULL;
	struct plan *p = NULL;
	struct strbuf sb = STRBUF_INIT;
	char **env = NULL, **files = NULL, *live_path = NULL, *live_text = NULL;
	size_t n_env = 0, n_files, live_len = 0;

	*text = *json = *errline = NULL;
	sb_init(&sb);
	set_env(dir, &env, &n_env);
	n_files = case_files(dir, &files);
	in.paths = (const char *const *)files;
	in.n = n_files;
	if (formats_load_files(&in, &m, &conflicts, NULL, &d, &err) < 0) {
		/* the file is refused before any plan: its diagnostics are the error */
		for (size_t i = 0; i < d.n; i++)
			sb_addf(&sb, "%s:%u:%u: %s\n", d.v[i].file, d.v[i].line, d.v[i].col, d.v[i].msg);
		if (!d.n)
			sb_addf(&sb, "%s\n", err.msg);
		*errline = sb_detach(&sb);
		goto out;
	}
	live_path = case_path(dir, "live.json");
	live_text = slurp(live_path, &live_len);
	assert_non_null(live_text);
	if (live_from_json(live_text, live_len, live_path, &live, &err) < 0)
		fail_msg("%s", err.msg);
	if (load_history(dir, &hist, &mc, &err) < 0)
		fail_msg("state.json: %s", err.msg);
	if (desired_secrets_compute(m, test_salt, sizeof(test_salt), get_secret, secret_free, &d,
				    &sec, &err) < 0 ||
	    reconcile_plan(m, live, &hist, &mc, &sec, &p, &err) < 0) {
		if (err.where[0])
			sb_addf(&sb, "%s: ", err.where);
		sb_addf(&sb, "%s\n", err.msg);
		*errline = sb_detach(&sb);
		goto out;
	}
	/* what apply_pipeline_plan adds to the plan */
	for (size_t i = 0; i < n_files; i++)
		plan_add_source(p, files[i]);
	m_conflicts_move(&p->conflicts, &conflicts);
	plan_render_text(p, false, &sb);
	*text = sb_detach(&sb);
	sb_init(&sb);
	plan_render_json(p, 0, &sb);
	*json = sb_detach(&sb);
out:
	for (size_t i = 0; i < n_env; i++) {
		unsetenv(env[i]);
		free(env[i]);
	}
	free(env);
	sb_release(&sb);
	plan_free(p);
	desired_secrets_release(&sec);
	pw_history_release(&hist);
	mc_history_release(&mc);
	live_free(live);
	free(live_text);
	free(live_path);
	for (size_t i = 0; i < n_files; i++)
		free(files[i]);
	free(files);
	m_conflicts_release(&conflicts);
	diags_release(&d);
	model_free(m);
}

static void check(const char *dir, const char *file, const char *got)
{
	char *path = case_path(dir, file);
	char *want = slurp(path, NULL);

	if (getenv("ACCORD_UPDATE_GOLDEN") && got) {
		spit(path, got);
	} else if (!want || !got || strcmp(want, got)) {
		print_error("--- %s\n%s\n+++ got\n%s\n", path, want ? want : "(missing)",
			    got ? got : "(nothing: the case produced something else)");
		fail_msg("%s differs", path);
	}
	free(want);
	free(path);
}

static void test_plan_golden__case(void **state)
{
	const char *dir = *state;
	char *text, *json, *errline, *errpath = case_path(dir, "expected.err");

	run_case(dir, &text, &json, &errline);
	if (!access(errpath, R_OK) || (errline && getenv("ACCORD_UPDATE_GOLDEN"))) {
		check(dir, "expected.err", errline);
	} else {
		if (errline)
			fail_msg("%s: unexpected error: %s", dir, errline);
		check(dir, "expected.txt", text);
		check(dir, "expected.json", json);
	}
	free(text);
	free(json);
	free(errline);
	free(errpath);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(int argc, char **argv)
{
	struct CMUnitTest *tests = NULL;
	char **dirs = NULL;
	size_t n = 0;
	DIR *d = NULL;
	struct dirent *e;
	int rc;

	setenv("TZ", "UTC", 1);
	tzset();
	setlocale(LC_ALL, "C.UTF-8");
	for (size_t i = 0; i < sizeof(test_salt); i++)
		test_salt[i] = (unsigned char)i;
	/* cases are named relative to the data directory, so positions in
	 * the expected files do not depend on where the tree is */
	if (chdir(GOLDEN_DIR) < 0 || !(d = opendir("."))) {
		fprintf(stderr, "cannot open %s\n", GOLDEN_DIR);
		return 1;
	}
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.' || (argc > 1 && strcmp(argv[1], e->d_name)))
			continue;
		dirs = xrealloc(dirs, (n + 1) * sizeof(*dirs));
		dirs[n++] = xstrdup(e->d_name);
	}
	closedir(d);
	qsort(dirs, n, sizeof(*dirs), cmp_str);
	tests = xcalloc(n ? n : 1, sizeof(*tests));
	for (size_t i = 0; i < n; i++) {
		char *path = xstrdup(dirs[i]);

		tests[i].name = dirs[i];
		tests[i].test_func = test_plan_golden__case;
		tests[i].initial_state = path;
	}
	rc = _cmocka_run_group_tests("plan_golden", tests, n, NULL, NULL);
	for (size_t i = 0; i < n; i++) {
		free(tests[i].initial_state);
		free(dirs[i]);
	}
	free(tests);
	free(dirs);
	return rc;
}
