#!/bin/bash
# Benchmark: what a shadow costs shadowed and unshadowed processes.
# Boots the stock kernel under `bin/vm --icount` (deterministic guest time,
# one vCPU) and prints a markdown table of ratios inside that one run.
#   bench/shadow-cost.sh [bin/vm options...] [-- REPS SYSCALLS ROUNDTRIPS]
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
exec "$root/bin/vm" --icount --timeout 3000 "${vmopts[@]}" -- bench/guest/shadow-cost.sh "$@"
