#!/bin/bash
# Killing the tracer, and ftrace used on a probed function from inside the
# traced process (see tests/vm/guest/probe-lifecycle.sh).
# vm-lane: one-thread
# vm-seconds: 106
. "$(dirname "$0")/lib.sh"
build_progs
# One host thread for both vCPUs: the tracer's death removes the union
# hook (an ftrace rewrite of __x64_sys_getppid's site) while the traced
# process calls getppid() in a loop on the other vCPU, and multi-threaded
# TCG can then keep running a stale translation of the int3 that ftrace
# writes there first: a soft lockup no real CPU has (docs/design.md, "VM
# harness").
"$vm" --smp 2 --tcg-single -- tests/vm/guest/probe-lifecycle.sh
