#!/bin/bash
# Fork inheritance and the exec policy, default and with each flag.
. "$(dirname "$0")/lib.sh"
build_progs
"$vm" -- tests/vm/guest/fork-exec.sh
# Xen PV dom0: the child's and the exec'd mm's kernel page tables.
"$vm" --xen -- tests/vm/guest/fork-exec.sh
