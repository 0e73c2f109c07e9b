#!/bin/bash
# accord drift when it cannot check: unreachable server, wrong password, a
# missing or broken file, bad usage. Each exits 1 with a clear message, is
# recorded as an error report (never as "in sync"), and says so in JSON and
# JUnit. --syslog sends one line at the right severity (err, warning, info),
# caught on a private /dev/log in a mount namespace.
. "$(dirname "$0")/../integration/lib.sh"
here=$(cd "$(dirname "$0")" && pwd)

# ACCORD ARGS... with the test's state; stdout in $tmp/out, stderr in $tmp/err, exit in $rc
run() {
	rc=0
	"$ACCORD_BIN" --state "$state" "$@" >"$tmp/out" 2>"$tmp/err" || rc=$?
}
expect_error() { # WHAT MESSAGE_REGEX
	expect_eq "$1: exit" "$rc" 1
	grep -Eq "^accord: .*$2" "$tmp/err" || fail "$1: stderr lacks /$2/: $(cat "$tmp/err")"
}
expect_recorded() { # WHAT MESSAGE_REGEX: the newest report is an error with that message
	"$ACCORD_BIN" --state "$state" --format json drift --history >"$tmp/hist.json"
	expect_eq "$1: recorded status" "$(json_get "$tmp/hist.json" reports.0.status)" error
	json_get "$tmp/hist.json" reports.0.error | grep -Eq "$2" ||
		fail "$1: recorded error: $(json_get "$tmp/hist.json" reports.0.error)"
}

printf 'version: 1\npolicy:\n  unmanaged: ignore\nusers:\n  - name: drnobody\n    full_name: Nobody\n' >"$tmp/one.yaml"
printf 'version: 1\npolicy:\n  unmanaged: ignore\nusers: []\n' >"$tmp/none.yaml"
printf 'version: 1\nusers:\n  - name: [broken\n' >"$tmp/broken.yaml"

# unreachable: nothing listens on 127.0.0.9 inside the server's namespace
run -s 127.0.0.9 -A "$ACCORD_TEST_AUTH" --format json drift -f "$tmp/one.yaml"
expect_error unreachable "127\.0\.0\.9"
expect_eq "unreachable: JSON status" "$(json_get "$tmp/out" status)" error
json_get "$tmp/out" error | grep -q '127\.0\.0\.9' || fail "unreachable: JSON error"
expect_recorded unreachable "cannot connect to server '127\.0\.0\.9'"
pass "unreachable server: exit 1, '$(json_get "$tmp/out" error)', recorded"

# wrong password
sed 's/^password *=.*/password = Not-The-Password-1/' "$ACCORD_TEST_AUTH" >"$tmp/bad.auth"
chmod 600 "$tmp/bad.auth"
run -s "$ACCORD_TEST_SERVER" -A "$tmp/bad.auth" --format junit drift -f "$tmp/one.yaml"
expect_error "bad credentials" "$ACCORD_TEST_SERVER"
python3 - "$tmp/out" <<'PY' || fail "bad credentials: junit $(cat "$tmp/out")"
import sys, xml.etree.ElementTree as ET
s = ET.parse(sys.argv[1]).getroot()
assert s.get("errors") == "1" and s.get("failures") == "0" and s.get("tests") == "1", s.attrib
assert len(s.findall("testcase/error")) == 1
PY
grep -q 'Not-The-Password' "$tmp/out" "$tmp/err" && fail "bad credentials: password printed"
expect_recorded "bad credentials" "$ACCORD_TEST_SERVER"
sql "SELECT error FROM drift_reports" | grep -q 'Not-The-Password' && fail "password stored"
pass "bad credentials: exit 1, '$(tail -n1 "$tmp/err" | cut -c1-100)', recorded, JUnit error"

# a missing file, a broken file
run -s "$ACCORD_TEST_SERVER" -A "$ACCORD_TEST_AUTH" drift -f "$tmp/missing.yaml"
expect_error "missing file" "missing\.yaml"
expect_recorded "missing file" "missing\.yaml"
run -s "$ACCORD_TEST_SERVER" -A "$ACCORD_TEST_AUTH" drift -f "$tmp/broken.yaml"
expect_error "broken file" "broken\.yaml"
expect_recorded "broken file" "broken\.yaml"
pass "missing and broken files: exit 1, recorded with the file's name"

