#!/bin/bash
# Runs inside `bin/vm --icount` (one vCPU, guest clock = instructions).
# The Shadow Kernels paper's experiment: memcached (1 worker thread) serving
# memcslap gets over loopback, while probes sit on the workload's hottest
# kernel functions, placed the way each tool places them. ops/s is the
# get phase's keys / seconds (memcslap), median of REPS runs.
#   paper.sh KPROBE_EMPTY_KO [REPS [GETS [SETS [ROWS [WARMUP]]]]]
#   SETS: how many hottest functions, "1 3"; "1f" is the hottest one that
#   BPF fentry can probe too (so that the kfunc rows are measured);
#   ROWS: which rows after row 1, "2 3a 3b 4 4c 5a 5b 5c 6" (4c is the
#   control of row 4: the tracer attached to the unrelated process with a
#   probe on a function that neither it nor memcached calls);
#   WARMUP: unmeasured runs before the profile and row 1 (20)
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
KO=$1
REPS=${2:-3}
GETS=${3:-10000}
SETS=${4:-1 3}
ROWS=${5:-2 3a 3b 4 4c 5a 5b 5c 6}
WARMUP=${6:-20}
T="$root/bin/shadowtrace"
TR=/sys/kernel/tracing
export LC_ALL=C

. "$(dirname "$0")/tools.sh"
# REPS figures -> "MEDIAN MIN MAX"
summary() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)], a[1], a[NR]}'; }

memcached -u root -t 1 -p 11211 -l 127.0.0.1 -U 0 -m 64 &
mc=$!
for _ in $(seq 100); do (exec 3<>/dev/tcp/127.0.0.1/11211) 2>/dev/null && break; sleep 0.1; done
sleep 100000 &		# a process unrelated to the workload: the "other" process that is traced
other=$!

