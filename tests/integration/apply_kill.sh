#!/bin/bash
# SIGKILL in the middle of an apply of 500 accounts: the runs table holds
# exactly the operations that completed (the one in flight may have reached
# the server unrecorded); the next apply finishes the rest; nothing is done
# twice.
. "$(dirname "$0")/lib.sh"
n=500
big_apply_start apk $n 100
kill -KILL $pid 2>/dev/null || fail "apply finished before it could be killed"
wait $pid 2>/dev/null || true

recorded=$(sql "SELECT count(*) FROM results WHERE run_id = 1 AND status = 'ok'")
others=$(sql "SELECT count(*) FROM results WHERE run_id = 1 AND status <> 'ok'")
on_server=$(existing_users apk $n | wc -l || true)
echo "killed after $recorded recorded ops; $on_server accounts on the server"
[[ $recorded -gt 0 && $recorded -lt $n ]] || fail "killed run recorded $recorded of $n"
expect_eq "failed or skipped results of the killed run" "$others" 0
[[ $on_server -eq $recorded || $on_server -eq $((recorded + 1)) ]] ||
	fail "server has $on_server accounts, the run recorded $recorded"
# every recorded op really is on the server
sql "SELECT o.account FROM results r JOIN runs u ON u.id = r.run_id
     JOIN plan_ops o ON o.plan_id = u.plan_id AND o.op_id = r.op_id WHERE r.run_id = 1" |
	sort >"$tmp/recorded"
existing_users apk $n >"$tmp/server"
[[ -z $(comm -23 "$tmp/recorded" "$tmp/server") ]] || fail "recorded but absent: $(comm -23 "$tmp/recorded" "$tmp/server" | head)"
pass "the killed run recorded exactly what completed"

accord --format json apply -f "$tmp/big.yaml" --auto-approve >"$tmp/2.json" || fail "second apply exited $?"
expect_eq "second apply failures" "$(json_get "$tmp/2.json" summary.failed)" 0
expect_eq "second apply ops" "$(json_get "$tmp/2.json" summary.ok)" $((n - on_server))
expect_eq "killed run status" "$(sql "SELECT status FROM runs WHERE id = 1")" interrupted
twice=$(sql "SELECT count(*) FROM results a JOIN runs ua ON ua.id = a.run_id
	JOIN plan_ops oa ON oa.plan_id = ua.plan_id AND oa.op_id = a.op_id
	JOIN results b ON b.run_id = 2 JOIN runs ub ON ub.id = b.run_id
	JOIN plan_ops ob ON ob.plan_id = ub.plan_id AND ob.op_id = b.op_id
	WHERE a.run_id = 1 AND a.status = 'ok' AND oa.account = ob.account")
expect_eq "ops done twice" "$twice" 0
expect_eq "accounts on the server" "$(existing_users apk $n | wc -l)" $n
pass "the next apply created the other $((n - on_server)); nothing done twice"
accord apply -f "$tmp/del.yaml" --auto-approve >/dev/null || fail "cleanup apply exited $?"
