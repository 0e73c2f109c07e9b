#!/usr/bin/env bash
# build-windows.sh: builds the whole accord.exe for 64-bit Windows with
# mingw-w64, statically linked (one file to copy, only Windows system DLLs
# imported), into build-win64/accord.exe.
#
#   scripts/build-windows.sh [--deps-only] [--tests]
#
#   --deps-only   build (or find in the cache) the libraries, nothing else
#   --tests       also build the cmocka unit tests as .exe (for wine)
#
# libyaml, libxml2, sqlite3, OpenSSL's libcrypto and cmocka (for the unit
# tests) come from Debian's own source packages of the versions bookworm
# ships (apt-get source; Debian's patches applied by dpkg-source), cross-
# compiled with the same toolchain, and cached outside the work tree in
# $ACCORD_WIN_DEPS (default /var/cache/accord-win64-deps), one directory per
# library and version: a second run, or CI, rebuilds a library only when its
# version changes. The first run needs root (a deb-src entry is added beside
# /etc/apt/sources.list.d/debian.sources) and about 5 minutes on 2 cores.
#
# accord.exe is built with -Werror; the script fails if it imports a DLL
# that is not a Windows system DLL (objdump -p).
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"

deps_only= tests=OFF
for a in "$@"; do
	case $a in
	--deps-only) deps_only=1 ;;
	--tests) tests=ON ;;
	*) echo "build-windows: unknown option '$a'" >&2; exit 2 ;;
	esac
done

triplet=x86_64-w64-mingw32
cache=${ACCORD_WIN_DEPS:-/var/cache/accord-win64-deps}
build=${ACCORD_WIN_BUILD:-$top/build-win64}
jobs=$(nproc)
start_all=$(date +%s)

die() { echo "build-windows: $*" >&2; exit 1; }
command -v $triplet-gcc >/dev/null || die "$triplet-gcc not found: install gcc-mingw-w64-x86-64"
command -v dpkg-source >/dev/null || die "dpkg-source not found: install dpkg-dev"
mkdir -p "$cache/src" || die "cannot create $cache (run once as root, or set ACCORD_WIN_DEPS)"

# ------------------------------------------------------------ sources

# The deb-src twin of Debian's own entry. apt-get update only when it is new
# (or when asked to look again): a warm run needs no network.
src_list=/etc/apt/sources.list.d/accord-debian-src.sources
ensure_deb_src() {
	[ -z "${deb_src_ready:-}" ] || return 0
	if [ ! -f "$src_list" ]; then
		[ "$(id -u)" = 0 ] || die "no deb-src entry yet: run once as root (adds $src_list)"
		sed 's/^Types:.*/Types: deb-src/' /etc/apt/sources.list.d/debian.sources >"$src_list"
		apt-get update -qq
	fi
	deb_src_ready=1
}

# The source package's versions apt knows, newest first.
src_versions() { # SRCPKG
	apt-cache showsrc "$1" 2>/dev/null | awk '/^Version:/ { print $2 }' |
		sort -u | sort -r -V
}

