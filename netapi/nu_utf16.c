/* nu_utf16.c: checked UTF-8 <-> UTF-16 conversion (see nu_utf16.h). */
#include "nu_utf16.h"

#include "xalloc.h"

#include <stdlib.h>

/* Decodes one UTF-8 sequence at s (RFC 3629); returns its length, 0 if it
 * is not a valid, shortest-form encoding of a scalar value. */
static size_t utf8_next(const unsigned char *s, uint32_t *cp)
{
	uint32_t c;
	size_t n, i;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		n = 2;
		c = s[0] & 0x1fu;
	} else if ((s[0] & 0xf0) == 0xe0) {
		n = 3;
		c = s[0] & 0x0fu;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		n = 4;
		c = s[0] & 0x07u;
	} else {
		return 0;
	}
	/* stops at the NUL of a truncated sequence: NUL is not 10xxxxxx */
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3fu);
	}
	if ((n == 3 && c < 0x800) || (n == 4 && (c < 0x10000 || c > 0x10ffff)) ||
	    (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return n;
}

int nu_utf8_to_utf16(const char *s, nu_wchar **out)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t units = 0, k = 0;
	nu_wchar *w = NULL;
	uint32_t cp;

	if (!s) {
		*out = NULL;
		return 0;
	}
	while (*p) {
		size_t n = utf8_next(p, &cp);

		if (!n)
			return -1;
		units += cp >= 0x10000 ? 2 : 1;
		p += n;
	}
	w = xmalloc((units + 1) * sizeof(*w));
	for (p = (const unsigned char *)s; *p;) {
		p += utf8_next(p, &cp);
		if (cp >= 0x10000) {
			cp -= 0x10000;
			w[k++] = (nu_wchar)(0xd800 + (cp >> 10));
			w[k++] = (nu_wchar)(0xdc00 + (cp & 0x3ffu));
		} else {
			w[k++] = (nu_wchar)cp;
		}
	}
	w[k] = 0;
	*out = w;
	return 0;
}

/* Reads one code point from w; lone surrogates read as U+FFFD. */
static size_t utf16_next(const nu_wchar *w, uint32_t *cp)
{
	uint32_t hi = w[0];

	if (hi >= 0xd800 && hi <= 0xdbff && w[1] >= 0xdc00 && w[1] <= 0xdfff) {
		*cp = 0x10000 + ((hi - 0xd800) << 10) + ((uint32_t)w[1] - 0xdc00);
		return 2;
	}
	*cp = (hi >= 0xd800 && hi <= 0xdfff) ? 0xfffd : hi;
	return 1;
}

static size_t utf8_put(char *d, uint32_t cp)
{
	if (cp < 0x80) {
		d[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		d[0] = (char)(0xc0 | (cp >> 6));
		d[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		d[0] = (char)(0xe0 | (cp >> 12));
		d[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		d[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	d[0] = (char)(0xf0 | (cp >> 18));
	d[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
	d[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
	d[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

char *nu_utf16_to_utf8(const nu_wchar *w)
{
	char *s = NULL, tmp[4];
	size_t bytes = 0, k = 0, i;
	uint32_t cp;

	if (!w)
		return NULL;
	for (i = 0; w[i];) {
		i += utf16_next(&w[i], &cp);
		bytes += utf8_put(tmp, cp);
	}
	s = xmalloc(bytes + 1);
	for (i = 0; w[i];) {
		i += utf16_next(&w[i], &cp);
		k += utf8_put(s + k, cp);
	}
	s[k] = '\0';
	return s;
}

size_t nu_utf16_len(const nu_wchar *w)
{
	size_t n = 0;

	while (w[n])
		n++;
	return n;
}

void nu_utf16_free_secret(nu_wchar *w)
{
	volatile nu_wchar *v = w;

	if (!w)
		return;
	/* volatile stores: the wipe must survive dead-store elimination
	 * before free(), and explicit_bzero/SecureZeroMemory are not both
	 * available on every build */
	while (*v)
		*v++ = 0;
	free(w);
}
