#!/bin/bash
# accord export: the live accounts as YAML without secrets; planned against
# the same server it changes nothing.
. "$(dirname "$0")/lib.sh"
drop_users apexp1 apexp2
cat >"$tmp/users.yaml" <<'YAML'
version: 1
users:
  - {name: apexp1, action: create, full_name: Alice Liddell, description: exported,
     password: {env: IT_PW1}}
  - {name: apexp2, action: create, full_name: Bob, password: {env: IT_PW1}}
YAML
accord apply -f "$tmp/users.yaml" --auto-approve >/dev/null || fail "apply exited $?"
accord export -o "$tmp/export.yaml" || fail "export exited $?"
grep -q '^- name: apexp1$' "$tmp/export.yaml" || fail "apexp1 not exported"
grep -q 'full_name: Alice Liddell' "$tmp/export.yaml" || fail "apexp1's full name not exported"
grep -qE '^[ -]*password:' "$tmp/export.yaml" && fail "export states a password"
grep -qF "$IT_PW1" "$tmp/export.yaml" && fail "export holds a secret"
accord plan -f "$tmp/export.yaml" --detailed-exitcode >"$tmp/plan.txt" 2>&1 ||
	fail "plan of the export is not empty (exit $?): $(cat "$tmp/plan.txt")"
pass "export of $(grep -c '^- name:' "$tmp/export.yaml") accounts plans to no changes"
drop_users apexp1 apexp2
