#!/usr/bin/env bash
# examples/users.yaml on a fresh server (run through `tests/samba/server
# exec PROFILE`): apply it; a second plan shows no changes; a second apply
# makes zero write calls. Usage: example_converge.sh ACCORD NU_PROBE SRCDIR
set -euo pipefail
accord=$1 probe=$2 src=$3
tmp=$(mktemp -d)
accounts=(alice bob robert carol kiosk mallory)
cleanup() {
	for a in "${accounts[@]}"; do
		"$probe" -s "$ACCORD_TEST_SERVER" -A "$ACCORD_TEST_AUTH" del "$a" >/dev/null 2>&1 || true
	done
	rm -rf "$tmp"
}
trap cleanup EXIT
cleanup; mkdir -p "$tmp"

# the example reads its secrets from the environment and from a file beside it
cp "$src/examples/users.yaml" "$tmp/users.yaml"
mkdir -m 0700 "$tmp/secrets"
(umask 077 && printf 'Rb7-%s\n' "$(openssl rand -hex 6)" >"$tmp/secrets/robert.pw")
export ALICE_PW="Al1-$(openssl rand -hex 6)" CAROL_PW="Ca2-$(openssl rand -hex 6)"
export ACCORD_STATE=$tmp/state.db
run() { "$accord" --no-color -s "$ACCORD_TEST_SERVER" -A "$ACCORD_TEST_AUTH" "$@"; }

fail() { echo "FAIL: $*"; exit 1; }

# planning twice against the same server gives the same plan (ids and times aside)
for i in 1 2; do
	run --format json plan -f "$tmp/users.yaml" 2>/dev/null |
		sed -E 's/"(plan_id|created_at)": *("[^"]*"|[0-9]+)//g' >"$tmp/plan0.$i.json"
done
grep -q '"kind": *"create"' "$tmp/plan0.1.json" || fail "the first plan creates nothing"
cmp -s "$tmp/plan0.1.json" "$tmp/plan0.2.json" || fail "two plans of the same state differ"

run apply -f "$tmp/users.yaml" --auto-approve >"$tmp/apply1.out" 2>&1 ||
	{ cat "$tmp/apply1.out"; fail "first apply"; }
grep -q 'Apply succeeded' "$tmp/apply1.out" || fail "first apply did not succeed"

set +e
run plan -f "$tmp/users.yaml" --detailed-exitcode >"$tmp/plan2.out" 2>&1
rc=$?
set -e
[ $rc = 0 ] || { cat "$tmp/plan2.out"; fail "second plan wants changes (exit $rc)"; }
grep -q 'Plan: 0 to add, 0 to change, 0 to destroy.' "$tmp/plan2.out" || fail "plan summary"

run --trace apply -f "$tmp/users.yaml" --auto-approve >"$tmp/apply2.out" 2>&1 ||
	{ cat "$tmp/apply2.out"; fail "second apply"; }
grep -Eq '^trace: apply: [0-9]+ calls \([0-9]+ reads, 0 writes' "$tmp/apply2.out" ||
	{ grep '^trace: apply:' "$tmp/apply2.out"; fail "second apply made write calls"; }

# what the example states is what the server has, read over a new connection
"$probe" -s "$ACCORD_TEST_SERVER" -A "$ACCORD_TEST_AUTH" get robert >"$tmp/robert" 2>&1
grep -q 'Robert Tables' "$tmp/robert" || { cat "$tmp/robert"; fail "robert's full name"; }
! "$probe" -s "$ACCORD_TEST_SERVER" -A "$ACCORD_TEST_AUTH" get bob >/dev/null 2>&1 ||
	fail "bob exists next to robert"
# no secret reached the state database
for s in "$ALICE_PW" "$CAROL_PW" "$(cat "$tmp/secrets/robert.pw")"; do
	! grep -qaF -- "$s" "$tmp"/state.db* || fail "a password is in the state database"
done
echo "example_converge ($ACCORD_TEST_PROFILE): 1 passed, 0 failed"
