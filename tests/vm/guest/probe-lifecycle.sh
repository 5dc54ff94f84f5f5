#!/bin/bash
# Probes and the rest of the kernel:
#  - the tracer killed while its probes run: it bound the process, so its
#    death undoes the binding; the shadow and its probes go at once, and the
#    process runs on, unbound;
#  - the traced process itself enables ftrace on the function it is probed
#    on (a kprobe event through tracefs): ftrace checks the site through the
#    traced view, which must look pristine to it (no "ftrace bug"), and the
#    kprobe sees the traced process's calls too, through the chained call;
#  - offset probes: the tracer killed while every instruction of the
#    getppid() path is probed; a kprobe put on, and taken off, the very
#    instruction an offset probe holds, while the traced process runs
#    through it: the kprobe takes that trap while it exists (kprobes see
#    the int3 first), results stay right, the offset probe fires again after.
. "$(dirname "$0")/lib.sh"
val() { sed -n "s/^$1=//p" "$2"; }
probe_residue > /tmp/residue

# Killed several times, at varying points of the traced process's loop and
# with a CPU hog competing (the teardown then races return probes in
# flight: the rethook trampoline, the unbind commit, the union hook's
# removal from the very site the process hammers).
echo "-- kill the tracer (x${KILLS:=3})"
# The traced command makes more calls than it can finish in a round, so it
# is still running when the checks after its tracer's death look at it
# (3000000 once ran out first); each round kills it at its end.
spin 60000 > /dev/null & hog=$!
for k in $(seq "$KILLS"); do
	probe -H -u -k return -f __x64_sys_getppid -f vfs_read -- syscall-count 300000000 0 > /tmp/k &
	tracer=$!
	for i in $(seq 100); do grep -q ready /tmp/k && break; sleep 0.1; done
	grep -q ready /tmp/k || fail "the tracer did not start"
	sleep "0.$((k % 4))"
	traced=$(pgrep -P $tracer | head -1)
	kill -9 $tracer
	wait $tracer 2>/dev/null || true
	expect_eq "shadows once the tracer is dead, the traced process running" 0 "$(stat_of shadows)"
	kill -0 "$traced" || fail "the traced process did not survive its tracer"
	grep -q 'anon_inode:\[shadowk\]' /proc/$traced/maps && fail "the traced process is still bound"
	# It goes on making system calls, unbound (not stuck in the kernel).
	a=$(cut -d" " -f14 /proc/$traced/stat); sleep 1; b=$(cut -d' ' -f14 /proc/$traced/stat)
	[ "$a" != "$b" ] || fail "the traced process makes no progress in user mode after its tracer died"
	expect_module_empty
	kill -9 "$traced" 2>/dev/null || true
done
kill "$hog" 2>/dev/null || true
expect_no_residue /tmp/residue

echo "-- ftrace enabled on a probed function from inside the traced process"
T=/sys/kernel/tracing
N=20000
probe -f __x64_sys_getppid -- sh -c "
	echo 'p:shkt __x64_sys_getppid' >> $T/kprobe_events
	echo 1 > $T/events/kprobes/shkt/enable
	syscall-count $N 0
	echo 0 > $T/events/kprobes/shkt/enable
	echo -:shkt >> $T/kprobe_events" > /tmp/f
cat /tmp/f | tr '\n' ' '; echo
[ "$(val process /tmp/f)" -ge "$N" ] || fail "the probe ran $(val process /tmp/f) times for $N calls"
dmesg | grep -q "ftrace bug\|ftrace failed" && fail "ftrace saw the shadow's site"
expect_module_empty
echo "-- a kprobe event sees the traced process's calls (chained)"
echo 'p:shkt __x64_sys_getppid' >> $T/kprobe_events
echo 1 > $T/events/kprobes/shkt/enable
probe -f __x64_sys_getppid -- syscall-count "$N" 0 > /tmp/c
echo 0 > $T/events/kprobes/shkt/enable
hits=$(awk '$1 == "shkt" {print $2}' $T/kprobe_profile)
echo 0 > $T/events/kprobes/shkt/enable
echo -:shkt >> $T/kprobe_events
expect_eq "our probe" "$N" "$(val process /tmp/c)"
[ "$hits" -ge "$N" ] || fail "the kprobe saw $hits of the traced process's $N calls"
expect_module_empty
expect_no_residue /tmp/residue

