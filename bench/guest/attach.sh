#!/bin/bash
# Runs inside `bin/vm --icount` (one vCPU, guest clock = instructions).
# Attaching at scale through the CLI: shadowtrace -p and bpftrace 0.17,
# each with one counting program on the entry of 1, 100, 1000 and every
# traceable kernel function. For each: the time from the tool's start to
# its probes armed (shadowtrace: "tracing pid N", printed once the probes
# are in the shadow and the process is bound; bpftrace: the first hit of a
# probe it attaches after the kprobes), and from SIGINT to its exit
# (detach, the final output, teardown). Then the whole command
# `shadowtrace -c 'read-count 10'` with 1 and with every function probed.
# A tool not armed ARM_TIMEOUT guest seconds after its start, or not ended
# STOP_TIMEOUT seconds after the SIGINT, is killed and its row says so.
#   attach.sh [REPS ["SIZES" [NOFILE ["TOOLS"]]]]   (SIZES: of "1 100 1000 all", the default;
#        NOFILE: bpftrace's ulimit -n in every row, "" for the default;
#        TOOLS: "st bt" (the default), "st" for the shadowtrace rows alone)
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
REPS=${1:-1}
SIZES=${2:-1 100 1000 all}
NOFILE=${3:-}
TOOLS=${4:-st bt}
ARM_TIMEOUT=${ARM_TIMEOUT:-600}
STOP_TIMEOUT=${STOP_TIMEOUT:-600}
T="$root/bin/shadowtrace"
TIME="$root/bench/guest/attach-time.py"
export LC_ALL=C PATH="$root/.build/progs:$PATH"
. "$(dirname "$0")/tools.sh"
mountpoint -q /sys/kernel/debug || mount -t debugfs none /sys/kernel/debug
# What bpftrace needs for more than 512 probes (it says so and stops).
export BPFTRACE_MAX_PROBES=1000000
# bpftrace 0.17 here (no kprobe_multi in this kernel's build) holds two
# descriptors per listed kprobe, a bpf-prog and a perf_event, and 10 of its
# own (2010 for 1000 kprobes and the tracepoint, measured; one perf_event
# per kprobe and one program for kprobe:*): past ~500 functions it needs
# more than the default 1024. Each bpftrace row raises the limit only as
# far as that. NOFILE sets it for every row instead: a bpftrace that did
# not end was once blamed on `ulimit -n 1048576`, which the first runs set
# for every row (bench/README.md, "Attaching at scale, through the CLI",
# has the measurement that cleared it).
fd_limit() { # KPROBES
	[ -n "$NOFILE" ] && { echo "$NOFILE"; return; }
	local need=$((2 * ($1 + 1) + 64))
	[ "$need" -gt 1024 ] && echo "$need" || echo 1024
}

# Candidates: core-kernel traceable functions with one address (a name
# both tools resolve the same way), not on the kprobe blacklist (bpftrace
# fails on those), that the module accepts (probe -b: best effort,
# "refused NAME ERRNO" for the others).
awk '($2 == "t" || $2 == "T") && NF == 3 {print $3}' /proc/kallsyms | sort | uniq -u > /tmp/unique
awk '{print $2}' /sys/kernel/debug/kprobes/blacklist | sort -u > /tmp/black
grep -v '\[' /sys/kernel/tracing/available_filter_functions | sed 's/ .*//' | sort -u \
	| comm -12 - /tmp/unique | comm -23 - /tmp/black > /tmp/cand
probe -b -F /tmp/cand -- true > /tmp/check
awk '$1 == "refused" {print $2}' /tmp/check | sort -u > /tmp/refused
comm -23 /tmp/cand /tmp/refused > /tmp/ok
log "candidates: $(wc -l < /tmp/cand), refused by the module: $(wc -l < /tmp/refused), kept: $(wc -l < /tmp/ok)"
# Fixed samples (the same in every run): vfs_read first, then the rest.
for n in 1 100 1000; do
	{ echo vfs_read; grep -vx vfs_read /tmp/ok | shuf -n $((n - 1)) --random-source=/tmp/ok; } > /tmp/f$n