# CPU time of PID's live threads, in ns (schedstat: exact, instructions
# under -icount).
cpu_ns() { cat /proc/"$1"/task/*/schedstat 2>/dev/null | awk '{ s += $1 } END { printf "%d\n", s }'; }
# The vCPU's idle and busy time so far, in USER_HZ ticks (/proc/stat).
idle_busy() { awk '$1 == "cpu" { print $5 + $6, $2 + $3 + $4 + $7 + $8 + $9; exit }' /proc/stat; }
load() { # GETS -> "OPS CPU IDLE": ops/s of the get phase, the workload's CPU
	# (memcached's threads and memcslap, its sets included) per get, in us,
	# and the share of the run the vCPU was idle, in percent
	local before out i0 b0 i1 b1
	read -r i0 b0 < <(idle_busy)
	before=$(cpu_ns "$mc")
	out=$(python3 -c 'import resource, subprocess, sys
r = subprocess.run(sys.argv[1:], stdout=subprocess.PIPE, text=True)
u = resource.getrusage(resource.RUSAGE_CHILDREN)
print(r.stdout, end="")
print("child_cpu_ns %d" % round((u.ru_utime + u.ru_stime) * 1e9))' \
		memcslap --servers=127.0.0.1:11211 --concurrency=1 --execute-number="$1" --test=get)
	read -r i1 b1 < <(idle_busy)
	echo "$out" | awk -v gets="$1" -v mc=$(($(cpu_ns "$mc") - before)) -v idle=$((i1 - i0)) -v busy=$((b1 - b0)) '
		/^Time to get/ { for (i = 1; i <= NF; i++) if ($i == "by") secs = $(i + 3); keys = $4 }
		/^child_cpu_ns/ { child = $2 }
		END { if (!keys || !secs || child == "") exit 1
		      printf "%.1f %.2f %.1f\n", keys / secs, (mc + child) / gets / 1000, 100 * idle / (idle + busy) }'
}
# Sets ops and cpu (the medians of REPS runs) and their spreads (ranges);
# each run's figures, in order, go to stderr.
measure() {
	local runs
	# (not tee /dev/stderr: opening it would truncate bin/vm's stderr file)
	runs=$(for _ in $(seq "$REPS"); do load "$GETS"; done)
	echo "$runs" >&2
	read -r ops lo hi < <(echo "$runs" | awk '{ print $1 }' | summary)
	spread="$lo-$hi"
	read -r cpu lo hi < <(echo "$runs" | awk '{ print $2 }' | summary)
	cpu_spread="$lo-$hi"
	read -r idle lo hi < <(echo "$runs" | awk '{ print $3 }' | summary)
}
# The tool's own CPU time (ms) over measure(), its live threads.
measure_tool() {
	local t0
	t0=$(cpu_ns $tool)
	measure
	tool_ms=$(awk -v a="$t0" -v b="$(cpu_ns $tool)" 'BEGIN { printf "%.0f", (b - a) / 1e6 }')
}

# memcached's counters (items, evictions, hash table size) for the log.
mc_stats() {
	local line
	exec 3<>/dev/tcp/127.0.0.1/11211
	printf 'stats\r\nquit\r\n' >&3
	while read -r line <&3; do
		case $line in STAT\ curr_items\ *|STAT\ evictions\ *|STAT\ hash_power_level\ *|STAT\ bytes\ *) printf '%s; ' "${line%$'\r'}" ;; esac
	done
	exec 3<&-
	echo
}
# A fresh memcached's gets/s steps down by about 3% once its 64 MB are
# full and it starts evicting (about 32000 items here, the 4th run; its CPU
# per get does not move: bench/README.md). WARMUP runs first, unmeasured,
# so that the profile and every row see that steady state.
log "== warm-up: $WARMUP runs of $GETS gets"
for _ in $(seq "$WARMUP"); do load "$GETS" >/dev/null; done
log "memcached after the warm-up: $(mc_stats)"

# The workload's hottest kernel functions, by calls: the function tracer
# over a short run, then each function's count.
log "== profiling memcached (function tracer, 200 gets)"
echo 32768 >$TR/buffer_size_kb
ls /proc/$mc/task >$TR/set_ftrace_pid	# memcached's threads: the workload the probes are meant for
echo function >$TR/current_tracer
load 200 >/dev/null
echo 0 >$TR/tracing_on		# (a change of tracer would empty the buffer)
awk '$NF ~ /^<-/ { c[$(NF-1)]++ } END { for (f in c) print c[f], f }' $TR/trace | sort -rn >/tmp/profile
echo nop >$TR/current_tracer
echo >$TR/set_ftrace_pid
echo 1 >$TR/tracing_on
echo 1408 >$TR/buffer_size_kb
echo "Hottest kernel functions of memcached serving memcslap gets (calls in 200 gets, ftrace function tracer):"
echo
echo "| calls | function |"
echo "|---:|---|"
head -n 10 /tmp/profile | awk '{ printf "| %s | `%s` |\n", $1, $2 }'
echo

# The hottest functions that kprobes and shadowtrace can probe: traceable
# by ftrace and not on the kprobe blacklist. BPF fentry (bpftrace kfunc:)
# cannot probe the functions its own trampoline calls: upstream refuses them
# since 6.2 (btf_id_deny in kernel/bpf/verifier.c), and 6.1 accepts
# kfunc:__rcu_read_unlock and hangs (seen in this guest); the kfunc rows of
# a set with one of them are left out and say why.
fentry_deny=" migrate_disable migrate_enable rcu_read_unlock_strict preempt_count_add preempt_count_sub __rcu_read_lock __rcu_read_unlock "
cut -d' ' -f1 $TR/available_filter_functions | sort -u >/tmp/traceable
awk '{print $2}' /sys/kernel/debug/kprobes/blacklist | sort -u >/tmp/blacklist
hot=() hotf=() skipped=()
while read -r _ fn; do
	grep -qx "$fn" /tmp/traceable || { skipped+=("$fn (not traceable)"); continue; }
	grep -qx "$fn" /tmp/blacklist && { skipped+=("$fn (kprobe blacklist)"); continue; }
	[ ${#hot[@]} -lt 3 ] && hot+=("$fn")
	case "$fentry_deny" in *" $fn "*) ;; *) [ ${#hotf[@]} -lt 3 ] && hotf+=("$fn") ;; esac
	[ ${#hot[@]} -ge 3 ] && [ ${#hotf[@]} -ge 3 ] && break
done </tmp/profile
[ ${#hot[@]} -ge 3 ] || { echo "FAIL: fewer than 3 probeable hot functions" >&2; exit 1; }
echo "Probed: the hottest probeable ones, in order: ${hot[*]}; of those fentry can probe too: ${hotf[*]}."
[ ${#skipped[@]} = 0 ] || echo "Passed over: $(IFS=,; echo "${skipped[*]}" | sed 's/,/, /g')."
echo


fentry_refuses() { # the first function of fns that fentry cannot probe, if any
	local f
	for f in "${fns[@]}"; do case "$fentry_deny" in *" $f "*) echo "$f"; return ;; esac; done
}
with_bpftrace() { # KIND PID
	local probes="" f
	for f in "${fns[@]}"; do probes+="${probes:+,}$1:$f"; done
	bg_tool /tmp/bt.out bpftrace -e "$probes /pid == $2/ { @n = count(); }"
	await /tmp/bt.out '^Attaching'
	await_idle
	measure_tool
	stop_tool INT
	hits=$(hits_of /tmp/bt.out)
}
with_shadowtrace() { # PID [-U | FUNCTION]: probes on fns, or on FUNCTION alone
	local probes="" f flag=${2:-}
	for f in "${fns[@]}"; do probes+="${probes:+,}fbt::$f:entry"; done
	case "$flag" in -*|"") ;; *) probes="fbt::$flag:entry" flag= ;; esac
	bg_tool /tmp/st.out "$T" -v $flag -p "$1" -e "$probes { @n = count(); }"
	await /tmp/st.out '^shadowtrace: tracing'	# (-v) probes attached, the process bound
	await_idle	# the JVM's compiler threads finish before the run
	measure_tool
	stop_tool TERM
	hits=$(hits_of /tmp/st.out)
	# (-v) hits in the traced process, and those skipped (interrupts, kernel threads)
	grep '^  clause ' /tmp/st.out >&2 || true
}
with_kprobes() {
	local list
	list=$(IFS=,; echo "${fns[*]}")
	insmod "$KO" syms="$list"
	measure
	tool_ms=-
	hits=$(cat /sys/module/kprobe_empty/parameters/hits)
	rmmod kprobe_empty
}

log "== no tracing"
measure
base=$ops base_spread=$spread base_cpu=$cpu base_cpu_spread=$cpu_spread base_idle=$idle
want() { case " $ROWS " in *" $1 "*) return 0 ;; esac; return 1; }
row() { # LABEL
	awk -v l="$1" -v o="$ops" -v b="$base" -v c="$cpu" -v bc="$base_cpu" -v h="$hits" -v t="$tool_ms" \
		-v s="$spread" -v cs="$cpu_spread" -v i="$idle" \
		'BEGIN { printf "| %s | %.1f | %+.2f%% | %.2f | %+.2f%% | %s | %s | %s | %s | %s%% |\n",
		         l, o, (o - b) / b * 100, c, (c - bc) / bc * 100, h, t, s, cs, i }'
}
kfunc_row() { # PID LABEL
	local denied
	denied=$(fentry_refuses)
	if [ -n "$denied" ]; then
		echo "| $2 | n/a | fentry cannot probe $denied | - | - | - | - | - | - | - |"
	else
		with_bpftrace kfunc "$1"; row "$2"
	fi
}
# The control of row 4: a function that neither the sleeping unrelated
# process nor memcached serving gets calls (its hits column should say 0).
idle_fn=vfs_fsync
for n in $SETS; do
	case $n in
	*f) n=${n%f}; fns=("${hotf[@]:0:$n}"); echo "### Probes on the $n hottest function(s) that fentry can probe: ${fns[*]}" ;;
	*) fns=("${hot[@]:0:$n}"); echo "### Probes on the $n hottest function(s): ${fns[*]}" ;;
	esac
	echo
	echo "| setup | gets/s (median of $REPS x $GETS) | vs. no tracing | workload CPU per get (us, median) | vs. no tracing | probe hits | tracer CPU in the runs (ms) | runs' range (gets/s) | runs' range (CPU us/get) | vCPU idle in the runs (median) |"
	echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
	echo "| 1. nothing traced | $base | 0 | $base_cpu | 0 | - | - | $base_spread | $base_cpu_spread | $base_idle% |"
	want 2 && { log "== $n: kprobes, empty handler"; with_kprobes; row "2. global kprobes, empty handler (every process pays)"; }
	want 3a && { log "== $n: bpftrace kprobe, other"; with_bpftrace kprobe "$other"; row "3a. bpftrace kprobe:, filtered to an unrelated pid"; }
	want 3b && { log "== $n: bpftrace kfunc, other"; kfunc_row "$other" "3b. bpftrace kfunc: (fentry), filtered to an unrelated pid"; }
	want 4 && { log "== $n: shadowtrace, other"; with_shadowtrace "$other"; row "4. shadowtrace -p on an unrelated process"; }
	want 4c && { log "== $n: shadowtrace, other, $idle_fn"; with_shadowtrace "$other" "$idle_fn"
		row "4c. control of 4: the same tracer and process, the probe on $idle_fn (called by neither)"; }
	want 5a && { log "== $n: shadowtrace, memcached"; with_shadowtrace "$mc"; row "5a. shadowtrace -p memcached (tracing what you care about)"; }
	want 5b && { log "== $n: bpftrace kprobe, memcached"; with_bpftrace kprobe "$mc"; row "5b. bpftrace kprobe:, filtered to memcached"; }
	want 5c && { log "== $n: bpftrace kfunc, memcached"; kfunc_row "$mc" "5c. bpftrace kfunc:, filtered to memcached"; }
	want 6 && { log "== $n: shadowtrace -U, other"; with_shadowtrace "$other" -U; row "6. shadowtrace -U (union fallback) on an unrelated process"; }
	# The baseline again, after the set: how far the untraced figure drifts
	# over the run (the rows are compared with row 1).
	log "== $n: no tracing, again"; measure; hits=- tool_ms=-; row "1'. nothing traced, again after these rows"
	echo
done
log "memcached at the end: $(mc_stats)"
kill $other $mc 2>/dev/null || true
