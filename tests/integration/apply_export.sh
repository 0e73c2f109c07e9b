#!/bin/bash
# accord export: the live accounts as YAML without secrets; planned against
# the same server it changes nothing.
. "$(dirname "$0")/lib.sh"
users=$(dirname "$0")/data/apply-users.yaml
drop_users apalice apbob apcarol
accord apply -f "$users" --auto-approve >/dev/null || fail "apply exited $?"
accord export -o "$tmp/export.yaml" || fail "export exited $?"
grep -q '^- name: apalice$' "$tmp/export.yaml" || fail "apalice not exported"
grep -q 'full_name: Alice Liddell' "$tmp/export.yaml" || fail "apalice's full name not exported"
grep -qE '^[ -]*password:' "$tmp/export.yaml" && fail "export states a password"
grep -qF "$IT_PW1" "$tmp/export.yaml" && fail "export holds a secret"
accord plan -f "$tmp/export.yaml" --detailed-exitcode >"$tmp/plan.txt" 2>&1 ||
	fail "plan of the export is not empty (exit $?): $(cat "$tmp/plan.txt")"
pass "export of $(grep -c '^- name:' "$tmp/export.yaml") accounts plans to no changes"
drop_users apalice apbob apcarol
