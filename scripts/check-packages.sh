#!/usr/bin/env bash
# check-packages.sh: do the package lists bring everything accord's scripts
# and tests need, on a fresh Debian bookworm machine?
#
#   scripts/check-packages.sh        exit 0 yes, 1 no (says what is missing)
#
# scripts/install-deps.sh installs the lists without Recommends, so a file
# that only a Recommends brings (samba-ad-provision's schema files, which
# `samba-tool domain provision` reads, were one) is on the machine where the
# lists were written and missing on a new one, where tests then skip or fail.
# This asks apt what `apt-get install --no-install-recommends LISTS` would
# install on a machine that has only Debian's minimal base, and checks with
# `dpkg -S` that every item of scripts/needs.txt belongs to one of those
# packages (or to the base).  It reads this machine's package database, so
# run it after scripts/install-deps.sh (as ctest does; label packages).
# Needs no root and changes nothing; takes a few seconds.
set -euo pipefail
export LC_ALL=C
top=$(cd "$(dirname "$0")/.." && pwd)
needs=$top/scripts/needs.txt
sys_path=/usr/sbin:/usr/bin:/sbin:/bin
arch=$(dpkg --print-architecture)

tmp=$(mktemp -d "${TMPDIR:-/tmp}/check-packages.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

die() { echo "check-packages: $*" >&2; exit 1; }

# ---------------------------------------------------------------- closure

# Debian's minimal base, which every bookworm install has (debootstrap's
# minbase, the Docker images): the Essential and Priority: required packages,
# and apt, which install-deps.sh needs; here as installed on this machine,
# with what they depend on.
base_packages() {
	local -a roots
	mapfile -t roots < <({
		dpkg-query -W -f='${db:Status-Abbrev}\t${Package}\t${Essential}\t${Priority}\n' |
			awk -F'\t' '$1 ~ /^ii/ && ($3 == "yes" || $4 == "required") { print $2 }'
		echo apt
	} | sort -u)
	apt-cache depends --recurse --installed --no-recommends --no-suggests --no-conflicts \
		--no-breaks --no-replaces --no-enhances "${roots[@]}" | grep -v -e '^ ' -e '^<' | sort -u
}

# The dpkg status of a machine that has only the base installed.
write_base_status() { # BASE_LIST OUT
	awk 'NR == FNR { want[$1] = 1; next }
		/^Package: / { keep = ($2 in want) }
		keep' "$1" /var/lib/dpkg/status >"$2"
}

# Every package a fresh machine ends up with: the base plus what apt would
# install for the lists without Recommends, alternatives ("a | b") resolved
# as apt resolves them there.  (`apt-cache depends --recurse` would follow
# every alternative and count packages a fresh machine does not get.)
closure() { # OUT
	local -a listed
	mapfile -t listed < <("$top/scripts/install-deps.sh" --list)
	((${#listed[@]})) || die "the package lists name no package"
	base_packages >"$tmp/base"
	write_base_status "$tmp/base" "$tmp/status"
	: >"$tmp/extended_states"
	# no lock: a simulation writes nothing, and must not wait for (or block)
	# an apt-get run elsewhere on the machine
	if ! apt-get -s -o Dir::State::status="$tmp/status" \
		-o Dir::State::extended_states="$tmp/extended_states" -o Debug::NoLocking=true \
		install --no-install-recommends "${listed[@]}" >"$tmp/sim" 2>&1; then
		cat "$tmp/sim" >&2
		die "apt-get cannot install the package lists on a minimal base (above); if it cannot find a package, run apt-get update"
	fi
	{ cat "$tmp/base"; sed -n 's/^Inst \([^ ]*\) .*/\1/p' "$tmp/sim"; } | sort -u >"$1"
	echo "${#listed[@]}" >"$tmp/nlisted"
}

# ---------------------------------------------------------------- needs

# One requirement per line of $tmp/req: ID <TAB> WHAT <TAB> PATH; a
# requirement is met if any one of its paths belongs to a package of the
# closure.  Unresolvable items go to $tmp/unmet right away.
req_id=0
unmet() { printf '%s\n' "$*" >>"$tmp/unmet"; }
# what to do about an item this machine lacks altogether
absent_hint="run scripts/install-deps.sh; if it is still missing, add the Debian package that ships it to a list"

# PATH and the spellings dpkg may have recorded it under, in the array
# spelled: merged /usr (/bin/ip is /usr/bin/ip) and the target of a symlink
# (update-alternatives: /usr/bin/x86_64-w64-mingw32-gcc -> ...-gcc-win32).
# Forks only for a symlink: this runs for hundreds of Python files.
spellings() {
	local p
	local -a forms=("$1")
	[[ -L $1 ]] && forms+=("$(readlink -f "$1")")
	spelled=()
	for p in "${forms[@]}"; do
		[[ -n $p ]] || continue
		spelled+=("$p")
		case $p in
		/usr/bin/* | /usr/sbin/* | /usr/lib/* | /usr/lib64/*) spelled+=("${p#/usr}") ;;
		/bin/* | /sbin/* | /lib/* | /lib64/*) spelled+=("/usr$p") ;;
		esac
	done
}

add_req() { # WHAT PATH...
	local what=$1 p s
	local -a spelled
	shift
	req_id=$((req_id + 1))
	for p in "$@"; do
		spellings "$p"
		for s in "${spelled[@]}"; do
			printf '%s\t%s\t%s\n' "$req_id" "$what" "$s"
		done
	done >>"$tmp/req"
}

need_cmd() { # NAME WHAT
	local PATH=$sys_path p
	if p=$(command -v "$1"); then
		add_req "$2" "$p"
	else
		unmet "$2: no program '$1' on $sys_path: $absent_hint"
	fi
}

need_file() { # GLOB WHAT
	local -a hits
	mapfile -t hits < <(compgen -G "$1" || true)
	if ((${#hits[@]})); then
		add_req "$2" "${hits[@]}"
	else
		unmet "$2: no such file: $absent_hint"
	fi
}

need_pc() { # MODULE WHAT
	local dir
	if dir=$(PATH=$sys_path pkg-config --variable=pcfiledir "$1" 2>/dev/null) && [[ -n $dir ]]; then
		add_req "$2" "$dir/$1.pc"
	else
		unmet "$2: pkg-config finds no such module: $absent_hint"
	fi
}

# Every file that importing each module loads (what Python had loaded
# before, such as site's .pth hooks, is not the module's).  In one run.
need_py() { # MODULE...
	local mod file
	if [[ ! -x /usr/bin/python3 ]]; then
		for mod in "$@"; do unmet "py $mod: no /usr/bin/python3"; done
		return
	fi
	/usr/bin/python3 -I - "$@" >"$tmp/py" 2>&1 <<'PY' || true
import importlib, sys
for name in sys.argv[1:]:
    before = set(sys.modules)
    try:
        importlib.import_module(name)
    except Exception as e:
        print(f"{name}\t!{type(e).__name__}: {e}")
        continue
    for m in sorted(set(sys.modules) - before):
        f = getattr(sys.modules[m], "__file__", None)
        if f:
            print(f"{name}\t{f}")
PY
	while IFS=$'\t' read -r mod file; do
		case $file in
		!*) unmet "py $mod: /usr/bin/python3 cannot import it (${file#!}): $absent_hint" ;;
		*) add_req "py $mod (loads $file)" "$file" ;;
		esac
	done <"$tmp/py"
}

# scripts/needs.txt, plus the build's pkg-config modules
read_needs() {
	local kind item rest line n=0
	local -a py=()
	: >"$tmp/req"
	: >"$tmp/unmet"
	while IFS= read -r line; do
		line=${line%%#*}
		read -r kind item rest <<<"$line" || true
		[[ -n ${kind:-} ]] || continue
		[[ -n $item && -z $rest ]] || die "$needs: cannot read '$line' (KIND ITEM # comment)"
		n=$((n + 1))
		case $kind in
		cmd) need_cmd "$item" "cmd $item" ;;
		file) need_file "$item" "file $item" ;;
		py) py+=("$item") ;;
		*) die "$needs: unknown kind '$kind' (cmd, file, py)" ;;
		esac
	done <"$needs"
	((${#py[@]} == 0)) || need_py "${py[@]}"
	while IFS= read -r item; do
		n=$((n + 1))
		need_pc "$item" "pkg-config $item (accord_require_pkg)"
	done < <(find "$top" -name CMakeLists.txt -not -path "$top/build*" -exec \
		sed -n 's/.*accord_require_pkg([A-Z0-9_]\{1,\} \([^ )]\{1,\}\).*/\1/p' {} + | sort -u)
	echo "$n" >"$tmp/nneeds"
}

# ---------------------------------------------------------------- check

# $tmp/owners: PATH <TAB> PACKAGE, one line per owner, from one dpkg -S run
# (dpkg prints "pkg1, pkg2:amd64: /path"; diversions are not owners)
find_owners() {
	cut -f3 "$tmp/req" | sort -u >"$tmp/paths"
	xargs -r -d '\n' dpkg-query -S -- <"$tmp/paths" 2>/dev/null |
		grep -v '^diversion by ' |
		awk -v arch=":$arch" '{
			i = index($0, ": /"); path = substr($0, i + 2)
			n = split(substr($0, 1, i - 1), pk, ", ")
			for (j = 1; j <= n; j++) { p = pk[j]; sub(arch "$", "", p); print path "\t" p }
		}' >"$tmp/owners" || true
}

# Prints one line per requirement not met; exit 1 if there was one, 2 and
# more if awk itself failed.
judge() { # CLOSURE
	awk -F'\t' -v closure="$1" -v owners="$tmp/owners" '
		BEGIN {
			while ((getline l < closure) > 0) in_closure[l] = 1
			while ((getline l < owners) > 0) { split(l, a, "\t"); own[a[1]] = own[a[1]] " " a[2] }
		}
		{
			id = $1; what[id] = $2
			if (!(id in first)) first[id] = $3
			n = split(own[$3], pk, " ")
			for (j = 1; j <= n; j++) {
				if (pk[j] in in_closure) ok[id] = 1
				else if (index(" " outside[id] " ", " " pk[j] " ") == 0) outside[id] = outside[id] " " pk[j]
			}
		}
		END {
			bad = 0
			for (id = 1; id in what; id++) {
				if (id in ok) continue
				bad = 1
				# name the path when the item does not (globs, Python modules)
				w = what[id]
				if (index(w, first[id]) == 0) w = w " (" first[id] ")"
				if (outside[id] != "")
					printf "%s: in%s, which the lists do not bring over Depends (a Recommends or nothing does): add it to a package list\n", w, outside[id]
				else
					printf "%s: no installed package ships it: find the Debian package that does and add it to a package list\n", w
			}
			exit bad
		}' "$tmp/req"
}

main() {
	local t0 rc=0 ms
	t0=$(date +%s%N)
	[[ -r $needs ]] || die "cannot read $needs"
	closure "$tmp/closure"
	read_needs
	find_owners
	judge "$tmp/closure" >>"$tmp/unmet" || (($? == 1)) || die "internal error: the check itself failed"
	ms=$((($(date +%s%N) - t0) / 1000000))
	if [[ -s $tmp/unmet ]]; then
		sed 's/^/check-packages: /' "$tmp/unmet" >&2
		echo "check-packages: FAILED: $(wc -l <"$tmp/unmet") of $(cat "$tmp/nneeds") needs in $needs are not met by the package lists on a fresh machine" >&2
		rc=1
	else
		printf 'check-packages: all %d needs met by the %d listed packages (%d packages with Depends and the minimal base) in %d.%01d s\n' \
			"$(cat "$tmp/nneeds")" "$(cat "$tmp/nlisted")" "$(wc -l <"$tmp/closure")" \
			$((ms / 1000)) $((ms % 1000 / 100))
	fi
	return "$rc"
}

main "$@"
