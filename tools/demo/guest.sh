#!/bin/bash
# The demo, inside the guest: one process gets its own kernel.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
K=$root/bin/shadowk
say() { printf '\n\033[1m$ %s\033[0m\n' "$*"; }

say shadowtrace --version
"$root/bin/shadowtrace" --version

# mov eax, 42; ret — right after getppid's ftrace site (+5; +9 with IBT's endbr64).
off=5
"$K" check __x64_sys_getppid+5 b82a000000c3 >/dev/null 2>&1 || off=9
patch="__x64_sys_getppid+$off=b82a000000c3"

say "shadowk check __x64_sys_getppid+$off b82a000000c3"
"$K" check "__x64_sys_getppid+$off" b82a000000c3

say "python3 -c 'import os; print(os.getppid())'          # an ordinary process"
python3 -c 'import os; print(os.getppid())'

say "shadowk run --patch $patch -- python3 -c '...'   # the same, in a shadow kernel"
"$K" run --patch "$patch" -- python3 -c 'import os; print(os.getppid())'

say "both at once, 100000 getppid() calls each: how many returned 42?"
"$K" run --patch "$patch" -- sh -c "$root/.build/progs/syscall-count 100000 42 | sed 's/^/  shadowed:   /'" &
"$root/.build/progs/syscall-count" 100000 42 | sed 's/^/  unshadowed: /'
wait
echo
echo "The pristine kernel text was never written; only the shadowed process saw the patch."

# --- tracing: probes only in the traced process's shadow kernel ---
P=$root/.build/progs
T=$root/bin/shadowtrace
script='fbt::__x64_sys_getppid:entry { @calls[execname] = count(); }'
say "shadowtrace -c 'syscall-count 100000 0' -e '$script'   # an unrelated process makes the same calls meanwhile"
"$P/syscall-count" 200000 0 >/dev/null &
"$T" -c "$P/syscall-count 100000 0" -e "$script"
wait
echo "100000 calls counted: the traced process's. The unrelated process ran the pristine kernel, with no probe at all."

script='fbt::vfs_read:entry { self->ts = timestamp; } fbt::vfs_read:return /self->ts/ { @ns = quantize(timestamp - self->ts); self->ts = 0; }'
say "shadowtrace -c 'dd if=/dev/zero of=/dev/null bs=4k count=2000' -e '$script'"
"$T" -c "dd if=/dev/zero of=/dev/null bs=4k count=2000 status=none" -e "$script"


# An offset probe: one instruction inside a function (the one after its
# ftrace call), an int3 in the traced process's shadow only, with the kernel
# stacks that reach it.
ioff=$(printf 0x%x $((off)))
script="fbt::__task_pid_nr_ns+$ioff { @[kstack] = count(); }"
say "shadowtrace -c 'syscall-count 1000 0' -e '$script'"
"$T" -c "$P/syscall-count 1000 0" -e "$script"
