#!/usr/bin/env bash
# wine-smoke.sh: runs the Windows build under wine: its cmocka unit tests
# (ctest -L unit, when scripts/build-windows.sh --tests built them),
# nu_wine_check.exe (what Wine's netapi32 answers), then accord.exe: --version,
# validate of good and bad files (the bad ones must name line:column, as in
# their .expected files), convert, show on a state file (created with its
# private ACL, then reopened, which checks owner and DACL), and plan against
# Wine's own netapi32: whatever Wine lacks must end in an error message and
# exit code 1, never a crash.
#
#   tests/windows/wine-smoke.sh [BUILD_DIR]      (default: build-win64)
#
# Needs wine64 (tests/packages-netapi-win.txt). Prints one line per check.
set -euo pipefail
cd "$(dirname "$0")/../.."

build=${1:-build-win64}
exe=$build/accord.exe
wine=$(command -v wine64 || command -v wine || ls /usr/lib/wine/wine64 2>/dev/null || true)
[ -n "$wine" ] || { echo "wine-smoke: wine64 not found: install the Debian package wine64" >&2; exit 1; }
[ -f "$exe" ] || { echo "wine-smoke: $exe missing: run scripts/build-windows.sh" >&2; exit 1; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/wine-smoke.XXXXXX")
wineserver=
if [ -z "${WINEPREFIX:-}" ]; then
	export WINEPREFIX=$PWD/$build/wineprefix
	wineserver=$(command -v wineserver || ls /usr/lib/wine/wineserver64 2>/dev/null || true)
fi
export WINEDEBUG=-all
trap 'rm -rf "$tmp"; [ -z "$wineserver" ] || "$wineserver" -k 2>/dev/null || true' EXIT
fails=0

# run NAME WANT_RC CMD...: runs accord.exe under wine; output in $tmp/out
run() {
	local name=$1 want=$2 rc=0
	shift 2
	timeout 120 "$wine" "$exe" "$@" >"$tmp/out" 2>"$tmp/err" || rc=$?
	# wine's own messages are not accord's
	sed -i '/^wine: \|^[0-9a-f]*:err:\|^[0-9a-f]*:fixme:/d' "$tmp/err"
	tr -d '\r' <"$tmp/out" >"$tmp/o" && mv "$tmp/o" "$tmp/out"
	tr -d '\r' <"$tmp/err" >"$tmp/e" && mv "$tmp/e" "$tmp/err"
	if [ "$rc" != "$want" ]; then
		echo "wine-smoke: FAIL $name: exit $rc, wanted $want" >&2
		sed 's/^/  | /' "$tmp/out" "$tmp/err" >&2
		fails=$((fails + 1))
		return 1
	fi
	return 0
}
ok() { echo "wine-smoke: ok   $1"; }
fail() {
	echo "wine-smoke: FAIL $1" >&2
	sed 's/^/  | /' "$tmp/out" "$tmp/err" >&2
	fails=$((fails + 1))
}

start=$(date +%s)
"$wine" wineboot -i >/dev/null 2>&1 || true

# ctest runs each test .exe through wine (CMAKE_CROSSCOMPILING_EMULATOR)
if [ -f "$build/tests/CTestTestfile.cmake" ]; then
	if (cd "$build" && ctest -L unit -j"$(nproc)" --output-on-failure >"$tmp/out" 2>&1); then
		ok "unit tests under wine: $(grep -m1 'tests passed' "$tmp/out")"
	else
		: >"$tmp/err"
		fail "unit tests under wine"
	fi
fi
if [ -f "$build/tests/windows/nu_wine_check.exe" ]; then
	if timeout 120 "$wine" "$build/tests/windows/nu_wine_check.exe" >"$tmp/out" 2>"$tmp/err"; then
		ok "nu_wine_check.exe: $(tr -d '\r' <"$tmp/out" | tail -1)"
	else
		fail "nu_wine_check.exe"
	fi
fi

if run version 0 --version; then
	grep -q "$(sed -n 's/^project(accord VERSION \([0-9.]*\).*/\1/p' CMakeLists.txt)" "$tmp/out" &&
		ok "--version: $(head -1 "$tmp/out")" || fail "--version prints no version"
fi

for f in examples/users.yaml examples/reference.yaml examples/Groups.xml; do
	run "validate $f" 0 validate -f "$f" && ok "validate $f"
done

# Every bad case: exit 1 and the same FILE:LINE:COL: diagnostics as the
# .expected file's (each expected line begins the printed one, as in
# tests/formats/test_formats_corpus.c).
for f in tests/data/formats/yaml/bad/*.yaml tests/data/formats/gpp/bad/*.xml; do
	want=${f%.*}.expected
	[ -f "$want" ] || continue
	# libxml2 is built without iconv for Windows (no libiconv to carry):
	# it knows UTF-8, UTF-16 and Latin-1, and says a SHIFT_JIS declaration
	# is unsupported where Linux's iconv finds the bad bytes
	if [ "$f" = tests/data/formats/gpp/bad/encoding_invalid_bytes.xml ]; then
		run "validate $f" 1 validate --as gpp -f "$f" &&
			grep -q "^$f:1:41: error: malformed XML: unsupported encoding SHIFT_JIS" "$tmp/out" "$tmp/err" &&
			n_bad=$((${n_bad:-0} + 1)) || fail "validate $f: no error naming the encoding"
		continue
	fi
	case $f in *.xml) as=gpp ;; *) as=yaml ;; esac
	run "validate $f" 1 validate --as "$as" -f "$f" || continue
	grep -hE '^[^ ]+:[0-9]+:[0-9]+: (error|warning):' "$tmp/out" "$tmp/err" >"$tmp/got" || true
	if [ "$(wc -l <"$tmp/got")" = "$(grep -c . "$want")" ] &&
		paste -d '\n' <(grep . "$want") "$tmp/got" | while IFS= read -r w && IFS= read -r g; do
			pos=${w%%: *} rest=${w#*: }
			sev=${rest%%: *} msg=${rest#*: }
			case $g in "$f:$pos: $sev: "*"$msg"*) ;; *) exit 1 ;; esac
		done; then
		n_bad=$((${n_bad:-0} + 1))
	else
		{ echo "expected:"; sed "s|^|$f:|" "$want"; echo "printed:"; cat "$tmp/got"; } >"$tmp/out"
		: >"$tmp/err"
		fail "validate $f: not the expected line:column errors"
	fi
done
ok "validate: ${n_bad:-0} bad files rejected with their expected line:column errors"

if run "convert Groups.xml" 0 convert -f examples/Groups.xml -o "$tmp/conv.yaml" &&
	run "validate converted" 0 validate -f "$tmp/conv.yaml"; then
	ok "convert examples/Groups.xml to YAML, which validates"
fi

# UTF-8 inside, UTF-8 paths (the manifest's code page): a non-ASCII file
# name, and non-ASCII names through to Groups.xml
mkdir -p "$tmp/dossier-é"
printf 'users:\n  - name: Ådne\n    full_name: Zoë Ünal\n' >"$tmp/dossier-é/utilisateurs-ü.yaml"
if run "non-ASCII path" 0 convert -f "$tmp/dossier-é/utilisateurs-ü.yaml" --to gpp; then
	grep -q 'fullName="Zoë Ünal" userName="Ådne"' "$tmp/out" &&
		ok "non-ASCII path and names: converted to Groups.xml" ||
		fail "non-ASCII names did not reach Groups.xml intact"
fi

# A state file: created with its private ACL by the first run, checked by
# the second (owner SID and DACL).
export ACCORD_STATE=$tmp/state.db
if run "show (new state file)" 0 show && run "show (existing state file)" 0 show; then
	ok "show on a new, then an existing state file"
fi
# Wine makes a file's DACL from its Unix mode: world-writable becomes an
# Everyone ACE with write rights, which store_file_win32.c must refuse.
# (Wine keeps no DACL of its own, so "readable by others" cannot be
# tightened for good here; Windows itself keeps it.)
chmod 666 "$ACCORD_STATE"
if run "show (state file others may write)" 1 show; then
	grep -q "may be written by others" "$tmp/err" &&
		ok "show refuses a state file others may write (owner SID and DACL check)" ||
		fail "show: no message about the state file's ACL"
fi
chmod 600 "$ACCORD_STATE"

# plan against Wine's netapi32: Wine answers some NetUser calls and not
# others; what it lacks must end in a message, exit 1, not a crash.
rc=0
timeout 120 "$wine" "$exe" plan -f examples/users.yaml >"$tmp/out" 2>"$tmp/err" || rc=$?
case $rc in
0 | 1 | 2) ok "plan against Wine's netapi32: exit $rc ($(grep -hm1 -i 'error' "$tmp/err" "$tmp/out" | cut -c1-120))" ;;
*) fail "plan against Wine's netapi32 crashed or hung (exit $rc)" ;;
esac

echo "wine-smoke: $(($(date +%s) - start)) s, $fails failed"
[ "$fails" = 0 ]
