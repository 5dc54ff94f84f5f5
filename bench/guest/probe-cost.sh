#!/bin/bash
# Runs inside `bin/vm --icount` (one vCPU, guest clock = instructions).
# getppid() loops, ns per call, median of REPS runs, with one counting BPF
# program on __task_pid_nr_ns (called once per getppid()) attached as: nothing, a shadowtrace probe on
# this process, a shadowtrace probe on another process (plain and union),
# a kprobe, a BPF fentry program; return probes (shadowtrace's, a kretprobe,
# a BPF fexit program); a shadowtrace offset probe and a kprobe
# that always traps (kprobe optimization off) on the same instruction. The per-hit cost is the difference with
# the baseline; every run also checks the program's hit count.
#   probe-cost.sh [REPS [CALLS]]
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
B=$root/.build/bench
REPS=${1:-5}
N=${2:-200000}
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
run() { # MODE [union] EXPECTED_HITS
	local out hits exp=${*: -1} extra=
	[ $# = 3 ] && extra=$2
	for _ in $(seq $REPS); do
		out=$($B/probe-bench "$1" "$N" $extra)
		hits=${out#* }
		[ "$hits" -ge "$exp" ] && [ "$hits" -le $((exp + exp / 100)) ] ||
			{ echo "FAIL: $* counted $hits hits, expected $exp" >&2; exit 1; }
		echo "${out% *}"
	done | median
}
none=$(run none 0)
shadow=$(run shadow "$N")
other=$(run other 0)
other_union=$(run other union 0)
kprobe=$(run kprobe "$N")
kprobe_int3=$(run kprobe-int3 "$N")
offset=$(run shadow-offset "$N")
echo 0 > /proc/sys/debug/kprobes-optimization	# the int3 kprobe keeps trapping
kprobe_trap=$(run kprobe-int3 "$N")
echo 1 > /proc/sys/debug/kprobes-optimization
fentry=$(run fentry "$N")
ret=$(run shadow-return "$N")
kretprobe=$(run kretprobe "$N")
fexit=$(run fexit "$N")
add() { awk -v a="$1" -v b="$none" 'BEGIN { printf "%.1f", a - b }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (a - '"$none"') / (b - '"$none"') }'; }
echo "| getppid() with a counting program on __task_pid_nr_ns (median of $REPS x $N calls, -icount, 1 vCPU) | ns/call | added per call |"
echo "|---|---:|---:|"
echo "| no program | $none | 0 |"
echo "| shadowtrace entry probe, this process traced | $shadow | $(add $shadow) |"
echo "| kprobe at entry (BPF program through the kprobe PMU; on ftrace) | $kprobe | $(add $kprobe) |"
echo "| kprobe one instruction later (int3; the kernel optimizes it to a jump after a delay) | $kprobe_int3 | $(add $kprobe_int3) |"
echo "| BPF fentry program | $fentry | $(add $fentry) |"
echo "| shadowtrace offset probe on that instruction (int3 in this process's shadow) | $offset | $(add $offset) |"
echo "| kprobe on that instruction, optimization off (int3 every hit) | $kprobe_trap | $(add $kprobe_trap) |"
echo "| shadowtrace return probe, this process traced | $ret | $(add $ret) |"
echo "| kretprobe (BPF program through the kprobe PMU) | $kretprobe | $(add $kretprobe) |"
echo "| BPF fexit program | $fexit | $(add $fexit) |"
echo "| shadowtrace probe on another process: this one untraced | $other | $(add $other) |"
echo "| shadowtrace union probe on another process: this one untraced | $other_union | $(add $other_union) |"
echo
echo "kprobe (ftrace) cost / shadowtrace cost: $(ratio $kprobe $shadow) (target >= 3)"
echo "kprobe (int3) cost / shadowtrace cost: $(ratio $kprobe_int3 $shadow) (target >= 3)"
echo "shadowtrace cost / fentry cost: $(ratio $shadow $fentry) (target <= 1.1)"
echo "shadowtrace return probe cost / fexit cost: $(ratio $ret $fexit)"
echo "kretprobe cost / shadowtrace return probe cost: $(ratio $kretprobe $ret)"
echo "kprobe (int3, not optimized) cost / shadowtrace offset probe cost, same instruction: $(ratio $kprobe_trap $offset)"
echo "kprobe (int3, not optimized) cost / shadowtrace entry probe cost: $(ratio $kprobe_trap $shadow)"
