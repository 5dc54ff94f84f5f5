#!/bin/bash
# Benchmark: the cost of one probe hit, shadowtrace against a kprobe and a
# BPF fentry program running the same eBPF program, and what a probe costs
# a process that is not traced. Boots the stock kernel under
# `bin/vm --icount` (guest clock = instructions, one vCPU) and prints a
# markdown table of figures measured in that one run.
#   bench/probe-cost.sh [bin/vm options...] [-- REPS CALLS]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
. "$root/tests/vm/lib.sh"
build_progs
mkdir -p "$root/.build/bench"
for c in "$root"/bench/progs/*.c; do
	gcc -O2 -Wall -Werror -I "$root/kmod/include/uapi" -o "$root/.build/bench/$(basename "$c" .c)" "$c"
done
vmopts=()
while [ $# -gt 0 ] && [ "$1" != -- ]; do vmopts+=("$1"); shift; done
[ $# -gt 0 ] && shift
exec "$root/bin/vm" --icount --timeout 3000 "${vmopts[@]}" -- bench/guest/probe-cost.sh "$@"
