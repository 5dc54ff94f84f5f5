#!/bin/bash
# A WARN inside the guest fails the run (exit 125) even though the command
# itself succeeded, and the kernel's warning is shown from the guest log.
# One vCPU: nothing here depends on a second CPU, so it runs in a lane.
# vm-lane: one-thread
# vm-seconds: 17
. "$(dirname "$0")/lib.sh"
kver=$(. "$root/tools/vm/lib.sh"; vm_kernel_release 6.1)
build=$root/.build/warnmod/$kver
mkdir -p "$build"
cp "$root/tests/vm/warnmod/warnmod.c" "$root/tests/vm/warnmod/Kbuild" "$build/"
make -s -C "/lib/modules/$kver/build" M="$build" modules >/dev/null 2>&1 || fail "cannot build warnmod"
set +e
err=$("$vm" --smp 1 --no-module -- insmod "$build/warnmod.ko" 2>&1 >/dev/null)
rc=$?
set -e
expect_eq "exit status after a WARN" 125 "$rc"
expect_contains "reason" "without a verdict" "$err"
expect_contains "guest log tail" "warnmod: deliberate warning" "$err"
