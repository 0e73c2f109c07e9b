#!/bin/bash
# accord drift against a real server: before apply every account is
# "never applied"; after apply, in sync; then one full name changed and one
# account disabled out of band with `net rpc shell` ("user edit fullname",
# "user edit disabled": `net rpc user` has no edit verb): drift exits 2 and
# names exactly those two fields, both "outside"; it makes zero write calls
# (netapi's counter, through --trace), leaves the changes on the server and
# saves no plan; JSON, JUnit and --history agree; after apply, exit 0.
. "$(dirname "$0")/../integration/lib.sh"
users=$(dirname "$0")/data/drift-users.yaml
export DR_PW1='Drift-Test-51x'
# The accounts are never deleted: Samba's SAMR server may go on listing a
# deleted account for minutes (a stale display-information cache in one of
# its rpcd_samr workers), and the live read then fails on it. Each run
# instead puts them back to a baseline the file disagrees with (so that
# apply writes every field the test later changes: accord then knows the
# value it applied), and starts with a new state database.
baseline() {
	local u
	for u in dralice drbob drcarol; do
		net_rpc user add "$u" 'Drift-Base-50w' >/dev/null 2>&1 || true
	done
	printf '%s\n' 'user edit fullname dralice "Base Line"' 'user edit fullname drbob "Base Line"' \
		'user edit fullname drcarol "Base Line"' 'user edit disabled dralice yes' \
		'user edit disabled drbob yes' 'user edit disabled drcarol no' |
		net_rpc shell >"$tmp/net.out" 2>&1 || { cat "$tmp/net.out" >&2; fail "baseline: net rpc shell"; }
}
baseline

drift() { # EXPECTED_EXIT ARGS... (stdout in $tmp/out, stderr in $tmp/err)
	local want=$1 rc=0
	shift
	accord --trace "$@" >"$tmp/out" 2>"$tmp/err" || rc=$?
	[[ $rc == "$want" ]] || { cat "$tmp/out" "$tmp/err" >&2; fail "accord $* exited $rc, want $want"; }
	grep -Eq '^trace: drift: [0-9]+ calls \([0-9]+ reads, 0 writes' "$tmp/err" ||
		fail "drift made write calls: $(grep '^trace: drift' "$tmp/err")"
}
items() { # the JSON report's items as "account field origin" lines
	python3 -c 'import json,sys
for i in json.load(open(sys.argv[1]))["items"]: print(i["account"], i["field"], i["origin"])' "$1"
}

# before apply: every difference is one accord never applied
drift 2 --format json drift -f "$users"
expect_eq "first drift status" "$(json_get "$tmp/out" status)" drift
expect_eq "first drift format" "$(json_get "$tmp/out" format_version)" 1
expect_eq "first drift accounts" "$(json_get "$tmp/out" counts.accounts)" 3
expect_eq "first drift origins" "$(items "$tmp/out" | awk '{print $3}' | sort -u)" never_applied
items "$tmp/out" | grep -qx 'dralice full_name never_applied' || fail "first drift: dralice full_name"
items "$tmp/out" | grep -qx 'drcarol password never_applied' || fail "first drift: drcarol password"
python3 -c 'import json,sys
d = json.load(open(sys.argv[1]))
assert all(i["expected"] == i["actual"] == "(sensitive)" for i in d["items"] if i["field"] == "password")
assert sys.argv[2] not in open(sys.argv[1]).read()' "$tmp/out" "$DR_PW1" || fail "first drift: password not masked"
pass "before apply: $(json_get "$tmp/out" counts.fields) fields on 3 accounts, all never applied, passwords masked, exit 2, 0 writes"

