#!/bin/bash
# must_change_password on existing accounts (issue 13): applied once, the
# first time accord manages the account (by SID), read back as "must change"
# by Samba's own tools; after the user changed the password, a second plan
# says "already applied ...; not again" and apply changes nothing. The same
# through YAML and Groups.xml (changeLogon="1"), for an account accord
# renames, and for one accord creates with a password. An account that
# keeps "password never expires" is not asked (an AD DC ignores must-change
# then), nor, on the file server, one that keeps "cannot change password"
# (Samba ignores it then); clearing either in the file applies both.
. "$(dirname "$0")/lib.sh"
drop_users apmcy apmcx apmco apmcr apmcn apmcc apmce

# a failed run leaves no account behind for the next test to find
trap 'drop_users apmcy apmcx apmco apmcr apmcn apmcc apmce; rm -rf "$tmp"' EXIT

case $ACCORD_TEST_PROFILE in
standalone)
	# "Password must change: 0" (due at once) once must-change is set;
	# "never" (no password expiry on this server) otherwise
	must_change_by_samba() {
		local v
		v=$(pdb "$1" | sed -n 's/^Password must change: *//p')
		[[ -n $v ]] || fail "pdbedit -v $1 has no 'Password must change' line"
		[[ $v == 0 ]] && echo yes || echo no
	}
	;;
addc)
	# pwdLastSet 0 is "must change at next logon" in AD
	must_change_by_samba() {
		local v
		v=$(samba-tool user show "$1" -H "$samba_dir/data/private/sam.ldb" \
			--attributes=pwdLastSet 2>/dev/null | sed -n 's/^pwdLastSet: //p')
		[[ -n $v ]] || fail "samba-tool user show $1 has no pwdLastSet"
		[[ $v == 0 ]] && echo yes || echo no
	}
	;;
esac

# The user changes their own password, as at a logon prompt: SAMR's
# change-password call with the old one, not an administrator's reset.
user_changes_password() { # NAME OLD NEW
	printf '%s\n%s\n%s\n' "$2" "$3" "$3" |
		smbpasswd $( [[ -f $samba_dir/client.conf ]] && echo "-c $samba_dir/client.conf" ) \
			-s -r "$ACCORD_TEST_SERVER" -U "$1" >"$tmp/smbpasswd.out" 2>&1 ||
		fail "$1 could not change the password: $(cat "$tmp/smbpasswd.out")"
}

sid_of() {
	rpc "lookupnames $1" 2>/dev/null | sed -n "s/^$1 \(S-1-5-21-[0-9-]*\) (User: 1)$/\1/p"
}

# Accounts made outside accord: accord has never managed them. Samba
# 4.17's rpcd_samr answers listings from a cache (lib.sh) that this export
# fills just before: the plans below do not list the new accounts, so they
# must find them by name, the renamed one (apmco) included.
accord export -o "$tmp/before.yaml" || fail "export exited $?"
for u in apmcy apmcx apmco; do
	net_rpc user add "$u" "$IT_PW1" >/dev/null || fail "net rpc user add $u"
done
expect_eq "apmcy before" "$(must_change_by_samba apmcy)" no

cat >"$tmp/mc.yaml" <<EOF
version: 1
users:
  - name: apmcy
    description: must change once
    must_change_password: true
  - name: apmco
    new_name: apmcr
    must_change_password: true
  - name: apmcn
    password: {env: IT_PW1}
    must_change_password: true
EOF
cat >"$tmp/mc.xml" <<'EOF'
<?xml version="1.0" encoding="utf-8"?>
<Groups clsid="{3125E937-EB16-4b4c-9934-544FC6D24D26}">
  <User clsid="{DF5F1855-51E5-4d24-8B1A-D9BDE98BA1D1}" name="apmcx" image="2" changed="2024-01-01 00:00:00" uid="{33333333-3333-3333-3333-333333333333}">
    <Properties action="U" newName="" fullName="" description="" cpassword="" changeLogon="1" noChange="0" neverExpires="0" acctDisabled="0" userName="apmcx"/>
  </User>
</Groups>
EOF

# ---- first plan: which case applies, per account
accord plan -f "$tmp/mc.yaml" >"$tmp/plan1.txt" || fail "first plan exited $?"
grep -A3 '^  ~ user "apmcy"' "$tmp/plan1.txt" |
	grep -q 'must_change_password: *false -> true (once: the first time accord manages this account)' ||
	fail "plan 1 does not set apmcy's must-change as the first time: $(cat "$tmp/plan1.txt")"
