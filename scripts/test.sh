#!/usr/bin/env bash
# Runs accord's whole test suite on a Debian bookworm machine, as root:
# installs packages, builds, and runs ctest, whose fixtures start and stop
# the throwaway Samba servers the integration tests need.
#
#   scripts/test.sh              unit + integration tests (build/)
#   scripts/test.sh --sanitize   the same, built with -fsanitize=address,undefined (build-asan/)
#   scripts/test.sh -L unit      extra arguments go to ctest
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"

build=build
cmake_opts=(-DACCORD_WERROR=ON)
if [ "${1:-}" = "--sanitize" ]; then
	shift
	build=build-asan
	cmake_opts+=(-DACCORD_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug)
	# any sanitizer report fails the test that printed it
	# full stacks on malloc, so suppressions can name the function that leaked
	export ASAN_OPTIONS=${ASAN_OPTIONS:-abort_on_error=1:detect_leaks=1:halt_on_error=1:fast_unwind_on_malloc=0}
	export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
	# Samba's libnetapi_init leaks one string of its own (tests/netapi/lsan.supp);
	# ldb's modules load with RTLD_DEEPBIND, which ASan cannot intercept
	export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$top/tests/netapi/lsan.supp:print_suppressions=0}
	export LDB_MODULES_DISABLE_DEEPBIND=1
fi

scripts/install-deps.sh
cmake -S . -B "$build" "${cmake_opts[@]}" >/dev/null
cmake --build "$build" -j"$(nproc)"

stop_servers() {
	for p in standalone addc; do
		tests/samba/server stop "$p" >/dev/null 2>&1 || true
	done
}
trap stop_servers EXIT

cd "$build"
# label bench: benchmarks print numbers and are run by tests/bench/run.sh
ctest --output-on-failure -LE bench "$@"
