#!/bin/bash
# Benchmark: attaching at scale through the CLI. In one `bin/vm --icount`
# guest (one vCPU, guest clock = instructions), shadowtrace -p and bpftrace
# 0.17 (Debian's) each put one counting program on the entry of 1, 100, 1000
# and every traceable kernel function: seconds from the tool's start to its
# probes armed, and from SIGINT to its exit; then the whole command
# `shadowtrace -c 'read-count 10'` with one and with every function probed.
# Prints markdown tables (see bench/README.md).
#   bench/attach.sh [bin/vm options...] [-- REPS ["SIZES" [NOFILE ["TOOLS"]]]]   (e.g. -- 1 "1 all" "" st)
# NOFILE: bpftrace's ulimit -n in every row (by default each row raises it
# only as far as its kprobes need).
. "$(dirname "$0")/lib.sh"
. "$root/tools/vm/lib.sh"
vm_need /usr/bin/bpftrace bpftrace
[ -f "$root/shell/target/shadowtrace.jar" ] || (cd "$root" && mvn -B -q -ntp -DskipTests package)
# The tables, kept in .build/bench/attach.md, then drawn: the tools' CPU
# seconds to armed and from SIGINT to exit.
result=$root/.build/bench/attach.md
mkdir -p "$(dirname "$result")"
(bench_run bench/guest/attach.sh "$@") | tee "$result"
[ "${PIPESTATUS[0]}" = 0 ] || exit 1
"$root/bench/bars.sh" "$result" 2 1,2 4 2 "$root/.build/bench/attach-armed.png" \
	"CPU seconds from the tool's start to its probes armed, by functions probed (bench/attach.sh, -icount)" "CPU s"
"$root/bench/bars.sh" "$result" 2 1,2 5 2 "$root/.build/bench/attach-exit.png" \
	"CPU seconds from SIGINT to the tool's exit, by functions probed (bench/attach.sh, -icount)" "CPU s"
