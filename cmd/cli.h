#pragma once
/* cli.h: what every verb of the accord command shares.
 *
 * main() parses the global options into struct cli, finds the verb in the
 * table (verbs.c), does the setup its flags ask for (credentials, server
 * connection, state database) and calls its handler. A handler returns the
 * process exit code; it prints its own output and errors through the cli_*
 * helpers below, so every message has one shape. */

#include "compat.h"
#include "error.h"

#include <stdbool.h>
#include <stdio.h>
#include <time.h>

struct nu_conn;
struct nu_host;
struct store;
struct diags;

enum cli_format { CLI_TEXT = 0, CLI_JSON, CLI_JUNIT };

enum verb_flags {
	NEEDS_SERVER = 1u << 0,  /* connect to --server before the handler runs */
	NEEDS_STATE  = 1u << 1,  /* open the state database */
	NEEDS_CREDS  = 1u << 2,  /* resolve credentials (implied by NEEDS_SERVER) */
	/* a credentials problem (bad -A file, no password) is told by
	 * cli_connect, so a verb that records its failures records it too */
	CREDS_AT_CONNECT = 1u << 3,
};

struct cli {
	const char *server;      /* NULL = local machine */
	char *domain;
	char *user;
	char *password;          /* from -A file or ACCORD_PASSWORD; never printed */
	const char *auth_file;
	char *state_path;
	enum cli_format format;
	bool format_set;
	bool color;              /* stdout is a terminal and colour is allowed */
	int verbose;
	bool trace;
	const struct verb *verb;
	struct nu_conn *conn;    /* with NEEDS_SERVER */
	struct store *store;     /* with NEEDS_STATE */
	struct acc_error *creds_error;  /* with CREDS_AT_CONNECT: told by cli_connect */
	bool gpp_unknown_match;  /* --gpp-unknown-filters=match: unknown filters count as true */
	struct nu_host *host;    /* the server's facts, once targeting needed them */
	time_t now;              /* accord's clock for targeting, read once (0 = not yet) */
};

struct verb {
	const char *name;
	int (*fn)(struct cli *cli, int argc, char **argv);
	unsigned flags;          /* enum verb_flags */
	const char *usage;       /* "plan -f FILE [--detailed-exitcode]" */
	const char *help;        /* one line */
	const char *options;     /* the verb's option lines for VERB --help, or NULL */
};

extern const struct verb cli_verbs[];

/* Prints "accord: <msg>" (with "where: " when set) to stderr. Returns 1. */
int cli_error(const struct acc_error *err);
int cli_errorf(const char *fmt, ...) ACC_PRINTF(1, 2);
void cli_warnf(const char *fmt, ...) ACC_PRINTF(1, 2);
/* The message of the newest cli_error/cli_errorf (without "accord: "), or
 * NULL when none was printed: for verbs that record their failure (drift).
 * Valid until the next of those calls. */
const char *cli_last_error(void);
/* Prints diagnostics to stderr as "FILE:LINE:COL: error|warning: MSG" (the
 * position left out where unknown; path names diagnostics without a file). */
void cli_print_diags(const char *path, const struct diags *d);
/* Prints the verb's usage and options to f. */
void cli_verb_help(const struct verb *v, FILE *f);
/* True when argv holds -h or --help before any "--". */
bool cli_wants_help(int argc, char **argv);

/* Reads an smbclient-style authentication file ("username = ", "password = ",
 * "domain = "; "#" and ";" start comments). A username of the form
 * DOMAIN\user sets both. Fills only what the file states. */
int cli_read_auth_file(struct cli *cli, const char *path, struct acc_error *err);
/* Splits "DOMAIN\user" (or "user@domain"? no: only the backslash form) into
 * cli->domain and cli->user. */
void cli_set_user(struct cli *cli, const char *arg);
/* The documented default state path: $ACCORD_STATE, else
 * $XDG_STATE_HOME/accord/state.db, else ~/.local/state/accord/state.db
 * (root: /var/lib/accord/state.db). Caller frees. */
char *cli_default_state_path(void);

/* ANSI colour helpers: return "" when colour is off. */
const char *cli_color(const struct cli *cli, const char *code);
#define CLI_RESET "0"
#define CLI_RED "31"
#define CLI_GREEN "32"
#define CLI_YELLOW "33"
#define CLI_CYAN "36"
#define CLI_BOLD "1"