applied() {
	local rc=0
	accord apply -f "$users" --auto-approve >"$tmp/apply.out" 2>&1 || rc=$?
	# a known limit of netapi's Samba backend on the AD DC (not of drift):
	# every flags write also sets 'cannot change password', which it refuses
	if [[ $rc != 0 ]] && grep -q "set 'cannot change password' .*keeps no per-account ACE" "$tmp/apply.out"; then
		echo "SKIP: apply cannot enable or disable an account on this server (netapi:" \
			"$(grep -o "set 'cannot change password'[^(]*" "$tmp/apply.out" | head -n1))"
		exit 77
	fi
	[[ $rc == 0 ]] || { cat "$tmp/apply.out" >&2; fail "$1 apply exited $rc"; }
}
applied first
drift 0 drift -f "$users"
grep -q '^In sync: 3 accounts match the file.$' "$tmp/out" || fail "in sync text: $(cat "$tmp/out")"
pass "after apply: in sync, exit 0, 0 writes"

# out of band
printf '%s\n' 'user edit fullname dralice "Mallory Outside"' 'user edit disabled drbob yes' |
	net_rpc shell >"$tmp/net.out" 2>&1 || { cat "$tmp/net.out" >&2; fail "net rpc shell"; }
expect_eq "out-of-band full name" "$(nu_field dralice full_name)" "Mallory Outside"
expect_eq "out-of-band disable" "$(nu_field drbob disabled)" 1

plans_before=$(sql 'SELECT count(*) FROM plans')
drift 2 --format json drift -f "$users"
expect_eq "drifted fields" "$(items "$tmp/out" | tr '\n' ';')" \
	"dralice full_name outside;drbob disabled outside;"
expect_eq "dralice expected" "$(json_get "$tmp/out" items.0.expected)" "Alice Drift"
expect_eq "dralice actual" "$(json_get "$tmp/out" items.0.actual)" "Mallory Outside"
expect_eq "drbob actual" "$(json_get "$tmp/out" items.1.actual)" true
expect_eq "counts" "$(json_get "$tmp/out" counts.accounts)/$(json_get "$tmp/out" counts.outside)" 2/2
id=$(json_get "$tmp/out" id)
pass "out-of-band changes: exactly dralice full_name and drbob disabled, both outside ($id)"

# read-only: the server keeps the out-of-band values, no plan was saved
expect_eq "full name left alone" "$(nu_field dralice full_name)" "Mallory Outside"
expect_eq "disable left alone" "$(nu_field drbob disabled)" 1
expect_eq "plans saved by drift" "$(sql 'SELECT count(*) FROM plans')" "$plans_before"
pass "drift changed nothing and saved no plan"

# text and JUnit name the same two
drift 2 drift -f "$users"
grep -Eq '^    full_name +live Mallory Outside, expected Alice Drift  \(changed outside accord\)$' "$tmp/out" ||
	fail "text: $(cat "$tmp/out")"
grep -Eq '^    disabled +live true, expected false  \(changed outside accord\)$' "$tmp/out" || fail "text disabled"
drift 2 --format junit drift -f "$users"
python3 - "$tmp/out" <<'PY' || fail "junit"
import sys, xml.etree.ElementTree as ET
s = ET.parse(sys.argv[1]).getroot()
assert s.tag == "testsuite", s.tag
cases = {c.get("name"): c for c in s.findall("testcase")}
assert sorted(cases) == ["dralice", "drbob", "drcarol"], sorted(cases)
assert s.get("tests") == "3" and s.get("failures") == "2" and s.get("errors") == "0", s.attrib
assert "full_name: live Mallory Outside, expected Alice Drift (outside)" in cases["dralice"].find("failure").text
assert "disabled: live true, expected false (outside)" in cases["drbob"].find("failure").text
assert cases["drcarol"].find("failure") is None
PY
pass "text and JUnit name the same two fields"

# history and show
accord --format json drift --history >"$tmp/hist.json" || fail "history exited $?"
expect_eq "history newest" "$(json_get "$tmp/hist.json" reports.0.status)" drift
expect_eq "history newest fields" "$(json_get "$tmp/hist.json" reports.0.counts.fields)" 2
expect_eq "history in sync" "$(json_get "$tmp/hist.json" reports.3.status)" in_sync
expect_eq "history count" "$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["reports"]))' "$tmp/hist.json")" 5
accord drift --history --since 1d | grep -Eq "^$id +[0-9-]+ [0-9:]+ drift +2 +2 +2 +0 " || fail "history text"
accord show "$id" | grep -q 'full_name' || fail "show $id"
pass "history lists 5 reports with their counts; show $id"

# apply puts it back; drift is in sync again
applied second
drift 0 --format json drift -f "$users"
expect_eq "after second apply" "$(json_get "$tmp/out" status)" in_sync
pass "after apply: exit 0 again"
