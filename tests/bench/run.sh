#!/usr/bin/env bash
# The server benchmark: accord against its floor and against Samba's
# `net rpc user`, on a private standalone smbd (see docs/benchmarks.md).
#
#   tests/bench/run.sh           full run: 10,000 accounts, 5 runs a row (~30 min)
#   tests/bench/run.sh --smoke   300 accounts, fewer runs (~80 s; .ci/run)
#
# Builds accord, bench_floor and bench_diff in $ACCORD_BENCH_BUILD (default
# build/), starts a fresh private server in $ACCORD_BENCH_SAMBA_DIR (default
# /tmp/accord-bench-samba; its own network namespace, so the test servers of
# /tmp/accord-samba are never touched), runs tests/bench/bench.py in it,
# prints the table, writes $ACCORD_BENCH_BUILD/bench/results.json, and stops
# the server (every account it made goes with it; ACCORD_BENCH_KEEP=1 keeps
# it running, with the 10,000 accounts, for profiling). Needs root.
# Exit: 0 done, 3 a target missed (full run), 1 failure.
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top"

mode=()
case ${1:-} in
--smoke) mode=(--smoke) ;;
"") ;;
*) echo "usage: tests/bench/run.sh [--smoke]" >&2; exit 2 ;;
esac

build=${ACCORD_BENCH_BUILD:-build}
export ACCORD_SAMBA_DIR=${ACCORD_BENCH_SAMBA_DIR:-/tmp/accord-bench-samba}
server=tests/samba/server

if [ ! -f "$build/CMakeCache.txt" ]; then
	cmake -S . -B "$build" -DACCORD_WERROR=ON >/dev/null
fi
cmake --build "$build" --target accord bench_floor bench_diff -j"$(nproc)" >/dev/null

bin=$(cd "$build" && pwd)
work=$bin/bench
mkdir -p "$work"

# Each phase on a fresh server (no accounts left from an earlier or
# interrupted run): 1. the floor seeds N accounts; 2. accord seeds the same N
# and every other measurement runs on them.
trap '[ "${ACCORD_BENCH_KEEP:-0}" = 1 ] || $server stop standalone >/dev/null 2>&1 || true' EXIT
rc=0
for phase in floor-seed main; do
	$server stop standalone >/dev/null
	$server start standalone >&2
	$server exec standalone -- /usr/bin/python3 "$top/tests/bench/bench.py" \
		--accord "$bin/cmd/accord" --floor "$bin/tests/bench/bench_floor" \
		--diff "$bin/tests/bench/bench_diff" --work "$work" --phase "$phase" \
		--out "$work/results.json" "${mode[@]}" || { rc=$?; break; }
done
exit "$rc"
