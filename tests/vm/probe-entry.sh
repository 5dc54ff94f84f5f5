#!/bin/bash
# Entry probes: N calls in the traced process give N hits, an unrelated
# process making the same calls adds none (see tests/vm/guest/probe-entry.sh).
. "$(dirname "$0")/lib.sh"
build_progs
"$vm" --smp 2 -- tests/vm/guest/probe-entry.sh
# Xen PV dom0 with 2 vCPUs (slower: every syscall goes through the hypervisor).
"$vm" --xen --smp 2 --timeout 1200 -- tests/vm/guest/probe-entry.sh
