#!/bin/bash
# 1000 probes attached and detached live; fbt::*:entry on one process; the
# module's kprobe blacklist against the kernel's.
# vm-lane: one-thread
# vm-seconds: 72
. "$(dirname "$0")/lib.sh"
build_progs
"$vm" --tcg-single --smp 2 --timeout 600 -- tests/vm/guest/probe-many.sh
