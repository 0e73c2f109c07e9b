#pragma once
/* error.h: errors as values.
 *
 * A callee that fails fills a caller-owned struct acc_error and returns -1;
 * its outputs are left untouched. Library code never prints: cmd/ prints the
 * message once, at the top. Messages are lowercase, say what failed first,
 * then why, then what to do. */

#include "compat.h"

#include <stdarg.h>

enum acc_code {
	ACC_OK = 0,
	ACC_EPARSE,    /* malformed input file */
	ACC_EINVAL,    /* bad argument or value */
	ACC_EUSAGE,    /* bad command line */
	ACC_ENOMEM,
	ACC_EIO,       /* file or OS error; sys holds errno */
	ACC_ENETAPI,   /* account API failure; sys holds the raw status */
	ACC_ESTATE,    /* state database; sys holds the sqlite rc */
	ACC_ECRYPTO,
	ACC_EPOLICY,   /* plan refused by a protection or password rule */
	ACC_ELOCKED,   /* another apply holds the server lock */
	ACC_ESTALE,    /* saved plan no longer matches the server */
	ACC_ENOTFOUND, /* a plan, run or record does not exist */
};

struct acc_error {
	int code;        /* enum acc_code */
	long sys;        /* NET_API_STATUS, sqlite rc, errno: for traces */
	char where[64];  /* optional: "file:line:col" or module */
	char msg[512];
};

/* Fill err (if not NULL) and return -1, so callers can `return acc_fail(...)`. */
int acc_fail(struct acc_error *err, int code, long sys, const char *fmt, ...)
	ACC_PRINTF(4, 5);
int acc_failv(struct acc_error *err, int code, long sys, const char *fmt, va_list ap);

/* Prefix the existing message with "what: ", keeping code and sys. Returns -1. */
int acc_wrap(struct acc_error *err, const char *fmt, ...)
	ACC_PRINTF(2, 3);

void acc_error_clear(struct acc_error *err);
