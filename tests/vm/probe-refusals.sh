#!/bin/bash
# Refused probes: documented errnos, dmesg reasons, verifier logs.
# vm-lane: one-thread
# vm-seconds: 61
. "$(dirname "$0")/lib.sh"
build_progs
"$vm" --tcg-single --smp 2 -- tests/vm/guest/probe-refusals.sh
