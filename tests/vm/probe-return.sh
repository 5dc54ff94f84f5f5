#!/bin/bash
# Return probes see the return value (see tests/vm/guest/probe-return.sh).
# vm-lane: one-thread
# vm-seconds: 22
. "$(dirname "$0")/lib.sh"
build_progs
"$vm" --tcg-single --smp 2 -- tests/vm/guest/probe-return.sh
