/* since.c: the --since argument of `accord show` and `accord drift`. */
#include "store_int.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

static int parse_age(const char *arg, int64_t now, int64_t *out)
{
	char unit = 0, extra = 0;
	long long n = 0;
	int64_t mult;

	if (sscanf(arg, "%lld%c%c", &n, &unit, &extra) != 2 || n < 0 || !isdigit((unsigned char)arg[0]))
		return -1;
	switch (unit) {
	case 'm': mult = 60; break;
	case 'h': mult = 3600; break;
	case 'd': mult = 86400; break;
	case 'w': mult = 7 * 86400; break;
	default: return -1;
	}
	*out = now - (int64_t)n * mult;
	return 0;
}

static int parse_date(const char *arg, int64_t *out)
{
	int y, mo, d, h = 0, mi = 0, sec = 0, used = 0;
	struct tm tm;
	time_t t;

	if (sscanf(arg, "%4d-%2d-%2d%n", &y, &mo, &d, &used) != 3)
		return -1;
	if (arg[used] == 'T' || arg[used] == ' ') {
		int more = 0;

		if (sscanf(arg + used + 1, "%2d:%2d%n", &h, &mi, &more) != 2)
			return -1;
		used += 1 + more;
		if (arg[used] == ':') {
			if (sscanf(arg + used + 1, "%2d%n", &sec, &more) != 1)
				return -1;
			used += 1 + more;
		}
	}
	if (arg[used] || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 60)
		return -1;
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = sec;
	tm.tm_isdst = -1;
	t = mktime(&tm);
	if (t == (time_t)-1 || tm.tm_mday != d)  /* mktime moved 2024-02-31 on */
		return -1;
	*out = (int64_t)t;
	return 0;
}

int store_parse_since(const char *arg, int64_t now, int64_t *out, struct acc_error *err)
{
	if (arg && (parse_date(arg, out) == 0 || parse_age(arg, now, out) == 0))
		return 0;
	return acc_fail(err, ACC_EUSAGE, 0, "--since '%s' is not a date or an age; give "
			"YYYY-MM-DD, YYYY-MM-DDTHH:MM[:SS], or an age such as 30m, 12h, 7d, 2w",
			arg ? arg : "");
}
