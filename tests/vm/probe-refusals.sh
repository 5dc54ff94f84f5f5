#!/bin/bash
# Refused probes: documented errnos, dmesg reasons, verifier logs.
. "$(dirname "$0")/lib.sh"
build_progs
"$vm" --smp 2 -- tests/vm/guest/probe-refusals.sh
