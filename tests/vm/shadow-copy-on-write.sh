#!/bin/bash
# Copy-on-write at 4 KiB granularity, with 5- and 4-level paging.
. "$(dirname "$0")/lib.sh"
build_progs
"$vm" -- tests/vm/guest/copy-on-write.sh
"$vm" --no-la57 -- tests/vm/guest/copy-on-write.sh
# Xen PV dom0: the same counts (PV guests run 4-level paging).
"$vm" --xen -- tests/vm/guest/copy-on-write.sh
