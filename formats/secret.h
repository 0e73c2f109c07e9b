#pragma once
/* secret.h: turning a password reference of the model into the password.
 *
 * Sources (enum m_pw_kind): {env: NAME} reads the environment variable;
 * {file: PATH} reads the first line (without its line end) of PATH, taken
 * relative to the directory of the file that stated it; a GPP cpassword is
 * decrypted (with the MS14-025 warning); a literal is used as written.
 *
 * A {file:} whose mode lets group or others read it is refused with an
 * error: a password file must be chmod 600 (or 400), as ssh does for keys.
 * Errors say which source failed and why; they never hold the secret.
 * Passwords handed out are heap strings to release with secret_free(),
 * which wipes them first. */

struct acc_error;
struct diags;
struct m_password;
struct m_user;

/* Resolves pw into *out. source_file is the file that stated pw (relative
 * {file:} paths start at its directory; NULL means the current directory).
 * PW_NONE is an error: there is nothing to resolve. Warnings (cpassword)
 * go to warn (may be NULL). Returns 0, or -1 with err filled and *out
 * untouched. */
int secret_resolve(const struct m_password *pw, const char *source_file, char **out,
		   struct diags *warn, struct acc_error *err);

/* secret_resolve for a user's password, with the user's position and name
 * in warnings and errors ("file:line:col: password of user 'x': ..."). */
int secret_resolve_user(const struct m_user *u, char **out, struct diags *warn,
			struct acc_error *err);

/* Wipes and frees a resolved password; NULL is a no-op. */
void secret_free(char *s);
