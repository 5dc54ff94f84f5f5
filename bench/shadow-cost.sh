#!/bin/bash
# Benchmark: what a shadow costs shadowed and unshadowed processes.
# Boots the stock kernel under `bin/vm --icount` (deterministic guest time,
# one vCPU) and prints a markdown table of ratios inside that one run.
#   bench/shadow-cost.sh [bin/vm options...] [-- REPS SYSCALLS ROUNDTRIPS]
. "$(dirname "$0")/lib.sh"
bench_run bench/guest/shadow-cost.sh "$@"
