#!/bin/bash
# Benchmark: the cost of one probe hit, shadowtrace against a kprobe and a
# BPF fentry program running the same eBPF program, and what a probe costs
# a process that is not traced. Boots the stock kernel under
# `bin/vm --icount` (guest clock = instructions, one vCPU) and prints a
# markdown table of figures measured in that one run, kept in
# .build/bench/probe-cost.md and drawn as .build/bench/probe-cost.png.
#   bench/probe-cost.sh [bin/vm options...] [-- REPS CALLS]
. "$(dirname "$0")/lib.sh"
result=$root/.build/bench/probe-cost.md
mkdir -p "$(dirname "$result")"
(bench_run bench/guest/probe-cost.sh "$@") | tee "$result"
[ "${PIPESTATUS[0]}" = 0 ] || exit 1
"$root/bench/bars.sh" "$result" 1 1 3 1 "$root/.build/bench/probe-cost.png" \
	"added per getppid() call, a counting program on __task_pid_nr_ns (bench/probe-cost.sh, -icount)" "ns per call"
