#!/bin/sh
# run.sh TARGET SECONDS: build a libFuzzer target with clang in its own build
# directory and run it for SECONDS, seeded with the files of tests/data/formats.
# Findings (crash-*, leak-*, timeout-*) land in $build/artifacts/; the exit
# status is libFuzzer's (0: nothing found).
#   ACCORD_FUZZ_BUILD  build directory (default: <repo>/build-fuzz-TARGET)
#   ACCORD_FUZZ_JOBS   parallel fuzzing jobs (default 1)
set -eu
target=${1:?usage: run.sh TARGET SECONDS (TARGET: fuzz_yaml, fuzz_gpp)}
seconds=${2:-60}
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${ACCORD_FUZZ_BUILD:-$root/build-fuzz-$target}
jobs=${ACCORD_FUZZ_JOBS:-1}

case $target in
fuzz_yaml) ext=yaml ;;
fuzz_gpp) ext=xml ;;
*) ext=$target ;;
esac

CC=clang cmake -S "$root" -B "$build" -DACCORD_FUZZ=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	-DCMAKE_C_FLAGS=-Wno-unknown-warning-option >/dev/null
cmake --build "$build" --target "$target" -j"$(nproc)" >/dev/null

corpus=$build/corpus
mkdir -p "$corpus" "$build/artifacts"
find "$root/tests/data/formats" "$root/examples" -name "*.$ext" -type f -exec cp {} "$corpus/" \; 2>/dev/null || true
dict=
[ -f "$root/tests/fuzz/$target.dict" ] && dict=-dict=$root/tests/fuzz/$target.dict

cd "$build"
exec "$build/tests/fuzz/$target" $dict -max_total_time="$seconds" -timeout=10 \
	-rss_limit_mb=2048 -max_len=16384 -jobs="$jobs" -workers="$jobs" \
	-artifact_prefix="$build/artifacts/" -print_final_stats=1 "$corpus"
