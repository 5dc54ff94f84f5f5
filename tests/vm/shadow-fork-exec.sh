#!/bin/bash
# Fork inheritance and the exec policy, default and with each flag.
# vm-lane: one-thread
# vm-seconds: 61
. "$(dirname "$0")/lib.sh"
build_progs
"$vm" --tcg-single -- tests/vm/guest/fork-exec.sh
# Xen PV dom0: the child's and the exec'd mm's kernel page tables.
"$vm" --tcg-single --xen -- tests/vm/guest/fork-exec.sh
