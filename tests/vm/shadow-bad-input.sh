#!/bin/bash
# Each refused request returns its documented errno.
# One vCPU: nothing here depends on a second CPU, so it runs in a lane.
# vm-lane: one-thread
# vm-seconds: 44
. "$(dirname "$0")/lib.sh"
build_progs
"$vm" --smp 1 -- tests/vm/guest/bad-input.sh
