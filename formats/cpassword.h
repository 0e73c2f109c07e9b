#pragma once
/* cpassword.h: Group Policy Preferences "cpassword" (MS-GPPREF 2.2.1.1.4).
 *
 * A cpassword is the UTF-16LE password encrypted with AES-256-CBC under a
 * key that Microsoft published in the specification, with an all-zero IV,
 * then base64-encoded (GPMC writes it without '=' padding). Since the key is
 * public the encryption protects nothing (MS14-025): every decryption adds a
 * warning that says so.
 *
 * Plaintexts handed out are heap strings the caller must release with
 * cpassword_free(), which wipes them first. */

#include <stddef.h>

struct acc_error;
struct diags;
struct src_pos;

/* The 32-byte AES key of MS-GPPREF 2.2.1.1.4. */
extern const unsigned char cpassword_key[32];

/* Decrypts the base64 cpassword b64 (with or without '=' padding) into a
 * UTF-8 string *out. Adds a DIAG_WARNING naming MS14-025 to warn (if not
 * NULL) at pos (may be NULL). On failure (bad base64, bad padding, invalid
 * UTF-16) returns -1 with err filled; the message never holds the secret. */
int cpassword_decrypt(const char *b64, char **out, struct diags *warn,
		      const struct src_pos *pos, struct acc_error *err);

/* Encrypts the UTF-8 string plain into a base64 cpassword *out, without
 * '=' padding as GPMC writes it. Fails on invalid UTF-8. Caller frees *out
 * with free() (it is not secret: the key is public, but it is as good as the
 * password, so keep it out of logs all the same). */
int cpassword_encrypt(const char *plain, char **out, struct acc_error *err);

/* Wipes and frees a plaintext; NULL is a no-op. */
void cpassword_free(char *plain);