# no password anywhere (no -A, no ACCORD_PASSWORD): recorded, like any
# other reason the check could not run
ACCORD_PASSWORD= run -s "$ACCORD_TEST_SERVER" -U root drift -f "$tmp/one.yaml"
expect_error "no password" "no password for root"
expect_recorded "no password" "no password for root"
pass "no password: exit 1, recorded"

# usage errors exit 1 too: 2 means drift, always
run drift
expect_error "no file" "needs -f FILE"
run drift -f "$tmp/one.yaml" --bogus
expect_eq "unknown option: exit" "$rc" 1
run drift --since 7d
expect_error "since without history" "--since goes with --history"
run --bogus drift -f "$tmp/one.yaml"
expect_error "unknown global option" "unknown or incomplete option '--bogus'"
run --format xml drift -f "$tmp/one.yaml"
expect_error "unknown format" "unknown --format 'xml'"
run
expect_eq "no verb: exit" "$rc" 1
pass "usage errors exit 1, global options included"

expect_eq "reports so far" "$(sql 'SELECT count(*) FROM drift_reports')" 5
expect_eq "none in sync" "$(sql "SELECT count(*) FROM drift_reports WHERE status != 'error'")" 0
pass "5 failed checks recorded, none as in sync or drift"

# --syslog: one line, its severity by outcome
syslog_run() { # WANT_EXIT ARGS...: runs accord with /dev/log caught; the line in $tmp/msg
	local want=$1
	shift
	rm -f "$tmp/msg" "$tmp/msg.ready" "$tmp/log"
	mkdir -p "$tmp/olddev"
	python3 "$here/syslog_catch.py" "$tmp/log" "$tmp/msg" &
	local catcher=$!
	while [[ ! -e $tmp/msg.ready ]]; do sleep 0.05; done
	rc=0
	unshare -m sh -c 'mount --make-rprivate / && mount --bind /dev "$0" &&
		mount -t tmpfs none /dev && for f in null zero urandom random; do
		touch /dev/$f && mount --bind "$0/$f" /dev/$f || exit 97; done &&
		touch /dev/log && mount --bind "$1" /dev/log && shift && exec "$@"' \
		"$tmp/olddev" "$tmp/log" "$ACCORD_BIN" --state "$state" "$@" >"$tmp/out" 2>"$tmp/err" || rc=$?
	wait "$catcher" || true
	[[ $rc == 97 ]] && { echo "SKIP: no mount namespace for a private /dev/log"; exit 77; }
	expect_eq "syslog run $*: exit" "$rc" "$want"
	[[ -s $tmp/msg ]] || fail "syslog run $*: nothing sent to /dev/log"
}
syslog_run 1 -s 127.0.0.9 -A "$ACCORD_TEST_AUTH" drift -f "$tmp/one.yaml" --syslog
grep -Eq '^<11>.* accord\[[0-9]+\]: drift D-[0-9]+ on 127\.0\.0\.9: error: cannot connect' "$tmp/msg" ||
	fail "syslog error line: $(cat "$tmp/msg")"
syslog_run 2 -s "$ACCORD_TEST_SERVER" -A "$ACCORD_TEST_AUTH" drift -f "$tmp/one.yaml" --syslog --quiet
grep -Eq '^<12>.* accord\[[0-9]+\]: drift D-[0-9]+ on [^ ]+: 1 account drifted \(1 field: 0 changed outside accord, 1 never applied\)$' "$tmp/msg" ||
	fail "syslog warning line: $(cat "$tmp/msg")"
[[ -s $tmp/out ]] || fail "--quiet hid a drift"
syslog_run 0 -s "$ACCORD_TEST_SERVER" -A "$ACCORD_TEST_AUTH" drift -f "$tmp/none.yaml" --syslog --quiet
grep -Eq '^<14>.* accord\[[0-9]+\]: drift D-[0-9]+ on [^ ]+: in sync$' "$tmp/msg" ||
	fail "syslog info line: $(cat "$tmp/msg")"
[[ -s $tmp/out ]] && fail "--quiet printed when in sync: $(cat "$tmp/out")"
pass "syslog: err, warning, info lines; --quiet silent only when in sync"
