#!/bin/bash
# The per-process perf-event providers through the CLI: user probes
# (uprobe:PATH:FUNC, uretprobe:PATH:FUNC) and profiling (profile:hz:N), on the
# 6.1 guest (probe-providers-6.12: the 6.12 guest): one boot, all checks in
# tests/vm/guest/probe-providers.sh. One vCPU: Java in the guest.
#   VM_KERNEL=6.12 tests/vm/probe-providers.sh   another kernel
# Needs the shaded jar: mvn -B -q -o package -DskipTests
# vm-lane: one-thread
# vm-seconds: 385
. "$(dirname "$0")/lib.sh"
[ -f "$root/shell/target/shadowtrace.jar" ] || fail "no shell/target/shadowtrace.jar: mvn -B -q -o package -DskipTests"
build_progs
for kernel in ${VM_KERNEL:-6.1}; do
	echo "=== kernel $kernel"
	"$vm" --smp 1 --timeout 2400 --kernel "$kernel" -- tests/vm/guest/probe-providers.sh
done
