#pragma once
/* apply_print.h: the JSON frame every `accord apply --format json`
 * answer shares (docs/apply-json.md). */

struct nu_conn;
struct strbuf;

/* Bumped when a field changes meaning or disappears; adding fields does
 * not bump it. */
#define APPLY_JSON_VERSION 1

/* Starts the object: format_version, server, plan_id, run_id (NULL ->
 * null), status. The caller appends members (",\"x\":...") then closes. */
void apply_json_open(struct strbuf *sb, const char *server, const char *plan_id,
		     const char *run_id, const char *status);
/* Adds "process" (every NetUser call this process made on conn, reads
 * included: nu_get_stats) when conn is not NULL, closes the object and
 * prints it on stdout with a newline. */
void apply_json_close(struct strbuf *sb, const struct nu_conn *conn);
