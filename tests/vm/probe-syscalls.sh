#!/bin/bash
# Syscall probes (syscall::NAME:entry/return, tracepoint:syscalls:sys_enter_/
# sys_exit_NAME) through the CLI, on the 6.1 guest (probe-syscalls-6.12: the
# 6.12 guest): one boot, all checks in tests/vm/guest/probe-syscalls.sh. One
# vCPU: Java in the guest.
#   VM_KERNEL=6.12 tests/vm/probe-syscalls.sh   another kernel (probe-syscalls-6.12)
# Needs the shaded jar: mvn -B -q -o package -DskipTests
# vm-lane: one-thread
# vm-seconds: 104
. "$(dirname "$0")/lib.sh"
[ -f "$root/shell/target/shadowtrace.jar" ] || fail "no shell/target/shadowtrace.jar: mvn -B -q -o package -DskipTests"
build_progs
for kernel in ${VM_KERNEL:-6.1}; do
	echo "=== kernel $kernel"
	"$vm" --smp 1 --timeout 2400 --kernel "$kernel" -- tests/vm/guest/probe-syscalls.sh
done
