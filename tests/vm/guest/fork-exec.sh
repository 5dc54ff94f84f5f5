#!/bin/bash
# Fork and exec policy. By default a shadow follows fork and exec: a shell
# bound to it forks and execs children that are bound too. With
# --no-fork-inherit (-F) the children start unshadowed; with --exec-reset
# (-E) the program exec'd by the bound process runs unshadowed.
. "$(dirname "$0")/lib.sh"
N=20000
spec=$(ret_patch 42)
# sh forks (the command is not its last) and the child execs syscall-count.
out=$(shk run -p "$spec" -- sh -c "syscall-count $N 42; true")
expect_eq "fork+exec child, default policy" "$N/$N" "$out"
out=$(shk run -F -p "$spec" -- sh -c "syscall-count $N 42; true")
expect_eq "fork+exec child, no fork inherit" "0/$N" "$out"
out=$(shk run -E -p "$spec" -- syscall-count $N 42)
expect_eq "exec'd program, exec reset" "0/$N" "$out"
# vfork+exec (posix_spawn shares the parent's mm until exec) keeps it too.
out=$(shk run -p "$spec" -- python3 -c "
import os, subprocess
print(subprocess.run(['$P/syscall-count', '$N', '42'], capture_output=True, text=True).stdout.strip())")
expect_eq "posix_spawn child, default policy" "$N/$N" "$out"
echo "fork, no-fork-inherit, exec-reset, posix_spawn: as specified"

# The rebind after an exec (and the BIND of a single-threaded process by
# itself) changes a view that no other CPU runs: it is made on that CPU
# alone, without stop_machine. Counted with a kprobe event on
# stop_machine_cpuslocked; attaching a probe to a running bound process is
# a live commit and still stops the machine (the count's control). The
# shell and its children stay on CPU 0: the patch is "mov eax, 42; ret",
# two instructions, and the old mm an exec tears down goes through the
# commit when another CPU may still hold it lazily (lazy.h; hardening.sh
# counts that one).
T=/sys/kernel/tracing
echo 'p:shk_stm stop_machine_cpuslocked' > $T/kprobe_events
echo 1 > $T/events/kprobes/shk_stm/enable
stm() { grep -c 'shk_stm:' $T/trace || true; }
echo > $T/trace
out=$(taskset -c 0 shk run -p "$spec" -- sh -c 'i=0; while [ $i -lt 20 ]; do syscall-count 10 42 > /dev/null; i=$((i + 1)); done; syscall-count 100 42')
expect_eq "the 21st exec'd child of a bound shell" "100/100" "$out"
expect_eq "stop_machine calls while a bound shell execs 21 children" 0 "$(stm)"
spin 600000 > /dev/null & sp=$!
echo | probe -L -P "$sp" -f __x64_sys_getppid > /dev/null
kill "$sp"; wait "$sp" 2>/dev/null || true
n=$(stm)
[ "$n" -ge 1 ] || fail "no stop_machine call counted for a live ATTACH: the count does not work"
echo "stop_machine calls: 0 for 21 exec rebinds, $n for a live attach and its unbind"
# A process that unmaps its own token undoes its binding. Alone, it does so
# on its CPU; with other threads running, which may be inside a patch of
# several instructions, through the commit, as UNBIND does (bind.c).
echo > $T/trace
expect_eq "processes bound after a single-threaded self-unmap" "bound_mms=0" "$(shk selfunmap 0)"
expect_eq "stop_machine calls for a single-threaded self-unmap" 0 "$(stm)"
expect_eq "processes bound after a self-unmap with two other threads" "bound_mms=0" "$(shk selfunmap 2)"
expect_eq "stop_machine calls for a self-unmap with other threads running" 1 "$(stm)"
echo 0 > $T/events/kprobes/shk_stm/enable
echo > $T/kprobe_events
expect_module_empty
