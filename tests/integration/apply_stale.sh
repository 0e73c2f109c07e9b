#!/bin/bash
# saved plans: applied when nothing changed; refused the second time; refused
# (changing nothing) after an out-of-band change made with `net rpc`.
. "$(dirname "$0")/lib.sh"
"$ACCORD_BIN" plan --help >/dev/null 2>&1 || { echo "accord has no plan verb yet"; exit 77; }
drop_users apst1 apst1x apst2
cat >"$tmp/base.yaml" <<'YAML'
version: 1
users:
  - {name: apst1, full_name: First, password: {env: IT_PW1}, password_update: on_create}
  - {name: apst2, full_name: Second, password: {env: IT_PW1}, password_update: on_create}
YAML
accord apply -f "$tmp/base.yaml" --auto-approve >/dev/null || fail "setup apply exited $?"
sed 's/First/First changed/; s/Second/Second changed/' "$tmp/base.yaml" >"$tmp/change.yaml"
last_plan() { echo "P-$(sql 'SELECT max(id) FROM plans')"; }

# unchanged server: the saved plan applies
accord plan -f "$tmp/change.yaml" >/dev/null || true
p=$(last_plan)
accord apply --plan "$p" --auto-approve >"$tmp/ok.txt" 2>&1 || fail "apply --plan $p exited $?: $(cat "$tmp/ok.txt")"
expect_eq "saved plan applied" "$(nu_field apst1 full_name)" "First changed"
pass "saved plan $p applied"

# the same plan again: refused, nothing done
if accord apply --plan "$p" --auto-approve >"$tmp/twice.txt" 2>&1; then fail "plan $p applied twice"; fi
grep -q "plan $p is stale" "$tmp/twice.txt" || fail "second apply: $(cat "$tmp/twice.txt")"
pass "plan $p refused the second time"

# out-of-band rename with net rpc: refused, nothing changed
accord plan -f "$tmp/base.yaml" >/dev/null || true
p=$(last_plan)
net_rpc user rename apst1 apst1x >/dev/null || fail "net rpc user rename"
writes_before=$(sql "SELECT count(*) FROM results")
if accord apply --plan "$p" --auto-approve >"$tmp/stale.txt" 2>&1; then fail "stale plan $p applied"; fi
grep -q "plan $p is stale" "$tmp/stale.txt" || fail "stale apply: $(cat "$tmp/stale.txt")"
grep -q "apst1: no longer exists" "$tmp/stale.txt" || fail "difference not named: $(cat "$tmp/stale.txt")"
expect_eq "nothing recorded" "$(sql "SELECT count(*) FROM results")" "$writes_before"
expect_eq "apst2 untouched" "$(nu_field apst2 full_name)" "Second changed"
expect_eq "apst1x untouched" "$(nu_field apst1x full_name)" "First changed"
pass "plan $p refused after net rpc user rename"

# out-of-band password change with net rpc: refused too
net_rpc user rename apst1x apst1 >/dev/null || fail "net rpc user rename back"
accord plan -f "$tmp/base.yaml" >/dev/null || true
p=$(last_plan)
sleep 3   # past the 2 s slack of password set times
net_rpc user password apst2 'Out-Of-Band-77z' >/dev/null || fail "net rpc user password"
if accord apply --plan "$p" --auto-approve >"$tmp/stale2.txt" 2>&1; then fail "stale plan $p applied"; fi
grep -q "apst2: password was set again" "$tmp/stale2.txt" || fail "password change not seen: $(cat "$tmp/stale2.txt")"
expect_eq "apst1 untouched" "$(nu_field apst1 full_name)" "First changed"
pass "plan $p refused after net rpc user password"

# the password's source changed since the plan: that op is refused before
# any call (fingerprint), the server keeps its values, apply exits 1
cat >"$tmp/pw.yaml" <<'YAML'
version: 1
users:
  - {name: apst2, full_name: Second with password, password: {env: IT_PW3}}
YAML
export IT_PW3='Planned-Pw-63q'
accord plan -f "$tmp/pw.yaml" >/dev/null || true
p=$(last_plan)
export IT_PW3='Changed-Pw-64r'
if accord --format json apply --plan "$p" --auto-approve >"$tmp/pw.json" 2>"$tmp/pw.err"; then
	fail "plan $p applied a password other than the planned one"
fi
grep -q "fingerprint differs" "$tmp/pw.json" || fail "refusal not explained: $(cat "$tmp/pw.json" "$tmp/pw.err")"
expect_eq "refused op made no call" "$(json_get "$tmp/pw.json" results.0.calls)" 0
expect_eq "apst2 untouched" "$(nu_field apst2 full_name)" "Second changed"
pass "plan $p: password op refused when its source changed"

# an account added out of band a moment ago, while Samba's listing cache
# still lacks it (the plans above just filled that cache): the plan must not
# propose to create it, and apply must leave it as it is
drop_users apst3
cat >"$tmp/new.yaml" <<'YAML'
version: 1
users:
  - {name: apst3, full_name: Third}
YAML
accord plan -f "$tmp/base.yaml" >/dev/null || true
net_rpc user add apst3 'Out-Of-Band-78y' >/dev/null || fail "net rpc user add"
accord --format json plan -f "$tmp/new.yaml" >"$tmp/new.json" || true
grep -q '"kind": *"create"' "$tmp/new.json" && fail "plan creates apst3, which exists: $(cat "$tmp/new.json")"
grep -q '"kind": *"update"' "$tmp/new.json" || fail "plan does not update apst3: $(cat "$tmp/new.json")"
accord apply -f "$tmp/new.yaml" --auto-approve >"$tmp/new.txt" 2>&1 || fail "apply exited $?: $(cat "$tmp/new.txt")"
expect_eq "apst3 updated in place" "$(nu_field apst3 full_name)" "Third"
pass "an account added a moment ago is updated, not created again"
drop_users apst1 apst1x apst2 apst3
