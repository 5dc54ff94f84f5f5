#!/bin/bash
# Benchmark: the cost of one probe hit, shadowtrace against a kprobe and a
# BPF fentry program running the same eBPF program, and what a probe costs
# a process that is not traced. Boots the stock kernel under
# `bin/vm --icount` (guest clock = instructions, one vCPU) and prints a
# markdown table of figures measured in that one run.
#   bench/probe-cost.sh [bin/vm options...] [-- REPS CALLS]
. "$(dirname "$0")/lib.sh"
bench_run bench/guest/probe-cost.sh "$@"
