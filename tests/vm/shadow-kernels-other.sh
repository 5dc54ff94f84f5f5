#!/bin/bash
# The same isolation on the other platforms users run: 4-level paging, the
# 6.12 kernel (IBT landing pads), and under Xen PV, where the module must
# refuse to create shadows (the Xen remapping backend is not written yet)
# with EOPNOTSUPP rather than corrupt anything.
. "$(dirname "$0")/lib.sh"
build_progs
echo "-- 4-level paging"
"$vm" --no-la57 -- tests/vm/guest/isolation.sh 20000
echo "-- kernel 6.12"
"$vm" --kernel 6.12 -- tests/vm/guest/isolation.sh 20000
"$vm" --kernel 6.12 -- tests/vm/guest/two-shadows.sh 20000
echo "-- Xen PV dom0"
out=$("$vm" --xen -- sh -c '.build/progs/shk check __x64_sys_getppid+5 b82a000000c3; .build/progs/shk run -p __x64_sys_getppid+5=b82a000000c3 -- true; echo "run: $?"' 2>&1)
echo "$out"
expect_contains "Xen: CREATE refused" "SHADOWK_IOC_CREATE: Operation not supported" "$out"
