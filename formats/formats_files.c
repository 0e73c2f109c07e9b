/* formats_files.c: several desired-state files read in order and merged
 * into one model (`-f A -f B`); see formats_load_files in formats.h. */
#include "formats.h"

#include "diag.h"
#include "error.h"
#include "model.h"
#include "model_merge.h"

#include <stdlib.h>

/* Reads and checks one file into its own model: 0 read (errors, if any,
 * are in d), -1 not read at all (err says why). */
static int load_one(const char *path, enum format fmt, struct model *m, enum format *fmt_out,
		    struct diags *d, struct acc_error *err)
{
	size_t before = d->n_errors;
	char *buf = NULL;
	size_t len = 0;
	int rc = -1;

	if (formats_slurp(path, &buf, &len, err) < 0)
		return -1;
	if (fmt == FORMAT_AUTO)
		fmt = formats_detect(buf, len);
	*fmt_out = fmt;
	/* an error without a diagnostic (a file too large) is not a read */
	if (formats_load_buf(buf, len, path, fmt, m, d, err) == 0 || d->n_errors > before)
		rc = 0;
	free(buf);
	return rc;
}

int formats_load_files(const struct formats_files *in, struct model **out,
		       struct m_conflicts *conflicts, enum format *fmts, struct diags *d,
		       struct acc_error *err)
{
	struct model *merged = NULL;
	struct acc_error first = { 0 };
	size_t before = d->n_errors, bad = 0;
	int ret = -1;

	if (!in->n)
		return acc_fail(err, ACC_EUSAGE, 0, "no desired-state file given");
	for (size_t i = 0; i < in->n; i++) {
		struct model *m = model_new();
		size_t file_errors = d->n_errors;
		enum format fmt = FORMAT_AUTO;

		if (load_one(in->paths[i], in->fmt, m, &fmt, d, err) < 0) {
			model_free(m);
			goto out;
		}
		if (fmts)
			fmts[i] = fmt;
		/* the per-file step: items are changed (e.g. filtered by
		 * targeting) after the file is checked and before it is merged */
		if (d->n_errors == file_errors && in->step) {
			int changed = in->step(in->step_data, in->paths[i], m, d, err);

			if (changed < 0) {
				model_free(m);
				goto out;
			}
			/* what the step left of the file, as one consistent
			 * model: its items for one account in file order */
			if (changed && d->n_errors == file_errors) {
				model_fold(m, conflicts);
				model_validate(m, d);
			}
		}
		if (d->n_errors > file_errors) {
			if (!bad++)
				acc_fail(&first, ACC_EPARSE, 0, "%s: %zu error%s", in->paths[i],
					 d->n_errors - file_errors,
					 d->n_errors - file_errors == 1 ? "" : "s");
			model_free(m);
			continue;
		}
		if (!merged) {
			merged = m;  /* the first file is the base as it is */
			continue;
		}
		model_merge(merged, m, conflicts);
		model_free(m);
	}
	if (!bad && in->n > 1)
		model_validate(merged, d);  /* what only the files together show */
	if (d->n_errors > before) {
		if (bad == 1)
			*err = first;  /* "FILE: N errors", as formats_load says it */
		else if (bad)
			acc_fail(err, ACC_EPARSE, 0, "%zu errors in %zu of %zu files",
				 d->n_errors - before, bad, in->n);
		else
			acc_fail(err, ACC_EPARSE, 0, "the files together: %zu error%s",
				 d->n_errors - before, d->n_errors - before == 1 ? "" : "s");
		goto out;
	}
	*out = merged;
	merged = NULL;
	ret = 0;
out:
	model_free(merged);
	return ret;
}
