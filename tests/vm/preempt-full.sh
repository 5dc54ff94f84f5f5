#!/bin/bash
# Shadows and probes under full preemption: one boot with preempt=full on
# the kernel command line, 2 vCPUs in one host thread, running in a row:
#   preempt-full  CREATE succeeds; a patch of several instructions is
#                 refused (EOPNOTSUPP); one of a single instruction binds;
#                 freed probe slots are reused (test_probed_slots=2)
#   probe-entry   an entry probe counts exactly the traced process's calls,
#                 none of a concurrent untraced process making the same
#   probe-return  return probes (the trampoline's return path)
#   coherence     kernel text writes made from a shadowed process while it
#                 can be preempted inside __text_poke() (coherence.c holds
#                 preemption off there)
# Each script's result is named on the guest's output ("several: ok NAME"),
# and bin/vm's exit status is the number failed.
# vm-lane: one-thread
# vm-seconds: 80
. "$(dirname "$0")/lib.sh"
build_progs
"$vm" --smp 2 --tcg-single --kernel-arg preempt=full --timeout 900 -- tests/vm/guest/several.sh \
	preempt-full.sh probe-entry.sh probe-return.sh coherence.sh
