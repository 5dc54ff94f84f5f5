#!/bin/bash
# Runs inside `bin/vm --icount` (one vCPU, guest clock = instructions).
# What a syscall probe, a tracepoint and a user probe cost, with shadowtrace
# and with bpftrace's equivalent: per hit, in the traced process, and to a
# process that is not traced but makes the same calls. The workload,
# bench/progs/call-bench, makes N getppid() calls (the syscall and the
# raw_syscalls tracepoint), N kill() calls of itself with an ignored signal
# (the signal:signal_generate tracepoint, which shadowtrace enables in the
# traced process's shadow only; raw_syscalls it cannot) or N calls of its
# function bench_target() (the user probe), ROUNDS times, and prints the
# median ns per call. A tool is attached, and
# idle, before the workload starts; it then traces either the workload or
# an unrelated process (sleep). Every row checks what the tool counted.
#   providers.sh [N [ROUNDS]]
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
B=$root/.build/bench
N=${1:-100000}
ROUNDS=${2:-5}
T="$root/bin/shadowtrace"
export LC_ALL=C
. "$(dirname "$0")/tools.sh"

sleep 100000 &		# the unrelated process, traced while the workload is not
other=$!

# The workload, started waiting: its pid in $wpid, its output in /tmp/w.out.
start_workload() { # getppid|ucall|kill
	rm -f /tmp/w.fifo; mkfifo /tmp/w.fifo
	"$B/call-bench" "$1" "$N" "$ROUNDS" < /tmp/w.fifo > /tmp/w.out &
	wjob=$!
	exec 7> /tmp/w.fifo
	for _ in $(seq 100); do [ -s /tmp/w.out ] && break; sleep 0.1; done
	wpid=$(head -n 1 /tmp/w.out)
}
# Lets the workload run; sets ns to its result.
run_workload() {
	echo go >&7; exec 7>&-
	wait "$wjob"
	ns=$(sed -n 2p /tmp/w.out)
}
base() { # getppid|ucall: ns without any tool
	start_workload "$1"; run_workload; echo "$ns"
}
# One row: TOOL (st|bt) WORKLOAD (getppid|ucall) WHO (self|other) PROBE
# FILTERED-PREDICATE; sets ns and hits.
measure_tool() {
	local tool_name=$1 kind=$2 who=$3 probe=$4 pid
	start_workload "$kind"
	[ "$who" = self ] && pid=$wpid || pid=$other
	if [ "$tool_name" = st ]; then
		bg_tool /tmp/tool.out "$T" -v -p "$pid" -e "$probe { @n = count(); }"
		await /tmp/tool.out '^shadowtrace: tracing'
	else
		bg_tool /tmp/tool.out bpftrace -e "$probe /pid == $pid/ { @n = count(); }"
		await /tmp/tool.out '^Attaching'
	fi
	await_idle
	run_workload
	stop_tool TERM
	hits=$(hits_of /tmp/tool.out)
}
check_hits() { # LABEL MIN MAX
	[ "$hits" -ge "$2" ] && [ "$hits" -le "$3" ] ||
		{ cat /tmp/tool.out >&2; echo "FAIL: $1 counted $hits, expected $2 to $3" >&2; exit 1; }
}
# Where shadowtrace's -v said the probe's tracepoint was enabled: " (in the
# shadow only)" or " (for every task)"; nothing for the other providers.
where() { # PROBE
	local tp=${1#tracepoint:}
	[ "$tp" != "$1" ] || return 0
	if grep -q "tracepoint(s), .*: $tp in the shadow only" /tmp/tool.out; then echo " (in the shadow only)"
	elif grep -q "tracepoint(s), .*: $tp for every task" /tmp/tool.out; then echo " (for every task)"
	else echo " (-v did not say where $tp is enabled)"
	fi
}
calls=$((N * ROUNDS))
declare -A base_of=([getppid]=$(base getppid) [ucall]=$(base ucall) [kill]=$(base kill))
row() { # LABEL KIND
	awk -v l="$1" -v n="$ns" -v b="${base_of[$2]}" -v h="$hits" \
		'BEGIN { printf "| %s | %.1f | %+.1f | %s |\n", l, n, n - b, h }'
}

echo "| $calls calls of the workload (median round of $ROUNDS x $N, -icount, 1 vCPU) | ns/call | added per call | counted |"
echo "|---|---:|---:|---:|"
echo "| getppid(), no tool | ${base_of[getppid]} | 0 | - |"
echo "| bench_target(), no tool | ${base_of[ucall]} | 0 | - |"
echo "| kill() of itself, signal ignored, no tool | ${base_of[kill]} | 0 | - |"
ucall="uprobe:$B/call-bench:bench_target"
# PROVIDER-LABEL KIND SHADOWTRACE-PROBE BPFTRACE-PROBE
for spec in "syscall probe (getppid entry)|getppid|syscall::getppid:entry|tracepoint:syscalls:sys_enter_getppid" \
	    "tracepoint raw_syscalls:sys_enter|getppid|tracepoint:raw_syscalls:sys_enter|tracepoint:raw_syscalls:sys_enter" \
	    "tracepoint signal:signal_generate|kill|tracepoint:signal:signal_generate|tracepoint:signal:signal_generate" \
	    "user probe on bench_target|ucall|$ucall|$ucall"; do
	IFS='|' read -r label kind stp btp <<< "$spec"
	log "== $label"
	# raw_syscalls:sys_enter also counts the workload's few other syscalls.
	measure_tool st "$kind" self "$stp"; check_hits "shadowtrace, $label, traced" "$calls" $((calls + calls / 100)); row "$label: shadowtrace, this process traced$(where "$stp")" "$kind"
	measure_tool bt "$kind" self "$btp"; check_hits "bpftrace, $label, traced" "$calls" $((calls + calls / 100)); row "$label: bpftrace, filtered to this process" "$kind"
	measure_tool st "$kind" other "$stp"; check_hits "shadowtrace, $label, untraced" 0 0; row "$label: shadowtrace on another process; this one untraced$(where "$stp")" "$kind"
	measure_tool bt "$kind" other "$btp"; check_hits "bpftrace, $label, untraced" 0 0; row "$label: bpftrace filtered to another process; this one untraced" "$kind"
done
kill "$other"
