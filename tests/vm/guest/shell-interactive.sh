#!/bin/bash
# The interactive shell (shadowtrace without a script) driven through a
# pseudo-terminal (progs/shell-pty.py): clauses attached and removed live on a
# running process, Tab completion, watch, Ctrl-C, Ctrl-D; and whatever way the
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

echo "== Ctrl-D, after attach and detach"
shell-pty ctrl-d $target
bound && fail "the process is still bound after detach"
expect_module_empty

echo "== SIGTERM, on a running process"
shell-pty term $target
bound && fail "the process is still bound after SIGTERM"
expect_module_empty

echo "== SIGKILL, no process attached"
shell-pty kill
expect_module_empty

kill $target
wait $target 2>/dev/null || true
expect_no_residue /tmp/residue.before
echo "shell-interactive: ok"
