#pragma once
/* compat.h: the few POSIX and glibc calls accord uses that mingw-w64 lacks,
 * and the printf format family of accord's own printf-like functions.
 *
 * On Windows, the build defines __USE_MINGW_ANSI_STDIO=1, so printf is
 * mingw's C99 one (%zu, %lld, %hhu as on Linux), which GCC checks as
 * gnu_printf; plain "printf" there would mean Microsoft's msvcrt rules. */

#include <stddef.h>
#include <stdio.h>

#ifdef __MINGW_PRINTF_FORMAT
#define ACC_PRINTF(fmt, args) __attribute__((format(__MINGW_PRINTF_FORMAT, fmt, args)))
#else
#define ACC_PRINTF(fmt, args) __attribute__((format(printf, fmt, args)))
#endif

/* The upper case of a BMP character whatever the locale, as account names
 * compare: glibc's towupper maps every character even in the C locale;
 * msvcrt's only ASCII there, so compat_win32.c asks the invariant locale
 * (LCMapStringEx), whose table is the one Windows' SAM folds with. */
#ifdef _WIN32
unsigned acc_upper_bmp(unsigned cp);
#else
#include <wctype.h>
static inline unsigned acc_upper_bmp(unsigned cp)
{
	return (unsigned)towupper((wint_t)cp);
}
#endif

#ifdef _WIN32
#include <fcntl.h>
/* open(): every open of accord's passes O_CLOEXEC; on Windows the same
 * flag also means bytes as they are (no CRLF translation). No terminal can
 * become the controlling one. */
#ifndef O_CLOEXEC
#define O_CLOEXEC (O_NOINHERIT | O_BINARY)
#endif
#ifndef O_NOCTTY
#define O_NOCTTY 0
#endif
/* compat_win32.c: SecureZeroMemory, which the compiler may not drop */
void explicit_bzero(void *p, size_t n);
/* compat_win32.c: glibc's memmem */
void *memmem(const void *hay, size_t hay_len, const void *needle, size_t needle_len);
#endif
