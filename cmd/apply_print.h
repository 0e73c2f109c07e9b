#pragma once
/* apply_print.h: the JSON frame every `accord apply --format json`
 * answer shares (docs/apply-json.md). */

struct strbuf;

/* Bumped when a field changes meaning or disappears; adding fields does
 * not bump it. */
#define APPLY_JSON_VERSION 1

/* Starts the object: format_version, server, plan_id, run_id (NULL ->
 * null), status. The caller appends members (",\"x\":...") then closes. */
void apply_json_open(struct strbuf *sb, const char *server, const char *plan_id,
		     const char *run_id, const char *status);
/* Closes the object and prints it on stdout with a newline. */
void apply_json_close(struct strbuf *sb);
