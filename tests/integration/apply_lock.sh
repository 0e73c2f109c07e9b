#!/bin/bash
# Two applies on one server at once: one runs, the other refuses at once
# naming the holder.
. "$(dirname "$0")/lib.sh"
n=200
gen_users apl $n delete >"$tmp/del.yaml"
gen_users apl $n create >"$tmp/big.yaml"
accord apply -f "$tmp/del.yaml" --auto-approve >/dev/null || fail "cleanup apply exited $?"

accord_bg "$tmp/1.out" "$tmp/1.err" apply -f "$tmp/big.yaml" --auto-approve
pid=$!
for _ in $(seq 400); do
	[[ $(sql "SELECT count(*) FROM locks" 2>/dev/null || echo 0) -ge 1 ]] && break
	sleep 0.025
done
start=$(date +%s%N)
if accord apply -f "$tmp/del.yaml" --auto-approve >"$tmp/2.out" 2>&1; then
	fail "second apply ran while the first held the lock"
fi
ms=$(( ($(date +%s%N) - start) / 1000000 ))
kill -0 $pid 2>/dev/null || fail "first apply ended before the second was tried; make n larger"
grep -q "is locked by another apply" "$tmp/2.out" || fail "second apply: $(cat "$tmp/2.out")"
grep -q "pid $pid " "$tmp/2.out" || fail "holder pid $pid not named: $(cat "$tmp/2.out")"
wait $pid || fail "first apply exited $?: $(tail "$tmp/1.err")"
expect_eq "accounts created" "$(existing_users apl $n | wc -l)" $n
pass "second apply refused in $ms ms: $(cat "$tmp/2.out")"
accord apply -f "$tmp/del.yaml" --auto-approve >/dev/null || fail "cleanup apply exited $?"
