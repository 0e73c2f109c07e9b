#pragma once
/* live_read.h: the live snapshot a plan is computed from, read with the
 * fewest calls the model allows. */
#include "cli.h"

struct live;
struct m_user;
struct model;

/* Reads what the diff needs to judge m against cli->conn: every normal
 * account in bulk (one call a page); a whole record only for the accounts
 * whose stated fields the bulk read does not carry; the members of the
 * local groups the model names, and of Administrators (the last-admin
 * rule); the password policy when a password is stated. */
int cli_read_live(struct cli *cli, const struct model *m, struct live **out,
		  struct acc_error *err);

/* The NU_F_* fields of one desired user that a bulk read does not carry. */
unsigned cli_fields_beyond_bulk(const struct m_user *u);
