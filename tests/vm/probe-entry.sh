#!/bin/bash
# Entry probes: N calls in the traced process give N hits, an unrelated
# process making the same calls adds none (see tests/vm/guest/probe-entry.sh).
# vm-lane: one-thread
# vm-seconds: 68
. "$(dirname "$0")/lib.sh"
build_progs
"$vm" --tcg-single --smp 2 -- tests/vm/guest/probe-entry.sh
# Xen PV dom0 with 2 vCPUs (slower: every syscall goes through the hypervisor).
"$vm" --tcg-single --xen --smp 2 --timeout 1200 -- tests/vm/guest/probe-entry.sh
