#pragma once
/* live_read.h: the live snapshot a plan is computed from, read with the
 * fewest calls the model allows. */
#include "cli.h"

struct live;
struct m_user;
struct plan;
struct model;

/* Reads what the diff needs to judge m against cli->conn: every normal
 * account in bulk (one call a page); a whole record only for the accounts
 * whose stated fields the bulk read does not carry; the members of the
 * local groups the model names, and of Administrators (the last-admin
 * rule); the password policy when a password is stated. */
int cli_read_live(struct cli *cli, const struct model *m, struct live **out,
		  struct acc_error *err);

/* Reads everything (for export): every account's whole record, every
 * local group with its members, the password policy when readable. */
int cli_read_live_all(struct cli *cli, struct live **out, struct acc_error *err);

/* Samba's SAMR server answers the bulk listing from a cache that outlives
 * writes by about 10 s, so a change planned from bulk values alone may
 * already be made, and an account missing from the listing may exist.
 * Reads the whole record of every account an update or disable of p was
 * planned for from bulk values only, and looks up every account p creates
 * and, for a rename of m that p plans as a create of the new name (neither
 * name listed), the old name (one batched look-up; a whole record only of
 * those that exist), into l. Returns how many records it replaced or added
 * (the caller plans again when > 0), or -1 with err. Converged accounts
 * cost nothing. */
int cli_live_confirm(struct cli *cli, const struct model *m, struct live *l,
		     const struct plan *p, struct acc_error *err);

/* The NU_F_* fields of one desired user that a bulk read does not carry. */
unsigned cli_fields_beyond_bulk(const struct m_user *u);