echo "-- offset probes: kill the tracer"
offset-sites __x64_sys_getppid __task_pid_nr_ns > /tmp/g.specs
probe -H -b -k offset -F /tmp/g.specs -- syscall-count 300000000 0 > /tmp/ko &
tracer=$!
for i in $(seq 100); do grep -q ready /tmp/ko && break; sleep 0.1; done
grep -q ready /tmp/ko || fail "the tracer did not start"
traced=$(pgrep -n syscall-count)
sleep 0.3
kill -9 $tracer
wait $tracer 2>/dev/null || true
expect_eq "shadows once the tracer is dead, the traced process running" 0 "$(stat_of shadows)"
kill -0 "$traced" || fail "the traced process did not survive its tracer"
expect_module_empty
kill -9 "$traced" 2>/dev/null || true

echo "-- a kprobe on the instruction an offset probe holds"
fn=0x$(shk addr __task_pid_nr_ns)
off=5
[ "$(view-bytes "$fn" 4)" = f30f1efa ] && off=9	# IBT: endbr64, then the ftrace site
mkfifo /tmp/go
probe -k offset -f "__task_pid_nr_ns+$off" -- sh -c "exec syscall-count -P 3 -t 2 20000 \$PPID" < /tmp/go > /tmp/kp &
exec 3>/tmp/go
sleep 1
echo >&3	# phase 1: the offset probe alone
sleep 2
echo "p:shko __task_pid_nr_ns+$off" >> $T/kprobe_events
echo 1 > $T/events/kprobes/shko/enable
echo >&3	# phase 2: with the kprobe on the same instruction
sleep 3
echo 0 > $T/events/kprobes/shko/enable
khits=$(awk '$1 == "shko" {print $2}' $T/kprobe_profile)
echo -:shko >> $T/kprobe_events
echo >&3	# phase 3: the kprobe gone
exec 3>&-
wait
rm /tmp/go
cat /tmp/kp | tr '\n' ' '; echo
grep -E '^[0-9]+/[0-9]+$' /tmp/kp > /tmp/kp.phases
expect_eq "phases" 3 "$(wc -l < /tmp/kp.phases)"
while read -r ph; do
	expect_eq "getppid() results in each phase" "${ph#*/}" "${ph%/*}"
done < /tmp/kp.phases
[ "$khits" -gt 0 ] || fail "the kprobe never fired on the traced process"
[ "$(val process /tmp/kp)" -ge 80000 ] || fail "the offset probe ran only $(val process /tmp/kp) times in phases 1 and 3"
dmesg | grep -q "ftrace bug\|ftrace failed" && fail "ftrace saw the shadow's site"
expect_module_empty
expect_no_residue /tmp/residue

echo "-- an optimized kprobe: no offset probe over its jump"
# The kprobe optimizer replaces the instructions under a kprobe by a 5-byte
# jmp to a detour buffer: not an int3, so only kprobes' own records say
# what those bytes are. An offset probe there would copy or emulate that
# jmp (into a buffer freed with the kprobe); one inside it would split it.
echo 1 > /proc/sys/debug/kprobes-optimization
echo "p:shkopt __task_pid_nr_ns+$off" >> $T/kprobe_events
echo 1 > $T/events/kprobes/shkopt/enable
at=$(printf '__task_pid_nr_ns+0x%x' "$off")
for i in $(seq 100); do grep -q "$at .*OPTIMIZED" /sys/kernel/debug/kprobes/list && break; sleep 0.1; done
grep "$at" /sys/kernel/debug/kprobes/list
grep -q "$at .*OPTIMIZED" /sys/kernel/debug/kprobes/list || fail "the kprobe at $at was not optimized"
probe -b -k offset -f "__task_pid_nr_ns+$off" -f "__task_pid_nr_ns+$((off + 1))" -- true > /tmp/op || true
cat /tmp/op | tr '\n' ' '; echo
grep -q "^refused __task_pid_nr_ns+$off EBUSY" /tmp/op || fail "an offset probe on the optimized kprobe's instruction was not refused with EBUSY"
grep -q "^refused __task_pid_nr_ns+$((off + 1)) EBUSY" /tmp/op || fail "an offset probe inside the optimized kprobe's jump was not refused with EBUSY"
dmesg | grep -q "covers the jump of an optimized kprobe" || fail "no dmesg line for the optimized kprobe"
echo 0 > $T/events/kprobes/shkopt/enable
echo -:shkopt >> $T/kprobe_events
expect_eq "the same offset probe once the kprobe is gone" 1 "$(probe -k offset -f "__task_pid_nr_ns+$off" -- true | sed -n 's/^attached=//p')"
expect_module_empty
expect_no_residue /tmp/residue
