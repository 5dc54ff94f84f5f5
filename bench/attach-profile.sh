#!/bin/bash
# Benchmark: where the module's ATTACH request spends its instructions. In
# one `bin/vm --icount` guest the C client (tests/vm/progs/probe.c) attaches
# an entry probe to every traceable core function of the kernel on a
# sleeping process, once untimed by ftrace, then again with ftrace's
# function_graph tracer on a fixed, flat set of the functions ATTACH calls.
# Prints a markdown table (see bench/README.md).
#   bench/attach-profile.sh [bin/vm options...]
. "$(dirname "$0")/lib.sh"
bench_run bench/guest/attach-profile.sh "$@"
