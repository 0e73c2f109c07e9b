#!/bin/sh
# test_gpp_convert.sh ACCORD REPO: `accord convert`, the way off MS14-025.
# A Groups.xml with cpasswords becomes YAML with {env:} references; the
# variables are listed on stderr; no password, and no cpassword, appears in
# either output.
set -eu
accord=$1
repo=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

"$accord" convert -f "$repo/examples/Groups.xml" -o "$tmp/out.yaml" 2>"$tmp/err" ||
	fail "convert exited $?: $(cat "$tmp/err")"
grep -q 'password: {env: ACCORD_PW_ALICE}' "$tmp/out.yaml" || fail "alice has no env reference"
grep -q 'password: {env: ACCORD_PW_GUEST}' "$tmp/out.yaml" || fail "Guest has no env reference"
grep -q '^  ACCORD_PW_ALICE  (password of alice, was a GPP cpassword)$' "$tmp/err" ||
	fail "ACCORD_PW_ALICE not listed on stderr"
grep -q '^  ACCORD_PW_GUEST ' "$tmp/err" || fail "ACCORD_PW_GUEST not listed on stderr"
grep -q 'MS14-025' "$tmp/err" || fail "no MS14-025 warning"
# the demo passwords of examples/Groups.xml, and their cpasswords
for secret in 'Example-Only-1!' 'Guest-Example-2?' OOUfK5Ew2nt6 ESwiA+DeQY1N; do
	if grep -qF -- "$secret" "$tmp/out.yaml" "$tmp/err"; then
		fail "'$secret' was printed"
	fi
done

# to standard output as well, and the result is a valid desired state
"$accord" convert -f "$repo/examples/Groups.xml" >"$tmp/stdout.yaml" 2>/dev/null
cmp -s "$tmp/out.yaml" "$tmp/stdout.yaml" || fail "-o and standard output differ"
"$accord" validate -f "$tmp/out.yaml" >"$tmp/validate" || fail "converted file invalid: $(cat "$tmp/validate")"

# env references cannot go back into Groups.xml: refused, not dropped
if "$accord" convert -f "$tmp/out.yaml" --to gpp >"$tmp/back.xml" 2>"$tmp/err2"; then
	fail "an {env:} password was written to Groups.xml"
fi
grep -q "user 'alice' has an {env:} password, which Groups.xml cannot hold" "$tmp/err2" ||
	fail "refusal does not say why: $(cat "$tmp/err2")"

# a broken file converts to nothing, with every error
if "$accord" convert -f "$repo/tests/data/formats/gpp/bad/multiple.xml" -o "$tmp/bad.yaml" 2>"$tmp/err3"; then
	fail "a file with errors was converted"
fi
[ ! -e "$tmp/bad.yaml" ] || fail "output written despite errors"
[ "$(grep -c ': error: ' "$tmp/err3")" -eq 4 ] || fail "not every error reported: $(cat "$tmp/err3")"
# several files merge into one (later wins), each conflict warned on stderr
case_dir=$repo/tests/data/plan/files_later_wins_per_field
"$accord" convert -f "$case_dir/base.yaml" -f "$case_dir/host.xml" -o "$tmp/merged.yaml" 2>"$tmp/err4" ||
	fail "two files did not convert: $(cat "$tmp/err4")"
grep -q '^  full_name: Alice Host$' "$tmp/merged.yaml" || fail "the later file did not win"
grep -q '^  home_dir: ' "$tmp/merged.yaml" || fail "the base's own field was lost"
grep -qF "accord: warning: conflict: user \"alice\" full_name: $case_dir/base.yaml:6:5 \"Alice Base\" overridden by $case_dir/host.xml:3:3 \"Alice Host\"" \
	"$tmp/err4" || fail "conflict not warned: $(cat "$tmp/err4")"
"$accord" validate -f "$tmp/merged.yaml" >/dev/null || fail "merged file invalid"
echo "ok"
