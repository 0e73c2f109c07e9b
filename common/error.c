#include "error.h"

#include <stdio.h>
#include <string.h>

int acc_failv(struct acc_error *err, int code, long sys, const char *fmt, va_list ap)
{
	if (!err)
		return -1;
	err->code = code;
	err->sys = sys;
	err->where[0] = '\0';
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	return -1;
}

int acc_fail(struct acc_error *err, int code, long sys, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	acc_failv(err, code, sys, fmt, ap);
	va_end(ap);
	return -1;
}

int acc_wrap(struct acc_error *err, const char *fmt, ...)
{
	char prefix[256], old[sizeof(err->msg)];
	va_list ap;

	if (!err)
		return -1;
	va_start(ap, fmt);
	vsnprintf(prefix, sizeof(prefix), fmt, ap);
	va_end(ap);
	memcpy(old, err->msg, sizeof(old));
	snprintf(err->msg, sizeof(err->msg), "%s: %s", prefix, old);
	return -1;
}

void acc_error_clear(struct acc_error *err)
{
	if (err)
		memset(err, 0, sizeof(*err));
}
