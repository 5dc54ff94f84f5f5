#!/bin/bash
# Copy-on-write at 4 KiB granularity, with 5- and 4-level paging.
# vm-lane: one-thread
# vm-seconds: 79
. "$(dirname "$0")/lib.sh"
build_progs
"$vm" --tcg-single -- tests/vm/guest/copy-on-write.sh
"$vm" --tcg-single --no-la57 -- tests/vm/guest/copy-on-write.sh
# Xen PV dom0: the same counts (PV guests run 4-level paging).
"$vm" --tcg-single --xen -- tests/vm/guest/copy-on-write.sh
