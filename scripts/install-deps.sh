#!/usr/bin/env bash
# Installs the Debian packages accord needs (scripts/packages.txt plus any
# tests/packages-*.txt and tests/*/packages.txt). Idempotent and quick when
# everything is there: apt-get runs only when a package is missing.
#
#   scripts/install-deps.sh           install what is missing (as root)
#   scripts/install-deps.sh --list    print the packages the lists name, one a line
#
# Installs without Recommends, so the lists must name everything; see
# scripts/needs.txt and scripts/check-packages.sh, which checks that they do.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)

# every package named by the lists (comments and blank lines dropped)
list_packages() {
	cat "$top"/scripts/packages.txt "$top"/tests/packages-*.txt \
		"$top"/tests/*/packages.txt 2>/dev/null | sed 's/#.*//; s/[[:space:]]//g' | grep -v '^$' | sort -u
}

if [ "${1:-}" = --list ]; then
	list_packages
	exit 0
fi
mapfile -t pkgs < <(list_packages)

missing=()
for p in "${pkgs[@]}"; do
	st=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
	[ "$st" = "install ok installed" ] || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
	echo "install-deps: all ${#pkgs[@]} packages present"
	exit 0
fi
if [ "$(id -u)" != 0 ]; then
	echo "install-deps: missing packages: ${missing[*]}; run as root" >&2
	exit 1
fi
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
# samba's package starts system daemons; accord's tests run their own private
# servers, so keep the system ones from holding port 445 on every address.
for s in smbd nmbd samba-ad-dc winbind; do
	systemctl disable --now "$s" >/dev/null 2>&1 || true
done
