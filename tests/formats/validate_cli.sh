#!/bin/sh
# validate_cli.sh ACCORD SOURCE_DIR: `accord validate` end to end: exit
# codes, the text and JSON shapes, and no crash on any corpus file.
set -u
accord=$1
src=$2
data=$src/tests/data/formats
fails=0
check() { # NAME CONDITION...
	name=$1
	shift
	if "$@"; then echo "ok   $name"; else echo "FAIL $name"; fails=$((fails + 1)); fi
}

out=$("$accord" --no-color validate -f "$src/examples/reference.yaml"); rc=$?
check "example exits 0" [ "$rc" -eq 0 ]
check "example summary" [ "$(printf '%s\n' "$out" | tail -n 1)" = "$src/examples/reference.yaml: valid yaml: 7 users, 5 groups, 2 warnings" ]

bad=$data/yaml/bad/many_errors_sorted.yaml
out=$("$accord" --no-color validate -f "$bad"); rc=$?
check "bad file exits 1" [ "$rc" -eq 1 ]
check "bad file first line" [ "$(printf '%s\n' "$out" | head -n 1)" = "$bad:3:14: error: 'unmanaged' must be one of ignore, report, disable or delete, not 'repotr'; did you mean 'report'?" ]
check "bad file summary" [ "$(printf '%s\n' "$out" | tail -n 1)" = "$bad: invalid: 7 errors, 0 warnings" ]

out=$("$accord" --format json validate -f "$bad"); rc=$?
check "json exits 1" [ "$rc" -eq 1 ]
check "json parses, 7 items" [ "$(printf '%s' "$out" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')" = 7 ]

"$accord" validate -f /nonexistent.yaml >/dev/null 2>&1; rc=$?
check "missing file exits 1" [ "$rc" -eq 1 ]
"$accord" validate >/dev/null 2>&1; rc=$?
check "no -f exits 1" [ "$rc" -eq 1 ]
"$accord" validate -f "$bad" --as toml >/dev/null 2>&1; rc=$?
check "bad --as exits 1" [ "$rc" -eq 1 ]
out=$("$accord" --no-color validate -f "$src/examples/reference.yaml" --as gpp); rc=$?
check "--as gpp on yaml exits 1" [ "$rc" -eq 1 ]

# several files: each checked, merged in order, every conflict a warning at
# the later file's item (the golden plan case files_later_wins_per_field)
case_dir=$src/tests/data/plan/files_later_wins_per_field
base=$case_dir/base.yaml host=$case_dir/host.xml
out=$("$accord" --no-color validate -f "$base" -f "$host"); rc=$?
check "two files exit 0" [ "$rc" -eq 0 ]
check "two files: a conflict with both positions" [ "$(printf '%s\n' "$out" | head -n 1)" = \
	"$host:3:3: warning: conflict: user \"alice\" full_name: $base:6:5 \"Alice Base\" overridden by $host:3:3 \"Alice Host\"" ]
check "two files summary" [ "$(printf '%s\n' "$out" | tail -n 1)" = \
	"$base + $host: valid yaml + gpp: 2 users, 1 group, 4 warnings" ]
out=$("$accord" --format json validate -f "$base" -f "$host"); rc=$?
check "two files json: the conflicts are warnings" [ "$(printf '%s' "$out" | python3 -c '
import json, sys
print(sum(1 for d in json.load(sys.stdin) if d["severity"] == "warning" and d["message"].startswith("conflict: ")))')" = 4 ]
"$accord" validate -f "$base" -f /nonexistent.yaml >/dev/null 2>&1; rc=$?
check "two files, one missing, exits 1" [ "$rc" -eq 1 ]

# every corpus file, text and JSON, 8 at a time (accord starts in ~0.1 s)
crashes=$(for f in "$data"/*/*/*.yaml "$data"/*/*/*.xml "$src"/examples/*; do echo "$f"; done |
	xargs -P 8 -I{} sh -c '
		"$1" validate -f "$2" >/dev/null 2>&1; [ $? -le 1 ] || echo "text: $2"
		"$1" --format json validate -f "$2" >/dev/null 2>&1; [ $? -le 1 ] || echo "json: $2"
	' sh "$accord" {})
[ -z "$crashes" ] || printf '  crashed on %s\n' "$crashes"
crashed=0
[ -z "$crashes" ] || crashed=1
check "no crash on any corpus file" [ "$crashed" -eq 0 ]

[ "$fails" -eq 0 ]
