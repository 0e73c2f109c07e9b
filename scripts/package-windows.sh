#!/usr/bin/env bash
# package-windows.sh: the Windows zip users download, accord-VERSION-win64.zip.
#
#   scripts/package-windows.sh                    packs build-win64/accord.exe
#   scripts/package-windows.sh --exe PATH --out DIR
#
# The zip holds one folder, accord-VERSION-win64/, with accord.exe (built by
# scripts/build-windows.sh: static, nothing to install beside it),
# LICENSE.txt, README.md, the man page rendered as text (accord.txt) and
# examples/ (without examples/secrets/, which scripts/demo.sh fills).
# VERSION is the project version in CMakeLists.txt.  The zip is written to
# --out, by default beside the exe; the path is printed.
set -euo pipefail
export LC_ALL=C.UTF-8
top=$(cd "$(dirname "$0")/.." && pwd)

die() { echo "package-windows: $*" >&2; exit 1; }

exe=$top/build-win64/accord.exe
out=
while (($#)); do
	case $1 in
	--exe) exe=${2:?--exe needs a path}; shift 2 ;;
	--out) out=${2:?--out needs a directory}; shift 2 ;;
	*) die "unknown argument '$1' (usage: package-windows.sh [--exe PATH] [--out DIR])" ;;
	esac
done
if [ ! -f "$exe" ]; then
	[ "$exe" = "$top/build-win64/accord.exe" ] &&
		die "no build-win64/accord.exe: run scripts/build-windows.sh first"
	die "no $exe"
fi
out=${out:-$(dirname "$exe")}
mkdir -p "$out"
out=$(cd "$out" && pwd)

version=$(sed -n 's/^project(accord VERSION \([0-9][0-9.]*\).*/\1/p' "$top/CMakeLists.txt")
[ -n "$version" ] || die "cannot read the project version from $top/CMakeLists.txt"
name=accord-$version-win64

tmp=$(mktemp -d "${TMPDIR:-/tmp}/package-windows.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
dir=$tmp/$name
mkdir "$dir"
cp "$exe" "$dir/accord.exe"
cp "$top/LICENSE" "$dir/LICENSE.txt"
cp "$top/README.md" "$dir/README.md"
cp -RL "$top/examples" "$dir/examples"
rm -rf "$dir/examples/secrets"
# plain text (-P-cbou: no escape sequences, no overstrike), no hyphenation
groff -Tutf8 -mandoc -rHY=0 -P-cbou -ww "$top/docs/accord.1" >"$dir/accord.txt" 2>"$tmp/groff.err" ||
	{ cat "$tmp/groff.err" >&2; die "groff could not render docs/accord.1"; }
[ ! -s "$tmp/groff.err" ] || { cat "$tmp/groff.err" >&2; die "groff warned about docs/accord.1 (above)"; }

rm -f "$out/$name.zip"
# -X: no Unix uid/gid fields; the order of the listing is stable
(cd "$tmp" && find "$name" -print | sort | zip -X -q "$out/$name.zip" -@)
echo "$out/$name.zip"
