/* compat_win32.c: compat.h's calls for Windows. */
#include "compat.h"

#include <string.h>
#include <windows.h>

void explicit_bzero(void *p, size_t n)
{
	SecureZeroMemory(p, n);
}

void *memmem(const void *hay, size_t hay_len, const void *needle, size_t needle_len)
{
	const char *h = hay;

	if (needle_len == 0)
		return (void *)hay;
	for (size_t i = 0; needle_len <= hay_len && i <= hay_len - needle_len; i++)
		if (h[i] == *(const char *)needle && !memcmp(h + i, needle, needle_len))
			return (void *)(h + i);
	return NULL;
}

unsigned acc_upper_bmp(unsigned cp)
{
	WCHAR in = (WCHAR)cp, out = 0;

	if (LCMapStringEx(LOCALE_NAME_INVARIANT, LCMAP_UPPERCASE, &in, 1, &out, 1, NULL, NULL,
			  0) != 1)
		return cp;
	return out;
}
