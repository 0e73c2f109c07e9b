#pragma once
/* xalloc.h: allocation that cannot fail.
 * Out of memory ends the process with a message (as git's xmalloc does):
 * no caller has a better answer, and it keeps every error path about
 * real failures. */

#include "compat.h"

#include <stddef.h>

void *xmalloc(size_t n);
void *xcalloc(size_t nmemb, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);          /* xstrdup(NULL) == NULL */
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) ACC_PRINTF(1, 2);

/* Grow *arr (of *alloc elements of size elem) so it holds at least need. */
void xgrow(void **arr, size_t *alloc, size_t need, size_t elem);
#define XGROW(arr, alloc, need) xgrow((void **)&(arr), &(alloc), (need), sizeof(*(arr)))
