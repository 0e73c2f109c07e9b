#include "names.h"

#include <string.h>
#include "compat.h"

/* Decode one UTF-8 sequence; returns its length or 0 if invalid. */
static size_t utf8_decode(const unsigned char *s, unsigned *cp)
{
	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if ((s[0] & 0xe0) == 0xc0 && (s[1] & 0xc0) == 0x80) {
		*cp = ((s[0] & 0x1fu) << 6) | (s[1] & 0x3fu);
		return *cp >= 0x80 ? 2 : 0;
	}
	if ((s[0] & 0xf0) == 0xe0 && (s[1] & 0xc0) == 0x80 && (s[2] & 0xc0) == 0x80) {
		*cp = ((s[0] & 0x0fu) << 12) | ((s[1] & 0x3fu) << 6) | (s[2] & 0x3fu);
		return *cp >= 0x800 && (*cp < 0xd800 || *cp > 0xdfff) ? 3 : 0;
	}
	if ((s[0] & 0xf8) == 0xf0 && (s[1] & 0xc0) == 0x80 && (s[2] & 0xc0) == 0x80 &&
	    (s[3] & 0xc0) == 0x80) {
		*cp = ((s[0] & 0x07u) << 18) | ((s[1] & 0x3fu) << 12) |
		      ((s[2] & 0x3fu) << 6) | (s[3] & 0x3fu);
		return *cp >= 0x10000 && *cp <= 0x10ffff ? 4 : 0;
	}
	return 0;
}

static inline unsigned ascii_fold(unsigned c)
{
	return (c >= 'a' && c <= 'z') ? c - 32 : c;
}

static unsigned fold(unsigned cp)
{
	if (cp < 0x80)
		return ascii_fold(cp);
	/* Windows' SAM and Samba fold UTF-16 code units (BMP only), so nothing
	 * beyond U+FFFF folds; and wint_t is 16 bits on Windows, where the
	 * cast would alias such a character with a BMP one */
	if (cp > 0xffff)
		return cp;
	return acc_upper_bmp(cp);
}

int acc_name_cmp(const char *a, const char *b)
{
	const unsigned char *p = (const unsigned char *)a, *q = (const unsigned char *)b;

	while (*p && *q) {
		unsigned x, y;
		size_t n, m;

		if (*p < 0x80 && *q < 0x80) {  /* the common case, no decoding */
			x = ascii_fold(*p++);
			y = ascii_fold(*q++);
			if (x != y)
				return x < y ? -1 : 1;
			continue;
		}
		n = utf8_decode(p, &x);
		m = utf8_decode(q, &y);

		if (!n || !m)  /* invalid UTF-8: compare bytes from here */
			return strcmp((const char *)p, (const char *)q);
		x = fold(x);
		y = fold(y);
		if (x != y)
			return x < y ? -1 : 1;
		p += n;
		q += m;
	}
	return (*p != 0) - (*q != 0);
}

unsigned acc_name_hash(const char *name)
{
	const unsigned char *p = (const unsigned char *)name;
	unsigned h = 2166136261u;  /* FNV-1a over folded code points */

	while (*p) {
		unsigned cp;
		size_t n;

		if (*p < 0x80) {
			h = (h ^ ascii_fold(*p++)) * 16777619u;
			continue;
		}
		n = utf8_decode(p, &cp);
		if (!n) {  /* acc_name_cmp compares the rest as bytes */
			for (; *p; p++)
				h = (h ^ *p) * 16777619u;
			break;
		}
		h = (h ^ fold(cp)) * 16777619u;
		p += n;
	}
	return h;
}

bool acc_name_eq(const char *a, const char *b)
{
	if (!a || !b)
		return a == b;
	return acc_name_cmp(a, b) == 0;
}

long acc_utf8_len(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	long n = 0;

	while (*p) {
		unsigned cp;
		size_t k = utf8_decode(p, &cp);

		if (!k)
			return -1;
		p += k;
		n++;
	}
	return n;
}

bool acc_name_valid(const char *name, const char **why)
{
	const char *bad = "\"/\\[]:;|=,+*?<>";
	bool only_dots_spaces = true;
	long len;

	if (!name || !*name) {
		if (why)
			*why = "is empty";
		return false;
	}
	len = acc_utf8_len(name);
	if (len < 0) {
		if (why)
			*why = "is not valid UTF-8";
		return false;
	}
	if (len > ACC_NAME_MAX) {
		if (why)
			*why = "is longer than 20 characters";
		return false;
	}
	for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
		if (*p < 0x20 || *p == 0x7f) {
			if (why)
				*why = "contains a control character";
			return false;
		}
		if (strchr(bad, *p)) {
			if (why)
				*why = "contains one of \" / \\ [ ] : ; | = , + * ? < >";
			return false;
		}
		if (*p != '.' && *p != ' ')
			only_dots_spaces = false;
	}
	if (only_dots_spaces) {
		if (why)
			*why = "consists only of dots and spaces";
		return false;
	}
	return true;
}

/* Next code point of *s, folded; advances *s. Invalid UTF-8 stands for its
 * first byte, so a malformed name still matches only itself. */
static unsigned next_folded(const unsigned char **s)
{
	unsigned cp;
	size_t n = utf8_decode(*s, &cp);

	if (!n) {
		cp = **s;
		n = 1;
	}
	*s += n;
	return fold(cp);
}

bool acc_name_match(const char *pattern, const char *name)
{
	const unsigned char *p = (const unsigned char *)pattern, *s = (const unsigned char *)name;
	const unsigned char *star = NULL, *resume = NULL;

	/* iterative wildcard match with one backtrack point: linear in
	 * practice, never exponential */
	while (*s) {
		if (*p == '*') {
			star = ++p;
			resume = s;
			continue;
		}
		if (*p) {
			const unsigned char *p2 = p, *s2 = s;
			unsigned pc = *p == '?' ? 0 : next_folded(&p2);
			unsigned sc = next_folded(&s2);

			if (*p == '?' || pc == sc) {
				if (*p == '?')
					p2 = p + 1;
				p = p2;
				s = s2;
				continue;
			}
		}
		if (!star)
			return false;
		p = star;
		next_folded(&resume);
		s = resume;
	}
	while (*p == '*')
		p++;
	return !*p;
}
