#!/bin/bash
# Several -f files in order, as GPO precedence: a base YAML and a host
# Groups.xml that states other values. The plan lists every conflict with
# both positions; apply of the saved plan reads the host file's cpassword
# again (both files, in order); the server then holds the later file's
# values and the base's where the host says nothing; a second plan is empty.
. "$(dirname "$0")/lib.sh"
drop_users apmf1 apmf2

# A GPP cpassword: UTF-16LE, AES-256-CBC under the key Microsoft published
# (MS14-025), zero IV, base64 without padding, as GPMC writes it.
cpassword() {
	printf '%s' "$1" | iconv -f UTF-8 -t UTF-16LE |
		openssl enc -aes-256-cbc -nosalt -iv 00000000000000000000000000000000 \
			-K 4e9906e8fcb66cc9faf49310620ffee8f496e806cc057990209b09a433b66c1b |
		base64 -w0 | tr -d '='
}

base=$tmp/base.yaml host=$tmp/host.xml
cat >"$base" <<'EOF'
version: 1
users:
  - name: apmf1
    full_name: Base Name
    description: from base
    home_dir: '\\files\home\apmf1'
    password: {env: IT_PW1}
  - name: apmf2
    description: only in base
    password: {env: IT_PW1}
EOF
cat >"$host" <<EOF
<?xml version="1.0" encoding="utf-8"?>
<Groups clsid="{3125E937-EB16-4b4c-9934-544FC6D24D26}">
  <User clsid="{DF5F1855-51E5-4d24-8B1A-D9BDE98BA1D1}" name="apmf1" uid="{A1000000-0000-0000-0000-000000000001}">
    <Properties action="U" fullName="Host Name" description="from host" userName="apmf1"/>
  </User>
  <User clsid="{DF5F1855-51E5-4d24-8B1A-D9BDE98BA1D1}" name="apmf2" uid="{A1000000-0000-0000-0000-000000000002}">
    <Properties action="U" cpassword="$(cpassword "$IT_PW2")" userName="apmf2"/>
  </User>
</Groups>
EOF

accord --no-color plan -f "$base" -f "$host" >"$tmp/plan.txt" 2>"$tmp/plan.err" ||
	fail "plan exited $?: $(cat "$tmp/plan.err")"
grep -qxF "  ~ user \"apmf1\" full_name: $base:3:5 \"Base Name\" overridden by $host:3:3 \"Host Name\"" \
	"$tmp/plan.txt" || fail "plan: no full_name conflict: $(cat "$tmp/plan.txt")"
grep -qxF "  ~ user \"apmf1\" description: $base:3:5 \"from base\" overridden by $host:3:3 \"from host\"" \
	"$tmp/plan.txt" || fail "plan: no description conflict"
grep -qxF "  ~ user \"apmf2\" password: $base:8:5 overridden by $host:6:3 (values not shown)" \
	"$tmp/plan.txt" || fail "plan: no password conflict"
for secret in "$IT_PW1" "$IT_PW2"; do
	! grep -qF "$secret" "$tmp/plan.txt" "$tmp/plan.err" || fail "plan printed a password"
done
id=$(sed -n 's/^Saved plan: //p' "$tmp/plan.txt")
[[ -n $id ]] || fail "plan saved no id"
expect_eq "plan files, in order" "$(sql "SELECT group_concat(path, '|') FROM
	(SELECT path FROM plan_sources WHERE plan_id = ${id#P-} ORDER BY seq)")" "$base|$host"
expect_eq "plan conflicts saved" "$(sql "SELECT count(*) FROM plan_conflicts WHERE plan_id = ${id#P-}")" 3
expect_eq "password conflict keeps no value" "$(sql "SELECT count(*) FROM plan_conflicts WHERE
	field = 'password' AND was_value IS NULL AND now_value IS NULL")" 1
accord show >"$tmp/show.txt" || fail "show exited $?"
grep -qF "$base + $host" "$tmp/show.txt" || fail "show does not name both files: $(cat "$tmp/show.txt")"
pass "plan $id lists the 3 conflicts with both positions, no password"

# apply the saved plan: apmf2's password is the host file's cpassword, read
# again from the same two files
accord --format json apply --plan "$id" --auto-approve >"$tmp/apply.json" ||
	fail "apply --plan exited $?: $(cat "$tmp/apply.json")"
expect_eq "apply status" "$(json_get "$tmp/apply.json" status)" succeeded
expect_eq "apmf1 full name (host wins)" "$(nu_field apmf1 full_name)" "Host Name"
expect_eq "apmf1 description (host wins)" "$(nu_field apmf1 comment)" "from host"
expect_eq "apmf1 home (only the base states it)" "$(nu_field apmf1 home_dir)" '\\files\home\apmf1'
expect_eq "apmf2 description (only the base states it)" "$(nu_field apmf2 comment)" "only in base"
net_rpc user info apmf1 >/dev/null || fail "net rpc user info apmf1"
# the password is the host file's: Samba itself lets apmf2 log on with it
logs_on() { rpcclient $(client_conf) -U "$1%$2" -c getusername "$ACCORD_TEST_SERVER" >/dev/null 2>&1; }
logs_on apmf2 "$IT_PW2" || fail "apmf2 cannot log on with the host file's password"
! logs_on apmf2 "$IT_PW1" || fail "apmf2 logs on with the base file's password"
logs_on apmf1 "$IT_PW1" || fail "apmf1 cannot log on with the base file's password"
pass "the server holds the later file's values and the base's where the host is silent"

# converged: an empty plan, the conflicts still listed; drift agrees
accord --no-color plan -f "$base" -f "$host" --detailed-exitcode >"$tmp/plan2.txt" 2>&1 ||
	fail "second plan is not empty (exit $?): $(cat "$tmp/plan2.txt")"
grep -q '^No changes' "$tmp/plan2.txt" || fail "second plan: $(cat "$tmp/plan2.txt")"
expect_eq "second plan still lists the conflicts" "$(grep -c '^  ~ user "apmf' "$tmp/plan2.txt")" 3
accord --no-color drift -f "$base" -f "$host" >"$tmp/drift.txt" 2>&1 ||
	fail "drift is not in sync (exit $?): $(cat "$tmp/drift.txt")"
grep -qF "password: $base:8:5 overridden by $host:6:3 (values not shown)" "$tmp/drift.txt" ||
	fail "drift does not list the conflicts: $(cat "$tmp/drift.txt")"
pass "converged: second plan empty, drift in sync, both list the conflicts"

# the order is the precedence: the other way round, the base wins
rc=0
accord --no-color plan -f "$host" -f "$base" --detailed-exitcode >"$tmp/plan3.txt" 2>&1 || rc=$?
expect_eq "reversed order plans a change" "$rc" 2
grep -qF '"Host Name" -> "Base Name"' "$tmp/plan3.txt" || fail "reversed: $(cat "$tmp/plan3.txt")"
pass "reversed order: the base file wins"
