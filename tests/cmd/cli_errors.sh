#!/usr/bin/env bash
# CLI behaviour on bad input: every case must exit non-zero with a message
# that says what and where, and print no password. Usage: cli_errors.sh ACCORD
set -u
accord=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0

# expect NAME CODE PATTERN -- CMD...: exit code CODE and stderr+stdout matching PATTERN
expect() {
	local name=$1 code=$2 pat=$3
	shift 4
	local out rc
	out=$("$@" 2>&1)
	rc=$?
	if [ "$rc" = "$code" ] && grep -qE -- "$pat" <<<"$out"; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		printf 'FAIL %s: exit %s (want %s), output:\n%s\n' "$name" "$rc" "$code" "$out"
	fi
}

export ACCORD_STATE=$tmp/state.db
expect help 0 '^  plan ' -- "$accord" --help
expect version 0 '^accord [0-9]+\.[0-9]+' -- "$accord" --version
expect verb_help 0 'usage: accord .*plan -f FILE' -- "$accord" plan --help
expect no_verb 1 'usage: accord' -- "$accord"
expect unknown_verb 1 "unknown verb 'frobnicate'" -- "$accord" frobnicate
expect unknown_option 1 "unknown or incomplete option '--bogus'" -- "$accord" --bogus plan
expect bad_format 1 "unknown --format 'xml'" -- "$accord" --format xml show
expect plan_needs_file 1 'plan needs -f FILE' -- "$accord" plan
expect missing_auth_file 1 'cannot read authentication file .*/nope: No such file' -- \
	"$accord" -s 127.0.0.1 -A "$tmp/nope" plan -f /dev/null
printf 'username = admin\npasword = Secret-123\n' >"$tmp/auth"
expect bad_auth_key 1 "auth:2: unknown key 'pasword'" -- "$accord" -s 127.0.0.1 -A "$tmp/auth" plan -f /dev/null
printf 'username admin\n' >"$tmp/auth2"
expect bad_auth_line 1 "auth2:1: expected 'key = value'" -- "$accord" -s 127.0.0.1 -A "$tmp/auth2" plan -f /dev/null
expect no_password 1 'no password for admin' -- env -u ACCORD_PASSWORD "$accord" -s 127.0.0.1 -U admin plan -f /dev/null
# an address nothing listens on (TEST-NET-1 is not routed; loopback port 445 here is closed)
expect unreachable 1 "cannot .*127\.0\.0\.9" -- env ACCORD_PASSWORD=Secret-123 \
	"$accord" -s 127.0.0.9 -U admin plan -f /dev/null
mkdir -p "$tmp/ro" && chmod 0777 "$tmp/ro" && touch "$tmp/ro/state.db" && chmod 0666 "$tmp/ro/state.db"
expect state_world_writable 1 'state database' -- "$accord" --state "$tmp/ro/state.db" show
expect show_missing_plan 1 'no plan P-999' -- "$accord" show P-999

# no password may appear anywhere in what accord printed above
if grep -rq 'Secret-123' "$tmp"/*.db 2>/dev/null; then
	fail=$((fail + 1)); echo "FAIL: a password reached the state database"
fi

echo "cli_errors: $pass passed, $fail failed"
[ "$fail" = 0 ]
