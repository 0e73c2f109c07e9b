#pragma once
/* nu_utf16.h: checked UTF-8 <-> UTF-16 conversion for the netapi32 backend.
 *
 * netapi32 speaks UTF-16 (LPWSTR); accord speaks UTF-8. The converter is our
 * own, not MultiByteToWideChar, so that it behaves the same on every build and
 * can be tested on Linux: invalid input is reported, never guessed at.
 * nu_wchar is wchar_t on Windows (16 bits there) and uint16_t elsewhere.
 * Returned strings are malloc'ed (OOM aborts) and owned by the caller. */

#include <stddef.h>
#include <stdint.h>

#ifdef _WIN32
#include <wchar.h>
typedef wchar_t nu_wchar;
#else
typedef uint16_t nu_wchar;
#endif

/* UTF-8 -> UTF-16, NUL-terminated. NULL in gives *out = NULL and 0.
 * Returns -1 and leaves *out untouched if s is not valid UTF-8 (overlong
 * forms, surrogates, code points above U+10FFFF, truncated sequences). */
int nu_utf8_to_utf16(const char *s, nu_wchar **out);

/* UTF-16 -> UTF-8. NULL in gives NULL. An unpaired surrogate (Windows names
 * may hold one) becomes U+FFFD so that reading never fails. */
char *nu_utf16_to_utf8(const nu_wchar *w);

/* Length of w in code units, without the NUL (wcslen for both builds). */
size_t nu_utf16_len(const nu_wchar *w);

/* Overwrites and frees a UTF-16 string that held a secret. NULL is a no-op. */
void nu_utf16_free_secret(nu_wchar *w);
