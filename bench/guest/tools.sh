# Shared by the guest halves of bench/paper.sh and bench/providers.sh: a
# tracing tool (bpftrace or shadowtrace) run in the background while a
# workload is measured, and what it counted.
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
log() { echo "$*" >&2; }
# bpftrace / shadowtrace in the background; waits until the probes are
# attached and the tool is idle, measures, stops it with a signal.
bg_tool() { # OUT CMD... (the tool's stdout+stderr into OUT)
	local out=$1; shift
	"$@" >"$out" 2>&1 &
	tool=$!
}
await() { # OUT PATTERN
	for _ in $(seq 1200); do
		grep -q "$2" "$1" && return 0
		kill -0 $tool 2>/dev/null || { cat "$1" >&2; echo "FAIL: the tool exited before attaching" >&2; exit 1; }
		sleep 0.5
	done
	cat "$1" >&2; echo "FAIL: no '$2' from the tool" >&2; exit 1
}
# The tool's CPU time (all its threads), in clock ticks.
cpu_ticks() { awk '{ print $14 + $15 }' /proc/$tool/stat; }
# Waits until the tool uses under 1% of the CPU (at most one tick in 2 s;
# gives up after 300 s): a JVM still compiling or loading classes on the
# one vCPU would take time from the workload's run and count as the probe's.
await_idle() {
	local before after
	before=$(cpu_ticks)
	for _ in $(seq 150); do
		sleep 2
		after=$(cpu_ticks)
		[ $((after - before)) -le 1 ] && return 0
		before=$after
	done
	echo "FAIL: the tool kept using the CPU for 300 s" >&2; exit 1
}
# A background job of this (non-interactive) shell starts with SIGINT
# ignored, and a JVM keeps an ignored SIGINT ignored: shadowtrace before it
# undid that itself never saw the SIGINT (what stopped the shadowtrace rows
# of the first runs: the harness waited forever). bpftrace installs its
# handler regardless. shadowtrace ends on SIGTERM the same way (tracing
# stops, the aggregations are printed), whatever the build. A tool still
# running 300 s after the signal fails the run.
stop_tool() { # SIGNAL
	kill -"$1" $tool
	for _ in $(seq 600); do kill -0 $tool 2>/dev/null || break; sleep 0.5; done
	kill -0 $tool 2>/dev/null && { echo "FAIL: the tool did not end 300 s after SIG$1" >&2; exit 1; }
	wait $tool || true
}
hits_of() { # OUT: the count printed for @n, or 0
	local n
	n=$(sed -n 's/^@n: \([0-9]*\)$/\1/p; s/^ *\([0-9][0-9]*\)$/\1/p' "$1" | tail -n 1)
	echo "${n:-0}"
}
