#!/bin/bash
# The fuzzer (tests/vm/progs/fuzz.c) against the loaded module for a while,
# then: the module holds nothing (no shadow, page, binding or reference),
# no probe left a hook or a program behind, and the fuzzer got past the
# front door of every request kind that can succeed (a fuzzer that only
# collects EINVAL proves nothing). bin/vm fails the run on any WARN, oops
# or a module that does not unload.
#   fuzz.sh SECONDS [SEED [CALLS]]
. "$(dirname "$0")/lib.sh"
seconds=$1 seed=${2:-$(date +%s)} calls=${3:-100000000}
probe_residue > /tmp/residue

echo "-- fuzz: up to $calls requests or ${seconds}s, seed $seed, 2 threads in each of two processes"
set +e
fuzz -s "$seed" -n "$calls" -t "$seconds" -j 2 > /tmp/fuzz.out
rc=$?
set -e
cat /tmp/fuzz.out
expect_eq "fuzzer exit status (seed $seed)" 0 "$rc"

# Successful requests of each kind that should sometimes succeed.
ok_of() { awk -v who="$1" -v op="$2" '$1 == who && $2 == op { for (i = 4; i <= NF; i++) if ($i ~ /^ok:/) { sub(/^ok:/, "", $i); print $i; exit } }' /tmp/fuzz.out; }
for pair in "patcher patch" "patcher create" "prober create" "prober attach" "prober bind" "prober detach" "prober prog"; do
	n=$(ok_of $pair)
	[ "${n:-0}" -gt 0 ] || fail "the fuzzer never succeeded at '$pair' (seed $seed): it only probed refusals"
done

expect_module_empty
expect_no_residue /tmp/residue
echo "fuzz: clean after $(awk '/requests/ { n += $3 } END { print n }' /tmp/fuzz.out) requests (seed $seed)"
