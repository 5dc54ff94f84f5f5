#!/bin/bash
# The interactive shell (shadowtrace without a script) driven through a
# pseudo-terminal (progs/shell-pty.py): clauses attached and removed live on a
# running process, Tab completion, watch (of a count and of hdr() percentiles),
# a bare run of the -c command, Emacs keys and Ctrl-R, Ctrl-C, Ctrl-D; and whatever way the
# shell ends (quit, Ctrl-D, SIGTERM, SIGKILL), the module holds nothing after.
. "$(dirname "$0")/lib.sh"
cd "$root"
probe_residue >/tmp/residue.before
rm -f ~/.shadowtrace_history
# A process that calls getppid() about 100 times a second, until killed.
python3 -c 'import os, time
while True:
    os.getppid()
    time.sleep(0.01)' &
target=$!
bound() { grep -q 'anon_inode:\[shadowk\]' /proc/$target/maps; }

echo "== quit, on a running process"
shell-pty main $target
bound && fail "the process is still bound after quit"
expect_module_empty
grep -q '@n = count()' ~/.shadowtrace_history || fail "the clause is not in ~/.shadowtrace_history"

echo "== Ctrl-D, after run (-c), watch of hdr(), Ctrl-A, Ctrl-R, \$target, attach and detach"
shell-pty ctrl-d $target
bound && fail "the process is still bound after detach"
expect_module_empty

echo "== SIGTERM, on a cgroup (--cgroup): its process, one moved in; END runs"
mkdir /sys/fs/cgroup/shk-shell
echo $target >/sys/fs/cgroup/shk-shell/cgroup.procs
shell-pty term shk-shell $target
bound && fail "the process is still bound after SIGTERM"
expect_module_empty
echo $target >/sys/fs/cgroup/cgroup.procs
rmdir /sys/fs/cgroup/shk-shell

echo "== SIGKILL, no process attached"
shell-pty kill
expect_module_empty

# The module undoes the bindings of a tracer that is gone (its last
# descriptor of the shadow closed as it died): nothing is left, and the
# process runs on, unbound.
echo "== SIGKILL, on two running processes (-p A,B -U -v --json)"
sleep 1000 &
other=$!
shell-pty kill $target $other
bound && fail "the process is still bound after the shell was killed"
grep -q 'anon_inode:\[shadowk\]' /proc/$other/maps && fail "the second process is still bound after the kill"
kill -0 $target || fail "the traced process did not survive the killed shell"
expect_module_empty
kill $other; wait $other 2>/dev/null || true

echo "== shadowtrace -p PID killed with SIGKILL"
mkfifo /tmp/phases
syscall-count -P 2 20000 "$$" < /tmp/phases > /tmp/phases.out &
counter=$!
exec 5>/tmp/phases
bin/shadowtrace -v -p $counter -e 'fbt::__x64_sys_getppid:entry { @ = count(); }' >/tmp/k.out 2>/tmp/k.err &
tracer=$!
for _ in $(seq 600); do grep -q "^shadowtrace: tracing pid $counter\$" /tmp/k.err && break; sleep 0.2; done
grep -q 'anon_inode:\[shadowk\]' /proc/$counter/maps || { cat /tmp/k.err; fail "-p: pid $counter is not bound"; }
echo >&5	# phase 1: counted while traced
for _ in $(seq 600); do [ "$(wc -l < /tmp/phases.out)" -ge 1 ] && break; sleep 0.2; done
kill -9 $tracer
wait $tracer 2>/dev/null || true
expect_eq "shadows after the tracer was killed" 0 "$(stat_of shadows)"
expect_eq "bound address spaces after the tracer was killed" 0 "$(stat_of bound_mms)"
if [ -d /sys/kernel/debug/shadowk ]; then
	expect_eq "debugfs: shadows after the kill" "shadows=0" "$(head -1 /sys/kernel/debug/shadowk/shadows | cut -d' ' -f1)"
fi
grep -q 'anon_inode:\[shadowk\]' /proc/$counter/maps && fail "pid $counter is still bound after the tracer was killed"
echo >&5	# phase 2: after the kill
exec 5>&-
wait $counter
cat /tmp/phases.out | tr '\n' ' '; echo
expect_eq "getppid() while traced and after the kill" "20000/20000 20000/20000" "$(grep / /tmp/phases.out | tr '\n' ' ' | sed 's/ $//')"
expect_module_empty
rmmod shadowk	# the module unloads: nothing holds it
insmod "$SHADOWK_KO"

kill $target
wait $target 2>/dev/null || true
expect_no_residue /tmp/residue.before
echo "shell-interactive: ok"
