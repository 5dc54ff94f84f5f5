#!/bin/bash
# The pristine-text witness (tests/vm/progs/text-hash.py) tolerates the
# kernel's own static key flips and catches any other write, on Debian's
# 6.1 and 6.12 kernels (see tests/vm/guest/text-hash.sh).
# One vCPU: nothing here depends on a second CPU, so it runs in a lane.
# vm-lane: one-thread
# vm-seconds: 79
. "$(dirname "$0")/lib.sh"
build_progs
echo "== 6.1"
"$vm" --smp 1 -- tests/vm/guest/text-hash.sh
echo "== 6.12"
"$vm" --smp 1 --kernel 6.12 -- tests/vm/guest/text-hash.sh
