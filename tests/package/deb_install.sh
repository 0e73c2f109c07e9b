#!/usr/bin/env bash
# deb_install.sh: the Debian package installs, works and removes cleanly.
#
#   tests/package/deb_install.sh BUILD_DIR     as root; exit 77 = skipped
#
# Makes accord_VERSION_amd64.deb with cpack from BUILD_DIR (into a temporary
# directory), checks that its computed Depends pin the Samba build accord
# links privately, installs it with dpkg -i, runs the installed accord and
# `man -w accord`, purges it and checks that nothing of it is left.  The
# machine is left as it was found, also when a step fails (trap): the
# package is purged if it got installed.  When accord is already on the
# machine (installed by someone), the test skips rather than touch it.
set -euo pipefail
export LC_ALL=C
build=$(cd "${1:?usage: deb_install.sh BUILD_DIR}" && pwd)

skip() { echo "deb_install: SKIP: $*"; exit 77; }
fail() { echo "deb_install: FAIL: $*" >&2; exit 1; }
step() { echo "deb_install: $*"; }

# "installed", "config-files", ... or "" when dpkg does not know accord
pkg_state() { dpkg-query -W -f='${db:Status-Status}' accord 2>/dev/null || true; }

[ "$(id -u)" = 0 ] || skip "needs root (dpkg -i)"
[ -r "$build/CPackConfig.cmake" ] || fail "no $build/CPackConfig.cmake: configure the build first"
state=$(pkg_state)
case $state in
"" | not-installed) ;;
*) skip "a package 'accord' is already on this machine ($state); not touching it" ;;
esac
for f in /usr/bin/accord /usr/share/man/man1/accord.1.gz /usr/share/doc/accord; do
	[ ! -e "$f" ] || skip "$f already exists (not from a package); not overwriting it"
done

tmp=$(mktemp -d "${TMPDIR:-/tmp}/deb_install.XXXXXX")
installed=0
cleanup() {
	local rc=$?
	if [ "$installed" = 1 ] && [ -n "$(pkg_state)" ] && [ "$(pkg_state)" != not-installed ]; then
		echo "deb_install: cleaning up: purging accord" >&2
		dpkg --purge accord >&2 || dpkg --purge --force-remove-reinstreq accord >&2 || true
	fi
	rm -rf "$tmp"
	exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# dpkg takes its lock or fails at once; an apt-get elsewhere on the machine
# holds it for a while: retry for up to two minutes.
dpkg_retry() {
	local i
	for i in $(seq 1 40); do
		if dpkg "$@" >"$tmp/dpkg.out" 2>&1; then
			return 0
		fi
		grep -q 'lock' "$tmp/dpkg.out" || break
		sleep 3
	done
	cat "$tmp/dpkg.out" >&2
	return 1
}

step "building the package with cpack"
(cd "$tmp" && cpack --config "$build/CPackConfig.cmake" -G DEB -B "$tmp/out") >"$tmp/cpack.out" 2>&1 ||
	{ cat "$tmp/cpack.out" >&2; fail "cpack -G DEB failed"; }
debs=("$tmp"/out/accord_*_amd64.deb)
[ -f "${debs[0]}" ] || fail "cpack made no accord_*_amd64.deb: $(ls "$tmp/out")"
deb=${debs[0]}
version=$(dpkg-deb -f "$deb" Version)
[ "$(basename "$deb")" = "accord_${version}_amd64.deb" ] || fail "package named $(basename "$deb"), want accord_${version}_amd64.deb"

# Depends come from dpkg-shlibdeps; accord's private Samba libraries (linked
# by path, found through the rpath) must pin the samba-libs it was built with
depends=$(dpkg-deb -f "$deb" Depends)
step "Depends: $depends"
samba_version=$(dpkg-query -W -f='${Version}' samba-libs)
for want in "samba-libs (= $samba_version)" "libc6 (" "libyaml-0-2" "libxml2 (" "libsqlite3-0 (" "libssl3 ("; do
	case ", $depends" in
	*", $want"*) ;;
	*) fail "Depends lack '$want'" ;;
	esac
done

step "dpkg -i $(basename "$deb")"
installed=1
dpkg_retry -i "$deb" || fail "dpkg -i failed"
[ "$(pkg_state)" = installed ] || fail "dpkg says accord is '$(pkg_state)' after dpkg -i"
dpkg-query -L accord >"$tmp/files"

[ -x /usr/bin/accord ] || fail "no /usr/bin/accord after install"
if ldd /usr/bin/accord | grep 'not found'; then
	fail "the installed accord misses shared libraries (above)"
fi
out=$(cd / && /usr/bin/accord --version) || fail "accord --version exited $?"
step "accord --version: $out"
[ "$out" = "accord $version" ] || fail "accord --version printed '$out', want 'accord $version'"
page=$(man -w accord) || fail "man -w accord found no page"
step "man -w accord: $page"
[ "$page" = /usr/share/man/man1/accord.1.gz ] || fail "man -w accord gave '$page'"
example=/usr/share/doc/accord/examples/users.yaml
(cd / && /usr/bin/accord validate -f "$example") >"$tmp/validate.out" 2>&1 ||
	{ cat "$tmp/validate.out" >&2; fail "accord validate -f $example failed"; }
step "accord validate: $(tail -n1 "$tmp/validate.out")"
for f in /usr/share/doc/accord/LICENSE /usr/share/doc/accord/README.md; do
	[ -s "$f" ] || fail "no $f"
done

step "dpkg --purge accord"
dpkg_retry --purge accord || fail "dpkg --purge accord failed"
installed=0
state=$(pkg_state)
case $state in
"" | not-installed) ;;
*) fail "dpkg says accord is '$state' after purge" ;;
esac
dpkg -s accord >/dev/null 2>&1 && fail "dpkg -s still knows accord after purge"
left=()
while IFS= read -r f; do
	# directories other packages own too (/usr, /usr/share/man/man1) stay
	[ -e "$f" ] || continue
	[ -d "$f" ] && [ -n "$(dpkg-query -S "$f" 2>/dev/null)" ] && continue
	left+=("$f")
done <"$tmp/files"
((${#left[@]} == 0)) || fail "left behind after purge: ${left[*]}"
man -w accord >/dev/null 2>&1 && fail "man -w accord still finds a page after purge"
step "PASS: installed, ran, purged; $(wc -l <"$tmp/files") paths gone"
