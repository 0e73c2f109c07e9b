#!/bin/bash
# create, replace, update, delete as MS-GPPREF says, with RIDs compared
# through rpcclient: replace makes a new account (new RID), update keeps it,
# create never modifies an existing account, delete removes it.
. "$(dirname "$0")/lib.sh"
drop_users apsem1 apsem2 apsem3
cat >"$tmp/a.yaml" <<'YAML'
version: 1
users:
  - {name: apsem1, action: create, full_name: One, password: {env: IT_PW1}}
  - {name: apsem2, action: create, full_name: Two, password: {env: IT_PW1}}
  - {name: apsem3, action: create, full_name: Three, password: {env: IT_PW1}}
YAML
accord --format json apply -f "$tmp/a.yaml" --auto-approve >"$tmp/a.json" || fail "apply a exited $?"
r1=$(rid_of apsem1) r2=$(rid_of apsem2) r3=$(rid_of apsem3)
[[ -n $r1 && -n $r2 && -n $r3 ]] || fail "created accounts have no RID ($r1/$r2/$r3)"
for i in 0 1 2; do
	expect_eq "op $i kind" "$(json_get "$tmp/a.json" results.$i.kind)" create
	expect_eq "op $i RID recorded" "$(json_get "$tmp/a.json" results.$i.rid_after)" \
		"$(rid_of "$(json_get "$tmp/a.json" results.$i.account)")"
done
pass "created: RIDs $r1 $r2 $r3"

cat >"$tmp/b.yaml" <<'YAML'
version: 1
users:
  - {name: apsem1, action: replace, full_name: One again, password: {env: IT_PW2}}
  - {name: apsem2, action: update, full_name: Two changed}
  - {name: apsem3, action: delete}
YAML
accord --format json apply -f "$tmp/b.yaml" --auto-approve >"$tmp/b.json" || fail "apply b exited $?"
expect_eq "b failures" "$(json_get "$tmp/b.json" summary.failed)" 0
n1=$(rid_of apsem1)
[[ -n $n1 && $n1 != "$r1" ]] || fail "replace kept RID $r1 (now '$n1')"
expect_eq "update keeps the RID" "$(rid_of apsem2)" "$r2"
expect_eq "replaced full name" "$(nu_field apsem1 full_name)" "One again"
expect_eq "updated full name" "$(nu_field apsem2 full_name)" "Two changed"
[[ -z $(rid_of apsem3) ]] || fail "delete left apsem3"
nu_show apsem3 >/dev/null 2>&1 && fail "netapi still finds apsem3"
# the update of one field is one write call
for i in 0 1 2; do
	if [[ $(json_get "$tmp/b.json" results.$i.kind) == update ]]; then
		expect_eq "update writes" "$(json_get "$tmp/b.json" results.$i.writes)" 1
	fi
done
pass "replace: RID $r1 -> $n1; update kept $r2; delete removed apsem3"

cat >"$tmp/c.yaml" <<'YAML'
version: 1
users:
  - {name: apsem2, action: create, full_name: Not this}
  - {name: apsem3, action: delete}
YAML
accord --format json apply -f "$tmp/c.yaml" --auto-approve >"$tmp/c.json" || fail "apply c exited $?"
expect_eq "create of an existing account" "$(json_get "$tmp/c.json" status)" no_changes
expect_eq "create did not modify" "$(nu_field apsem2 full_name)" "Two changed"
pass "create of an existing and delete of a missing account do nothing"
drop_users apsem1 apsem2
