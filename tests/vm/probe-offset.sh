#!/bin/bash
# Offset probes: exact hits at one instruction, every instruction of two
# kernel paths probed with the process still right, live attach and detach,
# refusals (see tests/vm/guest/probe-offset.sh); on Debian's 6.1 kernel and
# on its 6.12 kernel, whose functions start with IBT's ENDBR.
# vm-lane: one-thread
# vm-seconds: 118
. "$(dirname "$0")/lib.sh"
build_progs
echo "== 6.1"
"$vm" --tcg-single --smp 2 -- tests/vm/guest/probe-offset.sh
echo "== 6.12"
"$vm" --tcg-single --smp 2 --kernel 6.12 -- tests/vm/guest/probe-offset.sh
