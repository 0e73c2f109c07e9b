#!/bin/bash
# SIGTERM (as Ctrl-C's SIGINT) in the middle of an apply: the operation in
# flight finishes and is recorded, the rest are recorded as interrupted,
# accord exits non-zero (128 + signal) and the server holds exactly what
# was recorded as done.
. "$(dirname "$0")/lib.sh"
n=150
big_apply_start aps $n 20
kill -TERM $pid 2>/dev/null || fail "apply finished before the signal"
rc=0
wait $pid || rc=$?
expect_eq "exit code after SIGTERM" "$rc" 143
expect_eq "JSON status" "$(json_get "$tmp/1.json" status)" interrupted
ok=$(json_get "$tmp/1.json" summary.ok)
expect_eq "results recorded" "$(sql "SELECT count(*) FROM results")" $n
expect_eq "ok results recorded" "$(sql "SELECT count(*) FROM results WHERE status = 'ok'")" "$ok"
expect_eq "interrupted results" "$(sql "SELECT count(*) FROM results WHERE status = 'interrupted'")" \
	$((n - ok))
expect_eq "run status" "$(sql "SELECT status FROM runs WHERE id = 1")" interrupted
expect_eq "accounts on the server" "$(existing_users aps $n | wc -l)" "$ok"
expect_eq "lock released" "$(sql "SELECT count(*) FROM locks")" 0
pass "SIGTERM after $ok of $n: recorded exactly, the rest interrupted, exit 143"
accord apply -f "$tmp/del.yaml" --auto-approve >/dev/null || fail "cleanup apply exited $?"
