#!/bin/bash
# Benchmark: what a syscall probe, a tracepoint and a user probe cost with
# shadowtrace and with bpftrace, per hit in the traced process and to a
# process that is not traced. Boots the stock kernel under
# `bin/vm --icount` (guest clock = instructions, one vCPU) and prints a
# markdown table of figures measured in that one run.
#   bench/providers.sh [bin/vm options...] [-- N ROUNDS]
. "$(dirname "$0")/lib.sh"
. "$root/tools/vm/lib.sh"
vm_need /usr/bin/bpftrace bpftrace	# the guest runs the host's root file system
bench_run bench/guest/providers.sh "$@"