grep -A3 '^  ~ user "apmcr"' "$tmp/plan1.txt" |
	grep -q '(once: the first time accord manages this account)' ||
	fail "plan 1 does not set the renamed apmcr's must-change: $(cat "$tmp/plan1.txt")"
grep -A4 '^  + user "apmcn"' "$tmp/plan1.txt" |
	grep -q 'must_change_password: *true (with the password accord sets)' ||
	fail "plan 1 does not create apmcn with must-change: $(cat "$tmp/plan1.txt")"
pass "plan 1 names the case of each account"

accord --format json apply -f "$tmp/mc.yaml" --auto-approve >"$tmp/1.json" || fail "apply 1 exited $?"
expect_eq "apply 1 status" "$(json_get "$tmp/1.json" status)" succeeded
# the Groups.xml as a saved plan, applied by id: the op's must-change case
# comes back from the state database
accord --format json plan -f "$tmp/mc.xml" >"$tmp/plan1x.json" || fail "plan 1 (xml) exited $?"
python3 - "$tmp/plan1x.json" <<'EOF' || fail "plan 1 (xml): $(cat "$tmp/plan1x.json")"
import json, sys
ops = [o for o in json.load(open(sys.argv[1]))["operations"] if o["account"] == "apmcx"]
assert len(ops) == 1 and ops[0]["must_change"]["case"] == "first_managed", ops
EOF
accord --format json apply --plan "$(json_get "$tmp/plan1x.json" plan_id)" --auto-approve \
	>"$tmp/1x.json" || fail "apply 1 (xml, saved plan) exited $?"
expect_eq "apply 1 (xml) status" "$(json_get "$tmp/1x.json" status)" succeeded
for u in apmcy apmcx apmcr apmcn; do
	expect_eq "$u must change (netapi)" "$(nu_field $u password_expired)" 1
	expect_eq "$u must change (Samba's own tool)" "$(must_change_by_samba $u)" yes
done
pass "must-change set on existing, renamed and new accounts (netapi and Samba's tools agree)"

