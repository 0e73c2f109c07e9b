#pragma once
/* diag.h: positioned diagnostics, for reporting every problem of a file in
 * one run (validation) and warnings that do not stop the work (cpassword,
 * unevaluated GPP filters, unknown attributes).
 * A diag list owns its strings; diags_release on an empty list is a no-op. */

#include "compat.h"

#include <stddef.h>

enum diag_severity { DIAG_WARNING, DIAG_ERROR };

struct diag {
	enum diag_severity severity;
	char *file;          /* may be NULL */
	unsigned line, col;  /* 1-based; 0 = unknown */
	char *msg;           /* lowercase, no full stop */
};

struct diags {
	struct diag *v;
	size_t n, alloc;
	size_t n_errors;
};

#define DIAGS_INIT { NULL, 0, 0, 0 }

void diags_add(struct diags *d, enum diag_severity sev, const char *file,
	       unsigned line, unsigned col, const char *fmt, ...)
	ACC_PRINTF(6, 7);
/* Stable sort by file, line, column (insertion order among equals). */
void diags_sort(struct diags *d);
void diags_release(struct diags *d);
