#!/bin/bash
# Hardening of the module (tests/vm/guest/hardening.sh): capabilities, int3
# padding, union filter failure, token unmapped during bind, exec racing the
# unmap, lockdown, a switch to full preemption refused while a shadow holding
# a multi-instruction patch is bound; on 6.1 and on 6.12.
# vm-lane: one-thread
# vm-seconds: 319
. "$(dirname "$0")/lib.sh"
build_progs
"$vm" --tcg-single --smp 2 -- tests/vm/guest/hardening.sh
"$vm" --tcg-single --smp 2 --kernel 6.12 -- tests/vm/guest/hardening.sh
