/* apply_print.c: what an apply run did, as text or as JSON
 * (docs/apply-json.md, format_version APPLY_JSON_VERSION). */
#include "apply_exec.h"
#include "apply_print.h"

#include "netapi.h"
#include "strbuf.h"

#include <inttypes.h>
#include <stdio.h>

void apply_json_open(struct strbuf *sb, const char *server, const char *plan_id,
		     const char *run_id, const char *status)
{
	sb_addf(sb, "{\"format_version\":%d,\"server\":", APPLY_JSON_VERSION);
	sb_add_json_str(sb, server);
	sb_add_json_member(sb, ",\"plan_id\":", plan_id);
	sb_add_json_member(sb, ",\"run_id\":", run_id);
	sb_add_json_member(sb, ",\"status\":", status);
}

void apply_json_close(struct strbuf *sb, const struct nu_conn *conn)
{
	struct nu_stats st = { 0 };

	if (conn) {
		nu_get_stats(conn, &st);
		sb_addf(sb, ",\"process\":{\"calls\":%lu,\"reads\":%lu,\"writes\":%lu,\"ms\":%.3f}",
			st.calls, st.reads, st.writes, st.ms);
	}
	sb_adds(sb, "}\n");
	fputs(sb->buf, stdout);
}

static const struct plan_op *op_of(const struct plan *p, unsigned id)
{
	return id && id <= p->n_ops ? &p->ops[id - 1] : NULL;
}

static void json_result(struct strbuf *sb, const struct plan_op *op, const struct apply_result *r)
{
	sb_addf(sb, "{\"op\":%u,\"kind\":\"%s\",\"account\":", op->id, op_kind_name(op->kind));
	sb_add_json_str(sb, op->account);
	if (op->new_name) {
		sb_add_json_member(sb, ",\"new_name\":", op->new_name);
	}
	if (op->group) {
		sb_add_json_member(sb, ",\"group\":", op->group);
		sb_add_json_member(sb, ",\"member_sid\":", op->member_sid);
	}
	sb_addf(sb, ",\"status\":\"%s\",\"skip_reason\":", apply_status_name(r->status));
	sb_add_json_str(sb, r->skip ? apply_skip_name(r->skip) : NULL);
	sb_addf(sb, ",\"cause_op\":%u,\"nu_status\":\"%s\",\"raw\":%" PRIu32
		",\"parm_err\":%" PRIu32 ",\"message\":", r->cause_op,
		nu_status_name(r->nu_status), r->raw, r->parm_err);
	sb_add_json_str(sb, r->msg);
	sb_addf(sb, ",\"ms\":%.3f,\"calls\":%lu,\"writes\":%lu,\"password_set\":%s",
		r->ms, r->calls, r->writes, r->password_set ? "true" : "false");
	if (r->known_after)
		sb_addf(sb, ",\"rid_after\":%" PRIu32, r->rid_after);
	sb_adds(sb, "}");
}

static void print_json(const struct apply_exec *x)
{
	struct strbuf sb = STRBUF_INIT;
	const struct apply_summary *s = &x->sum;

	sb_init(&sb);
	apply_json_open(&sb, nu_server(x->cli->conn), x->plan->id, x->run_id, x->run_status);
	sb_addf(&sb, ",\"summary\":{\"total\":%zu,\"ok\":%zu,\"failed\":%zu,\"skipped\":%zu,"
		"\"interrupted\":%s,\"calls\":%lu,\"writes\":%lu,\"ms\":%.3f},\"results\":[",
		s->total, s->ok, s->failed, s->skipped, s->interrupted ? "true" : "false",
		s->calls, s->writes, s->ms);
	for (size_t i = 0; i < x->n_res; i++) {
		if (i)
			sb_addc(&sb, ',');
		json_result(&sb, op_of(x->plan, x->res[i].op), &x->res[i].r);
	}
	sb_adds(&sb, "]");
	apply_json_close(&sb, x->cli->conn);
	sb_release(&sb);
}

static void print_text(const struct apply_exec *x)
{
	const struct cli *cli = x->cli;
	const struct apply_summary *s = &x->sum;

	for (size_t i = 0; i < x->n_res; i++) {
		const struct apply_result *r = &x->res[i].r;
		const struct plan_op *op = op_of(x->plan, x->res[i].op);
		const char *color = r->status == APPLY_OK ? CLI_GREEN :
			r->status == APPLY_FAILED ? CLI_RED : CLI_YELLOW;

		printf("%s%-7s%s op %u %s %s: %s", cli_color(cli, color), apply_status_name(r->status),
		       cli_color(cli, CLI_RESET), op->id, op_kind_name(op->kind), op->account, r->msg);
		if (r->status == APPLY_FAILED && r->raw && r->parm_err)
			printf(" [raw %" PRIu32 ", parm_err %" PRIu32 "]", r->raw, r->parm_err);
		else if (r->status == APPLY_FAILED && r->raw)
			printf(" [raw %" PRIu32 "]", r->raw);
		if (r->status != APPLY_SKIPPED)
			printf(" (%lu call%s, %.1f ms)", r->calls, r->calls == 1 ? "" : "s", r->ms);
		putchar('\n');
	}
	printf("\n%sApply %s%s (run %s, plan %s): %zu ok, %zu failed, %zu skipped; "
	       "%lu calls (%lu writes) in %.2f s.\n",
	       cli_color(cli, CLI_BOLD), x->run_status, cli_color(cli, CLI_RESET),
	       x->run_id, x->plan->id, s->ok, s->failed, s->skipped, s->calls, s->writes,
	       s->ms / 1e3);
	if (s->interrupted)
		printf("Stopped by signal %d after the operation in flight; the rest was not "
		       "attempted. Run apply again to finish.\n", x->signo ? x->signo : 2);
	else if (s->failed || s->skipped)
		printf("Some operations did not succeed; see 'accord show %s'.\n", x->run_id);
}

void apply_exec_print(const struct apply_exec *x)
{
	if (x->cli->format == CLI_JSON)
		print_json(x);
	else
		print_text(x);
}