# Unpacks SRCPKG=VERSION into $cache/src/; prints the source directory.
# The newest version's .dsc has answered 404 from the security archive while
# its tarball downloaded (openssl): the caller then tries the next version.
unpack() { # SRCPKG VERSION
	local pkg=$1 ver=$2 dir uver
	uver=${ver#*:}
	uver=${uver%-*}
	dir=$cache/src/$pkg-$ver
	if [ ! -f "$dir/.unpacked" ]; then
		rm -rf "$dir" "$cache/src/dl-$pkg"
		mkdir -p "$cache/src/dl-$pkg"
		(cd "$cache/src/dl-$pkg" &&
			apt-get source -qq --download-only "$pkg=$ver" &&
			dpkg-source -x --no-check ./*.dsc "$dir") >"$cache/src/$pkg.log" 2>&1 ||
			{ rm -rf "$dir"; return 1; }
		# (dpkg-source also links the orig tarballs beside the tree)
		rm -rf "$cache/src/dl-$pkg" "$cache/src/${pkg}_"*
		touch "$dir/.unpacked"
	fi
	echo "$dir"
}

# ------------------------------------------------------------ libraries

# Each builder gets SRC and PREFIX and installs a static library, headers
# and a .pc there. For a static-only prefix Libs.private belongs in Libs:
# CMake's pkg_check_modules(IMPORTED_TARGET) reads only Libs.
static_pc() { # PCFILE
	sed -i -e '/^Libs.private:/d' -e "s|^Libs:.*|& $(sed -n 's/^Libs.private://p' "$1" | tr '\n' ' ')|" "$1"
}

build_libyaml() {
	# Debian's source has no configure; its CMake works. It installs no .pc,
	# and static use needs YAML_DECLARE_STATIC or yaml.h declares DLL imports.
	cmake -S "$SRC" -B "$SRC/_build" -DCMAKE_SYSTEM_NAME=Windows \
		-DCMAKE_C_COMPILER=$triplet-gcc -DBUILD_SHARED_LIBS=OFF -DBUILD_TESTING=OFF \
		-DCMAKE_BUILD_TYPE=Release -DCMAKE_INSTALL_PREFIX="$PREFIX" >/dev/null
	cmake --build "$SRC/_build" -j"$jobs" --target yaml >/dev/null
	mkdir -p "$PREFIX/lib/pkgconfig" "$PREFIX/include"
	cp "$SRC/_build/libyaml.a" "$PREFIX/lib/"
	cp "$SRC/include/yaml.h" "$PREFIX/include/"
	cat >"$PREFIX/lib/pkgconfig/yaml-0.1.pc" <<-EOF
		prefix=$PREFIX
		Name: LibYAML
		Description: Library to parse and emit YAML (static, mingw-w64)
		Version: $UVER
		Cflags: -I\${prefix}/include -DYAML_DECLARE_STATIC
		Libs: -L\${prefix}/lib -lyaml
	EOF
}

build_sqlite3() {
	# config_TARGET_EXEEXT=.exe, or configure picks SQLITE_OS_UNIX;
	# CROSS_BUILDING=yes (Debian's 30-cross.patch) runs a lemon built for
	# this machine, and BEXE= keeps it from being called lemon-for-build.exe.
	(cd "$SRC" && ./configure --host=$triplet --prefix="$PREFIX" --disable-shared \
		--enable-static --disable-tcl --disable-readline config_TARGET_EXEEXT=.exe >/dev/null &&
		make -j"$jobs" CROSS_BUILDING=yes BEXE= libsqlite3.la sqlite3.pc >/dev/null)
	# (make install would also build the sqlite3.exe shell)
	mkdir -p "$PREFIX/lib/pkgconfig" "$PREFIX/include"
	cp "$SRC/.libs/libsqlite3.a" "$PREFIX/lib/"
	cp "$SRC/sqlite3.h" "$SRC/src/sqlite3ext.h" "$PREFIX/include/" 2>/dev/null ||
		cp "$SRC/sqlite3.h" "$PREFIX/include/"
	cp "$SRC/sqlite3.pc" "$PREFIX/lib/pkgconfig/"
	sed -i 's/ *-lpthread//' "$PREFIX/lib/pkgconfig/sqlite3.pc"
	static_pc "$PREFIX/lib/pkgconfig/sqlite3.pc"
}

build_libxml2() {
	# Debian's patch 0034 touches Makefile.am; fresh timestamps on the
	# generated files keep make from wanting automake-1.16.
	(cd "$SRC" && touch aclocal.m4 && touch configure config.h.in &&
		find . -name Makefile.in -exec touch {} + &&
		./configure --host=$triplet --prefix="$PREFIX" --disable-shared --enable-static \
			--without-python --without-http --without-ftp --without-iconv --without-icu \
			--without-lzma --without-zlib --without-debug --without-catalog >/dev/null &&
		make -j"$jobs" libxml2.la >/dev/null &&
		make install-libLTLIBRARIES install-pkgconfigDATA >/dev/null &&
		make -C include install >/dev/null)
	static_pc "$PREFIX/lib/pkgconfig/libxml-2.0.pc"
}

build_openssl() {
	# libcrypto only is what accord uses; build_libs builds libssl too
	# (OpenSSL 3.0 has no target for libcrypto alone).
	(cd "$SRC" && ./Configure mingw64 no-shared no-tests no-module no-engine \
		--cross-compile-prefix=$triplet- --prefix="$PREFIX" --libdir=lib >/dev/null &&
		make -j"$jobs" build_libs >/dev/null &&
		make install_dev >/dev/null)
	rm -f "$PREFIX"/lib/libssl.a "$PREFIX"/lib/pkgconfig/libssl.pc "$PREFIX"/lib/pkgconfig/openssl.pc
	static_pc "$PREFIX/lib/pkgconfig/libcrypto.pc"
}

build_cmocka() {
	cmake -S "$SRC" -B "$SRC/_build" -DCMAKE_SYSTEM_NAME=Windows \
		-DCMAKE_C_COMPILER=$triplet-gcc -DBUILD_SHARED_LIBS=OFF -DWITH_STATIC_LIB=ON \
		-DWITH_EXAMPLES=OFF -DUNIT_TESTING=OFF -DCMAKE_BUILD_TYPE=Release \
		-DCMAKE_INSTALL_PREFIX="$PREFIX" >/dev/null
	cmake --build "$SRC/_build" -j"$jobs" >/dev/null
	cmake --install "$SRC/_build" >/dev/null
	# cmocka 1.1 names its static library libcmocka-static.a
	[ -f "$PREFIX/lib/libcmocka.a" ] || cp "$PREFIX"/lib/libcmocka-static.a "$PREFIX/lib/libcmocka.a"
	rm -f "$PREFIX"/lib/*.dll.a
}

# Finds LIB in the cache, or builds it from the first source version that
# downloads; appends its prefix to pc_dirs.
pc_dirs=
dep() { # SRCPKG
	local pkg=$1 ver t0 ok=
	local -a vers
	# the cache is keyed by the version apt offers now; a warm run asks apt
	# only its local lists (no apt-get update)
	if [ -f "$src_list" ]; then
		mapfile -t vers < <(src_versions "$pkg")
	else
		vers=()
	fi
	for ver in "${vers[@]}"; do
		PREFIX=$cache/$pkg-$ver
		if [ -f "$PREFIX/.built" ]; then
			ok=1
			break
		fi
	done
	if [ -z "$ok" ]; then
		ensure_deb_src
		mapfile -t vers < <(src_versions "$pkg")
		[ ${#vers[@]} -gt 0 ] || die "apt knows no source package '$pkg'"
		for ver in "${vers[@]}"; do
			PREFIX=$cache/$pkg-$ver
			if SRC=$(unpack "$pkg" "$ver"); then
				ok=1
				break
			fi
			echo "build-windows: note: source $pkg=$ver did not download; trying an older one" >&2
		done
		[ -n "$ok" ] || die "no source of $pkg downloaded"
		t0=$(date +%s)
		echo "build-windows: building $pkg $ver for $triplet" >&2
		rm -rf "$PREFIX" "$SRC/_build"
		UVER=${ver%-*}
		# in the background so that set -e holds inside the builder; its
		# output is kept in the cache, shown only when it fails
		"build_$pkg" >"$cache/$pkg-$ver.log" 2>&1 &
		wait $! || { tail -n 40 "$cache/$pkg-$ver.log" >&2; die "building $pkg $ver failed"; }
		touch "$PREFIX/.built"
		rm -rf "$SRC"
		echo "build-windows: $pkg $ver built in $(($(date +%s) - t0)) s" >&2
	fi
	echo "build-windows: $pkg $ver in $PREFIX" >&2
	pc_dirs=${pc_dirs:+$pc_dirs:}$PREFIX/lib/pkgconfig
}

dep libyaml
dep sqlite3
dep libxml2
dep openssl
[ "$tests" = OFF ] || dep cmocka
echo "build-windows: libraries ready after $(($(date +%s) - start_all)) s"
[ -z "$deps_only" ] || exit 0

# ------------------------------------------------------------ accord.exe

log=$(mktemp)
trap 'rm -f "$log"' EXIT
t0=$(date +%s)
# ACCORD_WIN_PKG_CONFIG_LIBDIR: the toolchain file hands these prefixes to
# pkg-config instead of the (empty) mingw system directory
export ACCORD_WIN_PKG_CONFIG_LIBDIR=$pc_dirs
# with --tests, ctest runs the .exe files under wine (tests/CMakeLists.txt
# says which tests the Windows build has)
emulator=
if [ "$tests" = ON ]; then
	emulator=$(command -v wine64 || ls /usr/lib/wine/wine64 2>/dev/null || true)
fi
cmake -S . -B "$build" -DCMAKE_TOOLCHAIN_FILE=cmake/mingw-w64.cmake \
	-DACCORD_WERROR=ON -DBUILD_TESTING=$tests \
	-DCMAKE_CROSSCOMPILING_EMULATOR="$emulator" >"$log" 2>&1 ||
	{ cat "$log" >&2; die "configure failed"; }
if ! cmake --build "$build" -j"$jobs" 2>&1 | tee "$log"; then
	die "build failed"
fi
# -Werror covers the compiler; the linker's warnings only show in the log
if grep -Ei '(^|[^-])(warning|error):' "$log" >&2; then
	die "the build printed the warnings or errors above"
fi
# the one file to copy, without its debugging symbols (cmd/accord.exe
# keeps them)
exe=$build/accord.exe
$triplet-strip -o "$exe" "$build/cmd/accord.exe"

# Only DLLs every Windows has (no libwinpthread-1.dll, libgcc, libxml2...).
system_dlls='^(advapi32|kernel32|user32|msvcrt|netapi32|mpr|crypt32|ws2_32|bcrypt|secur32|shell32|ole32|gdi32|wevtapi|userenv|iphlpapi|rpcrt4)\.dll$'
bad=$($triplet-objdump -p "$exe" | awk '/DLL Name:/ { print tolower($3) }' | grep -Ev "$system_dlls" || true)
[ -z "$bad" ] || die "$exe imports non-system DLLs: $bad"
echo "build-windows: $exe ($(stat -c %s "$exe") bytes) built in $(($(date +%s) - t0)) s;" \
	"imports: $($triplet-objdump -p "$exe" | awk '/DLL Name:/ { printf "%s ", $3 }')"
echo "build-windows: total $(($(date +%s) - start_all)) s"
