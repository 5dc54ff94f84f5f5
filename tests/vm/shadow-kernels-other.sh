#!/bin/bash
# The same isolation on the other platforms users run: 4-level paging and
# the 6.12 kernel (IBT landing pads). Xen PV: in shadow-isolation.sh and the
# other shadow tests that run under --xen.
# vm-lane: one-thread
# vm-seconds: 78
. "$(dirname "$0")/lib.sh"
build_progs
echo "-- 4-level paging"
"$vm" --tcg-single --no-la57 -- tests/vm/guest/isolation.sh 20000
echo "-- kernel 6.12"
"$vm" --tcg-single --kernel 6.12 -- tests/vm/guest/isolation.sh 20000
"$vm" --tcg-single --kernel 6.12 -- tests/vm/guest/two-shadows.sh 20000
