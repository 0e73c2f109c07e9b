#pragma once
/* names.h: Windows account-name rules (MS-SAMR / NetUserAdd).
 * Names compare case-insensitively, as SAM does; strings are UTF-8. */

#include <stdbool.h>
#include <stddef.h>

#define ACC_NAME_MAX 20  /* characters (not bytes) in a user account name */

/* Case-insensitive equality for account names: ASCII letters fold, and
 * other characters fold through towupper() in a UTF-8 locale. */
bool acc_name_eq(const char *a, const char *b);
int acc_name_cmp(const char *a, const char *b);
/* A hash that agrees with acc_name_eq (equal names hash equal), for
 * case-insensitive hash tables of account names. */
unsigned acc_name_hash(const char *name);

/* Checks a user account name against Windows' rules: 1 to 20 characters,
 * none of " / \ [ ] : ; | = , + * ? < > or control characters, not only
 * dots and spaces. On failure returns false and, if why is not NULL, points
 * it at a static reason ("is longer than 20 characters", ...). */
bool acc_name_valid(const char *name, const char **why);

/* Matches name against pattern, where * stands for any run of characters
 * and ? for one, comparing as acc_name_eq does (GPP FilterComputer, YAML
 * hosts:). */
bool acc_name_match(const char *pattern, const char *name);

/* Number of Unicode code points in a UTF-8 string; -1 if invalid UTF-8. */
long acc_utf8_len(const char *s);
