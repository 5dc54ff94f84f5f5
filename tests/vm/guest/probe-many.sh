#!/bin/bash
# Attaching is batched: 1000 probes attach to a process that is running, in
# one request (one stop of the machine), and detach the same way; then
# every traceable function of the kernel (fbt::*:entry) on one process
# while an unrelated one runs. Times are printed; the 1000-probe attach must
# take well under a second even under TCG.
#   probe-many.sh [CALLS]: the running process's getppid() calls, 30 million
#   by default, sized to outlast the attach and detach in a native guest
#   (bench/xen-all.sh passes fewer: a PV guest makes a few thousand a second).
. "$(dirname "$0")/lib.sh"
calls=${1:-30000000}
val() { sed -n "s/^$1=//p" "$2"; }
probe_residue > /tmp/residue
T=/sys/kernel/tracing
# Core-kernel traceable functions with one address (static duplicates would
# be ambiguous by name).
awk '($2 == "t" || $2 == "T") && NF == 3 {print $3}' /proc/kallsyms | sort | uniq -u > /tmp/unique
grep -v '\[' $T/available_filter_functions | sed 's/ .*//' | sort -u | comm -12 - /tmp/unique > /tmp/all
echo "traceable core functions: $(wc -l < /tmp/all)"
{ echo __x64_sys_getppid; grep -v '^__x64_sys_getppid$' /tmp/all | shuf -n 999 --random-source=/tmp/all; } > /tmp/1000

echo "-- 1000 probes, attached and detached while the process runs"
probe -b -L -D -F /tmp/1000 -- syscall-count "$calls" 0 > /tmp/m
grep -v '^refused' /tmp/m | tr '\n' ' '; echo
grep '^refused ' /tmp/m | awk '{print $3}' | sort | uniq -c
a=$(val attached /tmp/m)
[ "$a" -ge 990 ] || fail "only $a of 1000 probes attached"
[ "$(val attach_us /tmp/m)" -lt 1000000 ] || fail "attaching 1000 probes took $(val attach_us /tmp/m) us"
[ "$(val detach_us /tmp/m)" -lt 1000000 ] || fail "detaching 1000 probes took $(val detach_us /tmp/m) us"
[ "$(val process /tmp/m)" -gt 0 ] || fail "no probe ran while attached"
expect_eq "union runs" 0 "$(val union_hits /tmp/m)"

echo "-- fbt::*:entry on one process, another one unprobed"
syscall-count 20000 0 > /tmp/b &
probe -b -D -F /tmp/all -- syscall-count 2000 0 > /tmp/f
wait
grep -v '^refused' /tmp/f | tr '\n' ' '; echo
grep '^refused ' /tmp/f | awk '{print $3}' | sort | uniq -c
total=$(wc -l < /tmp/all) a=$(val attached /tmp/f)
[ $((a * 100)) -ge $((total * 95)) ] || fail "only $a of $total functions attached"
[ "$(val process /tmp/f)" -gt 2000 ] || fail "the probed process ran only $(val process /tmp/f) probes"
for c in hardirq softirq nmi kthread; do
	expect_eq "runs in $c context without union" 0 "$(val $c /tmp/f)"
done
expect_eq "unrelated process finished" "0/20000" "$(cat /tmp/b)"

# The module answers the kprobe blacklist from a sorted copy made at load
# (kmod/blacklist.c); the kernel answers when asked to register a kprobe.
# They must agree on every function the module refused with EACCES, every
# function the blacklist names (with its suffixed copies, foo.isra.0 is
# blacklisted with foo), and a sample of the others.
echo "-- the kprobe blacklist: the module's copy against the kernel"
awk '$1 == "refused" && $3 == "EACCES" {print $2}' /tmp/f | sort -u > /tmp/eacces
awk '{print $2}' /sys/kernel/debug/kprobes/blacklist | sort -u > /tmp/bl
sed 's/\..*//' /tmp/all | paste -d' ' /tmp/all - | awk 'NR == FNR { bl[$1] = 1; next } ($1 in bl) || ($2 in bl) {print $1}' /tmp/bl - > /tmp/named
{ cat /tmp/eacces /tmp/named; shuf -n 200 --random-source=/tmp/all /tmp/all; } | sort -u > /tmp/cand
i=0 disagree=0
while read -r f; do
	i=$((i + 1))
	if echo "p:shkbl/p$i $f" >> $T/kprobe_events 2>/dev/null; then kernel=accepts; else kernel=refuses; fi
	grep -qx "$f" /tmp/eacces && module=refuses || module=accepts
	if [ "$kernel" != "$module" ]; then
		echo "disagree: $f: kernel $kernel a kprobe, the module $module"
		disagree=$((disagree + 1))
	fi
done < /tmp/cand
echo > $T/kprobe_events
echo "compared $(wc -l < /tmp/cand) functions ($(wc -l < /tmp/eacces) refused by the module)"
[ "$(wc -l < /tmp/eacces)" -gt 0 ] || fail "the module refused no function as blacklisted"
expect_eq "functions on which the module's blacklist and the kernel's disagree" 0 "$disagree"
expect_module_empty
expect_no_residue /tmp/residue