done

sleep 100000 &
target=$!
# bpftrace runs with -B none: into a pipe its output is otherwise held back
# until it exits. Its BEGIN clause (a uprobe on bpftrace's own file, which
# here is on 9p under an overlay) was never reached in 16 minutes in this
# guest, so its armed line comes from a tracepoint attached after the
# kprobes instead: attach-time.py --poke calls getppid() until it fires.
# Scripts: the functions' entries, one clause counting. bpftrace's probes
# are global: filtered to the traced pid, as users scope them today.
script() { # TOOL N
	local f
	if [ "$2" = all ]; then
		[ "$1" = st ] && echo 'fbt::*:entry' || echo 'kprobe:*'
	elif [ "$1" = st ]; then
		sed 's/^/fbt::/; s/$/:entry,/' /tmp/f$2 | sed '$ s/,$//'
	else
		sed 's/^/kprobe:/; s/$/,/' /tmp/f$2 | sed '$ s/,$//'
	fi
	if [ "$1" = st ]; then
		echo '{ @n = count(); }'
	else
		echo "/pid == $target/ { @n = count(); }"
		# Attached last: its first hit (the timer pokes getppid()) says
		# every probe is armed.
		echo 'tracepoint:syscalls:sys_enter_getppid /@armed == 0/ { @armed = 1; printf("armed\n"); }'
	fi
}
# The median of an array of figures, by name.
med() { local -n a=$1; printf '%s\n' "${a[@]}" | median; }
# One row: TOOL N; prints "| tool | N | probes | armed s (CPU s) | stop s
# (CPU s) | ATTACH | descriptors at armed (limit) |".
row() {
	local tool=$1 n=$2 armed=() stop=() acpu=() scpu=() r a s st ac sc fds probes limit cmd
	script "$tool" "$n" > /tmp/script.$tool
	if [ "$tool" = st ]; then
		limit=$(ulimit -n)
		cmd=(/tmp/run.out '^shadowtrace: tracing pid' -- "$T" -v -p "$target" /tmp/script.st)
	else
		# kprobe:* takes at most every traceable function.
		limit=$(fd_limit "$([ "$n" = all ] && wc -l < /sys/kernel/tracing/available_filter_functions || echo "$n")")
		cmd=(--poke /tmp/run.out '^armed$' -- bpftrace -B none /tmp/script.bt)
	fi
	for r in $(seq "$REPS"); do
		log "$tool, $n functions, run $r: ulimit -n $limit, $(date -u +%T)"
		read -r a s st ac sc fds < <(ulimit -n "$limit"
			"$TIME" --arm-timeout "$ARM_TIMEOUT" --stop-timeout "$STOP_TIMEOUT" "${cmd[@]}")
		cp /tmp/run.out "/tmp/last.$tool.$n"
		# Descriptors by kind, CPU split into user and system, a kill.
		grep '^attach-time' /tmp/run.out | sed 's/^/  /' >&2
		if [ "$st" != 0 ]; then
			sed 's/^/  | /' /tmp/run.out | tail -n 40 >&2
			[ "$tool" = st ] && { echo "FAIL: shadowtrace, $n functions: armed $a, status $st" >&2; exit 1; }
			# bpftrace failing or not ending is a result: the row says
			# what happened, where it was stopped and its last line.
			case $st in
			noarm) printf '| bpftrace `kprobe:` | %s | none: %s kprobes attached (%s skipped) when killed | killed at %s s (%s CPU s), not armed | | | %s (%s) |\n' \
				"$n" "$(sed -n 's/^attach-time:   descriptors open: .* perf_event \([0-9]*\).*/\1/p' /tmp/run.out | grep . || echo 0)" \
				"$(grep -c 'could not attach probe' /tmp/run.out)" "$a" "$ac" \
				"$(sed -n 's/^attach-time:   descriptors open: \([0-9]*\): .*/\1/p' /tmp/run.out)" "$limit"
				log "bpftrace's first line: $(head -n 1 /tmp/run.out); its last: $(grep -v '^attach-time' /tmp/run.out | grep . | tail -n 1)" ;;
			noexit) printf '| bpftrace `kprobe:` | %s | %s | %s (%s) | not ended %s s after SIGINT: killed | | %s (%s) |\n' \
				"$n" "$(bt_probes)" "$a" "$ac" "$STOP_TIMEOUT" "$fds" "$limit" ;;
			*) printf '| bpftrace `kprobe:` | %s | failed (status %s): %s | | | | (%s) |\n' "$n" "$st" \
				"$(grep -m1 -iE 'error|fail|could not' /tmp/run.out | tr '|' '/' | cut -c1-100)" "$limit" ;;
			esac
			return
		fi
		armed+=("$a") stop+=("$s") acpu+=("$ac") scpu+=("$sc")
	done
	if [ "$tool" = st ]; then
		probes=$(sed -n 's/^shadowtrace: attached \([0-9]*\) probe.*/\1/p' /tmp/run.out)
		kernel_ms=$(sed -n 's/^shadowtrace: attached .* in \([0-9.]*\) ms$/\1/p' /tmp/run.out)
		printf '| shadowtrace `-p` | %s | %s | %s (%s) | %s (%s) | %s ms | %s (%s) |\n' "$n" "$probes" "$(med armed)" \
			"$(med acpu)" "$(med stop)" "$(med scpu)" "$kernel_ms" "$fds" "$limit"
	else
		printf '| bpftrace `kprobe:` | %s | %s | %s (%s) | %s (%s) | | %s (%s) |\n' "$n" "$(bt_probes)" "$(med armed)" \
			"$(med acpu)" "$(med stop)" "$(med scpu)" "$fds" "$limit"
	fi
}
# The kprobes bpftrace attached in the last run: its "Attaching N probes"
# less the tracepoint.
bt_probes() { echo $(($(sed -n 's/^Attaching \([0-9]*\) probe.*/\1/p' /tmp/run.out) - 1)); }
# The whole command, as the issue measured it: seconds from start to exit
# (and the tracer's CPU seconds).
whole() { # N (1 or all)
	local p e st c
	[ "$1" = 1 ] && p=fbt::vfs_read:entry || p='fbt::*:entry'
	read -r e st c < <("$TIME" /tmp/whole.out -- "$T" -c 'read-count 10' -e "$p { @n = count(); }")
	[ "$st" = 0 ] || { cat /tmp/whole.out >&2; echo "FAIL: -c with $p: status $st" >&2; exit 1; }
	grep -qE '^ *[1-9][0-9]*$' /tmp/whole.out \
		|| { cat /tmp/whole.out >&2; echo "FAIL: -c with $p counted nothing" >&2; exit 1; }
	printf '| `shadowtrace -c '"'"'read-count 10'"'"' -e '"'"'%s { @n = count(); }'"'"'` | %s | %s | %s |\n' \
		"$p" "$e" "$c" "$(grep -E '^ *[0-9]+$' /tmp/whole.out | tr -d ' ')"
}

echo "Kernel $(uname -r), $(date -u +%Y-%m-%d), bin/vm --icount (1 vCPU), $REPS run(s) per figure (median)"
echo
# The first tracer of a boot also reads the kernel's symbol tables whole
# and writes their cache (/run/shadowtrace/kernel-symbols): one unreported
# run first, so that both rows start with the cache, as every later
# command does.
whole 1 >/dev/null
echo '| whole command (the tracer'"'"'s kernel symbol cache filled by an earlier run) | seconds | CPU seconds | @n |'
echo '|---|---:|---:|---:|'
whole 1
whole all
echo
echo '| tool | functions | probes armed | start to armed: s (CPU s) | SIGINT to exit: s (CPU s) | ATTACH request | descriptors at armed (ulimit -n) |'
echo '|---|---:|---:|---:|---:|---:|---:|'
for t in $TOOLS; do
	for n in $SIZES; do
		row "$t" $n
	done
done
kill $target
