#pragma once
/* strbuf.h: a growable NUL-terminated byte string (after git's strbuf).
 * Invariant: buf is never NULL after sb_init and buf[len] == '\0'.
 * The strbuf owns buf; sb_detach hands it to the caller. */

#include "compat.h"

#include <stdarg.h>
#include <stddef.h>

struct strbuf {
	char *buf;
	size_t len, alloc;
};

#define STRBUF_INIT { NULL, 0, 0 }

void sb_init(struct strbuf *sb);
void sb_release(struct strbuf *sb);
char *sb_detach(struct strbuf *sb);
void sb_reset(struct strbuf *sb);
void sb_add(struct strbuf *sb, const void *data, size_t n);
void sb_adds(struct strbuf *sb, const char *s);
void sb_addc(struct strbuf *sb, char c);
void sb_addf(struct strbuf *sb, const char *fmt, ...) ACC_PRINTF(2, 3);
void sb_vaddf(struct strbuf *sb, const char *fmt, va_list ap);
/* Append s as a JSON string literal, quotes included. NULL appends null. */
void sb_add_json_str(struct strbuf *sb, const char *s);
/* Append text as is (what stands before a member's value: separator and
 * quoted key, e.g. ",\"name\":"), then s as sb_add_json_str does. */
void sb_add_json_member(struct strbuf *sb, const char *text, const char *s);