# recorded by SID, with the case
for u in apmcy:first_managed apmcx:first_managed apmcr:first_managed apmcn:with_password; do
	name=${u%%:*} how=${u#*:}
	sid=$(sid_of "$name")
	[[ -n $sid ]] || fail "no SID for $name"
	expect_eq "$name recorded" \
		"$(sql "SELECT how FROM must_change_applied WHERE sid = '$sid'")" "$how"
done
pass "each recorded by SID with its case"

# ---- the users change their passwords; one (apmcr) does not yet
user_changes_password apmcy "$IT_PW1" "$IT_PW2"
user_changes_password apmcx "$IT_PW1" "$IT_PW2"
user_changes_password apmcn "$IT_PW1" "$IT_PW2"
for u in apmcy apmcx apmcn; do
	expect_eq "$u after the user's change" "$(must_change_by_samba $u)" no
done
pass "the users changed their passwords: no longer must change"

# ---- second round: nothing to do, and the plan says why
accord plan -f "$tmp/mc.yaml" --detailed-exitcode >"$tmp/plan2.txt" ||
	fail "plan 2 is not empty (exit $?): $(cat "$tmp/plan2.txt")"
for u in apmcy apmcn; do
	grep -q "^  ! \"$u\": must_change_password already applied on .*the user changed the password on .*: not again" \
		"$tmp/plan2.txt" || fail "plan 2 does not say $u is not asked again: $(cat "$tmp/plan2.txt")"
done
grep -q '^  ! "apmcr": must_change_password already applied on .*; not again: the user has not changed the password yet' \
	"$tmp/plan2.txt" || fail "plan 2 does not say apmcr is pending: $(cat "$tmp/plan2.txt")"
accord --format json plan -f "$tmp/mc.yaml" >"$tmp/plan2.json" || fail "plan 2 (json) exited $?"
python3 - "$tmp/plan2.json" <<'EOF' || fail "plan 2 JSON: the notes lack their must_change case"
import json, sys
ops = json.load(open(sys.argv[1]))["operations"]
cases = {o["account"]: o.get("must_change") for o in ops if o["kind"] == "note"}
for a in ("apmcy", "apmcr", "apmcn"):
    c = cases.get(a)
    assert c and c["case"] == "already_applied" and c["applied_at"] > 0, (a, c)
EOF
accord --format json apply -f "$tmp/mc.yaml" --auto-approve >"$tmp/2.json" || fail "apply 2 exited $?"
expect_eq "apply 2 status" "$(json_get "$tmp/2.json" status)" no_changes
expect_eq "apply 2 writes" "$(json_get "$tmp/2.json" process.writes)" 0
accord plan -f "$tmp/mc.xml" --detailed-exitcode >"$tmp/plan2x.txt" ||
	fail "plan 2 (xml) is not empty (exit $?): $(cat "$tmp/plan2x.txt")"
grep -q '^  ! "apmcx": must_change_password already applied on .*the user changed the password on .*: not again' \
	"$tmp/plan2x.txt" || fail "plan 2 (xml) does not say apmcx is not asked again: $(cat "$tmp/plan2x.txt")"
accord --format json apply -f "$tmp/mc.xml" --auto-approve >"$tmp/2x.json" || fail "apply 2 (xml) exited $?"
expect_eq "apply 2 (xml) status" "$(json_get "$tmp/2x.json" status)" no_changes
for u in apmcy apmcx apmcn; do
	expect_eq "$u not asked again (Samba's own tool)" "$(must_change_by_samba $u)" no
	expect_eq "$u not asked again (netapi)" "$(nu_field $u password_expired)" 0
done
expect_eq "apmcr still pending" "$(must_change_by_samba apmcr)" yes
pass "second apply: no changes, not asked again after the users' changes"

# drift agrees: in sync with these records. Against a state without them
# (nor the password history), apmcy is must-change never applied (the user
# changed the password since), apmcn's password is not known to be the
# file's; apmcr, which the server still asks to change, is as wanted (its
# planned "set again so that accord records it" is no drift).
rc=0; accord --format json drift -f "$tmp/mc.yaml" >"$tmp/drift1.json" || rc=$?
expect_eq "drift with the records (exit)" "$rc" 0
expect_eq "drift with the records" "$(json_get "$tmp/drift1.json" status)" in_sync
rc=0
"$ACCORD_BIN" -s "$ACCORD_TEST_SERVER" -A "$ACCORD_TEST_AUTH" --state "$tmp/fresh.db" \
	--format json drift -f "$tmp/mc.yaml" >"$tmp/drift2.json" || rc=$?
expect_eq "drift without the records (exit)" "$rc" 2
python3 - "$tmp/drift2.json" <<'EOF' || fail "drift without the records: $(cat "$tmp/drift2.json")"
import json, sys
items = json.load(open(sys.argv[1]))["items"]
got = sorted((i["account"], i["field"], i["expected"], i["actual"]) for i in items)
assert got == [("apmcn", "must_change_password", "true", "false"),
               ("apmcn", "password", "(sensitive)", "(sensitive)"),
               ("apmcy", "must_change_password", "true", "false")], got
EOF
pass "drift: in sync with the records; without them only the accounts not asked now drift"

# ---- flags that block must-change
# An account accord created with FLAG (a YAML key) true is not asked to
# change (the plan notes WHY), until the file clears FLAG: then both at once.
blocked_then_cleared() { # NAME FLAG NU_SHOW_FIELD WHY
	local f=$tmp/$1
	printf 'version: 1\nusers:\n  - {name: %s, password: {env: IT_PW1}, %s: true}\n' "$1" "$2" >"$f.0.yaml"
	accord apply -f "$f.0.yaml" --auto-approve >/dev/null || fail "creating $1 with $2 exited $?"
	printf 'version: 1\nusers:\n  - {name: %s, must_change_password: true}\n' "$1" >"$f.1.yaml"
	accord plan -f "$f.1.yaml" --detailed-exitcode >"$f.plan" ||
		fail "plan of $1 with $2 kept is not empty (exit $?): $(cat "$f.plan")"
	grep -qF "  ! \"$1\": must_change_password is not applied: $4" "$f.plan" ||
		fail "the plan of $1 does not say why: $(cat "$f.plan")"
	printf 'version: 1\nusers:\n  - {name: %s, %s: false, must_change_password: true}\n' "$1" "$2" >"$f.2.yaml"
	accord apply -f "$f.2.yaml" --auto-approve >"$f.out" || fail "clearing $2 of $1 exited $?"
	expect_eq "$1 $3" "$(nu_field "$1" "$3")" 0
	expect_eq "$1 must change (netapi)" "$(nu_field "$1" password_expired)" 1
	expect_eq "$1 must change (Samba's own tool)" "$(must_change_by_samba "$1")" yes
	pass "$2 kept: not asked (noted); cleared in the file: both applied ($1)"
}

blocked_then_cleared apmce password_never_expires never_expires "the password never expires"
# the file server is where Samba ignores must-change with cannot-change (as
# apply_converge.sh, not asked of the AD DC)
if [[ $ACCORD_TEST_PROFILE == standalone ]]; then
	blocked_then_cleared apmcc cannot_change_password cannot_change \
		"the account cannot change its password"
fi
