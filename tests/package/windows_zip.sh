#!/usr/bin/env bash
# windows_zip.sh: scripts/package-windows.sh packs what the README says.
#
#   tests/package/windows_zip.sh SOURCE_DIR
#
# Runs the script in a copy of the source tree's layout (symlinks) with a
# stand-in build-win64/accord.exe, so it needs no cross build and never
# writes into the real tree: first without the exe (the message must say to
# run scripts/build-windows.sh), then with it, and checks the zip's listing
# and the man page rendered as plain text.  When the real
# build-win64/accord.exe exists, it is packed too (into a temporary
# directory) and the zip must hold that exe byte for byte.
set -euo pipefail
export LC_ALL=C
src=$(cd "${1:?usage: windows_zip.sh SOURCE_DIR}" && pwd)

fail() { echo "windows_zip: FAIL: $*" >&2; exit 1; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/windows_zip.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
top=$tmp/top
mkdir -p "$top/scripts"
cp "$src/scripts/package-windows.sh" "$top/scripts/"
for f in CMakeLists.txt LICENSE README.md docs examples; do
	ln -s "$src/$f" "$top/$f"
done
version=$(sed -n 's/^project(accord VERSION \([0-9][0-9.]*\).*/\1/p' "$src/CMakeLists.txt")
name=accord-$version-win64

# no exe yet
if "$top/scripts/package-windows.sh" >"$tmp/out" 2>&1; then
	fail "succeeded without build-win64/accord.exe"
fi
grep -q 'run scripts/build-windows.sh first' "$tmp/out" ||
	fail "without an exe it said: $(cat "$tmp/out")"

# a stand-in exe
mkdir "$top/build-win64"
printf 'MZ stand-in for accord.exe\n' >"$top/build-win64/accord.exe"
zip=$("$top/scripts/package-windows.sh") || fail "package-windows.sh failed with an exe"
[ "$zip" = "$top/build-win64/$name.zip" ] || fail "it printed '$zip', want $top/build-win64/$name.zip"

# the listing: files only, one a line
list_zip() { # ZIP
	python3 -c 'import sys, zipfile
for n in zipfile.ZipFile(sys.argv[1]).namelist():
    if not n.endswith("/"): print(n)' "$1" | sort
}
list_zip "$zip" >"$tmp/got"
{
	printf '%s\n' "$name/accord.exe" "$name/LICENSE.txt" "$name/README.md" "$name/accord.txt"
	(cd "$src" && find examples -type f -not -path 'examples/secrets/*' | sed "s|^|$name/|")
} | sort >"$tmp/want"
diff -u "$tmp/want" "$tmp/got" >&2 || fail "the zip's files differ from the expected list (above: - expected, + in the zip)"

python3 - "$zip" "$name" <<'PY' || fail "the zip's contents are wrong (above)"
import sys, zipfile
z, name = zipfile.ZipFile(sys.argv[1]), sys.argv[2]
assert z.read(name + "/accord.exe") == b"MZ stand-in for accord.exe\n", "accord.exe is not the exe given"
man = z.read(name + "/accord.txt").decode("utf-8")
for head in ("NAME", "SYNOPSIS", "DESCRIPTION"):
    assert "\n" + head + "\n" in man, "accord.txt has no " + head + " section"
assert "\x1b" not in man and "\b" not in man, "accord.txt has terminal escapes or overstrike"
assert "GNU GENERAL PUBLIC LICENSE" in z.read(name + "/LICENSE.txt").decode(), "LICENSE.txt is not the license"
PY

real=$src/build-win64/accord.exe
if [ -f "$real" ]; then
	zip=$("$src/scripts/package-windows.sh" --out "$tmp/real") || fail "package-windows.sh failed on $real"
	python3 -c 'import sys, zipfile
sys.exit(zipfile.ZipFile(sys.argv[1]).read(sys.argv[2] + "/accord.exe") != open(sys.argv[3], "rb").read())' \
		"$zip" "$name" "$real" || fail "the zip of $real does not hold it"
	echo "windows_zip: packed the real $real too: $(basename "$zip")"
else
	echo "windows_zip: no real build-win64/accord.exe (scripts/build-windows.sh makes it): checked with a stand-in only"
fi
echo "windows_zip: PASS: $(wc -l <"$tmp/got") files in $name.zip"
